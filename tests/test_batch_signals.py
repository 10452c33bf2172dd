"""batch with real worker processes: Ctrl-C and SIGTERM stop it, a dead worker fails its row
alone, and no worker outlives the batch."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from kneepdf.workers import UNSENT, _give, on_sigint

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc for worker ids")

ROWS = 120
PATIENCE = 60.0  # seconds before a test gives up waiting (never a timing assertion)


def sheet(folder: Path, rows: int = ROWS) -> Path:
    path = folder / "list.csv"
    lines = ["stage,patient,date"] + [f"2,Patient Number{n},2026-03-01" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def start(folder: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kneepdf", "batch", str(sheet(folder)), "--out-dir",
         str(folder / "out"), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def children(pid: int) -> list[int]:
    """The live worker processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                with contextlib.suppress(OSError):
                    if b"spawn_main" in (entry / "cmdline").read_bytes():
                        found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(check: object, what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def built(folder: Path) -> list[Path]:
    out = folder / "out"
    return sorted(out.glob("*.pdf")) if out.is_dir() else []


def whole(paths: list[Path]) -> bool:
    return all(len(PdfReader(p).pages) >= 2 for p in paths)


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    with start(tmp_path, "--jobs", "2") as process:
        try:
            yield process, tmp_path
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_the_batch_with_a_summary(
    running: tuple[subprocess.Popen[str], Path], signum: int
) -> None:
    # Once: Ctrl-C left batch --jobs 2 building every remaining row; a second one hung.
    process, folder = running
    wait_for(lambda: len(built(folder)) >= 3, "the first handouts")
    workers = children(process.pid)
    assert len(workers) >= 2
    if signum == signal.SIGINT:  # Ctrl-C in a terminal reaches the whole process group
        os.killpg(process.pid, signal.SIGINT)
        time.sleep(0.05)
        os.killpg(process.pid, signal.SIGINT)  # a second Ctrl-C must not hang it
    else:
        os.kill(process.pid, signal.SIGTERM)
    out, err = process.communicate(timeout=PATIENCE)
    assert process.returncode == (130 if signum == signal.SIGINT else 143), (out, err)
    assert "Traceback" not in err
    files = built(folder)
    assert 3 <= len(files) < ROWS
    how = "Ctrl-C" if signum == signal.SIGINT else "SIGTERM"
    assert out.startswith(f"Stopped by {how}: built {len(files)} handouts (")
    assert f"; {ROWS - len(files)} rows not built (rows " in out
    assert whole(files)
    assert not list((folder / "out").glob(".*"))  # no temporary file
    assert not [w for w in workers if alive(w)]


def test_workers_notice_when_only_the_parent_is_killed(
    running: tuple[subprocess.Popen[str], Path]
) -> None:
    # Once: killing the parent left its workers building for good.
    process, folder = running
    wait_for(lambda: len(built(folder)) >= 2, "the first handouts")
    workers = children(process.pid)
    assert workers
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    wait_for(lambda: not [w for w in workers if alive(w)], "the workers to stop")
    assert whole(built(folder))
    assert not list((folder / "out").glob(".*"))


@pytest.mark.slow  # builds every row of the sheet
def test_a_worker_killed_fails_its_row_and_the_rest_go_on(
    running: tuple[subprocess.Popen[str], Path]
) -> None:
    # Once: a worker killed for memory ended the whole batch with a traceback, no summary.
    process, folder = running
    wait_for(lambda: len(built(folder)) >= 2, "the first handouts")
    victim = children(process.pid)[0]
    os.kill(victim, signal.SIGKILL)
    out, err = process.communicate(timeout=PATIENCE * 4)
    assert process.returncode == 1, err
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert errors[0].endswith(": the worker process building this row was killed (SIGKILL; "
                              "the computer may have run out of memory); the other rows go on")
    assert out.startswith(f"Built {ROWS - 1} handouts (")
    assert "; 1 row failed" in out
    # ROWS - 1 files, or ROWS when the worker was killed between writing its file and
    # reporting it (the row is then reported failed, and its whole file is there)
    assert len(built(folder)) in (ROWS - 1, ROWS)
    assert not list((folder / "out").glob(".*"))


def test_after_a_ctrl_c_later_ones_are_ignored_to_the_end() -> None:
    # Once: a second Ctrl-C landing while Python exited (which resets its own handlers to
    # the default) ended the batch by the signal, status -2 instead of 130.
    before = signal.getsignal(signal.SIGINT)
    asked: list[int] = []
    try:
        on_sigint(asked)
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)
        assert asked == [signal.SIGINT]
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        signal.raise_signal(signal.SIGINT)  # ignored: no exception, nothing appended
        assert asked == [signal.SIGINT]
    finally:
        signal.signal(signal.SIGINT, before)


def test_a_job_for_a_worker_already_dead_goes_back_to_the_queue() -> None:
    # Once: a worker killed just after sending its result was given the next row; the send
    # raised BrokenPipeError and the batch ended with a traceback.
    ours, theirs = multiprocessing.Pipe()
    theirs.close()
    slot = SimpleNamespace(conn=ours, job=None)
    waiting = deque(["row 7", "row 8"])
    _give(slot, waiting)  # type: ignore[arg-type]
    assert slot.job is UNSENT
    assert list(waiting) == ["row 7", "row 8"]
    ours.close()
