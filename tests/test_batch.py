"""batch: real clinic spreadsheets, file names in any script, and row errors by column."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import Workbook
from PIL import Image
from pypdf import PdfReader

from kneepdf.batch import in_columns, read_rows
from kneepdf.write.names import name_part, safe_stem, unique

Run = Callable[..., Result]
DATE = "2026-03-01"


def errors(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.pdf"))


def run(kneepdf: Run, sheet: Path, out: Path, *args: str) -> Result:
    result = kneepdf("batch", str(sheet), "--out-dir", str(out), *args)
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder whose path has spaces and letters beyond ASCII, as on a clinic's PC."""
    path = tmp_path / "Clínica São João" / "lista de hoje"
    path.mkdir(parents=True)
    return path


# -- spreadsheets as they are saved ------------------------------------------------------------


def test_excel_trailing_empty_columns(kneepdf: Run, folder: Path) -> None:
    # Once: the whole batch refused with "unknown column ''".
    sheet = folder / "patients.csv"
    sheet.write_text(f"stage,patient,date,,\nacute,Ana Silva,{DATE},,\n,,,,\n", encoding="utf-8")
    result = run(kneepdf, sheet, folder / "out")
    assert result.exit_code == 0, result.output
    assert names(folder / "out") == ["ana-silva-acute-2026-03-01.pdf"]


def test_a_log_holds_no_bare_progress_label(kneepdf: Run, folder: Path) -> None:
    """Output to a file (a log, a script), not a terminal: no progress bar, so no stray
    "Building" without its line end; the summary is the only line."""
    sheet = folder / "patients.csv"
    sheet.write_text(f"stage,patient,date\nacute,Ana Silva,{DATE}\n", encoding="utf-8")
    result = run(kneepdf, sheet, folder / "out")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.startswith("Built 1 handout") and result.stdout.count("\n") == 1


def test_european_excel_csv(kneepdf: Run, folder: Path, pdf_text: Callable[..., list[str]]) -> None:
    # Once: "not UTF-8 text" with no hint, then "unknown column 'patient;stage;...'".
    sheet = folder / "pacientes.csv"
    text = f"Patient ;Stage;DATE;file\r\nZoë Núñez;acute;{DATE};Zoë Núñez 12-03\r\n"
    sheet.write_bytes(text.encode("cp1252"))
    result = run(kneepdf, sheet, folder / "out")
    assert result.exit_code == 0, result.output
    assert names(folder / "out") == ["Zoë Núñez 12-03.pdf"]
    assert result.stdout.splitlines()[-1].endswith(
        "; read as Windows-1252 (not UTF-8) text, separated by semicolons")
    assert "Zoë Núñez" in pdf_text(folder / "out" / "Zoë Núñez 12-03.pdf")[0]


def test_excel_unicode_text(kneepdf: Run, folder: Path) -> None:
    sheet = folder / "patients.txt"
    sheet.write_bytes(f"\ufeffstage\tpatient\tdate\r\n2\t\u0391λέξης\t{DATE}\r\n".encode("utf-16-le"))
    result = run(kneepdf, sheet, folder / "out")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].endswith("; read as UTF-16 text, separated by tabs")


def test_xlsx(kneepdf: Run, folder: Path) -> None:
    import datetime as dt

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Stage", "Patient", "Date", "Review_Date", "file"])
    sheet.append(["acute", "Ana Silva", dt.datetime(2026, 3, 1), dt.datetime(2026, 3, 15), None])
    sheet.append([3, "Ben Ode", dt.datetime(2026, 3, 1), None, "ben"])
    path = folder / "patients.xlsx"
    book.save(path)
    result = run(kneepdf, path, folder / "out")
    assert result.exit_code == 0, result.output
    assert names(folder / "out") == ["ana-silva-acute-2026-03-01.pdf", "ben.pdf"]
    assert result.stdout.splitlines()[-1].endswith("; read as Excel workbook, sheet 'Sheet'")


def test_date_not_iso_names_row_column_and_form(kneepdf: Run, folder: Path) -> None:
    sheet = folder / "patients.csv"
    sheet.write_text("stage,date\nacute,15/01/2026\nacute,2026-01-15\nacute,20260115\n",
                     encoding="utf-8")
    result = run(kneepdf, sheet, folder / "out")
    assert result.exit_code == 1
    assert errors(result) == [
        f"Error: {sheet}:{line}: column 'date': '{value}' is not a date; use YYYY-MM-DD, for "
        "example 2026-03-31" for line, value in ((2, "15/01/2026"), (4, "20260115"))]
    assert names(folder / "out") == ["row-0003-acute.pdf"]


