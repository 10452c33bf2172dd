"""Page 1 at a glance: header and details, red flags, the pain traffic light, the programme."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer, Table

from kneepdf.errors import LayoutError
from kneepdf.layout.groups import Block, Packed, height_of
from kneepdf.layout.kit import BULLET, Kit, dose_columns
from kneepdf.layout.markup import numbers_whole
from kneepdf.layout.picture import Thumbnail, alt_text
from kneepdf.layout.tagging import TableTags, first_row, leaf
from kneepdf.model import Item, PatientDetails
from kneepdf.pictures import picture as picture_of
from kneepdf.session import session_text

PAIN_COLUMNS = (0.26, 0.40, 0.34)  # shares of the width: the middle band has the most words
PHONE = re.compile(r"\+?[0-9][0-9 ()\-]*")  # a number alone, as a style may set it
# How page 1 makes room, step by step: (details in small type, red-flag box smaller, title
# and goal smaller, the session time on page 1); the first that fits is used.
PAGE_ONE_STEPS = ((False, False, False, True), (True, False, False, True),
                  (False, True, False, True), (True, True, False, True),
                  (True, True, True, True), (True, True, True, False))


def first_page(kit: Kit) -> list[Flowable]:
    """The header and the red-flag box, which share page 1 (see `page_one`)."""
    return page_one(kit)[0]


def page_one(kit: Kit) -> tuple[list[Flowable], str]:
    """The header and the red-flag box, which share page 1, made smaller only as far as
    page 1 needs, and the session time when it is not among them ("" when it is). In this
    order: the details
    in small type (long details); else the box's lines between the small and the body size,
    with the details at table size (large print: lines to write on stay tall); else both;
    else the title and goal smaller too, with less space under the details; else the
    session time moves to "Your programme" (long details in large print on Letter).
    Nothing is ever under the style's small size; what comes after them (the pain light
    and "How to use") moves to page 2 rather than shrink them."""
    said = session(kit)  # made once, tried at each step
    top: list[Flowable] = []
    here = True
    for compact, small_box, tight, here in PAGE_ONE_STEPS:
        top = [*header(kit, compact=compact, tight=tight, when=said if here else ""),
               *red_flags(kit, small_box)]
        if height_of(top, kit.frame_width) <= kit.frame_height:
            break
    return top, "" if here else said


def header(kit: Kit, compact: bool = False, tight: bool = False,
           when: str = "") -> list[Flowable]:
    """Title, stage line, goal, the session time `when` (see `session`) and the details
    table (blank fields are lines to write on); `compact`: the details, goal and session
    time in small type; `tight`: the title at the stage line's size too, and a quarter of
    the gap under the details."""
    h, s = kit.h, kit.s
    stage = h.stage
    if stage.number is not None:
        line = kit.w("stage_line", n=stage.number, total=h.stage_count, name=stage.name)
    else:
        line = kit.w("all_stages", name=stage.name)
    goal = (s.tracker if tight else s.table) if compact else s.body
    title = kit.para(kit.rich(h.title), s.stage if tight else s.title)
    title.tag = "H1"  # the document's title at any size
    top: list[Flowable] = [title, kit.para(kit.rich(line), s.stage)]
    # How big the task is, before the patient reads on: right under the goal (no gap
    # between; the small styles have none).
    top.append(kit.para(kit.rich(stage.goal), s.cell if when and not compact else goal))
    if when:
        top.append(kit.para(f"<b>{kit.rich(when)}</b>", goal))
    out: list[Flowable] = [_with_logo(kit, top)] if kit.t.logo else top
    # A little air between the goal and the details' first line (the name).
    out += [Spacer(1, kit.t.gap / 4 if tight else kit.t.gap / 2),
            _details(kit, h.details, compact), Spacer(1, kit.t.gap / 4 if tight else kit.t.gap)]
    return out


def session(kit: Kit) -> str:
    """What page 1 says under the goal: about how long one session of the handout's
    exercises takes and how often ("About 20 minutes, once a day."), from their doses as
    printed; "" without exercises. The complete programme is a reference of every stage: no
    one does it all in one session, so it has none (its goal and "Your programme" say who
    picks)."""
    exercises = [i for i in kit.h.items if i.is_exercise]
    if not exercises or kit.h.stage.number is None:
        return ""
    return session_text(exercises, kit.w)


def _with_logo(kit: Kit, top: list[Flowable]) -> Table:
    """The title block on the left, the clinic's logo scaled to fit on the right."""
    from reportlab.lib.utils import ImageReader

    box_w, box_h = kit.t.logo_width, kit.t.logo_height
    reader = ImageReader(io.BytesIO(kit.t.logo_data))  # upright, checked by the loader
    iw, ih = reader.getSize()
    scale = min(box_w / iw, box_h / ih)
    logo = Logo(io.BytesIO(kit.t.logo_data), width=iw * scale, height=ih * scale,
                alt=kit.w("alt_logo"))
    table = Table([[top, logo]], colWidths=[kit.frame_width - box_w - 6, box_w + 6],
                  renderCB=TableTags(layout=True))
    table.setStyle(kit.table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


class Logo(Image):  # type: ignore[misc]
    """The clinic's logo: a Figure on a page that is tagged, `alt` its words."""

    def __init__(self, *args: Any, alt: str = "The clinic's logo", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.alt = alt

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        with leaf(canvas, "Figure", alt=self.alt):
            super().drawOn(canvas, x, y, _sW)


def _details(kit: Kit, d: PatientDetails, compact: bool) -> Table:
    """Name, clinician, clinic and contact each on a full-width line (they may be long),
    then the date, review date and sore knee side by side. Empty values are lines."""
    t, s, w = kit.t, kit.s, kit.w
    review = w.date(d.review_date) if d.review_date else ""
    date = w.date(d.date)
    knee = w(f"knee_{d.side}") if d.side else ""
    wide = [(w("name_label"), d.patient), (w("clinician"), d.clinician),
            (w("clinic"), d.clinic or t.clinic_name),
            (w("questions"), numbers_whole(d.contact or t.contact))]
    short = [(w("date"), date), (w("review"), review), (w("sore_knee"), knee)]
    label, value = (s.tracker_bold, s.tracker) if compact else (s.table_bold, s.table)
    size = float(label.fontSize)
    pad = size * 0.8

    def width(text: str) -> float:
        return float(stringWidth(text, kit.fonts.bold, size)) + pad

    first = max(width(a) for a, _ in wide)
    day = float(stringWidth(w.date(dt.date(2026, 9, 30)), kit.fonts.regular, size)) + pad
    review_w, knee_w, right = (width(w("review")), width(w("sore_knee")),
                                max(width(w("knee_right")), width(w("knee_left"))))
    v = (kit.frame_width - first - review_w - knee_w) / 3
    cols = [first, max(v, day), review_w, max(v, day), knee_w, 0.0]
    cols[-1] = kit.frame_width - sum(cols)
    if cols[-1] < right:  # the type is too large for the page's width
        raise LayoutError(
            f"--style: the patient's details need {sum(cols[:-1]) + right:.0f} pt "
            f"across and a line of style '{t.name}' holds {kit.frame_width:.0f} pt; give "
            f"it a smaller sizes.body ({t.body:g} pt) or page.margin", option="--style")
    rows: list[list[object]] = [
        [kit.para(a, label), kit.para(kit.rich(b), value), "", "", "", ""] for a, b in wide]
    rows.append([cell for a, b in short
                 for cell in (kit.para(a, label), kit.para(kit.rich(b), value))])
    last = len(rows) - 1
    table = Table(rows, colWidths=cols, renderCB=TableTags(
        lambda r, c: "Row" if (c == 0 if r < last else c % 2 == 0) else None,
        spans={(r, 1): 5 for r in range(last)}))
    style: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 1 if compact else 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1 if compact else 2),
    ]
    for row in range(last):
        style += [("SPAN", (1, row), (-1, row)),
                  ("LINEBELOW", (1, row), (-1, row), t.rule, HexColor(t.muted))]
    style += [("LINEBELOW", (c, last), (c, last), t.rule, HexColor(t.muted)) for c in (1, 3, 5)]
    table.setStyle(kit.table_style(style))
    return table


