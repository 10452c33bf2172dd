"""Build one handout per spreadsheet row, in parallel worker processes, with a report."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import re
import signal
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from kneepdf.errors import KneepdfError, OptionError, OutputError
from kneepdf.load.table import read_table
from kneepdf.options import OPTIONS, Options
from kneepdf.quoting import unquote
from kneepdf.workers import Pool, Stopped, main_thread, on_sigint, on_sigterm
from kneepdf.write.atomic import make_folder, remove_empty
from kneepdf.write.names import name_part, safe_stem, unique

if TYPE_CHECKING:
    from kneepdf.model import Content

# A column for each option that has one (single values, then lists), and the file's name.
LISTS = tuple(o.name for o in OPTIONS if o.column and o.repeated)  # several values, by ';'
COLUMNS = (*(o.name for o in OPTIONS if o.column and not o.repeated), *LISTS, "file")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# line, error or None, pages, the column the error is about, the file's name
Done = tuple[int, str | None, int, str, str]


class Progress(Protocol):
    def update(self, n_steps: int) -> None: ...


class _Silent:
    """Progress that shows nothing (output not to a terminal)."""

    def update(self, n_steps: int) -> None:
        del n_steps


NO_PROGRESS = _Silent()


@dataclass(frozen=True)
class Row:
    """One spreadsheet row: its line (CSV) or row (xlsx) number, its options and the file
    it will write."""

    line: int
    options: Options
    name: str
    problem: str = ""  # the spreadsheet row could not be read: it fails, the others go on
    typed: bool = False  # the file column named the file: it may replace one of that name
    cells: tuple[str, ...] = ()  # every cell as read, so that no message quotes one


@dataclass
class BatchReport:
    """How the batch went: files written, rows that failed and why."""

    built: list[tuple[int, Path, int]] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    stopped: str = ""  # "Ctrl-C" or "SIGTERM" when the batch was asked to stop
    not_built: list[int] = field(default_factory=list)  # rows never started or cut short

    def status(self) -> int:
        """The exit status: 130 after Ctrl-C, 143 after SIGTERM, 1 if a row failed, else 0."""
        if self.stopped:
            return 130 if self.stopped == "Ctrl-C" else 143
        return 1 if self.failed else 0

    def errors(self, path: Path) -> list[str]:
        """One `Error: FILE:ROW: reason` line for each failed row."""
        return [f"Error: {path}:{failed.line}: {failed.reason}" for failed in self.failed]

    def summary(self, out_dir: Path, read_as: str = "") -> str:
        """`Built 2 handouts (9 pages) in out; 1 row failed; read as UTF-8 text, separated
        by commas`; when stopped, `Stopped by Ctrl-C: built 2 handouts (9 pages) in out;
        17 rows not built (rows 4-20); ...`."""
        pages = sum(p for _, _, p in self.built)
        built = len(self.built)
        line = f"Built {built} handout{'s' * (built != 1)} ({pages} pages) in {out_dir}"
        if self.stopped:
            line = f"Stopped by {self.stopped}: b{line[1:]}"
        if self.failed:
            line += f"; {len(self.failed)} row{'s' * (len(self.failed) != 1)} failed"
        if self.not_built:
            count = len(self.not_built)
            line += (f"; {count} row{'s' * (count != 1)} not built "
                     f"({_spans(self.not_built)})")
        return f"{line}; read as {read_as}" if read_as else line


class Job(NamedTuple):
    """A spreadsheet read and ready to build: its rows, how it was read, today's date."""

    rows: list[Row]
    read_as: str
    today: dt.date
    warnings: tuple[str, ...] = ()  # `Warning: ...` lines, such as an unreviewed translation


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
    return Job(rows, read_as, date, _review_warnings(content, rows, content_dir))


def _review_warnings(content: Content, rows: list[Row], content_dir: Path | None
                     ) -> tuple[str, ...]:
    """`build`'s warning for each language the rows ask for whose words no clinician has
    reviewed; a language that cannot be read says so on its rows instead."""
    from kneepdf.build import in_language, review_warning
    from kneepdf.words import language_of

    found = []
    for lang in sorted({language_of(r.options.lang or "") or "en" for r in rows} - {"en"}):
        try:
            warning = review_warning(in_language(content, lang, content_dir))
        except KneepdfError:
            continue
        if warning:
            found.append(f"Warning: {warning}")
    return tuple(found)


