"""selection: which steps and items a stage's handout holds; pure functions, tested directly."""

from __future__ import annotations

import datetime as dt

import pytest

from kneepdf import model
from kneepdf.dose import Dose
from kneepdf.errors import OptionError
from kneepdf.model import Choices
from kneepdf.select.options import DOSE_SYNTAX, parse_dose
from kneepdf.select.selection import (
    ChoiceError,
    UnknownStage,
    find_stage,
    optional_items,
    select,
    stage_names,
)

DETAILS = model.PatientDetails(date=dt.date(2026, 1, 15), patient="Zofia Testperson")

ALL_STEPS = [
    "reduce-pressure", "reduce-inflammation", "range-of-motion", "releases", "massage",
    "strengthen", "balance", "weight-bearing", "out-of-line", "increase-load", "other-factors",
]

# DESIGN.md, "The stages": the guide's steps each stage's core programme prints. Stage 4
# also keeps strength and balance work (the clinical review) among its optional exercises;
# its core keeps the hip and calf strength work of step 11.
STAGE_STEPS = {
    "acute": ["reduce-pressure", "reduce-inflammation", "range-of-motion", "massage",
              "strengthen"],
    "subacute": ["range-of-motion", "releases", "massage", "strengthen", "balance"],
    "strength": ["strengthen", "balance", "weight-bearing", "other-factors"],
    "return": ["weight-bearing", "out-of-line", "increase-load", "other-factors"],
    "all": ALL_STEPS,
}
# With every optional exercise added.
STAGE_STEPS_ALL = {**STAGE_STEPS, "return": [
    "strengthen", "balance", "weight-bearing", "out-of-line", "increase-load", "other-factors"]}

# content/stages.yaml: the steps that print each exercise's "When it gets easy" list.
PROGRESSIONS = {
    "acute": {"strengthen"},
    "subacute": {"massage"},
    "strength": {"strengthen", "balance"},
    "return": {"weight-bearing", "out-of-line", "increase-load", "other-factors"},
    "all": set(ALL_STEPS),
}

HIGH_LOAD = {"side-lunge", "pivot-turns", "bouncing", "hopping", "jog-or-run", "change-direction"}


def handout(content: model.Content, name: str) -> model.Handout:
    return select(content, find_stage(content, name), DETAILS)


@pytest.mark.parametrize("stage", list(STAGE_STEPS))
def test_stage_steps_match_design(content: model.Content, stage: str) -> None:
    assert [hs.step.id for hs in handout(content, stage).steps] == STAGE_STEPS[stage]
    chosen = find_stage(content, stage)
    extras = tuple(i.id for _, i in optional_items(content, chosen))
    every = select(content, chosen, DETAILS, model.Choices(add=extras))
    assert [hs.step.id for hs in every.steps] == STAGE_STEPS_ALL[stage]


@pytest.mark.parametrize("stage", ["acute", "subacute", "strength", "return"])
def test_core_programme_at_most_8_exercises(content: model.Content, stage: str) -> None:
    """Advice is not counted; the optional exercises print only when added, and the
    complete programme prints every one of them."""
    chosen = find_stage(content, stage)
    core = handout(content, stage).exercises
    assert 3 <= len(core) <= 8
    extras = [i for _, i in optional_items(content, chosen)]
    assert all(i.is_exercise for i in extras)
    assert not {i.id for i in extras} & {i.id for i in core}
    complete = {i.id for i in handout(content, "all").items}
    assert {i.id for i in extras} <= complete
    added = select(content, chosen, DETAILS, model.Choices(add=(extras[0].id,) if extras
                                                           else ()))
    assert len(added.exercises) == len(core) + (1 if extras else 0)


def test_stage_4_core_keeps_what_its_start_tests_ask_for(content: model.Content) -> None:
    """Bouncing's start test asks for heel raises on the sore leg; hopping's for bouncing;
    jogging's for hopping; the side lunge's for step downs."""
    core = {i.id for i in handout(content, "return").exercises}
    assert {"heel-raises", "bridge", "clamshell", "bouncing", "hopping", "jog-or-run",
            "step-down", "side-lunge"} <= core


