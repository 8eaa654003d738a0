"""The Excel report of a project (openpyxl) and the tidy CSV export.

Sheets: summary (headline figures, variants side by side, deltas, ranking), by lot, by module, lines
(every line × module × indicator with its factor and source), data quality, provenance, charts. Every
text cell is written as text — a cell starting with ``= + - @`` gets a hidden quote prefix and can never
become a formula (formula injection) — and the CSV export is neutralised.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lca.checks import expired_factors, standards_used
from lca.compare import compare, group_table
from lca.errors import InputError
from lca.indicators import DEFAULT_INDICATOR, INDICATORS, MODULES
from lca.io.safe import neutralise
from lca.units import pretty_unit

if TYPE_CHECKING:
    from collections.abc import Mapping

    from openpyxl.worksheet.worksheet import Worksheet

    from lca.compare import Comparison
    from lca.results import Results

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_MAX_ROWS = 1_000_000  # Excel holds 1,048,576 rows per sheet

T: dict[str, dict[str, str]] = {
    "fr": {
        "summary": "Synthèse", "lots": "Par lot", "modules": "Par module", "lines": "Lignes",
        "quality": "Qualité des données", "provenance": "Provenance", "charts": "Graphiques",
        "title": "Analyse de cycle de vie — {name}", "project": "Projet", "area": "Surface de référence [m²]",
        "dwellings": "Logements", "period": "Période d'étude [ans]", "method": "Méthode",
        "rule": "Règle de remplacement", "baseline": "Variante de référence", "version": "Version de lca",
        "date": "Date du calcul (UTC)", "headline": "Indicateur principal : {indicator}",
        "all_total": "Tous les indicateurs — total sur la période d'étude",
        "all_m2": "Tous les indicateurs — par m² de surface de référence",
        "ranking": "Classement ({indicator})",
        "view": "Vue", "indicator": "Indicateur", "unit": "Unité", "variant": "Variante", "rank": "Rang",
        "value": "Valeur", "delta": "Δ {v}", "delta_pct": "Δ {v} (%)", "total": "Total (hors D)",
        "per_m2": "Par m²", "per_m2_year": "Par m² et par an", "per_dwelling": "Par logement",
        "module_d": "Module D (hors total)", "lot": "Lot", "lot_label": "Libellé", "module": "Module",
        "line_id": "Ligne", "element": "Élément", "quantity": "Quantité", "qunit": "Unité saisie",
        "declared_quantity": "Quantité déclarée", "declared_unit": "Unité déclarée", "factor_id": "Fiche",
        "factor_name": "Nom de la fiche", "data_type": "Type de donnée", "source": "Table de facteurs",
        "source_row": "Ligne dans la table", "factor_value": "Facteur par unité déclarée",
        "service_life": "Durée de vie [ans]", "replacements": "Remplacements", "issues": "Problèmes relevés",
        "level": "Niveau", "sheet": "Feuille", "row": "Ligne du tableur", "column": "Colonne",
        "message": "Message", "file": "Fichier",
        "share_type": "Part du total par type de donnée ({indicator})",
        "share": "Part {v} (%)", "expired": "Facteurs expirés (validité antérieure à {year})",
        "valid_until": "Valable jusqu'à", "lines_using": "Lignes", "no_life": "Lignes sans durée de vie",
        "conversions": "Conversions d'unité appliquées", "ratio": "Unités déclarées par unité saisie",
        "none": "Aucun.", "tool": "Outil", "tables": "Tables de facteurs utilisées",
        "factors_used": "Nombre de fiches utilisées", "sources": "Sources", "versions": "Versions",
        "path": "Fichier", "hash": "SHA-256", "factors": "Fiches utilisées", "name": "Nom",
        "source_id": "Identifiant source", "standard": "Norme", "url": "URL", "licence": "Licence",
        "options": "Options de calcul", "indicators": "Indicateurs calculés", "variants": "Variantes",
        "truncated": "Tableau limité aux {n} premières lignes (limite d'Excel)",
        "study_file": "Fichier projet",
        "energy": "Énergie et eau", "not_given": "non renseigné",
        "unit_year": "an", "unit_dwelling": "logement", "lang": "fr",
        "fversion": "Version de la fiche", "release": "Édition de la base",
        "drivers": "Ce qui sépare « {variant} » de « {baseline} » ({indicator}, éléments)",
        "share_delta": "Part de l'écart (%)",
        "scope_title": "Ce que contient le total ({indicator})", "scope": "Périmètre",
        "scope_products": "Produits de construction et équipements",
        "scope_energy": "Consommations d'énergie (B6)", "scope_water": "Consommations d'eau (B7)",
        "standards": "Norme des fiches utilisées", "n_factors": "{n} fiche(s)",
        "no_standard": "non renseignée", "expired_short": "Fiches expirées",
        "expired_count": "{n} sur {used} (validité jusqu'à {years})",
    },
    "en": {
        "summary": "Summary", "lots": "By lot", "modules": "By module", "lines": "Lines",
        "quality": "Data quality", "provenance": "Provenance", "charts": "Charts",
        "title": "Life-cycle assessment — {name}", "project": "Project", "area": "Reference area [m²]",
        "dwellings": "Dwellings", "period": "Study period [years]", "method": "Method",
        "rule": "Replacement rule", "baseline": "Baseline variant", "version": "lca version",
        "date": "Computed on (UTC)", "headline": "Headline indicator: {indicator}",
        "all_total": "All indicators — total over the study period",
        "all_m2": "All indicators — per m² of reference area", "ranking": "Ranking ({indicator})",
        "view": "View", "indicator": "Indicator", "unit": "Unit", "variant": "Variant", "rank": "Rank",
        "value": "Value", "delta": "Δ {v}", "delta_pct": "Δ {v} (%)", "total": "Total (D excluded)",
        "per_m2": "Per m²", "per_m2_year": "Per m² and year", "per_dwelling": "Per dwelling",
        "module_d": "Module D (not in total)", "lot": "Lot", "lot_label": "Label", "module": "Module",
        "line_id": "Line", "element": "Element", "quantity": "Quantity", "qunit": "Unit entered",
        "declared_quantity": "Declared quantity", "declared_unit": "Declared unit", "factor_id": "Factor",
        "factor_name": "Factor name", "data_type": "Data type", "source": "Factor table",
        "source_row": "Row in the table", "factor_value": "Factor per declared unit",
        "service_life": "Service life [years]", "replacements": "Replacements", "issues": "Issues found",
        "level": "Level", "sheet": "Sheet", "row": "Spreadsheet row", "column": "Column",
        "message": "Message", "file": "File", "share_type": "Share of the total by data type ({indicator})",
        "share": "Share {v} (%)", "expired": "Expired factors (valid until before {year})",
        "valid_until": "Valid until", "lines_using": "Lines", "no_life": "Lines without service life",
        "conversions": "Unit conversions applied", "ratio": "Declared units per unit entered",
        "none": "None.", "tool": "Tool", "tables": "Factor tables used",
        "factors_used": "Factors used", "sources": "Sources", "versions": "Versions",
        "path": "File", "hash": "SHA-256", "factors": "Factors used", "name": "Name",
        "source_id": "Source identifier", "standard": "Standard", "url": "URL", "licence": "Licence",
        "options": "Calculation options", "indicators": "Indicators computed", "variants": "Variants",
        "truncated": "Table cut at its first {n} rows (Excel limit)", "study_file": "Project file",
        "energy": "Energy and water", "not_given": "not given",
        "unit_year": "yr", "unit_dwelling": "dwelling", "lang": "en",
        "fversion": "Dataset version", "release": "Database release",
        "drivers": "What separates '{variant}' from '{baseline}' ({indicator}, elements)",
        "share_delta": "Share of the difference (%)",
        "scope_title": "What the total contains ({indicator})", "scope": "Scope",
        "scope_products": "Construction products and equipment", "scope_energy": "Energy use (B6)",
        "scope_water": "Water use (B7)",
        "standards": "Standard of the factors used", "n_factors": "{n} factor(s)",
        "no_standard": "not given", "expired_short": "Expired factors",
        "expired_count": "{n} of {used} (valid until {years})",
    },
}  # fmt: skip


# --------------------------------------------------------------------------------- public API
def write_report(
    results: Results,
    path: str | Path,
    *,
    comparison: Comparison | None = None,
    lang: str = "fr",
    charts: bool = True,
    images: Mapping[str, bytes] | None = None,
    uncertainty: Any = None,
    timestamp: bool | datetime = False,
) -> Path:
    """Write the Excel report of ``results``.

    The same results give the same file, byte for byte: the report carries a date only when asked
    (``timestamp``) or when the environment sets ``SOURCE_DATE_EPOCH`` (the reproducible-builds
    convention), and the workbook's own created/modified properties and zip entries take that date,
    or 1 January 1980 without one.

    Parameters
    ----------
    results
        Computed results.
    path
        The ``.xlsx`` file to write (replaced if it exists).
    comparison
        Variants and baseline to show (default: :func:`lca.compare.compare` of all variants).
    lang
        ``fr`` or ``en``: sheet names, headers and chart labels.
    charts
        Embed the charts of :func:`lca.plots.chart_specs` as PNG images (needs matplotlib).
    images
        PNG bytes already drawn, by chart name (the file stems of :func:`lca.plots.save_charts`);
        the charts not given are drawn.
    uncertainty
        A :class:`lca.montecarlo.UncertaintyResult`: adds the ``Incertitudes`` sheet
        (:mod:`lca.report_uncertainty`).
    timestamp
        ``True``: write the time of the computation (UTC, to the minute) on the summary and provenance
        sheets; a ``datetime``: write that one. ``SOURCE_DATE_EPOCH`` [s since 1970, UTC], when set,
        is the time used.

    Returns
    -------
    Path
        The file written.
    """
    from openpyxl import Workbook

    if lang not in T:
        raise InputError(f"unknown language {lang!r}; expected one of {list(T)}", value=lang)
    comparison = comparison or compare(results)
    t = T[lang]
    stamp = _stamp(timestamp)
    book = Workbook()
    book.remove(book.active)
    _summary(book.create_sheet(t["summary"]), results, comparison, t, stamp)
    _wide(book.create_sheet(t["lots"]), comparison, "lot", t, lang)
    _wide(book.create_sheet(t["modules"]), comparison, "module", t, lang)
    _lines(book.create_sheet(t["lines"]), results, comparison, t)
    _quality(book.create_sheet(t["quality"]), results, comparison, t)
    _provenance(book.create_sheet(t["provenance"]), results, comparison, t, stamp)
    if results.method == "re2020":
        _re2020(book.create_sheet("RE2020"), results, comparison)
    if uncertainty is not None:
        from lca.report_uncertainty import write_uncertainty_sheet

        write_uncertainty_sheet(book, uncertainty, lang, images or {})
    if charts:
        _charts(book.create_sheet(t["charts"]), results, comparison, lang, images or {})
    path = Path(path)
    _save(book, path, stamp)
    return path


def write_csv(results: Results, path: str | Path) -> Path:
    """Write the tidy table :attr:`Results.data` as UTF-8 CSV, text cells neutralised.

    Returns
    -------
    Path
        The file written.
    """
    path = Path(path)
    neutralise(results.data).to_csv(path, index=False, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------- cell writing
def _put(ws: Worksheet, row: int, column: int, value: Any, number_format: str | None = None) -> Any:
    """Write one cell; text is always text (never a formula), numbers get a readable format."""
    cell = ws.cell(row=row, column=column)
    if value is None or (isinstance(value, float) and not np.isfinite(value)) or value is pd.NA:
        return cell
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        value = value.item()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.value = value
        cell.number_format = number_format or _format_of(value)
        return cell
    cell.value = text = str(value)
    cell.data_type = "s"  # openpyxl would store a text starting with "=" as a formula
    if text.startswith(_TRIGGERS):
        cell.quotePrefix = True  # shown without the quote, kept as text if the user edits the cell
    return cell


def _format_of(value: float) -> str:
    """A number format that shows enough digits: integers, 2 decimals below 1000, 3 significant
    digits below 1, scientific below 0.01."""
    size = abs(value)
    if size == 0 or size >= 1000 or float(value).is_integer():
        return "#,##0"
    if size >= 1:
        return "#,##0.00"
    return "0.000" if size >= 0.01 else "0.00E+00"


class _Writer:
    """Writes titled tables one below the other and remembers the column widths."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 1
        self.widths: dict[int, int] = {}

    def title(self, text: str, size: int = 12) -> None:
        from openpyxl.styles import Font

        _put(self.ws, self.row, 1, text).font = Font(bold=True, size=size)
        self.row += 1

    def pairs(self, items: list[tuple[str, Any]]) -> None:
        from openpyxl.styles import Font

        for key, value in items:
            _put(self.ws, self.row, 1, key).font = Font(bold=True)
            _put(self.ws, self.row, 2, value)
            self._width(1, key)
            self.row += 1
        self.row += 1

    def table(
        self,
        frame: pd.DataFrame,
        *,
        percent: tuple[str, ...] = (),
        filter: bool = False,
        freeze: bool = False,
    ) -> int:
        """Write ``frame`` with a header row; columns named in ``percent`` hold % values (0–100)."""
        from openpyxl.styles import Font, PatternFill

        header_row = self.row
        fill = PatternFill("solid", fgColor="DDE5F0")
        for j, name in enumerate(frame.columns, start=1):
            cell = _put(self.ws, header_row, j, str(name))
            cell.font, cell.fill = Font(bold=True), fill
            self._width(j, name)
        pct = [j for j, name in enumerate(frame.columns) if name in percent]
        values = frame.to_numpy(dtype=object)
        for i, record in enumerate(values, start=header_row + 1):
            for j, value in enumerate(record):
                if j in pct and isinstance(value, (int, float)) and np.isfinite(value):
                    _put(self.ws, i, j + 1, value / 100.0, "0.0%")
                else:
                    _put(self.ws, i, j + 1, value)
        for j in range(frame.shape[1]):
            for value in values[:200, j]:
                self._width(j + 1, value)
        last = header_row + len(frame)
        if filter and frame.shape[1]:
            from openpyxl.utils import get_column_letter

            self.ws.auto_filter.ref = (
                f"A{header_row}:{get_column_letter(frame.shape[1])}{max(last, header_row)}"
            )
        if freeze:
            self.ws.freeze_panes = self.ws.cell(row=header_row + 1, column=1)
        self.row = last + 2
        return header_row

    def note(self, text: str) -> None:
        from openpyxl.styles import Font

        _put(self.ws, self.row, 1, text).font = Font(italic=True)
        self.row += 2

    def _width(self, column: int, value: Any) -> None:
        text = (
            value if isinstance(value, str) else (f"{value:,.2f}" if isinstance(value, float) else str(value))
        )
        self.widths[column] = max(self.widths.get(column, 8), min(len(text) + 2, 60))

    def finish(self) -> None:
        from openpyxl.utils import get_column_letter

        for column, width in self.widths.items():
            self.ws.column_dimensions[get_column_letter(column)].width = width


