"""Exercise pictures: a Pose turned into PDF operators, one form per frame (no pages, no files)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kneepdf.pose import Pose

if TYPE_CHECKING:
    from kneepdf.pictures.render import Picture

GAP = 6.0  # pt between frames (kneepdf.pictures.render uses the same)


def picture(pose: Pose, *, mirror: bool, frame_width: float) -> Picture:
    """The pose's frames, each `frame_width` pt wide, as PDF operators (see Picture).

    Frames are 0.5 to 0.8 times as tall as wide (close-ups 0.75); each leaves room at its
    top left for a step badge, which `kneepdf.pictures.place` draws. Unmirrored, the RIGHT
    leg is the working leg; `mirror=True` flips the figure so it is the left. Made once per
    process for each (pose, mirror, frame_width) and shared: a Picture is immutable.
    """
    from kneepdf.pictures.render import render

    return render(pose, mirror, frame_width)
