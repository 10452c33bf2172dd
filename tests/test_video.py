"""Video addresses are checked, and their QR codes decode to the address they print."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from reportlab.platypus import SimpleDocTemplate

from kneepdf.layout.video import VideoCode, wrap_address
from kneepdf.load.urls import url_problem
from kneepdf.theme import MM


@pytest.mark.parametrize("url", [
    "https://clinic.example/knee/step-up",
    "https://videos.riverside.example/k?id=step-up&t=30",
    "https://c.example/" + "x" * 82,  # 100 characters
])
def test_good_addresses(url: str) -> None:
    assert url_problem(url) is None


@pytest.mark.parametrize(("url", "words"), [
    ("http://clinic.example/knee", "must start with https://"),
    ("https://user:secret@clinic.example/knee", "user name or password"),
    ("https://user@clinic.example/knee", "user name or password"),
    ("https://clinic.example/knee video", "must not contain spaces"),
    ("https://clinic.example/\tknee", "must not contain spaces"),
    ("https://c.example/" + "x" * 83, "at most 100 characters, got 101"),
    ("javascript:alert(1)", "must start with https://"),
    ("https://localhost/knee", "needs a host name"),
    ("https:///knee", "needs a host name"),
])
def test_bad_addresses(url: str, words: str) -> None:
    problem = url_problem(url)
    assert problem is not None and words in problem


def test_long_addresses_wrap_at_slashes_and_stay_whole() -> None:
    text = "clinic.example/knee/videos/" + "x" * 60
    lines = wrap_address(text, "Helvetica", 10, 70)
    assert "".join(lines) == text
    assert lines[:2] == ["clinic.example/", "knee/videos/"]


@pytest.mark.parametrize("url", [
    "https://riverside.example/knee/step-up",
    "https://clinic.example/knee/videos/" + "x" * 65,  # 100 characters
])
def test_codes_decode_to_their_address(tmp_path: Path, url: str) -> None:
    code = VideoCode(url, "Helvetica", 10)
    assert code.side >= (code.modules + 8) * 0.5 * MM - 1e-9
    assert code.side <= 26 * MM  # about 25 mm for 100 characters at 0.5 mm modules
    pdf = tmp_path / "code.pdf"
    SimpleDocTemplate(str(pdf)).build([code])
    image = pdfium.PdfDocument(str(pdf))[0].render(scale=150 / 72).to_pil()
    found = [r.text for r in zxingcpp.read_barcodes(image)]
    assert found == [url]
