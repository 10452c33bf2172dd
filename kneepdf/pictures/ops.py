"""PDF path operators written straight from ReportLab shapes: what one picture frame draws."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from reportlab.graphics.shapes import (
    FILL_NON_ZERO,
    Circle,
    Ellipse,
    Group,
    Line,
    Path,
    Polygon,
    PolyLine,
    Rect,
    Shape,
)

from kneepdf.pictures.camera import Point

KAPPA = 0.5522847498  # a quarter circle as one cubic Bezier curve: control distance per radius


class Outlined(NamedTuple):
    """Polygons painted as one silhouette: a dark outline `width` pt wide (half of it
    outside), then the fill over its inside half, so overlapping parts merge without seams.
    The path is written once and painted twice."""

    polygons: Sequence[Sequence[Point]]
    ink: object  # a ReportLab Color
    fill: object
    width: float


GRID = 4  # coordinates are written in steps of 1/GRID pt (0.25 pt, 0.09 mm), as whole numbers


def _n(value: float) -> str:
    """A number as PDF text: two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _c(value: float) -> str:
    """A coordinate in pt as PDF text in the grid's units: a whole number (see `write`)."""
    return str(round(value * GRID))


def _w(value: float) -> str:
    """A length in pt that is not a coordinate (a line width, a dash) in the grid's units."""
    return _n(value * GRID)


def _colour(colour: object) -> str:
    """'r g b' of a ReportLab colour (opaque only: a picture has no transparency)."""
    alpha = getattr(colour, "alpha", 1)
    if alpha is not None and alpha != 1:
        raise ValueError(f"a picture cannot draw a transparent colour ({colour!r})")
    rgb = colour.rgb()  # type: ignore[attr-defined]
    return " ".join(_n(c) for c in rgb)


class _Writer:
    """Collects operators, setting colours and line styles only when they change."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.state: dict[str, str] = {}

    def set(self, key: str, op: str) -> None:
        if self.state.get(key) != op:
            self.state[key] = op
            self.out.append(op)

    def stroke_style(self, shape: Shape) -> None:
        self.set("RG", f"{_colour(shape.strokeColor)} RG")
        self.set("w", f"{_w(shape.strokeWidth)} w")
        self.set("J", f"{int(shape.strokeLineCap)} J")
        self.set("j", f"{int(shape.strokeLineJoin)} j")
        dash = shape.strokeDashArray
        if dash and isinstance(dash[1], (list, tuple)):
            phase, dash = dash[0], dash[1]
        else:
            phase = 0
        self.set("d", f"[{' '.join(_w(d) for d in dash or ())}] {_w(phase)} d")

    def paint(self, shape: Shape, path: str, *, can_fill: bool, even_odd: bool) -> None:
        """`path` filled and/or stroked as the shape's colours say."""
        fill = can_fill and getattr(shape, "fillColor", None) is not None
        stroke = shape.strokeColor is not None
        if fill:
            self.set("rg", f"{_colour(shape.fillColor)} rg")
        if stroke:
            self.stroke_style(shape)
        star = "*" if even_odd else ""
        op = (f"B{star}" if stroke else f"f{star}") if fill else ("S" if stroke else "n")
        self.out.append(f"{path} {op}")

    def shape(self, shape: object) -> None:
        if isinstance(shape, Outlined):
            self.outlined(shape)
        elif isinstance(shape, Group):
            self.out.append("q")
            if tuple(shape.transform) != (1, 0, 0, 1, 0, 0):
                a, b, c, d, e, f = shape.transform  # the move in grid units, as coordinates
                self.out.append(f"{_n(a)} {_n(b)} {_n(c)} {_n(d)} {_c(e)} {_c(f)} cm")
            saved = dict(self.state)
            for child in shape.contents:
                self.shape(child)
            self.out.append("Q")
            self.state = saved
        elif isinstance(shape, Line):
            path = f"{_c(shape.x1)} {_c(shape.y1)} m {_c(shape.x2)} {_c(shape.y2)} l"
            self.paint(shape, path, can_fill=False, even_odd=False)
        elif isinstance(shape, PolyLine):
            pts = shape.points
            self.paint(shape, _lines(list(zip(pts[0::2], pts[1::2], strict=True)), close=False),
                       can_fill=False, even_odd=False)
        elif isinstance(shape, Polygon):
            pts = shape.points
            self.paint(shape, _lines(list(zip(pts[0::2], pts[1::2], strict=True)), close=True),
                       can_fill=True, even_odd=_even_odd(shape))
        elif isinstance(shape, Rect):
            self.paint(shape, _rect(shape), can_fill=True, even_odd=False)
        elif isinstance(shape, Circle):
            path = _ellipse(shape.cx, shape.cy, shape.r, shape.r)
            self.paint(shape, path, can_fill=True, even_odd=False)
        elif isinstance(shape, Ellipse):
            path = _ellipse(shape.cx, shape.cy, shape.rx, shape.ry)
            self.paint(shape, path, can_fill=True, even_odd=False)
        elif isinstance(shape, Path):
            path, closed = _path(shape)
            self.paint(shape, path, can_fill=closed, even_odd=_even_odd(shape))
        else:
            raise TypeError(f"a picture cannot draw a {type(shape).__name__}")

    def outlined(self, shape: Outlined) -> None:
        path = " ".join(_lines(p, close=True) for p in shape.polygons)
        if not path:
            return
        self.set("RG", f"{_colour(shape.ink)} RG")
        self.set("w", f"{_w(shape.width)} w")
        self.set("J", "0 J")
        self.set("j", "1 j")
        self.set("d", "[] 0 d")
        self.set("rg", f"{_colour(shape.fill)} rg")
        self.out.append(f"{path} S\n{path} f")


