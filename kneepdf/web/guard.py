"""The page's privacy rules: our Host only, the run's token, same-origin posts, no caching."""

from __future__ import annotations

import hmac
from urllib.parse import urlencode

from flask import Flask, Response, redirect, request
from werkzeug.wrappers import Response as BaseResponse

HOSTS = ("127.0.0.1", "localhost")
COOKIE = "kneepdf-token"  # + "-PORT": cookies ignore ports, and two runs may be open
FORM_TYPE = "application/x-www-form-urlencoded"
MAX_BODY = 64 * 1024  # bytes: a form is a few kilobytes
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
}


def refuse(status: int, message: str) -> Response:
    """A plain-text error answer (the guards say no before any page is made)."""
    return Response(f"Error: {message}\n", status, mimetype="text/plain")


def install(app: Flask, token: str) -> None:
    """Check every request before it reaches a page, and mark every answer not to be kept.

    The port allowed in Host and Origin is `app.config["KNEEPDF_PORT"]` (set once the
    server has bound, so `--port 0` works).
    """

    def origins() -> set[str]:
        port = app.config["KNEEPDF_PORT"]
        return {f"{host}:{port}" for host in HOSTS}

    def cookie() -> str:
        return f"{COOKIE}-{app.config['KNEEPDF_PORT']}"

    @app.before_request
    def check() -> BaseResponse | None:
        if request.host not in origins():  # DNS rebinding: a page on another name
            return refuse(403, "this page answers only at 127.0.0.1 or localhost "
                          "on the port 'kneepdf serve' printed")
        given = request.args.get("token")
        if given is not None and hmac.compare_digest(given.encode(), token.encode()):
            if request.method == "GET":  # take the token out of the address bar and history
                rest = {k: v for k, v in request.args.items() if k != "token"}
                answer = redirect(request.path + ("?" + urlencode(rest) if rest else ""), 303)
                answer.set_cookie(cookie(), token, httponly=True, samesite="Strict", path="/")
                return answer
        elif not hmac.compare_digest(request.cookies.get(cookie(), "").encode(),
                                     token.encode()):
            return refuse(403, "open the address that 'kneepdf serve' printed; "
                          "it holds this run's token")
        if request.method == "POST":
            site = request.headers.get("Sec-Fetch-Site")
            if site is not None:
                if site != "same-origin":
                    return refuse(403, "a form may be sent only from this page")
            elif request.headers.get("Origin") != f"http://{request.host}":
                return refuse(403, "a form may be sent only from this page "
                              "(send Origin: http://HOST:PORT)")
            if request.mimetype != FORM_TYPE:
                return refuse(415, f"send the form as {FORM_TYPE}")
            if (request.content_length or 0) > MAX_BODY:
                return refuse(413, f"the form is larger than {MAX_BODY // 1024} KB")
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.update(HEADERS)
        return response
