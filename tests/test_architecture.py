"""The shape of lca: no import circle, and data flowing one way through the layers (docs/architecture.md).

The imports are read statically (``ast``) from every module of ``lca/``: module-level AND function-level
imports count (a lazy import is still a dependency). Imports under ``if TYPE_CHECKING:`` are left out:
they only name types for annotations and never run. ``from lca import name`` counts as an import of the
module that defines ``name`` (the package re-exports it); the package's metadata (``__version__``) is
not an import of anything.

The layer map below is the one of docs/architecture.md ("Layers"); a test checks that both agree.
"""

from __future__ import annotations

import ast
import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lca"
DOC = ROOT / "docs" / "architecture.md"

#: Layers, lowest first: a module imports only modules of its own layer or of a lower one. Patterns are
#: module names or fnmatch patterns; the most specific pattern of a module decides its layer (an exact
#: name beats a pattern, a longer pattern a shorter one).
LAYERS: dict[str, tuple[str, ...]] = {
    "base": (
        "lca._text", "lca.errors", "lca.i18n", "lca.i18n.*", "lca.indicators", "lca.units", "lca.limits",
        "lca.datasets", "lca.plausibility", "lca.terminal",
    ),
    "model/factors": (
        "lca.model", "lca.factor_table", "lca.results", "lca.sums", "lca.energy",
    ),
    "io": ("lca.io", "lca.io.*", "lca.factors", "lca.search"),
    "engine": (
        "lca.engine_*", "lca.kernel", "lca.conversions", "lca.transport", "lca.service_life", "lca.biogenic",
        "lca.checks", "lca.timeline",
    ),
    "compare/methods": ("lca.compare", "lca.methods", "lca.methods.*"),
    "pipeline": ("lca.engine", "lca.validation", "lca.montecarlo", "lca.montecarlo.*"),
    "plots/report": (
        "lca.plots", "lca.plots.*", "lca.plots_*", "lca.plot_style", "lca.report", "lca.report.*",
        "lca.report_*", "lca.summary", "lca.factor_display", "lca.factor_names", "lca.methods.re2020_plot",
        "lca.io.template", "lca.io.template_columns",
    ),
    "cli/web": ("lca", "lca.cli", "lca.cli_*", "lca.web", "lca.web.*", "lca.testing"),
}  # fmt: skip


@dataclass(frozen=True)
class Import:
    """``module`` imports ``target`` at ``line`` of its file."""

    module: str
    target: str
    line: int


def module_files(package: Path) -> dict[str, Path]:
    """Module name -> file of every module of ``package`` (a package is its ``__init__.py``)."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """Ids of the nodes under ``if TYPE_CHECKING:`` (or ``typing.TYPE_CHECKING``)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            for child in node.body:
                inside.update(id(n) for n in ast.walk(child))
    return inside


def _facade_names(files: dict[str, Path], root: str) -> dict[str, str]:
    """Name -> defining module of what the root package imports at its top level."""
    tree = ast.parse(files[root].read_text(encoding="utf-8"))
    return {
        alias.asname or alias.name: node.module
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
        for alias in node.names
    }


def imports(package: Path) -> list[Import]:
    """Every import of a module of ``package`` by a module of ``package``, TYPE_CHECKING blocks left out."""
    files = module_files(package)
    root = package.name
    facade = _facade_names(files, root) if root in files else {}

    def owner(name: str) -> str | None:  # the module of a dotted name (a module, or a name in one)
        while name and name not in files:
            name = name.rpartition(".")[0]
        return name or None

    found = []
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        skip = _type_checking_nodes(tree)
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            targets: list[str | None] = []
            if isinstance(node, ast.Import):
                targets = [owner(a.name) for a in node.names if a.name.split(".")[0] == root]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative import
                    parent = module if path.name == "__init__.py" else module.rpartition(".")[0]
                    for _ in range(node.level - 1):
                        parent = parent.rpartition(".")[0]
                    base = f"{parent}.{base}" if node.module else parent
                if base.split(".")[0] != root:
                    continue
                for alias in node.names:
                    if base == root and alias.name not in files.keys() - {root}:
                        if f"{root}.{alias.name}" in files:
                            targets.append(f"{root}.{alias.name}")
                        elif alias.name in facade:
                            targets.append(owner(facade[alias.name]))
                        elif not (alias.name.startswith("__") and alias.name.endswith("__")):
                            targets.append(root)  # a name the package builds itself
                        continue
                    name = f"{base}.{alias.name}"
                    targets.append(name if name in files else owner(base))
            found += [Import(module, t, node.lineno) for t in targets if t and t != module]
    return found


