"""RE2020 rules against literal values typed from the reference page (shared/reference/re2020.md).

Expected modulation values are computed by hand from the formulas quoted there.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lca.datasets import dataset_path
from lca.errors import InputError
from lca.i18n import use_lang
from lca.methods import re2020_rules as r

MI, LC = "individual_house", "collective_housing"


def site(**changes: object) -> r.ThresholdInputs:
    base = dict(
        building_type=LC, permit_year=2026, climate_zone="H1b", altitude=100.0, dwellings=20,
        reference_area=1200.0, icded=200.0, ic_lot1=5.0, ic_lot2=30.0, ic_lot13=0.0,
    )  # fmt: skip
    base.update(changes)
    return r.ThresholdInputs(**base)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- data files


@pytest.mark.parametrize(
    "name",
    ["dynamic_weights.csv", "thresholds.csv", "modulation_mcgeo.csv", "modulation_piecewise.csv",
     "modulation_constants.csv"],
)  # fmt: skip
def test_every_row_has_a_source_and_a_flag(name: str) -> None:
    frame = pd.read_csv(dataset_path("re2020", name), dtype=str, keep_default_na=False)
    assert {"version", "source", "unconfirmed"} <= set(frame.columns)
    assert (frame["source"].str.len() > 20).all()
    assert set(frame["unconfirmed"]) <= {"true", "false"}


# --------------------------------------------------------------------------- weights


def test_dynamic_weights() -> None:
    w = r.dynamic_weights()
    assert w.shape == (51,)
    assert w[0] == 1.000
    assert w[50] == 0.578
    assert np.all(np.diff(w) < 0)
    assert round(float(w[1:].sum()), 3) == pytest.approx(39.543, abs=1e-9)
    assert round(float(w[:50].sum()), 3) == pytest.approx(39.965, abs=1e-9)
    assert r.energy_weight_sum() == pytest.approx(39.543, abs=1e-9)
    assert w[20] == 0.840 and w[40] == 0.669


def test_dynamic_weights_equal_the_shared_table(shared_dir) -> None:
    shared = pd.read_csv(shared_dir / "reference" / "re2020_dynamic_weights.csv")
    np.testing.assert_array_equal(r.dynamic_weights(), shared["weight"].to_numpy())


def test_dynamic_weights_are_read_only_and_version_checked() -> None:
    with pytest.raises(ValueError):
        r.dynamic_weights()[0] = 2.0
    with pytest.raises(InputError, match="available"):
        r.dynamic_weights("1999")


# --------------------------------------------------------------------------- thresholds


@pytest.mark.parametrize(
    ("building_type", "years", "expected"),
    [(MI, (2022, 2024, 2025, 2027, 2028, 2030, 2031, 2040), (640, 640, 530, 530, 475, 475, 415, 415)),
     (LC, (2022, 2024, 2025, 2027, 2028, 2030, 2031, 2040), (740, 740, 650, 650, 580, 580, 490, 490))],
)  # fmt: skip
def test_icconstruction_maxmoyen(building_type: str, years: tuple, expected: tuple) -> None:
    for year, value in zip(years, expected, strict=True):
        for version in ("2021", "2025", None):
            got = r.thresholds(building_type, year, version=version)["icconstruction_maxmoyen"]
            assert got == value, (year, version)


@pytest.mark.parametrize(
    ("building_type", "heat_network", "expected"),
    [(MI, False, (160, 160, 160, 160, 160, 160)),
     (MI, True, (200, 200, 200, 200, 160, 160)),
     (LC, False, (560, 560, 260, 260, 260, 260)),
     (LC, True, (560, 560, 320, 320, 260, 260))],
)  # fmt: skip
def test_icenergie_maxmoyen(building_type: str, heat_network: bool, expected: tuple) -> None:
    years = (2022, 2024, 2025, 2027, 2028, 2031)
    for year, value in zip(years, expected, strict=True):
        got = r.thresholds(building_type, year, heat_network=heat_network)
        assert got["icenergie_maxmoyen"] == value, year
        assert got["sources"]["icenergie_maxmoyen"]


def test_gas_development_exception() -> None:
    assert r.thresholds(MI, 2023, gas_development_exception=True)["icenergie_maxmoyen"] == 280
    assert r.thresholds(MI, 2024, gas_development_exception=True)["icenergie_maxmoyen"] == 160
    assert r.thresholds(LC, 2023, gas_development_exception=True)["icenergie_maxmoyen"] == 560


def test_version_selection() -> None:
    assert r.select_version(2024) == "2021"
    assert r.select_version(2025) == "2025"
    assert r.thresholds(MI, 2022)["version"] == "2021"


def test_thresholds_unknown_usage() -> None:
    with pytest.raises(InputError, match="building type 'other'"):
        r.thresholds("other", 2025)


# --------------------------------------------------------------------------- Icénergie modulations


@pytest.mark.parametrize(
    ("building_type", "zone", "altitude", "version", "expected"),
    [(MI, "H1a", 0, "2025", 0.10), (MI, "H2d", 399.9, "2025", -0.10), (MI, "H3", 100, "2025", -0.15),
     (MI, "H2d", 100, "2021", -0.15), (MI, "H3", 100, "2021", -0.20), (MI, "H1a", 100, "2021", 0.10),
     (MI, "H1b", 400, "2025", 0.50), (MI, "H2d", 800, "2025", 0.00), (MI, "H1b", 800.1, "2025", 0.85),
     (MI, "H3", 1200, "2025", 0.15), (LC, "H2c", 0, "2025", -0.15), (LC, "H1b", 500, "2025", 0.40),
     (LC, "H2b", 900, "2025", 0.50), (LC, "H3", 100, "2021", -0.15)],
)  # fmt: skip
def test_mcgeo(building_type: str, zone: str, altitude: float, version: str, expected: float) -> None:
    assert r.mcgeo(building_type, zone, altitude, version) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("smoylgt", "expected"),
    [(80, (49.5 - 44) / 55), (100, -5.5 / 55), (120, (14.5 - 24) / 55), (150, -15.5 / 55),
     (151, -15.5 / 55), (300, -15.5 / 55)],
)  # fmt: skip
def test_mcsurf_moy_houses(smoylgt: float, expected: float) -> None:
    assert r.mcsurf_moy(MI, smoylgt * 2, 2) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("smoylgt", "expected"),
    [(30, 15 / 70), (40, 5 / 70), (41, (15 - 10.25) / 70), (80, -5 / 70), (100, -7 / 70), (120, -9 / 70),
     (200, -9 / 70)],
)  # fmt: skip
def test_mcsurf_moy_collective(smoylgt: float, expected: float) -> None:
    assert r.mcsurf_moy(LC, smoylgt * 10, 10) == pytest.approx(expected, abs=1e-12)


def test_mcsurf_tot() -> None:
    assert r.mcsurf_tot(MI, 500) == 0.0
    assert r.mcsurf_tot(LC, 1000) == pytest.approx(3 / 70, abs=1e-12)
    assert r.mcsurf_tot(LC, 1300) == pytest.approx(0.0, abs=1e-12)
    assert r.mcsurf_tot(LC, 1301) == 0.0


def test_mccombles_and_mccat() -> None:
    assert r.mccombles(MI, 20, 100) == pytest.approx(0.08)
    assert r.mccombles(LC, 20, 100) == 0.0
    assert r.mccat(MI, "H2d", "CE2") == pytest.approx(0.10)
    assert r.mccat(LC, "H3", "CE2") == pytest.approx(0.10)
    assert r.mccat(MI, "H2c", "CE2") == 0.0
    assert r.mccat(MI, "H3", "CE1") == 0.0


# --------------------------------------------------------------------------- Icconstruction modulations


def test_micombles() -> None:
    assert r.micombles(MI, 10, 125) == pytest.approx(0.032)
    assert r.micombles(LC, 10, 125) == 0.0


@pytest.mark.parametrize(
    ("smoylgt", "expected"), [(100, 0.0), (110, -0.036), (120, -0.072), (121, -0.072), (50, 0.18)]
)
def test_misurf_moy_houses(smoylgt: float, expected: float) -> None:
    assert r.misurf_moy(MI, smoylgt, 1, 640) == pytest.approx(expected, abs=1e-12)
    assert r.misurf(MI, smoylgt, 1) == pytest.approx(expected, abs=1e-12)  # same formula before 2025


@pytest.mark.parametrize(("smoylgt", "expected"), [(30, 25 / 650), (40, 0.0), (41, 0.0), (80, 0.0)])
def test_misurf_moy_collective(smoylgt: float, expected: float) -> None:
    assert r.misurf_moy(LC, smoylgt * 10, 10, 650) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("sref", "expected"),
    [(1000, -0.024), (1300, 0.0), (2000, -0.0245), (4000, -0.0945), (5000, -0.0945)],
)
def test_misurf_tot(sref: float, expected: float) -> None:
    assert r.misurf_tot(LC, sref) == pytest.approx(expected, abs=1e-12)
    assert r.misurf_tot(MI, sref) == 0.0


@pytest.mark.parametrize(
    ("sref", "expected"), [(1000, -0.039), (1300, 0.0), (2000, -0.0245), (4000, -0.0945), (6000, -0.0945)]
)
def test_misurf_before_2025_collective(sref: float, expected: float) -> None:
    assert r.misurf(LC, sref, 20) == pytest.approx(expected, abs=1e-12)


def test_migeo() -> None:
    assert r.migeo(MI, "H2d", 399) == 30.0
    assert r.migeo(LC, "H3", 0, "2021") == 30.0
    assert r.migeo(MI, "H2d", 400) == 0.0
    assert r.migeo(LC, "H2c", 100) == 0.0


def test_capped_lot_modulations() -> None:
    assert r.miinfra(MI, 40) == 0.0
    assert r.miinfra(LC, 55) == 15.0
    assert r.mivrd(MI, 20) == 0.0
    assert r.mivrd(MI, 25) == 5.0
    assert r.mivrd(MI, 25, "2021") == 0.0
    assert r.mivrd(MI, 35, "2021") == 5.0
    assert r.mivrd(LC, 12) == 2.0
    assert r.mivrd(LC, 12, "2021") == 2.0
    assert r.mipv(MI, 20) == 0.0
    assert r.mipv(LC, 26) == 6.0


@pytest.mark.parametrize(
    ("building_type", "icded", "year", "expected"),
    [(MI, 400, 2023, 9.0), (MI, 370, 2023, 0.0), (MI, 300, 2023, 0.0), (MI, 400, 2026, 0.0),
     (MI, 400, 2028, -9.0), (MI, 300, 2028, 0.0), (LC, 300, 2024, 15.0), (LC, 250, 2024, 0.0),
     (LC, 300, 2031, -15.0)],
)  # fmt: skip
def test_mided(building_type: str, icded: float, year: int, expected: float) -> None:
    assert r.mided(building_type, icded, year) == pytest.approx(expected, abs=1e-12)


# --------------------------------------------------------------------------- maxima


def test_ic_construction_max_collective_2026() -> None:
    value, details = r.ic_construction_max(
        site(climate_zone="H2d", ic_lot1=15.0, ic_lot2=50.0, ic_lot13=0.0, icded=300.0)
    )
    # 650 × (1 + 0 + 0 − 0.008) + 30 + 10 + 5 + 0 + 0
    assert value == pytest.approx(689.8, abs=1e-9)
    assert details["version"] == "2025"
    assert details["misurf_tot"] == pytest.approx(-0.008)
    assert details["mivrd"] == 5.0 and details["miinfra"] == 10.0 and details["migeo"] == 30.0
    assert "Mipv" in details["formula"]
    assert any("décret 2024-1258" in note for note in details["assumptions"])


def test_ic_construction_max_house_2023() -> None:
    params = site(building_type=MI, permit_year=2023, climate_zone="H3", dwellings=1, reference_area=110.0,
                  attic_area=10.0, icded=400.0, ic_lot1=35.0, ic_lot2=30.0, ic_lot13=None)  # fmt: skip
    with use_lang("en"):  # the assumptions are written in the current language
        value, details = r.ic_construction_max(params)
    # 640 × (1 + 4/110 − 0.036) + 30 + 0 + (35 − 30) + 0.3 × (400 − 370)
    assert value == pytest.approx(640 * (1 + 4 / 110 - 0.036) + 30 + 5 + 9, abs=1e-9)
    assert details["version"] == "2021"
    assert "mipv" not in details
    assert any("Micombles (version 2025 used)" in note for note in details["assumptions"])


def test_ic_energie_max() -> None:
    value, details = r.ic_energie_max(site(climate_zone="H2d"))
    # 260 × (1 − 0.10 + 0 + (15 − 0.25·60)/70 + (13 − 12)/70 + 0)
    assert value == pytest.approx(260 * (0.9 + 1 / 70), abs=1e-9)
    assert details["mcsurf_moy"] == pytest.approx(0.0, abs=1e-12)
    with use_lang("en"):  # the assumptions are written in the current language
        value, details = r.ic_energie_max(
            site(building_type=MI, permit_year=2023, climate_zone="H3", dwellings=1, reference_area=110.0,
                 attic_area=10.0, constraint_category="CE2", heat_network=True)
        )  # fmt: skip
    # 200 × (1 − 0.20 + 4/110 + (14.5 − 22)/55 + 0 + 0.10)
    assert value == pytest.approx(200 * (0.9 + 4 / 110 - 7.5 / 55), abs=1e-9)
    assert details["icenergie_case"] == "heat_network"
    assert any("Icénergie_maxmoyen" in note and "2025 used" in note for note in details["assumptions"])


def test_explicit_version_overrides_permit_year() -> None:
    value, details = r.ic_energie_max(site(building_type=MI, permit_year=2023, climate_zone="H3",
                                           dwellings=1, reference_area=90.0, version="2025"))  # fmt: skip
    assert details["mcgeo"] == pytest.approx(-0.15)
    assert value == pytest.approx(160 * (1 - 0.15 + 0.0), abs=1e-9)  # (49.5 − 49.5)/55 = 0


@pytest.mark.parametrize(
    ("changes", "pattern"),
    [({"climate_zone": None}, r"climate zone.*found None.*H1a"),
     ({"climate_zone": "H4"}, r"climate zone.*'H4'.*H2d"),
     ({"building_type": "other"}, r"building type.*'other'.*individual_house"),
     ({"permit_year": 2021}, r"permit year.*2021.*2022"),
     ({"permit_year": None}, "permit year"),
     ({"altitude": "haut"}, r"altitude.*'haut'"),
     ({"dwellings": 0}, r"number of dwellings.*found '0'"),
     ({"reference_area": None}, r"reference area \(SHAB\).*Projet sheet"),
     ({"attic_area": -1}, "attic area"),
     ({"constraint_category": "CE3"}, r"external-constraint category.*CE2"),
     ({"version": "2030"}, r"version.*'2030'")],
)  # fmt: skip
def test_missing_or_invalid_inputs(changes: dict, pattern: str) -> None:
    with pytest.raises(InputError, match=pattern) as info:
        r.ic_energie_max(site(**changes))
    assert info.value.sheet == "Projet"
    with pytest.raises(InputError, match=pattern):
        r.ic_construction_max(site(**changes))


@pytest.mark.parametrize("key", ["icded", "ic_lot1", "ic_lot2", "ic_lot13"])
def test_missing_computed_inputs(key: str) -> None:
    with pytest.raises(InputError, match=rf"{key} is missing.*found None"):
        r.ic_construction_max(site(**{key: None}))
    r.ic_energie_max(site(**{key: None}))  # not needed for Icénergie_max


def test_lowercase_zone_is_accepted() -> None:
    assert r.ic_energie_max(site(climate_zone="h2d"))[1]["mcgeo"] == pytest.approx(-0.10)


def test_assumptions_list() -> None:
    notes = r.assumptions("en")
    assert len(notes) >= 10
    assert all(note.startswith(("[UNCONFIRMED]", "[ASSUMPTION]")) for note in notes)
    assert any("0.065" in note for note in notes)
    assert any("décret 2026-200" in note for note in notes)
    french = r.assumptions("fr")
    assert len(french) == len(notes)
    assert all(note.startswith(("[NON CONFIRMÉ]", "[HYPOTHÈSE]")) for note in french)
    assert any("0,065" in note for note in french)


def test_optional_inputs_left_empty() -> None:
    value, details = r.ic_energie_max(
        site(attic_area=None, constraint_category=None, heat_network=None, climate_zone="H3")
    )
    assert details["mccombles"] == 0.0 and details["mccat"] == 0.0
    assert details["icenergie_case"] == "general"
    assert r.ic_energie_max(site(constraint_category="ce2", climate_zone="H3"))[1]["mccat"] == pytest.approx(
        0.1
    )
