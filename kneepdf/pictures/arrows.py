"""Movement arrows in the one accent colour, drawn on the end frame from the frames' motion."""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Polygon, PolyLine, Shape
from reportlab.lib.colors import HexColor

from kneepdf.pictures import vec
from kneepdf.pictures.camera import Fit, Point, project
from kneepdf.pictures.skeleton import Figure
from kneepdf.pictures.vec import Vec
from kneepdf.pose import Arrow

ACCENT = HexColor("#1f63b0")
SQUASH = 0.35  # a circle on the floor, seen level with it, drawn this many times as high


def _where(fig: Figure, fit: Fit, part: str) -> Point:
    if part == "knees":
        a, b = fit.point(fig.points["right_knee"]), fit.point(fig.points["left_knee"])
        return (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    return fit.point(fig.points[part])


def _line(points: list[Point], lw: float, *, start_head: bool = False) -> list[Shape]:
    """A polyline with an arrowhead at its end (and its start when asked)."""
    shapes: list[Shape] = [PolyLine([c for p in points for c in p], strokeColor=ACCENT,
                                    strokeWidth=lw, strokeLineCap=1, strokeLineJoin=1)]
    shapes.append(_head(points[-2], points[-1], lw))
    if start_head:
        shapes.append(_head(points[1], points[0], lw))
    return shapes


def _head(before: Point, tip: Point, lw: float) -> Polygon:
    dx, dy = tip[0] - before[0], tip[1] - before[1]
    d = math.hypot(dx, dy) or 1.0
    ux, uy = dx / d, dy / d
    length, half = 3.4 * lw, 2.1 * lw
    base = (tip[0] - ux * length, tip[1] - uy * length)
    return Polygon([tip[0] + ux * lw * 0.6, tip[1] + uy * lw * 0.6,
                    base[0] - uy * half, base[1] + ux * half,
                    base[0] + uy * half, base[1] - ux * half],
                   fillColor=ACCENT, strokeColor=None)


def _arc_points(c: Point, r: float, a0: float, a1: float, ry: float | None = None) -> list[Point]:
    n = max(6, int(abs(a1 - a0) * r / 3))
    ry = r if ry is None else ry
    return [(c[0] + r * math.cos(a0 + (a1 - a0) * i / n),
             c[1] + ry * math.sin(a0 + (a1 - a0) * i / n)) for i in range(n + 1)]


def draw_arrow(arrow: Arrow, first: Figure, last: Figure, fit: Fit, lw: float) -> list[Shape]:
    """One arrow's shapes (pt) in the last frame."""
    p0, p1 = _where(first, fit, arrow.part), _where(last, fit, arrow.part)
    gap = 9.0 * lw
    if arrow.kind == "arc":
        # The turn of the part about the joint, each end about where the joint is in its own
        # frame (a joint that moves, e.g. an ankle on a step, does not flip the arrow); a short
        # turn still gets an arc long enough to show its direction.
        c0, c = _where(first, fit, arrow.about), _where(last, fit, arrow.about)
        a0 = math.atan2(p0[1] - c0[1], p0[0] - c0[0])
        a1 = math.atan2(p1[1] - c[1], p1[0] - c[0])
        if a1 - a0 > math.pi:
            a1 -= 2 * math.pi
        elif a0 - a1 > math.pi:
            a1 += 2 * math.pi
        r = max(math.hypot(p0[0] - c0[0], p0[1] - c0[1]),
                math.hypot(p1[0] - c[0], p1[1] - c[1])) + gap * 0.8
        trim = (gap * 0.5) / r
        sign = 1.0 if a1 > a0 else -1.0
        half = max(abs(a1 - a0) - 2 * trim, 2.2 * gap / r) / 2
        mid = (a0 + a1) / 2
        return _line(_arc_points(c, r, mid - sign * half, mid + sign * half), lw,
                     start_head=arrow.both)
    if arrow.kind == "slide" and fit.camera == "side" and arrow.part.endswith(
            ("heel", "ball", "toe")):  # a foot sliding on the floor: just above the floor
        y = fit.flat(0.0, 0.0)[1] + gap * 1.1
        dx = p1[0] - p0[0]
        return _line([(p0[0] + dx * 0.05, y), (p1[0] - dx * 0.12, y)], lw,
                     start_head=arrow.both)
    if arrow.kind == "slide":
        dx, dy = p1[0] - p0[0], p1[1] - p0[1]
        d = math.hypot(dx, dy)
        if d < 1e-6:  # a part held still: an arrow across the frame, forwards, beside it
            dx, dy, d = (-1.0 if fit.mirror else 1.0), 0.0, 1.0
            p1 = (p0[0] + dx, p0[1])
        nx, ny = -dy / d, dx / d
        body = fit.point(last.points["chest"])
        inside = fit.camera in ("top", "side-high")  # lying seen from above: over the mat
        if ((p1[0] - body[0]) * nx + (p1[1] - body[1]) * ny < 0) != inside:
            nx, ny = -nx, -ny  # the side away from the body (from above: towards it)
        off = gap * 0.9
        if d < gap * 3.2:  # a small movement still gets an arrow that can be seen
            mx, my = (p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2
            ux, uy = (dx / d, dy / d) if d > 1e-6 else (1.0, 0.0)
            p0 = (mx - ux * gap * 2.1, my - uy * gap * 2.1)
            p1 = (mx + ux * gap * 2.1, my + uy * gap * 2.1)
            dx, dy = p1[0] - p0[0], p1[1] - p0[1]
        floor = fit.flat(0.0, 0.0)[1]
        if fit.camera not in ("top", "side-high") and \
                min(p0[1], p1[1]) + ny * off < floor + gap * 0.5:
            nx, ny = -nx, -ny  # never under the floor
        a = (p0[0] + dx * 0.12 + nx * off, p0[1] + dy * 0.12 + ny * off)
        b = (p0[0] + dx * 0.88 + nx * off, p0[1] + dy * 0.88 + ny * off)
        return _line([a, b], lw, start_head=arrow.both)
    head, hips = last.points["head"], last.points["pelvis"]
    if arrow.kind == "down" and abs(head[1] - hips[1]) < 15.0 and fit.camera == "side":
        # lying down: a press down comes from above the part and points at it
        top = max(fit.point(p)[1] for p in last.points.values()) - p1[1]
        low = p1[1] + min(top, gap * 0.8)
        return _line([(p1[0], low + gap * 2.2), (p1[0], low)], lw, start_head=arrow.both)
    if arrow.kind in ("up", "down"):
        xs = [fit.point(p)[0] for p in last.points.values()]
        away = 1.0 if p1[0] >= sum(xs) / len(xs) else -1.0
        x = p1[0] + away * gap * 1.4
        low, high = p1[1] - gap * 0.2, p1[1] + gap * 2.2
        ends = [(x, low), (x, high)] if arrow.kind == "up" else [(x, high), (x, low)]
        return _line(ends, lw, start_head=arrow.both)
    if arrow.kind == "inward":
        a, b = fit.point(last.points["right_knee"]), fit.point(last.points["left_knee"])
        left, right = (a, b) if a[0] < b[0] else (b, a)
        d = math.hypot(right[0] - left[0], right[1] - left[1]) or 1.0
        ux, uy = (right[0] - left[0]) / d, (right[1] - left[1]) / d  # along the knees

        def towards(knee: Point, sign: float) -> list[Shape]:
            return _line([(knee[0] + sign * ux * gap * 2.6, knee[1] + sign * uy * gap * 2.6),
                          (knee[0] + sign * ux * gap * 1.0, knee[1] + sign * uy * gap * 1.0)],
                         lw)

        return towards(left, -1.0) + towards(right, 1.0)
    # turn: a circle about a hand, or an arc about the vertical, its sense from the frames
    if arrow.part.endswith("hand"):
        return _line(_arc_points(p1, gap * 1.0, math.radians(120), math.radians(-170)), lw,
                     start_head=arrow.both)
    return _line(turn_points(arrow, first, last, fit, gap), lw, start_head=arrow.both)


def turn_angles(arrow: Arrow, first: Figure, last: Figure) -> tuple[float, float]:
    """Where a turn starts and ends: angles (radians) about the vertical, x towards z.

    A foot's turn (`part` a ball or toe) is its heel-to-part line; any other part turns
    with the hips (the way the pelvis faces). The sense (their difference) comes from the
    posed frames, so it mirrors with the picture.
    """
    def facing(fig: Figure) -> tuple[float, float]:
        if arrow.part.endswith(("ball", "toe")):
            heel = fig.points[arrow.part.rsplit("_", 1)[0] + "_heel"]
            tip = fig.points[arrow.part]
            return tip[0] - heel[0], tip[2] - heel[2]
        x, _, z = vec.column(fig.frames["pelvis"], 0)
        return x, z

    (x0, z0), (x1, z1) = facing(first), facing(last)
    a0 = math.atan2(z0, x0)
    a1 = math.atan2(z1, x1)
    if a1 - a0 > math.pi:
        a1 -= 2 * math.pi
    elif a0 - a1 > math.pi:
        a1 += 2 * math.pi
    return a0, a1


def turn_points(arrow: Arrow, first: Figure, last: Figure, fit: Fit, gap: float) -> list[Point]:
    """A turn's arc on the floor (pt), from the first frame's facing to the last's.

    The arc runs round the floor under `about` (a planted foot the body turns on); without
    it, a foot's arc runs round its heel just beyond the part, any other round the floor
    under the part. Seen from the front or side, the floor is drawn as a flat ellipse whose
    near half is the lower one; from above or from the front and above, as it projects.
    """
    a0, a1 = turn_angles(arrow, first, last)
    foot = arrow.part.endswith(("ball", "toe"))
    here = last.points[arrow.about or arrow.part]
    if foot and not arrow.about and fit.camera not in ("side", "front"):
        heel = last.points[arrow.part.rsplit("_", 1)[0] + "_heel"]
        centre: Vec = (heel[0], here[1], heel[2])
        radius = math.hypot(here[0] - heel[0], here[2] - heel[2]) + gap * 0.9 / fit.k
        least = 0.7
    else:
        centre = (here[0], 0.0, here[2])
        radius = gap * 1.9 / fit.k
        least = 2.2
    sign = 1.0 if a1 >= a0 else -1.0
    half = max(abs(a1 - a0), least) / 2
    mid = (a0 + a1) / 2
    n = 24
    out = []
    for i in range(n + 1):
        a = mid + sign * half * (2 * i / n - 1)
        p = (centre[0] + radius * math.cos(a), centre[1], centre[2] + radius * math.sin(a))
        if fit.camera in ("side", "front"):  # level with the floor: its near half lower
            u, v, depth = project(fit.camera, p)
            near = depth - project(fit.camera, centre)[2]
            out.append(fit.flat(u, v + SQUASH * (radius - near) + 1.0))
        else:
            out.append(fit.point(p))
    return out
