"""One handout from start to finish: load, select, render, write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kneepdf.content import load_content
from kneepdf.model import Content, PatientDetails
from kneepdf.render import render_pdf, write_atomic
from kneepdf.selection import find_stage, select
from kneepdf.styles import load_theme


@dataclass(frozen=True)
class BuildRequest:
    """What the clinician asked for."""

    stage: str
    details: PatientDetails
    out: Path
    style: str = "default"
    content_dir: Path | None = None


@dataclass(frozen=True)
class BuildResult:
    """What was written."""

    path: Path
    pages: int
    size: int
    items: tuple[str, ...] = field(default=())


def build(request: BuildRequest, content: Content | None = None) -> BuildResult:
    """Build one handout and write it atomically; raises KneepdfError on any problem."""
    if content is None:
        content = load_content(request.content_dir)
    theme = load_theme(request.style)
    handout = select(content, find_stage(content, request.stage), request.details)
    data, pages = render_pdf(handout, theme)
    write_atomic(request.out, data)
    return BuildResult(request.out, pages, len(data), tuple(i.id for i in handout.items))
