"""cli: one CliRunner test per command and per error path, with the exact `Error:` lines."""

from __future__ import annotations

import datetime as dt
import errno
import os
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import Result
from pypdf import PdfReader
from samples import MASSAGE

from kneepdf import __version__, model
from kneepdf.cli import cli
from kneepdf.select.selection import find_stage, select

Run = Callable[..., Result]
DATE = "2026-01-15"
HIGH_LOAD = ["side-lunge", "pivot-turns", "bouncing", "hopping", "jog-or-run", "change-direction"]
VALID = "acute, subacute, strength, return, all, 1, 2, 3, 4"

# A tiny broken step and a broken handout for --content (two files, one defect each).
BROKEN_STEP = MASSAGE.replace("reps: 20", "reps: 2.5")
BROKEN_HANDOUT = ('title: Knee sheet\nversion: "1.0"\nreviewed: 2026-01-31\nhow_to_use:\n'
                  '  - Read it.\nfooter: no\n')


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def assert_clean_failure(result: Result, code: int) -> None:
    """Failed with `code` through Click, not through an uncaught exception."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".kneepdf-*.tmp"))


def page_count(path: Path) -> int:
    return len(PdfReader(path).pages)


@pytest.fixture
def broken(content_copy: Path) -> Path:
    (content_copy / "steps" / "05-massage.yaml").write_text(BROKEN_STEP, encoding="utf-8")
    (content_copy / "handout.yaml").write_text(BROKEN_HANDOUT, encoding="utf-8")
    return content_copy


def broken_lines(folder: Path) -> list[str]:
    return [
        f"Error: {folder}/handout.yaml:6:1: unknown key 'footer' in handout.yaml; expected one "
        "of: title, version, reviewed, how_to_use",
        f"Error: {folder}/steps/05-massage.yaml:12:13: dose.reps must be a whole number, "
        "got '2.5'",
    ]


# -- version and help -------------------------------------------------------------------------


def version_line(content: model.Content) -> str:
    assert content.reviewed is not None
    return (f"kneepdf, version {__version__}; content version {content.version}, "
            f"reviewed {content.reviewed.isoformat()}\n"
            f"es: translated from content version {content.version}, up to date; not yet "
            "reviewed by a clinician\n")


def test_version(kneepdf: Run, content: model.Content) -> None:
    result = kneepdf("--version")
    assert result.exit_code == 0
    assert result.stdout == version_line(content)
    assert content.version and content.reviewed


def test_python_dash_m(tmp_path: Path, content: model.Content) -> None:
    done = subprocess.run([sys.executable, "-m", "kneepdf", "--version"], capture_output=True,
                          text=True, cwd=tmp_path, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == version_line(content)


def test_python_dash_m_error_has_no_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kneepdf", "stages", "--content", str(tmp_path / "nope")],
        capture_output=True, text=True, cwd=tmp_path, timeout=60, check=False,
    )
    assert done.returncode == 1
    assert done.stderr == f"Error: {tmp_path / 'nope'}:1:1: no such content folder\n"


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize("command", [None, *sorted(cli.commands)])
def test_help(kneepdf: Run, command: str | None, flag: str) -> None:
    args = [flag] if command is None else [command, flag]
    result = kneepdf(*args)
    assert result.exit_code == 0
    usage = "Usage: kneepdf" + ("" if command is None else f" {command}")
    assert result.stdout.startswith(usage)
    assert "Example" in result.stdout


def test_every_command_has_help_with_an_example() -> None:
    assert {"build", "stages", "exercises", "check"} <= set(cli.commands)
    for name, command in cli.commands.items():
        assert command.help, name
        assert "Example" in command.help, name
        assert f"kneepdf {name}" in command.help, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, (name, param.name)
    assert cli.help and "Example" in cli.help


# -- stages and exercises ---------------------------------------------------------------------


def test_stages(kneepdf: Run, content: model.Content) -> None:
    result = kneepdf("stages")
    assert result.exit_code == 0
    heads = [line.split() for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert [h[1] for h in heads] == ["acute", "subacute", "strength", "return", "all"]
    assert [h[0] for h in heads] == ["1", "2", "3", "4", "-"]
    blocks = result.stdout.split("\n-  all")[0].split("\n")
    acute = blocks[1: blocks.index(next(b for b in blocks if b.startswith("2 ")))]
    titles = [content.step(s).title for s in
              ("reduce-pressure", "reduce-inflammation", "range-of-motion", "massage",
               "strengthen")]
    assert [line.split(": ", 1)[1].removesuffix(" (with progressions)") for line in acute] \
        == titles


def test_exercises_lists_every_item(kneepdf: Run, content: model.Content) -> None:
    result = kneepdf("exercises")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")]
    assert listed == [item.id for step in content.steps for item in step.items]


def test_exercises_for_acute_has_no_high_load(kneepdf: Run, content: model.Content) -> None:
    result = kneepdf("exercises", "--stage", "acute")
    assert result.exit_code == 0
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")}
    assert not listed & set(HIGH_LOAD)
    steps = ("reduce-pressure", "reduce-inflammation", "range-of-motion", "massage")
    assert listed == {item.id for s in steps for item in content.step(s).items
                      if not item.variant} | {"thigh-tightening"}
    assert kneepdf("exercises", "--stage", "1").stdout == result.stdout


def test_exercises_for_return_has_high_load(kneepdf: Run) -> None:
    result = kneepdf("exercises", "--stage", "return")
    assert result.exit_code == 0
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")}
    assert set(HIGH_LOAD) <= listed


def test_exercises_unknown_stage(kneepdf: Run) -> None:
    result = kneepdf("exercises", "--stage", "nope")
    assert_clean_failure(result, 2)
    assert error_lines(result) == [
        f"Error: Invalid value for '--stage': 'nope' is not a stage; choose one of: {VALID}"
    ]


@pytest.mark.parametrize("command", ["stages", "exercises", "check"])
def test_broken_content_in_every_command(kneepdf: Run, broken: Path, command: str) -> None:
    result = kneepdf(command, "--content", str(broken))
    assert_clean_failure(result, 1)
    assert error_lines(result) == broken_lines(broken)


# -- check ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_check_shipped_content(kneepdf: Run) -> None:
    result = kneepdf("check")
    assert result.exit_code == 0, result.output
    last = result.stdout.splitlines()[-1]
    assert last.startswith("OK: 11 steps, ")
    assert "5 stages" in last


STYLE_HINT = ("'nope' is not a shipped style; choose one of: default, large-print, or give a "
              "style .yaml file")


def test_check_unknown_style(kneepdf: Run) -> None:
    # Once exit 1 with "nope:1:1: no such style", as if 'nope' were a file: it is misuse.
    result = kneepdf("check", "--style", "nope")
    assert_clean_failure(result, 2)
    assert error_lines(result) == [f"Error: Invalid value for '--style': {STYLE_HINT}"]


# -- build: success ---------------------------------------------------------------------------


def test_build_default_path(kneepdf: Run, cwd: Path) -> None:
    (cwd / "out").mkdir()
    result = kneepdf("build", "--stage", "acute", "--date", DATE)
    written = cwd / "out" / "knee-handout-acute.pdf"
    assert result.exit_code == 0, result.output
    assert written.read_bytes().startswith(b"%PDF-")
    assert result.stdout == f"out/knee-handout-acute.pdf ({page_count(written)} pages)\n"
    assert temp_files(written.parent) == []


def test_build_default_path_in_fresh_directory(kneepdf: Run, cwd: Path) -> None:
    # Once failed with "the folder out does not exist": the default folder is created.
    result = kneepdf("build", "--stage", "acute", "--date", DATE)
    written = cwd / "out" / "knee-handout-acute.pdf"
    assert result.exit_code == 0, result.output
    assert result.stdout == f"out/knee-handout-acute.pdf ({page_count(written)} pages)\n"


def test_a_refused_build_leaves_no_empty_out_folder(kneepdf: Run, cwd: Path) -> None:
    # Once left an empty out/ behind: the folder was made before the name was refused.
    result = kneepdf("build", "--stage", "acute", "--patient", "李雷", "--date", DATE)
    assert_clean_failure(result, 1)
    assert list(cwd.iterdir()) == []
    (cwd / "out").mkdir()  # a folder that was there stays, empty or not
    assert_clean_failure(kneepdf("build", "--stage", "acute", "--patient", "李雷"), 1)
    assert (cwd / "out").is_dir()


def test_a_folder_named_through_dot_dot_makes_no_other_folder(kneepdf: Run, cwd: Path) -> None:
    sheet = cwd / "rows.csv"
    sheet.write_text("stage,patient,date\nnine,Ana,2026-03-01\n", encoding="utf-8")
    assert kneepdf("batch", str(sheet), "--out-dir", "new/../zz").exit_code == 1
    assert sorted(p.name for p in cwd.iterdir()) == ["rows.csv"]  # no new/, no zz/


def test_build_stage_number_names_file_by_id(kneepdf: Run, cwd: Path) -> None:
    (cwd / "out").mkdir()
    result = kneepdf("build", "--stage", "2", "--date", DATE)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("out/knee-handout-subacute.pdf (")
    assert (cwd / "out" / "knee-handout-subacute.pdf").is_file()


def test_build_out_overrides(kneepdf: Run, cwd: Path) -> None:
    result = kneepdf("build", "--stage", "acute", "--date", DATE, "-o", "mine.pdf",
                     "--patient", "Zofia Testperson")
    written = cwd / "mine.pdf"
    assert result.exit_code == 0, result.output
    assert result.stdout == f"mine.pdf ({page_count(written)} pages)\n"
    assert not (cwd / "out").exists()
    assert "Zofia" not in result.output


def test_build_replaces_old_file_whole(kneepdf: Run, tmp_path: Path) -> None:
    target = tmp_path / "handout.pdf"
    target.write_bytes(b"old handout")
    result = kneepdf("build", "--stage", "acute", "--date", DATE, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF-")
    assert page_count(target) >= 2
    assert temp_files(tmp_path) == []


# -- build: command-line misuse (exit 2) ------------------------------------------------------


def test_build_needs_a_stage(kneepdf: Run) -> None:
    result = kneepdf("build")
    assert_clean_failure(result, 2)
    assert error_lines(result) == ["Error: Missing option '--stage' (or a preset that sets stage)."]


def test_build_unknown_stage(kneepdf: Run, tmp_path: Path) -> None:
    result = kneepdf("build", "--stage", "nope", "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 2)
    assert error_lines(result) == [
        f"Error: Invalid value for '--stage': 'nope' is not a stage; choose one of: {VALID}"
    ]
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("value", ["2026-13-01", "15/01/2026", "tomorrow"])
def test_build_bad_date(kneepdf: Run, tmp_path: Path, value: str) -> None:
    result = kneepdf("build", "--stage", "acute", "--date", value, "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 2)
    assert error_lines(result) == [
        f"Error: Invalid value for '--date': '{value}' is not a date; use YYYY-MM-DD, for "
        "example 2026-03-31"
    ]


@pytest.mark.parametrize("option", ["--date", "--review-date"])
def test_build_empty_date(kneepdf: Run, tmp_path: Path, option: str) -> None:
    result = kneepdf("build", "--stage", "acute", option, "", "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 2)
    assert error_lines(result)[0].startswith(f"Error: Invalid value for '{option}': ")
    assert not (tmp_path / "x.pdf").exists()


def test_build_empty_patient(kneepdf: Run, tmp_path: Path) -> None:
    result = kneepdf("build", "--stage", "acute", "--patient", "", "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 2)
    assert error_lines(result) == [
        "Error: Invalid value for '--patient': is empty; leave it out to print a line to write on"
    ]


@pytest.mark.parametrize(
    ("char", "code"), [("\x07", "U+0007"), ("\x1b", "U+001B"), ("\ue000", "U+E000"),
                       ("\u200d", "U+200D")],
    ids=["bell", "escape", "private-use", "zero-width-joiner"],
)
def test_build_patient_control_character(
    kneepdf: Run, tmp_path: Path, char: str, code: str
) -> None:
    result = kneepdf("build", "--stage", "acute", "--patient", f"Zofia{char}Testperson",
                     "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 2)
    assert error_lines(result) == [
        f"Error: Invalid value for '--patient': holds the control character {code}; type it "
        "as plain text"
    ]
    assert "Zofia" not in result.output
    assert "Testperson" not in result.output


def test_build_patient_too_long(kneepdf: Run, tmp_path: Path) -> None:
    name = "Zofia " + "x" * 80
    result = kneepdf("build", "--stage", "acute", "--patient", name, "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 2)
    assert error_lines(result) == [
        f"Error: Invalid value for '--patient': is {len(name)} characters long; the limit is 80"
    ]
    assert "Zofia" not in result.output


# -- build: content, style, font and output problems (exit 1) ---------------------------------


def test_build_patient_name_no_font_can_draw(kneepdf: Run, tmp_path: Path) -> None:
    result = kneepdf("build", "--stage", "acute", "--patient", "李雷",
                     "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 1)
    assert error_lines(result) == [
        "Error: --patient uses Chinese characters (2 of them), which no shipped font can "
        "draw; type the name in Latin letters, or leave it out and write it on the line by hand"
    ]
    assert "李" not in result.output


@pytest.mark.parametrize(("option", "text", "script", "advice"), [
    ("--patient", "さくら", "Japanese characters", "type the name in Latin letters"),
    ("--patient", "김민준", "Korean letters", "type the name in Latin letters"),
    ("--clinician", "מרים", "Hebrew letters", "type the name in Latin letters"),
    ("--clinic", "प्रिया", "Devanagari letters", "type the name in Latin letters"),
    ("--patient", "สมชาย", "Thai letters", "type the name in Latin letters"),
    ("--notes", "مرحبا", "Arabic letters", "type it in Latin letters"),
    ("--patient", "Ana 😀", "symbols", "type the name in Latin letters"),
])
def test_text_no_font_can_draw_names_its_script(
    kneepdf: Run, tmp_path: Path, option: str, text: str, script: str, advice: str
) -> None:
    result = kneepdf("build", "--stage", "acute", option, text, "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 1)
    [line] = error_lines(result)
    assert line.startswith(f"Error: {option} uses {script} (")
    assert " of them), which no shipped font can draw; " in line  # never the code points
    assert f"; {advice}, or leave it out and write it on " in line
    assert text not in result.output and "U+" not in line
    assert not (tmp_path / "x.pdf").exists()


def test_build_out_name_too_long_is_one_line(kneepdf: Run, tmp_path: Path) -> None:
    target = tmp_path / ("a" * 300 + ".pdf")  # longer than any file system allows
    result = kneepdf("build", "--stage", "acute", "--date", DATE, "-o", str(target))
    assert_clean_failure(result, 1)
    [line] = error_lines(result)
    assert line == f"Error: {target}: cannot write here (File name too long)"


def test_a_file_that_is_not_a_preset_is_never_echoed(kneepdf: Run, tmp_path: Path) -> None:
    sheet = tmp_path / "patients.csv"
    sheet.write_text("patient,stage\nAna Silva,acute\nBen Ode,subacute\n", encoding="utf-8")
    result = kneepdf("build", "--preset", str(sheet), "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 1)
    assert error_lines(result) == [
        f"Error: {sheet}:1:1: expected a mapping of keys, got plain text"]
    assert "Ana" not in result.output


def test_build_out_is_a_folder(kneepdf: Run, tmp_path: Path) -> None:
    result = kneepdf("build", "--stage", "acute", "--date", DATE, "-o", str(tmp_path))
    assert_clean_failure(result, 1)
    assert error_lines(result) == [
        f"Error: {tmp_path}: is a folder; give a file name ending in .pdf"
    ]
    assert result.stdout == ""


def test_build_out_folder_missing(kneepdf: Run, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "x.pdf"
    result = kneepdf("build", "--stage", "acute", "--date", DATE, "-o", str(target))
    assert_clean_failure(result, 1)
    assert error_lines(result) == [
        f"Error: {target}: the folder {tmp_path / 'missing'} does not exist"
    ]
    assert not (tmp_path / "missing").exists()


def test_build_broken_content(kneepdf: Run, broken: Path, tmp_path: Path) -> None:
    result = kneepdf("build", "--stage", "acute", "--content", str(broken),
                     "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 1)
    assert error_lines(result) == broken_lines(broken)
    assert result.stdout == ""


def test_build_missing_content_folder(kneepdf: Run, tmp_path: Path) -> None:
    result = kneepdf("build", "--stage", "acute", "--content", str(tmp_path / "nope"),
                     "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 1)
    assert error_lines(result) == [f"Error: {tmp_path / 'nope'}:1:1: no such content folder"]


def test_build_unknown_style(kneepdf: Run, tmp_path: Path) -> None:
    result = kneepdf("build", "--stage", "acute", "--style", "nope", "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 2)
    assert error_lines(result) == [f"Error: Invalid value for '--style': {STYLE_HINT}"]
    assert not (tmp_path / "x.pdf").exists()


def test_build_missing_style_file_is_exit_1(kneepdf: Run, tmp_path: Path) -> None:
    missing = tmp_path / "mine.yaml"
    result = kneepdf("build", "--stage", "acute", "--style", str(missing),
                     "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 1)
    assert error_lines(result) == [f"Error: {missing}:1:1: cannot read the file (No such file "
                                   "or directory)"]


@pytest.mark.parametrize(("sizes", "margin", "line"), [
    ("body: 28pt", "15mm", "the patient's details need 605 pt across and a line of style "
                           "'big' holds 510 pt; give it a smaller sizes.body (28 pt) or "
                           "page.margin"),
    ("body: 22pt", "40mm", "the patient's details need 510 pt across and a line of style "
                           "'big' holds 369 pt; give it a smaller sizes.body (22 pt) or "
                           "page.margin"),
])
def test_type_too_large_for_the_page_is_one_error(kneepdf: Run, tmp_path: Path, sizes: str,
                                                  margin: str, line: str) -> None:
    # Once: a style with large body text ended build with ReportLab's "negative availWidth".
    style = tmp_path / "big.yaml"
    style.write_text(f"parent: default\nname: big\npage:\n  margin: {margin}\n"
                     f"sizes:\n  {sizes}\n", encoding="utf-8")
    result = kneepdf("build", "--stage", "2", "--style", str(style),
                     "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 1)
    assert error_lines(result) == [f"Error: --style: {line}"]
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("epoch", "line"),
    [
        ("abc", "Error: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, "
                "got 'abc'"),
        ("-5", "Error: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, "
               "got '-5'"),
        ("99999999999999999", "Error: SOURCE_DATE_EPOCH is out of range, got '99999999999999999'"),
    ],
)
def test_build_bad_source_date_epoch(kneepdf: Run, tmp_path: Path, epoch: str, line: str) -> None:
    result = kneepdf("build", "--stage", "acute", "-o", str(tmp_path / "x.pdf"),
                     env={"SOURCE_DATE_EPOCH": epoch})
    assert_clean_failure(result, 1)
    assert error_lines(result) == [line]
    assert not (tmp_path / "x.pdf").exists()


def test_bad_source_date_epoch_is_one_error_even_with_a_date(
        kneepdf: Run, tmp_path: Path) -> None:
    # ReportLab reads SOURCE_DATE_EPOCH for every PDF (it seeds the document ID), so with
    # --date too a value it cannot read is one clear error, not a traceback.
    result = kneepdf("build", "--stage", "acute", "--date", DATE, "-o", str(tmp_path / "x.pdf"),
                     env={"SOURCE_DATE_EPOCH": "abc"})
    assert_clean_failure(result, 1)
    assert error_lines(result) == ["Error: SOURCE_DATE_EPOCH must be a whole number of seconds "
                                   "since 1970-01-01, got 'abc'"]
    assert not (tmp_path / "x.pdf").exists()
    result = kneepdf("build", "--stage", "acute", "--date", DATE, "-o", str(tmp_path / "x.pdf"),
                     env={"SOURCE_DATE_EPOCH": "1768435200"})
    assert result.exit_code == 0, result.output


def test_bad_source_date_epoch_is_one_error_for_the_review_sheet(
        kneepdf: Run, tmp_path: Path) -> None:
    # Once a traceback from ReportLab: only build checked the variable.
    result = kneepdf("pictures", "--stage", "acute", "-o", str(tmp_path / "p.pdf"),
                     env={"SOURCE_DATE_EPOCH": "abc"})
    assert_clean_failure(result, 1)
    assert error_lines(result) == ["Error: SOURCE_DATE_EPOCH must be a whole number of seconds "
                                   "since 1970-01-01, got 'abc'"]


@pytest.mark.parametrize("failure", ["content", "font", "style"])
def test_failed_build_leaves_old_file(
    kneepdf: Run, broken: Path, tmp_path: Path, failure: str
) -> None:
    folder = tmp_path / "printed"
    folder.mkdir()
    target = folder / "handout.pdf"
    target.write_bytes(b"the previous handout")
    extra = {
        "content": ["--content", str(broken)],
        "font": ["--patient", "李雷"],
        "style": ["--style", str(tmp_path / "nope.yaml")],
    }[failure]
    result = kneepdf("build", "--stage", "acute", "--date", DATE, "-o", str(target), *extra)
    assert_clean_failure(result, 1)
    assert target.read_bytes() == b"the previous handout"
    assert sorted(p.name for p in folder.iterdir()) == ["handout.pdf"]


def test_failed_write_leaves_old_file_and_no_temp_file(
    kneepdf: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "handout.pdf"
    target.write_bytes(b"the previous handout")
    seen: list[str] = []

    def refuse(src: str, dst: object) -> None:
        seen.append(os.path.basename(src))
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("kneepdf.write.pdf.os.replace", refuse)
    result = kneepdf("build", "--stage", "acute", "--date", DATE, "-o", str(target))
    monkeypatch.undo()
    assert_clean_failure(result, 1)
    assert error_lines(result) == [f"Error: {target}: cannot write the file (Permission denied)"]
    assert len(seen) == 1 and seen[0].startswith(".kneepdf-") and seen[0].endswith(".tmp")
    assert target.read_bytes() == b"the previous handout"
    assert temp_files(tmp_path) == []


@pytest.fixture
def long_red_flags(content_copy: Path, replace_once: Callable[[Path, str, str], None]) -> Path:
    """Content whose red-flag box is taller than a page (30 more signs)."""
    last = "      - your calf is newly painful, swollen, warm or red\n"
    extra = "".join(f"      - you notice warning sign {i} that needs a doctor today\n"
                    for i in range(30))
    replace_once(content_copy / "safety.yaml", last, last + extra)
    return content_copy


def test_build_red_flags_too_long_names_the_file(
    kneepdf: Run, long_red_flags: Path, tmp_path: Path
) -> None:
    result = kneepdf("build", "--stage", "acute", "--content", str(long_red_flags),
                     "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 1)
    lines = error_lines(result)
    assert lines
    assert all(line.startswith(f"Error: {long_red_flags}/safety.yaml:") for line in lines)
    assert " at 0x" not in result.stderr


@pytest.mark.slow
def test_check_red_flags_too_long(kneepdf: Run, long_red_flags: Path) -> None:
    result = kneepdf("check", "--content", str(long_red_flags))
    assert_clean_failure(result, 1)
    assert error_lines(result)[0].startswith(f"Error: {long_red_flags}/safety.yaml:")


# -- batch ------------------------------------------------------------------------------------


def test_batch_builds_good_rows_and_reports_bad_ones(kneepdf: Run, tmp_path: Path) -> None:
    csv_file = tmp_path / "patients.csv"
    csv_file.write_text("patient,stage,date\nAna Silva,acute,2026-01-15\nBen Ode,nope,\n",
                        encoding="utf-8")
    out = tmp_path / "printed"
    result = kneepdf("batch", str(csv_file), "--out-dir", str(out))
    assert_clean_failure(result, 1)
    assert error_lines(result) == [
        f"Error: {csv_file}:3: column 'stage': the cell is not a stage; choose one of: {VALID}"
    ]
    written = sorted(out.glob("*.pdf"))
    assert len(written) == 1
    pages = page_count(written[0])
    assert result.stdout.splitlines()[-1] == (
        f"Built 1 handout ({pages} pages) in {out}; 1 row failed; read as UTF-8 text, "
        "separated by commas"
    )
    assert "Ana" not in result.stderr


def test_batch_file_names_stay_in_the_folder(kneepdf: Run, tmp_path: Path) -> None:
    csv_file = tmp_path / "patients.csv"
    csv_file.write_text("stage,date,file\nacute,2026-01-15,../../escaped\n", encoding="utf-8")
    out = tmp_path / "deep" / "printed"
    result = kneepdf("batch", str(csv_file), "--out-dir", str(out))
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["escaped.pdf"]
    assert not list(tmp_path.glob("*.pdf"))
    assert not (tmp_path / "escaped.pdf").exists()


def test_batch_unknown_column(kneepdf: Run, tmp_path: Path) -> None:
    csv_file = tmp_path / "patients.csv"
    csv_file.write_text("patient,stage,colour\nAna Silva,acute,red\n", encoding="utf-8")
    result = kneepdf("batch", str(csv_file), "--out-dir", str(tmp_path / "printed"))
    assert_clean_failure(result, 1)
    lines = error_lines(result)
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: {csv_file}:1: unknown column 'colour'; columns are: ")


def test_a_sheet_without_its_header_row_quotes_no_cell(kneepdf: Callable[..., Result],
                                                      tmp_path: Path) -> None:
    # Once: "unknown column 'ana_silva'": the first row held a patient, not the column names.
    csv_file = tmp_path / "list.csv"
    csv_file.write_text("Ana Silva,2,2026-03-01\nBen Ode,3,2026-03-01\n", encoding="utf-8")
    result = kneepdf("batch", str(csv_file), "--out-dir", str(tmp_path / "printed"))
    assert_clean_failure(result, 1)
    (line,) = error_lines(result)
    assert line.startswith(f"Error: {csv_file}:1: the first row names none of the columns (is "
                           "the header row missing?); it must name them: stage, ")
    assert "ana" not in result.output.lower() and "Ben" not in result.output


@pytest.mark.parametrize(("style", "needed", "page"), [("default", 762, 736),
                                                       ("large-print", 1124, 722)])
def test_notes_too_tall_for_a_page_are_refused_by_name(
    kneepdf: Callable[..., Result], tmp_path: Path, style: str, needed: int, page: int
) -> None:
    """Forty short lines fit the 600-letter limit but not one page: a clear error, no file."""
    target = tmp_path / "notes.pdf"
    notes = "\n".join(f"Line {n}" for n in range(40))
    result = kneepdf("build", "--stage", "acute", "--date", DATE, "--style", style,
                     "--notes", notes, "-o", str(target))
    assert_clean_failure(result, 1)
    assert error_lines(result) == [
        f"Error: --notes: the notes need {needed} pt and a page holds {page} pt with style "
        f"'{style}'; shorten them or use fewer lines"]
    assert not target.exists()
    assert temp_files(tmp_path) == []


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_details_too_long_for_page_one_blame_the_options_not_the_content(
    kneepdf: Callable[..., Result], tmp_path: Path, paper: str
) -> None:
    """Once: the longest details the options allow, in large print, blamed safety.yaml, a
    file a clinician cannot edit. Eighty of the widest letter fill page 1 in large print."""
    target = tmp_path / "long.pdf"
    wide = "W" * 80
    result = kneepdf("build", "--stage", "2", "--date", DATE, "--style", "large-print",
                     "--paper", paper, "--patient", wide, "--clinician", wide, "--clinic",
                     wide, "--contact", wide, "-o", str(target))
    assert_clean_failure(result, 1)
    page = {"a4": 689, "letter": 639}[paper]
    assert error_lines(result) == [
        "Error: --patient, --clinician, --clinic, --contact: the details take too much room "
        f"on page 1 with style 'large-print' (page 1 needs 694 pt; a page holds {page} pt); "
        "shorten them"]
    assert wide not in result.output
    assert not target.exists()
    assert temp_files(tmp_path) == []
    half = "W" * 40  # the same details at half the length print
    result = kneepdf("build", "--stage", "2", "--date", DATE, "--style", "large-print",
                     "--paper", paper, "--patient", half, "--clinician", half, "--clinic",
                     half, "--contact", half, "-o", str(target))
    assert result.exit_code == 0, result.output


def test_red_flags_too_long_for_page_one_blame_the_content(
    kneepdf: Callable[..., Result], tmp_path: Path, content_copy: Path,
    replace_once: Callable[[Path, str, str], None]
) -> None:
    """With no details given, a page 1 too full is the content's to fix: safety.yaml."""
    many = "".join(f"      - a new sign number {n} that needs a line of its own\n"
                   for n in range(30))
    replace_once(content_copy / "safety.yaml", "      - you have had cancer\n",
                 "      - you have had cancer\n" + many)
    target = tmp_path / "long.pdf"
    result = kneepdf("build", "--stage", "2", "--date", DATE, "--content", str(content_copy),
                     "-o", str(target))
    assert_clean_failure(result, 1)
    (line,) = error_lines(result)
    assert line.startswith(f"Error: {content_copy / 'safety.yaml'}:2:3: the red-flag box and "
                           "the header do not fit on page 1 (")
    assert line.endswith("with style 'default'); shorten the list of red flags")
    assert not target.exists()


