"""Lay the story out as PDF pages and return the bytes: document, frame, metadata, outline."""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from typing import Any, NamedTuple

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, doctemplate

from kneepdf.errors import ContentError, ContentErrors, KneepdfError, LayoutError
from kneepdf.layout.fonts import FontSet, fonts_for
from kneepdf.layout.groups import BlockTooTall, Packed, height_of
from kneepdf.layout.kit import Kit, footer_height, footer_text, frame_size
from kneepdf.layout.story import RED_FLAGS, first_page, item_blocks, notes, parts
from kneepdf.layout.tagging import Tagger
from kneepdf.model import Handout, Item
from kneepdf.reuse import Reuse
from kneepdf.theme import Theme
from kneepdf.words import Words
from kneepdf.write.page import numbered_canvas
from kneepdf.write.structure import tag

CREATOR = "kneepdf"
FILL = 0.7  # a page but the last filled less than this is worth another arrangement
HALF = 0.5  # of two arrangements, the one with fewer pages under this full is kept


def handout_texts(handout: Handout) -> dict[str, str]:
    """Every string the handout prints, by where it comes from (for the font check)."""
    d = handout.details
    texts = {
        "--patient": d.patient, "--clinician": d.clinician, "--clinic": d.clinic,
        "--contact": d.contact, "--notes": d.notes,
        "the title": handout.title,
        "the stage": handout.stage.name + handout.stage.goal + handout.stage.high_load_label
        + " ".join(handout.move_on) + " ".join(handout.timeline or ()),
        "the content version": handout.version,
        "the how-to-use lines": " ".join(handout.how_to_use),
    }
    s = handout.safety
    texts["the safety text"] = " ".join(
        [s.red_flag_title, *(line for part in s.flag_parts() for line in (part.intro, *part.items)),
         s.pain_intro, s.pain_rule, s.flare_up_title, *handout.flare_up,
         s.disclaimer_short, s.disclaimer_full]
        + [b.range + b.label + b.text for b in s.pain_bands])
    for hs in handout.steps:
        texts[f"step '{hs.step.id}' ({hs.step.place})"] = " ".join(
            [hs.step.title, hs.step.intro, hs.step.note, *hs.step.points])
        for item in hs.items:
            texts[f"item '{item.id}' ({item.place})"] = " ".join(
                [item.name, item.text, item.purpose, *item.details, *item.equipment,
                 *item.instructions, *item.cautions, *item.progressions, item.start_test,
                 *(cell for row in item.table for cell in row)])
    for c in (*handout.conditions, *([handout.condition] if handout.condition else [])):
        texts[f"condition '{c.id}'"] = c.name + " " + c.text
    return {k: v for k, v in texts.items() if v}


class _Document(BaseDocTemplate):  # type: ignore[misc]
    """Records where each outlined heading lands, for the PDF's bookmarks, and dates the PDF
    with the handout's date (`day`): invariant, so the same handout gives the same bytes."""

    day = dt.date(2000, 1, 1)

    def beforeDocument(self) -> None:
        day = self.day
        self.canv.setDateFormatter(
            lambda *_: f"D:{day.year:04d}{day.month:02d}{day.day:02d}000000+00'00'")

    printed: list[str]  # the keys of the blocks of Packed groups, in the order they print
    used: list[float]  # how much of each page's frame is filled, 0 to 1, page by page
    trial = False  # a trial layout: nothing drawn, so no bookmarks either

    def afterPage(self) -> None:
        frame = self.frame
        self.used.append((frame._y1p + frame._height - frame._y) / frame._height)

    def afterFlowable(self, flowable: Any) -> None:
        if isinstance(flowable, Packed):
            self.printed += flowable.keys
        if self.trial:
            return
        title = getattr(flowable, "outline", None)
        marks = [(title, 0.0)] if title else getattr(flowable, "outlines", list)()
        for text, below in marks:
            self.canv.marks.append((self.page, text, self.frame._y + flowable.height - below))


def check_fits(handout: Handout, theme: Theme, fonts: FontSet,
               reuse: Reuse | None = None) -> None:
    """Raise ContentErrors for every item too tall to fit on one page of this theme."""
    width, height = frame_size(theme, footer_height(handout, theme, fonts))
    errors = []
    top = height_of(first_page(handout, theme, fonts, reuse), width)
    if top > height:
        error = _flags_too_tall(handout, top, height, theme, fonts, reuse)
        if not isinstance(error, ContentError):
            raise error
        errors.append(error)
    for item, blocks in item_blocks(handout, theme, fonts, reuse):
        needed = max(height_of(block, width) for block in blocks)
        if needed > height:
            errors.append(_too_tall(item, needed, height, theme))
    if errors:
        raise ContentErrors(errors)


