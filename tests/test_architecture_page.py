"""docs/architecture.md matches the code: every module of ``lca/`` is in "What each module owns", every
module it names exists, and every function or class its tables name is importable where they say."""

from __future__ import annotations

import fnmatch
import importlib
import re

import pytest

from tests.test_architecture import DOC, PACKAGE, module_files

FILES = module_files(PACKAGE)


def _section(title: str) -> str:
    if not DOC.exists():
        pytest.skip("docs/ is not in this distribution (it is in the repository)")
    return DOC.read_text(encoding="utf-8").split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def _first_cells(section: str) -> list[str]:
    rows = [
        line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| Module")
    ]
    return [
        row.strip("|").split("|")[0] for row in rows if not set(row.strip("|").split("|")[0].strip()) <= {"-"}
    ]


def owned_patterns() -> list[str]:
    """Full module names (or fnmatch patterns) of the first column of "What each module owns"."""
    names = [
        n for cell in _first_cells(_section("What each module owns")) for n in re.findall(r"`([^`]+)`", cell)
    ]
    return [n if n == PACKAGE.name else f"{PACKAGE.name}.{n}" for n in names]


def test_every_module_is_described_and_every_name_is_a_module():
    patterns = owned_patterns()
    modules = {
        m for m, path in FILES.items() if path.read_text(encoding="utf-8").strip()
    }  # not empty packages
    missing = sorted(m for m in modules if not any(fnmatch.fnmatchcase(m, p) for p in patterns))
    unknown = sorted(p for p in patterns if not any(fnmatch.fnmatchcase(m, p) for m in FILES))
    assert not missing, f"modules not in 'What each module owns': {missing}"
    assert not unknown, f"names in 'What each module owns' that are no module: {unknown}"


def _resolve(reference: str) -> object:
    """The object named ``lca.kernel.line_impacts``, ``engine_lines.reject_lines`` (relative to lca)…"""
    name = reference if reference.startswith(f"{PACKAGE.name}.") else f"{PACKAGE.name}.{reference}"
    module = name
    while module not in FILES:
        module = module.rpartition(".")[0]
        if not module:
            raise AssertionError(f"{reference}: no such module")
    found: object = importlib.import_module(module)
    for attribute in filter(None, name[len(module) :].split(".")):
        found = getattr(found, attribute)
    return found


def test_the_code_the_rules_table_names_exists():
    section = _section("Where each rule of DESIGN §5 lives")
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| Rule")]
    references = [r for row in rows for r in re.findall(r"`([\w.]+)`", row.strip("|").split("|")[1])]
    assert len(references) > 15
    for reference in references:
        assert _resolve(reference) is not None, reference


def test_the_names_of_where_to_add_exist():
    text = _section("Where to add …")
    references = set(re.findall(r"`(lca\.[\w.]+)`", text))
    assert "lca.plots.export.chart_specs" in references
    for reference in sorted(references):
        assert _resolve(reference) is not None, reference


def test_the_functions_docs_calculation_points_to_exist():
    calculation = DOC.parent / "calculation.md"
    if not calculation.exists():
        pytest.skip("docs/ is not in this distribution (it is in the repository)")
    section = (
        calculation.read_text(encoding="utf-8").split("### Where each rule lives", 1)[1].split("\n#", 1)[0]
    )
    references = re.findall(r"`(lca\.[\w.]+):([\w.]+)`", section)
    assert len(references) > 15
    for module, name in references:
        assert _resolve(f"{module}.{name}") is not None, f"{module}:{name}"
