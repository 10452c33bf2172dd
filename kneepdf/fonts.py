"""Register the embedded TrueType fonts once, and check that they cover the text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kneepdf.errors import FontError

# Characters drawn by kneepdf itself or ignored by the layout, never looked up in a font.
_LAYOUT = {0x09, 0x0A, 0x0D}


@dataclass(frozen=True)
class FontSet:
    """The four faces of one family, registered under these ReportLab names."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    coverage: frozenset[int]


def _atkinson_dir() -> Path:
    import fontpkg_atkinson_hyperlegible as pkg

    return Path(pkg.ROOT) / "files"


@cache
def font_set(family: str = "atkinson") -> FontSet:
    """Register `family` (once per process) and return its face names."""
    if family != "atkinson":
        raise FontError(f"unknown font family '{family}'")
    folder = _atkinson_dir()
    faces = {
        "regular": "Atkinson", "bold": "Atkinson-Bold", "italic": "Atkinson-Italic",
        "bold_italic": "Atkinson-BoldItalic",
    }
    files = {
        "regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic",
    }
    coverage: frozenset[int] = frozenset()
    for face, name in faces.items():
        font = TTFont(name, str(folder / f"AtkinsonHyperlegible-{files[face]}.ttf"))
        pdfmetrics.registerFont(font)
        if face == "regular":
            coverage = frozenset(font.face.charToGlyph)
    pdfmetrics.registerFontFamily(
        faces["regular"], normal=faces["regular"], bold=faces["bold"],
        italic=faces["italic"], boldItalic=faces["bold_italic"],
    )
    return FontSet(**faces, coverage=coverage)


def check_coverage(fonts: FontSet, texts: dict[str, str]) -> None:
    """Raise FontError naming each code point no font can draw, and which text uses it."""
    problems: list[str] = []
    for where, text in texts.items():
        missing = sorted({ord(ch) for ch in text} - fonts.coverage - _LAYOUT)
        if missing:
            points = " ".join(f"U+{cp:04X}" for cp in missing)
            problems.append(f"{where} uses characters no shipped font can draw: {points}")
    if problems:
        raise FontError("; ".join(problems))
