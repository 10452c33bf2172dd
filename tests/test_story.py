"""story: a Handout as flowables, checked as a flat list of (kind, text) in reading order."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from reportlab.platypus import Flowable, Paragraph, Table

from kneepdf import model
from kneepdf.dose import Dose, side_words
from kneepdf.layout.doseline import DoseLine
from kneepdf.layout.flowables import Beside, BulletList, Checklist, Column, WarningBox
from kneepdf.layout.fonts import FontSet, font_set, fonts_for
from kneepdf.layout.groups import Packed
from kneepdf.layout.kit import dose_columns
from kneepdf.layout.markup import rich
from kneepdf.layout.story import parts
from kneepdf.layout.tracker import TrackerBand
from kneepdf.load.styles import load_theme
from kneepdf.select.selection import find_stage, select
from kneepdf.theme import Theme

STAGES = ["acute", "subacute", "strength", "return", "all"]
DETAILS = model.PatientDetails(
    date=dt.date(2026, 1, 15), patient="Zofia Testperson", clinician="J. Okafor",
    clinic="Riverside Physio",
)
Flat = list[tuple[str, str]]


def build_story(handout: model.Handout, theme: Theme, fonts: FontSet) -> list[Flowable]:
    """The handout's flowables, in order: its parts one after another."""
    return [f for _, flowables in parts(handout, theme, fonts) for f in flowables]


def walk(flowables: list[Flowable] | tuple[Flowable, ...]) -> Iterator[tuple[str, object]]:
    """Every flowable in reading order, nested ones included; boxes are marked begin/end."""
    for f in flowables:
        if isinstance(f, WarningBox):
            yield "warning", f
            yield from walk(f.content)
            yield "end-warning", f
        elif isinstance(f, Checklist):
            for row in f.rows:
                yield "tick", f
                yield from walk(row)
        elif isinstance(f, Table):
            for row in f._cellvalues:
                for cell in row:
                    if isinstance(cell, list | tuple):
                        yield from walk(cell)
                    elif isinstance(cell, Flowable):
                        yield from walk([cell])
                    elif isinstance(cell, str) and cell:
                        yield "para", cell
        elif hasattr(f, "_content"):  # KeepTogether, KeepInFrame ...
            yield from walk(f._content)
        elif isinstance(f, Packed):
            yield from walk(f.flowables())
        elif isinstance(f, TrackerBand):
            yield from walk(f.texts())
        elif isinstance(f, Beside):
            yield from walk(f.left)
            if isinstance(f.picture, Column):  # words under the picture come after it
                yield "picture", f.picture.flowables[0]
                yield from walk(f.picture.flowables[1:])
            else:
                yield "picture", f.picture
        elif isinstance(f, BulletList):
            yield from walk(f.items)
        elif hasattr(f, "_flowables"):  # ListFlowable, ListItem
            yield from walk(f._flowables)
        else:
            yield "flowable", f


def flatten(story: list[Flowable]) -> Flat:
    """[(kind, text)]: para, dose, reps, tick, warning, end-warning."""
    out: Flat = []
    for kind, f in walk(story):
        if kind == "flowable":
            if isinstance(f, Paragraph):
                text = f.getPlainText()
                if text.strip():
                    out.append(("para", text))
            elif isinstance(f, DoseLine):
                out.append(("dose", f.text))
                out.append(("reps", f"{f.lead} {f.boxes}"))
        elif kind in ("warning", "end-warning", "tick", "picture"):
            out.append((kind, ""))
        else:
            out.append((kind, str(f)))
    return out


def paras(flat: Flat) -> list[str]:
    return [text for kind, text in flat if kind == "para"]


def dose_text(dose: Dose) -> str:
    line = dose.line()
    return " \u00b7 ".join([line[0][:1].upper() + line[0][1:], *line[1:]]) if line else ""


@pytest.fixture(scope="module")
def theme() -> Theme:
    return load_theme("default")


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return font_set()


