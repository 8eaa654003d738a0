"""Plain-text summaries for the terminal: a project's results, a factor's values and provenance."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lca.factors import FactorTable
from lca.indicators import DEFAULT_INDICATOR, INDICATORS, MODULES
from lca.results import SCOPES, Results
from lca.units import pretty_unit

_MAX_ISSUES = 25


def _fmt(value: float, digits: int = 0) -> str:
    if value is None or not np.isfinite(value):
        return "n/a"
    return f"{value:,.{digits}f}".replace(",", " ")


def format_summary(results: Results, indicator: str | None = None) -> str:
    """A readable summary: per variant total, per m², per m²·yr, per dwelling, by module, by lot, issues.

    Parameters
    ----------
    results
        The computed results.
    indicator
        Indicator shown (default GWP-total, else the first computed).
    """
    if indicator is None and results.indicators:
        indicator = DEFAULT_INDICATOR if DEFAULT_INDICATOR in results.indicators else results.indicators[0]
    project = results.project
    out = [
        f"Project: {project.name}",
        f"  reference area {_fmt(project.reference_area or np.nan, 1)} m², "
        f"{project.dwellings or 'n/a'} dwelling(s), study period {results.study_period:g} years, "
        f"method {results.method}, replacements '{results.replacement_rule}'",
    ]
    if len(results.lines):
        out += _factors_lines(results)
    if indicator is None:
        out.append("No line could be computed.")
        return "\n".join(out + _issue_lines(results)) + "\n"
    unit = INDICATORS[indicator]
    total, per_m2, per_year, per_dw = (
        results.total()[indicator],
        results.per_m2()[indicator],
        results.per_m2_year()[indicator],
        results.per_dwelling()[indicator],
    )
    out += ["", *_scope_lines(results, indicator, unit)]
    d = results.module_d()[indicator]
    head = pd.DataFrame(
        {
            f"total [{unit}]": total.map(_fmt),
            f"per m² [{unit}/m²]": per_m2.map(lambda v: _fmt(v, 1)),
            f"per m²·yr [{unit}/(m²·yr)]": per_year.map(lambda v: _fmt(v, 2)),
            f"per dwelling [{unit}]": per_dw.map(_fmt),
            f"D (not in total) [{unit}]": d.map(_fmt),
        }
    )
    counts = results.line_counts
    head["lines computed"] = [f"{c}/{n}" for c, n in zip(counts["computed"], counts["count"], strict=True)]
    out += ["", f"{indicator} over {results.study_period:g} years, per variant:", head.to_string()]
    modules = (
        results.by_module()[indicator]
        .unstack("variant")
        .reindex([m for m in MODULES if m in results.by_module().index.get_level_values("module")])
    )
    out += ["", f"By module [{unit}]:", _table(modules.reindex(columns=results.variants).map(_fmt))]
    lots = results.by_lot()[indicator].unstack("variant").fillna(0.0)
    lots = lots.reindex(sorted(lots.index, key=_lot_order))
    out += ["", f"By lot [{unit}]:", _table(lots.reindex(columns=results.variants).map(_fmt))]
    if results.method == "re2020":
        from lca.methods.re2020 import format_re2020

        out += ["", format_re2020(results)]
    return "\n".join(out + _issue_lines(results)) + "\n"


#: Labels of :data:`lca.results.SCOPES` in the terminal summary.
SCOPE_LABELS = {
    "products": "construction products and equipment",
    "energy": "energy use (B6)",
    "water": "water use (B7)",
}


def _scope_lines(results: Results, indicator: str, unit: str) -> list[str]:
    """What the total contains, per m² when there is a reference area (products first: the figure a
    project manager reads first), else over the whole building."""
    per_m2 = bool(results.project.reference_area and results.project.reference_area > 0)
    frame = results.by_scope_per_m2() if per_m2 else results.by_scope()
    table = frame[indicator].unstack("variant").reindex(index=list(SCOPES), columns=results.variants)
    table = table.rename(index=SCOPE_LABELS)
    table.loc["total"] = table.sum(axis=0)
    table.index.name = None
    if per_m2:
        head = f"{indicator} per m² of reference area over {results.study_period:g} years [{unit}/m²]:"
        return [head, table.map(lambda v: _fmt(v, 1)).to_string()]
    head = f"{indicator} over {results.study_period:g} years [{unit}] (no reference area: not per m²):"
    return [head, table.map(_fmt).to_string()]


def _factors_lines(results: Results) -> list[str]:
    """The factors used by EN 15804 version, and how many have expired (``12 of 40 factors used
    expired in 2022``)."""
    from lca.checks import expired_summary, standards_used

    counts = standards_used(results)
    standards = ", ".join(f"{k or 'standard not given'}: {n}" for k, n in counts.items())
    out = [f"  factors: {int(counts.sum())} used ({standards})"]
    expired = expired_summary(results)
    if expired:
        out.append(f"  {expired} (valid_until); the report's data-quality sheet lists them")
    return out


def _table(frame: pd.DataFrame) -> str:
    return frame.to_string() if len(frame) else "  (no line computed)"


def _lot_order(lot: str) -> tuple[int, str]:
    head = lot.split()[0] if lot else ""
    return (int(head), lot) if head.isdigit() else (999, lot)


def _issue_lines(results: Results) -> list[str]:
    issues = results.issues
    if not issues:
        return ["", "No issues."]
    levels = pd.Series([i.level for i in issues]).value_counts()
    out = ["", "Issues: " + ", ".join(f"{n} {lvl}{'s' if n > 1 else ''}" for lvl, n in levels.items())]
    order = {"error": 0, "warning": 1, "info": 2}
    # the same note on many lines (e.g. a default service life) is one entry naming its lines
    groups: dict[tuple[str, str, str | None, str | None], list] = {}
    for issue in sorted(issues, key=lambda i: order[i.level]):
        groups.setdefault((issue.level, issue.message, issue.column, issue.sheet), []).append(issue)
    for same in list(groups.values())[:_MAX_ISSUES]:
        if len(same) == 1:
            out.append(f"  {same[0]}")
            continue
        ids = [str(i.line_id) for i in same if i.line_id is not None]
        named = ", ".join(ids[:8]) + (f" and {len(ids) - 8} more" if len(ids) > 8 else "")
        first = same[0]
        where = "".join(f"{k} {v!r}, " for k, v in (("sheet", first.sheet), ("column", first.column)) if v)
        out.append(f"  [{first.level}] {where}{len(same)} lines ({named}): {first.message}")
    if len(groups) > _MAX_ISSUES:
        out.append(f"  ... {len(groups) - _MAX_ISSUES} more (use --format json to see them all)")
    return out


def format_factor(table: FactorTable, factor_id: str) -> str:
    """All modules and indicators of a factor, its conversions and its provenance, as text."""
    info, wide = table.factor(factor_id)
    amount, unit = info["declared_amount"], pretty_unit(str(info["declared_unit"]))
    out = [f"{factor_id}: {info['name']}", f"  declared unit: {amount:g} {unit}"]
    for key, value in info.drop(["name", "declared_amount", "declared_unit"]).items():
        if value is not None and not (isinstance(value, float) and np.isnan(value)):
            out.append(f"  {key}: {value}")
    out += ["", f"Values per {amount:g} {unit}:", wide.to_string()]
    return "\n".join(out)
