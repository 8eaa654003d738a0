"""The RE2020 dynamic method on hand-solvable cases with literal expected numbers.

Hand factors (tests/helpers.py), per declared unit, GWP-total: ``conc`` [m³] A1-A3 200, A4 5, A5 2,
C1…C4 1+2+3+4, D −10; ``win`` [u] A1-A3 100, C4 10; ``elec`` [kWh] B6 0.06; ``water`` [m³] 0.5.
Weights (re2020.md §1a): f(0) = 1, f(13) = 0.897, f(20) = 0.840, f(25) = 0.798, f(38) = 0.686,
f(40) = 0.669, f(50) = 0.578, Σ f(1…50) = 39.543.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from lca import InputError, Project, compute
from lca.factors import FactorTable
from lca.methods import re2020_rules as rules
from lca.methods.re2020 import (
    DISCLAIMER,
    apply_re2020,
    emission_timeline,
    format_re2020,
    method_assumptions,
)
from lca.methods.re2020_plot import plot_re2020
from lca.model import Variant, normalise_lines
from tests.helpers import hand_factor_frame, hand_factors

SITE = {"building_type": "individual_house", "climate_zone": "H1a", "altitude": 100.0, "permit_year": 2025}
KEYS = {
    "ic_construction", "ic_energie", "ic_batiment", "icded", "stock_c", "ic_construction_static",
    "ic_energie_static", "ic_construction_max", "ic_energie_max", "margins", "compliant", "by_year",
    "by_lot", "assumptions", "disclaimer", "units",
}  # fmt: skip


def project(lines: list[dict], *, variants=None, **kw) -> Project:
    values = {**SITE, "reference_area": 100.0, "dwellings": 1, **kw}
    return Project(name="t", lines=normalise_lines(pd.DataFrame(lines)), variants=variants or [], **values)


def run(lines: list[dict], *, table: FactorTable | None = None, variants=None, **kw):
    static = compute(project(lines, variants=variants, **kw), table or hand_factors(), defaults=False)
    return apply_re2020(static)


def re(results, variant: str = "base") -> dict:
    return results.extra["variants"][variant]["re2020"]


def conc(q: float, lot: str = "3", **kw) -> dict:
    return {
        "line_id": kw.pop("line_id", "c"),
        "lot": lot,
        "quantity": q,
        "unit": "m3",
        "factor_id": "conc",
        **kw,
    }


def extra_factors() -> FactorTable:
    """Hand factors plus a maintained, bio-based default-data panel ``ded`` [m²]: A1-A3 10, B2 50,
    data_type DED, biogenic carbon 4 kg C/m²."""
    rows = [
        {"factor_id": "ded", "module": m, "indicator": "GWP-total", "value": v, "declared_unit": "m2",
         "data_type": "DED", "biogenic_carbon": 4.0}
        for m, v in {"A1-A3": 10.0, "B2": 50.0}.items()
    ]  # fmt: skip
    table, issues = FactorTable.from_frame(pd.concat([hand_factor_frame(), pd.DataFrame(rows)]), "hand")
    assert not issues
    return table


# ------------------------------------------------------------------------------- dynamic weighting


def test_weights_of_the_reference_page():
    f = rules.dynamic_weights()
    assert (f[0], f[20], f[40], f[50]) == pytest.approx((1.0, 0.840, 0.669, 0.578))
    assert rules.energy_weight_sum() == pytest.approx(39.543)


def test_one_line_without_replacement():
    r = run([conc(10)])
    # A = 10·(200 + 5 + 2) at t = 0, C = 10·(1 + 2 + 3 + 4) at t = 50; D left out
    assert re(r)["ic_construction"] == pytest.approx((2070 * 1 + 100 * 0.578) / 100)  # 21.278
    assert re(r)["ic_construction_static"] == pytest.approx(21.7)
    assert re(r)["by_lot"] == pytest.approx({"3": 21.278})
    assert re(r)["ic_energie"] == 0.0


def test_replacements_at_20_and_40():
    r = run(
        [{"line_id": "w", "lot": "6", "quantity": 2, "unit": "u", "factor_id": "win", "service_life": 20}]
    )
    # n = 2; each replacement = 2·(100 + 10) = 220 at years 20 and 40; initial 200 at 0; final C 20 at 50
    expected = (200 + 220 * 0.840 + 220 * 0.669 + 20 * 0.578) / 100
    assert re(r)["ic_construction"] == pytest.approx(expected)  # 5.4354
    assert re(r)["ic_construction_static"] == pytest.approx((200 + 440 + 20) / 100)
    timeline = emission_timeline(r)
    b4 = timeline[timeline["module_group"] == "B4"]
    assert b4["year"].tolist() == [20, 40]
    assert b4["value_weighted"].tolist() == pytest.approx([220 * 0.840, 220 * 0.669])


def test_replacement_years_round_to_the_nearest_year():
    r = run([{"line_id": "w", "quantity": 1, "unit": "u", "factor_id": "win", "service_life": 12.5}])
    timeline = emission_timeline(r)
    b4 = timeline[timeline["module_group"] == "B4"]
    assert b4["year"].tolist() == [13, 25, 38]  # 12.5, 25, 37.5 rounded half up
    expected = (100 + 110 * (0.897 + 0.798 + 0.686) + 10 * 0.578) / 100
    assert re(r)["ic_construction"] == pytest.approx(expected)


def test_energy_line():
    r = run(
        [conc(1), {"line_id": "e", "kind": "energy", "quantity": 1000, "unit": "kWh", "factor_id": "elec"}]
    )
    assert re(r)["ic_energie"] == pytest.approx(1000 * 0.06 * 39.543 / 100)  # 23.7258
    assert re(r)["ic_energie_static"] == pytest.approx(1000 * 0.06 * 50 / 100)
    assert re(r)["ic_construction"] == pytest.approx(2.1278)  # the energy is not in Ic_construction


@pytest.mark.parametrize("lot", ["chantier", "Chantier", "CHANTIER", "Chântier", " site ", "Site"])
def test_site_line_at_year_zero(lot):
    r = run([conc(10), conc(1, lot=lot, line_id="s")])
    # the whole site line (A + C = 217) at t = 0, weight 1
    assert re(r)["ic_chantier"] == pytest.approx(2.17)
    assert re(r)["ic_construction"] == pytest.approx(21.278 + 2.17)
    assert re(r)["by_lot"] == pytest.approx({"3": 21.278, "chantier": 2.17})
    site = emission_timeline(r).query("line_id == 's'")
    assert site["year"].tolist() == [0] and site["contribution"].tolist() == ["chantier"]


def test_water_is_informative_and_ic_batiment_adds_it():
    r = run([conc(10), {"line_id": "h", "kind": "water", "quantity": 10, "unit": "m3", "factor_id": "water"}])
    v = re(r)
    assert v["ic_eau"] == pytest.approx(10 * 0.5 * 39.543 / 100)
    assert v["ic_construction"] == pytest.approx(21.278) and v["ic_energie"] == 0.0
    assert v["ic_batiment"] == pytest.approx(21.278 + 1.97715)


def test_use_stage_spread_icded_and_stock_c():
    r = run(
        [conc(10), {"line_id": "p", "quantity": 5, "unit": "m2", "factor_id": "ded"}], table=extra_factors()
    )
    v = re(r)
    # panel: A1-A3 5·10 = 50 at t = 0; B2 5·50 = 250 spread as 5 a year over years 1…50
    panel = 50 + 5 * 39.543
    assert v["ic_construction"] == pytest.approx(21.278 + panel / 100)
    assert v["icded"] == pytest.approx(panel / 100)  # only the DED line
    assert v["stock_c"] == pytest.approx(5 * 4.0 / 100)  # kg C/m²
    use = emission_timeline(r).query("line_id == 'p' and module_group == 'B1-B3+B5'")
    assert use["year"].tolist() == list(range(1, 51)) and use["value_static"].sum() == pytest.approx(250)


def test_timeline_conserves_the_static_total_and_matches_the_indicators():
    lines = [
        conc(10),
        {"line_id": "w", "lot": "6", "quantity": 3, "unit": "u", "factor_id": "win", "service_life": 15},
        {"line_id": "e", "kind": "energy", "quantity": 800, "unit": "kWh", "factor_id": "elec"},
        {"line_id": "x", "variant": "alt", "replaces": "c", **conc(12)},
    ]
    r = run(lines, variants=[Variant("base"), Variant("alt")])
    timeline = emission_timeline(r)
    assert list(timeline.columns) == [
        "variant", "line_id", "lot", "year", "module_group", "contribution", "value_static", "value_weighted",
    ]  # fmt: skip
    assert timeline["year"].between(0, 50).all()
    sums = timeline.groupby("variant", observed=True)[["value_static", "value_weighted"]].sum()
    static = r.total()["GWP-total"]
    assert sums["value_static"].to_numpy() == pytest.approx(static.loc[["base", "alt"]].to_numpy())
    for name in ("base", "alt"):
        v = re(r, name)
        assert sums.loc[name, "value_weighted"] / 100 == pytest.approx(v["ic_construction"] + v["ic_energie"])
    assert re(r, "alt")["ic_construction"] - re(r, "base")["ic_construction"] == pytest.approx(2 * 2.1278)


def test_other_indicators_stay_static_and_input_is_untouched():
    static = compute(project([conc(10)]), hand_factors(), defaults=False)
    r = apply_re2020(static)
    assert r.method == "re2020" and static.method == "en15978" and "variants" not in static.extra
    pd.testing.assert_frame_equal(r.total(), static.total())


def test_needs_ceil_rule_over_50_years():
    static = compute(project([conc(1)]), hand_factors(), defaults=False, study_period=40)
    with pytest.raises(InputError, match="PER = 50"):
        apply_re2020(static)


# ------------------------------------------------------------------------------ thresholds, verdict


def test_thresholds_of_a_sample_house():
    # Sref 120 m², 1 dwelling: Misurf_moy = 0.36 − 3.6·0.120 = −0.072; Mcsurf_moy = (14.5 − 0.2·120)/55;
    # H1a below 400 m: Mcgéo = 0.10, Migéo = 0
    r = run([conc(10)], reference_area=120.0)
    v = re(r)
    assert v["ic_construction_max"] == pytest.approx(530 * (1 - 0.072))  # 491.84
    assert v["ic_energie_max"] == pytest.approx(160 * (1 + 0.10 + (14.5 - 0.2 * 120) / 55))
    assert v["margins"]["ic_construction"] == pytest.approx(491.84 - (2070 + 100 * 0.578) / 120)
    assert v["by_year"]["2028"]["ic_construction_max"] == pytest.approx(475 * 0.928)
    assert v["by_year"]["2031"]["ic_construction_max"] == pytest.approx(415 * 0.928)
    params = rules.ThresholdInputs(**SITE, reference_area=120.0, dwellings=1, icded=0, ic_lot1=0,
                                   ic_lot2=0, ic_lot13=0)  # fmt: skip
    assert v["ic_energie_max"] == pytest.approx(rules.ic_energie_max(params)[0])


def test_lot_2_raises_the_threshold_through_miinfra():
    # lot 2.1 concrete, 30 m³: 30·(207 + 10·0.578)/100 = 63.834 kg CO2e/m² > 40
    r = run([conc(30, lot="2.1 fondations")])
    detail = re(r)["thresholds"]["ic_construction_max"]
    assert detail["miinfra"] == pytest.approx(63.834 - 40)
    assert re(r)["ic_construction_max"] == pytest.approx(530 + 23.834)


def test_missing_climate_zone_names_the_projet_cell():
    static = compute(project([conc(1)], climate_zone=None), hand_factors(), defaults=False)
    with pytest.raises(InputError, match="climate zone is missing") as info:
        apply_re2020(static)
    assert info.value.sheet == "Projet"  # the message names the setting by its label
    assert info.value.render("fr").startswith(
        "feuille «\u00a0Projet\u00a0»\u00a0: zone climatique\u00a0: valeur manquante"
    )


def test_verdicts_near_the_thresholds():
    # Sref 100 m², 1 dwelling: Misurf_moy = 0, so the maxima are 530 (2025), 475 (2028), 415 (2031).
    # Ic = q·2.1278: 211 m³ → 448.97, 240 m³ → 510.67, 250 m³ → 531.95
    lines = [conc(q, line_id=n, variant=n) for n, q in (("A", 211), ("B", 240), ("C", 250))]
    r = run(lines, variants=[Variant("A"), Variant("B"), Variant("C")])
    verdicts = {n: {y: re(r, n)["by_year"][y]["compliant"] for y in ("2025", "2028", "2031")} for n in "ABC"}
    assert verdicts == {
        "A": {"2025": True, "2028": True, "2031": False},
        "B": {"2025": True, "2028": False, "2031": False},
        "C": {"2025": False, "2028": False, "2031": False},
    }
    assert [re(r, n)["compliant"] for n in "ABC"] == [True, True, False]
    assert re(r, "A")["by_year"]["2031"]["margins"]["ic_construction"] == pytest.approx(415 - 211 * 2.1278)
    assert re(r, "C")["margins"]["ic_construction"] == pytest.approx(530 - 250 * 2.1278)


# --------------------------------------------------------------------------------------- outputs


def test_json_object_of_each_variant():
    r = run(
        [conc(10), {"line_id": "e", "kind": "energy", "quantity": 1000, "unit": "kWh", "factor_id": "elec"}]
    )
    document = json.loads(r.to_json())
    assert document["method"] == "re2020"
    obj = document["variants"][0]["re2020"]
    assert set(obj) >= KEYS
    assert set(obj["by_year"]) == {"2025", "2028", "2031"}
    assert obj["disclaimer"] == DISCLAIMER
    assert obj["units"]["ic_construction"] == "kg CO2e/m²" and obj["units"]["stock_c"] == "kg C/m²"
    assert set(rules.assumptions()) <= set(obj["assumptions"])
    assert any("Ic_bâtiment" in a for a in obj["assumptions"])
    assert set(method_assumptions()) <= set(obj["assumptions"])


def test_format_re2020_in_french(monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")  # every column shown
    text = format_re2020(run([conc(10)]), "fr")
    assert "RE2020 — ACV dynamique simplifiée" in text and "constr." in text and "conforme" in text
    assert DISCLAIMER in text and "hypothèses documentées" in text
    english = format_re2020(run([conc(10)]), "en")
    assert "simplified dynamic LCA" in english and "compliant" in english and "conforme" not in english
    assert "chantier" not in text.split("par lot")[1].split("Estimation")[0]
    with pytest.raises(ValueError, match="apply_re2020"):
        format_re2020(compute(project([conc(1)]), hand_factors(), defaults=False))


def test_plot_re2020(tmp_path):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    lines = [conc(q, line_id=n, variant=n) for n, q in (("A", 211), ("B", 240), ("C", 250))]
    r = run(lines, variants=[Variant("A"), Variant("B"), Variant("C")])
    ax = plot_re2020(r)
    assert len(ax.patches) == 3
    assert [t.get_text().split("\n")[0] for t in ax.get_xticklabels()] == ["A", "B", "C"]
    assert np.allclose([p.get_height() for p in ax.patches], [211 * 2.1278, 240 * 2.1278, 250 * 2.1278])
    ax.figure.savefig(tmp_path / "re2020.png", dpi=80)
    assert (tmp_path / "re2020.png").stat().st_size > 0


def test_constraint_category_from_the_projet_sheet():
    # CE2 in H2d: Mccat = +0.10 (annex to R.172-4, ch. II, II, p. 33-34)
    p = project([conc(1)], climate_zone="H2d")
    p.extra["Catégorie de contraintes extérieures"] = "CE2"
    r = apply_re2020(compute(p, hand_factors(), defaults=False))
    assert re(r)["thresholds"]["ic_energie_max"]["mccat"] == pytest.approx(0.10)


def test_re2020_table_and_report_sheet(tmp_path):
    import openpyxl

    from lca import compute, read_project
    from lca.datasets import dataset_path
    from lca.methods.re2020 import re2020_table
    from lca.report import write_report

    results = compute(read_project(dataset_path("examples", "residence_collective.xlsx")), method="re2020")
    table = re2020_table(results)
    assert list(table.index) == ["base", "bois_biosource", "beton_bas_carbone_rcu"]
    entry = results.extra["variants"]["base"]["re2020"]
    assert table.loc["base", "ic_construction"] == entry["ic_construction"]
    assert table.loc["base", "margin_ic_energie"] == pytest.approx(
        entry["ic_energie_max"] - entry["ic_energie"]
    )
    assert table["compliant"].tolist() == [entry["compliant"]] + [
        results.extra["variants"][n]["re2020"]["compliant"]
        for n in ("bois_biosource", "beton_bas_carbone_rcu")
    ]
    path = write_report(results, tmp_path / "r.xlsx", charts=False)
    sheet = openpyxl.load_workbook(path)["RE2020"]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(values_only=True) if r[0]}
    assert rows["Ic construction (dynamique)"][:3] == pytest.approx(list(table["ic_construction"]))
    assert any("pas un calcul RE2020 réglementaire" in str(key) for key in rows)  # the disclaimer
