"""Charts of results and comparisons: ``plot_<kind>(results, ..., ax=None, lang="fr") -> Axes``.

matplotlib is imported inside the functions only. A figure is created only when ``ax`` is None.
Colours are fixed per module group and per lot, the same in every chart (:mod:`lca.plot_style`), and
every filled area also carries a hatch so that charts stay readable in greyscale. :func:`save_charts`
writes every chart as PNG, SVG or PDF.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lca.compare import (
    CO2_PER_C,
    MODULE_GROUPS,
    biogenic_carbon,
    by_module_group,
    compare,
    emission_timeline,
    group_table,
)
from lca.errors import InputError
from lca.indicators import DEFAULT_INDICATOR, INDICATORS
from lca.plot_style import (
    EDGE,
    GROUP_STYLE,
    LOT_STYLE,
    TEXT,
    VARIANT_STYLE,
    check_lang,
    display_unit,
    format_axis,
    format_number,
    lot_label,
    lot_order,
    lot_style,
    shorten,
    spread_labels,
    stack_reach,
)

__all__ = [
    "GROUP_STYLE", "LOT_STYLE", "VARIANT_STYLE", "chart_specs", "chart_stems", "lot_label", "lot_style",
    "plot_biogenic", "plot_hotspots", "plot_lots", "plot_modules", "plot_timeline", "plot_waterfall",
    "render", "save_charts", "shorten",
]  # fmt: skip

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from lca.compare import Comparison
    from lca.results import Results


_PER = {"total": None, "m2": "reference_area", "m2_year": "reference_area", "dwelling": "dwellings"}


# ------------------------------------------------------------------------------------ styling


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def _per(results: Results, per: str) -> float:
    if per not in _PER:
        raise InputError(f"per={per!r}: expected one of {list(_PER)}", value=per)
    attribute = _PER[per]
    divisor = 1.0 if attribute is None else float(getattr(results.project, attribute) or np.nan)
    if per == "m2_year":
        divisor *= float(results.study_period)
    if not np.isfinite(divisor) or divisor <= 0:
        raise InputError(f"per={per!r} needs the project's {attribute}, which is missing or 0")
    return divisor


def _unit(indicator: str, per: str, lang: str) -> str:
    return INDICATORS[indicator] + TEXT[lang]["per"][per]


def _legend_outside(ax: Axes, first: str | None = None, last: str | None = None) -> None:
    """Legend right of the axes, stacked entries in the order they appear in the bars (top first)."""
    pairs = list(zip(*ax.get_legend_handles_labels(), strict=True))
    head = [p for p in pairs if p[1] == first]
    tail = [p for p in pairs if p[1] == last]
    middle = [p for p in pairs if p[1] not in {first, last}][::-1]
    handles, labels = zip(*(head + middle + tail), strict=True) if pairs else ((), ())
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize="small")


def _stacked(
    ax: Axes,
    x: np.ndarray,
    frame: pd.DataFrame,
    styles: dict[str, tuple[str, str]],
    labels: dict[str, str],
    width: float,
) -> np.ndarray:
    """Stack the columns of ``frame`` (rows = x positions): positives up, negatives down from 0."""
    up = np.zeros(len(frame))
    down = np.zeros(len(frame))
    for column in frame.columns:
        values = frame[column].to_numpy(dtype=float)
        if not np.any(values):
            continue
        bottom = np.where(values >= 0, up, down)
        colour, hatch = styles[column]
        ax.bar(x, values, width, bottom=bottom, label=labels[column], **_fill(colour, hatch))
        up += np.where(values >= 0, values, 0.0)
        down += np.where(values < 0, values, 0.0)
    return up


def _fill(colour: str, hatch: str) -> dict[str, object]:
    """Bar style: colour, hatch and a thin dark edge (which also draws the hatch)."""
    return {"color": colour, "hatch": hatch, "edgecolor": EDGE, "linewidth": 0.5}


def _label(ax: Axes, text: str, xy: tuple[float, float], offset: tuple[float, float] = (0, 0), *,
           bold: bool = False, **kwargs: object) -> None:  # fmt: skip
    """A small text at ``xy`` (data coordinates unless ``xycoords`` says otherwise), moved by ``offset``
    points."""
    kwargs.setdefault("fontsize", "small")
    kwargs.setdefault("va", "center")
    ax.annotate(text, xy, xytext=offset, textcoords="offset points", fontweight="bold" if bold else None,
                annotation_clip=False, **kwargs)  # type: ignore[arg-type]  # fmt: skip


def _totals(ax: Axes, x: np.ndarray, totals: np.ndarray, tops: np.ndarray, width: float, lang: str) -> None:
    """Net total of each bar: a white diamond at its value, and the value above the bar."""
    ax.plot(x, totals, linestyle="none", marker="D", markersize=7, markerfacecolor="white",
            markeredgecolor="black", markeredgewidth=1.5, label=TEXT[lang]["total"], zorder=5)  # fmt: skip
    for xi, top, total in zip(x, tops, totals, strict=True):
        _label(
            ax, format_number(total, lang), (xi, max(top, total)), (0, 7), ha="center", va="bottom", bold=True
        )


def _finish_bars(ax: Axes, x: np.ndarray, names: Sequence[str], ylabel: str, title: str, lang: str) -> None:
    ax.set_xticks(x, [shorten(n, 14) for n in names])
    ax.set_xlim(x[0] - 0.85, x[-1] + 0.85)  # a single variant does not make one huge bar
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left", fontsize="medium")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.margins(y=0.12)
    format_axis(ax.yaxis, lang)
    ax.grid(axis="y", linewidth=0.4, alpha=0.5)
    ax.set_axisbelow(True)


# --------------------------------------------------------------------------------------- charts
def plot_modules(
    results: Results,
    indicator: str = DEFAULT_INDICATOR,
    *,
    variants: Sequence[str] | None = None,
    per: str = "total",
    ax: Axes | None = None,
    lang: str = "fr",
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

    Returns
    -------
    matplotlib.axes.Axes
        Bars in the indicator's unit (tonnes when large), ``per`` applied. [indicator unit]
    """
    lang = check_lang(lang)
    names = list(variants) if variants is not None else list(results.variants)
    frame = by_module_group(results, indicator).loc[names] / _per(results, per)
    factor, unit = display_unit(stack_reach(frame), _unit(indicator, per, lang))
    frame = frame / factor
    ax = _axes(ax, (max(6.0, 1.6 * len(names) + 4.0), 4.8))
    x = np.arange(len(names), dtype=float)
    width = 0.55
    in_total = frame.drop(columns="D")
    labels = {g: TEXT[lang][g] for g in MODULE_GROUPS}
    tops = _stacked(ax, x, in_total, GROUP_STYLE, labels, width)
    _totals(ax, x, in_total.sum(axis=1).to_numpy(), tops, width, lang)
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
    title = TEXT[lang]["modules_title"].format(indicator=indicator)
    _finish_bars(ax, x + 0.07, names, f"{indicator} [{unit}]", title, lang)
    _legend_outside(ax, TEXT[lang]["total"], labels["D"])
    return ax


