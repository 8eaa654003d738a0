"""What the charts of :mod:`lca.plots` share: a new axes, the unit per reference, how variants are named,
stacked bars, value labels and the finish of a bar chart. matplotlib is imported inside the functions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

import numpy as np
import pandas as pd

from lca.errors import InputError
from lca.i18n import Message, translate
from lca.i18n.numbers import format_quantity
from lca.indicators import INDICATORS
from lca.plot_style import EDGE, format_axis, shorten

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from lca.results import Results

#: ``per`` of a chart -> the project attribute dividing its values.
PER = {"total": None, "m2": "reference_area", "m2_year": "reference_area", "dwelling": "dwellings"}
#: ``per`` of a chart -> the kind of quantity of its value labels (lca.i18n.numbers.QUANTITY_FORMATS).
KIND = {"total": "total", "m2": "per_m2", "m2_year": "per_m2_year", "dwelling": "per_dwelling"}


def new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """``ax``, or the axes of a new pyplot figure of ``size`` [inches] with constrained layout."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def divisor(results: Results, per: str) -> float:
    """What the values are divided by for ``per`` (``total``, ``m2``, ``m2_year``, ``dwelling``)."""
    if per not in PER:
        raise InputError(
            Message("per={per}: expected one of {expected}", per=repr(per), expected=", ".join(PER)),
            value=per,
        )
    attribute = PER[per]
    value = 1.0 if attribute is None else float(getattr(results.project, attribute) or np.nan)
    if per == "m2_year":
        value *= float(results.study_period)
    if not np.isfinite(value) or value <= 0:
        from lca.i18n import Label

        raise InputError(
            Message(
                "per={per} needs the project's {key}, which is missing or 0",
                per=repr(per),
                key=Label("project_key", str(attribute)),
            )
        )
    return value


def unit(indicator: str, per: str, lang: str) -> str:
    """The indicator's unit per reference in ``lang``: ``kg CO2e/m²``, ``kg CO2e/(m²·an)``."""
    base = INDICATORS[indicator]
    if per == "m2":
        return translate("{unit}/m²", lang, unit=base)
    if per == "m2_year":
        return translate("{unit}/(m²·yr)", lang, unit=base)
    if per == "dwelling":
        return translate("{unit}/dwelling", lang, unit=base)
    return base


def legend_outside(ax: Axes, first: str | None = None, last: str | None = None) -> None:
    """Legend right of the axes, stacked entries in the order they appear in the bars (top first)."""
    pairs = list(zip(*ax.get_legend_handles_labels(), strict=True))
    head = [p for p in pairs if p[1] == first]
    tail = [p for p in pairs if p[1] == last]
    middle = [p for p in pairs if p[1] not in {first, last}][::-1]
    handles, labels = zip(*(head + middle + tail), strict=True) if pairs else ((), ())
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize="small")


def stacked(
    ax: Axes,
    x: np.ndarray,
    frame: pd.DataFrame,
    styles: Mapping[str, tuple[str, str]],
    labels: Mapping[str, str],
    width: float,
) -> np.ndarray:
    """Stack the columns of ``frame`` (rows = x positions), one ``bar`` call per column: positives up,
    negatives down from 0. Returns the tops of the positive stacks."""
    values = frame.to_numpy(dtype=float)
    positive = np.where(values >= 0, values, 0.0)
    negative = values - positive
    ups = np.cumsum(positive, axis=1) - positive  # bottom of each positive piece
    downs = np.cumsum(negative, axis=1) - negative
    bottoms = np.where(values >= 0, ups, downs)
    for k, column in enumerate(frame.columns):
        if not np.any(values[:, k]):
            continue
        colour, hatch = styles[column]
        ax.bar(x, values[:, k], width, bottom=bottoms[:, k], label=labels[column], **fill(colour, hatch))
    return positive.sum(axis=1)


class BarStyle(TypedDict):
    """The keywords of ``Axes.bar`` that :func:`fill` sets."""

    color: str
    hatch: str
    edgecolor: str
    linewidth: float


def fill(colour: str, hatch: str) -> BarStyle:
    """Bar style: colour, hatch and a thin dark edge (which also draws the hatch)."""
    return {"color": colour, "hatch": hatch, "edgecolor": EDGE, "linewidth": 0.5}


def note(
    ax: Axes,
    text: str,
    xy: tuple[float, float],
    offset: tuple[float, float] = (0, 0),
    *,
    bold: bool = False,
    **kwargs: Any,
) -> None:
    """A small text at ``xy`` (data coordinates unless ``xycoords`` says otherwise), moved by ``offset``
    points."""
    kwargs.setdefault("fontsize", "small")
    kwargs.setdefault("va", "center")
    ax.annotate(
        text,
        xy,
        xytext=offset,
        textcoords="offset points",
        fontweight="bold" if bold else None,
        annotation_clip=False,
        **kwargs,
    )


def footnote(ax: Axes, text: str) -> None:
    """An italic note under the x axis label (under the tick labels when there is no label), left-aligned
    with the axes: it follows the tick labels however many lines they take."""
    ax.annotate(text, (0, 0), xycoords=("axes fraction", ax.xaxis.label), xytext=(0, -2),
                textcoords="offset points", ha="left", va="top", fontsize="x-small", style="italic",
                annotation_clip=False)  # fmt: skip


def totals(ax: Axes, x: np.ndarray, values: np.ndarray, tops: np.ndarray, kind: str, lang: str) -> None:
    """Net total of each bar: a white diamond at its value, and the value above the bar."""
    ax.plot(
        x,
        values,
        linestyle="none",
        marker="D",
        markersize=7,
        markerfacecolor="white",
        markeredgecolor="black",
        markeredgewidth=1.5,
        label=translate("Total", lang),
        zorder=5,
    )
    for xi, top, total in zip(x, tops, values, strict=True):
        text = format_quantity(total, lang, kind)
        note(ax, text, (xi, max(top, total)), (0, 7), ha="center", va="bottom", bold=True)


def finish_bars(ax: Axes, x: np.ndarray, names: Sequence[str], ylabel: str, title: str, lang: str) -> None:
    """Variant names under the bars (wrapped, cut with an ellipsis), axis, title, zero line, grid."""
    ax.set_xticks(x, [shorten(n, 16, 3) for n in names])
    ax.set_xlim(x[0] - 0.85, x[-1] + 0.85)  # a single variant does not make one huge bar
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left", fontsize="medium")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.margins(y=0.12)
    format_axis(ax.yaxis, lang)
    ax.grid(axis="y", linewidth=0.4, alpha=0.5)
    ax.set_axisbelow(True)
