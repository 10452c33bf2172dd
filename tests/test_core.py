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
    ("theme.py", {"yaml", "reportlab", "click", "flask"}),
    ("options.py", {"yaml", "reportlab", "click", "flask"}),
    ("errors.py", {"yaml", "reportlab", "click", "flask"}),
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


# The package's own layers, bottom up: records (the model, the theme, the options, the
# errors), then the stages of the pipeline, then one handout, then the ways to ask for one.
# The stages talk through records: load and select serve `build` only, layout draws with
# pictures, write lays out; nothing imports a layer above its own.
LAYERS = {
    "kneepdf": "records", "kneepdf.errors": "records", "kneepdf.dose": "records",
    "kneepdf.pose": "records", "kneepdf.model": "records", "kneepdf.theme": "records",
    "kneepdf.options": "records", "kneepdf.quoting": "records", "kneepdf.load": "load",
    "kneepdf.select": "select",
    "kneepdf.readability": "select", "kneepdf.pictures": "pictures", "kneepdf.layout": "layout",
    "kneepdf.write": "write", "kneepdf.build": "build", "kneepdf.commands": "build",
    "kneepdf.batch": "front", "kneepdf.check": "front", "kneepdf.web": "front",
    "kneepdf.cli": "front", "kneepdf.clierrors": "front", "kneepdf.__main__": "front",
}
_STAGES = {"records", "load", "select", "pictures", "layout", "write", "build"}
MAY_IMPORT = {
    "records": {"records"},
    "load": {"records", "load"},
    "select": {"records", "select"},
    "pictures": {"records", "pictures"},
    "layout": {"records", "pictures", "layout"},
    "write": {"records", "pictures", "layout", "write"},
    "build": _STAGES,
    "front": {*_STAGES, "front"},
}


def _layer(module: str) -> str:
    """The layer of a module: its own entry, else its package's (kneepdf.load.yamlio: load)."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in LAYERS:
            return LAYERS[".".join(parts[:n])]
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def _module(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _own_imports(root: Path) -> dict[str, dict[str, int]]:
    """Each module of the package at `root` -> the package's modules it imports (any import,
    at the top, in a function or for type checking only) and the line of each."""
    out: dict[str, dict[str, int]] = {}
    for path in sorted(root.rglob("*.py")):
        found = out.setdefault(_module(path, root), {})
        for node in ast.walk(_tree(path)):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] == root.name:
                    found.setdefault(name, node.lineno)
    return out


def layer_violations(root: Path) -> list[str]:
    """`module:line imports module (layer a -> layer b)` for each import against the layers."""
    out = []
    for module, imported in _own_imports(root).items():
        for name, line in imported.items():
            if _layer(name) not in MAY_IMPORT[_layer(module)]:
                out.append(f"{module}:{line} imports {name} "
                           f"({_layer(module)} -> {_layer(name)})")
    return out


def package_cycle(root: Path) -> list[str]:
    """A cycle of imports between the package's parts (each folder, each top-level module),
    as the parts in order, or [] when there is none."""
    def part(module: str) -> str:
        return ".".join(module.split(".")[:2])

    graph: dict[str, set[str]] = {}
    for module, imported in _own_imports(root).items():
        graph.setdefault(part(module), set()).update(
            part(n) for n in imported if part(n) != part(module))
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str]:
        if node in path:
            return [*path[path.index(node):], node]
        if node in done:
            return []
        for nxt in sorted(graph.get(node, ())):
            found = visit(nxt, [*path, node])
            if found:
                return found
        done.add(node)
        return []

    for start in sorted(graph):
        found = visit(start, [])
        if found:
            return found
    return []


def test_no_import_runs_against_the_layers() -> None:
    assert layer_violations(PACKAGE) == []


def test_no_cycle_between_the_package_parts() -> None:
    assert package_cycle(PACKAGE) == []


def _fake_package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "kneepdf"
    for name, text in {"__init__.py": "", **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_the_layer_check_catches_an_upward_import(tmp_path: Path) -> None:
    root = _fake_package(tmp_path, {
        "model.py": "", "load/__init__.py": "", "layout/__init__.py": "",
        "load/styles.py": "from kneepdf.model import Theme\n",  # down: fine
        "layout/kit.py": "import os\n\ndef f():\n    from kneepdf.load.styles import MM\n",
    })
    assert layer_violations(root) == [
        "kneepdf.layout.kit:4 imports kneepdf.load.styles (layout -> load)"]


def test_the_cycle_check_catches_a_cycle(tmp_path: Path) -> None:
    root = _fake_package(tmp_path, {
        "layout/__init__.py": "", "load/__init__.py": "", "pictures/__init__.py": "",
        "layout/kit.py": "from kneepdf.load import styles\n",
        "load/poses.py": "from kneepdf.pictures import skeleton\n",
        "pictures/render.py": "from kneepdf.layout.fonts import font_set\n",
    })
    assert package_cycle(root) == ["kneepdf.layout", "kneepdf.load", "kneepdf.pictures",
                                   "kneepdf.layout"]
    (root / "pictures" / "render.py").write_text("")
    assert package_cycle(root) == []


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
    ["--stage", "2", "--drop", "foot-turns-sitting", "--add", "step-up", "--dose",
     "step-up=3x15"],
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
    from kneepdf.reuse import Reuse

    inputs = {style: load_inputs(None, style) for style in ("default", "large-print")}
    reuse = Reuse()  # as a batch worker or the server keeps it: pictures, lines, fonts
    in_process: dict[int, bytes] = {}
    for index in order:  # each case twice, in a shuffled order, all in this process
        options, style = _options(CASES[index])
        content, theme = inputs[style]
        data, _, _ = render(resolve(options, content, dt.date(2026, 3, 1)), content, theme,
                            reuse)
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


def cli_sizes(path: Path) -> tuple[int, dict[str, int]]:
    """The file's lines, and each Click command's body in lines (its docstring left out)."""
    tree = _tree(path)
    bodies = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute)
                and d.func.attr == "command" for d in node.decorator_list):
            body = node.body[1:] if ast.get_docstring(node) is not None else node.body
            bodies[node.name] = (body[-1].end_lineno or 0) - body[0].lineno + 1
    return len(path.read_text(encoding="utf-8").splitlines()), bodies


def test_the_command_line_stays_thin() -> None:
    lines, bodies = cli_sizes(PACKAGE / "cli.py")
    assert lines < 300
    assert set(bodies) == {"build", "batch", "check", "pictures", "serve", "stages", "exercises"}
    assert {name: n for name, n in bodies.items() if n > 25} == {}


def test_the_size_check_measures_command_bodies(tmp_path: Path) -> None:
    fat = tmp_path / "cli.py"
    fat.write_text("@cli.command()\ndef build() -> None:\n    \"\"\"Doc.\n\n    More.\"\"\"\n"
                   + "    x = 1\n" * 26 + "\n\ndef helper() -> None:\n    pass\n")
    assert cli_sizes(fat) == (35, {"build": 26})
