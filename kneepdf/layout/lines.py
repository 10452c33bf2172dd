"""Paragraphs whose parsed markup and line breaks are made once per process and reused."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from reportlab.lib.styles import ParagraphStyle

from kneepdf.layout.flowables import Para

LIMIT = 4_000  # entries kept per table; a long batch clears them (names never repeat)
# Parsed markup by (markup, style, bullet): the style as parsed, its fragments, the bullet.
_PARSED: dict[tuple[str, int, str | None], tuple[ParagraphStyle, list[Any], Any]] = {}
# Line breaks by (markup, style, bullet, width): the lines, the height in pt, the widths.
_LINES: dict[tuple[str, int, str | None, float], tuple[Any, float, list[float]]] = {}
# Every style named in a key by its id, kept alive so that no other style takes its id.
_STYLES: dict[int, ParagraphStyle] = {}


class LinePara(Para):
    """A Para made from markup whose parsing and line breaking are shared by every handout
    of the process that prints the same markup, in the same style, at the same width.

    The key is the markup itself (patient details included), the style object (styles are
    made once per theme and fonts, and kept alive here) and the bullet; fonts are registered
    once per process. A part made by `split` is laid out afresh.
    """

    def __init__(self, markup: str, style: ParagraphStyle, bulletText: str | None = None,
                 **kwargs: Any) -> None:
        self._key: tuple[str, int, str | None] | None = None
        if kwargs or markup is None:  # a part of a split paragraph, from ReportLab
            super().__init__(markup, style, bulletText=bulletText, **kwargs)
            return
        key = (markup, id(style), bulletText)
        parsed = _PARSED.get(key)
        if parsed is None:
            super().__init__(markup, style, bulletText=bulletText)
            if len(_PARSED) >= LIMIT:
                _PARSED.clear()
            _STYLES[id(style)] = style
            _PARSED[key] = (self.style, self.frags, self.bulletText)
        else:
            super().__init__(markup, parsed[0], bulletText=parsed[2], frags=parsed[1])
        self._key = key

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        key = self._key
        if key is None:
            size: tuple[float, float] = super().wrap(avail_width, avail_height)
            return size
        known = _LINES.get((*key, avail_width))
        if known is None:
            size = super().wrap(avail_width, avail_height)
            if len(_LINES) >= LIMIT:
                _LINES.clear()
            done: Any = self  # ReportLab's attributes, set by Paragraph.wrap
            _LINES[(*key, avail_width)] = (done.blPara, done.height, done._wrapWidths)
            return size
        self.blPara, self.height, self._wrapWidths = known
        self.width = avail_width
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        """Split from line breaks of its own, so the shared ones are never touched."""
        self._key = None
        super().wrap(avail_width, avail_height)
        parts: list[Any] = super().split(avail_width, avail_height)
        return parts


def forget(texts: Iterable[str]) -> None:
    """Drop every shared paragraph whose markup holds any of `texts` (a patient's details,
    each line of the notes), as typed or escaped for markup, and the styles no entry names
    any more: a server that has answered keeps nothing of the patient."""
    needles = set()
    for text in texts:
        for line in text.splitlines():
            if line.strip():
                needles |= {line, html.escape(line, quote=False), html.escape(line)}
    if needles:
        for parsed in [k for k in _PARSED if any(n in k[0] for n in needles)]:
            del _PARSED[parsed]
        for broken in [k for k in _LINES if any(n in k[0] for n in needles)]:
            del _LINES[broken]
    named = {k[1] for k in _PARSED} | {k[1] for k in _LINES}
    for style_id in [i for i in _STYLES if i not in named]:
        del _STYLES[style_id]


def memo_texts() -> list[str]:
    """Every markup the shared paragraphs hold (for checks that nothing personal stays)."""
    return [k[0] for k in _PARSED] + [k[0] for k in _LINES]
