"""Choose what one handout contains: pure functions, no I/O and no PDF code."""

from __future__ import annotations

import re

from kneepdf.dose import Dose
from kneepdf.errors import OptionError
from kneepdf.model import (
    Choices,
    Condition,
    Content,
    Handout,
    HandoutStep,
    Item,
    ItemChange,
    PatientDetails,
    Stage,
    Step,
)
from kneepdf.session import seconds

LONGEST_GO = 120  # minutes: one go at one exercise, every set, repeat, hold and rest
_SORE = re.compile(r"\b([Yy]our|[Tt]he) sore (leg|foot|knee|ankle|big toe|side)\b")
_OTHER = re.compile(r"\b([Yy]our|[Tt]he) other (leg|foot|knee|ankle|side)\b")


class UnknownStage(LookupError):
    """The stage name matches no stage; `valid` lists the names that do."""

    def __init__(self, name: str, valid: list[str]) -> None:
        super().__init__(name)
        self.name = name
        self.valid = valid


class ChoiceError(OptionError):
    """A clinician's choice names something that does not exist or is not allowed."""


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
    return ChoiceError(option, f"'{value}' is not a known id{hint}", value)


def check_choices(content: Content, stage: Stage, choices: Choices) -> None:
    """Raise ChoiceError for an unknown id, high-load work added too early, a dose for an
    item the handout will not hold, an unknown condition, or drops that leave no exercise."""
    known = item_ids(content)
    for option, ids in (("--add", choices.add), ("--drop", choices.drop),
                        ("--dose", tuple(i for i, _ in choices.doses))):
        for item_id in ids:
            if item_id not in known:
                raise unknown_id(option, item_id, known, "exercises")
    for item_id in choices.drop:
        if item_id in choices.add:
            raise ChoiceError("--drop", f"'{item_id}' is given to --add as well; give it to "
                              "one of them", item_id)
    dosed = [i for i, _ in choices.doses]
    for item_id in dosed:
        if item_id in choices.drop:
            raise ChoiceError("--dose", f"'{item_id}' is given to --drop as well; give it to "
                              "one of them", item_id)
    for item_id in dosed:
        if dosed.count(item_id) > 1:  # which dose the clinician meant is a guess
            raise ChoiceError("--dose", f"'{item_id}' is given more than one dose; give it "
                              "one --dose", item_id)
    allowed = ", ".join(s.id for s in content.stages if s.high_load)
    for item_id in choices.add:
        if content.item(item_id).high_load and not stage.high_load:
            raise ChoiceError("--add", f"'{item_id}' is high-load work; it is allowed only in "
                              f"the stages {allowed}", item_id)
    conditions = [c.id for c in content.conditions]
    if choices.condition is not None and choices.condition not in conditions:
        raise ChoiceError("--condition", f"'{choices.condition}' is not one of: "
                          + ", ".join(conditions))
    before = chosen_ids(content, stage, choices._replace(drop=()))
    for item_id in choices.drop:
        if item_id not in before:  # a mistyped id would leave the handout as it was
            raise ChoiceError("--drop", f"'{item_id}' is not in this handout; 'kneepdf "
                              f"exercises --stage {stage.id}' lists what it holds", item_id)
    present = chosen_ids(content, stage, choices)
    if choices.drop and not any(content.item(i).is_exercise for i in present):
        raise ChoiceError("--drop", "leaves this handout without an exercise; drop fewer items "
                          "or --add the exercises you want")
    for item_id, dose in choices.doses:
        item = content.item(item_id)
        if not item.is_exercise and (dose.sets or dose.reps or dose.seconds or dose.minutes
                                     or dose.hold_seconds):
            # "Leave it on for 10 to 15 minutes. 20 minutes": advice says its own amounts.
            raise ChoiceError("--dose", f"'{item_id}' is advice, and its words say how much; "
                              "give it only how often (daily:, week:, days:)", item_id)
        if item_id not in present:
            raise ChoiceError("--dose", f"'{item_id}' is not in this handout; "
                              f"add it with --add {item_id}", item_id)
        made = content.item(item_id).dose.overridden(dose)
        if made.hold_seconds is not None and (made.seconds or made.minutes):
            raise ChoiceError("--dose", f"'{item_id}': a hold belongs to each repeat, and "
                              "this dose is done for a time; give hold with repeats (for "
                              "example 3x10,hold:5s) or a time alone", item_id)
        minutes = round(seconds(made) / 60)
        if minutes > LONGEST_GO:  # each number in range, together far too long
            raise ChoiceError("--dose", f"'{item_id}': with this dose one go takes about "
                              f"{minutes:,} minutes (every set, repeat, hold and rest); "
                              f"at most {LONGEST_GO} minutes: check the numbers", item_id)


