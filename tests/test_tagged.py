"""The tagged PDF: PDF/UA-1 by the `page-validation` checker, read through its structure
tree as a screen reader would, figures with words, named form fields, same bytes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import page
import pikepdf
import pytest
from conftest import BuildPdf, run_cli
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas
from tagged import read, spoken

from kneepdf import model
from kneepdf.write.structure import BFCHAR

DATE = "2026-01-15"
QUICK = [("2",), ("2", "--fillable")]
SLOW = [
    ("1",), ("3",), ("4",), ("all",),
    ("2", "--style", "large-print"), ("all", "--style", "large-print", "--fillable"),
    ("3", "--paper", "letter"), ("4", "--paper", "letter", "--style", "large-print"),
    ("all", "--fillable", "--side", "left"), ("1", "--fillable", "--weeks", "6"),
    ("2", "--condition", "pes-anserine", "--side", "right"),
    ("3", "--patient", "Zofia Testperson", "--notes", "Ice after the squats.\nRest on Sunday."),
]


def failures(path: Path) -> list[str]:
    report = page.validate_pdf(path, profile="ua1")
    assert report.rules.total >= 100  # the whole PDF/UA-1 profile ran
    return [f"{f.rule_id}: {f.message}" for f in report.failures]


def build(build_pdf: BuildPdf, folder: Path, *args: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stage, *rest = args
    result, path = build_pdf(folder, "--stage", stage, "--date", DATE, *rest)
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("args", QUICK, ids=" ".join)
def test_pdf_ua_passes(build_pdf: BuildPdf, tmp_path: Path, args: tuple[str, ...]) -> None:
    assert failures(build(build_pdf, tmp_path, *args)) == []


@pytest.mark.slow
@pytest.mark.parametrize("args", SLOW, ids=" ".join)
def test_pdf_ua_passes_everywhere(build_pdf: BuildPdf, tmp_path: Path,
                                  args: tuple[str, ...]) -> None:
    assert failures(build(build_pdf, tmp_path, *args)) == []


@pytest.mark.slow
def test_pdf_ua_passes_with_videos(build_pdf: BuildPdf, tmp_path: Path) -> None:
    style = tmp_path / "clinic.yaml"
    style.write_text("name: clinic\nparent: default\nclinic:\n"
                     "  videos: https://riverside.example/knee/{id}\n", encoding="utf-8")
    path = build(build_pdf, tmp_path, "2", "--style", str(style))
    assert failures(path) == []
    codes = [e for e in read(path) if e.role == "Figure" and e.text.startswith("QR code")]
    assert codes and all("https://riverside.example/knee/" in e.text for e in codes)


@pytest.mark.slow
def test_pdf_ua_passes_for_the_pictures_sheet(tmp_path: Path) -> None:
    path = tmp_path / "pictures.pdf"
    result = run_cli("pictures", "--stage", "2", "--side", "left", "-o", str(path))
    assert result.exit_code == 0, result.output
    assert failures(path) == []
    figures = [e for e in read(path) if e.role == "Figure"]
    assert figures and all("the left leg working" in (e.alt or "") for e in figures)


@pytest.fixture(scope="module")
def stage2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tagged")
    path = folder / "stage2.pdf"
    result = run_cli("build", "--stage", "2", "--date", DATE, "--fillable", "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def stage_items(content: model.Content, path: Path) -> list[model.Item]:
    """The exercises the handout at `path` prints, by their names (H3 headings)."""
    names = [e.text.strip() for e in read(path) if e.role == "H3"]
    by_name = {i.name: i for step in content.steps for i in step.items if i.is_exercise}
    return [by_name[name] for name in names if name in by_name]


def squash(text: str) -> str:
    return " ".join(text.split())


def test_the_tree_has_each_kind_of_tag(stage2: Path) -> None:
    roles = {e.role for e in read(stage2)}
    assert roles >= {"Document", "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody", "Sect",
                     "Table", "TR", "TH", "TD", "Figure", "Form"}
    elements = read(stage2)
    assert elements[0].role == "Document" and elements[1].role == "H1"
    assert elements[1].text.strip() == "Exercises for pain on the inside of your knee"


def test_steps_read_as_numbered_lists_with_spaces_at_line_ends(
        stage2: Path, content: model.Content) -> None:
    """Every instruction reads whole, its number a label before it, with a space
    wherever a line wraps (never "doesnot")."""
    said = spoken(read(stage2))
    items = stage_items(content, stage2)
    assert items
    for item in items:
        for n, line in enumerate(item.instructions, 1):
            assert f"{n}. {squash(line)}" in said, (item.id, n, line)
        assert squash(item.purpose) in said, item.id


def tagged_doc(path: Path, story: list[Any]) -> None:
    """`story` laid out by ReportLab alone on a canvas that tags, then tagged."""
    from reportlab.platypus import SimpleDocTemplate

    from kneepdf.layout.tagging import Tagger
    from kneepdf.write.structure import tag

    tagger = Tagger()

    class Tagged(Canvas):  # type: ignore[misc]
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self.tagger = tagger

        def showPage(self) -> None:
            super().showPage()
            tagger.next_page()

    SimpleDocTemplate(str(path), invariant=1).build(story, canvasmaker=Tagged)
    path.write_bytes(tag(path.read_bytes(), tagger, "Test", "en-GB"))


def test_a_wrapped_line_ends_with_a_space(tmp_path: Path) -> None:
    """A paragraph broken where a word ends reads with a space between the words."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate

    from kneepdf.layout.flowables import Para

    path = tmp_path / "wrap.pdf"
    words = "it does not hurt"
    width = SimpleDocTemplate(str(path)).width
    # 35 pt wide (the frame pads 6 pt a side): "it does", "not hurt"
    narrow = ParagraphStyle("body", rightIndent=width - 12 - 35)
    tagged_doc(path, [Para(words, narrow)])
    lines = PdfReader(path).pages[0].extract_text().splitlines()
    assert [line.strip() for line in lines] == ["it does", "not hurt"]
    assert [(e.role, e.text) for e in read(path)] == [("Document", ""), ("P", words + " ")]


