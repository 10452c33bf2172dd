"""Run the page on 127.0.0.1: bind, print the address with its token, serve until Ctrl-C;
a few connections at a time, each with timeouts, so no idle or slow client holds it."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from werkzeug.serving import BaseWSGIServer, ThreadedWSGIServer, WSGIRequestHandler

from kneepdf.errors import KneepdfError
from kneepdf.web.app import create_app

HOST = "127.0.0.1"  # never another interface: the page shows patient data
MAX_CONNECTIONS = 32  # at once; a browser opens at most 6 to one address
IDLE = 10.0  # seconds a connection may stay silent (between requests, or within one)
DEADLINE = 60.0  # seconds a connection may last in all, however slowly it sends
BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nConnection: close"
        b"\r\nRetry-After: 1\r\n\r\nError: too many connections at once; try again\n")


class _Handler(WSGIRequestHandler):
    """Werkzeug's handler with a time limit on silence (IDLE) and on the whole connection
    (DEADLINE): a client sending a byte now and then is cut off too."""

    timeout = IDLE

    def handle(self) -> None:
        timer = threading.Timer(DEADLINE, self._cut)
        timer.daemon = True
        timer.start()
        try:
            super().handle()
        finally:
            timer.cancel()

    def _cut(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)


class _Server(ThreadedWSGIServer):
    """A thread per connection, at most MAX_CONNECTIONS at once: one more is answered 503
    at once and closed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.settimeout(1.0)
                request.sendall(BUSY)
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


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
        server = _Server(HOST, bound, app, handler=_Handler, fd=listener.fileno())
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
