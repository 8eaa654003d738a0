"""The Incertitudes (Uncertainty) sheet of the Excel report: intervals, P(beats baseline), drivers, RE2020."""

from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lca.montecarlo import UncertaintyResult

TEXT: dict[str, dict[str, Any]] = {
    "fr": {
        "sheet": "Incertitudes",
        "title": "Incertitudes — Monte Carlo, {n} tirages, graine {seed}",
        "method": "Méthode : un multiplicateur aléatoire par facteur et par tirage, commun à toutes les "
        "variantes (tirages appariés) ; incertitudes par défaut selon le type de donnée "
        "(docs/uncertainty.md).",
        "summary": "Résultat par m² (intervalle 90 %)",
        "columns": [
            "variante",
            "indicateur",
            "unité",
            "déterministe",
            "moyenne",
            "écart-type",
            "p05",
            "p50",
            "p95",
            "P(< référence)",
        ],
        "drivers": "Contributions à la variance (10 premières, indices de premier ordre normalisés)",
        "driver_columns": ["variante", "indicateur", "entrée", "facteur", "ligne", "part"],
        "re2020": "RE2020 — probabilités par année de dépôt du permis",
        "re2020_columns": [
            "variante",
            "année",
            "P(Ic construction ≤ max)",
            "P(Ic énergie ≤ max)",
            "P(conforme)",
        ],
    },
    "en": {
        "sheet": "Uncertainty",
        "title": "Uncertainty — Monte Carlo, {n} samples, seed {seed}",
        "method": "Method: one random multiplier per factor and sample, shared by every variant (paired "
        "samples); default uncertainties by data type (docs/uncertainty.md).",
        "summary": "Result per m² (90 % interval)",
        "columns": [
            "variant",
            "indicator",
            "unit",
            "deterministic",
            "mean",
            "sd",
            "p05",
            "p50",
            "p95",
            "P(< baseline)",
        ],
        "drivers": "Contributions to variance (top ten, normalised first-order indices)",
        "driver_columns": ["variant", "indicator", "input", "factor", "line", "share"],
        "re2020": "RE2020 — probabilities per permit year",
        "re2020_columns": [
            "variant",
            "year",
            "P(Ic construction ≤ max)",
            "P(Ic énergie ≤ max)",
            "P(compliant)",
        ],
    },
}


def write_uncertainty_sheet(book: Any, mc: UncertaintyResult, lang: str, images: Mapping[str, bytes]) -> Any:
    """Add the sheet to an openpyxl workbook (cells written as text or numbers, never formulas).

    Parameters
    ----------
    book
        The report's workbook.
    mc
        The Monte Carlo result.
    lang
        ``fr`` or ``en``.
    images
        PNG charts by name (:func:`lca.plots_uncertainty.save_uncertainty_charts`); the distribution chart
        is embedded when given.
    """
    from lca.report import _put

    t = TEXT[lang if lang in TEXT else "fr"]
    ws = book.create_sheet(t["sheet"])
    _put(ws, 1, 1, t["title"].format(n=mc.n, seed=mc.seed))
    _put(ws, 2, 1, t["method"])
    row = 4
    _put(ws, row, 1, t["summary"])
    row += 1
    for c, name in enumerate(t["columns"], start=1):
        _put(ws, row, c, name)
    below = mc.p_below_baseline() if len(mc.variants) > 1 else None
    summary = mc.summary("per_m2")
    for (variant, indicator), s in summary.iterrows():
        row += 1
        p = below.at[variant, indicator] if below is not None and variant in below.index else None
        values = [variant, indicator, s["unit"], s["deterministic"], s["mean"], s["sd"], s["p05"], s["p50"],
                  s["p95"], p]  # fmt: skip
        for c, value in enumerate(values, start=1):
            _put(ws, row, c, value, "0%" if c == 10 else None)
    row += 2
    _put(ws, row, 1, t["drivers"])
    row += 1
    for c, name in enumerate(t["driver_columns"], start=1):
        _put(ws, row, c, name)
    for r in mc.contributions().itertuples():
        row += 1
        for c, value in enumerate(
            [r.variant, r.indicator, r.input, r.factor_id, r.line_id, r.share], start=1
        ):
            _put(ws, row, c, value, "0.0%" if c == 6 else None)
    if mc.re2020 is not None:
        row += 2
        _put(ws, row, 1, t["re2020"])
        row += 1
        for c, name in enumerate(t["re2020_columns"], start=1):
            _put(ws, row, c, name)
        for (variant, year), r in mc.re2020_table().iterrows():
            row += 1
            values = [variant, int(year), r["p_ic_construction_ok"], r["p_ic_energie_ok"], r["p_compliant"]]
            for c, value in enumerate(values, start=1):
                _put(ws, row, c, value, "0%" if c > 2 else "0")
    if "uncertainty_distribution" in images:
        from openpyxl.drawing.image import Image

        ws.add_image(Image(BytesIO(images["uncertainty_distribution"])), f"L{4}")
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 14
    return ws
