"""Choose what one handout contains: pure functions, no I/O and no PDF code."""

from __future__ import annotations

from kneepdf.model import Content, Handout, HandoutStep, PatientDetails, Stage


class UnknownStage(LookupError):
    """The stage name matches no stage; `valid` lists the names that do."""

    def __init__(self, name: str, valid: list[str]) -> None:
        super().__init__(name)
        self.name = name
        self.valid = valid


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


def select(content: Content, stage: Stage, details: PatientDetails) -> Handout:
    """The handout for `stage`: its steps in the guide's order, each with all of its items."""
    order = {step.id: step.number for step in content.steps}
    chosen = sorted(stage.steps, key=lambda s: order[s.step_id])
    steps = tuple(
        HandoutStep(
            step=content.step(s.step_id),
            items=tuple(
                item for item in content.step(s.step_id).items
                if stage.high_load or not item.high_load
            ),
            progressions=s.progressions,
        )
        for s in chosen
    )
    complete = stage.number is None
    return Handout(
        title=content.title,
        stage=stage,
        stage_count=len(content.numbered_stages),
        details=details,
        how_to_use=content.how_to_use,
        safety=content.safety,
        steps=steps,
        conditions=content.conditions if complete else (),
        conditions_title=content.conditions_title if complete else "",
        conditions_intro=content.conditions_intro if complete else "",
        other_causes=content.other_causes if complete else "",
    )
