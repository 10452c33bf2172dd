"""Pictures as flowables: an exercise's frames with step badges, and a programme thumbnail."""

from __future__ import annotations

from reportlab.platypus import Flowable

from kneepdf.pictures.place import draw_picture, place_frame
from kneepdf.pictures.render import Picture


class PictureBox(Flowable):  # type: ignore[misc]
    """A picture's frames side by side (or `stacked`), each with its step badge, `badge` pt
    in `font`; exactly the picture's size; never splits."""

    def __init__(self, picture: Picture, *, badge: float, font: str,
                 stacked: bool = False) -> None:
        super().__init__()
        self.picture = picture
        self.badge, self.font, self.stacked = badge, font, stacked
        self.width, self.height = picture.size(stacked)

    def __repr__(self) -> str:
        return f"PictureBox({len(self.picture.frames)} frames, {self.width:.0f} pt)"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        draw_picture(self.canv, self.picture, 0, 0, stacked=self.stacked, badge=self.badge,
                     font=self.font)


class Thumbnail(Flowable):  # type: ignore[misc]
    """The frame the movement ends on (`picture.end`: never a frame marked wrong; unmarked,
    with its arrows measured from the first frame), scaled to `width` pt wide: the same
    form the exercise's own picture places, so a document holds it once."""

    def __init__(self, picture: Picture, width: float) -> None:
        super().__init__()
        self.picture = picture
        self.scale = width / picture.frame_width
        self.width, self.height = width, picture.height * self.scale

    def __repr__(self) -> str:
        return f"Thumbnail({self.width:.0f} x {self.height:.0f} pt)"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        place_frame(self.canv, self.picture, self.picture.end, 0, 0, self.scale)
