"""One exercise as blocks: name, purpose, dose line with rep boxes, picture beside the steps."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Spacer, Table

from kneepdf.layout.doseline import DoseLine
from kneepdf.layout.flowables import Beside, Stack
from kneepdf.layout.groups import Block, height_of
from kneepdf.layout.kit import Kit, tick_count
from kneepdf.layout.tickbox import field_name
from kneepdf.layout.video import VideoCode
from kneepdf.model import Item
from kneepdf.pictures import GAP, draw
from kneepdf.theme import video_for

MIN_STEPS = 2  # a page split leaves at least this many steps on each side
TEXT_EMS = 16  # the steps beside a picture need a column at least this many body sizes wide


def exercise_blocks(kit: Kit, item: Item, progressions: bool,
                    lead: list[Flowable] | None = None, reserve: float = 0.0) -> list[Block]:
    """The exercise as one block, or, when taller than a page, as parts split between
    numbered steps: each later part opens with "<name> (continued)" and the picture stays
    with the first part. `lead` (a step's opening) goes at the top of the first block;
    every block leaves `reserve` pt free for the step's "(continued)" line above it.
    Every block is keyed by the item's id."""
    lead = lead or []
    name = kit.para(kit.rich(item.name), kit.s.subheading)
    head = _head(kit, item)
    tail = _tail(kit, item, progressions)
    steps = [kit.para(kit.rich(line), kit.s.numbered, bulletText=f"{n}.")
             for n, line in enumerate(item.instructions, 1)]
    whole = [*lead, name, *_with_picture(kit, item, head, steps), *tail]
    limit = kit.frame_height - reserve
    if height_of(whole, kit.frame_width) <= limit:
        return [(item.id, whole)]
    parts = _parts(kit, item, [*lead, name], head, steps, tail, limit, limit)
    return [(item.id, part) for part in parts]


def _parts(kit: Kit, item: Item, top: list[Flowable], head: list[Flowable],
           steps: list[Flowable], tail: list[Flowable], first: float,
           limit: float, most: int | None = None) -> list[list[Flowable]]:
    """The first part fits `first` pt (at least one step, at most `most`), every later
    part `limit` pt."""
    width = kit.frame_width
    k = 1
    while k < min(len(steps), most or len(steps)) and height_of(
            [*top, *_with_picture(kit, item, head, steps[:k + 1])], width) <= first:
        k += 1
    parts = [[*top, *_with_picture(kit, item, head, steps[:k])]]
    current: list[Flowable] = []
    for step in steps[k:]:
        if current and height_of([*_continued(kit, item), *current, step], width) > limit:
            parts.append([*_continued(kit, item), *current])
            current = []
        current.append(step)
    last = [*_continued(kit, item), *current] if current else []
    if last and height_of([*last, *tail], width) <= limit:
        parts.append([*last, *tail])
    else:
        if last:
            parts.append(last)
        parts.append([*_continued(kit, item), *tail])
    return parts


def _continued(kit: Kit, item: Item) -> list[Flowable]:
    return [kit.para(f"{kit.rich(item.name)} (continued)", kit.s.subheading)]


def _head(kit: Kit, item: Item) -> list[Flowable]:
    """What it is for, what you need and the dose line: beside the picture, above the steps."""
    s, t = kit.s, kit.t
    out: list[Flowable] = [kit.para(kit.rich(item.purpose), s.body)]
    if item.equipment:
        out.append(kit.para(f"<b>You need:</b> {kit.rich(', '.join(item.equipment))}", s.body))
    if item.start_test:
        out.append(kit.para(f"<b>Start only when:</b> {kit.rich(item.start_test)}", s.body))
    if not item.dose.is_empty():
        phrases = item.dose.line()
        phrases[0] = phrases[0][:1].upper() + phrases[0][1:]
        boxes = tick_count(item.dose)
        out.append(DoseLine(
            phrases, kit.fonts.regular, kit.fonts.bold, t.body,
            fill=t.dose_fill, stroke=t.accent, text=t.text, padding=t.gap / 2,
            boxes=boxes, box=t.tick, lead="Sets done:" if boxes > 1 else "Done:",
            field=field_name("rep", item.id) if kit.h.fillable else None,
        ))
        out.append(Spacer(1, t.gap))
    return out


def _with_picture(kit: Kit, item: Item, head: list[Flowable],
                  steps: list[Flowable]) -> list[Flowable]:
    """The text and the picture in whichever arrangement is shortest: the frames side by side
    (or one above the other in a column) at the right of the text before the steps and of
    as many steps as fit beside them, the other steps full width below; or the picture above
    it all (side by side only when that fits the width: three frames may not). A column
    beside the picture narrower than TEXT_EMS body sizes is not used."""
    text = [*head, *steps]
    code = _video(kit, item)
    gap = kit.t.gap * 2
    space = Spacer(1, kit.t.gap / 2)
    if item.pose is None:
        if code is None:
            return text
        return [Beside(head, code, gap=gap), space, *steps]
    pose = item.pose
    picture: Flowable = draw(pose, mirror=kit.mirror, frame_width=kit.t.picture,
                             font=kit.fonts.bold, badge=kit.t.body, reuse=kit.reuse)
    pictures: list[Flowable] = [picture]
    if len(pose.frames) > 1:
        pictures.append(draw(pose, mirror=kit.mirror, frame_width=kit.t.picture,
                             font=kit.fonts.bold, badge=kit.t.body, stacked=True,
                             reuse=kit.reuse))
    if code is not None:  # the code to the clinic's video goes under the picture, centred
        pictures = [Stack([shown, _video(kit, item, shown.width) or code], gap=GAP)
                    for shown in pictures]
        picture = pictures[0]
    options = [[shown, Spacer(1, kit.t.gap), *text] for shown in pictures
               if shown.width <= kit.frame_width]  # three frames side by side may not fit
    for shown in pictures:
        if kit.frame_width - shown.width - gap < TEXT_EMS * kit.t.body:
            continue
        for k in range(len(steps) + 1):
            beside = [*head, *steps[:k]]
            if beside:
                options.append([Beside(beside, shown, gap=gap), space, *steps[k:]])
    width = kit.frame_width
    return min(options, key=lambda option: height_of(option, width))


def _video(kit: Kit, item: Item, width: float = 0.0) -> VideoCode | None:
    """The QR code to the exercise's video (its own `video`, else the style's `videos`
    pattern) with its address wrapped under it, `width` pt wide at most (at least the
    code's own size); None when the exercise has no video."""
    url = video_for(item.video, kit.t.videos, item.id)
    if not url:
        return None
    code = VideoCode(url, kit.fonts.regular, kit.t.small, kit.t.text, reuse=kit.reuse)
    code.wrap(max(width, code.side * 1.6), 1e6)
    return code


def plan_table(kit: Kit, rows: tuple[tuple[str, ...], ...]) -> Table:
    """An exercise's plan (the walk-jog plan) as a table across the text width: the first
    row the bold column headings on the dose line's colour, a rule under every row; the
    headings repeat on a page the table continues on."""
    s, t = kit.s, kit.t
    cells = [[kit.para(kit.rich(cell), s.cell_bold if n == 0 else s.cell) for cell in row]
             for n, row in enumerate(rows)]
    width = kit.frame_width / len(rows[0])
    table = Table(cells, colWidths=[width] * len(rows[0]), repeatRows=1, hAlign="LEFT")
    table.setStyle(kit.table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(t.dose_fill)),
        ("BOX", (0, 0), (-1, -1), 0.8, HexColor(t.accent)),
        ("LINEBELOW", (0, 0), (-1, -1), 0.6, HexColor(t.muted)),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _tail(kit: Kit, item: Item, progressions: bool) -> list[Flowable]:
    t = kit.t
    out: list[Flowable] = []
    if item.table:
        out += [Spacer(1, t.gap / 2), plan_table(kit, item.table), Spacer(1, t.gap)]
    if item.cautions:
        out.append(Spacer(1, t.gap / 2))
        out.append(kit.caution(item.cautions))
    if progressions and item.progressions:
        out.append(kit.para("When it gets easy:", kit.s.label))
        out += kit.bullets(item.progressions)
    out.append(Spacer(1, t.gap * 1.2))
    return out
