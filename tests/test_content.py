"""content: the content folder into the model; one copied-content edit per defect.

Each test overwrites one or two files of a copy of the shipped content with a tiny
hand-written fixture below, so every expected `path:line:col` can be counted by eye.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from samples import MASSAGE

from kneepdf import model
from kneepdf.dose import Dose
from kneepdf.errors import ContentErrors
from kneepdf.load.content import load_content
from kneepdf.select.selection import find_stage, select

Replace = Callable[[Path, str, str], None]

# steps/04-releases.yaml
RELEASES = """\
step: 4
id: releases
title: Loosen tight muscles
items:
  - id: rub
    type: advice
    name: Rub your thigh
    text: Rub the front of your thigh.
"""

# stages.yaml: one stage; "- step:" values start at column 15 on lines 7 and 8
STAGES = """\
stages:
  - id: acute
    number: 1
    name: settle the knee
    goal: Calm it down.
    steps:
      - step: releases
      - step: massage
    move_on:
      - It hurts less.
    timeline:
      lasts: A week or two.
      change: It eases within a week.
      come_back: Come back if it does not.
"""

# safety.yaml
SAFETY = """\
red_flags:
  title: When to get help
  call_urgent: us
  call_emergency: an ambulance
  before:
    intro: See us before you start if
    items:
      - it hurts a lot
  same_day:
    intro: Stop and call {urgent} today if
    items:
      - it swells up
  emergency:
    intro: Call {emergency} now if
    items:
      - you cannot breathe
pain_scale:
  intro: Rate your pain.
  bands:
    - range: "0-3"
      label: Fine
      text: Carry on.
    - range: "4-5"
      label: OK
      text: Go easy.
    - range: "6-10"
      label: Too much
      text: Stop.
  rule: It should settle by the next morning.
flare_up:
  title: If it flares up
  steps:
    - Do less.
disclaimer:
  short: Not advice.
  full: Not medical advice.
"""

HANDOUT = """\
title: Knee sheet
version: "1.0"
reviewed: 2026-01-31
how_to_use:
  - Read it.
"""

SHIPPED_STEP_IDS = (
    "reduce-pressure, reduce-inflammation, range-of-motion, releases, massage, strengthen, "
    "balance, weight-bearing, out-of-line, increase-load, other-factors"
)


def put(folder: Path, relative: str, text: str | bytes) -> Path:
    file = folder / relative
    if isinstance(text, bytes):
        file.write_bytes(text)
    else:
        file.write_text(text, encoding="utf-8")
    return file


# conditions.yaml without changes: its shipped changes name stages the tiny STAGES lacks
CONDITIONS = """\
title: What can cause it
intro: Many things.
conditions:
  - id: mcl-sprain
    name: MCL sprain
    text: A sprain of the inner knee ligament.
