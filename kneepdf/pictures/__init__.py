"""Exercise pictures: a Pose turned into a ReportLab Drawing (no pages, no files)."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Rect, String

from kneepdf.pose import Pose

GAP = 6.0  # pt between frames


def draw(pose: Pose, *, mirror: bool, frame_width: float) -> Drawing:
    """The pose's frames side by side, each `frame_width` pt wide and 3/4 as tall.

    `mirror` flips the picture left to right, so the working leg is the patient's left.
    A placeholder until the renderer lands: a grey box per frame with its step number.
    """
    count = len(pose.frames)
    height = frame_width * 0.75
    drawing = Drawing(count * frame_width + (count - 1) * GAP, height)
    for n, frame in enumerate(pose.frames):
        x = n * (frame_width + GAP)
        drawing.add(Rect(x, 0, frame_width, height, fillColor=None, strokeColor=None))
        drawing.add(String(x + 4, height - 14, str(frame.step), fontSize=12))
    return drawing
