"""lca — building life-cycle assessment (EN 15978 / EN 15804+A2 / RE2020) from spreadsheet inventories.

>>> import lca
>>> project = lca.read_project("datasets/examples/maison_individuelle.xlsx")  # doctest: +SKIP
>>> results = lca.compute(project)  # doctest: +SKIP
>>> results.by_module()  # doctest: +SKIP
"""

from lca.compare import Comparison, compare, emission_timeline
from lca.engine import compute, line_impacts, replacements
from lca.errors import FactorNotFoundError, InputError, Issue, LCAError, LCAWarning, UnitError
from lca.factors import FactorTable, default_factors, load_table, read_factors, stack
from lca.indicators import INDICATORS, MODULES
from lca.io.workbook import read_project
from lca.model import Project, Variant
from lca.results import RESULT_COLUMNS, Results


def __getattr__(name: str) -> str:
    """``lca.__version__``, read from the installed metadata on first use (importlib.metadata costs
    40 ms at start-up)."""
    if name != "__version__":
        raise AttributeError(f"module 'lca' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("lca")
    except PackageNotFoundError:  # running from a source tree that is not installed
        found = "0+unknown"
    globals()["__version__"] = found
    return found


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
]
