"""Reused drawings and reused compression never change a handout's bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from kneepdf import model, replay, tail
from kneepdf.flowables import Para
from kneepdf.fonts import font_set
from kneepdf.options import Options, resolve
from kneepdf.render import render_pdf
from kneepdf.selection import select
from kneepdf.styles import load_theme

TODAY = dt.date(2026, 1, 15)
GREEK = "\u039c\u03b1\u03c1\u03af\u03b1"  # Maria, in Greek: the fallback font draws it
# Names and notes with letters the shared text lacks, and one the primary font lacks.
CASES = [
    Options(stage="subacute", patient="Zoë Ångström", date="2026-01-15"),
    Options(stage="all", patient="Bob Lee", date="2026-01-15", side="left"),
    Options(stage="acute", patient="Ann Lee", date="2026-01-15", style="large-print"),
    Options(stage="strength", patient=GREEK, date="2026-01-15", side="right"),
    Options(stage="all", patient="Ágnes Nguyễn", date="2026-01-15", notes="Zoë ễ: slowly"),
    Options(stage="return", patient="Bob Lee", date="2026-01-15", notes="Keep going\nSlowly"),
    Options(stage="all", patient="Łucja Wąsowska", date="2026-01-15", notes="Zoë ễ: slowly"),
    Options(stage="all", patient="Ann Lee", date="2026-01-15", side="left", notes="Ice after"),
    Options(stage="subacute", patient="Kim Ode", date="2026-01-15", contact="0161 496 0811"),
    Options(stage="subacute", patient="Li Wu", date="2026-01-15", notes="One\nTwo\nThree"),
]
LONG_NOTES = "\n".join(f"Line {n}" for n in range(20))  # too tall for what page 1 has left


def render(content: model.Content, options: Options) -> bytes:
    resolved = resolve(options, content, TODAY)
    theme = load_theme(resolved.style)
    handout = select(content, resolved.stage, resolved.details, resolved.choices)
    return render_pdf(handout, theme)[0]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def fresh(content: model.Content) -> list[str]:
    """Each case drawn with nothing recorded before it."""
    out = []
    for options in CASES:
        forget()
        out.append(digest(render(content, options)))
    return out


def forget() -> None:
    """Nothing recorded: no drawings, no pages after page 1."""
    replay._DRAWN.clear()
    tail._TAILS.clear()


def test_replayed_handouts_are_byte_identical_in_any_order(
    content: model.Content, fresh: list[str]
) -> None:
    forget()
    for i in [1, 0, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 1, 0, 4, 6, 1, 7, 8, 9, 0, 9, 7, 1, 8]:
        assert digest(render(content, CASES[i])) == fresh[i], CASES[i]


def test_a_repeated_handout_is_drawn_from_the_recording(content: model.Content) -> None:
    forget()
    first = render(content, CASES[1])
    recorded = len(replay._DRAWN)
    second = render(content, Options(stage="all", patient="Someone Else",
                                     date="2026-01-15", side="left"))
    assert recorded > 300  # every paragraph, box and checklist of the shared text
    assert len(replay._DRAWN) - recorded <= 3  # only the details that name the patient
    assert len(second) > 0.9 * len(first)


def test_pages_after_the_first_are_reused_for_the_next_patient(
    content: model.Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    forget()
    spliced: list[bool] = []
    original = tail.Plan.page_one_ended

    def watch(plan: tail.Plan, canvas: object) -> None:
        original(plan, canvas)
        spliced.append(plan.spliced)

    monkeypatch.setattr(tail.Plan, "page_one_ended", watch)
    render(content, CASES[8])
    second = render(content, CASES[9])  # another name, and notes
    assert spliced == [False, True]
    assert len(tail._TAILS) == 1
    forget()
    assert render(content, CASES[9]) == second


def test_notes_that_run_past_page_1_are_never_kept(content: model.Content) -> None:
    forget()
    options = Options(stage="subacute", patient="Tom Hart", date="2026-01-15", notes=LONG_NOTES)
    data = render(content, options)
    assert "Line 19" in PdfReader(io.BytesIO(data)).pages[1].extract_text()
    assert tail._TAILS == {}
    assert render(content, options) == data


def test_patient_letters_do_not_move_the_shared_glyph_codes(content: model.Content) -> None:
    plain = render(content, CASES[1])
    accented = render(content, Options(stage="all", patient="Ærø Dvořák", date="2026-01-15",
                                       side="left"))
    assert len(streams(plain)) > 10
    assert streams(plain)[1:] == streams(accented)[1:]  # after page 1: the same for anyone


def streams(data: bytes) -> list[bytes]:
    """Each page's content stream, decompressed."""
    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        contents = page.get_contents()
        assert contents is not None
        out.append(contents.get_data())
    return out


def draw_texts(texts: list[str]) -> bytes:
    """A one-page PDF of paragraphs drawn through a Replay with no letters set up front."""
    fonts = font_set()
    canvas = Canvas(io.BytesIO(), invariant=1, initialFontName=fonts.regular)
    canvas.replay = replay.Replay(canvas, [fonts.regular, fonts.bold], "", "")
    style = ParagraphStyle("t", fontName=fonts.regular, fontSize=12)
    for n, text in enumerate(texts):
        para = Para(text, style, key=("test", text))
        para.wrap(300, 100)
        para.drawOn(canvas, 50, 700 - 20 * n)
    canvas.showPage()
    return bytes(canvas.getpdfdata())


def test_a_drawing_after_a_new_letter_is_never_recorded() -> None:
    """Codes given out mid-document depend on what came first: such drawings stay unrecorded."""
    replay._DRAWN.clear()
    draw_texts(["caf\u00e9", "caf\u00e9"])  # the second "café" uses a code given out here
    assert replay._DRAWN == {}
    alone = draw_texts(["\u00fcber", "caf\u00e9"])
    replay._DRAWN.clear()
    assert draw_texts(["\u00fcber", "caf\u00e9"]) == alone
