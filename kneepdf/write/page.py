"""The page canvas: holds pages until the count is known, then draws footers and bookmarks."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from kneepdf.layout.kit import Kit, footer_width
from kneepdf.layout.tagging import Tagger, artifact


def numbered_canvas(footer: str, kit: Kit, tagger: Tagger | None = None) -> type[Canvas]:
    """A canvas class that draws "Page X of Y" and the short disclaimer on every page.

    Pages are held back until the document ends, when the total is known; bookmarks noted
    in `marks` as (page, title, top in pt) are added to their pages at the same time. With
    a `tagger`, what is drawn is tagged (see `kneepdf.layout.tagging`), the footer an
    artifact.
    """
    theme, fonts = kit.t, kit.fonts
    markup = kit.rich(footer)

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self._outline_keys: list[str] = []
            self.marks: list[tuple[int, str, float]] = []
            self.tagger = tagger

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()
            if tagger is not None:
                tagger.next_page()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                self._footer(number, total)
                for page, title, top in self.marks:
                    if page == number:
                        key = f"outline{len(self._outline_keys)}"
                        self._outline_keys.append(key)
                        self.bookmarkPage(key, fit="XYZ", top=top)
                        self.addOutlineEntry(title, key, level=0)
                super().showPage()
            self.showOutline()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            """The short disclaimer, a rule above it and "Page X of Y" at the right."""
            note = kit.para(markup, kit.s.footer)
            _, high = note.wrapOn(self, footer_width(theme), 1e6)
            with artifact(self):
                self._furniture(note, high, number, total)

        def _furniture(self, note: Any, high: float, number: int, total: int) -> None:
            width = theme.page_size[0]
            self.saveState()
            self.setFillColor(HexColor(theme.muted))
            note.drawOn(self, theme.margin, theme.margin)
            rule = theme.margin + high + theme.small * 0.3
            self.setStrokeColor(HexColor(theme.muted))
            self.setLineWidth(0.5)
            self.line(theme.margin, rule, width - theme.margin, rule)
            self.setFont(fonts.bold, theme.small)
            self.drawRightString(width - theme.margin, theme.margin + high - theme.small,
                                 kit.w("page", n=number, total=total))
            self.restoreState()

    return NumberedCanvas
