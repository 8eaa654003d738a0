"""The RE2020 sheet: indicators, thresholds, margins and verdicts per variant, the dynamic
Ic construction per lot, the assumptions and the disclaimer (the regulation's terms, Ic construction,
Ic énergie, Icded, StockC, are kept in both languages)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from lca.i18n import translate
from lca.report.common import RE2020_YEARS as YEARS  # noqa: F401  (its old place)
from lca.report.common import lot_text, value_text
from lca.report.common import re2020_row_names as row_names

if TYPE_CHECKING:
    from lca.compare import Comparison
    from lca.report.cells import Book
    from lca.results import Results


def write_re2020(book: Book, results: Results, comparison: Comparison, lang: str) -> None:
    from lca.methods.re2020 import disclaimer, re2020_table

    table = re2020_table(results).loc[comparison.variants]
    entries = {n: results.extra["variants"][n]["re2020"] for n in comparison.variants}
    first = next(iter(entries.values()))
    shown = table.rename(columns=row_names(lang)).T.map(lambda v: value_text(v, lang))
    w = book.sheet("RE2020")
    w.title(translate("RE2020 — simplified dynamic LCA (kg CO2e/m² of Sref)", lang), "big")
    w.note(disclaimer(lang))
    w.pairs(
        [
            (translate("Year the permit is filed", lang), first["permit_year"]),
            (translate("Version of the texts", lang), first["version"]),
        ]
    )
    w.table(shown.rename_axis(translate("Indicator", lang)).reset_index(), freeze=True)
    lots = pd.DataFrame({n: e["by_lot"] for n, e in entries.items()}).fillna(0.0)
    lots.index = [lot_text(str(k), lang) for k in lots.index]
    w.title(translate("Dynamic Ic construction by lot", lang))
    w.table(lots.rename_axis(translate("Lot", lang)).reset_index())
    w.title(translate("Assumptions", lang))
    w.table(pd.DataFrame({translate("Assumption", lang): first["assumptions"]}))
    w.finish()
