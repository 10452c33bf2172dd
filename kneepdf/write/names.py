"""File names that are safe on Windows, macOS and Linux and keep letters of any script."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

# Characters Windows refuses in a file name; '/' is the folder separator everywhere else.
_UNSAFE = frozenset('<>:"/\\|?*')
# Names Windows reserves for devices, with or without an extension (CON.pdf is CON).
RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                      *(f"LPT{i}" for i in range(1, 10)), "COM¹", "COM²", "COM³",
                      "LPT¹", "LPT²", "LPT³"})
MAX_CHARS = 80  # and at most 200 bytes of UTF-8: Linux and macOS allow 255 bytes in all
_MAX_BYTES = 200


def _keep(ch: str) -> bool:
    """True for a character a file name may hold on every system."""
    if ch in _UNSAFE:
        return False
    category = unicodedata.category(ch)
    return not category.startswith(("C", "Z")) or ch == " "


def safe_stem(text: str) -> str:
    """`text` as a file name without extension: composed (NFC), letters and digits of any
    script kept; characters unsafe on Windows, macOS or Linux become '-'; no leading dot,
    no trailing dot or space, never a reserved Windows name; '' when nothing is left."""
    text = unicodedata.normalize("NFC", text)
    kept = "".join(ch if _keep(ch) else "-" for ch in text)
    kept = re.sub(r" +", " ", re.sub(r"-{2,}", "-", kept))
    stem = _trim(kept.strip(" -.")[:MAX_CHARS])
    head, dot, tail = stem.partition(".")
    if head.strip().upper() in RESERVED:
        stem = f"{head.strip()}_{dot}{tail}"
    return stem


def _trim(stem: str) -> str:
    """At most _MAX_BYTES of UTF-8, cut between characters, no dot or space at the end."""
    while len(stem.encode("utf-8")) > _MAX_BYTES:
        stem = stem[:-1]
    return stem.rstrip(" -.")


def name_part(text: str, limit: int = 40) -> str:
    """A person's name for a file name: lower case, words joined by '-', letters and digits
    of any script kept (`Zoë Núñez` gives `zoë-núñez`); '' when nothing is left."""
    text = unicodedata.normalize("NFC", text).lower()
    words = re.findall(r"[^\W_]+", text)
    return _trim("-".join(words)[:limit])


def unique(stem: str, used: set[str], extra: str) -> str:
    """`stem`, or `stem-extra` when a name that differs only in case is already in `used`
    (Windows and macOS do not tell them apart); the name returned is added to `used`."""
    name = stem
    counter = 2
    while name.casefold() in used:
        name = f"{stem}-{extra}" if counter == 2 else f"{stem}-{extra}-{counter}"
        counter += 1
    used.add(name.casefold())
    return name


def default_path(stage: str, patient: str, date: dt.date) -> Path:
    """Where `build` writes without -o: `out/ana-silva-subacute-2026-03-01.pdf` with a
    patient (so one patient's handout never replaces another's), else
    `out/knee-handout-acute.pdf`."""
    person = name_part(patient) if patient else ""
    if not person:
        return Path("out") / f"knee-handout-{stage}.pdf"
    return Path("out") / f"{person}-{stage}-{date.isoformat()}.pdf"
