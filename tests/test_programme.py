"""A programme a patient can do: the core and optional exercises, how long a session takes,
the tracker's targets and the truth of page 1."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kneepdf import model
from kneepdf.dose import Dose
from kneepdf.errors import Place
from kneepdf.select.selection import find_stage, optional_items, select
from kneepdf.session import seconds, session_text

Run = Callable[..., Result]
DATE = "2026-03-01"
DETAILS = model.PatientDetails(date=dt.date(2026, 3, 1))
NUMBERED = ("acute", "subacute", "strength", "return")


def _item(item_id: str, **dose: object) -> model.Item:
    return model.Item(id=item_id, kind="exercise", name=item_id.title(),
                      place=Place("x.yaml", 1, 1), dose=Dose(**dose))  # type: ignore[arg-type]


# -- how long a session takes -------------------------------------------------------------------


def test_session_seconds_count_sets_repeats_holds_and_rests() -> None:
    # 2 sets of 20 with a 5-second hold: 2 * 20 * (3 + 5) + one rest of 30 + 30 to get ready
    assert seconds(Dose(sets=(2, 2), reps=(20, 20), hold_seconds=(5, 5))) == 30 + 320 + 30
    assert seconds(Dose(minutes=(2, 2))) == 30 + 120
    assert seconds(Dose(reps=(10, 10), side="each")) == 30 + 2 * 30  # each leg in turn
    assert seconds(Dose(sets=(2, 3), reps=(20, 20))) == 30 + 2.5 * 60 + 1.5 * 30  # ranges: mean


def test_session_text_daily_weekly_and_activities() -> None:
    daily = [_item("a", minutes=(9, 9), times_per_day=(1, 1)),
             _item("b", minutes=(9, 9), times_per_day=(1, 1))]
    assert session_text(daily) == "About 20 minutes, once a day."
    twice = [_item("a", minutes=(8, 8), times_per_day=(2, 2))]
    assert session_text(twice) == "About 10 minutes, 2 times a day."
    mixed = [_item("a", minutes=(5, 5), times_per_day=(1, 1)),
             _item("b", minutes=(9, 9), days_per_week=(3, 3)),
             _item("c", minutes=(1, 1), times_per_day=(2, 3))]
    assert session_text(mixed) == ("About 15 minutes on 3 days a week, and about 5 minutes on "
                                   "the other days. Some exercises are done more often: see "
                                   "each one.")
    # Once: stage 1 said "once a day" where its exercises were 2 to 3 and 1 to 2 times a day.
    acute = [_item("a", minutes=(4, 4), times_per_day=(2, 3)),
             _item("b", minutes=(4, 4), times_per_day=(1, 2))]
    assert session_text(acute) == "About 10 minutes, 1 to 3 times a day."
    jog = [*daily, _item("jog", minutes=(20, 20), days_per_week=(3, 3))]
    assert session_text(jog) == ("About 20 minutes, once a day. Jog: 20 minutes, 3 days a "
                                 "week, as well.")
    assert session_text([]) == ""


def test_session_text_weekly_exercises_on_different_days() -> None:
    """The session's days are those of the weekly exercises that take longest; weekly work
    on more days adds to the other days, on fewer days fits within; weekly work too short
    to change the minutes is not said as a second session ("20 minutes ... and about 20
    minutes on the other days")."""
    daily = _item("a", minutes=(4, 4), times_per_day=(1, 1))
    long = [_item(n, minutes=(7, 7), days_per_week=(3, 3)) for n in "bd"]
    more = _item("c", minutes=(4, 4), days_per_week=(5, 5))
    assert session_text([daily, *long, more]) == (
        "About 25 minutes on 3 days a week, and about 5 to 10 minutes on the other days.")
    fewer = _item("c", minutes=(4, 4), days_per_week=(1, 1))
    assert session_text([daily, *long, fewer]) == (
        "About 25 minutes on 3 days a week, and about 5 minutes on the other days.")
    assert session_text([*long, more]) == (
        "About 20 minutes on 3 days a week, and about 5 minutes on the other days.")
    short = _item("s", minutes=(1, 1), days_per_week=(5, 5))
    most = [_item(n, minutes=(9, 9), times_per_day=(1, 1)) for n in "mn"]
    assert session_text([*most, short]) == (
        "About 20 minutes, once a day. Some exercises are done on some days only: see each "
        "one.")
    twice = _item("t", minutes=(1, 1), times_per_day=(2, 2))
    assert session_text([*most, short, twice]).endswith(
        "Some exercises are done more often or on some days only: see each one.")


def test_session_text_how_often_and_activities_alone() -> None:
    """Most done more than once a day: the span, with weekly work said (it was dropped);
    a walk-jog alone is said without "as well"; a release dosed 15 minutes is part of the
    session, not an activity of its own."""
    acute = [_item("a", minutes=(4, 4), times_per_day=(2, 3)),
             _item("b", minutes=(4, 4), times_per_day=(1, 2), days_per_week=(2, 2))]
    assert session_text(acute) == ("About 10 minutes, 1 to 3 times a day. Some exercises are "
                                   "done on some days only: see each one.")
    # Once: one exercise "every day" turned stage 1 into "once a day".
    plus = [*acute[:1], _item("c", minutes=(2, 2), times_per_day=(2, 3)),
            _item("d", minutes=(2, 2), days_per_week=(7, 7))]
    assert session_text(plus) == "About 10 minutes, 1 to 3 times a day."
    jog = _item("jog", minutes=(20, 25), days_per_week=(3, 3))
    assert session_text([jog]) == "Jog: 20 to 25 minutes, 3 days a week."
    release = _item("r", minutes=(15, 15), times_per_day=(1, 1), side="sore")
    assert session_text([release]) == "About 15 minutes, once a day."
    fewer = [_item(n, minutes=(4, 4), days_per_week=(3, 3)) for n in "ab"]
    assert session_text(fewer) == "About 10 minutes on 3 days a week."  # no comma


def test_a_changed_dose_changes_the_session_line(
        build_pdf: Callable[..., tuple[Result, Path]], pdf_text: Callable[[Path], list[str]],
        tmp_path: Path) -> None:
    """Bridges on 5 days a week make the other days longer, not the session's days 3 to 5."""
    result, path = build_pdf(tmp_path, "--stage", "strength", "--date", DATE,
                             "--dose", "bridge=week:5")
    assert result.exit_code == 0, result.output
    first = " ".join(pdf_text(path)[0].split())
    assert ("About 20 minutes on 3 days a week, and about 5 to 10 minutes on the other days."
            in first)


@pytest.mark.parametrize("stage", NUMBERED)
def test_page_one_says_how_long_and_how_often(
        build_pdf: Callable[..., tuple[Result, Path]], pdf_text: Callable[[Path], list[str]],
        tmp_path: Path, content: model.Content, stage: str) -> None:
    result, path = build_pdf(tmp_path, "--stage", stage, "--date", DATE)
    assert result.exit_code == 0, result.output
    handout = select(content, find_stage(content, stage), DETAILS)
    said = session_text(handout.exercises)
    first = " ".join(pdf_text(path)[0].split())  # page 1 itself
    assert said.startswith("About ") and said in first
    count = len(handout.exercises)
    second = " ".join(pdf_text(path)[1].split())
    assert f"The {count} exercises on this sheet, how much of each and how often." in second
    assert said not in second  # said once
    minutes = int(re.match(r"About (\d+) minutes", said).group(1))  # type: ignore[union-attr]
    assert 5 <= minutes <= 25  # about 20 minutes a session (stage 1 is short)


def test_the_complete_programme_says_who_picks_not_a_session_time(
        build_pdf: Callable[..., tuple[Result, Path]], pdf_text: Callable[[Path], list[str]],
        tmp_path: Path) -> None:
    """Every stage's exercises in one session would be over an hour: `all` says none."""
    result, path = build_pdf(tmp_path, "--stage", "all", "--date", DATE)
    assert result.exit_code == 0, result.output
    texts = [" ".join(page.split()) for page in pdf_text(path)]
    assert "Your physio will tell you which parts to do now." in texts[0]  # the goal
    said = "Your physio will tell you which of them to do, and when."
    assert said not in texts[0]  # said once, in "Your programme"
    assert sum(said in text for text in texts) == 1
    assert all(re.search(r"About \d+ minutes", text) is None for text in texts)


def test_session_time_moves_to_the_programme_only_when_page_one_is_full(
        content: model.Content) -> None:
    """With the longest details in large print on Letter, page 1 has no room for the
    session time: "Your programme" says it instead, so it is never lost."""
    from dataclasses import replace

    from kneepdf.check import LONG
    from kneepdf.layout.fonts import font_set
    from kneepdf.layout.kit import Kit
    from kneepdf.layout.page_one import page_one, programme, session
    from kneepdf.load.styles import load_theme

    def text(flowables: list[object]) -> str:
        return " ".join(str(getattr(f, "getPlainText", lambda: "")()) for f in flowables)

    for style, paper, details, here in (
            ("default", "a4", DETAILS, True), ("large-print", "a4", DETAILS, True),
            ("large-print", "letter", DETAILS._replace(patient=LONG, clinician=LONG,
                                                        clinic=LONG, contact=LONG), False)):
        theme = replace(load_theme(style), paper=paper)
        handout = select(content, find_stage(content, "return"), details)
        kit = Kit(handout, theme, font_set())
        top, moved = page_one(kit)
        said = session(kit)
        assert said.startswith("About ")
        assert moved == ("" if here else said)
        assert (said in text(top)) is here
        head = programme(kit, (), moved)[0].blocks[0][1][1]  # type: ignore[attr-defined]
        assert (said in head.getPlainText()) is not here


def test_session_time_follows_add_drop_and_dose(content: model.Content) -> None:
    stage = find_stage(content, "subacute")

    def said(**choices: object) -> str:
        handout = select(content, stage, DETAILS, model.Choices(**choices))  # type: ignore[arg-type]
        return session_text(handout.exercises)

    plain = said()
    assert plain.startswith("About 20 minutes, once a day.")
    more = said(add=("standing-knee-bends", "release-calf", "release-shin", "foot-turns-band"))
    assert more.startswith("About 30 minutes")
    assert said(drop=("knee-straightening", "inner-thigh-slides")).startswith("About 10 minutes")
    doses = (("knee-straightening", Dose(sets=(5, 5))),)
    assert said(doses=doses).startswith("About 30 minutes")


# -- core and optional exercises ----------------------------------------------------------------


@pytest.mark.parametrize("stage", NUMBERED)
def test_exercises_lists_the_core_then_the_optional(
        kneepdf: Run, content: model.Content, stage: str) -> None:
    out = kneepdf("exercises", "--stage", stage).stdout
    core, _, extra = out.partition("optional: print any of these with --add ID\n")
    listed = [line.split()[0] for line in core.splitlines() if line.startswith("  ")]
    handout = select(content, find_stage(content, stage), DETAILS)
    assert listed == [i.id for i in handout.items]
    assert sum(1 for i in handout.items if i.is_exercise) <= 8
    optional = [line.split()[0] for line in extra.splitlines()]
    assert optional == [i.id for _, i in optional_items(content, find_stage(content, stage))]
    assert all("(from: " in line for line in extra.splitlines())


def test_add_prints_an_optional_exercise(
        build_pdf: Callable[..., tuple[Result, Path]], pdf_text: Callable[[Path], list[str]],
        tmp_path: Path) -> None:
    result, path = build_pdf(tmp_path, "--stage", "subacute", "--date", DATE, name="a.pdf")
    assert result.exit_code == 0, result.output
    assert "Calf release" not in " ".join(pdf_text(path))
    result, path = build_pdf(tmp_path, "--stage", "subacute", "--date", DATE,
                             "--add", "release-calf", name="b.pdf")
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(path))
    assert "Calf release" in text and "The 8 exercises on this sheet" in text


