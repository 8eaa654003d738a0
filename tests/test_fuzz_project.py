"""Fuzzing the whole project path: random workbooks through ``read_project`` + ``compute`` + ``to_json``
+ the report writer.

Each example is a real ``.xlsx`` (or, sometimes, a folder of CSV files) written in a temporary folder:
random sheets (the known ones under French and English names in any case and accents, and others),
headers in both languages in any order with extra columns, every cell type a spreadsheet holds (numbers,
text, dates, booleans, formulas without a cached value, blanks), hostile strings (formula triggers,
control characters, right-to-left marks, long text), huge and tiny numbers and bad units. The checks:

- only the project's own errors (:class:`lca.LCAError`) leave the library;
- nothing is dropped: every non-empty row of the inventory and energy sheets is either computed or named
  by an error issue (sheet and row), every computed line counts in some variant or has an issue, and the
  JSON's ``count = computed + rejected``;
- conservation: the lines sum to the modules, which sum to the totals, per variant and indicator;
- no NaN or infinity in any output: the impacts, the JSON totals, the report's cells (and no formula
  in the report).

The normal run draws a few hundred examples (under a minute); ``LCA_FUZZ_LONG=1 pytest -m slow
tests/test_fuzz_project.py`` is the long run (it is skipped without the variable, so that the default
``pytest`` stays short). Examples holding one of the inputs issue 10 lists as fixed elsewhere (a unit
handed to pint unbounded, a number beyond 1e300) are marked *known* rather than left out: they are still
drawn and checked, a failure on them is counted and shown, and :func:`test_known_cases` pins each one as a
strict xfail, which turns into a failure the day the fix lands so that the mark is removed.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import shutil
import tempfile
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from lca import LCAError, compute, default_factors, read_project
from lca.io.tabular import find_sheet
from lca.io.workbook import ENERGY_COLUMNS, MATERIAL_COLUMNS, PROJECT_KEYS, SHEETS

# ------------------------------------------------------------------------------------------ pools
#: Sheet names as people type them (the reader matches case-, accent- and spacing-insensitively).
SHEET_NAMES = {
    "project": ["Projet", "Project", "PROJET", "projet ", "Bâtiment"],
    "materials": ["Matériaux", "Materials", "MATERIAUX", "materiaux", "Inventaire", "Matériau"],
    "energy": ["Énergie", "Energy", "ENERGIE", "Consommations", "énergie"],
    "factors": ["Facteurs", "Factors", "FDES", "EPD"],
    "variants": ["Variantes", "Variants", "variante"],
}
OTHER_SHEETS = ["Feuil1", "Notes", "Sheet2", "=cmd|' /C calc'!A0", "ⓐⓑⓒ", "Données 2024", "Matériaux (2)"]

#: Units: the usual spellings, odd but valid ones, and wrong ones.
GOOD_UNITS = ["m3", "m³", "M3", "m2", "m²", "m", "ml", "kg", "t", "tonnes", "u", "U", "pce", "unité", "l",
              "kWh", "MWh", "kWh/an", "MJ", "m3/an", "kg ", " m2"]  # fmt: skip
BAD_UNITS = ["m7", "", "kg/", "°C", "%", "€", "m3/h", "parsec", "furlong", "10 kg", "m**2", "m^2", "kg**3",
             "1", "dimensionless", "m/s", "=1+1", "-m", "kg kg", "unité²", "\u202em3", "m\x0b3",
             "é" * 300]  # fmt: skip
#: Units issue 10 lists as handed to pint unbounded (fixed on another branch): drawn, and marked known.
KNOWN_UNITS = ["1/0", "kg*(", "m" + "*m" * 2000, "kg**-0", "(m", "m**(1/0)", "m**1e400"]

HOSTILE = ["=HYPERLINK(\"http://example.invalid\",\"x\")", "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3",
           "＝1+1", "\t=1", "\r\n", "\u202etxt", "nan", "NaN", "inf", "-inf", "1e999", "1,2,3", "100 %",
           "1 000,5", "12,5", "0x10", "1_000", "١٢٣", "#N/A", "#DIV/0!", "None", "null", "TRUE", "  ",
           "'quoted", "\"", "<![CDATA[x]]>", "&amp;", "x" * 5000, "é" * 40, "🏠", "\x00",
           "\x1b[31m"]  # fmt: skip

NUMBERS = st.one_of(
    st.floats(-1e4, 1e6, allow_nan=False),
    st.integers(-10, 10**6),
    st.sampled_from([0, 0.0, -0.0, 1e-320, 5e-324, 1e-30, 1e15, 1e30, 2**53 + 1, 0.05, 1, 12.5]),
)
HUGE = st.sampled_from([1e306, 1e308, -1e308, 1.7976931348623157e308, float("inf"), float("nan")])


#: Spreadsheet spellings of a quantity in each declared unit of the shipped factors.
SPELLINGS = {"m**3": ["m3", "m³", "M3", "kg", "t"], "kg": ["kg", "t", "tonnes", "KG"],
             "piece": ["u", "pce", "unité"], "m**2": ["m2", "m²", "M2"], "m": ["ml", "m"]}  # fmt: skip


def _factor_pool() -> list[tuple[str, list[str]]]:
    """Three shipped factors per declared unit (with a density for m³, so that kg converts), with the
    spellings of a quantity they accept."""
    meta = default_factors().meta.sort_index()
    pool = []
    for unit, spellings in SPELLINGS.items():
        part = meta.loc[meta["declared_unit"] == unit]
        if unit == "m**3":
            part = part.loc[part["density"] > 0]
        pool += [(str(f), spellings) for f in part.index[:3]]
    return pool


FACTORS = _factor_pool()
FACTOR_IDS = [f for f, _ in FACTORS] + ["OWN-1", "OWN-2", "nope", ""]
CARRIERS = ["électricité", "electricity", "gaz naturel", "natural gas", "bois granulés", "réseau de chaleur",
            "eau", "water", "fioul", "plutonium", ""]  # fmt: skip
USES = ["chauffage", "heating", "ecs", "dhw", "éclairage", "auxiliaires", "autres", "cuisine", ""]

# ----------------------------------------------------------------------------------- strategies


def _spell(draw: st.DrawFn, alias: str) -> str:
    """An alias as a person might type it: case, accents, spacing, a unit in brackets."""
    text = draw(
        st.sampled_from([alias, alias.upper(), alias.title(), f" {alias} ", alias.replace(" ", "  ")])
    )
    return text + draw(st.sampled_from(["", "", "", " (m³)", " [u]"]))


def _cell(draw: st.DrawFn, kind: str) -> Any:
    """One cell of a column of the given kind."""
    pick = draw(st.integers(0, 99))
    if pick < 4:
        return None
    if pick < 7:
        return draw(st.sampled_from(HOSTILE))
    if pick < 9:
        return draw(st.one_of(st.booleans(), st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
                              st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1))))  # fmt: skip
    if pick < 10:
        return "=A1*2"  # a formula without a cached value
    if pick < 11:
        return draw(HUGE)
    if kind == "number":
        value = draw(NUMBERS)
        return (
            draw(st.sampled_from([value, str(value), str(value).replace(".", ","), f"{value} %"]))
            if pick < 30
            else value
        )
    if kind == "unit":
        if pick == 99 and draw(st.integers(0, 9)) == 0:
            return draw(st.sampled_from(KNOWN_UNITS))
        return draw(st.sampled_from(GOOD_UNITS if pick < 85 else BAD_UNITS))
    if kind == "factor":
        return draw(st.sampled_from(FACTOR_IDS))
    if kind == "carrier":
        return draw(st.sampled_from(CARRIERS))
    if kind == "use":
        return draw(st.sampled_from(USES))
    if kind == "variant":
        return draw(st.sampled_from(["", "", "", "V1", "V2", "v1", "autre"]))
    if kind == "replaces":
        return draw(st.sampled_from(["", "", "1", "2", "1, 2", "3;4", "zz"]))
    if kind == "id":
        return draw(st.sampled_from(["", "1", "2", "3", "4", "A", "1.0", 1, 2, "E1"]))
    if kind == "lot":
        return draw(st.sampled_from(["", 1, 3, "3", "03", "Lot 6", "Gros œuvre", 14, "13"]))
    return draw(st.text(max_size=12))


#: The kind of cells of each column.
KINDS = {"quantity": "number", "service_life": "number", "transport_km": "number", "waste_rate": "number",
         "unit": "unit", "factor_id": "factor", "carrier": "carrier", "use": "use", "variant": "variant",
         "replaces": "replaces", "line_id": "id", "lot": "lot"}  # fmt: skip


def _coherent(draw: st.DrawFn, energy: bool) -> dict[str, Any]:
    """The cells of a line that should compute (a few of them still odd now and then)."""
    quantity = draw(st.one_of(st.floats(1e-3, 1e5), st.integers(1, 10**5)))
    if draw(st.integers(0, 4)) == 0:
        quantity = f"{quantity:.3f}".replace(".", ",")
    if energy:
        return {"quantity": quantity, "unit": draw(st.sampled_from(["kWh", "MWh", "kWh/an", "MJ", "m3"])),
                "carrier": draw(st.sampled_from(CARRIERS[:-2])), "use": draw(st.sampled_from(USES)),
                "factor_id": "", "variant": draw(st.sampled_from(["", "", "V1"])),
                "replaces": ""}  # fmt: skip
    factor, spellings = draw(st.sampled_from(FACTORS))
    return {
        "quantity": quantity,
        "unit": draw(st.sampled_from(spellings)),
        "factor_id": factor,
        "service_life": draw(st.sampled_from([None, 10, 25, 30.5, 50, 100, "30 ans"])),
        "waste_rate": draw(st.sampled_from([None, 0, 0.05, "5 %", "5%", 3, 0.2])),
        "transport_km": draw(st.sampled_from([None, None, 0, 50, "120", 1000.5])),
        "transport_mode": draw(st.sampled_from([None, "route", "road", "rail", "bateau", "vélo"])),
        "variant": draw(st.sampled_from(["", "", "", "V1", "V2"])),
        "replaces": draw(st.sampled_from(["", "", "1", "2"])),
        "lot": draw(st.sampled_from([1, 2, 3, "3", "Lot 6", "13"])),
        "element": draw(st.sampled_from(["Voiles", "Dalle", "Isolant", "Fenêtres", "Câbles"])),
    }


@st.composite
def line_sheet(draw: st.DrawFn, columns: dict[str, list[str]]) -> list[list[Any]]:
    """Title rows, a header of known columns (in both languages, any order) and extra ones, then data."""
    keys = [k for k in columns if draw(st.integers(0, 9)) < 8 or k in ("quantity", "unit", "carrier")]
    if draw(st.integers(0, 30)) == 0:  # now and then a required column is missing
        keys = [k for k in keys if k != "unit"]
    keys = draw(st.permutations(keys))
    header = [_spell(draw, draw(st.sampled_from(columns[k] + ([k] if k != "line_id" else [])))) for k in keys]
    extra = draw(
        st.lists(st.sampled_from(["Commentaire", "Note", "", "Prix €", "=1+1", "Quantité"]), max_size=2)
    )
    rows = [["Inventaire du projet"]] * draw(st.integers(0, 2)) + [header + extra]
    for _ in range(draw(st.integers(0, 14))):
        if draw(st.integers(0, 12)) == 0:
            rows.append([])  # an empty row is skipped
            continue
        coherent = _coherent(draw, "carrier" in columns) if draw(st.integers(0, 9)) < 6 else {}
        row = [coherent[k] if k in coherent else _cell(draw, KINDS.get(k, "text")) for k in keys]
        row += [_cell(draw, "text") for _ in extra]
        if draw(st.integers(0, 20)) == 0:
            row += [None, "beyond the header"]
        rows.append(row)
    return rows


@st.composite
def project_sheet(draw: st.DrawFn) -> list[list[Any]]:
    rows: list[list[Any]] = [["Clé", "Valeur"]]
    for key in draw(st.lists(st.sampled_from(sorted(PROJECT_KEYS)), max_size=8, unique=True)):
        label = draw(st.sampled_from(PROJECT_KEYS[key] + [key]))
        value = draw(st.one_of(NUMBERS, st.sampled_from(["maison individuelle", "logement collectif", "H1a",
                                                        "re2020", "en15978", "oui", "fraction", "50", "0",
                                                        "-3", "nan", "inf", "1e999", "x"]),
                               HUGE))  # fmt: skip
        rows.append([label, value])
    return rows


@st.composite
def factor_sheet(draw: st.DrawFn) -> list[list[Any]]:
    layout = draw(st.sampled_from(["wide", "long"]))
    if layout == "wide":
        rows: list[list[Any]] = [["factor_id", "declared_unit", "A1-A3", "C4", "D", "density"]]
        for fid in draw(st.lists(st.sampled_from(["OWN-1", "OWN-2", "OWN-1", ""]), max_size=3)):
            rows.append([fid, _cell(draw, "unit"), _cell(draw, "number"), _cell(draw, "number"),
                         _cell(draw, "number"), _cell(draw, "number")])  # fmt: skip
        return rows
    rows = [["factor_id", "module", "indicator", "value", "declared_unit"]]
    for fid in draw(st.lists(st.sampled_from(["OWN-1", "OWN-2"]), max_size=4)):
        rows.append([fid, draw(st.sampled_from(["A1-A3", "A4", "C4", "A9", "D", ""])),
                     draw(st.sampled_from(["GWP-total", "GWP", "XYZ", ""])), _cell(draw, "number"),
                     _cell(draw, "unit")])  # fmt: skip
    return rows


@st.composite
def workbooks(draw: st.DrawFn) -> dict[str, list[list[Any]]]:
    """``{sheet name: rows}``; at least one inventory or energy sheet most of the time."""
    sheets: dict[str, list[list[Any]]] = {}
    builders = {
        "project": project_sheet(),
        "materials": line_sheet(MATERIAL_COLUMNS),
        "energy": line_sheet(ENERGY_COLUMNS),
        "factors": factor_sheet(),
        "variants": st.lists(st.lists(st.sampled_from(["Nom", "V1", "V2", "base", "", "Description", "x"]),
                                      max_size=2), max_size=4).map(lambda r: [["Nom", "Description"], *r]),
    }  # fmt: skip
    for key, builder in builders.items():
        if draw(st.integers(0, 9)) < (9 if key in ("materials", "energy") else 6):
            name = draw(st.sampled_from(SHEET_NAMES[key]))
            if name.casefold() not in {n.casefold() for n in sheets}:
                sheets[name] = draw(builder)
    for _ in range(draw(st.integers(0, 2))):
        name = draw(st.sampled_from(OTHER_SHEETS))
        if name.casefold() not in {n.casefold() for n in sheets}:
            sheets[name] = [[_cell(draw, "text") for _ in range(3)] for _ in range(draw(st.integers(0, 3)))]
    order = draw(st.permutations(list(sheets)))
    return {name: sheets[name] for name in order}


# --------------------------------------------------------------------------------------- writing
def _xlsx_value(value: Any) -> Any:
    """The value openpyxl stores (it refuses control characters; Excel has no NaN or infinity)."""
    if isinstance(value, str):
        return openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", value)[:32_767]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def write_workbook(folder: Path, sheets: dict[str, list[list[Any]]], as_csv: bool) -> Path:
    if as_csv:
        path = folder / "projet"
        path.mkdir()
        import csv

        for name, rows in sheets.items():
            safe = "".join(c if c.isalnum() or c in " -_()" else "_" for c in name).strip() or "sheet"
            with open(path / f"{safe}.csv", "w", encoding="utf-8", newline="") as handle:
                csv.writer(handle, delimiter=";").writerows(
                    [["" if v is None else str(_xlsx_value(v)) for v in row] for row in rows]
                )
        return path
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        title = openpyxl.workbook.child.INVALID_TITLE_REGEX.sub("_", name)[:31]
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append([_xlsx_value(v) for v in row])
    path = folder / "projet.xlsx"
    book.save(path)
    return path


# ---------------------------------------------------------------------------------------- checks
@dataclass
class Outcome:
    """What one example showed: ``kind`` is ``ok``, ``refused`` (an LCAError, exit 2), or a problem
    (``crash``, ``drop``, ``conservation``, ``nonfinite``, ``formula``); ``known`` names the listed case."""

    kind: str
    detail: str = ""
    known: str | None = None
    lines: int = 0
    computed: int = 0
    rejected_rows: int = 0
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def known_case(sheets: dict[str, list[list[Any]]], outcome: Outcome) -> str | None:
    """The case of issue 10 that another part of the code still has to fix, when ``outcome`` is one.

    None today: the unit grammar, the CSV line ends and the bounds on numbers are merged, so every
    failure the fuzzer finds is a real one (the cases once known are the regression tests below).
    """
    return None


def expected_rows(path: Path, sheets: dict[str, list[list[Any]]]) -> set[tuple[str, int]]:
    """(sheet, row) of every non-empty row below the header of the sheets the reader uses as inventory
    and energy sheets, from the rows as written (a formula without cached value reads as empty)."""
    names = list(sheets) if path.suffix == ".xlsx" else [p.stem for p in sorted(path.iterdir())]
    as_written = dict(zip(names, sheets.values(), strict=True)) if path.suffix == ".xlsx" else None
    out = set()
    for key in ("materials", "energy"):
        name = find_sheet(dict.fromkeys(names), SHEETS[key])
        if name is None:
            continue
        rows = as_written[name] if as_written is not None else _csv_rows(path, name)
        header = next((i for i, r in enumerate(rows) if r and r != ["Inventaire du projet"]), len(rows))
        for r, row in enumerate(rows[header + 1 :], start=header + 2):
            if any(not _blank(v) for v in row):
                out.add((name, r))
    return out


def _csv_rows(folder: Path, name: str) -> list[list[Any]]:
    from lca.io.tabular import read_csv_rows

    return read_csv_rows(folder / f"{name}.csv")  # type: ignore[return-value]


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        text = openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", value)
        return text.strip() == "" or text.startswith("=")
    return False


def check_example(sheets: dict[str, list[list[Any]]], folder: Path, *, as_csv: bool, report: int) -> Outcome:
    """Run one workbook through the library and check every invariant; never raises."""
    start = time.perf_counter()
    path = write_workbook(folder, sheets, as_csv)
    try:
        outcome = _check(path, sheets, folder, report)
    except LCAError as err:
        outcome = Outcome("refused", str(err)[:300])
    except Exception as err:  # any other exception is what the fuzzer looks for
        outcome = Outcome("crash", _where(err))
    outcome.known = known_case(sheets, outcome) if outcome.kind not in {"ok", "refused"} else None
    outcome.seconds = time.perf_counter() - start
    return outcome


def _where(err: BaseException) -> str:
    """``Type: message at file:line (function)`` of the deepest frame inside lca."""
    import traceback

    frames = [f for f in traceback.extract_tb(err.__traceback__) if "/lca/" in f.filename]
    at = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno} ({frames[-1].name})" if frames else ""
    return f"{type(err).__name__}: {str(err)[:200]}{at}"


def _check(path: Path, sheets: dict[str, list[list[Any]]], folder: Path, report: int) -> Outcome:
    project = read_project(path)
    results = compute(project)
    lines = results.lines
    errors = {(i.sheet, i.row) for i in results.issues if i.level == "error"}
    noted = {(i.sheet, i.row) for i in results.issues}
    computed = set(zip(lines["sheet"], lines["row"].astype(int), strict=True))
    outcome = Outcome("ok", lines=len(project.lines), computed=len(lines))
    # nothing dropped: every row written is computed or named by an error
    expected = expected_rows(path, sheets)
    outcome.rejected_rows = len(expected - computed)
    # a sheet that cannot be read (a required column missing) is one error for all its rows
    unread = {i.sheet for i in results.issues if i.level == "error" and i.row is None and i.sheet}
    missing = {(s, r) for s, r in expected - computed - errors if s not in unread}
    if missing:
        return Outcome("drop", f"rows neither computed nor in the issues: {sorted(missing)[:5]}")
    if len(project.lines) < len([1 for s, _ in expected if s not in unread]):
        return Outcome("drop", f"{len(expected)} rows written, {len(project.lines)} lines read")
    lonely = [
        (s, r)
        for s, r, member in zip(lines["sheet"], lines["row"], results.membership.any(axis=0), strict=True)
        if not member and (s, int(r)) not in noted
    ]
    if lonely:
        return Outcome("drop", f"computed lines in no variant, without an issue: {lonely[:5]}")
    # no NaN or infinity
    if not np.isfinite(results.impacts).all():
        return Outcome("nonfinite", "impacts hold NaN or infinity")
    # conservation: lines = modules = total
    scale = max(1.0, float(np.abs(results.impacts).sum()))
    gap = results.conservation_gap()
    if not gap <= 1e-9 * scale:
        return Outcome("conservation", f"gap {gap:g} on a scale of {scale:g}")
    lots = results.by_lot().groupby(level="variant", sort=False).sum().reindex(results.variants).fillna(0.0)
    if not np.allclose(lots.to_numpy(), results.total().to_numpy(), rtol=1e-9, atol=1e-9 * scale):
        return Outcome("conservation", "the lots do not sum to the total")
    doc = json.loads(results.to_json())  # allow_nan=False: NaN or infinity would raise ValueError
    for variant in doc["variants"]:
        counts = variant["lines"]
        if counts["count"] != counts["computed"] + counts["rejected"] or counts["rejected"] < 0:
            return Outcome("drop", f"line counts {counts}")
        for table in [variant["total"], *variant["by_module"].values(), *variant["by_lot"].values()]:
            if any(v is None for v in table.values()):
                return Outcome("nonfinite", f"a null value in variant {variant['name']!r}: {table}")
        area_known = bool(project.reference_area and project.reference_area > 0)
        if area_known and any(v is None for v in variant["per_m2"].values()):
            return Outcome("nonfinite", f"per_m2 null with a reference area of {project.reference_area}")
    if report:
        problem = _check_report(results, folder, charts=report > 1)
        if problem:
            return problem
    return outcome


def _check_report(results: Any, folder: Path, charts: bool) -> Outcome | None:
    """Write the Excel report (with its charts now and then: they take seconds) and the CSV; read them
    back."""
    from lca.io.safe import neutralise
    from lca.report import write_report

    path = write_report(results, folder / "rapport.xlsx", charts=charts, lang="en" if charts else "fr")
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    return Outcome("formula", f"formula in the report: {ws.title}!{cell.coordinate}")
                if isinstance(cell.value, float) and not math.isfinite(cell.value):
                    return Outcome("nonfinite", f"{ws.title}!{cell.coordinate} = {cell.value}")
    text = neutralise(results.data).to_csv(index=False)
    if "nan" in {c.strip().lower() for line in text.splitlines()[1:] for c in line.split(",")[-1:]}:
        return Outcome("nonfinite", "a NaN value in the CSV")
    return None


# ------------------------------------------------------------------------------------------ tests
FIGURES: Counter[str] = Counter()
PROBLEMS: list[tuple[Outcome, dict[str, list[list[Any]]]]] = []


def _pick(sheets: dict[str, list[list[Any]]]) -> int:
    """Report level of an example, uniform over examples (hypothesis' integers favour 0): one in 20
    writes the report, one in 200 with its charts."""
    k = zlib.crc32(repr(sheets).encode("utf-8", "replace")) % 200
    return 2 if k == 0 else 1 if k < 10 else 0


def _run(sheets: dict[str, list[list[Any]]], as_csv: bool, report: int) -> Outcome:
    folder = Path(tempfile.mkdtemp(prefix="lca-fuzz-"))
    try:
        outcome = check_example(sheets, folder, as_csv=as_csv, report=report)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    FIGURES["examples"] += 1
    FIGURES[outcome.kind if outcome.known is None else f"known {outcome.kind}"] += 1
    FIGURES["lines"] += outcome.lines
    FIGURES["computed"] += outcome.computed
    FIGURES["rejected rows"] += outcome.rejected_rows
    FIGURES["reports"] += report > 0
    FIGURES["reports with charts"] += report > 1
    if outcome.kind not in {"ok", "refused"}:
        PROBLEMS.append((outcome, sheets))
    return outcome


def _assert(outcome: Outcome, sheets: dict[str, list[list[Any]]]) -> None:
    note(repr(sheets)[:4000])
    if outcome.kind in {"ok", "refused"} or outcome.known:
        return
    raise AssertionError(f"{outcome.kind}: {outcome.detail}")


@settings(
    max_examples=int(os.environ.get("LCA_FUZZ_QUICK", "200")),
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@given(workbooks(), st.integers(0, 9))
def test_random_workbooks(sheets, csv_pick):
    """A few hundred examples, the same on every run (derandomized), in under a minute on an idle
    machine: one in 20 also writes the report, one in 200 with its charts."""
    _assert(_run(sheets, as_csv=csv_pick == 0, report=_pick(sheets)), sheets)


LONG = int(os.environ.get("LCA_FUZZ_EXAMPLES", "10000")) if os.environ.get("LCA_FUZZ_LONG") == "1" else 0


@pytest.mark.slow
@pytest.mark.skipif(
    not LONG, reason="the long fuzz run: LCA_FUZZ_LONG=1 pytest -m slow -s tests/test_fuzz_project.py"
)
def test_random_workbooks_long():
    """The long run (random seed, no shrinking): every example runs, the figures are printed (and written
    to ``LCA_FUZZ_FIGURES`` when set), and the test fails at the end if any example that is not a known
    case broke an invariant."""
    before = len(PROBLEMS)
    start = time.perf_counter()

    @settings(max_examples=LONG, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(workbooks(), st.integers(0, 9))
    def run(sheets, csv_pick):
        _run(sheets, as_csv=csv_pick == 0, report=_pick(sheets))
        if FIGURES["examples"] % 250 == 0:
            _write_figures(start)

    run()
    _write_figures(start)
    unknown = [(o.kind, o.detail, sheets) for o, sheets in PROBLEMS[before:] if o.known is None]
    assert not unknown, f"{len(unknown)} examples broke an invariant; the first: {unknown[0]!r:.3000}"


def _write_figures(start: float) -> None:
    """The figures so far into the file ``LCA_FUZZ_FIGURES`` names, if any."""
    if os.environ.get("LCA_FUZZ_FIGURES"):
        figures = {**FIGURES, "seconds": round(time.perf_counter() - start)}
        problems = Counter(
            f"{o.kind} ({o.known or 'not a known case'}): {o.detail[:200]}" for o, _ in PROBLEMS
        )
        text = json.dumps({"figures": figures, "problems": problems}, indent=1, ensure_ascii=False)
        Path(os.environ["LCA_FUZZ_FIGURES"]).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module", autouse=True)
def _figures():
    yield
    if FIGURES:
        print("\nfuzz figures:", dict(FIGURES))
        kinds = Counter((o.kind, o.known, o.detail.split(" at ")[-1]) for o, _ in PROBLEMS)
        for (kind, known, where), n in kinds.most_common(30):
            print(f"  {n} × {kind} ({known or 'not a known case'}): {where[:300]}")


# ------------------------------------------------------------------------- cases and regressions
#: A shipped factor declared per kg.
KG_FACTOR = "01ccf18a-a8cf-4da8-8e3d-951a2d136a3a"


def _materials(*rows: list[Any]) -> dict[str, list[list[Any]]]:
    return {"Matériaux": [["Quantité", "Unité", "ID fiche"], *rows, [2, "kg", KG_FACTOR]]}


#: Cases of issue 10 that the fuzzer drew before the unit grammar and the bounds on numbers: each now ends
#: in results or in a clear refusal.
KNOWN = {
    "unit 1/0 (ZeroDivisionError)": _materials([1, "1/0", KG_FACTOR]),
    "unit kg*( (TokenError)": _materials([1, "kg*(", KG_FACTOR]),
    "unit m*m*… 2,000 terms (RecursionError)": _materials([1, "m" + "*m" * 2000, KG_FACTOR]),
    "1e306 t against a kg factor (dropped without an issue)": _materials([1e306, "t", KG_FACTOR]),
    "1e308 kg (null total, exit 0)": _materials([1e308, "kg", KG_FACTOR]),
}


@pytest.mark.parametrize("name", list(KNOWN))
def test_known_cases(name, tmp_path):
    outcome = check_example(KNOWN[name], tmp_path, as_csv=False, report=0)
    if outcome.kind not in {"ok", "refused"} and outcome.known is None:  # not the known way: a real failure
        raise RuntimeError(f"{outcome.kind}: {outcome.detail}")
    assert outcome.kind in {"ok", "refused"}, f"{outcome.kind} ({outcome.known}): {outcome.detail}"


def test_issue_values_that_are_not_finite_stay_json():
    """Found by the fuzzer: an issue carrying a NaN value (a blank declared unit read as NaN) made
    ``to_json`` raise ValueError. (Branch h4 found and fixed it the same way; the fix here is its text.)"""
    from lca.errors import Issue

    assert Issue("error", "x", value=float("nan")).to_dict()["value"] is None
    assert Issue("error", "x", value=float("-inf")).to_dict()["value"] == "-inf"
    assert Issue("error", "x", value=1.5).to_dict()["value"] == 1.5


def test_waste_of_a_transport_by_distance_is_in_the_modules():
    """Found by the fuzzer: a factor declaring neither A1-A3 nor C, with a waste rate and a distance,
    has an A5 (the wasted share of the transport) that the total counted and ``by_module`` and the tidy
    table left out (conservation gap = A5)."""
    import pandas as pd

    from lca import Project
    from lca.factors import FactorTable
    from lca.model import normalise_lines
    from tests.helpers import hand_factor_frame

    steel = {
        "factor_id": "steel",
        "module": "D",
        "indicator": "GWP-total",
        "value": -1.0,
        "declared_unit": "kg",
    }
    table, _ = FactorTable.from_frame(pd.concat([hand_factor_frame(), pd.DataFrame([steel])]), "hand")
    line = {"line_id": "1", "factor_id": "steel", "quantity": 1000.0, "unit": "kg", "waste_rate": 0.1,
            "transport_km": 100.0, "transport_mode": "road"}  # fmt: skip
    results = compute(Project(reference_area=10.0, lines=normalise_lines(pd.DataFrame([line]))), table,
                      defaults=False)  # fmt: skip
    # 1 t × 100 km × 0.1 kg CO2e/(t·km) = 10 in A4; 10 % of it wasted = 1 in A5
    assert results.total()["GWP-total"].to_dict() == pytest.approx({"base": 11.0})
    assert results.by_module()["GWP-total"].to_dict() == pytest.approx(
        {("base", "A4"): 10.0, ("base", "A5"): 1.0, ("base", "D"): -1000.0}
    )
    assert results.conservation_gap() == 0.0


def test_report_and_charts_when_a_variant_has_no_computed_line(tmp_path):
    """Found by the fuzzer: the report raised KeyError ('delta', 'v1') when a variant had no computed
    line (its only line rejected), and the charts KeyError 'base' when the baseline had none."""
    import matplotlib

    matplotlib.use("Agg")
    from lca.plots import save_charts
    from lca.report import write_report
    from tests.helpers import hand_factors, write_xlsx

    header = ["Quantité", "Unité", "ID fiche", "Variante"]
    for name, rows in {
        "nothing": [["douze", "kg", "conc", "v1"]],
        "empty_base": [["douze", "m3", "conc", ""], [2, "m3", "conc", "v1"]],
    }.items():
        path = write_xlsx(tmp_path / f"{name}.xlsx", {"Matériaux": [header, *rows]})
        results = compute(read_project(path), hand_factors(), defaults=False)
        assert results.variants == ["base", "v1"]
        written = save_charts(results, tmp_path / name, formats=("png",))
        assert {p.stem for p in written} >= {"modules", "waterfall_v1", "hotspots"}
        book = openpyxl.load_workbook(write_report(results, tmp_path / f"{name}_report.xlsx"))
        assert len(book.sheetnames) == 7


def test_a_vanishing_reference_area_is_an_issue_not_an_infinite_result(tmp_path):
    """Found by the fuzzer: a reference area of 5e-324 m² (a denormal) made every per-m² value
    infinite, a null in the JSON with exit 0."""
    from tests.helpers import write_xlsx

    sheets = {**_materials(), "Projet": [["Clé", "Valeur"], ["SHAB", 5e-324]]}
    project = read_project(write_xlsx(tmp_path / "p.xlsx", sheets))
    assert project.reference_area is None
    issue = next(i for i in project.issues if i.sheet == "Projet")
    assert (issue.level, issue.row, issue.column) == ("error", 2, "SHAB")
    assert issue.message == "must be at least 0.01 m², found '4.94066e−324'"
    doc = json.loads(compute(project).to_json())
    assert doc["variants"][0]["per_m2"] == {k: None for k in doc["variants"][0]["total"]}  # not given
