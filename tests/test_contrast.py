"""A style's colours must be readable: contrast checked at load, at the colour's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kneepdf.errors import ContentErrors
from kneepdf.load.contrast import ratio
from kneepdf.load.styles import load_theme


def test_ratios_are_wcag_ratios() -> None:
    assert ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the AA grey


@pytest.mark.parametrize("name", ["default", "large-print"])
def test_shipped_styles_pass(name: str) -> None:
    assert load_theme(name).name == name


def test_white_text_is_refused_at_its_line(tmp_path: Path) -> None:
    style = tmp_path / "white.yaml"
    style.write_text('name: w\nparent: default\ncolours:\n  text: "#ffffff"\n', encoding="utf-8")
    with pytest.raises(ContentErrors) as info:
        load_theme(str(style))
    lines = info.value.lines()
    assert f"{style}:4:9: colours.text #ffffff on the white page has a contrast of 1.0:1; " \
           "it needs at least 4.5:1 to be read (WCAG AA)" in lines
    assert len(lines) == 4  # the page and the three tinted boxes


def test_a_pale_heading_colour_is_refused(tmp_path: Path) -> None:
    style = tmp_path / "pale.yaml"
    style.write_text('name: p\nparent: default\ncolours:\n  accent: "#9ecae1"\n',
                     encoding="utf-8")
    with pytest.raises(ContentErrors) as info:
        load_theme(str(style))
    [line] = info.value.lines()
    assert line.startswith(f"{style}:4:11: colours.accent #9ecae1 on the white page has a "
                           "contrast of 1.")


def test_white_labels_on_the_pain_bands_meet_aa(tmp_path: Path) -> None:
    # Once: "4-5: OK" printed white on #b36b00, a contrast of 4.2:1, below AA.
    style = tmp_path / "amber.yaml"
    style.write_text('name: a\nparent: default\ncolours:\n  amber: "#b36b00"\n',
                     encoding="utf-8")
    with pytest.raises(ContentErrors) as info:
        load_theme(str(style))
    assert info.value.lines() == [
        f"{style}:4:10: colours.amber #b36b00: the white label printed on it has a contrast "
        "of 4.2:1; it needs at least 4.5:1 to be read (WCAG AA); choose a darker colour"]
    for name in ("default", "large-print"):
        theme = load_theme(name)
        assert min(ratio("#ffffff", c) for c in (theme.green, theme.amber, theme.red)) >= 4.5


def test_the_pain_light_reads_without_colour(build_pdf, tmp_path: Path,  # type: ignore[no-untyped-def]
                                             pdf_text) -> None:  # type: ignore[no-untyped-def]
    # Printed in black and white the bands are greys: each says its range and its word.
    result, path = build_pdf(tmp_path, "--stage", "2")
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(path))
    for words in ("0-3: Fine", "4-5: OK", "6-10: Too much"):
        assert words in text
