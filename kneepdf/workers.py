"""Worker processes that build rows one at a time: a dead worker fails only its row and is
replaced, Ctrl-C or SIGTERM stops them all within a second, and none outlives its parent."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

STOP_WITHIN = 1.0  # seconds a worker has to stop cleanly before it is killed
_WATCH_EVERY = 0.25  # seconds between a worker's looks at whether its parent is alive

UNSENT = object()  # a slot's job when its worker died before it could be sent one
Task = Callable[[Any], Any]  # one row in, one picklable result out; never raises
Setup = Callable[[], Task]  # runs once in each worker: loads what the rows share


class Stopped(BaseException):
    """SIGTERM (or the parent's death, in a worker) asked this process to stop: raised so that
    `finally` blocks run and no temporary file is left behind."""


def _raise_stopped(signum: int, frame: object) -> None:
    raise Stopped


def on_sigint(asked: list[int]) -> Any:
    """Make the first Ctrl-C raise KeyboardInterrupt in this (main) thread and ignore any after
    it, so a second Ctrl-C while the batch stops cannot cut its summary short; the signal is
    appended to `asked`. Returns the previous handler, to restore only if `asked` is empty.

    After a Ctrl-C, SIGINT stays ignored (SIG_IGN) to the end of the process: Python resets a
    handler of its own to the default while it exits, and a second Ctrl-C landing then would
    end the process by the signal (status -2) instead of its own exit status."""

    def first_only(signum: int, frame: object) -> None:
        if not asked:
            asked.append(signum)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            raise KeyboardInterrupt

    return signal.signal(signal.SIGINT, first_only)


def on_sigterm() -> Any:
    """Make SIGTERM raise Stopped in this (main) thread; returns the previous handler."""
    return signal.signal(signal.SIGTERM, _raise_stopped)


def died(code: int | None) -> str:
    """Why a worker ended, in a clinician's words: `was killed (SIGKILL; the computer may
    have run out of memory)`."""
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals.__members__.values() \
            else str(-code)
        hint = "; the computer may have run out of memory" if -code == 9 else ""
        return f"was killed ({name}{hint})"
    return f"stopped unexpectedly (exit status {code})"


def _watch_parent(parent: int) -> None:
    """In a worker: stop as if sent SIGTERM once the parent has gone (POSIX)."""
    while True:
        time.sleep(_WATCH_EVERY)
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGTERM)
            return


def _worker(conn: Connection, setup: Setup, parent: int) -> None:
    """A worker's life: set up, then build each row sent until told to stop or orphaned."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    on_sigterm()
    try:
        if os.name == "posix":
            threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
        task = setup()
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):  # the parent has gone
                return
            if job is None:
                return
            result = task(job)
            try:
                conn.send(result)
            except OSError:
                return
    except (Stopped, KeyboardInterrupt):
        return
    finally:  # a SIGTERM while the process exits ends it quietly, never with a traceback
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


class _Slot:
    """One worker process and the job it is doing."""

    def __init__(self, context: Any, setup: Setup) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, setup, os.getpid()),
                                       daemon=True)
        _start_without_sigint(self.process)
        child.close()
        self.job: Any = None


def _start_without_sigint(process: Any) -> None:
    """Start a worker that inherits SIGINT blocked (Ctrl-C reaches the whole terminal group;
    the parent stops the workers itself). A Ctrl-C during the start waits, it is not lost."""
    if hasattr(signal, "pthread_sigmask"):
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
    else:  # pragma: no cover - Windows
        process.start()


class Pool:
    """`workers` processes building `jobs`, one at a time each.

    `results()` gives (job, result) as workers finish; a worker that dies gives (job,
    on_death(job, why)), `leftovers(pid)` clears what it left (its temporary files), and a
    fresh worker takes the next job. `stop()` ends the pool: each worker finishes the job
    in hand if it can within STOP_WITHIN seconds (those results are returned), the rest
    are killed. Call `stop()` in a `finally`, after Ctrl-C or SIGTERM too.
    """

    def __init__(self, jobs: Iterable[Any], workers: int, setup: Setup,
                 on_death: Callable[[Any, str], Any],
                 leftovers: Callable[[int], None]) -> None:
        self._context = multiprocessing.get_context("spawn")  # no inherited pipes or threads
        self._waiting = deque(jobs)
        self._setup, self._on_death, self._leftovers = setup, on_death, leftovers
        self._slots: list[_Slot] = []
        self._workers = workers

    def results(self) -> Iterator[tuple[Any, Any]]:
        for _ in range(min(self._workers, len(self._waiting))):
            slot = _Slot(self._context, self._setup)
            self._slots.append(slot)
            _give(slot, self._waiting)
        while any(slot.job is not None for slot in self._slots):
            yield from self._collect(1.0, more=True)

    def _collect(self, timeout: float, more: bool) -> Iterator[tuple[Any, Any]]:
        """Results (and deaths) ready within `timeout` s; with `more`, busy workers get the
        next job and dead ones are replaced."""
        busy = [s for s in self._slots if s.job is not None]
        ready = wait([x for s in busy for x in (s.conn, s.process.sentinel)], timeout=timeout)
        for slot in busy:
            if slot.conn in ready or slot.conn.poll():
                try:
                    result = slot.conn.recv()
                except (EOFError, OSError):
                    result = None
                if result is not None:
                    job, slot.job = slot.job, None
                    yield job, result
                    if more:
                        _give(slot, self._waiting)
                    continue
            if slot.process.sentinel in ready or not slot.process.is_alive():
                slot.process.join()
                job, slot.job = slot.job, None
                self._leftovers(slot.process.pid)
                self._slots.remove(slot)
                slot.conn.close()
                if job is not UNSENT:
                    yield job, self._on_death(job, died(slot.process.exitcode))
                if more and self._waiting:
                    fresh = _Slot(self._context, self._setup)
                    self._slots.append(fresh)
                    _give(fresh, self._waiting)

    def stop(self) -> list[tuple[Any, Any]]:
        """End every worker (see the class); a second Ctrl-C meanwhile is ignored."""
        old = _ignore_signals()
        finished: list[tuple[Any, Any]] = []
        try:
            self._waiting.clear()
            for slot in self._slots:
                with contextlib.suppress(OSError):
                    slot.conn.send(None)  # stop after the job in hand
            deadline = time.monotonic() + STOP_WITHIN
            while any(s.job is not None for s in self._slots):
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                finished += self._collect(left, more=False)
            for slot in self._slots:  # told to stop: most are already on their way out
                slot.process.join(max(0.0, deadline - time.monotonic()))
                if slot.process.is_alive():
                    slot.process.terminate()
            for slot in self._slots:
                slot.process.join(0.5)
                if slot.process.is_alive():
                    slot.process.kill()
                    slot.process.join()
                slot.conn.close()
                self._leftovers(slot.process.pid)
            self._slots.clear()
        finally:
            for signum, handler in old:
                signal.signal(signum, handler)
        return finished


def _give(slot: _Slot, waiting: deque[Any]) -> None:
    """Send `slot` the next job. A worker that died after sending its last result cannot take
    it: the job goes back to the front of the queue, and the slot holds UNSENT so that its
    death is noticed (and the worker replaced) on the next look without failing a row."""
    if waiting:
        slot.job = waiting.popleft()
        try:
            slot.conn.send(slot.job)
        except OSError:
            waiting.appendleft(slot.job)
            slot.job = UNSENT
    else:
        slot.job = None


def _ignore_signals() -> list[tuple[int, Any]]:
    """Ignore Ctrl-C and SIGTERM while stopping (it takes at most a second or two); returns
    what to restore."""
    if threading.current_thread() is not threading.main_thread():
        return []
    return [(signum, signal.signal(signum, signal.SIG_IGN))
            for signum in (signal.SIGINT, signal.SIGTERM)]


def main_thread() -> bool:
    """True in the main thread, where signal handlers can be set."""
    return threading.current_thread() is threading.main_thread()
