"""Paths typed as Windows and macOS users type and paste them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kneepdf.paths import typed_path

Run = Callable[..., Result]


@pytest.fixture
def preset(tmp_path: Path) -> Path:
    folder = tmp_path / "My Files"
    folder.mkdir()
    path = folder / "mcl.yaml"
    path.write_text("stage: 2\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("typed", [
    '"{p}"',  # Windows' Copy as path
    " {p} ",  # spaces picked up when pasting
    "\u201c{p}\u201d",  # quotes curled by a word processor
    "'{p}'",
])
def test_quotes_and_spaces_around_a_path(kneepdf: Run, tmp_path: Path, preset: Path,
                                         typed: str) -> None:
    # Once: "Error: ... '"/path/mcl.yaml"' does not exist."
    result = kneepdf("build", "--preset", typed.format(p=preset), "-o", str(tmp_path / "a.pdf"))
    assert result.exit_code == 0, result.output


def test_a_macos_escaped_space(preset: Path) -> None:
    assert typed_path(str(preset).replace(" ", "\\ ")) == str(preset)


def test_home_folder(preset: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(preset.parent.parent))
    assert typed_path("~/My Files/mcl.yaml") == str(preset)


def test_a_name_that_exists_is_kept_as_typed(tmp_path: Path) -> None:
    odd = tmp_path / "'quoted'"
    odd.write_text("x", encoding="utf-8")
    assert typed_path(str(odd)) == str(odd)
