"""Paths as people type and paste them: quotes kept around, `~`, spaces at the ends, and
macOS Terminal's backslash before a space."""

from __future__ import annotations

import os
import re
from typing import Any

import click

_QUOTES = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019"}


def typed_path(text: str) -> str:
    """`text` as the path its typist meant: unchanged when it names something that exists;
    else without spaces at its ends and one pair of quotes around it (Windows' Copy as path
    adds them, word processors curl them), with `~` as the home folder, and on macOS and
    Linux with `\\ ` as a space when only that form exists."""
    if not text or os.path.lexists(text):
        return text
    path = text.strip()
    if len(path) >= 2 and _QUOTES.get(path[0]) == path[-1]:
        path = path[1:-1].strip()
    path = os.path.expanduser(path)
    if os.name == "posix" and "\\" in path and not os.path.lexists(path):
        unescaped = re.sub(r"\\(.)", r"\1", path)
        if os.path.lexists(unescaped):
            path = unescaped
    return path


class TypedPath(click.Path):
    """click.Path, reading the value as `typed_path` does first."""

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            value = typed_path(value)
        return super().convert(value, param, ctx)