def test_a_paragraph_split_across_pages_is_one_element(tmp_path: Path) -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate, Spacer

    from kneepdf.layout.flowables import Para

    path = tmp_path / "split.pdf"
    words = " ".join(f"word{n}" for n in range(300))
    height = SimpleDocTemplate(str(path)).height
    style = ParagraphStyle("body")
    tagged_doc(path, [Spacer(1, height - 60), Para(words, style),
                      Para("then this", style, bulletText="1.")])
    assert len(PdfReader(path).pages) == 2
    elements = [(e.role, e.text.strip()) for e in read(path)]
    assert elements == [("Document", ""), ("P", words), ("L", ""), ("LI", ""),
                        ("Lbl", "1."), ("LBody", "then this")]
    pdf = pikepdf.open(path)
    kids = pdf.Root.StructTreeRoot.K.K[0].K
    assert [k.get("/Type") for k in kids if isinstance(k, pikepdf.Dictionary)] == ["/MCR"]


def test_reading_order_follows_the_pages(stage2: Path, content: model.Content) -> None:
    """The exercise names come in the order the pages print them, and each exercise's
    name before its steps and its picture."""
    elements = read(stage2)
    said = spoken(elements)
    pages = [squash(p.extract_text()) for p in PdfReader(stage2).pages]
    text = " ".join(pages)
    names = [e.text.strip() for e in elements if e.role == "H3"]
    in_tree = sorted(names, key=said.index)
    assert names == in_tree
    on_pages = sorted(names, key=lambda name: text.index(name))
    assert names == on_pages
    for item in stage_items(content, stage2):
        at = said.index(item.name + " ")
        assert said.index(squash(item.instructions[0]), at) > at


def test_every_figure_names_its_exercise(stage2: Path, content: model.Content) -> None:
    names = [i.name for i in stage_items(content, stage2)]
    figures = [e for e in read(stage2) if e.role == "Figure"]
    assert len(figures) >= 2 * len(names)  # a thumbnail and a picture each
    for figure in figures:
        assert figure.alt and any(f"Picture of {name}" in figure.alt for name in names), figure
        assert re.search(r"\b1\. |\b\d\. ", figure.alt)  # what a frame shows


