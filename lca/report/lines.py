"""The Lines sheet, in a wide layout: one row per variant and line — the line, its factor, the headline
indicator per module (modules as columns, D last) and every indicator's total (D excluded). Every
module × indicator value of every line is in the CSV export (``lca run --format csv``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lca.i18n import label, translate
from lca.indicators import INDICATORS, MODULES
from lca.report.cells import MAX_ROWS
from lca.report.common import factor_names, headline_indicator, lot_text, unit_text
from lca.units import pretty_unit

if TYPE_CHECKING:
    from lca.compare import Comparison
    from lca.report.cells import Book
    from lca.results import Results

DETAIL_COLUMNS = [
    "line_id", "lot", "element", "quantity", "unit", "declared_quantity", "declared_unit", "factor_id",
    "factor_name", "data_type", "source", "source_row", "service_life_used", "replacements",
]  # fmt: skip


def column_names(lang: str) -> dict[str, str]:
    """The header of each column of the line detail."""
    return {
        "variant": translate("Variant", lang),
        "line_id": translate("Line", lang),
        "lot": translate("Lot", lang),
        "element": translate("Building element", lang),
        "quantity": translate("Quantity", lang),
        "unit": translate("Unit entered", lang),
        "declared_quantity": translate("Declared quantity", lang),
        "declared_unit": translate("Declared unit", lang),
        "factor_id": translate("Factor", lang),
        "factor_name": translate("Factor name", lang),
        "data_type": translate("Data type", lang),
        "source": translate("Factor table", lang),
        "source_row": translate("Row in the table", lang),
        "service_life_used": translate("Service life [years]", lang),
        "replacements": translate("Replacements", lang),
    }


def write_lines(book: Book, results: Results, comparison: Comparison, lang: str) -> None:
    """The Lines sheet (cut at :data:`~lca.report.cells.MAX_ROWS` rows, with a note)."""
    w = book.sheet(translate("Lines", lang))
    chosen = [results.variants.index(v) for v in comparison.variants]
    variant, line = np.nonzero(results.membership[chosen])  # by variant, then in line order
    cut = len(line) > MAX_ROWS
    variant, line = variant[:MAX_ROWS], line[:MAX_ROWS]
    frame = results.lines.reindex(columns=DETAIL_COLUMNS).iloc[line].reset_index(drop=True)
    frame.insert(0, "variant", np.asarray(comparison.variants, dtype=object)[variant])
    frame["factor_name"] = frame["factor_id"].map(factor_names(results, lang)).fillna(frame["factor_name"])
    for column in ("unit", "declared_unit"):
        units = [u for u in frame[column].dropna().unique() if isinstance(u, str)]
        shown = {u: label("unit", pretty_unit(u), lang) for u in units}
        frame[column] = frame[column].map(lambda u, shown=shown: shown.get(u, u))
    kinds = frame["data_type"].dropna().unique()
    frame["data_type"] = frame["data_type"].map({k: label("data_type", k, lang) for k in kinds})
    frame["lot"] = [lot_text("" if pd.isna(v) else str(v), lang) for v in frame["lot"]]
    frame = frame.rename(columns=column_names(lang))
    headline = headline_indicator(results)
    k = results.indicators.index(headline)
    in_use = [MODULES[m] for m in sorted(np.flatnonzero(results._layer_of >= 0))]
    unit = unit_text(INDICATORS[headline], lang)
    for module in [m for m in in_use if m != "D"] + [m for m in in_use if m == "D"]:
        frame[f"{headline} {module} [{unit}]"] = results.module_impacts(module)[line, k]
    totals = results._line_totals[line]
    total = translate("Total (D excluded)", lang)
    for j, indicator in enumerate(results.indicators):
        frame[f"{indicator} {total} [{unit_text(INDICATORS[indicator], lang)}]"] = totals[:, j]
    w.table(frame, filter=True, freeze=True)
    if cut:
        w.note(translate("Table cut at its first {n} rows (Excel limit)", lang, n=MAX_ROWS))
    w.finish()
