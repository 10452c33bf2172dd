"""Warm handouts in one process, printed as JSON: kneepdf's (and where its time goes) or the peer's.

    python bench/warm.py kneepdf 50 [--profile 10]
    python bench/warm.py peer 20

Run by `bench/run.py` with each interpreter it compares, from a folder outside the checkout
for another installation, so that `import kneepdf` finds that installation. It uses only
what every kneepdf version since the first benchmark has: `load_inputs`, `resolve`,
`render`, and `Reuse` where there is one.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATE = "2026-01-15"
NAMES = ("Ana Silva", "José Núñez", "Zoë Brontë", "François Lefèvre", "Søren Kierkegård",
         "Łucja Wąsowska", "Mária Dvořák", "Björn Østergaard", "Inês Gonçalves")
# The profile split: what each share counts, as (file path fragment, function) pairs whose
# inclusive time is summed. Inclusive times nest (a paragraph is drawn inside a layout
# group), so the shares are each measured on their own and do not add up to the whole.
SPLIT = {
    "pictures (posing, operators, placing forms)": (
        ("kneepdf/pictures/__init__.py", "picture"), ("kneepdf/pictures/place.py", "place_frame"),
        ("kneepdf/pictures/__init__.py", "draw"), ("reportlab/graphics/renderPDF.py", "draw")),
    "writing the file (serialising, compressing, font subsets)": (
        ("reportlab/pdfbase/pdfdoc.py", "GetPDFData"),),
    "paragraphs (parsing, line breaks, drawing)": (
        *(("reportlab/platypus/paragraph.py", name)
          for name in ("__init__", "wrap", "draw", "split")),),
    "own layout (making the story, measuring, choosing)": (
        ("kneepdf/layout/story.py", "parts"),),
    # The pages drawn once, as the kept arrangement is laid out (trial layouts draw
    # nothing): with "writing the file", what the handout costs however the rest is done.
    "drawing the pages (every flowable and footer)": (
        ("reportlab/platypus/flowables.py", "drawOn"), ("kneepdf/write/page.py", "_footer")),
    "the structure tree (after writing)": (("kneepdf/write/structure.py", "tag"),),
}


def kneepdf_builder() -> Callable[[str, str], bytes]:
    """A function building one subacute handout for (patient, side), sharing what it can."""
    from kneepdf.build import load_inputs, render
    from kneepdf.select.options import resolve

    try:
        from kneepdf.options import Options
    except ImportError:  # versions before the table of options
        from kneepdf.select.options import Options  # type: ignore[attr-defined]
    extra: tuple[Any, ...] = ()
    try:
        from kneepdf.reuse import Reuse

        extra = (Reuse(),)
    except ImportError:  # versions with per-process memos instead
        pass
    content, theme = load_inputs(None, "default")
    today = dt.date.fromisoformat(DATE)

    def one(patient: str, side: str) -> bytes:
        options = Options(stage="subacute", patient=patient, date=DATE, side=side)
        data: bytes = render(resolve(options, content, today), content, theme, *extra)[0]
        return data

    return one


def peer_builder() -> Callable[[str, str], bytes]:
    """The peer script's whole run, into memory, for each handout."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import peer

    def one(patient: str, side: str) -> bytes:
        del patient, side  # the peer prints no details
        out = io.BytesIO()
        peer.build("subacute", out)
        return out.getvalue()

    return one


def split(profile: cProfile.Profile, count: int) -> dict[str, float]:
    """Inclusive ms per handout of each share in SPLIT, and of the whole."""
    stats: Any = getattr(pstats.Stats(profile), "stats")  # noqa: B009 - not in the stubs
    out: dict[str, float] = {}
    for share, marks in SPLIT.items():
        total = 0.0
        for (path, _line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.items():
            if any(path.replace("\\", "/").endswith(f) or f in path.replace("\\", "/")
                   for f, fn in marks if fn == name):
                total += cumulative
        out[share] = total * 1000 / count
    whole = max((v[3] for k, v in stats.items() if k[2] == "one"), default=0.0)
    out["whole handout"] = whole * 1000 / count
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("who", choices=("kneepdf", "peer"))
    parser.add_argument("count", type=int)
    parser.add_argument("--profile", type=int, default=0, help="profile this many more")
    args = parser.parse_args()
    one = kneepdf_builder() if args.who == "kneepdf" else peer_builder()
    one("Warm Up", "left")
    wall, cpu = [], []
    for n in range(args.count):
        start, start_cpu = time.perf_counter(), time.process_time()
        data = one(NAMES[n % len(NAMES)] + f" {n}", ("left", "right")[n % 2])
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    result: dict[str, Any] = {"wall_ms": statistics.median(wall) * 1000,
                              "cpu_ms": statistics.median(cpu) * 1000, "bytes": len(data)}
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for n in range(args.profile):
            one(NAMES[n % len(NAMES)], ("left", "right")[n % 2])
        profile.disable()
        result["split"] = split(profile, args.profile)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
