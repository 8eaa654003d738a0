"""Fuzzing the factor-table reader (issue 10): random tables in the three layouts (the lca file layout,
the lenient long layout, the wide layout pasted from an FDES) as CSV and xlsx, with hostile cells.

Asserted for every table: only the project's own errors are raised; every row that carries a value is
either in the table or named by an issue (its own row, or its factor's first row); no value is NaN or
infinite or beyond MAX_FACTOR_VALUE; every factor kept has a canonical unit and a declared amount > 0.
"""

from __future__ import annotations

import csv
import io
import math
import os
import time
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lca.errors import LCAError
from lca.factors import read_factors
from lca.indicators import indicator_key, module_key
from lca.limits import MAX_FACTOR_PROPERTY, MAX_FACTOR_VALUE
from lca.units import normalise_unit

HOSTILE = [
    "", " ", "nan", "NaN", "inf", "-inf", "1e999", "-1e400", "1,2,3", "1.234,5", "12 %", "=HYPERLINK(\"x\")",
    "+cmd|' /C calc'!A0", "＝1+1", "1/0", "10**10**10", "kg*(", "m*" * 30 + "m", "\x00", "é\u00a0ü", '"', "'",
    ";", ",", "\n", "\r\n", "A9", "A1-A3", "GWP", "GWP-total", "m³", "kg", "u", "1e308", "-0", "0", "1e-320",
    "x" * 200, "\u202e", "None", "NULL", "#N/A", "#DIV/0!", "TRUE",
]  # fmt: skip
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e4, max_value=1e4),
    st.integers(min_value=-(10**20), max_value=10**20),
)
CELLS = st.one_of(st.sampled_from(HOSTILE), NUMBERS, st.text(max_size=12), st.none())
# each field: a good value two times in three, a hostile cell otherwise
IDS = st.one_of(
    st.sampled_from(["f1", "f2", "f3", "béton"]), st.sampled_from(["f1", "f4", "", " "]), st.text(max_size=6)
)
MODULES = st.one_of(*[st.sampled_from(["A1-A3", "A1", "A2", "A3", "A4", "C3", "D", "a1-a3"])] * 2, CELLS)
INDICATORS = st.one_of(*[st.sampled_from(["GWP-total", "GWP", "ODP", "PENRT"])] * 2, CELLS)
UNITS = st.one_of(*[st.sampled_from(["kg", "m3", "m²", "u", "t", "kWh", "kg/m3"])] * 2, CELLS)
AMOUNTS = st.one_of(*[st.sampled_from([1, 1000, "1", "1,5", 0.25])] * 2, CELLS)
VALUES = st.one_of(*[st.floats(min_value=-1e4, max_value=1e4)] * 2, NUMBERS, CELLS)

FILE_HEADER = ["factor_id", "module", "indicator", "value", "declared_unit", "declared_amount", "name"]
LONG_HEADER = ["id fiche", "phase", "indicateur", "valeur", "unité déclarée", "quantité déclarée"]
WIDE_MODULES = ["A1-A3", "A4", "C3", "D"]
WIDE_HEADER = ["id fiche", "unité", *WIDE_MODULES]

long_rows = st.lists(st.tuples(IDS, MODULES, INDICATORS, VALUES, UNITS, AMOUNTS), max_size=12)
wide_rows = st.lists(st.tuples(IDS, UNITS, VALUES, VALUES, VALUES, VALUES), max_size=12)
tables = st.one_of(
    st.tuples(st.just("file"), long_rows, st.sampled_from(["csv", "csv.gz"])),
    st.tuples(st.just("long"), long_rows, st.sampled_from(["csv", "xlsx"])),
    st.tuples(st.just("wide"), wide_rows, st.sampled_from(["csv", "xlsx"])),
)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


#: Texts that openpyxl writes as Excel error cells, which are read as empty (with a warning on the sheet).
EXCEL_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"}


def _xlsx_cell(value: object) -> object:
    if value in EXCEL_ERRORS:
        return None
    if isinstance(value, str):  # openpyxl refuses control characters; a spreadsheet cannot hold them
        value = "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")[:32_767]
        return value if not value.startswith("=") else "'" + value
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, int) and abs(value) > 2**53:
        return str(value)
    return value


