"""Pictures as flowables: an exercise's frames with step badges, and a programme thumbnail."""

from __future__ import annotations

from reportlab.platypus import Flowable

from kneepdf.layout.tagging import leaf
from kneepdf.pictures.place import draw_picture, place_frame
from kneepdf.pictures.render import Picture
from kneepdf.pose import Pose, end_frame
from kneepdf.words import ENGLISH, Words


def alt_text(name: str, pose: Pose, mirror: bool, end_only: bool = False,
             w: Words = ENGLISH) -> str:
    """What a picture of exercise `name` shows, in words of `w`, for a screen reader: each
    frame's step and label from its pose file (whether it shows the wrong way), and the
    working leg; `end_only`: the frame the movement ends on alone (a thumbnail)."""
    leg = w("leg_left") if mirror else w("leg_right")
    frames = [pose.frames[end_frame(pose)]] if end_only else list(pose.frames)
    said = []
    for frame in frames:
        mark = {"wrong": w("alt_wrong"), "right": w("alt_right")}.get(frame.mark, "")
        said.append(f"{frame.step}. {frame.label.rstrip('.')}{mark}.")
    count = "" if len(frames) == 1 else w("alt_frames", n=len(frames))
    return w("alt_picture", name=name, count=count, leg=leg, frames=" ".join(said))


class PictureBox(Flowable):  # type: ignore[misc]
    """A picture's frames side by side (or `stacked`), each with its step badge, `badge` pt
    in `font`; exactly the picture's size; never splits."""

    def __init__(self, picture: Picture, *, badge: float, font: str,
                 stacked: bool = False, alt: str = "") -> None:
        super().__init__()
        self.picture = picture
        self.alt = alt  # what it shows, in words (a Figure's alternative text)
        self.badge, self.font, self.stacked = badge, font, stacked
        self.width, self.height = picture.size(stacked)

    def __repr__(self) -> str:
        return f"PictureBox({len(self.picture.frames)} frames, {self.width:.0f} pt)"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        with leaf(self.canv, "Figure", alt=self.alt or "Exercise picture"):
            draw_picture(self.canv, self.picture, 0, 0, stacked=self.stacked,
                         badge=self.badge, font=self.font)


class Thumbnail(Flowable):  # type: ignore[misc]
    """The frame the movement ends on (`picture.end`: never a frame marked wrong; unmarked,
    with its arrows measured from the first frame), scaled to `width` pt wide: the same
    form the exercise's own picture places, so a document holds it once."""

    def __init__(self, picture: Picture, width: float, alt: str = "") -> None:
        super().__init__()
        self.picture = picture
        self.alt = alt
        self.scale = width / picture.frame_width
        self.width, self.height = width, picture.height * self.scale

    def __repr__(self) -> str:
        return f"Thumbnail({self.width:.0f} x {self.height:.0f} pt)"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        with leaf(self.canv, "Figure", alt=self.alt or "Exercise picture"):
            place_frame(self.canv, self.picture, self.picture.end, 0, 0, self.scale)
