"""Charts of results and comparisons: ``plot_<kind>(results, ..., ax=None, lang="fr") -> Axes``.

matplotlib is imported inside the functions only. A figure is created only when ``ax`` is None.
Colours are fixed per module group and per lot, the same in every chart (:mod:`lca.plot_style`), and
every filled area also carries a hatch so that charts stay readable in greyscale. Every word comes from
the catalogue (:mod:`lca.i18n`) in the chart's language, every number from :mod:`lca.i18n.numbers`.

| Module | Charts |
|---|---|
| :mod:`lca.plots.bars` | :func:`plot_modules`, :func:`plot_lots`, :func:`plot_biogenic` |
| :mod:`lca.plots.contributions` | :func:`plot_waterfall`, :func:`plot_hotspots` |
| :mod:`lca.plots.timeline` | :func:`plot_timeline` |
| :mod:`lca.plots.export` | :func:`chart_specs`, :func:`render`, :func:`render_all`, :func:`save_charts` |
| :mod:`lca.plots._base` | what they share: units per reference, variant names, stacked bars |
"""

from __future__ import annotations

from lca.plot_style import (
    GROUP_STYLE,
    LOT_STYLE,
    VARIANT_STYLE,
    lot_label,
    lot_style,
    shorten,
    variant_labels,
)
from lca.plots.bars import plot_biogenic, plot_lots, plot_modules
from lca.plots.contributions import plot_hotspots, plot_waterfall
from lca.plots.export import FILE_DPI, chart_specs, chart_stems, render, render_all, save_charts
from lca.plots.timeline import plot_timeline

__all__ = [
    "FILE_DPI", "GROUP_STYLE", "LOT_STYLE", "VARIANT_STYLE", "chart_specs", "chart_stems",
    "lot_label", "lot_style", "plot_biogenic", "plot_hotspots", "plot_lots", "plot_modules", "plot_timeline",
    "plot_waterfall", "render", "render_all", "save_charts", "shorten", "variant_labels",
]  # fmt: skip