def test_review_date_before_date_in_a_row(kneepdf: Run, folder: Path) -> None:
    sheet = folder / "patients.csv"
    sheet.write_text("stage,date,review_date\nacute,2026-03-15,2026-03-01\n", encoding="utf-8")
    result = run(kneepdf, sheet, folder / "out")
    assert result.exit_code == 1
    assert errors(result) == [
        f"Error: {sheet}:2: column 'review_date': 2026-03-01 is before the handout's date "
        "2026-03-15; give a later review date"]


# -- row problems in the spreadsheet's words ---------------------------------------------------


def test_bad_patient_names_the_column(kneepdf: Run, folder: Path) -> None:
    # Once: "--patient uses characters no shipped font can draw: U+674E U+96F7".
    sheet = folder / "patients.csv"
    sheet.write_text(f"stage,patient,date\nacute,李雷,{DATE}\nacute,Ana Silva,{DATE}\n",
                     encoding="utf-8")
    result = run(kneepdf, sheet, folder / "out")
    assert result.exit_code == 1
    assert errors(result) == [
        f"Error: {sheet}:2: column 'patient' uses Chinese characters (2 of them), which no "
        "shipped font can draw; type the name in Latin letters, or leave it out and write it "
        "on the line by hand"]
    assert names(folder / "out") == ["ana-silva-acute-2026-03-01.pdf"]


def test_a_batch_that_builds_nothing_leaves_no_folder(kneepdf: Run, folder: Path) -> None:
    # Once left the empty out-dir (and its new parents) behind when every row failed.
    sheet = folder / "patients.csv"
    sheet.write_text(f"stage,patient,date\nacute,李雷,{DATE}\nnine,Ana,{DATE}\n",
                     encoding="utf-8")
    result = run(kneepdf, sheet, folder / "new" / "out")
    assert result.exit_code == 1 and len(errors(result)) == 2
    assert not (folder / "new").exists()
    (folder / "kept").mkdir()
    assert run(kneepdf, sheet, folder / "kept").exit_code == 1
    assert (folder / "kept").is_dir()  # there before: left as it was


def test_unknown_style_in_a_row(kneepdf: Run, folder: Path) -> None:
    sheet = folder / "patients.csv"
    sheet.write_text(f"stage,style,date\nacute,fancy,{DATE}\n", encoding="utf-8")
    result = run(kneepdf, sheet, folder / "out")
    assert errors(result) == [
        f"Error: {sheet}:2: column 'style': the cell is not a shipped style; choose one of: "
        "default, large-print, or give a style .yaml file"]


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.slow
def test_huge_logo_fails_only_its_row(kneepdf: Run, folder: Path, jobs: str) -> None:
    # Once: a traceback, and the rows after it were never built.
    Image.new("1", (13_500, 13_500), 1).save(folder / "huge logo.png")
    style = folder / "big.yaml"
    style.write_text("name: big\nparent: default\nclinic:\n  logo: huge logo.png\n",
                     encoding="utf-8")
    sheet = folder / "patients.csv"
    sheet.write_text(f"stage,style,date\nacute,{style},{DATE}\nacute,,{DATE}\nsubacute,,{DATE}\n",
                     encoding="utf-8")
    result = run(kneepdf, sheet, folder / "out", "--jobs", jobs)
    assert result.exit_code == 1
    assert errors(result) == [
        f"Error: {sheet}:2: {style}:4:9: clinic.logo: huge logo.png: the image is 13,500 by "
        "13,500 pixels; the limit is 6,000 pixels on each side; save a smaller copy (1,000 "
        "pixels across is plenty)"]
    assert names(folder / "out") == ["row-0003-acute.pdf", "row-0004-subacute.pdf"]


@pytest.mark.parametrize(("message", "words"), [
    ("--patient uses Greek letters", "column 'patient' uses Greek letters"),
    ("--dose: 'x' is not in this handout; add it with --add x",
     "column 'dose': 'x' is not in this handout; add it with x in the add column"),
    ("--review-date: too early", "column 'review_date': too early"),
    ("styles/a--b.yaml:1:1: fine", "styles/a--b.yaml:1:1: fine"),
])
def test_in_columns(message: str, words: str) -> None:
    assert in_columns(message) == words


# -- file names --------------------------------------------------------------------------------


@pytest.mark.slow
def test_two_batches_keep_each_patient(kneepdf: Run, folder: Path) -> None:
    # Once: every batch named its handouts row-0002-acute.pdf ..., so today's second list
    # replaced the first list's handouts in the same folder.
    first, second = folder / "morning.csv", folder / "afternoon.csv"
    first.write_text(f"patient,stage,date\nAna Silva,2,{DATE}\n", encoding="utf-8")
    second.write_text("patient,stage\nBen Ode,2\n,acute\n", encoding="utf-8")
    env = {"SOURCE_DATE_EPOCH": "1772323200"}  # 2026-03-01
    for sheet in (first, second):
        result = kneepdf("batch", str(sheet), "--out-dir", str(folder / "out"), env=env)
        assert result.exit_code == 0, result.output
    assert names(folder / "out") == ["ana-silva-subacute-2026-03-01.pdf",
                                     "ben-ode-subacute-2026-03-01.pdf", "row-0003-acute.pdf"]



