"""The `kneepdf` command: thin Click commands over the library."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from pathlib import Path
from typing import Any, NoReturn

import click

from kneepdf import __version__
from kneepdf.errors import KneepdfError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
_BIDI = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F}
MAX_NAME = 80


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


def _name(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """Accept a person's or clinic's name only if it is clean, printable text."""
    if value is None:
        return ""
    option = f"--{param.name}"
    for ch in value:
        cp = ord(ch)
        if 0xD800 <= cp <= 0xDFFF:
            raise click.BadParameter(f"holds bytes that are not valid text (U+{cp:04X})")
        if unicodedata.category(ch) in ("Cc", "Cf") or cp in _BIDI:
            raise click.BadParameter(f"holds the control character U+{cp:04X}; "
                                     "type the name as plain text")
    if not value.strip():
        raise click.BadParameter("is empty; leave the option out to print a line to write on")
    if len(value) > MAX_NAME:
        raise click.BadParameter(f"is {len(value)} characters long; the limit is {MAX_NAME}",
                                 param_hint=option)
    return " ".join(value.split())


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; use YYYY-MM-DD, "
                                 "for example 2026-03-31") from None


def handout_date(given: dt.date | None) -> dt.date:
    """--date, else SOURCE_DATE_EPOCH (for reproducible builds), else today."""
    if given is not None:
        return given
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


def _load(content_dir: Path | None) -> Any:
    from kneepdf.content import load_content

    try:
        return load_content(content_dir)
    except KneepdfError as exc:
        fail(exc)


def _load_both(content_dir: Path | None, style: str) -> Any:
    from kneepdf.check import load_inputs

    try:
        return load_inputs(content_dir, style)
    except KneepdfError as exc:
        fail(exc)


def _stage(content: Any, name: str) -> Any:
    from kneepdf.selection import UnknownStage, find_stage

    try:
        return find_stage(content, name)
    except UnknownStage as exc:
        raise click.BadParameter(
            f"'{name}' is not a stage; choose one of: {', '.join(exc.valid)}",
            param_hint="'--stage'",
        ) from None


content_option = click.option(
    "--content", "content_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Use this content folder instead of the shipped one.")


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="kneepdf")
def cli() -> None:
    """Print staged home-exercise handouts for inner (medial) knee pain.

    \b
    Examples:
      kneepdf build --stage acute --patient "Ana Silva"
      kneepdf stages
      kneepdf exercises --stage strength
    """


@cli.command(context_settings=CONTEXT)
@click.option("--stage", "-s", required=True, metavar="STAGE",
              help="acute, subacute, strength, return (or 1-4), or all.")
@click.option("--patient", callback=_name, help="The patient's name (not stored anywhere else).")
@click.option("--clinician", callback=_name, help="Your name.")
@click.option("--clinic", callback=_name, help="The clinic's name.")
@click.option("--date", "date_", callback=_date, metavar="YYYY-MM-DD",
              help="The handout's date (default: today, or SOURCE_DATE_EPOCH).")
@click.option("--review-date", callback=_date, metavar="YYYY-MM-DD",
              help="When to come back (default: a line to write on).")
@click.option("-o", "--out", type=click.Path(dir_okay=True, path_type=Path), metavar="PATH",
              help="Where to write the PDF (default: out/knee-handout-STAGE.pdf).")
@click.option("--style", default="default", show_default=True, metavar="NAME|FILE",
              help="A shipped style (default, large-print) or a style .yaml file.")
@content_option
def build(stage: str, patient: str, clinician: str, clinic: str, date_: dt.date | None,
          review_date: dt.date | None, out: Path | None, style: str,
          content_dir: Path | None) -> None:
    """Build one handout PDF for a stage.

    \b
    Examples:
      kneepdf build --stage acute
      kneepdf build --stage 2 --patient "Ana Silva" --clinician "J. Okafor"
      kneepdf build --stage all --date 2026-03-01 -o all.pdf
    """
    from kneepdf.build import BuildRequest
    from kneepdf.build import build as build_handout
    from kneepdf.model import PatientDetails

    content, theme = _load_both(content_dir, style)
    chosen = _stage(content, stage)
    details = PatientDetails(date=handout_date(date_), patient=patient, clinician=clinician,
                             clinic=clinic, review_date=review_date)
    path = out if out is not None else Path("out") / f"knee-handout-{chosen.id}.pdf"
    request = BuildRequest(stage=chosen.id, details=details, out=path)
    try:
        result = build_handout(request, content, theme)
    except KneepdfError as exc:
        fail(exc)
    click.echo(f"{result.path} ({result.pages} pages)")


@cli.command(context_settings=CONTEXT)
@content_option
@click.option("--style", default="default", show_default=True, metavar="NAME|FILE",
              help="A shipped style (default, large-print) or a style .yaml file.")
def check(content_dir: Path | None, style: str) -> None:
    """Check the content and a style; report every problem as file:line:col.

    \b
    Examples:
      kneepdf check
      kneepdf check --content my-clinic-content --style large-print
    """
    from kneepdf.check import check as run_check

    try:
        result = run_check(content_dir, style)
    except KneepdfError as exc:
        fail(exc)
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
    """List every exercise and advice id with its step and dose.

    \b
    Examples:
      kneepdf exercises
      kneepdf exercises --stage subacute
    """
    content = _load(content_dir)
    wanted = None
    if stage is not None:
        chosen = _stage(content, stage)
        wanted = {s.step_id for s in chosen.steps}
    for step in content.steps:
        if wanted is not None and step.id not in wanted:
            continue
        click.echo(f"step {step.number}: {step.title}")
        for item in step.items:
            if stage is not None and item.high_load and not chosen.high_load:
                continue
            dose = item.dose.summary() or "-"
            click.echo(f"  {item.id:<28} {item.kind:<8} {item.name} [{dose}]")
