"""kneepdf serve keeps nothing of a patient after answering, and its memos stay flat."""

from __future__ import annotations

import datetime as dt

import pytest

from kneepdf.options import Options
from kneepdf.reuse import Reuse
from kneepdf.web.render import Workshop

HANDOUTS = 300
WORDS = ("Zelda", "Secret", "Clin0", "0207 ", "rest 0", "Okafor")


def _sizes(reuse: Reuse) -> tuple[int, ...]:
    return (len(reuse.styles), len(reuse.parsed), len(reuse.lines), len(reuse.markup))


@pytest.mark.slow
def test_no_patient_stays_in_any_memo_and_memos_stay_flat() -> None:
    # Once: recent names and notes stayed in the paragraph memo for the whole run, and every
    # handout added a style object (48 to 270 MB over 2,600 handouts).
    workshop = Workshop(None)
    sizes = []
    for n in range(HANDOUTS):
        workshop.handout(Options(
            stage=("1", "2", "3")[n % 3], patient=f"Zelda Q{n:05d} Okafor",
            clinician=f"Dr Clin{n:05d}", contact=f"0207 {n:06d}",
            notes=f"Secret note {n:05d}.\nIce & rest {n:05d}.", paper=("a4", "letter")[n % 2]),
            dt.date(2026, 3, 1))
        if n in (30, HANDOUTS - 1):
            sizes.append(_sizes(workshop.reuse))
    texts = workshop.reuse.texts()
    assert len(texts) > 100  # the tables are in use: the check below reads real entries
    assert [t for t in texts if any(word in t for word in WORDS)] == []
    assert sizes[0] == sizes[1]


def test_forget_drops_every_entry_naming_a_patient_as_typed_or_as_markup() -> None:
    reuse = Reuse()
    reuse.parsed.keep(("Name: <b>Zoë &amp; Ann O&#x27;Neil</b>", ("body",), None), "p")
    reuse.lines.keep(("Ice <font name=\"Fallback\">ø</font>re", ("body",), None, 400.0), "l")
    reuse.markup.keep(("Walk every day", "Regular", "Fallback"), "Walk every day")
    reuse.markup.keep(("Bring Ann", "Regular", "Fallback"), "Bring Ann")
    gone = reuse.forget(("Zoë & Ann O'Neil", "", "Call 0207\nIce øre"))
    assert gone == 2
    assert sorted(reuse.texts()) == ["Bring Ann", "Bring Ann", "Fallback", "Fallback",
                                     "Regular", "Regular", "Walk every day", "Walk every day"]
    assert reuse.forget(("", "  \n")) == 0