def select(
    content: Content, stage: Stage, details: PatientDetails, choices: Choices | None = None
) -> Handout:
    """The handout for `stage` with the clinician's choices, steps and items in guide order.

    A condition's changes for this stage are applied first (an item swapped for a gentler
    one, cautions added, wording replaced), then --add, --drop and --dose. "Move on" lines
    that need an item the handout does not hold are left out.
    """
    choices = choices or Choices()
    check_choices(content, stage, choices)
    doses = dict(choices.doses)
    condition = _condition(content, choices.condition)
    lang = content.lang
    steps: list[HandoutStep] = []
    for step, items, progressions in _plan(content, stage, choices, condition):
        adapted = [_adapt(item, doses.get(item.id), details.side, lang) for item in items]
        step = step._replace(title=_sided(step.title, details.side, lang),
                             intro=_sided(step.intro, details.side, lang),
                             points=tuple(_sided(p, details.side, lang) for p in step.points),
                             note=_sided(step.note, details.side, lang))
        steps.append(HandoutStep(step=step, items=tuple(adapted), progressions=progressions,
                                 stages=_stages_of(content, step.id)))
    held = {item.id for hs in steps for item in hs.items}
    move_on = tuple(_sided(line.text, details.side, lang) for line in stage.move_on
                    if all(need in held for need in line.needs))
    complete = stage.number is None
    return Handout(
        title=content.title,
        stage=stage,
        stage_count=len(content.numbered_stages),
        details=details,
        how_to_use=((stage.how_to_use_first, *content.how_to_use[1:])
                    if stage.how_to_use_first else content.how_to_use),
        safety=content.safety,
        steps=tuple(steps),
        conditions=content.conditions if complete else (),
        conditions_title=content.conditions_title if complete else "",
        conditions_intro=content.conditions_intro if complete else "",
        other_causes=content.other_causes if complete else "",
        condition=condition,
        move_on=move_on,
        flare_up=stage.flare_up or content.safety.flare_up,
        version=content.version,
        reviewed=content.reviewed,
        weeks=choices.weeks,
        fillable=choices.fillable,
        translation=content.translation,
    )


def optional_items(content: Content, stage: Stage) -> list[tuple[Step, Item]]:
    """The stage's optional items (printed only when added), with their steps, in guide
    order; none for a stage without `optional` lists, such as the complete programme."""
    marked = {item_id for s in stage.steps for item_id in s.optional}
    return [(step, item) for step in content.steps for item in step.items
            if item.id in marked and (stage.high_load or not item.high_load)]


def chosen_ids(content: Content, stage: Stage, choices: Choices) -> list[str]:
    """The ids of the items a handout will hold, in guide order."""
    condition = _condition(content, choices.condition)
    return [item.id for _, items, _ in _plan(content, stage, choices, condition)
            for item in items]


def _condition(content: Content, condition_id: str | None) -> Condition | None:
    if condition_id is None:
        return None
    for condition in content.conditions:
        if condition.id == condition_id:
            return condition
    raise unknown_id("--condition", condition_id, [c.id for c in content.conditions],
                     "build --help")


def _plan(
    content: Content, stage: Stage, choices: Choices, condition: Condition | None
) -> list[tuple[Step, list[Item], bool]]:
    """Each step the handout holds, with its items and whether to print progressions."""
    in_stage = {s.step_id: s for s in stage.steps}
    changes = [c for c in (condition.changes if condition else ())
               if not c.stages or stage.id in c.stages]
    added = {c.add for c in changes if c.add} | set(choices.add)
    out: list[tuple[Step, list[Item], bool]] = []
    for step in content.steps:
        base = in_stage.get(step.id)
        items: list[Item] = []
        for item in step.items:
            if item.id in added:  # one the clinician asked for is never swapped, but
                # keeps the condition's cautions and wording (optional exercises are added)
                keep = [c._replace(instead="") for c in changes] if item.id in choices.add \
                    else changes
                items.append(_changed(content, item, keep))
            elif (base is not None and not item.variant
                  and (not base.items or item.id in base.items)
                  and item.id not in base.optional
                  and (stage.high_load or not item.high_load)):
                items.append(_changed(content, item, changes))
        items = [item for item in items if item.id not in choices.drop]
        if items:
            progressions = base.progressions if base is not None else stage.high_load
            out.append((step, _unique(items), progressions))
    return out


