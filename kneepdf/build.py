"""One handout from start to finish: select, render, write."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from kneepdf.errors import ContentError, ContentErrors
from kneepdf.load.content import default_content_dir, load_content, with_pictures
from kneepdf.load.styles import load_theme
from kneepdf.model import Content, Handout
from kneepdf.pictures.frames import solved_errors
from kneepdf.reuse import Reuse
from kneepdf.select.options import Resolved
from kneepdf.select.selection import select
from kneepdf.theme import Theme
from kneepdf.write.atomic import write_atomic
from kneepdf.write.pdf import render_pdf


class BuildResult(NamedTuple):
    """What was written."""

    path: Path
    pages: int
    size: int
    items: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def load_inputs(content_dir: Path | None, style: str, *, every_picture: bool = False,
                pictures: bool = True) -> tuple[Content, Theme]:
    """The content and the theme, or ContentErrors with every problem found in both.

    `every_picture` poses and checks every picture, not only those a handout draws.
    `pictures=False` reads none (`pictures_for` then reads those of one handout).
    """
    errors: list[ContentError] = []
    content = theme = None
    try:
        content = load_content(content_dir,
                               check_pose=solved_errors if every_picture else None,
                               pictures=None if pictures else ())
    except ContentErrors as exc:
        errors += exc.errors
    try:
        theme = load_theme(style)
    except ContentErrors as exc:
        errors += exc.errors
    if errors or content is None or theme is None:
        raise ContentErrors(errors)
    return content, theme


def pictures_for(resolved: Resolved, content: Content, content_dir: Path | None) -> Content:
    """The content (loaded with `pictures=False`) with the pictures of the exercises the
    handout for `resolved` prints: a single build reads and poses only what it draws.
    Raises ContentErrors for a broken picture file."""
    handout = select(content, resolved.stage, resolved.details, resolved.choices)
    return with_pictures(content, [i.id for i in handout.items if i.is_exercise], content_dir)


def in_language(content: Content, lang: str, content_dir: Path | None) -> Content:
    """The content in `lang`: its overlay (content/lang/LANG) over the English, with every
    picture read so that every unit is checked; "en" gives the content as it is. Raises
    ContentErrors naming each missing or out-of-date unit."""
    if lang == "en":
        return content
    from kneepdf.load.lang import load_language

    ids = [i.id for s in content.steps for i in s.items if i.is_exercise]
    if any(i.pose is None for s in content.steps for i in s.items if i.is_exercise):
        content = with_pictures(content, ids, content_dir)  # every picture there is
    folder = content_dir if content_dir is not None else default_content_dir()
    return load_language(content, lang, folder, str(content_dir) if content_dir else "content")


def review_warning(content: Content) -> str:
    """A warning when the content is a translation no clinician has reviewed, else ""."""
    t = content.translation
    if t is None or t.reviewed_by:
        return ""
    return (f"the {t.lang} words are a draft that no clinician has reviewed yet "
            f"(reviewed_by is empty in content/lang/{t.lang}); check them before giving "
            "this handout to a patient")


def render(resolved: Resolved, content: Content, theme: Theme,
           reuse: Reuse | None = None) -> tuple[bytes, int, Handout]:
    """The handout for `resolved` as PDF bytes, its page count and the handout itself.

    `reuse` holds what handouts of one process share (fonts, line breaks, pictures, QR
    codes); a new one is made when None. Nothing is written anywhere; raises KneepdfError
    on any problem.
    """
    reuse = reuse if reuse is not None else Reuse()
    if resolved.paper is not None:
        theme = replace(theme, paper=resolved.paper)
    stage = content.stage(resolved.stage.id)  # in the content's language
    handout = select(content, stage, resolved.details, resolved.choices)
    problems = solved_errors((item.pose for item in handout.items if item.pose is not None),
                             reuse)
    if problems:  # a picture this handout draws cannot be posed as its file says
        raise ContentErrors(problems)
    data, pages = render_pdf(handout, theme, reuse)
    return data, pages, handout


def build(resolved: Resolved, content: Content, theme: Theme, out: Path,
          shown: str | None = None, reuse: Reuse | None = None, *,
          replace: bool = True) -> BuildResult:
    """Build one handout and write it atomically (see `render` for `reuse`); raises
    KneepdfError on any problem (an OutputError names the file as `shown`, by default
    `out`).

    Without `replace` (a default name) an existing file is never replaced: the result's
    path may carry a number (see `write_atomic`)."""
    data, pages, handout = render(resolved, content, theme, reuse)
    written = write_atomic(out, data, shown, replace=replace)
    warning = review_warning(content)
    return BuildResult(written, pages, len(data), tuple(i.id for i in handout.items),
                       (warning,) if warning else ())
