"""Exercise pictures as data: a view, a base posture, frames of joint angles, contacts, props."""

from __future__ import annotations

from typing import NamedTuple

from kneepdf.errors import Place

VIEWS = ("side", "side-high", "front", "front-high", "top", "close-up")
CAMERAS = ("side", "side-high", "front", "front-high", "top")
# Each base posture's joint angles (degrees) before a frame changes any.
POSTURE_ANGLES: dict[str, dict[str, float]] = {
    "standing": {"right_shoulder_out": 6, "left_shoulder_out": 6, "right_elbow": 8,
                 "left_elbow": 8},
    "sitting": {"right_hip": 90, "left_hip": 90, "right_knee": 90, "left_knee": 90,
                "right_shoulder": 20, "left_shoulder": 20, "right_elbow": 60, "left_elbow": 60},
    "long-sitting": {"trunk": -18, "right_hip": 92, "left_hip": 92, "right_ankle": -10,
                     "left_ankle": -10, "right_shoulder": -30, "left_shoulder": -30},
    "lying-back": {"right_ankle": -15, "left_ankle": -15, "neck": 10},
    "lying-front": {"right_ankle": -45, "left_ankle": -45},
    "lying-side": {"right_hip": 45, "left_hip": 45, "right_knee": 90, "left_knee": 90,
                   "right_shoulder": 80, "left_shoulder": 90, "left_elbow": 120,
                   "right_elbow": 30, "neck": 0},
}
POSTURES = tuple(POSTURE_ANGLES)
SIDES = ("right", "left")

# Joint angles in degrees, with their normal ranges. Per-side joints are written
# `right_knee`, `left_hip`...; the unmirrored picture shows the RIGHT leg as the working leg.
BODY_JOINTS: dict[str, tuple[float, float]] = {
    "trunk": (-40, 95),        # lean forward (+) or back (-) from upright
    "trunk_side": (-30, 30),   # lean towards the right side (+)
    "trunk_turn": (-60, 60),   # turn the shoulders to the left (+)
    "neck": (-45, 60),         # chin down (+)
    "tilt": (-90, 90),         # the whole body rotated forward (+) about the hips
    "turn": (-180, 180),       # the whole body turned to its left (+) about the vertical
}
SIDE_JOINTS: dict[str, tuple[float, float]] = {
    "hip": (-25, 130),         # flexion: thigh forward (+)
    "hip_out": (-25, 50),      # abduction: thigh out to the side (+)
    "hip_turn": (-40, 60),     # the thigh turned out about its own length (+)
    "knee": (-5, 150),         # flexion (+); never bends backwards past 5
    "ankle": (-50, 30),        # toes up (+) or pointed (-)
    "foot_turn": (-35, 35),    # forefoot turned in (+) or out (-)
    "toe": (-40, 90),          # big toe bent up (+)
    "arch": (0, 30),           # the arch of the foot lifted (+)
    "shoulder": (-60, 180),    # arm forward and up (+)
    "shoulder_out": (-10, 180),  # arm out to the side (+)
    "elbow": (0, 150),         # flexion (+)
}
JOINTS: dict[str, tuple[float, float]] = {
    **BODY_JOINTS,
    **{f"{side}_{name}": limits for side in SIDES for name, limits in SIDE_JOINTS.items()},
}

# Body parts a contact can move (an arm or leg solved by two-bone inverse kinematics) or
# a prop can be placed at. `foot` is the whole sole laid flat (heel and ball down).
LIMB_PARTS = ("foot", "heel", "ball", "toe", "hand", "calf", "thigh", "knee")
PARTS = tuple(f"{side}_{part}" for side in SIDES for part in LIMB_PARTS)
SEGMENTS = tuple(f"{side}_{seg}" for side in SIDES
                 for seg in ("thigh", "shin", "calf", "knee", "foot", "ankle"))
SURFACES = ("front", "back", "inner", "outer", "top")
PROPS = ("chair", "chair-back", "step", "wall", "rail", "roller", "ball", "band", "ankle-weight",
         "marker")
TARGETS = ("floor", "chair", "chair-back", "step", "wall", "rail", "roller", "ball")
ARROWS = ("arc", "slide", "up", "down", "turn", "inward")
MARKS = ("right", "wrong")  # a frame drawn with a tick (the right way) or a cross (the wrong)
HANDS = ("open", "fist", "fingers")  # how a close-up draws the hands
CONTACT_TOLERANCE_CM = 1.0


class Contact(NamedTuple):
    """A body part that must touch something: `target` is a prop kind, the floor, or a segment.

    `at` is how far along a target segment (0 at its top, 1 at its end); `surface` which
    side of it. Solved by two-bone inverse kinematics; missing by more than 1 cm is an error.
    """

    part: str
    target: str
    place: Place
    at: float = 0.5
    surface: str = "front"


class Prop(NamedTuple):
    """A thing drawn with the figure. Positions in cm: `x` forward of the hips, `y` up."""

    kind: str
    place: Place
    x: float | None = None
    y: float | None = None
    z: float | None = None      # to the body's right: a band's anchor beside the foot
    size: float | None = None   # diameter (roller, ball), height (step, rail) in cm
    at: str = ""                # a body part to place it at (a ball between the knees: "knees")
    along: bool = False         # a roller lying along the body rather than across it


class Arrow(NamedTuple):
    """A movement arrow drawn in the accent colour on the last frame."""

    kind: str
    part: str
    place: Place
    about: str = ""             # the joint an arc turns about
    both: bool = False          # heads at both ends


class PoseFrame(NamedTuple):
    """One numbered frame of a picture.

    `step` is the number of the instruction the frame shows (the badge drawn on it);
    `angles` are every joint angle in degrees (the posture's, then each frame's changes);
    `contacts` the parts held on their targets in this frame.
    """

    step: int
    label: str
    angles: tuple[tuple[str, float], ...] = ()
    contacts: tuple[Contact, ...] = ()
    rest: str = ""              # the prop the body rests on ("" = the floor, or chair)
    mark: str = ""              # "right" (a tick) or "wrong" (a cross): a right-and-wrong pair


class Pose(NamedTuple):
    """How to draw one exercise: what `kneepdf.pictures` turns into a Drawing."""

    id: str
    view: str
    posture: str
    frames: tuple[PoseFrame, ...]
    place: Place
    camera: str = "side"        # for a close-up: which way it looks
    focus: str = ""             # for a close-up: the body part at its centre
    span: float = 0.0           # for a close-up: cm shown across the frame
    props: tuple[Prop, ...] = ()
    arrows: tuple[Arrow, ...] = ()
    hand: str = "open"         # close-ups: a loose fist (knuckles) or pointing fingertips


def end_frame(pose: Pose) -> int:
    """The index of the frame the movement ends on: the last one not marked wrong.

    Arrows are drawn on it and a thumbnail shows it. The loader refuses a picture whose
    every frame is marked wrong, so there always is one.
    """
    return max((n for n, frame in enumerate(pose.frames) if frame.mark != "wrong"),
               default=len(pose.frames) - 1)
