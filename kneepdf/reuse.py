"""What handouts built in one process share: fonts, styles, line breaks, pictures, QR codes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    """Values made once and kept by a value key (never an object's `id`).

    At most `limit` values are kept; the least recently used goes first. Safe to share
    between threads (a value may be made twice by two threads; the first one is kept).
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._kept: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value kept for `key`, else `make()` kept and returned."""
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        value = make()
        with self._lock:
            value = self._kept.setdefault(key, value)
            if len(self._kept) > self.limit:
                self._kept.popitem(last=False)
        return value

    def find(self, key: Hashable) -> V | None:
        """The value kept for `key`, or None."""
        with self._lock:
            value = self._kept.get(key)
            if value is not None:
                self._kept.move_to_end(key)
            return value

    def keep(self, key: Hashable, value: V) -> None:
        """Keep `value` for `key`."""
        with self._lock:
            self._kept[key] = value
            if len(self._kept) > self.limit:
                self._kept.popitem(last=False)

    def __len__(self) -> int:
        return len(self._kept)


class Reuse:
    """Everything one handout may reuse from another built by the same process.

    `kneepdf.build.render` makes one when it is given none; `batch` workers and the web
    app keep one for their lifetime. Keys are values (texts of the content, numbers, poses,
    styles), never a patient's details: a paragraph that prints them is laid out afresh.
    Kept values are immutable, or copied before they are handed out. Every table is bounded.
    """

    def __init__(self, limit: int = 4_000) -> None:
        self.fonts: Memo[Any] = Memo(16)  # font sets by family and fallback
        self.styles: Memo[Any] = Memo(16)  # paragraph styles by (theme, fonts)
        self.parsed: Memo[Any] = Memo(limit)  # parsed markup by (markup, style, bullet)
        self.lines: Memo[Any] = Memo(limit)  # line breaks by (markup, style, bullet, width)
        self.markup: Memo[str] = Memo(limit)  # plain text as markup by (text, fonts)
        self.poses: Memo[Any] = Memo(256)  # solved figures by pose
        self.pictures: Memo[Any] = Memo(512)  # drawings by (pose, mirror, sizes)
        self.images: Memo[bytes] = Memo(256)  # picture PNGs for the web form
        self.qr: Memo[Any] = Memo(256)  # QR codes by address
