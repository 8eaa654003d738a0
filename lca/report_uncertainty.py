"""The uncertainty sheet of the Excel report: moved to :mod:`lca.report.uncertainty` (kept importable)."""

from lca.report.uncertainty import write_uncertainty_sheet

__all__ = ["write_uncertainty_sheet"]
