"""Write the example project workbooks of ``datasets/examples/`` from their tables in ``scripts/examples/``.

Usage: ``python scripts/build_examples.py``

* ``maison_individuelle.xlsx`` — a small single-family house (100 m² SHAB, two variants). Its Facteurs
  sheet carries the ÖKOBAUDAT OBD_2020_II generic values of the factors it uses, taken from the
  shipped table ``datasets/factors/oekobaudat_2020_II_generic.csv.gz`` (UUID, version, URL on every
  row), so that it computes with no other data.
* ``residence_collective.xlsx`` — a French collective social-housing building, 24 dwellings on
  5 levels (R+4), 1,560 m² SHAB, inventoried by the 13 RE2020 lots from the ratios stated in each
  line's ``hypothèse`` column, with three variants. It uses shipped factor ids only.

Each example is a folder of CSV tables, one row per line as the workbook shows it: ``project.csv``
(key, value), ``materials.csv``, ``energy.csv``, ``variants.csv``. Their ``factor`` column names a
factor of ``scripts/examples/factor_ids.csv`` (ÖKOBAUDAT OBD_2020_II generic dataset: UUID and German
name). The quantities are **illustrative**: they follow the usual design ratios stated in the
``hypothèse`` column, not a real building. The factors are real (ÖKOBAUDAT generic datasets; RE2020
conventional energy factors).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from lca.factors import FactorTable, load_table
from lca.indicators import INDICATORS, MODULES
from lca.io.template import write_workbook
from lca.units import pretty_unit

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "scripts" / "examples"
OUT = ROOT / "datasets" / "examples"
#: Example -> whether its Facteurs sheet carries the values of the factors it uses.
EXAMPLES = {"maison_individuelle": True, "residence_collective": False}
#: Columns of the line tables read as numbers (every other column is text).
NUMBERS = ("quantity", "service_life", "transport_km", "waste_rate")
#: The factors of the Facteurs sheet come from this shipped table.
FACTOR_TABLE = "oekobaudat_2020_II_generic.csv.gz"
_INTEGER = re.compile(r"-?\d+")


def _number(text: str) -> int | float | None:
    """``""`` -> None, ``"12"`` -> 12, ``"12.5"`` -> 12.5 (exactly the value written)."""
    if text == "":
        return None
    return int(text) if _INTEGER.fullmatch(text) else float(text)


def _value(text: str) -> Any:
    """A Projet value: a number, a boolean written True/False, or text."""
    if text in ("True", "False"):
        return text == "True"
    try:
        return _number(text)
    except ValueError:
        return text


def read_lines(path: Path, factor_ids: dict[str, str]) -> pd.DataFrame:
    """A line table: numbers in :data:`NUMBERS`, text elsewhere, ``factor`` replaced by its ``factor_id``."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in NUMBERS:
        if column in frame:
            frame[column] = pd.Series([_number(v) for v in frame[column]], index=frame.index)
    unknown = sorted(set(frame["factor"]) - set(factor_ids) - {""})
    if unknown:
        raise SystemExit(
            f"{path}: unknown factor {', '.join(unknown)}; add it to {SOURCE / 'factor_ids.csv'}"
        )
    frame.insert(frame.columns.get_loc("factor"), "factor_id", frame["factor"].map(factor_ids.get))
    return frame.drop(columns="factor")


def fdes_layout(table: FactorTable) -> pd.DataFrame:
    """The factors as pasted from an FDES: one row per factor and indicator, one column per module,
    then the conversions and the provenance (DESIGN §3, Facteurs, wide layout)."""
    values = table.values.pivot(index=["factor_id", "indicator"], columns="module", values="value")
    values = values.reindex(columns=[m for m in MODULES if m in values.columns])
    values = values.reset_index()
    values["_order"] = values["indicator"].map({k: i for i, k in enumerate(INDICATORS)})
    values = values.sort_values(["factor_id", "_order"]).drop(columns="_order")
    columns = ["name", "declared_unit", "declared_amount", "density", "area_mass", "linear_mass",
               "mass_per_unit", "thickness", "data_type", "standard", "source", "source_id", "version",
               "release", "data_owner", "valid_until", "url", "licence"]  # fmt: skip
    meta = table.meta[columns]
    meta = meta.assign(declared_unit=[pretty_unit(u) for u in meta["declared_unit"]])
    wide = values.merge(meta, left_on="factor_id", right_index=True)
    head = ["factor_id", "name", "indicator", "declared_unit", "declared_amount"]
    return wide[head + [c for c in wide.columns if c not in head]]


def example(name: str, with_factors: bool) -> dict[str, Any]:
    """The keyword arguments of :func:`lca.io.template.write_workbook` for one example folder."""
    folder = SOURCE / name
    ids = pd.read_csv(SOURCE / "factor_ids.csv", dtype=str).set_index("factor")["factor_id"].to_dict()
    project = pd.read_csv(folder / "project.csv", dtype=str, keep_default_na=False)
    materials = read_lines(folder / "materials.csv", ids)
    energy = read_lines(folder / "energy.csv", ids)
    factors = None
    if with_factors:
        used = sorted(set(materials["factor_id"].dropna()) | set(energy["factor_id"].dropna()))
        factors = fdes_layout(load_table(FACTOR_TABLE).select(used))
    return {
        "project": {key: _value(value) for key, value in zip(project["key"], project["value"], strict=True)},
        "materials": materials,
        "energy": energy,
        "factors": factors,
        "variants": pd.read_csv(folder / "variants.csv", dtype=str, keep_default_na=False),
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, with_factors in EXAMPLES.items():
        write_workbook(OUT / f"{name}.xlsx", lang="fr", **example(name, with_factors))
        print(f"wrote {OUT / name}.xlsx")


if __name__ == "__main__":
    main()
