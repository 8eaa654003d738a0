"""Benchmarks of the lca engine and of ``lca run``, against baselines measured in the same run.

Run from the repository root::

    python benchmarks/bench_engine.py            # full: 10k and 100k lines, 20k-line workbook
    python benchmarks/bench_engine.py --quick    # smoke run: 10k lines, 2k-line workbook
    python benchmarks/bench_engine.py --profile  # also cProfile the engine at the largest size

This is a script, not a test: it prints a table of times (best of several repeats, ``time.perf_counter``),
ratios against the baselines and PASS/FAIL against the targets of ``benchmarks/README.md``. Inventories are
synthetic (seeded numpy RNG); everything is written into a temporary folder, nothing into the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import dataclasses
import gc
import io
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import peers  # benchmarks/peers.py, beside this script

import lca
from lca.cli import main as cli_main
from lca.factors import FactorTable
from lca.indicators import INDICATORS, MODULES
from lca.model import Project, Variant, normalise_lines

PARTS = ("peers", "startup", "engine", "workbook")
SEED = 20_240_601
N_FACTORS = 500
STUDY_PERIOD = 50.0
TRANSPORT_ID = "TRANSPORT-ROAD"
TRANSPORT_PER_TKM = 0.09  # [indicator unit per t·km], every indicator
VARIANTS = ("V1", "V2")

# declared unit of a factor -> (probability, units its lines are entered in)
DECLARED: dict[str, tuple[float, list[str]]] = {
    "m3": (0.35, ["m3", "kg", "t"]),  # with density
    "kg": (0.25, ["kg", "t"]),
    "m2": (0.25, ["m2", "kg", "t"]),  # with area_mass
    "u": (0.15, ["u", "kg"]),  # with mass_per_unit
}
# how the lines spell them in the workbook (normalise_unit reads them all)
SPELLING = {"m3": "m³", "m2": "m²", "kg": "kg", "t": "t", "u": "u"}
KG = {"kg": 1.0, "t": 1000.0}

# targets at 100k lines × 10 indicators, and for the whole `lca run`
TARGET_NUMPY = 3.0  # engine / numpy per-line reference <= 3
TARGET_PANDAS = 5.0  # pandas / engine >= 5
TARGET_RUN = 1.0  # lca run / openpyxl read < 1


# ------------------------------------------------------------------------------------ synthetic data


@dataclass
class Factors:
    """The synthetic factor table and its raw arrays (for the numpy and pandas references)."""

    frame: pd.DataFrame  # long file layout, metadata on every row
    ids: np.ndarray  # (factor,) ids of the 500 material factors
    declared_unit: np.ndarray  # (factor,)
    kg_per_declared: np.ndarray  # (factor,) kg in one declared unit
    dense: np.ndarray  # (factor, module, indicator)
    indicators: list[str]


def make_factors(rng: np.random.Generator, n_indicators: int) -> Factors:
    """500 factors × all 15 modules × ``n_indicators``, plus one road transport factor (A4, per t·km)."""
    indicators = list(INDICATORS)[:n_indicators]
    ids = np.array([f"F{k:04d}" for k in range(N_FACTORS)], dtype=object)
    units = list(DECLARED)
    declared = rng.choice(units, size=N_FACTORS, p=[DECLARED[u][0] for u in units])
    density = np.where(declared == "m3", rng.uniform(30, 2500, N_FACTORS), np.nan)
    area_mass = np.where(declared == "m2", rng.uniform(1, 80, N_FACTORS), np.nan)
    mass_per_unit = np.where(declared == "u", rng.uniform(0.5, 200, N_FACTORS), np.nan)
    kg_per_declared = np.select(
        [declared == "m3", declared == "m2", declared == "u"], [density, area_mass, mass_per_unit], 1.0
    )
    service_life = rng.choice([10.0, 15, 20, 25, 30, 40, 50, 60, 100], size=N_FACTORS)
    dense = rng.lognormal(0.0, 1.0, size=(N_FACTORS, len(MODULES), n_indicators))
    dense[:, MODULES.index("D"), :] *= -0.3
    f, m, i = (a.ravel() for a in np.indices(dense.shape))
    frame = pd.DataFrame(
        {
            "factor_id": ids[f],
            "module": np.array(MODULES, dtype=object)[m],
            "indicator": np.array(indicators, dtype=object)[i],
            "value": dense.ravel(),
            "name": np.char.add("Material ", ids[f].astype(str)).astype(object),
            "declared_unit": declared[f].astype(object),
            "declared_amount": 1.0,
            "density": density[f],
            "area_mass": area_mass[f],
            "mass_per_unit": mass_per_unit[f],
            "service_life": service_life[f],
            "data_type": "generic",
            "transport_mode": None,
            "source": "synthetic",
        }
    )
    transport = pd.DataFrame(
        {
            "factor_id": TRANSPORT_ID,
            "module": "A4",
            "indicator": indicators,
            "value": TRANSPORT_PER_TKM,
            "name": "Road transport, truck",
            "declared_unit": "tkm",
            "declared_amount": 1.0,
            "data_type": "generic",
            "transport_mode": "road",
            "source": "synthetic",
        }
    )
    frame = pd.concat([frame, transport], ignore_index=True)
    return Factors(frame, ids, declared, kg_per_declared, dense, indicators)


@dataclass
class Inventory:
    lines: pd.DataFrame  # raw lines, as a user builds them in code
    index: np.ndarray  # (line,) factor row of each line
    q: np.ndarray  # (line,) quantity in the factor's declared unit


def make_lines(rng: np.random.Generator, n: int, factors: Factors) -> Inventory:
    """``n`` inventory lines: mixed units, some service lives, waste rates, transport, two variants."""
    index = rng.integers(0, N_FACTORS, size=n)
    declared = factors.declared_unit[index]
    unit = np.empty(n, dtype=object)
    for d, (_, choices) in DECLARED.items():
        rows = np.flatnonzero(declared == d)
        unit[rows] = rng.choice(choices, size=len(rows))
    quantity = rng.lognormal(2.0, 1.2, size=n)
    # quantity in declared units: same unit, else through kg
    kg = np.array([KG.get(u, np.nan) for u in unit])
    q = np.where(unit == declared, quantity, quantity * kg / factors.kg_per_declared[index])
    service_life = np.where(rng.random(n) < 0.2, rng.choice([15.0, 20, 30, 40, 60], size=n), np.nan)
    waste_rate = np.where(rng.random(n) < 0.3, rng.uniform(0.01, 0.10, size=n), 0.0)
    transport = rng.random(n) < 0.1
    transport_km = np.where(transport, rng.uniform(20, 600, size=n), np.nan)
    transport_mode = np.where(transport, rng.choice(["road", "route", ""], size=n), "").astype(object)
    # the last 1 % of lines belong to a variant, each replacing a common line
    variant = np.full(n, "", dtype=object)
    replaces = np.full(n, "", dtype=object)
    n_variant = max(n // 100, 2)
    common = n - n_variant
    variant[common:] = [VARIANTS[k % len(VARIANTS)] for k in range(n_variant)]
    targets = rng.choice(common, size=n_variant, replace=False)
    replaces[common:] = [f"L{t}" for t in targets]
    lines = pd.DataFrame(
        {
            "line_id": [f"L{k}" for k in range(n)],
            "lot": rng.integers(1, 14, size=n).astype(str).astype(object),
            "element": [f"Element {k % 997}" for k in range(n)],
            "quantity": quantity,
            "unit": unit,
            "factor_id": factors.ids[index],
            "service_life": service_life,
            "transport_km": transport_km,
            "transport_mode": transport_mode,
            "waste_rate": waste_rate,
            "variant": variant,
            "replaces": replaces,
        }
    )
    return Inventory(lines, index, q)


def make_project(inventory: Inventory) -> Project:
    return Project(
        name="bench",
        reference_area=1500.0,
        dwellings=20,
        study_period=STUDY_PERIOD,
        lines=normalise_lines(inventory.lines),
        variants=[Variant("base"), *(Variant(v) for v in VARIANTS)],
    )


# ------------------------------------------------------------------------------------------ timing


def best(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Best wall time of ``repeats`` calls [s], and the last result."""
    times, out = [], None
    for _ in range(repeats):
        out = None
        gc.collect()
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