DETAILS = ("patient", "clinician", "clinic", "contact")  # printed on page 1 and the footer


def _flags_too_tall(handout: Handout, needed: float, limit: float, theme: Theme,
                    fonts: FontSet, reuse: Reuse | None) -> KneepdfError:
    """Page 1 is too full: blame the details when page 1 fits without them (they are the
    clinician's to shorten), else the red flags in the content."""
    given = [name for name in DETAILS if getattr(handout.details, name)]
    if given:
        blank = handout._replace(details=handout.details._replace(
            patient="", clinician="", clinic="", contact=""))
        width, height = frame_size(theme, footer_height(blank, theme, fonts))
        if height_of(first_page(blank, theme, fonts, reuse), width) <= height:
            options = ", ".join(f"--{name}" for name in given)
            return LayoutError(
                f"{options}: the details take too much room on page 1 with style "
                f"'{theme.name}' (page 1 needs {needed:.0f} pt; a page holds {limit:.0f} pt); "
                "shorten them", option=f"--{given[0]}")
    return ContentError(handout.safety.place, (
        f"the red-flag box and the header do not fit on page 1 ({needed:.0f} pt; a page holds "
        f"{limit:.0f} pt with style '{theme.name}'); shorten the list of red flags"))


def _too_tall(item: Item, needed: float, limit: float, theme: Theme) -> ContentError:
    return ContentError(item.place, (
        f"the {item.kind} '{item.id}' is too tall for one page ({needed:.0f} pt; a page "
        f"holds {limit:.0f} pt with style '{theme.name}'); shorten its text"))


def render_pdf(handout: Handout, theme: Theme, reuse: Reuse | None = None) -> tuple[bytes, int]:
    """The handout as PDF bytes, and its page count; `reuse` holds what other handouts of
    this process may share (a new one when None).

    Within a step an exercise may move up to fill a page; when one does, the handout is laid
    out once more with its items in the printed order and without moving, so the programme
    table and the tracker list the exercises as the pages do. "How long this takes" goes
    after "How to use"; where that leaves a page but the last less than FILL full, it is
    tried before the flare-up plan too. A handout with information items (medicines) is
    laid out with them in their step and with them after the tracker (the step pointing to
    them). The layout with fewer pages (then fewer pages under HALF full, then fewer short of
    FILL) is kept.

    Each arrangement is tried as a trial layout that draws nothing (see `_Unseen`); only
    the one kept is drawn, from the same story, so its pages are the ones measured. The two
    places of "How long this takes" share one story's parts (see `_Stories`).
    """
    readable_source_date()
    reuse = reuse if reuse is not None else Reuse()
    texts = handout_texts(handout)
    texts["the style's clinic details"] = theme.clinic_name + theme.contact
    fonts = fonts_for(theme.font, texts, reuse)
    best: tuple[tuple[float, ...], _Laid] | None = None
    stories = _Stories(theme, fonts, reuse)
    places = (False, True) if any(item.is_info for item in handout.items) else (False,)
    for information_last in places:
        for timeline_first in (True, False):
            laid = _layout(handout, theme, fonts, reuse, timeline_first, information_last,
                           stories)
            used = laid.used
            low = [u for u in used[:-1] if u < FILL]
            half = [u for u in low if u < HALF]
            score = (laid.pages, len(half), len(low), -min(used[:-1], default=1.0))
            if best is None or score < best[0]:
                best = (score, laid)
            if not low:  # every page but the last full enough: no need to try the other
                break
    assert best is not None
    tagger = Tagger()
    laid = best[1]
    data, pages, _, _, _ = _render(laid.handout, theme, fonts, reuse, laid.reorder,
                                   laid.timeline_first, laid.information_last, tagger,
                                   story=laid.story)
    assert data is not None
    # The handout's own title names the file in a viewer's title bar, never the patient.
    return tag(data, tagger, handout.title, Words(handout.lang)("pdf_lang")), pages


class _Laid(NamedTuple):
    """One arrangement tried: the handout as it was last laid out (its items in the printed
    order when one moved) and how, the pages and how full each is, and the story it was
    laid out from (not drawn yet: drawing it gives those pages)."""

    handout: Handout
    reorder: bool
    timeline_first: bool
    information_last: bool
    pages: int
    used: list[float]
    story: list[Flowable]


