"""The written PDF: pages, text, fonts, metadata, privacy, reproducibility, structure.

Each stage is built once for the whole module (fixed --date), then read back with pypdf,
pikepdf and pypdfium2.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from click.testing import Result
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from kneepdf import model
from kneepdf.select.selection import find_stage, select

pytestmark = pytest.mark.slow  # whole handouts built and read back

STAGES = ["acute", "subacute", "strength", "return", "all"]
DATE = "2026-01-15"
PATIENT = "Zofia Testperson"
A4 = (595.28, 841.89)
BuildPdf = Callable[..., tuple[Result, Path]]
BASE14 = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica",
    "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold",
    "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
}


@dataclass
class Built:
    stage: str
    path: Path
    stdout: str
    pages: list[str]  # each page's text, whitespace squashed
    handout: model.Handout

    @property
    def text(self) -> str:
        return " ".join(self.pages)


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory, build_pdf: BuildPdf,
    pdf_text: Callable[[Path], list[str]], content: model.Content,
) -> dict[str, Built]:
    folder = tmp_path_factory.mktemp("pdfs")
    out = {}
    details = model.PatientDetails(date=dt.date.fromisoformat(DATE), patient=PATIENT)
    for stage in STAGES:
        result, path = build_pdf(folder, "--stage", stage, "--date", DATE, "--patient", PATIENT,
                                 name=f"{stage}.pdf")
        assert result.exit_code == 0, result.output
        handout = select(content, find_stage(content, stage), details)
        out[stage] = Built(stage, path, result.stdout,
                           pdf_text(path), handout)
    return out


def fonts_of(reader: PdfReader) -> dict[str, DictionaryObject]:
    """Every font in every page's /Resources /Font, by its base font name."""
    fonts: dict[str, DictionaryObject] = {}
    for page in reader.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            fonts[str(font["/BaseFont"]).lstrip("/")] = font
    return fonts


