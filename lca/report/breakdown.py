"""The "By lot" and "By module" sheets: every indicator per lot (or module), variants side by side with
their difference from the baseline. A lot whose every line was rejected shows "n/a", not 0."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lca.i18n import label, translate
from lca.report.common import delta_name, delta_pct_name, lot_text, side_by_side

if TYPE_CHECKING:
    from lca.compare import Comparison
    from lca.report.cells import Book
    from lca.results import Results


def write_breakdown(book: Book, comparison: Comparison, deltas: pd.DataFrame, view: str, lang: str) -> None:
    """The sheet of ``view`` (``lot`` or ``module``); ``deltas`` is ``comparison.deltas(None, views)``
    with ``view`` among the views."""
    from lca.plot_style import lot_label, lot_order

    results = comparison.results
    name = translate("By lot", lang) if view == "lot" else translate("By module", lang)
    w = book.sheet(name)
    frame = deltas.loc[deltas["view"] == view].rename(columns={"key": view})
    table = side_by_side(comparison, frame, [view, "indicator", "unit"], lang)
    rejected = rejected_lots(results)
    if view == "lot":
        missing = [lot for lot in rejected if lot not in set(table["lot"])]
        table = pd.concat([table, not_assessed_rows(comparison, missing, lang)], ignore_index=True)
        order = {k: i for i, k in enumerate(sorted(table["lot"].unique(), key=lot_order))}
        indicators = {k: i for i, k in enumerate(results.indicators)}
        table = table.assign(_i=table["indicator"].map(indicators), _o=table["lot"].map(order))
        table = table.sort_values(["_i", "_o"], kind="stable").drop(columns=["_i", "_o"])
        table.insert(1, "lot_label", [lot_label(k, lang) for k in table["lot"]])
        table["lot"] = [lot_text(k, lang) for k in table["lot"]]
    else:
        table.insert(1, "module_label", [label("module", k, lang) for k in table["module"]])
    others = tuple(delta_pct_name(v, lang) for v in comparison.variants[1:])
    names = {
        "lot": translate("Lot", lang),
        "lot_label": translate("Label", lang),
        "module": translate("Module", lang),
        "module_label": translate("Label", lang),
        "indicator": translate("Indicator", lang),
        "unit": translate("Unit", lang),
    }
    w.table(table.rename(columns=names), percent=others, filter=True, freeze=True)
    if view == "lot":
        for lot, (count, computed) in sorted(rejected.items(), key=lambda item: lot_order(item[0])):
            shown = lot_label(lot, lang)
            if computed:
                w.note(
                    translate(
                        "Lot {lot}: {n} line rejected, left out of its value (see the issues on the "
                        "data quality sheet)",
                        lang,
                        plural="Lot {lot}: {n} lines rejected, left out of its value (see the issues on the "
                        "data quality sheet)",
                        lot=shown,
                        n=count,
                    )
                )
            else:
                w.note(
                    translate(
                        "Lot {lot}: every line was rejected ({n}); its impact is not known (n/a), see "
                        "the issues on the data quality sheet",
                        lang,
                        lot=shown,
                        n=count,
                    )
                )
    w.finish()


def rejected_lots(results: Results) -> dict[str, tuple[int, int]]:
    """Lots with rejected lines: lot -> (rejected lines, computed lines of the lot)."""
    from lca.compare import ENERGY_LOT

    def keys(lines: pd.DataFrame) -> pd.Series:
        lot = lines["lot"].map(
            lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
        )
        kind = lines["kind"].astype(str) if "kind" in lines else pd.Series("material", index=lines.index)
        return lot.where((lot != "") | (kind == "material"), ENERGY_LOT)

    given, computed = results.project.lines, results.lines
    if not {"sheet", "row", "lot"} <= set(given.columns) or len(given) == len(computed):
        return {}
    done = set(zip(computed["sheet"].astype(str), computed["row"].astype(str), strict=True))
    lost = [
        (s, r) not in done for s, r in zip(given["sheet"].astype(str), given["row"].astype(str), strict=True)
    ]
    lost_lots = keys(given.loc[lost]).value_counts(sort=False)
    kept = keys(computed).value_counts(sort=False)
    return {str(lot): (int(n), int(kept.get(lot, 0))) for lot, n in lost_lots.items()}


def not_assessed_rows(comparison: Comparison, lots: list[str], lang: str) -> pd.DataFrame:
    """One row per lot and indicator whose values are "n/a": every line of the lot was rejected."""
    from lca.indicators import INDICATORS

    na = translate("n/a", lang)
    rows = []
    for lot in lots:
        for indicator in comparison.results.indicators:
            row = {"lot": lot, "indicator": indicator, "unit": INDICATORS[indicator]}
            row |= {v: na for v in comparison.variants}
            for v in comparison.variants[1:]:
                row |= {delta_name(v, lang): na, delta_pct_name(v, lang): na}
            rows.append(row)
    return pd.DataFrame(rows)
