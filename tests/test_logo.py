"""The clinic's logo: size checked before decoding, one error at the style's line, upright."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from PIL import Image
from pypdf import PdfReader

from kneepdf.errors import StyleError
from kneepdf.load.logo import LogoError, read_logo
from kneepdf.load.styles import load_theme

Run = Callable[..., Result]
LIMIT = ("the limit is 6,000 pixels on each side; save a smaller copy (1,000 pixels across is "
         "plenty)")
RED, BLUE = (220, 0, 0), (0, 0, 220)


def style_with_logo(folder: Path, logo: str) -> Path:
    """A style file whose clinic.logo (line 5, column 9) names `logo`."""
    style = folder / "clinic style.yaml"
    style.write_text(f"name: clinic\nparent: default\nclinic:\n  name: Riverside Physio\n"
                     f"  logo: {logo}\n", encoding="utf-8")
    return style


@pytest.fixture(scope="session")
def huge_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """13,500 x 13,500 pixels of one colour: 49 KB on disk, 182 million pixels decoded."""
    path = tmp_path_factory.mktemp("logos") / "huge.png"
    Image.new("1", (13_500, 13_500), 1).save(path)
    return path


def phone_jpeg(path: Path, orientation: int = 6) -> Path:
    """What a phone camera writes: the sensor's landscape pixels (red left half, blue right)
    and an EXIF tag saying how to turn them (6: a quarter turn clockwise)."""
    image = Image.new("RGB", (200, 100), BLUE)
    image.paste(RED, (0, 0, 100, 100))
    exif = Image.Exif()
    exif[0x0112] = orientation
    image.save(path, "JPEG", exif=exif.tobytes(), quality=95)
    return path


@pytest.mark.slow
def test_huge_logo_is_one_error_at_the_style_line(huge_png: Path, tmp_path: Path) -> None:
    # Once: a traceback from the image library (DecompressionBombError).
    style = style_with_logo(tmp_path, str(huge_png))
    with pytest.raises(StyleError) as info:
        load_theme(str(style))
    assert info.value.lines() == [
        f"{style}:5:9: clinic.logo: huge.png: the image is 13,500 by 13,500 pixels; {LIMIT}"]


def test_huge_logo_in_build_and_check(kneepdf: Run, huge_png: Path, tmp_path: Path) -> None:
    style = style_with_logo(tmp_path, str(huge_png))
    line = f"Error: {style}:5:9: clinic.logo: huge.png: the image is 13,500 by 13,500 pixels; "
    for args in (["build", "--stage", "acute", "-o", str(tmp_path / "x.pdf")], ["check"]):
        result = kneepdf(*args, "--style", str(style))
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert [e for e in result.stderr.splitlines() if e.startswith("Error:")] == [line + LIMIT]
    assert not (tmp_path / "x.pdf").exists()


def test_too_wide_logo_that_pillow_would_open(tmp_path: Path) -> None:
    path = tmp_path / "banner.png"
    Image.new("L", (6_001, 10), 0).save(path)
    with pytest.raises(LogoError) as info:
        read_logo(path)
    assert str(info.value) == f"the image is 6,001 by 10 pixels; {LIMIT}"
    Image.new("L", (6_000, 10), 0).save(path)
    with Image.open(io.BytesIO(read_logo(path))) as image:  # at the limit: scaled to print
        assert (image.format, image.size) == ("PNG", (1_000, 2))


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("text.png", b"this is not an image\n", "cannot identify image file"),
    ("cut.png", None, "image file is truncated"),
    ("empty.jpg", b"", "cannot identify image file"),
])
def test_files_the_image_library_cannot_open(
    tmp_path: Path, name: str, data: bytes | None, reason: str
) -> None:
    path = tmp_path / name
    if data is None:  # the first half of a real, noisy PNG
        buffer = io.BytesIO()
        Image.effect_noise((300, 300), 80).save(buffer, "PNG")
        data = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    path.write_bytes(data)
    style = style_with_logo(tmp_path, name)
    with pytest.raises(StyleError) as info:
        load_theme(str(style))
    [line] = info.value.lines()
    assert line.startswith(f"{style}:5:9: clinic.logo: {name}: the image library cannot open "
                           "it (")
    assert reason in line
    assert line.endswith("); save it again as a PNG or JPEG file")


def test_missing_logo(tmp_path: Path) -> None:
    style = style_with_logo(tmp_path, "nowhere.png")
    with pytest.raises(StyleError) as info:
        load_theme(str(style))
    assert info.value.lines() == [f"{style}:5:9: clinic.logo: nowhere.png: cannot read the file "
                                  "(No such file or directory)"]


@pytest.mark.parametrize(("orientation", "size", "top_left"), [
    (1, (200, 100), RED), (6, (100, 200), RED), (8, (100, 200), BLUE), (3, (200, 100), BLUE),
])
def test_phone_logo_is_turned_like_an_image_viewer(
    tmp_path: Path, orientation: int, size: tuple[int, int], top_left: tuple[int, int, int]
) -> None:
    logo = read_logo(phone_jpeg(tmp_path / "phone.jpg", orientation))
    with Image.open(io.BytesIO(logo)) as image:
        assert image.size == size
        pixel = image.convert("RGB").getpixel((5, 5))
    assert isinstance(pixel, tuple)
    assert all(abs(a - b) < 40 for a, b in zip(pixel, top_left, strict=True))


def test_large_phone_photo_is_turned_and_scaled_to_print(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    photo = Image.linear_gradient("L").resize((4_000, 3_000)).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6
    photo.save(path, "JPEG", exif=exif.tobytes())
    logo = read_logo(path)
    with Image.open(io.BytesIO(logo)) as image:
        assert (image.format, image.size) == ("JPEG", (750, 1_000))
    assert len(logo) < path.stat().st_size / 4


def test_small_logo_with_transparency_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "mark.png"
    Image.new("RGBA", (300, 120), (0, 105, 92, 128)).save(path)
    assert read_logo(path) == path.read_bytes()


def embedded_images(pdf: Path) -> list[Image.Image]:
    return [image.image for image in PdfReader(pdf).pages[0].images]


def test_phone_logo_prints_upright(kneepdf: Run, tmp_path: Path) -> None:
    # Once: embedded as the sensor's 200 x 100 pixels, lying on its side.
    phone_jpeg(tmp_path / "phone.jpg")
    style = style_with_logo(tmp_path, "phone.jpg")
    out = tmp_path / "handout.pdf"
    result = kneepdf("build", "--stage", "acute", "--date", "2026-01-15", "--style", str(style),
                     "-o", str(out))
    assert result.exit_code == 0, result.output
    [image] = [i for i in embedded_images(out) if i.size in ((100, 200), (200, 100))]
    assert image.size == (100, 200)
    pixel = image.convert("RGB").getpixel((50, 10))
    assert isinstance(pixel, tuple)
    assert pixel[0] > 150 and pixel[2] < 80  # red on top, as the phone's gallery shows it


def test_upright_logo_is_embedded_as_the_file(kneepdf: Run, tmp_path: Path) -> None:
    """An ordinary JPEG is passed through (no re-encoding): the same bytes as on disk."""
    path = phone_jpeg(tmp_path / "plain.jpg", orientation=1)
    theme = load_theme(str(style_with_logo(tmp_path, "plain.jpg")))
    assert theme.logo_data == path.read_bytes()
    assert theme.logo == str(path.resolve())
    assert "logo_data" not in repr(theme)


def test_shipped_example_logo_still_loads() -> None:
    root = Path(__file__).resolve().parents[1]
    theme = load_theme(str(root / "examples" / "riverside-style.yaml"))
    assert theme.logo_data == (root / "examples" / "riverside-logo.png").read_bytes()