def circles(edges: list[Import]) -> list[list[str]]:
    """Each import circle as a path ``[a, b, …, a]``: one per strongly connected group of modules."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.module, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    out = []
    for group in groups:  # a shortest circle through the group's first module
        start = min(group)
        paths = {start: [start]}
        frontier = [start]
        while frontier and not any(start in graph[v] for v in frontier):
            nxt = []
            for v in frontier:
                for w in sorted(graph[v] & group):
                    if w not in paths:
                        paths[w] = [*paths[v], w]
                        nxt.append(w)
            frontier = nxt
        last = min(v for v in frontier if start in graph[v])
        out.append([*paths[last], start])
    return sorted(out)


def layer_of(module: str, layers: dict[str, tuple[str, ...]] = LAYERS) -> str | None:
    """The layer of ``module``: its most specific pattern's (None: in no layer)."""
    best: tuple[tuple[int, int], str] | None = None
    for layer, patterns in layers.items():
        for pattern in patterns:
            if fnmatch.fnmatchcase(module, pattern):
                rank = (pattern == module, len(pattern))
                if best is None or rank > best[0]:
                    best = (rank, layer)
    return best[1] if best else None


def upward(edges: list[Import], layers: dict[str, tuple[str, ...]] = LAYERS) -> list[str]:
    """Every import of a module of a higher layer, as a sentence."""
    order = list(layers)
    out = []
    for e in edges:
        a, b = layer_of(e.module, layers), layer_of(e.target, layers)
        if a and b and order.index(b) > order.index(a):
            out.append(f"{e.module} ({a}) imports {e.target} ({b}) at line {e.line}")
    return sorted(set(out))


# ----------------------------------------------------------------------------------------- lca itself
EDGES = imports(PACKAGE)


def test_no_import_circle():
    found = circles(EDGES)
    assert not found, "import circles: " + "; ".join(" → ".join(c) for c in found)


def test_every_module_has_a_layer():
    missing = sorted(m for m in module_files(PACKAGE) if layer_of(m) is None)
    assert not missing, f"modules in no layer of LAYERS (add them, and to docs/architecture.md): {missing}"


def test_data_flows_one_way():
    found = upward(EDGES)
    assert not found, "a lower layer imports a higher one:\n" + "\n".join(found)


def test_the_architecture_page_has_the_same_layers():
    if not DOC.exists():
        pytest.skip("docs/ is not in this distribution (it is in the repository)")
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| Layer")]
    documented = {}
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        if set(cells[0]) <= {"-", ":"}:
            continue
        documented[cells[1].strip("`")] = tuple(re.findall(r"`([^`]+)`", cells[2]))
    assert documented == LAYERS


# --------------------------------------------------------------------------- the walker on a small package
def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    package = tmp_path / "pkg"
    for name, text in {"__init__.py": "", **files}.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_a_function_level_circle_is_found_and_named(tmp_path):
    package = _package(
        tmp_path,
        {
            "a.py": "from pkg import b\n",
            "b.py": "def f():\n    from pkg.sub.c import g\n    return g\n",
            "sub/__init__.py": "",
            "sub/c.py": "import pkg.a\n",
            "d.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import x\n",
        },
    )
    edges = imports(package)
    assert Import("pkg.b", "pkg.sub.c", 2) in edges
    assert not [e for e in edges if e.module == "pkg.d"]  # TYPE_CHECKING imports are left out
    assert circles(edges) == [["pkg.a", "pkg.b", "pkg.sub.c", "pkg.a"]]


def test_relative_and_facade_imports(tmp_path):
    package = _package(
        tmp_path,
        {
            "__init__.py": "from pkg.low import run\n",
            "low.py": "def run():\n    pass\n",
            "high.py": "from . import low\nfrom pkg import run, __version__\n",
            "sub/__init__.py": "",
            "sub/x.py": "from ..high import y\n",
        },
    )
    edges = {(e.module, e.target) for e in imports(package)}
    assert edges == {("pkg", "pkg.low"), ("pkg.high", "pkg.low"), ("pkg.sub.x", "pkg.high")}
    assert circles(imports(package)) == []


def test_an_upward_import_is_reported():
    layers = {"low": ("pkg.low", "pkg.sub.*"), "high": ("pkg.high",)}
    edges = [Import("pkg.low", "pkg.high", 3), Import("pkg.high", "pkg.sub.x", 1)]
    assert upward(edges, layers) == ["pkg.low (low) imports pkg.high (high) at line 3"]
    assert layer_of("pkg.sub.x", layers) == "low" and layer_of("pkg.other", layers) is None
