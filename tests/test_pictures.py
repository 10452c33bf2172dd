"""The renderer: sizes, memo, mirror images, vector only, goldens; and the review sheet."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from PIL import Image, ImageChops, ImageOps
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from kneepdf.cli import cli
from kneepdf.commands import exercise_items
from kneepdf.layout.fonts import font_set
from kneepdf.load.content import default_content_dir, load_content
from kneepdf.load.poses import load_poses
from kneepdf.load.styles import load_theme
from kneepdf.pictures import GAP, picture
from kneepdf.pictures.frames import solve_pose
from kneepdf.pictures.place import draw_picture
from kneepdf.pictures.render import BADGE_R, PAD, Picture
from kneepdf.pose import Pose
from kneepdf.reuse import Reuse
from kneepdf.write.sheet import review_sheet

GOLDENS = Path(__file__).parent / "goldens" / "pictures"
WIDTH = 130.0  # pt: a frame about 46 mm wide, as on an A4 handout
DPI = 72
MEAN_LIMIT = 2.0  # mean absolute difference per pixel, 0-255
CHANGED_LIMIT = 0.01  # share of pixels that differ by more than a quarter of the range

BOLD = font_set().bold  # the badge numbers' face, as the handout gives it


@pytest.fixture(scope="module")
def poses() -> dict[str, Pose]:
    return load_poses(default_content_dir(), "content")


def pdf(made: Picture, *, stacked: bool = False) -> bytes:
    """The picture with its step badges (13 pt, bold) as a one-page PDF of its own size."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=made.size(stacked), invariant=1)
    draw_picture(canvas, made, 0, 0, stacked=stacked, badge=13.0, font=BOLD)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def image(made: Picture, dpi: int = DPI, *, stacked: bool = False) -> Image.Image:
    """The picture rendered through a one-page PDF, in grey."""
    doc = pdfium.PdfDocument(pdf(made, stacked=stacked))
    page = doc[0]
    out = page.render(scale=dpi / 72).to_pil().convert("L")
    doc.close()
    return out


def draw(pose: Pose, *, mirror: bool, frame_width: float) -> Picture:
    return picture(pose, mirror=mirror, frame_width=frame_width)


def test_size_is_frames_side_by_side(poses: dict[str, Pose]) -> None:
    for pose in poses.values():
        made = draw(pose, mirror=False, frame_width=WIDTH)
        count = len(pose.frames)
        width, height = made.size()
        assert width == pytest.approx(count * WIDTH + (count - 1) * GAP)
        assert 0.5 * WIDTH - 1e-6 <= height <= 0.8 * WIDTH + 1e-6, pose.id
        assert made.size(stacked=True) == pytest.approx(
            (WIDTH, count * height + (count - 1) * GAP))


def test_each_picture_is_built_once_per_reuse(poses: dict[str, Pose]) -> None:
    """Made once per (pose, mirror, width) and shared: a Picture cannot be changed."""
    pose = poses["step-up"]
    reuse = Reuse()
    first = picture(pose, mirror=False, frame_width=WIDTH, reuse=reuse)
    assert picture(pose, mirror=False, frame_width=WIDTH, reuse=reuse) is first
    assert len(reuse.pictures) == 1 and len(reuse.poses) == 1
    picture(pose, mirror=True, frame_width=WIDTH, reuse=reuse)
    picture(pose, mirror=False, frame_width=WIDTH + 1, reuse=reuse)
    assert len(reuse.pictures) == 3 and len(reuse.poses) == 1
    assert picture(pose, mirror=False, frame_width=WIDTH) == first  # afresh: the same
    with pytest.raises(AttributeError):
        first.frames = ()  # type: ignore[misc]
    assert isinstance(first.frames, tuple) and isinstance(first.frames[0].ops, str)


def test_stacked_frames_are_the_same_frames(poses: dict[str, Pose]) -> None:
    """One above the other, each frame looks as it does side by side (the same form)."""
    made = draw(poses["step-up"], mirror=False, frame_width=WIDTH)
    across, down = image(made), image(made, stacked=True)
    size, high = round(WIDTH * DPI / 72), round(made.height * DPI / 72)
    step_x, step_y = round((WIDTH + GAP) * DPI / 72), round((made.height + GAP) * DPI / 72)
    for n in range(len(made.frames)):
        a = across.crop((n * step_x, 0, n * step_x + size, high))
        b = down.crop((0, n * step_y, size, n * step_y + high))
        diff = ImageChops.difference(a, b).histogram()
        assert sum(diff[64:]) < 0.005 * size * high, n


def test_vector_only_and_readable_badges(poses: dict[str, Pose]) -> None:
    for pose in poses.values():
        made = draw(pose, mirror=False, frame_width=WIDTH)
        for frame in made.frames:  # paths only: no images, no text, no other objects
            assert not any(op in frame.ops for op in (" Do", "BI ", " Tj", "BT")), pose.id
        page = PdfReader(io.BytesIO(pdf(made))).pages[0]
        assert page.extract_text().split() == [str(f.step) for f in pose.frames], pose.id
        fonts = {f["/BaseFont"] for f in page["/Resources"]["/Font"].values()}
        assert any(str(f).endswith("Atkinson-Bold") or "Atkinson" in str(f) for f in fonts)


