"""Build one handout per spreadsheet row, in parallel worker processes, with a report."""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Protocol

from kneepdf.errors import KneepdfError, OptionError, OutputError
from kneepdf.load.table import read_table
from kneepdf.options import OPTIONS, Options
from kneepdf.write.names import name_part, safe_stem, unique

# A column for each option that has one (single values, then lists), and the file's name.
LISTS = tuple(o.name for o in OPTIONS if o.column and o.repeated)  # several values, by ';'
COLUMNS = (*(o.name for o in OPTIONS if o.column and not o.repeated), *LISTS, "file")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Progress(Protocol):
    def update(self, n_steps: int) -> None: ...


@dataclass(frozen=True)
class Row:
    """One spreadsheet row: its line (CSV) or row (xlsx) number, its options and the file
    it will write."""

    line: int
    options: Options
    name: str
    problem: str = ""  # the spreadsheet row could not be read: it fails, the others go on


@dataclass
class BatchReport:
    """How the batch went: files written, rows that failed and why."""

    built: list[tuple[int, Path, int]] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)

    def summary(self, out_dir: Path, read_as: str = "") -> str:
        """`Built 2 handouts (9 pages) in out; 1 row failed; read as UTF-8 text, separated
        by commas`."""
        pages = sum(p for _, _, p in self.built)
        built = len(self.built)
        line = f"Built {built} handout{'s' * (built != 1)} ({pages} pages) in {out_dir}"
        if self.failed:
            line += f"; {len(self.failed)} row{'s' * (len(self.failed) != 1)} failed"
        return f"{line}; read as {read_as}" if read_as else line


class Job(NamedTuple):
    """A spreadsheet read and ready to build: its rows, how it was read, today's date."""

    rows: list[Row]
    read_as: str
    today: dt.date


def prepare(path: Path, content_dir: Path | None) -> Job:
    """The rows of a batch spreadsheet, each named as `build` names its file; a broken
    content folder, an unknown column or an unreadable file raises KneepdfError."""
    from kneepdf.commands import today
    from kneepdf.load.content import load_content
    from kneepdf.select.selection import find_stage, stage_names

    content = load_content(content_dir)
    stage_ids = {name: find_stage(content, name).id for name in stage_names(content)}
    date = today()
    rows, read_as = read_rows(path, date, stage_ids)
    return Job(rows, read_as, date)


def read_rows(path: Path, today: dt.date | None = None,
              stage_ids: Mapping[str, str] | None = None) -> tuple[list[Row], str]:
    """The rows of a batch spreadsheet (.csv or .xlsx, see kneepdf.load.table) and how the
    file was read; an unknown column or an unreadable file stops the batch. `today` and
    `stage_ids` (each stage name, such as '2', to its id) name a row's file after its
    patient, stage and date, as `build` does."""
    table = read_table(path)
    unknown = [c for c in table.columns if c not in COLUMNS]
    if unknown or "stage" not in table.columns:
        problem = (f"unknown column '{unknown[0]}'" if unknown else "no 'stage' column")
        raise KneepdfError(f"{path}:1: {problem}; columns are: {', '.join(COLUMNS)} "
                           "(in any order, upper or lower case)",
                           file=str(path), row=1, column=unknown[0] if unknown else "stage")
    rows: list[Row] = []
    used: set[str] = set()
    for line, values, problem in table.rows:
        options = Options()
        for key in COLUMNS:
            if key not in (*LISTS, "file"):
                setattr(options, key, values.get(key) or None)
        for key in LISTS:
            setattr(options, key, [x.strip() for x in values.get(key, "").split(";") if x.strip()])
        typed = re.sub(r"(?i)\.pdf$", "", values.get("file", "").strip())  # ana.pdf is ana
        wanted = safe_stem(typed) or _default_stem(values, line, today, stage_ids or {})
        rows.append(Row(line, options, f"{unique(wanted, used, f'row-{line}')}.pdf", problem))
    return rows, table.read_as