def plot_lots(
    results: Results,
    indicator: str = DEFAULT_INDICATOR,
    *,
    variants: Sequence[str] | None = None,
    per: str = "total",
    ax: Axes | None = None,
    lang: str = "fr",
) -> Axes:
    """Stacked bars per variant by lot (energy and water lines as their own lot). D is not included.

    Parameters are those of :func:`plot_modules`. [indicator unit]
    """
    lang = check_lang(lang)
    names = list(variants) if variants is not None else list(results.variants)
    table = group_table(results, "lot")[indicator].unstack("lot").reindex(names).fillna(0.0)
    lots = sorted(table.columns, key=lot_order)
    frame = table[lots] / _per(results, per)
    factor, unit = display_unit(stack_reach(frame), _unit(indicator, per, lang))
    frame = frame / factor
    ax = _axes(ax, (max(6.0, 1.4 * len(names) + 4.5), 4.8))
    x = np.arange(len(names), dtype=float)
    styles = {lot: lot_style(lot) for lot in lots}
    labels = {lot: lot_label(lot, lang) for lot in lots}
    tops = _stacked(ax, x, frame, styles, labels, 0.6)
    _totals(ax, x, frame.sum(axis=1).to_numpy(), tops, 0.6, lang)
    title = TEXT[lang]["lots_title"].format(indicator=indicator)
    _finish_bars(ax, x, names, f"{indicator} [{unit}]", title, lang)
    _legend_outside(ax, TEXT[lang]["total"])
    return ax


