"""From an upload to what the pages show: compute, compare, and turn the results into display rows.

Everything here works on one upload and keeps nothing: :func:`analyse` reads the workbook inside a
private temporary folder that is gone when it returns, and the page builders return plain dicts and
lists of already formatted strings for the templates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from lca.compare import Comparison, compare
from lca.errors import Issue
from lca.indicators import DEFAULT_INDICATOR, INDICATORS, MODULES
from lca.plot_style import lot_order
from lca.results import SCOPES, Results
from lca.units import pretty_unit
from lca.web.texts import capitalised, format_quantity, label, translate
from lca.web.upload import sniff, workspace

#: Largest number of issues listed on the page (the report and the JSON hold them all).
MAX_ISSUES_SHOWN = 500
#: Elements listed per variant among the drivers of a difference.
MAX_DRIVERS = 8
#: Methods offered by the page.
METHODS = ("en15978", "re2020")
TOTAL_LABEL = "Total (D excluded)"
RE2020_DISCLAIMER = (
    "A transparent pre-design estimate, not a regulatory RE2020 calculation (the engine is not an "
    "evaluated one)."
)


@dataclass
class Analysis:
    """One computation of one upload.

    Attributes
    ----------
    results
        The results, issues located with the uploaded file's shown name instead of the workspace's path.
    comparison
        Every variant against the first (the same comparison as ``lca compare``).
    name
        The uploaded file's name as shown back to its sender.
    """

    results: Results
    comparison: Comparison
    name: str


def analyse(data: bytes, name: str, *, method: str | None = None, period: float | None = None) -> Analysis:
    """Check, read and compute an upload, then forget the file.

    Parameters
    ----------
    data
        The uploaded bytes.
    name
        The uploaded file's name, cleaned (only shown, never used as a path).
    method
        ``en15978`` or ``re2020``; None keeps the workbook's.
    period
        Study period; None keeps the workbook's (else 50). [years]

    Raises
    ------
    LCAError
        The upload is not a workbook, cannot be read, or the method cannot apply to it.
    """
    from lca import compute, read_project

    kind = sniff(data)
    with workspace(data, kind) as path:
        project = read_project(path)
        project.file = name
        project.issues = [_located(i, name) for i in project.issues]
        results = compute(project, method=method, study_period=period)
    results.issues = [_located(i, name) for i in results.issues]
    return Analysis(results, compare(results), name)


def _located(issue: Issue, name: str) -> Issue:
    """The issue naming the uploaded file instead of the private workspace path."""
    return replace(issue, file=name) if issue.file else issue


# ----------------------------------------------------------------------------------- display rows
def headline(results: Results) -> str:
    """The indicator the pages show (GWP-total when it was computed)."""
    if DEFAULT_INDICATOR in results.indicators or not results.indicators:
        return DEFAULT_INDICATOR
    return results.indicators[0]


def fmt(value: Any, lang: str, kind: str = "total", *, sign: bool = False) -> str:
    """A number as the CLI writes it in ``lang``, with the precision of its ``kind`` of quantity
    (:data:`lca.i18n.numbers.QUANTITY_FORMATS`); a missing one as the CLI's "n/a"."""
    text = format_quantity(value, lang, kind)
    if (
        sign
        and isinstance(value, (int, float, np.integer, np.floating))
        and math.isfinite(value)
        and value > 0
    ):
        text = "+" + text
    return text


def _cell(value: Any, lang: str, kind: str = "total", *, sign: bool = False) -> dict[str, Any]:
    """A table cell: the text shown and the exact value (``data-value``, for tests and copy-paste)."""
    exact = float(value) if value is not None and np.isfinite(value) else None
    return {"text": fmt(exact, lang, kind, sign=sign), "value": "" if exact is None else repr(exact)}


