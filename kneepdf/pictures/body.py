"""The body as tapered capsules: a dark stroke pass, then a fill pass, for one clean outline."""

from __future__ import annotations

import math

from kneepdf.pictures import vec
from kneepdf.pictures.camera import Fit, Point
from kneepdf.pictures.skeleton import SEGMENTS, TRUNK_WIDTH, Figure

INK = "#1a1a1a"
FAR = "#cfcfcf"
NEAR = "#ffffff"
Polygon = list[Point]
TOP_FOOT = {"heel": (3.0, 4.0), "foot": (4.0, 4.8), "toe": (4.6, 3.0)}


def capsule(a: Point, b: Point, ra: float, rb: float) -> Polygon:
    """A tapered capsule's outline (pt): two circles and their outer tangents."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    d = math.hypot(dx, dy)
    if d + min(ra, rb) <= max(ra, rb) + 1e-6:
        c, r = (a, ra) if ra >= rb else (b, rb)
        return _arc(c, r, 0.0, 2 * math.pi)[:-1]
    theta = math.atan2(dy, dx)
    phi = math.acos(max(-1.0, min(1.0, (ra - rb) / d)))
    return _arc(a, ra, theta + phi, theta + 2 * math.pi - phi) + _arc(
        b, rb, theta - phi, theta + phi)


def _arc(c: Point, r: float, start: float, end: float) -> Polygon:
    steps = max(3, min(12, int(abs(end - start) * max(r, 1.0) / 2.2)))
    return [(c[0] + r * math.cos(start + (end - start) * i / steps),
             c[1] + r * math.sin(start + (end - start) * i / steps)) for i in range(steps + 1)]


def _trunk_radius(fig: Figure, fit: Fit, r: float, width: float) -> float:
    """The trunk is deeper than wide: pick its half-width as the camera sees it."""
    lateral = vec.column(fig.frames["trunk"], 2)
    looking = {"side": (0.0, 0.0, 1.0), "front": (1.0, 0.0, 0.0), "top": (0.0, 1.0, 0.0),
               "front-high": (0.82, 0.57, 0.0), "above-front": (0.77, 0.64, 0.0),
               "side-high": (0.0, 0.77, 0.64), "three-quarter": (0.74, 0.26, 0.62)}
    c = abs(vec.dot(lateral, looking[fit.camera]))
    return r * c + width * (1.0 - c)


def _hand(a: Point, b: Point, k: float, shape: str) -> list[Polygon]:
    """A close-up's hand from wrist `a` to its end `b` (pt): a loose fist or fingertips."""
    d = math.hypot(b[0] - a[0], b[1] - a[1]) or 1.0
    ux, uy = (b[0] - a[0]) / d, (b[1] - a[1]) / d

    def at(t: float, side: float = 0.0) -> Point:  # t: cm along the hand, side: cm across
        return a[0] + (ux * t - uy * side) * k, a[1] + (uy * t + ux * side) * k

    if shape == "fingers":  # a narrow palm, then fingers reaching to the skin
        return [capsule(a, at(4.5), 3.0 * k, 2.7 * k), capsule(at(4.0), at(9.6), 1.5 * k, 1.1 * k)]
    # a loose fist: a round block whose end is a row of knuckles
    return [capsule(at(1.0), at(5.0), 3.0 * k, 3.0 * k),
            *(capsule(at(7.0 - abs(s) * 0.25, s), at(7.0 - abs(s) * 0.25, s), 1.4 * k, 1.4 * k)
              for s in (-2.3, 0.0, 2.3))]


