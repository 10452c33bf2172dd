"""The cache kept between runs: same bytes with or without it, and never a patient's details."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kneepdf import cache
from kneepdf.build import load_inputs

Replace = Callable[[Path, str, str], None]

DETAILS = {
    "mark": ["--patient", "Mark Quennell", "--clinician", "Dr Ysolde Parr",
             "--clinic", "Harbourview Physio", "--contact", "0161 496 0811",
             "--notes", "Ice after walks", "--review-date", "2026-02-01", "--side", "left"],
    "zoe": ["--patient", "Zoë Ødegård", "--clinician", "Dr Kwame Fenn",
            "--clinic", "Northgate Clinic", "--contact", "0113 496 0277",
            "--notes", "Rest on Sundays", "--review-date", "2026-03-09", "--side", "left"],
}


def build(out: Path, cache_dir: Path | str, stage: str, *extra: str) -> bytes:
    """`python -m kneepdf build` in a new process, so only the disk carries work over."""
    env = {**os.environ, cache.ENV: str(cache_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "kneepdf", "build", "--stage", stage, "--date", "2026-01-15",
         *extra, "-o", str(out)], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return out.read_bytes()


@pytest.mark.parametrize("stage", ["acute", "all"])
def test_a_run_that_reads_the_cache_writes_the_same_bytes(tmp_path: Path, stage: str) -> None:
    store = tmp_path / "cache"
    fresh = build(tmp_path / "off.pdf", "off", stage, *DETAILS["zoe"])
    filling = build(tmp_path / "first.pdf", store, stage, *DETAILS["zoe"])
    kinds = sorted(p.name.split("-")[0] for p in store.glob("*.pickle"))
    assert kinds == ["inputs", "layout"]
    if hasattr(os, "getuid"):  # readable by the user alone
        assert [p.stat().st_mode & 0o077 for p in (store, *store.iterdir())] == [0, 0, 0]
    reading = build(tmp_path / "second.pdf", store, stage, *DETAILS["mark"])
    other = build(tmp_path / "other.pdf", "off", stage, *DETAILS["mark"])
    assert filling == fresh
    assert reading == other


def test_the_cache_holds_no_patient_details(tmp_path: Path) -> None:
    kept = {}
    for who, details in DETAILS.items():
        store = tmp_path / who
        build(tmp_path / f"{who}.pdf", store, "subacute", *details)
        files = {p.name: p.read_bytes() for p in store.glob("*.pickle")}
        blob = b"".join(files.values())
        for value in details[1::2]:
            if not value.startswith(("20", "left")):  # the dates and the side are not personal
                assert value.encode("utf-8") not in blob, f"{value!r} is in the cache"
        kept[who] = files
    # Everything kept is the same whoever the handout was for.
    assert kept["mark"] == kept["zoe"]


def test_edited_content_is_read_again(
    tmp_path: Path, build_pdf: Callable[..., Any], pdf_text: Callable[[Path], list[str]],
    content_copy: Path, replace_once: Replace, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    load_inputs(content_copy, "default")
    assert len(list((tmp_path / "cache").glob("inputs-*.pickle"))) == 1
    handout = content_copy / "handout.yaml"
    replace_once(handout, "Exercises for pain", "Home exercises for pain")
    result, pdf = build_pdf(tmp_path, "--stage", "acute", "--content", str(content_copy))
    assert result.exit_code == 0, result.output
    assert "Home exercises for pain" in pdf_text(pdf)[0]
    assert len(list((tmp_path / "cache").glob("inputs-*.pickle"))) == 2
    replace_once(handout, "title:", "titel:")
    result, _ = build_pdf(tmp_path, "--stage", "acute", "--content", str(content_copy),
                          name="broken.pdf")
    assert result.exit_code == 1
    assert "handout.yaml" in result.stderr


@pytest.mark.parametrize("spoil", ["garbage", "file"])
def test_an_unusable_cache_is_passed_over(tmp_path: Path, spoil: str) -> None:
    store = tmp_path / "cache"
    expected = build(tmp_path / "off.pdf", "off", "acute")
    build(tmp_path / "fill.pdf", store, "acute")
    if spoil == "garbage":
        for kept in store.glob("*.pickle"):
            kept.write_bytes(b"\x80\x05not a pickle")
    else:
        shutil.rmtree(store)
        store.write_text("a file where the folder should be", encoding="utf-8")
    assert build(tmp_path / "again.pdf", store, "acute") == expected


def test_off_keeps_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    build(tmp_path / "a.pdf", "off", "acute")
    assert not (tmp_path / "xdg").exists()


def test_the_default_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform in ("win32", "darwin"):
        pytest.skip("XDG_CACHE_HOME is a Linux and BSD convention")
    assert cache.directory() == tmp_path / "xdg" / "kneepdf"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored, per the spec
    assert cache.directory() == Path.home() / ".cache" / "kneepdf"


def test_old_files_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    for n in range(cache.MAX_FILES + 5):
        cache.write("layout", f"{n:04d}", n)
        os.utime(tmp_path / f"layout-{n:04d}.pickle", ns=(n * 10**9, n * 10**9))
    kept = sorted(p.name for p in tmp_path.glob("*.pickle"))
    assert len(kept) == cache.MAX_FILES
    assert kept[0] == "layout-0005.pickle"
    assert cache.read("layout", f"{cache.MAX_FILES + 4:04d}") == cache.MAX_FILES + 4
    assert cache.read("layout", "0000") is None


def test_each_stage_keeps_its_own_file(tmp_path: Path) -> None:
    """A batch of several stages leaves each stage's file with that stage's work only."""
    rows = tmp_path / "rows.csv"
    rows.write_text("stage,patient,date\nall,Ann Lee,2026-01-15\nacute,Bob Lee,2026-01-15\n"
                    "acute,Cy Lee,2026-01-15\n", encoding="utf-8")
    env = {**os.environ, cache.ENV: str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "kneepdf", "batch", str(rows), "--out-dir", str(tmp_path / "out"),
         "--jobs", "1"], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    sizes = sorted(p.stat().st_size for p in (tmp_path / "cache").glob("layout-*.pickle"))
    assert len(sizes) == 2
    assert sizes[0] < sizes[1] * 0.8  # acute's file does not carry the whole programme
    acute = build(tmp_path / "acute.pdf", tmp_path / "cache", "acute", "--patient", "Di Lee")
    assert acute == build(tmp_path / "fresh.pdf", "off", "acute", "--patient", "Di Lee")


class _Planted:
    """A pickle that makes a folder when it is loaded: proof that a file was read."""

    def __init__(self, mark: Path) -> None:
        self.mark = mark

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.mkdir, (str(self.mark),))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_to_is_never_read(tmp_path: Path) -> None:
    store, mark = tmp_path / "cache", tmp_path / "was-read"
    # The digest as the kneepdf that `build` runs computes it (an installed copy's may differ).
    done = subprocess.run(
        [sys.executable, "-c", "from kneepdf.build import _inputs_digest as d; "
         "print(d(None, 'default'))"], capture_output=True, text=True, check=True,
        env={**os.environ, cache.ENV: str(store)})
    digest = done.stdout.strip()
    assert len(digest) == 32
    store.mkdir()
    planted = pickle.dumps(_Planted(mark))
    (store / f"inputs-{digest}.pickle").write_bytes(planted)
    store.chmod(0o777)
    build(tmp_path / "open.pdf", store, "acute")
    assert not mark.exists()
    assert sorted(p.name for p in store.iterdir()) == [f"inputs-{digest}.pickle"]  # no more
    store.chmod(0o700)  # the same file in a private folder is read, as the check above needs
    build(tmp_path / "private.pdf", store, "acute")
    assert mark.exists()
