"""Paragraphs whose parsed markup and line breaks are made once and reused between handouts."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle

from kneepdf.layout.flowables import Para
from kneepdf.reuse import Reuse


def style_key(style: ParagraphStyle) -> tuple[tuple[str, str], ...]:
    """A style as a value: every attribute but its parent, colours by their value."""
    return tuple(sorted((name, repr(value)) for name, value in vars(style).items()
                        if name != "parent"))


class LinePara(Para):
    """A Para whose parsing and line breaking are shared, through `reuse`, by every handout
    that prints the same markup, in the same style, at the same width.

    The key is the markup, the style's values and the bullet; with `reuse` None (markup that
    holds a patient's details) nothing is kept. Line breaks are made once per width; a part
    made by `split` is laid out afresh, so kept line breaks are never changed.
    """

    def __init__(self, markup: str, style: ParagraphStyle, bulletText: str | None = None,
                 reuse: Reuse | None = None, style_id: tuple[Any, ...] | None = None,
                 **kwargs: Any) -> None:
        self._key: tuple[Any, ...] | None = None
        self._reuse = reuse
        self._wrapped: tuple[float, float] | None = None  # (width, height) of the last wrap
        if kwargs or markup is None or reuse is None:  # not kept, or a part of a split
            super().__init__(markup, style, bulletText=bulletText, **kwargs)
            return
        key = (markup, style_id if style_id is not None else style_key(style), bulletText)
        parsed = reuse.parsed.find(key)
        if parsed is None:
            super().__init__(markup, style, bulletText=bulletText)
            reuse.parsed.keep(key, (self.style, tuple(self.frags), self.bulletText))
        else:
            super().__init__(markup, parsed[0], bulletText=parsed[2], frags=list(parsed[1]))
        self._key = key

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Break into lines for `avail_width` pt, once per width: (width, height) in pt."""
        if self._wrapped is not None and self._wrapped[0] == avail_width:
            return self._wrapped
        key, reuse = self._key, self._reuse
        known = None if key is None or reuse is None else reuse.lines.find((*key, avail_width))
        if known is None:
            size: tuple[float, float] = super().wrap(avail_width, avail_height)
            if key is not None and reuse is not None:
                done: Any = self  # ReportLab's attributes, set by Paragraph.wrap
                reuse.lines.keep((*key, avail_width), (done.blPara, done.height,
                                                       tuple(done._wrapWidths)))
        else:
            self.blPara, self.height, widths = known
            self._wrapWidths = list(widths)
            self.width = avail_width
            size = (avail_width, self.height)
        self._wrapped = size
        return size

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        """Split from line breaks of its own, so the shared ones are never touched."""
        self._key = None
        self._wrapped = None
        super().wrap(avail_width, avail_height)
        parts: list[Any] = super().split(avail_width, avail_height)
        return parts
