"""Write a file whole or not at all: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from kneepdf.errors import OutputError


def write_atomic(path: Path, data: bytes, shown: str | None = None) -> None:
    """Write `data` to `path` whole or not at all; the old file survives any failure.

    Raises OutputError (its `file` the name shown) when `path` is a folder, its folder is
    missing, or writing fails; its message names the file as `shown` (default: the path),
    so a file named after a patient can be named otherwise.
    """
    name = str(path) if shown is None else shown
    try:
        is_folder = path.is_dir()
        folder = path.parent if str(path.parent) else Path(".")
        folder_exists = folder.is_dir()
    except OSError as exc:  # a name too long for the file system, and the like
        raise OutputError(f"{name}: cannot write here ({exc.strerror})", file=name) from None
    if is_folder:
        raise OutputError(f"{name}: is a folder; give a file name ending in .pdf", file=name)
    if not folder_exists:
        raise OutputError(f"{name}: the folder {folder} does not exist", file=name)
    tmp = str(folder / f".kneepdf-{os.getpid()}-{os.urandom(4).hex()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as exc:
        raise OutputError(f"{name}: cannot write here ({exc.strerror})", file=name) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"{name}: cannot write the file ({exc.strerror})", file=name) from None
