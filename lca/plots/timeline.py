"""Cumulative emissions over the study period, one step line per variant (:func:`plot_timeline`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from lca.compare import emission_timeline
from lca.i18n import Num, translate
from lca.i18n.numbers import format_quantity
from lca.indicators import DEFAULT_INDICATOR
from lca.plot_style import (
    VARIANT_STYLE,
    check_lang,
    display_unit,
    format_axis,
    shorten,
    spread_labels,
    variant_labels,
)
from lca.plots._base import KIND, divisor, new_axes, unit

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from lca.results import Results


def plot_timeline(
    results: Results,
    indicator: str = DEFAULT_INDICATOR,
    *,
    variants: Sequence[str] | None = None,
    per: str = "total",
    ax: Axes | None = None,
    lang: str = "fr",
    variant_label: str = "name",
) -> Axes:
    """Cumulative emissions over the study period, one step line per variant.

    The events are those of :func:`lca.compare.emission_timeline`: construction at year 0,
    replacements at their years, energy and other B every year, end of life at the end; D is left out.

    Parameters
    ----------
    per
        ``total``, ``m2``, ``m2_year`` or ``dwelling`` (as :func:`lca.plots.plot_modules`).
    variant_label
        ``name`` or ``description`` (the Variantes sheet's description, else the name).

    Returns
    -------
    matplotlib.axes.Axes
        Cumulative impact against the year. [indicator unit (tonnes when large), years]
    """
    lang = check_lang(lang)
    names = list(variants) if variants is not None else list(results.variants)
    shown = variant_labels(results, names, variant_label)
    timeline = emission_timeline(results, indicator, names)
    period = float(results.study_period)
    scale = divisor(results, per)
    totals = results.total().loc[names, indicator].to_numpy() / scale
    factor, shown_unit = display_unit(totals, unit(indicator, per, lang))
    ax = new_axes(ax, (8.0, 4.8))
    finals = []
    by_variant = timeline.groupby(["variant", "year"], sort=True)["value"].sum()
    for k, name in enumerate(names):
        part = by_variant.xs(name, level="variant") if name in by_variant.index.get_level_values(0) else None
        years = np.concatenate([[0.0], [] if part is None else part.index.to_numpy(dtype=float), [period]])
        steps: list[float] | np.ndarray = [] if part is None else part.to_numpy(dtype=float)
        values = np.concatenate([[0.0], steps, [0.0]]).cumsum() / scale / factor
        colour, dash = VARIANT_STYLE[k % len(VARIANT_STYLE)]
        ax.plot(
            years,
            values,
            drawstyle="steps-post",
            color=colour,
            linestyle=dash,
            linewidth=1.8,
            label=shorten(shown[name], 30, 2),
        )
        finals.append((values[-1], colour))
    low, high = ax.get_ylim()
    spread = spread_labels(finals, 0.04 * (high - low))
    for position, value, colour in spread:
        ax.annotate(
            format_quantity(value, lang, KIND[per]),
            (period, position),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize="small",
            color=colour,
            annotation_clip=False,
        )
    ax.set_ylim(low, max(high, max(p for p, _, _ in spread) + 0.03 * (high - low)))
    ax.set_xlim(0, period * 1.1)
    ax.set_xlabel(translate("Years after completion [years]", lang))
    ax.set_ylabel(f"{indicator} [{shown_unit}]")
    format_axis(ax.xaxis, lang)
    format_axis(ax.yaxis, lang)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.grid(linewidth=0.4, alpha=0.5)
    title = translate(
        "Cumulative emissions over {period} years: {indicator}",
        lang,
        period=Num(period, "years"),
        indicator=indicator,
    )
    ax.set_title(title, loc="left", fontsize="medium")
    ax.legend(title=translate("Variant", lang), loc="best", fontsize="small", frameon=True, framealpha=0.9)
    return ax
