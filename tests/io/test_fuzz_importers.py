"""Fuzzing of the ÖKOBAUDAT and ILCD readers (issue 10.2) with hypothesis.

Random exports (columns in any order, missing, unknown or twice; three separators; four encodings; well
quoted or sloppy text) and random ILCD folders and zips (hostile texts, odd levels, versions, amounts,
units, encodings, malformed XML, corrupt members). For every input:

* only the project's errors (:class:`lca.errors.LCAError`) leave the reader;
* no value is NaN or infinite, no number of the table or of an issue is infinite, every declared
  amount is a positive finite number;
* nothing is dropped silently: every data line of an export is imported (its dataset and module are in
  the table) or named by an issue (its row); every process file of an ILCD folder or zip is imported
  (its UUID is in the table) or named by an issue (its file).

The normal run draws a few dozen examples per reader (a few seconds). The long run draws
``LCA_FUZZ_EXAMPLES`` (default 10,000) per reader: ``LCA_FUZZ_LONG=1 pytest -m slow
tests/io/test_fuzz_importers.py`` (``LCA_FUZZ_PROGRESS=FILE`` appends the running counts to FILE).
"""

from __future__ import annotations

import csv
import io
import math
import os
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lca.units
from lca.errors import Issue, LCAError
from lca.indicators import module_key
from lca.io.ilcd import read_ilcd
from lca.io.oekobaudat import read_oekobaudat
from tests.io.ilcd_factory import Epd, files

LONG = os.environ.get("LCA_FUZZ_LONG") == "1"
LONG_EXAMPLES = int(os.environ.get("LCA_FUZZ_EXAMPLES", "10000"))
NORMAL = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
STATS: dict[str, dict[str, int]] = {}

HOSTILE_TEXT = [
    "=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "-1", "@A1", "\uff1dA1", "'", '"', ";", ",", "\t",
    "\n", "\r", "\x00", "ü", "€", "😀", "\u202e", "&amp;", "<b>", "]]>", "{0}", "%s", " ", "",
    "x" * 300, "1" * 5000,
]  # fmt: skip
NUMBERS = [
    "1", "0", "-1", "2.5", "3,6", "1e-300", "1e308", "1e999", "-1e999", "inf", "-inf", "nan", "NaN",
    "0.000001", "1,000.5", "1.2.3", "abc", "", " ", "5e-324", "1e-320", "123456789012345678901234567890",
]  # fmt: skip
#: Units that every version of lca.units refuses or reads quickly; the bounded grammar adds hostile ones.
UNITS = ["kg", "m3", "m2", "qm", "m", "pcs.", "Stk", "MJ", "kWh", "t*km", "1000 kgkm", "a", "t", "g",
         "Säcke", "", "kg/m^3", "€", "m" * 300]  # fmt: skip
if hasattr(lca.units, "parse_unit"):
    UNITS += ["1/0", "kg*(", "*".join(["m"] * 2000), "10**10**10", "k" * 32_767]
MODULES = ["A1-A3", "A1", "A4", "A5", "B6", "C1", "C2", "C3", "C4", "D", "A9", "", "x", "c 3", "B1-B7"]
UUIDS = ["u1", "u2", "u3", " u1 ", "", "00000000-0000-0000-0000-000000000001"]

text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=20))
number = st.one_of(st.sampled_from(NUMBERS), st.floats(allow_nan=True, allow_infinity=True).map(repr))

COLUMNS = {
    "UUID": st.sampled_from(UUIDS),
    "Version": st.one_of(st.just("20.19.120"), text),
    "Name (de)": text,
    "Name (en)": text,
    "Kategorie (en)": st.one_of(st.sampled_from(["'Metals' / 'Aluminium'", "Wood / Solid wood", "x"]), text),
    "Typ": st.sampled_from(["generic dataset", "specific dataset", "", "junk"]),
    "Bezugsgroesse": number,
    "Bezugseinheit": st.sampled_from(UNITS),
    "Rohdichte (kg/m3)": number,
    "Flaechengewicht (kg/m2)": number,
    "Stueckgewicht (kg)": number,
    "Umrechungsfaktor auf 1kg": number,
    "biogener Kohlenstoffgehalt in kg": number,
    "Modul": st.sampled_from(MODULES),
    "Szenario": st.sampled_from(["", "S1", "S2", "energetisch"]),
    "GWP": number,
    "PERM": number,
    "GWPtotal (A2)": number,
    "AP (A2)": number,
}
REQUIRED = ["UUID", "Version", "Typ", "Bezugsgroesse", "Bezugseinheit", "Modul", "GWP"]


