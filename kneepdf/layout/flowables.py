"""The handout's own flowables: one class each, exact sizes, drawn with ReportLab only."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table


def _colour(value: str | Color) -> Color:
    return HexColor(value) if isinstance(value, str) else value


class Checklist(Flowable):  # type: ignore[misc]
    """Rows of content, each with a tick box to its left; splits between rows only."""

    def __init__(
        self, rows: Sequence[Sequence[Flowable]], box: float, gap: float = 8.0,
        stroke: str = "#000000", row_space: float = 6.0, box_offset: float = 1.0,
    ) -> None:
        super().__init__()
        self.rows = [list(row) for row in rows]
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
        return [self._like(self.rows[:count]), self._like(self.rows[count:])]

    def _like(self, rows: list[list[Flowable]]) -> Checklist:
        return Checklist(rows, box=self.box, gap=self.gap, stroke=self.stroke,
                         row_space=self.row_space, box_offset=self.box_offset)

    def draw(self) -> None:
        canvas = self.canv
        inner = self.width - self.box - self.gap
        top = self.height
        for row, height in zip(self.rows, self._heights, strict=True):
            canvas.saveState()
            canvas.setStrokeColor(_colour(self.stroke))
            canvas.setLineWidth(1.2)
            canvas.rect(0, top - self.box_offset - self.box, self.box, self.box, stroke=1, fill=0)
            canvas.restoreState()
            y = top
            for flowable in row:
                _, h = flowable.wrap(inner, 1e6)
                y -= h
                flowable.drawOn(canvas, self.box + self.gap, y)
            top -= height + self.row_space


class DoseBox(Flowable):  # type: ignore[misc]
    """A shaded box of "Label: value" pairs, and a tick box per set at its right.

    The pairs flow onto as many lines as they need beside the boxes; `boxes` is how many
    tick boxes (0 for none) of side `box` pt follow the word `lead`.
    """

    def __init__(
        self, parts: Sequence[tuple[str, str]], font: str, bold: str, size: float,
        fill: str, stroke: str, text: str = "#000000", padding: float = 6.0,
        boxes: int = 0, box: float = 14.0, lead: str = "Done:",
    ) -> None:
        super().__init__()
        self.parts = list(parts)
        self.font, self.bold, self.size = font, bold, size
        self.fill, self.stroke, self.text_colour = fill, stroke, text
        self.padding = padding
        self.boxes, self.box, self.lead = boxes, box, lead
        self._lines: list[list[tuple[str, str, float]]] = []

    def __repr__(self) -> str:
        return f"DoseBox({self.parts!r}, boxes={self.boxes})"

    def _ticks_width(self) -> float:
        if not self.boxes:
            return 0.0
        gap = self.box * 0.45
        return float(stringWidth(self.lead, self.font, self.size)) + self.boxes * (self.box + gap)

    def _line_height(self) -> float:
        return max(self.size * 1.35, self._tallest())

    def _tallest(self) -> float:
        """The height of what one line holds: the text, or a tick box with 2 pt around it."""
        return max(self.size, self.box + 4) if self.boxes else self.size

    def _layout(self, width: float) -> list[list[tuple[str, str, float]]]:
        space = stringWidth("   ", self.font, self.size)
        lines: list[list[tuple[str, str, float]]] = [[]]
        x = 0.0
        usable = width - 2 * self.padding - self._ticks_width()
        for label, value in self.parts:
            w = stringWidth(label + ": ", self.font, self.size) + stringWidth(
                value, self.bold, self.size)
            if lines[-1] and x + w > usable:
                lines.append([])
                x = 0.0
            lines[-1].append((label, value, x))
            x += w + space
        return lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self._lines = self._layout(avail_width)
        line = self._line_height()
        self.height = len(self._lines) * line + 2 * self.padding - (line - self._tallest())
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(_colour(self.fill))
        canvas.setStrokeColor(_colour(self.stroke))
        canvas.setLineWidth(1)
        canvas.roundRect(0, 0, self.width, self.height, 4, stroke=1, fill=1)
        canvas.setFillColor(_colour(self.text_colour))
        line = self._line_height()
        middle = self.height - self.padding - self._tallest() / 2  # of the first line
        y = middle - self.size * 0.35
        for parts in self._lines:
            for label, value, x in parts:
                canvas.setFont(self.font, self.size)
                canvas.drawString(self.padding + x, y, label + ": ")
                lw = stringWidth(label + ": ", self.font, self.size)
                canvas.setFont(self.bold, self.size)
                canvas.drawString(self.padding + x + lw, y, value)
            y -= line
        if self.boxes:
            self._draw_ticks(middle)
        canvas.restoreState()

    def _draw_ticks(self, middle: float) -> None:
        """The lead word and the boxes, right-aligned and centred on the first line."""
        canvas = self.canv
        gap = self.box * 0.45
        x = self.width - self.padding - self._ticks_width()
        box_y = middle - self.box / 2
        canvas.setFont(self.font, self.size)
        canvas.drawString(x, middle - self.size * 0.35, self.lead)
        x += float(stringWidth(self.lead, self.font, self.size)) + gap
        canvas.setFillColor(_colour("#ffffff"))
        canvas.setStrokeColor(_colour(self.text_colour))
        canvas.setLineWidth(1.2)
        for _ in range(self.boxes):
            canvas.rect(x, box_y, self.box, self.box, stroke=1, fill=1)
            x += self.box + gap


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
            flowable.drawOn(canvas, 0, y)
            y -= flowable.getSpaceAfter()
        self.picture.drawOn(canvas, self.width - self.picture.width,
                            self.height - self.picture.height)
        canvas.restoreState()


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
        for flowable, height in zip(self.content, self._sizes, strict=True):
            y -= height
            flowable.drawOn(self.canv, x, y)
            y -= flowable.getSpaceAfter()


class Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that may carry a bookmark title (`outline`) for the PDF's outline."""

    outline: str | None = None


class Band(Table):  # type: ignore[misc]
    """A Table that may carry a bookmark title (`outline`), kept by the part split first."""

    outline: str | None = None

    @property
    def height(self) -> float:
        """The height in pt once wrapped (a Table keeps it under another name)."""
        return float(self._height)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(avail_width, avail_height)
        if parts and isinstance(parts[0], Band):
            parts[0].outline = self.outline
        return parts
