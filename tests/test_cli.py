"""cli: one CliRunner test per command and per error path, with the exact `Error:` lines."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import Result
from pypdf import PdfReader
from samples import MASSAGE

from kneepdf import __version__, model
from kneepdf.cli import cli

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
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder (CliRunner.isolated_filesystem is deprecated in Click 8.5)."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


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
            f"reviewed {content.reviewed.isoformat()}\n")


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
              ("reduce-pressure", "reduce-inflammation", "range-of-motion", "massage")]
    assert [line.split(": ", 1)[1] for line in acute] == titles


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
    assert listed == {item.id for s in steps for item in content.step(s).items}
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


def test_check_shipped_content(kneepdf: Run) -> None:
    result = kneepdf("check")
    assert result.exit_code == 0, result.output
    last = result.stdout.splitlines()[-1]
    assert last.startswith("OK: 11 steps, ")
    assert "5 stages" in last


def test_check_unknown_style(kneepdf: Run) -> None:
    result = kneepdf("check", "--style", "nope")
    assert_clean_failure(result, 1)
    assert error_lines(result) == [
        "Error: nope:1:1: no such style; choose one of default, large-print or a .yaml file"
    ]


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
    ("char", "code"), [("\x07", "U+0007"), ("\x1b", "U+001B"), ("\u202e", "U+202E"),
                       ("\u200b", "U+200B")],
    ids=["bell", "escape", "rtl-override", "zero-width-space"],
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
        "Error: --patient uses characters no shipped font can draw: U+674E U+96F7"
    ]
    assert "李" not in result.output


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
    assert_clean_failure(result, 1)
    assert error_lines(result) == [
        "Error: nope:1:1: no such style; choose one of default, large-print or a .yaml file"
    ]


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


def test_build_date_wins_over_bad_source_date_epoch(kneepdf: Run, tmp_path: Path) -> None:
    # Once rejected: SOURCE_DATE_EPOCH was read even when --date made it irrelevant.
    result = kneepdf("build", "--stage", "acute", "--date", DATE, "-o", str(tmp_path / "x.pdf"),
                     env={"SOURCE_DATE_EPOCH": "abc"})
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF-")


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
        "style": ["--style", "nope"],
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
        f"Error: {csv_file}:3: stage: 'nope' is not a stage; choose one of: {VALID}"
    ]
    written = sorted(out.glob("*.pdf"))
    assert len(written) == 1
    pages = page_count(written[0])
    assert result.stdout.splitlines()[-1] == (
        f"Built 1 handouts ({pages} pages) in {out}; 1 rows failed"
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


@pytest.mark.parametrize(("style", "needed", "page"), [("default", 762, 723),
                                                       ("large-print", 1124, 709)])
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
    assert f"Error: {rows}:3: weeks: '15' is not a number of weeks from 1 to 12" in result.stderr
    assert "Week 3" in " ".join(pdf_text(tmp_path / "out" / "a.pdf"))
