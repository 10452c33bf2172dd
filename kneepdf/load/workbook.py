"""Read the first sheet of an Excel .xlsx workbook as rows of cells (with openpyxl)."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from kneepdf.errors import KneepdfError

MAX_ROWS = 100_000


def read_sheet(path: Path, data: bytes) -> tuple[list[tuple[int, list[str]]], str]:
    """(sheet row number, cells as text) for every row of the first sheet, and how it was
    read ('Excel workbook, sheet NAME'). Raises KneepdfError naming the file when the
    workbook cannot be opened."""
    from openpyxl import load_workbook

    from kneepdf.load.table import SAVE_AS, cell_text

    try:
        with warnings.catch_warnings():  # openpyxl warns about styles and data validation
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                grid = []
                for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
                    if number > MAX_ROWS:
                        raise KneepdfError(f"{path}: the sheet has more than {MAX_ROWS:,} "
                                           "rows; split it into smaller files", file=str(path))
                    grid.append((number, [cell_text(v) for v in values]))
                title = sheet.title
            finally:
                book.close()
    except KneepdfError:
        raise
    except Exception as exc:  # a damaged or foreign file: openpyxl's errors vary by defect
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise KneepdfError(f"{path}: cannot read the Excel workbook ({reason}); "
                           f"{SAVE_AS}", file=str(path)) from None
    while grid and not any(grid[-1][1]):
        grid.pop()
    return grid, f"Excel workbook, sheet '{title}'"
