"""What makes the difference: the waterfall from the baseline to a variant (:func:`plot_waterfall`) and
the Pareto of the largest contributors of one variant (:func:`plot_hotspots`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lca.compare import compare, group_table
from lca.errors import InputError
from lca.i18n import Message, label, translate
from lca.i18n.numbers import format_quantity
from lca.indicators import DEFAULT_INDICATOR
from lca.plot_style import (
    EDGE,
    check_lang,
    display_unit,
    format_axis,
    lot_order,
    lot_style,
    shorten,
    variant_labels,
)
from lca.plots._base import KIND, divisor, footnote, new_axes, note, unit

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from lca.results import Results

#: Colour and hatch of a step that is not a lot: an increase (orange, hatched) or a decrease (blue).
INCREASE, DECREASE, TOTAL_COLOUR = ("#E69F00", "//"), ("#0072B2", ""), "#555555"


def plot_waterfall(
    results: Results,
    variant: str,
    *,
    baseline: str | None = None,
    by: str = "lot",
    n: int = 10,
    indicator: str = DEFAULT_INDICATOR,
    per: str = "total",
    ax: Axes | None = None,
    lang: str = "fr",
    variant_label: str = "name",
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
    per
        ``total``, ``m2`` (per m² of reference area, as the bar charts of a report), ``m2_year`` or
        ``dwelling``.
    variant_label
        ``name`` or ``description`` (the Variantes sheet's description, else the name).

    Returns
    -------
    matplotlib.axes.Axes
        Bars in the indicator's unit (tonnes when large), ``per`` applied. [indicator unit]
    """
    lang = check_lang(lang)
    comparison = compare(results, baseline=baseline, variants=[variant])
    drivers = comparison.drivers(variant, by=by, n=None, indicator=indicator)
    scale = divisor(results, per)
    total = results.total()[indicator]
    start, end = float(total[comparison.baseline]) / scale, float(total[variant]) / scale
    delta = drivers["delta"].to_numpy(dtype=float) / scale
    factor, shown_unit = display_unit(np.array([start, end, *delta]), unit(indicator, per, lang))
    keys, deltas = list(drivers["key"].astype(str)), list(delta / factor)
    labels = [label("lot", k, lang) for k in keys] if by == "lot" else list(keys)
    if by == "line":
        elements = dict(zip(drivers["key"].astype(str), drivers["element"].astype(str), strict=True))
        labels = [f"{k} {elements.get(k, '')}".strip() for k in keys]
    styles = [lot_style(k) if by == "lot" else None for k in keys]
    if len(keys) > n:
        rest = float(np.sum(deltas[n:]))
        keys, deltas, styles = keys[:n], deltas[:n] + [rest], styles[:n] + [None]
        labels = labels[:n] + [translate("Others ({n})", lang, n=len(labels) - n)]
    start, end = start / factor, end / factor
    ax = new_axes(ax, (8.0, 1.2 + 0.42 * (len(deltas) + 2)))
    y = np.arange(len(deltas) + 2, dtype=float)
    steps = np.asarray(deltas, dtype=float)
    lefts = start + np.concatenate([[0.0], np.cumsum(steps)[:-1]]) if len(steps) else steps
    colours = [
        s[0] if s else (INCREASE if d > 0 else DECREASE)[0] for s, d in zip(styles, steps, strict=True)
    ]
    hatches = [
        s[1] if s else (INCREASE if d > 0 else DECREASE)[1] for s, d in zip(styles, steps, strict=True)
    ]
    ax.barh(y[[0, -1]], [start, end], 0.6, color=TOTAL_COLOUR, edgecolor=EDGE, linewidth=0.5)
    if len(steps):
        ax.barh(y[1:-1], steps, 0.6, left=lefts, color=colours, hatch=hatches, edgecolor=EDGE, linewidth=0.5)
        connectors = [[(x, yi - 1 - 0.3), (x, yi + 0.3)] for x, yi in zip(lefts, y[1:-1], strict=True)]
        from matplotlib.collections import LineCollection

        ax.add_collection(
            LineCollection(connectors, colors="#888888", linewidths=0.6, linestyles=":"), autolim=False
        )
    kind = KIND[per]
    for yi, left, step in zip(y[1:-1], lefts, steps, strict=True):
        text = ("+" if step > 0 else "") + format_quantity(step, lang, kind)
        note(ax, text, (max(left, left + step), yi), (4, 0), va="center")
    for yi, value in ((y[0], start), (y[-1], end)):
        note(ax, format_quantity(value, lang, kind), (max(value, 0), yi), (4, 0), va="center", bold=True)
    shown = variant_labels(results, [comparison.baseline, variant], variant_label)
    names = [
        shorten(shown[comparison.baseline], 34),
        *[shorten(t, 34) for t in labels],
        shorten(shown[variant], 34),
    ]
    ax.set_yticks(y, names)
    for tick in (ax.get_yticklabels()[0], ax.get_yticklabels()[-1]):
        tick.set_fontweight("bold")
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(f"{indicator} [{shown_unit}]")
    # explicit limits: the sticky edges of the floating bars would stop the autoscale margins
    reached = np.concatenate([[start, end], start + np.cumsum(steps)])
    low, high = float(min(reached.min(), 0.0)), float(reached.max())
    if reached.min() > 0 and np.ptp(reached) < 0.12 * high:
        # small changes on a large total: start the axis near the changes, and say so
        low = max(0.0, float(reached.min()) - 1.5 * float(np.ptp(reached)))
        text = translate(
            "Axis cut: it starts at {value}, not at 0", lang, value=format_quantity(low, lang, kind)
        )
        footnote(ax, text)
    pad = 0.14 * ((high - low) or 1.0)
    ax.set_xlim(low - pad if low < 0 else low, high + pad)
    format_axis(ax.xaxis, lang)
    ax.grid(axis="x", linewidth=0.4, alpha=0.5)
    ax.set_axisbelow(True)
    steps_by = {
        "lot": translate("lot", lang),
        "element": translate("element", lang),
        "line": translate("line", lang),
    }
    title = translate(
        "From '{baseline}' to '{variant}': {indicator} by {by}",
        lang,
        baseline=shorten(shown[comparison.baseline], 30, 1),
        variant=shorten(shown[variant], 30, 1),
        indicator=indicator,
        by=steps_by.get(by, by),
    )
    ax.set_title(shorten(title, 64, 2), loc="left", fontsize="medium")
    return ax


