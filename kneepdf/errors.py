"""The one error family kneepdf raises for problems a user can fix."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class KneepdfError(Exception):
    """A problem with the content, the style, the options or the output file.

    What it is about, when known, so a form or a spreadsheet can point at it without
    reading the message: `option` (the flag, such as "--patient"), `file` (a path as
    shown to the user), `row` (a spreadsheet's line, 1-based) and `column` (its column).
    A message never holds what a patient's details say.
    """

    def __init__(self, *args: object, option: str = "", file: str = "", row: int = 0,
                 column: str = "") -> None:
        super().__init__(*args)
        self.option = option
        self.file = file
        self.row = row
        self.column = column

    def lines(self) -> list[str]:
        """The problem as one or more one-line messages."""
        return [str(self)]


class Place(NamedTuple):
    """A position in a text file: 1-based line and column (a named tuple: cheap to define)."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


class ContentError(KneepdfError):
    """A problem at one place in a content or style file."""

    def __init__(self, place: Place, message: str, option: str = "") -> None:
        super().__init__(f"{place}: {message}", file=place.path, option=option)
        self.place = place
        self.message = message


class ContentErrors(KneepdfError):
    """Every problem found in a set of files, reported together."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.place, e.message))
        first = self.errors[0] if self.errors else None
        super().__init__("\n".join(str(e) for e in self.errors),
                         file=first.file if first else "", option=first.option if first else "")

    def lines(self) -> list[str]:
        return [str(e) for e in self.errors]


class StyleError(ContentErrors):
    """Every problem found in a style file."""


class OutputError(KneepdfError):
    """The PDF could not be written to the path asked for."""


class OptionError(KneepdfError):
    """An option value that cannot be used; `option` names the option ("--weeks") and, for
    --add, --drop and --dose, `item` the item id it is about."""

    def __init__(self, option: str, message: str, item: str = "") -> None:
        super().__init__(message, option=option)
        self.item = item


class MissingOption(OptionError):
    """A required option was not given."""


class LayoutError(KneepdfError):
    """The content cannot be laid out on the page."""


class FontError(KneepdfError):
    """Text uses characters that no shipped font can draw."""
