"""The programme and the handout as frozen records (typed named tuples)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from kneepdf.errors import Place
from kneepdf.pose import Pose

SIDES = ("sore", "other", "both", "each")

# (low, high); a single number is stored as (n, n).
Amount = tuple[int, int]


def amount_text(amount: Amount) -> str:
    """`(3, 5)` as "3 to 5", `(20, 20)` as "20"."""
    low, high = amount
    return str(low) if low == high else f"{low} to {high}"


def _plural(amount: Amount, one: str, many: str) -> str:
    return f"{amount_text(amount)} {one if amount == (1, 1) else many}"


class Dose(NamedTuple):
    """How much of an exercise or advice item to do."""

    sets: Amount | None = None
    reps: Amount | None = None
    hold_seconds: Amount | None = None
    seconds: Amount | None = None
    minutes: Amount | None = None
    times_per_day: Amount | None = None
    days: Amount | None = None
    side: str | None = None
    leg: str | None = None  # "left" or "right" once the painful knee is known

    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in DOSE_FIELDS)

    def overridden(self, other: Dose) -> Dose:
        """This dose with every field that `other` sets replaced."""
        changes = {name: getattr(other, name) for name in DOSE_FIELDS
                   if getattr(other, name) is not None}
        return self._replace(**changes)

    def parts(self) -> list[tuple[str, str]]:
        """The dose as (label, value) pairs in reading order, e.g. ("Repeat", "20 times")."""
        out: list[tuple[str, str]] = []
        if self.side is not None:
            out.append(("Leg", side_words(self.side, self.leg)))
        if self.sets is not None:
            out.append(("Sets", _plural(self.sets, "set", "sets")))
        if self.reps is not None:
            out.append(("Repeat", _plural(self.reps, "time", "times")))
        if self.hold_seconds is not None:
            out.append(("Hold", _plural(self.hold_seconds, "second", "seconds")))
        if self.seconds is not None:
            out.append(("Time", _plural(self.seconds, "second", "seconds")))
        if self.minutes is not None:
            out.append(("Time", _plural(self.minutes, "minute", "minutes")))
        if self.times_per_day is not None:
            out.append(("How often", _plural(self.times_per_day, "time a day", "times a day")))
        if self.days is not None:
            out.append(("How long", "for " + _plural(self.days, "day", "days")))
        return out

    def summary(self) -> str:
        """The dose on one line, e.g. "your sore leg, 20 times, hold 5 seconds"."""
        words = {"Hold": "hold ", "How long": ""}
        return ", ".join(words.get(label, "") + value for label, value in self.parts())


DOSE_FIELDS = (
    "sets", "reps", "hold_seconds", "seconds", "minutes", "times_per_day", "days", "side",
)


def side_words(side: str, leg: str | None = None) -> str:
    """"your sore leg", or "your left leg" once the painful knee is known to be the left."""
    if leg is not None and side in ("sore", "other"):
        named = leg if side == "sore" else ("right" if leg == "left" else "left")
        return f"your {named} leg"
    return SIDE_TEXT[side]


SIDE_TEXT = {
    "sore": "your sore leg",
    "other": "your other leg",
    "both": "both legs",
    "each": "each leg in turn",
}


class Item(NamedTuple):
    """One advice line or one exercise of a step."""

    id: str
    kind: str  # "advice" or "exercise"
    name: str
    place: Place
    text: str = ""
    purpose: str = ""
    details: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    instructions: tuple[str, ...] = ()
    dose: Dose = Dose()
    cautions: tuple[str, ...] = ()
    progressions: tuple[str, ...] = ()
    high_load: bool = False
    pose: Pose | None = None  # the exercise's picture, from content/pictures/<id>.yaml

    @property
    def is_exercise(self) -> bool:
        return self.kind == "exercise"


class Step(NamedTuple):
    """One of the guide's numbered steps."""

    number: int
    id: str
    title: str
    place: Place
    items: tuple[Item, ...]
    intro: str = ""
    points: tuple[str, ...] = ()
    note: str = ""


class StageStep(NamedTuple):
    """A step as a stage includes it."""

    step_id: str
    place: Place
    progressions: bool = False


class Stage(NamedTuple):
    """A rehabilitation stage: which steps, and when to move on."""

    id: str
    name: str
    goal: str
    place: Place
    steps: tuple[StageStep, ...]
    move_on: tuple[str, ...]
    number: int | None = None
    high_load: bool = False


class Condition(NamedTuple):
    """A common cause of inner knee pain."""

    id: str
    name: str
    text: str


class PainBand(NamedTuple):
    """One band of the pain traffic light."""

    range: str
    label: str
    text: str


class Safety(NamedTuple):
    """The red flags, the pain scale and the disclaimer."""

    red_flag_title: str
    red_flag_intro: str
    red_flags: tuple[str, ...]
    pain_intro: str
    pain_bands: tuple[PainBand, PainBand, PainBand]
    disclaimer_short: str
    disclaimer_full: str
    place: Place  # of the red-flag list, for errors about the warning box


class Content(NamedTuple):
    """The whole programme as loaded from the content folder."""

    title: str
    how_to_use: tuple[str, ...]
    safety: Safety
    conditions_title: str
    conditions_intro: str
    conditions: tuple[Condition, ...]
    other_causes: str
    stages: tuple[Stage, ...]
    steps: tuple[Step, ...]

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(stage_id)

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    @property
    def numbered_stages(self) -> tuple[Stage, ...]:
        return tuple(s for s in self.stages if s.number is not None)


class PatientDetails(NamedTuple):
    """Who the handout is for and who gave it. Empty fields print as lines to write on."""

    date: dt.date
    patient: str = ""
    clinician: str = ""
    clinic: str = ""
    contact: str = ""
    notes: str = ""
    review_date: dt.date | None = None
    side: str | None = None  # "left" or "right": the painful knee


class Choices(NamedTuple):
    """The clinician's changes to a stage: items added or dropped, doses, the diagnosis."""

    add: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    doses: tuple[tuple[str, Dose], ...] = ()
    condition: str | None = None
    weeks: int = 4  # how many weeks the tracker covers


class HandoutStep(NamedTuple):
    """A step as it appears in one handout."""

    step: Step
    items: tuple[Item, ...]
    progressions: bool



class Handout(NamedTuple):
    """Everything one printed handout says, in order."""

    title: str
    stage: Stage
    stage_count: int
    details: PatientDetails
    how_to_use: tuple[str, ...]
    safety: Safety
    steps: tuple[HandoutStep, ...]
    conditions: tuple[Condition, ...] = ()
    conditions_title: str = ""
    conditions_intro: str = ""
    other_causes: str = ""
    condition: Condition | None = None
    weeks: int = 4  # how many weeks the tracker covers

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for step in self.steps for item in step.items)
