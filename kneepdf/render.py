"""Lay the story out as PDF pages: page template, footer, metadata, fonts, atomic write."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import os
import zlib
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from kneepdf import reuse, tail
from kneepdf.errors import ContentError, ContentErrors, LayoutError, OutputError
from kneepdf.flowables import BlockTooTall
from kneepdf.fonts import FontSet, code_points, fonts_for
from kneepdf.markup import make_styles, rich
from kneepdf.model import Handout, Item
from kneepdf.replay import Replay
from kneepdf.story import (
    BULLET,
    FOOTER_LINES,
    NOTES,
    PERSONAL_BLOCKS,
    RED_FLAGS,
    build_story,
    first_page,
    item_blocks,
    paragraph,
)
from kneepdf.styles import Theme

CREATOR = "kneepdf"
# Texts that change from patient to patient; the rest sets the fonts up the same each time.
_PERSONAL = frozenset({"--patient", "--clinician", "--clinic", "--contact", "--notes"})


def _reuse_writing() -> None:
    """Let ReportLab's writer reuse its answers for earlier handouts: all three are pure.

    Pages after the first, font files and their maps come out byte for byte the same for
    every patient of a stage, and compressing is the dearest step of writing them; every
    page and font dictionary spells the same few names and short strings.
    """
    compress = lru_cache(maxsize=256)(zlib.compress)
    encode = pdfdoc.pdfdocEnc
    short = lru_cache(maxsize=8192)(encode)

    def flate(text: str | bytes) -> bytes:
        return compress(text.encode("utf8") if isinstance(text, str) else text)

    def pdfdoc_enc(x: Any) -> Any:
        return short(x) if type(x) is str and len(x) <= 256 else encode(x)

    pdfdoc.PDFZCompress.encode = flate
    pdfdoc.pdfdocEnc = pdfdoc_enc
    pdfdoc.PDFName = lru_cache(maxsize=8192)(pdfdoc.PDFName)


_reuse_writing()


def handout_texts(handout: Handout) -> dict[str, str]:
    """Every string the handout prints, by where it comes from (for the font check)."""
    d = handout.details
    texts = {
        "--patient": d.patient, "--clinician": d.clinician, "--clinic": d.clinic,
        "--contact": d.contact, "--notes": d.notes,
        "the title": handout.title, "the stage": handout.stage.name + handout.stage.goal
        + " ".join(handout.stage.move_on),
        "the how-to-use lines": " ".join(handout.how_to_use),
    }
    s = handout.safety
    texts["the safety text"] = " ".join(
        [s.red_flag_title, s.red_flag_intro, *s.red_flags, s.pain_intro, s.disclaimer_short,
         s.disclaimer_full] + [b.range + b.label + b.text for b in s.pain_bands])
    for hs in handout.steps:
        texts[f"step '{hs.step.id}' ({hs.step.place})"] = " ".join(
            [hs.step.title, hs.step.intro, hs.step.note, *hs.step.points])
        for item in hs.items:
            texts[f"item '{item.id}' ({item.place})"] = " ".join(
                [item.name, item.text, item.purpose, *item.details, *item.equipment,
                 *item.instructions, *item.cautions, *item.progressions])
    for c in (*handout.conditions, *([handout.condition] if handout.condition else [])):
        texts[f"condition '{c.id}'"] = c.name + " " + c.text
    return {k: v for k, v in texts.items() if v}


def _letters(texts: dict[str, str]) -> tuple[str, str]:
    """The letters beyond ASCII of the shared text, and those only the patient's details add."""
    shared = frozenset[int]().union(*[code_points(v) for k, v in texts.items()
                                      if k not in _PERSONAL], code_points(BULLET))
    own = frozenset[int]().union(*[code_points(texts[k]) for k in _PERSONAL if k in texts])
    return ("".join(chr(p) for p in sorted(shared) if p > 126),
            "".join(chr(p) for p in sorted(own - shared) if p > 126))


