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
import importlib.util
from typing import Any

import lca.i18n  # noqa: F401  (registers how lca.errors renders a message in a language)
from lca.compare import Comparison, compare, emission_timeline
from lca.engine import compute, line_impacts, replacements
from lca.errors import FactorNotFoundError, InputError, Issue, LCAError, LCAWarning, UnitError
from lca.factors import FactorTable, default_factors, load_table, read_factors, stack
from lca.indicators import INDICATORS, MODULES
from lca.io.workbook import read_project
from lca.model import Project, Variant
from lca.results import RESULT_COLUMNS, Results


def __getattr__(name: str) -> Any:
    """Lazy names: submodules (``lca.report``, ``lca.plots``...), ``lca.uncertainty``, ``__version__``.

    ``lca.uncertainty`` is the Monte Carlo function (its code lives in ``lca.montecarlo``); ``lca.compare``
    stays the function, the module is ``importlib.import_module("lca.compare")``.
    """
    if name == "__version__":  # importlib.metadata costs 40 ms at start-up: read on first use
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("lca")
        except PackageNotFoundError:  # running from a source tree that is not installed
            found = "0+unknown"
        globals()["__version__"] = found
        return found
    if name == "uncertainty":
        from lca.montecarlo import uncertainty

        return uncertainty
    if not name.startswith("_") and importlib.util.find_spec(f"lca.{name}") is not None:
        return importlib.import_module(f"lca.{name}")  # the import also binds it on the package
    raise AttributeError(f"module 'lca' has no attribute {name!r}")


def __dir__() -> list[str]:
    import pkgutil

    return sorted({*globals(), *(m.name for m in pkgutil.iter_modules(__path__)), "uncertainty"})


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