@dataclass
class Row:
    case: str
    seconds: float
    reference: str = ""
    ref_seconds: float | None = None
    ratio_label: str = ""
    ratio: float | None = None
    target: str = ""
    passed: bool | None = None  # None: informative


ROWS: list[Row] = []


def add(row: Row) -> None:
    ROWS.append(row)
    ratio = f"{row.ratio:.2f}" if row.ratio is not None else ""
    verdict = "" if row.passed is None else ("PASS" if row.passed else "FAIL")
    print(f"  {row.case}: {row.seconds * 1e3:.1f} ms  {row.ratio_label} {ratio} {verdict}", flush=True)


def print_table() -> None:
    header = ["case", "time (ms)", "reference", "ref (ms)", "ratio", "target", "result"]
    body = [
        [
            r.case,
            f"{r.seconds * 1e3:,.1f}",
            r.reference,
            "" if r.ref_seconds is None else f"{r.ref_seconds * 1e3:,.1f}",
            "" if r.ratio is None else f"{r.ratio:.2f} ({r.ratio_label})",
            r.target or "-",
            "info" if r.passed is None else ("PASS" if r.passed else "FAIL"),
        ]
        for r in ROWS
    ]
    widths = [max(len(x) for x in col) for col in zip(header, *body, strict=True)]
    right = {1, 3}

    def fmt(cells: list[str]) -> str:
        return " | ".join(
            c.rjust(w) if j in right else c.ljust(w)
            for j, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    print()
    print(fmt(header))
    print("-+-".join("-" * w for w in widths))
    for cells in body:
        print(fmt(cells))


# ------------------------------------------------------------------------------------ engine cases


def aggregate(results: lca.Results) -> lca.Results:
    results.total()
    results.by_module()
    results.by_lot()
    return results


def engine_run(project: Project, table: FactorTable) -> lca.Results:
    """What is timed as "the engine": compute, then the aggregations (not the tidy table)."""
    return aggregate(lca.compute(project, table, defaults=False))


def bench_engine(n_lines: int, n_indicators: int, repeats: int, targets: bool, profile: bool) -> None:
    rng = np.random.default_rng(SEED + n_lines + n_indicators)
    factors = make_factors(rng, n_indicators)
    label = f"{n_lines // 1000}k lines × {n_indicators} ind"
    print(f"{label}: building inputs", flush=True)
    t_table, (table, issues) = best(lambda: FactorTable.from_frame(factors.frame, "bench"), 1)
    assert not issues, issues[:3]
    inventory = make_lines(rng, n_lines, factors)
    t_lines, project = best(lambda: make_project(inventory), 1)

    t_compute, results = best(lambda: lca.compute(project, table, defaults=False), repeats)
    # synthetic quantities: the plausibility warnings ("worth a look") fire, but no line may be rejected
    bad = [i for i in results.issues if i.level == "error"]
    assert not bad, bad[:3]
    assert len(results.lines) == n_lines, (len(results.lines), n_lines)
    t_engine, results = best(lambda: engine_run(project, table), repeats)

    # check that the references compute the same thing: A1-A3 over all lines (no rule touches it)
    F, idx, q = factors.dense, inventory.index, inventory.q
    a13 = np.bincount(idx, weights=q, minlength=N_FACTORS) @ F[:, MODULES.index("A1-A3"), :]
    engine_a13 = results.module_impacts("A1-A3").sum(axis=0)
    assert np.allclose(a13, engine_a13, rtol=1e-9), (a13[:3], engine_a13[:3])

    flat = np.ascontiguousarray(F.reshape(N_FACTORS, -1))

    def numpy_totals() -> np.ndarray:
        return np.bincount(idx, weights=q, minlength=N_FACTORS) @ flat

    def numpy_per_line() -> np.ndarray:
        return F[idx] * q[:, None, None]

    t_np_tot, _ = best(numpy_totals, max(repeats, 5))
    t_np_line, _ = best(numpy_per_line, max(repeats, 5))

    long = factors.frame.loc[
        factors.frame["factor_id"] != TRANSPORT_ID, ["factor_id", "module", "indicator", "value"]
    ]
    long = long.reset_index(drop=True)
    line_frame = pd.DataFrame(
        {"line_id": inventory.lines["line_id"], "factor_id": factors.ids[idx], "quantity": q}
    )

    def pandas_baseline() -> pd.Series:
        merged = line_frame.merge(long, on="factor_id", how="left")
        merged["impact"] = merged["quantity"] * merged["value"]
        return merged.groupby(["module", "indicator"])["impact"].sum()

    t_pandas, by_pandas = best(pandas_baseline, max(1, min(repeats, 2 if n_lines >= 100_000 else 3)))
    assert np.allclose(by_pandas.xs("A1-A3", level="module").reindex(factors.indicators).to_numpy(), a13)

    data_fn = type(results).data.func  # the cached_property's function, to time it more than once
    t_data, data = best(lambda: data_fn(results), max(1, repeats - 1))
    n_rows = len(data)
    del data
    # aggregations alone, on fresh copies (Results caches the per-variant sums)
    t_agg, _ = best(lambda: aggregate(dataclasses.replace(results)), repeats)

    official = targets and n_lines >= 100_000 and n_indicators == 10
    add(Row(f"{label}: FactorTable.from_frame", t_table))
    add(Row(f"{label}: normalise_lines (project set-up)", t_lines))
    add(Row(f"{label}: compute only", t_compute))
    add(Row(f"{label}: aggregations total/by_module/by_lot", t_agg))
    add(
        Row(
            f"{label}: engine (compute + aggregations)",
            t_engine,
            "numpy per-line F[idx]*q",
            t_np_line,
            "engine/numpy",
            t_engine / t_np_line,
            f"<= {TARGET_NUMPY:g}x" if official else "",
            (t_engine / t_np_line <= TARGET_NUMPY) if official else None,
        )
    )
    add(
        Row(
            f"{label}: engine (compute + aggregations)",
            t_engine,
            "numpy totals bincount@F",
            t_np_tot,
            "engine/numpy",
            t_engine / t_np_tot,
        )
    )
    add(
        Row(
            f"{label}: pandas merge/groupby",
            t_pandas,
            "engine",
            t_engine,
            "pandas/engine",
            t_pandas / t_engine,
            f">= {TARGET_PANDAS:g}x" if official else "",
            (t_pandas / t_engine >= TARGET_PANDAS) if official else None,
        )
    )
    add(
        Row(
            f"{label}: Results.data ({n_rows:,} rows)",
            t_data,
            "engine",
            t_engine,
            "data/engine",
            t_data / t_engine,
        )
    )
    if profile:
        profile_engine(project, table, label)


def profile_engine(project: Project, table: FactorTable, label: str) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    engine_run(project, table)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(30)
    print(f"\n===== cProfile of the engine, {label} =====")
    print(out.getvalue())


# ---------------------------------------------------------------------------------- workbook cases


def write_workbook(path: Path, inventory: Inventory) -> None:
    """A project workbook in the lca format: Projet (key/value) and Matériaux sheets (French headers).

    The factors go in a separate CSV (the lca file layout) passed with ``--factors``.
    """
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Projet")
    for row in (
        ["Clé", "Valeur"],
        ["Nom du projet", "Bench"],
        ["Type de bâtiment", "logement collectif"],
        ["Surface de référence", 1500],
        ["Nombre de logements", 20],
        ["Période d'étude", STUDY_PERIOD],
    ):
        sheet.append(row)
    sheet = workbook.create_sheet("Matériaux")
    sheet.append(
        [
            "Repère",
            "Lot",
            "Désignation",
            "Quantité",
            "Unité",
            "ID fiche",
            "Durée de vie",
            "Distance",
            "Mode",
            "Taux de chute",
            "Variante",
            "Remplace",
        ]
    )
    lines = inventory.lines

    def cell(value: Any) -> Any:
        if isinstance(value, float) and np.isnan(value):
            return None
        return value if value != "" else None

    for row in lines.itertuples(index=False):
        sheet.append(
            [
                row.line_id,
                int(row.lot),
                row.element,
                float(row.quantity),
                SPELLING[row.unit],
                row.factor_id,
                cell(row.service_life),
                cell(row.transport_km),
                cell(row.transport_mode),
                float(row.waste_rate) if row.waste_rate else None,
                cell(row.variant),
                cell(row.replaces),
            ]
        )
    workbook.save(path)


def lca_command() -> list[str]:
    script = shutil.which("lca", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "lca.cli"]


def bench_workbook(n_lines: int, repeats: int, folder: Path, targets: bool) -> None:
    rng = np.random.default_rng(SEED + 7 * n_lines)
    factors = make_factors(rng, 10)
    inventory = make_lines(rng, n_lines, factors)
    label = f"workbook {n_lines // 1000}k lines × 10 ind"
    print(f"{label}: writing", flush=True)
    book, csv, out = folder / "bench.xlsx", folder / "factors.csv", folder / "out.json"
    # the lca file layout (canonical units), as `lca factors import-*` writes it
    table, _ = FactorTable.from_frame(factors.frame, "factors.csv")
    table.to_frame().to_csv(csv, index=False)
    write_workbook(book, inventory)
    args = [
        "run",
        str(book),
        "--factors",
        str(csv),
        "--no-default-factors",
        "--format",
        "json",
        "-o",
        str(out),
    ]

    def in_process() -> int:
        with contextlib.redirect_stderr(io.StringIO()) as err:
            code = cli_main(args)
        assert code == 0, f"lca run exited with {code}: {err.getvalue()[-2000:]}"
        return code

    t_run, _ = best(in_process, repeats)
    document = __import__("json").loads(out.read_text(encoding="utf-8"))
    assert [v["lines"]["computed"] for v in document["variants"]][0] > 0
    command = [*lca_command(), *args]

    def as_subprocess() -> None:
        subprocess.run(command, check=True, capture_output=True)

    t_sub, _ = best(as_subprocess, max(1, repeats - 1))
    t_openpyxl, _ = best(lambda: pd.read_excel(book, sheet_name=None, engine="openpyxl"), max(1, repeats - 1))
    t_calamine, _ = best(lambda: pd.read_excel(book, sheet_name=None, engine="calamine"), repeats)
    t_read, _ = best(lambda: lca.read_project(book), repeats)
    t_factors, _ = best(lambda: lca.read_factors(csv), repeats)
    size = book.stat().st_size / 2**20
    add(
        Row(
            f"{label} ({size:.1f} MiB): lca run in-process",
            t_run,
            "pandas read_excel openpyxl",
            t_openpyxl,
            "run/read",
            t_run / t_openpyxl,
            f"< {TARGET_RUN:g}x" if targets else "",
            (t_run / t_openpyxl < TARGET_RUN) if targets else None,
        )
    )
    add(
        Row(
            f"{label}: lca run subprocess",
            t_sub,
            "pandas read_excel openpyxl",
            t_openpyxl,
            "run/read",
            t_sub / t_openpyxl,
        )
    )
    add(
        Row(
            f"{label}: lca.read_project (calamine)",
            t_read,
            "lca run in-process",
            t_run,
            "read/run",
            t_read / t_run,
        )
    )
    add(
        Row(
            f"{label}: lca.read_factors CSV (75k rows)",
            t_factors,
            "lca run in-process",
            t_run,
            "read/run",
            t_factors / t_run,
        )
    )
    add(Row(f"{label}: pandas read_excel calamine", t_calamine))


# ------------------------------------------------------------------------------- peers (issue 12)
PEER_SIZES = (1_000, 10_000, 100_000, 1_000_000)
TARGET_FLOOR = 2.0  # lca (compute + total/by_module/by_lot) / numpy per-line floor <= 2 at 100k × 10
TARGET_MEMORY = 1.5  # peak memory of lca.compute / the floor's array <= 1.5 at 1M × 10
TARGET_STARTUP = 1.5  # lca run (subprocess) / python -c "import numpy, pandas" <= 1.5
TARGET_REPORT = 2.5  # lca compare -o report.xlsx / lca run <= 2.5
#: Fewest runs of each start-up command: a subprocess's time varies by ±10 % on a loaded 2-core machine,
#: and the median of 15 interleaved runs moves far less from one benchmark run to the next than that of 5.
STARTUP_REPEATS = 15


def bench_peers(sizes: Sequence[int], repeats: int, targets: bool) -> None:
    """The peer case: lca, the numpy floor, pandas, Brightway and lcax on the same inventory."""
    for n_lines in sizes:
        label = f"peers {n_lines // 1000}k lines × 10 ind"
        print(f"{label}: building inputs", flush=True)
        case = peers.make_case(n_lines)
        runs = peers.contenders(case, n_lines)
        peers.check(case, runs)
        times = peers.medians(runs, max(repeats, 5))
        floor_bytes = case.F[case.idx].nbytes
        official = targets and n_lines == 100_000
        floor, ours = times["floor"], times["lca"]
        add(
            Row(
                f"{label}: lca compute + total/by_module/by_lot",
                ours,
                "numpy per-line floor",
                floor,
                "lca/floor",
                ours / floor,
                f"<= {TARGET_FLOOR:g}x" if official else "",
                (ours / floor <= TARGET_FLOOR) if official else None,
            )
        )
        for name in ("pandas", "brightway", "lcax"):
            if name not in runs:
                print(f"  {label}: {name} not run (not installed, or too large for it)")
                continue
            target = official and name == "brightway"
            add(
                Row(
                    f"{label}: {name}",
                    times[name],
                    "lca",
                    ours,
                    "peer/lca",
                    times[name] / ours,
                    "> 1x (lca faster)" if target else "",
                    (times[name] > ours) if target else None,
                )
            )
        if n_lines >= 100_000:
            memory = {name: peers.peak_memory(runs[name]) for name in runs if name != "lcax"}
            for name, peak in memory.items():
                official = targets and name == "lca" and n_lines == 1_000_000
                add(
                    Row(
                        f"{label}: peak memory of {name} [MB as ms]",
                        peak / 1e9,  # shown in the ms column: MB
                        "floor's array [MB]",
                        floor_bytes / 1e9,
                        "peak/floor array",
                        peak / floor_bytes,
                        f"<= {TARGET_MEMORY:g}x" if official else "",
                        (peak / floor_bytes <= TARGET_MEMORY) if official else None,
                    )
                )


def bench_startup(repeats: int, folder: Path, targets: bool) -> None:
    """`lca run` and `lca compare -o report.xlsx` on the shipped example as subprocesses, against
    `python -c "import numpy, pandas"`, interleaved (medians)."""
    from lca.datasets import dataset_path

    example = str(dataset_path("examples", "residence_collective.xlsx"))
    lca_cli = lca_command()
    commands = {
        "import numpy, pandas": [sys.executable, "-c", "import numpy, pandas"],
        "lca run": [*lca_cli, "run", example, "--format", "json", "-o", str(folder / "run.json")],
        "lca compare -o report.xlsx": [*lca_cli, "compare", example, "-o", str(folder / "report.xlsx")],
    }

    def runner(command: list[str]) -> Callable[[], None]:
        def run() -> None:
            done = subprocess.run(command, capture_output=True, check=False)
            assert done.returncode in (0, 3), done.stderr[-2000:]  # 3: warnings only

        return run

    runs = {name: runner(command) for name, command in commands.items()}
    for run in runs.values():  # once first: the shipped tables' binary cache is written by the first run
        run()
    times = peers.medians(runs, max(repeats, STARTUP_REPEATS))
    base, run, report = (times[k] for k in commands)
    add(
        Row(
            "example: lca run --format json (subprocess)",
            run,
            "python -c 'import numpy, pandas'",
            base,
            "run/import",
            run / base,
            f"<= {TARGET_STARTUP:g}x" if targets else "",
            (run / base <= TARGET_STARTUP) if targets else None,
        )
    )
    add(
        Row(
            "example: lca compare -o report.xlsx (subprocess)",
            report,
            "lca run",
            run,
            "compare/run",
            report / run,
            f"<= {TARGET_REPORT:g}x" if targets else "",
            (report / run <= TARGET_REPORT) if targets else None,
        )
    )


# ---------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (smoke run)")
    parser.add_argument("--repeats", type=int, default=None, help="repeats per case (best is kept)")
    parser.add_argument("--profile", action="store_true", help="cProfile the engine at the largest size")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=PARTS,
        default=list(PARTS),
        help="parts to run (default: all)",
    )
    parser.add_argument(
        "--peer-sizes", type=int, nargs="+", default=None, help=f"line counts of the peer case {PEER_SIZES}"
    )
    args = parser.parse_args(argv)
    repeats = args.repeats or 3
    sizes = [10_000] if args.quick else [10_000, 100_000]
    workbook_lines = 2_000 if args.quick else 20_000
    peer_sizes = args.peer_sizes or ([1_000, 10_000] if args.quick else list(PEER_SIZES))

    print(
        f"lca {lca.__version__} | {date.today()} | {platform.platform()} "
        f"| {platform.processor() or platform.machine()} "
        f"| {os.cpu_count()} cores | Python {platform.python_version()} | numpy {np.__version__} "
        f"| pandas {pd.__version__} | OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')} "
        f"| repeats {repeats}"
    )
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the start")
    if "peers" in args.only:
        bench_peers(peer_sizes, repeats, not args.quick)
    if "startup" in args.only:
        with tempfile.TemporaryDirectory(prefix="lca-bench-") as tmp:
            bench_startup(repeats, Path(tmp), not args.quick)
    if "engine" in args.only:
        for n_lines in sizes:
            for n_indicators in (1, 10):
                last = n_lines == sizes[-1] and n_indicators == 10
                bench_engine(n_lines, n_indicators, repeats, not args.quick, args.profile and last)
    if "workbook" in args.only:
        with tempfile.TemporaryDirectory(prefix="lca-bench-") as tmp:
            bench_workbook(workbook_lines, repeats, Path(tmp), not args.quick)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end")
    print_table()
    failed = [r.case for r in ROWS if r.passed is False]
    print(f"\n{'FAILED: ' + '; '.join(failed) if failed else 'all targets met'}" if not args.quick else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
