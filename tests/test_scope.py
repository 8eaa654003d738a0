"""What the headline figure contains (issue 9 point 9): products, energy (B6) and water (B7), which add
up to the total, in ``Results.by_scope``, the JSON, the terminal summary and the report."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lca import Project, compute
from lca.datasets import dataset_path
from lca.model import Variant, normalise_lines
from lca.report import write_report
from lca.summary import format_summary
from tests.helpers import hand_factors
from tests.test_report import table_after

LINES = [
    # 1 m³ of concrete: A1-A3 200 + A4 5 + A5 2 + C1..C4 10 = 217 (D -10 apart)
    {"line_id": "1", "lot": "3", "quantity": 1, "unit": "m3", "factor_id": "conc"},
    # 2 windows: 2 × (100 + 10) = 220, replaced once in 50 years (service life 25): B4 220
    {"line_id": "2", "lot": "6", "quantity": 2, "unit": "u", "factor_id": "win", "variant": "v"},
    # 1,000 kWh a year × 0.06 × 50 years = 3,000 (B6)
    {"line_id": "E", "kind": "energy", "quantity": 1000, "unit": "kWh", "factor_id": "elec"},
    # 10 m³ a year × 0.5 × 50 years = 250 (B7)
    {"line_id": "W", "kind": "water", "quantity": 10, "unit": "m3", "factor_id": "water"},
]


def _project(area: float | None = 100.0) -> Project:
    return Project(
        name="scope",
        reference_area=area,
        lines=normalise_lines(pd.DataFrame(LINES)),
        variants=[Variant("base"), Variant("v")],
    )


@pytest.fixture
def results():
    return compute(_project(), hand_factors(), defaults=False)


def test_by_scope_separates_products_energy_and_water(results):
    gwp = results.by_scope()["GWP-total"]
    assert gwp.loc["base"].to_dict() == pytest.approx({"products": 217.0, "energy": 3000.0, "water": 250.0})
    assert gwp.loc["v"].to_dict() == pytest.approx({"products": 657.0, "energy": 3000.0, "water": 250.0})
    per_m2 = results.by_scope_per_m2()["GWP-total"]
    assert per_m2.loc["v"].to_dict() == pytest.approx({"products": 6.57, "energy": 30.0, "water": 2.5})
    assert list(results.by_scope().index.names) == ["variant", "scope"]
    summed = results.by_scope().groupby(level="variant", sort=False).sum()
    np.testing.assert_allclose(summed.to_numpy(), results.total().to_numpy(), rtol=1e-12)


def test_a_scope_without_lines_is_zero():
    lines = [LINES[0]]
    project = Project(reference_area=10.0, lines=normalise_lines(pd.DataFrame(lines)))
    r = compute(project, hand_factors(), defaults=False)
    assert r.by_scope()["GWP-total"].loc["base"].to_dict() == {"products": 217.0, "energy": 0.0, "water": 0.0}


def test_json_carries_by_scope_and_by_scope_per_m2(results):
    variant = json.loads(results.to_json())["variants"][1]
    assert variant["name"] == "v"
    assert variant["by_scope"]["products"]["GWP-total"] == pytest.approx(657.0)
    assert variant["by_scope"]["energy"]["GWP-fossil"] == pytest.approx(2700.0)
    expected = {
        "products": {"GWP-total": 6.57, "GWP-fossil": 5.913},
        "energy": {"GWP-total": 30.0, "GWP-fossil": 27.0},
        "water": {"GWP-total": 2.5, "GWP-fossil": 2.25},
    }
    assert list(variant["by_scope_per_m2"]) == ["products", "energy", "water"]
    for scope, values in expected.items():
        assert variant["by_scope_per_m2"][scope] == pytest.approx(values)


def test_json_per_m2_is_null_without_reference_area():
    r = compute(_project(area=None), hand_factors(), defaults=False)
    variant = r.to_dict()["variants"][0]
    assert variant["by_scope"]["water"]["GWP-total"] == pytest.approx(250.0)
    assert variant["by_scope_per_m2"]["products"] == {"GWP-total": None, "GWP-fossil": None}


def _rows(block: list[str]) -> dict[str, list[str]]:
    return {line.split()[0]: line.split()[1:] for line in block if line.split()[0] in ("base", "v")}


@pytest.mark.parametrize(
    ("lang", "title", "base", "v"),
    [
        ("en", "GWP-total per m² of reference area (SHAB) over 50 years [kg CO2e/m²]",
         ["2.170", "30.00", "2.500", "34.67"], ["6.570", "30.00", "2.500", "39.07"]),
        ("fr", "GWP-total par m² de surface de référence (SHAB) sur 50 ans [kg CO2e/m²]",
         ["2,170", "30,00", "2,500", "34,67"], ["6,570", "30,00", "2,500", "39,07"]),
    ],
)  # fmt: skip
def test_terminal_summary_shows_products_per_m2_first(results, lang, title, base, v):
    text = format_summary(results, lang=lang, width=80)
    block = text.split("\n\n")[1].splitlines()
    assert block[0] == title
    heads = {"en": ["products", "energy", "water", "Total"], "fr": ["produits", "énergie", "eau", "Total"]}
    assert all(word in "\n".join(block[1:5]) for word in heads[lang])
    assert _rows(block) == {"base": base, "v": v}


def test_terminal_summary_without_area_shows_totals():
    text = format_summary(compute(_project(area=None), hand_factors(), defaults=False), lang="en", width=80)
    block = text.split("\n\n")[1].splitlines()
    assert block[0] == "GWP-total over 50 years [kg CO2e] (no reference area (SHAB): not per m²)"
    assert _rows(block) == {
        "base": ["217.0", "3,000", "250.0", "3,467"],
        "v": ["657.0", "3,000", "250.0", "3,907"],
    }


@pytest.mark.parametrize(
    ("lang", "title", "products", "per_m2", "total"),
    [
        ("fr", "Ce que contient le total (GWP-total)", "Produits de construction et équipements", "Par m²",
         "Total (hors D)"),
        ("en", "What the total contains (GWP-total)", "Construction products and equipment", "Per m²",
         "Total (D excluded)"),
    ],
)  # fmt: skip
def test_report_summary_sheet_has_the_scopes(results, tmp_path, lang, title, products, per_m2, total):
    path = write_report(results, tmp_path / "r.xlsx", charts=False, lang=lang)
    book = openpyxl.load_workbook(path)
    table = table_after(book.worksheets[0], title)
    assert len(table) == 6
    first = table.iloc[0].tolist()
    assert first[:3] == [products, per_m2, "kg CO2e/m²"]
    assert first[3:] == pytest.approx([2.17, 6.57])
    last = table.iloc[5].tolist()
    assert last[1:] == [total, "kg CO2e", 250.0, 250.0]


def test_cli_json_of_an_example_adds_up():
    out = subprocess.run(
        [sys.executable, "-m", "lca.cli", "run", str(dataset_path("examples/maison_individuelle.xlsx")),
         "--format", "json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    for variant in json.loads(out.stdout)["variants"]:
        scopes = variant["by_scope"]
        assert set(scopes) == {"products", "energy", "water"}
        summed = sum(scopes[s]["GWP-total"] for s in scopes)
        assert summed == pytest.approx(variant["total"]["GWP-total"], rel=1e-12)
        assert variant["by_scope_per_m2"]["energy"]["GWP-total"] == pytest.approx(153.9)


amounts = st.floats(0.1, 1e4)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["conc", "win", "elec", "water"]), amounts), min_size=1, max_size=9)
)
def test_scopes_add_up_to_the_total(picks):
    kinds = {"elec": "energy", "water": "water"}
    units = {"conc": "m3", "win": "u", "elec": "kWh", "water": "m3"}
    rows = [
        {"line_id": str(k), "kind": kinds.get(f, "material"), "quantity": q, "unit": units[f], "factor_id": f}
        for k, (f, q) in enumerate(picks)
    ]
    r = compute(Project(reference_area=50.0, lines=normalise_lines(pd.DataFrame(rows))), hand_factors(),
                defaults=False)  # fmt: skip
    summed = r.by_scope().groupby(level="variant", sort=False).sum()
    np.testing.assert_allclose(summed.to_numpy(), r.total().to_numpy(), rtol=1e-12, atol=1e-9)
    energy = r.by_scope().xs("energy", level="scope")
    np.testing.assert_allclose(energy.to_numpy(), r.by_module().xs("B6", level="module").to_numpy()
                               if "B6" in r.by_module().index.get_level_values("module") else 0.0,
                               rtol=1e-12)  # fmt: skip
