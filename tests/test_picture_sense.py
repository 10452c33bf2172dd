"""Pictures agree with their steps and their side: arrow senses, the band, planted feet, marks."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.graphics.shapes import PolyLine
from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from kneepdf import model
from kneepdf.layout.fonts import font_set
from kneepdf.layout.picture import Thumbnail
from kneepdf.load.content import default_content_dir
from kneepdf.load.poses import load_poses
from kneepdf.pictures import GAP, arrows, picture, vec
from kneepdf.pictures.camera import Fit, Point
from kneepdf.pictures.frames import solve_pose
from kneepdf.pictures.ops import _colour
from kneepdf.pictures.place import draw_picture
from kneepdf.pictures.props import boxes
from kneepdf.pictures.render import RIGHT, WRONG, Picture, _fits, line_width
from kneepdf.pictures.skeleton import Figure
from kneepdf.pose import Arrow, Pose, end_frame

WIDTH = 130.0
BOLD = font_set().bold  # the badge numbers' face, as the handout gives it
BuildPdf = Callable[..., tuple[object, Path]]


@pytest.fixture(scope="module")
def poses() -> dict[str, Pose]:
    return load_poses(default_content_dir(), "content")


def posed(pose: Pose, mirror: bool) -> tuple[Figure, Figure, Fit, float]:
    """The first frame, the frame the arrows are drawn on, and that frame's fit."""
    figs = solve_pose(pose)
    end = end_frame(pose)
    return figs[0], figs[end], _fits(pose, figs, mirror, WIDTH)[1][end], line_width(WIDTH)


def drawn_ends(arrow: Arrow, first: Figure, last: Figure, fit: Fit, lw: float) -> tuple[
        Point, Point]:
    """Where the drawn arrow starts and where its head is (pt)."""
    line = next(s for s in arrows.draw_arrow(arrow, first, last, fit, lw)
                if isinstance(s, PolyLine))
    pts = line.points
    return (pts[0], pts[1]), (pts[-2], pts[-1])


def moved(arrow: Arrow, first: Figure, last: Figure, fit: Fit) -> Point:
    """How the moving thing goes across the drawing (pt), from the posed frames alone.

    An arc: the part about its joint. A turn: a point ahead of the foot (heel to part) or
    ahead of the hips, seen through the same camera, mirrored or not.
    """
    def ahead(fig: Figure) -> Point:
        if arrow.kind == "arc":
            p, c = fit.point(fig.points[arrow.part]), fit.point(fig.points[arrow.about])
            return p[0] - c[0], p[1] - c[1]
        if arrow.part.endswith(("ball", "toe")):
            base = fig.points[arrow.part.rsplit("_", 1)[0] + "_heel"]
            tip = fig.points[arrow.part]
        else:
            base = fig.points["pelvis"]
            tip = vec.add(base, vec.scale(vec.column(fig.frames["pelvis"], 0), 30.0))
        a, b = fit.point(base), fit.point((tip[0], base[1], tip[2]))
        return b[0] - a[0], b[1] - a[1]

    a, b = ahead(first), ahead(last)
    return b[0] - a[0], b[1] - a[1]


def turning(poses: dict[str, Pose]) -> list[tuple[str, int]]:
    return [(name, n) for name, pose in sorted(poses.items())
            for n, arrow in enumerate(pose.arrows)
            if arrow.kind == "arc" or (arrow.kind == "turn" and not arrow.part.endswith("hand"))]


def test_there_are_arcs_and_turns_to_check(poses: dict[str, Pose]) -> None:
    kinds = {poses[name].arrows[n].kind for name, n in turning(poses)}
    assert kinds == {"arc", "turn"} and len(turning(poses)) >= 8


@pytest.mark.parametrize("mirror", [False, True], ids=["right", "left"])
def test_every_arc_and_turn_points_the_way_its_frames_move(poses: dict[str, Pose],
                                                           mirror: bool) -> None:
    """For every picture and both sides: the drawn arrow runs the way the part turns."""
    for name, n in turning(poses):
        pose = poses[name]
        arrow = pose.arrows[n]
        first, last, fit, lw = posed(pose, mirror)
        start, head = drawn_ends(arrow, first, last, fit, lw)
        go = moved(arrow, first, last, fit)
        chord = (head[0] - start[0], head[1] - start[1])
        assert math.hypot(*go) > 1.0, (name, "the frames do not move the part")
        assert chord[0] * go[0] + chord[1] * go[1] > 0, (name, mirror, chord, go)


@pytest.mark.parametrize("name", ["foot-turns-band", "pivot-turns", "clamshell"])
def test_the_check_catches_an_arrow_against_the_movement(poses: dict[str, Pose],
                                                         name: str) -> None:
    """Frames played backwards: the movement reverses, so the drawn arrow must too."""
    pose = poses[name]
    arrow = pose.arrows[0]
    first, last, fit, lw = posed(pose, False)
    start, head = drawn_ends(arrow, last, first, fit, lw)  # drawn for the reverse movement
    go = moved(arrow, first, last, fit)
    assert (head[0] - start[0]) * go[0] + (head[1] - start[1]) * go[1] < 0


