"""The handout's own flowables: one class each, exact sizes, drawn with ReportLab only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Paragraph, Spacer

from kneepdf.layout.tagging import ROLES, artifact, element, tagger_of
from kneepdf.layout.tickbox import tick_box
from kneepdf.words import ENGLISH, Words


def _colour(value: str | Color) -> Color:
    return HexColor(value) if isinstance(value, str) else value


class Checklist(Flowable):  # type: ignore[misc]
    """Rows of content, each with a tick box to its left; splits between rows only.

    `names` gives each row's box a form field name (a fillable handout), or None for none.
    """

    def __init__(
        self, rows: Sequence[Sequence[Flowable]], box: float, gap: float = 8.0,
        stroke: str = "#000000", row_space: float = 6.0, box_offset: float = 1.0,
        names: Sequence[str | None] | None = None, words: Words = ENGLISH,
    ) -> None:
        super().__init__()
        self.words = words  # the language of the boxes' spoken names
        self.rows = [list(row) for row in rows]
        self.names: list[str | None] = list(names) if names else [None] * len(self.rows)
        self.box = box
        self.gap = gap
        self.stroke = stroke
        self.row_space = row_space
        self.box_offset = box_offset
        self._heights: list[float] = []

    def __repr__(self) -> str:
        return f"Checklist(rows={len(self.rows)}, box={self.box:.1f})"

    def _row_height(self, row: list[Flowable], width: float) -> float:
        inner = width - self.box - self.gap
        height = sum(float(f.wrap(inner, 1e6)[1]) for f in row)
        return max(height, self.box + self.box_offset)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self._heights = [self._row_height(row, avail_width) for row in self.rows]
        gaps = self.row_space * max(len(self.rows) - 1, 0)
        self.height = sum(self._heights) + gaps
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        used, count = 0.0, 0
        for height in self._heights:
            if used + height > avail_height:
                break
            used += height + self.row_space
            count += 1
        if count == 0 or count == len(self.rows):
            return []
        return [self._like(self.rows[:count], self.names[:count]),
                self._like(self.rows[count:], self.names[count:])]

    def _like(self, rows: list[list[Flowable]], names: list[str | None]) -> Checklist:
        return Checklist(rows, box=self.box, gap=self.gap, stroke=self.stroke,
                         row_space=self.row_space, box_offset=self.box_offset, names=names,
                         words=self.words)

    def draw(self) -> None:
        canvas = self.canv
        inner = self.width - self.box - self.gap
        top = self.height
        with element(canvas, "L"):
            for row, height, name in zip(self.rows, self._heights, self.names, strict=True):
                with element(canvas, "LI"):
                    with element(canvas, "Lbl") if name else artifact(canvas):
                        tick_box(canvas, 0, top - self.box_offset - self.box, self.box,
                                 self.stroke, 1.2, name=name, label=_said(row, self.words))
                    y = top
                    with element(canvas, "LBody"):
                        for flowable in row:
                            _, h = flowable.wrap(inner, 1e6)
                            y -= h
                            flowable.drawOn(canvas, self.box + self.gap, y)
                top -= height + self.row_space


def _said(row: Sequence[Flowable], w: Words = ENGLISH) -> str:
    """What a row's tick box is called, said by a screen reader in words of `w`: its
    first words."""
    text = " ".join(row[0].getPlainText().split()) if row and hasattr(row[0], "getPlainText") \
        else ""
    short = text if len(text) <= 80 else text[:80].rsplit(" ", 1)[0] + "..."
    return w("field_tick", text=short) if short else w("field_tick_plain")


class Stack(Flowable):  # type: ignore[misc]
    """Drawings one above the other, `gap` pt apart, left-aligned; never splits."""

    def __init__(self, drawings: Sequence[Flowable], gap: float = 6.0) -> None:
        super().__init__()
        self.drawings = list(drawings)
        self.gap = gap
        self.width = max(float(d.width) for d in self.drawings)
        self.height = (sum(float(d.height) for d in self.drawings)
                       + gap * (len(self.drawings) - 1))

    def __repr__(self) -> str:
        return f"Stack({len(self.drawings)} drawings, {self.width:.0f} x {self.height:.0f} pt)"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        y = self.height
        for drawing in self.drawings:
            y -= float(drawing.height)
            drawing.drawOn(canvas, 0, y)
            y -= self.gap
        canvas.restoreState()


class Column(Flowable):  # type: ignore[misc]
    """Flowables one above the other in a column `width` pt wide (a picture with the words
    under it); its size is known when made, like a drawing's. Never splits."""

    def __init__(self, flowables: Sequence[Flowable], width: float) -> None:
        super().__init__()
        self.flowables = list(flowables)
        self.width = width
        self._sizes = [float(f.wrap(width, 1e6)[1]) for f in self.flowables]
        self.height = sum(self._sizes) + sum(
            float(f.getSpaceAfter()) for f in self.flowables[:-1])

    def __repr__(self) -> str:
        return f"Column({len(self.flowables)} flowables, {self.width:.0f} pt wide)"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        y = self.height
        for flowable, height in zip(self.flowables, self._sizes, strict=True):
            y -= height
            flowable.wrap(self.width, 1e6)
            flowable.drawOn(self.canv, 0, y)
            y -= float(flowable.getSpaceAfter())


