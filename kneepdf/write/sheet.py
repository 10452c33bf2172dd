"""The picture review sheet: every exercise picture large, with its id, name and frame labels."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import NamedTuple

from kneepdf.model import Item
from kneepdf.theme import Theme

BADGE = 13.0  # pt: the step numbers on the pictures


class ReviewSheet(NamedTuple):
    """The sheet's PDF bytes and how many pages it has."""

    data: bytes
    pages: int


def review_sheet(
    items: Sequence[Item], *, mirror: bool, theme: Theme, heading: str = "",
) -> ReviewSheet:
    """One PDF listing each item's picture at a large size (two frames across the page).

    `mirror` draws the left leg as the working leg; `theme` gives the paper, margin, font,
    type sizes and colours (the sheet's labels at its small size, names at its subheading
    size); `heading` is a line under the title (the stage, say). Items without a picture are
    listed at the end.
    Raises FontError when a label uses characters no shipped font can draw, KneepdfError
    for a SOURCE_DATE_EPOCH that ReportLab cannot read.
    """
    from reportlab.lib.colors import HexColor
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    from kneepdf.layout.fonts import fonts_for
    from kneepdf.layout.picture import alt_text
    from kneepdf.layout.tagging import Tagger
    from kneepdf.pictures import GAP, picture
    from kneepdf.pictures.place import draw_picture
    from kneepdf.write.pdf import readable_source_date
    from kneepdf.write.structure import tag

    class TaggedCanvas(Canvas):  # type: ignore[misc]
        """A canvas that tags what is drawn (see kneepdf.layout.tagging)."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self.tagger = Tagger()

    texts = {f"item '{i.id}'": " ".join([i.name, *(f.label for f in i.pose.frames)])
             for i in items if i.pose is not None}
    fonts = fonts_for(theme.font, texts)
    margin = theme.margin
    title, name, label, small = (  # type sizes, pt
        theme.heading, theme.subheading, (theme.small + theme.body) / 2, theme.small)
    width, height = theme.page_size
    inner = width - 2 * margin
    buffer = io.BytesIO()
    readable_source_date()  # ReportLab reads it for every PDF
    canvas = TaggedCanvas(buffer, pagesize=(width, height), invariant=1, pageCompression=1)
    tagger: Tagger = canvas.tagger
    canvas.setTitle("Exercise pictures for review")
    canvas.setCreator("kneepdf")
    canvas.setFillColor(HexColor(theme.text))
    pages = 1
    side = "left" if mirror else "right"

    def footer() -> None:
        canvas.setFont(fonts.regular, small)
        canvas.setFillColor(HexColor(theme.muted))
        with tagger.artifact(canvas):
            canvas.drawString(margin, margin / 2, f"kneepdf picture review: the working leg "
                              f"is the patient's {side} leg. Page {pages}")
        canvas.setFillColor(HexColor(theme.text))

    def new_page() -> None:
        canvas.showPage()
        tagger.next_page()

    y = height - margin
    canvas.setFont(fonts.bold, title)
    with tagger.leaf(canvas, "H1"):
        canvas.drawString(margin, y - title, "Exercise pictures for review")
    y -= title + 8
    canvas.setFont(fonts.regular, label)
    for line in (heading, "Check each picture against its numbered steps. "
                 "Signed off by: ____________________  Date: ____________"):
        if line:
            with tagger.leaf(canvas, "P"):
                canvas.drawString(margin, y - label, line)
            y -= label + 5
    y -= 10
    for item in items:
        if item.pose is None:
            continue
        count = max(2, len(item.pose.frames))  # two a row; three frames share one row
        frame_width = (inner - (count - 1) * GAP) / count
        made = picture(item.pose, mirror=mirror, frame_width=frame_width)
        picture_height = made.size()[1]
        labels = [simpleSplit(f"{f.step}. {f.label}", fonts.regular, label, frame_width)
                  for f in item.pose.frames]
        label_height = max(len(lines) for lines in labels) * (label + 3)
        block = name + 8 + picture_height + 6 + label_height + 18
        if y - block < margin:
            footer()
            new_page()
            pages += 1
            y = height - margin
        canvas.setFont(fonts.bold, name)
        with tagger.leaf(canvas, "H2"):
            canvas.drawString(margin, y - name, item.name + " ")
        canvas.setFont(fonts.regular, small)
        with tagger.leaf(canvas, "P"):
            canvas.drawRightString(width - margin, y - name, item.id)
        y -= name + 8
        with tagger.leaf(canvas, "Figure", alt=alt_text(item.name, item.pose, mirror)):
            draw_picture(canvas, made, margin, y - picture_height, badge=BADGE,
                         font=fonts.bold)
        y -= picture_height + 6
        canvas.setFont(fonts.regular, label)
        for n, lines in enumerate(labels):
            with tagger.leaf(canvas, "P"):
                for k, line in enumerate(lines):
                    canvas.drawString(margin + n * (frame_width + GAP),
                                      y - label - k * (label + 3), line + " ")
        y -= label_height + 18
    missing = [item.id for item in items if item.pose is None]
    if missing:
        lines = simpleSplit("No picture yet: " + ", ".join(missing), fonts.regular, label, inner)
        if y - len(lines) * (label + 3) < margin:
            footer()
            new_page()
            pages += 1
            y = height - margin
        canvas.setFont(fonts.regular, label)
        with tagger.leaf(canvas, "P"):
            for k, line in enumerate(lines):
                canvas.drawString(margin, y - label - k * (label + 3), line + " ")
    footer()
    canvas.showPage()
    canvas.save()
    data = tag(buffer.getvalue(), tagger, "Exercise pictures for review", "en-GB")
    return ReviewSheet(data, pages)