def _numbered_canvas(
    footer: str, theme: Theme, fonts: FontSet, letters: str, personal: str, own_contact: bool,
    plan: tail.Plan,
) -> type[Canvas]:
    """A canvas class that holds each page back until the total page count is known."""

    markup = rich(footer, fonts)
    style = make_styles(theme, fonts).footer

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self._outline_keys: list[str] = []
            self.marks: list[tuple[int, str, float]] = []  # (page, outline title, top)
            faces = [fonts.regular, fonts.bold] + ([fonts.fallback] if fonts.fallback else [])
            self.replay = Replay(self, faces, letters, personal)

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            if len(self._pages) == 1:
                plan.page_one_ended(self)
            self._startPage()

        def save(self) -> None:
            plan.document_ended(self)
            total = plan.pages = len(self._pages)
            marks = self.marks
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                self._footer(total)
                for page, title, top in marks:
                    if page == number:  # bookmarks wait, like the pages, until now
                        key = f"outline{len(self._outline_keys)}"
                        self._outline_keys.append(key)
                        self.bookmarkPage(key, fit="XYZ", top=top)
                        self.addOutlineEntry(title, key, level=0)
                super().showPage()
            self.showOutline()
            super().save()

        def _footer(self, total: int) -> None:
            """The short disclaimer, a rule and "Page X of Y", drawn once per process each."""
            note = paragraph(markup, style, personal=own_contact)
            width = theme.page_size[0]
            _, high = note.wrapOn(self, width - 2 * theme.margin - theme.small * 8, 1e6)
            key = ("footer", note.key, high, self._pageNumber, total, theme.page_size,
                   theme.margin, theme.small, theme.muted, fonts.bold)

            def draw(canvas: Any, x: float, y: float, sw: float) -> None:
                self.saveState()
                self.setFillColor(HexColor(theme.muted))
                note.drawOn(self, theme.margin, theme.margin)
                rule = theme.margin + high + theme.small * 0.3  # above every line of the note
                self.setStrokeColor(HexColor(theme.muted))
                self.setLineWidth(0.5)
                self.line(theme.margin, rule, width - theme.margin, rule)
                self.setFont(fonts.bold, theme.small)
                self.drawRightString(width - theme.margin, theme.margin + high - theme.small,
                                     f"Page {self._pageNumber} of {total}")
                self.restoreState()

            self.replay.draw(key, 0, 0, 0, draw)

    return NumberedCanvas


class _Frame(Frame):  # type: ignore[misc]
    """A Frame copied shallowly: KeepTogether deep-copies the frame on every wrap, and a
    frame's state is numbers, apart from the lists and dicts copied here."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _Frame:
        new = object.__new__(type(self))
        new.__dict__.update({k: copy.deepcopy(v, memo) if isinstance(v, (list, dict)) else v
                             for k, v in self.__dict__.items()})
        return new


class _Document(BaseDocTemplate):  # type: ignore[misc]
    """Records where each outlined heading lands, for the PDF's bookmarks."""

    def afterFlowable(self, flowable: Any) -> None:
        title = getattr(flowable, "outline", None)
        if title:
            top = self.frame._y + flowable.height
            self.canv.marks.append((self.page, title, top))


def frame_size(theme: Theme) -> tuple[float, float]:
    """The width and height of the body frame: the page less margins and footer."""
    width, height = theme.page_size
    return width - 2 * theme.margin, height - 2 * theme.margin - theme.small * FOOTER_LINES


def check_fits(handout: Handout, theme: Theme, fonts: FontSet) -> None:
    """Raise ContentErrors for every item too tall to fit on one page of this theme."""
    width, height = frame_size(theme)
    errors = []
    top = sum(f.wrap(width, height)[1] + f.getSpaceAfter()
              for f in first_page(handout, theme, fonts))
    if top > height:
        errors.append(_flags_too_tall(handout, top, height, theme))
    for item, block in item_blocks(handout, theme, fonts):
        needed = sum(f.wrap(width, height)[1] + f.getSpaceAfter() for f in block)
        if needed > height:
            errors.append(_too_tall(item, needed, height, theme))
    if errors:
        raise ContentErrors(errors)


