"""A folder of work kept between runs: never a patient's details, only what every handout shares."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

from kneepdf import __version__

ENV = "KNEEPDF_CACHE"  # a folder, or "off" to keep nothing between runs
OFF = frozenset({"", "0", "off", "no", "false"})
MAX_FILES = 64  # older files are removed when there are more
_stamp: str | None = None


def directory() -> Path | None:
    """Where the cache lives, or None when it is turned off or there is no home folder."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in OFF else Path(chosen)
    try:
        home = Path.home()
    except RuntimeError:
        return None
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return Path(local) / "kneepdf" / "Cache" if local else None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "kneepdf"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".cache") / "kneepdf"


def stamp() -> str:
    """What the kept work depends on besides its key: this kneepdf, ReportLab and Python.

    The package's own files are named by size and time, so an edited checkout never reads
    work kept by the code before the edit.
    """
    global _stamp
    if _stamp is None:
        import reportlab

        here = Path(__file__).parent
        files = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in here.glob("*.py"))
        _stamp = repr((__version__, reportlab.Version, sys.version, files))
    return _stamp


def key(*parts: object) -> str:
    """A file-name-safe digest of the stamp and `parts`."""
    return hashlib.sha256(repr((stamp(), parts)).encode("utf-8")).hexdigest()[:32]


def _private(folder: Path) -> bool:
    """Whether only this user can write in `folder`: a kept file is run as code when read."""
    if not hasattr(os, "getuid"):  # Windows: the folder is in the user's own profile
        return True
    try:
        info = folder.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def read(kind: str, digest: str) -> Any | None:
    """The value kept as `kind` under `digest`, or None if there is none or it is unreadable."""
    folder = directory()
    if folder is None or not _private(folder):
        return None
    try:
        data = (folder / f"{kind}-{digest}.pickle").read_bytes()
        return pickle.loads(data)
    except Exception:  # missing, cut short, or written by another version: work it out again
        return None


def write(kind: str, digest: str, value: Any) -> None:
    """Keep `value` whole or not at all; a cache that cannot be written is no error."""
    folder = directory()
    if folder is None:
        return
    target = folder / f"{kind}-{digest}.pickle"
    temp = folder / f".{target.name}.{os.urandom(6).hex()}.tmp"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder):
            return
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f:
            f.write(data)
        os.replace(temp, target)
        _prune(folder)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns)
    for old in files[:-MAX_FILES]:
        old.unlink(missing_ok=True)
