"""The clinical review's rules, held by the shipped content and by selection."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from conftest import BuildPdf

from kneepdf import model
from kneepdf.dose import Dose
from kneepdf.model import Choices
from kneepdf.select.selection import ChoiceError, find_stage, optional_items, select

pytestmark = pytest.mark.slow  # whole handouts read back

DETAILS = model.PatientDetails(date=dt.date(2026, 1, 15))
NUMBERED = ["acute", "subacute", "strength", "return"]
STAGES = [*NUMBERED, "all"]
# The exercises added where the guide points to another page, and the MCL variant.
ADDITIONS = {"knee-to-wall", "short-foot", "heel-raises", "bridge", "clamshell", "ball-squeeze",
             "thigh-tightening", "raise-leg", "walk-or-cycle"}


def handout(content: model.Content, stage: str, **choices: object) -> model.Handout:
    return select(content, find_stage(content, stage), DETAILS, Choices(**choices))  # type: ignore[arg-type]


def ids(h: model.Handout) -> list[str]:
    return [item.id for item in h.items]


def exercises(content: model.Content) -> list[model.Item]:
    return [item for step in content.steps for item in step.items if item.is_exercise]


# -- how often, by default --------------------------------------------------------------------


def test_every_exercise_says_how_often(content: model.Content) -> None:
    for item in exercises(content):
        assert item.dose.how_often(), item.id


def test_every_repeated_exercise_has_sets_or_a_daily_count(content: model.Content) -> None:
    for item in exercises(content):
        if item.dose.reps is not None and item.dose.reps[0] >= 15:
            assert item.dose.sets is not None or item.dose.times_per_day is not None, item.id


def test_clinical_default_frequencies(content: model.Content) -> None:
    dose = {item.id: item.dose for item in exercises(content)}
    assert dose["knee-bend-and-straighten"].how_often() == "2 to 3 times a day"
    assert dose["single-leg-balance"].how_often() == "every day"
    assert dose["knee-straightening"].sets == (2, 2)
    assert dose["step-up"].how_often() == "3 days a week"
    assert dose["step-up"].sets == (2, 3)


# -- medicines are information, not instructions ----------------------------------------------


def test_medicines_are_information_items(content: model.Content) -> None:
    step = content.step("reduce-inflammation")
    kinds = {item.id: item.kind for item in step.items}
    assert kinds["ice-pack"] == "advice"
    for item_id in ("anti-inflammatory-gel", "anti-inflammatory-tablets", "natural-products",
                    "cortisone-injection"):
        assert kinds[item_id] == "info", item_id
    for item in step.items:
        if item.is_info:
            assert item.dose.is_empty(), item.id
            assert "at least" not in item.text, item.id


def test_tablets_say_who_should_check_first(content: model.Content) -> None:
    tablets = content.item("anti-inflammatory-tablets")
    words = " ".join(tablets.details).lower()
    for risk in ("stomach ulcer", "kidney", "heart", "asthma", "thin your blood", "pregnant",
                 "over 65"):
        assert risk in words, risk
    assert "pharmacist or doctor decides" in tablets.text
    assert any("together" in c for c in tablets.cautions)


def test_injection_is_a_question_for_the_doctor(content: model.Content) -> None:
    injection = content.item("cortisone-injection")
    assert "ask your doctor" in injection.text.lower()
    assert "pharmacist" not in injection.text.lower()


# -- red flags, traffic light, timeline, flare-ups --------------------------------------------


def test_red_flags_in_three_parts(content: model.Content) -> None:
    s = content.safety
    assert s.before.intro == ("Is one of these new since your physio saw you? See your doctor "
                              "or physio before you start")
    assert s.same_day.intro == "Stop and call {urgent} today if"
    assert s.emergency.intro == "Call {emergency} now if"
    assert "you cannot put your full weight on the leg" in s.before.items
    before = " ".join(s.before.items)
    for sign in ("at night", "all the time", "cancer", "numbness or tingling"):
        assert sign in before, sign
    stop = " ".join(s.same_day.items)
    for sign in ("suddenly", "fever", "calf"):
        assert sign in stop, sign
    assert "chest pain" in " ".join(s.emergency.items)
    # "A lot of pain" is the traffic light's job (ease off), not a stop-and-call sign.
    assert "a lot of pain" not in stop


def test_pain_rule_and_flare_up_plan(content: model.Content) -> None:
    s = content.safety
    assert "next morning" in s.pain_rule
    plan = " ".join(s.flare_up).lower()
    for words in ("last level", "fewer", "ice", "rest", "call your physio"):
        assert words in plan, words


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_has_a_timeline_and_a_flare_up_plan(content: model.Content,
                                                        stage: str) -> None:
    h = handout(content, stage)
    assert h.timeline is not None
    assert re.search(r"\d", h.timeline.lasts)
    assert h.timeline.come_back.startswith("Come back")
    assert h.flare_up


def test_stage_advice_agrees_with_the_red_flags(content: model.Content) -> None:
    # Stage 1 asks for "most of the way": the red flags' "before you start" signs are for a
    # knee no one has checked, and nothing in a stage asks the patient to push through them.
    stop = " ".join(content.safety.same_day.items)
    assert "bend or straighten" not in stop
    for stage in content.stages:
        for line in stage.move_on:
            assert "lock" not in line.text and "gives way" not in line.text, line


# -- stage 4: dosed, gated, strength and balance kept ------------------------------------------


def test_high_load_work_is_dosed_and_gated(content: model.Content) -> None:
    high = [item for step in content.steps for item in step.items if item.high_load]
    assert {i.id for i in high} == {"side-lunge", "pivot-turns", "bouncing", "hopping",
                                     "jog-or-run", "change-direction"}
    for item in high:
        assert item.is_exercise, item.id
        assert item.start_test, item.id
        assert item.dose.days_per_week is not None and item.dose.days_per_week[1] <= 3, item.id
    assert "hop on your sore leg 10 times without pain" in content.item("jog-or-run").start_test
    assert "rest day" in " ".join(content.step("increase-load").points)


def test_walk_jog_plan(content: model.Content) -> None:
    jog = content.item("jog-or-run")
    assert any("as the plan below says" in line for line in jog.instructions)
    head, *weeks = jog.table
    assert head == ("Week", "Jog", "Then walk", "How many times")
    assert [row[0] for row in weeks] == [str(n) for n in range(1, len(weeks) + 1)]
    assert weeks[0][1:] == ("1 minute", "2 minutes", "5 times")
    assert weeks[-1][1:] == ("20 minutes", "no walking", "once")


def test_stage_4_keeps_strength_and_balance(content: model.Content) -> None:
    """The core keeps hip and calf strength work; the thigh strength and balance exercises
    are the stage's optional ones, a clinician's --add away."""
    items = ids(handout(content, "return"))
    assert {"heel-raises", "bridge", "clamshell", "step-down"} <= set(items)
    optional = {i.id for _, i in optional_items(content, content.stage("return"))}
    assert {"standing-knee-bends", "inner-thigh-slides", "single-leg-balance"} <= optional


@pytest.mark.parametrize("stage", ["acute", "subacute", "strength"])
def test_no_high_load_before_stage_4(content: model.Content, stage: str) -> None:
    assert not [item.id for item in handout(content, stage).items if item.high_load]


# -- safer wording everywhere -----------------------------------------------------------------


def test_knee_bends_start_without_a_weight(content: model.Content) -> None:
    bends = content.item("standing-knee-bends")
    assert not any("weight" in line for line in bends.instructions)
    assert "weight" in bends.progressions[0]
    assert "an ankle weight" not in bends.equipment


def test_massage_starts_gently(content: model.Content) -> None:
    massage = content.item("sore-spot-massage")
    assert any("gently" in line for line in massage.instructions)
    assert not any("firmly" in line for line in massage.instructions)
    acute = handout(content, "acute")
    assert next(hs for hs in acute.steps if hs.step.id == "massage").progressions is False


# -- the additions to the guide ---------------------------------------------------------------


def test_additions_are_marked(content: model.Content) -> None:
    added = {item.id for step in content.steps for item in step.items if item.addition}
    assert added == ADDITIONS


@pytest.mark.parametrize(
    ("item_id", "start", "movement"),
    [
        ("knee-to-wall", "Stand facing a wall", "bend your knee forwards to touch the wall"),
        ("short-foot", "Sit on a chair", "Pull the ball of your foot towards your heel"),
        ("heel-raises", "Stand holding the back of a chair", "Rise up onto the toes"),
        ("bridge", "Lie on your back", "lift your hips"),
        ("clamshell", "Lie on your side", "lift your top knee"),
        ("ball-squeeze", "Sit on a chair with a soft ball", "Squeeze your knees together"),
    ],
)
def test_additions_number_start_then_movement(
    content: model.Content, item_id: str, start: str, movement: str
) -> None:
    steps = content.item(item_id).instructions
    assert steps[0].startswith(start)
    assert movement in steps[1]


def test_heel_raises_in_three_steps(content: model.Content) -> None:
    assert content.item("heel-raises").instructions == (
        "Stand holding the back of a chair.", "Rise up onto the toes of both feet.",
        "Lower your heels slowly.")


def test_pointers_name_the_exercises(content: model.Content) -> None:
    for item_id, name in (("stiff-ankles", "knee to wall"), ("feet-roll-in", "heel raises"),
                          ("weak-glutes", "bridge")):
        text = content.item(item_id).text
        assert name in text and "ask your physio" not in text.lower(), item_id


# -- conditions change items, in YAML ---------------------------------------------------------


def test_mcl_ball_squeeze_in_place_of_slides_until_stage_3(content: model.Content) -> None:
    plain = ids(handout(content, "subacute"))
    mcl = ids(handout(content, "subacute", condition="mcl-sprain"))
    assert "inner-thigh-slides" in plain and "ball-squeeze" not in plain
    assert mcl == [("ball-squeeze" if i == "inner-thigh-slides" else i) for i in plain]
    later = handout(content, "strength", condition="mcl-sprain")
    slides = next(item for item in later.items if item.id == "inner-thigh-slides")
    assert any("MCL" in c for c in slides.cautions)
    assert "ball-squeeze" not in ids(later)


def test_mcl_dose_for_the_swapped_item_is_refused(content: model.Content) -> None:
    with pytest.raises(ChoiceError) as info:
        handout(content, "subacute", condition="mcl-sprain",
                doses=(("inner-thigh-slides", Dose(reps=(10, 10))),))
    assert info.value.option == "--dose"


def test_meniscus_limits_squat_depth(content: model.Content) -> None:
    h = handout(content, "strength", condition="meniscus-tear")
    squat = next(item for item in h.items if item.id == "lean-back-squat")
    assert any("right angle" in line for line in squat.instructions)
    assert not any("as low as" in line for line in squat.instructions)
    assert not any("deeper" in line for line in squat.progressions)
    assert any("meniscus" in c for c in squat.cautions)
    plain = next(item for item in handout(content, "strength").items
                 if item.id == "lean-back-squat")
    assert "Squat a little deeper, if it is comfortable." in plain.progressions
    assert any("only as low as is comfortable" in line and "thighs are level" in line
               for line in plain.instructions)


def test_drop_takes_the_move_on_line_too(content: model.Content) -> None:
    plain = handout(content, "strength")
    dropped = handout(content, "strength", drop=("step-down",))
    line = "You can do the step down with your knee in line with your foot."
    assert line in plain.move_on
    assert line not in dropped.move_on
    assert len(dropped.move_on) == len(plain.move_on) - 1


def test_all_marks_the_stages_of_each_step(content: model.Content) -> None:
    h = handout(content, "all")
    stages = {hs.step.id: hs.stages for hs in h.steps}
    assert stages["reduce-pressure"] == (1,)
    assert stages["strengthen"] == (1, 2, 3, 4)
    assert stages["increase-load"] == (4,)
    assert not any("order they appear" in line for line in h.how_to_use)


def test_content_version_on_the_handout(content: model.Content) -> None:
    h = handout(content, "acute")
    assert (h.version, h.reviewed) == (content.version, content.reviewed)
    assert re.fullmatch(r"\d+\.\d+", content.version)


# -- the printed text -------------------------------------------------------------------------


def built_text(tmp_path: Path, build_pdf: BuildPdf, pdf_text: Callable[[Path], list[str]],
               *args: str) -> str:
    result, path = build_pdf(tmp_path, *args, "--date", "2026-01-15")
    assert result.exit_code == 0, result.output
    return " ".join(pdf_text(path))


def test_printed_mcl_preset(tmp_path: Path, build_pdf: BuildPdf,
                            pdf_text: Callable[[Path], list[str]]) -> None:
    preset = Path(__file__).parents[1] / "examples" / "preset-mcl-subacute.yaml"
    text = built_text(tmp_path, build_pdf, pdf_text, "--preset", str(preset))
    assert "Ball squeeze" in text
    assert "Squeeze your knees together." in text
    assert "Inner thigh slides" not in text
    assert "Press the inside of your sore foot hard into the floor." not in text


def test_printed_meniscus_squat(tmp_path: Path, build_pdf: BuildPdf,
                                pdf_text: Callable[[Path], list[str]]) -> None:
    text = built_text(tmp_path, build_pdf, pdf_text, "--stage", "strength",
                      "--condition", "meniscus-tear")
    assert "only until your knees are bent to a right angle (90°)" in text
    assert "as low as you can" not in text
    assert "do not squat lower than a right angle" in text


def test_printed_drop_step_down(tmp_path: Path, build_pdf: BuildPdf,
                                pdf_text: Callable[[Path], list[str]]) -> None:
    text = built_text(tmp_path, build_pdf, pdf_text, "--stage", "strength",
                      "--drop", "step-down")
    assert "step down" not in text.lower()
    assert "You have no pain the day after your exercises." in text


def test_printed_how_often_and_version(tmp_path: Path, build_pdf: BuildPdf,
                                       pdf_text: Callable[[Path], list[str]]) -> None:
    text = built_text(tmp_path, build_pdf, pdf_text, "--stage", "subacute",
                      "--dose", "step-up=week:2", "--add", "step-up")
    assert "30 times \u00b7 2 to 3 times a day" in text
    assert "2 days a week" in text
    assert "Content version 3.3, reviewed 5 Dec 2026." in text


def test_exercises_command_lists_what_the_stage_holds(
    kneepdf: Callable[..., Result], content: model.Content
) -> None:
    listed = kneepdf("exercises", "--stage", "return").stdout
    assert "standing-knee-bends" in listed and "single-leg-balance" in listed
    assert "knee-straightening" not in listed
    assert "foot-turns-band" not in listed and "ball-squeeze" not in listed
    every = kneepdf("exercises").stdout
    assert "ball-squeeze               Ball squeeze (exercise, in place of another)" in every


def test_check_builds_each_condition_too(
    kneepdf: Callable[..., Result], content_copy: Path,
    replace_once: Callable[[Path, str, str], None],
) -> None:
    # Only --condition meniscus-tear makes the squat too tall: check must still find it.
    line = "          - With a torn cartilage (meniscus), do not squat lower than a right angle.\n"
    replace_once(content_copy / "conditions.yaml", line, line * 40)
    result = kneepdf("check", "--content", str(content_copy))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: {content_copy}/steps/08-weight-bearing.yaml:32:9: the exercise "
        "'lean-back-squat' is too tall for one page")


def test_two_items_standing_in_for_each_other_swap_once(content: model.Content) -> None:
    # A content editor's loop (A instead of B, B instead of A) swaps once, never forever.
    flip = {"inner-thigh-slides": True, "ball-squeeze": False}
    steps = tuple(s._replace(items=tuple(i._replace(variant=flip.get(i.id, i.variant))
                                         for i in s.items)) for s in content.steps)
    place = content.item("ball-squeeze").place
    loop = (model.ItemChange("ball-squeeze", place, instead="inner-thigh-slides"),
            model.ItemChange("inner-thigh-slides", place, instead="ball-squeeze"))
    conditions = tuple(c._replace(changes=loop) if c.id == "mcl-sprain" else c
                       for c in content.conditions)
    looped = content._replace(steps=steps, conditions=conditions)
    stage = find_stage(looped, "subacute")._replace(
        steps=(model.StageStep("strengthen", place, items=("ball-squeeze",)),))
    chosen = select(looped, stage, DETAILS, Choices(condition="mcl-sprain"))
    assert [i.id for i in chosen.items] == ["inner-thigh-slides"]


def test_stage_4_keeps_hip_and_calf_strength(content: model.Content) -> None:
    """Bridge, clamshell and heel raises (on one leg, for the bouncing test) stay in stage
    4's core with the advice that names them; the knee to wall, arch lift and big toe
    stretch are optional there (and in stage 3), and print in the complete programme."""
    optional = {"knee-to-wall", "short-foot", "big-toe-stretch"}
    four = handout(content, "return")
    other = next(hs for hs in four.steps if hs.step.id == "other-factors")
    assert [i.id for i in other.items] == [i.id for i in content.step("other-factors").items
                                           if not i.variant and i.id not in optional]
    assert other.progressions
    heel = next(i for i in other.items if i.id == "heel-raises")
    assert "Do it on your sore leg alone." in heel.progressions
    assert {"heel-raises", "bridge", "clamshell"} <= set(ids(four))
    added = {i.id for _, i in optional_items(content, content.stage("return"))}
    assert optional <= added
    assert optional.isdisjoint(ids(four))
    strength = {i.id for _, i in optional_items(content, content.stage("strength"))}
    assert optional <= set(ids(handout(content, "strength"))) | strength
    assert optional <= set(ids(handout(content, "all")))


def test_advice_that_names_an_exercise_stays_true_without_it(content: model.Content) -> None:
    """Advice that names exercises says the physio can add them when they are not on the
    sheet: --drop, a condition or a stage that does not print them leaves it true. Once:
    "The bridge and the clamshell make them stronger" after --drop clamshell."""
    exercises = [i.name.lower() for s in content.steps for i in s.items if i.is_exercise]
    naming = 0
    for step in content.steps:
        for item in step.items:
            if item.kind != "advice":
                continue
            text = " ".join(item.text.lower().split())
            if any(name in text for name in exercises):
                naming += 1
                assert "not on this sheet, your physio can add" in text, item.id
    assert naming >= 3  # the stiff ankles, feet that roll in and weak buttock muscles
