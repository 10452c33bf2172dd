"""One exercise as blocks: name, purpose, dose line with rep boxes, picture beside the steps."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Spacer, Table

from kneepdf.layout.doseline import DoseLine
from kneepdf.layout.flowables import Beside, Column, Stack
from kneepdf.layout.groups import Block, height_of, metrics, stacked
from kneepdf.layout.kit import Kit
from kneepdf.layout.picture import PictureBox, alt_text
from kneepdf.layout.tagging import TableTags, first_row
from kneepdf.layout.video import VideoCode
from kneepdf.model import Item
from kneepdf.pictures import GAP
from kneepdf.pictures import picture as picture_of
from kneepdf.theme import MM, video_for

MIN_STEPS = 2  # a page split leaves at least this many steps on each side
SMALLEST = 40 * MM  # a picture's frames shrink to this at most, and only to fit a page
STEP = 10 * MM  # the sizes tried between the style's and SMALLEST
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
    end = [Spacer(1, kit.t.gap * 1.2)]
    steps = [kit.para(kit.rich(line), kit.s.numbered, bulletText=f"{n}.")
             for n, line in enumerate(item.instructions, 1)]
    limit = kit.frame_height - reserve
    for frame in _frame_widths(kit):  # the style's size; smaller only when that fits a page
        whole = [*lead, name, *_with_picture(kit, item, head, steps, tail, frame), *end]
        if height_of(whole, kit.frame_width) <= limit:
            return [(item.id, whole)]
    parts = _parts(kit, item, [*lead, name], head, steps, [*tail, *end], limit, limit)
    if len(steps) > MIN_STEPS and not any(step in parts[-1] for step in steps):
        # The steps all fit the first part but the rest does not: the last MIN_STEPS steps
        # go with it, so no page holds only "When it gets easy".
        parts = _parts(kit, item, [*lead, name], head, steps, [*tail, *end], limit, limit,
                       most=len(steps) - MIN_STEPS)
    return [(item.id, part) for part in parts]


def smaller_blocks(kit: Kit, item: Item, progressions: bool, reserve: float = 0.0,
                   full: list[Flowable] | None = None) -> list[list[Flowable]]:
    """The exercise as one block with smaller pictures (down to SMALLEST), each shorter than
    the one before and than the block at the style's size; for a page that has room for
    the exercise only with a smaller picture. Empty without a picture. `full` is that block
    at the style's size (`exercise_blocks`' one block) when the caller has it already."""
    if item.pose is None:
        return []
    name = kit.para(kit.rich(item.name), kit.s.subheading)
    head, tail = _head(kit, item), _tail(kit, item, progressions)
    steps = [kit.para(kit.rich(line), kit.s.numbered, bulletText=f"{n}.")
             for n, line in enumerate(item.instructions, 1)]
    out: list[list[Flowable]] = []
    best = kit.frame_height - reserve
    if full is None:
        full = exercise_blocks(kit, item, progressions, None, reserve)[0][1]
    best = min(best, height_of(full, kit.frame_width))
    for frame in _frame_widths(kit)[1:]:
        block = [name, *_with_picture(kit, item, head, steps, tail, frame),
                 Spacer(1, kit.t.gap * 1.2)]
        high = height_of(block, kit.frame_width)
        if high < best - 1:
            out.append(block)
            best = high
    return out


def _frame_widths(kit: Kit) -> list[float]:
    """The picture's frame widths to try, in pt: the style's, then smaller ones down to
    SMALLEST (in steps of STEP)."""
    sizes = [kit.t.picture]
    while sizes[-1] - STEP > SMALLEST + 0.5:
        sizes.append(sizes[-1] - STEP)
    return sizes + ([SMALLEST] if kit.t.picture - 0.5 > SMALLEST else [])


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
    return [kit.para(kit.w("continued", name=kit.rich(item.name)), kit.s.subheading)]


def _need(kit: Kit, item: Item) -> list[Flowable]:
    """"You need: ..." (nothing when the exercise needs nothing)."""
    if not item.equipment:
        return []
    return [kit.para(f"<b>{kit.w('you_need')}</b> {kit.rich(', '.join(item.equipment))}",
                     kit.s.body)]


def _head(kit: Kit, item: Item, need: bool = True) -> list[Flowable]:
    """What it is for, what you need (unless `need` is False: it goes under the picture) and
    the dose line: beside the picture, above the steps."""
    s, t = kit.s, kit.t
    out: list[Flowable] = [kit.para(kit.rich(item.purpose), s.body)]
    if need:
        out += _need(kit, item)
    if item.start_test:
        out.append(kit.para(f"<b>{kit.w('start_when')}</b> {kit.rich(item.start_test)}",
                            s.body))
    if not item.dose.is_empty():
        phrases = item.dose.line(kit.w)
        phrases[0] = phrases[0][:1].upper() + phrases[0][1:]
        # No tick boxes here: the tracker has a box for each day (a box on the exercise
        # could be ticked only once on a sheet used for weeks).
        out.append(DoseLine(
            phrases, kit.fonts.regular, kit.fonts.bold, t.body,
            fill=t.dose_fill, stroke=t.accent, text=t.text, padding=t.gap / 2, words=kit.w,
        ))
        out.append(Spacer(1, t.gap))
    return out


def _with_picture(kit: Kit, item: Item, head: list[Flowable], steps: list[Flowable],
                  tail: Sequence[Flowable] = (), frame: float = 0.0) -> list[Flowable]:
    """The text and the picture in whichever arrangement is shortest: the frames side by side
    (or one above the other in a column) at the right of the text before the steps, of as
    many steps as fit beside them and, when all the steps do, of the cautions and "When it
    gets easy" (`tail`) too; what does not go beside goes full width below; or the picture
    above it all (side by side, or full width where a single frame is shorter). A column
    beside the picture narrower than TEXT_EMS body sizes is not used. Frames are `frame`
    pt wide (the style's size when 0). A tail holding a plan table always goes full width
    below."""
    tail = list(tail)
    text = [*head, *steps, *tail]
    # A plan table spans the text width: then the tail never goes beside the picture.
    after = tail if any(isinstance(f, Table) for f in tail) else []
    tail = [] if after else tail
    code = _video(kit, item)
    gap = kit.t.gap * 2
    space = Spacer(1, kit.t.gap / 2)
    if item.pose is None:
        if code is None:
            return text
        return [Beside(head, code, gap=gap), space, *steps, *tail]
    pose = item.pose
    frame = frame or kit.t.picture
    made = picture_of(pose, mirror=kit.mirror, frame_width=frame, reuse=kit.reuse)
    alt = alt_text(item.name, pose, kit.mirror, w=kit.w)
    picture: Flowable = PictureBox(made, badge=kit.t.body, font=kit.fonts.bold, alt=alt)
    pictures: list[Flowable] = [picture]
    if len(pose.frames) > 1:
        pictures.append(PictureBox(made, badge=kit.t.body, font=kit.fonts.bold, stacked=True,
                                   alt=alt))
    if code is not None:  # the code to the clinic's video goes under the picture, centred
        pictures = [Stack([shown, _video(kit, item, shown.width) or code], gap=GAP)
                    for shown in pictures]
    width = kit.frame_width
    aboves = [[shown, Spacer(1, kit.t.gap), *text] for shown in pictures
              if shown.width <= width]  # three frames side by side may not fit
    # The choice depends only on the values in this key (the item as adapted, which
    # steps and how much of the tail, the size, the style, language and side), never on
    # the patient: handouts of one process measure each arrangement once.
    key = (item, len(head), len(steps), len(tail), len(after), frame, kit.t, kit.fonts.regular,
           kit.fonts.fallback, kit.h.lang, kit.mirror, width)
    choice = kit.reuse.arrangements.get(
        key, lambda: _arrange(kit, item, head, steps, tail, after, pictures, aboves, space))
    if choice[0] == "above":
        return aboves[choice[1]]
    shown = pictures[choice[1]]
    if choice[0] == "other":
        return _others(kit, item, head, steps, tail, after, shown)[choice[2]]
    k = choice[2]
    return [Beside([*head, *steps[:k]], shown, gap=gap), space, *steps[k:], *tail, *after]


def _arrange(kit: Kit, item: Item, head: list[Flowable], steps: list[Flowable],
             tail: list[Flowable], after: list[Flowable], pictures: list[Flowable],
             aboves: list[list[Flowable]], space: Flowable) -> tuple[str, int, int]:
    """Which of `_with_picture`'s arrangements is shortest: ("above", index in `aboves`, 0),
    ("beside", index in `pictures`, steps beside it) or ("other", index in `pictures`,
    index in `_others`)."""
    width = kit.frame_width
    gap = kit.t.gap * 2
    heights = [height_of(o, width) for o in aboves]
    best = min(heights)
    chosen: tuple[str, int, int] = ("above", heights.index(best), 0)
    # The arrangements with steps beside the picture are measured from measures taken once:
    # the text beside the picture at the narrower width, the steps below it and the tail at
    # the full width (as Beside and the frame would stack them); only the shortest is made.
    # The few others (the whole text beside it, or part of it under the picture) are made
    # and measured. The first of equally short arrangements wins, in this order.
    below = metrics(steps, width)
    rest = metrics([*tail, *after], width)
    spacer = metrics([space], width)
    for j, shown in enumerate(pictures):
        inner = width - shown.width - gap
        if inner < TEXT_EMS * kit.t.body:
            continue
        left = metrics([*head, *steps], inner)
        for k in range(len(steps) + 1):
            beside = left[:len(head) + k]
            if not beside:
                continue
            column = sum(m[1] for m in beside) + sum(m[2] for m in beside[:-1])
            high = stacked([(0.0, max(column, float(shown.height)), 0.0), *spacer, *below[k:],
                            *rest])
            if high < best:
                best, chosen = high, ("beside", j, k)
        for m, option in enumerate(_others(kit, item, head, steps, tail, after, shown)):
            high = height_of(option, width)
            if high < best:
                best, chosen = high, ("other", j, m)
    return chosen


def _others(kit: Kit, item: Item, head: list[Flowable], steps: list[Flowable],
            tail: list[Flowable], after: list[Flowable], shown: Flowable) -> list[list[Flowable]]:
    """The arrangements beside `shown` that are made whole to be measured: the whole text
    beside it, or "You need", the cautions and "When it gets easy" under it."""
    gap = kit.t.gap * 2
    others: list[list[Flowable]] = []
    if tail:
        others.append([Beside([*head, *steps, *tail], shown, gap=gap)])
    need, bare = _need(kit, item), _head(kit, item, need=False)
    for under, left_text in (([*need], [*bare, *steps, *tail]),
                             ([*need, *tail], [*bare, *steps]),
                             ([*tail], [*head, *steps])):
        if under:
            column_under = Column([shown, Spacer(1, kit.t.gap / 2), *under], shown.width)
            others.append([Beside(left_text, column_under, gap=gap), *after])
    return others


def _video(kit: Kit, item: Item, width: float = 0.0) -> VideoCode | None:
    """The QR code to the exercise's video (its own `video`, else the style's `videos`
    pattern) with its address wrapped under it, `width` pt wide at most (at least the
    code's own size); None when the exercise has no video."""
    url = video_for(item.video, kit.t.videos, item.id)
    if not url:
        return None
    code = VideoCode(url, kit.fonts.regular, kit.t.small, kit.t.text, reuse=kit.reuse,
                     alt=kit.w("alt_qr", name=item.name, url=url))
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
    table = Table(cells, colWidths=[width] * len(rows[0]), repeatRows=1, hAlign="LEFT",
                  renderCB=TableTags(first_row))
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
        out.append(kit.para(kit.w("when_easy"), kit.s.label))
        out += kit.bullet_list(item.progressions)
    return out
