"""The one error family kneepdf raises for problems a user can fix."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class KneepdfError(Exception):
    """A problem with the content, the style, the options or the output file."""

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

    def __init__(self, place: Place, message: str) -> None:
        super().__init__(f"{place}: {message}")
        self.place = place
        self.message = message


class ContentErrors(KneepdfError):
    """Every problem found in a set of files, reported together."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.place, e.message))
        super().__init__("\n".join(str(e) for e in self.errors))

    def lines(self) -> list[str]:
        return [str(e) for e in self.errors]


class StyleError(ContentErrors):
    """Every problem found in a style file."""


class OutputError(KneepdfError):
    """The PDF could not be written to the path asked for."""


class LayoutError(KneepdfError):
    """The content cannot be laid out on the page."""


class FontError(KneepdfError):
    """Text uses characters that no shipped font can draw."""
