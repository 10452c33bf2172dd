"""The tracker: the handout's exercises by day for N weeks, in bands that never split."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Paragraph, Spacer

from kneepdf.layout.groups import Block, Packed, height_of
from kneepdf.layout.kit import Kit
from kneepdf.layout.tickbox import field_name, tick_box

DAYS = ("M", "T", "W", "T", "F", "S", "S")  # as calendars print them; a box each
FIELD_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # in form field names
NAME_EMS = 11  # the exercise-name column is at least this many small sizes wide
WEEK_GAP = 1.0  # the space between two weeks side by side, in tracker boxes
ROW_GAP = 2.0  # pt between two rows of boxes


class TrackerBand(Flowable):  # type: ignore[misc]
    """Weeks side by side: a label per week, a day label per column, then a row of tick
    boxes (side `box` pt) per name; the last row is shaded (the pain score). Names wrap in
    the first column. It never splits: a band too tall for what is left goes on."""

    def __init__(self, weeks: Sequence[Paragraph], days: Sequence[Sequence[Paragraph]],
                 names: Sequence[Paragraph], box: float, name_width: float, *,
                 stroke: str, shade: str, rule: str, pain: bool = True,
                 fields: Sequence[Sequence[str | None]] | None = None) -> None:
        """`fields[r][7 * w + d]` names the form checkbox of row r, week w, day d of the
        band (a fillable handout), or None; the shaded pain row takes no checkbox."""
        super().__init__()
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
        self._rows = [max(self.box, float(p.wrap(self.name_width - 4, 1e6)[1])) + ROW_GAP
                      for p in self.names]
        self.height = self._head + sum(self._rows)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        top = self.height
        for n, (label, days) in enumerate(zip(self.weeks, self.days, strict=True)):
            x = self._week_x(n)
            _, h = label.wrap(7 * self.box, 1e6)
            label.drawOn(canvas, x, top - h)
            for d, day in enumerate(days):
                _, dh = day.wrap(self.box * 2, 1e6)
                day.drawOn(canvas, x + d * self.box + (self.box - day.minWidth()) / 2,
                           top - h - dh)
        y = top - self._head
        for r, (name, row) in enumerate(zip(self.names, self._rows, strict=True)):
            _, h = name.wrap(self.name_width - 4, 1e6)
            middle = y - (row - ROW_GAP) / 2
            name.drawOn(canvas, 0, middle - h / 2)
            canvas.setStrokeColor(HexColor(self.rule))
            canvas.setLineWidth(0.5)
            canvas.line(0, y - row + ROW_GAP / 2, self.name_width - 4, y - row + ROW_GAP / 2)
            last = self.pain and r == len(self.names) - 1
            for n in range(len(self.weeks)):
                for d in range(7):
                    bx = self._week_x(n) + d * self.box
                    by = middle - self.box / 2
                    if last:
                        canvas.setFillColor(HexColor(self.shade))
                        canvas.rect(bx, by, self.box, self.box, stroke=0, fill=1)
                    name = None if last or self.fields is None else self.fields[r][7 * n + d]
                    tick_box(canvas, bx, by, self.box, self.stroke, 1.0, name=name)
            y -= row
        canvas.restoreState()


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
    names = [*(kit.rich(i.name) + (f" <b>({kit.rich(label)})</b>" if label and i.high_load
                                   else "") for i in exercises), "<b>Pain score 0 to 10</b>"]
    ids = [i.id for i in exercises]
    heading = kit.heading("My tracker")
    intro = kit.para("Each day, tick an exercise when you have done it. At the end of the "
                     "day, write your pain score from 0 to 10 in the last row.", s.body)
    continued = [kit.para("My tracker (continued)", s.stage)]
    room = kit.frame_height - max(height_of([heading, intro], kit.frame_width),
                                  height_of(continued, kit.frame_width)) - t.gap * 2
    blocks: list[Block] = []
    for start in range(1, weeks + 1, per_band):
        span = list(range(start, min(start + per_band, weeks + 1)))
        width = kit.frame_width - len(span) * 7 * box - (len(span) - 1) * gap

        def band(rows: list[str], first: int = 0, span: list[int] = span,
                 width: float = width) -> TrackerBand:
            fields = None
            if kit.h.fillable:  # e.g. "w2-wed-step-up"; the pain row has none
                fields = [[field_name(f"w{n}", day, ids[first + r])
                           if first + r < len(ids) else None
                           for n in span for day in FIELD_DAYS] for r in range(len(rows))]
            return TrackerBand(
                [kit.para(f"Week {n}", s.tracker_bold) for n in span],
                [[kit.para(day, s.tracker) for day in DAYS] for _ in span],
                [kit.para(name, s.tracker) for name in rows],
                box, width, stroke=t.text, shade=t.dose_fill, rule=t.muted,
                pain=first + len(rows) == len(names), fields=fields)

        # A band taller than a page (many exercises in large print) goes in as few
        # parts as fit, each with its week and day labels.
        pieces = 1
        while pieces < len(names) and band(
                names[:math.ceil(len(names) / pieces)]).wrap(kit.frame_width, 1e6)[1] > room:
            pieces += 1
        size = math.ceil(len(names) / pieces)
        for k in range(0, len(names), size):
            blocks.append((f"tracker-{start}-{k}",
                           [band(names[k:k + size], k), Spacer(1, t.gap * 1.5)]))
    blocks[0] = ("tracker", [heading, intro, *blocks[0][1]])
    return [Packed(blocks, kit.frame_height, continued)]
