"""What every part of the layout shares: the handout, theme, fonts, styles and small helpers."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, TableStyle

from kneepdf.dose import Dose
from kneepdf.layout.flowables import BulletList, Para, WarningBox
from kneepdf.layout.fonts import FontSet
from kneepdf.layout.lines import LinePara, style_key
from kneepdf.layout.markup import Styles, escape, make_styles, numbers_whole, rich
from kneepdf.model import Handout
from kneepdf.reuse import Reuse
from kneepdf.theme import Theme
from kneepdf.words import ENGLISH, Words

FOOTER_LINES = 3.4  # room for a two-line footer and its rule, in lines of small text
BULLET = "\u2022"  # the one letter the layout prints that the content may not have
OFTEN = ("How often", "How long")  # dose labels that say how often rather than how much


def paragraph(markup: str, style: ParagraphStyle, bulletText: str | None = None,
              reuse: Reuse | None = None) -> Para:
    """A paragraph of safe markup (see `markup.rich`), parsed and broken into lines once per
    `reuse` (see `lines.LinePara`); with `reuse` None, once per paragraph and width."""
    return LinePara(markup, style, bulletText=bulletText, reuse=reuse)


def frame_size(theme: Theme, footer: float | None = None) -> tuple[float, float]:
    """The width and height in pt of the body frame: the page less margins and `footer` pt
    for the footer (by default room for a two-line footer, FOOTER_LINES small lines)."""
    width, height = theme.page_size
    if footer is None:
        footer = theme.small * FOOTER_LINES
    return width - 2 * theme.margin, height - 2 * theme.margin - footer


def footer_text(handout: Handout, theme: Theme) -> str:
    """The footer's words: the short disclaimer and whom to ask (without the page number)."""
    contact = numbers_whole(handout.details.contact or theme.contact)
    words = Words(handout.lang)
    return handout.safety.disclaimer_short + (words("footer_questions", contact=contact)
                                              if contact else "")


def footer_width(theme: Theme) -> float:
    """The width in pt of the footer's text: the frame less room for "Page X of Y"."""
    return theme.page_size[0] - 2 * theme.margin - theme.small * 8


def footer_height(handout: Handout, theme: Theme, fonts: FontSet) -> float:
    """The room in pt the footer takes above the bottom margin: its lines, the rule above
    them and a gap; never less than FOOTER_LINES small lines, so short footers line up."""
    note = paragraph(rich(footer_text(handout, theme), fonts), make_styles(theme, fonts).footer)
    high = float(note.wrap(footer_width(theme), 1e6)[1])
    return max(theme.small * FOOTER_LINES, high + theme.small)


def dose_columns(dose: Dose, w: Words = ENGLISH) -> tuple[str, str]:
    """The dose as (how much, how often), in the words of the exercise's dose line, e.g.
    ("2 sets of 20, hold 5 seconds", "2 times a day")."""
    much = dose._replace(side=None, times_per_day=None, days_per_week=None, days=None).line(w)
    often = [value for label, value in dose.parts(w) if label in OFTEN]
    return ", ".join(much), ", ".join(often)


def tick_count(dose: Dose, most: int = 6) -> int:
    """How many rep boxes the dose line shows: one per set (the most sets), else one."""
    if dose.sets is None:
        return 1
    sets = dose.sets[1]
    return sets if sets <= most else 1


def styles_for(theme: Theme, fonts: FontSet, reuse: Reuse
               ) -> tuple[Styles, dict[str, tuple[ParagraphStyle, tuple[object, ...]]]]:
    """The theme's paragraph styles, made once per `reuse`, and each by name with its value
    (see `lines.style_key`)."""
    def make() -> tuple[Styles, dict[str, tuple[ParagraphStyle, tuple[object, ...]]]]:
        styles = make_styles(theme, fonts)
        return styles, {s.name: (s, style_key(s)) for s in styles}

    made: tuple[Styles, dict[str, tuple[ParagraphStyle, tuple[object, ...]]]] = (
        reuse.styles.get((theme, fonts.regular, fonts.fallback), make))
    return made