# ------------------------------------------------------------------------------------- sheets
def _side_by_side(
    comparison: Comparison, frame: pd.DataFrame, keys: list[str], t: dict[str, str]
) -> pd.DataFrame:
    """Pivot a deltas table: one row per key, the variants' values, then Δ and Δ % per variant."""
    names, others = comparison.variants, comparison.variants[1:]
    flat = frame.astype({k: str for k in [*keys, "variant"]})
    wide = flat.set_index([*keys, "variant"])[["value", "delta", "delta_pct"]].unstack("variant")
    order = flat[keys].drop_duplicates()
    wide = wide.reindex(pd.MultiIndex.from_frame(order))
    out = wide.index.to_frame(index=False)
    for v in names:
        out[v] = wide[("value", v)].to_numpy() if ("value", v) in wide else np.nan
    for v in others:  # a variant without any line in the table (no line computed) has no column
        out[t["delta"].format(v=v)] = wide[("delta", v)].to_numpy() if ("delta", v) in wide else np.nan
        out[t["delta_pct"].format(v=v)] = (
            wide[("delta_pct", v)].to_numpy() if ("delta_pct", v) in wide else np.nan
        )
    if "unit" in out:
        out["unit"] = [_unit(u, t) for u in out["unit"]]
    return out


def _factor_names(results: Results, t: dict[str, str]) -> pd.Series:
    """Factor names by factor id, in French where the shipped French names know the factor (French report)."""
    names = results.factors.meta["name"]
    if t["lang"] != "fr":
        return names
    from lca.search import load_names_fr

    french = load_names_fr().drop_duplicates("factor_id").set_index("factor_id")["name_fr"]
    return french.reindex(names.index).fillna(names)


