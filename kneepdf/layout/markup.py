"""Paragraph styles for a theme, and plain text turned into safe Paragraph markup."""

from __future__ import annotations

import re
from typing import NamedTuple

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from kneepdf.layout.fonts import FontSet
from kneepdf.theme import Theme

_BOLD = re.compile(r"\*\*(.+?)\*\*")


_NUMBER_GAP = re.compile(r"(?<=[\d)])[ \t]+(?=[\d(])")


def numbers_whole(text: str) -> str:
    """The text with the spaces inside a number written in groups ("020 7946 0000",
    "+1 (555) 123 4567") made no-break spaces, so a line never breaks inside a phone
    number."""
    return _NUMBER_GAP.sub("\u00a0", text)


def escape(text: str) -> str:
    """Text safe inside Paragraph markup: &, < and > as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rich(text: str, fonts: FontSet | None = None) -> str:
    """Plain text as safe Paragraph markup: `**words**` become bold, nothing else is markup.

    Characters the primary font lacks are set in the fallback font.
    """
    parts = _BOLD.split(text)
    out = [_runs(part, fonts) for part in parts]
    return "".join(f"<b>{part}</b>" if i % 2 else part for i, part in enumerate(out))


def _runs(text: str, fonts: FontSet | None) -> str:
    if fonts is None or fonts.fallback is None:
        return escape(text)
    out: list[str] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or fonts.needs_fallback(text[i]) != fonts.needs_fallback(text[start]):
            run = escape(text[start:i])
            if fonts.needs_fallback(text[start]):
                run = f'<font face="{fonts.fallback}">{run}</font>'
            out.append(run)
            start = i
    return "".join(out)


class Styles(NamedTuple):
    """The paragraph styles of one theme."""

    body: ParagraphStyle
    small: ParagraphStyle
    title: ParagraphStyle
    stage: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    bullet: ParagraphStyle
    numbered: ParagraphStyle
    label: ParagraphStyle
    warning_title: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    band_head: ParagraphStyle
    footer: ParagraphStyle
    table: ParagraphStyle
    table_bold: ParagraphStyle
    tracker: ParagraphStyle
    tracker_bold: ParagraphStyle
    how_to_use: ParagraphStyle  # bullets without space between them
    # The red-flag box when page 1 is short of room: between small and body, never under
    # the style's small size.
    flag_title: ParagraphStyle
    flag_label: ParagraphStyle
    flag_bullet: ParagraphStyle


def make_styles(theme: Theme, fonts: FontSet) -> Styles:
    """The paragraph styles of a theme (`kneepdf.layout.kit.styles_for` keeps them)."""
    base = ParagraphStyle(
        "body", fontName=fonts.regular, fontSize=theme.body, leading=theme.leading,
        textColor=HexColor(theme.text), alignment=TA_LEFT, spaceAfter=theme.gap,
    )

    def derive(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    indent = theme.body * 1.6
    table = (theme.small + theme.body) / 2  # programme table cells: between small and body
    bullet = derive("bullet", leftIndent=indent, bulletIndent=theme.body * 0.4,
                    bulletFontName=fonts.regular, bulletFontSize=theme.body,
                    spaceAfter=theme.gap / 3)
    return Styles(
        body=base,
        small=derive("small", fontSize=theme.small, leading=theme.small * 1.3,
                     textColor=HexColor(theme.muted)),
        title=derive("title", fontName=fonts.bold, fontSize=theme.title,
                     leading=theme.title * 1.2, textColor=HexColor(theme.accent), spaceAfter=2),
        stage=derive("stage", fontName=fonts.bold, fontSize=theme.subheading,
                     leading=theme.subheading * 1.3, spaceAfter=theme.gap),
        heading=derive("heading", fontName=fonts.bold, fontSize=theme.heading,
                       leading=theme.heading * 1.25, textColor=HexColor(theme.accent),
                       spaceBefore=theme.gap * 1.5, spaceAfter=theme.gap, keepWithNext=1),
        subheading=derive("subheading", fontName=fonts.bold, fontSize=theme.subheading,
                          leading=theme.subheading * 1.3, spaceBefore=theme.gap,
                          spaceAfter=theme.gap / 2, keepWithNext=1),
        bullet=bullet,
        numbered=derive("numbered", leftIndent=indent, bulletIndent=0, bulletFontSize=theme.body,
                        bulletFontName=fonts.bold, spaceAfter=theme.gap / 3),
        label=derive("label", fontName=fonts.bold, spaceAfter=theme.gap / 3, keepWithNext=1),
        warning_title=derive("warning_title", fontName=fonts.bold, fontSize=theme.heading,
                             leading=theme.heading * 1.25, textColor=HexColor(theme.warning)),
        cell=derive("cell", spaceAfter=0),
        cell_bold=derive("cell_bold", fontName=fonts.bold, spaceAfter=0),
        band_head=derive("band_head", fontName=fonts.bold, textColor=HexColor("#ffffff"),
                         spaceAfter=0),
        footer=derive("footer", fontSize=theme.small, leading=theme.small * 1.2,
                      textColor=HexColor(theme.muted), spaceAfter=0),
        table=derive("table", fontSize=table, leading=table * 1.25, spaceAfter=0),
        table_bold=derive("table_bold", fontName=fonts.bold, fontSize=table,
                          leading=table * 1.25, spaceAfter=0),
        tracker=derive("tracker", fontSize=theme.small, leading=theme.small * 1.2,
                       spaceAfter=0),
        tracker_bold=derive("tracker_bold", fontName=fonts.bold, fontSize=theme.small,
                            leading=theme.small * 1.2, spaceAfter=0),
        how_to_use=ParagraphStyle("how-to-use", parent=bullet, spaceAfter=0),
        flag_title=derive("flag_title", fontName=fonts.bold, fontSize=theme.subheading,
                          leading=theme.subheading * 1.2, textColor=HexColor(theme.warning),
                          spaceAfter=theme.gap / 3),
        flag_label=derive("flag_label", fontName=fonts.bold, fontSize=table,
                          leading=table * 1.2, spaceAfter=theme.gap / 4, keepWithNext=1),
        flag_bullet=derive("flag_bullet", fontSize=table, leading=table * 1.2,
                           leftIndent=table * 1.4, bulletIndent=table * 0.3,
                           bulletFontName=fonts.regular, bulletFontSize=table,
                           spaceAfter=theme.gap / 4),
    )
