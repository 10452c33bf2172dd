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
HANDOUT_MS_MAX = 30.0  # a warm subacute handout, median (stretch: 20 ms)
PREVIEW_MS_MAX = 300.0  # a full preview (every page as a PNG), median
RSS_MB_MAX = 65.0  # the server process after 200 handouts (stretch: 55 MB)
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


def measure(python: str, cwd: Path, handouts: int, previews: int,
            memory_after: int) -> dict[str, float]:
    """Start `python -m kneepdf serve` in `cwd` and time warm handouts (and previews) over
    one connection; the medians in ms, the pages of a preview, and the server's memory in MB
    after `memory_after` handouts."""
    server = subprocess.Popen([python, "-m", "kneepdf", "serve", "--port", "0",
                               "--no-browser"], cwd=cwd, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        client = Client(server.stdout.readline().strip().removeprefix("Serving on "))
        form = {"stage": "subacute", "date": "2026-01-15", "clinician": "J. Okafor"}
        for _ in range(3):  # warm-up: the first handout loads fonts and styles
            client.post("/handout", {**form, "patient": "Warm Up"})
            if previews:
                client.post("/preview", {**form, "patient": "Warm Up"})
        times = []
        for n in range(handouts):
            seconds, status, body = client.post("/handout", {**form, "patient": NAMES[n % 9]})
            assert status == 200 and body.startswith(b"%PDF"), status
            times.append(seconds * 1000)
        shown, pages = [], 0
        for n in range(previews):
            seconds, status, body = client.post("/preview", {**form, "patient": NAMES[n % 9]})
            assert status == 200, status
            shown.append(seconds * 1000)
            pages = body.count(b'"iVBOR')  # each page is a base64 PNG
        done = 3 + handouts
        for n in range(max(0, memory_after - done)):
            client.post("/handout", {**form, "patient": NAMES[n % 9], "side": "left"})
        rss, peak = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"handout_ms": statistics.median(times), "min_ms": min(times),
            "max_ms": max(times), "preview_ms": statistics.median(shown) if shown else 0.0,
            "pages": pages, "rss_mb": rss, "peak_mb": peak,
            "handouts": max(memory_after, done)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--handouts", type=int, default=50)
    parser.add_argument("--previews", type=int, default=10)
    parser.add_argument("--memory-after", type=int, default=200)
    args = parser.parse_args()
    got = measure(sys.executable, REPO, args.handouts, args.previews, args.memory_after)

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISS"

    print("| measure | value | target | |")
    print("| --- | --- | --- | --- |")
    print(f"| warm handout, subacute, median of {args.handouts} POSTs | "
          f"{got['handout_ms']:.1f} ms (min {got['min_ms']:.1f}, max {got['max_ms']:.1f}) "
          f"| <= {HANDOUT_MS_MAX:.0f} ms | {verdict(got['handout_ms'] <= HANDOUT_MS_MAX)} |")
    print(f"| full preview, subacute, {got['pages']:.0f} pages, median of {args.previews} | "
          f"{got['preview_ms']:.0f} ms | <= {PREVIEW_MS_MAX:.0f} ms "
          f"| {verdict(got['preview_ms'] <= PREVIEW_MS_MAX)} |")
    print(f"| server RSS after {got['handouts']:.0f} handouts (peak) | {got['rss_mb']:.0f} MB "
          f"({got['peak_mb']:.0f}) | <= {RSS_MB_MAX:.0f} MB "
          f"| {verdict(got['rss_mb'] <= RSS_MB_MAX)} |")


if __name__ == "__main__":
    main()