def test_mirror_gives_the_mirror_image(poses: dict[str, Pose]) -> None:
    """Each frame of the mirrored picture is the other flipped, except the step badge."""
    badge = round((2 * BADGE_R + 2 * PAD) * DPI / 72)
    for name in ("knee-straightening", "side-lunge", "foot-turns-band", "clamshell"):
        pose = poses[name]
        plain = image(draw(pose, mirror=False, frame_width=WIDTH))
        mirrored = image(draw(pose, mirror=True, frame_width=WIDTH))
        step = round((WIDTH + GAP) * DPI / 72)
        size = round(WIDTH * DPI / 72)
        for n in range(len(pose.frames)):
            box = (n * step, badge, n * step + size, plain.height)
            a = plain.crop(box)
            b = ImageOps.mirror(mirrored.crop(box))
            diff = ImageChops.difference(a, b)
            assert sum(diff.histogram()[96:]) < 0.01 * a.width * a.height, (name, n)
            assert ImageChops.difference(a, mirrored.crop(box)).getbbox() is not None


def test_arrows_only_on_the_end_frame(poses: dict[str, Pose]) -> None:
    from kneepdf.pictures.arrows import ACCENT
    from kneepdf.pictures.ops import _colour

    pose = poses["knee-straightening"]
    made = draw(pose, mirror=False, frame_width=WIDTH)
    blue = f"{_colour(ACCENT)} RG"
    assert [blue in frame.ops for frame in made.frames] == [False] * (len(made.frames) - 1) + [
        True]


@pytest.mark.parametrize("name", sorted(p.stem for p in
                                        (default_content_dir() / "pictures").glob("*.yaml")))
@pytest.mark.slow
def test_picture_matches_golden(poses: dict[str, Pose], name: str,
                                request: pytest.FixtureRequest) -> None:
    got = image(draw(poses[name], mirror=False, frame_width=WIDTH))
    golden = GOLDENS / f"{name}.png"
    if request.config.getoption("--update-goldens"):
        GOLDENS.mkdir(parents=True, exist_ok=True)
        got.save(golden, optimize=True)
    assert golden.exists(), f"no golden {golden.name}; run pytest --update-goldens"
    expected = Image.open(golden).convert("L")
    assert expected.size == got.size
    diff = ImageChops.difference(expected, got)
    histogram = diff.histogram()
    pixels = got.width * got.height
    mean = sum(i * n for i, n in enumerate(histogram)) / pixels
    changed = sum(histogram[64:]) / pixels
    assert mean <= MEAN_LIMIT and changed <= CHANGED_LIMIT, (name, mean, changed)


def test_golden_tolerance_catches_a_moved_figure(poses: dict[str, Pose]) -> None:
    got = image(draw(poses["step-up"], mirror=False, frame_width=WIDTH))
    moved = ImageChops.offset(got, 4, 0)
    histogram = ImageChops.difference(got, moved).histogram()
    pixels = got.width * got.height
    assert (sum(i * n for i, n in enumerate(histogram)) / pixels > MEAN_LIMIT
            or sum(histogram[64:]) / pixels > CHANGED_LIMIT)


# -- the review sheet ---------------------------------------------------------------------


@pytest.mark.slow
def test_review_sheet_prints_every_picture_with_its_labels() -> None:
    content = load_content()
    items = exercise_items(content)
    sheet = review_sheet(items, mirror=False, theme=load_theme("default"), heading="Every exercise")
    reader = PdfReader(io.BytesIO(sheet.data))
    assert len(reader.pages) == sheet.pages >= 5
    text = " ".join(page.extract_text() for page in reader.pages)
    for item in items:
        assert item.id in text and item.name in text
        assert item.pose is not None
        assert f"{item.pose.frames[0].step}. {item.pose.frames[0].label}"[:30] in text
    assert "patient's right leg" in text
    assert round(reader.pages[0].mediabox.width) == 595
    again = review_sheet(items, mirror=False, theme=load_theme("default"), heading="Every exercise")
    assert again.data == sheet.data  # same inputs, same bytes


