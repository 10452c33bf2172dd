"""What each `kneepdf` command does, as library calls: options in, a result or lines out."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from kneepdf import __version__
from kneepdf.build import BuildResult, build, in_language, load_inputs, pictures_for
from kneepdf.errors import ContentError, KneepdfError, OptionError, OutputError, Place
from kneepdf.load.content import load_content
from kneepdf.load.styles import load_theme, style_names, unknown_style
from kneepdf.model import Content, HandoutStep, Item, PatientDetails, Stage
from kneepdf.options import Options
from kneepdf.pictures.frames import solved_errors
from kneepdf.quoting import unquote
from kneepdf.select.options import resolve
from kneepdf.select.selection import (
    UnknownStage,
    find_stage,
    optional_items,
    select,
    stage_names,
)
from kneepdf.write.atomic import make_folder, remove_empty, write_atomic
from kneepdf.write.names import default_path
from kneepdf.write.sheet import review_sheet

OUT = Path("out")  # where files go when no path is given


class Written(NamedTuple):
    """A file written and its page count."""

    path: Path
    pages: int


def today() -> dt.date:
    """SOURCE_DATE_EPOCH's date when set (for reproducible builds), else today; a
    KneepdfError when it is not a whole number of seconds in range."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return dt.date.today()
    if not epoch.strip().isdigit():
        raise KneepdfError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since "
                           f"1970-01-01, got '{epoch}'")
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    except (OverflowError, ValueError, OSError):
        raise KneepdfError(f"SOURCE_DATE_EPOCH is out of range, got '{epoch}'") from None


def version_line() -> str:
    """`kneepdf, version 1.0; content version 3, reviewed 2026-01-05`, then a line for each
    other language: the content version it was translated from and whether it is up to
    date with the English (every unit present and made from the English as it is now)."""
    from kneepdf.load.content import default_content_dir
    from kneepdf.load.lang import overlay_languages, read_overlay

    content = load_content()
    reviewed = content.reviewed.isoformat() if content.reviewed else "not recorded"
    lines = [f"kneepdf, version {__version__}; content version {content.version}, "
             f"reviewed {reviewed}"]
    for lang in overlay_languages(default_content_dir()):
        overlay = read_overlay(content, lang, default_content_dir(), "content")
        t = overlay.translation
        state = (f"out of date ({len(overlay.errors)} problems; see kneepdf check)"
                 if overlay.errors or t is None else "up to date")
        made = f"translated from content version {t.translated_from}" if t else "no header"
        review = (f"reviewed by {t.reviewed_by}" if t and t.reviewed_by
                  else "not yet reviewed by a clinician")
        lines.append(f"{lang}: {made}, {state}; {review}")
    return "\n".join(lines)


def check_style(style: str | None, place: Place | None = None,
                typed: tuple[str, ...] = ()) -> None:
    """An unknown shipped style's name: OptionError("--style") listing the styles, or a
    ContentError at `place` when a preset named it (never quoting what it `typed`)."""
    problem = unknown_style(style) if style is not None else None
    if problem is not None and place is not None:
        said = unquote(problem, typed, frozenset(style_names()), instead="the value")
        raise ContentError(place, f"style: {said}")
    if problem is not None:
        raise OptionError("--style", problem)


def build_handout(given: Options, explicit: set[str], preset: Path | None,
                  content_dir: Path | None, out: Path | None) -> BuildResult:
    """`kneepdf build`: the preset's options under those `explicit`ly given, resolved and
    built to `out` (default: `default_path`, in OUT, created when missing).

    Raises OptionError (MissingOption for no stage) for a value given on the command line,
    a ContentError at the preset's line for one the preset gave, other KneepdfErrors for
    the content, style and file. No message names the patient: a file named after them
    is called out/NAME-STAGE-DATE.pdf.
    """
    places: dict[str, Place] = {}
    typed: tuple[str, ...] = ()
    if preset is not None:
        from kneepdf.load.preset import load_preset, merge  # PyYAML only for a preset

        saved = load_preset(preset)
        places = {k: v for k, v in saved.places.items() if k not in explicit}
        typed = saved.typed
        given = merge(saved.options, given, explicit)
    check_style(given.style, places.get("style"), typed)
    content, theme = load_inputs(content_dir, given.style or "default", pictures=False)
    try:
        resolved = resolve(given, content, dt.date.min if given.date is not None else today())
    except OptionError as exc:
        key = exc.option.lstrip("-").replace("-", "_")
        if key in places:  # in the preset's words, never quoting what it holds
            said = unquote(str(exc), typed, known_words(content), instead="the value")
            raise ContentError(places[key], f"{key}: {said}", exc.option) from None
        raise
    if resolved.lang == "en":
        content = pictures_for(resolved, content, content_dir)  # only the pictures it draws
    else:  # every picture, so that every unit of the language is checked
        content = in_language(content, resolved.lang, content_dir)
    stage, details = resolved.stage.id, resolved.details
    path = out or default_path(stage, details.patient, details.date)
    shown = None
    if out is None and details.patient:
        shown = str(path.with_name(f"NAME-{stage}-{details.date.isoformat()}.pdf"))
    with _default_folder(out is None):
        return build(resolved, content, theme, path, shown, replace=out is not None)


