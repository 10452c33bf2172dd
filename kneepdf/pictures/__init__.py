"""Exercise pictures: a Pose turned into a ReportLab Drawing (no pages, no files)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kneepdf.pose import Pose

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

GAP = 6.0  # pt between frames (kneepdf.pictures.render uses the same)


def draw(pose: Pose, *, mirror: bool, frame_width: float, font: str, badge: float = 13.0,
         stacked: bool = False) -> Drawing:
    """The pose's frames side by side, each `frame_width` pt wide; `.width`/`.height` in pt.

    Each frame carries its step number in a dark circle, `badge` pt (the body text's size,
    so no text in a picture is smaller than the text beside it); `badge=0` leaves the
    numbers out (thumbnails). Text is drawn in `font`, a registered font's name (the
    handout's embedded bold face). `stacked` puts the
    frames one above the other (first on top), GAP pt apart, instead of side by side.

    Frames are 0.5 to 0.8 times as tall as wide (close-ups 0.75), GAP pt apart. Unmirrored,
    the RIGHT leg is the working leg; `mirror=True` flips the figure (not the step badges) so
    it is the left. Built once per process for each (pose, mirror, frame_width, font, badge,
    stacked) and reused.
    """
    from kneepdf.pictures.render import render

    return render(pose, mirror, frame_width, font, badge, stacked)
