"""The guide's steps: how to use the sheet, each step's advice checklist and exercise blocks."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from kneepdf.layout.exercise import exercise_blocks
from kneepdf.layout.flowables import Checklist
from kneepdf.layout.groups import Block, Packed
from kneepdf.layout.kit import Kit
from kneepdf.model import HandoutStep, Item


def how_to_use(kit: Kit) -> list[Flowable]:
    """"How to use this sheet": short bullets, kept together."""
    return [KeepTogether([kit.heading("How to use this sheet"), *kit.bullets(kit.h.how_to_use)]),
            Spacer(1, kit.t.gap)]


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


def checklist(kit: Kit, rows: list[list[Flowable]], space: float | None = None) -> Checklist:
    t = kit.t
    return Checklist(rows, box=t.tick, gap=t.gap * 1.5, stroke=t.text,
                     row_space=t.gap * 1.2 if space is None else space)


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
    opening: list[Flowable] = [kit.heading(f"{number}. {step.title}")]
    if step.intro:
        opening.append(kit.para(kit.rich(step.intro), kit.s.body))
    opening += kit.bullets(step.points)
    if step.note:
        opening.append(kit.caution([step.note]))
    blocks: list[Block] = []
    advice = [i for i in hs.items if not i.is_exercise]
    if advice:
        lead = kit.para("Tick each one you are doing:", kit.s.label)
        for n, item in enumerate(advice):
            rows = [checklist(kit, [advice_row(kit, item)]), Spacer(1, kit.t.gap * 1.2)]
            blocks.append((item.id, [lead, *rows] if n == 0 else rows))
        blocks[-1][1].append(Spacer(1, kit.t.gap))
    whole = True
    for item in hs.items:
        if item.is_exercise:
            parts = exercise_blocks(kit, item, hs.progressions, None if blocks else opening)
            whole = whole and len(parts) == 1
            blocks += parts
    if not blocks:
        return [KeepTogether(opening)]
    if advice:
        blocks[0] = (blocks[0][0], [*opening, *blocks[0][1]])
    continued = [kit.para(f"{number}. {kit.rich(step.title)} (continued)", kit.s.stage)]
    # Exercises of a step may trade places to fill a page; advice rows and parts may not.
    reorder = whole and not advice
    return [Packed(blocks, kit.frame_height, continued, reorder=reorder)]