def plot_waterfall(
    results: Results,
    variant: str,
    *,
    baseline: str | None = None,
    by: str = "lot",
    n: int = 10,
    indicator: str = DEFAULT_INDICATOR,
    ax: Axes | None = None,
    lang: str = "fr",
) -> Axes:
    """Waterfall from the baseline's total to ``variant``'s, one step per lot or element.

    Horizontal bars read top to bottom: the baseline total, the ``n`` largest changes (the rest
    summed as "others"), the variant total. Steps by lot take the lot's colour; steps by element are
    blue (decrease) or orange, hatched (increase).

    Parameters
    ----------
    variant
        The variant reached.
    baseline
        The starting variant (default: the first).
    by
        ``lot``, ``element`` or ``line``.
    n
        Largest steps shown.

    Returns
    -------
    matplotlib.axes.Axes
        Bars in the indicator's unit (tonnes when large). [indicator unit]
    """
    lang = check_lang(lang)
    comparison = compare(results, baseline=baseline, variants=[variant])
    drivers = comparison.drivers(variant, by=by, n=None, indicator=indicator)
    total = results.total()[indicator]
    start, end = float(total[comparison.baseline]), float(total[variant])
    factor, unit = display_unit(np.array([start, end, *drivers["delta"]]), INDICATORS[indicator])
    keys, deltas = list(drivers["key"].astype(str)), list(drivers["delta"] / factor)
    labels = [lot_label(k, lang) for k in keys] if by == "lot" else list(keys)
    if by == "line":
        elements = dict(zip(drivers["key"].astype(str), drivers["element"].astype(str), strict=True))
        labels = [f"{k} {elements.get(k, '')}".strip() for k in keys]
    styles = [lot_style(k) if by == "lot" else None for k in keys]
    if len(keys) > n:
        rest = float(np.sum(deltas[n:]))
        keys, deltas, styles = keys[:n], deltas[:n] + [rest], styles[:n] + [None]
        labels = labels[:n] + [TEXT[lang]["others"].format(n=len(labels) - n)]
    ax = _axes(ax, (8.0, 1.2 + 0.42 * (len(deltas) + 2)))
    y = np.arange(len(deltas) + 2, dtype=float)
    ax.barh(y[0], start / factor, 0.6, color="#555555", edgecolor=EDGE, linewidth=0.5)
    ax.barh(y[-1], end / factor, 0.6, color="#555555", edgecolor=EDGE, linewidth=0.5)
    running = start / factor
    for yi, style, delta in zip(y[1:-1], styles, deltas, strict=True):
        if style is not None:
            colour, hatch = style
        else:
            colour, hatch = ("#E69F00", "//") if delta > 0 else ("#0072B2", "")
        ax.barh(yi, delta, 0.6, left=running, color=colour, hatch=hatch, edgecolor=EDGE, linewidth=0.5)
        ax.plot([running, running], [yi - 1 - 0.3, yi + 0.3], color="#888888", linewidth=0.6, linestyle=":")
        sign = "+" if delta > 0 else ""
        end_x = running + delta
        text = f"{sign}{format_number(delta, lang, 1 if abs(delta) < 10 else 0)}"
        _label(ax, text, (max(running, end_x), yi), (4, 0), va="center")
        running = end_x
    digits = 1 if any(abs(d) < 10 for d in deltas) else 0  # totals as precise as the steps
    for yi, value in ((y[0], start / factor), (y[-1], end / factor)):
        _label(ax, format_number(value, lang, digits), (max(value, 0), yi), (4, 0), va="center", bold=True)
    names = [
        shorten(comparison.baseline, 34),
        *[shorten(label, 34) for label in labels],
        shorten(variant, 34),
    ]
    ax.set_yticks(y, names)
    for tick in (ax.get_yticklabels()[0], ax.get_yticklabels()[-1]):
        tick.set_fontweight("bold")
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(f"{indicator} [{unit}]")
    # explicit limits: the sticky edges of the floating bars would stop the autoscale margins
    steps = np.concatenate([[start / factor, end / factor], start / factor + np.cumsum(deltas)])
    low, high = float(min(steps.min(), 0.0)), float(steps.max())
    if steps.min() > 0 and np.ptp(steps) < 0.12 * high:
        # small changes on a large total: start the axis near the changes, and say so
        low = max(0.0, float(steps.min()) - 1.5 * float(np.ptp(steps)))
        ax.annotate(TEXT[lang]["cut_axis"].format(value=format_number(low, lang)), (0, -0.14 - 0.3 / len(y)),
                    xycoords="axes fraction", fontsize="x-small", style="italic", va="top")  # fmt: skip
    pad = 0.14 * ((high - low) or 1.0)
    ax.set_xlim(low - pad if low < 0 else low, high + pad)
    format_axis(ax.xaxis, lang)
    ax.grid(axis="x", linewidth=0.4, alpha=0.5)
    ax.set_axisbelow(True)
    by_text = TEXT[lang].get(by, by)
    title = TEXT[lang]["waterfall_title"].format(
        baseline=shorten(comparison.baseline, 30, 1),
        variant=shorten(variant, 30, 1),
        indicator=indicator,
        by=by_text,
    )
    ax.set_title(title, loc="left", fontsize="medium")
    return ax