@pytest.fixture(scope="module")
def stories(content: model.Content, theme: Theme, fonts: FontSet) -> dict[str, tuple[
        model.Handout, Flat]]:
    """Each stage's story, flattened, without the programme table and the tracker (their
    own tests follow)."""
    out = {}
    for stage in STAGES:
        handout = select(content, find_stage(content, stage), DETAILS)
        story = [f for name, part in parts(handout, theme, fonts)
                 if name not in ("programme", "tracker") for f in part]
        out[stage] = (handout, flatten(story))
    return out


@pytest.mark.parametrize("stage", STAGES)
def test_programme_lists_every_exercise_with_its_dose(
    content: model.Content, theme: Theme, fonts: FontSet, stage: str
) -> None:
    handout = select(content, find_stage(content, stage), DETAILS)
    table = dict(parts(handout, theme, fonts))["programme"]
    texts = paras(flatten(table))
    assert texts[0] == "Your programme"
    exercises = [i for i in handout.items if i.is_exercise]
    cells = texts[2:2 + len(exercises)]
    assert texts[2 + len(exercises)] == "Notes from your clinician"  # they go with the table
    assert [c.split("\n")[0] for c in cells] == [i.name for i in exercises] or all(
        c.startswith(i.name) for c, i in zip(cells, exercises, strict=True))
    for cell, item in zip(cells, exercises, strict=True):
        much, often = dose_columns(item.dose)
        assert much in cell and often in cell, item.id
        # As the dose line reads it: "2 sets of 20, hold 5 seconds", never "20 times, 5
        # seconds".
        assert [p for p in item.dose.line() if p not in (
            side_words(item.dose.side) if item.dose.side else "",)] == [
            p for p in item.dose.line() if p in cell], item.id
        if item.dose.hold_seconds is not None:
            assert "hold " in cell and not re.search(r"times, \d+ seconds", cell), cell


@pytest.mark.parametrize("weeks", [1, 4, 5, 12])
def test_tracker_has_every_week_and_exercise(
    content: model.Content, theme: Theme, fonts: FontSet, weeks: int
) -> None:
    handout = select(content, find_stage(content, "strength"), DETAILS)._replace(weeks=weeks)
    texts = paras(flatten(dict(parts(handout, theme, fonts))["tracker"]))
    assert texts[0] == "My tracker"
    assert [t for t in texts if t.startswith("Week ")] == [f"Week {n}" for n in
                                                           range(1, weeks + 1)]
    bands = texts.count("Pain score 0 to 10")
    assert texts.count("M") == weeks  # each week's days are labelled once, Monday first
    for item in handout.items:
        if item.is_exercise:  # the name, then the target: "Step up: 3 days a week"
            row = f"{item.name}: {item.dose.how_often()}"
            assert texts.count(row) == bands, item.id


def test_whole_story_is_the_parts(content: model.Content, theme: Theme, fonts: FontSet) -> None:
    handout = select(content, find_stage(content, "subacute"), DETAILS)
    whole = flatten(build_story(handout, theme, fonts))
    joined = flatten([f for _, part in parts(handout, theme, fonts) for f in part])
    assert whole == joined
    assert ("para", "Your programme") in whole


def exercise_segments(handout: model.Handout, flat: Flat) -> dict[str, Flat]:
    """Each exercise's entries: from its name to the next exercise's name."""
    names = {item.name: item.id for item in handout.items if item.is_exercise}
    starts = [(i, names[text]) for i, (kind, text) in enumerate(flat)
              if kind == "para" and text in names]
    assert len(starts) == len(names), "each exercise name appears once"
    bounds = [i for i, _ in starts[1:]] + [len(flat)]
    return {item_id: flat[i:end] for (i, item_id), end in zip(starts, bounds, strict=True)}


# -- the start of the handout -----------------------------------------------------------------


@pytest.mark.parametrize("stage", STAGES)
def test_header_first(stories: dict[str, tuple[model.Handout, Flat]], stage: str) -> None:
    handout, flat = stories[stage]
    texts = paras(flat)
    assert texts[0] == handout.title
    assert any(handout.stage.name in text for text in texts[:3])
    head = texts[: texts.index(handout.safety.red_flag_title)]
    assert handout.stage.goal in head
    for value in ("Zofia Testperson", "J. Okafor", "Riverside Physio", "15 Jan"):
        assert any(value in text for text in head), value


