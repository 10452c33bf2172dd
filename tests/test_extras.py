"""Print extras as options and content: video addresses in the content and the style, and
`fillable` from the command line, a preset and a spreadsheet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from samples import MASSAGE

from kneepdf.errors import ContentErrors, OptionError
from kneepdf.load.content import load_content
from kneepdf.load.styles import load_theme
from kneepdf.select.options import parse_fillable

Run = Callable[..., Result]


def _massage(folder: Path, extra: str) -> None:
    (folder / "steps" / "05-massage.yaml").write_text(
        MASSAGE.replace("    name: Sore spot massage\n",
                        f"    name: Sore spot massage\n{extra}"), encoding="utf-8")


def test_an_exercise_may_name_its_video(content_copy: Path) -> None:
    _massage(content_copy, "    video: https://riverside.example/knee/massage\n")
    content = load_content(content_copy, "content")
    assert content.item("sore-spot-massage").video == "https://riverside.example/knee/massage"


@pytest.mark.parametrize(("video", "message"), [
    ("http://riverside.example/m", "video: a video address must start with https://, got "
                                   "'http://riverside.example/m'"),
    ("https://me:pw@riverside.example/m", "video: a video address must not contain a user "
                                          "name or password"),
    ("https://riverside.example/" + "m" * 80, "video: a video address must be at most 100 "
                                             "characters, got 106"),
])
def test_a_bad_video_is_a_content_error_at_its_place(
        content_copy: Path, video: str, message: str) -> None:
    _massage(content_copy, f"    video: {video}\n")
    with pytest.raises(ContentErrors) as info:
        load_content(content_copy, "content")
    assert info.value.lines() == [f"content/steps/05-massage.yaml:8:12: {message}"]


def test_an_id_longer_than_30_letters_is_refused(content_copy: Path) -> None:
    (content_copy / "steps" / "05-massage.yaml").write_text(
        MASSAGE.replace("id: sore-spot-massage", "id: " + "x" * 31), encoding="utf-8")
    with pytest.raises(ContentErrors) as info:
        load_content(content_copy, "content")
    assert "content/steps/05-massage.yaml:5:9: id must be at most 30 characters, got 31" in \
        info.value.lines()


def _style(tmp_path: Path, videos: str) -> Path:
    file = tmp_path / "clinic.yaml"
    file.write_text(f"name: clinic\nparent: default\nclinic:\n  videos: {videos}\n",
                    encoding="utf-8")
    return file


def test_a_style_gives_a_video_pattern(tmp_path: Path) -> None:
    theme = load_theme(str(_style(tmp_path, "https://riverside.example/knee/{id}")))
    assert theme.videos == "https://riverside.example/knee/{id}"


@pytest.mark.parametrize(("videos", "words"), [
    ("https://riverside.example/knee", "must hold '{id}' once"),
    ("https://riverside.example/{id}/{id}", "must hold '{id}' once"),
    ("https://riverside.example/{name}/{id}", "must hold '{id}' once"),
    ("ftp://riverside.example/{id}", "must start with https://"),
    ("https://riverside.example/" + "v" * 50 + "/{id}",
     "(with an exercise id of up to 30 letters): a video address must be at most 100"),
])
def test_a_bad_video_pattern_is_a_style_error(tmp_path: Path, videos: str, words: str) -> None:
    file = _style(tmp_path, videos)
    with pytest.raises(ContentErrors) as info:
        load_theme(str(file))
    [line] = info.value.lines()
    assert line.startswith(f"{file}:4:11: clinic.videos") and words in line


@pytest.mark.parametrize(("typed", "wanted"), [
    (None, False), (True, True), (False, False), ("yes", True), ("No", False), ("1", True),
    ("", False), (" TRUE ", True), ("on", True), ("Off", False),
])
def test_fillable_values(typed: str | bool | None, wanted: bool) -> None:
    assert parse_fillable("--fillable", typed) is wanted


def test_a_fillable_cell_that_is_not_yes_or_no(kneepdf: Run, tmp_path: Path) -> None:
    with pytest.raises(OptionError, match="'maybe' is not yes or no"):
        parse_fillable("--fillable", "maybe")
    rows = tmp_path / "rows.csv"
    rows.write_text("stage,fillable,file,date\nacute,maybe,a,2026-01-15\n", encoding="utf-8")
    result = kneepdf("batch", str(rows), "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"Error: {rows}:2: column 'fillable': the cell is not yes or no" in result.stderr


def test_a_preset_fillable_takes_yes_or_no(kneepdf: Run, tmp_path: Path) -> None:
    from pypdf import PdfReader

    preset = tmp_path / "p.yaml"
    preset.write_text("stage: acute\nfillable: sometimes\n", encoding="utf-8")
    result = kneepdf("build", "--preset", str(preset), "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: {preset}:2:11: fillable must be yes or no (or true or false), got the value")
    for word, fields in (("yes", True), ('"on"', True), ("false", False), ("No", False)):
        preset.write_text(f"stage: acute\nfillable: {word}\n", encoding="utf-8")
        out = tmp_path / f"{word.strip(chr(34))}.pdf"
        result = kneepdf("build", "--preset", str(preset), "-o", str(out))
        assert result.exit_code == 0, result.output  # the words a batch cell takes
        assert bool(PdfReader(out).get_fields()) is fields
