"""Exercise pictures as data: a view, a base posture, frames of joint angles, props, arrows."""

from __future__ import annotations

from typing import NamedTuple

from kneepdf.errors import Place

VIEWS = ("side", "front", "top", "close-up")


class PoseFrame(NamedTuple):
    """One numbered frame of a picture.

    `step` is the number of the instruction the frame shows (the badge drawn on it);
    `angles` are (joint name, degrees) changes from the base posture or the frame before.
    """

    step: int
    label: str
    angles: tuple[tuple[str, float], ...] = ()


class Pose(NamedTuple):
    """How to draw one exercise: what `kneepdf.pictures` turns into a Drawing."""

    id: str
    view: str
    posture: str
    frames: tuple[PoseFrame, ...]
    place: Place
