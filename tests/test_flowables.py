"""flowables: exact wrap() sizes, split() between rows only, repr, and drawing on a canvas.

No document is built: each flowable is wrapped, split and drawn by hand, as ReportLab's own
platypus tests do.
"""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from kneepdf.layout.flowables import Checklist, DoseBox, RepBoxes, WarningBox
from kneepdf.layout.fonts import FontSet, font_set

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


class Block(Flowable):  # type: ignore[misc]
    """A fixed-size flowable that records the width it was offered."""

    def __init__(self, height: float, space_after: float = 0.0) -> None:
        super().__init__()
        self.block_height = height
        self.spaceAfter = space_after
        self.offered: list[float] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.offered.append(avail_width)
        self.width = avail_width
        return avail_width, self.block_height

    def draw(self) -> None:
        self.canv.rect(0, 0, self.width, self.block_height)


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return font_set()


def rows_of(*heights: float) -> list[list[Flowable]]:
    return [[Block(h)] for h in heights]


def checklist(rows: list[list[Flowable]]) -> Checklist:
    return Checklist(rows, box=12.0, gap=8.0, stroke="#111111", row_space=6.0, box_offset=1.0)


def drawn_text(*flowables: Flowable, width: float = 400.0) -> str:
    """Draw each flowable on a real canvas, one under the other; the PDF's text."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    y = A4[1] - 40
    for flowable in flowables:
        _, h = flowable.wrap(width, A4[1])
        y -= h
        flowable.drawOn(canvas, 40, y)
    canvas.showPage()
    canvas.save()
    data = buffer.getvalue()
    assert data.startswith(b"%PDF-")
    return " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())


def graphics_state(canvas: Canvas) -> tuple[object, ...]:
    return (canvas._fillColorObj, canvas._strokeColorObj, canvas._lineWidth, canvas._fontname,
            canvas._fontsize)


def assert_state_restored(flowable: Flowable, width: float = 400.0) -> None:
    """draw() itself (not just drawOn) leaves colours, line width and font as it found them."""
    canvas = Canvas(io.BytesIO(), pagesize=A4)
    flowable.wrap(width, A4[1])
    before = graphics_state(canvas)
    flowable._drawOn(canvas)
    assert graphics_state(canvas) == before


# -- Checklist --------------------------------------------------------------------------------


def test_checklist_wrap_exact() -> None:
    # Row heights: 30; 5 + 7 = 12, raised to box + box_offset = 13; plus one row_space of 6.
    rows = [[Block(30)], [Block(5), Block(7)]]
    assert checklist(rows).wrap(300, 1000) == (300, 30 + 13 + 6)


def test_checklist_rows_get_width_less_box_and_gap() -> None:
    row = [Block(20)]
    checklist([row]).wrap(300, 1000)
    assert row[0].offered == [300 - 12 - 8]


def test_checklist_empty() -> None:
    assert checklist([]).wrap(300, 1000) == (300, 0)
    assert checklist([]).split(300, 1000) == []


def test_checklist_split_between_rows() -> None:
    rows = rows_of(30, 13, 20)  # total 30 + 13 + 20 + 2 * 6 = 75
    parts = checklist(rows).split(300, 40)
    assert len(parts) == 2
    first, rest = parts
    assert isinstance(first, Checklist) and isinstance(rest, Checklist)
    assert first.rows == rows[:1] and rest.rows == rows[1:]
    assert first.wrap(300, 40) == (300, 30)
    assert rest.wrap(300, 1000) == (300, 13 + 20 + 6)
    for part in parts:
        assert (part.box, part.gap, part.stroke, part.row_space, part.box_offset) == (
            12.0, 8.0, "#111111", 6.0, 1.0)


def test_checklist_split_exact_fit() -> None:
    # Two rows take exactly 30 + 6 + 13 = 49 pt: they fit in 49 but not in 48.9.
    rows = rows_of(30, 13, 20)
    assert [len(p.rows) for p in checklist(rows).split(300, 49)] == [2, 1]
    assert [len(p.rows) for p in checklist(rows).split(300, 48.9)] == [1, 2]


def test_checklist_split_nothing_fits() -> None:
    assert checklist(rows_of(30, 13, 20)).split(300, 29) == []


def test_checklist_split_all_fits() -> None:
    assert checklist(rows_of(30, 13, 20)).split(300, 75) == []
    assert checklist(rows_of(30, 13, 20)).split(300, 1000) == []


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(
    heights=st.lists(st.floats(1, 120, allow_nan=False), min_size=1, max_size=8),
    avail=st.floats(0, 600, allow_nan=False),
)
def test_checklist_split_property(heights: list[float], avail: float) -> None:
    rows = rows_of(*heights)
    whole = checklist(rows)
    _, total = whole.wrap(300, avail)
    parts = whole.split(300, avail)
    if not parts:
        # Either the first row does not fit, or everything does.
        first = max(heights[0], 13.0)
        assert first > avail or total <= avail
        return
    head, tail = parts
    assert head.rows + tail.rows == rows  # the same rows, in order, none cut
    assert head.rows and tail.rows
    assert head.wrap(300, avail)[1] <= avail + 1e-9
    grown = checklist(rows[: len(head.rows) + 1])
    assert grown.wrap(300, avail)[1] > avail - 1e-9  # as many rows as fit, not fewer


def test_checklist_repr() -> None:
    text = repr(checklist(rows_of(10, 20, 30)))
    assert text.startswith("Checklist(")
    assert "3" in text
    assert " object at 0x" not in text


def test_checklist_draws(fonts: FontSet) -> None:
    style = ParagraphStyle("t", fontName=fonts.regular, fontSize=11, leading=14)
    rows = [[Paragraph("Walk a little less", style)], [Paragraph("Use crutches", style)]]
    text = drawn_text(checklist(rows))
    assert "Walk a little less" in text
    assert "Use crutches" in text


def test_checklist_draw_restores_state(fonts: FontSet) -> None:
    style = ParagraphStyle("t", fontName=fonts.regular, fontSize=11, leading=14)
    assert_state_restored(checklist([[Paragraph("One", style)], [Paragraph("Two", style)]]))


# -- DoseBox ----------------------------------------------------------------------------------

PARTS = [("Leg", "your sore leg"), ("Repeat", "20 times"), ("Hold", "5 seconds")]


def dose_box(fonts: FontSet, parts: list[tuple[str, str]] = PARTS) -> DoseBox:
    return DoseBox(parts, fonts.regular, fonts.bold, 10.0, fill="#eaf1f8", stroke="#1f4e79",
                   text="#111111", padding=6.0)


def test_dosebox_wrap_one_line(fonts: FontSet) -> None:
    # One line: 1 * 10 * 1.35 + 2 * 6 - 10 * 0.35 = 22
    assert dose_box(fonts).wrap(1000, 500) == pytest.approx((1000, 22.0))


def test_dosebox_wrap_one_part_per_line_when_narrow(fonts: FontSet) -> None:
    # Too narrow for two parts side by side: three lines, 3 * 13.5 + 12 - 3.5 = 49
    assert dose_box(fonts).wrap(40, 500) == pytest.approx((40, 49.0))


def test_dosebox_more_lines_never_shorter(fonts: FontSet) -> None:
    heights = [dose_box(fonts).wrap(w, 500)[1] for w in (1000, 300, 200, 150, 100, 40)]
    assert heights == sorted(heights)


def test_dosebox_repr(fonts: FontSet) -> None:
    text = repr(dose_box(fonts))
    assert text.startswith("DoseBox(")
    assert "20 times" in text


def test_dosebox_draws(fonts: FontSet) -> None:
    text = drawn_text(dose_box(fonts))
    for label, value in PARTS:
        assert f"{label}:" in text
        assert value in text


def test_dosebox_draw_restores_state(fonts: FontSet) -> None:
    assert_state_restored(dose_box(fonts))


# -- RepBoxes ---------------------------------------------------------------------------------


def rep_boxes(fonts: FontSet, lead: str = "Tick each day you do it:") -> RepBoxes:
    return RepBoxes(lead, DAYS, box=20.0, font=fonts.regular, size=10.0, stroke="#111111",
                    gap=10.0)


def test_repboxes_wrap_exact(fonts: FontSet) -> None:
    boxes = rep_boxes(fonts)
    widest = max(stringWidth(day, fonts.regular, 10.0) for day in DAYS)
    cell = max(20.0, widest) + 10.0
    lead = stringWidth("Tick each day you do it:", fonts.regular, 10.0) + 10.0
    assert boxes.wrap(1000, 500) == pytest.approx((lead + 7 * cell, 20.0 + 10.0 * 1.3))


def test_repboxes_wrap_without_lead(fonts: FontSet) -> None:
    # Each day label is narrower than the 20 pt box, so every cell is 20 + 10 wide.
    boxes = RepBoxes("", ["a", "b", "c"], box=20.0, font=fonts.regular, size=10.0, gap=10.0)
    assert boxes.wrap(1000, 500) == pytest.approx((10.0 + 3 * 30.0, 33.0))


def drawn_rects(flowable: Flowable, width: float) -> list[tuple[float, float, float, float]]:
    """(x, y, w, h) of every rectangle draw() paints, in the flowable's own coordinates."""
    canvas = Canvas(io.BytesIO(), pagesize=A4)
    flowable.wrap(width, A4[1])
    flowable._drawOn(canvas)
    number = r"(-?\d+(?:\.\d+)?|-?\.\d+)"
    pattern = re.compile(rf"{number} {number} {number} {number} re\b")
    return [tuple(float(v) for v in m.groups())  # type: ignore[misc]
            for m in pattern.finditer("\n".join(canvas._code))]