@pytest.mark.parametrize("stage", list(STAGE_STEPS))
def test_steps_in_guide_order(content: model.Content, stage: str) -> None:
    numbers = [hs.step.number for hs in handout(content, stage).steps]
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == len(numbers)


def test_all_is_every_step_1_to_11(content: model.Content) -> None:
    assert [hs.step.number for hs in handout(content, "all").steps] == list(range(1, 12))


def test_order_follows_guide_not_stage_file(content: model.Content) -> None:
    stage = find_stage(content, "subacute")
    shuffled = stage._replace(steps=tuple(reversed(stage.steps)))
    chosen = select(content, shuffled, DETAILS)
    assert [hs.step.id for hs in chosen.steps] == STAGE_STEPS["subacute"]


@pytest.mark.parametrize(
    ("alias", "stage"), [("1", "acute"), ("2", "subacute"), ("3", "strength"), ("4", "return")]
)
def test_numbers_are_aliases(content: model.Content, alias: str, stage: str) -> None:
    assert find_stage(content, alias) == find_stage(content, stage)
    assert find_stage(content, alias).id == stage
    assert handout(content, alias) == handout(content, stage)


@pytest.mark.parametrize("name", ["ACUTE", " acute ", "Acute"])
def test_stage_name_case_and_space(content: model.Content, name: str) -> None:
    assert find_stage(content, name).id == "acute"


@pytest.mark.parametrize("name", ["nope", "5", "0", "", "acute-ish"])
def test_unknown_stage_lists_valid_names(content: model.Content, name: str) -> None:
    with pytest.raises(UnknownStage) as info:
        find_stage(content, name)
    assert info.value.name == name
    assert info.value.valid == [
        "acute", "subacute", "strength", "return", "all", "1", "2", "3", "4",
    ]


def test_stage_names(content: model.Content) -> None:
    assert stage_names(content) == [
        "acute", "subacute", "strength", "return", "all", "1", "2", "3", "4",
    ]


@pytest.mark.parametrize("stage", ["acute", "subacute", "strength"])
def test_no_high_load_before_stage_4(content: model.Content, stage: str) -> None:
    items = handout(content, stage).items
    assert items, "the stage has no items at all"
    assert [item.id for item in items if item.high_load] == []
    assert not HIGH_LOAD & {item.id for item in items}


@pytest.mark.parametrize("stage", ["return", "all"])
def test_high_load_items_in_return_and_all(content: model.Content, stage: str) -> None:
    chosen = find_stage(content, stage)
    extras = tuple(i.id for _, i in optional_items(content, chosen))
    ids = {item.id for item in select(content, chosen, DETAILS,
                                      model.Choices(add=extras)).items}
    assert ids >= HIGH_LOAD  # in the core or among the stage's optional exercises
    core = {item.id for item in handout(content, stage).items if item.high_load}
    assert core == (HIGH_LOAD if stage == "all" else HIGH_LOAD - {"pivot-turns",
                                                                  "change-direction"})


def test_select_itself_drops_high_load_items(content: model.Content) -> None:
    # A stage that does not allow high load but names a high-load step (the loader
    # rejects this; selection must still never let the items through).
    stage = find_stage(content, "strength")
    risky = stage._replace(steps=(*stage.steps, model.StageStep("out-of-line", stage.place)),
    )
    chosen = select(content, risky, DETAILS)
    assert [hs.step.id for hs in chosen.steps][:4] == STAGE_STEPS["strength"]
    assert not HIGH_LOAD & {item.id for item in chosen.items}
    assert all(hs.items for hs in chosen.steps)


