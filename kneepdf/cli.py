"""The `kneepdf` command: thin Click commands, each one call into the library."""

from __future__ import annotations

import contextlib
import gc
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from kneepdf.clierrors import CliError, Group, library
from kneepdf.errors import ContentErrors
from kneepdf.options import BY_NAME, OPTIONS, SINGLE, Option, Options
from kneepdf.paths import TypedPath

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
F = TypeVar("F", bound=Callable[..., Any])


def flag(option: Option) -> Callable[[F], F]:
    """The Click option for one option of the table (kneepdf.options.OPTIONS)."""
    names = (option.flag, option.short) if option.short else (option.flag,)
    if option.kind == "flag":
        return click.option(*names, is_flag=True, default=None, help=option.help)
    return click.option(*names, multiple=option.repeated, metavar=option.metavar or None,
                        help=option.help)


def every_option(command: F) -> F:
    for option in reversed(OPTIONS):
        command = flag(option)(command)
    return command


content_option = click.option(
    "--content", "content_dir", type=TypedPath(file_okay=False, path_type=Path),
    help="Use this content folder instead of the shipped one.")


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """Print the program's version and the shipped content's version and review date."""
    if not value or ctx.resilient_parsing:
        return
    from kneepdf.commands import version_line

    with library():
        click.echo(version_line())
    ctx.exit()


@click.group(cls=Group, context_settings=CONTEXT)
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help="Show the version of kneepdf and of its content, then exit.")
@click.pass_context
def cli(ctx: click.Context) -> None:
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
    if ctx.invoked_subcommand not in ("batch", "serve"):  # long-lived: memory stays flat
        gc.set_threshold(20_000, 20, 20)  # a one-off command: a tenth faster


@cli.command(context_settings=CONTEXT)
@every_option
@click.option("--preset", type=TypedPath(dir_okay=False, path_type=Path), metavar="FILE",
              help="A .yaml file of these options; options given here win.")
