"""Trial layouts: the arrangement kept and the bytes written are those of drawing every one."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from reportlab.platypus import Flowable, Paragraph

from kneepdf.build import load_inputs
from kneepdf.layout.fonts import fonts_for
from kneepdf.layout.tagging import Tagger
from kneepdf.model import Handout
from kneepdf.options import Options
from kneepdf.reuse import Reuse
from kneepdf.select.options import resolve
from kneepdf.select.selection import select
from kneepdf.theme import Theme
from kneepdf.words import Words
from kneepdf.write import pdf
from kneepdf.write.structure import tag

pytestmark = pytest.mark.slow  # every arrangement of whole handouts, drawn and not

DATE = dt.date(2026, 1, 15)
CASES = [(style, paper, stage) for style in ("default", "large-print") for paper in ("a4", "letter")
         for stage in ("acute", "subacute", "return", "all")]


def _handout(style: str, paper: str, stage: str) -> tuple[Handout, Theme]:
    content, theme = load_inputs(None, style)
    options = Options(stage=stage, patient="Zoë Brontë", date=DATE.isoformat(), side="left",
                      paper=paper, notes="Walk daily.\nIce after.", clinician="Dr A")
    resolved = resolve(options, content, DATE)
    if resolved.paper is not None:
        theme = replace(theme, paper=resolved.paper)
    return select(content, content.stage(resolved.stage.id), resolved.details,
                  resolved.choices), theme


def _every_one_drawn(handout: Handout, theme: Theme, reuse: Reuse) -> tuple[bytes, int]:
    """The handout as it was made before trials: every arrangement drawn in full from a
    story of its own, the best kept (the rule of `pdf.render_pdf`)."""
    texts = pdf.handout_texts(handout)
    texts["the style's clinic details"] = theme.clinic_name + theme.contact
    fonts = fonts_for(theme.font, texts, reuse)
    best = None
    places = (False, True) if any(item.is_info for item in handout.items) else (False,)
    for information_last in places:
        for timeline_first in (True, False):
            tagger = Tagger()
            data, pages, printed, used, _ = pdf._render(
                handout, theme, fonts, reuse, True, timeline_first, information_last, tagger)
            ordered = pdf.in_order(handout, printed)
            if ordered != handout:
                tagger = Tagger()
                data, pages, _, used, _ = pdf._render(
                    ordered, theme, fonts, reuse, False, timeline_first, information_last,
                    tagger)
            low = [u for u in used[:-1] if u < pdf.FILL]
            half = [u for u in low if u < pdf.HALF]
            score = (pages, len(half), len(low), -min(used[:-1], default=1.0))
            if best is None or score < best[0]:
                best = (score, data, pages, tagger)
            if not low:
                break
    assert best is not None and best[1] is not None
    return tag(best[1], best[3], handout.title, Words(handout.lang)("pdf_lang")), best[2]


@pytest.mark.parametrize(("style", "paper", "stage"), CASES)
def test_kept_arrangement_and_bytes_match_drawing_every_one(style: str, paper: str,
                                                            stage: str) -> None:
    handout, theme = _handout(style, paper, stage)
    expected = _every_one_drawn(handout, theme, Reuse())
    assert pdf.render_pdf(handout, theme, Reuse()) == expected


@pytest.mark.parametrize(("style", "paper", "stage"), CASES[::3])
def test_a_trial_lays_out_the_pages_a_drawing_does(style: str, paper: str, stage: str) -> None:
    handout, theme = _handout(style, paper, stage)
    reuse = Reuse()
    texts = pdf.handout_texts(handout)
    texts["the style's clinic details"] = theme.clinic_name + theme.contact
    fonts = fonts_for(theme.font, texts, reuse)
    for timeline_first in (True, False):
        args = (handout, theme, fonts, reuse, True, timeline_first, False)
        data, pages, printed, used, story = pdf._render(*args, trial=True)
        assert data is None and pages > 1
        drawn = pdf._render(*args, Tagger())
        assert (drawn[1], drawn[2], drawn[3]) == (pages, printed, used)
        # The trial's story, drawn, gives the same bytes as a story made afresh (the
        # document's marks on the flowables were undone).
        again = pdf._render(*args, Tagger(), story=story)
        assert again[0] == drawn[0]


def _said(flowable: Flowable) -> tuple[str, str, int]:
    """A flowable by its kind, its blocks' keys or its text, and how many it holds."""
    keys = getattr(flowable, "keys", None)
    text = flowable.getPlainText() if isinstance(flowable, Paragraph) else ""
    return (type(flowable).__name__, repr(keys) if isinstance(keys, list) else text,
            len(getattr(flowable, "_content", None) or getattr(flowable, "blocks", ())))


@pytest.mark.parametrize(("style", "paper", "stage"), CASES[1::3])
def test_shared_parts_make_the_story_parts_makes(style: str, paper: str, stage: str) -> None:
    handout, theme = _handout(style, paper, stage)
    reuse = Reuse()
    texts = pdf.handout_texts(handout)
    texts["the style's clinic details"] = theme.clinic_name + theme.contact
    fonts = fonts_for(theme.font, texts, reuse)
    stories = pdf._Stories(theme, fonts, reuse)
    for timeline_first in (True, False):
        made = stories.story(handout, True, timeline_first, False)
        fresh = [f for _, flowables in pdf.parts(handout, theme, fonts, reuse, True,
                                                 timeline_first, False) for f in flowables]
        assert [_said(f) for f in made] == [_said(f) for f in fresh]
    assert len(stories.made) == 1
