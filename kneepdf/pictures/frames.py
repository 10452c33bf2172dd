"""Every frame of a pose solved: props placed once, a standing foot kept where it was put."""

from __future__ import annotations

from collections.abc import Iterable

from kneepdf.errors import ContentError
from kneepdf.pictures.skeleton import Figure, Placed, lowest, place_props, solve
from kneepdf.pose import Pose, PoseFrame
from kneepdf.reuse import Reuse


def solve_pose(pose: Pose, reuse: Reuse | None = None) -> tuple[Figure, ...]:
    """Every frame, with the props placed from the last frame so they stay put.

    Kept in `reuse` when given: the loader checks the result and the renderer draws it.
    Callers must not change the figures' dicts.
    """
    if reuse is not None:
        solved: tuple[Figure, ...] = reuse.poses.get(pose, lambda: _solve(pose))
        return solved
    return _solve(pose)


def _solve(pose: Pose) -> tuple[Figure, ...]:
    if any(prop.at for prop in pose.props):  # placed by a body part where the movement ends
        props = place_props(pose.props, solve(pose, pose.frames[-1]).points)
        last = _planted(pose, props)[-1]
        props = place_props(pose.props, last.points)  # again, with the foot kept in place
    else:
        props = place_props(pose.props, {"pelvis": (0.0, 0.0, 0.0)})
    return _planted(pose, props)


def _planted(pose: Pose, props: tuple[Placed, ...]) -> tuple[Figure, ...]:
    """Every frame solved, a standing foot flat on the floor kept where the first frame put it."""
    first = solve(pose, pose.frames[0], props)
    side = _standing_foot(pose, pose.frames[0])
    out = [first]
    for frame in pose.frames[1:]:
        keep = side if side and _standing_foot(pose, frame, side) else ""
        out.append(solve(pose, frame, props, (keep, first.points[f"{keep}_heel"][0])
                         if keep else None))
    return tuple(out)


def _standing_foot(pose: Pose, frame: PoseFrame, side: str = "") -> str:
    """The side of a foot held flat on the floor in a standing frame (`side` first), or ""."""
    if pose.posture != "standing" or frame.rest:
        return ""
    flat = [c.part.split("_")[0] for c in frame.contacts
            if c.target == "floor" and c.part.endswith("_foot")]
    if side:
        return side if side in flat else ""
    return flat[0] if flat else ""


def solved_errors(poses: Iterable[Pose], reuse: Reuse | None = None) -> list[ContentError]:
    """For each pose once posed (solved once per `reuse`): contacts met within 1 cm,
    knees and elbows in range, nothing below the floor; each problem at its place."""
    errors: list[ContentError] = []
    for pose in poses:
        for frame, fig in zip(pose.frames, solve_pose(pose, reuse), strict=True):
            for contact, message in fig.problems:
                where = contact.place if contact is not None else pose.place
                errors.append(ContentError(where, f"frame {frame.step}: {message}"))
            if pose.view != "close-up" and frame.rest != "step" and lowest(fig.points) < -1.0:
                errors.append(ContentError(pose.place, f"frame {frame.step}: the figure goes "
                                           f"{-lowest(fig.points):.0f} cm below the floor"))
    return errors
