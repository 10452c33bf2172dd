"""How much of an exercise to do, and how it reads: the Dose record and its words."""

from __future__ import annotations

from typing import NamedTuple

from kneepdf.words import ENGLISH, Words

SIDES = ("sore", "other", "both", "each")

# (low, high); a single number is stored as (n, n).
Amount = tuple[int, int]


def amount_text(amount: Amount, words: Words = ENGLISH) -> str:
    """`(3, 5)` as "3 to 5", `(20, 20)` as "20"."""
    return words.amount(amount)


class Dose(NamedTuple):
    """How much of an exercise or advice item to do."""

    sets: Amount | None = None
    reps: Amount | None = None
    hold_seconds: Amount | None = None
    seconds: Amount | None = None
    minutes: Amount | None = None
    times_per_day: Amount | None = None
    days_per_week: Amount | None = None  # 7 prints as "every day"
    days: Amount | None = None  # for how many days in all
    side: str | None = None
    leg: str | None = None  # "left" or "right" once the painful knee is known

    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in DOSE_FIELDS)

    def overridden(self, other: Dose) -> Dose:
        """This dose with every field that `other` sets replaced. How much each set is (a
        number of times, seconds or minutes) is one choice: giving one clears the others,
        so `time:30s` over "20 times" reads "30 seconds", not "20 times, 30 seconds"; a time
        also clears a hold (which belongs to each repeat) unless it is given too."""
        changes = {name: getattr(other, name) for name in DOSE_FIELDS
                   if getattr(other, name) is not None}
        if any(name in changes for name in AMOUNTS):
            changes.update({name: None for name in AMOUNTS if name not in changes})
        timed = other.seconds is not None or other.minutes is not None
        if timed and other.hold_seconds is None:
            changes["hold_seconds"] = None
        return self._replace(**changes)

    def parts(self, w: Words = ENGLISH) -> list[tuple[str, str]]:
        """The dose as (label, value) pairs in reading order, e.g. ("Repeat", "20 times");
        the labels are keys, the values in the words of `w`."""
        out: list[tuple[str, str]] = []
        if self.side is not None:
            out.append(("Leg", side_words(self.side, self.leg, w)))
        if self.sets is not None:
            out.append(("Sets", w.count("set", self.sets)))
        if self.reps is not None:
            out.append(("Repeat", w.count("rep", self.reps)))
        if self.hold_seconds is not None:
            out.append(("Hold", w.count("second", self.hold_seconds)))
        if self.seconds is not None:
            out.append(("Time", w.count("second", self.seconds)))
        if self.minutes is not None:
            out.append(("Time", w.count("minute", self.minutes)))
        often = self.how_often(w)
        if often:
            out.append(("How often", often))
        if self.days is not None:
            out.append(("How long", w("for_days", days=w.count("day", self.days))))
        return out

    def how_often(self, w: Words = ENGLISH) -> str:
        """"2 to 3 times a day", "3 days a week", "once a day, every day"; "" when not set."""
        words: list[str] = []
        if self.times_per_day is not None:
            words.append(w("once_a_day") if self.times_per_day == (1, 1)
                         else w.count("times_a_day", self.times_per_day))
        if self.days_per_week is not None:
            words.append(w("every_day") if self.days_per_week == (7, 7)
                         else w.count("days_a_week", self.days_per_week))
        return ", ".join(words)

    def line(self, w: Words = ENGLISH) -> list[str]:
        """The dose as short phrases for one line, e.g. ["your sore leg", "2 sets of 20",
        "hold 5 seconds", "once a day"]; [] when nothing is set."""
        out: list[str] = []
        if self.side is not None:
            out.append(side_words(self.side, self.leg, w))
        time = None
        if self.seconds is not None:
            time = w.count("second", self.seconds)
        if self.minutes is not None:
            time = w.count("minute", self.minutes)
        sets = w.count("set", self.sets) if self.sets is not None else None
        reps = w.count("rep", self.reps) if self.reps is not None else None
        if sets and self.reps is not None:
            out.append(w("sets_of", sets=sets, reps=w.amount(self.reps)))
        elif sets and time and self.minutes is None:
            out.append(w("sets_of", sets=sets, reps=time))
            time = None
        else:
            out += [x for x in (sets, reps) if x]
        if self.hold_seconds is not None:
            out.append(w("hold", time=w.count("second", self.hold_seconds)))
        if time:
            out.append(time)
        if self.how_often(w):
            out.append(self.how_often(w))
        if self.days is not None:
            out.append(w("for_days", days=w.count("day", self.days)))
        return out

    def summary(self, w: Words = ENGLISH) -> str:
        """The dose on one line, e.g. "your sore leg, 20 times, hold 5 seconds"."""
        return ", ".join(w("hold", time=value) if label == "Hold" else value
                         for label, value in self.parts(w))


AMOUNTS = ("reps", "seconds", "minutes")  # how much one set is: one of these
DOSE_FIELDS = (
    "sets", "reps", "hold_seconds", "seconds", "minutes", "times_per_day", "days_per_week",
    "days", "side",
)


def side_words(side: str, leg: str | None = None, w: Words = ENGLISH) -> str:
    """"your sore leg", or "your left leg" once the painful knee is known to be the left."""
    if leg is not None and side in ("sore", "other"):
        named = leg if side == "sore" else ("right" if leg == "left" else "left")
        return w("side_named", leg=w(f"leg_{named}"))
    return w(f"side_{side}")
