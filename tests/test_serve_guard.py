"""The web page's privacy rules, each checked so that removing the rule fails a test."""

from __future__ import annotations

import http.client
import logging
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kneepdf.web import guard
from kneepdf.web.app import create_app
from kneepdf.web.server import start

TOKEN = "test-token-123"
PORT = 48123
BASE = f"http://127.0.0.1:{PORT}"
SAME = {"Sec-Fetch-Site": "same-origin"}
FORM = {"stage": "subacute", "patient": "Ana Silva"}


@pytest.fixture(scope="module")
def app() -> Flask:
    return create_app(TOKEN, PORT)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A client that has opened the printed address, so it holds the token cookie."""
    client = app.test_client()
    assert client.get(f"/?token={TOKEN}", base_url=BASE).status_code == 303
    return client


def test_the_server_listens_on_127_0_0_1_only() -> None:
    server, url = start(0)
    try:
        assert server.socket.getsockname()[0] == "127.0.0.1"
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{32}", url)
        assert int(url.split(":")[2].split("/")[0]) == server.socket.getsockname()[1] != 0
    finally:
        server.server_close()


def test_serve_has_no_option_to_listen_elsewhere(kneepdf) -> None:  # type: ignore[no-untyped-def]
    for option in ("--host", "--bind", "--listen"):
        result = kneepdf("serve", option, "0.0.0.0", "--no-browser")
        assert result.exit_code == 2
        assert f"No such option '{option}'" in result.stderr
    assert "--host" not in kneepdf("serve", "--help").stdout


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", "127.0.0.1:1",
                                  f"127.0.0.2:{PORT}", f"localhost.evil.example:{PORT}", ""])
def test_a_foreign_host_is_refused(client: FlaskClient, host: str) -> None:
    answer = client.get("/", base_url=BASE, headers={"Host": host})
    assert answer.status_code == 403
    assert answer.text.startswith("Error: this page answers only at 127.0.0.1 or localhost")


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_our_own_host_is_served(app: Flask, host: str) -> None:
    client, base = app.test_client(), f"http://{host}:{PORT}"
    assert client.get(f"/?token={TOKEN}", base_url=base).status_code == 303
    assert client.get("/", base_url=base).status_code == 200
    answer = client.post("/handout", base_url=base, data=FORM, headers={"Origin": base})
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"


@pytest.mark.parametrize("path", ["/", "/?token=wrong", "/?token=", "/static/preview.js",
                                  "/picture/quad-set.png"])
def test_a_request_without_the_token_is_refused(app: Flask, path: str) -> None:
    answer = app.test_client().get(path, base_url=BASE)
    assert answer.status_code == 403
    assert "it holds this run's token" in answer.text
    answer = app.test_client().post("/handout", base_url=BASE, data=FORM, headers=SAME)
    assert answer.status_code == 403


def test_the_token_becomes_a_strict_httponly_cookie_and_leaves_the_address(app: Flask) -> None:
    client = app.test_client()
    first = client.get(f"/?token={TOKEN}", base_url=BASE)
    assert first.status_code == 303 and first.headers["Location"] == "/"
    cookie = first.headers["Set-Cookie"]
    assert cookie.startswith(f"{guard.COOKIE}-{PORT}={TOKEN};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    page = client.get("/", base_url=BASE)
    assert page.status_code == 200 and TOKEN not in page.text
    posted = client.post(f"/handout?token={TOKEN}", base_url=BASE, data=FORM, headers=SAME)
    assert posted.status_code == 200  # scripts may send the token in the address


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site", "Origin": BASE},
    {"Sec-Fetch-Site": "same-site"},
    {"Sec-Fetch-Site": "none"},
    {"Origin": "http://evil.example"},
    {"Origin": "null"},
    {"Origin": f"http://127.0.0.1:{PORT + 1}"},
    {},
])
def test_a_post_from_elsewhere_is_refused(client: FlaskClient, headers: dict[str, str]) -> None:
    for path in ("/handout", "/preview", "/"):
        answer = client.post(path, base_url=BASE, data=FORM, headers=headers)
        assert answer.status_code == 403, (path, headers)
        assert answer.text.startswith("Error: a form may be sent only from this page")


@pytest.mark.parametrize("headers", [SAME, {"Origin": BASE}])
def test_a_post_from_the_page_itself_is_served(client: FlaskClient,
                                               headers: dict[str, str]) -> None:
    answer = client.post("/handout", base_url=BASE, data=FORM, headers=headers)
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"


def _answers(client: FlaskClient) -> Iterator[tuple[str, object]]:
    yield "page", client.get("/", base_url=BASE)
    yield "static", client.get("/static/preview.js", base_url=BASE)
    yield "handout", client.post("/handout", base_url=BASE, data=FORM, headers=SAME)
    yield "bad value", client.post("/handout", base_url=BASE, data={"stage": "9"}, headers=SAME)
    yield "preview", client.post("/preview", base_url=BASE, data=FORM, headers=SAME)
    yield "update", client.post("/", base_url=BASE, data=FORM, headers=SAME)
    yield "not found", client.get("/nothing", base_url=BASE)
    yield "no picture", client.get("/picture/nothing.png", base_url=BASE)
    yield "wrong method", client.get("/handout", base_url=BASE)
    yield "no token", client.application.test_client().get("/", base_url=BASE)
    yield "foreign host", client.get("/", base_url=BASE, headers={"Host": "evil.example"})
    yield "first visit", client.application.test_client().get(f"/?token={TOKEN}",
                                                                base_url=BASE)


def test_no_answer_may_be_cached_or_leak_a_referrer(client: FlaskClient) -> None:
    seen = set()
    for what, answer in _answers(client):
        answer.close()  # type: ignore[attr-defined]
        headers = answer.headers  # type: ignore[attr-defined]
        assert headers["Cache-Control"] == "no-store", what
        assert headers["Referrer-Policy"] == "same-origin", what
        assert "script-src 'self'" in headers["Content-Security-Policy"], what
        seen.add(answer.status_code)  # type: ignore[attr-defined]
    assert seen == {200, 303, 400, 403, 404, 405}


def test_patient_data_travels_only_in_post_bodies(client: FlaskClient) -> None:
    page = client.get("/?patient=Ana+Secret&notes=Knee+Secret", base_url=BASE).text
    assert "Secret" not in page  # a value in the address is never used
    forms = re.findall(r"<form\b[^>]*>", page)
    assert forms and all('method="post"' in form for form in forms)
    assert "formmethod" not in page
    with client.get("/static/preview.js", base_url=BASE) as answer:
        script = answer.text
    assert 'method: "POST"' in script and "?" not in re.findall(r'fetch\("([^"]*)"', script)[0]
    assert client.get("/handout?stage=2&patient=Ana", base_url=BASE).status_code == 405
    answer = client.post("/handout", base_url=BASE, data={**FORM, "download": "1"}, headers=SAME)
    assert answer.headers["Content-Disposition"] == (
        'attachment; filename="knee-handout-subacute.pdf"')  # no name in the download list


def test_a_multipart_post_is_refused_before_it_is_read(client: FlaskClient) -> None:
    answer = client.post("/handout", base_url=BASE, data=FORM, headers=SAME,
                         content_type="multipart/form-data")
    assert answer.status_code == 415
    assert answer.text == "Error: send the form as application/x-www-form-urlencoded\n"
    big = {"stage": "1", "notes": "x" * (guard.MAX_BODY + 1)}
    assert client.post("/handout", base_url=BASE, data=big, headers=SAME).status_code == 413


def test_nothing_is_written_to_disk(client: FlaskClient, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.chdir(tmp_path)
    for path in ("/handout", "/preview", "/"):
        assert client.post(path, base_url=BASE, data=FORM, headers=SAME).status_code == 200
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["tmp"]


def test_requests_leave_no_log_lines(capfd: pytest.CaptureFixture[str]) -> None:
    server, url = start(0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.socket.getsockname()[1]
        for path in (url.split(f":{port}")[1], "/nothing?patient=Ana"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", path)
            assert connection.getresponse().status in (303, 403)
            connection.close()
    finally:
        server.shutdown()
        server.server_close()
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    assert not logging.getLogger("werkzeug").isEnabledFor(logging.INFO)


def test_serve_prints_one_line_and_stops_cleanly_on_ctrl_c() -> None:
    # The `with` closes both pipes and waits for the process, whatever happens.
    with subprocess.Popen(
            [sys.executable, "-m", "kneepdf", "serve", "--port", "0", "--no-browser"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            match = re.fullmatch(r"Serving on http://127\.0\.0\.1:(\d+)/\?token=([\w-]+)\n",
                                 line)
            assert match, line
            connection = http.client.HTTPConnection("127.0.0.1", int(match[1]), timeout=10)
            connection.request("GET", f"/?token={match[2]}")
            assert connection.getresponse().status == 303
            connection.close()
            process.send_signal(subprocess.signal.SIGINT)  # type: ignore[attr-defined]
            out, err = process.communicate(timeout=20)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 0
    assert process.stdout.closed and process.stderr is not None and process.stderr.closed
    assert (out, err) == ("", "")


def test_a_port_in_use_is_one_error_line(kneepdf) -> None:  # type: ignore[no-untyped-def]
    server, _ = start(0)
    try:
        port = server.socket.getsockname()[1]
        result = kneepdf("serve", "--port", str(port), "--no-browser")
    finally:
        server.server_close()
    assert result.exit_code == 1
    assert result.stderr == (f"Error: --port: cannot listen on 127.0.0.1:{port} "
                             "(Address already in use)\n")


def test_serve_opens_the_browser_at_the_printed_address(
        kneepdf, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[str] = []

    def browser(url: str) -> bool:
        opened.append(url)
        raise KeyboardInterrupt  # then Ctrl-C, as soon as the page is open

    monkeypatch.setattr("webbrowser.open", browser)
    results = []
    thread = threading.Thread(target=lambda: results.append(kneepdf("serve", "--port", "0")),
                              daemon=True)
    thread.start()
    thread.join(20)
    assert opened, "the browser was not opened"
    result = results[0]
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Serving on {opened[0]}\n" and result.stderr == ""