def _default_stem(values: dict[str, str], line: int, today: dt.date | None,
                  stage_ids: Mapping[str, str]) -> str:
    """`ana-silva-acute-2026-03-01` for a row with a patient (as `build` names it, so one
    patient's handout never replaces another's), else `row-0002-acute`."""
    typed = values.get("stage", "")
    stage = stage_ids.get(typed.strip().lower()) or name_part(typed, 12)
    person = name_part(values.get("patient", ""))
    date = values.get("date", "") or (today.isoformat() if today else "")
    if person and _ISO_DATE.fullmatch(date):
        return f"{person}-{stage}-{date}"
    return f"row-{line:04d}-{stage}".rstrip("-")


def in_columns(message: str) -> str:
    """A row's problem in the spreadsheet's words: `--patient uses` becomes `column
    'patient' uses`, `--add step-up` becomes `step-up in the add column`."""
    message = re.sub(r"with --(add|drop|dose) (\S+)", r"with \2 in the \1 column", message)
    return re.sub(r"(?<![\w-])--([a-z]+(?:-[a-z]+)*)",
                  lambda m: f"column '{m.group(1).replace('-', '_')}'", message)


# The one worker of this process (set by `_init`): what it keeps for its lifetime.
_WORKER: dict[str, object] = {}


def _init(content_dir: Path | None, today: dt.date) -> None:
    """Load the content once per worker process; the worker keeps one Reuse for its life."""
    from kneepdf.load.content import load_content
    from kneepdf.reuse import Reuse

    _WORKER["content"] = load_content(content_dir)
    _WORKER["today"] = today
    _WORKER["themes"] = {}
    _WORKER["reuse"] = Reuse()
    gc.freeze()  # the content lives as long as the worker: the collector can skip it


class Failure(NamedTuple):
    """A row that failed: its line, the column the problem is about ("" when none) and the
    problem in the spreadsheet's words."""

    line: int
    column: str
    reason: str


def _column(exc: KneepdfError) -> str:
    """The column an error is about, from the option it carries."""
    return exc.option.lstrip("-").replace("-", "_") if exc.option else ""


def _one(row: Row, out_dir: Path) -> tuple[int, str | None, int, str]:
    """Build one row: (line, error or None, pages, the column the error is about)."""
    from kneepdf.build import build
    from kneepdf.load.styles import load_theme, unknown_style
    from kneepdf.model import Content
    from kneepdf.reuse import Reuse
    from kneepdf.select.options import resolve
    from kneepdf.theme import Theme

    if row.problem:
        return row.line, row.problem, 0, ""
    content = _WORKER["content"]
    themes = _WORKER["themes"]
    today = _WORKER["today"]
    reuse = _WORKER["reuse"]
    assert isinstance(content, Content) and isinstance(themes, dict)
    assert isinstance(reuse, Reuse)
    assert isinstance(today, dt.date)
    try:
        resolved = resolve(row.options, content, today)
        unknown = unknown_style(resolved.style)
        if unknown is not None:
            raise OptionError("--style", unknown)
        if resolved.style not in themes:
            themes[resolved.style] = load_theme(resolved.style)
        theme = themes[resolved.style]
        assert isinstance(theme, Theme)
        # the file may be named after the patient: its messages never say the name
        result = build(resolved, content, theme, out_dir / row.name,
                       shown=f"{out_dir} (this row's file)", reuse=reuse)
    except OptionError as exc:
        return row.line, in_columns(f"{exc.option}: {exc}"), 0, _column(exc)
    except KneepdfError as exc:
        return row.line, in_columns("; ".join(exc.lines())), 0, _column(exc)
    return row.line, None, result.pages, ""


def _results(rows: list[Row], out_dir: Path, jobs: int, content_dir: Path | None,
             today: dt.date) -> Iterator[tuple[Row, tuple[int, str | None, int, str]]]:
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
    for row, (line, error, pages, column) in _results(rows, out_dir, jobs, content_dir, today):
        if error is None:
            report.built.append((line, out_dir / row.name, pages))
        else:
            report.failed.append(Failure(line, column, error))
        progress.update(1)
    report.built.sort()
    report.failed.sort()
    return report
