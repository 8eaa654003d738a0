"""Build the shipped ÖKOBAUDAT factor tables from the official CSV exports.

Usage::

    python scripts/build_factor_tables.py ../shared/data/oekobaudat [-o datasets/factors]

Writes ``oekobaudat_2020_II_generic.csv.gz``, ``oekobaudat_2024_I_generic_A1-A3.csv.gz`` and
``transport.csv``; what each holds and why is in ``datasets/README.md``. Only ``generic dataset``
rows are shipped (the data README's rule: EPD rows belong to their declaration owners).
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import pandas as pd

from lca.io.oekobaudat import read_oekobaudat, write_factor_table

log = logging.getLogger("build_factor_tables")

ROOT = Path(__file__).resolve().parents[1]

#: The ÖKOBAUDAT 2020-II transport datasets shipped in transport.csv, one per mode (README says why).
TRANSPORT_2020_II: dict[str, str] = {
    "road": "f54f1e4c-07e2-4045-9f1b-fb28ef8adf13",  # LKW / Truck
    "rail": "d00d22e6-4e00-4522-bf0d-6da954e9c0fa",  # Bahntransport / Rail transport
    "inland_ship": "313e549a-2f91-4f34-8314-02a4b59cbe60",  # Binnenschiff (Berg-Tal Durchschnitt) / Barge
    "sea_ship": "ac373f25-b524-430b-897a-bfb2cdf027bf",  # Containerschiff / Container ship
}

#: A1-A3 biogenic uptake above this share of GWP-fossil marks a bio-based product. [-]
BIOBASED_SHARE = 0.05


def _drop_hour_units(table: pd.DataFrame) -> pd.DataFrame:
    """Leave out datasets declared per 'a' whose amounts are hours (pumps, lifts): ambiguous unit."""
    ambiguous = table["declared_unit"] == "a"
    names = sorted(table.loc[ambiguous, "name"].unique())
    log.info("left out %d datasets declared per 'a' (hours of operation): %s", len(names), names)
    return table[~ambiguous]


def build_2020(source: Path) -> pd.DataFrame:
    """Generic rows of OBD_2020_II, every module. [values per declared unit]"""
    table, issues = read_oekobaudat(source, types=["generic dataset"], release="OBD_2020_II")
    _log_issues(issues)
    return _drop_hour_units(table)


def build_2024(source: Path) -> pd.DataFrame:
    """Generic rows of the OBD_2024_I copy (first module only), bio-based products left out."""
    table, issues = read_oekobaudat(source, types=["generic dataset"], release="OBD_2024_I")
    _log_issues(issues)
    table = _drop_hour_units(table)
    table = table[~table["factor_id"].isin(_biobased(table))]
    modules = table.groupby("factor_id")["module"].agg(lambda m: ", ".join(sorted(set(m))))
    note = (
        table["factor_id"]
        .map(modules)
        .map(
            lambda m: (
                f"only module {m} is available in this copy of OBD_2024_I; the other modules of this "
                "dataset (C1-C4, D...) are missing, not zero"
            )
        )
    )
    table = table.assign(note=[_join(n, old) for n, old in zip(note, table["note"], strict=True)])
    return table


def _biobased(table: pd.DataFrame) -> list[str]:
    """Datasets whose A1-A3 stores biogenic carbon that only C3/C4 would release (README: never ship
    A1-A3 alone for bio-based products)."""
    a13 = table[table["module"] == "A1-A3"].pivot_table(
        index="factor_id", columns="indicator", values="value", aggfunc="first"
    )
    biogenic = a13.get("GWP-biogenic", pd.Series(dtype=float))
    fossil = a13.get("GWP-fossil", pd.Series(dtype=float)).abs()
    ids = a13.index[(biogenic < 0) & (biogenic.abs() > BIOBASED_SHARE * fossil)]
    names = sorted(table.loc[table["factor_id"].isin(ids), "name"].unique())
    log.info("left out %d bio-based datasets without C modules: %s", len(names), names)
    return list(ids)


def build_transport(table_2020: pd.DataFrame) -> pd.DataFrame:
    """One 2020-II transport dataset per mode, values per t·km under module A4."""
    modes = {uuid: mode for mode, uuid in TRANSPORT_2020_II.items()}
    table = table_2020[table_2020["factor_id"].isin(modes)].copy()
    missing = set(modes) - set(table["factor_id"])
    if missing:
        raise SystemExit(f"transport datasets not found in OBD_2020_II: {sorted(missing)}")
    if set(table["declared_unit"]) != {"tkm"} or set(table["declared_amount"]) != {1.0}:
        raise SystemExit("transport datasets are expected per 1 tkm")
    source_module = table["module"]
    table["transport_mode"] = table["factor_id"].map(modes)
    table["module"] = "A4"
    table["note"] = [
        _join(f"source module {m}: ÖKOBAUDAT declares the transport process per t·km (1000 kg·km)", old)
        for m, old in zip(source_module, table["note"], strict=True)
    ]
    return table.sort_values(["transport_mode", "indicator"], kind="stable")


def _join(*notes: object) -> str:
    return "; ".join(str(n) for n in notes if isinstance(n, str) and n)


def _log_issues(issues: list) -> None:
    for issue in issues:
        if issue.level != "info":
            log.warning("%s", issue)


def check_timber(table: pd.DataFrame) -> pd.DataFrame:
    """GWP-total A1-A3 and C3/C4 of every dataset with negative A1-A3 (bio-based): they must balance."""
    gwp = table[table["indicator"] == "GWP-total"].pivot_table(
        index=["factor_id", "name"], columns="module", values="value", aggfunc="first"
    )
    negative = gwp[gwp["A1-A3"] < 0]
    return negative[[m for m in ("A1-A3", "C3", "C4", "D") if m in negative.columns]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path, help="folder holding OBD_2020_II.csv and OBD_2024_I_*.csv")
    parser.add_argument("-o", "--out", type=Path, default=ROOT / "datasets" / "factors")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")

    t2020 = build_2020(args.source / "OBD_2020_II.csv")
    t2024 = build_2024(args.source / "OBD_2024_I_generic_A1-A3.csv")
    transport = build_transport(t2020)
    outputs = {
        "oekobaudat_2020_II_generic.csv.gz": t2020,
        "oekobaudat_2024_I_generic_A1-A3.csv.gz": t2024,
        "transport.csv": transport,
    }
    for name, table in outputs.items():
        path = write_factor_table(table, args.out / name)
        print(
            f"{path}: {len(table)} rows, {table['factor_id'].nunique()} factors, {path.stat().st_size} bytes"
        )
    with pd.option_context("display.width", 200, "display.max_rows", 200):
        print("bio-based check (GWP-total [kg CO2e per declared unit]), OBD_2020_II generic:")
        print(check_timber(t2020).round(2).to_string())
        gwp = transport[transport["indicator"] == "GWP-total"]
        print(gwp[["transport_mode", "factor_id", "name", "value"]].to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
