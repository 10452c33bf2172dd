"""Tick boxes: a square always drawn; in a fillable handout, a form checkbox a viewer can tick."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from kneepdf.layout.tickbox import field_name, tick_box


def _page(names: list[str | None]) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.translate(100, 100)  # boxes are placed relative to the frame, as flowables do
    for n, name in enumerate(names):
        tick_box(canvas, 40 * n, 0, 20, "#000000", name=name)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _dark(pdf: Path, box: int) -> int:
    """Dark pixels inside box number `box` (inside its border), rendered at 216 dpi."""
    document = pdfium.PdfDocument(str(pdf))
    document.init_forms()
    image = document[0].render(scale=3, may_draw_forms=True).to_pil().convert("L")
    left = (100 + 40 * box + 3) * 3
    top = image.height - (100 + 17) * 3
    crop = image.crop((left, top, left + 14 * 3, top + 14 * 3))
    return sum(crop.histogram()[:128])


def test_field_names_are_plain_and_stable() -> None:
    assert field_name("w2", "Wed", "step-up") == "w2-wed-step-up"
    assert field_name("rep", "single-leg-balance", 3) == "rep-single-leg-balance-3"
    assert field_name("Zoë's", "row 1") == "zoe-s-row-1"


def test_plain_boxes_make_no_form() -> None:
    data = _page([None, None])
    assert b"/AcroForm" not in data
    assert PdfReader(io.BytesIO(data)).get_fields() is None


def test_fillable_boxes_tick_and_print(tmp_path: Path) -> None:
    data = _page(["w1-mon-step-up", "w1-tue-step-up"])
    assert data == _page(["w1-mon-step-up", "w1-tue-step-up"])  # reproducible
    blank = tmp_path / "blank.pdf"
    blank.write_bytes(data)
    fields = PdfReader(blank).get_fields() or {}
    assert sorted(fields) == ["w1-mon-step-up", "w1-tue-step-up"]
    assert all(f.get("/Ff", 0) & 2 == 0 for f in fields.values())  # none required
    writer = PdfWriter(clone_from=PdfReader(blank))
    writer.update_page_form_field_values(writer.pages[0], {"w1-mon-step-up": "/Yes"},
                                         auto_regenerate=False)
    ticked = tmp_path / "ticked.pdf"
    with ticked.open("wb") as out:
        writer.write(out)
    values = {k: v.get("/V") for k, v in (PdfReader(ticked).get_fields() or {}).items()}
    assert values == {"w1-mon-step-up": "/Yes", "w1-tue-step-up": "/Off"}
    assert _dark(blank, 0) == 0 and _dark(blank, 1) == 0
    assert _dark(ticked, 0) > 50 and _dark(ticked, 1) == 0
