"""Register the embedded TrueType fonts once, and check that they cover the text."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kneepdf.errors import FontError
from kneepdf.reuse import Reuse

# Line breaks and tabs are layout, not glyphs.
_LAYOUT = frozenset({0x09, 0x0A, 0x0D})
# Noto Sans has Devanagari glyphs, but ReportLab draws one glyph per character without the
# shaping Devanagari needs (joined consonants, a vowel sign drawn before its consonant), so
# a Hindi name would print wrongly: it is refused like a script no font holds.
_NEEDS_SHAPING = frozenset(range(0x0900, 0x0980)) | frozenset(range(0xA8E0, 0xA900)) | (
    frozenset(range(0x1CD0, 0x1D00)))
FALLBACK = "NotoSans"


class FontSet(NamedTuple):
    """The faces of the primary family, and the fallback face for what it lacks."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    coverage: frozenset[int]
    fallback: str | None = None
    fallback_coverage: frozenset[int] = frozenset()

    def needs_fallback(self, ch: str) -> bool:
        return self.fallback is not None and ord(ch) not in self.coverage


def _atkinson_dir() -> Path:
    import fontpkg_atkinson_hyperlegible as pkg  # type: ignore[import-untyped]

    return Path(pkg.ROOT) / "files"


def _registered(name: str, path: Path) -> TTFont:
    """The TrueType font `name`, registered with ReportLab from `path` unless it already is
    (ReportLab keeps one table of fonts for the process)."""
    if name in pdfmetrics.getRegisteredFontNames():
        font: TTFont = pdfmetrics.getFont(name)
        return font
    font = TTFont(name, str(path))
    pdfmetrics.registerFont(font)
    return font


def _primary(family: str) -> FontSet:
    """Register `family` with ReportLab (unless it is) and return its face names."""
    if family != "atkinson":
        raise FontError(f"unknown font family '{family}'")
    folder = _atkinson_dir()
    # Handouts use the regular and bold faces only; italic maps to them (never drawn).
    regular = _registered("Atkinson", folder / "AtkinsonHyperlegible-Regular.ttf")
    bold = _registered("Atkinson-Bold", folder / "AtkinsonHyperlegible-Bold.ttf")
    pdfmetrics.registerFontFamily("Atkinson", normal="Atkinson", bold="Atkinson-Bold",
                                  italic="Atkinson", boldItalic="Atkinson-Bold")
    coverage = frozenset(regular.face.charToGlyph) & frozenset(bold.face.charToGlyph)
    return FontSet("Atkinson", "Atkinson-Bold", "Atkinson", "Atkinson-Bold", coverage)


def _fallback() -> frozenset[int]:
    """Register Noto Sans (unless it is; only when some text needs it): its coverage."""
    import fontpkg_noto_sans as pkg  # type: ignore[import-untyped]

    font = _registered(FALLBACK, Path(pkg.ROOT) / "files" / "NotoSans[wdth,wght].ttf")
    pdfmetrics.registerFontFamily(FALLBACK, normal=FALLBACK, bold=FALLBACK, italic=FALLBACK,
                                  boldItalic=FALLBACK)
    return frozenset(font.face.charToGlyph)


def code_points(text: str) -> frozenset[int]:
    """The characters of `text` that need a glyph, as code points."""
    return frozenset(map(ord, text)) - _LAYOUT


def font_set(family: str = "atkinson", reuse: Reuse | None = None) -> FontSet:
    """The primary family alone, without a fallback; kept in `reuse` when given."""
    if reuse is None:
        return _primary(family)
    found: FontSet = reuse.fonts.get(family, lambda: _primary(family))
    return found


def fonts_for(family: str, texts: Mapping[str, str], reuse: Reuse | None = None) -> FontSet:
    """Fonts that draw every character of `texts`, or FontError naming what none can draw.

    Font sets are kept in `reuse` when given; FontError for an unknown family."""
    primary = font_set(family, reuse)
    used = {where: code_points(text) for where, text in texts.items()}
    if all(points <= primary.coverage for points in used.values()):
        return primary
    fallback: frozenset[int] = (_fallback() if reuse is None
                                else reuse.fonts.get(FALLBACK, _fallback))
    drawable = fallback - _NEEDS_SHAPING
    problems = []
    for where, points in used.items():
        missing = sorted(points - primary.coverage - drawable)
        if missing:
            problems.append((where, _cannot_draw(where, missing)))
    if problems:  # about an option when the first text is one ("--patient")
        first = problems[0][0]
        raise FontError("; ".join(line for _, line in problems),
                        option=first if first.startswith("--") else "")
    return FontSet(primary.regular, primary.bold, primary.italic, primary.bold_italic,
                   primary.coverage, FALLBACK, fallback)


# The first words of a character's Unicode name, and how to call that script in a message.
_SCRIPTS = (
    ("CJK", "Chinese characters"), ("HIRAGANA", "Japanese characters"),
    ("KATAKANA", "Japanese characters"), ("HANGUL", "Korean letters"),
    ("HALFWIDTH KATAKANA", "Japanese characters"), ("IDEOGRAPHIC", "Chinese characters"),
)
# Fields where a person's or a place's name is typed: the advice is about names.
_NAMES = ("--patient", "--clinician", "--clinic")


def script_of(cp: int) -> str:
    """How a message names the script of a character: 'Chinese characters', 'Arabic letters',
    'Devanagari letters'; 'symbols' for emoji and signs; else 'characters'."""
    name = unicodedata.name(chr(cp), "")
    for prefix, words in _SCRIPTS:
        if name.startswith(prefix):
            return words
    if unicodedata.category(chr(cp)).startswith("S"):
        return "symbols"
    head, _, rest = name.partition(" ")
    if head and rest.startswith(("LETTER", "CAPITAL", "SMALL", "SYLLABLE", "CHARACTER",
                                 "VOWEL", "CONSONANT", "LIGATURE", "SIGN", "DIGIT")):
        return f"{head.title()} letters"
    return "characters"


def _cannot_draw(where: str, missing: list[int]) -> str:
    """One line: which script, which code points, and what the user can do instead."""
    scripts = list(dict.fromkeys(script_of(cp) for cp in missing))
    what = " and ".join(scripts)
    shown = " ".join(f"U+{cp:04X}" for cp in missing[:12])
    more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
    if where in (*_NAMES, "--notes", "--contact"):  # a patient's letters are never echoed
        shown, more = f"{len(missing)} of them", ""
    if where in _NAMES:
        advice = ("type the name in Latin letters, or leave it out and write it on the line "
                  "by hand")
    elif where == "--notes" or where == "--contact":
        advice = "type it in Latin letters, or leave it out and write it on the page by hand"
    else:
        advice = "use Latin, Greek or Cyrillic letters"
    return f"{where} uses {what} ({shown}{more}), which no shipped font can draw; {advice}"
