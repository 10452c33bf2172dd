"""The figure in 3-D: forward kinematics from joint angles, resting on a support, then contacts.

Units are cm and degrees. Body frame: x forward, y up, z to the body's right; the hips'
centre is the origin. World frame: the floor is y = 0. Pure math: no ReportLab, no files.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from kneepdf.pictures import vec
from kneepdf.pictures.vec import Mat, Vec
from kneepdf.pose import CONTACT_TOLERANCE_CM, POSTURE_ANGLES, Contact, Pose, PoseFrame, Prop

THIGH, SHIN, UPPER_ARM, FOREARM, HAND = 43.0, 42.0, 28.0, 25.0, 8.0
HIP_HALF, SHOULDER_HALF, SHOULDER_UP, NECK_BASE = 9.0, 17.0, 46.0, 49.0
SEAT_HEIGHT, SEAT_DROP = 45.0, 9.0   # chair seat top; hip joint above the seat
STEP_DEPTH = 38.0                   # front to back of a step (cm)
# (name, from, to, r_from, r_to, group); `group` orders the drawing and greys the far side.
SEGMENTS: tuple[tuple[str, str, str, float, float, str], ...] = (
    ("pelvis", "left_hip", "right_hip", 11.0, 11.0, "torso"),
    ("trunk", "waist", "chest", 12.0, 13.0, "torso"),
    ("shoulders", "left_shoulder", "right_shoulder", 6.0, 6.0, "torso"),
    ("neck", "neck", "neck_top", 5.0, 5.0, "torso"),
    ("head", "head", "head", 10.0, 10.0, "torso"),
    *((f"{s}_{n}", f"{s}_{a}", f"{s}_{b}", r1, r2, f"{s}_leg") for s in ("right", "left")
      for n, a, b, r1, r2 in (("thigh", "hip", "knee", 8.0, 5.6), ("shin", "knee", "ankle", 5.4,
                                                                        3.4),
                              ("heel", "heel_c", "arch_c", 3.5, 3.4),
                              ("foot", "arch_c", "ball_c", 3.4, 2.5),
                              ("toe", "ball_c", "toe_c", 2.4, 2.0))),
    *((f"{s}_{n}", f"{s}_{a}", f"{s}_{b}", r1, r2, f"{s}_arm") for s in ("right", "left")
      for n, a, b, r1, r2 in (("upper_arm", "shoulder", "elbow", 4.6, 3.6),
                              ("forearm", "elbow", "wrist", 3.6, 2.7),
                              ("hand", "wrist", "hand", 3.0, 2.4))),
)
RADIUS = {name: (r1, r2) for name, _a, _b, r1, r2, _g in SEGMENTS}
TRUNK_WIDTH = (15.0, 17.0)  # half-widths of the trunk seen from the front (depth: RADIUS)

# Each base posture: how the body is turned in the world, and its joint angles.
POSTURES: dict[str, tuple[Mat, dict[str, float]]] = {
    name: (turn, POSTURE_ANGLES[name]) for name, turn in (
        ("standing", vec.IDENTITY), ("sitting", vec.IDENTITY), ("long-sitting", vec.IDENTITY),
        ("lying-back", vec.rot_z(90)), ("lying-front", vec.rot_z(-90)),
        ("lying-side", vec.rot_x(-90)))}


class Placed(NamedTuple):
    """A prop where it stands: centre x, z; y (bottom, or centre for round ones); size (cm)."""

    kind: str
    x: float
    y: float
    size: float
    along: bool = False
    z: float | None = None
    at: str = ""  # the body part a band or ankle weight holds on to, in every frame


class Figure(NamedTuple):
    """One solved frame: named points (cm, world), segment frames, props, and what failed."""

    points: dict[str, Vec]
    frames: dict[str, Mat]
    props: tuple[Placed, ...]
    problems: tuple[tuple[Contact | None, str], ...]


def _side(s: str) -> float:
    return 1.0 if s == "right" else -1.0


def forward(angles: dict[str, float], posture: str) -> tuple[dict[str, Vec], dict[str, Mat]]:
    """Joint positions and segment frames from angles, in the world's orientation."""
    a = angles.get
    post, _ = POSTURES[posture]
    world = vec.mul(vec.rot_y(a("turn", 0.0)), vec.mul(post, vec.rot_z(-a("tilt", 0.0))))
    trunk = vec.mul(world, vec.mul(vec.rot_y(a("trunk_turn", 0.0)),
                                   vec.mul(vec.rot_x(a("trunk_side", 0.0)),
                                           vec.rot_z(-a("trunk", 0.0)))))
    head = vec.mul(trunk, vec.rot_z(-a("neck", 0.0)))
    p: dict[str, Vec] = {"pelvis": (0.0, 0.0, 0.0)}
    f: dict[str, Mat] = {"pelvis": world, "trunk": trunk, "head": head}
    p["waist"] = vec.apply(trunk, (0.0, 4.0, 0.0))
    p["chest"] = vec.apply(trunk, (0.0, 38.0, 0.0))
    p["neck"] = vec.apply(trunk, (0.0, NECK_BASE, 0.0))
    p["neck_top"] = vec.add(p["neck"], vec.apply(head, (0.5, 7.0, 0.0)))
    p["head"] = vec.add(p["neck_top"], vec.apply(head, (1.5, 9.5, 0.0)))
    for side in ("right", "left"):
        s = _side(side)

        def j(name: str, s_: str = side) -> float:
            return a(f"{s_}_{name}", 0.0)

        hip = vec.apply(world, (0.0, 0.0, HIP_HALF * s))
        thigh = vec.mul(world, vec.mul(vec.rot_z(j("hip")), vec.mul(
            vec.rot_x(-s * j("hip_out")), vec.rot_y(-s * j("hip_turn")))))
        shin = vec.mul(thigh, vec.rot_z(-j("knee")))
        foot = vec.mul(shin, vec.mul(vec.rot_z(j("ankle")), vec.rot_y(s * j("foot_turn"))))
        p[f"{side}_hip"] = hip
        p[f"{side}_knee"] = vec.add(hip, vec.apply(thigh, (0.0, -THIGH, 0.0)))
        p[f"{side}_ankle"] = vec.add(p[f"{side}_knee"], vec.apply(shin, (0.0, -SHIN, 0.0)))
        f[f"{side}_thigh"], f[f"{side}_shin"], f[f"{side}_foot"] = thigh, shin, foot
        _foot_points(p, side, foot, j("toe"), j("arch"))
        shoulder = vec.apply(trunk, (0.0, SHOULDER_UP, SHOULDER_HALF * s))
        arm = vec.mul(trunk, vec.mul(vec.rot_z(j("shoulder")), vec.rot_x(-s * j("shoulder_out"))))
        fore = vec.mul(arm, vec.rot_z(j("elbow")))
        p[f"{side}_shoulder"] = shoulder
        p[f"{side}_elbow"] = vec.add(shoulder, vec.apply(arm, (0.0, -UPPER_ARM, 0.0)))
        p[f"{side}_wrist"] = vec.add(p[f"{side}_elbow"], vec.apply(fore, (0.0, -FOREARM, 0.0)))
        p[f"{side}_hand"] = vec.add(p[f"{side}_wrist"], vec.apply(fore, (0.0, -HAND, 0.0)))
        f[f"{side}_arm"], f[f"{side}_forearm"] = arm, fore
    return p, f


