"""How long one session of a handout's exercises takes, and how often, from their doses."""

from __future__ import annotations

from collections.abc import Sequence

from kneepdf.dose import Amount, Dose
from kneepdf.model import Item
from kneepdf.words import ENGLISH, Words

REP = 3.0  # seconds for one repetition, as the steps describe them (slowly)
REST = 30.0  # seconds of rest between two sets
SET_UP = 30.0  # seconds to get into place for an exercise
ROUND = 5  # minutes: a session's time is said to the nearest 5 minutes
ACTIVITY = 10  # minutes: timed work this long (a walk-jog) is said apart from the session


def _mean(amount: Amount | None, default: float = 1.0) -> float:
    return default if amount is None else (amount[0] + amount[1]) / 2


def seconds(dose: Dose) -> float:
    """About how long, in seconds, one go at an exercise takes: every set and repeat, holds,
    timed work, the rests between sets and getting into place; twice for each leg in turn."""
    sets = _mean(dose.sets)
    work = 0.0
    if dose.reps is not None:
        work = _mean(dose.reps) * (REP + _mean(dose.hold_seconds, 0.0))
    elif dose.hold_seconds is not None:
        work = _mean(dose.hold_seconds)
    work += _mean(dose.seconds, 0.0) + 60 * _mean(dose.minutes, 0.0)
    legs = 2 if dose.side == "each" else 1
    return SET_UP + legs * (sets * work + (sets - 1) * REST)


def _weekly(dose: Dose) -> bool:
    """Done on some days of the week only."""
    return dose.days_per_week is not None and dose.days_per_week[0] < 7


def _minutes(total: float) -> int:
    return max(ROUND, round(total / 60 / ROUND) * ROUND)


def _span(amounts: Sequence[Amount]) -> Amount:
    return min(a[0] for a in amounts), max(a[1] for a in amounts)


def session_text(exercises: Sequence[Item], w: Words = ENGLISH) -> str:
    """One sentence: about how long a session of every exercise takes and how often, e.g.
    "About 20 minutes, once a day." or "About 25 minutes on 3 days a week, and about 10
    minutes on the other days."; "" without exercises. Follows the doses as printed. An
    activity of ACTIVITY minutes or more for no leg in particular (the walk-jog; not a
    release dosed longer) is said after it, on its own."""
    activities = [i for i in exercises
                  if _mean(i.dose.minutes, 0.0) >= ACTIVITY and i.dose.side is None]
    doses = [item.dose for item in exercises if item not in activities]
    said = [(i.name, ", ".join(i.dose.line(w))) for i in activities]
    if not doses:
        return " ".join(w("session_activity_alone", name=name, dose=dose)
                        for name, dose in said)
    return _session(doses, w) + "".join(w("session_activity", name=name, dose=dose)
                                        for name, dose in said)


def _session(doses: list[Dose], w: Words) -> str:
    total = _minutes(sum(seconds(d) for d in doses))
    weekly = [d for d in doses if _weekly(d)]
    daily = [d for d in doses if not _weekly(d)]
    often_a_day = [d.times_per_day or (1, 1) for d in doses]
    more = any(high > 1 for _, high in often_a_day)
    # Most exercises are done more than once a day: the session's often is their span ("1
    # to 3 times a day"), never "once a day" when most are done more often.
    if 2 * sum(high > 1 for _, high in often_a_day) >= len(doses):
        often = w.count("times_a_day", _span(often_a_day))
        return w("session_times", total=total, often=often,
                 extra=w("session_some_days") if weekly else "")
    extra = w("session_more") if more else ""
    if not weekly:
        return w("session_daily", total=total, extra=extra)
    # The session's days are those of the weekly exercises that take longest together;
    # weekly exercises done on fewer days fit within them, those done on more days add to
    # the other days (as little as the daily ones alone, as much as all of them).
    groups: dict[Amount, list[Dose]] = {}
    for d in weekly:
        assert d.days_per_week is not None
        groups.setdefault(d.days_per_week, []).append(d)
    days = max(groups, key=lambda k: (sum(seconds(d) for d in groups[k]), k))
    spill = [d for k, group in groups.items() if k[0] > days[1] for d in group]
    on = w.count("days_a_week", days)
    if not daily and not spill:
        return w("session_on", total=total, on=on, extra=extra)
    least = _minutes(sum(seconds(d) for d in daily)) if daily else None
    most = _minutes(sum(seconds(d) for d in (*daily, *spill)))
    if most >= total and not daily:  # days that differ too little to say apart
        on = w.count("days_a_week", _span(list(groups)))
        return w("session_on", total=total, on=on, extra=extra)
    if most >= total:  # the weekly exercises add too little to say apart
        return w("session_daily", total=total,
                 extra=w("session_more_or_some" if more else "session_some_days"))
    rest = w.amount((least, most)) if least is not None and least < most else str(most)
    return w("session_split", total=total, on=on, rest=rest, extra=extra)
