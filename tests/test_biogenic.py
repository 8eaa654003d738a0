"""Biogenic carbon: EN 16449 on literal cases, the wood mapping, "not available" instead of 0, StockC."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lca import InputError, Project, compute
from lca.biogenic import (
    CO2_PER_C,
    DEFAULT_MOISTURE,
    ESTIMATED,
    factor_carbon,
    wood_carbon,
    wood_co2,
    wood_mapping,
)
from lca.compare import biogenic_carbon
from lca.factors import FactorTable, default_factors, load_table, stack
from lca.methods.re2020 import apply_re2020, format_re2020
from lca.model import Variant, normalise_lines
from lca.plots import plot_biogenic
from tests.helpers import hand_factor_frame, hand_factors

SPRUCE_2020 = "3057d7c0-7bee-4ba2-9edf-517d4cd97a14"  # "Timber spruce (12% moisture …)", 481.6 kg/m³
KVH_2020 = "703eec32-59af-47e1-9c91-4a32afe3187f"  # "Solid construction timber (15% moisture …)", 529
PARQUET_2020 = "88619ce6-c0aa-43bd-9ac6-477b5d6ce442"  # "Strip parquet (thickness 0.015 m)", 11.5 kg/m²
FRAME_2020 = "4127e60a-3c42-4076-83f5-5232b4ed642e"  # "Window frame (spruce)", 2.11 kg/m
CEMENT_BOARD_2020 = "a0d69f94-040e-44b1-a88b-bbaeeb0aae2a"  # "Cement bound particle board"
CELLULOSE_2020 = "c355d75b-9026-4899-a41c-e5d221c424f2"  # "Cellulose fibre blowing insulation material"
CHIPBOARD_2020 = "60e8b384-adf2-4c3b-b3da-e407df106cf5"  # "Chipboard (average)": no density
AIR_2020 = "41c5627a-4a1d-4e12-ac62-c1d4f1560fb9"  # "eLCA Luftschicht": declares 0 kg C


# ------------------------------------------------------------------------------------- EN 16449
def test_en16449_worked_examples():
    # reference-values.md §2.1: 1 m³ spruce at ρ12 = 470 kg/m³ → 470/1.12 × 0.5 × 44/12
    assert round(wood_co2(1.0, 470.0, moisture=12.0), 1) == 769.3
    assert wood_co2(1.0, 470.0) == pytest.approx(769.3452380952381, rel=1e-12)  # 12 % is the default
    # oven-dry density 420 kg/m³ (ω = 0): 420 × 0.5 × 44/12 = 770 (SIA 265.576 / EN 16449 figure)
    assert wood_co2(1.0, 420.0, moisture=0.0) == pytest.approx(770.0, rel=1e-12)
    # dry basis: divide by (1 + ω/100), not multiply by (1 − ω/100), which would give 758.3
    assert wood_co2(1.0, 470.0) != pytest.approx(758.3, abs=0.5)
    assert wood_carbon(112.0, 12.0) == pytest.approx(50.0, rel=1e-12)  # 112 kg at 12 % = 100 kg dry
    assert wood_carbon(100.0, 0.0, wood_fraction=0.8) == pytest.approx(40.0, rel=1e-12)
    assert CO2_PER_C == 44 / 12 and DEFAULT_MOISTURE == 12.0


@pytest.mark.parametrize("moisture", [-1.0, np.nan, np.inf])
def test_moisture_must_be_a_finite_percentage(moisture):
    with pytest.raises(InputError, match="moisture content must be a finite percentage ≥ 0"):
        wood_carbon(10.0, moisture)


# ------------------------------------------------------------------------------------- the mapping
def test_shipped_wood_factors_are_estimated_from_their_own_density():
    meta = default_factors().meta
    ids = [SPRUCE_2020, KVH_2020, PARQUET_2020, FRAME_2020, CEMENT_BOARD_2020, CELLULOSE_2020, CHIPBOARD_2020]
    carbon, basis = factor_carbon(meta.loc[ids + [AIR_2020]])
    assert carbon[:4] == pytest.approx([215.0, 230.0, 11.5 / 1.12 / 2, 2.11 / 1.12 / 2], rel=1e-12)
    # 481.6 kg/m³ at 12 % → 430 kg/m³ dry (the mean oven-dry spruce density of reference-values §2.2)
    assert carbon[0] * CO2_PER_C == pytest.approx(788.3333333333334, rel=1e-12)
    assert list(basis) == [ESTIMATED] * 4 + [""] * 3 + ["declared"]
    assert np.isnan(carbon[4:7]).all()  # cement-bonded, paper-based, no density: not available
    assert carbon[7] == 0.0  # declared 0 stays 0


def test_mapping_covers_every_wood_category_and_says_why_not():
    mapping = wood_mapping()
    listed = set(mapping.loc[mapping["match"] == "category", "key"])
    shipped = set(load_table("oekobaudat_2020_II_generic.csv.gz").meta["category"].dropna())
    assert {c for c in shipped if c.startswith("Wood /")} <= listed
    excluded = mapping.loc[mapping["wood_fraction"].isna()]
    assert excluded["note"].str.startswith("not estimated:").all()
    kvh = mapping.set_index("key").loc[KVH_2020]
    assert (kvh["moisture"], kvh["density_basis"]) == (15.0, "at_moisture")


# ------------------------------------------------------------------------------------- engine and compare
def spruce_table(**props: object) -> FactorTable:
    """Hand factors plus ``spruce`` [m³] at 470 kg/m³ (12 %), a wood category and no biogenic carbon."""
    rows = [{"factor_id": "spruce", "module": "A1-A3", "indicator": "GWP-total", "value": -700.0,
             "declared_unit": "m3", "density": 470.0, "category": "Wood / Solid wood / Structural timber",
             "name": "Spruce", **props}]  # fmt: skip
    table, issues = FactorTable.from_frame(pd.DataFrame(rows), "timber")
    assert not issues
    return stack([hand_factors(), table])


def timber_project(**kw: object) -> Project:
    lines = [
        {"line_id": "c", "lot": "3", "quantity": 1, "unit": "m3", "factor_id": "conc"},
        {"line_id": "w", "lot": "3", "quantity": 2, "unit": "m3", "factor_id": "spruce", "variant": "bois"},
    ]
    values = {"building_type": "individual_house", "climate_zone": "H1a", "altitude": 100.0}
    values["permit_year"] = 2025
    return Project(name="t", reference_area=100.0, dwellings=1, lines=normalise_lines(pd.DataFrame(lines)),
                   variants=[Variant("base"), Variant("bois")], **{**values, **kw})  # fmt: skip


def test_timber_variant_stores_carbon_and_concrete_is_not_available():
    r = compute(timber_project(), spruce_table(), defaults=False)
    stored = biogenic_carbon(r)
    assert np.isnan(stored.loc["base", "biogenic_carbon"]) and np.isnan(stored.loc["base", "co2e"])
    assert stored.loc["bois", "biogenic_carbon"] == pytest.approx(2 * 470 / 1.12 / 2, rel=1e-12)
    assert stored.loc["bois", "co2e"] == pytest.approx(2 * 769.3452380952381, rel=1e-12)
    assert stored[["lines_with_data", "lines_estimated", "lines_without_data"]].to_dict("index") == {
        "base": {"lines_with_data": 0, "lines_estimated": 0, "lines_without_data": 1},
        "bois": {"lines_with_data": 1, "lines_estimated": 1, "lines_without_data": 1},
    }
    assert r.lines.set_index("line_id")["biogenic_carbon_basis"].to_dict() == {"c": "", "w": ESTIMATED}
    (note,) = [i for i in r.issues if "EN 16449" in i.message]
    assert (note.level, note.line_id, note.value) == ("info", "w", "spruce")
    assert note.message.startswith("biogenic carbon estimated with EN 16449 for 1 line whose wood-based")


def test_a_declared_value_wins_over_the_estimate():
    r = compute(timber_project(), spruce_table(biogenic_carbon=230.0), defaults=False)
    assert biogenic_carbon(r).loc["bois", "biogenic_carbon"] == pytest.approx(460.0)
    assert r.lines.set_index("line_id").loc["w", "biogenic_carbon_basis"] == "declared"
    assert not [i for i in r.issues if "EN 16449" in i.message]


def test_stock_c_of_re2020_uses_the_estimate_and_is_nd_without_data():
    r = apply_re2020(compute(timber_project(), spruce_table(), defaults=False))
    bois, base = (r.extra["variants"][v]["re2020"] for v in ("bois", "base"))
    assert bois["stock_c"] == pytest.approx(2 * 470 / 1.12 / 2 / 100, rel=1e-12)  # 4.196… kg C/m²
    assert base["stock_c"] is None  # not available (stored JSON-safe), never 0
    doc = json.loads(r.to_json())
    stock = {v["name"]: v["re2020"]["stock_c"] for v in doc["variants"]}
    assert stock["base"] is None and stock["bois"] == pytest.approx(4.196428571428571, rel=1e-12)
    assert "n.d." in format_re2020(r, "fr").split("Icded")[1].split("par lot")[0]
    assert "n/a" in format_re2020(r, "en").split("Icded")[1].split("per lot")[0]


def test_biogenic_chart_marks_na_and_counts_estimates():
    r = compute(timber_project(), spruce_table(), defaults=False)
    figure, ax = plt.subplots()
    try:
        plot_biogenic(r, ax=ax, lang="en")
        assert [p.get_height() for p in ax.patches] == pytest.approx([0.0, 2 * 769.3452380952381])
        texts = [t.get_text() for t in ax.texts]
        assert "n/a" in texts and "1,539" in texts
        assert "1 line without biogenic carbon data; 1 line estimated with EN 16449 (wood)" in texts
    finally:
        plt.close(figure)


def test_hand_factors_have_no_category():
    # the engine tests' literal numbers rely on hand factors getting neither a default life nor an estimate
    assert "category" not in hand_factor_frame().columns


def test_a_shipped_factor_copied_without_its_category_is_still_recognised():
    # the example workbooks copy shipped factors into their Facteurs sheet without the category column
    rows = [{"factor_id": "393f494d-8738-4330-aa5e-1652bb29b574", "module": "A1-A3", "indicator": "GWP-total",
             "value": -182.0, "declared_unit": "m3", "density": 160.0, "name": "copy"}]  # fmt: skip
    table, issues = FactorTable.from_frame(pd.DataFrame(rows), "workbook")
    assert not issues
    carbon, basis = factor_carbon(table.meta)
    assert carbon == pytest.approx([160 / 1.12 / 2], rel=1e-12) and list(basis) == [ESTIMATED]


def test_a_wood_row_with_an_impossible_moisture_is_refused(tmp_path, monkeypatch):
    import shutil

    import lca.datasets

    shutil.copytree(lca.datasets.dataset_path("biogenic"), tmp_path / "biogenic")
    path = tmp_path / "biogenic" / "wood.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",1.0,12,", ",1.0,120,")  # row 2: 120 % moisture
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(lca.datasets, "dataset_path", lambda *parts: tmp_path.joinpath(*parts))
    wood_mapping.cache_clear()
    try:
        with pytest.raises(
            InputError, match=r"rows \[2\] need a wood_fraction in \(0, 1\], a moisture in \[0, 100\]"
        ):
            wood_mapping()
    finally:
        wood_mapping.cache_clear()


@given(mass=st.floats(0, 1e6), moisture=st.floats(0, 100), share=st.floats(0.01, 1))
def test_en16449_gives_back_half_the_dry_wood_mass(mass, moisture, share):
    carbon = wood_carbon(mass, moisture, share)
    assert carbon * 2 * (1 + moisture / 100) == pytest.approx(mass * share, rel=1e-12, abs=1e-9)
    assert 0 <= carbon <= 0.5 * mass
