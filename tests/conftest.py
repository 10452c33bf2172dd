"""Shared fixtures: the shipped content, a CLI build helper, PDF text, a copy of the content."""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from kneepdf import model
from kneepdf.cli import cli
from kneepdf.load.content import default_content_dir, load_content

BuildPdf = Callable[..., tuple[Result, Path]]



def pytest_addoption(parser: pytest.Parser) -> None:
    """`--update-goldens`: rewrite the golden page images (tests/test_goldens.py);
    `--all`: run the slow tests too."""
    with contextlib.suppress(ValueError):  # already added by a plugin
        parser.addoption("--update-goldens", action="store_true", default=False,
                         help="Rewrite tests/goldens/*.png from the current output.")
    with contextlib.suppress(ValueError):
        parser.addoption("--all", action="store_true", default=False,
                         help="Run every test, the slow ones (marked slow) too.")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A plain `pytest` leaves out the tests marked slow; `--all`, `--update-goldens` or any
    `-m` expression (say `-m slow`) decides for itself."""
    if (config.getoption("--all") or config.getoption("--update-goldens")
            or config.getoption("-m")):
        return
    slow = [item for item in items if item.get_closest_marker("slow") is not None]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if item.get_closest_marker("slow") is None]


def pytest_report_header(config: pytest.Config) -> str:
    if config.getoption("--all") or config.getoption("-m"):
        return "tests: every test selected"
    return "tests: the quick ones; `pytest --all` runs the slow ones too"


def run_cli(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
    """Run `kneepdf ARGS` in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=True,
                              prog_name="kneepdf")


def _build_pdf(
    folder: Path, *args: str, name: str = "handout.pdf",
    env: Mapping[str, str | None] | None = None,
) -> tuple[Result, Path]:
    """`kneepdf build ARGS -o folder/name`; returns the CLI result and the PDF's path."""
    path = folder / name
    return run_cli("build", *args, "-o", str(path), env=env), path


def squash(text: str) -> str:
    """Every run of whitespace as one space (text extraction breaks lines where it likes)."""
    return re.sub(r"\s+", " ", text).strip()


def _pdf_text(path: Path) -> list[str]:
    """Each page's extracted text, whitespace squashed to single spaces."""
    return [squash(page.extract_text()) for page in PdfReader(path).pages]


def _replace_once(file: Path, old: str, new: str) -> None:
    """Edit a fixture file; fail loudly if `old` is not there exactly once."""
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file}"
    file.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="session")
def content() -> model.Content:
    """The shipped content, loaded once."""
    return load_content()


@pytest.fixture(scope="session")
def kneepdf() -> Callable[..., Result]:
    """`kneepdf(*args, env=None)` runs the command line in-process and returns the Result."""
    return run_cli


@pytest.fixture(scope="session")
def build_pdf() -> BuildPdf:
    """`build_pdf(folder, *args)` runs `kneepdf build` and returns (result, path)."""
    return _build_pdf


@pytest.fixture(scope="session")
def pdf_text() -> Callable[[Path], list[str]]:
    """`pdf_text(path)` gives each page's text with whitespace squashed."""
    return _pdf_text


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped content folder that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(default_content_dir(), target)
    return target


@pytest.fixture(scope="session")
def replace_once() -> Callable[[Path, str, str], None]:
    """`replace_once(file, old, new)` edits a copied file, failing if `old` is not there once."""
    return _replace_once


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder (CliRunner.isolated_filesystem is deprecated in Click 8.5)."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder
