"""The guide's steps: how to use the sheet, each step's advice checklist and exercise blocks."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from reportlab.platypus import Flowable, KeepTogether, Spacer

from kneepdf.layout.exercise import exercise_blocks, smaller_blocks
from kneepdf.layout.flowables import Checklist
from kneepdf.layout.groups import Block, Later, Packed, height_of, trimmed
from kneepdf.layout.kit import BULLET, Kit
from kneepdf.layout.tickbox import field_name
from kneepdf.model import HandoutStep, Item
from kneepdf.words import ENGLISH, Words


def how_to_use(kit: Kit) -> list[Flowable]:
    """"How to use this sheet": short bullets under their heading, never split across pages;
    one line each, so without space between them, which helps them share page 1."""
    lines: list[Flowable] = [kit.para(kit.rich(line), kit.s.how_to_use, bulletText=BULLET)
                             for line in kit.h.how_to_use]
    return [Packed([("how-to-use", [kit.heading(kit.w("how_to_use")), *lines])],
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
                     row_space=t.gap * 1.2 if space is None else space, names=fields,
                     words=kit.w)


def advice_row(kit: Kit, item: Item) -> list[Flowable]:
    """One advice item: bold name, its text, details, a dose in words and cautions."""
    s = kit.s
    row: list[Flowable] = [kit.para(f"<b>{kit.rich(item.name)}.</b> {kit.rich(item.text)}",
                                    s.body)]
    row += kit.bullet_list(item.details)
    if not item.dose.is_empty():
        row.append(kit.para(f"<b>{kit.rich(item.dose.summary(kit.w).capitalize())}.</b>",
                            s.body))
    for caution in item.cautions:
        row.append(kit.para(f"<b>{kit.w('take_care')}</b> {kit.rich(caution)}", s.body))
    return row


WIDOW = 0.3  # of a page: advice or a medicines box ending a step, shorter, never opens a page alone


def step_blocks(kit: Kit, number: int, hs: HandoutStep) -> list[Flowable]:
    """A step as one Packed group: its opening stays with its first advice row or exercise;
    a page that continues the step opens with "<number>. <title> (continued)"."""
    step = hs.step
    title = f"{number}. {step.title}"
    if kit.h.stage.number is None and hs.stages:
        title += f" ({stages_text(hs.stages, kit.w).lower()})"
    opening: list[Flowable] = [kit.heading(title)]
    if step.intro:
        opening.append(kit.para(kit.rich(step.intro), kit.s.body))
    opening += kit.bullet_list(step.points)
    if step.note:
        opening.append(kit.caution([step.note]))
    blocks: list[Block] = []
    advice = [i for i in hs.items if i.kind == "advice"]
    if advice:
        lead = kit.para(kit.w("tick_doing"), kit.s.label)
        for n, item in enumerate(advice):
            rows = [checklist(kit, [advice_row(kit, item)], names=[field_name("tick", item.id)]),
                    Spacer(1, kit.t.gap * 1.2)]
            blocks.append((item.id, [lead, *rows] if n == 0 else rows))
        blocks[-1][1].append(Spacer(1, kit.t.gap))
    infos = [item for item in hs.items if item.is_info]
    if infos and kit.information_last:
        # Medicines and the like are information, never ticked: the step points to them,
        # and they print in full after the tracker (see `information`), where they may fill
        # a page rather than hold back the next step's exercises. The one-line pointer goes
        # with the step's last block, so it never opens a page alone.
        if blocks:
            blocks[-1][1].extend([pointer(kit), Spacer(1, kit.t.gap)])
        else:
            blocks.append(("information-pointer", [pointer(kit), Spacer(1, kit.t.gap)]))
    else:
        blocks += [(item.id, [info_box(kit, item), Spacer(1, kit.t.gap)]) for item in infos]
    continued = [kit.para(kit.w("continued", name=f"{number}. {kit.rich(step.title)}"),
                          kit.s.stage)]
    # A block may open a page under the step's "(continued)" line: leave room for it.
    reserve = height_of(continued, kit.frame_width) + kit.s.subheading.spaceBefore
    variants: dict[str, Sequence[list[Flowable]]] = {}
    movable: set[str] = set()
    for item in hs.items:
        if item.is_exercise:
            parts = exercise_blocks(kit, item, hs.progressions, None, reserve)
            if len(parts) == 1:  # a whole exercise may move up, or shrink its picture
                movable.add(item.id)
                # Made only when a page tries them.
                variants[item.id] = Later(partial(smaller_blocks, kit, item, hs.progressions,
                                                  reserve, parts[0][1]))
            blocks += parts
    if not blocks:
        return [KeepTogether(opening)]
    if not _fits_under(kit, opening, blocks, variants):
        # No block fits a page under the opening: rather than a page with the opening
        # alone, the first exercise splits between its steps, its first part under it.
        first = next((n for n, (key, _) in enumerate(blocks)
                      if any(i.id == key and i.is_exercise for i in hs.items)), None)
        if first is not None:
            item = next(i for i in hs.items if i.id == blocks[first][0])
            parts = exercise_blocks(kit, item, hs.progressions, opening, reserve)
            movable.discard(item.id)
            variants.pop(item.id, None)
            blocks[first:first + 1] = parts
            opening = []
    # The opening goes on top of whichever block prints first. Within the step a later
    # exercise may move up to fill a page; the document is then laid out again in the
    # printed order, so the programme and the tracker follow the pages.
    # Short advice or a short medicines box that ends the step does not open a page alone
    # when the block before it can go with it (an exercise may: pages stay fewer).
    last = hs.items[-1] if hs.items else None
    boxed = last is not None and not last.is_exercise and (
        not last.is_info or not kit.information_last)
    return [Packed(blocks, kit.frame_height, continued, reorder=kit.reorder, lead=opening,
                   variants=variants, movable=movable,
                   widow=kit.frame_height * WIDOW if boxed else 0.0)]


def _fits_under(kit: Kit, opening: list[Flowable], blocks: list[Block],
                variants: dict[str, Sequence[list[Flowable]]]) -> bool:
    """Whether any block, or a smaller layout of one, fits a page under the opening (a
    block's smaller layouts are made only when the block does not fit)."""
    def fits(option: list[Flowable]) -> bool:
        return height_of(trimmed([*opening, *option]), kit.frame_width) <= kit.frame_height

    return any(fits(block) or any(fits(option) for option in variants.get(key, ()))
               for key, block in blocks)


def stages_text(numbers: tuple[int, ...], w: Words = ENGLISH) -> str:
    """(2, 3) as "Stages 2 and 3", (4,) as "Stage 4"."""
    if len(numbers) == 1:
        return w("stage_one", n=numbers[0])
    return w("stages_many", list=w.join([str(n) for n in numbers]))


def pointer(kit: Kit) -> Flowable:
    """The short box in a step whose information items print after the tracker."""
    return kit.box("info", [kit.para(
        kit.w("information_pointer", name=kit.w("information"), tracker=kit.w("tracker")),
        kit.s.body)])


def information(kit: Kit) -> list[Flowable]:
    """The steps' information items (medicines and the like) in boxes, under one heading,
    each box whole, as many to a page as fit; a page that continues them opens with the
    heading, continued. Nothing when no step has any, or when they print in their steps."""
    blocks: list[Block] = []
    if not kit.information_last:
        return []
    for number, hs in enumerate(kit.h.steps, 1):
        infos = [item for item in hs.items if item.is_info]
        if not infos:
            continue
        opening: list[Flowable] = [kit.para(
            kit.w("information_from", name=f"{number}. {kit.rich(hs.step.title)}"),
            kit.s.label)]
        for n, item in enumerate(infos):
            box: list[Flowable] = [info_box(kit, item), Spacer(1, kit.t.gap)]
            blocks.append((item.id, [*opening, *box] if n == 0 else box))
    if not blocks:
        return []
    continued = [kit.para(kit.w("continued", name=kit.w("information")), kit.s.stage)]
    return [Packed(blocks, kit.frame_height, continued,
                   lead=[kit.heading(kit.w("information"))])]


def info_box(kit: Kit, item: Item) -> Flowable:
    """An information item (medicines) in a box: plain lines, no tick box, no dose styling."""
    inner: list[Flowable] = [
        kit.para(f"<b>{kit.rich(item.name)}.</b> {kit.rich(item.text)}", kit.s.body)]
    inner += kit.bullets(item.details)
    inner += [kit.para(kit.rich(line), kit.s.body) for line in item.cautions]
    return kit.box("info", inner)
