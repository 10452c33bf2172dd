"""Generated names and content strings either print exactly or stop with a clear error."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from kneepdf.errors import KneepdfError, OptionError
from kneepdf.load.content import load_content
from kneepdf.load.styles import load_theme
from kneepdf.model import Content
from kneepdf.options import Options
from kneepdf.select.options import resolve
from kneepdf.select.selection import select
from kneepdf.write.pdf import render_pdf

pytestmark = pytest.mark.slow  # many whole handouts

# Letters people's names are written in, markup characters, and a few that no font has.
ALPHABET = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x17F),  # Latin-1 and Latin Extended-A
    st.characters(min_codepoint=0x391, max_codepoint=0x3C9),  # Greek
    st.characters(min_codepoint=0x410, max_codepoint=0x44F),  # Cyrillic
    st.sampled_from("ễạờịửỹđĐ<>&\"'/=;王😀\u202e\u0007\t"),
)
NAMES = st.text(ALPHABET, min_size=1, max_size=80)
FUZZ = settings(max_examples=40, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def _page_one(data: bytes) -> str:
    return " ".join((PdfReader(io.BytesIO(data)).pages[0].extract_text() or "").split())


@FUZZ
@given(name=NAMES)
def test_any_patient_name_prints_exactly_or_is_refused(content: Content, name: str) -> None:
    theme = load_theme("default")
    try:
        resolved = resolve(Options(stage="acute", patient=name, date="2026-01-15"), content,
                           dt.date(2026, 1, 15))
        data, _ = render_pdf(select(content, resolved.stage, resolved.details), theme)
    except OptionError as exc:
        message = str(exc)
        assert "\n" not in message
        if len(name.strip()) >= 6:  # the name itself is never echoed back
            assert name.strip() not in message
        return
    except KneepdfError as exc:
        message = str(exc)
        assert message.startswith("--patient uses characters no shipped font can draw: U+")
        assert "\n" not in message
        return
    assert " ".join(name.split()) in _page_one(data)


def _visible(text: str) -> bool:
    """The content loader refuses control and format characters (see test_yamlio)."""
    return bool(text.strip()) and not any(
        unicodedata.category(ch) in ("Cc", "Cf") for ch in text)


@FUZZ
@given(title=st.text(ALPHABET, min_size=1, max_size=60).filter(_visible))
def test_any_content_title_prints_exactly_or_is_refused(content: Content, title: str) -> None:
    theme = load_theme("default")
    changed = content._replace(title=" ".join(title.split()))
    stage = changed.stage("acute")
    handout = select(changed, stage, resolve(Options(stage="acute"), changed,
                                             dt.date(2026, 1, 15)).details)
    try:
        data, _ = render_pdf(handout, theme)
    except KneepdfError as exc:
        assert "), which no shipped font can draw; " in str(exc)
        assert " (U+" in str(exc)
        return
    expected = re.sub(r"\*\*(.+?)\*\*", r"\1", " ".join(title.split()))
    assert expected.replace(" ", "") in _page_one(data).replace(" ", "")
