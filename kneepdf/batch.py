"""Build one handout per CSV row, in parallel worker processes, with a report at the end."""

from __future__ import annotations

import csv
import datetime as dt
import gc
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from kneepdf.errors import KneepdfError, OutputError
from kneepdf.select.options import OptionError, Options

COLUMNS = ("stage", "patient", "clinician", "clinic", "contact", "notes", "date", "review_date",
           "side", "condition", "paper", "style", "weeks", "add", "drop", "dose", "file")
LISTS = ("add", "drop", "dose")
_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


class Progress(Protocol):
    def update(self, n_steps: int) -> None: ...


@dataclass(frozen=True)
class Row:
    """One CSV row: its line number, its options and the file it will write."""

    line: int
    options: Options
    name: str


@dataclass
class BatchReport:
    """How the batch went: files written, rows that failed and why."""

    built: list[tuple[int, Path, int]] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)

    def summary(self, out_dir: Path) -> str:
        pages = sum(p for _, _, p in self.built)
        failed = f"; {len(self.failed)} rows failed" if self.failed else ""
        return f"Built {len(self.built)} handouts ({pages} pages) in {out_dir}{failed}"


def read_rows(path: Path) -> list[Row]:
    """The rows of a batch CSV; unknown columns or an unreadable file stop the batch."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        raise KneepdfError(f"{path}: cannot read the CSV file ({reason})") from None
    reader = csv.DictReader(text.splitlines(keepends=True))
    header = reader.fieldnames or []
    unknown = [c for c in header if c not in COLUMNS]
    if unknown or "stage" not in header:
        problem = (f"unknown column '{unknown[0]}'" if unknown else "no 'stage' column")
        raise KneepdfError(f"{path}:1: {problem}; columns are: {', '.join(COLUMNS)}")
    rows: list[Row] = []
    used: set[str] = set()
    start = 2
    for record in reader:
        line, start = start, reader.line_num + 1
        if not any((v or "").strip() for v in record.values()):
            continue
        values = {k: (v or "").strip() for k, v in record.items() if k in COLUMNS}
        options = Options()
        for key in COLUMNS:
            if key not in (*LISTS, "file"):
                setattr(options, key, values.get(key) or None)
        for key in LISTS:
            setattr(options, key, [x.strip() for x in values.get(key, "").split(";") if x.strip()])
        rows.append(Row(line, options, _file_name(values, line, used)))
    return rows


def _file_name(values: dict[str, str], line: int, used: set[str]) -> str:
    """A file name that stays inside the output folder and never repeats."""
    wanted = _SAFE.sub("-", values.get("file", "")).strip("-")[:60]
    if not wanted:
        wanted = f"row-{line:04d}-{_SAFE.sub('-', values.get('stage', '')).strip('-')[:12]}"
    name = wanted
    if name.lower() in used:
        name = f"{wanted}-row-{line}"
    used.add(name.lower())
    return f"{name}.pdf"


_WORKER: dict[str, object] = {}


def _init(content_dir: Path | None, today: dt.date) -> None:
    """Load the content once per worker process."""
    from kneepdf.load.content import load_content

    _WORKER["content"] = load_content(content_dir)
    _WORKER["today"] = today
    _WORKER["themes"] = {}
    gc.freeze()  # the content lives as long as the worker: the collector can skip it


def _one(row: Row, out_dir: Path) -> tuple[int, str | None, int]:
    """Build one row: (line, error or None, pages)."""
    from kneepdf.build import build
    from kneepdf.load.styles import Theme, load_theme
    from kneepdf.model import Content
    from kneepdf.select.options import resolve
    from kneepdf.select.selection import ChoiceError

    content = _WORKER["content"]
    themes = _WORKER["themes"]
    today = _WORKER["today"]
    assert isinstance(content, Content) and isinstance(themes, dict)
    assert isinstance(today, dt.date)
    try:
        resolved = resolve(row.options, content, today)
        if resolved.style not in themes:
            themes[resolved.style] = load_theme(resolved.style)
        theme = themes[resolved.style]
        assert isinstance(theme, Theme)
        result = build(resolved, content, theme, out_dir / row.name)
    except (OptionError, ChoiceError) as exc:
        return row.line, f"{exc.option.lstrip('-').replace('-', '_')}: {exc}", 0
    except KneepdfError as exc:
        return row.line, "; ".join(exc.lines()), 0
    return row.line, None, result.pages


def _results(rows: list[Row], out_dir: Path, jobs: int, content_dir: Path | None,
             today: dt.date) -> Iterator[tuple[Row, tuple[int, str | None, int]]]:
    if jobs == 1 or len(rows) < 2:
        _init(content_dir, today)
        for row in rows:
            yield row, _one(row, out_dir)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init,
                             initargs=(content_dir, today)) as pool:
        futures = {pool.submit(_one, row, out_dir): row for row in rows}
        for future in as_completed(futures):
            yield futures[future], future.result()


def run_batch(rows: list[Row], out_dir: Path, jobs: int, content_dir: Path | None,
              today: dt.date, progress: Progress) -> BatchReport:
    """Build every row; a failed row is reported and the others are still built."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create the folder ({exc.strerror})") from None
    report = BatchReport()
    for row, (line, error, pages) in _results(rows, out_dir, jobs, content_dir, today):
        if error is None:
            report.built.append((line, out_dir / row.name, pages))
        else:
            report.failed.append((line, error))
        progress.update(1)
    report.built.sort()
    report.failed.sort()
    return report