def _even_odd(shape: Shape) -> bool:
    """The shape's fill rule: even-odd unless it asks for non-zero (as ReportLab draws it)."""
    return bool(getattr(shape, "fillMode", None) != FILL_NON_ZERO)


def _lines(points: Sequence[Point], *, close: bool) -> str:
    """moveto the first point, lineto the others (and closepath)."""
    if not points:
        return ""
    head = f"{_c(points[0][0])} {_c(points[0][1])} m"
    rest = " ".join([f"{_c(x)} {_c(y)} l" for x, y in points[1:]])
    return f"{head} {rest} h" if close else f"{head} {rest}"


def _rect(rect: Rect) -> str:
    x, y, w, h = rect.x, rect.y, rect.width, rect.height
    rx, ry = min(rect.rx, w / 2), min(rect.ry or rect.rx, h / 2)
    if not rx or not ry:
        return f"{_c(x)} {_c(y)} {_c(w)} {_c(h)} re"
    kx, ky = rx * (1 - KAPPA), ry * (1 - KAPPA)
    x1, y1 = x + w, y + h
    c = [f"{_c(x + rx)} {_c(y)} m", f"{_c(x1 - rx)} {_c(y)} l",
         f"{_c(x1 - kx)} {_c(y)} {_c(x1)} {_c(y + ky)} {_c(x1)} {_c(y + ry)} c",
         f"{_c(x1)} {_c(y1 - ry)} l",
         f"{_c(x1)} {_c(y1 - ky)} {_c(x1 - kx)} {_c(y1)} {_c(x1 - rx)} {_c(y1)} c",
         f"{_c(x + rx)} {_c(y1)} l",
         f"{_c(x + kx)} {_c(y1)} {_c(x)} {_c(y1 - ky)} {_c(x)} {_c(y1 - ry)} c",
         f"{_c(x)} {_c(y + ry)} l",
         f"{_c(x)} {_c(y + ky)} {_c(x + kx)} {_c(y)} {_c(x + rx)} {_c(y)} c", "h"]
    return " ".join(c)


def _ellipse(cx: float, cy: float, rx: float, ry: float) -> str:
    """An ellipse as four cubic Bezier quarters, counter-clockwise from the right."""
    kx, ky = rx * KAPPA, ry * KAPPA
    return " ".join([
        f"{_c(cx + rx)} {_c(cy)} m",
        f"{_c(cx + rx)} {_c(cy + ky)} {_c(cx + kx)} {_c(cy + ry)} {_c(cx)} {_c(cy + ry)} c",
        f"{_c(cx - kx)} {_c(cy + ry)} {_c(cx - rx)} {_c(cy + ky)} {_c(cx - rx)} {_c(cy)} c",
        f"{_c(cx - rx)} {_c(cy - ky)} {_c(cx - kx)} {_c(cy - ry)} {_c(cx)} {_c(cy - ry)} c",
        f"{_c(cx + kx)} {_c(cy - ry)} {_c(cx + rx)} {_c(cy - ky)} {_c(cx + rx)} {_c(cy)} c",
        "h"])


def _path(path: Path) -> tuple[str, bool]:
    """A Path's operators, and whether it ends closed (an open path is never filled)."""
    out: list[str] = []
    points = path.points
    i = 0
    closed = False
    for op in path.operators:
        if op == 0:
            out.append(f"{_c(points[i])} {_c(points[i + 1])} m")
            i += 2
            closed = False
        elif op == 1:
            out.append(f"{_c(points[i])} {_c(points[i + 1])} l")
            i += 2
            closed = False
        elif op == 2:
            out.append(" ".join(_c(v) for v in points[i:i + 6]) + " c")
            i += 6
            closed = False
        else:
            out.append("h")
            closed = True
    return " ".join(out), closed


def write(shapes: Iterable[object]) -> str:
    """The PDF operators that draw `shapes` in order (ReportLab shapes, Groups of them, or
    Outlined silhouettes), starting from no assumed graphics state; coordinates in pt.
    They open by scaling to the grid (`GRID` units a pt), so that every coordinate is a
    whole number: a third fewer bytes than tenths of a pt, and finer than print shows.

    Raises TypeError for a shape it cannot write (text: pictures hold none) and ValueError
    for a transparent colour.
    """
    writer = _Writer()
    writer.out.append(f"{_n(1 / GRID)} 0 0 {_n(1 / GRID)} 0 0 cm")
    for shape in shapes:
        writer.shape(shape)
    return "\n".join(writer.out)