@pytest.mark.slow
def test_file_names_keep_their_letters(kneepdf: Run, folder: Path) -> None:
    # Once: "Zoë Núñez 12-03" became "Zo-N-ez-12-03.pdf".
    wanted = ["Zoë Núñez 12-03", "Zoe\u0308 2", "李雷", "Ольга", "a:b?c*d", "CON", "nul.txt",
              "ana", "ANA", " .hidden. ", "../../up"]
    sheet = folder / "patients.csv"
    sheet.write_text("stage,date,file\n" + "".join(f"acute,{DATE},{w}\n" for w in wanted),
                     encoding="utf-8")
    result = run(kneepdf, sheet, folder / "out", "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert names(folder / "out") == sorted([
        "Zoë Núñez 12-03.pdf", "Zoë 2.pdf", "李雷.pdf", "Ольга.pdf", "a-b-c-d.pdf", "CON_.pdf",
        "nul_.txt.pdf", "ana.pdf", "ANA-row-10.pdf", "hidden.pdf", "up.pdf"])
    for name in names(folder / "out"):
        assert unicodedata.is_normalized("NFC", name)
        assert len(PdfReader(folder / "out" / name).pages) >= 2


def test_a_typed_pdf_extension_is_not_doubled(tmp_path: Path) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text("stage,file\nacute,ana.pdf\nacute,Ben.PDF \nacute,.pdf\n", encoding="utf-8")
    assert [r.name for r in read_rows(sheet)[0]] == ["ana.pdf", "Ben.pdf", "row-0004-acute.pdf"]


def test_read_rows_names_never_collide_whatever_the_case(tmp_path: Path) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text("stage,file\nacute,Ana\nacute,ana\nacute,ANA\nacute,\nacute,row-0005-acute\n",
                     encoding="utf-8")
    rows, read_as = read_rows(sheet)
    assert [r.name for r in rows] == ["Ana.pdf", "ana-row-3.pdf", "ANA-row-4.pdf",
                                      "row-0005-acute.pdf", "row-0005-acute-row-6.pdf"]
    assert read_as == "UTF-8 text, separated by commas"


@pytest.mark.parametrize(("text", "stem"), [
    ("Zoë Núñez 12-03", "Zoë Núñez 12-03"), ("Zoe\u0308", "Zo\u00eb"), ("a/b\\c", "a-b-c"),
    ('<>:"|?*x', "x"), ("tab\there", "tab-here"), ("Com1", "Com1_"), ("lpt9.pdf", "lpt9_.pdf"),
    ("COM10", "COM10"), ("end. ", "end"), ("..", ""), ("x" * 300, "x" * 80),
    ("é" * 150, "é" * 80), ("\u200bhidden", "hidden"), ("مريم", "مريم"),
])
def test_safe_stem(text: str, stem: str) -> None:
    assert safe_stem(text) == stem


def test_safe_stem_fits_255_bytes() -> None:
    assert len(safe_stem("李" * 100).encode()) <= 200


@pytest.mark.parametrize(("text", "part"), [
    ("Ana Silva", "ana-silva"), ("Zoe\u0308 Núñez", "zoë-núñez"), ("O'Brien, Seán", "o-brien-seán"),
    ("  ", ""), ("Ольга Петрова", "ольга-петрова"), ("../x", "x"),
])
def test_name_part(text: str, part: str) -> None:
    assert name_part(text) == part


def test_unique() -> None:
    used: set[str] = set()
    assert [unique(s, used, "row-9") for s in ("a", "A", "a", "b")] == [
        "a", "A-row-9", "a-row-9-3", "b"]


def test_write_error_in_a_row_hides_the_file_name(kneepdf: Run, folder: Path) -> None:
    out = folder / "out"
    (out / "zofia-testperson-acute-2026-03-01.pdf").mkdir(parents=True)
    sheet = folder / "patients.csv"
    sheet.write_text(f"patient,stage,date\nZofia Testperson,acute,{DATE}\nBen Ode,acute,{DATE}\n",
                     encoding="utf-8")
    result = run(kneepdf, sheet, out)
    assert result.exit_code == 1
    assert errors(result) == [f"Error: {sheet}:2: {out} (this row's file): is a folder; give a "
                              "file name ending in .pdf"]
    assert "zofia" not in result.output.lower()
    assert [p.name for p in out.glob("*.pdf") if p.is_file()] == ["ben-ode-acute-2026-03-01.pdf"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_row_with_a_stray_separator_fails_alone(kneepdf: Run, folder: Path,
                                                  jobs: str) -> None:
    # Once: an unquoted comma in one row's notes stopped the whole batch before any handout.
    sheet = folder / "extra.csv"
    sheet.write_text("patient,stage,notes,file\nAna Silva,acute,ice,a\n"
                     "Ben Ode,acute,ice, then rest,b\nCal Dee,subacute,,c\n", encoding="utf-8")
    result = kneepdf("batch", str(sheet), "--out-dir", str(folder / "out"), "--jobs", jobs)
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("Error:")] == [
        f"Error: {sheet}:3: the row has 5 cells but the first row names 4 columns; check the "
        "separators (a value holding one needs quotes)"]
    assert sorted(p.name for p in (folder / "out").iterdir()) == ["a.pdf", "c.pdf"]