def red_flags(kit: Kit, small: bool = False) -> list[Flowable]:
    """The red-flag box: every handout has it, on page 1. `small`: its lines between the
    small and the body size, for a page 1 short of room (large print)."""
    safety, s = kit.h.safety, kit.s
    title, label, bullet = ((s.flag_title, s.flag_label, s.flag_bullet) if small
                            else (s.warning_title, s.label, s.bullet))
    inner: list[Flowable] = [kit.para(kit.rich(safety.red_flag_title), title)]
    for part in safety.flag_parts(_call(kit, kit.t.urgent), _call(kit, kit.t.emergency)):
        inner.append(kit.para(kit.rich(part.intro) + ":", label))
        inner += [kit.para(kit.rich(line), bullet, bulletText=BULLET) for line in part.items]
    # The heading under it has its own space above: no spacer here.
    return [kit.box("red_flags", inner)]


def _call(kit: Kit, value: str) -> str:
    """A style's "what to call" as the red-flag line says it: a bare phone number with the
    language's words for calling a number ("llame hoy al 061"); other words as written."""
    if PHONE.fullmatch(value):
        return kit.w("call_number", number=value)
    return value


def pain_parts(kit: Kit) -> list[Flowable]:
    """The pain traffic light's heading, lead-in, table of bands and rule, top to bottom
    (`story.parts` keeps them together on one page)."""
    bands = kit.h.safety.pain_bands
    colours = (kit.t.green, kit.t.amber, kit.t.red)
    head, cell = kit.s.band_head, kit.s.cell
    row1 = [kit.para(kit.rich(f"{b.range}: {b.label}"), head) for b in bands]
    row2 = [kit.para(kit.rich(b.text), cell) for b in bands]
    table = Table([row1, row2], colWidths=[kit.frame_width * f for f in PAIN_COLUMNS],
                  renderCB=TableTags(first_row))
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 1, HexColor(kit.t.text)),
        ("INNERGRID", (0, 0), (-1, -1), 1, HexColor(kit.t.text)),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    style += [("BACKGROUND", (i, 0), (i, 0), HexColor(c)) for i, c in enumerate(colours)]
    table.setStyle(kit.table_style(style))
    safety = kit.h.safety
    return [kit.heading(kit.w("pain_heading")),
            kit.para(kit.rich(safety.pain_intro), kit.s.body), table,
            Spacer(1, kit.t.gap / 2),
            kit.para(kit.rich(safety.pain_rule), kit.s.body)]


