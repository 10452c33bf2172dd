"""The `kneepdf` command: thin Click commands over the library."""

from __future__ import annotations

import datetime as dt
import gc
import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from click.core import ParameterSource

from kneepdf import __version__
from kneepdf.errors import ContentError, KneepdfError, OutputError

if TYPE_CHECKING:
    from kneepdf.model import Content, HandoutStep, Stage

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
TEXT_OPTIONS = ("stage", "patient", "clinician", "clinic", "contact", "notes", "date",
                "review_date", "side", "condition", "paper", "style", "weeks", "fillable")


class CliError(click.ClickException):
    """A KneepdfError as Click shows it: one `Error:` line per problem, exit status 1."""

    def __init__(self, error: KneepdfError) -> None:
        super().__init__(str(error))
        self.error = error

    def show(self, file: Any = None) -> None:
        for line in self.error.lines():
            click.echo(f"Error: {line}", err=True)


def fail(error: KneepdfError) -> NoReturn:
    raise CliError(error) from None


def today() -> dt.date:
    """SOURCE_DATE_EPOCH's date when set (for reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return dt.date.today()
    if not epoch.strip().isdigit():
        fail(KneepdfError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since "
                          f"1970-01-01, got '{epoch}'"))
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    except (OverflowError, ValueError, OSError):
        fail(KneepdfError(f"SOURCE_DATE_EPOCH is out of range, got '{epoch}'"))


def _load(content_dir: Path | None, style: str | None = None, every_picture: bool = False
          ) -> Any:
    from kneepdf.build import load_inputs
    from kneepdf.load.content import load_content

    try:
        if style is None:
            return load_content(content_dir, every_picture=every_picture)
        return load_inputs(content_dir, style)
    except KneepdfError as exc:
        fail(exc)


content_option = click.option(
    "--content", "content_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Use this content folder instead of the shipped one.")
style_option = click.option(
    "--style", metavar="NAME|FILE",
    help="A shipped style (default, large-print) or a style .yaml file.  [default: default]")


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """Print the program's version and the shipped content's version and review date."""
    if not value or ctx.resilient_parsing:
        return
    content = _load(None)
    reviewed = content.reviewed.isoformat() if content.reviewed else "not recorded"
    click.echo(f"kneepdf, version {__version__}; content version {content.version}, "
               f"reviewed {reviewed}")
    ctx.exit()


def check_style(style: str | None, place: Any = None) -> None:
    """An unknown shipped-style name is command-line misuse (exit 2) listing the styles, or a
    ContentError at the preset's line when the preset named it."""
    from kneepdf.load.styles import unknown_style

    problem = unknown_style(style) if style is not None else None
    if problem is None:
        return
    if place is not None:
        fail(ContentError(place, f"style: {problem}"))
    raise click.BadParameter(problem, param_hint="'--style'")


@click.group(context_settings=CONTEXT)
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help="Show the version of kneepdf and of its content, then exit.")
def cli() -> None:
    """Print staged home-exercise handouts for inner (medial) knee pain.

    \b
    Examples:
      kneepdf build --stage acute --patient "Ana Silva"
      kneepdf stages
      kneepdf exercises --stage strength
      kneepdf batch patients.csv --jobs 2
      kneepdf serve
    """
    for stream in (sys.stdout, sys.stderr):  # a Windows code page cannot show every letter:
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")  # print \u escapes, not a traceback
    # A short-lived process that builds many small objects and frees them all at exit:
    # collecting the young generation less often saves a tenth of a build's time.
    gc.set_threshold(20_000, 20, 20)


@cli.command(context_settings=CONTEXT)
@click.option("--stage", "-s", metavar="STAGE",
              help="acute, subacute, strength, return (or 1-4), or all.  [required]")
@click.option("--patient", help="The patient's name (printed only on the page).")
@click.option("--clinician", help="Your name.")
@click.option("--clinic", help="The clinic's name.")
@click.option("--contact", help="A phone number or e-mail for questions.")
@click.option("--notes", help="Free text for the patient; line breaks are kept.")
@click.option("--date", metavar="YYYY-MM-DD",
              help="The handout's date (default: today, or SOURCE_DATE_EPOCH).")
@click.option("--review-date", metavar="YYYY-MM-DD", help="When to come back.")
@click.option("--side", metavar="left|right", help="The painful knee; names the leg.")
@click.option("--condition", metavar="ID", help="The diagnosis: a paragraph on it, and its "
              "cautions and gentler exercises: osteoarthritis, meniscus-tear, mcl-sprain, "
              "pes-anserine, adductor-strain.")
