"""What every part of the layout shares: the handout, theme, fonts, styles and small helpers."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, TableStyle

from kneepdf.dose import Dose
from kneepdf.layout.flowables import Para, WarningBox
from kneepdf.layout.fonts import FontSet
from kneepdf.layout.markup import Styles, make_styles, rich
from kneepdf.model import Handout
from kneepdf.theme import MM, Theme

FOOTER_LINES = 3.4  # room for a two-line footer and its rule, in lines of small text
BULLET = "\u2022"  # the one letter the layout prints that the content may not have
THUMB = 22 * MM  # the width of one frame of a picture in the programme table
OFTEN = ("How often", "How long")  # dose labels that say how often rather than how much


def paragraph(markup: str, style: ParagraphStyle, bulletText: str | None = None) -> Para:
    """A paragraph of safe markup (see `markup.rich`), parsed and broken into lines once per
    process (see `lines.LinePara`)."""
    from kneepdf.layout.lines import LinePara

    return LinePara(markup, style, bulletText=bulletText)


def frame_size(theme: Theme) -> tuple[float, float]:
    """The width and height in pt of the body frame: the page less margins and footer."""
    width, height = theme.page_size
    return width - 2 * theme.margin, height - 2 * theme.margin - theme.small * FOOTER_LINES


def dose_columns(dose: Dose) -> tuple[str, str]:
    """The dose as (how much, how often), e.g. ("3 sets, 20 times", "2 times a day")."""
    much = [value for label, value in dose.parts() if label not in (*OFTEN, "Leg")]
    often = [value for label, value in dose.parts() if label in OFTEN]
    return ", ".join(much), ", ".join(often)


def tick_count(dose: Dose, most: int = 6) -> int:
    """How many rep boxes the dose line shows: one per set (the most sets), else one."""
    if dose.sets is None:
        return 1
    sets = dose.sets[1]
    return sets if sets <= most else 1


class Kit:
    """The handout being laid out, with the theme's styles and the helpers every part uses."""

    def __init__(self, handout: Handout, theme: Theme, fonts: FontSet) -> None:
        self.h = handout
        self.t = theme
        self.fonts = fonts
        self.s: Styles = make_styles(theme, fonts)
        self.frame_width, self.frame_height = frame_size(theme)

    def rich(self, text: str) -> str:
        return rich(text, self.fonts)

    def para(self, markup: str, style: ParagraphStyle, bulletText: str | None = None) -> Para:
        return paragraph(markup, style, bulletText)

    def heading(self, text: str) -> Para:
        """A heading that also appears in the PDF's bookmarks."""
        para = self.para(self.rich(text), self.s.heading)
        para.outline = text
        return para

    def bullets(self, lines: tuple[str, ...] | list[str]) -> list[Flowable]:
        return [self.para(self.rich(line), self.s.bullet, bulletText=BULLET) for line in lines]

    def table_style(self, commands: list[tuple[object, ...]]) -> TableStyle:
        """A table style whose plain-text cells use the embedded font, never Helvetica."""
        return TableStyle([("FONTNAME", (0, 0), (-1, -1), self.fonts.regular), *commands])

    def caution(self, lines: tuple[str, ...] | list[str]) -> WarningBox:
        inner: list[Flowable] = [
            self.para(f"<b>Take care:</b> {self.rich(line)}", self.s.body) for line in lines
        ]
        return WarningBox(inner, stroke=self.t.amber, fill=self.t.caution_fill, border=1.2,
                          padding=6)

    @property
    def mirror(self) -> bool:
        """Pictures face the patient's sore side: mirrored for the left knee."""
        return self.h.details.side == "left"
