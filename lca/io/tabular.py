"""Lenient reading of spreadsheet tables: sheets from xlsx/ods/csv, header matching, number parsing.

Headers and sheet names are matched case-, accent-, spacing- and punctuation-insensitively, with a
trailing unit in brackets ignored (``Quantité (m³)`` matches ``quantite``). Numbers typed as text
are read with a decimal comma or point, thousands separators and non-breaking spaces.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lca._text import Message, Num, joined, quoted
from lca.errors import InputError, Issue
from lca.io.bounded import (
    SheetScan,
    check_zip,
    csv_rows,
    decode_text,
    long_cells_issue,
    mib,
    ods_extents,
    read_text_bytes,
    rows_cut_issue,
    truncated_xlsx,
    unreadable_workbook,
    xlsx_scans,
)
from lca.limits import MAX_CELL_CHARS, MAX_FILE_BYTES, MAX_ROWS, MAX_SHEET_CELLS, MAX_SHEETS

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
    """Parse spreadsheet cells into finite floats.

    Parameters
    ----------
    values
        Cells: numbers, or text such as ``"1,5"``, ``"1 234,5"``, ``"1.234,5"``, ``"1,234,567"``,
        ``"12 %"``. Thousands separators must group by three (``"1,2,3"`` is not a number).
    percent
        Read ``"12 %"`` as 0.12 (see :func:`typed_percent` for which cells had a ``%``).
    years
        Read a trailing year word as years: ``"30 ans"``, ``"30 years"``, ``"30 Jahre"``, ``"30 a"`` → 30.

    Returns
    -------
    numbers
        float64 array, NaN where empty or unreadable; never infinite.
    bad
        True where a cell held something that is not a finite number (text, ``inf``, ``1e999``).
    """
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        out = values.to_numpy(dtype="float64", na_value=np.nan, copy=True)
        return _finite(out, np.zeros(len(out), dtype=bool))
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("floating", "integer", "mixed-integer-float", "empty"):  # numbers and blanks only: C speed
        cells = values.to_numpy(dtype=object)
        cells = np.where(pd.isna(cells) | (cells == ""), np.nan, cells)
        return _finite(cells.astype("float64"), np.zeros(len(cells), dtype=bool))
    numeric = pd.to_numeric(values.where(values.map(_is_number)), errors="coerce")
    out = numeric.to_numpy(dtype="float64", na_value=np.nan, copy=True)
    out, bad = _finite(out, np.zeros(len(out), dtype=bool))
    todo = np.isnan(out) & ~bad & ~is_blank_series(values)
    for i in np.flatnonzero(todo):  # only the cells typed as text
        number = _parse_text(str(values.iat[int(i)]), percent=percent, years=years)
        if number is None:
            bad[i] = True
        else:
            out[i] = number
    return out, bad


def _finite(out: np.ndarray, bad: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    infinite = np.isinf(out)
    if infinite.any():
        out[infinite] = np.nan
        bad |= infinite
    return out, bad


def typed_percent(values: pd.Series) -> np.ndarray:
    """True where a cell is text ending in ``%`` (``"5 %"``): :func:`parse_numbers` read it as a fraction."""
    return np.fromiter(
        (type(v) is str and v.strip().endswith("%") for v in values.to_numpy(dtype=object)), bool, len(values)
    )


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == ""


#: A trailing unit of years (French, English, German), after the spaces are removed: "30ans" -> "30".
_YEAR_WORD = re.compile(r"(?<=[0-9.,])(ans?|annees?|années?|years?|yrs?|y|jahre?|a)\.?$", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d{1,3})?")
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?P<sep>[.,])\d{3}(?:(?P=sep)\d{3})*(?:(?!(?P=sep))[.,]\d*)?")


def _parse_text(text: str, *, percent: bool, years: bool = False) -> float | None:
    if len(text) > 100:
        return None
    text = text.strip().replace("\u2212", "-")
    for space in ("\u00a0", "\u202f", " ", "'", "\u2009"):
        text = text.replace(space, "")
    if years:
        text = _YEAR_WORD.sub("", text)
    scale = 1.0
    if text.endswith("%"):
        if not percent:
            return None
        text, scale = text[:-1], 0.01
    if _PLAIN_NUMBER.fullmatch(text):  # one separator: the decimal one ("1,5", "1.5", "1,234" = 1.234)
        text = text.replace(",", ".")
    else:
        grouped = _GROUPED_NUMBER.fullmatch(text)  # "1,234,567", "1.234,5", "1,234.5"
        if grouped is None:
            return None
        text = text.replace(grouped["sep"], "").replace(",", ".")
    number = float(text)
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

    cells = values.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(cells, skipna=True) == "string":  # all text (or missing)
        out = ["" if blank else c.strip() for c, blank in zip(cells, pd.isna(cells).tolist(), strict=True)]
    else:
        out = [text(c) for c in cells]
    return pd.Series(out, index=values.index, dtype=object)


# ---------------------------------------------------------------------------------------- reading


class Sheets(dict[str, list[list[object]]]):
    """The sheets of a workbook by name, as rows of cells; :attr:`issues` says what was not read."""

    def __init__(self) -> None:
        super().__init__()
        self.issues: list[Issue] = []


_TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
#: The files read from a folder of CSV sheets (a .txt there is someone's note, not a sheet).
_FOLDER_SUFFIXES = {".csv", ".tsv"}
_WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".ods", ".xls"}
_ZIP_MAGIC, _OLE_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _content(path: Path) -> str:
    """What the file holds, whatever its name says: ``zip`` (xlsx, xlsm, ods), ``ods``, ``ole`` (xls),
    ``text`` (a CSV or other text), ``empty`` or ``other``."""
    with open(path, "rb") as f:
        head = f.read(4096)
    if not head:
        return "empty"
    if head.startswith(_ZIP_MAGIC):
        return "ods" if b"mimetypeapplication/vnd.oasis.opendocument" in head[:100] else "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if b"\x00" not in head.lstrip(b"\xff\xfe\xef\xbb\xbf"):
        try:
            head.decode("utf-8")
            return "text"
        except UnicodeDecodeError as err:  # a character cut at the end of the 4 kB, or Windows-1252
            if err.start > len(head) - 4 or all(b >= 0x20 or b in b"\t\r\n" for b in head):
                return "text"
    return "other"


def _workbook_kind(path: Path, issues: list[Issue]) -> str:
    """The suffix the workbook is read as: the one its content shows (an .xlsx renamed .xls is read as
    .xlsx, with a note); the files that are no workbook are errors in plain words."""
    file, suffix = str(path), path.suffix.lower()
    content = _content(path)
    if content == "empty":
        raise InputError(
            Message(
                "the file is empty (0 bytes): it holds no workbook; save the workbook again from the "
                "spreadsheet program, or ask for the file again"
            ),
            file=file,
        )
    if content == "text":
        raise InputError(
            Message(
                "cannot read the workbook: this file holds text (a CSV file?), not an {suffix} workbook; "
                "open it in the spreadsheet program and save it as an Excel workbook (.xlsx), or put the CSV "
                "files in a folder, one per sheet named like the sheets (Matériaux.csv, Projet.csv…), and "
                "give the folder",
                suffix=suffix or ".xlsx",
            ),
            file=file,
        )
    if content == "other":
        raise unreadable_workbook(file)
    found = {"zip": ".xlsx", "ods": ".ods", "ole": ".xls"}[content]
    if content == "zip" and suffix in {".xlsx", ".xlsm"} or found == suffix:
        return suffix
    issues.append(
        Issue.of(
            "info",
            Message(
                "this {suffix} file is an {kind} workbook (renamed?): it is read as {kind}; rename it "
                "{name} to open it without a warning",
                suffix=suffix or "?",
                kind=found,
                name=path.stem + found,
            ),
            file=file,
        )
    )
    return found


def read_sheets(path: str | Path, *, max_rows: int = MAX_ROWS) -> Sheets:
    """Every sheet of a workbook (``.xlsx``, ``.xlsm``, ``.ods``, ``.xls``) or of a folder of CSV files,
    as rows of cells starting at A1 (so that list index + 1 is the row number a spreadsheet shows).

    Reading is bounded (:mod:`lca.limits`): the zip directory and each sheet's extent are checked before
    the spreadsheet reader runs; a sheet too large to read is left out, and the sheets after the
    :data:`MAX_SHEETS`-th, the rows after ``max_rows`` and the text beyond :data:`MAX_CELL_CHARS` in a
    cell are not read, each with an issue in :attr:`Sheets.issues`.

    Parameters
    ----------
    path
        The workbook, or a folder of CSV files (one per sheet, named like the sheets).
    max_rows
        Most rows read from one sheet.

    Raises
    ------
    InputError
        The file does not exist, is too large, or cannot be read as a workbook.
    """
    path = Path(path)
    file = str(path)
    sheets = Sheets()
    if path.is_dir():
        entries = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))
        files = [p for p in entries if p.suffix.lower() in _FOLDER_SUFFIXES]
        if not files:
            raise InputError(
                Message("the folder holds no .csv file; expected one CSV file per sheet (Matériaux.csv…)"),
                file=file,
            )
        for other in (p for p in entries if p.suffix.lower() not in _FOLDER_SUFFIXES):
            sheets.issues.append(
                Issue.of(
                    "info",
                    Message(
                        "the file {name} is not a CSV file: it is ignored (a folder is read as one .csv "
                        "file per sheet)",
                        name=other.name,
                    ),
                    file=file,
                )
            )
        _too_many_sheets(sheets, [p.stem for p in files], file)
        for p in files[:MAX_SHEETS]:
            sheets[p.stem] = _csv_sheet(p, max_rows, sheets.issues)
        return sheets
    if not path.is_file():
        raise InputError(
            Message("file not found; give the path of an .xlsx workbook or a folder of CSV files"), file=file
        )
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(_too_big(), file=file)
    if path.suffix.lower() in _TEXT_SUFFIXES:
        sheets[path.stem] = _csv_sheet(path, max_rows, sheets.issues)
        return sheets
    kind = _workbook_kind(path, sheets.issues)  # .xlsx renamed .xls: read as .xlsx
    extents: dict[str, tuple[int, int]] = {}
    scans: dict[str, SheetScan] = {}
    source: str | io.BytesIO = str(path) if kind == path.suffix.lower() else io.BytesIO(path.read_bytes())
    if kind != ".xls":  # xlsx, xlsm, ods: zip archives, checked before reading
        with check_zip(path) as archive:
            if kind == ".ods":
                extents = ods_extents(archive, file)
            for name, (height, width) in extents.items():  # the ODS reader reads every table at once
                if height * width > MAX_SHEET_CELLS:
                    too_large = _too_large_issue(file, name, height, width)
                    raise InputError(too_large.msg or too_large.message, file=file, sheet=name)
            if not extents:
                scans = xlsx_scans(archive, file, max_rows)
                extents = {name: (scan.height, scan.width) for name, scan in scans.items()}
        if any(scan.cut is not None for scan in scans.values()):  # the reader never sees the rows cut
            source = truncated_xlsx(path, scans, file)
    from python_calamine import CalamineWorkbook

    try:
        workbook = (
            CalamineWorkbook.from_path(source)
            if isinstance(source, str)
            else CalamineWorkbook.from_filelike(source)
        )
        names = list(workbook.sheet_names)
        _too_many_sheets(sheets, names, file)
        for name in names[:MAX_SHEETS]:
            height, width = extents.get(name, (0, 0))
            if height * width > MAX_SHEET_CELLS:
                sheets.issues.append(_too_large_issue(file, name, height, width))
                continue
            sheet = workbook.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False, nrows=max_rows)
            total = max(sheet.end[0] + 1 if sheet.end else 0, height)  # the last row with a cell
            scan = scans.get(name)
            if scan is not None and scan.cut is not None:
                sheets.issues.append(
                    rows_cut_issue(file, name, max_rows, max_rows + scan.rows_after, max_rows)
                )
            elif total > len(rows) and len(rows) >= max_rows:
                sheets.issues.append(rows_cut_issue(file, name, max_rows, total, max_rows))
            elif total > len(rows):  # the reader stops at the format's own last row
                sheets.issues.append(_beyond_format_issue(file, name, len(rows), total))
            if scan is not None and scan.errors:
                sheets.issues.append(_error_cells_issue(file, name, scan))
            sheets[name] = _cut_long_cells(rows, file, name, sheets.issues)
    except InputError:
        raise
    except Exception as err:  # calamine raises its own error types for corrupt files
        raise unreadable_workbook(file, err) from err
    return sheets


def _too_big() -> Message:
    return Message("the file is larger than {size} MiB (MAX_FILE_BYTES); split it", size=mib(MAX_FILE_BYTES))


def _too_many_sheets(sheets: Sheets, names: list[str], file: str) -> None:
    if len(names) > MAX_SHEETS:
        rest = names[MAX_SHEETS:]
        shown = joined([quoted(n) for n in rest[:10]] + (["…"] if len(rest) > 10 else []))
        message = Message(
            "{n} sheet after the {limit}th is not read (MAX_SHEETS): {names}; move the sheets lca reads "
            "(Projet, Matériaux, Énergie, Facteurs, Variantes) to the front",
            plural="{n} sheets after the {limit}th are not read (MAX_SHEETS): {names}; move the sheets lca "
            "reads (Projet, Matériaux, Énergie, Facteurs, Variantes) to the front",
            n=len(rest),
            limit=MAX_SHEETS,
            names=shown,
        )
        sheets.issues.append(Issue.of("error", message, file=file))


def _error_cells_issue(file: str, sheet: str, scan: SheetScan) -> Issue:
    ref = scan.first_error or ""
    row = int("".join(ch for ch in ref if ch.isdigit()) or 0) or None
    message = Message(
        "{count} cell holds an Excel error such as #N/A or #DIV/0! (in {cell}); it is read as empty — "
        "correct the formula or type the value",
        plural="{count} cells hold an Excel error such as #N/A or #DIV/0! (the first in {cell}); they are "
        "read as empty — correct the formulas or type the values",
        n=scan.errors,
        count=Num(scan.errors, "count"),
        cell=ref,
    )
    return Issue.of("warning", message, sheet, row, file=file)


def _beyond_format_issue(file: str, sheet: str, read: int, total: int) -> Issue:
    message = Message(
        "row {first} is not read: it is beyond the last row the spreadsheet reader reads ({read}); split "
        "the sheet",
        plural="rows {first} to {last} are not read: they are beyond the last row the spreadsheet reader "
        "reads ({read}); split the sheet",
        n=total - read,
        first=read + 1,
        last=total,
        read=read,
    )
    return Issue.of("error", message, sheet, read + 1, file=file)


def _too_large_issue(file: str, sheet: str, height: int, width: int) -> Issue:
    message = Message(
        "the sheet cannot be read: its cells span {rows} rows x {columns} columns = {cells} cells, more "
        "than the {limit} cells read from a sheet (MAX_SHEET_CELLS); delete the cells beyond the table "
        "(Ctrl+End shows the last one) and save again",
        rows=Num(height, "count"),
        columns=Num(width, "count"),
        cells=Num(height * width, "count"),
        limit=Num(MAX_SHEET_CELLS, "count"),
    )
    return Issue.of("error", message, sheet, file=file)


def _cut_long_cells(rows: list[list[Any]], file: str, sheet: str, issues: list[Issue]) -> list[list[Any]]:
    long_cells = [
        (i + 1, j + 1)
        for i, row in enumerate(rows)
        if any(type(cell) is str and len(cell) > MAX_CELL_CHARS for cell in row)
        for j, cell in enumerate(row)
        if type(cell) is str and len(cell) > MAX_CELL_CHARS
    ]
    for i, j in long_cells:
        rows[i - 1][j - 1] = str(rows[i - 1][j - 1])[:MAX_CELL_CHARS]
    if long_cells:
        issues.append(long_cells_issue(file, sheet, long_cells))
    return rows


def _csv_sheet(path: Path, max_rows: int, issues: list[Issue]) -> list[list[object]]:
    file = str(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(_too_big(), file=file)
    return csv_rows(decode_text(read_text_bytes(path), file, issues), file, issues, max_rows)


def read_csv_rows(
    path: Path, *, max_rows: int = MAX_ROWS, issues: list[Issue] | None = None
) -> list[list[object]]:
    """Rows of a CSV file (UTF-8, UTF-16 or Windows-1252; separator ``;``, ``,`` or tab, sniffed).

    What is not read (rows after ``max_rows``, long cells) is reported in ``issues``; without a list
    to report into, a cut raises :class:`InputError`.
    """
    found: list[Issue] = []
    rows = _csv_sheet(Path(path), max_rows, found)
    if issues is not None:
        issues += found
    elif any(i.level != "info" for i in found):
        raise InputError(found[0].msg or found[0].message, file=str(path))
    return rows


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
    numbers, body = [], []
    for k, r in enumerate(rows[header_at + 1 :]):
        if any(c is not None and c != "" and not (type(c) is str and not c.strip()) for c in r):
            numbers.append(header_at + 2 + k)
            body.append(r if len(r) == width else list(r) + [""] * (width - len(r)))
    frame = pd.DataFrame(body, columns=names, dtype=object)
    frame["_row"] = np.asarray(numbers, dtype=np.int64)  # empty rows are skipped, row numbers kept
    unnamed = [n for n in names if n.startswith("column ") and is_blank_series(frame[n]).all()]
    frame = frame.drop(columns=unnamed)
    return frame, match_columns(frame.columns.drop("_row"), index), header_at + 1
