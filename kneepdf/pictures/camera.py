"""Views: from the body's 3-D points (cm) to a frame's 2-D points (pt), mirrored or not."""

from __future__ import annotations

from typing import NamedTuple

from kneepdf.pictures.vec import Vec

Point = tuple[float, float]


def project(camera: str, p: Vec) -> tuple[float, float, float]:
    """(across, up, depth towards the viewer) in cm for the camera `side`, `front` or `top`.

    Side: the figure faces right and its right side is near. Front: the patient faces the
    viewer, so their right is on the viewer's left. Top: seen from above, forwards is up.
    """
    x, y, z = p
    if camera == "side":
        return x, y, z
    if camera == "front":
        return -z, y, x
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
