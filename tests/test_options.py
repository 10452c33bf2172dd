"""One table of options: every way of giving an option (flag, preset key, spreadsheet column,
form field) comes from kneepdf.options.OPTIONS, and resolving reads its limits."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkzeug.datastructures import MultiDict

from kneepdf import model
from kneepdf.batch import COLUMNS, read_rows
from kneepdf.cli import cli
from kneepdf.errors import OptionError
from kneepdf.load.preset import KEYS, load_preset
from kneepdf.options import BY_NAME, FORM_KINDS, KINDS, OPTIONS, Option, Options
from kneepdf.select.options import resolve
from kneepdf.web.app import create_app
from kneepdf.web.fields import SPECS, read_form, spec_of

NAMES = [o.name for o in OPTIONS]


def test_the_table_is_the_fields_of_options() -> None:
    assert [f.name for f in dataclasses.fields(Options)] == NAMES
    assert len(set(NAMES)) == len(NAMES) > 15
    for option in OPTIONS:
        assert option.help.endswith((".", "]")), option.name
        assert option.kind in KINDS and option.form in FORM_KINDS, option.name
        assert bool(option.form) != option.repeated, option.name  # lists are the item cards


@pytest.mark.parametrize("name", NAMES)
def test_every_option_is_in_the_help_the_form_the_columns_and_presets(name: str) -> None:
    option = BY_NAME[name]
    help_text = CliRunner().invoke(cli, ["build", "--help"]).output
    assert re.search(rf"^\s+(-\w, )?{option.flag}\b", help_text, re.M), option.flag
    assert name in COLUMNS and name in KEYS
    if option.repeated:  # the form's item cards: keep or drop, add, a dose box
        page = _form_page()
        assert f'name="{name}"' in page or f'name="{name}.' in page
    else:
        assert name in {s.name for s in SPECS}


def _form_page() -> str:
    client = create_app("t" * 32, 8765).test_client()
    base = "http://127.0.0.1:8765"
    assert client.get(f"/?token={'t' * 32}", base_url=base).status_code == 303
    page = client.post("/", base_url=base, data={"stage": "subacute"},
                       headers={"Sec-Fetch-Site": "same-origin"}).text
    assert 'name="add"' in page
    return page


def test_a_preset_can_set_every_key(tmp_path: Path) -> None:
    preset = tmp_path / "p.yaml"
    preset.write_text(
        "stage: 2\npatient: A\nclinician: B\nclinic: C\ncontact: D\nnotes: E\n"
        "date: 2026-03-01\nreview_date: 2026-04-01\nside: left\ncondition: mcl-sprain\n"
        "add: [side-lunge]\ndrop: [release-calf]\ndose:\n  step-up: 3x15\npaper: letter\n"
        "weeks: 8\nfillable: true\nstyle: large-print\nlang: es-US\n", encoding="utf-8")
    got = load_preset(preset)
    assert set(got.places) == set(NAMES)
    assert got.options == Options(
        stage="2", patient="A", clinician="B", clinic="C", contact="D", notes="E",
        date="2026-03-01", review_date="2026-04-01", side="left", condition="mcl-sprain",
        add=["side-lunge"], drop=["release-calf"], dose=["step-up=3x15"], paper="letter",
        weeks="8", fillable=True, style="large-print", lang="es-US")


def test_a_spreadsheet_row_can_set_every_column(tmp_path: Path) -> None:
    sheet = tmp_path / "rows.csv"
    sheet.write_text(",".join(COLUMNS) + "\n" + ",".join(
        {"stage": "2", "date": "2026-03-01", "review_date": "2026-04-01", "side": "left",
         "paper": "a4", "weeks": "3", "fillable": "yes", "style": "default",
         "add": "a;b", "file": "x"}.get(c, c.upper()) for c in COLUMNS) + "\n",
        encoding="utf-8")
    (row,), _ = read_rows(sheet)
    assert row.options.weeks == "3" and row.options.add == ["a", "b"]
    assert row.options.patient == "PATIENT" and row.options.dose == ["DOSE"]


def test_resolving_reads_the_limits_from_the_table(content: model.Content) -> None:
    weeks = BY_NAME["weeks"]
    ok = resolve(Options(stage="1", weeks=str(weeks.high)), content, dt.date(2026, 3, 1))
    assert ok.choices.weeks == weeks.high
    with pytest.raises(OptionError, match=f"from {weeks.low} to {weeks.high}") as caught:
        resolve(Options(stage="1", weeks=str(weeks.high + 1)), content, dt.date(2026, 3, 1))
    assert caught.value.option == "--weeks"
    too_long = "x" * (BY_NAME["patient"].limit + 1)
    with pytest.raises(OptionError) as caught:
        resolve(Options(stage="1", patient=too_long), content, dt.date(2026, 3, 1))
    assert caught.value.option == "--patient" and too_long not in str(caught.value)


def test_a_new_option_is_one_entry() -> None:
    extra = Option("large_badges", "flag", "Print step numbers larger.", label="Big numbers",
                   form="checkbox", hint="For poor sight.")
    spec = spec_of(extra)
    assert (spec.name, spec.kind, spec.label, spec.hint) == (
        "large_badges", "checkbox", "Big numbers", "For poor sight.")
    assert extra.flag == "--large-badges" and extra.column and extra.preset
    assert read_form(MultiDict([("stage", "1")])).values["weeks"] == BY_NAME["weeks"].default