def test_repboxes_draws_one_box_per_label(fonts: FontSet) -> None:
    boxes = rep_boxes(fonts)
    width, _ = boxes.wrap(1000, 500)
    rects = drawn_rects(boxes, 1000)
    assert len(rects) == len(DAYS)
    assert all(w == pytest.approx(20.0) and h == pytest.approx(20.0) for _, _, w, h in rects)
    assert max(x + w for x, _, w, _ in rects) <= width + 0.01


def test_repboxes_never_drawn_wider_than_wrap(fonts: FontSet) -> None:
    # Once wrap() said min(avail, natural) while draw() painted the whole row past it.
    boxes = rep_boxes(fonts)
    width, _ = boxes.wrap(250, 500)  # the lead-in and the row need about 340 pt
    assert width <= 250
    rects = drawn_rects(boxes, 250)
    assert len(rects) == len(DAYS)
    assert max(x + w for x, _, w, _ in rects) <= width + 0.01
    assert min(x for x, _, _, _ in rects) >= 0


def test_repboxes_repr(fonts: FontSet) -> None:
    text = repr(rep_boxes(fonts))
    assert text.startswith("RepBoxes(")
    assert "Tick each day you do it:" in text
    assert "Mon" in text


def test_repboxes_draws(fonts: FontSet) -> None:
    text = drawn_text(rep_boxes(fonts))
    assert "Tick each day you do it:" in text
    for day in DAYS:
        assert day in text


