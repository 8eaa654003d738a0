"""lca — building life-cycle assessment (EN 15978 / EN 15804+A2 / RE2020) from spreadsheet inventories.

>>> import lca
>>> project = lca.read_project("datasets/examples/maison_individuelle.xlsx")  # doctest: +SKIP
>>> results = lca.compute(project)  # doctest: +SKIP
>>> results.by_module()  # doctest: +SKIP
>>> lca.report.write_report(results, "rapport.xlsx")  # doctest: +SKIP

The submodules that are not needed to compute (``lca.report``, ``lca.plots``, ``lca.energy``...) are
imported on first access (PEP 562), so ``import lca`` does not pay for them.
"""

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from lca.compare import Comparison, compare, emission_timeline
from lca.engine import compute, line_impacts, replacements
from lca.errors import FactorNotFoundError, InputError, Issue, LCAError, LCAWarning, UnitError
from lca.factors import FactorTable, default_factors, load_table, read_factors, stack
from lca.indicators import INDICATORS, MODULES
from lca.io.workbook import read_project
from lca.model import Project, Variant
from lca.results import RESULT_COLUMNS, Results

try:
    __version__ = version("lca")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

#: Submodules reachable as attributes after ``import lca`` alone (``lca.report.write_report``...).
#: ``lca.compare`` stays the function; the module is ``importlib.import_module("lca.compare")``.
_SUBMODULES = frozenset(
    {
        "cli",
        "conversions",
        "datasets",
        "energy",
        "engine",
        "errors",
        "factors",
        "indicators",
        "io",
        "methods",
        "model",
        "plot_style",
        "plots",
        "report",
        "results",
        "search",
        "summary",
        "testing",
        "transport",
        "units",
    }
)


def __getattr__(name: str) -> Any:
    """Import a submodule on first access: ``lca.plots``, ``lca.report``, ``lca.methods``..."""
    if name in _SUBMODULES:
        return importlib.import_module(f"lca.{name}")  # the import also binds it on the package
    raise AttributeError(f"module 'lca' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_SUBMODULES})


__all__ = [
    "INDICATORS",
    "MODULES",
    "RESULT_COLUMNS",
    "Comparison",
    "FactorNotFoundError",
    "FactorTable",
    "InputError",
    "Issue",
    "LCAError",
    "LCAWarning",
    "Project",
    "Results",
    "UnitError",
    "Variant",
    "compare",
    "compute",
    "default_factors",
    "emission_timeline",
    "line_impacts",
    "load_table",
    "read_factors",
    "read_project",
    "replacements",
    "stack",
    "uncertainty",
]


def __getattr__(name: str) -> object:
    """Lazy names: ``lca.uncertainty`` loads the Monte Carlo code on first use, not at ``import lca``."""
    if name == "uncertainty":
        from lca.montecarlo import uncertainty

        return uncertainty
    raise AttributeError(f"module 'lca' has no attribute {name!r}")
