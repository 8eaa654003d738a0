"""The factor tables import one way (issue #15): the table (lca.factor_table) imports no reader, the readers
(lca.io.factor_tables, lca.io.factor_rows) import the table, lca.factors imports both; no circle passes
through them, counting the imports inside functions too."""

from __future__ import annotations

import ast
from pathlib import Path

import lca

ROOT = Path(lca.__file__).parent
FACTOR_MODULES = {"lca.factor_table", "lca.factors", "lca.io.factor_tables", "lca.io.factor_rows"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Each module of lca and the lca modules it imports anywhere in its code (``lca`` itself left out:
    every module's package)."""
    modules = {module_name(p): p for p in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found |= {f"{node.module}.{a.name}" for a in node.names}
        graph[name] = {m for m in found if m in modules and m != "lca"}
    return graph


def reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        for nxt in graph[todo.pop()] - seen:
            if nxt == goal:
                return True
            seen.add(nxt)
            todo.append(nxt)
    return False


def test_the_factor_table_imports_no_reader_and_no_circle_passes_through_the_factor_modules():
    graph = imports()
    assert "lca.io.factor_tables" not in graph["lca.factor_table"]
    assert "lca.factors" not in graph["lca.io.factor_tables"] | graph["lca.io.factor_rows"]
    assert {"lca.factor_table", "lca.io.factor_tables"} <= graph["lca.factors"]
    circles = sorted(m for m in FACTOR_MODULES if reaches(graph, m, m))
    assert circles == []


def test_the_public_names_stay_importable_from_their_places():
    from lca import factors
    from lca.factor_table import FILE_COLUMNS, FactorTable, stack
    from lca.io.factor_tables import parse_factor_frame

    assert factors.FactorTable is FactorTable and factors.stack is stack
    assert factors.FILE_COLUMNS is FILE_COLUMNS and FILE_COLUMNS[:4] == [
        "factor_id",
        "module",
        "indicator",
        "value",
    ]
    table, issues = FactorTable.from_frame(
        __import__("pandas").DataFrame({"id": ["f"], "unité": ["kg"], "A1-A3": [2.5]}), "t"
    )
    assert issues == [] and table.values["value"].tolist() == [2.5]
    assert parse_factor_frame.__module__ == "lca.io.factor_tables"
