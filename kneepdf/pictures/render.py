"""A pose's frames as PDF operators, one string per frame: fitted, outlined, mirrored."""

from __future__ import annotations

import hashlib
import math
from typing import NamedTuple

from reportlab.graphics.shapes import Circle, Line, Polygon, Rect, Shape
from reportlab.lib.colors import HexColor

from kneepdf.pictures import GAP, arrows, body, ops, props
from kneepdf.pictures.camera import Fit, Point, project
from kneepdf.pictures.frames import solve_pose
from kneepdf.pictures.ops import Outlined
from kneepdf.pictures.skeleton import SEGMENTS, Figure, anchor
from kneepdf.pose import Pose, end_frame
from kneepdf.reuse import Reuse

PAD = 6.0            # pt inside a frame's edge
BADGE_R = 8.5        # pt: the step number's circle
BORDER = HexColor("#b4b4b4")
MAT = HexColor("#efefef")
MIN_RATIO, MAX_RATIO = 0.5, 0.8
RIGHT, WRONG = "#1d6b2f", "#b3151b"  # the tick's and the cross's circles (contrast >= 4.5 on white)


def line_width(frame_width: float) -> float:
    """The body's outline weight (pt): 1.5 in small frames up to 2.2 in large ones."""
    return max(1.5, min(2.2, frame_width / 80.0))


def camera_of(pose: Pose) -> str:
    """The projection: a close-up's camera, or the view (a seated front view is turned, a
    side-lying one seen from a little above, so that bent hips and knees show)."""
    camera = pose.camera if pose.view == "close-up" else pose.view
    if camera in ("front-high", "side-high"):
        return camera
    if camera == "front" and pose.posture == "sitting":
        return "front" if pose.view == "close-up" else "three-quarter"
    if camera == "front" and pose.posture == "lying-side" and pose.view != "close-up":
        return "above-front"
    return camera


def _extent(pose: Pose, figs: tuple[Figure, ...], camera: str) -> tuple[float, ...]:
    """(left, bottom, right, top) in cm of everything to fit: body, props, the floor."""
    us: list[float] = []
    vs: list[float] = []
    for fig in figs:
        for _n, a, b, ra, rb, _g in SEGMENTS:
            for name, r in ((a, ra), (b, rb)):
                u, v, _ = project(camera, fig.points[name])
                us += [u - r, u + r]
                vs += [v - r, v + r]
        for prop in fig.props:
            for box in props.boxes(prop):
                for corner in ((box[0], box[2], box[4]), (box[1], min(box[3], 60), box[5])):
                    u, v, _ = project(camera, corner)
                    us.append(u)
                    if prop.kind not in ("wall", "rail"):
                        vs.append(v)
            if prop.kind == "ball":
                u, v, _ = project(camera, (prop.x, prop.y, 0.0))
                us += [u - prop.size / 2, u + prop.size / 2]
                vs += [v - prop.size / 2, v + prop.size / 2]
    if camera not in ("top", "side-high"):
        vs.append(0.0)
    margin = 12.0 if pose.arrows else 3.0
    below = margin if pose.arrows and camera in ("top", "side-high") else 0.0  # no floor there
    return (min(us) - margin, min(vs) - below, max(us) + margin,
            max(vs) + (margin if pose.arrows else 0))


def _fits(pose: Pose, figs: tuple[Figure, ...], mirror: bool, width: float,
          end: int | None = None) -> tuple[float, list[Fit]]:
    """The frame height (pt) and where each frame's cm land in the drawing; a close-up is
    centred on its focus where the movement ends (`figs[end]`, by default the pose's end)."""
    camera = camera_of(pose)
    top_pad = 2 * BADGE_R + 2 * PAD
    if pose.view == "close-up":
        height = width * 0.75
        k = (width - 2 * PAD) / pose.span
        focus = figs[end_frame(pose) if end is None else end]
        u, v, _ = project(camera, anchor(pose.focus, focus.points))
        x0 = u - width / 2 / k
        y0 = v - (height - top_pad + PAD) / 2 / k
        if camera == "side" and y0 < 0.3 * pose.span:
            y0 = -1.5 * PAD / k  # a floor just out of sight comes in, along the bottom
    else:
        left, bottom, right, top = _extent(pose, figs, camera)
        k = (width - 2 * PAD) / (right - left)
        height = max(MIN_RATIO * width, min(MAX_RATIO * width,
                                            (top - bottom) * k + top_pad + PAD))
        k = min(k, (height - top_pad - PAD) / (top - bottom))
        x0 = (left + right) / 2 - width / 2 / k
        y0 = bottom - PAD / k
    return height, [Fit(camera, k, x0, y0, n * (width + GAP), 0.0, width, mirror)
                    for n in range(len(figs))]