@pytest.mark.parametrize("stage", ["acute", "all"])
def test_stage_line(stories: dict[str, tuple[model.Handout, Flat]], stage: str) -> None:
    handout, flat = stories[stage]
    line = paras(flat)[1]
    assert handout.stage.name in line
    if stage == "acute":
        assert "Stage 1 of 4" in line
    else:
        assert "Stage" not in line.replace("stages", "")


@pytest.mark.parametrize("stage", STAGES)
def test_red_flags_in_first_warning_box(
    stories: dict[str, tuple[model.Handout, Flat]], stage: str
) -> None:
    handout, flat = stories[stage]
    start = flat.index(("warning", ""))
    end = flat.index(("end-warning", ""))
    box = paras(flat[start:end])
    safety = handout.safety
    assert box == [safety.red_flag_title, *(line for part in safety.flag_parts()
                                            for line in (part.intro + ":", *part.items))]
    # Only the header comes before it: it is ahead of "How to use this sheet" and every step.
    assert start < flat.index(("para", "How to use this sheet"))
    first_step = handout.steps[0].step.title
    assert start < min(i for i, (_, text) in enumerate(flat) if first_step in text)


# -- steps and items --------------------------------------------------------------------------


@pytest.mark.parametrize("stage", STAGES)
def test_step_headings_in_order(
    stories: dict[str, tuple[model.Handout, Flat]], stage: str
) -> None:
    handout, flat = stories[stage]
    texts = paras(flat)
    where = []
    for hs in handout.steps:
        # The complete programme names each step's stages: "6. Gentle strengthening
        # (stages 2, 3 and 4)".
        heading = re.compile(
            rf"(\d+\.\s*)?{re.escape(hs.step.title)}( \(stages? [\d, and]+\))?")
        found = [i for i, text in enumerate(texts) if heading.fullmatch(text)]
        assert len(found) == 1, hs.step.title
        where.append(found[0])
    assert where == sorted(where)


@pytest.mark.parametrize("stage", STAGES)
def test_every_exercise_with_its_dose(
    stories: dict[str, tuple[model.Handout, Flat]], stage: str
) -> None:
    handout, flat = stories[stage]
    names = {item.name for item in handout.items if item.is_exercise}
    seen = [(kind, text) for kind, text in flat
            if kind == "dose" or (kind == "para" and text in names)]
    expected: Flat = []
    for item in handout.items:
        if item.is_exercise:
            expected.append(("para", item.name))
            if not item.dose.is_empty():
                expected.append(("dose", dose_text(item.dose)))
    assert seen == expected
    assert len(expected) > 2


@pytest.mark.parametrize("stage", STAGES)
def test_every_exercise_has_instructions_and_tick_boxes(
    stories: dict[str, tuple[model.Handout, Flat]], stage: str
) -> None:
    handout, flat = stories[stage]
    segments = exercise_segments(handout, flat)
    for item in handout.items:
        if not item.is_exercise:
            continue
        segment = segments[item.id]
        texts = paras(segment)
        assert item.purpose in texts
        for line in item.instructions:
            assert line in texts, (item.id, line)
        assert [kind for kind, _ in segment].count("reps") >= 1, item.id


@pytest.mark.parametrize("stage", STAGES)
def test_every_advice_item_on_a_checklist(
    stories: dict[str, tuple[model.Handout, Flat]], stage: str
) -> None:
    handout, flat = stories[stage]
    for item in handout.items:
        if item.kind != "advice":
            continue
        hits = [i for i, (kind, text) in enumerate(flat)
                if kind == "para" and text.startswith(f"{item.name}.")]
        assert len(hits) == 1, item.id
        assert ("tick", "") in flat[: hits[0]]
        assert item.text in flat[hits[0]][1]
        if not item.dose.is_empty():
            after = " ".join(paras(flat[hits[0]: hits[0] + 8])).lower()
            assert item.dose.summary().lower() in after, item.id