def test_repboxes_draw_restores_state(fonts: FontSet) -> None:
    assert_state_restored(rep_boxes(fonts))


# -- WarningBox -------------------------------------------------------------------------------


def warning(content: list[Flowable]) -> WarningBox:
    return WarningBox(content, stroke="#a30000", fill="#fdeeee", border=2.5, padding=8.0)


def test_warningbox_wrap_exact() -> None:
    # 20 + 30 + 12, the space after every flowable but the last (4), 2 * 8 padding, 2 * 2.5
    content = [Block(20, space_after=4), Block(30), Block(12, space_after=99)]
    assert warning(content).wrap(300, 1000) == pytest.approx((300, 62 + 4 + 16 + 5))


def test_warningbox_content_width() -> None:
    block = Block(10)
    warning([block]).wrap(300, 1000)
    assert block.offered == [pytest.approx(300 - 2 * 8.0 - 2 * 2.5)]


def test_warningbox_never_splits() -> None:
    box = warning([Block(200), Block(200)])
    assert box.split(300, 250) == []
    assert box.split(300, 10) == []
    assert box.split(300, 10_000) == []


def test_warningbox_repr() -> None:
    text = repr(warning([Block(1), Block(2)]))
    assert text.startswith("WarningBox(")
    assert "2" in text


def test_warningbox_draws(fonts: FontSet) -> None:
    style = ParagraphStyle("t", fontName=fonts.regular, fontSize=11, leading=14)
    box = warning([Paragraph("Stop and get help", style), Paragraph("a lot of pain", style)])
    text = drawn_text(box)
    assert "Stop and get help" in text
    assert "a lot of pain" in text


def test_warningbox_draw_restores_state(fonts: FontSet) -> None:
    style = ParagraphStyle("t", fontName=fonts.regular, fontSize=11, leading=14)
    assert_state_restored(warning([Paragraph("Take care", style)]))