@pytest.mark.parametrize("stage", list(STAGE_STEPS))
def test_progressions_flag_as_stages_yaml_says(content: model.Content, stage: str) -> None:
    flagged = {hs.step.id for hs in handout(content, stage).steps if hs.progressions}
    assert flagged == PROGRESSIONS[stage]


@pytest.mark.parametrize("stage", list(STAGE_STEPS))
def test_each_step_keeps_its_items_in_order(content: model.Content, stage: str) -> None:
    chosen = handout(content, stage)
    allowed = chosen.stage.high_load
    only = {s.step_id: s.items for s in chosen.stage.steps}
    optional = {i for s in chosen.stage.steps for i in s.optional}
    for hs in chosen.steps:
        expected = [i.id for i in content.step(hs.step.id).items
                    if (allowed or not i.high_load) and not i.variant
                    and (not only[hs.step.id] or i.id in only[hs.step.id])
                    and i.id not in optional]
        assert [i.id for i in hs.items] == expected


@pytest.mark.parametrize(
    ("stage", "number"),
    [("acute", 1), ("subacute", 2), ("strength", 3), ("return", 4), ("all", None)],
)
def test_handout_header_facts(content: model.Content, stage: str, number: int | None) -> None:
    chosen = handout(content, stage)
    assert chosen.stage.number == number
    assert chosen.stage_count == 4
    assert chosen.title == content.title
    assert chosen.details == DETAILS
    assert chosen.safety == content.safety
    # The complete programme opens "How to use" with its own line: it is not a physio's pick.
    first = chosen.stage.how_to_use_first
    assert chosen.how_to_use == ((first, *content.how_to_use[1:]) if stage == "all"
                                 else content.how_to_use)
    assert bool(first) == (stage == "all")


@pytest.mark.parametrize("stage", list(STAGE_STEPS))
def test_conditions_only_in_complete_programme(content: model.Content, stage: str) -> None:
    chosen = handout(content, stage)
    if stage == "all":
        assert chosen.conditions == content.conditions
        assert chosen.conditions_title == content.conditions_title
        assert chosen.other_causes == content.other_causes
    else:
        assert chosen.conditions == ()
        assert chosen.conditions_title == ""


# -- the clinician's choices (add, drop, doses, side) -----------------------------------------


def test_add_item_from_another_step(content: model.Content) -> None:
    chosen = select(content, find_stage(content, "acute"), DETAILS, Choices(add=("step-up",)))
    assert [hs.step.id for hs in chosen.steps] == [
        "reduce-pressure", "reduce-inflammation", "range-of-motion", "massage", "strengthen",
        "weight-bearing"]
    assert [i.id for i in chosen.steps[-1].items] == ["step-up"]


def test_drop_item(content: model.Content) -> None:
    chosen = select(content, find_stage(content, "acute"), DETAILS, Choices(drop=("crutches",)))
    ids = [item.id for item in chosen.items]
    assert "crutches" not in ids
    assert "walk-less" in ids


def test_dropping_an_item_the_handout_does_not_hold_is_refused(content: model.Content) -> None:
    # Once: --stage 1 --drop step-up was taken silently; a clinician who typed the wrong id
    # believed something was left out.
    with pytest.raises(ChoiceError) as info:
        select(content, find_stage(content, "acute"), DETAILS, Choices(drop=("step-up",)))
    assert info.value.option == "--drop"
    assert str(info.value) == ("'step-up' is not in this handout; 'kneepdf exercises --stage "
                               "acute' lists what it holds")


def test_dose_override_keeps_the_rest(content: model.Content) -> None:
    new = Dose(sets=(3, 3), reps=(15, 15))
    chosen = select(content, find_stage(content, "strength"), DETAILS,
                    Choices(doses=(("step-up", new),)))
    step_up = next(item for item in chosen.items if item.id == "step-up")
    assert step_up.dose.sets == (3, 3)
    assert step_up.dose.reps == (15, 15)
    assert step_up.dose.side == "sore"