def plot_hotspots(
    results: Results,
    *,
    variant: str | None = None,
    by: str = "element",
    n: int = 15,
    indicator: str = DEFAULT_INDICATOR,
    ax: Axes | None = None,
    lang: str = "fr",
) -> Axes:
    """Pareto of the elements (or lines, lots) with the largest impact, with the cumulative share.

    Horizontal bars, largest first, coloured by lot (an element on several lots takes the lot of its
    largest line); the line with markers is the cumulative share of the variant's total (top axis).
    With negative contributions (stored biogenic carbon, D is never included) the share can pass 100 %.

    Parameters
    ----------
    variant
        The variant (default: the first).
    by
        ``element``, ``line`` or ``lot``.
    n
        Number of bars.

    Returns
    -------
    matplotlib.axes.Axes
        The bars' axes; the cumulative share is on a twin x axis. [indicator unit, %]
    """
    lang = check_lang(lang)
    variant = variant or results.variants[0]
    if variant not in results.variants:
        raise InputError(f"unknown variant {variant!r}; the project has {results.variants}", value=variant)
    if by not in {"element", "line", "lot"}:
        raise InputError(f"hot spots by {by!r}: expected element, line or lot", value=by)
    column = {"line": "line_id"}.get(by, by)
    table = group_table(results, column)[indicator]
    values = table.xs(variant) if variant in table.index.get_level_values("variant") else table.iloc[:0]
    values = values.sort_values(ascending=False)  # empty when no line of the variant computes
    total = float(results.total().at[variant, indicator])
    top = values.head(n)
    lots = _lot_of(results, column, variant, indicator)
    factor, unit = display_unit(top.to_numpy(), INDICATORS[indicator])
    ax = _axes(ax, (8.5, 1.4 + 0.38 * len(top)))
    y = np.arange(len(top), dtype=float)
    seen: set[str] = set()
    for yi, (key, value) in zip(y, top.items(), strict=True):
        lot = str(key) if by == "lot" else lots.get(str(key), "")
        colour, hatch = lot_style(lot)
        label = lot_label(lot, lang) if lot not in seen else None
        seen.add(lot)
        ax.barh(
            yi, value / factor, 0.65, color=colour, hatch=hatch, edgecolor=EDGE, linewidth=0.5, label=label
        )
    names = [str(k) for k in top.index]
    if by == "lot":
        names = [lot_label(k, lang) for k in names]
    elif by == "line":
        elements = results.lines.drop_duplicates("line_id").set_index("line_id")["element"].astype(str)
        names = [f"{k} {elements.get(k, '')}".strip() for k in names]
    ax.set_yticks(y, [shorten(name, 34) for name in names])
    ax.invert_yaxis()
    ax.set_xlabel(f"{indicator} [{unit}]")
    format_axis(ax.xaxis, lang)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.grid(axis="x", linewidth=0.4, alpha=0.5)
    ax.set_axisbelow(True)
    share = ax.twiny()
    cumulative = top.cumsum().to_numpy() / total * 100.0 if total else np.full(len(top), np.nan)
    share.plot(
        cumulative,
        y,
        color="black",
        marker="o",
        markersize=3.5,
        linewidth=1.0,
        label=TEXT[lang]["cumulative"],
    )
    share.set_xlim(0, max(100.0, float(np.nanmax(cumulative, initial=0)) * 1.05))
    share.set_xlabel(TEXT[lang]["cumulative"], fontsize="small")
    share.tick_params(labelsize="small")
    ax.set_title(
        TEXT[lang]["hotspots_title"].format(variant=variant, indicator=indicator),
        loc="left",
        fontsize="medium",
        pad=34,
    )
    handles, labels = ax.get_legend_handles_labels()
    order = {lot_label(lot, lang): lot_order(lot) for lot in seen}
    pairs = sorted(zip(handles, labels, strict=True), key=lambda p: order.get(p[1], (9, 0, "")))
    handles, labels = [h for h, _ in pairs], [lb for _, lb in pairs]
    extra_h, extra_l = share.get_legend_handles_labels()
    ax.legend(
        handles + extra_h,
        labels + extra_l,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        fontsize="small",
    )
    return ax