class Beside(Flowable):  # type: ignore[misc]
    """Flowables in a column on the left and a drawing at the top right; never splits."""

    def __init__(self, left: Sequence[Flowable], picture: Flowable, gap: float = 12.0) -> None:
        super().__init__()
        self.left = list(left)
        self.picture = picture
        self.gap = gap
        self._sizes: list[float] = []

    def __repr__(self) -> str:
        return f"Beside({len(self.left)} flowables, picture={self.picture.width:.0f} pt)"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        inner = avail_width - self.picture.width - self.gap
        self._sizes = [float(f.wrap(inner, 1e6)[1]) for f in self.left]
        spaces = sum(f.getSpaceAfter() for f in self.left[:-1])
        self.height = max(sum(self._sizes) + spaces, float(self.picture.height))
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        y = self.height
        for flowable, height in zip(self.left, self._sizes, strict=True):
            y -= height
            if not isinstance(flowable, Spacer):  # a spacer only takes room
                flowable.drawOn(canvas, 0, y)
            y -= flowable.getSpaceAfter()
        self.picture.drawOn(canvas, self.width - self.picture.width,
                            self.height - self.picture.height)
        canvas.restoreState()


class BulletList(Flowable):  # type: ignore[misc]
    """Bullet paragraphs, in two columns (the first half on the left) when there are at
    least MIN_SPLIT and each fits one line of half the width; else one above the other.
    Never splits."""

    MIN_SPLIT = 3

    def __init__(self, items: Sequence[Paragraph], gap: float = 12.0) -> None:
        super().__init__()
        self.items = list(items)
        self.gap = gap
        self._columns: list[list[Paragraph]] = [self.items]
        self._column_width = 0.0

    def __repr__(self) -> str:
        return f"BulletList({len(self.items)} items, {len(self._columns)} columns)"

    def _stack(self, items: Sequence[Paragraph], width: float) -> float:
        heights = [float(p.wrap(width, 1e6)[1]) for p in items]
        return sum(heights) + sum(float(p.getSpaceAfter()) for p in items[:-1])

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        half = (avail_width - self.gap) / 2
        one_line = all(
            float(p.wrap(half, 1e6)[1]) <= float(p.style.leading) * 1.01 for p in self.items)
        if len(self.items) >= self.MIN_SPLIT and one_line:
            k = (len(self.items) + 1) // 2
            self._columns, self._column_width = [self.items[:k], self.items[k:]], half
        else:
            self._columns, self._column_width = [self.items], avail_width
        self.height = max(self._stack(c, self._column_width) for c in self._columns)
        return self.width, self.height

    def getSpaceAfter(self) -> float:
        return float(self.items[-1].getSpaceAfter()) if self.items else 0.0

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        for n, column in enumerate(self._columns):
            x = n * (self._column_width + self.gap)
            y = self.height
            for p in column:
                _, h = p.wrap(self._column_width, 1e6)
                y -= h
                p.drawOn(self.canv, x, y)
                y -= float(p.getSpaceAfter())


