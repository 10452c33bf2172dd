"""Write a file whole or not at all: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from kneepdf.errors import OutputError


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all; the old file survives any failure.

    Raises OutputError when `path` is a folder, its folder is missing, or writing fails.
    """
    try:
        is_folder = path.is_dir()
        folder = path.parent if str(path.parent) else Path(".")
        folder_exists = folder.is_dir()
    except OSError as exc:  # a name too long for the file system, and the like
        raise OutputError(f"{path}: cannot write here ({exc.strerror})") from None
    if is_folder:
        raise OutputError(f"{path}: is a folder; give a file name ending in .pdf")
    if not folder_exists:
        raise OutputError(f"{path}: the folder {folder} does not exist")
    tmp = str(folder / f".kneepdf-{os.getpid()}-{os.urandom(4).hex()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write here ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"{path}: cannot write the file ({exc.strerror})") from None