def test_every_form_field_has_a_spoken_name_in_a_form_element(stage2: Path) -> None:
    pdf = pikepdf.open(stage2)
    widgets = [a for p in pdf.pages for a in p.obj.get("/Annots", [])
               if a.get("/Subtype") == "/Widget"]
    assert len(widgets) > 100
    for widget in widgets:
        assert str(widget.get("/TU", "")).strip(), widget.get("/T")
        assert "/StructParent" in widget
    forms = [e for e in read(stage2) if e.role == "Form"]
    assert len(forms) == len(widgets)
    said = [e.text for e in forms]
    assert "Week 2, Wednesday, Knee straightening done" in said
    assert "Week 1, Sunday, pain score" in said
    assert all("Tick" in s or "Week" in s for s in said)


def test_no_tounicode_entry_maps_to_nothing(stage2: Path) -> None:
    pdf = pikepdf.open(stage2)
    cmaps = 0
    for p in pdf.pages:
        for font in p.obj.Resources.Font.values():
            if "/ToUnicode" in font:
                cmaps += 1
                text = font.ToUnicode.read_bytes()
                for section in BFCHAR.finditer(text):
                    assert b"<0000>" not in section.group(2)
                    assert int(section.group(1)) == section.group(2).count(b"\n")
    assert cmaps


def test_the_file_is_one_revision_its_dictionaries_compressed(stage2: Path) -> None:
    data = stage2.read_bytes()
    assert data.startswith(b"%PDF-1.5\n")  # the version that has object streams
    assert data.count(b"startxref") == 1 and b"\nxref\n" not in data  # one xref stream
    # every dictionary (pages, fonts, the catalog, the tree) is in the object stream
    assert b"/Type /Page" not in data and b"/Type /Catalog" not in data
    assert len(re.findall(rb"\n\d+ 0 obj\n", data)) == data.count(b"endstream")
    with pikepdf.open(stage2) as pdf:
        assert pdf.check_pdf_syntax() == []  # qpdf reads every object without a warning
        assert len(pdf.pages) == 7 and pdf.Root.StructTreeRoot.Type == "/StructTreeRoot"


@pytest.mark.parametrize("text", ["Lift (slowly) a\\b", "Rodilla ñ (2)", "\u2022 ", "Note)("])
def test_property_text_reads_back_as_written(text: str) -> None:
    from kneepdf.layout.tagging import pdf_text

    written = pdf_text(text)
    assert str(pikepdf.Object.parse(written.encode())) == text
    assert written.startswith("(" if text.isascii() else "<FEFF")


def test_the_catalog_says_tagged_with_a_title_and_language(stage2: Path) -> None:
    pdf = pikepdf.open(stage2)
    root = pdf.Root
    assert root.MarkInfo.Marked is True
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert str(root.Lang) == "en-GB"
    xmp = root.Metadata.read_bytes().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert "Exercises for pain on the inside of your knee" in xmp
    assert all(p.obj.Tabs == "/S" for p in pdf.pages)


def test_same_options_same_bytes_and_no_patient_in_metadata(
        build_pdf: BuildPdf, tmp_path: Path) -> None:
    args = ("2", "--fillable", "--patient", "Zofia Testperson")
    first = build(build_pdf, tmp_path / "a", *args).read_bytes()
    again = build(build_pdf, tmp_path / "b", *args).read_bytes()
    assert first == again
    other = build(build_pdf, tmp_path / "c", "2", "--fillable", "--patient", "Ann Other")
    pdf = pikepdf.open(other)
    ids = [bytes(x) for x in pdf.trailer.ID]
    assert ids == [bytes(x) for x in pikepdf.open(tmp_path / "a" / "handout.pdf").trailer.ID]
    assert b"Zofia" not in pikepdf.open(tmp_path / "a" / "handout.pdf").Root.Metadata.read_bytes()


