"""Bar charts per variant: by module group (:func:`plot_modules`), by lot (:func:`plot_lots`) and the
biogenic carbon stored (:func:`plot_biogenic`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from lca.compare import (
    CO2_PER_C,
    MODULE_GROUPS,
    biogenic_carbon,
    biogenic_notes,
    by_module_group,
    group_table,
)
from lca.i18n import label, translate
from lca.i18n.numbers import format_quantity
from lca.indicators import DEFAULT_INDICATOR, INDICATORS
from lca.plot_style import (
    GROUP_STYLE,
    check_lang,
    display_unit,
    format_axis,
    lot_order,
    lot_style,
    shorten,
    stack_reach,
    variant_labels,
)
from lca.plots._base import (
    KIND,
    divisor,
    fill,
    finish_bars,
    footnote,
    legend_outside,
    new_axes,
    note,
    stacked,
    totals,
    unit,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from lca.results import Results


def plot_modules(
    results: Results,
    indicator: str = DEFAULT_INDICATOR,
    *,
    variants: Sequence[str] | None = None,
    per: str = "total",
    ax: Axes | None = None,
    lang: str = "fr",
    variant_label: str = "name",
) -> Axes:
    """Stacked bars per variant by module group (A1-A3, A4-A5, B4, B6, other B, C), D beside, hatched.

    Parameters
    ----------
    results
        Computed results.
    indicator
        The indicator.
    variants
        Variants to show, in order (default: all).
    per
        ``total``, ``m2`` (per m² of reference area), ``m2_year`` or ``dwelling``.
    ax
        Axes to draw on; a new figure is made when None.
    lang
        ``fr`` or ``en``.
    variant_label
        ``name`` or ``description`` (the Variantes sheet's description, else the name).

    Returns
    -------
    matplotlib.axes.Axes
        Bars in the indicator's unit (tonnes when large), ``per`` applied. [indicator unit]
    """
    lang = check_lang(lang)
    names = list(variants) if variants is not None else list(results.variants)
    shown = variant_labels(results, names, variant_label)
    frame = by_module_group(results, indicator).loc[names] / divisor(results, per)
    factor, shown_unit = display_unit(stack_reach(frame), unit(indicator, per, lang))
    frame = frame / factor
    ax = new_axes(ax, (max(6.0, 1.6 * len(names) + 4.0), 4.8))
    x = np.arange(len(names), dtype=float)
    width = 0.55
    in_total = frame.drop(columns="D")
    labels = {g: label("module_group", g, lang) for g in MODULE_GROUPS}
    tops = stacked(ax, x, in_total, GROUP_STYLE, labels, width)
    totals(ax, x, in_total.sum(axis=1).to_numpy(), tops, KIND[per], lang)
    colour, hatch = GROUP_STYLE["D"]
    ax.bar(
        x + width / 2 + 0.14,
        frame["D"].to_numpy(),
        0.2,
        color="white",
        hatch=hatch,
        edgecolor=colour,
        linewidth=1.0,
        label=labels["D"],
    )
    title = translate("{indicator} by life-cycle stage", lang, indicator=indicator)
    finish_bars(ax, x + 0.07, [shown[n] for n in names], f"{indicator} [{shown_unit}]", title, lang)
    legend_outside(ax, translate("Total", lang), labels["D"])
    return ax


def plot_lots(
    results: Results,
    indicator: str = DEFAULT_INDICATOR,
    *,
    variants: Sequence[str] | None = None,
    per: str = "total",
    ax: Axes | None = None,
    lang: str = "fr",
    variant_label: str = "name",
) -> Axes:
    """Stacked bars per variant by lot (energy and water lines as their own lot). D is not included.

    Parameters are those of :func:`plot_modules`. [indicator unit]
    """
    lang = check_lang(lang)
    names = list(variants) if variants is not None else list(results.variants)
    shown = variant_labels(results, names, variant_label)
    table = group_table(results, "lot")[indicator].unstack("lot").reindex(names).fillna(0.0)
    lots = sorted(table.columns, key=lot_order)
    frame = table[lots] / divisor(results, per)
    factor, shown_unit = display_unit(stack_reach(frame), unit(indicator, per, lang))
    frame = frame / factor
    ax = new_axes(ax, (max(6.0, 1.4 * len(names) + 4.5), 4.8))
    x = np.arange(len(names), dtype=float)
    styles = {lot: lot_style(lot) for lot in lots}
    labels = {lot: label("lot", lot, lang) for lot in lots}
    tops = stacked(ax, x, frame, styles, labels, 0.6)
    totals(ax, x, frame.sum(axis=1).to_numpy(), tops, KIND[per], lang)
    title = translate("{indicator} by lot", lang, indicator=indicator)
    finish_bars(ax, x, [shown[n] for n in names], f"{indicator} [{shown_unit}]", title, lang)
    legend_outside(ax, translate("Total", lang))
    return ax


def plot_biogenic(
    results: Results,
    *,
    variants: Sequence[str] | None = None,
    ax: Axes | None = None,
    lang: str = "fr",
    variant_label: str = "name",
) -> Axes:
    """Biogenic carbon stored in the building per variant: kg CO2e bars, kg C on the right axis.

    From :func:`lca.compare.biogenic_carbon` (factors' ``biogenic_carbon`` × declared quantity, or the
    EN 16449 estimate for wood; the note under the axes counts the estimated lines). A variant without
    any value is an empty bar marked *n/a*.

    Returns
    -------
    matplotlib.axes.Axes
        Bars in kg CO2e (t CO2e when large); the right axis is the same in kg C (t C). [kg CO2e, kg C]
    """
    lang = check_lang(lang)
    names = list(variants) if variants is not None else list(results.variants)
    shown = variant_labels(results, names, variant_label)
    stored = biogenic_carbon(results, names)
    co2e = stored["co2e"].to_numpy(dtype=float)  # NaN: not available, drawn as an empty bar marked n/a
    factor, shown_unit = display_unit(np.nan_to_num(co2e), INDICATORS["GWP-biogenic"])
    title = translate("Biogenic carbon stored", lang)
    ax = new_axes(ax, (max(5.5, 1.3 * len(names) + 3.0), 4.5))
    x = np.arange(len(names), dtype=float)
    ax.bar(x, np.nan_to_num(co2e) / factor, 0.55, label=title, **fill("#117733", "//"))
    for xi, value in zip(x, co2e / factor, strict=True):
        note(
            ax,
            format_quantity(value, lang, "total"),
            (xi, np.nan_to_num(value)),
            (0, 3),
            ha="center",
            va="bottom",
            bold=True,
        )
    ax.set_xticks(x, [shorten(shown[n], 16, 3) for n in names])
    ax.set_ylabel(f"{title} [{shown_unit}]")
    carbon_unit = shown_unit.replace("CO2e", "C")
    right = ax.secondary_yaxis(
        "right", functions=(lambda v: np.divide(v, CO2_PER_C), lambda v: np.multiply(v, CO2_PER_C))
    )
    right.set_ylabel(f"{title} [{carbon_unit}]")
    format_axis(right.yaxis, lang)
    format_axis(ax.yaxis, lang)
    top = float(np.nan_to_num(co2e).max() / factor) if len(co2e) else 0.0
    ax.set_ylim(0, top * 1.15 if top > 0 else 1.0)
    if top <= 0:
        text = translate("No factor used declares biogenic carbon", lang)
        note(ax, text, (0.5, 0.5), xycoords="axes fraction", ha="center", style="italic")
    notes = biogenic_notes(stored, lang)
    if notes:
        text = (
            translate("{message}; {note}", lang, message=notes[0], note=notes[1])
            if len(notes) > 1
            else notes[0]
        )
        footnote(ax, text)
    ax.grid(axis="y", linewidth=0.4, alpha=0.5)
    ax.set_axisbelow(True)
    ax.set_title(translate("Biogenic carbon stored in the building", lang), loc="left", fontsize="medium")
    return ax
