"""The web page's form contract, page, preview and pictures, through Flask's test client."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from pypdf import PdfReader
from werkzeug.datastructures import MultiDict

from kneepdf.errors import Place
from kneepdf.model import Choices, Content, PatientDetails
from kneepdf.options import Options
from kneepdf.pictures import picture
from kneepdf.pose import Pose, PoseFrame
from kneepdf.reuse import Reuse
from kneepdf.select.selection import select
from kneepdf.web import app as web_app
from kneepdf.web.fields import SPECS, read_form
from kneepdf.web.render import PICTURE_SCALE, PICTURE_WIDTH, PREVIEW_WIDTH, picture_png

TOKEN = "contract-token"
PORT = 48124
BASE = f"http://127.0.0.1:{PORT}"
SAME = {"Sec-Fetch-Site": "same-origin"}



@pytest.fixture(scope="module")
def app() -> Flask:
    return web_app.create_app(TOKEN, PORT)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert client.get(f"/?token={TOKEN}", base_url=BASE).status_code == 303
    return client


def post(client: FlaskClient, path: str, data: object, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(path, base_url=BASE, data=data, headers={**SAME, **headers})


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_the_form_offers_every_build_option(client: FlaskClient) -> None:
    repeated = {"add", "drop", "dose"}
    options = {f.name for f in dataclasses.fields(Options)} - repeated
    assert options <= {s.name for s in SPECS}  # a new build option needs its form field
    page = client.get("/", base_url=BASE).text
    for spec in SPECS:
        if spec.kind == "checkbox":  # the label wraps its box
            assert re.search(rf'<label class="check"><input id="f-{spec.name}" '
                             rf'name="{spec.name}" type="checkbox"', page), spec.name
            continue
        assert re.search(rf'<label for="f-{spec.name}">', page), spec.name
        assert re.search(rf'id="f-{spec.name}" name="{spec.name}"', page), spec.name
    weeks = re.search(r'<input id="f-weeks"[^>]*>', page)
    assert weeks and 'min="1" max="12" value="4"' in weeks[0]


def test_the_stage_lists_its_items_to_keep_or_drop_and_others_to_add(
        client: FlaskClient, content: Content) -> None:
    page = post(client, "/", {"stage": "subacute"}).text
    stage = content.stage("subacute")
    own = select(content, stage, PatientDetails(date=dt.date(2026, 3, 1)), Choices()).items
    for item in own:
        assert f'name="drop" value="{item.id}"' in page
    assert 'name="add" value="step-up"' in page
    assert 'name="add" value="side-lunge"' not in page  # high-load work waits for stage 4
    assert 'name="dose.knee-straightening"' in page
    assert 'name="drop" value="side-lunge"' in post(client, "/", {"stage": "return"}).text


def test_the_stage_offers_its_optional_exercises_first(client: FlaskClient) -> None:
    page = post(client, "/", {"stage": "subacute"}).text
    start = page.index("Optional exercises for this stage")
    for item_id in ("release-calf", "standing-knee-bends", "foot-turns-band"):
        at = page.index(f'name="add" value="{item_id}"')
        assert start < at < page.index("Add items from other steps"), item_id
    assert 'name="drop" value="release-calf"' not in page
    assert "Optional exercises" not in post(client, "/", {"stage": "all"}).text


@pytest.mark.slow
def test_a_posted_form_builds_the_same_bytes_as_the_command_line(
        client: FlaskClient, kneepdf, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    form = MultiDict([
        ("stage", "2"), ("patient", "Ana Silva"), ("clinician", "J. Okafor"),
        ("clinic", "Riverside Physio"), ("contact", "020 7946 0000"),
        ("notes", "Once a day.\r\nIce after."), ("date", "2026-03-01"),
        ("review_date", "2026-03-15"), ("side", "left"), ("condition", "mcl-sprain"),
        ("paper", "letter"), ("style", "large-print"), ("weeks", "4"),
        ("add", "step-up"), ("drop", "release-inner-thigh"), ("drop", "foot-turns-sitting"),
        ("dose", "step-up=3x15"), ("dose.knee-straightening", "hold:10s"),
        ("dose.sore-spot-massage", ""),
    ])
    answer = post(client, "/handout", form)
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert answer.headers["Content-Disposition"] == 'inline; filename="knee-handout-subacute.pdf"'
    out = tmp_path / "cli.pdf"
    result = kneepdf("build", "--stage", "2", "--patient", "Ana Silva", "--clinician",
                     "J. Okafor", "--clinic", "Riverside Physio", "--contact", "020 7946 0000",
                     "--notes", "Once a day.\nIce after.", "--date", "2026-03-01",
                     "--review-date", "2026-03-15", "--side", "left", "--condition",
                     "mcl-sprain", "--paper", "letter", "--style", "large-print",
                     "--add", "step-up", "--drop", "release-inner-thigh",
                     "--drop", "foot-turns-sitting",
                     "--dose", "step-up=3x15", "--dose", "knee-straightening=hold:10s",
                     "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert answer.data == out.read_bytes()
    text = text_of(answer.data)
    for words in ("Ana Silva", "J. Okafor", "Riverside Physio", "Step up", "10 seconds"):
        assert words in text
    assert "Foot turns sitting down" not in text
    assert PdfReader(io.BytesIO(answer.data)).pages[0].mediabox.width == 612


@pytest.mark.parametrize(("form", "args"), [
    ({"stage": "9"}, ["--stage", "9"]),
    ({"patient": "Ana Silva"}, ["--patient", "Ana Silva"]),
    ({"stage": "1", "side": "up"}, ["--stage", "1", "--side", "up"]),
    ({"stage": "1", "paper": "a3"}, ["--stage", "1", "--paper", "a3"]),
    ({"stage": "1", "date": "1/3/2026"}, ["--stage", "1", "--date", "1/3/2026"]),
    ({"stage": "1", "review_date": "soon"}, ["--stage", "1", "--review-date", "soon"]),
    ({"stage": "1", "add": "side-lunge"}, ["--stage", "1", "--add", "side-lunge"]),
    ({"stage": "1", "drop": "quad-sets"}, ["--stage", "1", "--drop", "quad-sets"]),
    ({"stage": "1", "dose": "step-up=3x15"}, ["--stage", "1", "--dose", "step-up=3x15"]),
    ({"stage": "2", "dose.step-up": "twenty"}, ["--stage", "2", "--dose", "step-up=twenty"]),
    ({"stage": "1", "condition": "gout"}, ["--stage", "1", "--condition", "gout"]),
    ({"stage": "1", "style": "nope"}, ["--stage", "1", "--style", "nope"]),
    ({"stage": "1", "patient": "A" * 81}, ["--stage", "1", "--patient", "A" * 81]),
    ({"stage": "1", "clinic": "Bad\x07Clinic"}, ["--stage", "1", "--clinic", "Bad\x07Clinic"]),
    ({"stage": "1", "patient": "王小明"}, ["--stage", "1", "--patient", "王小明"]),
    ({"stage": "1", "notes": "line\n" * 120}, ["--stage", "1", "--notes", "line\n" * 120]),
])
@pytest.mark.slow
def test_a_bad_value_answers_400_with_the_command_lines_words(
        client: FlaskClient, kneepdf, tmp_path: Path,  # type: ignore[no-untyped-def]
        form: dict[str, str], args: list[str]) -> None:
    result = kneepdf("build", *args, "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code in (1, 2)
    answer = post(client, "/handout", form)
    assert answer.status_code == 400 and answer.mimetype == "text/plain"
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert answer.text == "".join(f"{line}\n" for line in errors)
    assert "Traceback" not in answer.text


def test_the_weeks_field_is_checked_like_a_click_option(client: FlaskClient) -> None:
    answer = post(client, "/handout", {"stage": "1", "weeks": "13"})
    assert answer.text == "Error: Invalid value for '--weeks': 13 is not in the range 1<=x<=12.\n"
    assert post(client, "/handout", {"stage": "1", "weeks": ""}).status_code == 200


def test_a_mistake_is_shown_beside_its_field_on_the_page(client: FlaskClient) -> None:
    answer = post(client, "/handout", {"stage": "1", "side": "up", "patient": "Ana Silva"},
                  Accept="text/html,application/xhtml+xml")
    assert answer.status_code == 400 and answer.mimetype == "text/html"
    page = answer.text
    assert re.search(r'id="f-side-error" aria-live="polite">&#39;up&#39; is not left or right<',
                     page)
    assert re.search(r'id="f-side" name="side"[^>]*aria-invalid="true"', page)
    assert 'value="Ana Silva"' in page  # what was typed is kept
    assert 'aria-invalid="true"' not in page.split('id="f-side"')[0]


def test_every_value_is_escaped_on_the_page(client: FlaskClient) -> None:
    page = post(client, "/", {"stage": "1", "patient": '<script>alert(1)</script>"',
                              "notes": "</textarea><b>x</b>"}).text
    assert "<script>alert" not in page and "<b>x</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;" in page
    assert "&lt;/textarea&gt;&lt;b&gt;x&lt;/b&gt;" in page


@pytest.mark.slow
def test_the_preview_is_every_page_as_a_png(client: FlaskClient) -> None:
    form = {"stage": "subacute", "patient": "Ana Silva", "date": "2026-03-01"}
    answer = post(client, "/preview", form)
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    pdf = post(client, "/handout", form).data
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert answer.json["pages"] == pages == len(answer.json["images"]) >= 5

    image = Image.open(io.BytesIO(base64.b64decode(answer.json["images"][0])))
    assert image.format == "PNG" and image.width == PREVIEW_WIDTH
    assert abs(image.height - PREVIEW_WIDTH * 297 / 210) < 2
    bad = post(client, "/preview", {"stage": "1", "paper": "a3"})
    assert bad.status_code == 400
    assert bad.json == {"pages": 0, "images": [], "errors": {"paper": "'a3' is not a4 or letter"},
                        "item": "",
                        "line": "Error: Invalid value for '--paper': 'a3' is not a4 or letter"}


def test_an_unexpected_failure_is_one_line_without_a_traceback(
        client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("Ana Silva broke it")

    monkeypatch.setattr("kneepdf.web.render.render", broken)
    answer = post(client, "/handout", {"stage": "1", "patient": "Ana Silva"})
    assert answer.status_code == 500
    assert answer.text == "Error: the page could not be made\n"


def test_a_picture_is_a_png_of_its_frames() -> None:
    pose = Pose("knee-bend", "side", "lying-back", (PoseFrame(1, "start"), PoseFrame(2, "end")),
                Place("content/pictures/knee-bend.yaml", 1, 1))
    reuse = Reuse()
    image = Image.open(io.BytesIO(picture_png(pose, reuse)))
    assert image.format == "PNG"
    width, height = picture(pose, mirror=False, frame_width=PICTURE_WIDTH).size()
    assert image.size == (round(width * PICTURE_SCALE), round(height * PICTURE_SCALE))
    assert picture_png(pose, reuse) is picture_png(pose, reuse)  # made once per run


def test_an_item_without_a_picture_has_no_picture_route(client: FlaskClient) -> None:
    assert client.get("/picture/no-such-item.png", base_url=BASE).status_code == 404


def test_a_dose_box_becomes_a_dose_option() -> None:
    posted = read_form(MultiDict([("stage", "2"), ("dose.step-up", " 3x15 "),
                                  ("dose.quad-sets", ""), ("dose", "wall-sit=hold:30s")]))
    assert posted.options.dose == ["wall-sit=hold:30s", "step-up=3x15"]
    assert posted.options.stage == "2" and posted.options.patient is None
    assert posted.values["weeks"] == "4"


def test_an_option_without_a_place_on_the_page_is_listed_at_its_end(
        client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from kneepdf.options import Option
    from kneepdf.web import fields

    extra = fields.spec_of(Option("fillable", "flag", "Boxes to type in.",
                                  label="Fillable PDF", form="checkbox"))
    specs = tuple(s for s in fields.SPECS if s.name != "fillable")
    monkeypatch.setattr(fields, "SPECS", (*specs, extra))
    page = post(client, "/", {"stage": "1", "fillable": "1"}).text
    box = re.search(r'<input id="f-fillable" name="fillable" type="checkbox"[^>]*>', page)
    assert box and " checked" in box[0] and "Fillable PDF" in page
    assert '<label for="f-fillable">' not in page  # the box's own label names it
    assert read_form(MultiDict([("stage", "1")])).values["fillable"] == ""
    assert post(client, "/handout", {"stage": "1", "fillable": "1"}).status_code == 200


def test_an_exercise_with_a_pose_is_shown_with_its_picture(
        client: FlaskClient, content: Content) -> None:
    page = post(client, "/", {"stage": "subacute"}).text
    stage = content.stage("subacute")
    own = select(content, stage, PatientDetails(date=dt.date(2026, 3, 1)), Choices()).items
    drawn = [i.id for i in own if i.pose is not None]
    assert drawn and page.count('class="picture"') >= len(drawn)
    for item_id in drawn:
        assert f'<img src="/picture/{item_id}.png"' in page
    answer = client.get("/picture/knee-straightening.png", base_url=BASE)
    assert answer.status_code == 200 and answer.mimetype == "image/png"


def test_an_items_mistake_is_shown_on_its_card(client: FlaskClient) -> None:
    page = post(client, "/", {"stage": "strength", "dose.step-up": "lots"}).text
    card = re.search(r'<li class="card has-error" data-item="step-up">.*?</li>', page, re.S)
    assert card and "<span class=\"error\" id=\"i-step-up-error\" aria-live=\"polite\">" \
        "&#39;step-up=lots&#39;: cannot read &#39;lots&#39;" in card[0]
    assert 'aria-invalid="true"' in card[0]
    assert re.search(r'id="items-error" aria-live="polite"></span>', page)
    assert page.count("has-error") == 1
    answer = post(client, "/preview", {"stage": "acute", "add": "no-such-thing"})
    assert answer.json["item"] == "no-such-thing" and "drop" not in answer.json["errors"]
    page = post(client, "/", {"stage": "acute", "add": "no-such-thing"}).text
    assert re.search(r'id="items-error" aria-live="polite">&#39;no-such-thing&#39; is not', page)


@pytest.mark.parametrize("style", ["styles/default.yaml", "/etc/passwd", "..\\x", "a.yml"])
def test_the_page_never_reads_a_style_file(client: FlaskClient, style: str) -> None:
    answer = post(client, "/preview", {"stage": "1", "style": style})
    assert answer.status_code == 400
    assert answer.json["errors"] == {"style": f"'{style}' is a file; this page takes a shipped "
                                              "style: default, large-print"}


@pytest.mark.parametrize(("value", "fields"), [
    ("1", 228), ("yes", 228), ("on", 228), ("no", 0), ("false", 0), ("0", 0), ("off", 0),
    ("", 0), ("maybe", None),
])
def test_the_fillable_box_reads_yes_or_no_as_batch_does(
        client: FlaskClient, value: str, fields: int | None) -> None:
    answer = post(client, "/handout", {"stage": "2", "date": "2026-03-01", "fillable": value})
    if fields is None:  # neither yes nor no: refused, as a batch cell is
        assert answer.status_code == 400
        assert answer.text == f"Error: Invalid value for '--fillable': '{value}' is not yes or no\n"
        return
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.data))
    assert len(reader.get_fields() or {}) == fields


@pytest.mark.parametrize(("path", "status"), [("/handout", 400), ("/preview", 400), ("/", 200)])
def test_two_bad_fields_answer_naming_the_first(client: FlaskClient, path: str,
                                                status: int) -> None:
    # Once a 500: the form was read again without the first bad field, and the second
    # bad field raised on that second reading.
    answer = post(client, path, {"stage": "2", "fillable": "maybe", "weeks": "99"})
    assert answer.status_code == status  # the form page is shown again with the error
    if path == "/handout":
        assert answer.text == ("Error: Invalid value for '--weeks': 99 is not in the range "
                               "1<=x<=12.\n")