def test_shifted_columns_never_echo_a_patient(kneepdf: Run, folder: Path) -> None:
    # Once: "column 'side': 'Zelda' is not left or right" put a patient's name in the log.
    sheet = folder / "patients.csv"
    sheet.write_text(f"stage,side,date\n1,Zelda Okafor,{DATE}\n1,left,15/01/2026\n",
                     encoding="utf-8")
    result = run(kneepdf, sheet, folder / "out")
    assert errors(result) == [
        f"Error: {sheet}:2: column 'side': the cell is not left or right",
        f"Error: {sheet}:3: column 'date': '15/01/2026' is not a date; use YYYY-MM-DD, for "
        "example 2026-03-31"]
    assert "Zelda" not in result.output


@pytest.mark.parametrize(("text", "message"), [
    # The quote runs to the end of the file: Bob's and Cara's rows were Ana's notes.
    ('stage,patient,notes\n2,Ana Silva,"Ice after\n3,Bob Jones,ok\n1,Cara Diaz,fine\n',
     "2: a quote in this row is never closed, so every line after it is read into one cell; "
     "close the quote or delete it"),
    # A later quote closes it: the rows between still read as one cell.
    ('stage,patient,notes\n2,Ana Silva,"Ice after\n3,Bob Jones,ok\n1,Cara Diaz,"fine"\n',
     "2: cell C2 holds lines that read as rows of their own, so a quote is probably not "
     "closed where it should be; close it, or delete the quote"),
])
def test_an_unclosed_quote_never_prints_other_rows_as_notes(
        kneepdf: Run, folder: Path, text: str, message: str) -> None:
    # Once: "Built 1 handout", exit 0, with the next patients' rows in the first one's notes.
    sheet = folder / "quotes.csv"
    sheet.write_text(text, encoding="utf-8")
    result = run(kneepdf, sheet, folder / "out")
    assert result.exit_code == 1
    assert errors(result) == [f"Error: {sheet}:{message}"]
    assert "Bob" not in result.output and "Ana" not in result.output
    assert not (folder / "out").exists() or names(folder / "out") == []


def test_quoted_notes_over_several_lines_and_a_stray_inch_mark_still_read(
        kneepdf: Run, folder: Path, pdf_text: Callable[..., list[str]]) -> None:
    sheet = folder / "fine.csv"
    sheet.write_text('stage,patient,notes,file\n2,Ana Silva,"Ice after, then\nrest it",a\n'
                     '3,Bob Jones,"knee 5"" above the line",b\n1,Cara Diaz,cut 5" lower,c\n',
                     encoding="utf-8")
    result = run(kneepdf, sheet, folder / "out")
    assert result.exit_code == 0, result.output
    assert names(folder / "out") == ["a.pdf", "b.pdf", "c.pdf"]
    text = " ".join(pdf_text(folder / "out" / "a.pdf"))
    assert "Ice after, then" in text and "rest it" in text


def test_a_row_that_crashes_fails_alone(tmp_path: Path) -> None:
    from kneepdf.batch import Row, _init, _one
    from kneepdf.options import Options

    _init(None, dt.date(2026, 3, 1))
    broken = Row(2, Options(stage=object()), "a.pdf")  # type: ignore[arg-type]
    line, error, pages, _, _ = _one(broken, tmp_path)
    assert (line, pages) == (2, 0)
    assert error == "kneepdf could not build this row (AttributeError); the other rows go on"


@pytest.mark.parametrize("text", ["stage,patient\n", "stage,patient\n,\n\n"])
def test_a_sheet_with_only_its_header_is_an_error(kneepdf: Run, folder: Path,
                                                  text: str) -> None:
    # Once: "Built 0 handouts", exit 0, as if the clinic's list had been printed.
    sheet = folder / "empty.csv"
    sheet.write_text(text, encoding="utf-8")
    result = run(kneepdf, sheet, folder / "out")
    assert result.exit_code == 1
    assert errors(result) == [f"Error: {sheet}: no rows under the header row; put one "
                              "patient a row under it"]
