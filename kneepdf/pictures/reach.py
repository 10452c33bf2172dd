"""Contacts: move an arm or leg by two-bone inverse kinematics until the part touches its target."""

from __future__ import annotations

import math

from kneepdf.pictures import vec
from kneepdf.pictures.skeleton import RADIUS, SHIN, THIGH, Placed
from kneepdf.pictures.vec import Mat, Vec
from kneepdf.pose import Contact

FOOT = ("heel_c", "heel", "arch_c", "arch", "ball_c", "ball", "toe_c", "toe")
LEG_BELOW_KNEE = ("ankle", *FOOT)
CALF_AT = 0.45
THIGH_AT = 0.6


def part_point(points: dict[str, Vec], part: str) -> tuple[Vec, float]:
    """Where a contact part is (cm) and how far its surface stands off that point."""
    side, name = part.split("_", 1)
    if name == "calf":
        r1, r2 = RADIUS[f"{side}_shin"]
        return vec.lerp(points[f"{side}_knee"], points[f"{side}_ankle"], CALF_AT), (r1 + r2) / 2
    if name == "thigh":
        r1, r2 = RADIUS[f"{side}_thigh"]
        point = vec.lerp(points[f"{side}_hip"], points[f"{side}_knee"], THIGH_AT)
        return point, r1 + (r2 - r1) * THIGH_AT
    if name == "hand":
        return points[part], RADIUS[f"{side}_hand"][1]
    if name == "knee":
        return points[part], RADIUS[f"{side}_shin"][0]
    if name == "foot":
        return points[f"{side}_heel"], 0.0
    return points[part], 0.0  # heel, ball and toe are points on the sole


def target_point(
    points: dict[str, Vec], frames: dict[str, Mat], contact: Contact,
    props: tuple[Placed, ...], here: Vec, standoff: float,
) -> Vec | None:
    """The point the part's centre must reach, or None when the target is not there."""
    x, y, z = here
    kind = contact.target
    if kind == "floor":
        return (x, standoff, z)
    prop = next((p for p in props if p.kind == kind), None)
    if kind in ("chair", "chair-back", "step", "wall", "rail", "roller", "ball"):
        if prop is None:
            return None
        if kind == "wall":
            return (prop.x - standoff, y, z)
        if kind == "rail" and prop.z is not None:  # a rail beside the body: held from the side
            return (prop.x, prop.size + standoff, prop.z - (2.0 if prop.z > 0 else -2.0))
        if kind in ("rail", "chair-back"):
            return (prop.x - 2.0, prop.size + standoff, z)
        if kind == "step":
            return (x, prop.size + standoff, z)
        if kind == "chair":
            return (x, prop.size + standoff, z)
        return (prop.x, prop.y + prop.size / 2 + standoff, z)  # on top of a roller or ball
    side, seg = kind.split("_", 1)
    s = 1.0 if side == "right" else -1.0
    if seg == "knee":
        centre, frame = points[f"{side}_knee"], frames[f"{side}_shin"]
        radius = RADIUS[f"{side}_shin"][0]
    elif seg in ("shin", "calf", "ankle"):
        at = {"ankle": 0.92}.get(seg, contact.at)
        centre = vec.lerp(points[f"{side}_knee"], points[f"{side}_ankle"], at)
        frame, (r1, r2) = frames[f"{side}_shin"], RADIUS[f"{side}_shin"]
        radius = r1 + (r2 - r1) * at
    elif seg == "thigh":
        centre = vec.lerp(points[f"{side}_hip"], points[f"{side}_knee"], contact.at)
        frame, (r1, r2) = frames[f"{side}_thigh"], RADIUS[kind]
        radius = r1 + (r2 - r1) * contact.at
    else:  # foot
        centre = vec.lerp(points[f"{side}_heel_c"], points[f"{side}_ball_c"], contact.at)
        frame, radius = frames[f"{side}_foot"], 3.0
    normal = {"front": vec.column(frame, 0), "back": vec.scale(vec.column(frame, 0), -1),
              "inner": vec.scale(vec.column(frame, 2), -s),
              "outer": vec.scale(vec.column(frame, 2), s),
              "top": (0.0, 1.0, 0.0)}[contact.surface]
    return vec.add(centre, vec.scale(vec.unit(normal), radius + standoff))


