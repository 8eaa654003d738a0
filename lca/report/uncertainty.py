"""The uncertainty sheet of the Excel report: intervals, P(beats baseline), drivers, RE2020."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from lca.i18n import translate

if TYPE_CHECKING:
    from lca.montecarlo import UncertaintyResult
    from lca.report.cells import Book, Sheet


def headers(lang: str) -> dict[str, list[str]]:
    """The header row of each table of the sheet."""
    return {
        "summary": [
            translate("variant", lang),
            translate("indicator", lang),
            translate("unit", lang),
            translate("deterministic", lang),
            translate("mean", lang),
            translate("sd", lang),
            "p05",
            "p50",
            "p95",
            translate("P(< baseline)", lang),
        ],
        "drivers": [
            translate("variant", lang),
            translate("indicator", lang),
            translate("input", lang),
            translate("factor", lang),
            translate("line", lang),
            translate("share", lang),
        ],
        "re2020": [
            translate("variant", lang),
            translate("year", lang),
            translate("P(Ic construction ≤ max)", lang),
            translate("P(Ic énergie ≤ max)", lang),
            translate("P(compliant)", lang),
        ],
    }


def write_uncertainty_sheet(
    book: Book, mc: UncertaintyResult, lang: str, images: Mapping[str, bytes]
) -> Sheet:
    """Add the sheet to the report (cells written as text or numbers, never formulas).

    Parameters
    ----------
    book
        The report's workbook (:class:`lca.report.cells.Book`).
    mc
        The Monte Carlo result.
    lang
        ``fr`` or ``en``.
    images
        PNG charts by name (:func:`lca.plots_uncertainty.save_uncertainty_charts`); the distribution chart
        is embedded when given.
    """
    head = headers(lang)
    w = book.sheet(translate("Uncertainty", lang))
    w.put(0, 0, translate("Uncertainty — Monte Carlo, {n} samples, seed {seed}", lang, n=mc.n, seed=mc.seed))
    w.put(
        1,
        0,
        translate(
            "Method: one random multiplier per factor and sample, shared by every variant (paired "
            "samples); default uncertainties by data type (docs/uncertainty.md).",
            lang,
        ),
    )
    row = 3
    w.put(row, 0, translate("Result per m² (90 % interval)", lang))
    row += 1
    _header(w, row, head["summary"])
    below = mc.p_below_baseline() if len(mc.variants) > 1 else None
    for key, s in mc.summary("per_m2").iterrows():
        variant, indicator = cast("tuple[str, str]", key)
        row += 1
        p = below.at[variant, indicator] if below is not None and variant in below.index else None
        values = [
            variant,
            indicator,
            s["unit"],
            s["deterministic"],
            s["mean"],
            s["sd"],
            s["p05"],
            s["p50"],
            s["p95"],
            p,
        ]
        _row(w, row, values, {9: "0%"})
    row += 2
    w.put(row, 0, translate("Contributions to variance (top ten, normalised first-order indices)", lang))
    row += 1
    _header(w, row, head["drivers"])
    for r in mc.contributions().itertuples():
        row += 1
        _row(w, row, [r.variant, r.indicator, r.input, r.factor_id, r.line_id, r.share], {5: "0.0%"})
    if mc.re2020 is not None:
        row += 2
        w.put(row, 0, translate("RE2020 — probabilities per permit year", lang))
        row += 1
        _header(w, row, head["re2020"])
        for key, p_ok in mc.re2020_table().iterrows():
            variant, year = cast("tuple[str, int]", key)
            row += 1
            values = [
                variant,
                int(year),
                p_ok["p_ic_construction_ok"],
                p_ok["p_ic_energie_ok"],
                p_ok["p_compliant"],
            ]
            _row(w, row, values, {1: "0", 2: "0%", 3: "0%", 4: "0%"})
    if "uncertainty_distribution" in images:
        from lca.report.cells import png_size

        (width, _), dpi = png_size(images["uncertainty_distribution"])
        w.image(images["uncertainty_distribution"], 3, 11, width * 96.0 / dpi)
    w.widths |= {0: 24, 1: 14}
    w.finish()
    return w


def _header(w: Sheet, row: int, names: list[str]) -> None:
    for c, name in enumerate(names):
        w.put(row, c, name)


def _row(w: Sheet, row: int, values: list[Any], formats: dict[int, str]) -> None:
    for c, value in enumerate(values):
        w.put(row, c, value, None, formats.get(c))
