"""Read a language's overlay (content/lang/<code>/, the English files' names, words by id) and
put it over the English content; a missing or stale unit stops the build, naming it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from kneepdf import model
from kneepdf.errors import ContentError, ContentErrors, Place
from kneepdf.load.units import Unit, Words, fingerprint, translated, units

if TYPE_CHECKING:
    from yaml.nodes import Node

    from kneepdf.load.yamlio import Reader

HEADER = ("language", "translated_from", "reviewed_by", "review_date")


class Overlay(NamedTuple):
    """One language's words by file and id, its header, every problem found, and files
    left over from English files that are gone (`unused`: never read, for a warning)."""

    words: dict[str, dict[str, Words]]
    translation: model.Translation | None
    errors: list[ContentError]
    unused: list[ContentError]


def folder_of(content_dir: Path, lang: str) -> Path:
    return content_dir / "lang" / lang


def read_overlay(content: model.Content, lang: str, content_dir: Path, shown: str) -> Overlay:
    """Every overlay file of `lang` checked against the English `content` (loaded with all
    its pictures): each unit present, of the English shape, made from the English as it is
    now (its `from:` fingerprint), under a header naming the language and version."""
    english = units(content)
    where = f"{shown}/lang/{lang}"
    base = folder_of(content_dir, lang)
    errors: list[ContentError] = []
    words: dict[str, dict[str, Words]] = {}
    headers: list[model.Translation] = []
    if not base.is_dir():
        raise ContentErrors([ContentError(Place(where, 1, 1), f"no {lang} words: the folder is "
                                          "missing")])
    unused = unused_files(english, lang, content_dir, shown)
    for name, ids in english.items():
        got = _read_file(base / name, f"{where}/{name}", ids, lang, errors)
        if got is not None:
            words[name], header = got
            headers.append(header)
    translation = headers[0] if headers else None
    for header in headers[1:]:
        if translation is not None and header != translation:
            errors.append(ContentError(Place(where, 1, 1), "every file's header must say "
                                       "the same: " + _header_text(translation)))
            break
    return Overlay(words, translation, errors, unused)


def unused_files(english: dict[str, dict[str, Unit]], lang: str, content_dir: Path,
                 shown: str) -> list[ContentError]:
    """The overlay's files for which there is no English file (a picture since removed)."""
    base = folder_of(content_dir, lang)
    names = sorted(f.relative_to(base).as_posix() for f in base.rglob("*.yaml"))
    return [ContentError(Place(f"{shown}/lang/{lang}/{name}", 1, 1), f"no English content "
                         f"file is called {name}, so this file is not used")
            for name in names if name not in english]


def _header_text(t: model.Translation) -> str:
    day = t.review_date.isoformat() if t.review_date else ""
    return (f"language: {t.lang}, translated_from: {t.translated_from}, "
            f"reviewed_by: {t.reviewed_by}, review_date: {day}")


def _read_file(file: Path, path: str, ids: dict[str, Unit], lang: str,
               errors: list[ContentError]) -> tuple[dict[str, Words], model.Translation] | None:
    from kneepdf.load.yamlio import Reader, load

    if not file.is_file():
        listed = ", ".join(ids)
        errors.append(ContentError(Place(path, 1, 1), f"the file is missing; it must hold "
                                   f"the {lang} words of: {listed}"))
        return None
    try:
        node = load(file, path)
    except ContentError as exc:
        errors.append(exc)
        return None
    r = Reader(path, errors)
    f = r.fields(node, path.rpartition("/")[2], (*HEADER, "units"))
    if f is None or len(f) < len(HEADER) + 1:
        return None
    code = r.text(f["language"], "language")
    if code and code != lang:
        r.error(f["language"], f"language must be {lang} in this folder, got '{code}'")
    reviewer = r.text(f["reviewed_by"], "reviewed_by", allow_empty=True)
    review = f["review_date"]
    day: dt.date | None = None
    if getattr(review, "value", "") not in ("", "null", "~"):
        day = r.date(review, "review_date")
    header = model.Translation(lang, r.text(f["translated_from"], "translated_from"),
                               reviewer, day)
    out: dict[str, Words] = {}
    given = r.fields(f["units"], "units", (), tuple(ids))
    if given is None:
        return None
    for unit_id, (place, english) in ids.items():
        if unit_id not in given:
            r.error(f["units"], f"'{unit_id}' has no {lang} words (the English is at {place})")
            continue
        got = _unit(r, given[unit_id], unit_id, english, place)
        if got is not None:
            out[unit_id] = got
    return out, header


def _unit(r: Reader, node: Node, unit_id: str, english: Words, place: Place) -> Words | None:
    keys = tuple(english)
    f = r.fields(node, f"'{unit_id}'", ("from", *keys))
    if f is None or "from" not in f:
        return None
    want = fingerprint(english)
    got = r.text(f["from"], "from")
    if got and got != want:
        r.error(f["from"], f"'{unit_id}' is out of date: its English (at {place}) has changed "
                f"since it was translated; translate it again and write from: {want}")
    words = {key: _words(r, f[key], english[key], f"{unit_id}.{key}") for key in keys
             if key in f}
    return words if len(words) == len(keys) else None


def _words(r: Reader, node: Node, english: Words, what: str) -> Words:
    """`node` read in the shape of the English: a text, a list as long, a mapping of the
    same keys."""
    if isinstance(english, str):
        return r.text(node, what)
    if isinstance(english, list):
        got = getattr(node, "value", None)
        if not isinstance(got, list) or getattr(node, "id", "") != "sequence":
            r.error(node, f"{what} must be a list of {len(english)}, as the English is")
            return list(english)
        if len(got) != len(english):
            r.error(node, f"{what} must have {len(english)} entries, as the English has; "
                    f"got {len(got)}")
            return list(english)
        return [_words(r, child, e, f"{what}[{n + 1}]")
                for n, (child, e) in enumerate(zip(got, english, strict=True))]
    f = r.fields(node, what, tuple(english))
    if f is None:
        return dict(english)
    return {key: _words(r, f[key], english[key], f"{what}.{key}") if key in f else english[key]
            for key in english}


def load_language(content: model.Content, lang: str, content_dir: Path,
                  shown: str) -> model.Content:
    """The content in `lang` ("en" gives it back as it is); ContentErrors naming every missing,
    stale or malformed unit (file, line, column, id). Nothing falls back to English."""
    if lang == "en":
        return content
    overlay = read_overlay(content, lang, content_dir, shown)
    if overlay.errors or overlay.translation is None:
        raise ContentErrors(overlay.errors or [ContentError(Place(shown, 1, 1),
                                                            f"no {lang} words")])
    return translated(content, overlay.words, overlay.translation)


def overlay_languages(content_dir: Path) -> list[str]:
    """The languages with an overlay folder, in code order."""
    folder = content_dir / "lang"
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
