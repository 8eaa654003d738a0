"""The charts sheet: the charts of :func:`lca.plots.chart_specs` as PNG images, one below the other.

A chart already drawn (``lca compare --charts`` draws them for its folder) is reused as it is; the others
are drawn once, at :data:`DPI`: enough to print the sheet and to zoom in, without the cost of a poster
resolution (the layout of a chart's text, not its pixels, is most of the drawing time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lca.i18n import translate

if TYPE_CHECKING:
    from collections.abc import Mapping

    from lca.compare import Comparison
    from lca.report.cells import Book
    from lca.results import Results

#: Resolution of the charts drawn for the report. [dots per inch]
DPI = 150
#: Width a chart is shown at, per inch of its figure. [px]
PIXELS_PER_INCH = 96 * 1.04
#: Height of an Excel row at the default font. [px]
ROW_HEIGHT = 20


def write_charts(
    book: Book, results: Results, comparison: Comparison, lang: str, images: Mapping[str, bytes]
) -> None:
    from lca.plots import chart_specs, render

    w = book.sheet(translate("Charts", lang))
    row = 0
    for stem, draw, size in chart_specs(results, comparison=comparison, lang=lang):
        png = images.get(stem) or render(draw, size, "png", dpi=DPI)
        height = w.image(png, row, 1, size[0] * PIXELS_PER_INCH)  # type: ignore[arg-type]
        row += int(height / ROW_HEIGHT) + 3
