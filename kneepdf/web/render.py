"""Handouts, page previews and exercise pictures, made in memory (nothing touches the disk)."""

from __future__ import annotations

import datetime as dt
import io
import threading
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from kneepdf.build import in_language, load_inputs, render
from kneepdf.errors import OptionError
from kneepdf.layout.fonts import font_set
from kneepdf.load.styles import style_names, unknown_style
from kneepdf.model import Content
from kneepdf.options import Options
from kneepdf.pictures import picture
from kneepdf.pictures.place import draw_picture
from kneepdf.pose import Pose
from kneepdf.reuse import Reuse
from kneepdf.select.options import resolve
from kneepdf.theme import Theme

PREVIEW_WIDTH = 640  # px: a page as the preview shows it
PICTURE_WIDTH = 110.0  # pt: one frame of an exercise picture in the form
PICTURE_SCALE = 2.0  # px per pt: sharp on high-density screens
BADGE = 13.0  # pt: the step numbers on a picture

# pdfium is not thread-safe, and ReportLab keeps one table of fonts for the process, so one
# handout or image is made at a time; each takes milliseconds.
_LOCK = threading.Lock()


class Workshop:
    """The loaded content and themes of one `kneepdf serve` run.

    Content is read once at start (a problem stops the server before it listens); a
    shipped style is read the first time it is asked for. Raises ContentErrors.
    """

    def __init__(self, content_dir: Path | None) -> None:
        self.content_dir = content_dir
        self.content, theme = load_inputs(content_dir, "default")
        self._themes: dict[str, Theme] = {"default": theme}
        self.reuse = Reuse()  # kept for the server's lifetime
        self._languages: dict[str, Content] = {"en": self.content}

    def language(self, lang: str) -> Content:
        """The content in `lang`, read the first time it is asked for (ContentErrors for a
        missing or out-of-date unit)."""
        if lang not in self._languages:
            self._languages[lang] = in_language(self.content, lang, self.content_dir)
        return self._languages[lang]

    def theme(self, name: str) -> Theme:
        """A shipped style by name (never a file path: the page cannot read files)."""
        if name not in self._themes:
            if name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name:
                raise OptionError("--style", f"'{name}' is a file; this page takes a shipped "
                                  "style: " + ", ".join(style_names()))
            problem = unknown_style(name)
            if problem is not None:  # the command line's words for an unknown name
                raise OptionError("--style", problem)
            self._themes[name] = load_inputs(self.content_dir, name)[1]  # or StyleError
        return self._themes[name]

    def check(self, options: Options, today: dt.date) -> None:
        """Raise OptionError or KneepdfError as `handout` would, without laying anything out."""
        self.theme(resolve(options, self.content, today).style)

    def handout(self, options: Options, today: dt.date) -> tuple[bytes, int, str]:
        """The PDF bytes, its page count and the stage's id; raises OptionError or
        KneepdfError."""
        resolved = resolve(options, self.content, today)
        theme = self.theme(resolved.style)
        details = resolved.details
        with _LOCK:
            try:
                content = self.language(resolved.lang)
                data, pages, _ = render(resolved, content, theme, self.reuse)
            finally:  # nothing of this patient stays in what the server keeps
                self.reuse.forget((details.patient, details.clinician, details.clinic,
                                   details.contact, details.notes))
        return data, pages, resolved.stage.id


def page_pngs(pdf: bytes, width: int = PREVIEW_WIDTH) -> list[bytes]:
    """Every page of `pdf` as a PNG `width` px wide."""
    with _LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            images = []
            for index in range(len(document)):
                page = document[index]
                scale = width / page.get_width()
                images.append(page.render(scale=scale).to_pil())
                page.close()
        finally:
            document.close()
    return [_png(image) for image in images]


def picture_png(pose: Pose, reuse: Reuse, mirror: bool = False,
                frame_width: float = PICTURE_WIDTH) -> bytes:
    """An exercise picture as a PNG (`frame_width` pt per frame at PICTURE_SCALE px per pt),
    made once per `reuse`: the same frames, as forms, that a handout places."""
    return reuse.images.get((pose, mirror, frame_width),
                            lambda: _picture_png(pose, reuse, mirror, frame_width))


def _picture_png(pose: Pose, reuse: Reuse, mirror: bool, frame_width: float) -> bytes:
    made = picture(pose, mirror=mirror, frame_width=frame_width, reuse=reuse)
    buffer = io.BytesIO()
    with _LOCK:
        canvas = Canvas(buffer, pagesize=made.size(), invariant=1)
        draw_picture(canvas, made, 0, 0, badge=BADGE, font=font_set("atkinson", reuse).bold)
        canvas.showPage()
        canvas.save()
        pdf = buffer.getvalue()
        document = pdfium.PdfDocument(pdf)
        try:
            page = document[0]
            image = page.render(scale=PICTURE_SCALE).to_pil()
            page.close()
        finally:
            document.close()
    return _png(image)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()