def _flags_too_tall(handout: Handout, needed: float, limit: float, theme: Theme) -> ContentError:
    return ContentError(handout.safety.place, (
        f"the red-flag box and the header do not fit on page 1 ({needed:.0f} pt; a page holds "
        f"{limit:.0f} pt with style '{theme.name}'); shorten the list of red flags"))


def _too_tall(item: Item, needed: float, limit: float, theme: Theme) -> ContentError:
    return ContentError(item.place, (
        f"the {item.kind} '{item.id}' is too tall for one page ({needed:.0f} pt; a page "
        f"holds {limit:.0f} pt with style '{theme.name}'); shorten its text"))


def render_pdf(handout: Handout, theme: Theme) -> tuple[bytes, int]:
    """The handout as PDF bytes, and its page count."""
    texts = handout_texts(handout)
    texts["the style's clinic details"] = theme.clinic_name + theme.contact
    fonts = fonts_for(theme.font, texts)
    family = reuse.family(theme, fonts, handout.stage.id)
    sizes = reuse.recall(family, theme, fonts)
    buffer = io.BytesIO()
    height = theme.page_size[1]
    frame_w, frame_h = frame_size(theme)
    frame = _Frame(theme.margin, height - theme.margin - frame_h, frame_w, frame_h,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    stage = handout.stage
    subject = (f"Stage {stage.number} of {handout.stage_count}: {stage.name}"
               if stage.number is not None else f"All stages: {stage.name}")
    doc = _Document(
        buffer, pagesize=theme.page_size, pageTemplates=[PageTemplate("page", [frame])],
        title=handout.title, subject=f"Home exercise handout. {subject}",
        author=handout.details.clinic or theme.clinic_name, creator=CREATOR, producer=CREATOR,
        keywords="", invariant=1, lang="en-GB", initialFontName=fonts.regular,
        leftMargin=theme.margin, rightMargin=theme.margin, topMargin=theme.margin,
        bottomMargin=theme.margin,
    )
    story = build_story(handout, theme, fonts)
    if handout.details.notes:  # the notes box never splits: it must fit on a page
        needed = story[NOTES].wrap(frame_w, frame_h)[1]
        if needed > frame_h:
            raise LayoutError(
                f"--notes: the notes need {needed:.0f} pt and a page holds {frame_h:.0f} pt "
                f"with style '{theme.name}'; shorten them or use fewer lines")
    contact = handout.details.contact or theme.contact
    footer = handout.safety.disclaimer_short + (f" Questions: {contact}" if contact else "")
    letters, personal = _letters(texts)
    shared = tail.shared_key(handout, theme, fonts.regular, fonts.bold, fonts.fallback, letters)
    plan = tail.Plan(shared, story, PERSONAL_BLOCKS)
    canvas_class = _numbered_canvas(footer, theme, fonts, letters, personal,
                                    bool(handout.details.contact), plan)

    try:
        with _source_date(handout.details.date):
            doc.build(story, canvasmaker=canvas_class)
    except BlockTooTall as exc:
        if exc.key == RED_FLAGS:
            raise ContentErrors([_flags_too_tall(handout, exc.needed, exc.limit, theme)]) from None
        item = next(i for i in handout.items if i.id == exc.key)
        raise ContentErrors([_too_tall(item, exc.needed, exc.limit, theme)]) from None
    except Exception as exc:  # ReportLab raises LayoutError and plain errors alike
        raise LayoutError(f"the handout could not be laid out: {exc}") from None
    reuse.remember(family, sizes)
    return buffer.getvalue(), plan.pages


@contextlib.contextmanager
def _source_date(day: dt.date) -> Iterator[None]:
    """Date the PDF (and seed its ID) with the handout's date, the reproducible-builds way."""
    key = "SOURCE_DATE_EPOCH"
    before = os.environ.get(key)
    os.environ[key] = str((day - dt.date(1970, 1, 1)).days * 86400)
    try:
        yield
    finally:
        if before is None:
            del os.environ[key]
        else:
            os.environ[key] = before


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all; the old file survives any failure."""
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name ending in .pdf")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder {folder} does not exist")
    tmp = str(folder / f".kneepdf-{os.getpid()}-{os.urandom(4).hex()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write here ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"{path}: cannot write the file ({exc.strerror})") from None
