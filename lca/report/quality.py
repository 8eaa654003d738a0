"""The data quality sheet: the issues found, the share of the total by data type, expired factors,
lines without a service life and the unit conversions applied."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lca.checks import expired_factors
from lca.compare import group_table
from lca.i18n import label, translate
from lca.report.common import factor_names, headline_indicator, lot_text, report_stamp
from lca.report.lines import column_names
from lca.units import pretty_unit

if TYPE_CHECKING:
    from lca.compare import Comparison
    from lca.report.cells import Book, Sheet
    from lca.results import Results


def write_quality(book: Book, results: Results, comparison: Comparison, lang: str) -> None:
    w = book.sheet(translate("Data quality", lang))
    indicator = headline_indicator(results)
    write_issues(w, results, lang)
    total = results.total().loc[comparison.variants, indicator]
    write_data_types(w, results, comparison, indicator, total, lang)
    write_expired(w, results, comparison, indicator, total, lang)
    write_no_life(w, results, lang)
    write_conversions(w, results, lang)
    w.finish()


def write_issues(w: Sheet, results: Results, lang: str) -> None:
    issues = results.issues_frame(lang)  # messages in the report's language
    w.title(translate("Issues found", lang))
    if not len(issues):
        w.note(translate("None.", lang))
        return
    issues["level"] = [label("level", v, lang) for v in issues["level"]]
    names = {
        "level": translate("Level", lang),
        "sheet": translate("Sheet", lang),
        "row": translate("Spreadsheet row", lang),
        "column": translate("Column", lang),
        "value": translate("Value", lang),
        "line_id": translate("Line", lang),
        "message": translate("Message", lang),
        "file": translate("File", lang),
    }
    w.table(issues.rename(columns=names), filter=True, freeze=True)


def write_data_types(
    w: Sheet, results: Results, comparison: Comparison, indicator: str, total: pd.Series, lang: str
) -> None:
    w.title(translate("Share of the total by data type ({indicator})", lang, indicator=indicator))
    by_type = (
        group_table(results, "data_type")[indicator].unstack("variant").reindex(columns=comparison.variants)
    )
    by_type = by_type.fillna(0.0)
    share = by_type.div(total.where(total != 0), axis=1) * 100.0
    kinds = [label("data_type", k, lang) if str(k) else translate("not given", lang) for k in by_type.index]
    table = pd.DataFrame({translate("Data type", lang): kinds})
    shares = []
    for v in comparison.variants:
        shares.append(translate("Share {variant} (%)", lang, variant=v))
        table[v] = by_type[v].to_numpy()
        table[shares[-1]] = share[v].to_numpy()
    w.table(table, percent=tuple(shares))


def write_expired(
    w: Sheet, results: Results, comparison: Comparison, indicator: str, total: pd.Series, lang: str
) -> None:
    year = report_stamp(True).year  # type: ignore[union-attr]  # SOURCE_DATE_EPOCH when set
    meta, lines = results.factors.meta, results.lines
    expired = expired_factors(results, year)["year"]
    w.title(translate("Expired factors (valid until before {year})", lang, year=year))
    if not len(expired):
        w.note(translate("None.", lang))
        return
    per_factor = group_table(results, "factor_id")[indicator].unstack("variant").reindex(expired.index)
    table = pd.DataFrame(
        {
            translate("Factor", lang): expired.index,
            translate("Name", lang): factor_names(results, lang).reindex(expired.index).to_numpy(),
            translate("Valid until", lang): meta["valid_until"].reindex(expired.index).to_numpy(),
            translate("Factor table", lang): meta["table"].reindex(expired.index).to_numpy(),
            translate("Lines", lang): [
                ", ".join(lines.loc[lines["factor_id"] == f, "line_id"].astype(str)) for f in expired.index
            ],
        }
    )
    shares = []
    for v in comparison.variants:
        value = per_factor[v].fillna(0.0).to_numpy() if v in per_factor else np.zeros(len(table))
        shares.append(translate("Share {variant} (%)", lang, variant=v))
        table[v] = value
        table[shares[-1]] = value / total[v] * 100.0 if total[v] else np.nan
    w.table(table, percent=tuple(shares))


def write_no_life(w: Sheet, results: Results, lang: str) -> None:
    lines = results.lines
    w.title(translate("Lines without service life", lang))
    kind = lines["kind"] if "kind" in lines else pd.Series("material", index=lines.index)
    missing = lines.loc[(kind == "material") & lines["service_life_used"].isna()]
    table = missing.reindex(columns=["line_id", "lot", "element", "factor_id", "variant"])
    if not len(table):
        w.note(translate("None.", lang))
        return
    table["lot"] = [lot_text("" if pd.isna(v) else str(v), lang) for v in table["lot"]]
    w.table(table.rename(columns=column_names(lang)))


def write_conversions(w: Sheet, results: Results, lang: str) -> None:
    lines = results.lines
    w.title(translate("Unit conversions applied", lang))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = lines["declared_quantity"].to_numpy(dtype=float) / lines["quantity"].to_numpy(dtype=float)
    changed = (lines["unit"].astype(str) != lines["declared_unit"].astype(str)) | ~np.isclose(ratio, 1.0)
    columns = ["line_id", "element", "quantity", "unit", "declared_quantity", "declared_unit", "factor_id"]
    table = lines.loc[changed].reindex(columns=columns).assign(ratio=ratio[changed.to_numpy()])
    if not len(table):
        w.note(translate("None.", lang))
        return
    for column in ("unit", "declared_unit"):
        table[column] = [
            label("unit", pretty_unit(u), lang) if isinstance(u, str) else u for u in table[column]
        ]
    names = column_names(lang) | {"ratio": translate("Declared units per unit entered", lang)}
    w.table(table.rename(columns=names))
