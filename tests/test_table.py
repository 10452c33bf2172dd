"""table: spreadsheets as clinics save them (separators, encodings, headers, .xlsx)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from kneepdf.errors import KneepdfError
from kneepdf.load.table import decode, read_table, sniff

ROWS = [("Zoë Núñez", "acute"), ("Ben Ode", "subacute")]


def cells(path: Path) -> list[tuple[int, dict[str, str]]]:
    return [(row.line, row.cells) for row in read_table(path).rows]


def write(folder: Path, name: str, text: str, encoding: str) -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def test_comma_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", "patient,stage\nZoë Núñez,acute\nBen Ode,subacute\n", "utf-8")
    table = read_table(path)
    assert table.columns == ("patient", "stage")
    assert cells(path) == [(2, {"patient": "Zoë Núñez", "stage": "acute"}),
                           (3, {"patient": "Ben Ode", "stage": "subacute"})]
    assert table.read_as == "UTF-8 text, separated by commas"


def test_european_excel_semicolons_in_windows_1252(tmp_path: Path) -> None:
    # Once: "not UTF-8 text" with no hint, then "unknown column 'patient;stage'".
    text = "patient;stage;notes\r\nZoë Núñez;acute;Ice, then rest\r\nBen Ode;subacute;\r\n"
    path = write(tmp_path, "pacientes.csv", text, "cp1252")
    table = read_table(path)
    assert table.columns == ("patient", "stage", "notes")
    assert cells(path) == [
        (2, {"patient": "Zoë Núñez", "stage": "acute", "notes": "Ice, then rest"}),
        (3, {"patient": "Ben Ode", "stage": "subacute", "notes": ""}),
    ]
    assert table.read_as == "Windows-1252 (not UTF-8) text, separated by semicolons"


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path: Path) -> None:
    text = "\ufeffpatient\tstage\r\n李雷\tacute\r\nZoë Núñez\treturn\r\n"
    path = write(tmp_path, "unicode text.txt", text, "utf-16-le")
    table = read_table(path)
    assert cells(path) == [(2, {"patient": "李雷", "stage": "acute"}),
                           (3, {"patient": "Zoë Núñez", "stage": "return"})]
    assert table.read_as == "UTF-16 text, separated by tabs"


def test_utf16_big_endian_and_without_a_mark(tmp_path: Path) -> None:
    text = "patient\tstage\nAna Silva\tacute\n"
    big = write(tmp_path, "big.txt", "\ufeff" + text, "utf-16-be")
    bare = write(tmp_path, "bare.txt", text, "utf-16-le")
    for path in (big, bare):
        assert cells(path) == [(2, {"patient": "Ana Silva", "stage": "acute"})]
        assert read_table(path).read_as.startswith("UTF-16 text")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_short_utf16_without_a_mark(tmp_path: Path, codec: str) -> None:
    path = write(tmp_path, "p.txt", "stage\tpatient\n1\tAna\n", codec)
    assert cells(path) == [(2, {"stage": "1", "patient": "Ana"})]


def test_nul_characters_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"stage,patient\nacute,A\x00na\n")
    with pytest.raises(KneepdfError) as info:
        read_table(path)
    assert str(info.value) == (f"{path}: the file holds NUL characters, so it is not a text "
                               "file; save it from the spreadsheet as 'CSV UTF-8' or as an "
                               "Excel .xlsx workbook")


def test_utf8_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.csv", "\ufeffstage,patient\nacute,Ana Silva\n", "utf-8")
    assert read_table(path).columns == ("stage", "patient")
    assert read_table(path).read_as == "UTF-8 text, separated by commas"


def test_empty_unnamed_columns_from_excel_are_ignored(tmp_path: Path) -> None:
    # Once: the whole batch refused with "unknown column ''".
    path = write(tmp_path, "p.csv", "stage,patient,,\nacute,Ana Silva,,\n,,,\n", "utf-8")
    assert read_table(path).columns == ("stage", "patient")
    assert cells(path) == [(2, {"stage": "acute", "patient": "Ana Silva"})]


def test_unnamed_column_with_values_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", "stage,\nacute,\nacute,Zofia Testperson\n", "utf-8")
    with pytest.raises(KneepdfError) as info:
        read_table(path)
    assert str(info.value) == (f"{path}:3: column 2 has no name in the first row but holds "
                               "a value here; name it or delete it")  # never the value: a name


@pytest.mark.parametrize("header", ["Patient,STAGE", " patient , stage ", "patient ,Stage"])
def test_header_names_are_trimmed_and_case_blind(tmp_path: Path, header: str) -> None:
    path = write(tmp_path, "p.csv", f"{header}\nAna Silva,acute\n", "utf-8")
    assert read_table(path).columns == ("patient", "stage")


def test_header_words_may_be_joined_by_space_or_hyphen(tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", "Stage,Review Date,review-date ,\n", "utf-8")
    with pytest.raises(KneepdfError) as info:
        read_table(path)
    assert "the column 'review_date' is given twice (columns 2 and 3)" in str(info.value)
    path = write(tmp_path, "q.csv", "Stage,Review  Date\nacute,2026-03-15\n", "utf-8")
    assert cells(path) == [(2, {"stage": "acute", "review_date": "2026-03-15"})]


def test_repeated_column_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", "stage,Patient,patient \nacute,A,B\n", "utf-8")
    with pytest.raises(KneepdfError) as info:
        read_table(path)
    assert str(info.value) == (f"{path}:1: the column 'patient' is given twice (columns 2 "
                               "and 3); keep one")


def test_cells_are_composed_nfc(tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", "patient,stage\nZoe\u0308 Nu\u0301n\u0303ez,acute\n", "utf-8")
    assert cells(path)[0][1]["patient"] == "Zo\u00eb N\u00fa\u00f1ez"


def test_quoted_cells_keep_separators_and_line_breaks(tmp_path: Path) -> None:
    text = 'stage;notes;patient\nacute;"Rest; then ice.\nTwice a day.";Ana\nacute;;Ben\n'
    path = write(tmp_path, "p.csv", text, "utf-8")
    assert cells(path) == [(2, {"stage": "acute", "notes": "Rest; then ice.\nTwice a day.",
                                "patient": "Ana"}),
                           (4, {"stage": "acute", "notes": "", "patient": "Ben"})]


@pytest.mark.parametrize(("header", "found"), [
    ("a,b,c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"), ("single", ","),
    ('"x;y",b,c', ","), ("a;b,c;d", ";"),
])
def test_sniff(header: str, found: str) -> None:
    assert sniff(header + "\n1,2,3\n") == found


def test_decode_names_the_encoding() -> None:
    path = Path("p.csv")
    assert decode(path, "é".encode()) == ("é", "UTF-8")
    assert decode(path, "é".encode("cp1252")) == ("é", "Windows-1252 (not UTF-8)")
    assert decode(path, "\ufeffé".encode("utf-16-le")) == ("é", "UTF-16")


def test_bytes_no_encoding_can_read(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"stage,patient\nacute,A\x81\n")  # 0x81 is not UTF-8 nor Windows-1252
    with pytest.raises(KneepdfError) as info:
        read_table(path)
    assert str(info.value) == (f"{path}:2: cannot read the file as Windows-1252 text (byte "
                               "0x81); save it from the spreadsheet as 'CSV UTF-8' or as an "
                               "Excel .xlsx workbook")


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", "", "utf-8")
    with pytest.raises(KneepdfError) as info:
        read_table(path)
    assert str(info.value) == f"{path}: the file is empty; the first row names the columns"


def test_old_excel_format_is_refused_with_a_way_out(tmp_path: Path) -> None:
    path = tmp_path / "p.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(KneepdfError) as info:
        read_table(path)
    assert str(info.value) == (f"{path}: kneepdf reads .csv and .xlsx files, not .xls; save it "
                               "from the spreadsheet as 'CSV UTF-8' or as an Excel .xlsx "
                               "workbook")


def workbook(path: Path, rows: list[list[object]], title: str = "Patients") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.create_sheet("Other").append(["not", "read"])
    book.save(path)
    return path


def test_xlsx_first_sheet(tmp_path: Path) -> None:
    path = workbook(tmp_path / "patients ü.xlsx", [
        [" Stage", "Patient", "date", None, "review_date"],
        ["acute", "Zoe\u0308 Núñez", dt.datetime(2026, 3, 1), None, dt.date(2026, 3, 15)],
        [None, None, None, None, None],
        [2, "Ben Ode", "2026-03-01", None, None],
    ])
    table = read_table(path)
    assert table.columns == ("stage", "patient", "date", "review_date")
    assert cells(path) == [
        (2, {"stage": "acute", "patient": "Zoë Núñez", "date": "2026-03-01",
             "review_date": "2026-03-15"}),
        (4, {"stage": "2", "patient": "Ben Ode", "date": "2026-03-01", "review_date": ""}),
    ]
    assert table.read_as == "Excel workbook, sheet 'Patients'"


def test_xlsx_whole_numbers_have_no_decimal_point(tmp_path: Path) -> None:
    path = workbook(tmp_path / "p.xlsx", [["stage", "notes"], [3.0, 2.5]])
    assert cells(path) == [(2, {"stage": "3", "notes": "2.5"})]


def test_damaged_xlsx_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    with pytest.raises(KneepdfError) as info:
        read_table(path)
    message = str(info.value)
    assert message.startswith(f"{path}: cannot read the Excel workbook (")
    assert message.endswith("); save it from the spreadsheet as 'CSV UTF-8' or as an Excel "
                            ".xlsx workbook")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.csv"
    with pytest.raises(KneepdfError) as info:
        read_table(path)
    assert str(info.value) == f"{path}: cannot read the file (No such file or directory)"


@pytest.mark.parametrize("rows", [ROWS])
def test_path_with_spaces_and_accents(tmp_path: Path, rows: list[tuple[str, str]]) -> None:
    folder = tmp_path / "Clínica São João" / "lista de hoje"
    folder.mkdir(parents=True)
    text = "patient,stage\n" + "".join(f"{p},{s}\n" for p, s in rows)
    path = write(folder, "pacientes março.csv", text, "utf-8")
    assert [r.cells["patient"] for r in read_table(path).rows] == [p for p, _ in rows]
