"""Validate a content folder and a style together, reporting every problem at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kneepdf.content import load_content
from kneepdf.errors import ContentError, ContentErrors
from kneepdf.fonts import fonts_for
from kneepdf.model import Content, PatientDetails
from kneepdf.render import check_fits, handout_texts
from kneepdf.selection import select
from kneepdf.styles import Theme, load_theme


@dataclass(frozen=True)
class CheckResult:
    """What a clean check found."""

    content: Content
    theme: Theme

    def summary(self) -> str:
        c = self.content
        items = sum(len(step.items) for step in c.steps)
        return (f"OK: {len(c.steps)} steps, {items} items, {len(c.stages)} stages; "
                f"style '{self.theme.name}'")


def load_inputs(content_dir: Path | None, style: str) -> tuple[Content, Theme]:
    """The content and the theme, or ContentErrors with every problem found in both."""
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
    return content, theme


def check(content_dir: Path | None = None, style: str = "default") -> CheckResult:
    """Load content and style, then check fonts and page fit for every stage's handout."""
    content, theme = load_inputs(content_dir, style)
    errors: list[ContentError] = []
    details = PatientDetails(date=dt.date(2000, 1, 1))
    for stage in content.stages:
        handout = select(content, stage, details)
        fonts = fonts_for(theme.font, handout_texts(handout))
        try:
            check_fits(handout, theme, fonts)
        except ContentErrors as exc:
            errors += exc.errors
    if errors:
        raise ContentErrors(_unique(errors))
    return CheckResult(content, theme)


def _unique(errors: list[ContentError]) -> list[ContentError]:
    seen: dict[str, ContentError] = {}
    for error in errors:
        seen.setdefault(str(error), error)
    return list(seen.values())

