"""The `kneepdf` command: thin Click commands over the library."""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click
from click.core import ParameterSource

from kneepdf import __version__
from kneepdf.errors import ContentError, KneepdfError, OutputError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
TEXT_OPTIONS = ("stage", "patient", "clinician", "clinic", "contact", "notes", "date",
                "review_date", "side", "condition", "paper", "style", "weeks")


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


def _load(content_dir: Path | None, style: str | None = None) -> Any:
    from kneepdf.build import load_inputs
    from kneepdf.load.content import load_content

    try:
        return load_content(content_dir) if style is None else load_inputs(content_dir, style)
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
    """
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
@style_option
@click.option("--preset", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="A .yaml file of these options; options given here win.")
@click.option("-o", "--out", type=click.Path(path_type=Path), metavar="PATH",
              help="Where to write the PDF.  [default: out/knee-handout-STAGE.pdf]")
@content_option
@click.pass_context
def build(ctx: click.Context, /, out: Path | None, preset: Path | None,
          content_dir: Path | None, **values: Any) -> None:
    """Build one handout PDF for a stage.

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
    path = out if out is not None else Path("out") / f"knee-handout-{resolved.stage.id}.pdf"
    try:
        if out is None:
            Path("out").mkdir(exist_ok=True)  # the default folder is ours to create
    except OSError as exc:
        fail(OutputError(f"out: cannot create the output folder ({exc.strerror})"))
    try:
        result = build_handout(resolved, content, theme, path)
    except KneepdfError as exc:
        fail(exc)
    click.echo(f"{result.path} ({result.pages} pages)")


@cli.command(context_settings=CONTEXT)
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path), metavar="CSV")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default="out",
              show_default=True, help="Folder for the handouts (created if missing).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes.")
@content_option
def batch(csv_file: Path, out_dir: Path, jobs: int, content_dir: Path | None) -> None:
    """Build one handout per row of a CSV file.

    Columns are named after build's options: stage (required), patient, clinician,
    clinic, contact, notes, date, review_date, side, condition, paper, style, weeks, add,
    drop and dose (several values separated by ';'), and file (the output name;
    default: the row's line number and stage).

    \b
    Examples:
      kneepdf batch patients.csv
      kneepdf batch patients.csv --out-dir printed --jobs 2
    """
    from kneepdf.batch import read_rows, run_batch

    _load(content_dir)  # a broken content folder stops the batch before any row
    try:
        rows = read_rows(csv_file)
        with click.progressbar(length=len(rows), label="Building",
                               file=sys.stderr, show_pos=True) as bar:
            report = run_batch(rows, out_dir, jobs, content_dir, today(), bar)
    except KneepdfError as exc:
        fail(exc)
    for line, reason in report.failed:
        click.echo(f"Error: {csv_file}:{line}: {reason}", err=True)
    click.echo(report.summary(out_dir))
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

    try:
        result = run_check(content_dir, style)
    except KneepdfError as exc:
        fail(exc)
    for line in result.grade_table():
        click.echo(line)
    warnings = result.warnings()
    if warnings and strict:
        fail(ContentErrors(warnings))
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(result.summary())


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
        for s in stage.steps:
            step = content.step(s.step_id)
            extra = " (with progressions)" if s.progressions else ""
            click.echo(f"     step {step.number:>2}: {step.title}{extra}")


@cli.command(context_settings=CONTEXT)
@click.option("--stage", "-s", metavar="STAGE", help="Only the items of this stage.")
@content_option
def exercises(stage: str | None, content_dir: Path | None) -> None:
    """List every exercise and advice id with its name, step and dose.

    \b
    Examples:
      kneepdf exercises
      kneepdf exercises --stage subacute
    """
    from kneepdf.model import Choices
    from kneepdf.select.selection import UnknownStage, chosen_ids, find_stage

    content = _load(content_dir)
    chosen = None
    if stage is not None:
        try:
            chosen = find_stage(content, stage)
        except UnknownStage as exc:
            raise click.BadParameter(f"'{stage}' is not a stage; choose one of: "
                                     + ", ".join(exc.valid), param_hint="'--stage'") from None
    held = set(chosen_ids(content, chosen, Choices())) if chosen else None
    for step in content.steps:
        items = [i for i in step.items if held is None or i.id in held]
        if not items:
            continue
        click.echo(f"step {step.number}: {step.title}")
        for item in items:
            load = ", high load" if item.high_load else ""
            load += ", in place of another" if item.variant else ""
            dose = item.dose.summary() or "-"
            click.echo(f"  {item.id:<26} {item.name} ({item.kind}{load}) [{dose}]")