def test_a_preset_and_a_batch_row_add_optional_exercises(
        kneepdf: Run, tmp_path: Path, pdf_text: Callable[[Path], list[str]]) -> None:
    preset = tmp_path / "p.yaml"
    preset.write_text("stage: strength\nadd: [heel-raises]\n", encoding="utf-8")
    out = tmp_path / "p.pdf"
    assert kneepdf("build", "--preset", str(preset), "--date", DATE, "-o", str(out)
                   ).exit_code == 0
    assert "Heel raises" in " ".join(pdf_text(out))
    sheet = tmp_path / "rows.csv"
    sheet.write_text(f"stage,date,add,file\nreturn,{DATE},pivot-turns,r\n", encoding="utf-8")
    folder = tmp_path / "out"
    result = kneepdf("batch", str(sheet), "--out-dir", str(folder))
    assert result.exit_code == 0, result.output
    assert "Pivot turns" in " ".join(pdf_text(folder / "r.pdf"))


def test_the_web_form_offers_the_optional_exercises(content: model.Content) -> None:
    from kneepdf.web.fields import extra_cards, optional_cards, stage_cards

    class Posted:
        def __init__(self) -> None:
            self.add, self.drop, self.doses = ["release-calf"], [], {}

    stage = find_stage(content, "subacute")
    optional = optional_cards(content, stage, Posted())  # type: ignore[arg-type]
    assert [c.item.id for c in optional] == [i.id for _, i in optional_items(content, stage)]
    assert [c.item.id for c in optional if c.checked] == ["release-calf"]
    others = {c.item.id for c in (*stage_cards(content, stage, Posted()),  # type: ignore[arg-type]
                                  *extra_cards(content, stage, Posted()))}  # type: ignore[arg-type]
    assert not others & {c.item.id for c in optional}


