"""Energy in the units people have (issue 9.12): fuels converted to kWh PCI with sourced heating values;
energy used in B6 is never reported as exported energy (EET)."""

from __future__ import annotations

import pandas as pd
import pytest

from lca import FactorTable, UnitError, compute, read_project
from lca.energy import accepted_units, fuel_unit, kwh_per_unit
from lca.units import normalise_unit
from tests.helpers import write_xlsx

DPE = "arrêté du 15 septembre 2006 relatif au diagnostic de performance énergétique, annexe 3"


@pytest.mark.parametrize(("carrier", "quantity", "unit", "kwh"), [
    ("fuel_oil", 1000, "L", 9970.0),  # 9.97 kWh PCI/l (DPE 2006, annexe 3)
    ("fuel_oil", 2, "m3", 19940.0),
    ("fuel_oil", 1, "t", 11666.666666666666),  # 42 GJ/t (arrêté du 31 octobre 2012)
    ("natural_gas", 1000, "m3", 10416.666666666666),  # 37.5 MJ/m³(n)
    ("natural_gas", 1000, "Nm3", 10416.666666666666),
    ("natural_gas", 1110, "kWh PCS", 1000.0),  # ÷ 1.11
    ("natural_gas", 2.22, "MWh PCS/an", 2000.0),
    ("wood_pellets", 2, "t", 9200.0),  # 4 600 kWh PCI/t
    ("wood_pellets", 500, "kg", 2300.0),
    ("wood_logs", 4, "stères", 6720.0),  # 1 680 kWh PCI/stère
    ("wood_chips", 3, "t", 8280.0),  # 2 760 kWh PCI/t
    ("lpg", 90, "kg", 1150.0),  # 46 GJ/t
])  # fmt: skip
def test_fuel_quantities_in_kwh(carrier, quantity, unit, kwh):
    core, basis = fuel_unit(unit)
    canonical = core if core == "stere" else normalise_unit(core, per_year=True)
    ratio, source = kwh_per_unit(carrier, canonical, basis)
    assert quantity * ratio == pytest.approx(kwh, rel=1e-12)
    assert "arrêté du" in source.render("fr")
    assert "French order (arrêté) of" in source.render("en")


def test_energy_units_need_no_heating_value():
    assert kwh_per_unit("fuel_oil", "MWh") is None
    assert kwh_per_unit("electricity", "kWh", "PCI") is None


@pytest.mark.parametrize(("carrier", "unit", "basis", "message"), [
    ("electricity", "liter", "",
     "electricity in l cannot be converted to kWh; the accepted units for electricity are kWh, MWh, MJ, GJ"),
    ("wood_logs", "kg", "",
     "wood logs in kg cannot be converted to kWh; the accepted units for wood logs are kWh, MWh, MJ, GJ, "
     "stere"),
    ("fuel_oil", "stere", "",
     "fuel oil in stere cannot be converted to kWh; the accepted units for fuel oil are kWh, MWh, MJ, GJ, "
     "l, m³, kg, t"),
    ("fuel_oil", "kWh", "PCS",
     "kWh PCS (gross calorific value) is converted for natural gas only; give the fuel oil consumption in "
     "kWh PCI (lower heating value)"),
])  # fmt: skip
def test_unconvertible_units_name_the_accepted_ones(carrier, unit, basis, message):
    with pytest.raises(UnitError) as info:
        kwh_per_unit(carrier, unit, basis)
    assert info.value.message == message


def test_accepted_units_of_natural_gas():
    assert accepted_units("natural_gas") == ["kWh", "MWh", "MJ", "GJ", "m³ (m³(n))", "kWh PCS"]