def structure_lines(path: Path) -> str:
    """The structure tree of the PDF at `path`, one element a line: indented by its depth,
    its tag name, and for a heading its text."""
    lines = []
    for e in read(path):
        heading = f" {squash(e.text)}" if re.fullmatch(r"H\d?", e.role) else ""
        lines.append(f"{'  ' * e.depth}{e.role}{heading}")
    return "\n".join(lines) + "\n"


def test_the_structure_of_stage_2_matches_its_golden(
        build_pdf: BuildPdf, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """The tags of the stage 2 handout (default style, A4) and how they nest, against
    tests/goldens/structure-stage2.txt; `--update-goldens` rewrites it."""
    text = structure_lines(build(build_pdf, tmp_path, "2"))
    golden = Path(__file__).parent / "goldens" / "structure-stage2.txt"
    if request.config.getoption("--update-goldens"):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden {golden.name}; run pytest --update-goldens"
    assert text == golden.read_text(encoding="utf-8")


def test_each_exercise_in_the_programme_is_a_row_header(
        stage2: Path, content: model.Content) -> None:
    """In "Your programme" each exercise's words (its name, how much, how often) are a
    header cell with /Scope /Row, and the picture beside it an ordinary cell."""
    pdf = pikepdf.open(stage2)
    names = {i.name for i in stage_items(content, stage2)}
    elements = read(stage2)
    start = next(n for n, e in enumerate(elements) if e.text.strip() == "Your programme")
    table = next(n for n in range(start, len(elements)) if elements[n].role == "Table")
    rows = []
    for e in elements[table + 1:]:
        if e.depth <= elements[table].depth:
            break
        rows.append(e)
    heads = [e for e in rows if e.role == "TH"]
    said = [squash(h.text) for h in heads]
    assert len(heads) == len(names)
    assert {next(n for n in names if s.startswith(n)) for s in said} == names
    scopes = []

    def walk(elem: Any) -> None:
        if elem.get("/S") == "/TH":
            scopes.append(str(elem.A.Scope))
        kids = elem.get("/K", [])
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    assert scopes.count("/Row") >= len(names)


def spoken_words(path: Path) -> tuple[list[str], list[str]]:
    """The alternative texts of the PDF at `path` (figures), and its fields' spoken names."""
    elements = read(path)
    return ([e.alt or "" for e in elements if e.role == "Figure"],
            [e.text for e in elements if e.role == "Form"])


def test_a_spanish_handout_speaks_no_english(build_pdf: BuildPdf, tmp_path: Path) -> None:
    """A screen reader meets no English in a Spanish handout: the pictures' and QR codes'
    alternative texts and the form fields' spoken names are in Spanish (the English
    build's alternative texts and names for the same options share none of them)."""
    style = tmp_path / "clinic.yaml"
    style.write_text("name: clinic\nparent: default\nclinic:\n"
                     "  videos: https://riverside.example/knee/{id}\n", encoding="utf-8")
    args = ("2", "--fillable", "--side", "left", "--style", str(style))
    en_alts, en_names = spoken_words(build(build_pdf, tmp_path / "en", *args))
    es_alts, es_names = spoken_words(build(build_pdf, tmp_path / "es", *args, "--lang", "es"))
    assert len(es_alts) == len(en_alts) > 10 and len(es_names) == len(en_names) > 100
    assert any(a.startswith("QR code") for a in en_alts)
    assert not set(es_alts) & set(en_alts) and not set(es_names) & set(en_names)
    english = re.compile(r"\b(Week|Monday|Wednesday|Sunday|done|pain score|Tick|Picture|"
                         r"QR code|video|leg|left|right|frames|working|Set)\b")
    assert all(english.search(s) for s in [*en_alts, *en_names])  # the pattern finds English
    for said in [*es_alts, *es_names]:  # an address is what it is in any language
        assert not english.search(re.sub(r"https://\S+", "", said)), said
    assert "Semana 2, miércoles, Estirar la rodilla, sentado: hecho" in es_names
    assert "Semana 1, domingo, puntuación del dolor" in es_names
    assert all("la pierna izquierda" in a for a in es_alts if a.startswith("Imagen"))
    assert all("riverside.example" in a for a in es_alts if a.startswith("Código QR"))