def known_words(content: Content) -> frozenset[str]:
    """Words a message may quote from a cell or a preset: item, stage and condition ids,
    stage numbers and style names (they are the content's, never a patient's)."""
    ids = {i.id for step in content.steps for i in step.items}
    ids |= {c.id for c in content.conditions} | set(stage_names(content)) | set(style_names())
    return frozenset(ids)


@contextmanager
def _default_folder(needed: bool) -> Iterator[None]:
    """OUT created when `needed` and missing (the default folder is ours to create), and
    removed again if what runs inside fails: a refused file leaves no empty out/ behind."""
    try:
        made = make_folder(OUT) if needed else []
    except OSError as exc:
        raise OutputError(f"{OUT}: cannot create the output folder ({exc.strerror})",
                          file=str(OUT)) from None
    try:
        yield
    except BaseException:
        remove_empty(made)
        raise


def _stage(content: Content, name: str) -> Stage:
    try:
        return find_stage(content, name)
    except UnknownStage as exc:
        raise OptionError("--stage", f"'{name}' is not a stage; choose one of: "
                          + ", ".join(exc.valid)) from None


def handout_steps(content: Content, stage: Stage) -> tuple[HandoutStep, ...]:
    """The steps as the stage's handout prints them, in order: the handout numbers them 1, 2,
    3 ..., and so do `stages` and `exercises`."""
    return select(content, stage, PatientDetails(dt.date(2000, 1, 1))).steps


def exercise_items(content: Content, stage: str | None = None) -> list[Item]:
    """The exercises of one stage's handout (by stage id or number), or of the whole
    programme; OptionError("--stage") for a stage that does not exist."""
    if stage is None:
        return [item for step in content.steps for item in step.items if item.is_exercise]
    handout = select(content, _stage(content, stage), PatientDetails(dt.date(2000, 1, 1)))
    return [item for item in handout.items if item.is_exercise]


def pictures_sheet(content_dir: Path | None, stage: str | None, side: str, paper: str,
                   out: Path | None) -> Written:
    """`kneepdf pictures`: every picture (posed and checked) of the programme or of one
    stage on a review sheet, written to `out` (default: out/pictures[-STAGE].pdf)."""
    content = load_content(content_dir, check_pose=solved_errors)  # to sign off: all
    items = exercise_items(content, stage)
    heading = f"Stage: {stage}" if stage else "Every exercise"
    path = out or OUT / (f"pictures-{stage}.pdf" if stage else "pictures.pdf")
    with _default_folder(out is None):
        theme = dataclasses.replace(load_theme("default"), paper=paper)
        sheet = review_sheet(items, mirror=side == "left", theme=theme, heading=heading)
        write_atomic(path, sheet.data)
    return Written(path, sheet.pages)


def stage_lines(content_dir: Path | None) -> list[str]:
    """`kneepdf stages`: each stage and the steps its handout prints."""
    content = load_content(content_dir)
    lines = []
    for stage in content.stages:
        number = str(stage.number) if stage.number is not None else "-"
        lines.append(f"{number}  {stage.id:<9} {stage.name}")
        for n, hs in enumerate(handout_steps(content, stage), 1):
            extra = " (with progressions)" if hs.progressions else ""
            lines.append(f"     step {n:>2}: {hs.step.title}{extra}")
    return lines


def exercise_lines(content_dir: Path | None, stage: str | None) -> list[str]:
    """`kneepdf exercises`: every item (or one stage's) under the step that holds it."""
    content = load_content(content_dir)
    extra: list[tuple[str, Item]] = []
    if stage is None:  # every item, variants too; the complete programme numbers steps 1-N
        steps = [(n, s.title, s.items) for n, s in enumerate(content.steps, 1)]
    else:
        chosen = _stage(content, stage)
        steps = [(n, hs.step.title, hs.items) for n, hs in
                 enumerate(handout_steps(content, chosen), 1)]
        extra = [(step.title, item) for step, item in optional_items(content, chosen)]
    added = {c.add for cond in content.conditions for c in cond.changes if c.add}
    lines = []
    for number, title, items in steps:
        lines.append(f"step {number}: {title}")
        lines += [_item_line(item, added) for item in items]
    if extra:  # the stage's optional exercises: printed only when added
        lines.append("optional: print any of these with --add ID")
        lines += [_item_line(item, added, f" (from: {title})") for title, item in extra]
    return lines


def _item_line(item: Item, added: set[str], after: str = "") -> str:
    """One listed item: id, name, kind and dose; a variant whose id is in `added` is one a
    condition adds, any other takes the place of another item."""
    load = ", high load" if item.high_load else ""
    if item.variant:
        load += ", added by a condition" if item.id in added else ", in place of another"
    dose = item.dose.summary() or "-"
    return f"  {item.id:<26} {item.name} ({item.kind}{load}) [{dose}]{after}"
