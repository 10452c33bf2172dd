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
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from kneepdf.layout.doseline import DoseLine
from kneepdf.layout.flowables import Beside, Checklist, Stack, WarningBox
from kneepdf.layout.fonts import FontSet, font_set
from kneepdf.layout.groups import BlockTooTall, Later, Packed


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


# -- DoseLine ---------------------------------------------------------------------------------

PHRASES = ["Your sore leg", "2 sets of 20", "hold 5 seconds"]


def dose_line(fonts: FontSet, phrases: list[str] = PHRASES) -> DoseLine:
    return DoseLine(phrases, fonts.regular, fonts.bold, 10.0, fill="#eaf1f8", stroke="#1f4e79",
                    text="#111111", padding=3.0)


def test_doseline_wrap_one_line(fonts: FontSet) -> None:
    # One line: 10 * 1.3 + 2 * 3 = 19
    assert dose_line(fonts).wrap(1000, 500) == pytest.approx((1000, 19.0))


def test_doseline_breaks_between_phrases_only(fonts: FontSet) -> None:
    # Too narrow for two phrases side by side: three lines, 3 * 13 + 6 = 45
    assert dose_line(fonts).wrap(100, 500) == pytest.approx((100, 45.0))
    line = dose_line(fonts)
    line.wrap(100, 500)
    assert line._lines == PHRASES


def test_a_phrase_wider_than_the_band_breaks_between_its_words(fonts: FontSet) -> None:
    # Once ran 31 pt out of its band (large print, Spanish, Letter, a long --dose).
    from reportlab.pdfbase.pdfmetrics import stringWidth

    line = dose_line(fonts, ["Your left leg", "9 to 10 sets of 590 to 600 seconds"])
    line.wrap(120, 500)
    assert line._lines == ["Your left leg", "9 to 10 sets of 590 to", "600 seconds"]
    assert all(stringWidth(text, fonts.bold, 10) <= 120 - 6 for text in line._lines)
    assert "9 to 10 sets of 590 to 600 seconds" in drawn_text(line, width=120)


def test_doseline_more_lines_never_shorter(fonts: FontSet) -> None:
    heights = [dose_line(fonts).wrap(w, 500)[1] for w in (1000, 300, 200, 150, 100, 40)]
    assert heights == sorted(heights)


@given(st.floats(min_value=60, max_value=400))
@settings(max_examples=60, deadline=None)
def test_doseline_text_is_inset_alike_at_both_ends(width: float) -> None:
    # Once the text was drawn 2 pt in from the padding but measured against the padding
    # alone: a line that just fitted ended 3 pt from the right edge and began 5 pt from the left.
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from kneepdf.layout.doseline import INDENT

    fonts = font_set()
    line = dose_line(fonts)
    line.wrap(width, 500)
    left = line.inset()
    assert line.padding <= left <= line.padding + INDENT
    widest = max(stringWidth(text, fonts.bold, line.size) for text in line._lines)
    right = width - left - widest
    if widest <= width - 2 * line.padding:  # a lone phrase wider than the band: no room
        assert right >= left - 1e-6


def test_doseline_repr_and_text(fonts: FontSet) -> None:
    line = dose_line(fonts)
    assert repr(line).startswith("DoseLine(")
    assert line.text == "Your sore leg \u00b7 2 sets of 20 \u00b7 hold 5 seconds"


def test_doseline_draws_the_phrases_in_bold(fonts: FontSet) -> None:
    text = drawn_text(dose_line(fonts))
    assert "Your sore leg \u00b7 2 sets of 20 \u00b7 hold 5 seconds" in text


def test_doseline_draw_restores_state(fonts: FontSet) -> None:
    assert_state_restored(dose_line(fonts))