class Kit:
    """The handout being laid out, with the theme's styles and the helpers every part uses."""

    def __init__(self, handout: Handout, theme: Theme, fonts: FontSet,
                 reuse: Reuse | None = None, reorder: bool = True,
                 information_last: bool = False) -> None:
        self.h = handout
        self.w = Words(handout.lang, eager=True)  # the code's words, in its language
        self.reorder = reorder  # a block may move up within its step to fill a page
        # A step's information items (medicines) print after the tracker, the step points
        # to them; else in the step.
        self.information_last = information_last
        self.t = theme
        self.fonts = fonts
        self.reuse = reuse if reuse is not None else Reuse()
        self.s: Styles
        self.s, self._style_ids = styles_for(theme, fonts, self.reuse)
        self.frame_width, self.frame_height = frame_size(theme,
                                                         footer_height(handout, theme, fonts))
        d = handout.details
        # A patient's own words, as typed and as markup: what prints them is never kept.
        lines = [line for value in (d.patient, d.clinician, d.clinic, d.contact, d.notes)
                 for line in (value or "").splitlines() if line.strip()]
        lines += [numbers_whole(line) for line in lines if numbers_whole(line) != line]
        self._private = [*lines, *(escape(line) for line in lines),
                         *(rich(line, fonts) for line in lines)]

    def private(self, text: str) -> bool:
        """Whether `text` (plain or markup) holds any of the patient's details."""
        return any(words in text for words in self._private)

    def rich(self, text: str) -> str:
        if self.private(text):
            markup = rich(text, self.fonts)
            self._private.append(markup)  # this handout's only: a Kit lays out one handout
            return markup
        return self.reuse.markup.get((text, self.fonts.regular, self.fonts.fallback),
                                     lambda: rich(text, self.fonts))

    def para(self, markup: str, style: ParagraphStyle, bulletText: str | None = None) -> Para:
        if self.private(markup):
            return LinePara(markup, style, bulletText=bulletText)
        named = self._style_ids.get(style.name)
        style_id = named[1] if named is not None and named[0] is style else None
        return LinePara(markup, style, bulletText=bulletText, reuse=self.reuse,
                        style_id=style_id)

    def heading(self, text: str) -> Para:
        """A heading that also appears in the PDF's bookmarks."""
        para = self.para(self.rich(text), self.s.heading)
        para.outline = text
        return para

    def bullets(self, lines: tuple[str, ...] | list[str]) -> list[Flowable]:
        return [self.para(self.rich(line), self.s.bullet, bulletText=BULLET) for line in lines]

    def bullet_list(self, lines: tuple[str, ...] | list[str]) -> list[Flowable]:
        """Bullets as one flowable, in two columns where every line is short."""
        if not lines:
            return []
        return [BulletList([self.para(self.rich(line), self.s.bullet, bulletText=BULLET)
                            for line in lines], gap=self.t.gap * 2)]

    def table_style(self, commands: list[tuple[object, ...]]) -> TableStyle:
        """A table style whose plain-text cells use the embedded font, never Helvetica."""
        return TableStyle([("FONTNAME", (0, 0), (-1, -1), self.fonts.regular), *commands])

    def caution(self, lines: tuple[str, ...] | list[str]) -> WarningBox:
        inner: list[Flowable] = [
            self.para(f"<b>{self.w('take_care')}</b> {self.rich(line)}", self.s.body)
            for line in lines
        ]
        return self.box("caution", inner)

    def box(self, name: str, inner: list[Flowable]) -> WarningBox:
        """`inner` in the style's box `name` (red_flags, caution or info: its border,
        padding, stroke and fill); it never splits across pages."""
        look = self.t.box(name)
        return WarningBox(inner, stroke=look.stroke, fill=look.fill, border=look.border,
                          padding=look.padding)

    @property
    def mirror(self) -> bool:
        """Pictures face the patient's sore side: mirrored for the left knee."""
        return self.h.details.side == "left"