def embedded_truetype(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and "/FontFile2" in descriptor.get_object()


def base_name(name: str) -> str:
    """`AAAAAA+Atkinson` (a subset) as `Atkinson`."""
    return re.sub(r"^[A-Z]{6}\+", "", name)


# -- the build --------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", STAGES)
def test_build_prints_path_and_page_count(built: dict[str, Built], stage: str) -> None:
    b = built[stage]
    assert b.stdout == f"{b.path} ({len(b.pages)} pages)\n"


@pytest.mark.parametrize("stage", STAGES)
def test_page_size_is_a4(built: dict[str, Built], stage: str) -> None:
    for page in PdfReader(built[stage].path).pages:
        box = page.mediabox
        assert float(box.left) == 0 and float(box.bottom) == 0
        assert float(box.width) == pytest.approx(A4[0], abs=0.5)
        assert float(box.height) == pytest.approx(A4[1], abs=0.5)


@pytest.mark.parametrize("stage", STAGES)
def test_page_count(built: dict[str, Built], stage: str) -> None:
    # The complete programme carries every step, with stage 4's gated work and the added
    # exercises for the guide's pointers, the walk-jog plan and stage 1's thigh tightening.
    assert 2 <= len(built[stage].pages) <= 28


def test_letter_paper(tmp_path: Path, build_pdf: BuildPdf,
                      pdf_text: Callable[[Path], list[str]]) -> None:
    result, path = build_pdf(tmp_path, "--stage", "acute", "--date", DATE, "--paper", "letter")
    assert result.exit_code == 0
    pages = PdfReader(path).pages
    for page in pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (612.0, 792.0)
    texts = pdf_text(path)
    assert f"Page {len(texts)} of {len(texts)}" in texts[-1]


def test_complete_programme_is_the_longest(built: dict[str, Built]) -> None:
    counts = {stage: len(b.pages) for stage, b in built.items()}
    assert counts["all"] == max(counts.values())


# -- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", STAGES)
def test_footer_on_every_page(
    built: dict[str, Built], content: model.Content, stage: str
) -> None:
    pages = built[stage].pages
    total = len(pages)
    for number, text in enumerate(pages, 1):
        assert content.safety.disclaimer_short in text, number
        assert f"Page {number} of {total}" in text, number
        others = set(re.findall(r"Page (\d+) of (\d+)", text))
        assert others == {(str(number), str(total))}


@pytest.mark.parametrize("stage", STAGES)
def test_page_one_red_flags(built: dict[str, Built], content: model.Content, stage: str) -> None:
    first = built[stage].pages[0]
    assert "Stop and call your doctor or urgent care today if" in first
    assert "Call an ambulance now if" in first
    assert ("Is one of these new since your physio saw you? See your doctor or physio before "
            "you start:") in first
    assert content.safety.red_flag_title in first
    flags = [line for part in content.safety.flag_parts() for line in part.items]
    assert len(flags) >= 10
    for flag in flags:
        assert flag in first, flag


@pytest.mark.parametrize("stage", STAGES)
def test_header_on_page_one(built: dict[str, Built], content: model.Content, stage: str) -> None:
    first = built[stage].pages[0]
    assert content.title in first
    assert PATIENT in first
    assert "2026" in first


@pytest.mark.parametrize("stage", STAGES)
def test_stage_item_names_present(built: dict[str, Built], stage: str) -> None:
    b = built[stage]
    assert b.handout.items
    for item in b.handout.items:
        assert item.name in b.text, item.id


def printed_strings(handout: model.Handout) -> str:
    """Everything the handout's own content prints, squashed (for substring counting)."""
    texts: list[str] = [handout.title, handout.stage.name, handout.stage.goal,
                        *handout.move_on, *handout.how_to_use, *handout.flare_up,
                        *(handout.timeline or ())]
    for hs in handout.steps:
        texts += [hs.step.title, hs.step.intro, hs.step.note, *hs.step.points]
        for item in hs.items:
            texts += [item.name, item.text, item.purpose, *item.details, *item.equipment,
                      *item.instructions, *item.cautions, item.start_test]
            if hs.progressions:
                texts += item.progressions
    texts += [c.name + " " + c.text for c in handout.conditions]
    texts += [handout.conditions_title, handout.conditions_intro, handout.other_causes]
    return "\n".join(" ".join(t.split()) for t in texts)


@pytest.mark.parametrize("stage", STAGES)
def test_no_item_names_from_other_steps(
    built: dict[str, Built], content: model.Content, stage: str
) -> None:
    b = built[stage]
    in_stage = {hs.step.id for hs in b.handout.steps}
    absent = [item for step in content.steps if step.id not in in_stage for item in step.items]
    if stage != "all":
        assert absent
    legit = printed_strings(b.handout)
    for item in absent:
        # A name may also occur inside text this stage does print (e.g. "Step up" inside an
        # instruction): the PDF may hold it no more often than the stage's own text does.
        assert b.text.count(item.name) <= legit.count(item.name), item.id


@pytest.mark.parametrize("stage", ["acute", "subacute", "strength"])
def test_no_high_load_names_before_stage_4(built: dict[str, Built], stage: str) -> None:
    for name in ("Side lunge", "Pivot turns", "Bounce on the spot", "Jog in a straight line",
                 "Change direction quickly", "Start only when"):
        assert name not in built[stage].text


@pytest.mark.parametrize("stage", STAGES)
def test_doses_printed(built: dict[str, Built], stage: str) -> None:
    b = built[stage]
    text = b.text
    lowered = text.lower()
    checked = 0
    for item in b.handout.items:
        if item.is_exercise:  # one bold line: "Your sore leg · 2 sets of 20 · once a day"
            for phrase in item.dose.line():
                assert phrase.lower() in lowered, (item.id, phrase)
                checked += 1
            continue
        for _, value in item.dose.parts():
            assert value.lower() in lowered, (item.id, value)
            checked += 1
    assert checked > 0


def test_typical_dose_wording(built: dict[str, Built]) -> None:
    text = built["subacute"].text
    for words in ("Your sore leg \u00b7 30 times \u00b7 2 to 3 times a day",
                  "2 minutes \u00b7 once a day",
                  "Your sore leg \u00b7 2 sets of 20",
                  "Your sore leg \u00b7 1 minute \u00b7 1 to 2 times a day"):
        assert words in text, words


@pytest.mark.parametrize("stage", STAGES)
def test_fixed_sections_printed(built: dict[str, Built], content: model.Content,
                                stage: str) -> None:
    text = built[stage].text
    assert "How to use this sheet" in text
    assert "My tracker" in text
    assert " ".join(content.safety.disclaimer_full.split()) in text
    for line in built[stage].handout.move_on:
        assert line in text
    assert f"Content version {built[stage].handout.version}, reviewed 5 Dec 2026." in text


# -- fonts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", STAGES)
def test_shipped_fonts_embedded(built: dict[str, Built], stage: str) -> None:
    fonts = fonts_of(PdfReader(built[stage].path))
    atkinson = [name for name in fonts if "Atkinson" in name]
    assert atkinson
    for name, font in fonts.items():
        if base_name(name) not in BASE14:
            assert embedded_truetype(font), name


@pytest.mark.parametrize("stage", STAGES)
def test_every_font_embedded_truetype(built: dict[str, Built], stage: str) -> None:
    fonts = fonts_of(PdfReader(built[stage].path))
    assert not [name for name in fonts if base_name(name) in BASE14]
    assert all(embedded_truetype(font) for font in fonts.values())


def test_fallback_font_embedded_for_letters_atkinson_lacks(
    tmp_path: Path, build_pdf: BuildPdf,
    pdf_text: Callable[[Path], list[str]],
) -> None:
    name = "Nguyễn Thị Ánh"
    result, path = build_pdf(tmp_path, "--stage", "acute", "--date", DATE, "--patient", name)
    assert result.exit_code == 0, result.output
    assert name in pdf_text(path)[0]
    fonts = fonts_of(PdfReader(path))
    assert len([n for n in fonts if base_name(n) not in BASE14]) >= 3  # Atkinson x2 + fallback
    for font_name, font in fonts.items():
        if base_name(font_name) not in BASE14:
            assert embedded_truetype(font), font_name


def fonts_showing_text(path: Path) -> set[str]:
    """The base font names that actually draw glyphs (Tj, TJ, ', ") on any page."""
    used: set[str] = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            names = {str(k): str(v.BaseFont).lstrip("/")
                     for k, v in page.Resources.get("/Font", {}).items()}
            current = None
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "Tf":
                    current = names.get(str(operands[0]))
                elif op in ("Tj", "TJ", "'", '"') and current is not None:
                    shown = operands[-1]
                    parts = list(shown) if isinstance(shown, pikepdf.Array) else [shown]
                    if any(isinstance(p, pikepdf.String) and bytes(p) for p in parts):
                        used.add(base_name(current))
    return used


@pytest.mark.parametrize("stage", STAGES)
def test_text_drawn_only_in_embedded_fonts(built: dict[str, Built], stage: str) -> None:
    # Once failed: bullets were drawn in Helvetica, ReportLab's default bulletFontName.
    used = fonts_showing_text(built[stage].path)
    assert used
    assert not used & BASE14


def test_font_check_sees_atkinson(built: dict[str, Built]) -> None:
    # The helper above must see the real fonts, or the test above proves nothing.
    used = fonts_showing_text(built["acute"].path)
    assert any("Atkinson" in name for name in used)


def test_font_check_sees_helvetica(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "helvetica.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("Helvetica", 10)
    canvas.drawString(10, 10, "\u2022 a bullet")
    canvas.save()
    assert fonts_showing_text(path) == {"Helvetica"}
    assert not embedded_truetype(fonts_of(PdfReader(path))["Helvetica"])


# -- metadata and privacy ---------------------------------------------------------------------


@pytest.mark.parametrize("stage", STAGES)
def test_metadata(built: dict[str, Built], content: model.Content, stage: str) -> None:
    meta = PdfReader(built[stage].path).metadata
    assert meta is not None
    assert meta.get("/Title") == content.title
    assert meta.get("/Author", "") == ""


def id_bytes(reader: PdfReader) -> list[bytes]:
    out = []
    for part in reader.trailer["/ID"]:
        raw = getattr(part, "original_bytes", None)
        out.append(bytes(raw) if raw is not None else bytes(part))
    return out


@pytest.mark.parametrize("stage", STAGES)
def test_patient_name_not_in_metadata_or_id(built: dict[str, Built], stage: str) -> None:
    b = built[stage]
    assert PATIENT in b.pages[0]  # it is on the page...
    reader = PdfReader(b.path)
    meta = reader.metadata or {}
    for key, value in meta.items():
        assert "Zofia" not in str(value), key
        assert "Testperson" not in str(value), key
    ids = id_bytes(reader)
    assert ids
    for raw in ids:
        assert b"Zofia" not in raw
        assert "Zofia".encode("utf-16-be") not in raw


def test_document_id_does_not_depend_on_patient(
    built: dict[str, Built], tmp_path: Path, build_pdf: BuildPdf
) -> None:
    # Not even a hash of the name: the ID is the same whoever the handout is for.
    result, path = build_pdf(tmp_path, "--stage", "acute", "--date", DATE,
                             "--patient", "Ann Other")
    assert result.exit_code == 0
    assert path.read_bytes() != built["acute"].path.read_bytes()
    assert id_bytes(PdfReader(path)) == id_bytes(PdfReader(built["acute"].path))


@pytest.mark.parametrize("stage", ["acute", "all"])
def test_patient_name_only_in_page_content(built: dict[str, Built], stage: str) -> None:
    needles = [PATIENT.encode(), PATIENT.encode("utf-16-be"), b"Testperson"]
    with pikepdf.open(built[stage].path) as pdf:
        page_streams = set()
        for page in pdf.pages:
            contents = page.obj.get("/Contents")
            refs = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
            page_streams |= {r.objgen for r in refs if r is not None}
        for obj in pdf.objects:
            if obj.objgen in page_streams:
                continue
            if isinstance(obj, pikepdf.Stream):
                data = obj.read_bytes()
            else:
                data = repr(obj).encode("utf-8", "replace")
            for needle in needles:
                assert needle not in data, obj.objgen
    raw = built[stage].path.read_bytes()
    assert b"Testperson" not in raw


# -- reproducibility --------------------------------------------------------------------------


def test_same_date_same_bytes(
    built: dict[str, Built], tmp_path: Path, build_pdf: BuildPdf
) -> None:
    result, path = build_pdf(tmp_path, "--stage", "acute", "--date", DATE, "--patient", PATIENT)
    assert result.exit_code == 0
    assert path.read_bytes() == built["acute"].path.read_bytes()


def test_source_date_epoch_same_bytes_as_date(
    built: dict[str, Built], tmp_path: Path, build_pdf: BuildPdf
) -> None:
    epoch = calendar.timegm(dt.date.fromisoformat(DATE).timetuple()) + 12 * 3600  # midday
    result, path = build_pdf(tmp_path, "--stage", "acute", "--patient", PATIENT,
                             env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert result.exit_code == 0, result.output
    # Once the document ID alone differed: ReportLab seeds its own from SOURCE_DATE_EPOCH.
    assert path.read_bytes() == built["acute"].path.read_bytes()
    both, path = build_pdf(tmp_path, "--stage", "acute", "--patient", PATIENT, "--date", DATE,
                           env={"SOURCE_DATE_EPOCH": str(epoch + 400 * 86400)})
    assert both.exit_code == 0 and path.read_bytes() == built["acute"].path.read_bytes()


def test_other_date_other_bytes(
    built: dict[str, Built], tmp_path: Path, build_pdf: BuildPdf,
    pdf_text: Callable[[Path], list[str]],
) -> None:
    result, path = build_pdf(tmp_path, "--stage", "acute", "--date", "2026-02-20",
                             "--patient", PATIENT)
    assert result.exit_code == 0
    assert path.read_bytes() != built["acute"].path.read_bytes()
    assert "20 Feb" in pdf_text(path)[0]


# -- structure and looks ----------------------------------------------------------------------


def qpdf_problems(pdf: pikepdf.Pdf) -> list[str]:
    check = getattr(pdf, "check_pdf_syntax", None) or pdf.check  # pikepdf >= 10 renamed it
    return [str(p) for p in check()]


@pytest.mark.parametrize("stage", STAGES)
def test_qpdf_finds_no_problems(built: dict[str, Built], stage: str) -> None:
    with pikepdf.open(built[stage].path) as pdf:
        assert qpdf_problems(pdf) == []
        assert len(pdf.pages) == len(built[stage].pages)


Matrix = tuple[float, float, float, float, float, float]


def _times(a: Matrix, b: Matrix) -> Matrix:
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4],
            a[4] * b[1] + a[5] * b[3] + b[5])


def horizontal_lines(path: Path, index: int) -> list[tuple[float, float, float]]:
    """(x0, x1, y) of every horizontal line segment stroked on a page, in page space."""
    out = []
    with pikepdf.open(path) as pdf:
        ctm: Matrix = (1, 0, 0, 1, 0, 0)
        stack: list[Matrix] = []
        start: tuple[float, float] | None = None
        for operands, operator in pikepdf.parse_content_stream(pdf.pages[index]):
            op = str(operator)
            if op == "q":
                stack.append(ctm)
            elif op == "Q":
                ctm = stack.pop()
            elif op == "cm":
                m = tuple(float(v) for v in operands)
                ctm = _times(m, ctm)  # type: ignore[arg-type]
            elif op in ("m", "l"):
                x, y = (float(v) for v in operands)
                point = (ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5])
                if op == "l" and start is not None and abs(point[1] - start[1]) < 0.01:
                    out.append((min(start[0], point[0]), max(start[0], point[0]), point[1]))
                start = point
    return out