def drawn_rects(flowable: Flowable, width: float) -> list[tuple[float, float, float, float]]:
    """(x, y, w, h) of every rectangle draw() paints, in the flowable's own coordinates."""
    canvas = Canvas(io.BytesIO(), pagesize=A4)
    flowable.wrap(width, A4[1])
    flowable._drawOn(canvas)
    number = r"(-?\d+(?:\.\d+)?|-?\.\d+)"
    pattern = re.compile(rf"{number} {number} {number} {number} re\b")
    code = "\n".join(canvas._code)
    out = [tuple(float(v) for v in m.groups()) for m in pattern.finditer(code)]
    # a tick box is a form of its size placed where its lower left corner goes
    placed = re.compile(rf"1 0 0 1 {number} {number} cm\s*/FormXob\.tick-([0-9_]+)-")
    for m in placed.finditer(code):
        size = float(m.group(3).replace("_", "."))
        out.append((float(m.group(1)), float(m.group(2)), size, size))
    return out  # type: ignore[return-value]


def ticked(fonts: FontSet, boxes: int = 3) -> DoseLine:
    return DoseLine(PHRASES, fonts.regular, fonts.bold, 10.0, fill="#eaf1f8", stroke="#1f4e79",
                    text="#111111", padding=3.0, boxes=boxes, box=17.0, lead="Sets done:")


@pytest.mark.parametrize("boxes", [1, 3, 5])
def test_doseline_draws_one_box_per_set_inside_its_width(fonts: FontSet, boxes: int) -> None:
    line = ticked(fonts, boxes)
    width, height = line.wrap(400, 500)
    squares = [r for r in drawn_rects(line, 400) if r[2] == pytest.approx(17.0)]
    assert len(squares) == 2 * boxes  # each box: white inside, then its outline
    assert all(h == pytest.approx(17.0) for *_, h in squares)
    assert max(x + w for x, _, w, _ in squares) <= width - 3.0 + 0.01
    assert all(y >= 0 and y + h <= height for _, y, _, h in squares)


def test_doseline_line_as_tall_as_a_tick_box(fonts: FontSet) -> None:
    # One line holds a 17 pt box with 2 pt above and below it, and 3 pt of padding each side.
    assert ticked(fonts).wrap(1000, 500)[1] == pytest.approx(17.0 + 4 + 2 * 3.0)
    # Without boxes the line is as tall as the text: 13 + 2 * 3
    assert ticked(fonts, 0).wrap(1000, 500)[1] == pytest.approx(19.0)


def test_doseline_phrases_wrap_beside_the_boxes(fonts: FontSet) -> None:
    wide, narrow = ticked(fonts).wrap(1000, 500)[1], ticked(fonts).wrap(220, 500)[1]
    assert narrow > wide
    text = drawn_text(ticked(fonts), width=220)
    assert "Sets done:" in text
    for phrase in PHRASES:
        assert phrase in text


def test_doseline_ticks_repr_and_state(fonts: FontSet) -> None:
    assert "boxes=3" in repr(ticked(fonts))
    assert_state_restored(ticked(fonts))


def test_stack_puts_drawings_one_above_the_other() -> None:
    stack = Stack([picture(100, 80), picture(60, 40)], gap=6.0)
    assert stack.wrap(500, 500) == pytest.approx((100, 126))
    assert stack.split(500, 50) == []
    assert repr(stack).startswith("Stack(2 drawings")
    assert_state_restored(stack)


def picture(width: float = 100.0, height: float = 80.0) -> Flowable:
    from reportlab.graphics.shapes import Drawing, Rect

    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=None))
    return drawing


def test_beside_wrap_is_the_taller_side() -> None:
    tall = Beside([Block(30), Block(40, space_after=5)], picture(), gap=10)
    assert tall.wrap(400, 500) == (400, 80.0)
    text = Beside([Block(60, space_after=5), Block(40)], picture(), gap=10)
    assert text.wrap(400, 500) == (400, 105.0)


def test_beside_offers_the_text_the_width_left() -> None:
    block = Block(10)
    Beside([block], picture(120), gap=12).wrap(400, 500)
    assert block.offered == [268.0]


def test_beside_draws_the_picture_top_right_and_never_splits() -> None:
    beside = Beside([Block(200)], picture(100, 80), gap=10)
    canvas = Canvas(io.BytesIO(), pagesize=A4)
    beside.wrap(400, A4[1])
    beside._drawOn(canvas)
    assert "1 0 0 1 300 120 cm" in "\n".join(canvas._code)  # the drawing's own origin
    assert beside.split(400, 50) == []
    assert repr(beside).startswith("Beside(1 flowables")
    assert_state_restored(beside)


