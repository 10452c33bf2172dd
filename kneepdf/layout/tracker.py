"""The tracker: the handout's exercises by day for N weeks, in bands that never split."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer

from kneepdf.layout.groups import Block, Packed, height_of, trimmed
from kneepdf.layout.kit import Kit
from kneepdf.layout.tagging import artifact, element, field, leaf
from kneepdf.layout.tickbox import field_name, tick_row
from kneepdf.model import Item
from kneepdf.words import ENGLISH, Words

# What a screen reader calls a day's form field (in English for now)
FIELD_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # in form field names
NAME_EMS = 11  # the exercise-name column is at least this many small sizes wide
WEEK_GAP = 1.0  # the space between two weeks side by side, in tracker boxes
ROW_GAP = 2.0  # pt between two rows of boxes
PAIN_HEIGHT = 1.4  # the pain row's cells are this many boxes tall (room for a written 10)


class TrackerBand(Flowable):  # type: ignore[misc]
    """Weeks side by side: a label per week, a day label per column, then a row of tick
    boxes (side `box` pt) per name; the last row is shaded (the pain score). Names wrap in
    the first column. It never splits: a band too tall for what is left goes on."""

    def __init__(self, weeks: Sequence[Paragraph], days: Sequence[Sequence[Paragraph]],
                 names: Sequence[Paragraph], box: float, name_width: float, *,
                 stroke: str, shade: str, rule: str, pain: bool = True,
                 fields: Sequence[Sequence[str | None]] | None = None,
                 text_colour: str = "#000000", font: str = "Helvetica",
                 words: Words = ENGLISH) -> None:
        """`fields[r][7 * w + d]` names the form field of row r, week w, day d of the band
        (a fillable handout), or None: a checkbox on each tick box, and on the shaded pain
        row a text field of two characters. The pain row is PAIN_HEIGHT boxes tall, so a
        score of 10 can be written by hand."""
        super().__init__()
        # What a viewer types in: a form field takes one of the 14 standard fonts, which
        # viewers supply (as they do ZapfDingbats for the checkboxes' ticks).
        self.text_colour, self.font = text_colour, font
        self.words = words  # the language of the fields' spoken names
        self._days = words.day_names
        self.fields = [list(f) for f in fields] if fields is not None else None
        self.pain = pain  # the last row is the pain score (a part of a cut band may not be)
        self.weeks = list(weeks)
        self.days = [list(d) for d in days]
        self.names = list(names)
        self.box, self.name_width = box, name_width
        self.stroke, self.shade, self.rule = stroke, shade, rule
        self._rows: list[float] = []
        self._head = 0.0

    def __repr__(self) -> str:
        return f"TrackerBand({len(self.weeks)} weeks, {len(self.names)} rows)"

    def texts(self) -> list[Paragraph]:
        """Every label in reading order: weeks, days, then the names."""
        return [*self.weeks, *(d for week in self.days for d in week), *self.names]

    def _week_x(self, n: int) -> float:
        return self.name_width + n * (7 + WEEK_GAP) * self.box

    @property
    def box_width(self) -> float:
        """The width in pt of the boxes and the gaps between weeks."""
        n = len(self.weeks)
        return n * 7 * self.box + (n - 1) * WEEK_GAP * self.box

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = self.name_width + self.box_width
        label = max(float(p.wrap(7 * self.box, 1e6)[1]) for p in self.weeks)
        day = max(float(p.wrap(self.box * 2, 1e6)[1]) for week in self.days for p in week)
        self._head = label + day + ROW_GAP
        self._rows = [max(self._box_height(r), float(p.wrap(self.name_width - 4, 1e6)[1]))
                      + ROW_GAP for r, p in enumerate(self.names)]
        self.height = self._head + sum(self._rows)
        return self.width, self.height

    def _box_height(self, row: int) -> float:
        """The height in pt of the boxes of row `row`: taller on the pain row."""
        return self.box * (PAIN_HEIGHT if self.pain and row == len(self.names) - 1 else 1)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        """A table: a row of week labels, a row of day letters (header cells), then a row
        per name (its header cell) with a cell a day, which holds the day's form field in
        a fillable handout; the boxes and rules are artifacts."""
        canvas = self.canv
        canvas.saveState()
        top = self.height
        column: dict[str, str | int] = {"Scope": "Column"}
        with element(canvas, "Table"):
            with element(canvas, "TR"):
                with element(canvas, "TD", attrs={"RowSpan": 2}):
                    pass  # the corner above the names: nothing in it
                for n, label in enumerate(self.weeks):
                    _, h = label.wrap(7 * self.box, 1e6)
                    with element(canvas, "TH", attrs={**column, "ColSpan": 7}):
                        label.drawOn(canvas, self._week_x(n), top - h)
            with element(canvas, "TR"):
                for n, (label, days) in enumerate(zip(self.weeks, self.days, strict=True)):
                    x = self._week_x(n)
                    _, h = label.wrap(7 * self.box, 1e6)
                    for d, day in enumerate(days):
                        style, text = day.style, day.getPlainText()
                        wide = stringWidth(text, style.fontName, style.fontSize)
                        # where the paragraph would set it: centred on its box, the
                        # baseline one font size below the top of its line
                        canvas.setFillColor(style.textColor)
                        canvas.setFont(style.fontName, style.fontSize)
                        with element(canvas, "TH", attrs=column), leaf(canvas, "P"):
                            canvas.drawString(x + d * self.box + (self.box - wide) / 2,
                                              top - h - style.fontSize, text)
            y = top - self._head
            for r, (name, row) in enumerate(zip(self.names, self._rows, strict=True)):
                with element(canvas, "TR"):
                    self._row(r, name, row, y)
                y -= row
        canvas.restoreState()

    def _row(self, r: int, name: Paragraph, row: float, y: float) -> None:
        """Row `r` of names and boxes, `row` pt tall, its top at `y`."""
        canvas = self.canv
        _, h = name.wrap(self.name_width - 4, 1e6)
        middle = y - (row - ROW_GAP) / 2
        with element(canvas, "TH", attrs={"Scope": "Row"}):
            name.drawOn(canvas, 0, middle - h / 2)
        with artifact(canvas):
            canvas.setStrokeColor(HexColor(self.rule))
            canvas.setLineWidth(0.5)
            canvas.line(0, y - row + ROW_GAP / 2, self.name_width - 4, y - row + ROW_GAP / 2)
        last = self.pain and r == len(self.names) - 1
        high = self._box_height(r)
        by = middle - high / 2
        said = " ".join(name.getPlainText().split())
        w = self.words
        said = w("field_pain") if last else w("field_done", name=said.split(":")[0])
        for n in range(len(self.weeks)):
            bx = self._week_x(n)
            names = None if self.fields is None else self.fields[r][7 * n:7 * n + 7]
            week = " ".join(self.weeks[n].getPlainText().split())
            labels = [w("field_day", week=week, day=day, said=said) for day in self._days]
            if last:  # the pain row: a taller shaded cell a day, for a written score
                for d in range(7):
                    self._pain_cell(bx + d * self.box, by, high,
                                    None if names is None else names[d], labels[d])
            else:  # a week's seven boxes: one shared form
                tick_row(canvas, bx, by, self.box, 7, self.stroke, 1.0, names=names,
                         labels=labels, cell=lambda _: element(canvas, "TD"))
            if names is None:  # boxes for a pen only: the week is one empty cell
                with element(canvas, "TD", attrs={"ColSpan": 7}):
                    pass

    def _pain_cell(self, x: float, y: float, high: float, name: str | None,
                   label: str) -> None:
        """A shaded cell for a pain score, with a two-character text field when named
        (`label`: what a screen reader calls it)."""
        canvas = self.canv
        with artifact(canvas):
            canvas.saveState()
            canvas.setFillColor(HexColor(self.shade))
            canvas.setStrokeColor(HexColor(self.stroke))
            canvas.setLineWidth(1.0)
            canvas.rect(x, y, self.box, high, stroke=1, fill=1)
            canvas.restoreState()
        if name is not None:
            with element(canvas, "TD"):
                field(canvas, name)
            canvas.acroForm.textfield(tooltip=label,
                name=name, x=x + 1, y=y + 1, width=self.box - 2, height=high - 2,
                relative=True, maxlen=2, fontName=self.font, fontSize=0,
                borderWidth=0, borderColor=None, fillColor=Color(1, 1, 1, alpha=0),
                textColor=HexColor(self.text_colour), fieldFlags="",
                annotationFlags="print")


def _intro(kit: Kit, exercises: list[Item]) -> str:
    """How to tick, with the example of an exercise of this handout done on some days a
    week ("3 days a week is 3 ticks a week, not 7"); without one when there is none."""
    weekly = [item.dose.days_per_week for item in exercises
              if item.dose.days_per_week is not None
              and item.dose.days_per_week[0] == item.dose.days_per_week[1]
              and 2 <= item.dose.days_per_week[0] <= 6]
    if not weekly:
        return kit.w("tracker_intro")
    days = weekly[0]
    return kit.w("tracker_intro_week", often=kit.w.count("days_a_week", days),
                 ticks=kit.w.count("ticks_a_week", days))


def target(item: Item, w: Words = ENGLISH) -> str:
    """What the tracker asks of an exercise: how often and for how long ("3 days a week",
    "once a day, for 7 to 10 days"), or ""."""
    return ", ".join(value for label, value in item.dose.parts(w)
                     if label in ("How often", "How long"))


def tracker(kit: Kit, weeks: int) -> list[Flowable]:
    """The handout's exercises by day, week by week, with a pain score for each day.

    Weeks sit side by side as many as fit the width (at least NAME_EMS small sizes left for
    the names), in bands that each stay whole on a page; the first band carries the heading.
    """
    exercises = [i for i in kit.h.items if i.is_exercise]
    if not exercises:
        return []
    t, s = kit.t, kit.s
    box = t.tracker
    gap = WEEK_GAP * box
    most = max(1, math.floor((kit.frame_width - NAME_EMS * t.small + gap) / (7 * box + gap)))
    per_band = math.ceil(weeks / math.ceil(weeks / most))
    label = kit.h.stage.high_load_label  # the complete programme marks stage 4's work

    def name(item: Item) -> str:
        often = target(item, kit.w)
        text = kit.rich(item.name) + (f": <b>{kit.rich(often)}</b>" if often else "")
        return text + (f" <b>({kit.rich(label)})</b>" if label and item.high_load else "")

    names = [*(name(i) for i in exercises), f"<b>{kit.w('pain_row')}</b>"]
    ids = [i.id for i in exercises]
    heading = kit.heading(kit.w("tracker"))
    intro = kit.para(_intro(kit, exercises), s.body)
    continued = [kit.para(kit.w("tracker_continued"), s.stage)]
    room = kit.frame_height - max(height_of([heading, intro], kit.frame_width),
                                  height_of(continued, kit.frame_width)) - t.gap * 2
    # The pt a page holds under "My tracker (continued)", and the pt under the heading and
    # the intro on a page of the tracker's own (a part of a band too tall for a page is cut
    # to fill what is left).
    top = height_of(continued, kit.frame_width) + t.gap
    under = height_of([heading, intro], kit.frame_width) + t.gap
    bands = []
    for start in range(1, weeks + 1, per_band):
        span = list(range(start, min(start + per_band, weeks + 1)))
        width = kit.frame_width - len(span) * 7 * box - (len(span) - 1) * gap

        def band(rows: list[str], first: int = 0, span: list[int] = span,
                 width: float = width) -> TrackerBand:
            fields = None
            if kit.h.fillable:  # e.g. "w2-wed-step-up"; the pain row "pain-w2-wed"
                fields = [[field_name(f"w{n}", day, ids[first + r])
                           if first + r < len(ids) else field_name("pain", f"w{n}", day)
                           for n in span for day in FIELD_DAYS] for r in range(len(rows))]
            return TrackerBand(
                [kit.para(kit.w("week", n=n), s.tracker_bold) for n in span],
                [[kit.para(day, s.tracker) for day in kit.w.weekdays] for _ in span],
                [kit.para(name, s.tracker) for name in rows],
                box, width, stroke=t.text, shade=t.dose_fill, rule=t.muted,
                pain=first + len(rows) == len(names), fields=fields, text_colour=t.text,
                words=kit.w)

        bands.append((start, band))
    cut = any(band(names).wrap(kit.frame_width, 1e6)[1] > room for _, band in bands)

    def blocks_for(space: float) -> list[Block]:
        """The bands as blocks; with `space`, the pt the tracker may take on its first page
        (all of a page when it starts one)."""
        left = space - under
        blocks: list[Block] = []
        for start, band in bands:
            # A band taller than a page (many exercises, or large print) goes in parts, each
            # with its week and day labels, cut to fill the pages in turn (see `cuts`).
            def high(k: int, n: int, band: Callable[..., TrackerBand] = band) -> float:
                return float(band(names[k:k + n], k).wrap(kit.frame_width, 1e6)[1])

            sizes = (cuts(len(names), high, left, kit.frame_height - top, gap=t.gap * 1.5)
                     if cut else [len(names)])
            k = 0
            for size in sizes:
                piece = band(names[k:k + size], k)
                blocks.append((f"tracker-{start}-{k}", [piece, Spacer(1, t.gap * 1.5)]))
                left = _left_after(left, piece.wrap(kit.frame_width, 1e6)[1], t.gap * 1.5,
                                   kit.frame_height - top)
                k += size
        blocks[0] = ("tracker", [heading, intro, *blocks[0][1]])
        return blocks

    return [Tracker(blocks_for(kit.frame_height), kit.frame_height, continued,
                    recut=blocks_for if cut else None)]


class Tracker(Packed):
    """The tracker's bands packed as Packed packs blocks. With `recut` (bands cut in parts:
    see `cuts`), a tracker that starts part way down a page, where its heading and a first
    part of at least MIN_ROWS rows fit, is cut anew to fill that page first."""

    def __init__(self, blocks: Sequence[Block], limit: float, continued: Sequence[Flowable],
                 recut: Callable[[float], list[Block]] | None = None) -> None:
        super().__init__(blocks, limit, continued)
        self.recut = recut

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self.recut is not None and avail_height < self.limit - 1:
            blocks = self.recut(avail_height)
            first = height_of(trimmed(blocks[0][1]), avail_width)
            if first <= avail_height:
                return Packed(blocks, self.limit, self.continued).split(avail_width,
                                                                        avail_height)
        return super().split(avail_width, avail_height)


MIN_ROWS = 3  # a part of a band cut across pages holds at least this many rows


def _left_after(left: float, high: float, gap: float, page: float) -> float:
    """The pt left on the page after a part `high` pt tall goes where `left` pt are left
    (or on a new page of `page` pt when it does not fit)."""
    return (left if high <= left else page) - high - gap


def cuts(rows: int, height: Callable[[int, int], float], left: float, page: float,
         gap: float = 0.0) -> list[int]:
    """How many rows each part of a band takes, so the parts fill the pages in turn:
    `height(k, n)` is the height in pt of rows k to k + n, `left` the pt left on the page
    the first part may go on and `page` the pt of a page after the first; parts are `gap`
    pt apart. A part holds as many rows as fit what is left of its page, at least
    MIN_ROWS (else it starts a new page), and leaves at least MIN_ROWS for the last."""
    out: list[int] = []
    k = 0
    while k < rows:
        fits = 0
        while k + fits < rows and height(k, fits + 1) <= left:
            fits += 1
        rest = rows - k - fits
        if 0 < rest < MIN_ROWS:
            fits = max(0, fits - (MIN_ROWS - rest))
        if fits < min(MIN_ROWS, rows - k):
            if left >= page:  # a whole page holds less than MIN_ROWS: one row a part
                fits = 1
            else:
                left = page
                continue
        out.append(fits)
        left = _left_after(left, height(k, fits), gap, page)
        k += fits
    return out