def _layout(handout: Handout, theme: Theme, fonts: FontSet, reuse: Reuse,
            timeline_first: bool, information_last: bool, stories: _Stories) -> _Laid:
    """The handout laid out (a trial) with blocks moving up within their steps, then again
    in the printed order when one moved."""
    story = stories.story(handout, True, timeline_first, information_last)
    _, pages, printed, used, story = _render(handout, theme, fonts, reuse, True,
                                             timeline_first, information_last, trial=True,
                                             story=story)
    ordered = in_order(handout, printed)
    if ordered == handout:
        return _Laid(handout, True, timeline_first, information_last, pages, used, story)
    story = stories.story(ordered, False, timeline_first, information_last)
    _, pages, _, used, story = _render(ordered, theme, fonts, reuse, False, timeline_first,
                                       information_last, trial=True, story=story)
    return _Laid(ordered, False, timeline_first, information_last, pages, used, story)


class _Stories:
    """The stories of one handout's arrangements. Where "How long this takes" goes is the
    only difference `timeline_first` makes to `parts` (the rest is made from the same
    arguments), so both places share the parts made once, the timeline moved; the
    flowables may be shared, as a trial leaves them as it found them."""

    def __init__(self, theme: Theme, fonts: FontSet, reuse: Reuse) -> None:
        self.theme, self.fonts, self.reuse = theme, fonts, reuse
        self.made: list[tuple[Handout, bool, bool, list[tuple[str, list[Flowable]]]]] = []

    def story(self, handout: Handout, reorder: bool, timeline_first: bool,
              information_last: bool) -> list[Flowable]:
        """The story `parts` makes for these arguments."""
        named = next((n for h, r, i, n in self.made
                      if (r, i) == (reorder, information_last) and h == handout), None)
        if named is None:
            named = parts(handout, self.theme, self.fonts, self.reuse, reorder, True,
                          information_last)
            self.made.append((handout, reorder, information_last, named))
        if not timeline_first:  # the timeline after the information, as `parts` puts it
            timeline = [f for name, flowables in named if name == "timeline" for f in flowables]
            at = max(n for n, (name, _) in enumerate(named) if name == "information") + 1
            named = [*((name, [] if name == "timeline" else flowables)
                       for name, flowables in named[:at]),
                     ("timeline", timeline), *named[at:]]
        return [f for _, flowables in named for f in flowables]


def in_order(handout: Handout, printed: list[str]) -> Handout:
    """The handout with each step's items in the order `printed` (block keys, which are
    item ids) lists them; items not listed keep their places after those that are."""
    rank: dict[str, int] = {}
    for n, key in enumerate(printed):
        rank.setdefault(key, n)
    steps = tuple(hs._replace(items=tuple(sorted(
        hs.items, key=lambda item: rank.get(item.id, len(rank))))) for hs in handout.steps)
    return handout if steps == handout.steps else handout._replace(steps=steps)