@pytest.mark.parametrize("stage", ["acute", "all"])
def test_medicines_in_information_boxes_without_tick_boxes(
    stories: dict[str, tuple[model.Handout, Flat]], stage: str
) -> None:
    handout, flat = stories[stage]
    infos = [item for item in handout.items if item.is_info]
    assert {i.id for i in infos} >= {"anti-inflammatory-gel", "anti-inflammatory-tablets",
                                     "cortisone-injection"}
    for item in infos:
        hits = [i for i, (kind, text) in enumerate(flat)
                if kind == "para" and text.startswith(f"{item.name}.")]
        assert len(hits) == 1, item.id
        start = max(i for i in range(hits[0]) if flat[i] == ("warning", ""))
        end = min(i for i in range(hits[0], len(flat)) if flat[i] == ("end-warning", ""))
        box = flat[start:end]
        assert ("tick", "") not in box and not any(k in ("dose", "reps") for k, _ in box)
        assert item.text in box[1][1]


@pytest.mark.parametrize("stage", ["acute", "all"])
def test_medicines_after_the_tracker_keep_every_word(
    content: model.Content, theme: Theme, fonts: FontSet, stage: str
) -> None:
    """Laid out with the information last, the step says where its medicines are, in one
    box, and every information box follows the tracker, before the flare-up plan, whole."""
    handout = select(content, find_stage(content, stage), DETAILS)
    named = parts(handout, theme, fonts, information_last=True)
    names = [name for name, _ in named]
    assert names.index("tracker") < names.index("information") < names.index("closing")
    steps = paras(flatten([f for name, part in named if name.startswith("step-")
                           for f in part]))
    pointer = [text for text in steps if text.startswith("Medicines and other treatments")]
    assert pointer == ["Medicines and other treatments may help too: read about them after "
                       "\u201cMy tracker\u201d."]
    # Once: the pointer was a block of its own and could open a page alone in large print.
    packed = [f for name, part in named if name.startswith("step-") for f in part
              if isinstance(f, Packed)]
    assert packed and all("information-pointer" not in group.keys for group in packed)
    infos = [item for item in handout.items if item.is_info]
    assert infos
    after = flatten(dict(named)["information"])
    texts = paras(after)
    assert texts[0] == "Medicines and other treatments"
    for item in infos:
        assert not any(text.startswith(f"{item.name}.") for text in steps), item.id
        (hit,) = [i for i, (kind, text) in enumerate(after)
                  if kind == "para" and text.startswith(f"{item.name}.")]
        assert item.text in after[hit][1]
        start = max(i for i in range(hit) if after[i] == ("warning", ""))
        end = min(i for i in range(hit, len(after)) if after[i] == ("end-warning", ""))
        box = " ".join(paras(after[start:end]))
        assert all(line in box for line in (*item.details, *item.cautions)), item.id
        assert ("tick", "") not in after[start:end]
    # Laid out the other way, nothing follows the tracker but the closing parts.
    assert dict(parts(handout, theme, fonts))["information"] == []


@pytest.mark.parametrize("stage", STAGES)
def test_no_items_from_other_steps(
    stories: dict[str, tuple[model.Handout, Flat]], content: model.Content, stage: str
) -> None:
    handout, flat = stories[stage]
    present = {item.id for item in handout.items}
    absent = [item for step in content.steps for item in step.items if item.id not in present]
    texts = paras(flat)
    for item in absent:
        assert item.name not in texts, item.id
        assert not any(text.startswith(f"{item.name}.") for text in texts), item.id
    if stage != "all":
        assert absent


@pytest.mark.parametrize("stage", STAGES)
def test_progressions_only_where_asked(
    stories: dict[str, tuple[model.Handout, Flat]], stage: str
) -> None:
    handout, flat = stories[stage]
    segments = exercise_segments(handout, flat)
    shown = 0
    for hs in handout.steps:
        for item in hs.items:
            if not item.is_exercise:
                continue
            texts = paras(segments[item.id])
            if hs.progressions and item.progressions:
                shown += 1
                assert "When it gets easy:" in texts, item.id
                start = texts.index("When it gets easy:")
                assert texts[start + 1: start + 1 + len(item.progressions)] == list(
                    item.progressions)
            else:
                assert "When it gets easy:" not in texts, item.id
                assert not set(item.progressions) & set(texts), item.id
    assert paras(flat).count("When it gets easy:") == shown
    # Every stage has one: stage 1's thigh tightening leads on to the straight-leg raise.
    assert shown > 0


# -- the fixed parts --------------------------------------------------------------------------


