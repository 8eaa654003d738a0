"""Small builders shared by the tests: workbooks written with openpyxl, a hand-made factor table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from lca.factors import FactorTable

NAN = np.nan


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """Write ``{sheet name: rows}`` as a real .xlsx file."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


#: A hand-made factor table with round numbers, so that every expected result can be computed by hand.
#: Per declared unit; GWP-total and GWP-fossil.
HAND_FACTORS = [
    # factor_id, declared_unit, props, {module: GWP-total}, fossil share
    (
        "conc",
        "m3",
        {"density": 2400},
        {"A1-A3": 200, "A4": 5, "A5": 2, "C1": 1, "C2": 2, "C3": 3, "C4": 4, "D": -10},
    ),
    ("win", "u", {"service_life": 25, "mass_per_unit": 30}, {"A1-A3": 100, "C4": 10, "D": -5}),
    ("ins", "m2", {"service_life": 30, "area_mass": 3}, {"A1-A3": 4}),
    ("truck", "t*km", {"transport_mode": "road"}, {"A4": 0.1}),
    ("elec", "kWh", {"carrier": "electricity", "use": "all"}, {"B6": 0.06}),
    ("gas", "MJ", {"carrier": "natural_gas", "use": "all"}, {"A1-A3": 0.05}),
    ("water", "m3", {"carrier": "water"}, {"A1-A3": 0.5}),
]


def hand_factor_frame() -> pd.DataFrame:
    """The hand-made table in the long file layout; GWP-fossil = 0.9 × GWP-total."""
    rows = []
    for fid, unit, props, modules in HAND_FACTORS:
        for module, value in modules.items():
            for indicator, share in (("GWP-total", 1.0), ("GWP-fossil", 0.9)):
                rows.append(
                    {
                        "factor_id": fid,
                        "module": module,
                        "indicator": indicator,
                        "value": value * share,
                        "declared_unit": unit,
                        **props,
                    }
                )
    return pd.DataFrame(rows)


def hand_factors() -> FactorTable:
    """The hand-made table as a FactorTable."""
    table, issues = FactorTable.from_frame(hand_factor_frame(), "hand")
    assert not issues, issues
    return table
