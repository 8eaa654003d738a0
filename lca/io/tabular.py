"""Lenient reading of spreadsheet tables: sheets from xlsx/ods/csv, header matching, number parsing.

Headers and sheet names are matched case-, accent-, spacing- and punctuation-insensitively, with a
trailing unit in brackets ignored (``Quantité (m³)`` matches ``quantite``). Numbers typed as text
are read with a decimal comma or point, thousands separators and non-breaking spaces.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from lca.errors import InputError

#: Bounds on what is read from an untrusted file.
MAX_SHEETS = 64
MAX_ROWS = 2_000_000
MAX_CELL_CHARS = 32_767  # Excel's own limit
MAX_FILE_BYTES = 512 * 1024 * 1024

# a trailing unit in brackets is dropped ("Quantité (m³)"), a language tag is kept ("Name (de)")
_BRACKETS = re.compile(r"[\(\[](?!\s*(?:de|en|fr)\s*[\)\]]).*?[\)\]]", re.IGNORECASE)


def squash(text: object) -> str:
    """Comparison key of a header or name: no accents, no case, no brackets, only letters and digits."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _BRACKETS.sub("", text) or text
    return "".join(ch for ch in text.lower() if ch.isalnum())


def alias_index(aliases: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Map every squashed alias (and the canonical name itself) to the canonical name."""
    index: dict[str, str] = {}
    for canonical, names in aliases.items():
        for name in names:
            index.setdefault(squash(name), canonical)
    for canonical in aliases:  # a canonical name always means itself
        index[squash(canonical)] = canonical
    return index


def match_columns(headers: Iterable[object], index: Mapping[str, str]) -> dict[str, str]:
    """Map each header as typed to its canonical name, for the headers that are known."""
    found: dict[str, str] = {}
    for header in headers:
        canonical = index.get(squash(header))
        if canonical is not None and canonical not in found.values():
            found[str(header)] = canonical
    return found


def parse_numbers(
    values: pd.Series, *, percent: bool = False, years: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Parse spreadsheet cells into floats.

    Parameters
    ----------
    values
        Cells: numbers, or text such as ``"1,5"``, ``"1 234,5"``, ``"1.234,5"``, ``"12 %"``.
    percent
        Read ``"12 %"`` as 0.12.
    years
        Read a trailing year word as years: ``"30 ans"``, ``"30 years"``, ``"30 Jahre"``, ``"30 a"`` → 30.

    Returns
    -------
    numbers
        float64 array, NaN where empty or unreadable.
    bad
        True where a cell held something that is not a number.
    """
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        out = values.to_numpy(dtype="float64", na_value=np.nan)
        return out, np.zeros(len(out), dtype=bool)
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("floating", "integer", "mixed-integer-float", "empty"):  # numbers and blanks only: C speed
        cells = values.to_numpy(dtype=object)
        cells = np.where(pd.isna(cells) | (cells == ""), np.nan, cells)
        return cells.astype("float64"), np.zeros(len(cells), dtype=bool)
    numeric = pd.to_numeric(values.where(values.map(_is_number)), errors="coerce")
    out = numeric.to_numpy(dtype="float64", na_value=np.nan, copy=True)
    todo = np.isnan(out) & ~is_blank_series(values)
    bad = np.zeros(len(out), dtype=bool)
    for i in np.flatnonzero(todo):  # only the cells typed as text
        number = _parse_text(str(values.iat[i]), percent=percent, years=years)
        if number is None:
            bad[i] = True
        else:
            out[i] = number
    return out, bad


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == ""


#: A trailing unit of years (French, English, German), after the spaces are removed: "30ans" -> "30".
_YEAR_WORD = re.compile(r"(?<=[0-9.,])(ans?|annees?|années?|years?|yrs?|y|jahre?|a)\.?$", re.IGNORECASE)


def _parse_text(text: str, *, percent: bool, years: bool = False) -> float | None:
    text = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("'", "")
    if years:
        text = _YEAR_WORD.sub("", text)
    scale = 1.0
    if text.endswith("%"):
        if not percent:
            return None
        text, scale = text[:-1], 0.01
    if "," in text and "." in text:  # the last one is the decimal separator
        thousands = "," if text.rfind(".") > text.rfind(",") else "."
        text = text.replace(thousands, "")
    if text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(",") > 1:
        text = text.replace(",", "")
    try:
        number = float(text)
    except ValueError:
        return None
    return number * scale if np.isfinite(number) else None


def is_blank_series(values: pd.Series) -> np.ndarray:
    """True where a cell is empty (None, NaN or only spaces)."""
    cells = values.to_numpy(dtype=object)
    blank = pd.isna(cells) | (cells == "")
    texts = np.flatnonzero(~blank & np.fromiter((type(c) is str for c in cells), bool, len(cells)))
    if len(texts):  # "   " is blank too
        blank[texts] = pd.Series(cells[texts], dtype=object).str.strip().eq("").to_numpy()
    return blank


def clean_text(values: pd.Series) -> pd.Series:
    """Cells as stripped text, empty string where blank; integral floats lose their ``.0``."""

    def text(value: object) -> str:
        if _is_blank(value):
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    if pd.api.types.infer_dtype(values, skipna=True) == "string":  # all text: vectorised strip
        return values.fillna("").astype(object).str.strip().astype(object)
    return values.map(text).astype(object)


# ---------------------------------------------------------------------------------------- reading


def read_sheets(path: str | Path) -> dict[str, list[list[object]]]:
    """Every sheet of a workbook (``.xlsx``, ``.xlsm``, ``.ods``, ``.xls``) or of a folder of CSV files,
    as rows of cells starting at A1 (so that list index + 1 is the row number a spreadsheet shows).

    Raises
    ------
    InputError
        The file does not exist, is too large, or cannot be read as a workbook.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in {".csv", ".tsv", ".txt"})
        if not files:
            raise InputError("the folder holds no .csv file; expected one CSV per sheet", file=str(path))
        return {p.stem: read_csv_rows(p) for p in files[:MAX_SHEETS]}
    if not path.is_file():
        raise InputError(
            "file not found; give the path of an .xlsx workbook or a folder of CSV files", file=str(path)
        )
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(f"file larger than {MAX_FILE_BYTES // 2**20} MiB", file=str(path))
    if path.suffix.lower() in {".csv", ".tsv", ".txt"}:
        return {path.stem: read_csv_rows(path)}
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names[:MAX_SHEETS]
        sheets: dict[str, list[list[object]]] = {}
        for name in names:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=MAX_ROWS)
            sheets[name] = rows
    except Exception as err:  # calamine raises its own error types for corrupt files
        raise InputError(
            f"cannot read the workbook ({err}); expected an .xlsx, .ods or .xls file", file=str(path)
        ) from err
    return sheets


def read_csv_rows(path: Path) -> list[list[object]]:
    """Rows of a CSV file (UTF-8 or Latin-1; separator ``;``, ``,`` or tab, sniffed)."""
    raw = path.read_bytes()[:MAX_FILE_BYTES]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    sample = text[:20_000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[object]] = [
        [cell[:MAX_CELL_CHARS] for cell in row] for row in csv.reader(io.StringIO(text), dialect)
    ]
    return rows[:MAX_ROWS]


def find_sheet(sheets: Mapping[str, object], aliases: Iterable[str]) -> str | None:
    """Name of the first sheet whose squashed name is one of ``aliases``."""
    wanted = {squash(a) for a in aliases}
    for name in sheets:
        if squash(name) in wanted:
            return name
    return None


def rows_to_frame(
    rows: list[list[object]],
    index: Mapping[str, str],
    *,
    min_known: int = 2,
) -> tuple[pd.DataFrame, dict[str, str], int]:
    """Turn sheet rows into a DataFrame under its header row.

    The header is the first of the first 10 non-empty rows with at least ``min_known`` known
    headers (else the first non-empty row). Empty rows are dropped.

    Returns
    -------
    frame
        Columns as typed by the user; a ``_row`` column holds the spreadsheet row number.
    columns
        Header as typed -> canonical name, for the known headers.
    header_row
        Spreadsheet row number of the header.
    """
    width = max((len(r) for r in rows), default=0)
    candidates = [i for i, r in enumerate(rows[:50]) if any(not _is_blank(c) for c in r)][:10]
    if not candidates:
        return pd.DataFrame({"_row": []}), {}, 0
    header_at = candidates[0]
    for i in candidates:
        if len(match_columns(rows[i], index)) >= min_known:
            header_at = i
            break
    header = [str(c).strip() if not _is_blank(c) else "" for c in rows[header_at]]
    header += [""] * (width - len(header))
    names, seen = [], set()
    for j, name in enumerate(header):
        name = name or f"column {j + 1}"
        while name in seen:
            name += "'"
        seen.add(name)
        names.append(name)
    body = [
        list(r) + [""] * (width - len(r))
        for r in rows[header_at + 1 :]
        if any(c is not None and c != "" and not (isinstance(c, str) and not c.strip()) for c in r)
    ]
    frame = pd.DataFrame(body, columns=names, dtype=object)
    numbers = [
        header_at + 2 + k
        for k, r in enumerate(rows[header_at + 1 :])
        if any(c is not None and c != "" and not (isinstance(c, str) and not c.strip()) for c in r)
    ]
    frame["_row"] = np.asarray(numbers, dtype=np.int64)  # empty rows are skipped, row numbers kept
    unnamed = [n for n in names if n.startswith("column ") and is_blank_series(frame[n]).all()]
    frame = frame.drop(columns=unnamed)
    return frame, match_columns(frame.columns.drop("_row"), index), header_at + 1