def _spans(lines: list[int]) -> str:
    """`rows 4-6, 9`: the line numbers as ranges."""
    spans: list[list[int]] = []
    for n in sorted(lines):
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    words = [f"{a}-{b}" if b > a else str(a) for a, b in spans]
    return f"row{'s' * (len(lines) > 1)} " + ", ".join(words)


def read_rows(path: Path, today: dt.date | None = None,
              stage_ids: Mapping[str, str] | None = None) -> tuple[list[Row], str]:
    """The rows of a batch spreadsheet (.csv or .xlsx, see kneepdf.load.table) and how the
    file was read; an unknown column or an unreadable file stops the batch. `today` and
    `stage_ids` (each stage name, such as '2', to its id) name a row's file after its
    patient, stage and date, as `build` does."""
    table = read_table(path)
    unknown = [c for c in table.columns if c not in COLUMNS]
    if unknown and len(unknown) == len(table.columns):
        # No column kneepdf knows: most likely the header row is missing and the first row
        # holds a patient's details, which a message must never quote.
        raise KneepdfError(f"{path}:1: the first row names none of the columns (is the "
                           f"header row missing?); it must name them: {', '.join(COLUMNS)} "
                           "(in any order, upper or lower case)", file=str(path), row=1)
    if unknown or "stage" not in table.columns:
        problem = (f"unknown column '{unknown[0]}'" if unknown else "no 'stage' column")
        raise KneepdfError(f"{path}:1: {problem}; columns are: {', '.join(COLUMNS)} "
                           "(in any order, upper or lower case)",
                           file=str(path), row=1, column=unknown[0] if unknown else "stage")
    if not table.rows:  # a header and nothing under it: no patient to build for
        raise KneepdfError(f"{path}: no rows under the header row; put one patient a row "
                           "under it", file=str(path))
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
        rows.append(Row(line, options, f"{unique(wanted, used, f'row-{line}')}.pdf", problem,
                        typed=bool(safe_stem(typed)), cells=tuple(values.values())))
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
    _WORKER["content_dir"] = content_dir
    _WORKER["languages"] = {}  # the content in each language a row asked for
    _WORKER["today"] = today
    _WORKER["themes"] = {}
    _WORKER["reuse"] = Reuse()
    gc.freeze()  # the content lives as long as the worker: the collector can skip it


def _in_language(content: object, lang: str) -> object:
    """The worker's content in `lang`, read once per worker (ContentErrors for a missing or
    out-of-date unit: that row fails, naming it)."""
    from kneepdf.build import in_language
    from kneepdf.model import Content

    languages = _WORKER["languages"]
    assert isinstance(content, Content) and isinstance(languages, dict)
    if lang not in languages:
        folder = _WORKER["content_dir"]
        assert folder is None or isinstance(folder, Path)
        languages[lang] = in_language(content, lang, folder)
    return languages[lang]


def _setup(content_dir: Path | None, today: dt.date, out_dir: Path) -> Callable[[Row], Done]:
    """In a worker process: load the content, then build rows."""
    _init(content_dir, today)
    return functools.partial(_one, out_dir=out_dir)


class Failure(NamedTuple):
    """A row that failed: its line, the column the problem is about ("" when none) and the
    problem in the spreadsheet's words."""

    line: int
    column: str
    reason: str


def _column(exc: KneepdfError) -> str:
    """The column an error is about, from the option it carries."""
    return exc.option.lstrip("-").replace("-", "_") if exc.option else ""


def _one(row: Row, out_dir: Path) -> Done:
    """Build one row: (line, error or None, pages, the column the error is about, the file
    written); never raises an Exception."""
    if row.problem:
        return row.line, row.problem, 0, "", ""
    try:
        return _build_row(row, out_dir)
    except Exception as exc:  # a fault in kneepdf: this row fails, the others go on
        return (row.line, f"kneepdf could not build this row ({type(exc).__name__}); "
                "the other rows go on", 0, "", "")


