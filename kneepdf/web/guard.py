"""The page's privacy rules: our Host only, the run's token, same-origin posts, no caching."""

from __future__ import annotations

import hmac
import re
from urllib.parse import unquote_to_bytes, urlencode

from flask import Flask, Response, redirect, request
from werkzeug.datastructures import MultiDict
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


FORM_KEY = "kneepdf.form"  # where the guard leaves the form it read, in the request's environ
_ESCAPES = re.compile(rb"%(?![0-9A-Fa-f]{2})")


class BrokenForm(ValueError):
    """A posted body that no browser's form sends (a broken %-escape, bytes that are not
    ASCII): the words of the refusal."""


def _body() -> bytes | None:
    """The posted body, read whole however it is sent (with a length or in chunks), or None
    when it is larger than MAX_BODY: never a form cut short."""
    length = request.content_length
    stream = request.environ["wsgi.input"]
    if length is not None:
        return stream.read(length) if length <= MAX_BODY else None
    if not request.environ.get("wsgi.input_terminated"):
        return b""  # no length and not chunked: no body
    data: bytes = stream.read(MAX_BODY + 1)
    return data if len(data) <= MAX_BODY else None


def form_of(body: bytes) -> MultiDict[str, str]:
    """The fields of an url-encoded form. A broken %-escape, a raw byte outside ASCII, or
    bytes that are not UTF-8 text (refused in `build`'s words) raise BrokenForm."""
    if any(b > 0x7E or (b < 0x20 and b not in b"\r\n\t") for b in body):
        raise BrokenForm("the form holds bytes a browser would have %-escaped; send it from "
                         "the page")
    fields: MultiDict[str, str] = MultiDict()
    for pair in body.split(b"&"):
        if not pair:
            continue
        name, _, value = pair.partition(b"=")
        if _ESCAPES.search(name) or _ESCAPES.search(value):
            raise BrokenForm("the form holds a broken %-escape (a % not followed by two hex "
                             "digits); send it from the page")
        key = _text(name, "the form")
        option = "--" + key.partition(".")[0].replace("_", "-")
        fields.add(key, _text(value, f"Invalid value for '{option}'"))
    return fields


def _text(escaped: bytes, where: str) -> str:
    """A %-escaped name or value as text; bytes that are not UTF-8 are refused as `build`
    refuses them (`holds bytes that are not valid text (U+DCFF)`)."""
    raw = unquote_to_bytes(escaped.replace(b"+", b" "))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        point = 0xDC00 + raw[exc.start]
        raise BrokenForm(f"{where}: holds bytes that are not valid text (U+{point:04X})"
                         ) from None


def posted() -> MultiDict[str, str]:
    """The form of this POST, as the guard read it."""
    form: MultiDict[str, str] = request.environ[FORM_KEY]
    return form


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
            body = _body()
            if body is None:
                return refuse(413, f"the form is larger than {MAX_BODY // 1024} KB")
            try:
                request.environ[FORM_KEY] = form_of(body)
            except BrokenForm as exc:
                return refuse(400, str(exc))
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.update(HEADERS)
        return response