def _unit(unit: str, t: dict[str, str]) -> str:
    """A unit in the report's language (``kg CO2e/(m²·yr)`` -> ``kg CO2e/(m²·an)``)."""
    return unit.replace("·yr)", f"·{t['unit_year']})").replace("/dwelling", f"/{t['unit_dwelling']}")


def _summary(
    ws: Worksheet, results: Results, comparison: Comparison, t: dict[str, str], stamp: datetime | None
) -> None:
    from lca import __version__

    w = _Writer(ws)
    project = results.project
    w.title(t["title"].format(name=project.name), 14)
    w.pairs(
        [
            (t["area"], project.reference_area),
            (t["dwellings"], project.dwellings),
            (t["period"], results.study_period),
            (t["method"], results.method),
            (t["rule"], results.replacement_rule),
            (t["baseline"], comparison.baseline),
            (t["version"], __version__),
            *([(t["date"], _minute(stamp))] if stamp else []),
            (t["standards"], _standards_text(results, t)),
            (t["expired_short"], _expired_text(results, t)),
        ]
    )
    indicator = DEFAULT_INDICATOR if DEFAULT_INDICATOR in results.indicators else results.indicators[0]
    others = [f"{t['delta_pct'].format(v=v)}" for v in comparison.variants[1:]]
    headline = comparison.deltas([indicator], ["total", "per_m2", "per_m2_year", "per_dwelling"])
    d = comparison.deltas([indicator], ["module"])
    d = d.loc[d["key"] == "D"].assign(view="module_d")
    table = _side_by_side(comparison, pd.concat([headline, d.astype({"view": str})]), ["view", "unit"], t)
    table["view"] = [t[v] for v in table["view"]]
    w.title(t["headline"].format(indicator=indicator))
    w.table(table.rename(columns={"view": t["view"], "unit": t["unit"]}), percent=tuple(others))
    w.title(t["scope_title"].format(indicator=indicator))
    w.table(_scope_table(results, comparison, indicator, t))
    for key, view in (("all_total", "total"), ("all_m2", "per_m2")):
        table = _side_by_side(comparison, comparison.deltas(None, [view]), ["indicator", "unit"], t)
        w.title(t[key])
        w.table(table.rename(columns={"indicator": t["indicator"], "unit": t["unit"]}), percent=tuple(others))
    ranking = comparison.ranking([indicator], "per_m2" if _has_area(results) else "total")
    ranking = ranking[["rank", "variant", "unit", "value", "delta", "delta_pct"]]
    ranking["unit"] = [_unit(u, t) for u in ranking["unit"]]
    w.title(t["ranking"].format(indicator=indicator))
    w.table(
        ranking.rename(
            columns={k: t[k] for k in ("rank", "variant", "unit", "value")}
            | {"delta": "Δ", "delta_pct": "Δ (%)"}
        ),
        percent=("Δ (%)",),
    )
    for variant in comparison.variants[1:]:
        drivers = comparison.drivers(variant, by="element", n=8, indicator=indicator)
        w.title(t["drivers"].format(variant=variant, baseline=comparison.baseline, indicator=indicator))
        names = {"key": t["element"], "baseline_value": comparison.baseline, "value": variant, "delta": "Δ"}
        table = drivers.rename(columns=names | {"share": t["share_delta"]}).assign(
            **{t["share_delta"]: drivers["share"] * 100.0}
        )
        if len(table):
            w.table(table, percent=(t["share_delta"],))
        else:
            w.note(t["none"])
    w.finish()
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width or 0, 34)


