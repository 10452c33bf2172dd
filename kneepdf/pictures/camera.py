"""Views: from the body's 3-D points (cm) to a frame's 2-D points (pt), mirrored or not."""

from __future__ import annotations

import math
from typing import NamedTuple

from kneepdf.pictures.vec import Vec

Point = tuple[float, float]
HIGH_SIN, HIGH_COS = math.sin(math.radians(35)), math.cos(math.radians(35))
YAW_SIN, YAW_COS = math.sin(math.radians(40)), math.cos(math.radians(40))
STEEP_SIN, STEEP_COS = math.sin(math.radians(40)), math.cos(math.radians(40))
SIDE_SIN, SIDE_COS = math.sin(math.radians(50)), math.cos(math.radians(50))
LOW_SIN, LOW_COS = math.sin(math.radians(15)), math.cos(math.radians(15))


def project(camera: str, p: Vec) -> tuple[float, float, float]:
    """(across, up, depth towards the viewer) in cm for the camera `side`, `front` or `top`.

    Side: the figure faces right and its right side is near. Front: the patient faces the
    viewer, so their right is on the viewer's left (front-high: the same from 35 degrees
    above; above-front: from 40 degrees above; side-high: from the right side, 50 degrees
    above; three-quarter: from 40 degrees to its right and 15 above). Top: seen from above,
    forwards is up.
    """
    x, y, z = p
    if camera == "side":
        return x, y, z
    if camera == "front":
        return -z, y, x
    if camera == "front-high":  # from the front and a little above: thighs of a seated figure
        return -z, y * HIGH_COS - x * HIGH_SIN, x * HIGH_COS + y * HIGH_SIN
    if camera == "side-high":  # from the figure's right side and above: a figure lying down
        return x, y * SIDE_COS - z * SIDE_SIN, z * SIDE_COS + y * SIDE_SIN
    if camera == "above-front":  # from above and in front: a figure lying on its side
        return -z, y * STEEP_COS - x * STEEP_SIN, x * STEEP_COS + y * STEEP_SIN
    if camera == "three-quarter":  # from the front, 40 degrees to the figure's right, above
        x, z = x * YAW_COS + z * YAW_SIN, z * YAW_COS - x * YAW_SIN
        return -z, y * LOW_COS - x * LOW_SIN, x * LOW_COS + y * LOW_SIN
    return z, x, y


class Fit(NamedTuple):
    """Where the cm of one picture land in a frame: u = left + k * (x - x0), mirrored if asked."""

    camera: str
    k: float          # pt per cm
    x0: float         # cm at the frame's content left edge
    y0: float         # cm at the frame's content bottom edge
    left: float       # the frame's left edge (pt) in the drawing
    bottom: float     # the content's bottom edge (pt) in the drawing
    width: float      # the frame's width (pt)
    mirror: bool

    def point(self, p: Vec) -> Point:
        u, v, _ = project(self.camera, p)
        return self.flat(u, v)

    def flat(self, u: float, v: float) -> Point:
        x = self.k * (u - self.x0)
        if self.mirror:
            x = self.width - x
        return self.left + x, self.bottom + self.k * (v - self.y0)

    def depth(self, p: Vec) -> float:
        return project(self.camera, p)[2]
