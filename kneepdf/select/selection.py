"""Choose what one handout contains: pure functions, no I/O and no PDF code."""

from __future__ import annotations

import re
from functools import lru_cache

from kneepdf.errors import KneepdfError
from kneepdf.model import (
    Choices,
    Content,
    Dose,
    Handout,
    HandoutStep,
    Item,
    PatientDetails,
    Stage,
)

_SORE = re.compile(r"\b([Yy]our|[Tt]he) sore (leg|foot|knee|ankle|big toe|side)\b")
_OTHER = re.compile(r"\b([Yy]our|[Tt]he) other (leg|foot|knee|ankle|side)\b")


class UnknownStage(LookupError):
    """The stage name matches no stage; `valid` lists the names that do."""

    def __init__(self, name: str, valid: list[str]) -> None:
        super().__init__(name)
        self.name = name
        self.valid = valid


class ChoiceError(KneepdfError):
    """A clinician's choice names something that does not exist or is not allowed."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


def stage_names(content: Content) -> list[str]:
    """Every name a stage can be asked for by: ids, then numbers."""
    names = [stage.id for stage in content.stages]
    names += [str(stage.number) for stage in content.numbered_stages]
    return names


def find_stage(content: Content, name: str) -> Stage:
    """The stage called `name` (its id, or its number as text)."""
    wanted = name.strip().lower()
    for stage in content.stages:
        if wanted == stage.id or (stage.number is not None and wanted == str(stage.number)):
            return stage
    raise UnknownStage(name, stage_names(content))


def item_ids(content: Content) -> list[str]:
    return [item.id for step in content.steps for item in step.items]


def unknown_id(option: str, value: str, valid: list[str], what: str) -> ChoiceError:
    import difflib  # only when an id is wrong: kept off the start-up path

    close = difflib.get_close_matches(value, valid, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; see 'kneepdf {what}'"
    return ChoiceError(option, f"'{value}' is not a known id{hint}")


def check_choices(content: Content, stage: Stage, choices: Choices) -> None:
    """Raise ChoiceError for an unknown id, high-load work added too early, a dose for an
    item the handout will not hold, or an unknown condition."""
    known = item_ids(content)
    for option, ids in (("--add", choices.add), ("--drop", choices.drop),
                        ("--dose", tuple(i for i, _ in choices.doses))):
        for item_id in ids:
            if item_id not in known:
                raise unknown_id(option, item_id, known, "exercises")
    allowed = ", ".join(s.id for s in content.stages if s.high_load)
    for item_id in choices.add:
        if _item(content, item_id).high_load and not stage.high_load:
            raise ChoiceError("--add", f"'{item_id}' is high-load work; it is allowed only in "
                              f"the stages {allowed}")
    present = chosen_ids(content, stage, choices.add, choices.drop)
    for item_id, _ in choices.doses:
        if item_id not in present:
            raise ChoiceError("--dose", f"'{item_id}' is not in this handout; "
                              f"add it with --add {item_id}")
    conditions = [c.id for c in content.conditions]
    if choices.condition is not None and choices.condition not in conditions:
        raise ChoiceError("--condition", f"'{choices.condition}' is not one of: "
                          + ", ".join(conditions))


def select(
    content: Content, stage: Stage, details: PatientDetails, choices: Choices | None = None
) -> Handout:
    """The handout for `stage` with the clinician's choices, steps and items in guide order."""
    choices = choices or Choices()
    check_choices(content, stage, choices)
    doses = dict(choices.doses)
    in_stage = {s.step_id: s for s in stage.steps}
    steps: list[HandoutStep] = []
    for step in content.steps:
        base = in_stage.get(step.id)
        items = [
            item for item in step.items
            if ((base is not None and (stage.high_load or not item.high_load))
                or item.id in choices.add) and item.id not in choices.drop
        ]
        if not items:
            continue
        items = [_adapt(item, doses.get(item.id), details.side) for item in items]
        step = step._replace(title=_sided(step.title, details.side),
                             intro=_sided(step.intro, details.side),
                             note=_sided(step.note, details.side))
        progressions = base.progressions if base is not None else stage.high_load
        steps.append(HandoutStep(step=step, items=tuple(items), progressions=progressions))
    condition = None
    if choices.condition is not None:
        found = [c for c in content.conditions if c.id == choices.condition]
        if not found:
            raise unknown_id("--condition", choices.condition,
                           [c.id for c in content.conditions], "build --help")
        condition = found[0]
    complete = stage.number is None
    stage = stage._replace(move_on=tuple(_sided(line, details.side) for line in stage.move_on))
    return Handout(
        title=content.title,
        stage=stage,
        stage_count=len(content.numbered_stages),
        details=details,
        how_to_use=content.how_to_use,
        safety=content.safety,
        steps=tuple(steps),
        conditions=content.conditions if complete else (),
        conditions_title=content.conditions_title if complete else "",
        conditions_intro=content.conditions_intro if complete else "",
        other_causes=content.other_causes if complete else "",
        condition=condition,
        weeks=choices.weeks,
    )


def chosen_ids(content: Content, stage: Stage, add: tuple[str, ...] | list[str],
               drop: tuple[str, ...] | list[str]) -> list[str]:
    """The ids of the items a handout will hold, in guide order."""
    in_stage = {s.step_id for s in stage.steps}
    return [
        item.id for step in content.steps for item in step.items
        if ((step.id in in_stage and (stage.high_load or not item.high_load)) or item.id in add)
        and item.id not in drop
    ]


def _item(content: Content, item_id: str) -> Item:
    return next(item for step in content.steps for item in step.items if item.id == item_id)


@lru_cache(maxsize=8192)  # every handout for the same side says the same
def _sided(text: str, side: str | None) -> str:
    """Name the leg: "your sore knee" becomes "your left knee" when the left knee hurts."""
    if side is None or not text:
        return text
    other = "right" if side == "left" else "left"
    text = _SORE.sub(lambda m: f"{m.group(1)} {side} {m.group(2)}", text)
    return _OTHER.sub(lambda m: f"{m.group(1)} {other} {m.group(2)}", text)


def _adapt(item: Item, dose: Dose | None, side: str | None) -> Item:
    if dose is not None:
        item = item._replace(dose=item.dose.overridden(dose))
    if side is None:
        return item

    def each(lines: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_sided(line, side) for line in lines)

    return item._replace(
        name=_sided(item.name, side), text=_sided(item.text, side),
        purpose=_sided(item.purpose, side), details=each(item.details),
        instructions=each(item.instructions), cautions=each(item.cautions),
        progressions=each(item.progressions), dose=item.dose._replace(leg=side),
    )

