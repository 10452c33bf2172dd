"""The end of a handout after the tracker: timeline, flare-up plan, "Move on when", disclaimer."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from kneepdf.layout.groups import Block, Packed, height_of
from kneepdf.layout.kit import Kit
from kneepdf.layout.steps import checklist
from kneepdf.model import Handout
from kneepdf.words import Words


def move_on(kit: Kit) -> list[Flowable]:
    """"Move on to the next stage when" (or "You are done when") as a checklist."""
    h = kit.h
    last = not (h.stage.number and h.stage.number < h.stage_count)
    title = kit.w("done_when") if last else kit.w("move_on")
    rows = [[kit.para(kit.rich(line), kit.s.body)] for line in h.move_on]
    return [
        kit.heading(title),
        kit.para(kit.w("move_on_intro"), kit.s.body),
        checklist(kit, rows, space=kit.t.gap,
                  names=[f"move-on-{n}" for n in range(1, len(rows) + 1)]),
        Spacer(1, kit.t.gap),
    ]


def timeline(kit: Kit) -> list[Flowable]:
    """How long the stage usually lasts and when to come back (with the programme, before
    the steps), never split."""
    if kit.h.timeline is None:
        return []
    return [Packed([("timeline", [kit.heading(kit.w("timeline")),
                                  *kit.bullets(tuple(kit.h.timeline))])], kit.frame_height),
            Spacer(1, kit.t.gap)]


def flare_up(kit: Kit) -> Block:
    """The plan for a bad day."""
    return ("flare-up", [kit.heading(kit.h.safety.flare_up_title),
                         *kit.bullets(kit.h.flare_up), Spacer(1, kit.t.gap)])


def disclaimer(kit: Kit) -> list[Flowable]:
    """The full disclaimer and the content's version and review date."""
    return [
        kit.para(kit.w("please_read"), kit.s.subheading),
        kit.para(kit.rich(kit.h.safety.disclaimer_full), kit.s.body),
        kit.para(kit.rich(version_text(kit.h)), kit.s.body),
    ]


def version_text(handout: Handout) -> str:
    """"Content version 2.0, reviewed 30 Nov 2026"; a translation adds which version it
    was made from and whether a clinician has reviewed it."""
    w = Words(handout.lang)
    text = w("version", version=handout.version)
    if handout.reviewed is not None:
        text += w("reviewed", date=w.date(handout.reviewed))
    text += "."
    tr = handout.translation
    if tr is not None:
        review = (w("translation_reviewed", name=tr.reviewed_by,
                    date=w.date(tr.review_date) if tr.review_date else "")
                  if tr.reviewed_by else w("translation_draft"))
        text += w("translation", version=tr.translated_from, review=review)
    return text


def fits_together(kit: Kit) -> bool:
    """Whether the flare-up plan, "Move on when" and "Please read" fit one page."""
    together = [*flare_up(kit)[1], *move_on(kit), *disclaimer(kit)]
    return height_of(together, kit.frame_width) <= kit.frame_height


def plan_alone(kit: Kit) -> list[Flowable]:
    """The flare-up plan as a part of its own, never split: it goes after the steps when
    the closing parts do not fit one page together."""
    return [Packed([flare_up(kit)], kit.frame_height)]


def closing(kit: Kit, plan: bool = True) -> list[Flowable]:
    """The closing parts after the tracker: the flare-up plan (unless `plan` is False: it
    went after the steps), "Move on when" and "Please read", together on the last page
    (each whole, as many to a page as fit, when they do not fit one page)."""
    blocks: list[Block] = [("move-on", move_on(kit)), ("disclaimer", disclaimer(kit))]
    if plan:
        blocks.insert(0, flare_up(kit))
    together = [f for _, block in blocks for f in block]
    if height_of(together, kit.frame_width) <= kit.frame_height:
        blocks = [(blocks[0][0], together)]
    return [Packed(blocks, kit.frame_height, widow=kit.frame_height * 0.3)]