class Frame(NamedTuple):
    """One frame of a picture: its PDF operators in its own box (0, 0) to (width, height) pt,
    and the name a PDF gives the form that holds them (from a digest of the operators, so
    equal frames share one name and no name depends on anything but the drawing)."""

    name: str
    ops: str


class Picture(NamedTuple):
    """A pose's frames, each `frame_width` by `height` pt, with each frame's step number, its
    mark ('right', 'wrong' or ''), and `end`, the index of the frame the movement ends on
    (the last not marked wrong: it carries the arrows, and a thumbnail shows it)."""

    frame_width: float
    height: float
    line_width: float
    steps: tuple[int, ...]
    marks: tuple[str, ...]
    end: int
    frames: tuple[Frame, ...]

    def size(self, stacked: bool = False) -> tuple[float, float]:
        """Width and height (pt) of the frames side by side, or one above the other, GAP apart."""
        count = len(self.frames)
        if stacked:
            return self.frame_width, count * self.height + (count - 1) * GAP
        return count * self.frame_width + (count - 1) * GAP, self.height


def render(pose: Pose, mirror: bool, frame_width: float, reuse: Reuse | None = None) -> Picture:
    """The Picture for `kneepdf.pictures.picture` (see there); poses solved once per `reuse`."""
    figs = solve_pose(pose, reuse)
    first, end = figs[0], end_frame(pose)
    lw = line_width(frame_width)
    height, fits = _fits(pose, figs, mirror, frame_width, end)
    frames = []
    for n, (fig, fit) in enumerate(zip(figs, fits, strict=True)):
        fit = fit._replace(left=0.0)
        box = (0.0, 0.0, frame_width, height)
        inner = (box[0] + lw, box[1] + lw, box[2] - lw, box[3] - lw)  # outlines stay inside
        shapes: list[Shape] = _mat(pose, fig, fit)
        shapes += props.under(fig.props, fit, lw)
        if fit.camera == "front-high" and pose.posture != "lying-side":
            shapes += _floor_area(fig, fit, box)
        elif not _on_mat(pose, fit):
            fy = fit.flat(0.0, _floor_v(fig, fit.camera))[1]
            if box[1] < fy < box[3]:
                shapes.append(Line(box[0] + PAD * 0.6, fy, box[2] - PAD * 0.6, fy,
                                   strokeColor=HexColor(body.INK), strokeWidth=2.0))
        drawn: list[object] = [c for c in (_clip(shape, inner) for shape in shapes) if c]
        for fill, polygons in body.groups(fig, fit, pose.posture,
                                          close_up=pose.view == "close-up", hand=pose.hand):
            kept = [c for c in (_clip_points(p, inner) for p in polygons) if c]
            drawn.append(Outlined(kept, HexColor(body.INK), HexColor(fill), lw * 2))
        late = props.over(fig.props, fig, fit, lw)
        if n == end:  # arrows measured from the first frame
            for arrow in pose.arrows:
                late += arrows.draw_arrow(arrow, first, fig, fit, lw)
        drawn += [c for c in (_clip(shape, inner) for shape in late) if c]
        # the border's line (0.8 pt) inside the frame, its corners on the grid of the operators
        right = math.floor((frame_width - 0.5) * ops.GRID) / ops.GRID
        top = math.floor((height - 0.5) * ops.GRID) / ops.GRID
        drawn.append(Rect(0.5, 0.5, right - 0.5, top - 0.5, rx=5, ry=5,
                          fillColor=None, strokeColor=BORDER, strokeWidth=0.8))
        text = ops.write(drawn)
        digest = hashlib.blake2b(text.encode("ascii"), digest_size=8).hexdigest()
        frames.append(Frame(f"pic{digest}", text))
    return Picture(frame_width, height, lw, tuple(f.step for f in pose.frames),
                   tuple(f.mark for f in pose.frames), end, tuple(frames))


def _on_mat(pose: Pose, fit: Fit) -> bool:
    """No floor line: seen from above, or a figure lying down on its side from a little above."""
    if fit.camera in ("top", "side-high"):
        return True
    return pose.posture == "lying-side" and fit.camera == "above-front"


