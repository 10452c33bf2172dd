"""The dose line: an exercise's dose in bold on a shaded band, with a rep box per set."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from kneepdf.layout.tagging import artifact, leaf
from kneepdf.layout.tickbox import tick_box
from kneepdf.words import ENGLISH, Words

SEPARATOR = " \u00b7 "  # a middle dot between two phrases
INDENT = 2.0  # pt: the text sits this much further in than the padding, room allowing


class DoseLine(Flowable):  # type: ignore[misc]
    """Phrases such as "Your sore leg", "2 sets of 20" in `bold` at `size` pt, joined by
    middle dots on a shaded band, and `boxes` rep boxes of side `box` pt after `lead`.

    Lines break between phrases (within one only when it is wider than the band); the
    boxes sit at the right end of the last line, on a line of their own when it has no
    room, or at the right of the first line when that takes fewer lines. The band is
    `padding` pt inside on every side, the text a little further in (see `inset`); each
    line is as tall as the text or a box with 2 pt around it, whichever is taller.
    """

    def __init__(
        self, phrases: Sequence[str], font: str, bold: str, size: float,
        fill: str, stroke: str, text: str = "#000000", padding: float = 3.0,
        boxes: int = 0, box: float = 14.0, lead: str = "Done:", field: str | None = None,
        words: Words = ENGLISH,
    ) -> None:
        super().__init__()
        self.words = words  # the language of the boxes' spoken names
        self.phrases = list(phrases)
        self.font, self.bold, self.size = font, bold, size
        self.fill, self.stroke, self.text_colour = fill, stroke, text
        self.padding = padding
        self.boxes, self.box, self.lead = boxes, box, lead
        self.field = field  # with a name, box k is the form checkbox "FIELD-K" (fillable)
        self._lines: list[str] = []
        self._own_line = False  # the boxes need a line of their own
        self._first = False  # the boxes sit at the right of the first line

    def __repr__(self) -> str:
        return f"DoseLine({self.phrases!r}, boxes={self.boxes})"

    @property
    def text(self) -> str:
        """The phrases as printed on one line, e.g. "Your sore leg · 2 sets of 20"."""
        return SEPARATOR.join(self.phrases)

    def _ticks_width(self) -> float:
        if not self.boxes:
            return 0.0
        gap = self.box * 0.4
        return (float(stringWidth(self.lead, self.font, self.size)) + gap
                + self.boxes * self.box + (self.boxes - 1) * gap + self.size)

    def _line_height(self) -> float:
        text = self.size * 1.3
        return max(text, self.box + 4) if self.boxes else text

    def _lines_in(self, usable: float) -> list[str]:
        lines: list[str] = []
        for phrase in self.phrases:
            joined = lines[-1] + SEPARATOR + phrase if lines else phrase
            if lines and stringWidth(joined, self.bold, self.size) <= usable:
                lines[-1] = joined
            else:
                lines += self._words_in(phrase, usable)
        return lines or [""]

    def _words_in(self, phrase: str, usable: float) -> list[str]:
        """A phrase as lines: whole when it fits `usable` pt, else broken between words (a
        long dose in large print), a word wider than the band alone on its line."""
        if stringWidth(phrase, self.bold, self.size) <= usable:
            return [phrase]
        lines: list[str] = []
        for word in phrase.split(" "):
            joined = lines[-1] + " " + word if lines else word
            if lines and stringWidth(joined, self.bold, self.size) <= usable:
                lines[-1] = joined
            else:
                lines.append(word)
        return lines

    def _layout(self, width: float) -> list[str]:
        """The lines, and where the boxes go: after the last line, on a line of their own,
        or (when that takes fewer lines) at the right of the first line, the phrases
        wrapping beside them."""
        usable = width - 2 * self.padding
        lines = self._lines_in(usable)
        last = float(stringWidth(lines[-1], self.bold, self.size))
        self._own_line = bool(self.boxes) and last + self._ticks_width() > usable
        self._first = False
        if self._own_line:
            beside = self._lines_in(usable - self._ticks_width())
            if len(beside) < len(lines) + 1:
                self._own_line, self._first = False, True
                return beside
        return lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self._lines = self._layout(avail_width)
        rows = len(self._lines) + self._own_line
        self.height = rows * self._line_height() + 2 * self.padding
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(HexColor(self.fill))
        canvas.setStrokeColor(HexColor(self.stroke))
        canvas.setLineWidth(1)
        with artifact(canvas):
            canvas.roundRect(0, 0, self.width, self.height, 3, stroke=1, fill=1)
        canvas.setFillColor(HexColor(self.text_colour))
        canvas.setFont(self.bold, self.size)
        line = self._line_height()
        middle = self.height - self.padding - line / 2  # of the first line
        with leaf(canvas, "P"):
            for n, text in enumerate(self._lines):  # a space ends a line: read, words stay apart
                last = n == len(self._lines) - 1
                canvas.drawString(self.inset(), middle - n * line - self.size * 0.35,
                                  text if last else text + " ")
        if self.boxes:
            rows = 0 if self._first else len(self._lines) - 1 + self._own_line
            self._draw_ticks(middle - rows * line)
        canvas.restoreState()

    def inset(self) -> float:
        """Where the text starts (pt from the band's left edge): INDENT inside the padding,
        or less where the widest line leaves less room, so that it ends as far from the
        right edge as it starts from the left (lines break the same either way)."""
        usable = self.width - 2 * self.padding
        widest = max(float(stringWidth(text, self.bold, self.size)) for text in self._lines)
        return self.padding + max(0.0, min(INDENT, (usable - widest) / 2))

    def _draw_ticks(self, middle: float) -> None:
        """The lead word and the boxes, right-aligned and centred on the line `middle`."""
        canvas = self.canv
        gap = self.box * 0.4
        x = self.width - self.padding - self._ticks_width() + self.size
        canvas.setFont(self.font, self.size)
        with leaf(canvas, "P"):
            canvas.drawString(x, middle - self.size * 0.35, self.lead)
        x += float(stringWidth(self.lead, self.font, self.size)) + gap
        canvas.setFillColor(HexColor("#ffffff"))
        for k in range(1, self.boxes + 1):
            y = middle - self.box / 2
            with artifact(canvas):
                canvas.rect(x, y, self.box, self.box, stroke=0, fill=1)  # white in the box
            tick_box(canvas, x, y, self.box, self.text_colour, 1.2,
                     name=f"{self.field}-{k}" if self.field else None,
                     label=self.words("field_set", k=k))
            x += self.box + gap