def reach(
    points: dict[str, Vec], frames: dict[str, Mat], contact: Contact, props: tuple[Placed, ...],
) -> float:
    """Move the contact's limb (in place) towards its target; return the distance left (cm)."""
    here, standoff = part_point(points, contact.part)
    target = target_point(points, frames, contact, props, here, standoff)
    if target is None:
        return math.inf
    side, name = contact.part.split("_", 1)
    if name == "thigh":
        _swing_leg(points, frames, side, target)
    elif name == "knee":
        _swing_leg(points, frames, side, target, whole=True)
    elif name == "hand":
        _arm(points, frames, side, target)
    elif name == "calf":
        _leg(points, frames, side, target, CALF_AT * SHIN, rigid_foot=False)
    else:
        if name == "foot":
            _flatten(points, frames, side)
        here, _ = part_point(points, contact.part)
        offset = vec.sub(here, points[f"{side}_ankle"])
        _leg(points, frames, side, vec.sub(target, offset), SHIN, rigid_foot=True)
    if name == "thigh":  # the contact may lie anywhere along the thigh
        return _to_segment(target, points[f"{side}_hip"], points[f"{side}_knee"])
    now, _ = part_point(points, contact.part)
    return vec.norm(vec.sub(now, target))


def _to_segment(p: Vec, a: Vec, b: Vec) -> float:
    ab = vec.sub(b, a)
    t = max(0.0, min(1.0, vec.dot(vec.sub(p, a), ab) / max(vec.dot(ab, ab), 1e-9)))
    return vec.norm(vec.sub(p, vec.lerp(a, b, t)))


def _flatten(points: dict[str, Vec], frames: dict[str, Mat], side: str) -> None:
    """Turn the foot about the ankle so the sole lies level, keeping where it points."""
    sole = vec.sub(points[f"{side}_ball"], points[f"{side}_heel"])
    level = (sole[0], 0.0, sole[2])
    if vec.norm(level) < 1e-6:
        return
    rot = vec.rotation_between(sole, level)
    _rotate(points, tuple(f"{side}_{n}" for n in FOOT), points[f"{side}_ankle"], rot)
    frames[f"{side}_foot"] = vec.mul(rot, frames[f"{side}_foot"])


def two_bone(root: Vec, mid: Vec, target: Vec, a: float, b: float) -> tuple[Vec, Vec]:
    """Mid joint and end for bones `a`, `b` from `root` towards `target`, bending like `mid`."""
    to = vec.sub(target, root)
    d = max(abs(a - b) + 1e-6, min(a + b - 1e-9, vec.norm(to)))
    u = vec.unit(to)
    pole = vec.sub(mid, root)
    v = vec.unit(vec.sub(pole, vec.scale(u, vec.dot(pole, u))))
    cos_a = max(-1.0, min(1.0, (a * a + d * d - b * b) / (2 * a * d)))
    sin_a = math.sqrt(1.0 - cos_a * cos_a)
    new_mid = vec.add(root, vec.add(vec.scale(u, a * cos_a), vec.scale(v, a * sin_a)))
    return new_mid, vec.add(root, vec.scale(u, d))


def _pole(points: dict[str, Vec], frames: dict[str, Mat], side: str, limb: str) -> Vec:
    """A point the middle joint should bend towards: its own place, pushed off a straight line."""
    if limb == "leg":
        knee, frame = points[f"{side}_knee"], frames[f"{side}_thigh"]
        return vec.add(knee, vec.scale(vec.column(frame, 0), 3.0))  # knees bend forwards
    elbow, frame = points[f"{side}_elbow"], frames[f"{side}_arm"]
    return vec.add(elbow, vec.scale(vec.column(frame, 0), -3.0))  # elbows point back


