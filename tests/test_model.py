"""model: how a dose reads (Dose.parts and Dose.summary)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kneepdf.dose import Dose, amount_text


@pytest.mark.parametrize(
    ("dose", "parts"),
    [
        (Dose(sets=(2, 2)), [("Sets", "2 sets")]),
        (Dose(reps=(20, 20)), [("Repeat", "20 times")]),
        (Dose(hold_seconds=(5, 5)), [("Hold", "5 seconds")]),
        (Dose(seconds=(30, 30)), [("Time", "30 seconds")]),
        (Dose(minutes=(2, 2)), [("Time", "2 minutes")]),
        (Dose(times_per_day=(3, 3)), [("How often", "3 times a day")]),
        (Dose(days=(7, 7)), [("How long", "for 7 days")]),
    ],
    ids=["sets", "reps", "hold", "seconds", "minutes", "per-day", "days"],
)
def test_single_numbers(dose: Dose, parts: list[tuple[str, str]]) -> None:
    assert dose.parts() == parts


@pytest.mark.parametrize(
    ("dose", "summary"),
    [
        (Dose(times_per_day=(3, 5)), "3 to 5 times a day"),
        (Dose(minutes=(10, 15)), "10 to 15 minutes"),
        (Dose(days=(7, 10)), "for 7 to 10 days"),
        (Dose(reps=(1, 2)), "1 to 2 times"),
        (Dose(minutes=(10, 15), times_per_day=(3, 5)), "10 to 15 minutes, 3 to 5 times a day"),
    ],
)
def test_ranges(dose: Dose, summary: str) -> None:
    assert dose.summary() == summary


@pytest.mark.parametrize(
    ("dose", "summary"),
    [
        (Dose(minutes=(1, 1)), "1 minute"),
        (Dose(sets=(1, 1)), "1 set"),
        (Dose(reps=(1, 1)), "1 time"),
        (Dose(hold_seconds=(1, 1)), "hold 1 second"),
        (Dose(seconds=(1, 1)), "1 second"),
        (Dose(times_per_day=(1, 1)), "once a day"),
        (Dose(days_per_week=(1, 1)), "1 day a week"),
        (Dose(days=(1, 1)), "for 1 day"),
    ],
)
def test_singular(dose: Dose, summary: str) -> None:
    assert dose.summary() == summary


@pytest.mark.parametrize(
    ("side", "text"),
    [("sore", "your sore leg"), ("other", "your other leg"), ("both", "both legs"),
     ("each", "each leg in turn")],
)
def test_side(side: str, text: str) -> None:
    assert Dose(side=side).parts() == [("Leg", text)]
    assert Dose(side=side).summary() == text
    assert not Dose(side=side).is_empty()


def test_reading_order() -> None:
    dose = Dose(days=(7, 7), times_per_day=(2, 2), minutes=(1, 1), seconds=(30, 30),
                hold_seconds=(5, 5), reps=(20, 20), sets=(3, 3), side="sore")
    assert [label for label, _ in dose.parts()] == [
        "Leg", "Sets", "Repeat", "Hold", "Time", "Time", "How often", "How long",
    ]
    assert dose.summary() == (
        "your sore leg, 3 sets, 20 times, hold 5 seconds, 30 seconds, 1 minute, "
        "2 times a day, for 7 days"
    )


def test_summary_of_a_typical_exercise() -> None:
    dose = Dose(reps=(20, 20), hold_seconds=(5, 5), side="sore")
    assert dose.summary() == "your sore leg, 20 times, hold 5 seconds"


def test_empty_dose() -> None:
    assert Dose().is_empty()
    assert Dose().parts() == []
    assert Dose().summary() == ""


@settings(database=None, deadline=None, derandomize=True)
@given(st.integers(1, 10_000), st.integers(1, 10_000))
def test_amount_text(a: int, b: int) -> None:
    low, high = min(a, b), max(a, b)
    text = amount_text((low, high))
    assert text == (str(low) if low == high else f"{low} to {high}")
    summary = Dose(minutes=(low, high)).summary()
    assert summary.startswith(text + " ")
    assert summary.endswith("minute" if (low, high) == (1, 1) else "minutes")


@pytest.mark.parametrize(
    ("side", "leg", "text"),
    [("sore", "left", "your left leg"), ("other", "left", "your right leg"),
     ("sore", "right", "your right leg"), ("other", "right", "your left leg"),
     ("both", "left", "both legs"), ("each", "right", "each leg in turn")],
)
def test_side_once_the_knee_is_known(side: str, leg: str, text: str) -> None:
    assert Dose(side=side, leg=leg).summary() == text


def test_overridden_replaces_only_what_is_set() -> None:
    base = Dose(reps=(20, 20), hold_seconds=(5, 5), side="sore")
    new = base.overridden(Dose(sets=(3, 3), reps=(15, 15)))
    assert new == Dose(sets=(3, 3), reps=(15, 15), hold_seconds=(5, 5), side="sore")
    assert base.overridden(Dose()) == base