def write_table(folder: Path, layout: str, rows: list[tuple], kind: str) -> Path:  # type: ignore[type-arg]
    header = {"file": FILE_HEADER, "long": LONG_HEADER, "wide": WIDE_HEADER}[layout]
    body = [list(r) + (["name"] if layout == "file" else []) for r in rows]
    if kind == "xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Facteurs"
        sheet.append(header)
        for values in body:
            sheet.append([v if v in EXCEL_ERRORS else _xlsx_cell(v) for v in values])
        path = folder / "table.xlsx"
        book.save(path)
        return path
    out = io.StringIO()
    writer = csv.writer(
        out, delimiter="," if layout == "file" else ";", lineterminator="\n", quoting=csv.QUOTE_ALL
    )  # quoted: a lone \r is a line end to every CSV reader
    writer.writerow(header)
    writer.writerows([[_text(v) for v in values] for values in body])
    data = out.getvalue().encode("utf-8", errors="surrogatepass")
    path = folder / f"table.{kind}"
    if kind == "csv.gz":
        import gzip

        data = gzip.compress(data)
    path.write_bytes(data)
    return path


def check(folder: Path, layout: str, rows: list[tuple], kind: str) -> dict[str, int]:  # type: ignore[type-arg]
    """Read one generated table and assert the invariants; return what happened."""
    path = write_table(folder, layout, rows, kind)
    started = time.perf_counter()
    try:
        table, issues = read_factors(path)
    except LCAError as err:  # a whole-file refusal is fine, if it says where
        assert err.file == str(path)
        return {"refused": 1, "rows": len(rows)}
    assert time.perf_counter() - started < 5
    values = table.values["value"].to_numpy(dtype=float)
    assert np.isfinite(values).all() and (np.abs(values) <= MAX_FACTOR_VALUE).all()
    meta = table.meta
    assert meta["declared_unit"].map(lambda u: isinstance(u, str) and normalise_unit(u) == u).all()
    amount = meta["declared_amount"].to_numpy(dtype=float)
    assert ((amount > 0) & (amount <= MAX_FACTOR_PROPERTY)).all()
    assert set(table.values["factor_id"]) == set(meta.index)
    if kind == "xlsx" and any(v in EXCEL_ERRORS for r in rows for v in r):
        assert any("an Excel error such as #N/A" in i.message for i in issues)
    issue_rows = {i.row for i in issues if i.row is not None}
    if any(i.row is None for i in issues if i.level != "info"):  # a count of rows ("and N more"): skip
        return {"read": len(table.values), "issues": len(issues), "rows": len(rows)}
    first_row: dict[str, int] = {}
    present = set(
        zip(table.values["factor_id"], table.values["module"], table.values["indicator"], strict=True)
    )
    unaccounted = []
    for k, record in enumerate(rows):
        row_number = k + 2
        if kind == "xlsx":  # as written (control characters dropped)
            record = tuple(_xlsx_cell(v) for v in record)
        fid = _text(record[0]).strip()
        first_row.setdefault(fid, row_number)
        cells = [(m, record[2] if layout != "wide" else "GWP-total", record[3]) for m in [record[1]]]
        if layout == "wide":
            cells = [(m, "GWP-total", v) for m, v in zip(WIDE_MODULES, record[2:], strict=True)]
        for module, indicator, value in cells:
            if _text(value).strip() == "":
                continue  # an empty cell is a module not declared
            module = module_key(_text(module))
            indicator = indicator_key(_text(indicator)) if _text(indicator).strip() else "GWP-total"
            if module in ("A1", "A2", "A3"):
                module = "A1-A3"
            if (fid, module, indicator) in present:
                continue
            if row_number in issue_rows or first_row.get(fid) in issue_rows:
                continue
            unaccounted.append((row_number, record))
    assert not unaccounted, (unaccounted, [str(i) for i in issues])
    return {"read": len(table.values), "issues": len(issues), "rows": len(rows), "rows_checked": len(rows)}


_FAST = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_FAST
@given(tables)
def test_factor_tables_fuzz(tmp_path_factory: pytest.TempPathFactory, case) -> None:  # type: ignore[no-untyped-def]
    layout, rows, kind = case
    check(tmp_path_factory.mktemp("fuzz"), layout, rows, kind)


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("LCA_FUZZ_LONG") != "1",
    reason="the long fuzz run (20 minutes): LCA_FUZZ_LONG=1 pytest -m slow -s tests/io/test_factor_fuzz.py",
)
def test_factor_tables_fuzz_long(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The long run: >= 10,000 tables; prints its figures."""
    figures = {"examples": 0, "rows": 0, "rows_checked": 0, "refused": 0, "read": 0, "issues": 0}

    examples = int(os.environ.get("LCA_FUZZ_EXAMPLES", "10000"))

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(tables)
    def run(case) -> None:  # type: ignore[no-untyped-def]
        layout, rows, kind = case
        found = check(tmp_path_factory.mktemp("long"), layout, rows, kind)
        figures["examples"] += 1
        for key, count in found.items():
            figures[key] = figures.get(key, 0) + count

    started = time.perf_counter()
    run()
    print(f"factor-table fuzz: {figures}, {time.perf_counter() - started:.0f} s")
    assert figures["examples"] >= 10_000