def _scope_table(results: Results, comparison: Comparison, indicator: str, t: dict[str, str]) -> pd.DataFrame:
    """Products, energy and water of each variant, per m² (read first) then over the whole building."""
    from lca.results import SCOPES

    unit = INDICATORS[indicator]
    rows = []
    views = [("per_m2", results.by_scope_per_m2(), f"{unit}/m²"), ("total", results.by_scope(), unit)]
    for view, frame, shown in views[0 if _has_area(results) else 1 :]:
        values = frame[indicator].unstack("variant")
        for scope in SCOPES:
            row = {t["scope"]: t[f"scope_{scope}"], t["view"]: t[view], t["unit"]: shown}
            rows.append(row | {v: float(values.at[scope, v]) for v in comparison.variants})
    return pd.DataFrame(rows)


def _wide(ws: Worksheet, comparison: Comparison, view: str, t: dict[str, str], lang: str) -> None:
    from lca.plot_style import lot_label, lot_order

    w = _Writer(ws)
    frame = comparison.deltas(None, [view]).rename(columns={"key": view})
    table = _side_by_side(comparison, frame, [view, "indicator", "unit"], t)
    if view == "lot":
        order = sorted(table["lot"].unique(), key=lot_order)
        indicators = {k: i for i, k in enumerate(comparison.results.indicators)}
        table = table.assign(
            _i=table["indicator"].map(indicators), _o=table["lot"].map({k: i for i, k in enumerate(order)})
        )
        table = table.sort_values(["_i", "_o"], kind="stable").drop(columns=["_i", "_o"])
        table.insert(1, "lot_label", [lot_label(k, lang) for k in table["lot"]])
    others = tuple(t["delta_pct"].format(v=v) for v in comparison.variants[1:])
    names = {k: t[k] for k in ("lot", "lot_label", "module", "indicator", "unit")}
    w.table(table.rename(columns=names), percent=others, filter=True, freeze=True)
    w.finish()