def plot_hotspots(
    results: Results,
    *,
    variant: str | None = None,
    by: str = "element",
    n: int = 15,
    indicator: str = DEFAULT_INDICATOR,
    per: str = "total",
    ax: Axes | None = None,
    lang: str = "fr",
    variant_label: str = "name",
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
    per
        ``total``, ``m2``, ``m2_year`` or ``dwelling`` (as :func:`lca.plots.plot_modules`).
    variant_label
        ``name`` or ``description``: how the title names the variant.

    Returns
    -------
    matplotlib.axes.Axes
        The bars' axes; the cumulative share is on a twin x axis. [indicator unit, %]
    """
    lang = check_lang(lang)
    variant = variant or results.variants[0]
    if variant not in results.variants:
        from lca._text import joined, quoted

        msg = Message("unknown variant {unknown}; the project has {known}{hint}",
                      plural="unknown variants {unknown}; the project has {known}{hint}", n=1,
                      unknown=quoted(variant), known=joined([quoted(v) for v in results.variants]),
                      hint="")  # fmt: skip
        raise InputError(msg, value=variant)
    if by not in {"element", "line", "lot"}:
        raise InputError(Message("hot spots by '{by}': expected element, line or lot", by=by), value=by)
    column = {"line": "line_id"}.get(by, by)
    table = group_table(results, column)[indicator]
    values = table.xs(variant) if variant in table.index.get_level_values("variant") else table.iloc[:0]
    values = values.sort_values(ascending=False)  # empty when no line of the variant computes
    total = float(results.total()[indicator].loc[variant])
    top = values.head(n)
    lots = _lot_of(results, column, variant, indicator)
    scale = divisor(results, per)
    factor, shown_unit = display_unit(top.to_numpy() / scale, unit(indicator, per, lang))
    ax = new_axes(ax, (8.5, 1.4 + 0.38 * len(top)))
    y = np.arange(len(top), dtype=float)
    bar_lots = [str(key) if by == "lot" else lots.get(str(key), "") for key in top.index]
    styles = [lot_style(lot) for lot in bar_lots]
    first = {lot: k for k, lot in reversed(list(enumerate(bar_lots)))}
    legend = [label("lot", lot, lang) if first[lot] == k else "_nolegend_" for k, lot in enumerate(bar_lots)]
    if len(top):
        ax.barh(
            y,
            top.to_numpy(dtype=float) / scale / factor,
            0.65,
            color=[s[0] for s in styles],
            hatch=[s[1] for s in styles],
            edgecolor=EDGE,
            linewidth=0.5,
            label=legend,
        )
    names = [str(k) for k in top.index]
    if by == "lot":
        names = [label("lot", k, lang) for k in names]
    elif by == "line":
        elements = results.lines.drop_duplicates("line_id").set_index("line_id")["element"].astype(str)
        names = [f"{k} {elements.get(k, '')}".strip() for k in names]
    ax.set_yticks(y, [shorten(name, 34) for name in names])
    ax.invert_yaxis()
    ax.set_xlabel(f"{indicator} [{shown_unit}]")
    format_axis(ax.xaxis, lang)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.grid(axis="x", linewidth=0.4, alpha=0.5)
    ax.set_axisbelow(True)
    share = ax.twiny()
    cumulative = top.cumsum().to_numpy() / total * 100.0 if total else np.full(len(top), np.nan)
    share_label = translate("Cumulative share of the total [%]", lang)
    share.plot(cumulative, y, color="black", marker="o", markersize=3.5, linewidth=1.0, label=share_label)
    share.set_xlim(0, max(100.0, float(np.nanmax(cumulative, initial=0)) * 1.05))
    share.set_xlabel(share_label, fontsize="small")
    share.tick_params(labelsize="small")
    format_axis(share.xaxis, lang)
    shown = variant_labels(results, [variant], variant_label)[variant]
    title = translate(
        "Largest contributors ({variant}): {indicator}",
        lang,
        variant=shorten(shown, 40, 1),
        indicator=indicator,
    )
    ax.set_title(shorten(title, 64, 2), loc="left", fontsize="medium", pad=34)
    handles, labels = ax.get_legend_handles_labels()
    order = {label("lot", lot, lang): lot_order(lot) for lot in bar_lots}
    pairs = sorted(zip(handles, labels, strict=True), key=lambda p: order.get(p[1], (9, 0, "")))
    extra_h, extra_l = share.get_legend_handles_labels()
    ax.legend(
        [h for h, _ in pairs] + extra_h,
        [lb for _, lb in pairs] + extra_l,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        fontsize="small",
    )
    return ax


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
