"""The text of an ÖKOBAUDAT CSV export: bounded reading, encoding and separator detection, records
with their spreadsheet row numbers, and numbers with either decimal mark.

Whatever the OS or the CSV parser raises becomes an :class:`lca.errors.InputError` naming the file;
a line with the wrong number of fields is an issue naming its row.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from lca.errors import InputError, Issue
from lca.i18n import Message, Num
from lca.io.import_text import detail_of, shown

#: Largest export read. [bytes] (OBD_2020_II.csv, every dataset of the release, is 3.8 MB)
MAX_EXPORT_BYTES = 200 * 1024**2
#: Largest cell of the export. [characters]
MAX_CELL_CHARS = 131_072

_LONE_COMMA = re.compile(r"^\s*[+-]?\d*,\d+(?:[eE][+-]?\d+)?\s*$")
_LINE = "_line"  # spreadsheet row number of each CSV record (header = 1)


def _decode(data: bytes) -> str:
    """Text of the export: UTF-8 (BOM or not) when it decodes, else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _separator(header: str) -> str:
    """The separator that splits the header line into the most fields."""
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=lambda sep: counts[sep])


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, bounded by :data:`MAX_EXPORT_BYTES`; OS errors as InputError."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_EXPORT_BYTES + 1)
    except OSError as err:
        raise InputError(
            Message("cannot read the file ({reason})", reason=detail_of(err)), file=str(path)
        ) from err
    if len(data) > MAX_EXPORT_BYTES:
        message = Message(
            "file larger than {limit} MB (MAX_EXPORT_BYTES); not read: export fewer datasets, or raise "
            "lca.io.oekobaudat_text.MAX_EXPORT_BYTES",
            limit=MAX_EXPORT_BYTES // 1024**2,
        )
        raise InputError(message, file=str(path))
    return data


def _header(fields: list[str], file: str) -> list[str]:
    """Column names of the header line; a name given twice is an error (which column would count?)."""
    header = [name.strip() for name in fields]
    while header and not header[-1]:
        header.pop()  # the 2020-II export ends every line with a separator
    header = [name or f"(column {i})" for i, name in enumerate(header, start=1)]
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if name in seen:
            message = Message(
                "column {column} appears twice (columns {first} and {second}); expected each column of the "
                "ÖKOBAUDAT export once: delete or rename one of them",
                column=shown(name),
                first=seen[name],
                second=position,
            )
            raise InputError(
                message,
                file=file,
                row=1,
                column=name[:80],
                value=name[:80],
            )
        seen[name] = position
    return header


def _read_records(path: Path) -> tuple[pd.DataFrame, list[Issue]]:
    """All CSV records as text, with the spreadsheet row number in ``_line``; bad lines as issues."""
    file = str(path)
    text = _decode(_read_bytes(path))
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise InputError(Message("empty file: expected an ÖKOBAUDAT CSV export"), file=file)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(first))
    try:
        header, rows = _header(next(reader), file), list(reader)
    except csv.Error as err:  # a cell over the field limit, a NUL byte...
        message = Message(
            "cannot read the CSV text near line {line} ({reason}); expected an ÖKOBAUDAT CSV export with "
            "cells of at most {limit} characters (MAX_CELL_CHARS)",
            line=reader.line_num,
            reason=detail_of(err),
            limit=Num(MAX_CELL_CHARS, "count"),
        )
        raise InputError(
            message,
            file=file,
            row=reader.line_num,
        ) from err
    width = len(header)
    records: list[list[str]] = []
    lines: list[int] = []
    issues: list[Issue] = []
    for number, fields in enumerate(rows, start=2):
        if not any(field.strip() for field in fields):
            continue
        extra = fields[width:]
        if len(fields) < width or any(field.strip() for field in extra):
            issues.append(
                Issue.of(
                    "warning",
                    Message(
                        "line has {found} fields, expected {width} as in the header; line left out",
                        found=len(fields),
                        width=width,
                    ),
                    row=number,
                    value=len(fields),
                    file=file,
                )
            )
            continue
        records.append(fields[:width])
        lines.append(number)
    raw = pd.DataFrame(records, columns=header, dtype=str)
    raw[_LINE] = np.asarray(lines, dtype="int64")
    return raw, issues


def _to_number(text: pd.Series) -> pd.Series:
    """Finite numbers from text cells: ``.`` or a lone ``,`` as decimal mark; empty or not finite -> NaN."""
    text = text.str.strip()
    text = text.where(~text.str.match(_LONE_COMMA), text.str.replace(",", ".", regex=False))
    number = pd.to_numeric(text.where(text != ""), errors="coerce").astype("float64")
    return number.where(np.isfinite(number))