def _foot_points(p: dict[str, Vec], side: str, foot: Mat, toe: float, arch: float) -> None:
    """Heel, ball and toe (centres and sole points) from the ankle and the foot's frame."""
    ankle = p[f"{side}_ankle"]

    def at(local: Vec, frame: Mat = foot, origin: Vec = ankle) -> Vec:
        return vec.add(origin, vec.apply(frame, local))

    p[f"{side}_heel_c"] = at((-4.5, -3.5, 0.0))
    p[f"{side}_heel"] = at((-4.5, -7.0, 0.0))
    p[f"{side}_arch_c"] = at((4.0, -3.6 + arch * 0.07, 0.0))
    p[f"{side}_arch"] = at((4.0, -7.0 + arch * 0.07, 0.0))
    ball = 12.0 - arch * 0.04  # lifting the arch draws the ball of the foot back
    p[f"{side}_ball_c"] = at((ball, -4.6, 0.0))
    p[f"{side}_ball"] = at((ball, -7.0, 0.0))
    toe_frame = vec.mul(foot, vec.rot_z(toe))
    p[f"{side}_toe_c"] = at((5.0, 0.0, 0.0), toe_frame, p[f"{side}_ball_c"])
    p[f"{side}_toe"] = at((7.0, 0.0, 0.0), toe_frame, p[f"{side}_ball_c"])


