"""Read an input file only when it is a regular file under a size limit, and never more."""

from __future__ import annotations

import os
import stat
from pathlib import Path

KB = 1024
MB = 1024 * KB
MAX_YAML = 1 * MB  # a content, style or preset file: the shipped ones are under 6 KB
MAX_LOGO = 20 * MB  # a logo: a phone photo is 2 to 8 MB
MAX_SHEET = 20 * MB  # a spreadsheet: 10,000 patients in CSV take about 1 MB


class FileProblem(ValueError):
    """Why the file cannot be read, as words to follow its name in a message."""


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{(n + KB - 1) // KB} KB"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of `path`, read only when it is a regular file of at most `limit` bytes (a
    device such as /dev/zero, a FIFO or a folder is refused before any read, so nothing is
    read forever). Raises FileProblem saying why not."""
    try:
        before = os.stat(path)
    except OSError as exc:
        raise FileProblem(f"cannot read the file ({exc.strerror})") from None
    if not stat.S_ISREG(before.st_mode):
        raise FileProblem(f"is {_kind(before.st_mode)}, not a file; give a file")
    if before.st_size > limit:
        raise FileProblem(f"is {_size(before.st_size)}; the limit is {_size(limit)}")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # never blocks: a FIFO swapped in answers at once
    except OSError as exc:
        raise FileProblem(f"cannot read the file ({exc.strerror})") from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise FileProblem(f"is {_kind(opened.st_mode)}, not a file; give a file")
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, MB))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise FileProblem(f"cannot read the file ({exc.strerror})") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # it grew while being read
        raise FileProblem(f"is larger than {_size(limit)}, the limit")
    return data
