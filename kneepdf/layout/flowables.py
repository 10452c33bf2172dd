"""The handout's own flowables: one class each, exact sizes, drawn with ReportLab only."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph


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
    """A shaded box of "Label: value" pairs that flow onto as many lines as they need."""

    def __init__(
        self, parts: Sequence[tuple[str, str]], font: str, bold: str, size: float,
        fill: str, stroke: str, text: str = "#000000", padding: float = 6.0,
    ) -> None:
        super().__init__()
        self.parts = list(parts)
        self.font, self.bold, self.size = font, bold, size
        self.fill, self.stroke, self.text_colour = fill, stroke, text
        self.padding = padding
        self._lines: list[list[tuple[str, str, float]]] = []

    def __repr__(self) -> str:
        return f"DoseBox({self.parts!r})"


    def _layout(self, width: float) -> list[list[tuple[str, str, float]]]:
        space = stringWidth("   ", self.font, self.size)
        lines: list[list[tuple[str, str, float]]] = [[]]
        x = 0.0
        usable = width - 2 * self.padding
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
        self.height = len(self._lines) * self.size * 1.35 + 2 * self.padding - self.size * 0.35
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(_colour(self.fill))
        canvas.setStrokeColor(_colour(self.stroke))
        canvas.setLineWidth(1)
        canvas.roundRect(0, 0, self.width, self.height, 4, stroke=1, fill=1)
        canvas.setFillColor(_colour(self.text_colour))
        y = self.height - self.padding - self.size * 0.8
        for line in self._lines:
            for label, value, x in line:
                canvas.setFont(self.font, self.size)
                canvas.drawString(self.padding + x, y, label + ": ")
                lw = stringWidth(label + ": ", self.font, self.size)
                canvas.setFont(self.bold, self.size)
                canvas.drawString(self.padding + x + lw, y, value)
            y -= self.size * 1.35
        canvas.restoreState()


class RepBoxes(Flowable):  # type: ignore[misc]
    """A lead-in word and a row of labelled tick boxes, e.g. one per day of the week."""

    def __init__(
        self, lead: str, labels: Sequence[str], box: float, font: str, size: float,
        stroke: str = "#000000", gap: float = 10.0,
    ) -> None:
        super().__init__()
        self.lead = lead
        self.labels = list(labels)
        self.box, self.font, self.size = box, font, size
        self.stroke = stroke
        self.gap = gap
        self._stacked = False

    def __repr__(self) -> str:
        return f"RepBoxes({self.lead!r}, {self.labels!r})"


    def _cell(self) -> float:
        widest = max(float(stringWidth(label, self.font, self.size)) for label in self.labels)
        return max(self.box, widest) + self.gap

    def _lead(self) -> float:
        return float(stringWidth(self.lead, self.font, self.size)) + self.gap

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        row = self._cell() * len(self.labels)
        # The lead-in goes above the boxes when both do not fit on one line.
        self._stacked = self._lead() + row > avail_width
        self.width = row if self._stacked else self._lead() + row
        self.height = self.box + self.size * 1.3 + (self.size * 1.4 if self._stacked else 0)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(self.font, self.size)
        canvas.setStrokeColor(_colour(self.stroke))
        canvas.setLineWidth(1.2)
        if self._stacked:
            lead = 0.0
            canvas.drawString(0, self.height - self.size * 0.9, self.lead)
        else:
            lead = self._lead()
            canvas.drawString(0, self.box * 0.5 - self.size * 0.35, self.lead)
        cell = self._cell()
        for i, label in enumerate(self.labels):
            centre = lead + i * cell + cell / 2 - self.gap / 2
            canvas.rect(centre - self.box / 2, 0, self.box, self.box, stroke=1, fill=0)
            canvas.drawCentredString(centre, self.box + self.size * 0.35, label)
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


class BlockTooTall(Exception):
    """An Unbreakable block is taller than a whole frame; `key` says which block."""

    def __init__(self, key: str, needed: float, limit: float) -> None:
        super().__init__(f"{key}: needs {needed:.0f} pt, a page holds {limit:.0f} pt")
        self.key, self.needed, self.limit = key, needed, limit


class Unbreakable(KeepTogether):  # type: ignore[misc]
    """KeepTogether that refuses to split: a block taller than `limit` raises BlockTooTall."""

    def __init__(self, flowables: Sequence[Flowable], limit: float, key: str) -> None:
        super().__init__(list(flowables))
        self.limit, self.key = limit, key

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (avail_width, avail_height):
            self.wrap(avail_width, avail_height)
        if self.limit < self._H:
            raise BlockTooTall(self.key, self._H, self.limit)
        result: list[Flowable] = super().split(avail_width, avail_height)
        return result


class Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that may carry a bookmark title (`outline`) for the PDF's outline."""

    outline: str | None = None


def _height(flowables: Sequence[Flowable], width: float) -> float:
    return float(sum(f.wrap(width, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                     for f in flowables))


class Closing(Flowable):  # type: ignore[misc]
    """The three groups that end a document, arranged by the space left on the page.

    All together when they fit here; else the first group here and the other two on the next
    page; else, from the top of a fresh page, all three, or the first two and then the last.
    No group is split, and the first group is never left alone on a page of its own.
    """

    def __init__(self, first: Sequence[Flowable], second: Sequence[Flowable],
                 third: Sequence[Flowable], page: float) -> None:
        super().__init__()
        self.groups = (list(first), list(second), list(third))
        self.page = page

    def __repr__(self) -> str:
        return f"Closing({[len(g) for g in self.groups]}, page={self.page:.0f})"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 0xFFFFFF  # always asks to be split, like KeepTogether

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        first, second, third = self.groups
        every = [*first, *second, *third]
        if _height(every, avail_width) <= avail_height:
            return every
        if avail_height < self.page - 1:  # part of this page is already used
            if _height(first, avail_width) <= avail_height:
                return [*first, KeepTogether([*second, *third])]
            return []  # nothing here: ask again at the top of the next page
        if _height([*first, *second], avail_width) <= avail_height:
            return [*first, *second, KeepTogether(third)]
        return [*first, KeepTogether(second), KeepTogether(third)]
