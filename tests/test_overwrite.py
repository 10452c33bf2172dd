"""No handout replaces another patient's: default names, numbered files, atomic writes."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kneepdf.errors import OutputError
from kneepdf.write.atomic import write_atomic

Run = Callable[..., Result]
DATE = "2026-03-01"


def pdfs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(("first", "second"), [
    ("Ana Silva", "ANA  SILVA"),
    ("O'Brien Kate", "O Brien-Kate"),
    ("Maria Fernanda Albuquerque Cavalcanti de Souza",
     "Maria Fernanda Albuquerque Cavalcanti de Lima"),
])
def test_colliding_names_never_share_a_file(kneepdf: Run, cwd: Path, first: str,
                                            second: str) -> None:
    # Once: the second handout silently replaced the first.
    a = kneepdf("build", "--stage", "2", "--patient", first, "--date", DATE)
    b = kneepdf("build", "--stage", "2", "--patient", second, "--date", DATE)
    assert a.exit_code == 0 and b.exit_code == 0, a.output + b.output
    one, two = (r.stdout.split(" (")[0] for r in (a, b))
    assert one != two
    assert two == one.removesuffix(".pdf") + "-2.pdf"
    assert len(pdfs(cwd / "out")) == 2


def test_an_identical_rebuild_keeps_its_file(kneepdf: Run, cwd: Path) -> None:
    args = ("build", "--stage", "2", "--patient", "Ana Silva", "--date", DATE)
    a, b = kneepdf(*args), kneepdf(*args)
    assert a.stdout == b.stdout == "out/ana-silva-subacute-2026-03-01.pdf" + \
        a.stdout.split(".pdf", 1)[1]
    assert pdfs(cwd / "out") == ["ana-silva-subacute-2026-03-01.pdf"]


def test_a_changed_rebuild_takes_the_next_number(kneepdf: Run, cwd: Path) -> None:
    base = ("build", "--stage", "2", "--patient", "Ana Silva", "--date", DATE)
    kneepdf(*base)
    again = kneepdf(*base, "--notes", "Ice after.")
    assert again.stdout.startswith("out/ana-silva-subacute-2026-03-01-2.pdf (")
    assert pdfs(cwd / "out") == ["ana-silva-subacute-2026-03-01-2.pdf",
                                 "ana-silva-subacute-2026-03-01.pdf"]


def test_out_replaces_on_purpose_and_keeps_permissions(kneepdf: Run, tmp_path: Path) -> None:
    # Once: rebuilding over a 0600 file made it 0644, readable by everyone.
    target = tmp_path / "ana.pdf"
    target.write_bytes(b"old")
    target.chmod(0o600)
    result = kneepdf("build", "--stage", "1", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_data_is_synced_before_the_rename(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # Once: no fsync, so a power cut after the rename could leave an empty handout.
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace",
                        lambda a, b: (calls.append("replace"), real_replace(a, b))[1])
    write_atomic(tmp_path / "a.pdf", b"%PDF-1.4")
    assert calls[:2] == ["fsync", "replace"]


@pytest.mark.parametrize("replace", [True, False])
def test_an_interrupted_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replace: bool
) -> None:
    # Once: Ctrl-C between the write and the rename left a hidden whole copy of the handout.
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "a.pdf", b"%PDF-1.4", replace=replace)
    assert pdfs(tmp_path) == []


def test_a_default_name_is_never_replaced_even_by_a_race(tmp_path: Path) -> None:
    first = write_atomic(tmp_path / "a.pdf", b"one", replace=False)
    second = write_atomic(tmp_path / "a.pdf", b"two", replace=False)
    third = write_atomic(tmp_path / "a.pdf", b"two", replace=False)  # the same bytes again
    assert (first.name, second.name, third.name) == ("a.pdf", "a-2.pdf", "a-2.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == b"one"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        write_atomic(tmp_path, b"x")