@pytest.mark.parametrize("mirror", [False, True], ids=["right", "left"])
def test_band_is_tied_outside_and_the_foot_turns_in(poses: dict[str, Pose],
                                                    mirror: bool) -> None:
    pose = poses["foot-turns-band"]
    first, last, fit, lw = posed(pose, mirror)
    mid = (fit.point(last.points["right_hip"])[0] + fit.point(last.points["left_hip"])[0]) / 2
    band = next(p for p in last.props if p.kind == "band")
    anchor = fit.point((band.x, band.y, band.z if band.z is not None else 0.0))
    foot = fit.point(last.points["right_ball"])
    # tied out to the side of the sore foot: beyond it, on its side of the body
    assert (anchor[0] - mid) * (foot[0] - mid) > 0
    assert abs(anchor[0] - mid) > abs(foot[0] - mid) + 20
    # the arrow points inwards, towards the middle of the body
    start, head = drawn_ends(pose.arrows[0], first, last, fit, lw)
    assert abs(head[0] - mid) < abs(start[0] - mid) - 3
    # and so does the toe, from the first frame to the last
    toe0, toe1 = fit.point(first.points["right_toe"]), fit.point(last.points["right_toe"])
    assert abs(toe1[0] - mid) < abs(toe0[0] - mid)


def test_band_steps_say_where_it_is_tied(content: model.Content) -> None:
    item = next(i for s in content.steps for i in s.items if i.id == "foot-turns-band")
    text = " ".join(item.instructions)
    assert "out to the side of your sore foot" in text
    assert "Move the chair sideways, away from where the band is tied" in text
    assert "Turn your foot inwards" in text


@pytest.mark.parametrize("name", ["pivot-turns", "change-direction"])
def test_the_sore_foot_plants_and_the_body_turns_away_from_it(
        poses: dict[str, Pose], content: model.Content, name: str) -> None:
    pose = poses[name]
    turn = next(a for a in pose.arrows if a.kind == "turn")
    assert turn.about == "right_ball"  # the arc runs round the sore (working) foot
    figs = solve_pose(pose)
    end = figs[end_frame(pose)]
    assert end.points["right_ball"][1] < 1.0  # on the floor where the turn ends
    a0, a1 = arrows.turn_angles(turn, figs[0], end)
    assert a1 - a0 < -math.radians(60)  # turned well round to its left, away from the right
    item = next(i for s in content.steps for i in s.items if i.id == name)
    frames = {f.step for f in pose.frames}
    planted = [line for n, line in enumerate(item.instructions, 1) if "sore foot" in line]
    assert planted, f"{name}: the steps do not say which foot plants"
    assert any("away from this leg" in line for line in item.instructions)
    assert frames <= set(range(1, len(item.instructions) + 1))


def test_change_direction_draws_its_marker(poses: dict[str, Pose]) -> None:
    pose = poses["change-direction"]
    assert any(p.kind == "marker" for p in pose.props)
    end = solve_pose(pose)[-1]
    cone = next(p for p in end.props if p.kind == "marker")
    foot = end.points["right_ball"]
    assert math.hypot(cone.x - foot[0], (cone.z or 0.0) - foot[2]) < 40  # by the planted foot


def test_step_down_shows_the_knee_right_and_wrong(poses: dict[str, Pose]) -> None:
    pose = poses["step-down"]
    assert pose.view == "front"
    marks = [f.mark for f in pose.frames]
    assert marks == ["", "right", "wrong"]
    figs = solve_pose(pose)
    right, wrong = figs[1], figs[2]

    def inwards(fig: Figure) -> float:  # cm the knee lies inside its foot (towards the left)
        return fig.points["right_ankle"][2] - fig.points["right_knee"][2]

    assert abs(inwards(right)) < 3.0
    assert inwards(wrong) > 8.0
    # Once: the ticked frame showed both feet on a step under both, no foot reaching down.
    step = next(p for p in right.props if p.kind == "step")
    (z0, z1), = [(box[4], box[5]) for box in boxes(step)]
    for fig in (right, wrong):
        assert fig.points["right_heel"][1] >= step.size - 1.0  # the sore foot on the step
        assert z0 < fig.points["right_heel"][2] < z1
        assert fig.points["left_heel"][1] < 3.0  # the other heel down on the floor,
        assert not z0 < fig.points["left_heel"][2] < z1  # beside the step, not on it
    assert end_frame(pose) == 1  # arrows and the thumbnail show the right way
    made = picture(pose, mirror=False, frame_width=WIDTH)
    crosses = coloured(made, WRONG)
    assert crosses and min(x for x, _ in crosses) > 2 * WIDTH  # on the third frame only
    ticks = coloured(made, RIGHT)
    assert ticks and all(WIDTH < x < 2 * WIDTH + GAP for x, _ in ticks)  # the second only
    # one circle each, top right: as many pixels as one circle of the mark's size
    radius = 8.5 * 1.15 * SCALE
    for found in (crosses, ticks):
        assert 0.5 * math.pi * radius ** 2 < len(found) < 1.2 * math.pi * radius ** 2