def _changed(content: Content, item: Item, changes: list[ItemChange],
             swapped: frozenset[str] = frozenset()) -> Item:
    """`item` as a condition changes it (possibly swapped for a gentler item, once each)."""
    for change in changes:
        if change.item != item.id:
            continue
        if change.instead and change.instead not in swapped:
            return _changed(content, content.item(change.instead), changes,
                            swapped | {item.id})
        item = item._replace(
            cautions=item.cautions + change.cautions,
            instructions=change.instructions or item.instructions,
            progressions=change.progressions or item.progressions,
        )
    return item


def _unique(items: list[Item]) -> list[Item]:
    """Items in order, each once (an added item may also stand in for another)."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            out.append(item)
    return out


def _stages_of(content: Content, step_id: str) -> tuple[int, ...]:
    """The numbers of the numbered stages that include the step."""
    return tuple(s.number for s in content.numbered_stages
                 if s.number is not None and any(x.step_id == step_id for x in s.steps))


def _sided(text: str, side: str | None, lang: str = "en") -> str:
    """Name the leg: "your sore knee" becomes "your left knee" when the left knee hurts
    (in Spanish, "la rodilla con dolor" becomes "la rodilla izquierda")."""
    if side is None or not text:
        return text
    other = "right" if side == "left" else "left"
    if lang == "es":
        return _sided_es(text, side, other)
    text = _SORE.sub(lambda m: f"{m.group(1)} {side} {m.group(2)}", text)
    return _OTHER.sub(lambda m: f"{m.group(1)} {other} {m.group(2)}", text)


# Spanish: the sore or other leg, knee, foot ... with the side agreeing with the noun.
_SORE_ES = re.compile(r"\b([Ll]a|[Ll]as|[Ee]l|[Ll]os|[Dd]el|[Aa]l) "
                      r"(pierna|rodilla|pie|tobillo) con dolor\b")
_OTHER_ES = re.compile(r"\b([Ll]a|[Ee]l|[Dd]el|[Aa]l) (otra|otro) (pierna|rodilla|pie|tobillo)\b")
_SIDE_ES = {("left", True): "izquierda", ("right", True): "derecha",
            ("left", False): "izquierdo", ("right", False): "derecho"}


def _sided_es(text: str, side: str, other: str) -> str:
    def named(noun: str, which: str) -> str:
        return f"{noun} {_SIDE_ES[which, noun in ('pierna', 'rodilla')]}"

    text = _SORE_ES.sub(lambda m: f"{m.group(1)} {named(m.group(2), side)}", text)
    return _OTHER_ES.sub(lambda m: f"{m.group(1)} {named(m.group(3), other)}", text)


def _adapt(item: Item, dose: Dose | None, side: str | None, lang: str = "en") -> Item:
    if dose is not None:
        item = item._replace(dose=item.dose.overridden(dose))
    if side is None:
        return item

    def each(lines: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_sided(line, side, lang) for line in lines)

    # Every text the item prints, whatever its field: a field added later is named too.
    changes: dict[str, object] = {}
    for name, value in zip(item._fields, item, strict=True):
        if name in _NOT_WORDS:
            continue
        if isinstance(value, str):
            changes[name] = _sided(value, side, lang)
        elif isinstance(value, tuple) and value and all(isinstance(v, str) for v in value):
            changes[name] = tuple(_sided(str(v), side, lang) for v in value)
    changes["table"] = tuple(each(row) for row in item.table)
    changes["dose"] = item.dose._replace(leg=side)
    return item._replace(**changes)  # type: ignore[arg-type]


_NOT_WORDS = frozenset({"id", "kind", "video"})  # an item's str fields that print no words

