"""Print extras on real handouts: a QR code to the clinic's video beside every exercise, and
tick boxes a PDF viewer can tick."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from click.testing import Result
from pypdf import PdfReader, PdfWriter

from kneepdf import model
from kneepdf.layout.kit import tick_count
from kneepdf.select.selection import find_stage, select

pytestmark = pytest.mark.slow  # whole handouts with codes and fields

Run = Callable[..., Result]
DATE = "2026-03-01"
VIDEOS = "https://riverside.example/knee/{id}"


def _style(folder: Path, parent: str) -> Path:
    file = folder / f"{parent}-videos.yaml"
    file.write_text(f"name: videos\nparent: {parent}\nclinic:\n  videos: {VIDEOS}\n",
                    encoding="utf-8")
    return file


def _codes(pdf: Path) -> list[str]:
    document = pdfium.PdfDocument(str(pdf))
    return [code.text for page in document
            for code in zxingcpp.read_barcodes(page.render(scale=150 / 72).to_pil())]


def _exercises(content: model.Content, stage: str) -> list[str]:
    handout = select(content, find_stage(content, stage),
                     model.PatientDetails(date=dt.date(2026, 3, 1)))
    return [item.id for item in handout.exercises]


@pytest.mark.parametrize(("stage", "parent", "paper"), [
    ("subacute", "default", "a4"),
    ("strength", "large-print", "letter"),
])
def test_every_exercise_has_a_code_to_its_video(
        kneepdf: Run, content: model.Content, tmp_path: Path, stage: str, parent: str,
        paper: str) -> None:
    out = tmp_path / "v.pdf"
    result = kneepdf("build", "--stage", stage, "--style", str(_style(tmp_path, parent)),
                     "--paper", paper, "--date", DATE, "-o", str(out))
    assert result.exit_code == 0, result.output
    wanted = sorted(VIDEOS.format(id=i) for i in _exercises(content, stage))
    assert sorted(_codes(out)) == wanted


def test_an_exercise_s_own_video_wins(
        kneepdf: Run, content_copy: Path, replace_once: Callable[[Path, str, str], None],
        tmp_path: Path) -> None:
    own = "https://videos.example/knee-straightening-v2"
    replace_once(content_copy / "steps" / "06-strengthen.yaml",
                 "    name: Knee straightening\n",
                 f"    name: Knee straightening\n    video: {own}\n")
    out = tmp_path / "own.pdf"
    result = kneepdf("build", "--stage", "subacute", "--content", str(content_copy),
                     "--date", DATE, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert _codes(out) == [own]  # no pattern in the default style: only its own code


def test_no_video_no_code_and_the_same_pages(kneepdf: Run, tmp_path: Path,
                                             pdf_text: Callable[[Path], list[str]]) -> None:
    plain, same = tmp_path / "plain.pdf", tmp_path / "same.pdf"
    style = tmp_path / "same.yaml"
    style.write_text("name: default\nparent: default\n", encoding="utf-8")
    assert kneepdf("build", "--stage", "subacute", "--date", DATE, "-o", str(plain)).exit_code == 0
    assert kneepdf("build", "--stage", "subacute", "--style", str(style), "--date", DATE,
                   "-o", str(same)).exit_code == 0
    assert _codes(plain) == []
    assert pdf_text(plain) == pdf_text(same)


def _fields(pdf: Path) -> dict[str, object]:
    return dict(PdfReader(pdf).get_fields() or {})


def test_without_fillable_the_pdf_has_no_form(kneepdf: Run, tmp_path: Path) -> None:
    out = tmp_path / "plain.pdf"
    assert kneepdf("build", "--stage", "acute", "--date", DATE, "-o", str(out)).exit_code == 0
    assert b"/AcroForm" not in out.read_bytes()


@pytest.mark.parametrize(("stage", "style", "paper", "weeks"), [
    ("acute", "default", "a4", "4"),
    ("strength", "large-print", "letter", "2"),
])
def test_one_field_per_tick_box(
        kneepdf: Run, content: model.Content, tmp_path: Path, stage: str, style: str,
        paper: str, weeks: str) -> None:
    out = tmp_path / "f.pdf"
    result = kneepdf("build", "--stage", stage, "--fillable", "--style", style, "--paper",
                     paper, "--weeks", weeks, "--patient", "Zoë Núñez", "--date", DATE,
                     "-o", str(out))
    assert result.exit_code == 0, result.output
    handout = select(content, find_stage(content, stage),
                     model.PatientDetails(date=dt.date(2026, 3, 1)))
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    wanted = {f"w{w}-{d}-{i.id}" for w in range(1, int(weeks) + 1) for d in days
              for i in handout.exercises}
    wanted |= {f"rep-{i.id}-{k}" for i in handout.exercises if not i.dose.is_empty()
               for k in range(1, tick_count(i.dose) + 1)}
    wanted |= {f"tick-{i.id}" for i in handout.items if i.kind == "advice"}
    wanted |= {f"move-on-{n}" for n in range(1, len(handout.move_on) + 1)}
    fields = _fields(out)
    assert set(fields) == wanted
    assert all(int(f.get("/Ff", 0)) & 2 == 0 for f in fields.values())  # type: ignore[attr-defined]
    assert not any("zo" in name or "nunez" in name for name in fields)


def test_a_viewer_can_tick_a_box_and_it_prints(kneepdf: Run, tmp_path: Path) -> None:
    out = tmp_path / "f.pdf"
    args = ["build", "--stage", "strength", "--fillable", "--date", DATE, "-o", str(out)]
    assert kneepdf(*args).exit_code == 0
    first = out.read_bytes()
    assert kneepdf(*args).exit_code == 0
    assert out.read_bytes() == first  # reproducible with a form too
    name = "w2-wed-step-up"
    reader = PdfReader(out)
    page = next(n for n, p in enumerate(reader.pages)
                for a in (p.get("/Annots") or []) if a.get_object().get("/T") == name)
    annot = next(a.get_object() for a in reader.pages[page]["/Annots"]
                 if a.get_object().get("/T") == name)
    x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
    writer = PdfWriter(clone_from=reader)
    writer.update_page_form_field_values(writer.pages[page], {name: "/Yes"},
                                         auto_regenerate=False)
    ticked = tmp_path / "ticked.pdf"
    with ticked.open("wb") as handle:
        writer.write(handle)
    assert _fields(ticked)[name].get("/V") == "/Yes"  # type: ignore[attr-defined]

    def dark(pdf: Path) -> int:
        document = pdfium.PdfDocument(str(pdf))
        document.init_forms()
        scale = 3
        image = document[page].render(scale=scale, may_draw_forms=True).to_pil().convert("L")
        height = image.height
        box = (int(x0 * scale) + 4, int(height - y1 * scale) + 4,
               int(x1 * scale) - 4, int(height - y0 * scale) - 4)
        return sum(image.crop(box).histogram()[:128])

    assert dark(out) == 0
    assert dark(ticked) > 20