def results_page(analysis: Analysis, lang: str) -> dict[str, Any]:
    """What the Résultats page shows: per variant the headline figures by scope, lot and module, the
    RE2020 verdicts when computed, and the issues."""
    results = analysis.results
    project = results.project
    ind = headline(results)
    unit = pretty_unit(INDICATORS.get(ind, ""))
    area = project.reference_area if project.reference_area and project.reference_area > 0 else None
    variants = results.variants
    page: dict[str, Any] = {
        "indicator": ind,
        "unit": unit,
        "has_area": area is not None,
        "project": _project_rows(analysis, lang),
        "variants": [],
        "lots": [],
        "modules": [],
        "re2020": None,
        "issues": _issue_rows(results.issues, lang),
        "issues_hidden": max(0, len(results.issues) - MAX_ISSUES_SHOWN),
        "counts": {
            level: sum(i.level == level for i in results.issues) for level in ("error", "warning", "info")
        },
    }
    if not results.indicators:
        return page
    descriptions = {v.name: v.description for v in project.variants}
    scope = results.by_scope()[ind]
    total, per_m2 = results.total()[ind], results.per_m2()[ind]
    module_d = results.module_d()[ind]
    counts = results.line_counts
    for name in variants:
        rows = []
        for key in (*SCOPES, "total"):
            value = total[name] if key == "total" else scope[(name, key)]
            rows.append(
                {
                    "key": key,
                    "label": translate(TOTAL_LABEL, lang) if key == "total" else _scope_label(key, lang),
                    "per_m2": _cell(value / area if area else None, lang, "per_m2"),
                    "total": _cell(value, lang),
                }
            )
        page["variants"].append(
            {
                "name": name,
                "description": descriptions.get(name, ""),
                "per_m2": _cell(per_m2[name] if area else None, lang, "per_m2"),
                "per_m2_year": _cell(
                    per_m2[name] / results.study_period if area else None, lang, "per_m2_year"
                ),
                "total": _cell(total[name], lang),
                "module_d": _cell(module_d[name], lang),
                "scopes": rows,
                "lines": {k: int(counts[k].loc[name]) for k in ("count", "computed", "rejected")},
            }
        )
    divisor = area or 1.0
    kind = "per_m2" if area else "total"
    by_lot = results.by_lot()[ind]
    lots = sorted({str(k) for k in by_lot.index.get_level_values("lot")}, key=lot_order)
    lot_values = {(str(v), str(k)): x for (v, k), x in zip(by_lot.index, by_lot, strict=True)}
    for lot in lots:
        page["lots"].append(
            {
                "label": capitalised(label("lot", lot, lang)),
                "cells": [_cell(_get(lot_values, (v, lot)) / divisor, lang, kind) for v in variants],
            }
        )
    by_module = results.by_module()[ind]
    present = {str(m) for m in by_module.index.get_level_values("module")}
    module_values = {(str(v), str(m)): x for (v, m), x in zip(by_module.index, by_module, strict=True)}
    for module in MODULES:
        if module in present:
            page["modules"].append(
                {
                    "module": module,
                    "label": label("module", module, lang),
                    "cells": [
                        _cell(_get(module_values, (v, module)) / divisor, lang, kind) for v in variants
                    ],
                }
            )
    if results.method == "re2020":
        page["re2020"] = _re2020_rows(results, lang)
    return page


def _scope_label(scope: str, lang: str) -> str:
    """The catalogue's name of a scope, with the module it is (energy B6, water B7)."""
    name = capitalised(label("scope", scope, lang))
    return {"energy": f"{name} (B6)", "water": f"{name} (B7)"}.get(scope, name)


def _get(values: dict[tuple[str, str], float], key: tuple[str, str]) -> float:
    return float(values.get(key, 0.0))


def _project_rows(analysis: Analysis, lang: str) -> list[tuple[str, str]]:
    results = analysis.results
    project = results.project
    method = {"en15978": "EN 15978", "re2020": "RE2020"}.get(results.method, results.method)
    return [
        (translate("File", lang), analysis.name),
        (translate("Project", lang), project.name),
        (translate("Reference area", lang), f"{fmt(project.reference_area, lang, 'area')} m²"),
        (translate("Dwellings", lang), fmt(project.dwellings, lang, "count")),
        (
            translate("Study period", lang),
            f"{fmt(results.study_period, lang, 'years')} {translate('years', lang)}",
        ),
        (translate("Method", lang), method),
    ]


