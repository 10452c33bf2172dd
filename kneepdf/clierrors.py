"""How the command line reports a problem: one `Error:` line, exit 1 for content, 2 for misuse."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from kneepdf.errors import KneepdfError, MissingOption, OptionError


class CliError(click.ClickException):
    """A KneepdfError as Click shows it: one `Error:` line per problem, exit status 1."""

    def __init__(self, error: KneepdfError) -> None:
        super().__init__(str(error))
        self.error = error

    def show(self, file: Any = None) -> None:
        for line in self.error.lines():
            click.echo(f"Error: {line}", err=True)


class Misuse(click.ClickException):
    """Command-line misuse (a value, an option or a command Click or kneepdf refuses) as one
    `Error:` line, exit status 2: Click's usage line and help hint are left out, so the
    line that says what is wrong is the only one."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


def _one_line(exc: click.UsageError) -> click.ClickException:
    """`exc` as Misuse, unless it is the "no arguments: show the help" of a bare `kneepdf`
    (a UsageError from Click 8.2 on), which shows the help as before."""
    if type(exc).__name__ == "NoArgsIsHelpError":
        return exc
    return Misuse(exc.format_message())


class Command(click.Command):
    """A command whose misuse is reported on one line (see `Misuse`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise _one_line(exc) from None


class Group(click.Group):
    """The `kneepdf` group: its own misuse, an unknown command and its commands' misuse are
    reported on one line (see `Misuse`)."""

    command_class = Command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; Ctrl-C ends it with one line and status 130, as it ends `batch`
        (not Click's "Aborted!" and status 1). A file is written whole or not at all."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("Stopped by Ctrl-C.", err=True)
            ctx.exit(130)

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            raise _one_line(exc) from None


@contextmanager
def library() -> Iterator[None]:
    """Library errors as the command line reports them: a value given on the command line
    is misuse (exit 2), anything else one `Error:` line per problem (exit 1)."""
    try:
        yield
    except MissingOption as exc:
        raise Misuse(f"Missing option '{exc.option}' (or a preset that sets "
                     f"{exc.option.lstrip('-')}).") from None
    except OptionError as exc:
        raise Misuse(click.BadParameter(str(exc), param_hint=f"'{exc.option}'")
                     .format_message()) from None
    except KneepdfError as exc:
        raise CliError(exc) from None