def _lines(ws: Worksheet, results: Results, comparison: Comparison, t: dict[str, str]) -> None:
    """One row per variant and line: the line, its factor, the headline indicator per module (modules as
    columns, D last) and every indicator's total (D excluded). Every module × indicator value is in the
    CSV export (``lca run --format csv``)."""
    w = _Writer(ws)
    detail_columns = [
        "line_id", "lot", "element", "quantity", "unit", "declared_quantity", "declared_unit", "factor_id",
        "factor_name", "data_type", "source", "source_row", "service_life_used", "replacements",
    ]  # fmt: skip
    chosen = [results.variants.index(v) for v in comparison.variants]
    variant, line = np.nonzero(results.membership[chosen])  # by variant, then in line order
    cut = len(line) > _MAX_ROWS
    variant, line = variant[:_MAX_ROWS], line[:_MAX_ROWS]
    lines = results.lines.reindex(columns=detail_columns)
    frame = lines.iloc[line].reset_index(drop=True)
    frame.insert(0, "variant", np.asarray(comparison.variants, dtype=object)[variant])
    names = _factor_names(results, t)
    frame["factor_name"] = frame["factor_id"].map(names).fillna(frame["factor_name"])
    for column in ("unit", "declared_unit"):
        frame[column] = [pretty_unit(u) if isinstance(u, str) else u for u in frame[column]]
    heads = {c: t[c] for c in frame.columns if c in t} | {
        "unit": t["qunit"],
        "service_life_used": t["service_life"],
    }
    frame = frame.rename(columns=heads)
    headline = DEFAULT_INDICATOR if DEFAULT_INDICATOR in results.indicators else results.indicators[0]
    k = results.indicators.index(headline)
    in_use = [MODULES[m] for m in sorted(np.flatnonzero(results._layer_of >= 0))]
    for module in [m for m in in_use if m != "D"] + [m for m in in_use if m == "D"]:
        label = f"{headline} {module} [{_unit(INDICATORS[headline], t)}]"
        frame[label] = results.module_impacts(module)[line, k]
    totals = results._line_totals[line]
    for j, indicator in enumerate(results.indicators):
        frame[f"{indicator} {t['total']} [{_unit(INDICATORS[indicator], t)}]"] = totals[:, j]
    w.table(frame, filter=True, freeze=True)
    if cut:
        w.note(t["truncated"].format(n=_MAX_ROWS))
    w.finish()


