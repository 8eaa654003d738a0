"""``mass_per_unit`` is kg per ONE declared unit (DESIGN §4): importers write it so, conversions read it so.

Issue 9.5: the Sun protection textile of OBD_2020_II (``5662c927…``) is declared as 1.2508 m² at 0.4 kg/m².
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lca import Project, compute
from lca.factors import default_factors
from lca.io.oekobaudat import read_oekobaudat
from lca.model import normalise_lines

TEXTILE = "5662c927-cd47-46e5-b753-925db31b9870"
R410A = "988bb7c3-0a15-4626-a6c0-0883d4ff33dd"


def run(**line: object):
    frame = normalise_lines(pd.DataFrame([{"line_id": "1", "lot": "8", **line}]))
    project = Project(name="t", reference_area=100.0, dwellings=1, study_period=50, lines=frame)
    return compute(project, default_factors(), indicators=["GWP-total"])


def gwp(results, module: str) -> float:
    return float(results.by_module()["GWP-total"].xs("base")[module])


def test_shipped_textile_metadata_is_per_one_square_metre():
    meta = default_factors().meta.loc[TEXTILE]
    assert meta["declared_unit"] == "m**2"
    assert meta["declared_amount"] == pytest.approx(1.250769)
    assert meta["mass_per_unit"] == 0.4  # kg per m², not 0.5003 kg per 1.2508 m²
    assert meta["area_mass"] == 0.4


def test_ten_kilograms_of_sun_protection_textile():
    # 10 kg / 0.4 kg/m² = 25 m² = 19.988 declared amounts; A1-A3 = 19.988 × 4.194 kg CO2e (was 67.02)
    assert gwp(run(quantity=10, unit="kg", factor_id=TEXTILE), "A1-A3") == pytest.approx(83.83, abs=0.005)


def test_transport_of_25_square_metres_over_1000_km_by_road():
    # 25 m² × 0.4 kg/m² = 10 kg = 0.01 t × 1000 km × 0.089686 kg CO2e/tkm (truck) = 0.897 (was 1.122)
    results = run(quantity=25, unit="m2", factor_id=TEXTILE, transport_km=1000, transport_mode="route")
    assert gwp(results, "A4") == pytest.approx(0.897, abs=0.0005)
    assert results.lines["transport_tkm"].iloc[0] == pytest.approx(10.0)


def test_r410a_source_error_is_corrected_in_the_shipped_table():
    meta = default_factors().meta.loc[R410A]
    assert meta["declared_amount"] == 1.0
    assert "corrected from 1e-06 to 1" in meta["note"]
    # 1 kg of R410a: 8.063 kg CO2e (was 8.06e6)
    assert gwp(run(quantity=1, unit="kg", factor_id=R410A), "A1-A3") == pytest.approx(8.0632, abs=1e-4)


HEADER = (
    "UUID;Version;Name (en);Kategorie (en);Typ;Bezugsgroesse;Bezugseinheit;Rohdichte (kg/m3);"
    "Flaechengewicht (kg/m2);Stueckgewicht (kg);Umrechungsfaktor auf 1kg;biogener Kohlenstoffgehalt in kg;"
    "Modul;GWP"
)


def test_importer_writes_mass_per_one_declared_unit(tmp_path: Path):
    path = tmp_path / "OBD_2099_I.csv"
    path.write_text(
        "\n".join(
            [
                HEADER,
                # 2 m³ at 500 kg/m³ (the export's conversion factor: 1000 kg for the declared amount)
                "vol;1;Block;Metals;generic dataset;2;m3;500;;;1000;;A1-A3;2000",
                # 2.5 m² at 4 kg/m², 5 kg C of biogenic carbon in the 2.5 m²
                "area;1;Board;Metals;generic dataset;2,5;m2;;4;;;5;A1-A3;25",
                # 4 pieces of 3 kg
                "piece;1;Bracket;Metals;generic dataset;4;pcs.;;;3;;;A1-A3;24",
                # 1 t
                "mass;1;Steel;Metals;generic dataset;1;t;;;;;;A1-A3;2000",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    table, issues = read_oekobaudat(path)
    meta = table.drop_duplicates("factor_id").set_index("factor_id")
    assert meta["mass_per_unit"].to_dict() == {"vol": 500.0, "area": 4.0, "piece": 3.0, "mass": 1000.0}
    assert meta["declared_amount"].to_dict() == {"vol": 2.0, "area": 2.5, "piece": 4.0, "mass": 1.0}
    assert meta.at["area", "biogenic_carbon"] == 2.0  # kg C per m², like mass_per_unit
    # the conversion factor (mass of the declared amount) was checked against 2 × 500 kg: no warning
    assert [i for i in issues if i.level != "info"] == []


def test_ilcd_importer_writes_mass_per_one_declared_unit(tmp_path: Path):
    from lca.factors import FactorTable
    from lca.io.ilcd import read_ilcd
    from tests.io.ilcd_factory import Epd, write_folder

    # 2 m² declared, Mass flow property 0.4 kg per m², A1-A3 4.2 kg CO2e per 2 m²
    table, _ = read_ilcd(write_folder(tmp_path / "ilcd", Epd(amount="2", gwp={"A1-A3": "4.2"})))
    row = table.iloc[0]
    assert (row["declared_amount"], row["mass_per_unit"], row["area_mass"]) == (2.0, 0.4, 0.4)
    factors, issues = FactorTable.from_frame(table, "ilcd")
    frame = normalise_lines(
        pd.DataFrame([{"line_id": "1", "quantity": 10, "unit": "kg", "factor_id": row["factor_id"]}])
    )
    project = Project(name="t", reference_area=100.0, dwellings=1, study_period=50, lines=frame)
    results = compute(project, factors, defaults=False, indicators=["GWP-total"])
    # 10 kg = 25 m² = 12.5 declared amounts × 4.2 = 52.5 kg CO2e
    assert gwp(results, "A1-A3") == pytest.approx(52.5)