@click.option("--add", multiple=True, metavar="ID", help="Add an item (repeatable).")
@click.option("--drop", multiple=True, metavar="ID", help="Leave an item out (repeatable).")
@click.option("--dose", multiple=True, metavar="ID=SPEC",
              help="Set an item's dose (repeatable). SPEC: 3x15 (sets x reps), reps:20, "
              "sets:3, hold:45s, time:2m, time:30s, daily:3 (times a day), week:3 (days a "
              "week), days:7-10; join with commas.")
@click.option("--paper", metavar="a4|letter", help="Paper size.  [default: from the style]")
@click.option("--weeks", metavar="N", help="Weeks in the tracker, 1 to 12.  [default: 4]")
@click.option("--fillable", is_flag=True, default=None,
              help="Every tick box becomes a form checkbox a PDF viewer can tick; the boxes "
              "still print.")
@style_option
@click.option("--preset", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="A .yaml file of these options; options given here win.")
@click.option("-o", "--out", type=click.Path(path_type=Path), metavar="PATH",
              help="Where to write the PDF.  [default: out/NAME-STAGE-DATE.pdf, see above]")
@content_option
@click.pass_context
def build(ctx: click.Context, /, out: Path | None, preset: Path | None,
          content_dir: Path | None, **values: Any) -> None:
    """Build one handout PDF for a stage.

    \b
    Without -o the PDF goes to the folder out, named so that one patient's
    handout never replaces another's:
      with --patient   out/NAME-STAGE-DATE.pdf, for example
                       out/ana-silva-subacute-2026-03-01.pdf
                       (the name in lower case, its words joined by '-')
      without          out/knee-handout-STAGE.pdf
    A default name never replaces a file already there: an identical rebuild
    leaves it as it is, any other handout takes the next number (for example
    out/ana-silva-subacute-2026-03-01-2.pdf). -o replaces the file it names,
    keeping its permissions.

    \b
    Examples:
      kneepdf build --stage acute
      kneepdf build --stage 2 --patient "Ana Silva" --clinician "J. Okafor" --side left
      kneepdf build --stage strength --dose step-up=3x15 --dose single-leg-balance=hold:45s
      kneepdf build --stage 3 --add side-lunge    # refused: high-load work waits for stage 4
      kneepdf build --stage all --paper letter --style large-print -o all.pdf
      kneepdf build --stage 3 --weeks 8
      kneepdf build --preset examples/preset-mcl-subacute.yaml --patient "Ana Silva"
    """
    from kneepdf.build import build as build_handout
    from kneepdf.select.options import OptionError, Options, resolve
    from kneepdf.select.selection import ChoiceError
    from kneepdf.write.names import default_path

    given = Options(**{k: values[k] for k in TEXT_OPTIONS},
                    add=list(values["add"]), drop=list(values["drop"]),
                    dose=list(values["dose"]))
    explicit = {k for k in TEXT_OPTIONS if ctx.get_parameter_source(k) is not
                ParameterSource.DEFAULT}
    places = {}
    if preset is not None:
        from kneepdf.load.preset import load_preset, merge  # PyYAML only for a preset

        try:
            saved = load_preset(preset)
        except KneepdfError as exc:
            fail(exc)
        places = {k: v for k, v in saved.places.items() if k not in explicit}
        given = merge(saved.options, given, explicit)
    check_style(given.style, places.get("style"))
    content, theme = _load(content_dir, given.style or "default")
    try:
        resolved = resolve(given, content, dt.date.min if given.date is not None else today())
    except (OptionError, ChoiceError) as exc:
        key = exc.option.lstrip("-").replace("-", "_")
        if key in places and key not in explicit:
            fail(ContentError(places[key], f"{key}: {exc}"))
        if exc.option == "--stage" and given.stage is None:
            raise click.UsageError(
                "Missing option '--stage' (or a preset that sets stage).") from None
        raise click.BadParameter(str(exc), param_hint=f"'{exc.option}'") from None
    details = resolved.details
    path = out if out is not None else default_path(resolved.stage.id, details.patient,
                                                    details.date)
    try:
        if out is None:
            Path("out").mkdir(exist_ok=True)  # the default folder is ours to create
    except OSError as exc:
        fail(OutputError(f"out: cannot create the output folder ({exc.strerror})"))
    try:
        result = build_handout(resolved, content, theme, path, replace=out is not None)
    except OutputError as exc:
        if out is None and details.patient:  # the file is named after the patient: not here
            hidden = path.with_name(f"NAME-{resolved.stage.id}-{details.date.isoformat()}.pdf")
            fail(OutputError(str(exc).replace(str(path), str(hidden))))
        fail(exc)
    except KneepdfError as exc:
        fail(exc)
    click.echo(f"{result.path} ({result.pages} pages)")