def plot_timeline(
    results: Results,
    indicator: str = DEFAULT_INDICATOR,
    *,
    variants: Sequence[str] | None = None,
    ax: Axes | None = None,
    lang: str = "fr",
) -> Axes:
    """Cumulative emissions over the study period, one step line per variant.

    The events are those of :func:`lca.compare.emission_timeline`: construction at year 0,
    replacements at their years, energy and other B every year, end of life at the end; D is left out.

    Returns
    -------
    matplotlib.axes.Axes
        Cumulative impact against the year. [indicator unit (tonnes when large), years]
    """
    lang = check_lang(lang)
    names = list(variants) if variants is not None else list(results.variants)
    timeline = emission_timeline(results, indicator, names)
    period = float(results.study_period)
    factor, unit = display_unit(results.total().loc[names, indicator].to_numpy(), INDICATORS[indicator])
    ax = _axes(ax, (8.0, 4.8))
    finals = []
    for k, name in enumerate(names):
        part = timeline.loc[timeline["variant"] == name].groupby("year")["value"].sum()
        years = np.concatenate([[0.0], part.index.to_numpy(dtype=float), [period]])
        values = np.concatenate([[0.0], part.to_numpy(), [0.0]]).cumsum() / factor
        colour, dash = VARIANT_STYLE[k % len(VARIANT_STYLE)]
        ax.plot(
            years, values, drawstyle="steps-post", color=colour, linestyle=dash, linewidth=1.8, label=name
        )
        finals.append((values[-1], colour))
    low, high = ax.get_ylim()
    spread = spread_labels(finals, 0.04 * (high - low))
    for position, value, colour in spread:
        ax.annotate(format_number(value, lang), (period, position), xytext=(6, 0), textcoords="offset points",
                    va="center", fontsize="small", color=colour, annotation_clip=False)  # fmt: skip
    ax.set_ylim(low, max(high, max(p for p, _, _ in spread) + 0.03 * (high - low)))
    ax.set_xlim(0, period * 1.1)
    ax.set_xlabel(TEXT[lang]["year"])
    ax.set_ylabel(f"{indicator} [{unit}]")
    format_axis(ax.yaxis, lang)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.grid(linewidth=0.4, alpha=0.5)
    ax.set_title(
        TEXT[lang]["timeline_title"].format(period=period, indicator=indicator), loc="left", fontsize="medium"
    )
    ax.legend(title=TEXT[lang]["variant"], loc="best", fontsize="small", frameon=True, framealpha=0.9)
    return ax


