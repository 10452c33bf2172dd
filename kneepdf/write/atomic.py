"""Write a file whole or not at all: a temporary file in the same folder, synced, then moved."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from kneepdf.errors import OutputError

MAX_NUMBER = 999  # out/ana-silva-acute-2026-03-01-999.pdf is the last name tried
_NO_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS,
             getattr(errno, "ENOTSUP", errno.EPERM), getattr(errno, "EOPNOTSUPP", errno.EPERM)}


def numbered(path: Path, number: int) -> Path:
    """`out/ana-2026.pdf` numbered 2 is `out/ana-2026-2.pdf`; number 1 is `path` itself."""
    return path if number == 1 else path.with_name(f"{path.stem}-{number}{path.suffix}")


def write_atomic(path: Path, data: bytes, shown: str | None = None, *,
                 replace: bool = True) -> Path:
    """Write `data` to `path` whole or not at all, and return the path written.

    With `replace` (a path asked for on purpose) an existing file is replaced and keeps its
    permissions. Without it (a default name), an existing file is never replaced: a file
    holding exactly `data` is left as it is (a rebuild), else the first free name of
    `path`, `path-2`, `path-3` ... is taken. The data is synced to the disk before the move,
    and the temporary file is removed on any failure or interruption (Ctrl-C included).

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
    written = path
    try:
        try:
            with os.fdopen(fd, "wb") as out:
                if replace:
                    _keep_mode(path, out.fileno())
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            if replace:
                os.replace(tmp, path)
            else:
                written = _place(tmp, path, data, name)
            _sync_folder(folder)
        except OSError as exc:
            raise OutputError(f"{name}: cannot write the file ({exc.strerror})",
                              file=name) from None
    finally:  # also on KeyboardInterrupt: never a hidden copy of a handout left behind
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return written


def _keep_mode(path: Path, fd: int) -> None:
    """Give the new file the permissions of the file it replaces (0600 stays 0600)."""
    try:
        old = os.stat(path)
    except OSError:
        return
    if stat.S_ISREG(old.st_mode) and hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(old.st_mode))


def _place(tmp: str, path: Path, data: bytes, name: str) -> Path:
    """Link `tmp` under the first free name of `path` (never replacing a file), or return
    the existing name that already holds exactly `data`."""
    for number in range(1, MAX_NUMBER + 1):
        candidate = numbered(path, number)
        if _holds(candidate, data):
            return candidate
        try:
            os.link(tmp, candidate)  # fails if the name is taken, even by a race
            return candidate
        except FileExistsError:
            continue
        except OSError as exc:  # a file system without hard links (FAT, some shares)
            if exc.errno not in _NO_LINKS:
                raise
            if not os.path.lexists(candidate):
                os.replace(tmp, candidate)
                return candidate
    raise OutputError(f"{name}: {MAX_NUMBER} handouts of this name are already there; "
                      "move some away or give -o PATH", file=name)


def _holds(path: Path, data: bytes) -> bool:
    """True when `path` is a regular file holding exactly `data`."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(data):
            return False
        with open(path, "rb") as existing:
            return existing.read(len(data) + 1) == data
    except OSError:
        return False


def _sync_folder(folder: Path) -> None:
    """Make the new name itself durable (POSIX; Windows cannot open a folder)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def make_folder(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; returns the folders created, deepest first
    (for `remove_empty`). Raises OSError as `Path.mkdir` does."""
    missing: list[Path] = []
    whole = Path(os.path.abspath(folder))  # "new/../out" is ./out: no new/ is made
    at = whole
    while not at.exists() and at.parent != at:
        missing.append(at)
        at = at.parent
    whole.mkdir(parents=True, exist_ok=True)
    return missing


def remove_empty(folders: list[Path]) -> None:
    """Remove the `folders` a run created (deepest first) while they are empty: a run that
    wrote nothing leaves no folder behind."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:  # not empty (or gone, or not ours to remove): keep the rest too
            return
