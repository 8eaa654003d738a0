"""Derive the plausible GWP-per-kg range of each factor category from the shipped generic data.

Usage::

    python scripts/build_plausibility.py [--tables datasets/factors] [--raw ../shared/data/oekobaudat]

Reads the shipped ÖKOBAUDAT tables (``oekobaudat_2020_II_generic.csv.gz`` and
``oekobaudat_2024_I_generic_A1-A3.csv.gz``, as rebuilt by ``build_factor_tables.py``) and writes
``plausibility_gwp_per_kg.csv``. Method, per category at the first and the second level of the
ÖKOBAUDAT classification:

* the A1-A3 GWP-total per kg of every generic dataset of both releases whose mass is known
  (``value / (declared_amount × mass_per_unit)``);
* the range is the observed minimum and maximum widened tenfold on each side (``WIDENING``): a
  positive minimum is divided by 10, a positive maximum multiplied by 10; a minimum ≤ 0 becomes
  the physical floor −44/12 kg CO2e/kg (``BIOGENIC_FLOOR``); a maximum ≤ 0 becomes 1 kg CO2e/kg;
* second-level categories need at least ``MIN_DATASETS`` datasets (else the first level serves);
  categories that are not materials (``NOT_MATERIALS``) get no range.

With ``--raw`` the German category names of the OBD_2020_II export are added (``category_de``), so
that ILCD datasets classified in German find their range.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from lca.plausibility import BIOGENIC_FLOOR, WIDENING, gwp_per_kg

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("oekobaudat_2020_II_generic.csv.gz", "oekobaudat_2024_I_generic_A1-A3.csv.gz")
#: Fewest datasets for a second-level category to get its own range.
MIN_DATASETS = 3
#: First-level categories that are not materials (energy, transport, end of life, internal).
NOT_MATERIALS = ("Others", "End of Life", "Sonstige")


def _level(category: pd.Series, depth: int) -> pd.Series:
    parts = category.fillna("").str.split(" / ")
    return parts.map(lambda p: " / ".join(x.strip() for x in p[:depth]) if len(p) >= depth else "")


def derive(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per category with its observed and plausible GWP-total per kg. [kg CO2e/kg]"""
    frames = []
    for table in tables:
        per_kg = gwp_per_kg(table).rename("per_kg")
        meta = table.drop_duplicates("factor_id").set_index("factor_id")[["category", "release"]]
        frames.append(pd.concat([per_kg, meta.reindex(per_kg.index)], axis=1))
    data = pd.concat(frames).dropna(subset=["per_kg"])
    data = data[~_level(data["category"], 1).isin(NOT_MATERIALS)]
    rows = []
    for depth in (1, 2):
        for name, group in data.groupby(_level(data["category"], depth)):
            if not name or (depth == 2 and len(group) < MIN_DATASETS):
                continue
            low, high = group["per_kg"].min(), group["per_kg"].max()
            releases = ", ".join(sorted(group["release"].dropna().unique()))
            rows.append(
                {
                    "category": name,
                    "level": depth,
                    "datasets": len(group),
                    "observed_min": low,
                    "observed_median": group["per_kg"].median(),
                    "observed_max": high,
                    "low": low / WIDENING if low > 0 else BIOGENIC_FLOOR,
                    "high": high * WIDENING if high > 0 else 1.0,
                    "source": (
                        f"derived from the A1-A3 GWP-total per kg of the {len(group)} generic ÖKOBAUDAT "
                        f"datasets ({releases}) of this category with a known mass, observed range widened "
                        "tenfold (scripts/build_plausibility.py)"
                    ),
                }
            )
    out = pd.DataFrame(rows).sort_values(["category", "level"], kind="stable")
    for column in ("observed_min", "observed_median", "observed_max", "low", "high"):
        out[column] = out[column].map(lambda v: float(f"{v:.4g}"))
    return out.reset_index(drop=True)


def german_names(export: Path) -> dict[str, str]:
    """English -> German category names (first and second level) of an ÖKOBAUDAT export."""
    data = export.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    out: dict[str, str] = {}
    for row in reader:
        english = [p.strip(" '") for p in (row.get("Kategorie (en)") or "").split(" / ")]
        german = [p.strip(" '") for p in (row.get("Kategorie (original)") or "").split(" / ")]
        if len(english) != len(german):
            continue
        for depth in (1, 2):
            if len(english) >= depth:
                out.setdefault(" / ".join(english[:depth]), " / ".join(german[:depth]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tables", type=Path, default=ROOT / "datasets" / "factors")
    parser.add_argument("--raw", type=Path, help="folder holding OBD_2020_II.csv (for German names)")
    parser.add_argument("-o", "--out", type=Path, default=ROOT / "datasets" / "factors")
    args = parser.parse_args(argv)
    tables = [pd.read_csv(args.tables / name, low_memory=False) for name in TABLES]
    bands = derive(tables)
    german = german_names(args.raw / "OBD_2020_II.csv") if args.raw else {}
    bands.insert(1, "category_de", bands["category"].map(german).replace({np.nan: ""}))
    path = args.out / "plausibility_gwp_per_kg.csv"
    bands.to_csv(path, index=False, lineterminator="\n")
    print(f"{path}: {len(bands)} categories")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