@cli.command(context_settings=CONTEXT)
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path),
                metavar="CSV|XLSX")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default="out",
              show_default=True, help="Folder for the handouts (created if missing).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes.")
@content_option
def batch(csv_file: Path, out_dir: Path, jobs: int, content_dir: Path | None) -> None:
    """Build one handout per row of a spreadsheet: a CSV file (separated by commas,
    semicolons or tabs; UTF-8, UTF-16 or Windows-1252) or an Excel .xlsx file (first sheet).

    Columns are named after build's options, in any order and case: stage (required),
    patient, clinician, clinic, contact, notes, date, review_date (YYYY-MM-DD), side,
    condition, paper, style, weeks (1-12), add, drop and dose (several values separated
    by ';'), and file
    (the output name, kept as typed except characters that file names cannot hold;
    default: the patient's name, the stage and the date, as build names its file, or the
    row's line number and stage when the row has no patient).

    \b
    Examples:
      kneepdf batch patients.csv
      kneepdf batch patients.xlsx --out-dir printed --jobs 2
    """
    from kneepdf.batch import read_rows, run_batch
    from kneepdf.select.selection import find_stage, stage_names

    content = _load(content_dir)  # a broken content folder stops the batch before any row
    stage_ids = {name: find_stage(content, name).id for name in stage_names(content)}
    date = today()
    try:
        rows, read_as = read_rows(csv_file, date, stage_ids)
        with click.progressbar(length=len(rows), label="Building",
                               file=sys.stderr, show_pos=True) as bar:
            report = run_batch(rows, out_dir, jobs, content_dir, date, bar)
    except KneepdfError as exc:
        fail(exc)
    for line, reason in report.failed:
        click.echo(f"Error: {csv_file}:{line}: {reason}", err=True)
    click.echo(report.summary(out_dir, read_as))
    if report.stopped:
        raise SystemExit(130 if report.stopped == "Ctrl-C" else 143)
    if report.failed:
        raise SystemExit(1)


@cli.command(context_settings=CONTEXT)
@content_option
@style_option
@click.option("--strict", is_flag=True, help="Treat a step above reading grade 7 as an error.")
def check(content_dir: Path | None, style: str | None, strict: bool) -> None:
    """Check the content and a style; report every problem as file:line:col.

    Builds every stage in the style (every shipped style when --style is not given) on A4
    and Letter, with the longest names the options allow. Also prints the reading grade
    (Flesch-Kincaid) of each step and each stage's handout, and warns about a step above
    grade 7.

    \b
    Examples:
      kneepdf check
      kneepdf check --content my-clinic-content --style large-print --strict
    """
    from kneepdf.check import check as run_check
    from kneepdf.errors import ContentErrors

    check_style(style)
    try:
        result = run_check(content_dir, style)
    except KneepdfError as exc:
        fail(exc)
    for line in result.grade_table():
        click.echo(line)
    warnings = result.warnings()
    if warnings and strict:
        fail(ContentErrors(warnings))
    for warning in (*warnings, *result.pictures):
        click.echo(f"Warning: {warning}", err=True)
    click.echo(result.summary())


@cli.command(context_settings=CONTEXT)
@click.option("--stage", "-s", metavar="STAGE", help="Only the exercises of this stage.")
@click.option("--side", type=click.Choice(["left", "right"]), default="right",
              help="The working leg in every picture.  [default: right]")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4",
              help="Paper size.  [default: a4]")
@click.option("-o", "--out", type=click.Path(path_type=Path), metavar="PATH",
              help="Where to write the PDF.  [default: out/pictures.pdf or "
              "out/pictures-STAGE.pdf]")
