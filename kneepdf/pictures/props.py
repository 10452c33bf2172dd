"""Props drawn with the figure: chair, chair back, step, wall, rail, roller, ball, band, ankle
weight, marker cone."""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Line, Polygon, Shape
from reportlab.lib.colors import HexColor

from kneepdf.pictures import vec
from kneepdf.pictures.body import INK, capsule
from kneepdf.pictures.camera import Fit
from kneepdf.pictures.skeleton import RADIUS, SEAT_HEIGHT, STEP_DEPTH, Figure, Placed
from kneepdf.pictures.vec import Vec

LIGHT = HexColor("#ececec")
ROLLER = HexColor("#dcdcdc")
BAND = HexColor("#5a5a5a")
WEIGHT = HexColor("#4a4a4a")
CONE = HexColor("#bdbdbd")
Box = tuple[float, float, float, float, float, float]  # x0, x1, y0, y1, z0, z1 (cm)


def boxes(prop: Placed) -> list[Box]:
    """The prop as boxes (cm): every camera looks along an axis, so each draws as a rectangle."""
    x, h = prop.x, prop.size
    if prop.kind == "chair":
        return [(x - 24, x + 20, h - 3, h, -25, 25), (x - 24, x - 21, 0, h + 42, -22, 22),
                (x + 16, x + 19, 0, h - 3, -21, 21), (x - 24, x - 21, 0, h - 3, -21, 21)]
    if prop.kind == "step":  # `z` moves it to the body's right: one foot on it, one beside
        z = prop.z or 0.0
        return [(x, x + STEP_DEPTH, 0, h, z - 26, z + 26)]
    if prop.kind == "wall":
        return [(x, x + 4, 0, h, -60, 60)]
    if prop.kind == "rail":
        z = prop.z or 0.0
        return [(x - 1.5, x + 1.5, 0, h, z - 1.5, z + 1.5), (x - 5, x + 5, h, h + 3, z - 5, z + 5)]
    if prop.kind == "marker":  # a cone: its base and height
        r, z = prop.size * 0.4, prop.z or 0.0
        return [(x - r, x + r, 0, prop.size, z - r, z + r)]
    if prop.kind == "chair-back":  # a chair turned round: its back nearest, the seat beyond
        seat = SEAT_HEIGHT
        return [(x - 1.5, x + 1.5, 0, h, -20, 20), (x - 1.5, x + 42, seat - 3, seat, -22, 22),
                (x + 39, x + 42, 0, seat - 3, -20, 20), (x - 3, x + 3, h - 4, h, -22, 22)]
    if prop.kind == "roller":
        r, half, z = prop.size / 2, 22.0, prop.z or 0.0
        if prop.along:
            return [(x - half, x + half, prop.y - r, prop.y + r, z - r, z + r)]
        return [(x - r, x + r, prop.y - r, prop.y + r, z - half, z + half)]
    return []


def _round(prop: Placed, fit: Fit) -> bool:
    """A roller seen end-on, or any ball, draws as a circle."""
    if prop.kind == "ball":
        return True
    if prop.kind != "roller":
        return False
    axis_is_x = prop.along
    front = fit.camera not in ("side", "side-high", "top")
    side = fit.camera in ("side", "side-high")
    return (front and axis_is_x) or (side and not axis_is_x)


def under(props: tuple[Placed, ...], fit: Fit, lw: float) -> list[Shape]:
    """Props the body lies or sits on, or stands beside: drawn before the body."""
    out: list[Shape] = []
    for prop in props:
        if prop.kind in ("band", "ankle-weight"):
            continue
        if prop.kind == "wall" and fit.camera not in ("side", "top"):
            continue  # a wall the figure faces would stand between it and the viewer
        if prop.kind == "ball" and prop.at == "knees":
            continue  # held between the knees: in front of the thighs
        if _round(prop, fit):
            centre = fit.point((prop.x, prop.y, prop.z or 0.0))
            r = prop.size / 2 * fit.k
            fill = ROLLER if prop.kind == "roller" else LIGHT
            out.append(Circle(centre[0], centre[1], r, fillColor=fill,
                              strokeColor=HexColor(INK), strokeWidth=lw * 0.8))
            if prop.kind == "roller":
                out.append(Circle(centre[0], centre[1], r * 0.3, fillColor=None,
                                  strokeColor=HexColor(INK), strokeWidth=lw * 0.5))
            continue
        if prop.kind == "marker":
            out.append(_cone(prop, fit, lw))
            continue
        for n, box in enumerate(boxes(prop)):
            if prop.kind == "chair" and n == 1 and fit.camera in ("front", "front-high"):
                continue  # the chair's back would hide behind the trunk as a door
            out.append(_rect(box, fit, lw, ROLLER if prop.kind == "roller" else LIGHT))
        if prop.kind == "wall" and fit.camera == "side" and fit.k < 2.5:  # not in close-ups
            out += _hatch(prop, fit, lw)
    return out


