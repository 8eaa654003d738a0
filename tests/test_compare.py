"""Comparison of variants on a hand-solvable project: literal totals, deltas, ranking, drivers, timeline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lca import InputError, compute, read_project
from lca.compare import (
    DELTA_COLUMNS,
    SUMMARY_COLUMNS,
    TIMELINE_COLUMNS,
    biogenic_carbon,
    by_module_group,
    compare,
    emission_timeline,
)
from lca.factors import FactorTable, stack
from tests.helpers import hand_factor_frame, hand_factors, write_xlsx

#: The hand project. Per variant, GWP-total over 50 years:
#: line 1 (lot 3) 10 m³ conc: A1-A3 2000, A4 50, A5 20, C 100 (D -100) -> 2170
#: line 2 (lot 6) 2 windows, SL 50: A1-A3 200, C4 20 (D -10) -> 220
#: line 3 (light, lot 3, replaces 1) 5 m³ conc -> 1085 (D -50)
#: line 4 (extra, lot 8) 10 m² ins, SL 30 -> n = 1: A1-A3 40, B4 40 -> 80
#: energy 1000 kWh/yr × 0.06 × 50 -> B6 3000
#: base 5390, light 4305, extra 5470; reference area 100 m², 2 dwellings.
MATERIALS = [
    ["Repère", "Lot", "Désignation", "Quantité", "Unité", "ID fiche", "Durée de vie", "Variante", "Remplace"],
    ["1", 3, "Voiles béton", 10, "m3", "conc", None, None, None],
    ["2", 6, "Fenêtres", 2, "u", "win", 50, None, None],
    ["3", 3, "Voiles béton allégé", 5, "m3", "conc", None, "light", "1"],
    ["4", 8, "Isolant", 10, "m2", "ins", None, "extra", None],
]


def hand_workbook(tmp_path: Path, materials: list[list[object]] | None = None) -> Path:
    """The hand project as a French workbook."""
    return write_xlsx(
        tmp_path / "projet.xlsx",
        {
            "Projet": [
                ["Clé", "Valeur"],
                ["Nom", "Test"],
                ["SHAB", 100],
                ["Nombre de logements", 2],
                ["Période d'étude", 50],
            ],
            "Matériaux": materials or MATERIALS,
            "Énergie": [
                ["Vecteur", "Usage", "Quantité", "Unité", "ID fiche"],
                ["électricité", "chauffage", 1000, "kWh", "elec"],
            ],
            "Variantes": [["Nom", "Description"], ["base", "béton"], ["light", "moins de béton"],
                          ["extra", "isolant"]],
        },
    )  # fmt: skip


def hand_results(tmp_path: Path, materials: list[list[object]] | None = None):  # type: ignore[no-untyped-def]
    """Results of the hand project (hand-made factors only)."""
    return compute(read_project(hand_workbook(tmp_path, materials)), hand_factors(), defaults=False)


@pytest.fixture
def results(tmp_path):
    return hand_results(tmp_path)


def test_totals_of_the_hand_project(results):
    total = results.total()["GWP-total"]
    assert total.to_dict() == pytest.approx({"base": 5390, "light": 4305, "extra": 5470})


def test_summary_is_tidy_with_every_view(results):
    summary = compare(results).summary()
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert set(summary["view"]) == {"total", "per_m2", "per_m2_year", "per_dwelling", "module", "lot"}
    gwp = summary.loc[summary["indicator"] == "GWP-total"].set_index(["view", "key", "variant"])["value"]
    assert gwp[("per_m2", "", "light")] == pytest.approx(43.05)
    assert gwp[("per_m2_year", "", "extra")] == pytest.approx(54.7 / 50)
    assert gwp[("per_dwelling", "", "base")] == pytest.approx(2695)
    assert gwp[("module", "D", "base")] == pytest.approx(-110)
    assert gwp[("lot", "3", "light")] == pytest.approx(1085)
    assert gwp[("lot", "energy", "base")] == pytest.approx(3000)
    units = summary.drop_duplicates("view").set_index("view")["unit"]
    assert units["per_m2_year"] == "kg CO2e/(m²·yr)"
    assert units["per_dwelling"] == "kg CO2e/dwelling"


def test_deltas_are_variant_minus_baseline(results):
    deltas = compare(results).deltas(["GWP-total"])
    assert list(deltas.columns) == DELTA_COLUMNS
    total = deltas.loc[deltas["view"] == "total"].set_index("variant")
    assert total["delta"].to_dict() == pytest.approx({"base": 0, "light": -1085, "extra": 80})
    assert total["delta_pct"].to_dict() == pytest.approx(
        {"base": 0, "light": -1085 / 5390 * 100, "extra": 80 / 5390 * 100}
    )
    module = deltas.loc[(deltas["view"] == "module") & (deltas["variant"] == "light")].set_index("key")[
        "delta"
    ]
    assert module.to_dict() == pytest.approx(
        {
            "A1-A3": -1000,
            "A4": -25,
            "A5": -10,
            "B4": 0,
            "B6": 0,
            "C1": -5,
            "C2": -10,
            "C3": -15,
            "C4": -20,
            "D": 50,
        }
    )
    # a lot only the variant has counts as 0 in the baseline; its % change is undefined
    lot8 = deltas.loc[(deltas["view"] == "lot") & (deltas["key"] == "8")].set_index("variant")
    assert lot8.loc["extra", "delta"] == pytest.approx(80)
    assert lot8.loc["extra", "baseline_value"] == 0
    assert np.isnan(lot8.loc["extra", "delta_pct"])
    # per m²: the same % as the totals
    per_m2 = deltas.loc[deltas["view"] == "per_m2"].set_index("variant")
    assert per_m2.loc["light", "delta"] == pytest.approx(-10.85)


def test_ranking_lowest_first(results):
    ranking = compare(results).ranking(["GWP-total"])
    assert ranking["variant"].tolist() == ["light", "base", "extra"]
    assert ranking["rank"].tolist() == [1, 2, 3]
    assert ranking["value"].tolist() == pytest.approx([4305, 5390, 5470])


@pytest.mark.parametrize(("by", "expected"), [
    ("element", {"Voiles béton": -2170, "Voiles béton allégé": 1085}),
    ("line", {"1": -2170, "3": 1085}),
    ("lot", {"3": -1085}),
])  # fmt: skip
def test_drivers_of_a_difference(results, by, expected):
    drivers = compare(results).drivers("light", by=by)
    assert dict(zip(drivers["key"], drivers["delta"], strict=True)) == pytest.approx(expected)
    assert drivers["share"].sum() == pytest.approx(1.0)
    assert drivers["delta"].abs().is_monotonic_decreasing
    if by == "line":
        assert drivers["element"].tolist() == ["Voiles béton", "Voiles béton allégé"]


def test_drivers_by_module_and_top_n(results):
    drivers = compare(results).drivers("light", by="module", n=2)
    assert drivers["key"].tolist() == ["A1-A3", "A4"]  # -1000, then -25 (C4 -20, C3 -15 ...)
    assert drivers["delta"].tolist() == pytest.approx([-1000, -25])
    assert "D" not in compare(results).drivers("light", by="module", n=None)["key"].tolist()


def test_baseline_and_variant_choice(results):
    comparison = compare(results, baseline="light", variants=["extra"])
    assert comparison.variants == ["light", "extra"]
    total = comparison.deltas(["GWP-total"], ["total"]).set_index("variant")["delta"]
    assert total["extra"] == pytest.approx(5470 - 4305)
    with pytest.raises(InputError, match=r"unknown variant 'nope'; the project has"):
        compare(results, baseline="nope")
    with pytest.raises(InputError, match="unknown view"):
        comparison.summary(views=["per_floor"])
    with pytest.raises(InputError, match="not computed"):
        comparison.summary(["ODP"])
    with pytest.raises(InputError, match="drivers by 'colour'"):
        comparison.drivers("extra", by="colour")


def test_module_groups(results):
    groups = by_module_group(results)
    assert groups.loc["extra"].to_dict() == pytest.approx(
        {"A1-A3": 2240, "A4-A5": 70, "B4": 40, "B6": 3000, "B-other": 0, "C": 120, "D": -110}
    )


def test_emission_timeline_places_each_emission_at_its_year(results):
    timeline = emission_timeline(results)
    assert list(timeline.columns) == TIMELINE_COLUMNS
    extra = timeline.loc[timeline["variant"] == "extra"]
    at = extra.groupby(["year", "module_group"], observed=True)["value"].sum()
    assert at[(0.0, "A1-A3")] == pytest.approx(2240)
    assert at[(0.0, "A4-A5")] == pytest.approx(70)
    assert at[(30.0, "B4")] == pytest.approx(40)  # insulation replaced once, at 1 × SL
    assert at[(50.0, "C")] == pytest.approx(120)
    b6 = extra.loc[extra["module_group"] == "B6"]
    assert b6["year"].tolist() == list(np.arange(1.0, 51.0))
    assert b6["value"].to_numpy() == pytest.approx(60.0)
    # the timeline adds up to the total of every variant (D left out)
    sums = timeline.groupby("variant", observed=True)["value"].sum()
    assert sums.to_dict() == pytest.approx(results.total()["GWP-total"].to_dict())


def test_timeline_of_several_and_fractional_replacements(tmp_path):
    materials = [
        ["Repère", "Lot", "Désignation", "Quantité", "Unité", "ID fiche", "Durée de vie"],
        ["1", 6, "Fenêtres", 1, "u", "win", 20],  # n = ceil(50/20) - 1 = 2: at 20 and 40
    ]
    r = hand_results(tmp_path, materials)
    b4 = emission_timeline(r).query("module_group == 'B4' and variant == 'base'")
    assert b4["year"].tolist() == [20.0, 40.0]
    assert b4["value"].tolist() == pytest.approx([110.0, 110.0])
    project = read_project(hand_workbook(tmp_path, materials))
    project.replacement_rule = "fraction"  # n = 50/20 - 1 = 1.5: a whole unit at 20, half a unit at 40
    b4 = emission_timeline(compute(project, hand_factors(), defaults=False)).query("module_group == 'B4'")
    b4 = b4.loc[b4["variant"] == "base"]
    assert b4["value"].tolist() == pytest.approx([110.0, 55.0])


def test_biogenic_carbon_stored(tmp_path):
    timber = pd.DataFrame(
        [{"factor_id": "clt", "module": "A1-A3", "indicator": "GWP-total", "value": -600.0,
          "declared_unit": "m3", "density": 470, "biogenic_carbon": 230.0}]
    )  # fmt: skip
    table, issues = FactorTable.from_frame(timber, "timber")
    assert not issues
    materials = [*MATERIALS, ["5", 3, "Planchers CLT", 2, "m3", "clt", 100, "extra", None]]
    project = read_project(hand_workbook(tmp_path, materials))
    r = compute(project, stack([hand_factors(), table]), defaults=False)
    stored = biogenic_carbon(r)
    # no factor of base or light declares biogenic carbon: not available (NaN), not 0
    assert stored["biogenic_carbon"].to_dict() == pytest.approx(
        {"base": np.nan, "light": np.nan, "extra": 460.0}, nan_ok=True
    )
    assert stored.loc["extra", "co2e"] == pytest.approx(460.0 * 44 / 12)
    assert stored.loc["extra", "lines_with_data"] == 1
    assert stored.loc["base", "lines_without_data"] == 2


def test_hand_factor_frame_is_unchanged():
    # the literal numbers above rely on these factors
    frame = hand_factor_frame().query("indicator == 'GWP-total'").set_index(["factor_id", "module"])["value"]
    assert frame[("conc", "A1-A3")] == 200 and frame[("ins", "A1-A3")] == 4 and frame[("elec", "B6")] == 0.06