def lowest(points: dict[str, Vec]) -> float:
    """The lowest point of the body's outline (y, cm)."""
    return min(min(points[a][1] - r1, points[b][1] - r2) for _n, a, b, r1, r2, _g in SEGMENTS)


def shift(points: dict[str, Vec], dy: float) -> dict[str, Vec]:
    return {k: (v[0], v[1] + dy, v[2]) for k, v in points.items()}


def solve(pose: Pose, frame: PoseFrame, props: tuple[Placed, ...] | None = None,
          planted: tuple[str, float] | None = None) -> Figure:
    """One frame: angles, then rest on its support, then props placed, then contacts solved.

    `planted` (a foot's side and its heel's x in cm) keeps a standing foot where an
    earlier frame put it: the body moves over the foot, not the foot under the body.
    """
    angles = dict(frame.angles)
    points, frames = forward(angles, pose.posture)
    support = frame.rest or ("chair" if pose.posture == "sitting" else "floor")
    if pose.posture == "long-sitting" and not frame.rest:
        points = shift(points, RADIUS["pelvis"][0] - points["pelvis"][1])  # sitting on the floor
    elif support == "chair":
        points = shift(points, SEAT_HEIGHT + SEAT_DROP - points["pelvis"][1])
    elif support == "step":
        height = _size(pose, "step")
        sole = min(points["right_heel"][1], points["right_ball"][1])
        points = shift(points, height - sole)
    else:
        points = shift(points, -lowest(points))
    if planted is not None:
        dx = planted[1] - points[f"{planted[0]}_heel"][0]
        points = {k: (v[0] + dx, v[1], v[2]) for k, v in points.items()}
    from kneepdf.pictures.reach import reach  # which needs this module's sizes

    placed = props if props is not None else place_props(pose.props, points)
    step = next((p for p in placed if p.kind == "step"), None)
    if support == "step" and step is not None:  # the standing foot wholly on the step's top
        heel, ball = points["right_heel"][0], points["right_ball"][0]
        dx = max(0.0, step.x + 3.0 - heel) - max(0.0, ball - (step.x + STEP_DEPTH - 3.0))
        points = {k: (v[0] + dx, v[1], v[2]) for k, v in points.items()}
    # Hands last: they may reach for a leg the feet have just placed. While a foot cannot
    # reach the floor, lower the whole body (a bent standing knee lowers the hips).
    order = sorted(frame.contacts, key=lambda c: c.part.endswith("_hand"))
    drop = 0.0
    for _ in range(6):
        moved, turned = shift(points, drop), dict(frames)
        misses = [(c, reach(moved, turned, c, placed)) for c in order]
        floor = max((m for c, m in misses if c.target == "floor" and pose.posture == "standing"
                     and support == "floor"
                     and not c.part.endswith("_hand") and m < 60), default=0.0)
        if floor <= CONTACT_TOLERANCE_CM / 4:
            break
        drop -= floor
    points, frames = moved, turned
    problems: list[tuple[Contact | None, str]] = []
    for contact, miss in misses:
        if miss > CONTACT_TOLERANCE_CM:
            problems.append((contact, f"the {_words(contact.part)} misses the "
                             f"{_words(contact.target)} by {miss:.0f} cm; change the angles "
                             "so it can reach"))
    problems += [(None, m) for m in _bends(points) + _through_trunk(points)]
    return Figure(points, frames, placed, tuple(problems))


def _words(name: str) -> str:
    return name.replace("_", " ")


def _size(pose: Pose, kind: str) -> float:
    for prop in pose.props:
        if prop.kind == kind and prop.size is not None:
            return prop.size
    return DEFAULT_SIZE[kind]


DEFAULT_SIZE = {"chair": SEAT_HEIGHT, "chair-back": 88.0, "marker": 22.0, "step": 18.0,
                "wall": 180.0, "rail": 92.0,
                "roller": 14.0, "ball": 8.0, "band": 1.0, "ankle-weight": 1.0}


