"""Rendered pages against golden images, with a tolerance; `--update-goldens` rewrites them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from layout_rules import render
from PIL import Image, ImageChops

from kneepdf.cli import cli

pytestmark = pytest.mark.slow  # whole pages rendered to images

GOLDENS = Path(__file__).parent / "goldens"
DIFFS = GOLDENS / "diff"
DPI = 40
# (stage, style, page): the first page and one exercise page of two stages, in both styles.
CASES = [
    ("subacute", "default", 1), ("subacute", "default", 3),
    ("strength", "default", 1), ("strength", "default", 4),
    ("subacute", "large-print", 1), ("subacute", "large-print", 4),
]
MEAN_LIMIT = 1.5  # mean absolute difference per pixel, 0-255
CHANGED_LIMIT = 0.004  # share of pixels that differ by more than a quarter of the range


def _changed(diff: Image.Image) -> float:
    histogram = diff.histogram()
    return sum(histogram[64:]) / (diff.size[0] * diff.size[1])


def _mean(diff: Image.Image) -> float:
    histogram = diff.histogram()
    return sum(i * n for i, n in enumerate(histogram)) / (diff.size[0] * diff.size[1])


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], list[Image.Image]]:
    folder = tmp_path_factory.mktemp("goldens")
    out = {}
    for stage, style in sorted({(c[0], c[1]) for c in CASES}):
        path = folder / f"{stage}-{style}.pdf"
        result = CliRunner().invoke(cli, [
            "build", "--stage", stage, "--style", style, "--date", "2026-01-15",
            "--patient", "Zofia Nowak-Łęcka", "--clinician", "J. Okafor", "-o", str(path)])
        assert result.exit_code == 0, result.output
        out[stage, style] = [page.image for page in render(path, DPI)]
    return out


@pytest.mark.parametrize(("stage", "style", "page"), CASES)
def test_page_matches_golden(
    rendered: dict[tuple[str, str], list[Image.Image]], stage: str, style: str, page: int,
    request: pytest.FixtureRequest,
) -> None:
    image = rendered[stage, style][page - 1]
    golden = GOLDENS / f"{stage}-{style}-p{page}.png"
    if request.config.getoption("--update-goldens"):
        GOLDENS.mkdir(exist_ok=True)
        image.save(golden, optimize=True)
    assert golden.exists(), f"no golden {golden.name}; run pytest --update-goldens"
    expected = Image.open(golden).convert("L")
    assert expected.size == image.size
    diff = ImageChops.difference(expected, image)
    mean, changed = _mean(diff), _changed(diff)
    if mean > MEAN_LIMIT or changed > CHANGED_LIMIT:
        DIFFS.mkdir(parents=True, exist_ok=True)
        Image.merge("RGB", (expected, image, image)).save(DIFFS / golden.name)
    assert mean <= MEAN_LIMIT, f"mean difference {mean:.2f}; see {DIFFS / golden.name}"
    assert changed <= CHANGED_LIMIT, f"{changed:.2%} of pixels changed; see {DIFFS / golden.name}"


def test_comparison_catches_a_changed_page(
    rendered: dict[tuple[str, str], list[Image.Image]],
) -> None:
    """The tolerance is tight enough that a moved block fails."""
    first = rendered["subacute", "default"][0]
    moved = ImageChops.offset(first, 0, 12)
    diff = ImageChops.difference(first, moved)
    assert _mean(diff) > MEAN_LIMIT or _changed(diff) > CHANGED_LIMIT
