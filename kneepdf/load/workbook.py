"""Read the first sheet of an Excel .xlsx workbook as rows of cells (with openpyxl), after a
cheap look at its parts: sizes, the cells it really uses, formulas without a saved result."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from kneepdf.errors import KneepdfError

MAX_ROWS = 100_000
MAX_COLUMNS = 64  # a batch sheet uses 18; a few more for the clinic's own notes
MAX_CELLS = 2_000_000  # cells written in the sheet, empty ones included
MAX_UNZIPPED = 200 * 1024 * 1024  # bytes: every part of the workbook, unpacked
MAX_PARTS = 5_000
SUMMARY = "Export Summary"  # Numbers puts this sheet first; the table comes after it
# One cell element of the sheet's XML: its reference, its attributes and what it holds.
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_TYPE = re.compile(rb'\bt="(\w+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_VALUE = re.compile(rb"<(?:\w+:)?v\b")
# A saved result: a value element with text in it (<v></v> or <v/> saves none).
_FILLED = re.compile(rb"<(?:\w+:)?v\b[^>/]*>[^<]+<")
_ERROR = re.compile(rb"<(?:\w+:)?v>([^<]*)<")
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_ROW_NUMBER = re.compile(rb'\br="([0-9]{1,7})"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})([0-9]{1,7}):'
                    rb'([A-Z]{1,3})([0-9]{1,7})"')
HIDDEN = ("is in a row hidden in the sheet (by a filter or by hand); show the row to build "
          "it, or delete the row")


class Cells(NamedTuple):
    """What a first look at the sheet found: the last row and column that hold anything, and
    each cell that cannot be read for sure by (row, column), both from 1, with the reason."""

    last_row: int
    last_column: int
    unsure: dict[tuple[int, int], str]


def _error(path: Path, message: str) -> KneepdfError:
    """A problem with the workbook, carrying its file."""
    return KneepdfError(message, file=str(path))


def column_number(letters: str) -> int:
    """`A` is 1, `Z` 26, `AA` 27, `XFD` 16,384."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(number: int) -> str:
    """1 is `A`, 27 `AA`."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_parts(path: Path, data: bytes) -> None:
    """Refuse a workbook whose parts would unpack to more than MAX_UNZIPPED bytes (the sizes
    are those the file declares; the unzipper stops at them)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        from kneepdf.load.table import SAVE_AS

        raise _error(path, f"{path}: cannot read the Excel workbook ({exc}); {SAVE_AS}"
                     ) from None
    total = sum(i.file_size for i in infos)
    if len(infos) > MAX_PARTS or total > MAX_UNZIPPED:
        raise _error(path, f"{path}: the workbook unpacks to {total / 2**20:,.0f} MB in "
                           f"{len(infos):,} parts; the limit is {MAX_UNZIPPED // 2**20} MB "
                           "(a batch list needs well under 1 MB); save a copy holding only the "
                           "list")


def look(path: Path, xml: bytes) -> Cells:
    """A first look at a sheet's XML, without building a cell: refuses more than MAX_CELLS
    cells, a value past column MAX_COLUMNS or row MAX_ROWS; notes formulas without a saved
    result and cells showing an error (#REF!, #N/A ...)."""
    last_row = last_column = count = 0
    unsure: dict[tuple[int, int], str] = {}
    for cell in _CELL.finditer(xml):
        count += 1
        if count > MAX_CELLS:
            raise _error(path, f"{path}: the sheet has more than {MAX_CELLS:,} cells; save a "
                               "copy holding only the list")
        body = cell.group(3) or b""
        ref = _REF.search(cell.group(1))
        if not body:
            continue  # an empty, formatted cell
        if ref is None:  # placed by its order in the row: read every row, up to the limits
            last_row, last_column = MAX_ROWS + 1, MAX_COLUMNS
            continue
        column, row = column_number(ref.group(1).decode()), int(ref.group(2))
        if column > MAX_COLUMNS:
            raise _error(path,
                f"{path}: cell {ref.group(1).decode()}{row} holds a value; kneepdf reads "
                f"columns A to {column_letters(MAX_COLUMNS)} only; move it or delete it")
        if row > MAX_ROWS + 1:
            raise _error(path, f"{path}: the sheet has more than {MAX_ROWS:,} rows (cell "
                               f"{ref.group(1).decode()}{row}); split it into smaller files")
        last_row, last_column = max(last_row, row), max(last_column, column)
        kind = _TYPE.search(cell.group(1))
        if kind is not None and kind.group(1) == b"e":
            shown = _ERROR.search(body)
            error = shown.group(1).decode("utf-8", "replace") if shown else "an error"
            unsure[row, column] = (f"shows the error {error}; correct the formula or type "
                                   "the value")
        elif _FORMULA.search(body) and not (
                _FILLED.search(body)
                # a formula whose text result is empty ("") saves an empty value of type str
                or (kind is not None and kind.group(1) == b"str" and _VALUE.search(body))):
            unsure[row, column] = ("holds a formula whose result was not saved with the file; "
                                   "open it in the spreadsheet program and save it again, or "
                                   "type the value")
    _hidden_and_merged(path, xml, last_row, last_column, unsure)
    return Cells(last_row, last_column, unsure)