def test_high_load_cannot_be_added_before_stage_4(content: model.Content) -> None:
    with pytest.raises(ChoiceError) as info:
        select(content, find_stage(content, "strength"), DETAILS, Choices(add=("side-lunge",)))
    assert info.value.option == "--add"
    assert str(info.value) == (
        "'side-lunge' is high-load work; it is allowed only in the stages return, all"
    )


@pytest.mark.parametrize(("stage", "spec"), [
    # Once: "2 sets of 30 seconds, hold 45 seconds": a hold longer than the set.
    ("subacute", "knee-straightening=time:30s,hold:45s"),
    ("subacute", "knee-straightening=hold:120s,time:30s"),
    # A hold over an exercise done for a time (the release is 2 minutes).
    ("subacute", "release-inner-thigh=hold:10s"),
])
def test_a_hold_never_goes_with_a_time(content: model.Content, stage: str, spec: str) -> None:
    item_id, dose = parse_dose(spec)
    with pytest.raises(ChoiceError) as info:
        select(content, find_stage(content, stage), DETAILS, Choices(doses=((item_id, dose),)))
    assert info.value.option == "--dose"
    assert str(info.value) == (
        f"'{item_id}': a hold belongs to each repeat, and this dose is done for a time; give "
        "hold with repeats (for example 3x10,hold:5s) or a time alone")


@pytest.mark.parametrize(("stage", "spec", "minutes"), [
    # Each number in its range, together about 34 hours (a real report: "About 2120 minutes").
    ("subacute", "knee-straightening=10x100,hold:120s", "2,055"),
    ("acute", "thigh-tightening=10x100,hold:120s", "2,055"),
    ("subacute", "knee-straightening=3x30,hold:120s", "186"),
    ("return", "jog-or-run=sets:2,time:90m", "181"),
])
def test_a_dose_far_too_long_is_refused(content: model.Content, stage: str, spec: str,
                                        minutes: str) -> None:
    item_id, dose = parse_dose(spec)
    with pytest.raises(ChoiceError) as info:
        select(content, find_stage(content, stage), DETAILS, Choices(doses=((item_id, dose),)))
    assert info.value.option == "--dose"
    assert str(info.value) == (
        f"'{item_id}': with this dose one go takes about {minutes} minutes (every set, repeat, "
        "hold and rest); at most 120 minutes: check the numbers")


@pytest.mark.parametrize(("stage", "spec"), [
    ("subacute", "knee-straightening=3x30,hold:10s"), ("return", "jog-or-run=time:90m"),
    ("subacute", "knee-bend-and-straighten=10x100"),
])
def test_a_long_dose_within_two_hours_is_kept(content: model.Content, stage: str,
                                              spec: str) -> None:
    item_id, dose = parse_dose(spec)
    handout = select(content, find_stage(content, stage), DETAILS,
                     Choices(doses=((item_id, dose),)))
    assert any(item.id == item_id for hs in handout.steps for item in hs.items)


def test_unknown_item_id_suggests(content: model.Content) -> None:
    with pytest.raises(ChoiceError) as info:
        select(content, find_stage(content, "strength"), DETAILS, Choices(add=("step-upp",)))
    assert info.value.option == "--add"
    assert str(info.value) == "'step-upp' is not a known id; did you mean step-up, step-down?"


def test_side_names_the_leg(content: model.Content) -> None:
    details = DETAILS._replace(side="left")
    chosen = select(content, find_stage(content, "acute"), details)
    bends = next(item for item in chosen.items if item.id == "knee-bend-and-straighten")
    assert ("Leg", "your left leg") in bends.dose.parts()
    plain = select(content, find_stage(content, "acute"), DETAILS)
    assert ("Leg", "your sore leg") in next(
        item for item in plain.items if item.id == "knee-bend-and-straighten").dose.parts()