def _re2020_rows(results: Results, lang: str) -> dict[str, Any]:
    from lca.methods.re2020 import VERDICT_YEARS

    rows = []
    first: dict[str, Any] = {}
    for name in results.variants:
        entry = results.extra.get("variants", {}).get(name, {}).get("re2020")
        if not entry:
            continue
        first = first or entry
        rows.append(
            {
                "name": name,
                "ic_construction": _cell(entry["ic_construction"], lang, "per_m2"),
                "ic_construction_max": _cell(entry["ic_construction_max"], lang, "per_m2"),
                "margin_construction": _cell(entry["margins"]["ic_construction"], lang, "per_m2", sign=True),
                "ic_energie": _cell(entry["ic_energie"], lang, "per_m2"),
                "ic_energie_max": _cell(entry["ic_energie_max"], lang, "per_m2"),
                "margin_energie": _cell(entry["margins"]["ic_energie"], lang, "per_m2", sign=True),
                "compliant": bool(entry["compliant"]),
                "years": [bool(entry["by_year"][str(y)]["compliant"]) for y in VERDICT_YEARS],
            }
        )
    return {
        "rows": rows,
        "years": list(VERDICT_YEARS),
        "permit_year": first.get("permit_year"),
        "disclaimer": translate(RE2020_DISCLAIMER, lang),
        "assumptions": len(first.get("assumptions", [])),
    }


def _issue_rows(issues: list[Issue], lang: str) -> list[dict[str, Any]]:
    order = {"error": 0, "warning": 1, "info": 2}
    ranked = sorted(issues, key=lambda i: order.get(i.level, 3))  # stable: file order within a level
    return [
        {
            "level": i.level,
            "level_label": capitalised(label("level", i.level, lang)),
            "sheet": i.sheet or "",
            "row": "" if i.row is None else str(i.row),
            "column": i.column or "",
            "message": msg.render(lang) if (msg := getattr(i, "msg", None)) is not None else i.message,
        }
        for i in ranked[:MAX_ISSUES_SHOWN]
    ]


def comparison_page(analysis: Analysis, lang: str) -> dict[str, Any]:
    """What the Comparaison page shows: the variants side by side with their deltas against the
    baseline and rank, and the elements that drive each difference."""
    comparison = analysis.comparison
    results = comparison.results
    ind = headline(results)
    page: dict[str, Any] = {
        "indicator": ind,
        "unit": pretty_unit(INDICATORS.get(ind, "")),
        "baseline": comparison.baseline,
        "rows": [],
        "drivers": [],
        "has_area": bool(results.project.reference_area and results.project.reference_area > 0),
    }
    if not results.indicators:
        return page
    deltas = comparison.deltas([ind], ["total", "per_m2"]).astype({"variant": str, "view": str})
    ranks = comparison.ranking([ind]).astype({"variant": str}).set_index("variant")["rank"]
    by = {(r.variant, r.view): r for r in deltas.itertuples()}
    for name in comparison.variants:
        total, per_m2 = by[(name, "total")], by[(name, "per_m2")]
        page["rows"].append(
            {
                "name": name,
                "baseline": name == comparison.baseline,
                "per_m2": _cell(per_m2.value, lang, "per_m2"),
                "delta_per_m2": _cell(per_m2.delta, lang, "per_m2", sign=True),
                "total": _cell(total.value, lang),
                "delta": _cell(total.delta, lang, sign=True),
                "delta_pct": _cell(total.delta_pct, lang, "percent", sign=True),
                "rank": int(ranks[name]),
            }
        )
    for name in comparison.variants[1:]:
        drivers = comparison.drivers(name, by="element", n=MAX_DRIVERS, indicator=ind)
        page["drivers"].append(
            {
                "name": name,
                "rows": [
                    {
                        "element": str(row.key),
                        "baseline_value": _cell(row.baseline_value, lang),
                        "value": _cell(row.value, lang),
                        "delta": _cell(row.delta, lang, sign=True),
                        "share": _cell(share * 100 if np.isfinite(share) else None, lang, "percent"),
                    }
                    for row, share in zip(
                        drivers.itertuples(), drivers["share"].to_numpy(dtype=float), strict=True
                    )
                ],
            }
        )
    return page