@st.composite
def exports(draw: st.DrawFn) -> tuple[bytes, list[list[str]] | None, list[str]]:
    """Bytes of an export; the records as written (None when the text is sloppy); the header."""
    names = (
        list(REQUIRED) if draw(st.integers(0, 9)) else draw(st.lists(st.sampled_from(REQUIRED), unique=True))
    )
    names += draw(
        st.lists(st.sampled_from([c for c in COLUMNS if c not in REQUIRED]), max_size=6, unique=True)
    )
    names += draw(st.lists(text.filter(lambda t: "\n" not in t and "\r" not in t), max_size=2))
    names = draw(st.permutations(names))
    if not draw(st.integers(0, 9)):  # sometimes a column twice
        names = [*names, *names[:1]]
    rows = draw(
        st.lists(
            st.tuples(*[COLUMNS.get(n, text) for n in names]) if names else st.just(()),
            max_size=8,
        )
    )
    separator = draw(st.sampled_from([";", ",", "\t"]))
    quoted = draw(st.booleans())
    if quoted:
        out = io.StringIO()
        # every cell quoted: a lone "\r" in a cell would otherwise end the record (the writer's
        # minimal quoting only looks for "\n")
        writer = csv.writer(out, delimiter=separator, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(names)
        writer.writerows(rows)
        body = out.getvalue()
    else:  # what a careless hand makes of it
        body = "\n".join(separator.join(map(str, r)) for r in [names, *rows]) + "\n"
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1"]))
    data = body.encode(encoding, errors="replace")
    clean = quoted and encoding.startswith("utf-8") and not any("\x00" in str(c) for r in rows for c in r)
    return data, ([list(map(str, r)) for r in rows] if clean else None), list(names)


def _finite_numbers(table: pd.DataFrame, issues: list[Issue]) -> None:
    assert table["value"].notna().all() and table["value"].map(math.isfinite).all()
    for column in table.columns:
        if pd.api.types.is_float_dtype(table[column]):
            assert not table[column].isin([math.inf, -math.inf]).any(), column
    amounts = pd.to_numeric(table["declared_amount"], errors="coerce")
    assert (amounts.notna() & (amounts > 0) & amounts.map(math.isfinite)).all()
    for issue in issues:
        assert not (isinstance(issue.value, float) and not math.isfinite(issue.value)), issue


def _tally(reader: str, outcome: str) -> None:
    counts = STATS.setdefault(reader, {})
    counts[outcome] = counts.get(outcome, 0) + 1
    progress = os.environ.get("LCA_FUZZ_PROGRESS")  # a file for the figures of a long run
    if progress and sum(counts.values()) % 250 == 0:
        with open(progress, "a", encoding="utf-8") as out:
            out.write(f"{reader} {counts}\n")


def check_export(case: tuple[bytes, list[list[str]] | None, list[str]]) -> None:
    data, rows, names = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "OBD_2099_I.csv"
        path.write_bytes(data)
        try:
            table, issues = read_oekobaudat(path)
        except LCAError as err:
            assert str(path) in str(err)  # the file is named
            _tally("oekobaudat", "error")
            return
    _finite_numbers(table, issues)
    _tally("oekobaudat", "read")
    if rows is None or len(set(names)) != len(names):
        return
    imported = set(zip(table["factor_id"], table["module"], strict=True))
    named_rows = {i.row for i in issues if i.row is not None}
    for number, row in enumerate(rows, start=2):
        record = dict(zip([n.strip() for n in names], row, strict=True))
        if not any(cell.strip() for cell in row):
            continue  # a blank line is not data
        key = (record.get("UUID", "").strip(), module_key(record.get("Modul", "")))
        if key not in imported and number not in named_rows:
            _tally("oekobaudat", "dropped")
            raise AssertionError(f"line {number} {record} neither imported nor reported: {issues}")


LEVELS = ["0", "1", "2", "x", "-1", "1" * 50, ""]
FRAGMENTS = ["", "", "", "", "", "<a>", "&amp;", "&bogus;", "<!-- c -->", "<![CDATA[x]]>", "</x>", "<x/>"]


@st.composite
def epds(draw: st.DrawFn, k: int) -> Epd:
    gwp = draw(st.dictionaries(st.sampled_from(MODULES), number, max_size=4))
    return Epd(
        uuid=draw(st.one_of(st.just(f"5e5e5e5e-0000-4000-8000-00000000000{k}"), st.sampled_from(UUIDS[:3]))),
        name=draw(text),
        classes=draw(st.lists(st.tuples(st.sampled_from(LEVELS), text), max_size=3)),
        version=draw(st.sampled_from(["01.00.000", "20.19.120", "1" * 5000, "", "v2", "1.2.3.4.5"])),
        amount=draw(st.one_of(st.sampled_from(["1", "2.5", "1000"]), number)),
        unit=draw(st.sampled_from(["m2", *UNITS])),
        mass_per_unit=draw(st.one_of(st.none(), number)),
        gwp=gwp or {"A1-A3": "1"},
        encoding=draw(st.sampled_from(["UTF-8"] * 6 + ["ISO-8859-1", "x-unknown", "utf-16", "shift_jis"])),
        raw_other=draw(st.sampled_from(FRAGMENTS)),
    )  # fmt: skip


@st.composite
def ilcd_inputs(draw: st.DrawFn) -> tuple[str, list[Epd], int | None]:
    """How to pack (folder or zip), the EPDs, and which member of a stored zip to corrupt (or None)."""
    items = [draw(epds(k)) for k in range(draw(st.integers(1, 3)))]
    kind = draw(st.sampled_from(["folder", "zip"]))
    corrupt = draw(st.one_of(st.none(), st.integers(0, 20))) if kind == "zip" else None
    return kind, items, corrupt


def check_ilcd(case: tuple[str, list[Epd], int | None]) -> None:
    kind, items, corrupt = case
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        members: dict[str, bytes] = {}
        for epd in items:
            for name, data in files(epd).items():
                if name.startswith("processes/") or name not in members:
                    members[name] = data
        processes = sorted(n for n in members if n.startswith("processes/"))
        if kind == "folder":
            target = root / "ilcd"
            for name, data in members.items():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                (target / name).write_bytes(data)
            where = [str(target / n) for n in processes]
        else:
            target = root / "ilcd.zip"
            with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
                for name, data in members.items():
                    archive.writestr(f"ILCD/{name}", data)
            if corrupt is not None:  # flip one byte in the data of one member
                raw = bytearray(target.read_bytes())
                raw[len(raw) * corrupt // 40] ^= 0x55
                target.write_bytes(bytes(raw))
            where = [f"ilcd.zip!ILCD/{n}" for n in processes]
        try:
            table, issues = read_ilcd(target)
        except LCAError as err:
            assert str(err).startswith(str(target)) or str(err).startswith("ilcd.zip!")  # the file is named
            _tally("ilcd", "error")
            return
    _finite_numbers(table, issues)
    _tally("ilcd", "read")
    named = {i.file for i in issues}
    imported = set(table["factor_id"])
    by_file = {f"processes/{epd.uuid[:36] or 'empty'}.xml": epd for epd in items}  # the last one written
    for name, process in zip(where, processes, strict=True):
        if by_file[process].uuid.strip().lower() not in imported and name not in named:
            _tally("ilcd", "dropped")
            raise AssertionError(f"{name} neither imported nor reported: {issues}")


@NORMAL
@given(exports())
def test_fuzz_oekobaudat(case):
    check_export(case)


@NORMAL
@given(ilcd_inputs())
def test_fuzz_ilcd(case):
    check_ilcd(case)


LONG_RUN = pytest.mark.skipif(
    not LONG, reason="long fuzz run: LCA_FUZZ_LONG=1 pytest -m slow tests/io/test_fuzz_importers.py"
)
LONG_SETTINGS = settings(max_examples=LONG_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.mark.slow
@LONG_RUN
@LONG_SETTINGS
@given(exports())
def test_fuzz_oekobaudat_long(case):
    check_export(case)


@pytest.mark.slow
@LONG_RUN
@LONG_SETTINGS
@given(ilcd_inputs())
def test_fuzz_ilcd_long(case):
    check_ilcd(case)


def teardown_module() -> None:
    if LONG:  # the figures for the closing note
        print(f"\nfuzz outcomes: {STATS}")
