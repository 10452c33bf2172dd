"""The end of a handout: the tracker for N weeks, then "Move on when" and the disclaimer."""

from __future__ import annotations

import math

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Spacer

from kneepdf.layout.flowables import Band
from kneepdf.layout.groups import Block, Packed
from kneepdf.layout.kit import Kit
from kneepdf.layout.steps import checklist
from kneepdf.model import Handout

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
NAME_EMS = 12  # the exercise-name column is at least this many small sizes wide
WEEK_GAP = 1.0  # the space between two weeks side by side, in tracker boxes


def tracker(kit: Kit, weeks: int) -> list[Flowable]:
    """The handout's exercises by day, week by week, with a pain score for each day.

    Weeks sit side by side as many as fit the width, in bands; each band is a table that
    splits between rows and repeats its week and day labels. The first band carries the
    heading, so it never stands alone at a page foot.
    """
    exercises = [i for i in kit.h.items if i.is_exercise]
    if not exercises:
        return []
    t = kit.t
    box = t.tracker
    week = 7 * box
    gap = WEEK_GAP * box
    most = max(1, math.floor((kit.frame_width - NAME_EMS * t.small + gap) / (week + gap)))
    per_band = math.ceil(weeks / math.ceil(weeks / most))
    out: list[Flowable] = []
    for start in range(1, weeks + 1, per_band):
        span = list(range(start, min(start + per_band, weeks + 1)))
        out.append(_band(kit, span, [i.name for i in exercises], start == 1))
        out.append(Spacer(1, t.gap * 1.5))
    return out


def _band(kit: Kit, weeks: list[int], names: list[str], first: bool) -> Band:
    t, s = kit.t, kit.s
    box = t.tracker
    gap = WEEK_GAP * box
    name_w = kit.frame_width - len(weeks) * 7 * box - (len(weeks) - 1) * gap
    cols = [name_w]
    for n in range(len(weeks)):
        cols += ([gap] if n else []) + [box] * 7
    ncol = len(cols)

    def week_col(n: int) -> int:
        return 1 + n * 8

    rows: list[list[object]] = []
    if first:
        rows.append([[kit.para("My tracker", s.heading), kit.para(
            "Each day, tick an exercise when you have done it. At the end of the day, write "
            "your pain score from 0 to 10 in the last row.", s.body)]] + [""] * (ncol - 1))
    top = len(rows)
    label: list[object] = [""] * ncol
    days: list[object] = [""] * ncol
    for n, number in enumerate(weeks):
        label[week_col(n)] = kit.para(f"Week {number}", s.tracker_bold)
        for d, day in enumerate(DAYS):
            days[week_col(n) + d] = day
    rows += [label, days]
    rows += [[kit.para(kit.rich(name), s.tracker), *[""] * (ncol - 1)] for name in names]
    rows.append([kit.para("Pain score 0 to 10", s.tracker_bold), *[""] * (ncol - 1)])
    heights = [None] * (top + 2) + [box + 2] * (len(names) + 1)
    style: list[tuple[object, ...]] = [
        ("FONTSIZE", (0, 0), (-1, -1), t.small),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, top + 1), (-1, top + 1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LINEBELOW", (0, top + 2), (0, -1), 0.5, HexColor(t.muted)),
    ]
    if first:
        style += [("SPAN", (0, 0), (-1, 0)), ("BOTTOMPADDING", (0, 0), (-1, 0), t.gap)]
    for n in range(len(weeks)):
        c = week_col(n)
        style += [
            ("SPAN", (c, top), (c + 6, top)),
            ("GRID", (c, top + 2), (c + 6, -1), 1, HexColor(t.text)),
            ("BACKGROUND", (c, len(rows) - 1), (c + 6, len(rows) - 1), HexColor(t.dose_fill)),
        ]
    table = Band(rows, colWidths=cols, rowHeights=heights,
                 repeatRows=(top, top + 1) if first else 2)
    table.setStyle(kit.table_style(style))
    if first:
        table.outline = "My tracker"
    return table


def move_on(kit: Kit) -> list[Flowable]:
    """"Move on to the next stage when" (or "You are done when") as a checklist."""
    h = kit.h
    last = not (h.stage.number and h.stage.number < h.stage_count)
    title = "You are done when" if last else "Move on to the next stage when"
    rows = [[kit.para(kit.rich(line), kit.s.body)] for line in h.move_on]
    return [
        kit.heading(title),
        kit.para("Tick each one when it is true for you. Ask your clinician if you are "
                 "not sure.", kit.s.body),
        checklist(kit, rows, space=kit.t.gap),
        Spacer(1, kit.t.gap),
    ]


def timeline(kit: Kit) -> list[Block]:
    """How long the stage usually lasts and when to come back; the plan for a bad day."""
    out: list[Block] = []
    if kit.h.timeline is not None:
        out.append(("timeline", [kit.heading("How long this takes"),
                                 *kit.bullets(tuple(kit.h.timeline))]))
    out.append(("flare-up", [kit.heading(kit.h.safety.flare_up_title),
                             *kit.bullets(kit.h.flare_up), Spacer(1, kit.t.gap)]))
    return out


def disclaimer(kit: Kit) -> list[Flowable]:
    """The full disclaimer and the content's version and review date."""
    return [
        kit.para("Please read", kit.s.subheading),
        kit.para(kit.rich(kit.h.safety.disclaimer_full), kit.s.body),
        kit.para(kit.rich(version_text(kit.h)), kit.s.body),
    ]


def version_text(handout: Handout) -> str:
    """"Content version 2.0, reviewed 30 Nov 2026"."""
    text = f"Content version {handout.version}"
    if handout.reviewed is not None:
        text += ", reviewed " + handout.reviewed.strftime("%d %b %Y").lstrip("0")
    return text + "."


def closing(kit: Kit) -> list[Flowable]:
    """The closing parts after the tracker, each whole, as many to a page as fit; the last
    never goes alone to a page of its own when the part before it can go with it."""
    blocks: list[Block] = [*timeline(kit), ("move-on", move_on(kit)),
                           ("disclaimer", disclaimer(kit))]
    return [Packed(blocks, kit.frame_height, widow=kit.frame_height * 0.3)]