class WarningBox(Flowable):  # type: ignore[misc]
    """Flowables inside a bordered, shaded box; it never splits across pages."""

    def __init__(
        self, content: Sequence[Flowable], stroke: str, fill: str,
        border: float = 1.0, padding: float = 8.0,
    ) -> None:
        super().__init__()
        self.content = list(content)
        self.stroke, self.fill = stroke, fill
        self.border = border
        self.padding = padding
        self._sizes: list[float] = []

    def __repr__(self) -> str:
        return f"WarningBox({len(self.content)} flowables, border={self.border})"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        inner = avail_width - 2 * self.padding - 2 * self.border
        self._sizes = [f.wrap(inner, 1e6)[1] for f in self.content]
        spaces = sum(f.getSpaceAfter() for f in self.content[:-1])
        self.height = sum(self._sizes) + spaces + 2 * self.padding + 2 * self.border
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        canvas = self.canv
        with artifact(canvas):
            canvas.saveState()
            canvas.setStrokeColor(_colour(self.stroke))
            canvas.setFillColor(_colour(self.fill))
            canvas.setLineWidth(self.border)
            half = self.border / 2
            canvas.rect(half, half, self.width - self.border, self.height - self.border,
                        stroke=1, fill=1)
            canvas.restoreState()
        y = self.height - self.border - self.padding
        x = self.border + self.padding
        with element(canvas, "Sect"):
            for flowable, height in zip(self.content, self._sizes, strict=True):
                y -= height
                flowable.drawOn(self.canv, x, y)
                y -= flowable.getSpaceAfter()


class LineEnds(PDFTextObject):  # type: ignore[misc]
    """A paragraph's text object that ends every line with a space, drawn past the line's
    last letter (it moves nothing): text read line after line keeps the words apart where
    a line wraps ("does not", never "doesnot")."""

    def _textOut(self, text: str, TStar: int = 0) -> None:
        if TStar and not text.endswith(" "):
            text += " "
        super()._textOut(text, TStar)


class Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that may carry a bookmark title (`outline`) for the PDF's outline.

    On a canvas that tags, it is one element: a heading or paragraph by its style (see
    `tagging.ROLES`, or `tag`), a list item when it has a bullet or number."""

    outline: str | None = None
    tag: str | None = None  # its role when not the one its style gives
    whole: Para | None = None  # the paragraph this one is a part of (split across pages)

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        parts: list[Any] = super().split(avail_width, avail_height)
        for part in parts:
            if isinstance(part, Para) and part is not self:
                part.whole = self.whole or self
        return parts

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        tagger = tagger_of(canvas)
        if tagger is None or (self.whole is None and not self.getPlainText().strip()):
            # an empty paragraph: nothing to read, no tag (a part of a split one has its
            # words in its lines, not in getPlainText)
            super().drawOn(canvas, x, y, _sW)
            return
        label = self.bulletText if isinstance(self.bulletText, str) else None
        role = self.tag or ("LI" if label else ROLES.get(self.style.name, "P"))
        with tagger.leaf(canvas, role, label=label if role == "LI" else None,
                         whole=self.whole):
            super().drawOn(canvas, x, y, _sW)

    def beginText(self, x: float, y: float) -> PDFTextObject:
        tagger = tagger_of(self.canv)
        if tagger is not None:
            tagger.body(self.canv)  # a list item's label is drawn: its body follows
        return LineEnds(self.canv, x, y)
