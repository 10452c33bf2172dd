"""Read a spreadsheet as people save it: CSV (comma, semicolon or tab; UTF-8, UTF-16 or
Windows-1252) or an Excel .xlsx workbook's first sheet."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

from kneepdf.errors import KneepdfError
from kneepdf.load.files import MAX_SHEET, FileProblem, read_limited

DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}
SAVE_AS = "save it from the spreadsheet as 'CSV UTF-8' or as an Excel .xlsx workbook"


class TableRow(NamedTuple):
    """One row: where it is (the CSV line or the sheet row, from 1) and its cells by column
    name (names trimmed, in lower case, inner spaces and hyphens as '_': 'Review Date' is
    review_date; every value trimmed and composed, NFC)."""

    line: int
    cells: dict[str, str]
    problem: str = ""  # why this row cannot be read (it fails alone; the others are built)


class Table(NamedTuple):
    """The column names in order, the rows that hold anything, and how the file was read
    (for example 'UTF-8 text, separated by semicolons' or 'Excel workbook, sheet Patients')."""

    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    read_as: str


def read_table(path: Path) -> Table:
    """The table in `path` (.csv, .tsv, .txt or .xlsx). Raises KneepdfError naming the file
    when it cannot be read, or naming the column when a header is empty or repeated."""
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".numbers"):
        raise KneepdfError(f"{path}: kneepdf reads .csv and .xlsx files, not {suffix}; {SAVE_AS}",
                           file=str(path))
    try:
        data = read_limited(path, MAX_SHEET)
    except FileProblem as exc:
        raise KneepdfError(f"{path}: {exc}", file=str(path)) from None
    if suffix == ".xlsx" or data.startswith(b"PK\x03\x04"):
        from kneepdf.load.workbook import read_sheet

        grid, read_as, unsure = read_sheet(path, data)
    else:
        text, encoding = decode(path, data)
        delimiter = sniff(text)
        grid = _csv_grid(path, text, delimiter)
        read_as = f"{encoding} text, separated by {DELIMITERS[delimiter]}"
        unsure = {}
    return _table(path, grid, read_as, unsure)


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of its encoding: UTF-8 (with or without a byte
    order mark), UTF-16 (Excel's 'Unicode text'), or Windows-1252 when it is not UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        return _decoded(path, data, "utf-8-sig", "UTF-8"), "UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decoded(path, data, "utf-16", "UTF-16"), "UTF-16"
    sample = data[:400]
    half = len(sample) // 2
    for zeros, other, codec in ((sample[1::2], sample[0::2], "utf-16-le"),
                                (sample[0::2], sample[1::2], "utf-16-be")):
        if half and zeros.count(0) * 10 >= half * 9 and not other.count(0):  # without a mark
            return _decoded(path, data, codec, "UTF-16"), "UTF-16"
    try:
        return _decoded(path, data, "utf-8", "UTF-8"), "UTF-8"
    except _NotThisCodec:
        return _decoded(path, data, "cp1252", "Windows-1252"), "Windows-1252 (not UTF-8)"


class _NotThisCodec(KneepdfError):
    """The bytes do not decode with the codec tried first; the caller tries the next."""


def _decoded(path: Path, data: bytes, codec: str, name: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        if codec == "utf-8":
            raise _NotThisCodec(name) from None
        line = data[: exc.start].decode(codec, "replace").count("\n") + 1
        raise KneepdfError(f"{path}:{line}: cannot read the file as {name} text "
                           f"(byte 0x{data[exc.start]:02x}); {SAVE_AS}",
                           file=str(path), row=line) from None
    if "\x00" in text:
        raise KneepdfError(f"{path}: the file holds NUL characters, so it is not a text "
                           f"file; {SAVE_AS}", file=str(path))
    return text


def sniff(text: str) -> str:
    """The separator of the header line: whichever of ',' ';' and tab it holds most of
    outside quotes (',' when it holds none)."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_grid(path: Path, text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """(line where the record starts, cells) for every record."""
    csv.field_size_limit(MAX_SHEET)  # a long cell fails its own row, never the whole file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    grid = []
    start = 1
    try:
        for record in reader:
            grid.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise KneepdfError(f"{path}:{reader.line_num}: not a readable CSV row ({exc})",
                           file=str(path), row=reader.line_num) from None
    _unclosed_quote(path, text, delimiter, grid)
    return grid


def _unclosed_quote(path: Path, text: str, delimiter: str,
                    grid: list[tuple[int, list[str]]]) -> None:
    """Raise KneepdfError when a quote left open swallowed the lines after it into one cell:
    the quote runs to the end of the file, or a cell's later lines read as rows of their own
    (as many separators as the header). Such a file is refused whole: the rows swallowed
    would otherwise print on another patient's handout, and their own never be built."""
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:  # strict: a quote still open at the end of the file
        if "unexpected end of data" in str(exc):
            start = grid[-1][0] if grid else 1
            raise KneepdfError(
                f"{path}:{start}: a quote in this row is never closed, so every line after "
                "it is read into one cell; close the quote or delete it",
                file=str(path), row=start) from None
    if not grid:
        return
    columns = len(grid[0][1])
    for start, cells in grid[1:]:
        for i, cell in enumerate(cells):
            later = cell.split("\n")[1:]
            if columns > 1 and any(part.count(delimiter) >= columns - 1 for part in later):
                raise KneepdfError(
                    f"{path}:{start}: cell {_cell(i, start)} holds lines that read as rows of "
                    "their own, so a quote is probably not closed where it should be; close "
                    "it, or delete the quote", file=str(path), row=start)


