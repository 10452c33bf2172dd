"""Exercise pictures: a Pose turned into a ReportLab Drawing (no pages, no files)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kneepdf.pose import Pose
from kneepdf.reuse import Reuse

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

GAP = 6.0  # pt between frames (kneepdf.pictures.render uses the same)


def draw(pose: Pose, *, mirror: bool, frame_width: float, font: str, badge: float = 13.0,
         stacked: bool = False, end_only: bool = False, reuse: Reuse | None = None) -> Drawing:
    """The pose's frames side by side, each `frame_width` pt wide; `.width`/`.height` in pt.

    Each frame carries its step number in a dark circle, `badge` pt (the body text's size,
    so no text in a picture is smaller than the text beside it); `badge=0` leaves the
    numbers out (thumbnails). Text is drawn in `font`, a registered font's name (the
    handout's embedded bold face). `stacked` puts the
    frames one above the other (first on top), GAP pt apart, instead of side by side.

    Frames are 0.5 to 0.8 times as tall as wide (close-ups 0.75), GAP pt apart. Unmirrored,
    the RIGHT leg is the working leg; `mirror=True` flips the figure (not the step badges) so
    it is the left. `end_only` draws just the frame the movement ends on (the last not marked
    wrong), with its arrows measured from the first frame as in the whole picture: a
    thumbnail. Built once per `reuse` for each (pose, mirror, frame_width, font, badge,
    stacked, end_only); each caller gets its own copy. Without `reuse`, built afresh.
    """
    from kneepdf.pictures.render import render

    if reuse is None:
        return render(pose, mirror, frame_width, font, badge, stacked, end_only)
    key = (pose, mirror, frame_width, font, badge, stacked, end_only)
    kept: Drawing = reuse.pictures.get(
        key, lambda: render(pose, mirror, frame_width, font, badge, stacked, end_only, reuse))
    return kept.copy()