def plot_biogenic(
    results: Results, *, variants: Sequence[str] | None = None, ax: Axes | None = None, lang: str = "fr"
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
    stored = biogenic_carbon(results, names)
    co2e = stored["co2e"].to_numpy(dtype=float)  # NaN: not available, drawn as an empty bar marked n/a
    factor, unit = display_unit(np.nan_to_num(co2e), "kg CO2e")
    ax = _axes(ax, (max(5.5, 1.3 * len(names) + 3.0), 4.5))
    x = np.arange(len(names), dtype=float)
    ax.bar(x, np.nan_to_num(co2e) / factor, 0.55, label=TEXT[lang]["stored"], **_fill("#117733", "//"))
    for xi, value in zip(x, co2e / factor, strict=True):
        text = format_number(value, lang) if np.isfinite(value) else TEXT[lang]["not_available"]
        _label(ax, text, (xi, np.nan_to_num(value)), (0, 3), ha="center", va="bottom", bold=True)
    ax.set_xticks(x, [shorten(n, 14) for n in names])
    ax.set_ylabel(f"{TEXT[lang]['stored']} [{unit}]")
    carbon_unit = unit.replace("CO2e", "C")
    right = ax.secondary_yaxis("right", functions=(lambda v: v / CO2_PER_C, lambda v: v * CO2_PER_C))
    right.set_ylabel(f"{TEXT[lang]['stored']} [{carbon_unit}]")
    format_axis(right.yaxis, lang)
    format_axis(ax.yaxis, lang)
    top = float(np.nan_to_num(co2e).max() / factor) if len(co2e) else 0.0
    ax.set_ylim(0, top * 1.15 if top > 0 else 1.0)
    if top <= 0:
        _label(
            ax, TEXT[lang]["no_biogenic"], (0.5, 0.5), xycoords="axes fraction", ha="center", style="italic"
        )
    missing = int(stored["lines_without_data"].max()) if len(stored) else 0
    estimated = int(stored["lines_estimated"].max()) if len(stored) else 0
    counts = (("without_data", missing), ("estimated", estimated))
    notes = [TEXT[lang][key].format(n=n) for key, n in counts if n]
    if notes:
        note = " ; ".join(notes) if lang == "fr" else "; ".join(notes)
        _label(ax, note, (0, -0.16), xycoords="axes fraction", fontsize="x-small", style="italic", va="top")
    ax.grid(axis="y", linewidth=0.4, alpha=0.5)
    ax.set_axisbelow(True)
    ax.set_title(TEXT[lang]["biogenic_title"], loc="left", fontsize="medium")
    return ax


# --------------------------------------------------------------------------------------- export
def chart_specs(
    results: Results,
    *,
    comparison: Comparison | None = None,
    lang: str = "fr",
    indicator: str = DEFAULT_INDICATOR,
) -> list[tuple[str, Callable[[Axes], Axes], tuple[float, float]]]:
    """The charts of a report: ``(file stem, draw(ax), figure size [inches])``.

    Bars per m² of reference area when it is known. One waterfall by lot per variant other than the
    baseline (``waterfall_<name>``, see :func:`chart_stems`); hot spots of the baseline by element.
    """
    lang = check_lang(lang)
    comparison = comparison or compare(results)
    names, baseline = comparison.variants, comparison.baseline
    area = results.project.reference_area
    per = "m2" if area and area > 0 else "total"
    n_lots = len(group_table(results, "lot").index.get_level_values("lot").unique())
    specs: list[tuple[str, Callable[[Axes], Axes], tuple[float, float]]] = [
        (
            "modules",
            lambda ax: plot_modules(results, indicator, variants=names, per=per, ax=ax, lang=lang),
            (max(7.5, 1.6 * len(names) + 5.0), 4.8),
        ),
        (
            "lots",
            lambda ax: plot_lots(results, indicator, variants=names, per=per, ax=ax, lang=lang),
            (max(7.5, 1.4 * len(names) + 5.0), max(4.8, 0.3 * n_lots + 1.0)),
        ),
    ]
    stems = chart_stems(names[1:])
    for name in names[1:]:
        steps = len(comparison.drivers(name, by="lot", n=None, indicator=indicator))
        specs.append(
            (
                f"waterfall_{stems[name]}",
                lambda ax, name=name: plot_waterfall(
                    results, name, baseline=baseline, by="lot", indicator=indicator, ax=ax, lang=lang
                ),
                (8.5, 1.4 + 0.42 * (min(steps, 11) + 2)),
            )
        )
    elements = group_table(results, "element").index.get_level_values("variant")
    n_hot = min(15, int((elements == baseline).sum()))
    specs += [
        (
            "hotspots",
            lambda ax: plot_hotspots(results, variant=baseline, indicator=indicator, ax=ax, lang=lang),
            (9.0, 1.8 + 0.38 * n_hot),
        ),
        (
            "timeline",
            lambda ax: plot_timeline(results, indicator, variants=names, ax=ax, lang=lang),
            (8.5, 4.8),
        ),
        (
            "biogenic",
            lambda ax: plot_biogenic(results, variants=names, ax=ax, lang=lang),
            (max(6.0, 1.3 * len(names) + 3.5), 4.5),
        ),
    ]
    if results.method == "re2020":
        from lca.methods.re2020 import plot_re2020
        from lca.methods.re2020_plot import figure_size

        specs.append(
            (
                "re2020",
                lambda ax: plot_re2020(results, ax=ax, lang=lang),
                figure_size(len(names)),
            )
        )
    return specs


def render(
    draw: Callable[[Axes], Axes], size: tuple[float, float], fmt: str | Sequence[str] = "png", dpi: int = 200
) -> bytes | dict[str, bytes]:
    """Draw one chart on a new, unmanaged figure and return the file's bytes.

    The bytes depend on the chart only: no date, software version or random id is written (SVG ids
    come from a fixed salt), so that the same results give byte-identical files.

    Parameters
    ----------
    fmt
        ``png``, ``svg`` or ``pdf``; a list of them gives ``{format: bytes}``, drawn once.
    dpi
        Resolution of PNG output. [dots per inch]
    """
    import io

    import matplotlib
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, layout="constrained")
    draw(figure.add_subplot())
    out = {}
    for kind in [fmt] if isinstance(fmt, str) else fmt:
        buffer = io.BytesIO()
        with matplotlib.rc_context({"svg.hashsalt": "lca"}):
            figure.savefig(
                buffer,
                format=kind,
                dpi=dpi,
                bbox_inches="tight",
                pad_inches=0.1,
                metadata=_METADATA.get(kind),
            )
        out[kind] = buffer.getvalue()
    return out[fmt] if isinstance(fmt, str) else out