@click.option("-o", "--out", type=TypedPath(path_type=Path), metavar="PATH",
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
    A default name never replaces a file already there (an identical rebuild leaves it,
    another takes the next number, -2, -3 ...); -o replaces, keeping the permissions.

    \b
    Examples:
      kneepdf build --stage acute
      kneepdf build --stage 2 --patient "Ana Silva" --clinician "J. Okafor" --side left
      kneepdf build --stage strength --dose step-up=3x15 --dose single-leg-balance=hold:45s
      kneepdf build --stage 3 --add side-lunge    # refused: high-load work waits for stage 4
      kneepdf build --stage all --paper letter --style large-print -o all.pdf
      kneepdf build --stage 2 --lang es --patient "Ana Silva"    # in Spanish
      kneepdf build --preset examples/preset-mcl-subacute.yaml --patient "Ana Silva"
    """
    from kneepdf.commands import build_handout

    typed: dict[str, Any] = {o.name: list(values[o.name]) if o.repeated else values[o.name]
                             for o in OPTIONS}
    given = Options(**typed)
    explicit = {k for k in SINGLE if ctx.get_parameter_source(k) is not ParameterSource.DEFAULT}
    with library():
        result = build_handout(given, explicit, preset, content_dir, out)
    click.echo(f"{result.path} ({result.pages} pages)")
    click.echo("".join(f"Warning: {w}\n" for w in result.warnings), err=True, nl=False)


BATCH_HELP = """Build one handout per row of a spreadsheet: a CSV file (separated by commas,
semicolons or tabs; UTF-8, UTF-16 or Windows-1252) or an Excel .xlsx file (first sheet).

Columns are named after build's options, in any order and case: {columns}; {lists} take
several values separated by ';'. Also file (the output name, kept as typed except
characters that file names cannot hold; default: the patient's name, the stage and the
date, as build names its file, or the row's line number and stage when the row has no
patient).

\b
Examples:
  kneepdf batch patients.csv
  kneepdf batch patients.xlsx --out-dir printed --jobs 2
"""


@cli.command(context_settings=CONTEXT, help=BATCH_HELP.format(
    columns=", ".join(o.name + (" (required)" if o.kind == "stage" else "")
                      for o in OPTIONS if o.column),
    lists=", ".join(o.name for o in OPTIONS if o.column and o.repeated)))
@click.argument("csv_file", type=TypedPath(dir_okay=False, path_type=Path),
                metavar="CSV|XLSX")
@click.option("--out-dir", type=TypedPath(file_okay=False, path_type=Path), default="out",
              show_default=True, help="Folder for the handouts (created if missing).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes.")
@content_option
def batch(csv_file: Path, out_dir: Path, jobs: int, content_dir: Path | None) -> None:
    from kneepdf.batch import NO_PROGRESS, prepare, run_batch

    with library():
        job = prepare(csv_file, content_dir)  # a broken content folder stops it before any row
        # A bar on a terminal only: redirected, it would leave a bare "Building" in the log.
        with (click.progressbar(length=len(job.rows), label="Building", file=sys.stderr,
                                show_pos=True) if sys.stderr.isatty()
              else contextlib.nullcontext(NO_PROGRESS)) as bar:
            report = run_batch(job.rows, out_dir, jobs, content_dir, job.today, bar)
    for line in (*job.warnings, *report.errors(csv_file)):
        click.echo(line, err=True)
    click.echo(report.summary(out_dir, job.read_as))
    if report.status():
        raise SystemExit(report.status())


@cli.command(context_settings=CONTEXT)
@content_option
@flag(BY_NAME["style"])
@click.option("--strict", is_flag=True, help="Treat a step above reading grade 7 as an error.")
def check(content_dir: Path | None, style: str | None, strict: bool) -> None:
    """Check the content and a style; report every problem as file:line:col.

    Builds every stage in the style (every shipped style when --style is not given) on A4
    and Letter with the longest names the options allow, in English and each language of
    content/lang; prints each step's and stage's reading grade (Flesch-Kincaid; Spanish:
    Fernández-Huerta's ease) and warns about a hard step or an unreviewed translation.

    \b
    Examples:
      kneepdf check
      kneepdf check --content my-clinic-content --style large-print --strict
    """
    from kneepdf.check import check as run_check

    with library():
        result = run_check(content_dir, style)
    click.echo("\n".join(result.grade_table()))
    if strict and result.warnings():
        raise CliError(ContentErrors(result.warnings()))
    for warning in (*result.warnings(), *result.pictures):
        click.echo(f"Warning: {warning}", err=True)
    click.echo(result.summary())


@cli.command(context_settings=CONTEXT)
@click.option("--stage", "-s", metavar="STAGE", help="Only the exercises of this stage.")
@click.option("--side", type=click.Choice(["left", "right"]), default="right",
              help="The working leg in every picture.  [default: right]")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4",
              help="Paper size.  [default: a4]")
@click.option("-o", "--out", type=TypedPath(path_type=Path), metavar="PATH",
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
    from kneepdf.commands import pictures_sheet

    with library():
        written = pictures_sheet(content_dir, stage, side, paper, out)
    click.echo(f"{written.path} ({written.pages} pages)")


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

    with library():
        run(port, content_dir, open_browser=not no_browser, echo=click.echo)


@cli.command(context_settings=CONTEXT)
@content_option
def stages(content_dir: Path | None) -> None:
    """List the stages and the steps each includes.

    \b
    Example:
      kneepdf stages
    """
    from kneepdf.commands import stage_lines

    with library():
        click.echo("\n".join(stage_lines(content_dir)))


@cli.command(context_settings=CONTEXT)
@click.option("--stage", "-s", metavar="STAGE",
              help="Only the items of this stage.  [default: all, the complete programme]")
@content_option
def exercises(stage: str | None, content_dir: Path | None) -> None:
    """List every exercise and advice id with its name, step and dose. Steps carry the
    numbers the stage's handout prints. With a stage, its core programme comes first, then
    its optional exercises, which print only with --add ID (or every one in stage 'all').

    \b
    Examples:
      kneepdf exercises
      kneepdf exercises --stage subacute
    """
    from kneepdf.commands import exercise_lines

    with library():
        click.echo("\n".join(exercise_lines(content_dir, stage)))
