"""How a handout looks, as a record: the Theme, lengths in points and the paper sizes."""

from __future__ import annotations

from dataclasses import dataclass, field

MM = 72 / 25.4  # points in a millimetre
CM = 10 * MM
INCH = 72.0
PAPER = {  # width, height in points
    "a4": (210 * MM, 297 * MM), "letter": (612.0, 792.0)}

FAMILIES = ("atkinson",)
BOX_NAMES = ("red_flags", "caution", "info")  # the boxed things a handout has
BOX_FIELDS = ("border", "padding", "stroke", "fill")


@dataclass(frozen=True)
class Box:
    """How one kind of box looks: `border` and `padding` in pt; `stroke` and `fill` a
    colour of the theme by name ("accent") or a #rrggbb colour."""

    border: float
    padding: float
    stroke: str
    fill: str


DEFAULT_BOXES = (
    ("red_flags", Box(2.5, 6.0, "warning", "warning_fill")),
    ("caution", Box(1.2, 6.0, "amber", "caution_fill")),
    ("info", Box(1.0, 6.0, "accent", "dose_fill")),
)


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
    thumb: float = 22 * MM  # the width of a picture in the programme table
    logo_width: float = 45 * MM  # the box the clinic's logo is fitted into
    logo_height: float = 22 * MM
    rule: float = 0.8  # the weight of lines to write on and of table rules
    boxes: tuple[tuple[str, Box], ...] = DEFAULT_BOXES  # each kind of box by name
    urgent: str = ""  # what to call for help the same day (a number); "" for the content's
    emergency: str = ""  # what to call in an emergency (a number); "" for the content's

    @property
    def page_size(self) -> tuple[float, float]:
        return PAPER[self.paper]

    def box(self, name: str) -> Box:
        """The named box style (one of BOX_NAMES) with its colours as #rrggbb; KeyError if
        the name is not one."""
        box = dict(self.boxes)[name]
        return Box(box.border, box.padding, self.colour(box.stroke), self.colour(box.fill))

    def colour(self, ref: str) -> str:
        """A #rrggbb colour, or the theme's colour of that name."""
        if ref.startswith("#"):
            return ref
        value = getattr(self, ref)
        assert isinstance(value, str)
        return value


# The lengths a style may set, as (lowest, highest) in points; others are 1pt to 200pt.
LIMITS = {"body": (9.0, 28.0), "margin": (12 * MM, 40 * MM), "tick": (5 * MM, 15 * MM),
          "tracker": (5 * MM, 12 * MM), "picture": (45 * MM, 90 * MM),
          "thumb": (15 * MM, 40 * MM), "rule": (0.3, 3.0), "border": (0.3, 6.0),
          "padding": (0.0, 20.0)}


def expand(pattern: str, item_id: str) -> str:
    """The style's `videos` pattern with `{id}` replaced by the exercise id."""
    return pattern.replace("{id}", item_id)


def video_for(item_video: str, pattern: str, item_id: str) -> str:
    """The address an exercise's QR code points to: its own `video`, else the style's
    pattern with its id, else "" (no code)."""
    if item_video:
        return item_video
    return expand(pattern, item_id) if pattern else ""