def glyph_boxes(path: Path, index: int) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of every visible character on a page."""
    document = pdfium.PdfDocument(str(path))
    try:
        text = document[index].get_textpage()
        boxes = [text.get_charbox(i) for i in range(text.count_chars())]
    finally:
        document.close()
    return [b for b in boxes if b[3] > b[1] and b[2] > b[0]]


def struck_through(path: Path, index: int) -> list[tuple[float, float, float, float]]:
    """Characters in the footer zone that a horizontal rule runs through."""
    rules = [line for line in horizontal_lines(path, index) if line[2] < 100]
    assert rules, "the footer rule is there"
    return [box for box in glyph_boxes(path, index) for x0, x1, y in rules
            if box[1] + 0.5 < y < box[3] - 0.5 and box[0] < x1 and box[2] > x0]


def test_footer_rule_clear_of_text(built: dict[str, Built]) -> None:
    footer = [b for b in glyph_boxes(built["acute"].path, 1) if b[3] < 100]
    assert len(footer) > 40  # the disclaimer and "Page 2 of N" are found...
    assert struck_through(built["acute"].path, 1) == []  # ...and not crossed by the rule


def test_footer_rule_clear_of_long_contact(
    tmp_path: Path, build_pdf: BuildPdf
) -> None:
    contact = "Riverside Physio front desk 020 7946 0000 or physio-questions@riverside.example"
    assert len(contact) <= 80
    result, path = build_pdf(tmp_path, "--stage", "acute", "--date", DATE, "--contact", contact)
    assert result.exit_code == 0, result.output
    assert struck_through(path, 1) == []


@pytest.mark.parametrize("stage", ["acute", "all"])
def test_page_one_is_not_blank(built: dict[str, Built], stage: str) -> None:
    document = pdfium.PdfDocument(str(built[stage].path))
    try:
        image = document[0].render(scale=50 / 72).to_pil().convert("RGB")
    finally:
        document.close()
    width, height = image.size
    assert abs(width - A4[0] * 50 / 72) <= 1 and abs(height - A4[1] * 50 / 72) <= 1
    data = image.tobytes()
    pixels = list(zip(data[0::3], data[1::3], data[2::3], strict=True))
    dark = sum(1 for r, g, b in pixels if r + g + b < 3 * 100)
    red = sum(1 for r, g, b in pixels if r > 120 and g < 70 and b < 70)
    assert dark > len(pixels) * 0.01  # text is there
    assert red > 50  # and so is the red "Stop and get help" box


def test_outline_lists_the_steps_on_their_pages(tmp_path: Path) -> None:
    """On screen the PDF opens with bookmarks: each step heading, on the page it is printed."""
    from click.testing import CliRunner

    from kneepdf.cli import cli

    out = tmp_path / "outline.pdf"
    result = CliRunner().invoke(cli, ["build", "--stage", "subacute", "--date", "2026-01-15",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    titles = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
    assert [t for t, _ in titles] == [
        "How much pain is OK?", "Your programme", "How to use this sheet",
        "How long this takes", "1. Keep your knee moving", "2. Loosen tight muscles",
        "3. Massage the sore spot", "4. Gentle strengthening", "5. Improve your balance",
        "My tracker", "If your knee flares up", "Move on to the next stage when",
    ]
    for title, page in titles:
        text = " ".join((reader.pages[page].extract_text() or "").split())
        assert title in text, (title, page)


@pytest.mark.parametrize("style", ["default", "large-print"])
def test_a_phone_number_never_breaks_across_lines(tmp_path: Path, build_pdf: BuildPdf,
                                                   style: str) -> None:
    """A patient must not dial half a number: the groups of a number stay on one line in the
    footer, the page-1 details and the notes, where the text around them wraps."""
    from pypdf import PdfReader

    contact = "physio.enquiries@riverside-community-msk.nhs.example.uk / 020 7946 0000"
    result, path = build_pdf(tmp_path, "--stage", "1", "--style", style, "--contact", contact,
                             "--notes", "If it swells up in the night or the day after, call "
                             "+1 (555) 123 4567 and ask for the physio on duty today")
    assert result.exit_code == 0, result.output
    for page in PdfReader(path).pages[:2]:
        lines = [" ".join(line.replace("\xa0", " ").split())
                 for line in page.extract_text().splitlines()]
        assert any(line.endswith("020 7946 0000") for line in lines), lines
    text = " ".join(PdfReader(path).pages[1].extract_text().replace("\xa0", " ").split("\n"))
    notes = [line for line in PdfReader(path).pages[1].extract_text().replace(
        "\xa0", " ").splitlines() if "555" in line]
    assert notes and all("+1 (555) 123 4567" in line for line in notes), text
