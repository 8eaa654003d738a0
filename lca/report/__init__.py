"""The Excel report of a project and the tidy CSV export.

One module per sheet family, written in this order:

=========================  ================================================================
:mod:`~lca.report.summary`     headline figures, what the total contains, variants side by side,
                               ranking and what separates each variant from the baseline
:mod:`~lca.report.breakdown`   by lot and by module
:mod:`~lca.report.lines`       one row per variant and line, modules as columns
:mod:`~lca.report.quality`     issues, data types, expired factors, service lives, conversions
:mod:`~lca.report.provenance`  options, factor tables (with their SHA-256) and factors used
:mod:`~lca.report.re2020`      the RE2020 indicators and verdicts (``method="re2020"``)
:mod:`~lca.report.uncertainty` Monte Carlo intervals (with ``uncertainty=``)
:mod:`~lca.report.charts`      the charts as native Excel charts, each beside the table it reads
=========================  ================================================================

:mod:`~lca.report.cells` writes the cells (XlsxWriter; text is always text, never a formula) and
:mod:`~lca.report.common` holds what the sheets share. Every word comes from the message catalogue
(:mod:`lca.i18n`) in the report's language; numbers stay numbers with a number format.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lca.io.safe import neutralise
from lca.report.provenance import table_file as _table_file  # noqa: F401  (the old private name, used by tests)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from lca.compare import Comparison
    from lca.results import Results


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
    convention), and the workbook's own created/modified properties take that date, or 1 January 1980
    without one.

    Parameters
    ----------
    results
        Computed results.
    path
        The ``.xlsx`` file to write (replaced if it exists).
    comparison
        Variants and baseline to show (default: :func:`lca.compare.compare` of all variants).
    lang
        ``fr`` or ``en``: sheet names, headers, labels and chart text.
    charts
        Add the charts sheet: the charts of :func:`lca.plots.chart_specs` as native Excel charts, each
        reading a table written beside it (:mod:`lca.report.charts`; matplotlib is not needed).
    images
        PNG bytes already drawn, by chart name. Only the uncertainty sheet embeds one
        (``uncertainty_distribution``); the comparison charts are native and no longer take images
        (those given, e.g. by ``lca compare --charts``, are ignored).
    uncertainty
        A :class:`lca.montecarlo.UncertaintyResult`: adds the uncertainty sheet
        (:mod:`lca.report.uncertainty`).
    timestamp
        ``True``: write the time of the computation (UTC, to the minute) on the summary and provenance
        sheets; a ``datetime``: write that one. ``SOURCE_DATE_EPOCH`` [s since 1970, UTC], when set,
        is the time used.

    Returns
    -------
    Path
        The file written.
    """
    from lca.compare import compare
    from lca.i18n import check_lang
    from lca.report.breakdown import write_breakdown
    from lca.report.cells import Book
    from lca.report.common import report_stamp
    from lca.report.lines import write_lines
    from lca.report.provenance import write_provenance
    from lca.report.quality import write_quality
    from lca.report.summary import VIEWS, write_summary

    lang = check_lang(lang)
    comparison = comparison or compare(results)
    stamp = report_stamp(timestamp)
    path = Path(path)
    book = Book(path, stamp)
    deltas = comparison.deltas(None, [*VIEWS, "lot"])  # once for every sheet (VIEWS has "module")
    write_summary(book, results, comparison, deltas, lang, stamp)
    write_breakdown(book, comparison, deltas, "lot", lang)
    write_breakdown(book, comparison, deltas, "module", lang)
    write_lines(book, results, comparison, lang)
    write_quality(book, results, comparison, lang)
    write_provenance(book, results, comparison, lang, stamp)
    if results.method == "re2020":
        from lca.report.re2020 import write_re2020

        write_re2020(book, results, comparison, lang)
    if uncertainty is not None:
        from lca.report.uncertainty import write_uncertainty_sheet

        write_uncertainty_sheet(book, uncertainty, lang, images or {})
    if charts:
        from lca.report.charts import write_charts

        write_charts(book, results, comparison, lang)
    book.close()
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


__all__ = ["write_csv", "write_report"]
