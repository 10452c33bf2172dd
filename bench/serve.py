"""Benchmark `kneepdf serve`: warm handouts and previews over HTTP, and the server's memory."""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
HANDOUT_MS_MAX = 50.0  # a warm subacute handout, median
PREVIEW_MS_MAX = 300.0  # a full preview (every page as a PNG), median
RSS_MB_MAX = 120.0  # the server process after 200 handouts
NAMES = ("Ana Silva", "José Núñez", "Zoë Brontë", "François Lefèvre", "Søren Kierkegård",
         "Łucja Wąsowska", "Mária Dvořák", "Björn Østergaard", "Inês Gonçalves")


class Client:
    """One browser's worth of requests to a running server: the cookie, same-origin posts."""

    def __init__(self, url: str) -> None:
        match = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/\?token=([\w-]+)", url)
        if match is None:
            raise SystemExit(f"unexpected first line: {url!r}")
        self.port, token = int(match[1]), match[2]
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        self.connection.request("GET", f"/?token={token}")
        answer = self.connection.getresponse()
        answer.read()
        self.cookie = answer.headers["Set-Cookie"].split(";")[0]

    def post(self, path: str, form: dict[str, str]) -> tuple[float, int, bytes]:
        """Seconds taken, status and body of one form post."""
        headers = {"Cookie": self.cookie, "Sec-Fetch-Site": "same-origin",
                   "Content-Type": "application/x-www-form-urlencoded"}
        start = time.perf_counter()
        self.connection.request("POST", path, urlencode(form), headers)
        answer = self.connection.getresponse()
        body = answer.read()
        return time.perf_counter() - start, answer.status, body


def rss_mb(pid: int) -> tuple[float, float]:
    """The process's resident and peak resident memory in MB (Linux /proc)."""
    status = Path(f"/proc/{pid}/status").read_text()
    kb = {k: int(v.split()[0]) for k, v in re.findall(r"(VmRSS|VmHWM):\s+(.*)", status)}
    return kb["VmRSS"] / 1024, kb["VmHWM"] / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--handouts", type=int, default=50)
    parser.add_argument("--previews", type=int, default=10)
    parser.add_argument("--memory-after", type=int, default=200)
    args = parser.parse_args()
    server = subprocess.Popen([sys.executable, "-m", "kneepdf", "serve", "--port", "0",
                               "--no-browser"], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        client = Client(server.stdout.readline().strip().removeprefix("Serving on "))
        form = {"stage": "subacute", "date": "2026-01-15", "clinician": "J. Okafor"}
        for _ in range(3):  # warm-up: the first handout loads fonts and styles
            client.post("/handout", {**form, "patient": "Warm Up"})
            client.post("/preview", {**form, "patient": "Warm Up"})
        handouts = []
        for n in range(args.handouts):
            seconds, status, body = client.post("/handout", {**form, "patient": NAMES[n % 9]})
            assert status == 200 and body.startswith(b"%PDF"), status
            handouts.append(seconds * 1000)
        previews = []
        for n in range(args.previews):
            seconds, status, body = client.post("/preview", {**form, "patient": NAMES[n % 9]})
            assert status == 200, status
            previews.append(seconds * 1000)
        pages = body.count(b'"iVBOR')  # each page is a base64 PNG
        done = 3 + args.handouts
        for n in range(max(0, args.memory_after - done)):
            client.post("/handout", {**form, "patient": NAMES[n % 9], "side": "left"})
        rss, peak = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISS"

    handout_ms, preview_ms = statistics.median(handouts), statistics.median(previews)
    print("| measure | value | target | |")
    print("| --- | --- | --- | --- |")
    print(f"| warm handout, subacute, median of {len(handouts)} POSTs | {handout_ms:.1f} ms "
          f"(min {min(handouts):.1f}, max {max(handouts):.1f}) | <= {HANDOUT_MS_MAX:.0f} ms "
          f"| {verdict(handout_ms <= HANDOUT_MS_MAX)} |")
    print(f"| full preview, subacute, {pages} pages, median of {len(previews)} | "
          f"{preview_ms:.0f} ms | <= {PREVIEW_MS_MAX:.0f} ms "
          f"| {verdict(preview_ms <= PREVIEW_MS_MAX)} |")
    print(f"| server RSS after {max(args.memory_after, done)} handouts (peak) | {rss:.0f} MB "
          f"({peak:.0f}) | <= {RSS_MB_MAX:.0f} MB | {verdict(rss <= RSS_MB_MAX)} |")


if __name__ == "__main__":
    main()