@pytest.mark.parametrize("stage", STAGES)
def test_fixed_sections(stories: dict[str, tuple[model.Handout, Flat]], stage: str) -> None:
    handout, flat = stories[stage]
    texts = paras(flat)
    assert "How to use this sheet" in texts
    for line in handout.how_to_use:
        assert line in texts
    assert handout.safety.pain_intro in texts
    for band in handout.safety.pain_bands:
        assert any(band.range in t and band.label in t for t in texts), band
        assert band.text in texts
    assert handout.move_on
    for line in handout.move_on:
        assert line in texts
    assert handout.safety.pain_rule in texts
    assert handout.safety.flare_up_title in texts
    for line in (*handout.flare_up, *(handout.timeline or ())):
        assert line in texts
    assert texts[-2] == handout.safety.disclaimer_full
    assert texts[-1] == f"Content version {handout.version}, reviewed 5 Dec 2026."
    assert texts.index(handout.move_on[-1]) > texts.index(handout.how_to_use[-1])
    assert texts.index(handout.move_on[-1]) > texts.index(handout.flare_up[-1])


@pytest.mark.parametrize("stage", STAGES)
def test_conditions_only_in_complete_programme(
    stories: dict[str, tuple[model.Handout, Flat]], content: model.Content, stage: str
) -> None:
    _, flat = stories[stage]
    texts = paras(flat)
    for condition in content.conditions:
        assert (condition.text in texts) == (stage == "all")


def test_story_of_a_clinicians_notes(
    content: model.Content, theme: Theme, fonts: FontSet
) -> None:
    details = DETAILS._replace(notes="Ice after exercise.\nCall me on Monday.")
    handout = select(content, find_stage(content, "acute"), details)
    texts = paras(flatten(build_story(handout, theme, fonts)))
    assert any("Ice after exercise." in t and "Call me on Monday." in t for t in texts)


# -- user text is text, never markup ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("<b>", "&lt;b&gt;"),
        ("a & b", "a &amp; b"),
        ("<img src=x>", "&lt;img src=x&gt;"),
        ('<a href="https://x.example">link</a>', '&lt;a href="https://x.example"&gt;link&lt;/a&gt;'),
        ("**bold**", "<b>bold</b>"),
        ("Do **not** ice the skin", "Do <b>not</b> ice the skin"),
        ("**a** and **b**", "<b>a</b> and <b>b</b>"),
        ("**<i>x</i>**", "<b>&lt;i&gt;x&lt;/i&gt;</b>"),
        ("2 ** 3", "2 ** 3"),
        ("plain words", "plain words"),
    ],
)
def test_rich(text: str, markup: str) -> None:
    assert rich(text) == markup


@pytest.mark.parametrize("text", ["<img src=x>", "a & b <b>c</b>", "<font size=40>x</font>"])
def test_rich_paragraph_prints_the_text(text: str, fonts: FontSet) -> None:
    from reportlab.lib.styles import ParagraphStyle

    paragraph = Paragraph(rich(text), ParagraphStyle("t", fontName=fonts.regular))
    assert paragraph.getPlainText() == text


def test_rich_bold_is_bold(fonts: FontSet) -> None:
    from reportlab.lib.styles import ParagraphStyle

    style = ParagraphStyle("t", fontName=fonts.regular)
    frags = Paragraph(rich("Do **not** stop"), style).frags
    assert [(f.text, bool(f.bold)) for f in frags] == [
        ("Do ", False), ("not", True), (" stop", False),
    ]


def test_rich_sets_missing_characters_in_fallback_font() -> None:
    fonts = fonts_for("atkinson", {"x": "Ŋ"})
    if not fonts.needs_fallback("Ŋ"):
        pytest.skip("the primary font draws this character itself")
    markup = rich("a <Ŋ> b", fonts)
    assert f'<font face="{fonts.fallback}">Ŋ</font>' in markup
    assert "&lt;" in markup and "&gt;" in markup


HOSTILE = '<img src="/etc/passwd"/> & <a href="https://x.example">x</a> <font size=60>'


