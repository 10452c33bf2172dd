"""The core stays simple: no pickles, no patched libraries, the pipeline's import direction,
nothing written but the PDF, and the same bytes in one process as in a fresh one."""

from __future__ import annotations

import ast
import random
import subprocess
import sys
from pathlib import Path

import pytest

from kneepdf.build import load_inputs, render
from kneepdf.options import Options
from kneepdf.select.options import resolve

PACKAGE = Path(__file__).resolve().parent.parent / "kneepdf"
MODULES = sorted(PACKAGE.rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def _imports(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_package_has_modules() -> None:
    assert len(MODULES) > 20


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
@pytest.mark.slow
def test_no_pickle_and_no_patched_library(path: Path) -> None:
    tree = _tree(path)
    assert not {"pickle", "shelve", "marshal"} & _imports(tree)
    # Every name bound by importing from another package (reportlab, click, yaml, PIL ...).
    foreign = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            foreign |= {(a.asname or a.name).split(".")[0] for a in node.names
                        if not a.name.startswith("kneepdf")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and not node.module.startswith("kneepdf"):
            foreign |= {a.asname or a.name for a in node.names}
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for target in targets:
            root = target
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(target, ast.Attribute) and isinstance(root, ast.Name):
                assert root.id not in foreign, (
                    f"{path.name}:{node.lineno} assigns an attribute of {root.id}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "setattr" and isinstance(node.args[0], ast.Name):
            assert node.args[0].id not in foreign, f"{path.name}:{node.lineno} setattr"


def test_the_checker_catches_a_patch(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from reportlab.pdfbase import pdfdoc\npdfdoc.PDFName = str\n")
    with pytest.raises(AssertionError, match="assigns an attribute of pdfdoc"):
        test_no_pickle_and_no_patched_library(bad)


@pytest.mark.parametrize(("layer", "forbidden"), [
    ("model.py", {"yaml", "reportlab"}),
    ("pose.py", {"yaml", "reportlab"}),
    ("select", {"yaml", "reportlab"}),
    ("pictures", {"yaml"}),
])
def test_import_direction(layer: str, forbidden: set[str]) -> None:
    target = PACKAGE / layer
    files = [target] if target.is_file() else sorted(target.rglob("*.py"))
    assert files
    for path in files:
        roots = {name.split(".")[0] for name in _imports(_tree(path))}
        assert not roots & forbidden, f"{path.name} imports {roots & forbidden}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_nothing_imports_the_command_line(path: Path) -> None:
    if path.name in ("cli.py", "__main__.py"):
        return
    assert not {"kneepdf.cli", "kneepdf.web"} & _imports(_tree(path)) or \
        path.is_relative_to(PACKAGE / "web")


def _kneepdf(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kneepdf", *args], capture_output=True,
                          text=True, env=env, check=False)


@pytest.mark.slow
def test_a_build_writes_its_pdf_and_nothing_else(tmp_path: Path) -> None:
    home, out = tmp_path / "home", tmp_path / "out"
    home.mkdir()
    out.mkdir()
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "PATH": "/usr/bin:/bin",
           "PYTHONDONTWRITEBYTECODE": "1"}
    done = _kneepdf("build", "--stage", "subacute", "--patient", "Ana Silva", "--date",
                    "2026-03-01", "-o", str(out / "ana.pdf"), env=env)
    assert done.returncode == 0, done.stderr
    assert list(home.rglob("*")) == []
    assert [p.name for p in out.iterdir()] == ["ana.pdf"]


# A matrix of handouts that differ in everything a clinician can choose.
CASES: list[list[str]] = [
    ["--stage", "acute"],
    ["--stage", "subacute", "--patient", "Zoë Núñez", "--side", "left"],
    ["--stage", "strength", "--side", "right", "--notes", "Ice after.\nRest on Sundays."],
    ["--stage", "return", "--style", "large-print"],
    ["--stage", "all", "--paper", "letter", "--clinician", "J. Okafor"],
    ["--stage", "2", "--drop", "release-calf", "--add", "step-up", "--dose", "step-up=3x15"],
    ["--stage", "subacute", "--style", "large-print", "--patient", "Łukasz O'Brien-Nguyễn",
     "--notes", "Short walks only. " * 6],
    ["--stage", "acute", "--condition", "mcl-sprain", "--clinic", "Riverside Physio"],
]


def _options(args: list[str]) -> tuple[Options, str]:
    """The CLI arguments of a case as library Options and the style name."""
    values: dict[str, object] = {"add": [], "drop": [], "dose": []}
    style = "default"
    for flag, value in zip(args[::2], args[1::2], strict=True):
        key = flag.lstrip("-").replace("-", "_")
        if key == "style":
            style = value
        elif key in ("add", "drop", "dose"):
            values[key] = [*values[key], value]  # type: ignore[misc]
        else:
            values[key] = value
    return Options(date="2026-03-01", **values), style  # type: ignore[arg-type]


@pytest.mark.slow
def test_one_process_gives_the_bytes_of_fresh_processes(tmp_path: Path) -> None:
    import datetime as dt

    order = list(range(len(CASES))) * 2
    random.Random(11).shuffle(order)
    inputs = {style: load_inputs(None, style) for style in ("default", "large-print")}
    in_process: dict[int, bytes] = {}
    for index in order:  # each case twice, in a shuffled order, all in this process
        options, style = _options(CASES[index])
        content, theme = inputs[style]
        data, _, _ = render(resolve(options, content, dt.date(2026, 3, 1)), content, theme)
        assert in_process.setdefault(index, data) == data
    for index, args in enumerate(CASES):
        out = tmp_path / f"case-{index}.pdf"
        done = _kneepdf("build", *args, "--date", "2026-03-01", "-o", str(out))
        assert done.returncode == 0, done.stderr
        assert out.read_bytes() == in_process[index], f"case {index}: {args}"


@pytest.mark.slow
def test_batch_gives_the_bytes_of_single_builds(tmp_path: Path) -> None:
    sheet = tmp_path / "rows.csv"
    sheet.write_text(
        "stage,patient,side,date,style,file\n"
        "acute,Ana Silva,left,2026-03-01,default,ana\n"
        "strength,Zoë Núñez,right,2026-03-01,large-print,zoe\n"
        "return,,,2026-03-01,default,anon\n", encoding="utf-8")
    done = _kneepdf("batch", str(sheet), "--out-dir", str(tmp_path / "batch"), "--jobs", "2")
    assert done.returncode == 0, done.stderr
    singles = [
        ("ana.pdf", ["--stage", "acute", "--patient", "Ana Silva", "--side", "left"]),
        ("zoe.pdf", ["--stage", "strength", "--patient", "Zoë Núñez", "--side", "right",
                     "--style", "large-print"]),
        ("anon.pdf", ["--stage", "return"]),
    ]
    for name, args in singles:
        out = tmp_path / f"single-{name}"
        single = _kneepdf("build", *args, "--date", "2026-03-01", "-o", str(out))
        assert single.returncode == 0, single.stderr
        assert (tmp_path / "batch" / name).read_bytes() == out.read_bytes(), name
