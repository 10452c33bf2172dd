"""Shared line breaks: a paragraph laid out from the memo is the paragraph laid out afresh."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from kneepdf.layout.lines import LinePara, style_key
from kneepdf.reuse import Memo, Reuse

STYLE = ParagraphStyle("t", fontName="Helvetica", fontSize=12, leading=15)
TEXT = " ".join(f"word{n}" for n in range(120))


def _lines(para: Paragraph) -> list[list[str]]:
    return [list(line[1]) for line in para.blPara.lines]


def test_the_second_paragraph_takes_the_first_ones_lines() -> None:
    reuse = Reuse()
    first = LinePara(TEXT, STYLE, reuse=reuse)
    first.wrap(200, 1000)
    second = LinePara(TEXT, STYLE, reuse=reuse)
    assert second.wrap(200, 1000) == first.wrap(200, 1000)
    assert second.blPara is first.blPara  # reused, not laid out again
    fresh = Paragraph(TEXT, STYLE)
    fresh.wrap(200, 1000)
    assert _lines(second) == _lines(fresh)
    other = LinePara(TEXT, STYLE, reuse=reuse)
    other.wrap(300, 1000)
    assert other.blPara is not first.blPara  # another width, other lines
    alone = LinePara(TEXT, STYLE, reuse=Reuse())
    alone.wrap(200, 1000)
    assert alone.blPara is not first.blPara  # another Reuse shares nothing


def test_styles_are_keyed_on_their_values_not_their_identity() -> None:
    reuse = Reuse()
    same = ParagraphStyle("t", fontName="Helvetica", fontSize=12, leading=15)
    bigger = ParagraphStyle("t", fontName="Helvetica", fontSize=14, leading=15)
    assert style_key(same) == style_key(STYLE) != style_key(bigger)
    first = LinePara(TEXT, STYLE, reuse=reuse)
    first.wrap(200, 1000)
    twin = LinePara(TEXT, same, reuse=reuse)
    twin.wrap(200, 1000)
    assert twin.blPara is first.blPara
    big = LinePara(TEXT, bigger, reuse=reuse)
    big.wrap(200, 1000)
    assert big.blPara is not first.blPara and _lines(big) != _lines(first)


def test_a_paragraph_is_wrapped_once_per_width(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[float] = []
    real = Paragraph.wrap

    def counted(self: Paragraph, width: float, height: float) -> tuple[float, float]:
        calls.append(width)
        result: tuple[float, float] = real(self, width, height)
        return result

    monkeypatch.setattr(Paragraph, "wrap", counted)
    para = LinePara(TEXT, STYLE)  # nothing kept between paragraphs
    for _ in range(5):
        para.wrap(200, 1000)
        para.wrap(200, 50)
    assert calls == [200]
    para.wrap(300, 1000)
    assert calls == [200, 300]


def test_a_split_leaves_the_shared_lines_alone() -> None:
    reuse = Reuse()
    first = LinePara(TEXT + " split", STYLE, reuse=reuse)
    first.wrap(200, 1000)
    shared = _lines(first)
    parts = LinePara(TEXT + " split", STYLE, reuse=reuse).split(200, 60)
    assert len(parts) == 2
    again = LinePara(TEXT + " split", STYLE, reuse=reuse)
    again.wrap(200, 1000)
    assert _lines(again) == shared


def test_the_memo_is_bounded() -> None:
    reuse = Reuse(limit=3)
    for n in range(10):
        LinePara(f"text {n}", STYLE, reuse=reuse).wrap(100, 100)
    assert len(reuse.parsed) == 3 and len(reuse.lines) == 3
    memo: Memo[int] = Memo(2)
    for n in range(5):
        memo.get(n, lambda n=n: n * n)  # type: ignore[misc]
    assert memo.find(4) == 16 and memo.find(0) is None and len(memo) == 2


def test_nothing_of_the_patients_is_kept(content) -> None:  # type: ignore[no-untyped-def]
    from kneepdf.build import render
    from kneepdf.load.styles import load_theme
    from kneepdf.select.options import Options, resolve

    reuse = Reuse()
    words = ("Zebedee Αλέξανδρος", "Dr Ottoline Marsh", "Vexley Clinic", "07700 900123",
             "Walks the dog daily")
    rare = ("Zebedee", "Αλέξανδρος", "Ottoline", "Vexley", "07700", "900123", "dog")
    options = Options(stage="subacute", patient=words[0], clinician=words[1],
                      clinic=words[2], contact=words[3], notes=words[4], date="2026-01-15")
    render(resolve(options, content, dt.date(2026, 1, 15)), content, load_theme("default"),
           reuse)
    kept = repr([list(m._kept) for m in vars(reuse).values() if isinstance(m, Memo)])
    for word in (*words, *rare):  # a name needing the fallback font is split by markup
        assert word not in kept, word
    assert len(reuse.parsed) > 50  # the handout's own text is kept


def test_exercise_arrangements_are_chosen_once_per_process(content) -> None:  # type: ignore[no-untyped-def]
    from kneepdf.build import render
    from kneepdf.load.styles import load_theme
    from kneepdf.select.options import Options, resolve

    theme, today = load_theme("default"), dt.date(2026, 1, 15)

    def options(patient: str, side: str) -> Options:
        return Options(stage="subacute", patient=patient, side=side, date="2026-01-15")

    reuse = Reuse()
    render(resolve(options("Ana Silva", "left"), content, today), content, theme, reuse)
    chosen = len(reuse.arrangements)
    assert chosen > 0
    second = options("José Núñez", "left")
    again = render(resolve(second, content, today), content, theme, reuse)[0]
    assert len(reuse.arrangements) == chosen  # nothing measured anew for another patient
    assert again == render(resolve(second, content, today), content, theme, Reuse())[0]
    render(resolve(options("José Núñez", "right"), content, today), content, theme, reuse)
    assert len(reuse.arrangements) > chosen  # the other side is its own key
