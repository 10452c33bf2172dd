"""The programme and the handout as frozen records (typed named tuples)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from kneepdf.dose import Dose
from kneepdf.errors import Place
from kneepdf.pose import Pose

ITEM_KINDS = ("advice", "exercise", "info")


class Item(NamedTuple):
    """One advice line, exercise or information box of a step.

    `kind` is one of ITEM_KINDS: "advice" (a checklist line with a tick box), "exercise" (a
    block with a dose line and rep boxes) or "info" (an information box, never ticked and
    never dose-styled: the medicines). `variant` items are left out of every stage and appear
    only in place of another item (a condition's `instead`) or when a clinician adds them.
    `addition` marks an item that is not in the source guide. `start_test` is what the patient
    must manage before starting the item ("You can hop on your sore leg 10 times ..."). `table`
    is a plan in rows (the first the column headings), such as the walk-jog plan by week.
    """

    id: str
    kind: str
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
    variant: bool = False
    addition: bool = False
    start_test: str = ""
    video: str = ""  # an https address of the clinic's video of this exercise, or ""
    table: tuple[tuple[str, ...], ...] = ()  # a plan printed under the steps: a heading row,
    #                                          then rows of as many cells (the walk-jog plan)

    @property
    def is_exercise(self) -> bool:
        return self.kind == "exercise"

    @property
    def is_info(self) -> bool:
        """An information box: no tick box, no dose line."""
        return self.kind == "info"


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
    """A step as a stage includes it; `items` limits it to those item ids (empty: all).

    `optional` items belong to the stage but print only when a clinician adds them
    (`--add`); the others are the stage's core programme.
    """

    step_id: str
    place: Place
    progressions: bool = False
    items: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()


class MoveOn(NamedTuple):
    """One "Move on when" line; left out of a handout that lacks any item in `needs`."""

    text: str
    needs: tuple[str, ...] = ()


class Timeline(NamedTuple):
    """How a stage usually goes, in the patient's words (one sentence each)."""

    lasts: str  # "This stage usually lasts 1 to 2 weeks."
    change: str  # when to expect change
    come_back: str  # when to come back or call


class Stage(NamedTuple):
    """A rehabilitation stage: which steps, how long, and when to move on.

    `flare_up` replaces the general flare-up plan (`Safety.flare_up`) for this stage when set;
    `how_to_use_first` replaces the first line of "How to use this sheet" when set;
    `high_load_label` marks each high-load exercise in the programme table and the tracker
    (the complete programme: "Stage 4 only, when your physio says so").
    """

    id: str
    name: str
    goal: str
    place: Place
    steps: tuple[StageStep, ...]
    move_on: tuple[MoveOn, ...]
    number: int | None = None
    high_load: bool = False
    timeline: Timeline | None = None
    flare_up: tuple[str, ...] = ()
    how_to_use_first: str = ""
    high_load_label: str = ""


class ItemChange(NamedTuple):
    """What a condition changes in one item, in the stages listed (every stage when empty).

    `instead` swaps the item for another (a `variant` item) in the same place; `cautions` are
    added to the item's own; `instructions` and `progressions`, when given, replace its own.
    A change with `add` (and no `item`) puts that variant item in the handout, in its own
    step, as `--add` would.
    """

    item: str
    place: Place
    stages: tuple[str, ...] = ()
    instead: str = ""
    cautions: tuple[str, ...] = ()
    instructions: tuple[str, ...] = ()
    progressions: tuple[str, ...] = ()
    add: str = ""


class Condition(NamedTuple):
    """A common cause of inner knee pain, and what it changes in the exercises."""

    id: str
    name: str
    text: str
    changes: tuple[ItemChange, ...] = ()


class PainBand(NamedTuple):
    """One band of the pain traffic light."""

    range: str
    label: str
    text: str


class FlagList(NamedTuple):
    """One part of the red-flag box: a lead-in and one sign per line."""

    intro: str  # "See your doctor or physio before you start if"
    items: tuple[str, ...]


class Safety(NamedTuple):
    """The red flags, the pain traffic light, the flare-up plan and the disclaimer.

    The red-flag box has three parts: `before` (what is new since the physio saw the patient:
    get checked before you start), `same_day` (get help the same day) and `emergency` (call
    for help now). Their lines may hold "{urgent}" and "{emergency}", which print what to
    call (`call_urgent`, `call_emergency`, or a style's own; see `flag_parts`). `pain_rule`
    is the traffic light's next-morning rule. `flare_up` is the general plan for a bad day.
    """

    red_flag_title: str
    before: FlagList
    same_day: FlagList
    emergency: FlagList
    pain_intro: str
    pain_bands: tuple[PainBand, PainBand, PainBand]
    pain_rule: str
    flare_up_title: str
    flare_up: tuple[str, ...]
    disclaimer_short: str
    disclaimer_full: str
    place: Place  # of the red-flag lists, for errors about the warning box
    call_urgent: str = "your doctor or urgent care"  # what to call the same day
    call_emergency: str = "an ambulance"  # what to call in an emergency

    def flag_parts(self, urgent: str = "", emergency: str = "") -> tuple[FlagList, ...]:
        """The three parts of the red-flag box as printed: "{urgent}" and "{emergency}"
        filled with `urgent` and `emergency` (a style's numbers) or the content's words."""
        words = {"{urgent}": urgent or self.call_urgent,
                 "{emergency}": emergency or self.call_emergency}

        def fill(text: str) -> str:
            for key, value in words.items():
                text = text.replace(key, value)
            return text

        return tuple(FlagList(fill(part.intro), tuple(fill(line) for line in part.items))
                     for part in (self.before, self.same_day, self.emergency))


class Translation(NamedTuple):
    """The header of a language's overlay: which English it was made from and who checked it
    (`reviewed_by` empty: not yet reviewed by a clinician who speaks the language)."""

    lang: str  # "es"
    translated_from: str  # the English content version
    reviewed_by: str = ""
    review_date: dt.date | None = None


class Content(NamedTuple):
    """The whole programme as loaded from the content folder.

    `version` (for example "2.0") and `reviewed` (the date a clinician last reviewed it) are
    printed on every handout.
    """

    title: str
    how_to_use: tuple[str, ...]
    safety: Safety
    conditions_title: str
    conditions_intro: str
    conditions: tuple[Condition, ...]
    other_causes: str
    stages: tuple[Stage, ...]
    steps: tuple[Step, ...]
    version: str = ""
    reviewed: dt.date | None = None
    translation: Translation | None = None  # None: the English master

    @property
    def lang(self) -> str:
        return self.translation.lang if self.translation is not None else "en"

    def stage(self, stage_id: str) -> Stage:
        """The stage with this id; KeyError when there is none."""
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(stage_id)

    def step(self, step_id: str) -> Step:
        """The step with this id; KeyError when there is none."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def item(self, item_id: str) -> Item:
        """The item with this id, in any step; KeyError when there is none."""
        for step in self.steps:
            for item in step.items:
                if item.id == item_id:
                    return item
        raise KeyError(item_id)

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
    fillable: bool = False  # tick boxes carry PDF form checkboxes


class HandoutStep(NamedTuple):
    """A step as it appears in one handout; `stages` are the numbers of the stages that
    include it (the complete programme prints them, e.g. "Stages 2 and 3")."""

    step: Step
    items: tuple[Item, ...]
    progressions: bool
    stages: tuple[int, ...] = ()


class Handout(NamedTuple):
    """Everything one printed handout says, in order.

    `move_on` is the stage's "Move on when" lines that hold for this handout's items;
    `flare_up` is the stage's own flare-up plan or the general one; `version` and
    `reviewed` come from the content and are printed on every handout.
    """

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
    move_on: tuple[str, ...] = ()
    flare_up: tuple[str, ...] = ()
    version: str = ""
    reviewed: dt.date | None = None
    weeks: int = 4  # how many weeks the tracker covers
    fillable: bool = False  # tick boxes carry PDF form checkboxes a viewer can tick
    translation: Translation | None = None  # the language it prints in; None: English

    @property
    def lang(self) -> str:
        return self.translation.lang if self.translation is not None else "en"

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for step in self.steps for item in step.items)

    @property
    def exercises(self) -> tuple[Item, ...]:
        """The exercises, in order: what the programme table and the tracker list."""
        return tuple(item for item in self.items if item.is_exercise)

    @property
    def timeline(self) -> Timeline | None:
        return self.stage.timeline
