"""Turn a Handout and a Theme into the list of flowables that make the pages, in order."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from kneepdf.layout import closing, page_one, steps
from kneepdf.layout.exercise import exercise_blocks
from kneepdf.layout.fonts import FontSet
from kneepdf.layout.groups import Packed, Unbreakable
from kneepdf.layout.kit import Kit
from kneepdf.layout.tracker import tracker
from kneepdf.model import Handout, Item
from kneepdf.reuse import Reuse
from kneepdf.theme import Theme

RED_FLAGS = "red-flags"  # the key of the page-1 block in BlockTooTall


def parts(handout: Handout, theme: Theme, fonts: FontSet, reuse: Reuse | None = None,
          reorder: bool = True, timeline_first: bool = True, information_last: bool = False
          ) -> list[tuple[str, list[Flowable]]]:
    """The story in named parts: header, programme, notes, ..., steps, (the flare-up plan
    when the closing parts do not fit one page), tracker, the steps' information
    (medicines), closing.
    With `reorder`, a block may move up within its step to fill a page. "How long this
    takes" follows "How to use", or, without `timeline_first`, the tracker. With
    `information_last`, a step's information items (medicines) follow the tracker and the
    step points to them; else they print in the step."""
    kit = Kit(handout, theme, fonts, reuse, reorder, information_last)
    light, how = page_one.pain_parts(kit), steps.how_to_use(kit)
    pain: list[Flowable] = [KeepTogether(light)]
    top, moved = page_one.page_one(kit)
    # Page 1 at a glance: the programme follows the pain light (continuing on page 2), or
    # comes first where only it fits under the red-flag box; the notes go with its last
    # row, so they never stand alone on a page.
    programme = page_one.programme(kit, page_one.notes(kit), moved)
    glance = [("pain", pain), ("programme", programme)]
    if not page_one.pain_first(kit, top, light, programme):
        glance.reverse()
    out: list[tuple[str, list[Flowable]]] = [
        ("first-page", [Unbreakable(top, kit.frame_height, RED_FLAGS)]),
        *glance,
        ("how-to-use", how),
        ("timeline", closing.timeline(kit) if timeline_first else []),
        ("condition", page_one.condition(kit)),
        ("conditions", steps.conditions(kit)),
    ]
    for number, hs in enumerate(handout.steps, 1):
        out.append((f"step-{hs.step.id}", steps.step_blocks(kit, number, hs)))
    # When the closing parts do not fit one page together, the flare-up plan follows the
    # steps, so "Move on when" and "Please read" still share the last page.
    together = closing.fits_together(kit)
    if not together:
        out.append(("flare-up", closing.plan_alone(kit)))
    out.append(("tracker", tracker(kit, handout.weeks)))
    # A step that ends on a page where the next step's heading and first exercise almost
    # fit may take its smaller pictures to leave them room.
    groups = [flowables[-1] if flowables else None for name, flowables in out]
    for n, (name, _) in enumerate(out[:-1]):
        group, after = groups[n], groups[n + 1]
        if name.startswith("step-") and isinstance(group, Packed) and isinstance(after, Packed):
            group.follow = after.start_height(kit.frame_width)
    out.append(("information", steps.information(kit)))
    if not timeline_first:
        out.append(("timeline", closing.timeline(kit)))
    out.append(("closing", closing.closing(kit, plan=together)))
    return out


def item_blocks(
    handout: Handout, theme: Theme, fonts: FontSet, reuse: Reuse | None = None
) -> list[tuple[Item, list[list[Flowable]]]]:
    """Each exercise with the blocks it is laid out in (one, or its parts when too tall)."""
    kit = Kit(handout, theme, fonts, reuse)
    return [(item, [block for _, block in exercise_blocks(kit, item, hs.progressions)])
            for hs in handout.steps for item in hs.items if item.is_exercise]


def notes(handout: Handout, theme: Theme, fonts: FontSet,
          reuse: Reuse | None = None) -> list[Flowable]:
    """The clinician's notes box (or lines to write on), which never splits."""
    return page_one.notes(Kit(handout, theme, fonts, reuse))


def first_page(handout: Handout, theme: Theme, fonts: FontSet,
               reuse: Reuse | None = None) -> list[Flowable]:
    """The header and the red-flag box, which must share page 1."""
    return page_one.first_page(Kit(handout, theme, fonts, reuse))