def _quality(ws: Worksheet, results: Results, comparison: Comparison, t: dict[str, str]) -> None:
    w = _Writer(ws)
    lines = results.lines
    indicator = DEFAULT_INDICATOR if DEFAULT_INDICATOR in results.indicators else results.indicators[0]
    issues = results.issues_frame(t["lang"])  # messages in the report's language
    w.title(t["issues"])
    names = {k: t[k] for k in ("level", "sheet", "row", "column", "value", "line_id", "message", "file")}
    if len(issues):
        w.table(issues.rename(columns=names), filter=True, freeze=True)
    else:
        w.note(t["none"])

    w.title(t["share_type"].format(indicator=indicator))
    total = results.total().loc[comparison.variants, indicator]
    by_type = (
        group_table(results, "data_type")[indicator].unstack("variant").reindex(columns=comparison.variants)
    )
    by_type = by_type.fillna(0.0)
    share = by_type.div(total.where(total != 0), axis=1) * 100.0
    table = pd.DataFrame({t["data_type"]: [str(k) or t["not_given"] for k in by_type.index]})
    for v in comparison.variants:
        table[v] = by_type[v].to_numpy()
        table[t["share"].format(v=v)] = share[v].to_numpy()
    w.table(table, percent=tuple(t["share"].format(v=v) for v in comparison.variants))

    year = _stamp(True).year  # type: ignore[union-attr]  # SOURCE_DATE_EPOCH when set
    meta = results.factors.meta
    expired = expired_factors(results, year)["year"]
    w.title(t["expired"].format(year=year))
    if len(expired):
        per_factor = group_table(results, "factor_id")[indicator].unstack("variant").reindex(expired.index)
        table = pd.DataFrame(
            {
                t["factor_id"]: expired.index,
                t["name"]: _factor_names(results, t).reindex(expired.index).to_numpy(),
                t["valid_until"]: meta["valid_until"].reindex(expired.index).to_numpy(),
                t["source"]: meta["table"].reindex(expired.index).to_numpy(),
                t["lines_using"]: [
                    ", ".join(lines.loc[lines["factor_id"] == f, "line_id"].astype(str))
                    for f in expired.index
                ],
            }
        )
        for v in comparison.variants:
            value = per_factor[v].fillna(0.0).to_numpy() if v in per_factor else np.zeros(len(table))
            table[v] = value
            table[t["share"].format(v=v)] = value / total[v] * 100.0 if total[v] else np.nan
        w.table(table, percent=tuple(t["share"].format(v=v) for v in comparison.variants))
    else:
        w.note(t["none"])

    w.title(t["no_life"])
    kind = lines["kind"] if "kind" in lines else pd.Series("material", index=lines.index)
    missing = lines.loc[(kind == "material") & lines["service_life_used"].isna()]
    table = missing.reindex(columns=["line_id", "lot", "element", "factor_id", "variant"])
    names = {k: t[k] for k in ("line_id", "lot", "element", "factor_id", "variant")}
    if len(table):
        w.table(table.rename(columns=names))
    else:
        w.note(t["none"])

    w.title(t["conversions"])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = lines["declared_quantity"].to_numpy(dtype=float) / lines["quantity"].to_numpy(dtype=float)
    changed = (lines["unit"].astype(str) != lines["declared_unit"].astype(str)) | ~np.isclose(ratio, 1.0)
    table = (
        lines.loc[changed]
        .reindex(
            columns=[
                "line_id",
                "element",
                "quantity",
                "unit",
                "declared_quantity",
                "declared_unit",
                "factor_id",
            ]
        )
        .assign(ratio=ratio[changed.to_numpy()])
    )
    names = {
        k: t[k]
        for k in (
            "line_id",
            "element",
            "quantity",
            "declared_quantity",
            "declared_unit",
            "factor_id",
            "ratio",
        )
    } | {"unit": t["qunit"]}
    if len(table):
        w.table(table.rename(columns=names))
    else:
        w.note(t["none"])
    w.finish()