other_causes: Other things.
"""


def put_stages(folder: Path, text: str) -> Path:
    """Write stages.yaml, and a conditions.yaml that names no stage."""
    put(folder, "conditions.yaml", CONDITIONS)
    return put(folder, "stages.yaml", text)


def error_lines(folder: Path) -> list[str]:
    """The lines of the ContentErrors that loading `folder` raises (shown as `content`)."""
    with pytest.raises(ContentErrors) as info:
        load_content(folder, "content")
    return info.value.lines()


def test_shipped_content_loads(content: model.Content) -> None:
    assert [s.number for s in content.steps] == list(range(1, 12))
    assert [s.id for s in content.stages] == ["acute", "subacute", "strength", "return", "all"]
    ids = [item.id for item in content.steps for item in item.items]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 30


def test_copied_content_loads(content_copy: Path, content: model.Content) -> None:
    assert load_content(content_copy, "content") == content


def test_tiny_fixtures_load(content_copy: Path) -> None:
    # The baseline every defect below changes by one line.
    put(content_copy, "steps/05-massage.yaml", MASSAGE)
    put(content_copy, "steps/04-releases.yaml", RELEASES)
    put_stages(content_copy, STAGES)
    put(content_copy, "safety.yaml", SAFETY)
    put(content_copy, "handout.yaml", HANDOUT)
    loaded = load_content(content_copy, "content")
    massage = loaded.step("massage")
    assert [i.id for i in massage.items] == ["sore-spot-massage"]
    assert massage.items[0].dose == Dose(reps=(20, 20))
    assert str(massage.items[0].place) == "content/steps/05-massage.yaml:5:9"
    assert [s.step_id for s in loaded.stage("acute").steps] == ["releases", "massage"]
    assert loaded.title == "Knee sheet"


# -- doses ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("reps: 2.5", "12:13: dose.reps must be a whole number, got '2.5'"),
        ("reps: 010", "12:13: dose.reps must be a whole number, got '010'"),
        ("reps: 12:30", "12:13: dose.reps must be a whole number, got '12:30'"),
        ('reps: "20"', "12:13: dose.reps must be a whole number, got '20'"),
        ("reps: 0", "12:13: dose.reps must be from 1 to 10000, got 0"),
    ],
    ids=["decimal_reps", "leading_zero_number", "sexagesimal_12_30", "quoted", "zero"],
)
def test_bad_dose_number(
    content_copy: Path, replace_once: Replace, line: str, expected: str
) -> None:
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "reps: 20", line)
    assert error_lines(content_copy) == [f"content/steps/05-massage.yaml:{expected}"]


@pytest.mark.parametrize("pair", ["[10, 7]", "[7, 7]"])
def test_range_low_high_order(content_copy: Path, replace_once: Replace, pair: str) -> None:
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "reps: 20", f"days: {pair}")
    assert error_lines(content_copy) == [
        f"content/steps/05-massage.yaml:12:13: dose.days range must go from low to high, "
        f"got {pair}"
    ]


def test_range_is_two_numbers(content_copy: Path, replace_once: Replace) -> None:
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "reps: 20", "days: [7, 10, 14]")
    assert error_lines(content_copy) == [
        "content/steps/05-massage.yaml:12:13: dose.days must be a number or a range "
        "[low, high], got a list of 3"
    ]


def test_range_loads_low_high(content_copy: Path, replace_once: Replace) -> None:
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "reps: 20", "times_per_day: [3, 5]")
    item = load_content(content_copy, "content").step("massage").items[0]
    assert item.dose == Dose(times_per_day=(3, 5))


def test_dose_side_choice(content_copy: Path, replace_once: Replace) -> None:
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "reps: 20", "side: left")
    assert error_lines(content_copy) == [
        "content/steps/05-massage.yaml:12:13: dose.side must be one of sore, other, both, each, "
        "got 'left'"
    ]


def test_unknown_dose_key(content_copy: Path, replace_once: Replace) -> None:
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "reps: 20", "repetitions: 20")
    assert error_lines(content_copy) == [
        "content/steps/05-massage.yaml:12:7: unknown key 'repetitions' in dose; expected one "
        "of: sets, reps, hold_seconds, seconds, minutes, times_per_day, days_per_week, days, side"
    ]


def test_dose_mapping_amount_reported(content_copy: Path, replace_once: Replace) -> None:
    # Once tripped an assert in yamlio._kind (a traceback instead of an Error line).
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "reps: 20", "reps: {many: 20}")
    assert error_lines(content_copy) == [
        "content/steps/05-massage.yaml:12:13: dose.reps must be a number or a range "
        "[low, high], got a mapping"
    ]


# -- items ------------------------------------------------------------------------------------


def test_unknown_key(content_copy: Path, replace_once: Replace) -> None:
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "    name: Sore spot massage\n",
                 "    name: Sore spot massage\n    colour: red\n")
    assert error_lines(content_copy) == [
        "content/steps/05-massage.yaml:8:5: unknown key 'colour' in an item; expected one of: "
        "id, type, name, text, purpose, details, equipment, instructions, dose, cautions, "
        "progressions, load, variant, addition, start_test, video, table"
    ]


def test_duplicate_key(content_copy: Path, replace_once: Replace) -> None:
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "    name: Sore spot massage\n",
                 "    name: Sore spot massage\n    name: Massage\n")
    assert error_lines(content_copy) == [
        "content/steps/05-massage.yaml:8:5: duplicate key 'name' (first given at line 7)"
    ]


def test_yaml11_no_in_text_field(content_copy: Path, replace_once: Replace) -> None:
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "name: Sore spot massage", "name: NO")
    assert error_lines(content_copy) == [
        "content/steps/05-massage.yaml:7:11: name must be text, got 'NO', which YAML reads as "
        "true/false; put it in quotes"
    ]


def test_exercise_missing_instructions(content_copy: Path, replace_once: Replace) -> None:
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "    instructions:\n      - Press on it.\n", "")
    assert error_lines(content_copy) == [
        "content/steps/05-massage.yaml:5:5: the exercise 'sore-spot-massage' is missing the "
        "key 'instructions'"
    ]


def test_advice_missing_text(content_copy: Path, replace_once: Replace) -> None:
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "type: exercise", "type: advice")
    assert error_lines(content_copy) == [
        "content/steps/05-massage.yaml:5:5: the advice item 'sore-spot-massage' is missing the "
        "key 'text'"
    ]


def test_bad_item_type(content_copy: Path, replace_once: Replace) -> None:
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "type: exercise", "type: video")
    assert error_lines(content_copy) == [
        "content/steps/05-massage.yaml:6:11: type must be one of advice, exercise, info, "
        "got 'video'"
    ]


def test_bad_item_id(content_copy: Path, replace_once: Replace) -> None:
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "id: sore-spot-massage", "id: Sore_Spot")
    assert error_lines(content_copy) == [
        "content/steps/05-massage.yaml:5:9: id must be lowercase letters, digits and hyphens, "
        "got 'Sore_Spot'"
    ]


def test_duplicate_item_id_names_both_places(content_copy: Path, replace_once: Replace) -> None:
    # The tiny releases step lacks the shipped releases the shipped stage 2 marks optional.
    replace_once(content_copy / "stages.yaml", "        optional: [release-front-thigh, "
                 "release-back-thigh, release-calf, release-shin]\n", "")
    put(content_copy, "steps/04-releases.yaml", RELEASES)
    put(content_copy, "conditions.yaml", CONDITIONS)  # the shipped ones name the releases
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "id: sore-spot-massage", "id: rub")
    assert error_lines(content_copy) == [
        "content/steps/05-massage.yaml:5:9: the item id 'rub' is used twice "
        "(first at content/steps/04-releases.yaml:5:9)"
    ]


# -- steps ------------------------------------------------------------------------------------


def test_duplicate_step_number_names_both(content_copy: Path, replace_once: Replace) -> None:
    # The tiny releases step lacks the shipped releases the shipped stage 2 marks optional.
    replace_once(content_copy / "stages.yaml", "        optional: [release-front-thigh, "
                 "release-back-thigh, release-calf, release-shin]\n", "")
    put(content_copy, "steps/04-releases.yaml", RELEASES)
    put(content_copy, "conditions.yaml", CONDITIONS)  # the shipped ones name the releases
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "step: 5", "step: 4")
    assert error_lines(content_copy) == [
        "content/steps/05-massage.yaml:2:5: step number 4 is used twice "
        "(first at content/steps/04-releases.yaml:2:5)"
    ]


def test_duplicate_step_id(content_copy: Path, replace_once: Replace) -> None:
    put(content_copy, "steps/04-releases.yaml", RELEASES)
    put_stages(content_copy, STAGES)
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "id: massage", "id: releases")
    known = SHIPPED_STEP_IDS.replace("massage, ", "")
    assert error_lines(content_copy) == [
        f"content/stages.yaml:8:15: no step has the id 'massage'; known steps: {known}",
        "content/steps/05-massage.yaml:2:5: the step id 'releases' is used twice "
        "(first at content/steps/04-releases.yaml:2:5)",
    ]


def test_step_with_no_items(content_copy: Path) -> None:
    put(content_copy, "steps/05-massage.yaml",
        "step: 5\nid: massage\ntitle: Massage\nitems: []\n")
    assert error_lines(content_copy) == [
        "content/steps/05-massage.yaml:4:8: items must list at least one advice item or exercise"
    ]


def test_no_step_files(content_copy: Path) -> None:
    shutil.rmtree(content_copy / "steps")
    lines = error_lines(content_copy)
    # (The stages that name the missing steps report them too; only this line is pinned.)
    assert lines.count("content/steps:1:1: no step files (steps/NN-name.yaml) found") == 1


def test_broken_step_reported_once(content_copy: Path, replace_once: Replace) -> None:
    # No follow-on "no step has the id 'massage'" from the stage that names the broken step.
    put_stages(content_copy, STAGES)
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "step: 5", "step: 05")
    assert error_lines(content_copy) == [
        "content/steps/05-massage.yaml:1:7: step must be a whole number, got '05'"
    ]


# -- stages -----------------------------------------------------------------------------------


def test_missing_step_reference_names_both(content_copy: Path, replace_once: Replace) -> None:
    file = put_stages(content_copy, STAGES)
    replace_once(file, "step: massage", "step: massages")
    assert error_lines(content_copy) == [
        "content/stages.yaml:8:15: no step has the id 'massages'; known steps: "
        + SHIPPED_STEP_IDS
    ]


def test_high_load_item_in_low_stage_rejected(content_copy: Path) -> None:
    put(content_copy, "steps/04-releases.yaml", RELEASES + "    load: high\n")
    put_stages(content_copy, STAGES)
    assert error_lines(content_copy) == [
        "content/stages.yaml:7:15: the stage 'acute' does not allow high-load items, but step "
        "'releases' has 'rub' (content/steps/04-releases.yaml:5:9)"
    ]


def test_high_load_item_allowed_in_high_load_stage(
    content_copy: Path, replace_once: Replace
) -> None:
    put(content_copy, "steps/04-releases.yaml", RELEASES + "    load: high\n")
    file = put_stages(content_copy, STAGES)
    replace_once(file, "    number: 1\n", "    number: 1\n    high_load: true\n")
    loaded = load_content(content_copy, "content")
    handout = select(loaded, find_stage(loaded, "acute"), model.PatientDetails(dt.date.today()))
    assert "rub" in [item.id for item in handout.items]
    assert loaded.step("releases").items[0].high_load


def test_stage_flag_spelling(content_copy: Path, replace_once: Replace) -> None:
    file = put_stages(content_copy, STAGES)
    replace_once(file, "    number: 1\n", "    number: 1\n    high_load: yes\n")
    assert error_lines(content_copy) == [
        "content/stages.yaml:4:16: high_load must be true or false, got 'yes'"
    ]


def test_duplicate_stage_id(content_copy: Path) -> None:
    second = (
        "  - id: acute\n"
        "    name: again\n"
        "    goal: Again.\n"
        "    steps:\n"
        "      - step: massage\n"
        "    move_on:\n"
        "      - Done.\n"
        "    timeline: {lasts: A week., change: Soon., come_back: If not.}\n"
    )
    put_stages(content_copy, STAGES + second)
    assert error_lines(content_copy) == [
        "content/stages.yaml:15:9: the stage id 'acute' is used twice "
        "(first at content/stages.yaml:2:9)"
    ]


def test_stage_numbers_without_gaps(content_copy: Path, replace_once: Replace) -> None:
    file = put_stages(content_copy, STAGES)
    replace_once(file, "number: 1", "number: 2")
    assert error_lines(content_copy) == [
        "content/stages.yaml:2:3: stage numbers must run 1, 2, 3 ... without gaps, got [2]"
    ]


def test_step_listed_twice_in_stage(content_copy: Path, replace_once: Replace) -> None:
    file = put_stages(content_copy, STAGES)
    replace_once(file, "      - step: massage\n",
                 "      - step: massage\n      - step: massage\n")
    assert error_lines(content_copy) == [
        "content/stages.yaml:9:15: the step 'massage' is listed twice in the stage 'acute' "
        "(first at content/stages.yaml:8:15)"
    ]


# -- safety, handout and whole files ----------------------------------------------------------


def test_pain_bands_must_be_three(content_copy: Path, replace_once: Replace) -> None:
    file = put(content_copy, "safety.yaml", SAFETY)
    replace_once(file, '    - range: "4-5"\n      label: OK\n      text: Go easy.\n', "")
    assert error_lines(content_copy) == [
        "content/safety.yaml:20:5: pain_scale.bands must have exactly 3 bands, got 2"
    ]


def test_red_flags_cannot_be_empty(content_copy: Path, replace_once: Replace) -> None:
    file = put(content_copy, "safety.yaml", SAFETY)
    replace_once(file, "    items:\n      - it hurts a lot\n", "    items: []\n")
    assert error_lines(content_copy) == [
        "content/safety.yaml:7:12: red_flags.before.items must list at least one sign"
    ]


def test_missing_file(content_copy: Path) -> None:
    (content_copy / "safety.yaml").unlink()
    assert error_lines(content_copy) == ["content/safety.yaml:1:1: the file is missing"]


def test_no_such_folder(tmp_path: Path) -> None:
    with pytest.raises(ContentErrors) as info:
        load_content(tmp_path / "nope", "nope")
    assert info.value.lines() == ["nope:1:1: no such content folder"]


def test_empty_file(content_copy: Path) -> None:
    put(content_copy, "handout.yaml", "")
    assert error_lines(content_copy) == [
        "content/handout.yaml:1:1: the file is empty; expected a mapping of keys"
    ]


def test_non_mapping_top_level(content_copy: Path) -> None:
    put(content_copy, "handout.yaml", "- title\n- how_to_use\n")
    assert error_lines(content_copy) == [
        "content/handout.yaml:1:1: expected a mapping of keys, got a list"
    ]


def test_invalid_utf8_reports_line_and_col(content_copy: Path) -> None:
    put(content_copy, "handout.yaml", b"how_to_use:\n  - Read it.\ntitle: Caf\xe9 sheet\n")
    assert error_lines(content_copy) == [
        "content/handout.yaml:3:11: the file is not valid UTF-8 (byte 0xe9); save it as UTF-8"
    ]


def test_bom_accepted(content_copy: Path) -> None:
    put(content_copy, "handout.yaml", "\ufeff" + HANDOUT)
    assert load_content(content_copy, "content").title == "Knee sheet"


def test_paths_shown_from_folder(content_copy: Path) -> None:
    put(content_copy, "handout.yaml", "")
    with pytest.raises(ContentErrors) as info:
        load_content(content_copy)
    assert info.value.lines() == [
        f"{content_copy}/handout.yaml:1:1: the file is empty; expected a mapping of keys"
    ]


def test_every_error_reported_once(content_copy: Path, replace_once: Replace) -> None:
    put(content_copy, "handout.yaml", HANDOUT.replace("title: Knee sheet", "title: NO"))
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "reps: 20", "reps: 2.5")
    with pytest.raises(ContentErrors) as info:
        load_content(content_copy, "content")
    expected = [
        "content/handout.yaml:1:8: title must be text, got 'NO', which YAML reads as "
        "true/false; put it in quotes",
        "content/steps/05-massage.yaml:12:13: dose.reps must be a whole number, got '2.5'",
    ]
    assert info.value.lines() == expected
    assert str(info.value) == "\n".join(expected)
    assert [str(e.place) for e in info.value.errors] == [
        "content/handout.yaml:1:8", "content/steps/05-massage.yaml:12:13",
    ]


# -- the clinical fields ----------------------------------------------------------------------


def test_version_and_review_date_load(content: model.Content) -> None:
    assert content.version == "3.3"
    assert content.reviewed == dt.date(2026, 12, 5)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('version: "1.0"', "version: 1.0", "2:10: version must be text, got '1.0', which YAML "
         "reads as a decimal number; put it in quotes"),
        ("reviewed: 2026-01-31", "reviewed: 31/01/2026", "3:11: reviewed must be a date "
         "written YYYY-MM-DD, got '31/01/2026'"),
        ("reviewed: 2026-01-31", "reviewed: 2026-02-30", "3:11: reviewed must be a date "
         "written YYYY-MM-DD, got '2026-02-30'"),
    ],
    ids=["version_number", "reviewed_format", "reviewed_no_such_day"],
)
def test_bad_version_or_review_date(
    content_copy: Path, replace_once: Replace, old: str, new: str, expected: str
) -> None:
    file = put(content_copy, "handout.yaml", HANDOUT)
    replace_once(file, old, new)
    assert error_lines(content_copy) == [f"content/handout.yaml:{expected}"]


def test_days_per_week_at_most_seven(content_copy: Path, replace_once: Replace) -> None:
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "reps: 20", "days_per_week: 8")
    assert error_lines(content_copy) == [
        "content/steps/05-massage.yaml:12:22: dose.days_per_week must be from 1 to 7, got 8"
    ]


def test_info_item_cannot_have_a_dose(content_copy: Path, replace_once: Replace) -> None:
    file = put(content_copy, "steps/05-massage.yaml", MASSAGE)
    replace_once(file, "    purpose: Eases the sore spot.\n    instructions:\n"
                 "      - Press on it.\n", "    text: A gel may help.\n")
    replace_once(file, "type: exercise", "type: info")
    assert error_lines(content_copy) == [
        "content/steps/05-massage.yaml:10:7: the info item 'sore-spot-massage' cannot have "
        "'dose': an information box is never dosed or ticked"
    ]


def test_move_on_needs_a_known_item(content_copy: Path, replace_once: Replace) -> None:
    file = put_stages(content_copy, STAGES)
    replace_once(file, "      - It hurts less.\n",
                 "      - text: It hurts less.\n        needs: sore-spot-massag\n")
    assert error_lines(content_copy) == [
        "content/stages.yaml:11:16: no item has the id 'sore-spot-massag'"
    ]


def test_stage_step_items_must_belong_to_the_step(content_copy: Path,
                                                  replace_once: Replace) -> None:
    file = put_stages(content_copy, STAGES)
    replace_once(file, "      - step: massage\n",
                 "      - step: massage\n        items: [rub]\n")
    assert error_lines(content_copy) == [
        "content/stages.yaml:9:17: the step 'massage' has no item 'rub'; its items: "
        "sore-spot-massage"
    ]


def test_optional_items_must_be_in_the_stage(content_copy: Path,
                                             replace_once: Replace) -> None:
    file = put_stages(content_copy, STAGES)
    replace_once(file, "      - step: massage\n",
                 "      - step: massage\n        optional: [sore-spot-massage, rub]\n")
    assert error_lines(content_copy) == [
        "content/stages.yaml:9:39: the step 'massage' does not include 'rub' in this stage; "
        "its items: sore-spot-massage"
    ]


def test_stage_needs_a_timeline(content_copy: Path, replace_once: Replace) -> None:
    file = put_stages(content_copy, STAGES)
    replace_once(file, "      come_back: Come back if it does not.\n", "")
    assert error_lines(content_copy) == [
        "content/stages.yaml:12:7: timeline is missing the key 'come_back'"
    ]


def test_condition_change_names_known_items_and_stages(content_copy: Path) -> None:
    changes = (
        "    changes:\n"
        "      - item: sore-spot-massag\n"
        "        cautions: [Go gently.]\n"
        "      - item: sore-spot-massage\n"
        "        stages: [acute, later]\n"
        "        instead: rub\n"
    )
    put(content_copy, "steps/04-releases.yaml", RELEASES)
    put(content_copy, "steps/05-massage.yaml", MASSAGE)
    put_stages(content_copy, STAGES)
    put(content_copy, "conditions.yaml", CONDITIONS.replace(
        "    text: A sprain of the inner knee ligament.\n",
        "    text: A sprain of the inner knee ligament.\n" + changes))
    assert error_lines(content_copy) == [
        "content/conditions.yaml:8:15: no item has the id 'sore-spot-massag'",
        "content/conditions.yaml:11:25: no stage has the id 'later'; known stages: acute",
        "content/conditions.yaml:12:18: 'rub' must be a variant item (variant: true) to stand "
        "in for another",
    ]


def test_condition_change_must_change_something(content_copy: Path) -> None:
    put(content_copy, "conditions.yaml", CONDITIONS.replace(
        "    text: A sprain of the inner knee ligament.\n",
        "    text: A sprain of the inner knee ligament.\n"
        "    changes:\n      - item: step-up\n"))
    assert error_lines(content_copy) == [
        "content/conditions.yaml:8:9: a change must give at least one of: instead, cautions, "
        "instructions, progressions"
    ]
