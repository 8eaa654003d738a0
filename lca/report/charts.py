"""The charts sheet: the charts of :func:`lca.plots.chart_specs` as native Excel charts.

Each chart reads a small table written just left of it on the same sheet: the numbers are visible, the
chart follows when the reader edits them, and it stays crisp at any zoom. Nothing here imports matplotlib
(the PNG, SVG and PDF files of ``lca compare --charts`` are still drawn by :mod:`lca.plots`).

=============  ===================================================================================
modules        stacked columns per variant by module group; Total (diamonds) and D (beside) as markers
lots           stacked columns per variant by lot; Total as markers
waterfall_*    one per variant other than the baseline: horizontal stacked bars on an invisible base,
               from the baseline's total to the variant's, one step per lot (10 largest, the rest summed)
hotspots       Pareto of the baseline's elements (15 largest) with the cumulative share on a second axis
timeline       cumulative emissions over the study period, one step line per variant (scatter chart)
biogenic       biogenic carbon stored per variant [kg CO2e], the same in kg C on the right axis
re2020         (method ``re2020``) Ic construction, then Ic énergie, per variant against its maxima
=============  ===================================================================================

Every impact is per m² of reference area when it is known (else for the whole building), in tonnes when
kilograms reach 100 000, as in :mod:`lca.plots`; variants are named by their description (else their
name). With the RE2020 method, the two panels of its chart (Ic construction, Ic énergie) follow: bars
green or red by the variant's verdict, hatched above their own maximum, the variant's maxima as dashes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lca.compare import (
    CO2_PER_C,
    MODULE_GROUPS,
    biogenic_carbon,
    biogenic_notes,
    by_module_group,
    emission_timeline,
    group_table,
)
from lca.i18n import label, translate
from lca.i18n.numbers import format_number
from lca.indicators import INDICATORS
from lca.plot_style import EDGE, GROUP_STYLE, VARIANT_STYLE, display_unit, lot_order, lot_style, stack_reach
from lca.report.common import element_lots, has_area, headline_indicator, number, variant_labels

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from lca.compare import Comparison
    from lca.report.cells import Book, Sheet
    from lca.results import Results

#: Size of a chart. [px]
WIDTH, HEIGHT = 760, 380
#: Height of an Excel row at the default font. [px]
ROW_HEIGHT = 20
#: Steps of a waterfall and bars of the hot spots, as in :mod:`lca.plots`.
STEPS, HOTSPOTS = 10, 15
#: Fill of the totals of a waterfall, of an increase and of a decrease (steps that are not one lot).
TOTAL_COLOUR, UP, DOWN = "#555555", "#E69F00", "#0072B2"
#: matplotlib hatch of :mod:`lca.plot_style` -> Excel pattern, so that the charts read in greyscale too.
PATTERNS = {
    "//": "light_upward_diagonal",
    "////": "dark_upward_diagonal",
    "\\\\": "light_downward_diagonal",
    "..": "percent_20",
    "xx": "small_check",
    "--": "light_horizontal",
    "++": "small_grid",
    "oo": "small_confetti",
    "||": "light_vertical",
}


def write_charts(
    book: Book,
    results: Results,
    comparison: Comparison,
    lang: str,
    images: Mapping[str, bytes] | None = None,
) -> None:
    """Write the charts sheet: for each chart, its title, its table and the chart beside it.

    Parameters
    ----------
    images
        Ignored (kept for the callers of the PNG version): the charts are native, nothing is drawn.
    """
    w = book.sheet(translate("Charts", lang))
    charts = _Charts(book, w, results, comparison, lang)
    charts.modules()
    charts.lots()
    for name in comparison.variants[1:]:
        charts.waterfall(name)
    charts.hotspots()
    charts.timeline()
    charts.biogenic()
    if results.method == "re2020":
        charts.re2020("ic_construction")
        charts.re2020("ic_energie")
    w.finish({0: 24})


class _Charts:
    """Writes the blocks of the charts sheet top to bottom (the sheet is streamed row after row)."""

    def __init__(self, book: Book, w: Sheet, results: Results, comparison: Comparison, lang: str) -> None:
        from xlsxwriter.utility import quote_sheetname

        self.book, self.w, self.results, self.comparison, self.lang = book, w, results, comparison, lang
        self.sheet_name = w.ws.name
        self.quoted = quote_sheetname(w.ws.name)
        self.indicator = headline_indicator(results)
        self.per_m2 = has_area(results)
        self.scale = float(results.project.reference_area or 1.0) if self.per_m2 else 1.0
        self.names = list(comparison.variants)
        self.shown = variant_labels(results, self.names)

    # ------------------------------------------------------------------------------ the charts
    def modules(self) -> None:
        frame = by_module_group(self.results, self.indicator).loc[self.names] / self.scale
        factor, unit = display_unit(stack_reach(frame), self._unit())
        frame = frame / factor
        labels = {g: label("module_group", g, self.lang) for g in MODULE_GROUPS}
        groups = [g for g in MODULE_GROUPS if g != "D" and frame[g].any()]
        table = pd.DataFrame({translate("Variant", self.lang): [self.shown[n] for n in self.names]})
        for g in groups:
            table[labels[g]] = frame[g].to_numpy()
        table[translate("Total", self.lang)] = frame.drop(columns="D").sum(axis=1).to_numpy()
        with_d = bool(frame["D"].any())
        if with_d:
            table[labels["D"]] = frame["D"].to_numpy()
        title = translate("{indicator} by life-cycle stage", self.lang, indicator=self.indicator)
        styles = [GROUP_STYLE[g] for g in groups]
        self._stacked_columns(title, table, styles, unit, extra=2 if with_d else 1)

    def lots(self) -> None:
        table = (
            group_table(self.results, "lot")[self.indicator].unstack("lot").reindex(self.names).fillna(0.0)
        )
        lots = [lot for lot in sorted(table.columns, key=lot_order) if table[lot].any()]
        frame = table[lots] / self.scale
        factor, unit = display_unit(stack_reach(frame), self._unit())
        frame = frame / factor
        out = pd.DataFrame({translate("Variant", self.lang): [self.shown[n] for n in self.names]})
        for lot in lots:
            out[label("lot", lot, self.lang)] = frame[lot].to_numpy()
        out[translate("Total", self.lang)] = frame.sum(axis=1).to_numpy()
        title = translate("{indicator} by lot", self.lang, indicator=self.indicator)
        self._stacked_columns(title, out, [lot_style(lot) for lot in lots], unit, extra=1)

    def waterfall(self, variant: str) -> None:
        """Stacked horizontal bars: an invisible base, then the part of each bar above and below 0."""
        from lca.compare import compare

        lang, baseline = self.lang, self.comparison.baseline
        comparison = compare(self.results, baseline=baseline, variants=[variant])
        drivers = comparison.drivers(variant, by="lot", n=None, indicator=self.indicator)
        total = self.results.total()[self.indicator]
        start, end = float(total[baseline]) / self.scale, float(total[variant]) / self.scale
        delta = drivers["delta"].to_numpy(dtype=float) / self.scale
        factor, unit = display_unit(np.array([start, end, *delta]), self._unit())
        keys, steps = list(drivers["key"].astype(str)), list(delta / factor)
        names = [label("lot", k, lang) for k in keys]
        colours = [lot_style(k)[0] for k in keys]
        if len(keys) > STEPS:
            rest = float(np.sum(steps[STEPS:]))
            names = names[:STEPS] + [translate("Others ({n})", lang, n=len(keys) - STEPS)]
            steps, colours = steps[:STEPS] + [rest], colours[:STEPS] + [UP if rest > 0 else DOWN]
        start, end = start / factor, end / factor
        lefts = start + np.concatenate([[0.0], np.cumsum(steps)[:-1]]) if steps else np.zeros(0)
        froms = np.concatenate([[0.0], lefts, [0.0]])
        tos = np.concatenate([[start], lefts + np.asarray(steps, dtype=float), [end]])
        low, high = np.minimum(froms, tos), np.maximum(froms, tos)
        base = np.where(low >= 0, low, np.where(high <= 0, high, 0.0))
        above = np.where(low >= 0, high - low, np.where(high <= 0, 0.0, high))
        below = np.where(low >= 0, 0.0, np.where(high <= 0, low - high, low))
        axis = f"{self.indicator} [{unit}]"
        table = pd.DataFrame(
            {
                translate("Lot", lang): [self.shown[baseline], *names, self.shown[variant]],
                axis: [start, *steps, end],
                translate("Invisible base of the bar", lang): base,
                translate("Bar above 0", lang): above,
                translate("Bar below 0", lang): below,
            }
        )
        title = translate(
            "From '{baseline}' to '{variant}': {indicator} by {by}",
            lang,
            baseline=self.shown[baseline],
            variant=self.shown[variant],
            indicator=self.indicator,
            by=label("column", "lot", lang),
        )
        reached = np.concatenate([[start, end], tos])
        cut = None
        if reached.min() > 0 and np.ptp(reached) < 0.12 * reached.max():  # as lca.plots: start near the steps
            cut = max(0.0, float(reached.min()) - 1.5 * float(np.ptp(reached)))
        notes = (
            [translate("Axis cut: it starts at {value}, not at 0", lang, value=format_number(cut, lang))]
            if cut
            else []
        )
        header = self._block(title, table, notes)
        chart = self.book.book.add_chart({"type": "bar", "subtype": "stacked"})
        fills = [TOTAL_COLOUR, *colours, TOTAL_COLOUR]
        points = [{"fill": {"color": c}, "border": {"color": EDGE, "width": 0.5}} for c in fills]
        labels_above = [self._label(header + 1 + i, 1) if a or not b else {"delete": True}
                        for i, (a, b) in enumerate(zip(above, below, strict=True))]  # fmt: skip
        labels_below = [self._label(header + 1 + i, 1) if b and not a else {"delete": True}
                        for i, (a, b) in enumerate(zip(above, below, strict=True))]  # fmt: skip
        for column, extra in (
            (2, {"fill": {"none": True}, "border": {"none": True}}),
            (3, {"points": points, "data_labels": {"value": True, "custom": labels_above}}),
            (4, {"points": points, "data_labels": {"value": True, "custom": labels_below}}),
        ):
            chart.add_series({**self._series(header, len(table), column, table), **extra})
        chart.set_title(self._title(title))
        chart.set_legend({"none": True})
        chart.set_y_axis({"reverse": True, "crossing": "max"})  # top to bottom; the value axis stays below
        chart.set_x_axis(
            {
                "name": axis,
                "num_format": _axis_format(np.abs(tos).max(initial=0.0)),
                "major_gridlines": _GRID,
                **({"min": cut} if cut else {}),
            }
        )
        chart.set_style(1)
        height = int(96 * (1.4 + 0.42 * (len(table))))
        self._place(header, chart, table, height)

    def hotspots(self) -> None:
        """A Pareto chart: columns by element, coloured by lot, and the cumulative share (second axis)."""
        lang, baseline = self.lang, self.comparison.baseline
        values = group_table(self.results, "element")[self.indicator]
        found = baseline in values.index.get_level_values("variant")
        values = (values.xs(baseline) if found else values.iloc[:0]).sort_values(ascending=False)
        top = values.head(HOTSPOTS) / self.scale
        total = number(self.results.total().at[baseline, self.indicator]) / self.scale
        factor, unit = display_unit(top.to_numpy(), self._unit())
        lots = element_lots(self.results, baseline, self.indicator)
        axis = f"{self.indicator} [{unit}]"
        share = translate("Cumulative share of the total [%]", lang)
        table = pd.DataFrame(
            {
                translate("Element", lang): [str(k) for k in top.index],
                axis: top.to_numpy() / factor,
                share: top.cumsum().to_numpy() / total * 100.0 if total else np.full(len(top), np.nan),
                translate("Lot", lang): [label("lot", lots.get(str(k), ""), lang) for k in top.index],
            }
        )
        title = translate("Largest contributors ({variant}): {indicator}", lang, variant=self.shown[baseline],
                          indicator=self.indicator)  # fmt: skip
        if table.empty:  # the baseline has no computed line: nothing to rank
            return
        header = self._block(title, table)
        chart = self.book.book.add_chart({"type": "column"})
        points = [_fill(lot_style(lots.get(str(k), ""))) for k in top.index]
        chart.add_series({**self._series(header, len(table), 1, table), "points": points, "gap": 50})
        line = self.book.book.add_chart({"type": "line"})
        line.add_series(
            {
                **self._series(header, len(table), 2, table),
                "y2_axis": True,
                "line": {"color": "black", "width": 1.0},
                "marker": {
                    "type": "circle",
                    "size": 4,
                    "fill": {"color": "black"},
                    "border": {"color": "black"},
                },
            }
        )
        chart.combine(line)
        chart.set_title(self._title(title))
        chart.set_legend({"position": "bottom"})
        chart.set_x_axis({"num_font": {"rotation": -45}})
        chart.set_y_axis(
            {"name": axis, "num_format": _axis_format(table[axis].abs().max()), "major_gridlines": _GRID}
        )
        peak = float(np.nanmax(table[share], initial=0.0)) if len(table) else 0.0
        line.set_y2_axis({"name": share, "min": 0, "max": max(100.0, peak * 1.05), "num_format": "0"})
        self._place(header, chart, table, HEIGHT + 60)

    def timeline(self) -> None:
        """Scatter chart with straight lines: every year twice (before and after its events), so the
        lines are steps."""
        lang = self.lang
        events = emission_timeline(self.results, self.indicator, self.names)
        period = float(self.results.study_period)
        totals = self.results.total().loc[self.names, self.indicator].to_numpy() / self.scale
        factor, unit = display_unit(totals, self._unit())
        years = np.unique(np.concatenate([[0.0, period], events["year"].to_numpy(dtype=float)]))
        table = pd.DataFrame({translate("Years after completion [years]", lang): np.repeat(years, 2)})
        for name in self.names:
            part = events.loc[events["variant"] == name].groupby("year")["value"].sum()
            after = part.reindex(years, fill_value=0.0).cumsum().to_numpy() / self.scale / factor
            before = np.concatenate([[0.0], after[:-1]])
            table[self.shown[name]] = np.column_stack([before, after]).ravel()
        title = translate(
            "Cumulative emissions over {period} years: {indicator}",
            lang,
            period=format_number(period, lang, strip=True),
            indicator=self.indicator,
        )
        header = self._block(title, table)
        chart = self.book.book.add_chart({"type": "scatter", "subtype": "straight"})
        for k in range(len(self.names)):
            colour, dash = VARIANT_STYLE[k % len(VARIANT_STYLE)]
            series = self._series(header, len(table), 1 + k, table)
            chart.add_series(
                {
                    **series,
                    "line": {"color": colour, "width": 1.8, "dash_type": _DASH.get(str(dash), "solid")},
                }
            )
        chart.set_title(self._title(title))
        chart.set_legend({"position": "bottom"})
        chart.set_x_axis({"name": table.columns[0], "min": 0, "max": period, "major_gridlines": _GRID})
        chart.set_y_axis(
            {
                "name": f"{self.indicator} [{unit}]",
                "num_format": _axis_format(np.abs(table.iloc[:, 1:].to_numpy(dtype=float)).max(initial=0.0)),
                "major_gridlines": _GRID,
            }
        )
        self._place(header, chart, table, HEIGHT)

    def biogenic(self) -> None:
        """Columns in kg CO2e; the same values in kg C as an invisible series on the right axis, both axes
        from 0 to the same height so that they read as one."""
        lang = self.lang
        stored = biogenic_carbon(self.results, self.names)
        co2e = stored["co2e"].to_numpy(dtype=float)  # NaN: not available, an empty cell
        factor, unit = display_unit(np.nan_to_num(co2e), INDICATORS["GWP-biogenic"])
        what = translate("Biogenic carbon stored", lang)
        carbon_unit = unit.replace("CO2e", "C")
        table = pd.DataFrame(
            {
                translate("Variant", lang): [self.shown[n] for n in self.names],
                f"{what} [{unit}]": co2e / factor,
                f"{what} [{carbon_unit}]": co2e / factor / CO2_PER_C,
            }
        )
        notes = []
        top = float(np.nan_to_num(co2e).max() / factor) if len(co2e) else 0.0
        if top <= 0:
            notes.append(translate("No factor used declares biogenic carbon", lang))
        notes += biogenic_notes(stored, lang)
        title = translate("Biogenic carbon stored in the building", lang)
        header = self._block(title, table, notes)
        chart = self.book.book.add_chart({"type": "column"})
        chart.add_series(
            {
                **self._series(header, len(table), 1, table),
                **_fill(("#117733", "//")),
                "gap": 80,
                "data_labels": {"value": True, "num_format": _axis_format(top)},
            }  # fmt: skip
        )
        chart.add_series(
            {
                **self._series(header, len(table), 2, table),
                "y2_axis": True,
                "fill": {"none": True},
                "border": {"none": True},
            }  # fmt: skip
        )
        height = top * 1.15 if top > 0 else 1.0
        chart.set_title(self._title(title))
        chart.set_legend({"none": True})
        chart.set_y_axis(
            {
                "name": table.columns[1],
                "min": 0,
                "max": height,
                "num_format": _axis_format(top),
                "major_gridlines": _GRID,
            }
        )
        chart.set_y2_axis(
            {
                "name": table.columns[2],
                "min": 0,
                "max": height / CO2_PER_C,
                "num_format": _axis_format(top / CO2_PER_C),
            }
        )
        self._place(header, chart, table, HEIGHT)

    def re2020(self, key: str) -> None:
        """One panel of the RE2020 chart: ``key`` (``ic_construction`` or ``ic_energie``) per variant,
        green when the variant meets both maxima of the permit year (the verdict), red otherwise, hatched
        when above its own maximum; each variant's maxima as dashes (permit year, then the later years
        whose maxima differ)."""
        from lca.report.common import RE2020_YEARS, re2020_row_names, value_text

        lang, rows = self.lang, re2020_row_names(self.lang)
        entries = {n: self.results.extra["variants"][n]["re2020"] for n in self.names}
        year = int(next(iter(entries.values()))["permit_year"])
        values = np.array([number(e.get(key)) for e in entries.values()])
        permit = np.array([number(e.get(f"{key}_max")) for e in entries.values()])
        table = pd.DataFrame(
            {
                translate("Variant", lang): [self.shown[n] for n in self.names],
                f"{rows[key]} [kg CO2e/m² Sref]": values,
                rows[f"{key}_max"] + f" ({year})": permit,
            }
        )
        for later in RE2020_YEARS:
            maxima = np.array(
                [number(e.get("by_year", {}).get(str(later), {}).get(f"{key}_max")) for e in entries.values()]
            )
            if not np.allclose(maxima, permit, equal_nan=True):
                table[translate("{name} if permit in {year}", lang, name=rows[f"{key}_max"], year=later)] = (
                    maxima
                )
        table[rows["compliant"]] = [value_text(bool(e.get("compliant")), lang) for e in entries.values()]
        title = rows[key]
        header = self._block(title, table)
        chart = self.book.book.add_chart({"type": "column"})
        points = []
        for entry, value, maximum in zip(entries.values(), values, permit, strict=True):
            colour = RE2020_COMPLIANT if entry.get("compliant") else RE2020_NOT_COMPLIANT
            points.append(_fill((colour, "////" if value > maximum else "")))
        chart.add_series(
            {
                **self._series(header, len(table), 1, table),
                "points": points,
                "gap": 80,
                "data_labels": {"value": True, "num_format": "#,##0"},
            }  # fmt: skip
        )
        dashes = self.book.book.add_chart({"type": "line"})
        for j in range(2, table.shape[1] - 1):
            colour = RE2020_DASHES[(j - 2) % len(RE2020_DASHES)]
            marker = {"type": "dash", "size": 20 if j == 2 else 14, "fill": {"color": colour},
                      "border": {"color": colour}}  # fmt: skip
            dashes.add_series(
                {**self._series(header, len(table), j, table), "line": {"none": True}, "marker": marker}
            )
        chart.combine(dashes)
        chart.set_title(self._title(title))
        chart.set_legend({"position": "bottom"})
        chart.set_y_axis({"name": table.columns[1], "num_format": "#,##0", "major_gridlines": _GRID})
        self._place(header, chart, table, HEIGHT)

    # ----------------------------------------------------------------------------------- helpers
    def _unit(self) -> str:
        base = INDICATORS[self.indicator]
        return translate("{unit}/m²", self.lang, unit=base) if self.per_m2 else base

    def _stacked_columns(
        self, title: str, table: pd.DataFrame, styles: Sequence[tuple[str, str]], unit: str, extra: int
    ) -> None:
        """Stacked columns (the table's columns 1 … n - extra) and markers: Total, then D when there."""
        header = self._block(title, table)
        rows = len(table)
        markers = self.book.book.add_chart({"type": "line"})
        total = table.shape[1] - extra
        reach = np.abs(table.iloc[:, 1:].to_numpy(dtype=float)).max(initial=0.0)
        markers.add_series(
            {
                **self._series(header, rows, total, table),
                "line": {"none": True},
                "marker": {"type": "diamond", "size": 8, "fill": {"color": "white"},
                           "border": {"color": "black", "width": 1.5}},
                "data_labels": {"value": True, "position": "above", "num_format": _axis_format(reach),
                                "font": {"bold": True}},
            }
        )  # fmt: skip
        if extra == 2:
            colour, _ = GROUP_STYLE["D"]
            markers.add_series(
                {
                    **self._series(header, rows, total + 1, table),
                    "line": {"none": True},
                    "marker": {"type": "square", "size": 7, "fill": {"color": "white"},
                               "border": {"color": colour, "width": 1.5}},
                }
            )  # fmt: skip
        chart = markers  # no stack when no column holds a value (no line computed)
        if styles:
            chart = self.book.book.add_chart({"type": "column", "subtype": "stacked"})
            for j, style in enumerate(styles, start=1):
                chart.add_series({**self._series(header, rows, j, table), **_fill(style), "gap": 80})
            chart.combine(markers)
        chart.set_title(self._title(title))
        chart.set_legend({"position": "right"})
        axis = f"{self.indicator} [{unit}]"
        chart.set_y_axis({"name": axis, "num_format": _axis_format(reach), "major_gridlines": _GRID})
        self._place(header, chart, table, HEIGHT)

    def _block(self, title: str, table: pd.DataFrame, notes: Sequence[str] = ()) -> int:
        """Title, table and notes at the sheet's current row; returns the table's header row."""
        w = self.w
        self.top = w.row
        w.title(title, "bold")
        header = w.table(table)
        w.row -= 1  # table() leaves a blank row
        for text in notes:
            w.put(w.row, 0, text, "italic")
            w.row += 1
        return header

    def _place(self, header: int, chart: Any, table: pd.DataFrame, height: int) -> None:
        """The chart right of its table, top-aligned with the title; the next block below both."""
        chart.set_size({"width": WIDTH, "height": height})
        self.w.ws.insert_chart(self.top, table.shape[1] + 1, chart, {"x_offset": 8})
        self.w.row = max(self.w.row, self.top + int(np.ceil(height / ROW_HEIGHT))) + 2

    def _series(self, header: int, rows: int, column: int, table: pd.DataFrame) -> dict[str, Any]:
        """References of column ``column`` of the table (name, categories, values) with their cached
        values, so that a reader that does not recalculate shows the chart too."""
        sheet, first, last = self.sheet_name, header + 1, header + rows
        values = [
            None if not np.isfinite(v) else float(v) for v in table.iloc[:, column].to_numpy(dtype=float)
        ]
        categories = table.iloc[:, 0].tolist()
        numeric = pd.api.types.is_numeric_dtype(table.iloc[:, 0])
        return {
            "name": [sheet, header, column],
            "name_data": [str(table.columns[column])],
            "categories": [sheet, first, 0, last, 0],
            "categories_data": [float(c) for c in categories] if numeric else [str(c) for c in categories],
            "values": [sheet, first, column, last, column],
            "values_data": values,
        }

    def _label(self, row: int, column: int) -> dict[str, str]:
        from xlsxwriter.utility import xl_rowcol_to_cell

        return {"value": f"={self.quoted}!{xl_rowcol_to_cell(row, column, True, True)}"}

    @staticmethod
    def _title(text: str) -> dict[str, Any]:
        return {"name": text, "name_font": {"size": 11, "bold": True}, "overlay": False}


#: RE2020 chart: a compliant variant, a non-compliant one, the maxima (permit year, then later years), as in
#: :mod:`lca.methods.re2020_plot`.
RE2020_COMPLIANT, RE2020_NOT_COMPLIANT = "#5b9f78", "#c8605a"
RE2020_DASHES = ("#111111", "#1f3b73", "#e08a00", "#7a1f5c")


_GRID = {"visible": True, "line": {"color": "#D9D9D9", "width": 0.5}}
#: matplotlib dash of :data:`lca.plot_style.VARIANT_STYLE` -> Excel dash type.
_DASH = {"-": "solid", "--": "dash", "-.": "dash_dot", ":": "round_dot",
         "(0, (5, 1, 1, 1, 1, 1))": "long_dash_dot_dot", "(0, (8, 2))": "long_dash"}  # fmt: skip


def _fill(style: tuple[str, str]) -> dict[str, Any]:
    """Colour and hatch of :mod:`lca.plot_style` as an Excel fill (a pattern for a hatch), thin dark edge."""
    colour, hatch = style
    border = {"color": EDGE, "width": 0.5}
    if hatch in PATTERNS:
        return {
            "pattern": {"pattern": PATTERNS[hatch], "fg_color": EDGE, "bg_color": colour},
            "border": border,
        }
    return {"fill": {"color": colour}, "border": border}


def _axis_format(reach: float) -> str:
    """An axis number format for values up to ``reach``: no decimals from 100, one from 1, else two.
    Excel shows the separators of the reader's language."""
    reach = abs(float(reach)) if np.isfinite(reach) else 0.0
    return "#,##0" if reach >= 100 else "#,##0.0" if reach >= 1 else "#,##0.00"


__all__ = ["write_charts"]