def test_hostile_text_printed_literally(
    content: model.Content, theme: Theme, fonts: FontSet
) -> None:
    step = content.step("range-of-motion")
    item = step.items[0]
    evil_item = item._replace(
        name=f"name {HOSTILE}", purpose=f"purpose {HOSTILE}",
        instructions=(f"instruction {HOSTILE}",), cautions=(f"caution {HOSTILE}",),
        progressions=(f"progression {HOSTILE}",), equipment=(f"equipment {HOSTILE}",),
    )
    evil_step = step._replace(
        title=f"title {HOSTILE}", intro=f"intro {HOSTILE}", note=f"note {HOSTILE}",
        points=(f"point {HOSTILE}",), items=(evil_item, *step.items[1:]),
    )
    evil_content = content._replace(
        steps=tuple(evil_step if s.id == step.id else s for s in content.steps),
    )
    details = DETAILS._replace(patient=f"patient {HOSTILE}"[:80], notes=f"notes {HOSTILE}")
    handout = select(evil_content, find_stage(evil_content, "all"), details)
    texts = paras(flatten(build_story(handout, theme, fonts)))
    joined = "\n".join(texts)
    for where in ("name", "purpose", "instruction", "caution", "progression", "title", "intro",
                  "note", "point", "notes"):
        assert f"{where} {HOSTILE}" in joined, where
    assert f"patient {HOSTILE}"[:80] in joined
    assert "equipment " + HOSTILE in joined


@pytest.mark.parametrize("style", ["default", "large-print"])
def test_bullets_and_numbers_as_large_as_the_text(
    content: model.Content, fonts: FontSet, style: str
) -> None:
    handout = select(content, find_stage(content, "strength"), DETAILS)
    marked = [f for _, f in walk(build_story(handout, load_theme(style), fonts))
              if isinstance(f, Paragraph) and f.bulletText]
    assert {f.bulletText for f in marked} >= {"\u2022", "1."}
    for paragraph in marked:
        assert paragraph.style.bulletFontSize >= 0.9 * paragraph.style.fontSize, (
            paragraph.bulletText, paragraph.style.name)


@pytest.mark.parametrize("style", ["default", "large-print"])
@pytest.mark.parametrize("side", [None, "left", "right"])
def test_picture_shares_a_block_with_the_first_steps(
    content: model.Content, fonts: FontSet, style: str, side: str | None
) -> None:
    """Each exercise's picture is in the same unbreakable block as its first step, is
    mirrored for the left knee, and appears once more, small, in the programme table."""
    import sys
    from pathlib import Path

    from kneepdf.layout.picture import PictureBox, Thumbnail

    sys.path.insert(0, str(Path(__file__).parent))
    from layout_rules import with_pictures

    theme = load_theme(style)
    details = DETAILS._replace(side=side)
    handout = with_pictures(select(content, find_stage(content, "subacute"), details))
    named = parts(handout, theme, fonts)
    blocks = {key: block for _, part in named for f in part if isinstance(f, Packed)
              for key, block in f.blocks}
    for item in handout.items:
        if not item.is_exercise:
            continue
        block = blocks[item.id]
        kinds = [kind for kind, _ in walk(block)]
        assert "picture" in kinds or any(isinstance(f, PictureBox) for f in block), item.id
        assert item.instructions[0] in paras(flatten(block)), item.id
    from kneepdf.layout.kit import Kit

    assert Kit(handout, theme, fonts).mirror == (side == "left")
    thumbs = [f for kind, f in walk(dict(named)["programme"]) if isinstance(f, Thumbnail)]
    exercises = [i for i in handout.items if i.is_exercise]
    assert len(thumbs) == len(exercises)
    assert all(t.width <= theme.thumb + 0.01 for t in thumbs)  # one frame each, small
    pictures = {item.id: next(f for _, f in walk(blocks[item.id]) if isinstance(f, PictureBox))
                for item in exercises}
    for item, thumb in zip(exercises, thumbs, strict=True):  # the same frame, scaled down
        assert thumb.picture is pictures[item.id].picture