def pain_first(kit: Kit, top: Sequence[Flowable], pain: Sequence[Flowable],
               programme: Sequence[Flowable]) -> bool:
    """Whether the pain light (`pain`, its `pain_parts`) follows page 1's `top`: where it
    fits under it, or where "Your programme" cannot start there, or the pain light would
    not be on page 2 after it (the complete programme's long table). Else the programme
    fills the foot of page 1 (its heading and first rows, going on to page 2) and the pain
    light follows it, rather than leave that space empty (Letter and Spanish, with the
    session time on page 1)."""
    width = kit.frame_width
    room = kit.frame_height - height_of(top, width)
    light = height_of(pain, width)
    if light <= room:
        return True
    packed = [f for f in programme if isinstance(f, Packed)]
    if not packed or packed[0].start_height(width) > room:
        return True
    table = height_of([*packed[0].continued, *packed[0].flowables()], width)
    return table + light > room + kit.frame_height


def programme(kit: Kit, after: Sequence[Flowable] = (), when: str = "") -> list[Flowable]:
    """"Your programme": each exercise with a small picture, how much and how often, and
    the session time `when` (page 1's, when page 1 has no room for it).

    Two exercises to a row where the width allows, else one; the table splits between rows,
    so it may go on to page 2. `after` (the notes) goes with the last row.
    """
    exercises = [i for i in kit.h.items if i.is_exercise]
    if not exercises:
        return list(after)
    s, t = kit.s, kit.t
    thumbs = [thumb_of(kit, item) for item in exercises]
    thumb = max(float(getattr(x, "width", 0.0)) for x in thumbs)
    thumb = thumb + 6 if thumb else 0.0
    per_row = 2 if (kit.frame_width / 2 - thumb) >= 9 * s.table.fontSize else 1
    cells: list[list[object]] = []
    for item, picture in zip(exercises, thumbs, strict=True):
        much, often = dose_columns(item.dose, kit.w)
        lines = [f"<b>{kit.rich(item.name)}</b>"] + [kit.rich(x) for x in (much, often) if x]
        if item.high_load and kit.h.stage.high_load_label:  # the complete programme
            lines.append(f"<b>{kit.rich(kit.h.stage.high_load_label)}</b>")
        text = kit.para("<br/>".join(lines), s.table)
        cells.append([picture, text] if thumb else [text])
    width = kit.frame_width / per_row
    rows: list[list[object]] = []
    for n in range(0, len(cells), per_row):
        row = [c for cell in cells[n:n + per_row] for c in cell]
        rows.append(row + [""] * (len(cells[0]) * per_row - len(row)))
    cols = ([thumb, width - thumb] if thumb else [width]) * per_row
    style = kit.table_style([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.6, HexColor(t.muted)),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
    ])
    # One table per row, all with the same columns: the heading keeps its first row, and
    # the rows go on to the next page between any two.
    # Each exercise's words (its name first) are the row's header cell: a screen reader
    # announces the exercise with the picture beside it.
    named = 2 if thumb else 1
    tables = [Table([row], colWidths=cols, style=style, renderCB=TableTags(
        row_headers(row, named), key="programme")) for row in rows]
    if kit.h.stage.number is None:  # the complete programme: who picks, not a time
        when = kit.w("programme_all")
    head = [kit.heading(kit.w("programme")),
            kit.para(kit.w.count("programme_intro", len(exercises))
                     + (f"<b>{kit.rich(when)}</b>" if when else ""), s.body)]
    blocks: list[Block] = [(f"programme-{n}", [table]) for n, table in enumerate(tables)]
    blocks[0] = ("programme", [*head, tables[0]])
    last = [*blocks[-1][1], Spacer(1, t.gap), *after]
    if after and height_of(last, kit.frame_width) <= kit.frame_height:
        blocks[-1] = (blocks[-1][0], last)
    elif after:  # long notes: a page of their own
        blocks.append(("notes", list(after)))
    continued = [kit.para(kit.w("programme_continued"), s.stage)]  # on each later page
    return [Packed(blocks, kit.frame_height, continued), Spacer(1, t.gap)]