#: File metadata left out of the charts, so that they do not change from one run to the next.
_METADATA: dict[str, dict[str, None]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
}


def save_charts(
    results: Results,
    folder: str | Path,
    formats: Sequence[str] = ("png",),
    lang: str = "fr",
    dpi: int = 200,
    *,
    comparison: Comparison | None = None,
    indicator: str = DEFAULT_INDICATOR,
) -> list[Path]:
    """Write every chart of :func:`chart_specs` into ``folder``, once per format.

    Parameters
    ----------
    folder
        Created when missing.
    formats
        Among ``png``, ``svg``, ``pdf``.
    dpi
        Resolution of PNG files (at least 200 is advised for print). [dots per inch]

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    InputError
        The folder cannot be created or a file cannot be written (naming it).
    """
    unknown = [f for f in formats if f not in {"png", "svg", "pdf"}]
    if unknown:
        raise InputError(f"unknown chart format(s) {unknown}; expected png, svg or pdf", value=unknown)
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(
            f"cannot create the chart folder ({err.strerror or err}); give a folder that can be written",
            file=str(folder),
        ) from err
    written = []
    for stem, draw, size in chart_specs(results, comparison=comparison, lang=lang, indicator=indicator):
        drawn = render(draw, size, list(formats), dpi)
        for fmt in formats:
            path = folder / f"{stem}.{fmt}"
            try:
                path.write_bytes(drawn[fmt])  # type: ignore[index]
            except OSError as err:
                raise InputError(f"cannot write the chart ({err.strerror or err})", file=str(path)) from err
            written.append(path)
    return written


