"""lca.plausibility: category ranges of GWP per kg, the power-of-ten hint and the source corrections."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lca.plausibility import (
    BIOGENIC_FLOOR,
    band,
    bands,
    check_gwp_per_kg,
    correction,
    gwp_per_kg,
    gwp_per_kg_range,
    power_of_ten_slip,
    source_corrections,
)

R410A = "988bb7c3-0a15-4626-a6c0-0883d4ff33dd"


def test_range_of_a_second_level_category():
    # Metals / Aluminium: 8 generic datasets, 10.46 to 11.39 kg CO2e/kg, widened tenfold
    assert gwp_per_kg_range("Metals / Aluminium") == (1.046, 113.9)


def test_deeper_levels_quotes_case_and_german_names_find_the_same_range():
    expected = gwp_per_kg_range("Mineral building products / Mortar and Concrete")
    assert expected == (0.008477, 49.84)
    assert gwp_per_kg_range("'Mineral building products' / 'Mortar and Concrete' / 'Ready mix'") == expected
    assert gwp_per_kg_range("mineral BUILDING products/mortar and concrete") == expected
    assert gwp_per_kg_range("Mineralische Baustoffe / Mörtel und Beton / Transportbeton") == expected


def test_sparse_second_level_falls_back_to_the_first_level():
    # Metals / Lead has 1 dataset (< 3): the Metals range serves
    assert band("Metals / Lead").category == "Metals"
    assert gwp_per_kg_range("Metals / Lead") == gwp_per_kg_range("Metals")


def test_bio_based_category_floor_and_ceiling():
    # solid wood stores carbon (observed -1.483 to -1.146): floor -44/12, ceiling 1 kg CO2e/kg
    assert gwp_per_kg_range("Wood / Solid wood") == (-3.667, 1.0)
    assert math.isclose(BIOGENIC_FLOOR, -3.6667, rel_tol=1e-4)


@pytest.mark.parametrize(
    "category",
    ["Others / Energy carrier - delivery free user", "End of Life / Generic", "Unknown", "", None, 3.0],
)
def test_no_range_for_non_materials_and_unknown_categories(category):
    assert gwp_per_kg_range(category) is None


def test_every_range_has_a_source_and_holds_its_observations():
    table = bands()
    assert table["source"].str.contains("generic ÖKOBAUDAT").all()
    assert (table["low"] < table["high"]).all()
    assert (table["low"] <= table["observed_min"]).all() and (table["observed_max"] <= table["high"]).all()
    assert (table["low"] >= BIOGENIC_FLOOR - 1e-3).all()


def _factor(fid: str, value: float, amount: float, mass: float, category: str) -> dict:
    return {
        "factor_id": fid,
        "module": "A1-A3",
        "indicator": "GWP-total",
        "value": value,
        "declared_amount": amount,
        "mass_per_unit": mass,
        "category": category,
    }


def test_gwp_per_kg_uses_the_mass_of_the_declared_amount():
    table = pd.DataFrame(
        [
            _factor("textile", 5.3, 1.2508, 0.4, "Coverings"),  # 1.2508 m² at 0.4 kg/m²
            _factor("no-mass", 5.0, 1.0, float("nan"), "Metals"),
        ]
    )
    per_kg = gwp_per_kg(table)
    assert per_kg["textile"] == pytest.approx(5.3 / (1.2508 * 0.4))
    assert math.isnan(per_kg["no-mass"])


def test_r410a_declared_per_1e_6_kg_is_flagged_as_six_powers_of_ten_off():
    cat = "Building service engineering / Air conditioning and ventilation / Refrigerants"
    table = pd.DataFrame(
        [
            _factor(R410A, 8.06324206355733, 1e-6, 1.0, cat),  # as shipped in OBD_2020_II
            _factor("fine", 8.06324206355733, 1.0, 1.0, cat),
            _factor("unchecked", 1e9, 1.0, 1.0, "Others / Transport"),
        ]
    )
    (finding,) = check_gwp_per_kg(table)
    assert finding.factor_id == R410A
    assert finding.per_kg == pytest.approx(8.06324206355733e6)
    assert finding.slip == 6
    assert finding.message == (
        "A1-A3 GWP-total is 8.063e+06 kg CO2e per kg of material, outside the plausible range 0.0557 to "
        "117 kg CO2e/kg of category 'Building service engineering / Air conditioning and ventilation'; "
        "divided by 10^6 it would be 8.063: the declared amount, its unit or its mass may be a factor "
        "10^6 off; check the dataset before use"
    )


def test_no_slip_suggested_for_a_negative_value_or_a_value_no_shift_can_fix():
    wood = band("Wood / Solid wood")
    assert power_of_ten_slip(-50.0, wood) is None
    alu = band("Metals / Aluminium")
    assert power_of_ten_slip(10.9e3, alu) == 3
    assert power_of_ten_slip(float("inf"), alu) is None


def test_documented_correction_of_r410a():
    table = source_corrections()
    row = table.set_index("source_id").loc[R410A]
    assert (row["column"], row["found"], row["corrected"]) == ("declared_amount", 1e-6, 1.0)
    assert "2087.5" in row["evidence"]
    assert correction(R410A.upper(), "20.19.120", "declared_amount", 1.00000000002876e-06) is not None
    # another version, or the value already right: no correction
    assert correction(R410A, "20.24.070", "declared_amount", 1e-6) is None
    assert correction(R410A, "20.19.120", "declared_amount", 1.0) is None


@given(st.text(max_size=80))
def test_any_category_text_gives_a_range_or_none(text):
    found = gwp_per_kg_range(text)
    assert found is None or (found[0] < found[1] and all(math.isfinite(v) for v in found))


def test_ilcd_import_corrects_r410a_and_warns_on_a_power_of_ten_slip(tmp_path):
    from lca.io.ilcd import read_ilcd
    from tests.io.ilcd_factory import Epd, write_folder

    refrigerants = [("0", "Gebäudetechnik"), ("1", "Klimatisierung und Lüftung"), ("2", "Kältemittel")]
    r410a = Epd(uuid=R410A, version="20.19.120", unit="kg", amount="1e-6", classes=refrigerants,
                gwp={"A1-A3": "8.06324206355733"})  # fmt: skip
    slip = Epd(uuid="5e5e5e5e-0000-4000-8000-0000000000a1", unit="kg", amount="0.001",
               classes=[("0", "Metals"), ("1", "Aluminium")], gwp={"A1-A3": "10.9"})  # fmt: skip
    folder = write_folder(tmp_path / "ilcd", r410a, slip)
    table, issues = read_ilcd(folder)
    meta = table.drop_duplicates("factor_id").set_index("factor_id")
    assert meta.at[R410A, "declared_amount"] == 1.0
    assert meta.at[R410A, "note"].startswith(
        "declared amount corrected from 1e-06 to 1: documented source error"
    )
    assert meta.at[slip.uuid, "declared_amount"] == 0.001  # not documented: kept, reported
    found = {(i.level, i.file): i.message for i in issues if i.level != "info" or "corrected" in i.message}
    corrected = f"dataset {R410A}: declared amount 1e-06 corrected to 1, a documented source error "
    corrected += "(datasets/factors/source_corrections.csv)"
    implausible = (
        f"dataset {slip.uuid}: A1-A3 GWP-total is 1.09e+04 kg CO2e per kg of material, outside the plausible "
        "range 1.05 to 114 kg CO2e/kg of category 'Metals / Aluminium'; divided by 10^3 it would be 10.9: "
        "the declared amount, its unit or its mass may be a factor 10^3 off; check the dataset before use"
    )
    assert found == {
        ("info", str(folder / f"processes/{R410A}.xml")): corrected,
        ("warning", str(folder / f"processes/{slip.uuid}.xml")): implausible,
    }


@given(st.text(max_size=40))
def test_a_category_key_keeps_the_letters_and_digits_without_accents_or_case(text):
    import unicodedata

    from lca.plausibility import _key

    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    assert _key(text) == "".join(ch for ch in kept.lower() if ch.isalnum())
    assert _key("Béton / « Prêt-à-l'emploi »") == "betonpretalemploi"


def test_the_category_index_holds_every_range_of_the_table_as_pandas_reads_it():
    from lca.plausibility import Band, _index, _levels, bands

    expected: dict[tuple[str, ...], Band] = {}
    for row in bands().to_dict("records"):
        band = Band(row["category"], row["low"], row["high"], row["observed_median"], row["source"])
        for name in (row["category"], row["category_de"]):
            if isinstance(name, str) and name:
                expected.setdefault(tuple(_levels(name)), band)
    assert _index() == expected
    assert len(expected) > 80  # first and second levels, English and German
