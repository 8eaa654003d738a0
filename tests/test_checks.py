"""Plausibility warnings (issue 9 point 11 and the +A1/+A2 mix of point 13): figures worth a look,
listed with the other issues at level ``warning``."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from lca import Project, compute
from lca.checks import (
    CONCRETE_M3_PER_M2,
    PRODUCTS_PER_M2,
    concrete_issues,
    equipment_issues,
    gwp_per_kg_issues,
    products_issues,
    standards_issues,
)
from lca.datasets import dataset_path
from lca.factors import FactorTable
from lca.model import Variant, normalise_lines
from tests.conftest import ROOT

READY_MIX = "Mineral building products / Mortar and Concrete / Ready mixed concrete"
ALUMINIUM = "Metals / Aluminium"
AIR = "Building service engineering / Air conditioning and ventilation"


def factor(fid, value, unit="kg", *, indicator="GWP-total", module="A1-A3", **meta):
    return {"factor_id": fid, "module": module, "indicator": indicator, "value": value,
            "declared_unit": unit, **meta}  # fmt: skip


def run(factors, lines, *, area=100.0, variants=None, file=None):
    table, issues = FactorTable.from_frame(pd.DataFrame(factors), "t")
    assert not issues, issues
    frame = normalise_lines(pd.DataFrame(lines).assign(sheet="Matériaux"))
    project = Project(name="p", reference_area=area, lines=frame, variants=variants or [], file=file)
    return compute(project, table, defaults=False)


def warnings_of(results, check):
    return [i for i in results.issues if i.extra.get("check") == check or check in i.message]


# ------------------------------------------------------------------------------ per kg of material
def test_a_factor_declared_per_micro_kg_is_worth_a_look():
    # the R410a case of ÖKOBAUDAT 2020-II: values per kg, declared amount 1e-6 kg -> 8.06e6 kg CO2e per kg
    r = run(
        [factor("r410a", 8.06, declared_amount=1e-6, category=AIR)],
        [{"line_id": "H1", "lot": "8", "quantity": 1, "unit": "kg", "factor_id": "r410a", "row": 5}],
    )
    (issue,) = gwp_per_kg_issues(r)
    assert issue.level == "warning"
    assert (issue.sheet, issue.row, issue.column, issue.line_id) == ("Matériaux", 5, "factor_id", "H1")
    assert issue.message == (
        "worth a look: A1-A3 is 8,060,000 kg CO2e per kg of material, far outside the range of the factor's "
        "category 'Building service engineering / Air conditioning and ventilation' (0.0557 to 117 kg "
        "CO2e/kg); 8.06 would be in range: a declared amount, unit or mass 10^6 off is the usual cause; "
        "check factor 'r410a' (declared unit, amount, values) and this line's unit"
    )
    assert issue in r.issues  # compute lists it with the other issues


def test_per_kg_goes_through_the_density_and_stays_quiet_in_range():
    # 1 m³ of aluminium at 2,700 kg/m³ and 30,000 kg CO2e per m³: 11.1 per kg, in range (1.05 to 114)
    # the same in t with a factor per kg typed per tonne (11,100 per kg): out of range
    r = run(
        [factor("alu", 30000.0, "m3", density=2700, category=ALUMINIUM),
         factor("alu_t", 11100.0, "kg", category=ALUMINIUM),
         factor("mine", 1e6, "kg")],  # no category: no range, not checked
        [{"line_id": "1", "lot": "6", "quantity": 1, "unit": "m3", "factor_id": "alu"},
         {"line_id": "2", "lot": "6", "quantity": 0.5, "unit": "t", "factor_id": "alu_t"},
         {"line_id": "3", "lot": "6", "quantity": 1, "unit": "kg", "factor_id": "mine"}],
    )  # fmt: skip
    (issue,) = gwp_per_kg_issues(r)
    assert issue.line_id == "2"
    assert issue.message.startswith(
        "worth a look: A1-A3 is 11,100 kg CO2e per kg of material, far outside the range of the factor's "
        "category 'Metals / Aluminium' (1.05 to 114 kg CO2e/kg); 11.1 would be in range"
    )


def test_one_warning_per_factor_naming_its_lines():
    lines = [
        {"line_id": f"H{k}", "lot": "8", "quantity": 1 + k, "unit": "kg", "factor_id": "r410a", "row": 2 + k}
        for k in range(7)
    ]
    r = run([factor("r410a", 8.06, declared_amount=1e-6, category=AIR)], lines)
    (issue,) = gwp_per_kg_issues(r)
    assert (issue.row, issue.line_id) == (2, "H0")
    assert issue.message.endswith(
        "check factor 'r410a' (declared unit, amount, values) and the units of its 7 lines (H0, H1, H2, H3, "
        "H4 and 2 more)"
    )


def test_per_kg_skips_lines_of_unknown_mass():
    r = run(
        [factor("alu", 1e6, "m2", category=ALUMINIUM)],  # no area mass: the mass of 1 m² is unknown
        [{"line_id": "1", "lot": "6", "quantity": 1, "unit": "m2", "factor_id": "alu"}],
    )
    assert gwp_per_kg_issues(r) == []


# ------------------------------------------------------------------------------ concrete per m²
CONCRETE = factor("c25", 250.0, "m3", density=2400, category=READY_MIX, name="Ready-mix concrete C25/30")


@pytest.mark.parametrize(
    ("volume", "lot", "expected"),
    [
        (10.0, "3", "variant 'base' has 0.100 m³ of concrete per m² of reference area (10 m³ over 100 "
                    "m²), less than usual"),
        (200.0, "3", "variant 'base' has 2.00 m³ of concrete per m² of reference area (200 m³ over 100 "
                     "m²), more than usual"),
        (10.0, "2", None),  # a slab under a timber frame: no lower bound without concrete in lot 3
        (20.0, "3", None),
        (150.0, "3", None),
    ],
)  # fmt: skip
def test_concrete_volume_per_m2(volume, lot, expected):
    r = run([CONCRETE], [{"line_id": "1", "lot": lot, "quantity": volume, "unit": "m3", "factor_id": "c25"}])
    found = concrete_issues(r)
    if expected is None:
        assert found == []
        return
    (issue,) = found
    assert issue.level == "warning"
    assert issue.message == (
        f"worth a look: {expected} for a building (0.2 to 1.5 m³/m²); check the concrete quantities and "
        "units (m³, not m²) and the reference area"
    )


def test_concrete_in_tonnes_counts_through_its_density_and_variants_apart():
    # 24 t at 2,400 kg/m³ = 10 m³ (0.1 m³/m²) in the base; the variant adds 30 m³ (0.4 m³/m²)
    r = run(
        [CONCRETE, factor("wood", -700.0, "m3", density=500, category="Wood / Solid wood", name="Timber")],
        [{"line_id": "1", "lot": "3", "quantity": 24, "unit": "t", "factor_id": "c25"},
         {"line_id": "2", "lot": "3", "quantity": 30, "unit": "m3", "factor_id": "c25", "variant": "dense"},
         {"line_id": "3", "lot": "3", "quantity": 50, "unit": "m3", "factor_id": "wood"}],
        variants=[Variant("base"), Variant("dense")],
    )  # fmt: skip
    (issue,) = concrete_issues(r)
    assert issue.extra["variant"] == "base" and issue.value == 0.1


def test_concrete_of_unknown_volume_is_only_checked_against_the_upper_bound():
    precast = "Mineral building products / Bricks, blocks and elements / Precast concrete elements and goods"
    slab = factor("slab", 50.0, "m2", category=precast, name="Precast concrete slab, ceiling, 20cm")
    r = run(
        [CONCRETE, slab],
        [{"line_id": "1", "lot": "3", "quantity": 5, "unit": "m3", "factor_id": "c25"},
         {"line_id": "2", "lot": "3", "quantity": 100, "unit": "m2", "factor_id": "slab"}],
    )  # fmt: skip
    assert concrete_issues(r) == []


def test_aerated_lightweight_aggregates_and_pumping_are_not_concrete():
    others = [
        factor("aac", 100.0, "m3", density=500, name="Aerated concrete P4 05",
               category="Mineral building products / Bricks, blocks and elements / Aerated concrete"),
        factor("pump", 5.0, "m3", density=2365, name="Pumping of concrete",
               category="Others / Processes at building site / Concreting"),
        factor("gravel", 0.01, "kg", density=1850, name="Gravel 2/32",
               category="Mineral building products / Concrete aggregates / Sand and gravel"),
        factor("light", 100.0, "m3", density=700, name="Expanded clay concrete block inner wall",
               category="Mineral building products / Bricks, blocks and elements / Light concrete"),
    ]  # fmt: skip
    ids = [f["factor_id"] for f in others]
    lines = [{"line_id": f, "lot": "3", "quantity": 500, "unit": "m3", "factor_id": f} for f in ids]
    assert concrete_issues(run(others, lines)) == []


def test_no_concrete_check_without_reference_area():
    r = run(
        [CONCRETE], [{"line_id": "1", "lot": "3", "quantity": 1, "unit": "m3", "factor_id": "c25"}], area=None
    )
    assert concrete_issues(r) == [] and products_issues(r) == []


# ----------------------------------------------------------------------------- products per m²
@pytest.mark.parametrize(
    ("volume", "expected"),
    [
        (40.0, "are 100.0 kg CO2e per m² of reference area over 50 years, outside the usual 150 to 1,500 "
               "kg CO2e/m² (over 50 years); lots or quantities may be missing, or the reference area too "
               "large"),
        (80.0, None),  # 200 kg CO2e/m²
        (600.0, None),  # 1,500: the bound itself is in
        (640.0, "are 1,600 kg CO2e per m² of reference area over 50 years, outside the usual 150 to 1,500 "
                "kg CO2e/m² (over 50 years); a quantity or unit may be wrong (m² typed as m³, kg as t), or "
                "the reference area too small"),
    ],
)  # fmt: skip
def test_products_per_m2(volume, expected):
    r = run([CONCRETE], [{"line_id": "1", "lot": "3", "quantity": volume, "unit": "m3", "factor_id": "c25"}])
    found = products_issues(r)
    if expected is None:
        assert found == []
        return
    (issue,) = found
    assert issue.message == f"worth a look: construction products and equipment of variant 'base' {expected}"


def test_bands_are_the_documented_ones():
    assert CONCRETE_M3_PER_M2 == (0.2, 1.5)
    assert PRODUCTS_PER_M2 == (150.0, 1500.0)
    doc = (ROOT / "docs" / "calculation.md").read_text(encoding="utf-8")
    assert "0.2–1.5 m³/m²" in doc and "150–1,500 kg CO2e/m²" in doc


# ------------------------------------------------------------------------------- equipment lots
def test_a_project_without_equipment_lots():
    r = run([CONCRETE], [{"line_id": "1", "lot": "3", "quantity": 50, "unit": "m3", "factor_id": "c25"}])
    (issue,) = equipment_issues(r)
    assert (issue.level, issue.sheet, issue.column) == ("warning", "Matériaux", "lot")
    assert issue.message == (
        "worth a look: the project has no line in lots 8 to 13 (heating, ventilation, plumbing, electricity, "
        "lifts, local electricity production): the equipment is missing from the products figure; add its "
        "lines, or the RE2020 fixed values for lots 8–13 (valeurs forfaitaires)"
    )


def test_a_variant_that_removes_the_only_equipment_line():
    heat_pump = factor("hp", 1500.0, "piece", category="Building service engineering / Heating")
    r = run(
        [CONCRETE, heat_pump],
        [{"line_id": "1", "lot": "3", "quantity": 50, "unit": "m3", "factor_id": "c25"},
         {"line_id": "2", "lot": "Lot 8 - CVC", "quantity": 1, "unit": "u", "factor_id": "hp"},
         {"line_id": "3", "lot": "3", "quantity": 5, "unit": "m3", "factor_id": "c25", "variant": "bare",
          "replaces": "2"}],
        variants=[Variant("base"), Variant("bare")],
    )  # fmt: skip
    (issue,) = equipment_issues(r)
    assert issue.message.startswith("worth a look: variant 'bare' has no line in lots 8 to 13")


def test_lots_of_another_scheme_are_not_checked():
    r = run(
        [CONCRETE], [{"line_id": "1", "lot": "Gros œuvre", "quantity": 50, "unit": "m3", "factor_id": "c25"}]
    )
    assert equipment_issues(r) == []


# ---------------------------------------------------------------------------- +A1 and +A2 mixed
def test_a_project_mixing_a1_and_a2_factors():
    rows = [
        factor("old", 10.0, standard="EN 15804+A1"),
        factor("old", 0.1, indicator="AP (A1)", standard="EN 15804+A1"),
        factor("old", 50.0, indicator="PERT", standard="EN 15804+A1"),
        factor("new", 20.0, standard="EN 15804+A2"),
        factor("new", 0.2, indicator="AP", standard="EN 15804+A2"),
        factor("new", 60.0, indicator="PERT", standard="EN 15804+A2"),
    ]
    lines = [{"line_id": str(k), "lot": "3", "quantity": 1, "unit": "kg", "factor_id": f}
             for k, f in enumerate(["old", "new"])]  # fmt: skip
    r = run(rows, lines)
    (issue,) = standards_issues(r)
    assert issue.level == "warning" and issue.extra["indicators"] == ["AP", "AP (A1)"]
    assert issue.message == (
        "worth a look: the project mixes EN 15804+A1 factors (1, e.g. 'old') and EN 15804+A2 factors (1, "
        "e.g. 'new'); not comparable between the two, their sums mix methods: AP, AP (A1). GWP-total is "
        "comparable with care (IPCC AR4 and free biogenic carbon bookkeeping in +A1, AR5 and the −1/+1 rule "
        "in +A2). Use factors of one version to compare these indicators"
    )
    assert issue in r.issues


def test_one_standard_only_is_quiet():
    rows = [factor("a", 10.0, standard="EN 15804+A1"), factor("b", 1.0, standard="EN 15804+A1"),
            factor("c", 1.0)]  # fmt: skip
    lines = [{"line_id": f, "lot": "3", "quantity": 1, "unit": "kg", "factor_id": f} for f in "abc"]
    assert standards_issues(run(rows, lines)) == []


# ----------------------------------------------------------------------------- the shipped examples
@pytest.mark.parametrize("name", ["maison_individuelle", "residence_collective"])
def test_the_shipped_examples_raise_no_plausibility_warning(name):
    path = dataset_path(f"examples/{name}.xlsx")
    out = subprocess.run([sys.executable, "-m", "lca.cli", "run", str(path), "--format", "json", "--strict"],
                         capture_output=True, text=True, check=False)  # fmt: skip
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr
    issues = json.loads(out.stdout)["issues"]
    assert [i for i in issues if i["level"] != "info"] == []
