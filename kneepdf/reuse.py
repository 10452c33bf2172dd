"""What handouts built in one process share: fonts, styles, line breaks, pictures, QR codes."""

from __future__ import annotations

import html
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator
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

    def drop(self, which: Callable[[Hashable, V], bool]) -> int:
        """Drop every entry for which `which(key, value)` is true; how many were dropped."""
        with self._lock:
            gone = [key for key, value in self._kept.items() if which(key, value)]
            for key in gone:
                del self._kept[key]
        return len(gone)

    def items(self) -> list[tuple[Hashable, V]]:
        """Every (key, value) kept, least recently used first (a copy)."""
        with self._lock:
            return list(self._kept.items())

    def __len__(self) -> int:
        return len(self._kept)


_TAG = re.compile(r"<[^>]*>")


def _texts(key: Hashable, value: object) -> Iterator[str]:
    """The texts of an entry: its key's strings (a markup, a bullet) and a string value."""
    for part in key if isinstance(key, tuple) else (key,):
        if isinstance(part, str):
            yield part
    if isinstance(value, str):
        yield value


def _holds(text: str, needles: frozenset[str]) -> bool:
    """Whether `text` (plain or markup) holds any of `needles`, also once its tags are
    taken out and its entities read (a name partly set in the fallback font), and with
    no-break spaces read as spaces (a phone number kept whole)."""
    plain = html.unescape(_TAG.sub("", text)) if "<" in text or "&" in text else text
    plain = plain.replace("\u00a0", " ")
    return any(n in text or n in plain for n in needles)


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
        # An exercise's arrangement beside its picture by (item, size, style, language, side)
        self.arrangements: Memo[tuple[str, int, int]] = Memo(limit)

    def _text_tables(self) -> tuple[Memo[Any], ...]:
        return (self.parsed, self.lines, self.markup)

    def forget(self, texts: Iterable[str]) -> int:
        """Drop every kept paragraph, line break and markup holding any line of `texts` (a
        patient's details and notes), as typed or escaped for markup: after it, nothing
        this process keeps says them. Paragraphs that print them are never kept (see
        `kneepdf.layout.kit.Kit.para`); this makes sure of it. Returns how many entries went.
        """
        lines = {line.strip() for text in texts for line in text.splitlines() if line.strip()}
        needles = frozenset(lines | {html.escape(line, quote=False) for line in lines}
                            | {html.escape(line) for line in lines})
        if not needles:
            return 0
        return sum(table.drop(lambda key, value: any(_holds(t, needles)
                                                     for t in _texts(key, value)))
                   for table in self._text_tables())

    def texts(self) -> list[str]:
        """Every string the paragraph, line-break and markup tables keep, in keys and values
        (for checks that nothing of a patient stays)."""
        return [t for table in self._text_tables() for key, value in table.items()
                for t in _texts(key, value)]
