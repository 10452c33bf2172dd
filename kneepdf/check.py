"""Validate a content folder and a style together, reporting every problem at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import replace as changed
from itertools import product
from pathlib import Path

from kneepdf.build import in_language, load_inputs, review_warning
from kneepdf.commands import check_style
from kneepdf.errors import ContentError, ContentErrors, KneepdfError
from kneepdf.layout.fonts import fonts_for
from kneepdf.load.content import default_content_dir
from kneepdf.load.poses import picture_warnings
from kneepdf.load.styles import load_theme, style_names
from kneepdf.model import Choices, Content, PatientDetails, Stage, Step
from kneepdf.options import MAX_NAME
from kneepdf.readability import (
    EASE_LIMIT,
    LIMIT,
    ease_es,
    handout_lines,
    score,
    step_lines,
    syllable_counts,
)
from kneepdf.reuse import Reuse
from kneepdf.select.selection import select
from kneepdf.theme import PAPER, Theme
from kneepdf.write.pdf import check_fits, handout_texts, render_pdf

# The longest details a clinician can type (MAX_NAME letters), in words of a usual length.
LONG = ("Dr Maximiliana Wolfeschlegel-Steinhausen of the Riverside Physiotherapy and "
        "Sports Clinic " * 2)[:MAX_NAME].strip()


@dataclass(frozen=True)
class CheckResult:
    """What a clean check found, with the reading grade of each step and stage."""

    content: Content
    themes: tuple[Theme, ...]
    step_grades: tuple[tuple[Step, float], ...]
    stage_grades: tuple[tuple[Stage, float], ...]
    pictures: tuple[ContentError, ...] = ()  # warnings: exercises without a picture, and back
    languages: tuple[Language, ...] = ()  # each overlay, checked and built like the English

    def grade_table(self) -> list[str]:
        lines = [f"Reading grade (Flesch-Kincaid; steps {LIMIT:g} or below, "
                 "handouts 6 or below):"]
        lines += [f"  step {s.number:>2}  {s.id:<22} {g:5.1f}" for s, g in self.step_grades]
        lines += [f"  stage    {s.id:<22} {g:5.1f}" for s, g in self.stage_grades]
        for lang in self.languages:
            lines += lang.grade_table()
        return lines

    def warnings(self) -> list[ContentError]:
        """A step above the grade limit, pointed at its file."""
        return [ContentError(s.place, f"step '{s.id}' reads at grade {g:.1f}; rewrite it in "
                             f"shorter sentences and commoner words (limit {LIMIT:g})")
                for s, g in self.step_grades if g > LIMIT] + [
            w for lang in self.languages for w in lang.warnings()]

    def summary(self) -> str:
        c = self.content
        items = sum(len(step.items) for step in c.steps)
        names = ", ".join(f"'{t.name}'" for t in self.themes)
        return (f"OK: {len(c.steps)} steps, {items} items, {len(c.stages)} stages; "
                f"{'style' if len(self.themes) == 1 else 'styles'} {names}, every stage "
                f"built on {' and '.join(p.upper() if p == 'a4' else p.title() for p in PAPER)}")


@dataclass(frozen=True)
class Language:
    """A language overlay that checked clean: its reading ease by step and stage."""

    content: Content
    step_ease: tuple[tuple[Step, float], ...]
    stage_ease: tuple[tuple[Stage, float], ...]
    unused: tuple[ContentError, ...] = ()  # overlay files of English files that are gone

    def grade_table(self) -> list[str]:
        lang = self.content.lang
        lines = [f"Reading ease in {lang} (Fernández-Huerta; steps {EASE_LIMIT:g} or above, "
                 "higher is easier):"]
        lines += [f"  step {s.number:>2}  {s.id:<22} {e:5.1f}" for s, e in self.step_ease]
        lines += [f"  stage    {s.id:<22} {e:5.1f}" for s, e in self.stage_ease]
        return lines

    def warnings(self) -> list[ContentError]:
        lang = self.content.lang
        out = [ContentError(s.place, f"step '{s.id}' in {lang} reads at ease {e:.1f}; "
                            f"rewrite it in shorter sentences and words (limit {EASE_LIMIT:g})")
               for s, e in self.step_ease if e < EASE_LIMIT]
        review = review_warning(self.content)
        if review and self.content.stages:
            place = self.content.stages[0].place
            out.append(ContentError(place._replace(path=place.path.rpartition("/")[0]
                                                   + f"/lang/{lang}", line=1, col=1), review))
        return out + list(self.unused)


def check(content_dir: Path | None = None, style: str | None = None) -> CheckResult:
    """Load content and a style (every shipped style when `style` is None), then build every
    stage's handout on every paper with the longest details allowed; raises ContentErrors
    naming every problem (file:line:col where there is one), OptionError("--style") for
    an unknown shipped style."""
    check_style(style)
    content, theme = load_inputs(content_dir, style or "default", every_picture=True)
    themes = (theme,) if style else (theme, *(load_theme(n) for n in style_names()
                                              if n != "default"))
    errors: list[ContentError] = []
    details = PatientDetails(date=dt.date(2000, 1, 1))
    reuse = Reuse()
    # Every stage, plain and with each condition that changes its items.
    changing = [None, *(c.id for c in content.conditions if c.changes)]
    for stage in content.stages:
        for condition in changing:
            handout = select(content, stage, details, Choices(condition=condition))
            fonts = fonts_for(theme.font, handout_texts(handout), reuse)
            for each in themes:
                try:
                    check_fits(handout, each, fonts, reuse)
                except ContentErrors as exc:
                    errors += exc.errors
    if not errors:
        errors = _build_all(content, themes, reuse)
    languages: list[Language] = []
    if not errors:
        languages, errors = _languages(content, content_dir, themes, reuse)
    if errors:
        raise ContentErrors(_unique(errors))
    counts = syllable_counts()
    steps = tuple((step, score(step_lines(step), counts).grade) for step in content.steps)
    stages = tuple((stage, score(handout_lines(select(content, stage, details)), counts).grade)
                   for stage in content.stages)
    folder = content_dir or default_content_dir()
    shown = "content" if content_dir is None else str(content_dir)
    return CheckResult(content, themes, steps, stages,
                       tuple(picture_warnings(content, folder, shown)), tuple(languages))


def _languages(content: Content, content_dir: Path | None, themes: tuple[Theme, ...],
               reuse: Reuse) -> tuple[list[Language], list[ContentError]]:
    """Each language overlay: complete and up to date, and every stage built in it in every
    style on every paper with the longest details, as the English is."""
    from kneepdf.load.lang import overlay_languages, unused_files
    from kneepdf.load.units import units

    out: list[Language] = []
    errors: list[ContentError] = []
    details = PatientDetails(date=dt.date(2000, 1, 1))
    for lang in overlay_languages(content_dir or default_content_dir()):
        try:
            translated = in_language(content, lang, content_dir)
        except ContentErrors as exc:
            errors += exc.errors
            continue
        found: list[ContentError] = []
        changing = [None, *(c.id for c in translated.conditions if c.changes)]
        for stage, condition in product(translated.stages, changing):
            handout = select(translated, stage, details, Choices(condition=condition))
            fonts = fonts_for(themes[0].font, handout_texts(handout), reuse)
            for each in themes:
                try:
                    check_fits(handout, each, fonts, reuse)
                except ContentErrors as exc:
                    found += exc.errors
        found += _build_all(translated, themes, reuse)
        errors += [e if f" in {lang} " in e.message else
                   ContentError(e.place, f"in {lang}: {e.message}") for e in found]
        steps = tuple((step, ease_es(step_lines(step))) for step in translated.steps)
        stages = tuple((stage, ease_es(handout_lines(select(translated, stage, details))))
                       for stage in translated.stages)
        folder = content_dir or default_content_dir()
        shown = "content" if content_dir is None else str(content_dir)
        unused = unused_files(units(content), lang, folder, shown)
        out.append(Language(translated, steps, stages, tuple(unused)))
    return out, errors


def _build_all(content: Content, themes: tuple[Theme, ...],
               reuse: Reuse) -> list[ContentError]:
    """Build every stage in every style on every paper with the longest details (each
    condition's wording is fitted above); each failure named by where it is."""
    errors: list[ContentError] = []
    details = PatientDetails(date=dt.date(2000, 1, 1), patient=LONG, clinician=LONG,
                             clinic=LONG, contact=LONG)
    for theme, paper, stage in product(themes, PAPER, content.stages):
        try:
            render_pdf(select(content, stage, details), changed(theme, paper=paper), reuse)
        except ContentErrors as exc:
            errors += exc.errors
        except KneepdfError as exc:
            errors.append(ContentError(stage.place, (
                f"stage '{stage.id}'{'' if content.lang == 'en' else ' in ' + content.lang} "
                f"with style '{theme.name}' on {paper} paper: {exc}")))
    return errors


def _unique(errors: list[ContentError]) -> list[ContentError]:
    seen: dict[str, ContentError] = {}
    for error in errors:
        seen.setdefault(str(error), error)
    return list(seen.values())