def cell_text(value: object) -> str:
    """A cell as text: trimmed and composed (NFC); a whole number without '.0', a date as
    YYYY-MM-DD, an empty cell as ''."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value)).strip()


def _table(path: Path, grid: list[tuple[int, list[str]]], read_as: str,
           unsure: dict[tuple[int, int], str]) -> Table:
    """The table from the grid; `unsure` gives the cells that cannot be read for sure by
    (line, column index from 0): a row holding one fails alone, naming the cell."""
    if not grid:
        raise KneepdfError(f"{path}: the file is empty; the first row names the columns",
                           file=str(path))
    first, header = grid[0]
    for (line, i), why in sorted(unsure.items()):
        if line == first:
            raise KneepdfError(f"{path}: cell {_cell(i, line)} of the first row {why}",
                               file=str(path), row=line)
    names = [re.sub(r"[\s-]+", "_", cell_text(h).lower()) for h in header]
    body = [(line, [cell_text(c) for c in cells]) for line, cells in grid[1:]]
    keep = _named_columns(path, first, names, body)
    rows = []
    width = len(names)
    for line, cells in body:
        values = {names[i]: (cells[i] if i < len(cells) else "") for i in keep}
        problem = ""
        doubt = [(i, unsure[line, i]) for i in keep if (line, i) in unsure]
        if doubt:
            i, why = doubt[0]
            problem = f"column '{names[i]}' (cell {_cell(i, line)}) {why}"
        elif len(cells) > width and any(cells[width:]):
            problem = (f"the row has {len(cells)} cells but the first row names {width} "
                       "columns; check the separators (a value holding one needs quotes)")
        if any(values.values()) or problem:
            rows.append(TableRow(line, values, problem))
    return Table(tuple(names[i] for i in keep), tuple(rows), read_as)


def _cell(index: int, line: int) -> str:
    """The cell's name as a spreadsheet shows it: column index 1, line 5 is B5."""
    from kneepdf.load.workbook import column_letters

    return f"{column_letters(index + 1)}{line}"


def _named_columns(path: Path, first: int, names: list[str],
                   body: list[tuple[int, list[str]]]) -> list[int]:
    """The indexes of the named columns. A column without a name is ignored when it is empty
    (Excel saves some); one that holds values, or a repeated name, is an error."""
    keep: list[int] = []
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name:
            if name in seen:
                raise KneepdfError(f"{path}:{first}: the column '{name}' is given twice "
                                   f"(columns {seen[name] + 1} and {i + 1}); keep one",
                                   file=str(path), row=first, column=name)
            seen[name] = i
            keep.append(i)
            continue
        for line, cells in body:
            if i < len(cells) and cells[i]:
                raise KneepdfError(f"{path}:{line}: column {i + 1} has no name in the first "
                                   "row but holds a value here; name it or delete it",
                                   file=str(path), row=line)
    return keep