def _provenance(
    ws: Worksheet, results: Results, comparison: Comparison, t: dict[str, str], stamp: datetime | None
) -> None:
    from lca import __version__

    w = _Writer(ws)
    project = results.project
    w.title(t["options"])
    w.pairs(
        [
            (t["tool"], "lca"),
            (t["version"], __version__),
            *([(t["date"], _minute(stamp))] if stamp else []),
            (t["study_file"], Path(project.file).name if project.file else None),
            (t["method"], results.method),
            (t["period"], results.study_period),
            (t["rule"], results.replacement_rule),
            (t["baseline"], comparison.baseline),
            (t["variants"], ", ".join(comparison.variants)),
            (t["indicators"], ", ".join(results.indicators)),
        ]
    )
    meta = results.factors.meta
    used = pd.Index(pd.unique(results.lines["factor_id"].astype(str))).intersection(meta.index, sort=False)
    meta = meta.loc[used]
    rows = []
    for table, part in meta.groupby("table", sort=False):
        path, digest = _table_file(str(table), project.file)
        rows.append(
            {
                t["source"]: str(table),
                t["factors_used"]: len(part),
                t["sources"]: _join(part.get("source")),
                t["versions"]: _join(part.get("release"), part.get("version")),
                t["path"]: path,
                t["hash"]: digest,
            }
        )
    w.title(t["tables"])
    if rows:
        w.table(pd.DataFrame(rows))
    else:
        w.note(t["none"])
    columns = [
        "name",
        "table",
        "source",
        "source_id",
        "version",
        "release",
        "valid_until",
        "data_type",
        "standard",
        "url",
        "licence",
    ]
    factors = meta.reindex(columns=columns).rename_axis("factor_id").reset_index()
    names = {
        k: t[k]
        for k in ("factor_id", "name", "source_id", "valid_until", "data_type", "standard", "url", "licence")
    } | {"table": t["source"], "source": t["sources"], "version": t["fversion"], "release": t["release"]}
    w.title(t["factors"])
    w.table(factors.rename(columns=names), filter=True)
    w.finish()


#: French labels of the RE2020 sheet (the regulation's own terms, whatever the report's language).
_RE2020_LABELS = {
    "ic_construction": "Ic construction (dynamique)", "ic_construction_static": "Ic construction (statique)",
    "ic_construction_max": "Ic construction max", "margin_ic_construction": "Marge Ic construction",
    "ic_energie": "Ic énergie (dynamique)", "ic_energie_static": "Ic énergie (statique)",
    "ic_energie_max": "Ic énergie max", "margin_ic_energie": "Marge Ic énergie",
    "ic_batiment": "Ic bâtiment (informatif)", "ic_eau": "Ic eau (informatif)", "icded": "Icded",
    "stock_c": "StockC [kg C/m²]", "compliant": "Conforme (année du permis)",
    **{f"compliant_{y}": f"Conforme si permis {y}" for y in (2025, 2028, 2031)},
    **{f"margin_ic_construction_{y}": f"Marge Ic construction {y}" for y in (2025, 2028, 2031)},
    **{f"margin_ic_energie_{y}": f"Marge Ic énergie {y}" for y in (2025, 2028, 2031)},
}  # fmt: skip


def _re2020(ws: Worksheet, results: Results, comparison: Comparison) -> None:
    """The RE2020 sheet, in French: indicators, thresholds, margins and verdicts per variant, the
    per-lot Ic construction, the assumptions and the disclaimer."""
    from lca.methods.re2020 import DISCLAIMER, re2020_table

    table = re2020_table(results).loc[comparison.variants]
    entries = {n: results.extra["variants"][n]["re2020"] for n in comparison.variants}
    first = next(iter(entries.values()))
    yes = {True: "oui", False: "non"}
    shown = table.rename(columns=_RE2020_LABELS).T
    shown = shown.map(lambda v: yes[v] if isinstance(v, (bool, np.bool_)) else v)
    write = _Writer(ws)
    write.title("RE2020 — ACV dynamique simplifiée (kg CO2e/m² de Sref)", 14)
    write.note(DISCLAIMER)
    write.pairs(
        [("Année de dépôt du permis", first["permit_year"]), ("Version des textes", first["version"])]
    )
    write.table(shown.rename_axis("Indicateur").reset_index(), freeze=True)
    lots = pd.DataFrame({n: e["by_lot"] for n, e in entries.items()}).fillna(0.0)
    write.title("Ic construction dynamique par lot")
    write.table(lots.rename_axis("Lot").reset_index())
    write.title("Hypothèses")
    write.table(pd.DataFrame({"Hypothèse": first["assumptions"]}))
    write.finish()