# -- Packed ------------------------------------------------------------------------------------


def packed(*heights: float, reorder: bool = False, widow: float = 0.0) -> Packed:
    blocks = [(f"b{i}", [Block(h)]) for i, h in enumerate(heights)]
    return Packed(blocks, 500.0, [Block(7)], reorder=reorder, widow=widow)


def keys(flowables: list[Flowable]) -> list[float]:
    return [f.block_height for f in flowables if isinstance(f, Block)]


def test_packed_wrap_exact() -> None:
    assert packed(100, 200, 50).wrap(300, 1000) == (300, 350.0)


def here(parts: list[Flowable]) -> list[float]:
    """What a split puts on this page: one group, so no heading in it pulls the rest along."""
    assert len(parts) == 2 and isinstance(parts[0], Packed)
    return keys(parts[0].flowables())


def test_packed_splits_between_blocks_and_continues() -> None:
    parts = packed(100, 200, 150).split(300, 320)
    assert here(parts) == [100, 200]
    assert isinstance(parts[-1], Packed)
    assert keys(parts[-1].flowables()) == [7, 150]  # "(continued)" opens the next page


def test_packed_nothing_fits_asks_for_a_new_page() -> None:
    assert packed(300, 100).split(300, 200) == []


def test_packed_too_tall_on_a_fresh_page_raises() -> None:
    with pytest.raises(BlockTooTall) as info:
        packed(600, 100).split(300, 500)
    assert info.value.key == "b0"
    assert info.value.needed == 600


def test_packed_reorder_fills_the_page_with_a_later_block() -> None:
    parts = packed(100, 300, 150, reorder=True).split(300, 300)
    assert here(parts) == [100, 150]
    assert keys(parts[-1].flowables()) == [7, 300]
    assert here(packed(100, 300, 150).split(300, 300)) == [100]


def test_packed_reorder_never_moves_a_block_before_the_first() -> None:
    assert packed(400, 50, reorder=True).split(300, 300) == []


def test_packed_widow_goes_with_the_block_before() -> None:
    parts = packed(100, 200, 150, 60, widow=100).split(300, 470)
    assert here(parts) == [100, 200]
    assert keys(parts[-1].flowables()) == [7, 150, 60]
    assert here(packed(100, 200, 150, 60).split(300, 470)) == [100, 200, 150]
    # Mid-page, even a first block stays back to keep the last one company.
    assert packed(150, 60, widow=100).split(300, 170) == []
    # Not when that leaves the page under half full (140 pt above, then 100 of 500 pt):
    # the short block goes alone to the next page.
    parts = packed(100, 250, 60, widow=100).split(300, 360)
    assert here(parts) == [100, 250]
    assert keys(parts[-1].flowables()) == [7, 60]
    assert here(packed(100, 250, 60, widow=100).split(300, 350)) == [100]  # 250 pt stay


def test_packed_never_splits_a_block_to_fill_a_page() -> None:
    """A block that does not fit what is left waits, whole, for the next page."""
    blocks = [("a", [Block(100)]), ("b", [Block(450)])]
    parts = Packed(blocks, 500.0, [Block(7)]).split(300, 500)
    assert here(parts) == [100]
    assert keys(parts[-1].flowables()) == [7, 450]


def test_packed_draws_everything_inside_its_height() -> None:
    group = packed(100, 200)
    rects = drawn_rects(group, 300)
    assert sorted(h for *_, h in rects) == [100.0, 200.0]
    assert min(y for _, y, _, _ in rects) == pytest.approx(0.0)
    assert repr(group).startswith("Packed(['b0', 'b1']")
    assert_state_restored(group)


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


@pytest.mark.parametrize("width", [120.0, 160.0, 200.0, 240.0, 280.0, 320.0])
def test_doseline_boxes_inside_the_band_at_any_width(fonts: FontSet, width: float) -> None:
    """Wherever the boxes go (after the text, on their own line, or beside the first line),
    they lie inside the band, and the band is never taller than the text plus one line."""
    line = ticked(fonts, 2)
    _, height = line.wrap(width, 500)
    squares = [r for r in drawn_rects(line, width) if r[2] == pytest.approx(17.0)]
    assert len(squares) == 4
    assert all(y >= 0 and y + h <= height and x + w <= width for x, y, w, h in squares)
    plain = ticked(fonts, 0)
    plain.wrap(width, 500)
    assert len(line._lines) + line._own_line <= len(plain._lines) + 1


