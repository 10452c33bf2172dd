"""Turn a Handout and a Theme into the list of flowables that make the pages."""

from __future__ import annotations

import io

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)

from kneepdf.layout.flowables import (
    Checklist,
    Closing,
    DoseBox,
    Para,
    RepBoxes,
    Unbreakable,
    WarningBox,
)
from kneepdf.layout.fonts import FontSet
from kneepdf.layout.markup import make_styles, rich
from kneepdf.load.styles import MM, Theme
from kneepdf.model import Handout, HandoutStep, Item, PatientDetails

PERSONAL_BLOCKS = 2  # the story opens with the header (with the details) and the notes
NOTES = 1  # where the notes block is in the story
RED_FLAGS = "red-flags"  # the key of the page-1 block in BlockTooTall
FOOTER_LINES = 3.4  # room for a two-line footer and its rule, in lines of small text
BULLET = "\u2022"  # the one letter the story prints that the content may not have
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def paragraph(markup: str, style: ParagraphStyle, bulletText: str | None = None) -> Para:
    """A paragraph of safe markup (see `markup.rich`)."""
    return Para(markup, style, bulletText=bulletText)


class StoryBuilder:
    """Builds the flowables of one handout, part by part, in the handout's order."""

    def __init__(self, handout: Handout, theme: Theme, fonts: FontSet) -> None:
        self.h = handout
        self.t = theme
        self.fonts = fonts
        self.s = make_styles(theme, fonts)

    def build(self) -> list[Flowable]:
        story: list[Flowable] = []
        # The red-flag box is always on page 1: it and the short header above it never split.
        story.append(Unbreakable([*self.header(), *self.red_flags()], self.frame_height,
                                 RED_FLAGS))
        story += self.notes()
        story += self.condition()
        story += self.how_to_use()
        story += self.conditions()
        for number, step in enumerate(self.h.steps, 1):
            story += self.step(number, step)
        story += self.closing()
        return story

    # -- parts -----------------------------------------------------------------------------

    def header(self) -> list[Flowable]:
        stage = self.h.stage
        if stage.number is not None:
            line = f"Stage {stage.number} of {self.h.stage_count}: {stage.name}"
        else:
            line = f"All stages: {stage.name}"
        top: list[Flowable] = [
            self.para(self.rich(self.h.title), self.s.title),
            self.para(self.rich(line), self.s.stage),
            self.para(self.rich(stage.goal), self.s.body),
        ]
        out: list[Flowable] = [self.with_logo(top)] if self.t.logo else top
        out += [self.details_table(self.h.details), Spacer(1, self.t.gap * 1.5)]
        return out

    def with_logo(self, top: list[Flowable]) -> Table:
        """The title block on the left, the clinic's logo scaled to fit on the right."""
        from reportlab.lib.utils import ImageReader

        box_w, box_h = 45 * MM, 22 * MM
        reader = ImageReader(io.BytesIO(self.t.logo_data))  # upright, read by the loader
        iw, ih = reader.getSize()
        scale = min(box_w / iw, box_h / ih)
        logo = Image(io.BytesIO(self.t.logo_data), width=iw * scale, height=ih * scale)
        width = self.frame_width
        table = Table([[top, logo]], colWidths=[width - box_w - 6, box_w + 6])
        table.setStyle(self.table_style([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]))
        return table

    def notes(self) -> list[Flowable]:
        text = self.h.details.notes
        title = self.para("Notes from your clinician", self.s.label)
        if not text:
            line = self.s.cell
            rows = [[self.para("", line)] for _ in range(2)]
            table = Table(rows, colWidths=[self.frame_width], rowHeights=[self.t.leading * 1.3] * 2)
            table.setStyle(self.table_style([
                ("LINEBELOW", (0, 0), (-1, -1), 0.8, HexColor(self.t.muted)),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]))
            return [KeepTogether([title, table]), Spacer(1, self.t.gap * 1.5)]
        lines = "<br/>".join(self.rich(line) for line in text.splitlines())
        box = WarningBox([title, self.para(lines, self.s.body)],
                         stroke=self.t.accent, fill=self.t.dose_fill, border=1.0, padding=6)
        return [box, Spacer(1, self.t.gap * 1.5)]

    def condition(self) -> list[Flowable]:
        c = self.h.condition
        if c is None:
            return []
        return [KeepTogether([
            self.para(f"About your knee: {self.rich(c.name)}", self.s.subheading),
            self.para(self.rich(c.text), self.s.body),
        ]), Spacer(1, self.t.gap)]

    def details_table(self, d: PatientDetails) -> Table:
        review = d.review_date.strftime("%d %b %Y").lstrip("0") if d.review_date else ""
        date = d.date.strftime("%d %b %Y").lstrip("0")
        knee = d.side.capitalize() if d.side else ""
        cells = [
            ("Name", d.patient, "Date", date),
            ("Clinician", d.clinician, "Review", review),
            ("Clinic", d.clinic or self.t.clinic_name, "Sore knee", knee),
            ("Questions", d.contact or self.t.contact, "", ""),
        ]
        label, value = self.s.cell_bold, self.s.cell
        rows = [
            [self.para(self.rich(a), label), self.para(self.rich(b), value),
             self.para(self.rich(c), label), self.para(self.rich(e), value)]
            for a, b, c, e in cells
        ]
        pad = self.t.body * 0.8
        left = max(stringWidth(c[0], self.fonts.bold, self.t.body) for c in cells) + pad
        right = max(stringWidth(c[2], self.fonts.bold, self.t.body) for c in cells) + pad
        rest = self.frame_width - left - right
        dates = max(stringWidth(x, self.fonts.regular, self.t.body) for x in (date, review)) + pad
        second = max(rest * 0.4, min(dates, rest * 0.5))
        table = Table(rows, colWidths=[left, rest - second, right, second])
        style = [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LINEBELOW", (1, 0), (1, -1), 0.8, HexColor(self.t.muted)),
            ("LINEBELOW", (3, 0), (3, 2), 0.8, HexColor(self.t.muted)),
        ]
        table.setStyle(self.table_style(style))
        return table

    def red_flags(self) -> list[Flowable]:
        safety = self.h.safety
        inner: list[Flowable] = [self.para(self.rich(safety.red_flag_title),
                                           self.s.warning_title)]
        for part in (safety.before, safety.stop_now):
            inner.append(self.para(self.rich(part.intro) + ":", self.s.label))
            inner += self.bullets(part.items)
        return [WarningBox(inner, stroke=self.t.warning, fill=self.t.warning_fill, border=2.5),
                Spacer(1, self.t.gap)]

    def how_to_use(self) -> list[Flowable]:
        out: list[Flowable] = [self.heading("How to use this sheet")]
        out += self.bullets(self.h.how_to_use)
        out.append(KeepTogether([self.para(self.rich(self.h.safety.pain_intro), self.s.body),
                                 self.pain_scale(),
                                 self.para(self.rich(self.h.safety.pain_rule), self.s.body)]))
        return out

    def pain_scale(self) -> Table:
        bands = self.h.safety.pain_bands
        colours = (self.t.green, self.t.amber, self.t.red)
        head, cell = self.s.band_head, self.s.cell
        row1 = [self.para(self.rich(f"{b.range}: {b.label}"), head) for b in bands]
        row2 = [self.para(self.rich(b.text), cell) for b in bands]
        width = self.frame_width / 3
        table = Table([row1, row2], colWidths=[width] * 3)
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BOX", (0, 0), (-1, -1), 1, HexColor(self.t.text)),
            ("INNERGRID", (0, 0), (-1, -1), 1, HexColor(self.t.text)),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
        style += [("BACKGROUND", (i, 0), (i, 0), HexColor(c)) for i, c in enumerate(colours)]
        table.setStyle(self.table_style(style))
        return table

    def conditions(self) -> list[Flowable]:
        if not self.h.conditions:
            return []
        out: list[Flowable] = [self.heading(self.h.conditions_title),
                               self.para(self.rich(self.h.conditions_intro), self.s.body)]
        for c in self.h.conditions:
            out.append(KeepTogether([self.para(self.rich(c.name), self.s.label),
                                     self.para(self.rich(c.text), self.s.body)]))
        out.append(self.para(self.rich(self.h.other_causes), self.s.body))
        return out

    def step(self, number: int, hs: HandoutStep) -> list[Flowable]:
        step = hs.step
        title = f"{number}. {step.title}"
        if self.h.stage.number is None and hs.stages:
            title += f" ({stages_text(hs.stages).lower()})"
        opening: list[Flowable] = [self.heading(title)]
        if step.intro:
            opening.append(self.para(self.rich(step.intro), self.s.body))
        opening += self.bullets(step.points)
        if step.note:
            opening.append(self.caution([step.note]))
        advice = [self.advice_row(i) for i in hs.items if i.kind == "advice"]
        infos = [self.info_box(i) for i in hs.items if i.is_info]
        blocks = [(i, self.exercise(i, hs.progressions)) for i in hs.items if i.is_exercise]
        out: list[Flowable] = []
        if advice:
            # The heading, the lead-in and the first tick box stay together on one page.
            first = self.checklist(advice[:1])
            out.append(KeepTogether(
                [*opening, self.para("Tick each one you are doing:", self.s.label), first]))
            if advice[1:]:
                out.append(Spacer(1, self.t.gap * 1.2))
                out.append(self.checklist(advice[1:]))
            out.append(Spacer(1, self.t.gap * 2))
            opening = []
        for box in infos:
            # Medicines and the like: information boxes, never ticked.
            out.append(KeepTogether([*opening, box, Spacer(1, self.t.gap)]))
            opening = []
        if step.points and opening:
            # A long opening (a list of points) may end a page; its first exercise follows.
            out.append(KeepTogether(opening))
            opening = []
        for item, block in blocks:
            out.append(Unbreakable([*opening, *block], self.frame_height, item.id))
            opening = []
        if opening:
            out.append(KeepTogether(opening))
        return out

    def checklist(self, rows: list[list[Flowable]]) -> Checklist:
        return Checklist(rows, box=self.t.tick, gap=self.t.gap * 1.5, stroke=self.t.text,
                         row_space=self.t.gap * 1.2)

    def advice_row(self, item: Item) -> list[Flowable]:
        row: list[Flowable] = [self.para(f"<b>{self.rich(item.name)}.</b> {self.rich(item.text)}",
                                         self.s.body)]
        row += self.bullets(item.details)
        if not item.dose.is_empty():
            row.append(self.para(f"<b>{self.rich(item.dose.summary().capitalize())}.</b>",
                                 self.s.body))
        for caution in item.cautions:
            row.append(self.para(f"<b>Take care:</b> {self.rich(caution)}", self.s.body))
        return row

    def info_lines(self, item: Item) -> list[Flowable]:
        """An information item (medicines) as plain lines: never ticked, never dose-styled."""
        inner: list[Flowable] = [
            self.para(f"<b>{self.rich(item.name)}.</b> {self.rich(item.text)}", self.s.body)]
        inner += self.bullets(item.details)
        inner += [self.para(self.rich(line), self.s.body) for line in item.cautions]
        inner.append(Spacer(1, self.t.gap / 2))
        return inner

    def info_box(self, item: Item) -> WarningBox:
        """One information item in a box of its own."""
        return WarningBox(self.info_lines(item), stroke=self.t.accent, fill=self.t.dose_fill,
                          border=1.0, padding=6)

    def exercise(self, item: Item, progressions: bool) -> list[Flowable]:
        s = self.s
        block: list[Flowable] = [self.para(self.rich(item.name), s.subheading),
                                 self.para(self.rich(item.purpose), s.body)]
        if item.equipment:
            need = self.rich(", ".join(item.equipment))
            block.append(self.para(f"<b>You need:</b> {need}", s.body))
        if item.start_test:
            block.append(self.para(f"<b>Start only when:</b> {self.rich(item.start_test)}",
                                   s.body))
        if not item.dose.is_empty():
            block.append(DoseBox(
                item.dose.parts(), self.fonts.regular, self.fonts.bold, self.t.body,
                fill=self.t.dose_fill, stroke=self.t.accent, text=self.t.text,
            ))
            block.append(Spacer(1, self.t.gap))
        for n, line in enumerate(item.instructions, 1):
            block.append(self.para(self.rich(line), s.numbered, bulletText=f"{n}."))
        if item.cautions:
            block.append(Spacer(1, self.t.gap / 2))
            block.append(self.caution(item.cautions))
        if progressions and item.progressions:
            block.append(self.para("When it gets easy:", s.label))
            block += self.bullets(item.progressions)
        block.append(Spacer(1, self.t.gap / 2))
        block.append(RepBoxes("Tick each day you do it:", DAYS, self.t.tick, self.fonts.regular,
                              self.t.body, stroke=self.t.text))
        block.append(Spacer(1, self.t.gap * 2))
        return block

    def caution(self, lines: tuple[str, ...] | list[str]) -> WarningBox:
        inner: list[Flowable] = [
            self.para(f"<b>Take care:</b> {self.rich(line)}", self.s.body) for line in lines
        ]
        return WarningBox(inner, stroke=self.t.amber, fill=self.t.caution_fill, border=1.2,
                          padding=6)

    def closing(self) -> list[Flowable]:
        """"Move on when", the log and the disclaimer, each whole, on as few pages as fit."""
        return [Closing(self.move_on(), self.weekly_log(), self.disclaimer(), self.frame_height)]

    def move_on(self) -> list[Flowable]:
        stage = self.h.stage
        title = "Move on to the next stage when" if stage.number and stage.number < \
            self.h.stage_count else "You are done when"
        rows = [[self.para(self.rich(line), self.s.body)] for line in self.h.move_on]
        return [
            *self.timeline(),
            self.heading(title),
            self.para("Tick each one when it is true for you. Ask your clinician if you are "
                      "not sure.", self.s.body),
            Checklist(rows, box=self.t.tick, gap=self.t.gap * 1.5, stroke=self.t.text,
                      row_space=self.t.gap),
            Spacer(1, self.t.gap),
        ]

    def timeline(self) -> list[Flowable]:
        """How long the stage lasts, when to come back, and the flare-up plan."""
        out: list[Flowable] = []
        if self.h.timeline is not None:
            out.append(self.heading("How long this takes"))
            out += self.bullets(tuple(self.h.timeline))
        out.append(self.heading(self.h.safety.flare_up_title))
        out += self.bullets(self.h.flare_up)
        out.append(Spacer(1, self.t.gap))
        return out

    def weekly_log(self) -> list[Flowable]:
        head, cell = self.s.cell_bold, self.s.cell
        rows: list[list[Flowable | str]] = [[self.para(x, head) for x in
                                             ("Day", "Exercises done", "Pain 0-10", "Notes")]]
        rows += [[self.para(day, cell), "", "", ""] for day in DAYS]
        w = self.frame_width
        table = Table(rows, colWidths=[w * 0.14, w * 0.22, w * 0.16, w * 0.48],
                      rowHeights=[None] + [max(self.t.leading * 1.15, 8 * MM)] * len(DAYS))
        table.setStyle(self.table_style([
            ("GRID", (0, 0), (-1, -1), 0.8, HexColor(self.t.text)),
            ("BACKGROUND", (0, 0), (-1, 0), HexColor(self.t.dose_fill)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        return [
            self.heading("My week"),
            self.para("Week starting: ______________  Write your pain score after you exercise.",
                      self.s.body),
            table,
        ]

    def disclaimer(self) -> list[Flowable]:
        return [
            self.para("Please read", self.s.subheading),
            self.para(self.rich(self.h.safety.disclaimer_full), self.s.body),
            self.para(self.rich(version_text(self.h)), self.s.body),
        ]

    # -- helpers ---------------------------------------------------------------------------

    def rich(self, text: str) -> str:
        return rich(text, self.fonts)

    def heading(self, text: str) -> Para:
        """A heading that also appears in the PDF's bookmarks."""
        para = self.para(self.rich(text), self.s.heading)
        para.outline = text
        return para

    def para(self, markup: str, style: ParagraphStyle, bulletText: str | None = None) -> Para:
        return paragraph(markup, style, bulletText)

    def table_style(self, commands: list[tuple[object, ...]]) -> TableStyle:
        """A table style whose plain-text cells use the embedded font, never Helvetica."""
        return TableStyle([("FONTNAME", (0, 0), (-1, -1), self.fonts.regular), *commands])

    def bullets(self, lines: tuple[str, ...] | list[str]) -> list[Flowable]:
        return [self.para(self.rich(line), self.s.bullet, bulletText=BULLET) for line in lines]

    @property
    def frame_width(self) -> float:
        return self.t.page_size[0] - 2 * self.t.margin

    @property
    def frame_height(self) -> float:
        return self.t.page_size[1] - 2 * self.t.margin - self.t.small * FOOTER_LINES


def stages_text(numbers: tuple[int, ...]) -> str:
    """(2, 3) as "Stages 2 and 3", (4,) as "Stage 4"."""
    if len(numbers) == 1:
        return f"Stage {numbers[0]}"
    return "Stages " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def version_text(handout: Handout) -> str:
    """"Content version 2.0, reviewed 30 Nov 2026"."""
    text = f"Content version {handout.version}"
    if handout.reviewed is not None:
        text += ", reviewed " + handout.reviewed.strftime("%d %b %Y").lstrip("0")
    return text + "."


def item_blocks(
    handout: Handout, theme: Theme, fonts: FontSet
) -> list[tuple[Item, list[Flowable]]]:
    """Each item with the flowables that must share one page: an exercise, or a checklist row."""
    builder = StoryBuilder(handout, theme, fonts)
    out: list[tuple[Item, list[Flowable]]] = []
    for hs in handout.steps:
        for item in hs.items:
            if item.is_exercise:
                out.append((item, builder.exercise(item, hs.progressions)))
            elif item.is_info:
                out.append((item, [builder.info_box(item)]))
            else:
                out.append((item, [builder.checklist([builder.advice_row(item)])]))
    return out


def first_page(handout: Handout, theme: Theme, fonts: FontSet) -> list[Flowable]:
    """The header and the red-flag box, which must share page 1."""
    builder = StoryBuilder(handout, theme, fonts)
    return [*builder.header(), *builder.red_flags()]


def build_story(handout: Handout, theme: Theme, fonts: FontSet) -> list[Flowable]:
    """The handout as flowables, in order."""
    return StoryBuilder(handout, theme, fonts).build()