def _hidden_and_merged(path: Path, xml: bytes, last_row: int, last_column: int,
                       unsure: dict[tuple[int, int], str]) -> None:
    """Note in `unsure` each used cell of a hidden row (a row fails rather than print a
    patient the clinician filtered out, or skip one silently) and each cell of merged cells
    but the first (a spreadsheet shows the first's value across them; the file holds it
    once, so the others would read blank)."""
    for row in _ROW.finditer(xml):
        number = _ROW_NUMBER.search(row.group(1))
        if number and _HIDDEN.search(row.group(1)) and int(number.group(1)) <= last_row:
            for column in range(1, last_column + 1):
                unsure.setdefault((int(number.group(1)), column), HIDDEN)
    marked = 0
    for merge in _MERGE.finditer(xml):
        c0, r0 = column_number(merge.group(1).decode()), int(merge.group(2))
        c1, r1 = column_number(merge.group(3).decode()), int(merge.group(4))
        first = f"{merge.group(1).decode()}{r0}"
        span = f"{first}:{merge.group(3).decode()}{r1}"
        for r in range(r0, min(r1, last_row) + 1):
            for c in range(c0, min(c1, last_column) + 1):
                if (r, c) == (r0, c0):
                    continue
                marked += 1
                if marked > MAX_CELLS:
                    raise _error(path, f"{path}: merged cells {span} cover more than "
                                       f"{MAX_CELLS:,} cells; unmerge them")
                unsure.setdefault((r, c), f"is part of merged cells {span}, whose value "
                                          f"the file holds in {first} only; unmerge them and "
                                          "type the value in each row")


def read_sheet(path: Path, data: bytes
               ) -> tuple[list[tuple[int, list[str]]], str, dict[tuple[int, int], str]]:
    """(sheet row number, cells as text) for every row of the first sheet (the second when
    Numbers put its Export Summary first), how it was read ('Excel workbook, sheet NAME'),
    and the cells that cannot be read for sure (see `look`), by (row, column index from 0).
    A formula's saved result is read. Raises KneepdfError naming the file when the
    workbook cannot be opened or is larger than the limits."""
    from openpyxl import load_workbook

    from kneepdf.load.table import SAVE_AS

    check_parts(path, data)
    try:
        with warnings.catch_warnings():  # openpyxl warns about styles and data validation
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheets = book.worksheets
                sheet = sheets[1] if sheets[0].title == SUMMARY and len(sheets) > 1 \
                    else sheets[0]
                cells = look(path, _xml(book, sheet))
                grid = list(_rows(sheet, cells))
                title = sheet.title
            finally:
                book.close()
    except KneepdfError:
        raise
    except Exception as exc:  # a damaged or foreign file: openpyxl's errors vary by defect
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise _error(path, f"{path}: cannot read the Excel workbook ({reason}); "
                           f"{SAVE_AS}") from None
    while grid and not any(grid[-1][1]):
        grid.pop()
    unsure = {(row, column - 1): why for (row, column), why in cells.unsure.items()}
    return grid, f"Excel workbook, sheet '{title}'", unsure


def _xml(book: Any, sheet: Any) -> bytes:
    """The sheet's XML (its size is bounded by check_parts)."""
    with book._archive.open(sheet._worksheet_path) as part:  # openpyxl's own archive
        xml: bytes = part.read(MAX_UNZIPPED + 1)
    return xml


def _rows(sheet: Any, cells: Cells) -> Iterator[tuple[int, list[str]]]:
    """The rows up to the last that holds anything, each as wide as the widest used."""
    from kneepdf.load.table import cell_text

    if not cells.last_row:
        return
    sheet.reset_dimensions()  # never trust the size the file claims (A1:XFD1048576)
    rows = sheet.iter_rows(min_row=1, max_row=cells.last_row, max_col=cells.last_column,
                           values_only=True)
    for number, values in enumerate(rows, 1):
        yield number, [cell_text(v) for v in values]