@content_option
def pictures(stage: str | None, side: str, paper: str, out: Path | None,
             content_dir: Path | None) -> None:
    """Print a review sheet of every exercise picture, large, with its frame labels.

    \b
    Examples:
      kneepdf pictures
      kneepdf pictures --stage subacute --side left -o review.pdf
    """
    from kneepdf.select.selection import UnknownStage
    from kneepdf.write.atomic import write_atomic
    from kneepdf.write.sheet import exercise_items, review_sheet

    content = _load(content_dir, every_picture=True)  # a sheet to sign off: check them all
    try:
        items = exercise_items(content, stage)
    except UnknownStage as exc:
        raise click.BadParameter(f"'{stage}' is not a stage; choose one of: "
                                 + ", ".join(exc.valid), param_hint="'--stage'") from None
    heading = f"Stage: {stage}" if stage else "Every exercise"
    path = out or Path("out") / (f"pictures-{stage}.pdf" if stage else "pictures.pdf")
    try:
        if out is None:
            Path("out").mkdir(exist_ok=True)
        sheet = review_sheet(items, mirror=side == "left", paper=paper, heading=heading)
        write_atomic(path, sheet.data)
    except OSError as exc:
        fail(OutputError(f"out: cannot create the output folder ({exc.strerror})"))
    except KneepdfError as exc:
        fail(exc)
    click.echo(f"{path} ({sheet.pages} pages)")


@cli.command(context_settings=CONTEXT)
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="The port on 127.0.0.1; 0 picks a free one.")
@click.option("--no-browser", is_flag=True, help="Do not open the page in the browser.")
@content_option
def serve(port: int, no_browser: bool, content_dir: Path | None) -> None:
    """Open a local web page to fill in, preview and print handouts.

    The page answers only on this computer (127.0.0.1), only to the address printed
    (it holds a token for this run), and keeps nothing. Stop it with Ctrl-C.

    \b
    Examples:
      kneepdf serve
      kneepdf serve --port 0 --no-browser
    """
    from kneepdf.web.server import serve as run  # Flask only for this command

    try:
        run(port, content_dir, open_browser=not no_browser, echo=click.echo)
    except KneepdfError as exc:
        fail(exc)


@cli.command(context_settings=CONTEXT)
@content_option
def stages(content_dir: Path | None) -> None:
    """List the stages and the steps each includes.

    \b
    Example:
      kneepdf stages
    """
    content = _load(content_dir)
    for stage in content.stages:
        number = str(stage.number) if stage.number is not None else "-"
        click.echo(f"{number}  {stage.id:<9} {stage.name}")
        for n, hs in enumerate(handout_steps(content, stage), 1):
            extra = " (with progressions)" if hs.progressions else ""
            click.echo(f"     step {n:>2}: {hs.step.title}{extra}")


def handout_steps(content: Content, stage: Stage) -> tuple[HandoutStep, ...]:
    """The steps as the stage's handout prints them, in order: the handout numbers them 1, 2,
    3 ..., and so do `stages` and `exercises`."""
    from kneepdf.model import PatientDetails
    from kneepdf.select.selection import select

    return select(content, stage, PatientDetails(dt.date(2000, 1, 1))).steps


@cli.command(context_settings=CONTEXT)
@click.option("--stage", "-s", metavar="STAGE",
              help="Only the items of this stage.  [default: all, the complete programme]")
@content_option
def exercises(stage: str | None, content_dir: Path | None) -> None:
    """List every exercise and advice id with its name, step and dose. Steps carry the
    numbers the stage's handout prints.

    \b
    Examples:
      kneepdf exercises
      kneepdf exercises --stage subacute
    """
    from kneepdf.select.selection import UnknownStage, find_stage

    content = _load(content_dir)
    if stage is None:  # every item, variants too; the complete programme numbers steps 1-N
        steps = [(n, s.title, s.items) for n, s in enumerate(content.steps, 1)]
    else:
        try:
            chosen = find_stage(content, stage)
        except UnknownStage as exc:
            raise click.BadParameter(f"'{stage}' is not a stage; choose one of: "
                                     + ", ".join(exc.valid), param_hint="'--stage'") from None
        steps = [(n, hs.step.title, hs.items)
                 for n, hs in enumerate(handout_steps(content, chosen), 1)]
    for number, title, items in steps:
        click.echo(f"step {number}: {title}")
        for item in items:
            load = ", high load" if item.high_load else ""
            load += ", in place of another" if item.variant else ""
            dose = item.dose.summary() or "-"
            click.echo(f"  {item.id:<26} {item.name} ({item.kind}{load}) [{dose}]")
