"""Run the page on 127.0.0.1: bind, print the address with its token, serve until Ctrl-C."""

from __future__ import annotations

import logging
import os
import secrets
import socket
import webbrowser
from collections.abc import Callable
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, make_server

from kneepdf.errors import KneepdfError
from kneepdf.web.app import create_app

HOST = "127.0.0.1"  # never another interface: the page shows patient data


def quiet() -> None:
    """No request log lines: they would show addresses (and the token) in a shared terminal.

    Werkzeug logs each request at INFO to the "werkzeug" logger; errors still show.
    """
    logging.getLogger("werkzeug").setLevel(logging.ERROR)


def start(port: int, content_dir: Path | None = None) -> tuple[BaseWSGIServer, str]:
    """A threaded server bound to 127.0.0.1:`port` (0 picks a free port) and its address.

    Raises ContentErrors for broken content and KneepdfError when the port cannot be used.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        if os.name == "posix":  # restart at once on the same port (Windows would share it)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((HOST, port))
        listener.listen(64)
    except OSError as exc:
        listener.close()
        raise KneepdfError(f"--port: cannot listen on {HOST}:{port} ({exc.strerror})") from None
    try:
        bound = listener.getsockname()[1]
        token = secrets.token_urlsafe(24)
        app = create_app(token, bound, content_dir)
        quiet()
        server = make_server(HOST, bound, app, threaded=True, fd=listener.fileno())
    finally:
        listener.close()  # the server holds its own copy of the socket
    return server, f"http://{HOST}:{bound}/?token={token}"


def serve(port: int, content_dir: Path | None, open_browser: bool,
          echo: Callable[[str], None]) -> None:
    """Serve until Ctrl-C; prints `Serving on URL` once and opens the browser if asked."""
    server, url = start(port, content_dir)
    echo(f"Serving on {url}")
    try:
        if open_browser:
            webbrowser.open(url)
        server.serve_forever()  # returns on Ctrl-C (Werkzeug catches KeyboardInterrupt)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
