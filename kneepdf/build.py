"""One handout from start to finish: select, render, write."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from kneepdf import cache
from kneepdf.content import default_content_dir, load_content, source_files
from kneepdf.errors import ContentError, ContentErrors
from kneepdf.model import Content
from kneepdf.options import Resolved
from kneepdf.render import render_pdf, write_atomic
from kneepdf.selection import select
from kneepdf.styles import Theme, default_styles_dir, load_theme

INPUTS = "inputs"


class BuildResult(NamedTuple):
    """What was written."""

    path: Path
    pages: int
    size: int
    items: tuple[str, ...]


def load_inputs(content_dir: Path | None, style: str) -> tuple[Content, Theme]:
    """The content and the theme, or ContentErrors with every problem found in both.

    Unchanged files are not read as YAML twice: the checked result is kept in the cache,
    under a digest of every file it came from.
    """
    digest = _inputs_digest(content_dir, style)
    if digest is not None:
        kept = cache.read(INPUTS, digest)
        if (isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], Content)
                and isinstance(kept[1], Theme)):
            return kept[0], kept[1]
    errors: list[ContentError] = []
    content = theme = None
    try:
        content = load_content(content_dir)
    except ContentErrors as exc:
        errors += exc.errors
    try:
        theme = load_theme(style)
    except ContentErrors as exc:
        errors += exc.errors
    if errors or content is None or theme is None:
        raise ContentErrors(errors)
    if digest is not None and not theme.logo:  # a logo is read again at every build
        cache.write(INPUTS, digest, (content, theme))
    return content, theme


def _inputs_digest(content_dir: Path | None, style: str) -> str | None:
    """A digest of every file the content and the shipped styles are read from, or None.

    None when the cache is off or the style is a file of the user's own, which may name
    parents anywhere.
    """
    if cache.directory() is None or style.endswith((".yaml", ".yml")) or "/" in style:
        return None
    folder = content_dir if content_dir is not None else default_content_dir()
    try:
        files = [(p.relative_to(folder).as_posix(), _digest(p)) for p in source_files(folder)]
        styles = [(p.name, _digest(p)) for p in sorted(default_styles_dir().glob("*.yaml"))]
    except OSError:
        return None
    return cache.key(INPUTS, str(content_dir), tuple(files), style, tuple(styles))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(resolved: Resolved, content: Content, theme: Theme, out: Path) -> BuildResult:
    """Build one handout and write it atomically; raises KneepdfError on any problem."""
    if resolved.paper is not None:
        theme = replace(theme, paper=resolved.paper)
    handout = select(content, resolved.stage, resolved.details, resolved.choices)
    data, pages = render_pdf(handout, theme)
    write_atomic(out, data)
    return BuildResult(out, pages, len(data), tuple(i.id for i in handout.items))