# -- real-world input: composed text, dates, default names, numbering, Windows paths ----------


def stage_block(stdout: str, stage_id: str) -> list[tuple[int, str]]:
    """(number, title) of each step `kneepdf stages` lists under `stage_id`."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[1:2] == [stage_id])
    steps = []
    for line in lines[start + 1:]:
        if not line.startswith(" "):
            break
        head, title = line.split(": ", 1)
        steps.append((int(head.split()[-1]), title.removesuffix(" (with progressions)")))
    return steps


@pytest.mark.slow
def test_stages_numbers_steps_as_the_handout_prints_them(
    kneepdf: Run, tmp_path: Path, pdf_text: Callable[[Path], list[str]]
) -> None:
    # Once: stage 2's steps were listed as 3-7 (the guide's numbers); the handout prints 1-5.
    steps = stage_block(kneepdf("stages").stdout, "subacute")
    assert [n for n, _ in steps] == [1, 2, 3, 4, 5]
    result = kneepdf("build", "--stage", "subacute", "--date", DATE, "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(tmp_path / "x.pdf"))
    for number, title in steps:
        assert f"{number}. {title}" in text


@pytest.mark.parametrize("stage", ["acute", "strength", "return", "all"])
def test_exercises_numbers_match_stages(kneepdf: Run, stage: str) -> None:
    listed = [(int(line.split(":")[0].split()[1]), line.split(": ", 1)[1])
              for line in kneepdf("exercises", "--stage", stage).stdout.splitlines()
              if line.startswith("step ")]
    assert listed == stage_block(kneepdf("stages").stdout, stage)
    assert [n for n, _ in listed] == list(range(1, len(listed) + 1))


def test_exercises_without_a_stage_numbers_the_complete_programme(kneepdf: Run) -> None:
    every = kneepdf("exercises").stdout
    complete = kneepdf("exercises", "--stage", "all").stdout
    # The same numbered steps; without a stage the variants a clinician may add are listed
    # too, marked as such.
    assert [line for line in every.splitlines() if line.startswith("step")] == \
        [line for line in complete.splitlines() if line.startswith("step")]
    variants = [line for line in every.splitlines()
                if "in place of another" in line or "added by a condition" in line]
    assert [line.split()[0] for line in variants] == ["walk-or-cycle", "ball-squeeze"]
    assert [line for line in every.splitlines() if line not in variants] == \
        complete.splitlines()


def test_build_composes_a_separate_accent(
    kneepdf: Run, tmp_path: Path, pdf_text: Callable[[Path], list[str]]
) -> None:
    # Once: 'Zoe' + U+0308 drew the accent over the next letter or space.
    out = tmp_path / "x.pdf"
    result = kneepdf("build", "--stage", "acute", "--date", DATE, "--patient",
                     "Zoe\u0308 Nu\u0301n\u0303ez", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = pdf_text(out)[0]
    assert "Zo\u00eb N\u00fa\u00f1ez" in page
    assert "\u0308" not in page and "\u0301" not in page


@pytest.mark.parametrize(("option", "value", "where"), [
    ("--patient", "Aq\u0308 Silva", "U+0308, character 3"),
    ("--clinician", "Dr x\u0301", "U+0301, character 5"),
    ("--notes", "Ice.\n\u0300", "U+0300, character 6"),
    ("--clinic", "\u0301Riverside", "U+0301, character 1"),
])
def test_accent_that_cannot_be_composed_is_refused(
    kneepdf: Run, tmp_path: Path, option: str, value: str, where: str
) -> None:
    result = kneepdf("build", "--stage", "acute", option, value, "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 2)
    assert error_lines(result) == [
        f"Error: Invalid value for '{option}': holds an accent ({where}) that cannot be joined "
        "to the letter before it, so it would print over the next letter; type the text "
        "without it"]
    assert "Silva" not in result.output


def test_build_composes_preset_text(
    kneepdf: Run, tmp_path: Path, pdf_text: Callable[[Path], list[str]]
) -> None:
    preset = tmp_path / "preset ü.yaml"
    preset.write_text("stage: acute\nclinician: \"Jose\u0301 Iba\u0301n\u0303ez\"\n",
                      encoding="utf-8")
    out = tmp_path / "x.pdf"
    result = kneepdf("build", "--preset", str(preset), "--date", DATE, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "José Ibáñez" in pdf_text(out)[0]


def test_content_text_is_composed(
    kneepdf: Run, content_copy: Path, tmp_path: Path, pdf_text: Callable[[Path], list[str]],
    replace_once: Callable[[Path, str, str], None],
) -> None:
    replace_once(content_copy / "handout.yaml", "title: Exercises for pain on the inside of "
                 "your knee", "title: Exercises for your knee, Zoe\u0308")
    out = tmp_path / "x.pdf"
    result = kneepdf("build", "--stage", "acute", "--date", DATE, "--content", str(content_copy),
                     "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Exercises for your knee, Zo\u00eb" in pdf_text(out)[0]


def test_review_date_before_date_is_misuse(kneepdf: Run, tmp_path: Path) -> None:
    # Once accepted without a word.
    result = kneepdf("build", "--stage", "acute", "--date", "2026-03-15", "--review-date",
                     "2026-03-01", "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 2)
    assert error_lines(result) == [
        "Error: Invalid value for '--review-date': 2026-03-01 is before the handout's date "
        "2026-03-15; give a later review date"]
    assert not (tmp_path / "x.pdf").exists()


def test_review_date_before_today(kneepdf: Run, tmp_path: Path) -> None:
    result = kneepdf("build", "--stage", "acute", "--review-date", "2026-01-14",
                     "-o", str(tmp_path / "x.pdf"), env={"SOURCE_DATE_EPOCH": "1768435200"})
    assert_clean_failure(result, 2)
    assert error_lines(result) == [
        "Error: Invalid value for '--review-date': 2026-01-14 is before the handout's date "
        "2026-01-15; give a later review date"]


@pytest.mark.parametrize(("args", "line"), [
    (["--date", "9999-12-31"], "Error: Invalid value for '--date': 9999-12-31 is more than 10 "
     "years from today ({today}); check the year"),
    (["--date", "1900-01-01"], "Error: Invalid value for '--date': 1900-01-01 is more than 10 "
     "years from today ({today}); check the year"),
    (["--date", "2026-03-01", "--review-date", "2036-02-01"], "Error: Invalid value for "
     "'--review-date': 2036-02-01 is more than a year after the handout's date 2026-03-01; "
     "check the year"),
])
def test_a_slip_of_the_year_is_misuse(kneepdf: Run, tmp_path: Path, args: list[str],
                                      line: str) -> None:
    """Real reports: 9999-12-31 printed a handout (and a file name) without a word."""
    import datetime as dt

    result = kneepdf("build", "--stage", "acute", *args, "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 2)
    assert error_lines(result) == [line.format(today=dt.date.today().isoformat())]
    assert not (tmp_path / "x.pdf").exists()


def test_a_review_within_a_year_is_fine(kneepdf: Run, tmp_path: Path) -> None:
    result = kneepdf("build", "--stage", "acute", "--date", "2026-03-01", "--review-date",
                     "2027-03-01", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 0, result.output


def test_review_date_on_the_day_is_fine(kneepdf: Run, tmp_path: Path) -> None:
    result = kneepdf("build", "--stage", "acute", "--date", DATE, "--review-date", DATE,
                     "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_default_name_keeps_each_patient(kneepdf: Run, cwd: Path) -> None:
    # Once: both wrote out/knee-handout-subacute.pdf, the second replacing the first.
    first = kneepdf("build", "--stage", "2", "--patient", "Ana Silva", "--date", "2026-03-01")
    second = kneepdf("build", "--stage", "2", "--patient", "Ben Ode", "--date", "2026-03-01")
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert first.stdout.startswith("out/ana-silva-subacute-2026-03-01.pdf (")
    assert second.stdout.startswith("out/ben-ode-subacute-2026-03-01.pdf (")
    assert sorted(p.name for p in (cwd / "out").iterdir()) == [
        "ana-silva-subacute-2026-03-01.pdf", "ben-ode-subacute-2026-03-01.pdf"]


@pytest.mark.parametrize(("patient", "name"), [
    ("Zoe\u0308 Núñez", "zoë-núñez-acute-2026-03-01.pdf"),
    ("O'Brien, Seán", "o-brien-seán-acute-2026-03-01.pdf"),
    ("Ольга Петрова", "ольга-петрова-acute-2026-03-01.pdf"),
    ("CON", "con-acute-2026-03-01.pdf"),
    ("../../etc/passwd", "etc-passwd-acute-2026-03-01.pdf"),
])
@pytest.mark.slow
def test_default_name_is_a_safe_form_of_the_patient(
    kneepdf: Run, cwd: Path, patient: str, name: str
) -> None:
    result = kneepdf("build", "--stage", "acute", "--patient", patient, "--date", "2026-03-01")
    assert result.exit_code == 0, result.output
    assert [p.name for p in (cwd / "out").iterdir()] == [name]
    assert unicodedata.is_normalized("NFC", name)


def test_build_help_states_the_default_name_rule(kneepdf: Run) -> None:
    text = kneepdf("build", "--help").stdout
    assert "  with --patient   out/NAME-STAGE-DATE.pdf, for example\n" in text
    assert " out/ana-silva-subacute-2026-03-01.pdf\n" in text
    assert "  without          out/knee-handout-STAGE.pdf\n" in text


@pytest.mark.slow
def test_paths_with_spaces_and_accents(kneepdf: Run, tmp_path: Path) -> None:
    folder = tmp_path / "Clínica São João" / "Ana Silva \u2013 março"
    folder.mkdir(parents=True)
    style = folder / "estilo da clínica.yaml"
    style.write_text("name: clínica\nparent: default\n", encoding="utf-8")
    out = folder / "folha do joelho.pdf"
    result = kneepdf("build", "--stage", "acute", "--date", DATE, "--style", str(style),
                     "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out} ({page_count(out)} pages)\n"


def test_unknown_style_in_a_preset_points_at_its_line(kneepdf: Run, tmp_path: Path) -> None:
    preset = tmp_path / "clinic preset.yaml"
    preset.write_text("stage: acute\nstyle: fancy\n", encoding="utf-8")
    result = kneepdf("build", "--preset", str(preset), "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 1)
    assert error_lines(result) == [
        f"Error: {preset}:2:8: style: the value is not a shipped style; choose one of: default, "
        "large-print, or give a style .yaml file"]


@pytest.mark.parametrize(("text", "line"), [
    # Once: "side: 'Łukasz Nguyễn' is not left or right" (a preset may hold a patient's name).
    ("stage: acute\npatient: Łukasz Nguyễn\nside: Łukasz Nguyễn\n",
     "3:7: side: the value is not left or right"),
    ("stage: acute\nweeks: Łukasz\n", "2:8: weeks must be a whole number, got the value"),
    ("stage: acute\ndate: Łukasz\n",
     "2:7: date must be a date written YYYY-MM-DD, got the value"),
    ("stage: acute\nadd: [Łukasz]\n", "2:6: add: the value is not a known id; see "),
    # Once half quoted ("the valueBrien Kate' is not ..."), or quoted whole when written
    # with a combining accent, as a style, or inside a dose.
    ("stage: acute\nside: O'Brien Kate\n", "2:7: side: the value is not left or right"),
    ("stage: acute\nside: \"Zoe\u0308 \u0141ukasz\"\n", "2:7: side: the value is not left or"),
    ("stage: acute\nstyle: \u0141ukasz Nguy\u1ec5n\n", "2:8: style: the value is not a shipped"),
    ("stage: 2\ndose: {knee-straightening: \"3x15,\u0141ukasz\"}\n", "2:7: dose: the value"),
])
def test_a_preset_error_never_quotes_what_the_preset_holds(
        kneepdf: Run, tmp_path: Path, text: str, line: str) -> None:
    preset = tmp_path / "p.yaml"
    preset.write_text(text, encoding="utf-8")
    result = kneepdf("build", "--preset", str(preset), "-o", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 1)
    assert "Łukasz" not in result.output and "Brien" not in result.output
    assert "Zoe" not in result.output and "Zoë" not in result.output
    assert error_lines(result)[0].startswith(f"Error: {preset}:{line}"), result.output


@pytest.mark.parametrize("command", [["stages"], ["build", "--stage", "acute"]])
def test_ctrl_c_is_one_line_and_status_130(kneepdf: Run, cwd: Path, command: list[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # Once Click's "Aborted!" with status 1, where batch says it stopped and exits 130.
    from kneepdf import commands

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(commands, "stage_lines", interrupted)
    monkeypatch.setattr(commands, "build", interrupted)
    result = kneepdf(*command)
    assert result.exit_code == 130
    assert result.stderr == "Stopped by Ctrl-C.\n" and result.stdout == ""
    assert list(cwd.iterdir()) == []  # build made out/ and left nothing in it: gone


def test_write_error_on_the_default_name_hides_the_patient(kneepdf: Run, cwd: Path) -> None:
    (cwd / "out" / "zofia-testperson-acute-2026-03-01.pdf").mkdir(parents=True)
    result = kneepdf("build", "--stage", "acute", "--patient", "Zofia Testperson",
                     "--date", "2026-03-01")
    assert_clean_failure(result, 1)
    assert error_lines(result) == [
        "Error: out/NAME-acute-2026-03-01.pdf: is a folder; give a file name ending in .pdf"]
    assert "zofia" not in result.output.lower()


@pytest.mark.slow
def test_a_code_page_console_gets_escapes_not_a_traceback(tmp_path: Path) -> None:
    # Once: the handout was written, then printing its Cyrillic name raised UnicodeEncodeError.
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    done = subprocess.run(
        [sys.executable, "-m", "kneepdf", "build", "--stage", "acute", "--patient",
         "Ольга Петрова", "--date", "2026-03-01"],
        capture_output=True, cwd=tmp_path, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    name = "ольга-петрова-acute-2026-03-01.pdf"
    escaped = name.encode("ascii", "backslashreplace").decode("ascii")
    assert done.stdout.decode("cp1252").startswith(f"out/{escaped} (")
    assert (tmp_path / "out" / name).is_file()


# -- --weeks: how many weeks the tracker covers ------------------------------------------------


@pytest.mark.parametrize("weeks", ["0", "13", "four", "-1", "2.5"])
def test_weeks_outside_1_to_12_is_misuse(
    kneepdf: Callable[..., Result], tmp_path: Path, weeks: str
) -> None:
    target = tmp_path / "w.pdf"
    result = kneepdf("build", "--stage", "acute", "--date", DATE, "--weeks", weeks,
                     "-o", str(target))
    assert_clean_failure(result, 2)
    assert f"Invalid value for '--weeks': '{weeks}' is not a number of weeks from 1 to 12" \
        in result.stderr
    assert not target.exists()


@pytest.mark.parametrize("weeks", [1, 7, 12])
@pytest.mark.slow
def test_weeks_label_every_week_of_the_tracker(
    build_pdf: Callable[..., tuple[Result, Path]], pdf_text: Callable[[Path], list[str]],
    tmp_path: Path, weeks: int,
) -> None:
    result, path = build_pdf(tmp_path, "--stage", "acute", "--date", DATE, "--weeks", str(weeks))
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(path))
    assert f"Week {weeks}" in text
    assert f"Week {weeks + 1}" not in text
    assert "My tracker" in text


@pytest.mark.slow
def test_weeks_from_a_preset_and_a_batch_row(
    kneepdf: Callable[..., Result], pdf_text: Callable[[Path], list[str]], tmp_path: Path
) -> None:
    preset = tmp_path / "p.yaml"
    preset.write_text("stage: acute\nweeks: 6\n", encoding="utf-8")
    out = tmp_path / "p.pdf"
    assert kneepdf("build", "--preset", str(preset), "--date", DATE, "-o", str(out)).exit_code == 0
    assert "Week 6" in " ".join(pdf_text(out))
    preset.write_text("stage: acute\nweeks: 20\n", encoding="utf-8")
    bad = kneepdf("build", "--preset", str(preset), "-o", str(tmp_path / "q.pdf"))
    assert_clean_failure(bad, 1)
    assert error_lines(bad) == [f"Error: {preset}:2:8: weeks must be from 1 to 12, got 20"]
    rows = tmp_path / "rows.csv"
    rows.write_text("stage,weeks,file,date\nacute,3,a,2026-01-15\nacute,15,b,2026-01-15\n",
                    encoding="utf-8")
    result = kneepdf("batch", str(rows), "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert (f"Error: {rows}:3: column 'weeks': '15' is not a number of weeks from 1 to 12"
            in result.stderr)
    assert "Week 3" in " ".join(pdf_text(tmp_path / "out" / "a.pdf"))


def test_dropping_every_exercise_is_misuse(kneepdf: Run, content: model.Content,
                                           tmp_path: Path) -> None:
    # Once: dropping every item of stage 1 printed a handout with no exercise, exit 0.
    stage = find_stage(content, "acute")
    ids = [i.id for i in select(content, stage, model.PatientDetails(date=dt.date(2026, 3, 1)))
           .exercises]
    drops = [arg for i in ids for arg in ("--drop", i)]
    target = tmp_path / "empty.pdf"
    result = kneepdf("build", "--stage", "acute", *drops, "-o", str(target))
    assert result.exit_code == 2 and not target.exists()
    assert error_lines(result) == [
        "Error: Invalid value for '--drop': leaves this handout without an exercise; drop "
        "fewer items or --add the exercises you want"]
    assert kneepdf("build", "--stage", "acute", *drops[2:], "-o", str(target)).exit_code == 0


def test_a_preset_takes_dates_and_a_stage_number_as_typed(kneepdf: Run, tmp_path: Path) -> None:
    # Once: `date: 2026-03-01` and `stage: 2` were refused in a preset.
    preset = tmp_path / "p.yaml"
    preset.write_text("stage: 2\ndate: 2026-03-01\nreview_date: '2026-03-15'\n",
                      encoding="utf-8")
    target = tmp_path / "p.pdf"
    result = kneepdf("build", "--preset", str(preset), "-o", str(target))
    assert result.exit_code == 0, result.output
    first = PdfReader(target).pages[0].extract_text()
    assert "Stage 2 of 4" in first and "1 Mar 2026" in first and "15 Mar 2026" in first
    preset.write_text("stage: 2\ndate: 2026-13-01\n", encoding="utf-8")
    result = kneepdf("build", "--preset", str(preset), "-o", str(target))
    assert error_lines(result) == [
        f"Error: {preset}:2:7: date must be a date written YYYY-MM-DD, got '2026-13-01'"]


@pytest.mark.parametrize(("argv", "raised"), [(["batch", "--help"], False),
                                              (["serve", "--help"], False),
                                              (["stages"], True)])
def test_long_lived_commands_keep_the_collector_defaults(argv: list[str], raised: bool) -> None:
    """A batch worker or the server builds for a long time: raised collector thresholds
    would let garbage pile up there, so only one-off commands raise them."""
    import gc

    from click.testing import CliRunner

    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        result = CliRunner().invoke(cli, argv)
        assert result.exit_code == 0, result.output
        assert (gc.get_threshold() != (700, 10, 10)) is raised
    finally:
        gc.set_threshold(*before)


@pytest.mark.parametrize(("args", "line"), [
    (["build", "--stage", "5"], "Error: Invalid value for '--stage': '5' is not a stage; "
     "choose one of: acute, subacute, strength, return, all, 1, 2, 3, 4"),
    (["build", "--stage", "2", "--paper", "A3"],
     "Error: Invalid value for '--paper': 'A3' is not a4 or letter"),
    (["build"], "Error: Missing option '--stage' (or a preset that sets stage)."),
    (["build", "--zzz"], "Error: No such option '--zzz'."),
    (["--bogus"], "Error: No such option '--bogus'."),
    (["nosuch"], "Error: No such command 'nosuch'."),
    (["batch"], "Error: Missing argument 'CSV|XLSX'."),
    (["build", "--stage", "2", "--dose", "foo=1"],
     "Error: Invalid value for '--dose': 'foo' is not a known id; see 'kneepdf exercises'"),
])
def test_misuse_is_one_line(kneepdf: Run, args: list[str], line: str) -> None:
    """Misuse says what is wrong on its one line, exit 2: no usage line, no help hint."""
    result = kneepdf(*args)
    assert_clean_failure(result, 2)
    assert result.stderr == line + "\n"
    assert result.stdout == ""