def chart_stems(names: Sequence[str]) -> dict[str, str]:
    """A file-name part for each variant name: readable, and unique within ``names``.

    Characters other than letters, digits, ``.``, ``-`` and ``_`` become ``_`` (at most 40 kept). When
    two names give the same part (``A+B`` and ``A B`` both give ``A_B``; ``A`` and ``a`` are one file on
    Windows and macOS), each of them gets the first 6 hex digits of the SHA-1 of its full name
    (``A_B-1c6f2e``), so that its file name does not depend on the order of the variants.

    Parameters
    ----------
    names
        Variant names, distinct.

    Returns
    -------
    dict
        ``{name: stem part}``.
    """
    slugs = {name: _slug(name) for name in names}
    counts: dict[str, int] = {}
    for slug in slugs.values():
        counts[slug.casefold()] = counts.get(slug.casefold(), 0) + 1
    out = {}
    for name, slug in slugs.items():
        if counts[slug.casefold()] > 1:
            slug = f"{slug}-{hashlib.sha1(str(name).encode('utf-8')).hexdigest()[:6]}"
        out[name] = slug
    taken: set[str] = set()
    for name, stem in out.items():  # a name typed like another's hashed part: number it
        k, unique = 2, stem
        while unique.casefold() in taken:
            unique, k = f"{stem}-{k}", k + 1
        taken.add(unique.casefold())
        out[name] = unique
    return out


def _slug(name: str) -> str:
    slug = re.sub(r"[^\w.-]+", "_", str(name), flags=re.UNICODE).strip("_.")[:40].strip("_.")
    return slug or "variant"


def _lot_of(results: Results, column: str, variant: str, indicator: str) -> dict[str, str]:
    """Lot of each key of ``column`` in ``variant`` (that of its largest line)."""
    from lca.compare import line_lots

    lines = results.lines
    member = results.membership[results.variants.index(variant)]
    k = results.indicators.index(indicator)
    size = np.abs(results.impacts[:, :, k].sum(axis=1))
    frame = pd.DataFrame(
        {"key": lines[column].astype(str).to_numpy(), "lot": line_lots(results), "size": size}
    )
    frame = frame.loc[member].sort_values("size", ascending=False).drop_duplicates("key")
    return dict(zip(frame["key"], frame["lot"], strict=True))
