"""Flesch-Kincaid grade of the patient-facing text, counted offline with Pyphen's syllables."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from kneepdf.model import Handout, Item, Step

_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
LIMIT = 7.0


@cache
def _dictionary() -> object:
    import pyphen

    return pyphen.Pyphen(lang="en_GB")


def syllables(word: str) -> int:
    """Syllables in one word: Pyphen's hyphenation points plus one."""
    dic = _dictionary()
    return len(dic.positions(word.lower())) + 1  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Score:
    """Counts and the Flesch-Kincaid grade of a text."""

    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float:
        if not self.words:
            return 0.0
        grade = (0.39 * self.words / max(self.sentences, 1)
                 + 11.8 * self.syllables / self.words - 15.59)
        return round(grade, 1) + 0.0  # + 0.0 turns -0.0 into 0.0


def score(lines: Iterable[str]) -> Score:
    """Each line is at least one sentence (list items often have no full stop).

    Headings and names are left out: they are labels, not sentences.
    """
    words = sentences = count = 0
    for line in lines:
        found = _WORD.findall(line)
        if not found:
            continue
        words += len(found)
        count += sum(syllables(w) for w in found)
        sentences += max(1, len(_SENTENCE_END.findall(line)))
    return Score(words, sentences, count)


def item_lines(item: Item, progressions: bool = True) -> list[str]:
    return [item.text, item.purpose, *item.details, *item.instructions,
            *item.cautions, *(item.progressions if progressions else ())]


def step_lines(step: Step) -> list[str]:
    lines = [step.intro, *step.points, step.note]
    for item in step.items:
        lines += item_lines(item)
    return [line for line in lines if line]


def handout_lines(handout: Handout) -> list[str]:
    """Every sentence a patient reads in one handout."""
    s = handout.safety
    lines = [handout.stage.goal, *handout.how_to_use, s.red_flag_intro + " " + s.red_flags[0],
             *s.red_flags[1:], s.pain_intro, *(b.text for b in s.pain_bands)]
    for hs in handout.steps:
        lines += [hs.step.intro, *hs.step.points, hs.step.note]
        for item in hs.items:
            lines += item_lines(item, hs.progressions)
    lines += [*handout.stage.move_on, s.disclaimer_full]
    lines += [c.text for c in handout.conditions]
    return [line for line in lines if line]
