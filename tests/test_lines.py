"""Shared line breaks: a paragraph laid out from the memo is the paragraph laid out afresh."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from kneepdf.layout import lines
from kneepdf.layout.lines import LinePara

STYLE = ParagraphStyle("t", fontName="Helvetica", fontSize=12, leading=15)
TEXT = " ".join(f"word{n}" for n in range(120))


def _lines(para: Paragraph) -> list[list[str]]:
    return [list(line[1]) for line in para.blPara.lines]


def test_the_second_paragraph_takes_the_first_ones_lines() -> None:
    first = LinePara(TEXT, STYLE)
    first.wrap(200, 1000)
    second = LinePara(TEXT, STYLE)
    assert second.wrap(200, 1000) == first.wrap(200, 1000)
    assert second.blPara is first.blPara  # reused, not laid out again
    fresh = Paragraph(TEXT, STYLE)
    fresh.wrap(200, 1000)
    assert _lines(second) == _lines(fresh)
    other = LinePara(TEXT, STYLE)
    other.wrap(300, 1000)
    assert other.blPara is not first.blPara  # another width, other lines


def test_a_split_leaves_the_shared_lines_alone() -> None:
    first = LinePara(TEXT + " split", STYLE)
    first.wrap(200, 1000)
    shared = _lines(first)
    parts = LinePara(TEXT + " split", STYLE).split(200, 60)
    assert len(parts) == 2
    again = LinePara(TEXT + " split", STYLE)
    again.wrap(200, 1000)
    assert _lines(again) == shared


def test_the_memo_is_bounded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(lines, "LIMIT", 3)
    for n in range(10):
        LinePara(f"text {n}", STYLE).wrap(100, 100)
    assert len(lines._PARSED) <= 3 and len(lines._LINES) <= 3


def test_handouts_make_no_new_styles() -> None:
    """Every style a handout uses is made once per theme: a second handout adds none, so the
    memo, which keeps each style it has seen, does not grow with the number of handouts."""
    import datetime as dt

    from kneepdf.build import load_inputs, render
    from kneepdf.select.options import Options, resolve

    content, theme = load_inputs(None, "default")
    today = dt.date(2026, 1, 15)
    for patient in ("Ana Silva", "Zoë Brontë"):
        options = Options(stage="subacute", patient=patient, date="2026-01-15")
        render(resolve(options, content, today), content, theme)
        if patient == "Ana Silva":
            styles = dict(lines._STYLES)
    assert styles == lines._STYLES