def _render(handout: Handout, theme: Theme, fonts: FontSet, reuse: Reuse, reorder: bool,
            timeline_first: bool = True, information_last: bool = False,
            tagger: Tagger | None = None, trial: bool = False,
            story: list[Flowable] | None = None,
            ) -> tuple[bytes | None, int, list[str], list[float], list[Flowable]]:
    """One layout of the handout: PDF bytes, pages, the printed order of blocks, how full
    each page's frame is (0 to 1) and the story laid out; `tagger` records the tags drawn
    (untagged when None). A `trial` draws nothing and writes no bytes (None): the same
    pages, order and fill, for choosing between arrangements. `story`: the one a trial of
    the same arguments laid out (its flowables are not drawn there, so they may be here),
    else made afresh."""
    buffer = io.BytesIO()
    height = theme.page_size[1]
    frame_w, frame_h = frame_size(theme, footer_height(handout, theme, fonts))
    frame = (_TrialFrame if trial else Frame)(
        theme.margin, height - theme.margin - frame_h, frame_w, frame_h,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    stage = handout.stage
    w = Words(handout.lang)
    subject = (w("stage_line", n=stage.number, total=handout.stage_count, name=stage.name)
               if stage.number is not None else w("all_stages", name=stage.name))
    doc = _Document(
        buffer, pagesize=theme.page_size, pageTemplates=[PageTemplate("page", [frame])],
        title=handout.title, subject=w("subject", subject=subject),
        author=handout.details.clinic or theme.clinic_name, creator=CREATOR, producer=CREATOR,
        keywords="", invariant=1, lang=w("pdf_lang"), initialFontName=fonts.regular,
        leftMargin=theme.margin, rightMargin=theme.margin, topMargin=theme.margin,
        bottomMargin=theme.margin,
    )
    doc.printed, doc.used = [], []
    doc.trial = trial
    doc.day = handout.details.date
    if story is None:
        named = parts(handout, theme, fonts, reuse, reorder, timeline_first, information_last)
        story = [f for _, flowables in named for f in flowables]
    if handout.details.notes:  # the notes box never splits: it must fit on a page
        needed = notes(handout, theme, fonts, reuse)[0].wrap(frame_w, frame_h)[1]
        if needed > frame_h:
            raise LayoutError(
                f"--notes: the notes need {needed:.0f} pt and a page holds {frame_h:.0f} pt "
                f"with style '{theme.name}'; shorten them or use fewer lines", option="--notes")
    canvas_class = _Sketch if trial else numbered_canvas(
        footer_text(handout, theme), Kit(handout, theme, fonts, reuse, reorder, information_last),
        tagger)

    # A trial leaves the story as it found it, through the hook ReportLab's own multiBuild
    # uses to lay one story out several times: the marks the document puts on flowables
    # (keepWithNext taken off, _postponed) are noted and undone after it.
    edits: list[tuple[Any, ...]] = []
    if trial:
        doc._multiBuildEdits = edits.append
    try:
        doc.build(list(story), canvasmaker=canvas_class)
    except BlockTooTall as exc:
        if exc.key == RED_FLAGS:
            error = _flags_too_tall(handout, exc.needed, exc.limit, theme, fonts, reuse)
            raise (ContentErrors([error]) if isinstance(error, ContentError) else error) \
                from None
        item = next((i for i in handout.items if i.id == exc.key), None)
        if item is None:
            raise LayoutError(f"the part '{exc.key}' is too tall for one page ({exc.needed:.0f} "
                              f"pt; a page holds {exc.limit:.0f} pt with style "
                              f"'{theme.name}')") from None
        raise ContentErrors([_too_tall(item, exc.needed, exc.limit, theme)]) from None
    except doctemplate.LayoutError as exc:  # ReportLab's: a flowable fits no frame
        raise LayoutError(f"the handout could not be laid out: {exc}") from None
    except ValueError as exc:  # ReportLab's: a table column left with no width
        if "negative availWidth" not in str(exc):
            raise
        raise LayoutError(f"--style: style '{theme.name}' leaves no room across the page for "
                          "a table; give it smaller sizes or a smaller page.margin",
                          option="--style") from None
    finally:
        for undo, *args in edits:
            undo(*args)
    return None if trial else buffer.getvalue(), doc.page, doc.printed, doc.used, story


class _Unseen(Flowable):  # type: ignore[misc]
    """A flowable in a trial layout: wrapped as the frame would wrap it (the same size and
    spaces, so the same pages), never drawn. Only the frame sees it; the document's own
    bookkeeping (`_Document.afterFlowable`) sees the flowable itself."""

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner
        self._ZEROSIZE = getattr(inner, "_ZEROSIZE", False)
        self._SPACETRANSFER = getattr(inner, "_SPACETRANSFER", False)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        inner = self.inner
        inner._frame, inner.canv = self._frame, self.canv
        try:
            self.width, self.height = inner.wrap(avail_width, avail_height)
        finally:
            del inner._frame, inner.canv
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.inner.getSpaceAfter())

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        return None


class _TrialFrame(Frame):  # type: ignore[misc]
    """The body frame of a trial layout: it sets each flowable as `Frame` does, but as an
    `_Unseen` stand-in, so nothing is drawn."""

    def add(self, flowable: Flowable, canv: Any, trySplit: int = 0) -> int:
        if getattr(flowable, "frameAction", None):
            return int(super().add(flowable, canv, trySplit))
        return int(super().add(_Unseen(flowable), canv, trySplit))


class _Sketch(Canvas):  # type: ignore[misc]
    """The canvas of a trial layout: pages are counted by the document and thrown away,
    and nothing is written."""

    def showPage(self) -> None:
        self._startPage()

    def save(self) -> None:
        return None


def readable_source_date() -> None:
    """ReportLab reads SOURCE_DATE_EPOCH for every PDF it writes when it is set (to seed
    an ID that `structure.tag` replaces; the handout's own date is what the PDF says), so a
    value ReportLab cannot read is a KneepdfError."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return
    if not epoch.isdigit():
        raise KneepdfError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since "
                           f"1970-01-01, got '{epoch}'")
    try:
        time.gmtime(int(epoch))
    except (OverflowError, ValueError, OSError):
        raise KneepdfError(f"SOURCE_DATE_EPOCH is out of range, got '{epoch}'") from None