@pytest.mark.parametrize("side", ["left", "right"])
def test_side_names_the_leg_in_every_text_an_item_prints(content: model.Content,
                                                        side: str) -> None:
    # Once: "Start only when: You can hop on your sore leg" with --side left.
    import re

    stage = find_stage(content, "all")
    plain = select(content, stage, DETAILS)
    sided = select(content, stage, DETAILS._replace(side=side))
    generic = re.compile(r"\b(?:[Yy]our|[Tt]he) (?:sore|other) (?:leg|foot|knee|ankle|big toe|"
                         r"side)\b")

    def words(item: model.Item) -> list[str]:
        found: list[str] = []
        for value in item:
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, tuple):
                found += [v for v in value if isinstance(v, str)]
                found += [c for row in value if isinstance(row, tuple) for c in row
                          if isinstance(c, str)]
        return found

    assert any(generic.search(text) for item in plain.items for text in words(item))
    left = [(item.id, text) for item in sided.items for text in words(item)
            if generic.search(text)]
    assert left == []
    tests = [item.start_test for item in sided.items if item.start_test]
    assert any(f"your {side} leg" in text for text in tests)


# -- the --dose grammar -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "dose"),
    [
        ("step-up=3x15", Dose(sets=(3, 3), reps=(15, 15))),
        ("step-up=daily:2", Dose(times_per_day=(2, 2))),
        ("step-up=week:3", Dose(days_per_week=(3, 3))),
        ("step-up=week:2-3,sets:3", Dose(days_per_week=(2, 3), sets=(3, 3))),
        ("single-leg-balance=hold:45s,week:7", Dose(hold_seconds=(45, 45),
                                                          days_per_week=(7, 7))),
    ],
)
def test_parse_dose(spec: str, dose: Dose) -> None:
    assert parse_dose(spec) == (spec.split("=")[0], dose)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("step-up=week:8", "'step-up=week:8': week is days a week, from 1 to 7"),
        ("step-up=daily:20", "'step-up=daily:20': daily is times a day, from 1 to 12"),
        ("step-up=week:3s", "'step-up=week:3s': week takes a plain number"),
        ("step-up=weekly:3", "'step-up=weekly:3': cannot read 'weekly:3'; use " + DOSE_SYNTAX),
        # Once: any number was taken, however unlikely as a dose.
        ("step-up=hold:600s", "'step-up=hold:600s': hold seconds go from 1 to 120"),
        ("step-up=99x999", "'step-up=99x999': sets go from 1 to 10"),
        ("step-up=3x101", "'step-up=3x101': times go from 1 to 100"),
        ("step-up=time:91m", "'step-up=time:91m': time minutes go from 1 to 90"),
        ("step-up=days:60-120", "'step-up=days:60-120': days go from 1 to 90"),
        # Once: "cannot read '3x0'" where a zero is a number out of range.
        ("step-up=3x0", "'step-up=3x0': times go from 1 to 100"),
        ("step-up=0x10", "'step-up=0x10': sets go from 1 to 10"),
        ("step-up=hold:0s", "'step-up=hold:0s': hold seconds go from 1 to 120"),
        # Once: "20 times, 30 seconds": how much one set is, given twice.
        ("step-up=20,time:30s", "'step-up=20,time:30s': give a number of times or a time, "
                                "not both"),
        # Once: the last of two took over, unsaid ("3x15,3x10" printed 3 sets of 10).
        ("step-up=3x15,3x10", "'step-up=3x15,3x10': gives the sets twice ('3x10'); give each "
                              "once"),
        ("step-up=week:3,week:5", "'step-up=week:3,week:5': gives the days a week twice "
                                  "('week:5'); give each once"),
        ("step-up=20,3x10", "'step-up=20,3x10': gives the times twice ('3x10'); give each "
                            "once"),
    ],
)
def test_parse_dose_errors(spec: str, message: str) -> None:
    with pytest.raises(OptionError) as info:
        parse_dose(spec)
    assert info.value.option == "--dose"
    assert str(info.value) == message