def groups(
    fig: Figure, fit: Fit, posture: str, *, close_up: bool = False, hand: str = "open",
) -> list[tuple[str, list[Polygon]]]:
    """The body's outlines in drawing order as (fill colour, polygons): far limbs first.

    A close-up leaves the far limbs out: they would only clutter the part it shows, and
    draws its hands as `hand` says (`open`, `fist` or `fingers`).
    """
    by_group: dict[str, list[Polygon]] = {}
    for name, a, b, ra, rb, group in SEGMENTS:
        if fit.camera == "top" and name.endswith(("_heel", "_foot", "_toe")):
            ra, rb = TOP_FOOT[name.rsplit("_", 1)[1]]  # a foot is wider than it is high
        if name == "trunk":
            ra = _trunk_radius(fig, fit, ra, TRUNK_WIDTH[0])
            rb = _trunk_radius(fig, fit, rb, TRUNK_WIDTH[1])
        pa, pb = fit.point(fig.points[a]), fit.point(fig.points[b])
        if close_up and hand != "open" and name.endswith("_hand"):
            by_group.setdefault(group, []).extend(_hand(pa, pb, fit.k, hand))
            continue
        poly = capsule(pa, pb, ra * fit.k, rb * fit.k)
        if fit.camera == "top" and name.endswith(("_heel", "_foot", "_toe")):
            group = f"{group}_foot"  # from above, each foot gets its own outline
        by_group.setdefault(group, []).append(poly)
    if fit.camera == "top" and posture == "sitting":
        _seated_from_above(fig, fit, by_group)
    elif fit.camera == "front" and posture == "sitting" and close_up:
        by_group["knees"] = [_kneecap(fig, fit, side) for side in ("right", "left")]
    far = far_side(fig, fit, posture)
    near = "left" if far == "right" else "right"
    out: list[tuple[str, list[Polygon]]] = []
    if far and not close_up:
        out += [(FAR, by_group[f"{far}_arm"]), (FAR, by_group[f"{far}_leg"])]
    if far:
        out += [(NEAR, by_group["torso"] + by_group[f"{near}_leg"]),
                (NEAR, by_group[f"{near}_arm"])]
    else:
        out += [(NEAR, by_group["torso"] + by_group["right_leg"] + by_group["left_leg"])]
        out += [(NEAR, by_group[g]) for g in ("right_leg_foot", "left_leg_foot", "knees")
                if g in by_group]
        out += [(NEAR, by_group["right_arm"]), (NEAR, by_group["left_arm"])]
    return out


def _seated_from_above(fig: Figure, fit: Fit, by_group: dict[str, list[Polygon]]) -> None:
    """Seen from above, sitting: a big toe on each foot and a kneecap over each knee."""
    for side, s in (("right", 1.0), ("left", -1.0)):
        frame = fig.frames[f"{side}_foot"]
        tip = vec.add(fig.points[f"{side}_toe_c"], vec.scale(vec.column(frame, 0), 1.2))
        big = vec.add(tip, vec.scale(vec.column(frame, 2), -s * 2.4))
        by_group[f"{side}_leg_foot"].append(capsule(fit.point(fig.points[f"{side}_toe_c"]),
                                                    fit.point(big), 2.0 * fit.k, 1.8 * fit.k))
        by_group.setdefault("knees", []).append(_kneecap(fig, fit, side))


def _kneecap(fig: Figure, fit: Fit, side: str) -> Polygon:
    """A round kneecap over the knee, so a knee seen end-on reads as one."""
    knee = fit.point(fig.points[f"{side}_knee"])
    return capsule(knee, knee, 4.6 * fit.k, 4.6 * fit.k)


def far_side(fig: Figure, fit: Fit, posture: str) -> str:
    """The side whose limbs lie behind (drawn first, grey), or "" when neither does: seen
    from the front, only a body turned side-on has one."""
    if posture == "lying-side" and fit.camera != "top":
        return "left"  # lying on the left side: the lower limbs are the far ones
    if fit.camera not in ("side", "front"):
        return ""  # from above, both legs are drawn alike
    if fit.camera == "front" and abs(vec.column(fig.frames["pelvis"], 2)[0]) < 0.7:
        return ""  # facing the viewer (less than 45 degrees from it): both legs alike
    right = sum(fit.depth(fig.points[f"right_{j}"]) for j in ("hip", "knee", "ankle"))
    left = sum(fit.depth(fig.points[f"left_{j}"]) for j in ("hip", "knee", "ankle"))
    if abs(right - left) < 15.0:
        return ""
    return "left" if left < right else "right"
