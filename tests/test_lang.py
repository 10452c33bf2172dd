"""Languages: the Spanish overlay complete and up to date, the catalogue's plurals and dates,
and Spanish handouts that print no English sentence."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildPdf
from pypdf import PdfReader

from kneepdf import model
from kneepdf.build import in_language
from kneepdf.catalogue import CATALOGUES
from kneepdf.layout.fonts import font_set
from kneepdf.load.content import default_content_dir
from kneepdf.load.units import fingerprint, units
from kneepdf.readability import ease_es, spanish_syllables
from kneepdf.select.selection import select
from kneepdf.words import Words, language_of, plural_forms

OTHER = [code for code in CATALOGUES if code != "en"]
DAY = "2026-12-05"


@pytest.fixture(scope="module")
def spanish(content: model.Content) -> model.Content:
    return in_language(content, "es", None)


@pytest.mark.parametrize("lang", OTHER)
def test_every_unit_of_every_language_is_there_and_up_to_date(
        content: model.Content, lang: str) -> None:
    translated = in_language(content, lang, None)  # raises, naming any missing or stale unit
    assert translated.lang == lang and translated.translation is not None
    assert translated.translation.translated_from == content.version
    english = units(in_language(content, "en", None))
    assert translated.title != content.title
    for step, theirs in zip(content.steps, translated.steps, strict=True):
        for item, their in zip(step.items, theirs.items, strict=True):
            assert their.id == item.id and their.dose == item.dose
            assert their.name != item.name or item.name in ("Bridge",), item.id
    assert english  # the units are read from the English


@pytest.mark.parametrize("lang", list(CATALOGUES))
def test_every_catalogue_key_in_every_language_with_its_plural_forms(lang: str) -> None:
    table, forms = CATALOGUES[lang], set(plural_forms(lang))
    assert set(table) == set(CATALOGUES["en"])
    for key, entry in table.items():
        if isinstance(CATALOGUES["en"][key], dict):
            assert isinstance(entry, dict) and set(entry) == forms, key
            assert all("{n}" in text or key == "programme_intro" for text in entry.values())
        else:
            assert isinstance(entry, str), key


def test_plurals_and_dates_come_from_cldr() -> None:
    es = Words("es")
    assert es.count("set", 1) == "1 serie" and es.count("set", (2, 3)) == "2 a 3 series"
    assert es.count("times_a_day", 1) == "1 vez al día"
    assert es.date(dt.date(2026, 12, 5)) == "5 dic 2026"
    assert es.weekdays == ("L", "M", "X", "J", "V", "S", "D")
    assert Words().weekdays == ("M", "T", "W", "T", "F", "S", "S")
    assert Words().date(dt.date(2026, 9, 30)) == "30 Sep 2026"
    # A language with more forms needs only its table: Polish says 2 and 22 one way, 5
    # another (CLDR's "few" and "many").
    assert plural_forms("pl") == ("few", "many", "one", "other")
    pl = Words("pl", {"range": "{low}-{high}",
                      "set": {"one": "{n} seria", "few": "{n} serie", "many": "{n} serii",
                              "other": "{n} serii"}})
    assert [pl.count("set", n) for n in (1, 2, 5, 22)] == [
        "1 seria", "2 serie", "5 serii", "22 serie"]


def test_a_language_tag_falls_back_to_its_language() -> None:
    assert language_of("es-US") == "es" == language_of("ES_mx") == language_of("es")
    assert language_of("en-GB") == "en" and language_of("xx") is None
    assert language_of("e") is None
    assert language_of("es-419") == "es" == language_of("es-Latn-US")
    # Not a BCP 47 tag: an empty subtag, a space, a stray sign (it printed Spanish for "es-").
    for slip in ("es-", "-es", "es--US", "e s", "es-US!", "es-abcdefghi"):
        assert language_of(slip) is None, slip


def test_spanish_reading_ease_counts_spanish_syllables() -> None:
    assert [spanish_syllables(w) for w in ("día", "rodilla", "cuidado", "que", "muy",
                                           "fisioterapeuta", "aeropuerto")] == [
        2, 3, 3, 1, 1, 6, 5]
    assert ease_es(["Siéntese en una silla.", "Estire la pierna."]) > 80
    assert ease_es(["La fisioterapeuta recomienda ejercicios específicos, progresivos y "
                    "adaptados a la evolución sintomatológica de la articulación."]) < 30


def test_every_letter_of_every_language_is_in_the_embedded_faces(
        spanish: model.Content) -> None:
    coverage = font_set("atkinson").coverage
    texts = [str(u[1]) for f in units(spanish).values() for u in f.values()]
    texts += [str(v) for table in CATALOGUES.values() for v in table.values()]
    letters = {ch for text in texts for ch in text if not ch.isspace()}
    assert set("áéíóúñüÁÉÍÓÚÑ¿¡«»") & letters >= set("áéíóúñ¿«»")
    assert not {ch for ch in letters if ord(ch) not in coverage}


def _english_sentences(content: model.Content, stage: model.Stage) -> set[str]:
    """Every sentence of three words or more that the English handout of `stage` prints."""
    from kneepdf.readability import handout_lines

    handout = select(content, stage, model.PatientDetails(dt.date(2026, 12, 5)))
    lines = handout_lines(handout) + [i.name for i in handout.items]
    lines += [str(v) for v in CATALOGUES["en"].values() if isinstance(v, str)]
    out = set()
    for line in lines:
        for sentence in re.split(r"(?<=[.!?:])\s+", re.sub(r"\{[a-z_]+\}", "", line)):
            words = sentence.strip(" .:").split()
            if len(words) >= 3:
                out.add(" ".join(words))
    return out


@pytest.mark.parametrize("stage", ["acute", "subacute", "strength", "return",
                                   pytest.param("all", marks=pytest.mark.slow)])
def test_a_spanish_handout_prints_no_english_sentence(
        tmp_path: Path, build_pdf: BuildPdf, pdf_text: Callable[[Path], list[str]],
        content: model.Content, stage: str) -> None:
    result, path = build_pdf(tmp_path, "--stage", stage, "--lang", "es", "--date", DAY,
                             "--patient", "Ana Silva", "--side", "left")
    assert result.exit_code == 0, result.stderr
    text = " ".join(pdf_text(path))
    assert "Ana Silva" in text and "5 dic 2026" in text and "L M X J V S D" in text
    assert "Izquierda" in text and "Página 1 de" in text
    assert "pierna izquierda" in text and "con dolor" not in text  # --side names the leg
    english = [s for s in _english_sentences(content, content.stage(stage)) if s in text]
    assert english == []
    assert PdfReader(path).trailer["/Root"]["/Lang"] == "es"


def test_lang_is_a_bcp47_tag_and_sets_the_pdf_language(
        tmp_path: Path, build_pdf: BuildPdf) -> None:
    result, path = build_pdf(tmp_path, "--stage", "1", "--lang", "es-US", "--date", DAY)
    assert result.exit_code == 0, result.stderr
    assert PdfReader(path).trailer["/Root"]["/Lang"] == "es"
    assert "Warning: the es words are a draft that no clinician has reviewed yet" in (
        result.stderr)
    _, english = build_pdf(tmp_path, "--stage", "1", "--date", DAY, name="en.pdf")
    assert PdfReader(english).trailer["/Root"]["/Lang"] == "en-GB"


def test_an_unknown_language_is_refused_with_the_list(
        tmp_path: Path, build_pdf: BuildPdf) -> None:
    result, path = build_pdf(tmp_path, "--stage", "1", "--lang", "xx")
    assert result.exit_code == 2 and not path.exists()
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert errors == ["Error: Invalid value for '--lang': 'xx' is not a language of "
                      "kneepdf; choose one of: en, es"]


def test_a_spanish_rebuild_is_byte_identical(tmp_path: Path, build_pdf: BuildPdf) -> None:
    args = ("--stage", "2", "--lang", "es", "--date", DAY, "--patient", "Ana Silva")
    _, first = build_pdf(tmp_path, *args, name="a.pdf")
    _, second = build_pdf(tmp_path, *args, name="b.pdf")
    assert first.read_bytes() == second.read_bytes()


def _place(text: str, needle: str, after: str = "") -> tuple[int, int]:
    """The 1-based line and column of `needle` (the first after `after`) in `text`."""
    start = text.index(needle, text.index(after) if after else 0)
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1


def test_an_english_edit_makes_its_unit_stale(
        content_copy: Path, tmp_path: Path, build_pdf: BuildPdf,
        replace_once: Callable[[Path, str, str], None], content: model.Content) -> None:
    step = content_copy / "steps" / "06-strengthen.yaml"
    replace_once(step, "    name: Thigh tightening\n", "    name: Thigh squeeze\n")
    result, path = build_pdf(tmp_path, "--stage", "1", "--lang", "es",
                             "--content", str(content_copy))
    assert result.exit_code == 1 and not path.exists()
    item = content.item("thigh-tightening")
    new = fingerprint({**units(content)["steps/06-strengthen.yaml"]["thigh-tightening"][1],
                       "name": "Thigh squeeze"})
    overlay = content_copy / "lang" / "es" / "steps" / "06-strengthen.yaml"
    line, col = _place(overlay.read_text(encoding="utf-8"), "from:", "thigh-tightening:")
    line, col = line, col + len("from: ")
    assert result.stderr.splitlines() == [
        f"Error: {content_copy}/lang/es/steps/06-strengthen.yaml:{line}:{col}: "
        f"'thigh-tightening' is out of date: its English (at {content_copy}/steps/"
        f"06-strengthen.yaml:{item.place.line}:{item.place.col}) has changed since it was "
        f"translated; translate it again and write from: {new}"]
    # English is the master: its own handout still builds.
    result, _ = build_pdf(tmp_path, "--stage", "1", "--content", str(content_copy),
                          name="en.pdf")
    assert result.exit_code == 0, result.stderr


def test_a_missing_unit_stops_the_build_naming_it(
        content_copy: Path, tmp_path: Path, build_pdf: BuildPdf) -> None:
    overlay = content_copy / "lang" / "es" / "safety.yaml"
    text = overlay.read_text(encoding="utf-8")
    start = text.index("  disclaimer:\n")
    overlay.write_text(text[:start], encoding="utf-8")
    result, _ = build_pdf(tmp_path, "--stage", "1", "--lang", "es",
                          "--content", str(content_copy))
    assert result.exit_code == 1
    line, col = _place(text, "red_flags:")
    assert result.stderr.splitlines() == [
        f"Error: {content_copy}/lang/es/safety.yaml:{line}:{col}: 'disclaimer' has no es "
        f"words (the English is at {content_copy}/safety.yaml:2:3)"]


def test_version_lists_each_language(kneepdf: Callable[..., object]) -> None:
    from click.testing import Result

    result = kneepdf("--version")
    assert isinstance(result, Result) and result.exit_code == 0
    assert result.stdout.splitlines()[1:] == [
        "es: translated from content version 3.3, up to date; not yet reviewed by a "
        "clinician"]
    assert (default_content_dir() / "lang" / "es" / "safety.yaml").is_file()


def test_the_english_sentences_are_found_in_an_english_handout(
        tmp_path: Path, build_pdf: BuildPdf, pdf_text: Callable[[Path], list[str]],
        content: model.Content) -> None:
    """The comparison above finds English where there is some: most of the sentences are in
    the English handout (the rest are catalogue phrases of other parts and stages)."""
    result, path = build_pdf(tmp_path, "--stage", "subacute", "--date", DAY)
    assert result.exit_code == 0, result.stderr
    text = " ".join(pdf_text(path))
    sentences = _english_sentences(content, content.stage("subacute"))
    found = [s for s in sentences if s in text]
    assert len(sentences) > 80 and len(found) > 0.7 * len(sentences)


@pytest.mark.slow
def test_check_grades_spanish_and_names_a_stale_unit(
        content_copy: Path, replace_once: Callable[[Path, str, str], None],
        kneepdf: Callable[..., object], content: model.Content) -> None:
    from click.testing import Result

    pain = units(content)["safety.yaml"]["pain_scale"][1]
    bands = [dict(band) for band in pain["bands"]]
    bands[2]["label"] = "Far too much"
    changed = {**pain, "bands": bands}  # the English unit after the edit below
    result = kneepdf("check", "--style", "default")
    assert isinstance(result, Result) and result.exit_code == 0, result.stderr
    table = result.stdout.split("Reading ease in es (Fernández-Huerta", 1)[1].splitlines()
    ease = {line.split()[-2]: float(line.split()[-1]) for line in table[1:]
            if line.startswith("  ")}
    assert set(ease) >= {"acute", "subacute", "strength", "return", "all", "strengthen"}
    assert all(value >= 60 for value in ease.values())
    assert "Warning: content/lang/es:1:1: the es words are a draft" in result.stderr
    replace_once(content_copy / "safety.yaml", "label: Too much", "label: Far too much")
    result = kneepdf("check", "--style", "default", "--content", str(content_copy))
    assert isinstance(result, Result) and result.exit_code == 1
    assert [line.split(": ", 2)[2] for line in result.stderr.splitlines()] == [
        "'pain_scale' is out of date: its English (at "
        f"{content_copy}/safety.yaml:2:3) has changed since it was translated; translate "
        "it again and write from: " + fingerprint(changed)]


def test_a_batch_row_prints_in_its_language(
        tmp_path: Path, kneepdf: Callable[..., object],
        pdf_text: Callable[[Path], list[str]]) -> None:
    from click.testing import Result

    sheet = tmp_path / "rows.csv"
    sheet.write_text(f"stage,patient,date,lang\nacute,Ana Silva,{DAY},es-MX\n"
                     f"acute,Bo Li,{DAY},\nacute,Cy Ng,{DAY},xx\n", encoding="utf-8")
    result = kneepdf("batch", str(sheet), "--out-dir", str(tmp_path / "out"), "--jobs", "1")
    assert isinstance(result, Result)
    assert [line for line in result.stderr.splitlines() if line.startswith("Error")] == [
        f"Error: {sheet}:4: column 'lang': the cell is not a language of kneepdf; choose "
        "one of: en, es"]
    spanish = pdf_text(tmp_path / "out" / f"ana-silva-acute-{DAY}.pdf")[0]
    english = pdf_text(tmp_path / "out" / f"bo-li-acute-{DAY}.pdf")[0]
    assert "Cuándo pedir ayuda" in spanish and "When to get help" in english
    # Once: build warned about the unreviewed Spanish, batch did not.
    assert [line for line in result.stderr.splitlines() if line.startswith("Warning")] == [
        "Warning: the es words are a draft that no clinician has reviewed yet (reviewed_by "
        "is empty in content/lang/es); check them before giving this handout to a patient"]


@pytest.mark.parametrize(("lang", "urgent", "emergency", "same_day", "now"), [
    ("es", "061", "112", "Pare y llame hoy al 061 si:", "Llame ahora al 112 si:"),
    ("en", "061", "112", "Stop and call 061 today if:", "Call 112 now if:"),
    ("es", "+34 900 123 456", "112", "Pare y llame hoy al +34 900 123 456 si:",
     "Llame ahora al 112 si:"),
])
def test_a_clinic_number_in_the_red_flags_reads_right(
        build_pdf: BuildPdf, pdf_text: Callable[[Path], list[str]],
        tmp_path: Path, lang: str, urgent: str, emergency: str, same_day: str,
        now: str) -> None:
    """A bare number takes the language's words for calling it ("llame hoy al 061")."""
    style = tmp_path / "clinic.yaml"
    style.write_text(f'name: clinic\nparent: default\nclinic:\n  urgent: "{urgent}"\n'
                     f'  emergency: "{emergency}"\n', encoding="utf-8")
    result, path = build_pdf(tmp_path, "--stage", "2", "--lang", lang, "--style", str(style),
                             "--date", "2026-03-01")
    assert result.exit_code == 0, result.output
    first = pdf_text(path)[0]
    assert same_day in first and now in first
