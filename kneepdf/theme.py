"""How a handout looks, as a record: the Theme, lengths in points and the paper sizes."""

from __future__ import annotations

from dataclasses import dataclass, field

MM = 72 / 25.4  # points in a millimetre
CM = 10 * MM
INCH = 72.0
PAPER = {  # width, height in points
    "a4": (210 * MM, 297 * MM), "letter": (612.0, 792.0)}

FAMILIES = ("atkinson",)


@dataclass(frozen=True)
class Theme:
    """Everything about how a handout looks, in points and #rrggbb colours."""

    name: str
    paper: str
    margin: float
    font: str
    body: float
    leading: float
    title: float
    heading: float
    subheading: float
    small: float
    text: str
    accent: str
    muted: str
    warning: str
    warning_fill: str
    caution_fill: str
    dose_fill: str
    green: str
    amber: str
    red: str
    gap: float
    tick: float
    clinic_name: str = ""
    logo: str = ""  # the logo file's path, or ""
    contact: str = ""
    logo_data: bytes = field(default=b"", repr=False)  # the logo as PNG or JPEG, upright
    tracker: float = 5 * MM  # the side of a tracker box
    picture: float = 45 * MM  # the width of one frame of an exercise picture
    videos: str = ""  # the clinic's video address for each exercise, "{id}" its id; or ""

    @property
    def page_size(self) -> tuple[float, float]:
        return PAPER[self.paper]


# The lengths a style may set, as (lowest, highest) in points; others are 1pt to 200pt.
LIMITS = {"body": (9.0, 28.0), "margin": (12 * MM, 40 * MM), "tick": (5 * MM, 15 * MM),
          "tracker": (5 * MM, 12 * MM), "picture": (45 * MM, 90 * MM)}


def expand(pattern: str, item_id: str) -> str:
    """The style's `videos` pattern with `{id}` replaced by the exercise id."""
    return pattern.replace("{id}", item_id)


def video_for(item_video: str, pattern: str, item_id: str) -> str:
    """The address an exercise's QR code points to: its own `video`, else the style's
    pattern with its id, else "" (no code)."""
    if item_video:
        return item_video
    return expand(pattern, item_id) if pattern else ""
