"""Errors carry what they are about (option, file, item), so callers map them without reading
their words; only layout problems become LayoutError; a fault in the web app is logged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from reportlab.platypus import Flowable

from kneepdf import model
from kneepdf.errors import ContentError, ContentErrors, LayoutError, OptionError, Place
from kneepdf.load.styles import load_theme
from kneepdf.model import PatientDetails
from kneepdf.options import Options
from kneepdf.select.options import resolve
from kneepdf.select.selection import select
from kneepdf.web import app as web_app
from kneepdf.web.fields import field_error
from kneepdf.write import pdf
from kneepdf.write.atomic import write_atomic

DAY = dt.date(2026, 3, 1)


class _Broken(Flowable):  # type: ignore[misc]
    def wrap(self, width: float, height: float) -> tuple[float, float]:
        raise RuntimeError("a fault in the code, not in the handout")


class _Huge(Flowable):  # type: ignore[misc]
    def wrap(self, width: float, height: float) -> tuple[float, float]:
        return width, height * 3

    def draw(self) -> None:
        pass


def _story_of(flowable: Flowable) -> Any:
    return lambda *args: [("broken", [flowable])]


def test_render_pdf_turns_only_layout_problems_into_layout_errors(
        content: model.Content, monkeypatch: pytest.MonkeyPatch) -> None:
    handout = select(content, content.stage("acute"), PatientDetails(DAY))
    theme = load_theme("default")
    monkeypatch.setattr(pdf, "parts", _story_of(_Huge()))
    with pytest.raises(LayoutError, match="could not be laid out"):
        pdf.render_pdf(handout, theme)
    monkeypatch.setattr(pdf, "parts", _story_of(_Broken()))
    with pytest.raises(RuntimeError, match="a fault in the code"):
        pdf.render_pdf(handout, theme)


def test_option_errors_name_their_option_and_item(content: model.Content) -> None:
    with pytest.raises(OptionError) as caught:
        resolve(Options(stage="1", dose=["no-such-item=3x15"]), content, DAY)
    assert (caught.value.option, caught.value.item) == ("--dose", "no-such-item")
    field = field_error(caught.value)
    assert (field.field, field.item) == ("dose", "no-such-item")
    with pytest.raises(OptionError) as caught:
        resolve(Options(stage="1", patient="Ana\x07Silva"), content, DAY)
    assert caught.value.option == "--patient" and "Ana" not in str(caught.value)
    assert field_error(caught.value).field == "patient"


def test_content_and_output_errors_name_their_file(tmp_path: Path) -> None:
    place = Place("content/stages.yaml", 3, 5)
    assert ContentErrors([ContentError(place, "bad")]).file == "content/stages.yaml"
    with pytest.raises(Exception) as caught:
        write_atomic(tmp_path / "missing" / "ana-silva.pdf", b"%PDF", shown="out/NAME.pdf")
    assert caught.value.file == "out/NAME.pdf"  # type: ignore[attr-defined]
    assert "ana" not in str(caught.value)


def test_a_fault_in_the_web_app_is_logged_without_the_form(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    token, base = "k" * 32, "http://127.0.0.1:8765"
    client = web_app.create_app(token, 8765).test_client()
    assert client.get(f"/?token={token}", base_url=base).status_code == 303

    def broken(self: object, options: Options, today: dt.date) -> None:
        raise KeyError(options.patient)  # a fault whose message quotes what was typed

    monkeypatch.setattr(web_app.Workshop, "handout", broken)
    with caplog.at_level("ERROR", logger="kneepdf.web"):
        answer = client.post("/handout", base_url=base, headers={"Sec-Fetch-Site":
                             "same-origin"}, data={"stage": "1", "patient": "Zebedee Quill"})
    assert answer.status_code == 500
    assert "Zebedee" not in answer.text
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "KeyError while answering POST /handout" in logged
    assert "Traceback (most recent call last)" in logged and "in handout" in logged
    assert "Zebedee" not in logged and "Quill" not in logged


class _Quiet:
    def update(self, n_steps: int) -> None:
        pass


def test_batch_errors_name_their_row_and_column(tmp_path: Path) -> None:
    from kneepdf.batch import read_rows, run_batch
    from kneepdf.errors import KneepdfError

    sheet = tmp_path / "rows.csv"
    sheet.write_text("stage,colour\n1,red\n", encoding="utf-8")
    with pytest.raises(KneepdfError) as caught:
        read_rows(sheet)
    assert (caught.value.file, caught.value.row, caught.value.column) == (
        str(sheet), 1, "colour")
    sheet.write_text("stage,patient,weeks\n1,Zebedee Quill,40\n1,,2\n", encoding="utf-8")
    rows, _ = read_rows(sheet)
    report = run_batch(rows, tmp_path / "out", 1, None, DAY, _Quiet())
    assert [(f.line, f.column) for f in report.failed] == [(2, "weeks")]
    assert "Zebedee" not in report.failed[0].reason and len(report.built) == 1
