"""Every input is bounded before it is read: files, YAML nesting, spreadsheets, cells."""

from __future__ import annotations

import os
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kneepdf.errors import KneepdfError
from kneepdf.load.table import read_table

Run = Callable[..., Result]
DATE = "2026-03-01"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def errors(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def xlsx(path: Path, rows: str, *, dimension: str = "A1:C3", sheets: tuple[str, ...] = ("S",),
         extra: tuple[tuple[str, bytes], ...] = ()) -> Path:
    """A workbook as a spreadsheet program writes one, by hand: inline strings, every sheet
    holding `rows` (the <row> elements)."""
    listed = "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>'
                     for i, n in enumerate(sheets, 1))
    rels = "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" '
                   f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
    types = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                    for i in range(1, len(sheets) + 1))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
            'formats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' + types
            + "</Types>"))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'))
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{MAIN}" '
                   f'xmlns:r="{REL}"><sheets>{listed}</sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships">{rels}</Relationships>'))
        for i in range(1, len(sheets) + 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", (
                f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/>'
                f"<sheetData>{rows}</sheetData></worksheet>"))
        for name, data in extra:
            z.writestr(name, data)
    return path


def text(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


HEADER = '<row r="1">' + text("A1", "stage") + text("B1", "patient") + text("C1", "date") + \
    "</row>"


def row(n: int, *cells: str) -> str:
    return f'<row r="{n}">' + "".join(cells) + "</row>"


# -- files that are not files ----------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("option", ["--preset", "--style"])
def test_a_fifo_is_refused_not_read_forever(kneepdf: Run, tmp_path: Path, option: str) -> None:
    # Once: a style or preset path that was a FIFO was read forever.
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = kneepdf("build", "--stage", "1", option, str(fifo), "-o", str(tmp_path / "a.pdf"))
    assert result.exit_code == 1
    assert errors(result) == [f"Error: {fifo}:1:1: is a pipe (FIFO), not a file; give a file"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_logo_fails_its_rows_alone(kneepdf: Run, tmp_path: Path) -> None:
    # Once: a logo that was /dev/zero was read until memory ran out, ending the batch.
    logo = tmp_path / "logo.png"
    logo.symlink_to("/dev/zero")
    style = tmp_path / "zero.yaml"
    style.write_text(f"name: z\nparent: default\nclinic:\n  logo: {logo}\n", encoding="utf-8")
    sheet = tmp_path / "list.csv"
    sheet.write_text(f"stage,style,date\n1,{style},{DATE}\n1,default,{DATE}\n", encoding="utf-8")
    result = kneepdf("batch", str(sheet), "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert errors(result) == [f"Error: {sheet}:2: {style}:4:9: clinic.logo: logo.png: is a "
                              "device, not a file; give a file"]
    assert result.stdout.startswith("Built 1 handout (")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_spreadsheet_is_refused(kneepdf: Run) -> None:
    result = kneepdf("batch", "/dev/zero")
    assert result.exit_code == 1
    assert errors(result) == ["Error: /dev/zero: is a device, not a file; give a file"]


def test_a_huge_style_is_refused_before_it_is_read(kneepdf: Run, tmp_path: Path) -> None:
    style = tmp_path / "big.yaml"
    style.write_bytes(b"name: big\n" + b"# padding\n" * 210_000)
    result = kneepdf("build", "--stage", "1", "--style", str(style), "-o", str(tmp_path / "a.pdf"))
    assert errors(result) == [f"Error: {style}:1:1: is 2.0 MB; the limit is 1.0 MB"]


def test_deep_yaml_is_refused_at_its_place(kneepdf: Run, tmp_path: Path) -> None:
    # Once: 600 levels of nesting gave a RecursionError and a traceback.
    style = tmp_path / "deep.yaml"
    style.write_text("name: d\nparent: default\ncolours:\n  text: " + "[" * 600 + "]" * 600 + "\n",
                     encoding="utf-8")
    result = kneepdf("build", "--stage", "1", "--style", str(style), "-o", str(tmp_path / "a.pdf"))
    assert result.exit_code == 1
    assert errors(result) == [f"Error: {style}:4:39: the lists and mappings are nested more "
                              "than 32 levels deep; a content, style or preset file needs a few"]


def test_a_deeply_nested_style_fails_only_its_row(kneepdf: Run, tmp_path: Path) -> None:
    style = tmp_path / "deep.yaml"
    style.write_text("name: d\nparent: default\ncolours: " + "[" * 600 + "]" * 600 + "\n",
                     encoding="utf-8")
    sheet = tmp_path / "list.csv"
    sheet.write_text(f"stage,style,date\n1,{style},{DATE}\n1,,{DATE}\n", encoding="utf-8")
    result = kneepdf("batch", str(sheet), "--out-dir", str(tmp_path / "out"), "--jobs", "2")
    assert "Traceback" not in result.output
    [line] = errors(result)
    assert line.startswith(f"Error: {sheet}:2: {style}:3:")
    assert result.stdout.startswith("Built 1 handout (")


# -- spreadsheets ----------------------------------------------------------------------------


def test_a_sheet_claiming_16384_columns_is_read_cheaply(tmp_path: Path) -> None:
    # Once: a 4.7 KB workbook whose size said A1:XFD1048576 needed about 11 GiB.
    path = xlsx(tmp_path / "claims.xlsx", HEADER + row(2, text("A2", "1"), text("C2", DATE)),
                dimension="A1:XFD1048576")
    tracemalloc.start()
    try:
        table = read_table(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [r.cells for r in table.rows] == [{"stage": "1", "patient": "", "date": DATE}]
    assert peak < 20 * 2**20


def test_a_value_far_to_the_right_is_refused_cheaply(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "wide.xlsx", HEADER + "".join(
        row(n, text("A" + str(n), "1"), text(f"XFD{n}", "x")) for n in range(2, 400)))
    tracemalloc.start()
    try:
        with pytest.raises(KneepdfError) as info:
            read_table(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(info.value) == (f"{path}: cell XFD2 holds a value; kneepdf reads columns A to "
                               "BL only; move it or delete it")
    assert peak < 20 * 2**20


def test_a_zip_bomb_is_refused_by_its_declared_size(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "bomb.xlsx", HEADER,
                extra=(("xl/media/padding.bin", b"\0" * (210 * 2**20)),))
    assert path.stat().st_size < 2**20
    with pytest.raises(KneepdfError, match=r"the workbook unpacks to 210 MB in 6 parts; "
                       r"the limit is 200 MB"):
        read_table(path)


def test_formulas_are_read_by_their_saved_result(kneepdf: Run, tmp_path: Path) -> None:
    # A formula with a saved result (Excel, LibreOffice, Google Sheets, Numbers save one) is
    # read; one without is refused naming its row and column, never printed blank.
    saved = '<c r="B2" t="str"><f>CONCAT("Ana"," ","Silva")</f><v>Ana Silva</v></c>'
    unsaved = '<c r="B3" t="str"><f>CONCAT("Ben"," ","Ode")</f></c>'
    broken = '<c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    path = xlsx(tmp_path / "formulas.xlsx", HEADER
                + row(2, text("A2", "1"), saved, text("C2", DATE))
                + row(3, text("A3", "1"), unsaved, text("C3", DATE))
                + row(4, text("A4", "1"), text("B4", "Cy"), broken), dimension="A1:C4")
    result = kneepdf("batch", str(path), "--out-dir", str(tmp_path / "out"))
    assert errors(result) == [
        f"Error: {path}:3: column 'patient' (cell B3) holds a formula whose result was not "
        "saved with the file; open it in the spreadsheet program and save it again, or type "
        "the value",
        f"Error: {path}:4: column 'date' (cell C4) shows the error #DIV/0!; correct the "
        "formula or type the value"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "ana-silva-acute-2026-03-01.pdf"]


def test_a_formula_saved_with_an_empty_result_is_refused_too(kneepdf: Run,
                                                             tmp_path: Path) -> None:
    # Once: openpyxl saves a formula as <v></v>, which printed a blank name. A formula whose
    # text result really is empty ("", type str) is an empty cell.
    from openpyxl import Workbook

    path = tmp_path / "openpyxl.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["stage", "patient", "notes"])
    sheet.append([1, "Ana Silva", None])
    sheet.append([1, '=CONCAT("Bo","b")', None])
    book.save(path)
    result = kneepdf("batch", str(path), "--out-dir", str(tmp_path / "out"))
    assert errors(result) == [
        f"Error: {path}:3: column 'patient' (cell B3) holds a formula whose result was not "
        "saved with the file; open it in the spreadsheet program and save it again, or type "
        "the value"]
    empty = '<c r="C2" t="str"><f>IF(A2=1,"","x")</f><v></v></c>'
    path = xlsx(tmp_path / "empty.xlsx", HEADER.replace("date", "notes")
                + row(2, text("A2", "1"), text("B2", "Cy Dee"), empty), dimension="A1:C2")
    result = kneepdf("batch", str(path), "--out-dir", str(tmp_path / "out2"))
    assert result.exit_code == 0, result.output


def test_hidden_rows_and_merged_cells_fail_their_rows(kneepdf: Run, tmp_path: Path) -> None:
    # Once: a row hidden by a filter was built like any other (a patient the clinician had
    # filtered out was printed), and a date merged over two rows printed the second blank.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in (["stage", "patient", "date"], ["1", "Ana Silva", DATE],
                 ["1", "Ben Ode", DATE], ["1", "Cy Dee", DATE], ["1", "Dee Eve", None],
                 ["1", "Eve Fox", DATE]):
        sheet.append(line)
    sheet.auto_filter.ref = "A1:C6"
    sheet.row_dimensions[3].hidden = True  # what a filter does to the rows it hides
    sheet.merge_cells("C4:C5")
    path = tmp_path / "filtered.xlsx"
    book.save(path)
    result = kneepdf("batch", str(path), "--out-dir", str(tmp_path / "out"))
    assert errors(result) == [
        f"Error: {path}:3: column 'stage' (cell A3) is in a row hidden in the sheet (by a "
        "filter or by hand); show the row to build it, or delete the row",
        f"Error: {path}:5: column 'date' (cell C5) is part of merged cells C4:C5, whose "
        "value the file holds in C4 only; unmerge them and type the value in each row"]
    assert result.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"ana-silva-acute-{DATE}.pdf", f"cy-dee-acute-{DATE}.pdf", f"eve-fox-acute-{DATE}.pdf"]


def test_numbers_export_summary_sheet_is_skipped(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "numbers.xlsx", HEADER + row(2, text("A2", "2"), text("C2", DATE)),
                sheets=("Export Summary", "Sheet 1 - Table 1"))
    table = read_table(path)
    assert table.read_as == "Excel workbook, sheet 'Sheet 1 - Table 1'"
    assert [r.cells["stage"] for r in table.rows] == ["2"]


def test_a_csv_cell_over_131072_characters_fails_its_row_alone(kneepdf: Run,
                                                                tmp_path: Path) -> None:
    # Once: Python's CSV field limit stopped the whole batch.
    sheet = tmp_path / "list.csv"
    sheet.write_text(f"stage,notes,date\n1,{'x' * 131_073},{DATE}\n1,Ice after.,{DATE}\n",
                     encoding="utf-8")
    result = kneepdf("batch", str(sheet), "--out-dir", str(tmp_path / "out"))
    assert errors(result) == [f"Error: {sheet}:2: column 'notes': is 131073 characters long; "
                              "the limit is 600"]
    assert result.stdout.startswith("Built 1 handout (")