# -- Packed: a step's opening, movable exercises, smaller layouts ------------------------------


def test_packed_lead_goes_with_the_first_block_that_fits() -> None:
    """A step's opening (the lead) never ends a page alone: it goes on top of the first
    block, or, when that does not fit, of a later block that may move up and does."""
    blocks = [("a", [Block(250)]), ("b", [Block(100)]), ("c", [Block(50)])]
    group = Packed(blocks, 500.0, [Block(7)], reorder=True, lead=[Block(30)])
    parts = group.split(300, 200)
    assert here(parts) == [30, 100, 50]  # b and c move up under the lead
    assert keys(parts[-1].flowables()) == [7, 250]  # a opens the next page, continued
    # In order (no reorder) the lead waits with its first block for the next page.
    fixed = Packed(blocks, 500.0, [Block(7)], lead=[Block(30)])
    assert fixed.split(300, 200) == []


def test_packed_blocks_move_only_past_movable_blocks() -> None:
    blocks = [("advice", [Block(300)]), ("ex1", [Block(250)]), ("ex2", [Block(100)])]
    group = Packed(blocks, 500.0, [Block(7)], reorder=True, lead=[Block(30)],
                   movable={"ex1", "ex2"})
    assert group.split(300, 200) == []  # ex2 may not go before the advice it follows
    parts = Packed(blocks, 500.0, [Block(7)], reorder=True, lead=[Block(30)],
                   movable={"ex1", "ex2"}).split(300, 460)
    assert here(parts) == [30, 300, 100]  # past ex1, which may move, to fill the page


def test_packed_uses_a_smaller_layout_only_where_the_block_does_not_fit() -> None:
    blocks = [("a", [Block(200)]), ("b", [Block(250)])]
    variants = {"b": [[Block(220)], [Block(180)]]}
    group = Packed(blocks, 500.0, [Block(7)], variants=variants)
    (fitted,) = group.split(300, 420)
    assert keys(fitted.flowables()) == [200, 220]  # the first smaller one that fits
    (fitted,) = group.split(300, 390)
    assert keys(fitted.flowables()) == [200, 180]
    whole = Packed(blocks, 500.0, [Block(7)], variants=variants).split(300, 500)
    assert len(whole) == 1 and keys(whole[0].flowables()) == [200, 250]  # full size
    assert here(group.split(300, 370)) == [200]  # none fits: b waits, full size
    assert keys(group.split(300, 370)[-1].flowables()) == [7, 250]


def test_packed_makes_smaller_layouts_only_when_a_page_tries_them() -> None:
    made: list[int] = []

    def smaller() -> list[list[Flowable]]:
        made.append(1)
        return [[Block(220)], [Block(180)]]

    blocks = [("a", [Block(200)]), ("b", [Block(250)])]
    group = Packed(blocks, 500.0, [Block(7)], variants={"b": Later(smaller)})
    (whole,) = group.split(300, 500)
    assert keys(whole.flowables()) == [200, 250] and made == []  # b fits: never made
    (fitted,) = group.split(300, 420)
    assert keys(fitted.flowables()) == [200, 220] and made == [1]  # tried: made once
    (fitted,) = group.split(300, 390)
    assert keys(fitted.flowables()) == [200, 180] and made == [1]


def test_packed_lead_alone_only_when_no_block_fits_a_page_under_it() -> None:
    blocks = [("a", [Block(480)])]
    parts = Packed(blocks, 500.0, [Block(7)], lead=[Block(40)]).split(300, 500)
    assert len(parts) == 2
    assert keys(parts[0].flowables()) == [40]
    assert keys(parts[1].flowables()) == [480]


def test_packed_trailing_space_does_not_push_a_block_off_the_page() -> None:
    from reportlab.platypus import Spacer

    blocks = [("a", [Block(200), Spacer(1, 20)]), ("b", [Block(260), Spacer(1, 20)])]
    (fitted,) = Packed(blocks, 500.0, [Block(7)]).split(300, 485)  # 500 with the last space
    assert keys(fitted.flowables()) == [200, 260]
    assert fitted.wrap(300, 485)[1] == 480