def test_the_complete_programme_prints_every_optional_exercise(content: model.Content) -> None:
    every = {i.id for i in select(content, find_stage(content, "all"), DETAILS).items}
    for stage in NUMBERED:
        assert {i.id for _, i in optional_items(content, find_stage(content, stage))} <= every
    assert optional_items(content, find_stage(content, "all")) == []


# -- the tracker and the exercise blocks --------------------------------------------------------


def test_tracker_shows_each_target_and_room_for_a_written_10(content: model.Content) -> None:
    from kneepdf.layout.fonts import font_set
    from kneepdf.layout.kit import Kit
    from kneepdf.layout.tracker import PAIN_HEIGHT, TrackerBand, tracker
    from kneepdf.load.styles import MM, load_theme

    handout = select(content, find_stage(content, "strength"), DETAILS)
    for style in ("default", "large-print"):
        (group,) = tracker(Kit(handout, load_theme(style), font_set()), 4)
        bands = [f for f in group.flowables() if isinstance(f, TrackerBand)]
        rows = [p.getPlainText() for p in bands[0].names]
        assert "Step up: 3 days a week" in rows
        assert "Standing on one leg: every day" in rows
        # A pain cell is at least 6 mm wide and 8 mm tall: "10" written with a pen fits.
        assert bands[0].box >= 6 * MM - 0.01
        assert bands[0].box * PAIN_HEIGHT >= 8 * MM
    intro = [p.getPlainText() for p in group.flowables()[1:2]]
    assert "3 days a week is 3 ticks a week, not 7" in intro[0]
    # Once: stage 1, where every exercise is done daily, gave the 3-days-a-week example.
    acute = select(content, find_stage(content, "acute"), DETAILS)
    (group,) = tracker(Kit(acute, load_theme("default"), font_set()), 4)
    intro = [p.getPlainText() for p in group.flowables()[1:2]]
    assert intro[0].startswith("Tick the day's box when you have done an exercise as often as "
                               "it says beside its name. At the end of each day")
    # Once: "for 7 to 10 days" was on the dose line but not in the tracker.
    dosed = select(content, find_stage(content, "strength"), DETAILS, model.Choices(
        doses=(("step-up", Dose(days=(7, 10))),)))
    (group,) = tracker(Kit(dosed, load_theme("default"), font_set()), 4)
    bands = [f for f in group.flowables() if isinstance(f, TrackerBand)]
    assert "Step up: 3 days a week, for 7 to 10 days" in [p.getPlainText() for p in bands[0].names]