def _build_row(row: Row, out_dir: Path) -> Done:
    from kneepdf.build import build
    from kneepdf.commands import known_words
    from kneepdf.load.styles import load_theme, unknown_style
    from kneepdf.model import Content
    from kneepdf.reuse import Reuse
    from kneepdf.select.options import resolve
    from kneepdf.theme import Theme

    content = _WORKER["content"]
    themes = _WORKER["themes"]
    today = _WORKER["today"]
    reuse = _WORKER["reuse"]
    assert isinstance(content, Content) and isinstance(themes, dict)
    assert isinstance(reuse, Reuse)
    assert isinstance(today, dt.date)
    base: Content = content  # its ids and names may be quoted in a message
    try:
        resolved = resolve(row.options, content, today)
        content = _in_language(content, resolved.lang)
        assert isinstance(content, Content)
        unknown = unknown_style(resolved.style)
        if unknown is not None:
            raise OptionError("--style", unknown)
        if resolved.style not in themes:
            themes[resolved.style] = load_theme(resolved.style)
        theme = themes[resolved.style]
        assert isinstance(theme, Theme)
        # the file may be named after the patient: its messages never say the name
        result = build(resolved, content, theme, out_dir / row.name,
                       shown=f"{out_dir} (this row's file)", replace=row.typed,
                       reuse=reuse)
    except OptionError as exc:
        said = unquote(str(exc), row.cells, known_words(base))
        return row.line, in_columns(f"{exc.option}: {said}"), 0, _column(exc), ""
    except KneepdfError as exc:
        said = unquote("; ".join(exc.lines()), row.cells, known_words(base))
        return row.line, in_columns(said), 0, _column(exc), ""
    return row.line, None, result.pages, "", result.path.name


def _leftovers(out_dir: Path, pid: int | None) -> None:
    """Remove the temporary files a killed worker left in the folder."""
    if pid is None:
        return
    for tmp in out_dir.glob(f".kneepdf-{pid}-*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()


def run_batch(rows: list[Row], out_dir: Path, jobs: int, content_dir: Path | None,
              today: dt.date, progress: Progress) -> BatchReport:
    """Build every row; a failed row is reported and the others are still built.

    Ctrl-C (KeyboardInterrupt) or SIGTERM stops the batch within about a second: rows in
    hand finish if they can, the report says it stopped and lists the rows not built, and
    no partial or temporary file is left."""
    try:
        made = make_folder(out_dir)  # removed again if no row is built
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create the folder ({exc.strerror})") from None
    report = BatchReport()
    done: set[int] = set()

    def record(row: Row, result: Done) -> None:
        line, error, pages, column, written = result
        done.add(row.line)
        if error is None:
            report.built.append((line, out_dir / written, pages))
        else:
            report.failed.append(Failure(line, column, error))
        progress.update(1)

    before = on_sigterm() if main_thread() else None
    asked: list[int] = []
    before_int = on_sigint(asked) if main_thread() else None
    pool = None
    try:
        if jobs == 1 or len(rows) < 2:
            _init(content_dir, today)
            for row in rows:
                record(row, _one(row, out_dir))
        else:
            pool = Pool(rows, jobs, functools.partial(_setup, content_dir, today, out_dir),
                        _death, functools.partial(_leftovers, out_dir))
            for row, result in pool.results():
                record(row, result)
    except KeyboardInterrupt:
        report.stopped = "Ctrl-C"
    except Stopped:
        report.stopped = "SIGTERM"
    finally:
        if pool is not None:
            for row, result in pool.stop():
                record(row, result)
        if before is not None:
            signal.signal(signal.SIGTERM, before)
        if before_int is not None and not asked:
            signal.signal(signal.SIGINT, before_int)
    if not report.built:
        remove_empty(made)
    report.not_built = [row.line for row in rows if row.line not in done]
    report.built.sort()
    report.failed.sort()
    return report


def _death(row: Row, why: str) -> Done:
    return (row.line, f"the worker process building this row {why}; the other rows go on", 0,
            "", "")