def _charts(
    ws: Worksheet, results: Results, comparison: Comparison, lang: str, images: Mapping[str, bytes]
) -> None:
    from openpyxl.drawing.image import Image

    from lca.plots import chart_specs, render

    row = 1
    for stem, draw, size in chart_specs(results, comparison=comparison, lang=lang):
        png = images.get(stem) or render(draw, size, "png", dpi=150)
        image = Image(io.BytesIO(png))
        # show at 96 px per inch of the figure, whatever the resolution of the PNG
        image.width, image.height = (
            int(size[0] * 96 * 1.04),
            int(image.height * size[0] * 96 * 1.04 / image.width),
        )
        ws.add_image(image, f"B{row}")
        row += int(image.height / 20) + 3


# ------------------------------------------------------------------------------------ helpers
def _standards_text(results: Results, t: dict[str, str]) -> str:
    """``EN 15804+A1: 38 factor(s); not given: 2 factor(s)`` for the factors used."""
    counts = standards_used(results)
    return "; ".join(f"{k or t['no_standard']}: {t['n_factors'].format(n=n)}" for k, n in counts.items())


def _expired_text(results: Results, t: dict[str, str]) -> str:
    """``12 of 40 (valid until 2022)``, or "None."."""
    expired = expired_factors(results)
    if not len(expired):
        return t["none"]
    used = len(pd.unique(results.lines["factor_id"].astype(str)))
    years = ", ".join(str(int(y)) for y in sorted(expired["year"].unique()))
    return t["expired_count"].format(n=len(expired), used=used, years=years)


def _stamp(timestamp: bool | datetime) -> datetime | None:
    """The report's date: ``SOURCE_DATE_EPOCH`` when set, else the one asked for, else None."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError) as err:
            raise InputError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a time; expected whole seconds since 1970-01-01 UTC "
                "such as 1700000000, or unset it",
                value=epoch,
            ) from err
    if isinstance(timestamp, datetime):
        return timestamp if timestamp.tzinfo else timestamp.replace(tzinfo=UTC)
    return datetime.now(UTC) if timestamp else None


def _minute(stamp: datetime) -> str:
    return stamp.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def _save(book: Any, path: Path, stamp: datetime | None) -> None:
    """Save ``book`` with fixed dates: its properties and zip entries take ``stamp`` (or 1980-01-01),
    so that the same report is the same file."""
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    when = (stamp or datetime(1980, 1, 1, tzinfo=UTC)).astimezone(UTC).replace(tzinfo=None, microsecond=0)
    when = max(when, datetime(1980, 1, 1))  # the zip format starts in 1980
    book.properties.created = book.properties.modified = when

    class _FixedZip(zipfile.ZipFile):
        def writestr(self, name: Any, data: Any, *args: Any, **kwargs: Any) -> None:
            if isinstance(name, str):
                name = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
                name.compress_type = zipfile.ZIP_DEFLATED
            super().writestr(name, data, *args, **kwargs)

        def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
            info = zipfile.ZipInfo(arcname or filename, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(filename, "rb") as source, self.open(info, "w") as target:
                shutil.copyfileobj(source, target, 1 << 20)  # a worksheet, streamed from its temp file

    try:
        with _FixedZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(book, archive).save()
    except OSError as err:
        raise InputError(f"cannot write the report: {err.strerror or err}", file=str(path)) from err


def _has_area(results: Results) -> bool:
    area = results.project.reference_area
    return bool(area and area > 0)


def _join(*series: pd.Series | None) -> str:
    parts: list[str] = []
    for s in series:
        if s is not None:
            parts += [str(v) for v in pd.unique(s.dropna()) if str(v)]
    return "; ".join(dict.fromkeys(parts))


def _table_file(table: str, project_file: str | None) -> tuple[str | None, str | None]:
    """The file a factor table was read from, when it can be found, and its SHA-256."""
    from lca.datasets import dataset_dir

    name = table.split("#", 1)[0]
    candidates = [dataset_dir() / "factors" / name]
    if project_file:
        candidates += [Path(project_file).with_name(name)]
    for candidate in candidates:
        if candidate.is_file():
            digest = hashlib.sha256(candidate.read_bytes()).hexdigest()
            shipped = candidate.parent == dataset_dir() / "factors"
            return (f"datasets/factors/{name}" if shipped else candidate.name), digest
    return None, None


__all__ = ["write_csv", "write_report"]
