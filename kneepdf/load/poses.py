"""Load content/pictures/<exercise-id>.yaml into Pose records, checking angles and contacts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from kneepdf import model
from kneepdf.errors import ContentError, ContentErrors, Place
from kneepdf.pose import (
    ARROWS,
    CAMERAS,
    HANDS,
    JOINTS,
    MARKS,
    PARTS,
    POSTURE_ANGLES,
    POSTURES,
    PROPS,
    SEGMENTS,
    SURFACES,
    TARGETS,
    VIEWS,
    Arrow,
    Contact,
    Pose,
    PoseFrame,
    Prop,
)

if TYPE_CHECKING:
    from yaml.nodes import Node

    from kneepdf.load.yamlio import Reader

_NUMBER = re.compile(r"[+-]?(0|[1-9][0-9]*)(\.[0-9]+)?")
ANCHORS = (*PARTS, "knees", "right_ankle", "left_ankle", "right_arch", "left_arch")
POINTS = (*ANCHORS, "pelvis", "head", "chest", "right_hip", "left_hip", "right_shoulder",
          "left_shoulder", "right_elbow", "left_elbow", "right_wrist", "left_wrist")
PoseCheck = Callable[[Iterable[Pose]], list[ContentError]]  # problems found once posed
RESTS = ("floor", "chair", "step")
MAX_FRAMES = 3


def load_poses(folder: Path, display: str, *, check: PoseCheck | None = None
               ) -> dict[str, Pose]:
    """Every `pictures/<id>.yaml` of a content folder by id; a folder without one has none.

    With `check` (`kneepdf.pictures.frames.solved_errors`), every pose is also posed and
    its contacts and limits checked (what `kneepdf check` does); without, a build checks
    the poses its handout draws. Raises ContentErrors listing every problem (file:line:col) once all
    files are read.
    """
    from kneepdf.load.yamlio import Reader, load

    pictures = folder / "pictures"
    if not pictures.is_dir():
        return {}
    errors: list[ContentError] = []
    poses: dict[str, Pose] = {}
    for file in sorted(pictures.glob("*.yaml")):
        path = f"{display}/pictures/{file.name}"
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", file.stem):
            errors.append(ContentError(Place(path, 1, 1), "a picture file is named after its "
                                       "exercise id: lowercase letters, digits and hyphens"))
            continue
        try:
            node = load(file, path)
        except ContentError as exc:
            errors.append(exc)
            continue
        before = len(errors)
        pose = _PoseReader(Reader(path, errors), file.stem).pose(node)
        if pose is not None and len(errors) == before:
            if check is not None:
                errors += check([pose])
            poses[pose.id] = pose
    if errors:
        raise ContentErrors(errors)
    return poses


class _PoseReader:
    def __init__(self, r: Reader, pose_id: str) -> None:
        self.r = r
        self.id = pose_id
        self.frame_places: list[Place] = []

    def number(self, node: Node, what: str) -> float | None:
        from yaml.nodes import ScalarNode

        if not isinstance(node, ScalarNode) or node.style or not _NUMBER.fullmatch(node.value):
            got = node.value if isinstance(node, ScalarNode) else "a list or mapping"
            self.r.error(node, f"{what} must be a number, got '{got}'")
            return None
        return float(node.value)

    def pose(self, node: Node) -> Pose | None:
        r = self.r
        f = r.fields(node, "a picture", ("view", "posture", "frames"),
                     ("camera", "focus", "span", "hand", "props", "arrows"))
        if f is None or not {"view", "posture", "frames"} <= f.keys():
            return None
        view = r.choice(f["view"], "view", VIEWS)
        posture = r.choice(f["posture"], "posture", POSTURES)
        camera, focus, span = "side", "", 0.0
        hand = (r.choice(f["hand"], "hand", HANDS) or "open") if "hand" in f else "open"
        if view == "close-up":
            for key in ("camera", "focus", "span"):
                if key not in f:
                    r.error(node, f"a close-up needs the key '{key}'")
            camera = r.choice(f["camera"], "camera", CAMERAS) or "side" if "camera" in f else "side"
            focus = r.choice(f["focus"], "focus", POINTS) or "" if "focus" in f else ""
            got = self.number(f["span"], "span") if "span" in f else None
            if got is not None and not 10 <= got <= 200:
                r.error(f["span"], f"span must be from 10 to 200 cm, got {got:g}")
            span = got if got is not None and 10 <= got <= 200 else 60.0
        else:
            for key in ("camera", "focus", "span", "hand"):
                if key in f:
                    r.error(f[key], f"'{key}' is only for a close-up view")
        props = tuple(r.items(f["props"], "props", self.prop)) if "props" in f else ()
        frames = self.frames(f["frames"], posture or "standing")
        arrows = tuple(r.items(f["arrows"], "arrows", self.arrow)) if "arrows" in f else ()
        kinds = {p.kind for p in props}
        for frame in frames:
            for contact in frame.contacts:
                if contact.target in PROPS and contact.target not in kinds:
                    r.errors.append(ContentError(contact.place, f"the contact's target "
                                                 f"'{contact.target}' is not in props"))
            if frame.rest in ("chair", "step") and frame.rest not in kinds:
                r.errors.append(ContentError(self.frame_places[0], f"the frame rests on the "
                                             f"{frame.rest}, which is not in props"))
        for arrow in arrows:
            if arrow.kind in ("arc", "slide") and len(frames) < 2:
                r.errors.append(ContentError(arrow.place, f"an arrow of kind '{arrow.kind}' "
                                             "shows a movement: it needs two frames"))
        if view is None or posture is None or not frames:
            return None
        return Pose(self.id, view, posture, tuple(frames), r.place(node), camera, focus, span,
                    props, arrows, hand)

    def frames(self, node: Node, posture: str) -> list[PoseFrame]:
        r = self.r
        angles: dict[str, float] = dict(POSTURE_ANGLES.get(posture, POSTURE_ANGLES["standing"]))
        out: list[PoseFrame] = []

        def one(n: Node) -> PoseFrame | None:
            f = r.fields(n, "a frame", ("step", "label"), ("angles", "contacts", "rest", "mark"))
            if f is None or not {"step", "label"} <= f.keys():
                return None
            self.frame_places.append(r.place(n))
            step = r.whole(f["step"], "step", 1, 30)
            label = r.text(f["label"], "label")
            if "angles" in f:
                angles.update(self.angles(f["angles"]))
            contacts = (tuple(r.items(f["contacts"], "contacts", self.contact))
                        if "contacts" in f else ())
            rest = r.choice(f["rest"], "rest", RESTS) or "" if "rest" in f else ""
            mark = r.choice(f["mark"], "mark", MARKS) or "" if "mark" in f else ""
            if step is None:
                return None
            return PoseFrame(step, label, tuple(sorted(angles.items())), contacts,
                             "" if rest == "floor" else rest, mark)

        out = r.items(node, "frames", one)
        count = len(node.value) if isinstance(node.value, list) else 0
        if isinstance(node.value, list) and not 1 <= count <= MAX_FRAMES:
            r.error(node, f"frames must list 1 to {MAX_FRAMES} frames, got {count}")
        steps = [frame.step for frame in out]
        # A right-and-wrong pair shows one step twice: equal steps only between marked frames.
        rising = all(b.step > a.step or (b.step == a.step and a.mark and b.mark)
                     for a, b in pairwise(out))
        if not rising:
            r.error(node, f"frame steps must rise from frame to frame (a step shown twice "
                    f"needs mark: right and mark: wrong), got {steps}")
        marks = {frame.mark for frame in out}
        if "wrong" in marks and "right" not in marks:
            r.error(node, "a frame marked wrong needs a frame marked right beside it")
        return out

    def angles(self, node: Node) -> dict[str, float]:
        from yaml.nodes import MappingNode

        r = self.r
        if not isinstance(node, MappingNode):
            r.error(node, "angles must be a mapping of joint: degrees")
            return {}
        f = r.fields(node, "angles", (), tuple(JOINTS))
        out: dict[str, float] = {}
        for name, value in (f or {}).items():
            degrees = self.number(value, name)
            if degrees is None:
                continue
            low, high = JOINTS[name]
            if not low <= degrees <= high:
                r.error(value, f"{name} {degrees:g} degrees is outside its normal range "
                        f"{low:g} to {high:g}")
                continue
            out[name] = degrees
        return out

    def contact(self, node: Node) -> Contact | None:
        r = self.r
        f = r.fields(node, "a contact", ("part", "to"), ("at", "surface"))
        if f is None or not {"part", "to"} <= f.keys():
            return None
        part = r.choice(f["part"], "part", PARTS)
        target = r.choice(f["to"], "to", TARGETS + SEGMENTS)
        at = self.number(f["at"], "at") if "at" in f else 0.5
        if at is not None and not 0 <= at <= 1:
            r.error(f["at"], f"at must be from 0 (top of the segment) to 1 (its end), got {at:g}")
            at = None
        surface = r.choice(f["surface"], "surface", SURFACES) if "surface" in f else "front"
        if part and target and part.split("_")[0] == target.split("_")[0] and \
                target.split("_")[1:] and part.endswith(("heel", "ball", "toe", "calf", "thigh")):
            r.error(f["to"], f"the {part} cannot touch its own leg")
            return None
        if part is None or target is None or at is None or surface is None:
            return None
        return Contact(part, target, r.place(node), at, surface)

    def prop(self, node: Node) -> Prop | None:
        from yaml.nodes import ScalarNode

        r = self.r
        if isinstance(node, ScalarNode):
            kind = r.choice(node, "prop", PROPS)
            return Prop(kind, r.place(node)) if kind else None
        f = r.fields(node, "a prop", ("kind",), ("x", "y", "z", "size", "at", "along"))
        if f is None or "kind" not in f:
            return None
        kind = r.choice(f["kind"], "prop kind", PROPS)
        nums = {k: self.number(f[k], k) for k in ("x", "y", "z", "size") if k in f}
        if nums.get("size") is not None and not 1 <= (nums["size"] or 0) <= 200:
            r.error(f["size"], f"size must be from 1 to 200 cm, got {nums['size']:g}")
        at = r.choice(f["at"], "at", ANCHORS) or "" if "at" in f else ""
        along = r.flag(f["along"], "along") if "along" in f else False
        if kind in ("band", "ankle-weight") and not at:
            r.error(node, f"a {kind} needs 'at': the body part it holds on to")
        if kind is None:
            return None
        return Prop(kind, r.place(node), nums.get("x"), nums.get("y"), nums.get("z"),
                    nums.get("size"), at, along)

    def arrow(self, node: Node) -> Arrow | None:
        r = self.r
        f = r.fields(node, "an arrow", ("kind", "part"), ("about", "both"))
        if f is None or not {"kind", "part"} <= f.keys():
            return None
        kind = r.choice(f["kind"], "arrow kind", ARROWS)
        part = r.choice(f["part"], "part", POINTS)
        about = r.choice(f["about"], "about", POINTS) or "" if "about" in f else ""
        if kind == "arc" and not about:
            r.error(node, "an arc arrow needs 'about': the joint it turns about")
        both = r.flag(f["both"], "both") if "both" in f else False
        if kind is None or part is None or (kind == "arc" and not about):
            return None
        return Arrow(kind, part, r.place(node), about, both)


def attach(content: model.Content, poses: dict[str, Pose]) -> model.Content:
    """The content with each exercise's pose (from `pictures/<id>.yaml`) on its item."""
    steps = tuple(step._replace(items=tuple(
        item._replace(pose=poses.get(item.id)) if item.is_exercise else item
        for item in step.items)) for step in content.steps)
    return content._replace(steps=steps)


def picture_warnings(content: model.Content, folder: Path, display: str) -> list[ContentError]:
    """An exercise without a picture, a frame on no numbered step, a picture for no exercise."""
    exercises = {item.id: item for step in content.steps for item in step.items
                 if item.is_exercise}
    out = [ContentError(item.place, f"the exercise '{item.id}' has no picture; add "
                        f"pictures/{item.id}.yaml") for item in exercises.values()
           if item.pose is None]
    out += step_errors(content)
    try:
        poses = load_poses(folder, display)
    except ContentErrors:
        return out  # the content loaded, so these were reported already
    out += [ContentError(pose.place, f"no exercise has the id '{pose.id}', so this picture "
                         "is not used") for pose in poses.values() if pose.id not in exercises]
    return out


def step_errors(content: model.Content) -> list[ContentError]:
    """A frame whose step number is not one of its exercise's numbered instructions."""
    out = []
    for step in content.steps:
        for item in step.items:
            if item.pose is None:
                continue
            count = len(item.instructions)
            for frame in item.pose.frames:
                if frame.step > count:
                    out.append(ContentError(item.pose.place, f"frame step {frame.step} is not "
                                            f"an instruction of '{item.id}', which has {count}"))
    return out
