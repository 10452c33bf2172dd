"""One handout from start to finish: select, render, write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kneepdf.model import Content, PatientDetails
from kneepdf.render import render_pdf, write_atomic
from kneepdf.selection import find_stage, select
from kneepdf.styles import Theme


@dataclass(frozen=True)
class BuildRequest:
    """What the clinician asked for."""

    stage: str
    details: PatientDetails
    out: Path


@dataclass(frozen=True)
class BuildResult:
    """What was written."""

    path: Path
    pages: int
    size: int
    items: tuple[str, ...]


def build(request: BuildRequest, content: Content, theme: Theme) -> BuildResult:
    """Build one handout and write it atomically; raises KneepdfError on any problem."""
    handout = select(content, find_stage(content, request.stage), request.details)
    data, pages = render_pdf(handout, theme)
    write_atomic(request.out, data)
    return BuildResult(request.out, pages, len(data), tuple(i.id for i in handout.items))