def _floor_area(fig: Figure, fit: Fit, box: tuple[float, float, float, float]) -> list[Shape]:
    """The floor seen from the front and above: a light area from behind the heels down."""
    back = max(fit.point(fig.points[f"{s}_heel"])[1] for s in ("right", "left"))
    top = min(box[3], back + 4.0 * fit.k)
    if top <= box[1]:
        return []
    return [Rect(box[0], box[1], box[2] - box[0], top - box[1], fillColor=MAT,
                 strokeColor=None)]


def _mat(pose: Pose, fig: Figure, fit: Fit) -> list[Shape]:
    """A figure lying down seen from above (or on its side, from a little above) lies on a mat
    along its body: the floor it lacks."""
    if not _on_mat(pose, fit) or not pose.posture.startswith("lying"):
        return []
    pts = fig.points
    axis = (pts["head"][0] - pts["pelvis"][0], 0.0, pts["head"][2] - pts["pelvis"][2])
    along = (axis[0] / math.hypot(axis[0], axis[2]), 0.0, axis[2] / math.hypot(axis[0], axis[2]))
    across = (-along[2], 0.0, along[0])
    a = [p[0] * along[0] + p[2] * along[2] for p in pts.values()]
    c = [p[0] * across[0] + p[2] * across[2] for p in pts.values()]
    m = 10.0
    corners = [fit.point((u * along[0] + w * across[0], 0.0, u * along[2] + w * across[2]))
               for u, w in ((min(a) - m, min(c) - m), (max(a) + m, min(c) - m),
                            (max(a) + m, max(c) + m), (min(a) - m, max(c) + m))]
    return [Polygon([v for p in corners for v in p], fillColor=MAT, strokeColor=BORDER,
                    strokeWidth=0.8, strokeLineJoin=1)]


def _clip(shape: Shape, box: tuple[float, float, float, float]) -> Shape | None:
    """Polygons cut to the frame (Sutherland-Hodgman), lines too; other shapes kept as they are."""
    if isinstance(shape, Line):
        return _clip_line(shape, box)
    if isinstance(shape, Circle):
        inside = box[0] <= shape.cx <= box[2] and box[1] <= shape.cy <= box[3]
        return shape if inside else None
    if not isinstance(shape, Polygon):
        return shape
    pts = _clip_points(list(zip(shape.points[0::2], shape.points[1::2], strict=True)), box)
    if not pts:
        return None
    shape.points = [c for p in pts for c in p]
    return shape


def _clip_points(pts: list[Point], box: tuple[float, float, float, float]) -> list[Point]:
    """A polygon cut to the frame (Sutherland-Hodgman); empty when nothing is left."""
    x0, y0, x1, y1 = box
    if all(x0 <= x <= x1 and y0 <= y <= y1 for x, y in pts):
        return pts
    for axis, bound, keep_above in ((0, x0, True), (0, x1, False), (1, y0, True),
                                    (1, y1, False)):
        out: list[Point] = []
        for i, cur in enumerate(pts):
            prev = pts[i - 1]
            cur_in = (cur[axis] >= bound) == keep_above
            prev_in = (prev[axis] >= bound) == keep_above
            if cur_in != prev_in:
                out.append(_cut(prev, cur, axis, bound))
            if cur_in:
                out.append(cur)
        pts = out
        if len(pts) < 3:
            return []
    return pts


def _cut(a: Point, b: Point, axis: int, bound: float) -> Point:
    """Where the segment a-b crosses the line x = bound (axis 0) or y = bound (axis 1)."""
    t = (bound - a[axis]) / (b[axis] - a[axis])
    x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
    return (bound, y) if axis == 0 else (x, bound)


def _clip_line(line: Line, box: tuple[float, float, float, float]) -> Line | None:
    """A straight line cut to the frame (Liang-Barsky), or None when it lies outside."""
    x0, y0, x1, y1 = box
    dx, dy = line.x2 - line.x1, line.y2 - line.y1
    low, high = 0.0, 1.0
    for p, q in ((-dx, line.x1 - x0), (dx, x1 - line.x1), (-dy, line.y1 - y0),
                 (dy, y1 - line.y1)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
    if low > high:
        return None
    ax, ay = line.x1, line.y1
    line.x1, line.y1 = ax + dx * low, ay + dy * low
    line.x2, line.y2 = ax + dx * high, ay + dy * high
    return line


def _floor_v(fig: Figure, camera: str) -> float:
    """Where the floor line goes (cm up the frame): under the feet, for a view from above too."""
    if camera not in ("front-high", "above-front", "three-quarter"):
        return 0.0
    return min(project(camera, fig.points[f"{s}_{p}"])[1] for s in ("right", "left")
               for p in ("heel", "ball", "toe"))