def _bends(points: dict[str, Vec]) -> list[str]:
    """Knees and elbows that the contacts bent past their range or the wrong way."""
    out = []
    for side in ("right", "left"):
        for joint, a, b, c, low, high in (("knee", "hip", "knee", "ankle", -5, 150),
                                          ("elbow", "shoulder", "elbow", "wrist", 0, 150)):
            bend = _angle(points[f"{side}_{a}"], points[f"{side}_{b}"], points[f"{side}_{c}"])
            if not low <= bend <= high:
                out.append(f"the {side} {joint} would bend {bend:.0f} degrees "
                           f"(normal range {low} to {high})")
        shin = vec.sub(points[f"{side}_ankle"], points[f"{side}_knee"])
        sole = vec.sub(points[f"{side}_ball"], points[f"{side}_heel"])
        ankle = _angle((0.0, 0.0, 0.0), shin, vec.add(shin, sole)) - 90.0
        if not -55 <= ankle <= 35:
            out.append(f"the {side} ankle would bend {ankle:.0f} degrees "
                       "(normal range -50 to 30)")
    return out


def _through_trunk(points: dict[str, Vec]) -> list[str]:
    """An arm that passes through the trunk (its axis deeper in than 2 cm)."""
    out = []
    core = RADIUS["trunk"][0] - 2.0
    for side in ("right", "left"):
        for name, a, b in (("upper arm", "shoulder", "elbow"), ("forearm", "elbow", "wrist")):
            p, q = points[f"{side}_{a}"], points[f"{side}_{b}"]
            samples = [vec.lerp(p, q, t / 8) for t in range(9)]
            if name == "upper arm":
                samples = samples[3:]  # the shoulder itself sits on the trunk
            if any(_to_axis(x, points["waist"], points["chest"]) < core for x in samples):
                out.append(f"the {side} {name} passes through the trunk")
    return out


def _to_axis(p: Vec, a: Vec, b: Vec) -> float:
    ab = vec.sub(b, a)
    t = max(0.0, min(1.0, vec.dot(vec.sub(p, a), ab) / max(vec.dot(ab, ab), 1e-9)))
    return vec.norm(vec.sub(p, vec.lerp(a, b, t)))


def _angle(a: Vec, b: Vec, c: Vec) -> float:
    u, v = vec.unit(vec.sub(b, a)), vec.unit(vec.sub(c, b))
    return math.degrees(math.acos(max(-1.0, min(1.0, vec.dot(u, v)))))


def place_props(props: tuple[Prop, ...], points: dict[str, Vec]) -> tuple[Placed, ...]:
    """Each prop where it stands, placing those given `at` a body part beside that part."""
    out = []
    for prop in props:
        size = prop.size if prop.size is not None else DEFAULT_SIZE[prop.kind]
        anchor = globals()["anchor"](prop.at, points) if prop.at else None
        x = prop.x if prop.x is not None else (anchor[0] if anchor else 0.0)
        y = prop.y if prop.y is not None else 0.0
        if prop.kind == "chair" and prop.x is None:
            x = points["pelvis"][0] + 4.0
        elif prop.kind == "wall" and prop.x is None and anchor is not None:
            x = anchor[0] + (RADIUS["right_shin"][0] if prop.at.endswith("knee") else 0.0)
        elif prop.kind == "ball" and prop.at == "knees":
            gap = vec.norm(vec.sub(points["right_knee"], points["left_knee"]))
            size = max(4.0, gap - 2 * RADIUS["right_shin"][0] + 0.6)
            assert anchor is not None
            x, y = anchor[0], anchor[1]
        elif prop.kind in ("roller", "ball"):
            y = size / 2 if prop.y is None else prop.y
        z = prop.z
        if z is None and anchor is not None and prop.kind in ("roller", "ball"):
            z = anchor[2]
        out.append(Placed(prop.kind, x, y, size, prop.along, z, prop.at))
    return tuple(out)


def anchor(at: str, points: dict[str, Vec]) -> Vec:
    """Where a named part is: a joint, a sole point, mid-calf, lower thigh, or between the knees."""
    if at == "knees":
        return vec.lerp(points["right_knee"], points["left_knee"], 0.5)
    side, part = at.split("_", 1)
    if part == "calf":
        return vec.lerp(points[f"{side}_knee"], points[f"{side}_ankle"], 0.45)
    if part == "thigh":
        return vec.lerp(points[f"{side}_hip"], points[f"{side}_knee"], 0.6)
    return points[at]
