"""Exercise pictures: a Pose turned into PDF operators, one form per frame (no pages, no files)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kneepdf.pose import Pose
from kneepdf.reuse import Reuse

if TYPE_CHECKING:
    from kneepdf.pictures.render import Picture

GAP = 6.0  # pt between frames (kneepdf.pictures.render uses the same)


def picture(pose: Pose, *, mirror: bool, frame_width: float,
            reuse: Reuse | None = None) -> Picture:
    """The pose's frames, each `frame_width` pt wide, as PDF operators (see Picture).

    Frames are 0.5 to 0.8 times as tall as wide (close-ups 0.75); each leaves room at its
    top left for a step badge and at its top right for a right-or-wrong mark, which
    `kneepdf.pictures.place` draws. Arrows go on the frame the movement ends on
    (`Picture.end`, the last not marked wrong), measured from the first. Unmirrored, the RIGHT
    leg is the working leg; `mirror=True` flips the figure so it is the left. Made once per
    `reuse` for each (pose, mirror, frame_width) and shared: a Picture is immutable.
    Without `reuse`, made afresh.
    """
    from kneepdf.pictures.render import render

    if reuse is None:
        return render(pose, mirror, frame_width)
    made: Picture = reuse.pictures.get((pose, mirror, frame_width),
                                       lambda: render(pose, mirror, frame_width, reuse))
    return made