def _cone(prop: Placed, fit: Fit, lw: float) -> Polygon:
    """A marker cone: a triangle on a flat base (from above, a round base)."""
    r, z = prop.size * 0.4, prop.z or 0.0
    if fit.camera == "top":
        centre = fit.point((prop.x, 0.0, z))
        points = [(centre[0] + r * fit.k * c, centre[1] + r * fit.k * s)
                  for c, s in ((1, 0), (0.7, 0.7), (0, 1), (-0.7, 0.7), (-1, 0), (-0.7, -0.7),
                               (0, -1), (0.7, -0.7))]
    else:
        base = fit.point((prop.x, 0.0, z))
        tip = fit.point((prop.x, prop.size, z))
        w = r * fit.k
        points = [(base[0] - w, base[1]), (base[0] - w * 0.2, tip[1]), (base[0] + w * 0.2, tip[1]),
                  (base[0] + w, base[1])]
    return Polygon([c for p in points for c in p], fillColor=CONE, strokeColor=HexColor(INK),
                   strokeWidth=lw * 0.8, strokeLineJoin=1)


def _rect(box: Box, fit: Fit, lw: float, fill: object) -> Polygon:
    """A box as the outline of its eight corners seen from the camera (a convex hull)."""
    x0, x1, y0, y1, z0, z1 = box
    corners = sorted({fit.point((x, y, z)) for x in (x0, x1) for y in (y0, y1) for z in (z0, z1)})
    hull = _half(corners) + _half(corners[::-1])
    return Polygon([c for p in hull for c in p], fillColor=fill, strokeColor=HexColor(INK),
                   strokeWidth=lw * 0.8, strokeLineJoin=1)


def _half(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """One half of a convex hull (Andrew's monotone chain), without its last point."""
    out: list[tuple[float, float]] = []
    for p in points:
        while len(out) >= 2 and ((out[-1][0] - out[-2][0]) * (p[1] - out[-2][1])
                                 - (out[-1][1] - out[-2][1]) * (p[0] - out[-2][0])) <= 0:
            out.pop()
        out.append(p)
    return out[:-1]


def _hatch(prop: Placed, fit: Fit, lw: float) -> list[Shape]:
    out: list[Shape] = []
    step = 12.0
    y = step
    while y < min(prop.size, 150.0):
        a, b = fit.point((prop.x + 4, y, 0.0)), fit.point((prop.x + 10, y + 6, 0.0))
        out.append(Line(a[0], a[1], b[0], b[1], strokeColor=HexColor(INK), strokeWidth=lw * 0.4))
        y += step
    return out


def over(props: tuple[Placed, ...], fig: Figure, fit: Fit, lw: float) -> list[Shape]:
    """Props worn or pulled on the body: drawn after it."""
    out: list[Shape] = []
    for prop in props:
        if prop.kind == "ball" and prop.at == "knees":
            centre = fit.point((prop.x, prop.y, 0.0))
            out.append(Circle(centre[0], centre[1], prop.size / 2 * fit.k, fillColor=LIGHT,
                              strokeColor=HexColor(INK), strokeWidth=lw * 0.8))
        if prop.kind == "band":
            end = fig.points[prop.at or "right_ball"]
            anchor = fit.point((prop.x, prop.y, end[2] if prop.z is None else prop.z))
            tip = fit.point(end)
            out.append(Line(anchor[0], anchor[1], tip[0], tip[1], strokeColor=BAND,
                            strokeWidth=lw * 1.3, strokeLineCap=1))
            out.append(Circle(anchor[0], anchor[1], lw * 1.8, fillColor=BAND, strokeColor=None))
        elif prop.kind == "ankle-weight":
            side = (prop.at or "right_ankle").split("_", 1)[0]
            knee, ankle = fig.points[f"{side}_knee"], fig.points[f"{side}_ankle"]
            r = (RADIUS[f"{side}_shin"][1] + 2.2) * fit.k
            a: Vec = vec.lerp(knee, ankle, 0.8)
            b: Vec = vec.lerp(knee, ankle, 0.93)
            poly = capsule(fit.point(a), fit.point(b), r, r)
            out.append(Polygon([c for p in poly for c in p], fillColor=WEIGHT,
                               strokeColor=HexColor(INK), strokeWidth=lw * 0.6))
    return out