def test_pictures_hold_a_chair_back_where_the_steps_say(content: model.Content) -> None:
    items = [i for s in content.steps for i in s.items if i.is_exercise and i.pose is not None
             and any("back of a chair" in line for line in i.instructions)]
    assert {i.id for i in items} >= {"standing-knee-bends", "heel-raises"}
    for item in items:
        assert item.pose is not None
        assert any(p.kind == "chair-back" for p in item.pose.props), item.id


def test_lean_back_squat_goes_only_to_thighs_level(poses: dict[str, Pose]) -> None:
    pose = poses["lean-back-squat"]
    end = solve_pose(pose)[-1]
    for side in ("right", "left"):
        hip, knee = end.points[f"{side}_hip"], end.points[f"{side}_knee"]
        assert hip[1] >= knee[1] - 3.0  # thighs level at the lowest, never below
        assert abs(hip[1] - knee[1]) < 8.0  # and squatting: not standing
    assert "thighs are level" in pose.frames[-1].label


def test_printed_words_match_the_pictures(tmp_path: Path, build_pdf: BuildPdf,
                                          pdf_text: Callable[[Path], list[str]]) -> None:
    # The foot turns against a band are optional in stage 3: added here.
    result, path = build_pdf(tmp_path, "--stage", "strength", "--date", "2026-01-15",
                             "--add", "foot-turns-band")
    assert getattr(result, "exit_code", 1) == 0
    text = " ".join(pdf_text(path))
    assert "do not let your knee fall inwards." in text
    assert "Keep this knee over your foot the whole time. Do not let it fall inwards." in text
    assert "out to the side of your sore foot" in text


SCALE = 2.0  # pixels per pt where a picture is rendered


def coloured(made: Picture, colour: str) -> list[tuple[float, float]]:
    """Where (x, y in pt from the top left) the placed picture, badges and marks included,
    paints pixels close to `colour`."""
    image = rendered(lambda canvas: draw_picture(canvas, made, 0, 0, badge=13.0, font=BOLD),
                     made.size())
    return near(image, colour)


def near(image: Image.Image, colour: str) -> list[tuple[float, float]]:
    """Where (x, y in pt from the top left) the image has pixels close to `colour`."""
    want = HexColor(colour)
    rgb = tuple(round(c * 255) for c in (want.red, want.green, want.blue))
    return [(x / SCALE, y / SCALE) for y in range(image.height) for x in range(image.width)
            if all(abs(a - b) < 24 for a, b in zip(image.getpixel((x, y)), rgb, strict=True))]


def rendered(paint: Callable[[Canvas], None], size: tuple[float, float]) -> Image.Image:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, invariant=1)
    paint(canvas)
    canvas.showPage()
    canvas.save()
    doc = pdfium.PdfDocument(buffer.getvalue())
    image = doc[0].render(scale=SCALE).to_pil().convert("RGB")
    doc.close()
    return image


class Placing(Canvas):  # type: ignore[misc]
    """A canvas that keeps the name of every form placed on it, in order."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), invariant=1)
        self.placed: list[str] = []

    def doForm(self, name: str) -> None:
        self.placed.append(name)
        super().doForm(name)


def thumbnail_forms(made: Picture) -> list[str]:
    canvas = Placing()
    Thumbnail(made, WIDTH / 2).drawOn(canvas, 0, 0)
    return canvas.placed


@pytest.mark.parametrize("mirror", [False, True], ids=["right", "left"])
@pytest.mark.parametrize("name", ["foot-turns-band", "pivot-turns", "knee-straightening"])
def test_a_thumbnail_arrow_runs_as_in_the_whole_picture(poses: dict[str, Pose], name: str,
                                                        mirror: bool) -> None:
    """A thumbnail shows one frame, but its arrow keeps the sense of the whole movement: it
    places the whole picture's own end frame, the one frame with the arrow."""
    made = picture(poses[name], mirror=mirror, frame_width=WIDTH)
    blue = f"{_colour(arrows.ACCENT)} RG"
    with_arrow = [n for n, frame in enumerate(made.frames) if blue in frame.ops]
    assert with_arrow == [made.end] == [end_frame(poses[name])]
    assert thumbnail_forms(made) == [made.frames[made.end].name]


def test_a_thumbnail_never_shows_the_wrong_way(poses: dict[str, Pose]) -> None:
    made = picture(poses["step-down"], mirror=False, frame_width=WIDTH)
    assert made.marks[made.end] == "right" and made.end != len(made.frames) - 1
    assert thumbnail_forms(made) == [made.frames[made.end].name]
    thumb = Thumbnail(made, WIDTH)
    assert thumb.width == pytest.approx(WIDTH)
    image = rendered(lambda canvas: thumb.drawOn(canvas, 0, 0), (thumb.width, thumb.height))
    assert not near(image, RIGHT) and not near(image, WRONG)  # no tick, no cross