def test_a_time_replaces_the_number_of_times() -> None:
    content_dose = Dose(sets=(2, 2), reps=(20, 20), days_per_week=(3, 3))
    given = parse_dose("step-up=time:30s")[1]
    assert content_dose.overridden(given) == Dose(sets=(2, 2), seconds=(30, 30),
                                                  days_per_week=(3, 3))
    assert content_dose.overridden(given).line() == ["2 sets of 30 seconds", "3 days a week"]
    assert content_dose.overridden(parse_dose("step-up=week:2")[1]).reps == (20, 20)
    # Once: the bridge with time:30s read "2 sets of 30 seconds · hold 3 seconds".
    bridge = Dose(sets=(2, 2), reps=(10, 10), hold_seconds=(3, 3))
    assert bridge.overridden(parse_dose("bridge=time:30s")[1]).line() == ["2 sets of 30 seconds"]
    assert bridge.overridden(parse_dose("bridge=12")[1]).line() == ["2 sets of 12",
                                                                    "hold 3 seconds"]


def test_dose_how_often_reads_plainly() -> None:
    assert Dose(times_per_day=(1, 1), days_per_week=(3, 3)).how_often() == (
        "once a day, 3 days a week")
    assert Dose(days_per_week=(7, 7)).parts() == [("How often", "every day")]


def test_an_added_exercise_keeps_the_conditions_cautions(content: model.Content) -> None:
    """An optional exercise printed with --add carries the condition's cautions, and one a
    condition would swap stays the exercise the clinician asked for."""
    return_ = find_stage(content, "return")
    turns = select(content, return_, DETAILS, Choices(add=("pivot-turns",),
                                                      condition="mcl-sprain"))
    (pivot,) = [i for i in turns.items if i.id == "pivot-turns"]
    plain = content.item("pivot-turns")
    assert len(pivot.cautions) > len(plain.cautions)
    assert any("(MCL)" in line for line in pivot.cautions)
    slides = select(content, find_stage(content, "subacute"), DETAILS,
                    Choices(add=("inner-thigh-slides",), condition="adductor-strain"))
    assert "inner-thigh-slides" in [i.id for i in slides.items]


@pytest.mark.parametrize(("choices", "option", "message"), [
    # Once: the --drop won, unsaid; and the last of two --dose options did.
    (Choices(add=("release-calf",), drop=("release-calf",)), "--drop",
     "'release-calf' is given to --add as well; give it to one of them"),
    (Choices(doses=(("knee-straightening", Dose(reps=(10, 10))),
                    ("knee-straightening", Dose(reps=(15, 15))))), "--dose",
     "'knee-straightening' is given more than one dose; give it one --dose"),
    (Choices(drop=("knee-straightening",), doses=(("knee-straightening",
                                                   Dose(reps=(10, 10))),)), "--dose",
     "'knee-straightening' is given to --drop as well; give it to one of them"),
    # Once: "Leave it on for 10 to 15 minutes. 20 minutes, 3 to 5 times a day."
    (Choices(add=("ice-pack",), doses=(("ice-pack", Dose(minutes=(20, 20))),)), "--dose",
     "'ice-pack' is advice, and its words say how much; give it only how often (daily:, "
     "week:, days:)"),
])
def test_choices_that_contradict_are_refused(content: model.Content, choices: Choices,
                                             option: str, message: str) -> None:
    with pytest.raises(ChoiceError) as info:
        select(content, find_stage(content, "subacute"), DETAILS, choices)
    assert (info.value.option, str(info.value)) == (option, message)


def test_advice_may_be_given_how_often(content: model.Content) -> None:
    handout = select(content, find_stage(content, "acute"), DETAILS,
                     Choices(doses=(("ice-pack", Dose(times_per_day=(2, 2))),)))
    (ice,) = [item for item in handout.items if item.id == "ice-pack"]
    assert ice.dose.times_per_day == (2, 2)
