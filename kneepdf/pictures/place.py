"""The one place a picture goes onto a page: each frame a form, drawn once per document."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor

from kneepdf.pictures import GAP
from kneepdf.pictures.render import BADGE_R, PAD, RIGHT, WRONG, Frame, Picture

BADGE_FILL = HexColor("#222222")
BADGE_TEXT = HexColor("#ffffff")


def place_frame(canvas: Any, picture: Picture, index: int, x: float, y: float,
                scale: float = 1.0) -> None:
    """Frame `index` of `picture` with its lower left corner at (x, y) pt, `scale` times its
    size. The frame becomes a form the first time a document places it; every later placement
    in the same document (a thumbnail, say) reuses that form."""
    frame: Frame = picture.frames[index]
    if not canvas.hasForm(frame.name):
        canvas.beginForm(frame.name, 0, 0, picture.frame_width, picture.height)
        canvas.addLiteral(frame.ops)
        canvas.endForm()
    canvas.saveState()
    canvas.transform(scale, 0, 0, scale, x, y)
    canvas.doForm(frame.name)
    canvas.restoreState()


def draw_picture(canvas: Any, picture: Picture, x: float, y: float, *, stacked: bool = False,
                 badge: float = 0.0, font: str = "") -> None:
    """Every frame, side by side (or `stacked`, the first on top) with the lower left corner
    of the whole at (x, y) pt. `badge` > 0 puts each frame's step number, `badge` pt in
    `font` (the body text's bold face and size), white in a dark circle at its top left. A
    frame marked right or wrong gets a tick or a cross in a coloured circle at its top right
    (the forms themselves stay unmarked, so a thumbnail shares them)."""
    count = len(picture.frames)
    for n in range(count):
        if stacked:
            fx, fy = x, y + (count - 1 - n) * (picture.height + GAP)
        else:
            fx, fy = x + n * (picture.frame_width + GAP), y
        place_frame(canvas, picture, n, fx, fy)
        if badge:
            radius = max(BADGE_R, badge * 0.72)
            cx, cy = fx + PAD + radius, fy + picture.height - PAD - radius
            canvas.saveState()
            canvas.setFillColor(BADGE_FILL)
            canvas.circle(cx, cy, radius, stroke=0, fill=1)
            canvas.setFillColor(BADGE_TEXT)
            canvas.setFont(font, badge)
            canvas.drawCentredString(cx, cy - badge * 0.35, str(picture.steps[n]))
            canvas.restoreState()
        if picture.marks[n]:
            radius = max(BADGE_R, badge * 0.72) * 1.15
            draw_mark(canvas, picture.marks[n], fx + picture.frame_width - PAD - radius,
                      fy + picture.height - PAD - radius, radius)


def draw_mark(canvas: Any, mark: str, x: float, y: float, r: float) -> None:
    """A tick ('right') or a cross ('wrong'), white in a circle of radius `r` pt centred on
    (x, y) pt: green for the right way, red for the wrong way."""
    canvas.saveState()
    canvas.setFillColor(HexColor(RIGHT if mark == "right" else WRONG))
    canvas.circle(x, y, r, stroke=0, fill=1)
    canvas.setStrokeColor(BADGE_TEXT)
    canvas.setLineWidth(r * 0.32)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    path = canvas.beginPath()
    if mark == "right":
        path.moveTo(x - r * 0.5, y + r * 0.02)
        path.lineTo(x - r * 0.12, y - r * 0.4)
        path.lineTo(x + r * 0.52, y + r * 0.42)
    else:
        d = r * 0.45
        for sx in (-1, 1):
            path.moveTo(x - d, y - sx * d)
            path.lineTo(x + d, y + sx * d)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()