@pytest.mark.parametrize("style", ["default", "large-print"])
def test_the_arrangement_is_the_shortest(content: model.Content, fonts: FontSet,
                                         style: str) -> None:
    """The picture's arrangement, chosen from measures taken once, is as short as the
    shortest of every arrangement laid out in full: above the text (side by side or
    stacked, where it fits the width), or beside the text and the first k steps, the other
    steps and the tail below; beside all of it; or with You need and the tail under the
    picture."""
    from reportlab.platypus import Spacer, Table

    from kneepdf.layout import exercise
    from kneepdf.layout.flowables import Column
    from kneepdf.layout.groups import height_of
    from kneepdf.layout.kit import Kit
    from kneepdf.layout.picture import PictureBox
    from kneepdf.pictures import picture

    theme = load_theme(style)
    handout = select(content, find_stage(content, "all"), DETAILS)
    kit = Kit(handout, theme, fonts)
    width, gap = kit.frame_width, theme.gap * 2
    checked = 0
    for item in handout.items:
        if not item.is_exercise or item.pose is None or exercise._video(kit, item):
            continue
        head = exercise._head(kit, item)
        steps = [kit.para(kit.rich(line), kit.s.numbered, bulletText=f"{n}.")
                 for n, line in enumerate(item.instructions, 1)]
        tail = exercise._tail(kit, item, True)
        chosen = exercise._with_picture(kit, item, head, steps, tail)
        after = tail if any(isinstance(f, Table) for f in tail) else []
        beside_tail = [] if after else tail
        made = picture(item.pose, mirror=False, frame_width=theme.picture)
        shown = [PictureBox(made, badge=theme.body, font=fonts.bold, stacked=s)
                 for s in (False, True)[:1 + (len(made.frames) > 1)]]
        options = [height_of([box, Spacer(1, theme.gap), *head, *steps, *tail], width)
                   for box in shown if box.width <= width]
        need, bare = exercise._need(kit, item), exercise._head(kit, item, need=False)
        for box in shown:
            if width - box.width - gap < exercise.TEXT_EMS * theme.body:
                continue
            options += [height_of([Beside([*head, *steps[:k]], box, gap=gap),
                                   Spacer(1, theme.gap / 2), *steps[k:], *beside_tail,
                                   *after], width)
                        for k in range(len(steps) + 1)]
            if beside_tail:
                options.append(height_of([Beside([*head, *steps, *beside_tail], box,
                                                 gap=gap)], width))
            for under, left in (([*need], [*bare, *steps, *beside_tail]),
                                ([*need, *beside_tail], [*bare, *steps]),
                                ([*beside_tail], [*head, *steps])):
                if under:
                    column = Column([box, Spacer(1, theme.gap / 2), *under], box.width)
                    options.append(height_of([Beside(left, column, gap=gap), *after], width))
        assert height_of(chosen, width) == pytest.approx(min(options)), item.id
        checked += 1
    assert checked > 20


def test_a_tracker_cut_in_parts_starts_on_the_page_it_reaches(
    content: model.Content, theme: Theme, fonts: FontSet
) -> None:
    """A tracker too tall for a page starts part way down one when its heading and at
    least MIN_ROWS rows fit there; its parts still hold every row once a week."""
    from kneepdf.layout.kit import Kit
    from kneepdf.layout.tracker import MIN_ROWS, TrackerBand, tracker

    handout = select(content, find_stage(content, "all"), DETAILS)
    kit = Kit(handout, theme, fonts)
    (group,) = tracker(kit, 4)
    width, page = kit.frame_width, kit.frame_height

    def rows(flowables: list[Flowable]) -> list[str]:
        return [p.getPlainText() for f in flowables if isinstance(f, TrackerBand)
                for p in f.names]

    for space in (page * 0.6, page * 0.3):
        here, rest = group.split(width, space)
        assert here.wrap(width, space)[1] <= space
        flowables = here.flowables()
        assert flowables[0].getPlainText() == "My tracker"
        assert len(rows(flowables)) >= MIN_ROWS
        every = rows(flowables)
        while rest is not None:
            parts = rest.split(width, page)
            every += rows(parts[0].flowables())
            rest = parts[1] if len(parts) > 1 else None
        exercises = [i for i in handout.items if i.is_exercise]
        assert len(every) == 2 * (len(exercises) + 1)  # two bands of two weeks
        assert every.count("Pain score 0 to 10") == 2
    assert group.split(width, MIN_ROWS * 5.0) == []  # no room: it waits for the next page
