"""Checks of the printed layout, measured on rendered page images and extracted text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageOps
from pypdf import PdfReader

from kneepdf.model import Handout
from kneepdf.pose import Pose, PoseFrame

MM = 72 / 25.4
DPI = 50
SCALE = DPI / 72


@dataclass(frozen=True)
class Page:
    """One rendered page: its image (grey) and its size in points."""

    image: Image.Image
    width: float
    height: float

    def px(self, points: float) -> int:
        return round(points * SCALE)


def render(path: Path, dpi: int = DPI) -> list[Page]:
    doc = pdfium.PdfDocument(str(path))
    pages = []
    for page in doc:
        width, height = page.get_size()
        image = page.render(scale=dpi / 72).to_pil().convert("L")
        pages.append(Page(image, width, height))
    doc.close()
    return pages


def ink_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """The bounding box of everything darker than near-white, or None for a blank image."""
    mask = ImageOps.invert(image).point(lambda v: 255 if v > 12 else 0)
    return mask.getbbox()


def outside_margin(page: Page, margin_mm: float = 12) -> bool:
    """True when anything is drawn closer than `margin_mm` to a page edge."""
    box = ink_box(page.image)
    if box is None:
        return False
    m = page.px(margin_mm * MM) - 1
    w, h = page.image.size
    left, top, right, bottom = box
    return left < m or top < m or right > w - m or bottom > h - m


def body_fill(page: Page, margin: float, footer: float) -> float:
    """How far down the body area the ink reaches, from 0 (empty) to 1 (full)."""
    top = page.px(margin)
    bottom = page.px(page.height - margin - footer)
    body = page.image.crop((0, top, page.image.size[0], bottom))
    box = ink_box(body)
    if box is None:
        return 0.0
    return box[3] / (bottom - top)


def underfilled_pages(pages: list[Page], margin: float, footer: float,
                      least: float = 1 / 3) -> list[int]:
    """1-based numbers of the pages, except the last, filled less than `least`."""
    return [i for i, page in enumerate(pages[:-1], 1) if body_fill(page, margin, footer) < least]


def page_texts(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def split_blocks(texts: list[str], blocks: list[tuple[str, str]]) -> list[str]:
    """Names of blocks whose last line is not on the page where their first line is."""
    def whole(first: str, last: str) -> bool:
        for text in texts:
            start = text.find(first)
            if start >= 0:
                return text.find(last, start) >= 0
        return False

    return [first for first, last in blocks if not whole(first, last)]


def with_pictures(handout: Handout) -> Handout:
    """The handout with a picture on every exercise: two frames for every other one, else one
    (until the content ships poses, so the layout is measured with pictures in)."""
    steps = []
    n = 0
    for hs in handout.steps:
        items = []
        for item in hs.items:
            if item.is_exercise:
                n += 1
                last = max(len(item.instructions), 1)
                frames = ((PoseFrame(1, "Start"), PoseFrame(last, "End")) if n % 2
                          else (PoseFrame(1, "Hold"),))
                item = item._replace(pose=Pose(item.id, "side", "standing", frames, item.place))
            items.append(item)
        steps.append(hs._replace(items=tuple(items)))
    return handout._replace(steps=tuple(steps))
