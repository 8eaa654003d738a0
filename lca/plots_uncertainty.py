"""Charts of a Monte Carlo run: per-m² distributions, contributions to variance, chance of compliance.

``plot_<kind>(mc, ..., ax=None) -> Axes``; matplotlib is imported only here, when a chart is drawn. Every
word comes from the catalogue (:mod:`lca.i18n`), every tick label from :mod:`lca.i18n.numbers`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from lca.i18n import Num, label, translate
from lca.plot_style import EDGE, VARIANT_STYLE, check_lang, format_axis

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from lca.montecarlo import UncertaintyResult


def _axes(ax: Axes | None, size: tuple[float, float] = (8, 4.5)) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=size)[1]


def _headline(mc: UncertaintyResult) -> str:
    return "GWP-total" if "GWP-total" in mc.indicators else mc.indicators[0]


def plot_distribution(
    mc: UncertaintyResult, indicator: str | None = None, ax: Axes | None = None, lang: str = "fr"
) -> Axes:
    """Histogram of each variant's per-m² result; under RE2020, Ic_construction with its thresholds.

    Parameters
    ----------
    mc
        A Monte Carlo result.
    indicator
        Indicator (default GWP-total); ignored under RE2020, where Ic_construction is shown.
    """
    lang = check_lang(lang)
    ax = _axes(ax)
    if mc.re2020 is not None:
        values = [entry["ic_construction"] for entry in mc.re2020]
        quantity, unit = "Ic construction", translate("{unit}/m²", lang, unit="kg CO2e")
    else:
        indicator = indicator or _headline(mc)
        k = mc.indicators.index(indicator)
        values = [mc.totals[:, v, k] / mc.area for v in range(len(mc.variants))]
        quantity = indicator
        unit = translate("{unit}/m²", lang, unit=str(mc.summary().loc[(mc.variants[0], indicator), "unit"]))
    low = min(float(np.min(v)) for v in values)
    high = max(float(np.max(v)) for v in values)
    bins: Any = np.linspace(low, high, 60) if high > low else 10
    for v, (name, x) in enumerate(zip(mc.variants, values, strict=True)):
        colour, _ = VARIANT_STYLE[v % len(VARIANT_STYLE)]
        ax.hist(x, bins=bins, histtype="step", linewidth=1.6, color=colour, label=name)
    if mc.re2020 is not None:
        first = mc.re2020[0]["ic_construction_max"]
        for j, (year, limit) in enumerate(first.items()):
            ax.axvline(
                float(np.median(limit)),
                color=EDGE,
                linestyle=("--", ":", "-.", "-")[j % 4],
                linewidth=1,
                label=translate("Ic construction threshold {year}", lang, year=year),
            )
    ax.set_xlabel(f"{quantity} [{unit}]")
    ax.set_ylabel(translate("samples", lang))
    ax.set_title(translate("Distribution per m² ({count} samples)", lang, count=Num(mc.n, "count")))
    format_axis(ax.xaxis, lang)
    format_axis(ax.yaxis, lang)
    ax.legend(fontsize=8)
    return ax


def plot_contributions(
    mc: UncertaintyResult,
    variant: str | None = None,
    indicator: str | None = None,
    ax: Axes | None = None,
    lang: str = "fr",
    top: int = 10,
) -> Axes:
    """The largest shares of the variance of a variant's total (horizontal bars, largest on top)."""
    lang = check_lang(lang)
    ax = _axes(ax)
    variant = variant or mc.variants[0]
    indicator = indicator or _headline(mc)
    c = mc.contributions(top=top)
    c = c[(c["variant"] == variant) & (c["indicator"] == indicator)]
    labels = [
        str(r.factor_id)
        if r.input == "factor"
        else translate("line {line} ({input})", lang, line=r.line_id, input=label("column", r.input, lang))
        for r in c.itertuples()
    ]
    y = np.arange(len(c))[::-1]
    ax.barh(y, 100 * c["share"].to_numpy(), color="#0072B2", edgecolor=EDGE)
    ax.set_yticks(y, [lab[:45] for lab in labels], fontsize=8)
    ax.set_xlabel(translate("share of variance [%]", lang))
    ax.set_title(translate("Contributions to variance — {variant}, {indicator}", lang, variant=variant,
                           indicator=indicator))  # fmt: skip
    format_axis(ax.xaxis, lang)
    return ax


def plot_compliance(mc: UncertaintyResult, ax: Axes | None = None, lang: str = "fr") -> Axes:
    """P(compliant) per variant (grouped bars) for each threshold year (RE2020 runs only)."""
    lang = check_lang(lang)
    ax = _axes(ax)
    table = mc.re2020_table()["p_compliant"].unstack("year").reindex(mc.variants)
    years = list(table.columns)
    width = 0.8 / max(len(table), 1)
    x = np.arange(len(years))
    for v, name in enumerate(table.index):
        colour, _ = VARIANT_STYLE[v % len(VARIANT_STYLE)]
        ax.bar(
            x + v * width, 100 * table.loc[name].to_numpy(), width, label=name, color=colour, edgecolor=EDGE
        )
    ax.set_xticks(x + width * (len(table) - 1) / 2, [str(y) for y in years])
    ax.set_ylim(0, 105)
    ax.set_xlabel(translate("permit year", lang))
    ax.set_ylabel(translate("probability [%]", lang))
    ax.set_title(translate("Probability of RE2020 compliance", lang))
    format_axis(ax.yaxis, lang)
    ax.legend(fontsize=8)
    return ax


def save_uncertainty_charts(
    mc: UncertaintyResult, folder: str | Path, lang: str = "fr", dpi: int = 150
) -> list[Path]:
    """Write the charts as PNG into ``folder``: ``uncertainty_distribution``,
    ``uncertainty_contributions_<k>`` (one per variant) and, under RE2020, ``uncertainty_compliance``.
    Returns the files written."""
    from lca.plots.export import render

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    charts: list[tuple[str, Any]] = [
        ("uncertainty_distribution", lambda ax: plot_distribution(mc, ax=ax, lang=lang))
    ]
    for v, name in enumerate(mc.variants):
        charts.append(
            (
                f"uncertainty_contributions_{v + 1}",
                lambda ax, name=name: plot_contributions(mc, name, ax=ax, lang=lang),
            )
        )
    if mc.re2020 is not None:
        charts.append(("uncertainty_compliance", lambda ax: plot_compliance(mc, ax=ax, lang=lang)))
    written = []
    for stem, draw in charts:
        path = folder / f"{stem}.png"
        path.write_bytes(render(draw, (8, 4.5), "png", dpi=dpi))  # type: ignore[arg-type]
        written.append(path)
    return written