@pytest.mark.slow
def test_review_sheet_lists_exercises_without_a_picture() -> None:
    content = load_content()
    items = [i._replace(pose=None) if i.id == "step-up" else i for i in exercise_items(content)]
    sheet = review_sheet(items, mirror=True, theme=replace(load_theme("default"), paper="letter"))
    reader = PdfReader(io.BytesIO(sheet.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "No picture yet: step-up" in text
    assert "patient's left leg" in text
    assert round(reader.pages[0].mediabox.width) == 612


def test_stage_items_are_the_stage_exercises() -> None:
    content = load_content()
    acute = [i.id for i in exercise_items(content, "acute")]
    assert "knee-bend-and-straighten" in acute and "side-lunge" not in acute
    assert [i.id for i in exercise_items(content, "1")] == acute


def test_cli_pictures_writes_the_sheet(tmp_path: Path) -> None:
    out = tmp_path / "review.pdf"
    result = CliRunner().invoke(cli, ["pictures", "--stage", "acute", "--side", "left",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    pages = len(PdfReader(out).pages)
    assert result.output == f"{out} ({pages} pages)\n"
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Stage: acute" in text and "Knee bends lying down" in text
    assert "Side lunge" not in text


def test_cli_pictures_default_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["pictures", "--stage", "subacute"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("out/pictures-subacute.pdf (")
    assert (tmp_path / "out" / "pictures-subacute.pdf").is_file()


def test_cli_pictures_unknown_stage() -> None:
    result = CliRunner().invoke(cli, ["pictures", "--stage", "sideways"])
    assert result.exit_code == 2
    assert "'sideways' is not a stage" in result.output


@pytest.mark.slow
def test_check_warns_about_missing_and_unused_pictures(content_copy: Path) -> None:
    (content_copy / "pictures" / "step-up.yaml").unlink()
    extra = content_copy / "pictures" / "cartwheel.yaml"
    extra.write_text("view: side\nposture: standing\nframes:\n  - {step: 1, label: Go}\n",
                     encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--content", str(content_copy)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("Warning: ")]
    assert f"Warning: {content_copy}/pictures/cartwheel.yaml:1:1: no exercise has the id " \
           "'cartwheel', so this picture is not used" in warnings
    assert any(line.endswith("the exercise 'step-up' has no picture; add "
                             "pictures/step-up.yaml") for line in warnings)
    assert f"Warning: {content_copy}/lang/es/pictures/step-up.yaml:1:1: no English content " \
           "file is called pictures/step-up.yaml, so this file is not used" in warnings


def test_a_broken_pose_stops_the_build(content_copy: Path, tmp_path: Path) -> None:
    file = content_copy / "pictures" / "step-up.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("right_hip: 55", "right_hip: 175"),
                    encoding="utf-8")
    out = tmp_path / "h.pdf"
    result = CliRunner().invoke(cli, ["build", "--stage", "strength", "--content",
                                      str(content_copy), "-o", str(out)])
    assert result.exit_code == 1
    assert not out.exists()
    assert "step-up.yaml:" in result.output
    assert "right_hip 175 degrees is outside its normal range -25 to 130" in result.output


def test_lying_seen_from_above_is_drawn_on_a_mat(poses: dict[str, Pose]) -> None:
    from kneepdf.pictures.ops import _colour
    from kneepdf.pictures.render import MAT

    # a mat is a polygon filled in MAT (a floor seen from above is a MAT rectangle, no mat)
    polygon = re.compile(re.escape(f"{_colour(MAT)} rg") + r"\n(?:[^\n]* (?:RG|w|J|j|d)\n)*"
                         r"[-\d.]+ [-\d.]+ m ")

    def mats(name: str) -> int:
        made = draw(poses[name], mirror=False, frame_width=WIDTH)
        return sum(1 for frame in made.frames if polygon.search(frame.ops))

    assert mats("release-inner-thigh") == len(poses["release-inner-thigh"].frames)
    assert mats("foot-turns-sitting") == 0 and mats("step-up") == 0


def test_a_close_up_draws_a_fist_or_fingertips(poses: dict[str, Pose]) -> None:
    from kneepdf.pictures import body
    from kneepdf.pictures.render import _fits

    pose = poses["release-shin"]
    figs = solve_pose(pose)
    fit = _fits(pose, figs, False, WIDTH)[1][0]
    arms = {hand: body.groups(figs[0], fit, pose.posture, close_up=True, hand=hand)[-1][1]
            for hand in ("open", "fist", "fingers")}
    assert len(arms["open"]) == 3  # upper arm, forearm, hand
    assert len(arms["fist"]) == 2 + 1 + 3  # a fist and three knuckles
    assert len(arms["fingers"]) == 2 + 2  # a palm and the fingers


def test_a_build_reads_only_the_pictures_it_draws(content_copy: Path, tmp_path: Path) -> None:
    """A broken picture of an exercise the handout does not print costs it nothing: a
    single build reads and poses only its own pictures; `check` still reads them all."""
    (content_copy / "pictures" / "step-up.yaml").write_text("view: [side\n", encoding="utf-8")
    acute = CliRunner().invoke(cli, ["build", "--stage", "acute", "--content",
                                     str(content_copy), "-o", str(tmp_path / "a.pdf")])
    assert acute.exit_code == 0, acute.output
    assert "step-up" not in {i.id for i in exercise_items(load_content(), "acute")}
    strength = CliRunner().invoke(cli, ["build", "--stage", "strength", "--content",
                                        str(content_copy), "-o", str(tmp_path / "s.pdf")])
    broken = "pictures/step-up.yaml:2:1: did not find expected"
    assert strength.exit_code == 1 and broken in strength.output
    check = CliRunner().invoke(cli, ["check", "--content", str(content_copy)])
    assert check.exit_code == 1 and broken in check.output
