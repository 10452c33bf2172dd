"""kneepdf serve keeps nothing of a patient after answering, and its memos stay flat."""

from __future__ import annotations

import datetime as dt

from kneepdf.layout import lines
from kneepdf.options import Options
from kneepdf.web.render import Workshop

HANDOUTS = 300


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
            sizes.append((len(lines._STYLES), len(lines.memo_texts())))
    left = [m for m in lines.memo_texts()
            if any(word in m for word in ("Zelda", "Secret", "Clin0", "0207 ", "rest 0"))]
    assert left == []
    assert sizes[0] == sizes[1]