def test_bullet_list_goes_in_two_columns_only_when_every_line_is_short() -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from kneepdf.layout.flowables import BulletList

    style = ParagraphStyle("b", fontName="Helvetica", fontSize=10, leading=12)
    short = BulletList([Paragraph(t, style) for t in ("One.", "Two.", "Three.", "Four.")])
    assert short.wrap(400, 1000) == (400, 24.0)  # two lines of two
    long = BulletList([Paragraph("A line much too long for half the width of the column "
                                 "it is in.", style), Paragraph("B.", style),
                       Paragraph("C.", style)])
    assert long.wrap(300, 1000)[1] == 3 * 12
    assert repr(long) == "BulletList(3 items, 1 columns)"  # one column
    assert short.split(400, 10) == []


# -- a tracker band cut to fill pages -----------------------------------------------------------


def _rows(n: int, head: float = 20.0, row: float = 10.0) -> float:
    return head + n * row  # week and day labels, then n rows


def test_tracker_cuts_fill_what_is_left_then_whole_pages() -> None:
    from kneepdf.layout.tracker import cuts

    # 100 pt left under the heading (8 rows), pages of 200 pt (18 rows), 2 pt between parts.
    sizes = cuts(40, lambda k, n: _rows(n), 100.0, 200.0, gap=2.0)
    assert sizes == [8, 18, 14]
    # Two bands in turn: the second starts under the first's last part (200 - 160 - 2 pt
    # left: 1 row) - too few, so it starts on a new page.
    assert cuts(10, lambda k, n: _rows(n), 38.0, 200.0) == [10]


def test_tracker_cuts_leave_at_least_three_rows_for_the_last_part() -> None:
    from kneepdf.layout.tracker import MIN_ROWS, cuts

    # 9 rows fit what is left; 10 rows in all would leave one: the first takes 7.
    sizes = cuts(10, lambda k, n: _rows(n), 110.0, 200.0)
    assert sizes == [10 - MIN_ROWS, MIN_ROWS]
    # Space for 2 rows only: the part starts on a new page rather than hold two.
    assert cuts(12, lambda k, n: _rows(n), 40.0, 200.0) == [12]
    # A page too short for MIN_ROWS: one row a part, never an endless loop.
    assert cuts(3, lambda k, n: _rows(n), 30.0, 30.0) == [1, 1, 1]
    assert sum(cuts(31, lambda k, n: _rows(n, row=12.0), 90.0, 300.0)) == 31


def test_packed_takes_smaller_layouts_to_leave_the_next_group_room() -> None:
    """A group that fits but leaves less than `follow` pt takes its blocks' smaller layouts,
    the last first, only as far as that leaves the room; else it stays as it is."""
    def group(follow: float) -> Packed:
        blocks = [("a", [Block(100)]), ("b", [Block(200)])]
        variants = {"a": [[Block(80)]], "b": [[Block(180)], [Block(150)]]}
        return Packed(blocks, 500.0, [Block(7)], variants=variants, follow=follow)

    assert group(0).wrap(300, 400) == (300, 300.0)  # no next group: as it is
    enough = group(100)  # 300 pt leave 100 pt: room enough
    assert enough.wrap(300, 400) == (300, 300.0) and keys(enough.flowables()) == [100, 200]
    shrunk = group(120)
    assert shrunk.wrap(300, 400) == (300, 280.0)  # b's first smaller layout leaves 120
    assert keys(shrunk.flowables()) == [100, 180]
    both = group(170)
    assert both.wrap(300, 400) == (300, 230.0)  # b at its smallest, then a smaller
    assert keys(both.flowables()) == [80, 150]
    never = group(200)  # even 80 + 150 leaves only 170 pt: nothing changes
    assert never.wrap(300, 400) == (300, 300.0)
    assert keys(never.flowables()) == [100, 200]
    assert never.wrap(300, 1e6) == (300, 300.0)  # room enough: as it is
    assert shrunk.wrap(300, 1e6) == (300, 300.0) and keys(shrunk.flowables()) == [100, 200]
