"""The clinical review's points as printed: each read back from the built PDF's text."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildPdf

from kneepdf import model
from kneepdf.check import LONG

STAGES = ["acute", "subacute", "strength", "return", "all"]
CONDITIONS = ["", "osteoarthritis", "meniscus-tear", "mcl-sprain", "pes-anserine",
              "adductor-strain"]
ROOT = Path(__file__).parents[1]

Texts = dict[tuple[str, str], str]


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory, build_pdf: BuildPdf,
          pdf_text: Callable[[Path], list[str]]) -> Texts:
    """Every stage, without and with each condition: the whole text, pages joined."""
    folder = tmp_path_factory.mktemp("review")
    out: Texts = {}
    for stage in STAGES:
        for condition in CONDITIONS:
            args = ["--stage", stage, "--date", "2026-01-15"]
            if condition:
                args += ["--condition", condition]
            result, path = build_pdf(folder, *args, name=f"{stage}-{condition}.pdf")
            assert result.exit_code == 0, result.output
            out[stage, condition] = " ".join(pdf_text(path))
    return out


def first_page(tmp_path: Path, build_pdf: BuildPdf, pdf_text: Callable[[Path], list[str]],
               *args: str) -> str:
    result, path = build_pdf(tmp_path, *args, "--date", "2026-01-15")
    assert result.exit_code == 0, result.output
    return pdf_text(path)[0]


# -- 1. conditions meet every exercise they could meet ----------------------------------------

MCL_TURNS = ("With an inner knee ligament (MCL) sprain, start these only when your physio says "
             "so. Keep your knee over your foot. Start with wide, rounded turns at walking pace.")


@pytest.mark.parametrize("stage", ["return", "all"])
def test_mcl_turning_work_carries_a_caution(texts: Texts, stage: str) -> None:
    mcl, plain = texts[stage, "mcl-sprain"], texts[stage, ""]
    assert mcl.count(MCL_TURNS) == 2  # pivot turns and change of direction
    assert MCL_TURNS not in plain


@pytest.mark.parametrize(("stage", "cautions"), [
    ("strength", ["bend your knee only as far as is comfortable. Add an ankle weight only when "
                  "your physio says so.", "use a higher step only when your physio says so."]),
    ("return", ["keep the bend in your knees small", "With a torn cartilage (meniscus), start "
                "this only when your physio says so.", "use a higher step only when"]),
])
def test_meniscus_cautions_on_deep_bends(texts: Texts, stage: str, cautions: list[str]) -> None:
    for caution in cautions:
        assert caution in texts[stage, "meniscus-tear"], caution
        assert caution not in texts[stage, ""], caution


def test_adductor_strain_squeezes_first_and_rolls_gently(texts: Texts) -> None:
    two = texts["subacute", "adductor-strain"]
    assert "Ball squeeze" in two and "Inner thigh slides" not in two
    assert "With an inner thigh strain, roll gently. Never roll over the sore spot itself." in two
    assert "With an inner thigh strain, start gently." in texts["strength", "adductor-strain"]
    assert "start with small steps" in texts["return", "adductor-strain"]


@pytest.mark.parametrize("stage", ["subacute", "strength", "return"])
def test_osteoarthritis_walking_or_cycling_plan(texts: Texts, stage: str) -> None:
    text = texts[stage, "osteoarthritis"]
    assert "Walk or cycle most days." in text
    assert "Start with 10 minutes. Each week, add 5 minutes, up to 30 minutes." in text
    assert "Walk or cycle most days" not in texts[stage, ""]


def test_osteoarthritis_bed_or_floor(texts: Texts) -> None:
    text = texts["subacute", "osteoarthritis"]
    assert text.count("With knee osteoarthritis, if getting down to the floor is hard") == 4
    assert "Lie on your back on your bed or the floor." in text


# -- 5. red flags say where to go and how fast -------------------------------------------------

FLAG_LINES = [
    "Is one of these new since your physio saw you? See your doctor or physio before you "
    "start:",
    "pain at night or all the time that gets worse", "you have had cancer",
    "numbness or tingling in your leg or foot",
    "your knee is hot, red and swollen, or you have a fever",
    "your calf is newly painful, swollen, warm or red",
    "your calf is sore or swollen, and you have chest pain or are short of breath",
]


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("stage", STAGES)
def test_red_flags_fit_page_1_in_large_print_with_long_details(
        tmp_path: Path, build_pdf: BuildPdf, pdf_text: Callable[[Path], list[str]],
        stage: str, paper: str) -> None:
    assert len(LONG) == 80
    page = first_page(tmp_path, build_pdf, pdf_text, "--stage", stage, "--style",
                      "large-print", "--paper", paper, "--patient", LONG, "--clinician", LONG,
                      "--clinic", LONG, "--contact", LONG)
    for line in [*FLAG_LINES, "Stop and call your doctor or urgent care today if:",
                 "Call an ambulance now if:"]:
        assert line in page, line


def test_style_numbers_print_in_the_red_flags(
        tmp_path: Path, build_pdf: BuildPdf, pdf_text: Callable[[Path], list[str]]) -> None:
    style = tmp_path / "clinic.yaml"
    style.write_text("name: clinic\nparent: large-print\nclinic:\n  urgent: NHS 111\n"
                     '  emergency: "999"\n', encoding="utf-8")
    page = first_page(tmp_path, build_pdf, pdf_text, "--stage", "return", "--style",
                      str(style), "--patient", LONG, "--clinician", LONG, "--clinic", LONG,
                      "--contact", LONG, "--paper", "letter")
    assert "Stop and call NHS 111 today if:" in page
    assert "Call 999 now if:" in page
    assert "urgent care" not in page and "ambulance" not in page


@pytest.mark.parametrize(("value", "problem"), [
    ("a number to call for help today, any time", "must be at most 30 characters, got 41"),
    ("the urgent line", "must hold the number to call, e.g. '111', got 'the urgent line'"),
    ("{111}", "must be one line without braces, e.g. '111'"),
])
def test_style_numbers_are_checked(tmp_path: Path, build_pdf: BuildPdf, value: str,
                                   problem: str) -> None:
    style = tmp_path / "clinic.yaml"
    style.write_text(f'name: clinic\nparent: default\nclinic:\n  urgent: "{value}"\n',
                     encoding="utf-8")
    result, path = build_pdf(tmp_path, "--stage", "1", "--style", str(style))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {style}:4:11: clinic.urgent {problem}\n"
    assert not path.exists()


# -- 6. stage 1 complete ------------------------------------------------------------------------


def test_stage_1_complete(texts: Texts) -> None:
    one = texts["acute", ""]
    for words in (
        "Thigh tightening", "Sit or lie on your bed or the floor with your sore leg straight.",
        "Straight-leg raise: keep your thigh tight and lift your straight leg",
        "Lie on your back on your bed or the floor.",
        "Your physio will tell you how much weight to put on the leg.",
        "Move both crutches and your sore leg forwards together.",
        "Then step through with your other leg.",
        "With one crutch or a stick, hold it in the hand away from your sore knee.",
        "Raise your leg.", "Your foot should be higher than your hip.",
        "Check your skin after 5 minutes.",
        "Do not use ice on skin that feels numb, or if you have poor blood flow in your legs.",
    ):
        assert words in one, words


# -- 7. stage 4 keeps what holds the knee -----------------------------------------------------


def test_stage_4_keeps_hip_and_calf_strength(texts: Texts) -> None:
    four = texts["return", ""]
    for name in ("Bridge", "Clamshell", "Heel raises", "Do it on your sore leg alone."):
        assert name in four, name
    assert ("Push your hips back and squat down only as low as is comfortable. At first, stop "
            "when your thighs are level with the floor.") in four
    assert "as low as you can" not in four


def test_walk_jog_plan_prints_as_a_table(texts: Texts, content: model.Content) -> None:
    four = texts["return", ""]
    head, *weeks = content.item("jog-or-run").table
    assert " ".join(head) in four
    for row in weeks:
        assert " ".join(row) in four, row


# -- 8. no contradictions, no dangling references ---------------------------------------------

# Sentences that must never share a handout (each pair once said opposite things).
NEVER_TOGETHER = [
    (r"settle within a week", r"not settled after 3 days"),
    (r"strength and balance exercises on the other days", r"every day|once a day"),
    (r"Do the exercises once a day", r"times a day"),
    (r"Walk a little less for now", r"Walk or cycle most days|[Ww]alking or cycling most"),
]
# Sentences that are wrong in any handout.
NEVER = [r"traffic light above", r"[a-z] \(stage \d\) (help|make)", r"Then keep going",
         r"you can make it harder"]


def reference_names(content: model.Content) -> list[tuple[re.Pattern[str], str]]:
    """Each exercise's name as the text refers to it (lower case, maybe plural), with the
    name its block prints under."""
    out = []
    for step in content.steps:
        for item in step.items:
            if item.is_exercise:
                words = re.sub(r"\s*\(.*\)", "", item.name).lower()
                out.append((re.compile(rf"\b{re.escape(words)}s?\b"), item.name))
    return out


def test_every_exercise_named_in_the_text_is_printed(texts: Texts,
                                                     content: model.Content) -> None:
    names = reference_names(content)
    assert len(names) >= 30
    checked = 0
    for (stage, condition), text in texts.items():
        for pattern, name in names:
            if pattern.search(text):
                checked += 1
                assert name in text, f"{stage} {condition}: names '{name}' but does not print it"
    assert checked > 50  # the step down, side lunges, heel raises, the bridge ...


def test_no_contradicting_sentences(texts: Texts, tmp_path: Path, build_pdf: BuildPdf,
                                    pdf_text: Callable[[Path], list[str]]) -> None:
    result, path = build_pdf(tmp_path, "--preset", str(ROOT / "examples" /
                                                      "preset-mcl-subacute.yaml"))
    assert result.exit_code == 0, result.output
    every = {**texts, ("preset", ""): " ".join(pdf_text(path))}
    for key, text in every.items():
        for a, b in NEVER_TOGETHER:
            assert not (re.search(a, text) and re.search(b, text)), (key, a, b)
        for wrong in NEVER:
            assert not re.search(wrong, text), (key, wrong)


def test_move_on_lines_are_things_to_tick(content: model.Content) -> None:
    for stage in content.stages:
        for line in stage.move_on:
            assert not line.text.startswith(("Then", "Keep")), (stage.id, line.text)


# -- 9. the complete programme is safe to hand over unmarked ----------------------------------


def test_all_marks_high_load_rows_and_has_its_own_first_line(texts: Texts,
                                                             content: model.Content) -> None:
    text = texts["all", ""]
    label = "Stage 4 only, when your physio says so"
    high = [item for step in content.steps for item in step.items if item.high_load]
    # The programme table and the tracker (in each band of weeks) mark every high-load
    # exercise, and nothing else.
    assert text.count(label) - text.count(f"({label})") == len(high)
    for item in high:
        assert f"{item.name} ({label})" in text, item.id
    marked = text.count(f"({label})")  # once in each band of the tracker
    assert marked >= len(high) and marked % len(high) == 0
    assert ("How to use this sheet \u2022 This sheet has every stage. Do only the parts your "
            "physio picks. Do stage 4 work only when your physio says so.") in text
    assert "Your physio has picked the parts that suit you now." not in text
    for stage in ("acute", "subacute", "strength", "return"):
        assert label not in texts[stage, ""]
        assert "Your physio has picked the parts that suit you now." in texts[stage, ""]


# -- 10. the version, the change log and the additions ----------------------------------------


def test_version_log_and_additions_documented(texts: Texts, content: model.Content) -> None:
    assert f"Content version {content.version}," in texts["acute", ""]
    log = (ROOT / "docs" / "CHANGELOG-content.md").read_text(encoding="utf-8")
    assert f"\n## {content.version} " in log
    guide = (ROOT / "docs" / "content.md").read_text(encoding="utf-8")
    for step in content.steps:
        for item in step.items:
            if item.addition:
                assert f"`{item.id}`" in guide, item.id
