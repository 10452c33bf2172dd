"""readability: syllables from the CMU dictionary, the spelling rule, and the grades."""

from __future__ import annotations

import datetime as dt

import pytest

from kneepdf import model
from kneepdf.readability import handout_lines, rule_syllables, score, syllable_counts, syllables
from kneepdf.select.selection import find_stage, select

COUNTS = syllable_counts()


@pytest.mark.parametrize(
    ("word", "count"),
    [("muscle", 2), ("ankle", 2), ("knee", 1), ("every", 3), ("inflammation", 4),
     ("physio", 3), ("comfortable", 4), ("quadriceps", 3), ("hamstrings", 2),
     ("cortisone", 3), ("exercises", 4), ("tiptoes", 2), ("Muscles", 2), ("don't", 1)],
)
def test_syllables_of_known_words(word: str, count: int) -> None:
    assert syllables(word, COUNTS) == count


@pytest.mark.parametrize(
    ("word", "count"),
    [("muscle", 2), ("ankle", 2), ("whole", 1), ("slides", 1), ("boxes", 2),
     ("rested", 2), ("walked", 1), ("tiptoes", 2), ("clamshell", 2), ("a", 1)],
)
def test_spelling_rule_for_unknown_words(word: str, count: int) -> None:
    assert rule_syllables(word) == count


def test_unknown_word_falls_back_to_the_rule() -> None:
    assert syllables("popliteusy", COUNTS) == rule_syllables("popliteusy") == 4


def test_grade_of_a_known_text() -> None:
    # 10 words, 1 sentence, 12 syllables: 0.39 * 10 + 11.8 * 1.2 - 15.59 = 2.47
    result = score(["Bend your sore knee slowly and hold the muscle there."], COUNTS)
    assert (result.words, result.sentences, result.syllables) == (10, 1, 12)
    assert result.grade == 2.5


@pytest.mark.parametrize("stage", ["acute", "subacute", "strength", "return", "all"])
def test_every_stage_reads_at_grade_6_or_below(content: model.Content, stage: str) -> None:
    handout = select(content, find_stage(content, stage), model.PatientDetails(dt.date.today()))
    lines = handout_lines(handout)
    assert handout.safety.same_day.items[0] in " ".join(lines)
    assert 0 < score(lines, COUNTS).grade <= 6.0
