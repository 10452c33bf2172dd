"""The guide's steps: how to use the sheet, each step's advice checklist and exercise blocks."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from kneepdf.layout.exercise import exercise_blocks
from kneepdf.layout.flowables import Checklist
from kneepdf.layout.groups import Block, Packed, height_of
from kneepdf.layout.kit import BULLET, Kit
from kneepdf.layout.tickbox import field_name
from kneepdf.model import HandoutStep, Item


def how_to_use(kit: Kit) -> list[Flowable]:
    """"How to use this sheet": short bullets under their heading, never split across pages;
    one line each, so without space between them, which helps them share page 1."""
    lines: list[Flowable] = [kit.para(kit.rich(line), kit.s.how_to_use, bulletText=BULLET)
                             for line in kit.h.how_to_use]
    return [Packed([("how-to-use", [kit.heading("How to use this sheet"), *lines])],
                   kit.frame_height), Spacer(1, kit.t.gap)]


def conditions(kit: Kit) -> list[Flowable]:
    """The common causes of inner knee pain (the complete programme only)."""
    h = kit.h
    if not h.conditions:
        return []
    blocks: list[Block] = [("conditions", [kit.heading(h.conditions_title),
                                           kit.para(kit.rich(h.conditions_intro), kit.s.body)])]
    for c in h.conditions:
        blocks.append((c.id, [kit.para(kit.rich(c.name), kit.s.label),
                              kit.para(kit.rich(c.text), kit.s.body)]))
    blocks.append(("other-causes", [kit.para(kit.rich(h.other_causes), kit.s.body)]))
    first = [*blocks[0][1], *blocks[1][1]] if len(blocks) > 1 else blocks[0][1]
    return [Packed([("conditions", first), *blocks[2:]], kit.frame_height)]


def checklist(kit: Kit, rows: list[list[Flowable]], space: float | None = None,
              names: list[str] | None = None) -> Checklist:
    """Rows with a tick box each; in a fillable handout each box is the form checkbox of
    its name in `names`."""
    t = kit.t
    fields: list[str | None] | None = list(names) if names and kit.h.fillable else None
    return Checklist(rows, box=t.tick, gap=t.gap * 1.5, stroke=t.text,
                     row_space=t.gap * 1.2 if space is None else space, names=fields)


def advice_row(kit: Kit, item: Item) -> list[Flowable]:
    """One advice item: bold name, its text, details, a dose in words and cautions."""
    s = kit.s
    row: list[Flowable] = [kit.para(f"<b>{kit.rich(item.name)}.</b> {kit.rich(item.text)}",
                                    s.body)]
    row += kit.bullets(item.details)
    if not item.dose.is_empty():
        row.append(kit.para(f"<b>{kit.rich(item.dose.summary().capitalize())}.</b>", s.body))
    for caution in item.cautions:
        row.append(kit.para(f"<b>Take care:</b> {kit.rich(caution)}", s.body))
    return row


def step_blocks(kit: Kit, number: int, hs: HandoutStep) -> list[Flowable]:
    """A step as one Packed group: its opening stays with its first advice row or exercise;
    a page that continues the step opens with "<number>. <title> (continued)"."""
    step = hs.step
    title = f"{number}. {step.title}"
    if kit.h.stage.number is None and hs.stages:
        title += f" ({stages_text(hs.stages).lower()})"
    opening: list[Flowable] = [kit.heading(title)]
    if step.intro:
        opening.append(kit.para(kit.rich(step.intro), kit.s.body))
    opening += kit.bullets(step.points)
    if step.note:
        opening.append(kit.caution([step.note]))
    blocks: list[Block] = []
    if step.points:  # a long opening may end a page; what follows starts the next one
        blocks.append((step.id, opening))
        opening = []
    advice = [i for i in hs.items if i.kind == "advice"]
    if advice:
        lead = kit.para("Tick each one you are doing:", kit.s.label)
        for n, item in enumerate(advice):
            rows = [checklist(kit, [advice_row(kit, item)], names=[field_name("tick", item.id)]),
                    Spacer(1, kit.t.gap * 1.2)]
            blocks.append((item.id, [lead, *rows] if n == 0 else rows))
        blocks[-1][1].append(Spacer(1, kit.t.gap))
    for item in hs.items:
        if item.is_info:  # medicines and the like: information, never ticked
            blocks.append((item.id, [info_box(kit, item), Spacer(1, kit.t.gap)]))
    continued = [kit.para(f"{number}. {kit.rich(step.title)} (continued)", kit.s.stage)]
    # A block may open a page under the step's "(continued)" line: leave room for it.
    reserve = height_of(continued, kit.frame_width) + kit.s.subheading.spaceBefore
    opened = False  # the opening went into the first exercise's block
    for item in hs.items:
        if item.is_exercise:
            first = None if blocks or not opening else opening
            parts = exercise_blocks(kit, item, hs.progressions, first, reserve)
            if first and len(parts) > 1:
                # Too tall under the opening: the opening stands alone, and the exercise
                # is split only if it does not fit a page by itself.
                blocks.append((step.id, opening))
                parts = exercise_blocks(kit, item, hs.progressions, None, reserve)
                first = None
            opened = opened or first is not None
            blocks += parts
    if not blocks:
        return [KeepTogether(opening)]
    if not opened and opening and blocks[0][1] is not opening:
        blocks[0] = (blocks[0][0], [*opening, *blocks[0][1]])
    # Blocks print in the handout's order, so the programme and the tracker list the
    # exercises in the order of the pages.
    return [Packed(blocks, kit.frame_height, continued)]


def stages_text(numbers: tuple[int, ...]) -> str:
    """(2, 3) as "Stages 2 and 3", (4,) as "Stage 4"."""
    if len(numbers) == 1:
        return f"Stage {numbers[0]}"
    return "Stages " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def info_box(kit: Kit, item: Item) -> Flowable:
    """An information item (medicines) in a box: plain lines, no tick box, no dose styling."""
    inner: list[Flowable] = [
        kit.para(f"<b>{kit.rich(item.name)}.</b> {kit.rich(item.text)}", kit.s.body)]
    inner += kit.bullets(item.details)
    inner += [kit.para(kit.rich(line), kit.s.body) for line in item.cautions]
    return kit.box("info", inner)
