"""The tidy results table as files people open: CSV in the reader's spreadsheet dialect, and xlsx.

French Excel reads a CSV with ``;`` between fields, a decimal comma and a UTF-8 byte-order mark (without
the mark it takes the file for Windows-1252 and garbles ``é``; with ``,`` it puts every field in one
column). English spreadsheets read ``,`` and ``.``. The headers are the columns' labels in the reader's
language; the values stay numbers (full precision) and the text cells are neutralised against formula
injection (:mod:`lca.io.safe`). JSON is the language-neutral output (:meth:`lca.results.Results.to_json`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lca.i18n import Label, label, translate
from lca.io.safe import neutralise
from lca.results import RESULT_COLUMNS, Results


@dataclass(frozen=True)
class CsvDialect:
    """How a spreadsheet of a language reads a CSV file."""

    sep: str
    decimal: str
    encoding: str


#: The CSV dialect of each language's spreadsheets (any other language: English's).
CSV_DIALECTS: dict[str, CsvDialect] = {
    "fr": CsvDialect(";", ",", "utf-8-sig"),
    "en": CsvDialect(",", ".", "utf-8"),
}

#: Header of each column of the tidy table (:data:`lca.results.RESULT_COLUMNS`).
HEADERS: dict[str, Label] = {
    "variant": Label("column", "variant"),
    "line_id": Label("column", "line_id"),
    "lot": Label("column", "lot"),
    "element": Label("column", "element"),
    "factor_id": Label("column", "factor_id"),
    "source": Label("column", "source"),
    "module": Label("column", "module"),
    "indicator": Label("column", "indicator"),
    "unit": Label("column", "unit"),
    "value": Label("column", "value"),
}


def tidy_table(results: Results, lang: str) -> pd.DataFrame:
    """:attr:`Results.data` for people: headers in ``lang``, the lots ``energy``/``water``/no lot by their
    names, text cells that cannot start a formula; ``value`` stays a float."""
    data = results.data
    frame = pd.DataFrame({c: data[c] for c in RESULT_COLUMNS})
    for column in ("variant", "module", "indicator"):
        frame[column] = frame[column].astype(str)
    lots = frame["lot"].astype(object)
    named = {lot: label("lot", lot, lang) for lot in ("energy", "water", "")}

    def lot_label(value: object) -> object:
        return named.get(value, value) if isinstance(value, str) else value

    frame["lot"] = lots.map(lot_label)
    frame.columns = [_capital(HEADERS[c].render(lang)) for c in RESULT_COLUMNS]
    return neutralise(frame)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def csv_bytes(results: Results, lang: str) -> bytes:
    """The tidy table as CSV in the dialect of ``lang``'s spreadsheets (:data:`CSV_DIALECTS`)."""
    dialect = CSV_DIALECTS.get(lang, CSV_DIALECTS["en"])
    text = tidy_table(results, lang).to_csv(index=False, sep=dialect.sep, decimal=dialect.decimal)
    return text.encode(dialect.encoding)


def write_xlsx(results: Results, path: str | Path, lang: str) -> None:
    """The tidy table as a workbook at ``path``: one sheet, headers in ``lang``, values as numbers, the
    header row frozen and filtered."""
    frame = tidy_table(results, lang)
    sheet = translate("Results", lang)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet, index=False)
        ws = writer.sheets[sheet]
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
        for cells in ws.iter_cols(min_row=1, max_row=min(ws.max_row, 200)):
            width = max(len(str(c.value)) if c.value is not None else 0 for c in cells)
            ws.column_dimensions[cells[0].column_letter].width = min(max(width + 2, 8), 50)