def row_headers(row: list[object], every: int) -> Callable[[int, int], str | None]:
    """Header cells of a programme row: the last of each `every` cells (an exercise's
    words) when it holds something, not a blank filling the row."""
    return lambda r, c: "Row" if c % every == every - 1 and not isinstance(row[c], str) else None


def thumb_of(kit: Kit, item: Item) -> Flowable | str:
    """A small copy of an exercise's picture for the programme table (only the frame it
    ends on, unmarked, so it stays legible at the style's `thumb` width; never a frame
    marked wrong), or nothing. It places the exercise picture's own form, scaled; a form
    draws nothing outside its box."""
    if item.pose is None:
        return ""
    made = picture_of(item.pose, mirror=kit.mirror, frame_width=kit.t.picture,
                      reuse=kit.reuse)
    return Thumbnail(made, kit.t.thumb, alt_text(item.name, item.pose, kit.mirror, True,
                                                      kit.w))


def notes(kit: Kit) -> list[Flowable]:
    """The clinician's notes in a box, or two lines to write on."""
    text = numbers_whole(kit.h.details.notes)
    title = kit.para(kit.w("notes"), kit.s.label)
    if not text:
        rows = [[kit.para("", kit.s.cell)] for _ in range(2)]
        table = Table(rows, colWidths=[kit.frame_width], rowHeights=[kit.t.leading * 1.3] * 2,
                      renderCB=TableTags(layout=True))
        table.setStyle(kit.table_style([
            ("LINEBELOW", (0, 0), (-1, -1), kit.t.rule, HexColor(kit.t.muted)),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]))
        return [title, table, Spacer(1, kit.t.gap * 1.5)]  # the title keeps with the lines
    lines = "<br/>".join(kit.rich(line) for line in text.splitlines())
    box = kit.box("info", [title, kit.para(lines, kit.s.body)])
    return [box, Spacer(1, kit.t.gap * 1.5)]


def condition(kit: Kit) -> list[Flowable]:
    """A paragraph about the patient's diagnosis, when the clinician chose one."""
    c = kit.h.condition
    if c is None:
        return []
    return [KeepTogether([
        kit.para(kit.w("about_knee", name=kit.rich(c.name)), kit.s.subheading),
        kit.para(kit.rich(c.text), kit.s.body),
    ]), Spacer(1, kit.t.gap)]