def _rotate(points: dict[str, Vec], names: tuple[str, ...], pivot: Vec, rot: Mat) -> None:
    for name in names:
        points[name] = vec.add(pivot, vec.apply(rot, vec.sub(points[name], pivot)))


def _leg(
    points: dict[str, Vec], frames: dict[str, Mat], side: str, target: Vec, lower: float,
    *, rigid_foot: bool,
) -> None:
    hip, knee, ankle = (points[f"{side}_{n}"] for n in ("hip", "knee", "ankle"))
    end_old = vec.lerp(knee, ankle, lower / SHIN)
    new_knee, end = two_bone(hip, _pole(points, frames, side, "leg"), target, THIGH, lower)
    turn_thigh = vec.rotation_between(vec.sub(knee, hip), vec.sub(new_knee, hip))
    turn_shin = vec.rotation_between(vec.sub(end_old, knee), vec.sub(end, new_knee))
    foot = tuple(f"{side}_{n}" for n in FOOT)
    old_ankle = ankle
    points[f"{side}_knee"] = new_knee
    points[f"{side}_ankle"] = vec.add(new_knee, vec.scale(vec.unit(vec.sub(end, new_knee)), SHIN))
    frames[f"{side}_thigh"] = vec.mul(turn_thigh, frames[f"{side}_thigh"])
    frames[f"{side}_shin"] = vec.mul(turn_shin, frames[f"{side}_shin"])
    if rigid_foot:
        move = vec.sub(points[f"{side}_ankle"], old_ankle)
        for name in foot:
            points[name] = vec.add(points[name], move)
    else:
        for name in foot:
            points[name] = vec.add(points[f"{side}_ankle"],
                                   vec.apply(turn_shin, vec.sub(points[name], old_ankle)))
        frames[f"{side}_foot"] = vec.mul(turn_shin, frames[f"{side}_foot"])


def _swing_leg(
    points: dict[str, Vec], frames: dict[str, Mat], side: str, target: Vec, *,
    whole: bool = False,
) -> None:
    """Turn the straight-or-bent leg about the hip so the thigh (or knee) lies on the target."""
    hip = points[f"{side}_hip"]
    along = THIGH if whole else THIGH * THIGH_AT
    now = vec.lerp(hip, points[f"{side}_knee"], along / THIGH)
    want = vec.sub(target, hip)
    if not whole and vec.norm(want) <= THIGH:  # slide the contact along the thigh instead
        along = vec.norm(want)
        now = vec.lerp(hip, points[f"{side}_knee"], along / THIGH)
    rot = vec.rotation_between(vec.sub(now, hip), want)
    names = tuple(f"{side}_{n}" for n in ("knee", *LEG_BELOW_KNEE))
    _rotate(points, names, hip, rot)
    for seg in ("thigh", "shin", "foot"):
        frames[f"{side}_{seg}"] = vec.mul(rot, frames[f"{side}_{seg}"])


def _arm(points: dict[str, Vec], frames: dict[str, Mat], side: str, target: Vec) -> None:
    from kneepdf.pictures.skeleton import FOREARM, HAND, UPPER_ARM

    shoulder = points[f"{side}_shoulder"]
    elbow_old = points[f"{side}_elbow"]
    elbow, end = two_bone(shoulder, _pole(points, frames, side, "arm"), target, UPPER_ARM,
                          FOREARM + HAND)
    points[f"{side}_elbow"] = elbow
    points[f"{side}_wrist"] = vec.lerp(elbow, end, FOREARM / (FOREARM + HAND))
    points[f"{side}_hand"] = end
    frames[f"{side}_arm"] = vec.mul(
        vec.rotation_between(vec.sub(elbow_old, shoulder), vec.sub(elbow, shoulder)),
        frames[f"{side}_arm"])
