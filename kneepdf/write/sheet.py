"""The picture review sheet: every exercise picture large, with its id, name and frame labels."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import NamedTuple

from kneepdf.model import Item
from kneepdf.theme import PAPER

MARGIN = 42.0
TITLE, NAME, LABEL, SMALL = 18.0, 14.0, 11.0, 10.0  # font sizes (pt)


class ReviewSheet(NamedTuple):
    """The sheet's PDF bytes and how many pages it has."""

    data: bytes
    pages: int


def review_sheet(
    items: Sequence[Item], *, mirror: bool, paper: str = "a4", heading: str = "",
) -> ReviewSheet:
    """One PDF listing each item's picture at a large size (two frames across the page).

    `mirror` draws the left leg as the working leg; `paper` is "a4" or "letter"; `heading`
    is a line under the title (the stage, say). Items without a picture are listed at the end.
    Raises FontError when a label uses characters no shipped font can draw.
    """
    from reportlab.graphics import renderPDF
    from reportlab.lib.colors import HexColor
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    from kneepdf.layout.fonts import fonts_for
    from kneepdf.pictures import GAP, draw

    texts = {f"item '{i.id}'": " ".join([i.name, *(f.label for f in i.pose.frames)])
             for i in items if i.pose is not None}
    fonts = fonts_for("atkinson", texts)
    width, height = PAPER[paper]
    inner = width - 2 * MARGIN
    frame_width = (inner - GAP) / 2
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1, pageCompression=1)
    canvas.setTitle("Exercise pictures for review")
    canvas.setCreator("kneepdf")
    pages = 1
    side = "left" if mirror else "right"

    def footer() -> None:
        canvas.setFont(fonts.regular, SMALL)
        canvas.setFillColor(HexColor("#555555"))
        canvas.drawString(MARGIN, MARGIN / 2, f"kneepdf picture review: the working leg is the "
                          f"patient's {side} leg. Page {pages}")
        canvas.setFillColor(HexColor("#000000"))

    y = height - MARGIN
    canvas.setFont(fonts.bold, TITLE)
    canvas.drawString(MARGIN, y - TITLE, "Exercise pictures for review")
    y -= TITLE + 8
    canvas.setFont(fonts.regular, LABEL)
    for line in (heading, "Check each picture against its numbered steps. "
                 "Signed off by: ____________________  Date: ____________"):
        if line:
            canvas.drawString(MARGIN, y - LABEL, line)
            y -= LABEL + 5
    y -= 10
    for item in items:
        if item.pose is None:
            continue
        picture = draw(item.pose, mirror=mirror, frame_width=frame_width, font=fonts.bold)
        labels = [simpleSplit(f"{f.step}. {f.label}", fonts.regular, LABEL, frame_width)
                  for f in item.pose.frames]
        label_height = max(len(lines) for lines in labels) * (LABEL + 3)
        block = NAME + 8 + picture.height + 6 + label_height + 18
        if y - block < MARGIN:
            footer()
            canvas.showPage()
            pages += 1
            y = height - MARGIN
        canvas.setFont(fonts.bold, NAME)
        canvas.drawString(MARGIN, y - NAME, item.name)
        canvas.setFont(fonts.regular, SMALL)
        canvas.drawRightString(width - MARGIN, y - NAME, item.id)
        y -= NAME + 8
        renderPDF.draw(picture, canvas, MARGIN, y - picture.height)
        y -= picture.height + 6
        canvas.setFont(fonts.regular, LABEL)
        for n, lines in enumerate(labels):
            for k, line in enumerate(lines):
                canvas.drawString(MARGIN + n * (frame_width + GAP), y - LABEL - k * (LABEL + 3),
                                  line)
        y -= label_height + 18
    missing = [item.id for item in items if item.pose is None]
    if missing:
        lines = simpleSplit("No picture yet: " + ", ".join(missing), fonts.regular, LABEL, inner)
        if y - len(lines) * (LABEL + 3) < MARGIN:
            footer()
            canvas.showPage()
            pages += 1
            y = height - MARGIN
        canvas.setFont(fonts.regular, LABEL)
        for k, line in enumerate(lines):
            canvas.drawString(MARGIN, y - LABEL - k * (LABEL + 3), line)
    footer()
    canvas.showPage()
    canvas.save()
    return ReviewSheet(buffer.getvalue(), pages)
