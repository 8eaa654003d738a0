"""The EN 15978 rules of DESIGN §5 on hand-solvable cases with literal expected numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lca import InputError, Project, compute, replacements
from lca.model import Variant, normalise_lines
from tests.helpers import NAN, hand_factors


def run(lines: list[dict], *, period: float = 50, rule: str = "ceil", variants=None, **kw):
    frame = normalise_lines(pd.DataFrame(lines))
    project = Project(
        name="t",
        reference_area=100.0,
        dwellings=2,
        study_period=period,
        replacement_rule=rule,
        lines=frame,
        variants=variants or [],
    )
    return compute(project, hand_factors(), defaults=False, **kw)


def gwp(results, variant="base"):
    return results.by_module()["GWP-total"].xs(variant).to_dict()


def test_product_construction_end_of_life_and_d():
    r = run([{"line_id": "1", "lot": "3", "quantity": 10, "unit": "m3", "factor_id": "conc"}])
    assert gwp(r) == pytest.approx(
        {"A1-A3": 2000, "A4": 50, "A5": 20, "C1": 10, "C2": 20, "C3": 30, "C4": 40, "D": -100}
    )
    assert r.total().loc["base", "GWP-total"] == pytest.approx(2170)  # D is not in the total
    assert r.module_d().loc["base", "GWP-total"] == pytest.approx(-100)
    assert r.per_m2().loc["base", "GWP-total"] == pytest.approx(21.7)
    assert r.per_m2_year().loc["base", "GWP-total"] == pytest.approx(0.434)
    assert r.per_dwelling().loc["base", "GWP-total"] == pytest.approx(1085)


def test_multi_indicator():
    r = run([{"line_id": "1", "quantity": 10, "unit": "m3", "factor_id": "conc"}])
    assert r.indicators == ["GWP-total", "GWP-fossil"]
    assert r.total().loc["base", "GWP-fossil"] == pytest.approx(0.9 * 2170)


@pytest.mark.parametrize(("quantity", "unit", "expected"), [
    (4.8, "t", 400.0),       # 4800 kg / 2400 kg/m³ = 2 m³
    (4800, "kg", 400.0),
    (2000, "l", 400.0),      # 2 m³
    (2, "M3", 400.0),
    ("2", "m³", 400.0),
])  # fmt: skip
def test_conversions_to_declared_unit(quantity, unit, expected):
    r = run([{"line_id": "1", "quantity": quantity, "unit": unit, "factor_id": "conc"}])
    assert gwp(r)["A1-A3"] == pytest.approx(expected)


def test_area_and_piece_conversions_through_mass():
    # 30 kg of insulation at 3 kg/m² = 10 m² -> 40; 90 kg of windows at 30 kg/u = 3 u -> 300
    r = run(
        [
            {"line_id": "1", "quantity": 30, "unit": "kg", "factor_id": "ins", "service_life": 60},
            {"line_id": "2", "quantity": 90, "unit": "kg", "factor_id": "win", "service_life": 60},
        ]
    )
    assert r.by_line()["GWP-total"].xs("base").to_dict() == pytest.approx({"1": 40.0, "2": 300 + 30})


def test_waste_rate_adds_production_transport_and_disposal():
    r = run([{"line_id": "1", "quantity": 10, "unit": "m3", "factor_id": "conc", "waste_rate": 0.1}])
    # A5 = 10·2 + 0.1·(2000 + 50 + 100)
    assert gwp(r)["A5"] == pytest.approx(235)
    assert r.total().loc["base", "GWP-total"] == pytest.approx(2000 + 50 + 235 + 100)


@pytest.mark.parametrize(("period", "life", "rule", "n"), [
    (50, 25, "ceil", 1), (60, 25, "ceil", 2), (50, 30, "ceil", 1), (50, 50, "ceil", 0), (50, 60, "ceil", 0),
    (50, 12.5, "ceil", 3), (50, 10, "ceil", 4),
    (60, 25, "fraction", 1.4), (50, 30, "fraction", 50 / 30 - 1), (50, 60, "fraction", 0),
    (50, NAN, "ceil", 0),
])  # fmt: skip
def test_replacement_rules(period, life, rule, n):
    assert replacements(period, np.array([life]), rule)[0] == pytest.approx(n)


def test_b4_replaces_product_transport_installation_and_disposal():
    r = run([{"line_id": "1", "quantity": 2, "unit": "u", "factor_id": "win"}], period=60)
    # n = ceil(60/25) - 1 = 2 ; per line: A1-A3 200, C4 20; B4 = 2 · 220 ; D = (1+2)·2·(-5)
    assert gwp(r) == pytest.approx({"A1-A3": 200, "B4": 440, "C4": 20, "D": -30})
    r = run([{"line_id": "1", "quantity": 2, "unit": "u", "factor_id": "win"}], period=60, rule="fraction")
    assert gwp(r)["B4"] == pytest.approx(1.4 * 220)
    assert r.lines["replacements"].iloc[0] == pytest.approx(1.4)


def test_line_service_life_overrides_factor():
    r = run([{"line_id": "1", "quantity": 2, "unit": "u", "factor_id": "win", "service_life": 50}])
    assert "B4" not in gwp(r)


def test_transport_by_distance_overrides_factor_a4():
    # 10 m³ × 2400 kg/m³ = 24 t; × 100 km = 2400 t·km × 0.1 = 240
    r = run(
        [
            {
                "line_id": "1",
                "quantity": 10,
                "unit": "m3",
                "factor_id": "conc",
                "transport_km": 100,
                "transport_mode": "route",
            }
        ]
    )
    assert gwp(r)["A4"] == pytest.approx(240)
    assert r.lines["transport_tkm"].iloc[0] == pytest.approx(2400)
    # the wasted fraction is transported too
    r = run(
        [
            {
                "line_id": "1",
                "quantity": 10,
                "unit": "m3",
                "factor_id": "conc",
                "transport_km": 100,
                "waste_rate": 0.1,
            }
        ]
    )
    assert gwp(r)["A5"] == pytest.approx(20 + 0.1 * (2000 + 240 + 100))


def test_energy_and_water_lines_over_study_period():
    r = run(
        [
            {"line_id": "E1", "kind": "energy", "quantity": 1000, "unit": "kWh/an", "factor_id": "elec"},
            {"line_id": "E2", "kind": "energy", "quantity": 1, "unit": "MWh", "factor_id": "elec"},
            {"line_id": "E3", "kind": "energy", "quantity": 100, "unit": "kWh", "factor_id": "gas"},  # 360 MJ
            {"line_id": "W1", "kind": "water", "quantity": 100, "unit": "m3/an", "factor_id": "water"},
        ]
    )
    by_line = r.by_line()["GWP-total"].xs("base")
    assert by_line["E1"] == pytest.approx(1000 * 0.06 * 50)
    assert by_line["E2"] == pytest.approx(1000 * 0.06 * 50)
    assert by_line["E3"] == pytest.approx(360 * 0.05 * 50)
    assert gwp(r) == pytest.approx({"B6": 3000 + 3000 + 900, "B7": 2500})


def test_energy_factor_found_by_carrier_when_no_factor_id():
    r = run(
        [
            {
                "line_id": "E1",
                "kind": "energy",
                "quantity": 1000,
                "unit": "kWh",
                "carrier": "electricity",
                "use": "heating",
            }
        ]
    )
    assert r.lines["factor_id"].iloc[0] == "elec"
    assert gwp(r) == pytest.approx({"B6": 3000})


def test_variants_with_replaces():
    lines = [
        {"line_id": "1", "lot": "3", "quantity": 10, "unit": "m3", "factor_id": "conc"},
        {"line_id": "2", "lot": "6", "quantity": 2, "unit": "u", "factor_id": "win", "service_life": 50},
        {
            "line_id": "3",
            "lot": "3",
            "quantity": 5,
            "unit": "m3",
            "factor_id": "conc",
            "variant": "light",
            "replaces": "1",
        },
        {"line_id": "4", "lot": "8", "quantity": 10, "unit": "m2", "factor_id": "ins", "variant": "extra"},
    ]
    r = run(lines, variants=[Variant("base"), Variant("light"), Variant("extra")])
    total = r.total()["GWP-total"]
    assert total.to_dict() == pytest.approx(
        {"base": 2170 + 220, "light": 1085 + 220, "extra": 2170 + 220 + 40 + 40}
    )  # ins SL 30 -> n = 1
    assert r.line_counts.loc["light"].to_dict() == {"count": 2, "computed": 2, "rejected": 0}
    assert set(r.by_lot().xs("light").index) == {"3", "6"}


def test_replacing_an_unknown_line_is_reported():
    lines = [
        {"line_id": "1", "quantity": 10, "unit": "m3", "factor_id": "conc"},
        {"line_id": "2", "quantity": 1, "unit": "m3", "factor_id": "conc", "variant": "v", "replaces": "9"},
    ]
    r = run(lines)
    assert r.variants == ["base", "v"]
    assert any("'9' is not a common line" in i.message for i in r.issues)


def test_bad_lines_are_listed_and_the_rest_computes():
    r = run(
        [
            {"line_id": "ok", "quantity": 10, "unit": "m3", "factor_id": "conc"},
            {"line_id": "area", "quantity": 10, "unit": "m2", "factor_id": "conc"},
            {"line_id": "unknown", "quantity": 1, "unit": "kg", "factor_id": "nope"},
            {"line_id": "zero", "quantity": 0, "unit": "m3", "factor_id": "conc"},
            {"line_id": "negative", "quantity": -3, "unit": "m3", "factor_id": "conc"},
            {"line_id": "kwh", "quantity": 3, "unit": "kWh", "factor_id": "conc"},
        ]
    )
    assert r.total().loc["base", "GWP-total"] == pytest.approx(2170)
    errors = {i.line_id: i.message for i in r.errors}
    assert set(errors) == {"area", "unknown", "zero", "negative", "kwh"}
    assert "cannot convert m² into the factor's declared unit m³" in errors["area"]
    assert "area_mass" in errors["area"]
    assert "unknown factor 'nope'" in errors["unknown"]
    assert "quantity must be > 0, found 0" in errors["zero"]
    assert "kWh is not a quantity of material" in errors["kwh"]
    assert r.line_counts.loc["base"].to_dict() == {"count": 6, "computed": 1, "rejected": 5}


def test_missing_service_life_is_a_data_quality_note():
    r = run([{"line_id": "1", "quantity": 10, "unit": "m3", "factor_id": "conc"}])
    notes = [i for i in r.issues if i.column == "service_life"]
    assert notes and notes[0].level == "warning"
    assert "no service life" in notes[0].message


def test_unknown_rule_and_method_are_input_errors():
    with pytest.raises(InputError, match="unknown replacement rule 'floor'"):
        run([{"line_id": "1", "quantity": 1, "unit": "m3", "factor_id": "conc"}], rule="floor")
    with pytest.raises(InputError, match="method 'xyz' is not available; use one of en15978, re2020"):
        run([{"line_id": "1", "quantity": 1, "unit": "m3", "factor_id": "conc"}], method="xyz")


def test_re2020_fixes_period_and_rule():
    with pytest.raises(InputError, match="re2020 method fixes the study period at 50 years"):
        run([{"line_id": "1", "quantity": 1, "unit": "m3", "factor_id": "conc"}], period=60, method="re2020")


def test_tidy_data_and_conservation():
    r = run(
        [
            {
                "line_id": "1",
                "lot": "3",
                "quantity": 10,
                "unit": "m3",
                "factor_id": "conc",
                "waste_rate": 0.05,
            },
            {"line_id": "2", "lot": "6", "quantity": 2, "unit": "u", "factor_id": "win"},
            {"line_id": "E", "kind": "energy", "quantity": 1000, "unit": "kWh", "factor_id": "elec"},
        ]
    )
    data = r.data
    assert list(data.columns) == [
        "variant",
        "line_id",
        "lot",
        "element",
        "factor_id",
        "source",
        "module",
        "indicator",
        "unit",
        "value",
    ]
    assert data["value"].dtype == np.float64
    assert set(data["source"]) == {"hand"}
    assert data.loc[data["indicator"] == "GWP-total", "unit"].eq("kg CO2e").all()
    assert r.conservation_gap() < 1e-9
    without_d = data.loc[(data["module"] != "D") & (data["indicator"] == "GWP-total"), "value"].sum()
    assert without_d == pytest.approx(r.total().loc["base", "GWP-total"])


def test_district_heating_needs_the_networks_own_factor():
    line = {"line_id": "E1", "kind": "energy", "quantity": 1000, "unit": "kWh", "carrier": "district_heating"}
    r = run([{**line, "use": "heating"}])
    (error,) = r.errors
    assert "RE2020 uses each heat network's own CO2 content" in error.message
    assert r.line_counts.loc["base", "rejected"] == 1


def test_by_group_on_a_column_with_missing_values():
    r = run([{"line_id": "1", "quantity": 10, "unit": "m3", "factor_id": "conc"}])
    by_type = r.by_group("data_type")  # the hand-made table gives no data_type
    assert by_type.loc[("base", ""), "GWP-total"] == pytest.approx(2170)


def test_volume_to_area_through_area_mass_and_thickness():
    from lca.conversions import to_declared

    # a 10 cm layer of 25 kg/m² has a density of 250 kg/m³: 1 m³ is 10 m²
    assert to_declared("m**3", {"declared_unit": "m**2", "area_mass": 25, "thickness": 0.1}) == pytest.approx(
        10
    )


def test_replacement_includes_the_wasted_installation():
    # n = 1; A5 = 10·2 + 0.1·(2000 + 50 + 100) = 235; B4 = 1·(2000 + 50 + 235 + 100)
    r = run([{"line_id": "1", "quantity": 10, "unit": "m3", "factor_id": "conc", "waste_rate": 0.1,
              "service_life": 25}])  # fmt: skip
    assert gwp(r)["B4"] == pytest.approx(2385)
    assert gwp(r)["D"] == pytest.approx(-200)  # (1 + n)·q·F[D]


def test_factor_lookup_returns_metadata_and_values():
    from lca import FactorNotFoundError

    info, values = hand_factors().factor("win")
    assert info["declared_unit"] == "piece" and info["service_life"] == 25
    assert values.loc["GWP-total", ["unit", "A1-A3", "C4", "D"]].tolist() == ["kg CO2e", 100, 10, -5]
    with pytest.raises(FactorNotFoundError, match="no factor 'nope' in the tables"):
        hand_factors().factor("nope")


def test_testing_helper():
    from lca.testing import assert_results_close

    a = run([{"line_id": "1", "quantity": 10, "unit": "m3", "factor_id": "conc"}])
    b = run([{"line_id": "1", "quantity": 10, "unit": "m3", "factor_id": "conc"}])
    assert_results_close(a, b)
    c = run([{"line_id": "1", "quantity": 11, "unit": "m3", "factor_id": "conc"}])
    with pytest.raises(AssertionError, match=r"total\(\) differs"):
        assert_results_close(a, c)


def test_a_common_line_replaced_in_every_variant_is_said(tmp_path):
    """Found by the long fuzz run: a common line that the only variant replaces was computed, in no
    variant's results, without a word."""
    from lca import read_project
    from tests.helpers import write_xlsx

    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": [["SHAB", 100]],
        "Variantes": [["Nom"], ["base"]],
        "Energy": [["id", "carrier", "use", "quantity", "unit", "variant", "replaces"],
                   ["E1", "électricité", "chauffage", 1000, "kWh", "", ""],
                   ["E2", "électricité", "chauffage", 500, "kWh", "base", "E1"]],
    })  # fmt: skip
    results = compute(read_project(path))
    (note,) = [i for i in results.issues if i.line_id == "E1"]
    assert (note.level, note.row, note.column) == ("info", 2, "replaces")
    assert note.message == "line 'E1' is replaced in every variant (base): it is in none of the results"
    assert note.render("fr").endswith(
        "la ligne «\u00a0E1\u00a0» est remplacée dans toutes les variantes (base)\u00a0: elle n'entre dans "
        "aucun résultat"
    )


def test_a_factor_id_prefix_shown_by_factors_search_is_read_as_the_full_id(tmp_path):
    """``lca factors search`` shows 8 characters of each id: pasted into a workbook, they must compute."""
    from lca import read_project
    from tests.helpers import write_xlsx

    full = "8041ec07-5885-40dc-bfc9-190013f6749b"
    rows = [["Repère", "Lot", "Quantité", "Unité", "ID fiche", "Durée de vie"]]
    rows += [["A", 3, 10, "m3", "8041ec07", 100], ["B", 3, 10, "m3", full, 100]]
    results = compute(
        read_project(write_xlsx(tmp_path / "p.xlsx", {"Projet": [["SHAB", 100]], "Matériaux": rows}))
    )
    assert results.line_counts.iloc[0][["computed", "rejected"]].tolist() == [2, 0]
    by_line = results.data.groupby("line_id")["value"].sum()
    assert by_line["A"] == by_line["B"] != 0
    (note,) = [i for i in results.issues if i.message.startswith("factor '8041ec07'")]
    assert (note.line_id, note.column) == ("A", "ID fiche")
    assert note.level == "info"
    assert note.message == f"factor '8041ec07' read as '{full}', the only factor whose id starts with it"