def test_no_single_session_boxes_on_the_exercises(content: model.Content) -> None:
    """The tracker has a box for each day; an exercise block has none of its own."""
    from kneepdf.layout.doseline import DoseLine
    from kneepdf.layout.fonts import font_set
    from kneepdf.layout.story import item_blocks
    from kneepdf.load.styles import load_theme

    handout = select(content, find_stage(content, "subacute"), DETAILS)
    found = []
    for _, blocks in item_blocks(handout, load_theme("default"), font_set()):
        stack = [f for block in blocks for f in block]
        while stack:
            f = stack.pop()
            stack += getattr(f, "left", []) + getattr(f, "flowables", [])
            if isinstance(f, DoseLine):
                found.append(f.boxes)
    assert found and set(found) == {0}


@pytest.mark.parametrize("style", ["default", "large-print"])
def test_thumbnails_never_draw_outside_their_box(content: model.Content, style: str) -> None:
    import io

    import pypdfium2 as pdfium
    from PIL import ImageOps
    from reportlab.pdfgen.canvas import Canvas

    from kneepdf.layout.fonts import font_set
    from kneepdf.layout.kit import Kit
    from kneepdf.layout.page_one import thumb_of
    from kneepdf.load.styles import load_theme

    handout = select(content, find_stage(content, "all"), DETAILS,
                     model.Choices(add=("ball-squeeze",)))
    kit = Kit(handout, load_theme(style), font_set())
    pad, scale = 20, 4
    outside = []
    for item in handout.exercises:
        thumb = thumb_of(kit, item)
        assert not isinstance(thumb, str)
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=(thumb.width + 2 * pad, thumb.height + 2 * pad))
        thumb.drawOn(canvas, pad, pad)
        canvas.save()
        image = pdfium.PdfDocument(buffer.getvalue())[0].render(scale=scale).to_pil()
        ink = ImageOps.invert(image.convert("L")).point(lambda v: 255 if v > 12 else 0)
        left, top, right, bottom = ink.getbbox()
        w, h = image.size
        if min(left, top, w - right, h - bottom) < pad * scale - 1:
            outside.append(item.id)
    assert outside == []


def test_page_one_dose_reads_hold_never_times_seconds(
        build_pdf: Callable[..., tuple[Result, Path]], pdf_text: Callable[[Path], list[str]],
        tmp_path: Path) -> None:
    result, path = build_pdf(tmp_path, "--stage", "subacute", "--date", DATE)
    assert result.exit_code == 0, result.output
    front = " ".join(" ".join(pdf_text(path)[:2]).split())
    assert "2 sets of 20, hold 5 seconds" in front
    assert not re.search(r"\d+ times, \d+ seconds", front)
