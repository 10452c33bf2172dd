"""`kneepdf serve` in a real browser: Debian's Chromium driven through Selenium.

Skipped when Chromium or its driver is missing, unless KNEEPDF_BROWSER_TESTS=require.
KNEEPDF_SCREENSHOT=1 saves the page to docs/serve.png for the README.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from kneepdf.web.server import start

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,1200")


def _programs() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def _missing(why: str) -> None:
    if os.environ.get("KNEEPDF_BROWSER_TESTS") == "require":
        pytest.fail(f"{why}, and KNEEPDF_BROWSER_TESTS=require")
    pytest.skip(why)


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    programs = _programs()
    if programs is None:
        _missing("Chromium and chromedriver are not installed (apt-get install chromium "
                 "chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed")
    assert programs is not None
    monkeypatch.setenv("SE_OFFLINE", "true")  # never let Selenium fetch a driver
    options = webdriver.ChromeOptions()
    options.binary_location = programs[0]
    for flag in (*FLAGS, f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(tmp_path / "downloads"),
        "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(programs[1]))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def address() -> Iterator[str]:
    server, url = start(0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


def wait_for(check: Callable[[], object], what: str, seconds: float = 20) -> object:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_fill_preview_and_download_in_chromium(browser, address: str,  # type: ignore[no-untyped-def]
                                              tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = browser
    driver.get(address)
    assert driver.current_url == address.split("?")[0]  # the token left the address bar
    assert driver.title == "kneepdf: home exercise handout"
    driver.find_element(By.ID, "f-patient").send_keys("Ana Silva")
    driver.find_element(By.ID, "f-clinician").send_keys("J. Okafor")
    driver.find_element(By.ID, "f-clinic").send_keys("Riverside Physio")
    Select(driver.find_element(By.ID, "f-stage")).select_by_value("subacute")
    wait_for(lambda: "Stage 2: get it moving" in driver.find_element(
        By.CSS_SELECTOR, "fieldset.items legend").text, "the stage's exercises")
    assert driver.find_element(By.ID, "f-patient").get_attribute("value") == "Ana Silva"
    Select(driver.find_element(By.ID, "f-side")).select_by_value("left")
    driver.find_element(By.CSS_SELECTOR, 'input[name="drop"][value="inner-thigh-slides"]').click()

    def preview() -> int:
        status = driver.find_element(By.ID, "preview-status").text
        pages = driver.find_elements(By.CSS_SELECTOR, "#pages img.page")
        return len(pages) if status.endswith("pages") and pages else 0

    count = wait_for(preview, "the preview")
    first = driver.find_element(By.CSS_SELECTOR, "#pages img.page")
    assert first.get_attribute("alt") == f"Page 1 of {count}"
    assert driver.execute_script("return arguments[0].naturalWidth", first) == 640

    weeks = driver.find_element(By.ID, "f-weeks")
    weeks.clear()
    weeks.send_keys("20")
    error = driver.find_element(By.ID, "f-weeks-error")
    wait_for(lambda: error.text == "20 is not in the range 1<=x<=12.", "the error beside weeks")
    weeks.clear()
    weeks.send_keys("4")
    wait_for(lambda: error.text == "" and preview(), "the error to clear")

    dose = driver.find_element(By.CSS_SELECTOR, 'input[name="dose.knee-straightening"]')
    dose.send_keys("lots")
    card = driver.find_element(By.ID, "i-knee-straightening-error")
    wait_for(lambda: card.text.startswith("'knee-straightening=lots': cannot read 'lots'"),
             "the error on the exercise's card")
    dose.clear()
    dose.send_keys("3x12")
    count = wait_for(lambda: card.text == "" and preview(), "the card's error to clear")

    if os.environ.get("KNEEPDF_SCREENSHOT") == "1":
        driver.execute_script("window.scrollTo(0, 0)")
        time.sleep(0.3)
        driver.save_screenshot(str(ROOT / "docs" / "serve.png"))

    driver.find_element(By.ID, "download-pdf").click()
    folder = tmp_path / "downloads"

    def finished() -> list[Path]:  # Chromium may show the file before its bytes are in
        if not folder.is_dir() or list(folder.glob("*.crdownload")):
            return []
        pdfs = list(folder.glob("*.pdf"))
        return pdfs if pdfs and all(p.read_bytes().rstrip().endswith(b"%%EOF")
                                    for p in pdfs) else []

    done = wait_for(finished, "the download")
    assert [p.name for p in done] == ["knee-handout-subacute.pdf"]  # type: ignore[union-attr]
    reader = PdfReader(done[0])  # type: ignore[index]
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Ana Silva" in text and "J. Okafor" in text and "your left leg" in text
    assert "3 sets of 12" in text
    assert "Inner thigh slides" not in text
    assert len(reader.pages) == count

    page = driver.current_window_handle
    driver.find_element(By.ID, "open-pdf").click()  # a new tab with the PDF, to print
    wait_for(lambda: len(driver.window_handles) == 2, "the PDF's tab")
    driver.switch_to.window(next(h for h in driver.window_handles if h != page))
    wait_for(lambda: driver.current_url.endswith("/handout"), "the PDF's address")
    assert "Ana" not in driver.current_url  # the form went in the body
    driver.close()
    driver.switch_to.window(page)
    problems = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert [e for e in problems if "/preview" not in e["message"]] == []
