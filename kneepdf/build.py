"""One handout from start to finish: select, render, write."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from kneepdf.model import Content
from kneepdf.options import Resolved
from kneepdf.render import render_pdf, write_atomic
from kneepdf.selection import select
from kneepdf.styles import Theme


@dataclass(frozen=True)
class BuildResult:
    """What was written."""

    path: Path
    pages: int
    size: int
    items: tuple[str, ...]


def build(resolved: Resolved, content: Content, theme: Theme, out: Path) -> BuildResult:
    """Build one handout and write it atomically; raises KneepdfError on any problem."""
    if resolved.paper is not None:
        theme = replace(theme, paper=resolved.paper)
    handout = select(content, resolved.stage, resolved.details, resolved.choices)
    data, pages = render_pdf(handout, theme)
    write_atomic(out, data)
    return BuildResult(out, pages, len(data), tuple(i.id for i in handout.items))