def test_energy_sheet_in_litres_stères_and_tonnes(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": [["SHAB", 100]],
        "Énergie": [["Vecteur", "Usage", "Quantité", "Unité"],
                    ["fioul", "chauffage", 1000, "L"],
                    ["bois bûches", "chauffage", 4, "stères"],
                    ["granulés", "ecs", "1,5", "t/an"],
                    ["électricité", "chauffage", 100, "litres"],
                    ["électricité", "éclairage", 1000, "kWh"]],
    })  # fmt: skip
    project = read_project(path)
    lines = project.lines
    assert list(lines["quantity"].round(9)) == [9970.0, 6720.0, 6900.0, 100.0, 1000.0]
    assert list(lines["unit"]) == ["kWh", "kWh", "kWh", "", "kWh"]
    assert list(lines["valid"]) == [True, True, True, False, True]
    notes = [(i.level, i.row, i.column, i.value) for i in project.issues if i.sheet == "Énergie"]
    assert notes == [("info", 2, "Unité", "L"), ("info", 3, "Unité", "stères"), ("info", 4, "Unité", "t/an"),
                     ("error", 5, "Unité", "litres")]  # fmt: skip
    info = project.issues[0].message
    assert info == (
        "1,000 L read as 9,970 kWh PCI (9.97 kWh PCI per l: domestic fuel oil 9.97 kWh PCI/l, French order "
        "(arrêté) of 15 September 2006 on the energy performance diagnosis (DPE), annex 3 (consolidated "
        "version, as amended by the order of 8 February 2012))"
    )
    assert (
        project.issues[0]
        .render("fr")
        .endswith(
            f"(9,97 kWh PCI par l\u00a0: fioul domestique 9,97 kWh PCI/l, {DPE} (version consolidée par "
            "l'arrêté du 8 février 2012))"
        )
    )
    assert project.issues[3].message == (
        "electricity in l cannot be converted to kWh; the accepted units for electricity are kWh, MWh, MJ, "
        "GJ — the line is not computed"
    )
    results = compute(project)
    # shipped RE2020 conventional factors [kg CO2e/kWh]: fuel oil 0.324, wood logs and pellets 0.030,
    # electricity lighting 0.069; over 50 years
    b6 = results.lines.set_index("line_id")["declared_quantity"]
    assert b6.to_dict() == pytest.approx({"E2": 9970.0, "E3": 6720.0, "E4": 6900.0, "E6": 1000.0})
    expected = (9970 * 0.324 + 6720 * 0.030 + 6900 * 0.030 + 1000 * 0.069) * 50
    assert expected == pytest.approx(185394.0)
    assert results.total()["GWP-total"].to_dict() == pytest.approx({"base": 185394.0})


def test_a_line_with_its_own_factor_keeps_its_unit(tmp_path):
    frame = pd.DataFrame([{"factor_id": "logs-kg", "module": "B6", "indicator": "GWP-total", "value": 0.01,
                           "declared_unit": "kg"}])  # fmt: skip
    table, _ = FactorTable.from_frame(frame, "mine")
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": [["SHAB", 100]],
        "Énergie": [["Vecteur", "Quantité", "Unité", "id fiche"], ["bois bûches", 2000, "kg", "logs-kg"]],
    })  # fmt: skip
    results = compute(read_project(path), table, defaults=False)
    assert results.total()["GWP-total"].to_dict() == pytest.approx({"base": 1000.0})  # 2000 × 0.01 × 50


def test_district_heating_delivered_heat_is_not_exported_energy(tmp_path):
    rows = [
        ("dh", "kWh", "B6", "GWP-total", 0.1),
        ("dh", "kWh", "B6", "EET", 3.6),  # the supply dataset's delivered heat [MJ per kWh]
        ("panel", "m2", "A1-A3", "GWP-total", 10.0),
        ("panel", "m2", "C3", "EET", 2.0),  # a product's end-of-life export stays
    ]
    frame = pd.DataFrame(rows, columns=["factor_id", "declared_unit", "module", "indicator", "value"])
    table, _ = FactorTable.from_frame(frame, "mine")
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": [["SHAB", 100]],
        "Matériaux": [["Repère", "Quantité", "Unité", "ID fiche", "Durée de vie"],
                      ["P1", 10, "m2", "panel", 50]],
        "Énergie": [["Vecteur", "Usage", "Quantité", "Unité", "id fiche"],
                    ["réseau de chaleur", "chauffage", 1000, "kWh", "dh"]],
    })  # fmt: skip
    results = compute(read_project(path), table, defaults=False)
    by_module = results.by_module().loc["base"]
    assert by_module.loc["B6", "GWP-total"] == pytest.approx(5000.0)  # 1000 kWh × 0.1 × 50 years
    assert by_module.loc["B6", "EET"] == 0.0  # was 180,000 MJ: the heat the building uses
    assert by_module.loc["C3", "EET"] == pytest.approx(20.0)


def test_unreadable_energy_units_name_the_units_of_the_carrier(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": [["SHAB", 100]],
        "Énergie": [["Vecteur", "Usage", "Quantité", "Unité"],
                    ["plaquettes", "chauffage", 10, "MAP"],
                    ["eau", "", 10, "pouces"],
                    ["électricité", "", 10, ""]],
    })  # fmt: skip
    messages = [(i.row, i.value, i.message) for i in read_project(path).issues if i.sheet == "Énergie"]
    assert messages == [
        (
            2,
            "MAP",
            "unknown unit 'MAP'; expected kWh, MWh, MJ, GJ, kg, t (per year) — the line is not computed",
        ),
        (3, "pouces", "unknown unit 'pouces'; expected m3 or l (per year) — the line is not computed"),
        (4, "", "unit is empty; expected kWh, MWh, MJ, GJ (per year) — the line is not computed"),
    ]
