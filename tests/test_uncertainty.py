"""Monte Carlo uncertainty checked against analytic results (issue 14, point 6) and the engine itself."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

import lca
from lca.factors import FactorTable, default_factors, stack
from lca.io.factor_tables import parse_factor_frame
from lca.model import Project, Variant, normalise_lines
from lca.montecarlo import model as kernel
from lca.montecarlo import uncertainty
from lca.montecarlo.distributions import default_uncertainties

N = 20_000


def factors(rows: list[tuple]) -> FactorTable:
    """A wide table: (id, unit, A1-A3 value, distribution, uncertainty)."""
    frame = pd.DataFrame(rows, columns=["id", "unité", "A1-A3", "loi", "incertitude"])
    table, issues = parse_factor_frame(frame, "test")
    assert not issues, issues
    return table


def project(lines: list[dict], table: FactorTable, variants: list[str] | None = None, **extra) -> Project:
    frame = normalise_lines(pd.DataFrame([{"unit": "kg", **line} for line in lines]))
    return Project(
        name="t",
        reference_area=100.0,
        lines=frame,
        factors=table,
        variants=[Variant(v) for v in variants or []],
        extra=extra,
    )


def test_normal_factor_gives_mean_and_sd_within_monte_carlo_error():
    # 100 kg × 10 kg CO2e/kg, normal with u = 19.6 %: mean 1000, sd 100 (sd = u × value / 1.96)
    p = project(
        [{"line_id": "L1", "quantity": 100.0, "factor_id": "a"}],
        factors([("a", "kg", 10.0, "normale", "19,6 %")]),
    )
    mc = uncertainty(p, n=N, seed=7, indicators=["GWP-total"])
    s = mc.summary().loc[("base", "GWP-total")]
    assert abs(s["mean"] - 1000.0) < 3 * 100.0 / math.sqrt(N)  # 2.1
    assert abs(s["sd"] - 100.0) < 3 * 100.0 / math.sqrt(2 * N)  # 1.5
    assert s["deterministic"] == pytest.approx(1000.0)
    assert mc.summary("per_m2").loc[("base", "GWP-total"), "deterministic"] == pytest.approx(10.0)


def test_lognormal_factor_gives_median_and_95_percent_interval():
    # lognormal, u = 100 %: median 1000 and 95 % interval 1000 ×/÷ 2 = [500, 2000]
    p = project(
        [{"line_id": "L1", "quantity": 100.0, "factor_id": "a"}],
        factors([("a", "kg", 10.0, "lognormale", 1.0)]),
    )
    mc = uncertainty(p, n=N, seed=3, indicators=["GWP-total"])
    x = mc.totals[:, 0, 0]
    assert np.median(x) == pytest.approx(1000.0, rel=0.01)
    assert np.quantile(x, 0.025) == pytest.approx(500.0, rel=0.02)
    assert np.quantile(x, 0.975) == pytest.approx(2000.0, rel=0.02)
    assert abs((x < 500.0).mean() - 0.025) < 3 * math.sqrt(0.025 * 0.975 / N)
    assert mc.inputs.factors.loc["a", "given"]


def test_shared_line_cancels_exactly_in_the_comparison():
    # A and B share a huge uncertain line (sd 5,000); B adds a line of mean 10, sd 196 % × 10 / 1.96 = 10:
    # P(B < A) = P(extra < 0) = Φ(−10/10) = Φ(−1) = 0.158655; without common random numbers it would be ≈ 0.5
    table = factors([("shared", "kg", 10_000.0, "normale", 0.98), ("extra", "kg", 10.0, "normale", "196 %")])
    p = project(
        [
            {"line_id": "S", "quantity": 1.0, "factor_id": "shared"},
            {"line_id": "E", "quantity": 1.0, "factor_id": "extra", "variant": "B"},
        ],
        table,
        ["A", "B"],
    )
    mc = uncertainty(p, n=N, seed=11, indicators=["GWP-total"])
    p_below = mc.p_below_baseline().loc["B", "GWP-total"]
    assert abs(p_below - 0.158655) < 3 * math.sqrt(0.1587 * 0.8413 / N)  # 0.0078
    difference = mc.totals[:, 1, 0] - mc.totals[:, 0, 0]
    assert difference.std() == pytest.approx(10.0, rel=0.02)  # the shared sd of 5,000 is gone
    assert mc.totals[:, 0, 0].std() == pytest.approx(5_000.0, rel=0.02)


def test_two_factor_variance_shares():
    # Y = 300·m_a + 100·m_b, sd(m_a) = 0.1, sd(m_b) = 0.2: shares 900/1300 and 400/1300
    table = factors([("a", "kg", 300.0, "normale", 0.196), ("b", "kg", 100.0, "normale", 0.392)])
    p = project(
        [
            {"line_id": "A", "quantity": 1.0, "factor_id": "a"},
            {"line_id": "B", "quantity": 1.0, "factor_id": "b"},
        ],
        table,
    )
    mc = uncertainty(p, n=N, seed=5, indicators=["GWP-total"])
    shares = mc.contributions().set_index("factor_id")["share"]
    assert shares["a"] == pytest.approx(900 / 1300, abs=1e-12)
    assert shares["b"] == pytest.approx(400 / 1300, abs=1e-12)
    assert mc.totals[:, 0, 0].var(ddof=1) == pytest.approx(1300.0, rel=0.03)
    # the same shares estimated from the samples: squared correlation with each input's draws
    sampler = kernel.Sampler(mc.model, 5)
    draws = np.concatenate([sampler.block().factors for _ in range(N // kernel.BLOCK + 1)])[:N]
    r2 = [np.corrcoef(draws[:, mc.model.factor_ids.index(f)], mc.totals[:, 0, 0])[0, 1] ** 2 for f in "ab"]
    assert r2 == pytest.approx([900 / 1300, 400 / 1300], abs=0.01)


def test_same_seed_gives_identical_output_and_draws_do_not_depend_on_n():
    p = lca.read_project(lca.datasets.dataset_path("examples", "maison_individuelle.xlsx"))
    one = uncertainty(p, n=300, seed=42)
    two = uncertainty(p, n=300, seed=42)
    assert one.to_json() == two.to_json()
    assert not np.array_equal(one.totals, uncertainty(p, n=300, seed=43).totals)
    longer = uncertainty(p, n=1000, seed=42)
    np.testing.assert_array_equal(longer.totals[:300], one.totals)


def test_zero_uncertainty_gives_the_deterministic_results():
    p = lca.read_project(lca.datasets.dataset_path("examples", "maison_individuelle.xlsx"))
    zero = default_uncertainties().assign(uncertainty=0.0)
    mc = uncertainty(p, n=50, seed=1, uncertainty_defaults=zero)
    deterministic = mc.results.total().to_numpy()
    np.testing.assert_allclose(
        mc.totals, np.broadcast_to(deterministic, mc.totals.shape), rtol=1e-12, atol=1e-9
    )
    tiny = uncertainty(
        p, n=200, seed=1, uncertainty_defaults=default_uncertainties().assign(uncertainty=1e-9)
    )
    np.testing.assert_allclose(tiny.summary()["p50"], tiny.summary()["deterministic"], rtol=1e-8)
    for scope in ("products", "energy", "water"):
        s = mc.summary(scope=scope)
        np.testing.assert_allclose(s["p50"], s["deterministic"], rtol=1e-12, atol=1e-9)


def _recompute(p: Project, mc, draws, s: int, method: str | None = None) -> lca.Results:
    """Sample ``s`` recomputed by the engine on that sample's factor values, quantities and service lives."""
    table = stack([default_factors(), *([p.factors] if p.factors else [])])
    scale = pd.Series(draws.factors[s], index=mc.model.factor_ids)
    values = table.values.assign(
        value=table.values["value"] * table.values["factor_id"].map(scale).fillna(1.0)
    )
    ids = mc.results.lines["line_id"].to_numpy()
    again = p.lines.copy()
    q = pd.Series(draws.quantities[s], index=ids[mc.model.quantity_lines])
    again["quantity"] = again["quantity"] * again["line_id"].map(q).fillna(1.0)
    life = pd.Series(draws.lives[s], index=ids[mc.model.life_lines])
    again["service_life"] = again["line_id"].map(life).fillna(again["service_life"])
    return lca.compute(
        replace(p, lines=again, factors=None), FactorTable(values, table.meta), defaults=False, method=method
    )


def test_samples_equal_the_engine_run_on_the_sampled_inputs():
    """The linear decomposition against the engine: each sample recomputed by lca.compute with the
    sampled factor values, quantities and service lives (waste, A4 by distance, replacements, variants)."""
    p = lca.read_project(lca.datasets.dataset_path("examples", "maison_individuelle.xlsx"))
    lines = p.lines.copy()
    lines["incertitude durée de vie"] = np.where(lines["line_id"].isin(["E1", "H1", "S3", "C2"]), 0.4, np.nan)
    p = replace(p, lines=lines, extra={**p.extra, "incertitude quantité": "10 %"})
    mc = uncertainty(p, n=kernel.BLOCK, seed=9)
    draws = kernel.Sampler(mc.model, 9).block()
    for s in (0, 1, 17):
        results = _recompute(p, mc, draws, s)
        np.testing.assert_allclose(mc.totals[s], results.total().to_numpy(), rtol=1e-10)
        np.testing.assert_allclose(mc.by_group[s].sum(axis=1), results.total().to_numpy(), rtol=1e-10)
        energy = results.by_module().xs("B6", level="module").reindex(mc.variants).to_numpy()
        np.testing.assert_allclose(mc.by_group[s][:, 1, :], energy, rtol=1e-10)


def test_re2020_samples_equal_the_re2020_method_on_the_sampled_inputs():
    """Dynamic Ic_construction / Ic_énergie, the sampled thresholds and each sample's verdict against
    lca.methods.re2020 run on that sample's inputs (replacement years moved by sampled service lives)."""
    p = lca.read_project(lca.datasets.dataset_path("examples", "residence_collective.xlsx"))
    lines = p.lines.copy()
    lives = lines["service_life"].to_numpy(dtype=float)
    spread = (lines["kind"] == "material").to_numpy() & (lives < 50)
    lines["incertitude durée de vie"] = np.where(spread, 0.35, np.nan)
    assert spread.sum() >= 3
    p = replace(p, lines=lines, extra={**p.extra, "incertitude quantité": "15 %"})
    mc = uncertainty(p, n=kernel.BLOCK, seed=21, method="re2020")
    draws = kernel.Sampler(mc.model, 21).block()
    for s in (0, 5, 40):
        results = _recompute(p, mc, draws, s, method="re2020")
        for v, name in enumerate(mc.variants):
            entry = results.extra["variants"][name]["re2020"]
            mine = mc.re2020[v]
            assert mine["ic_construction"][s] == pytest.approx(entry["ic_construction"], rel=1e-10)
            assert mine["ic_energie"][s] == pytest.approx(entry["ic_energie"], rel=1e-10)
            for year in ("2025", "2028", "2031"):
                verdict = entry["by_year"][year]
                assert mine["ic_construction_max"][year][s] == pytest.approx(verdict["ic_construction_max"])
                ok = (mine["ic_construction"][s] <= mine["ic_construction_max"][year][s]) and (
                    mine["ic_energie"][s] <= mine["ic_energie_max"][year]
                )
                assert ok == verdict["compliant"]


def test_json_contract():
    p = lca.read_project(lca.datasets.dataset_path("examples", "maison_individuelle.xlsx"))
    doc = uncertainty(p, n=200, seed=2).to_dict()
    assert doc["samples"] == 200 and doc["seed"] == 2
    base, wood = doc["variants"]
    assert set(base["uncertainty"]) == {"total", "per_m2", "by_scope", "by_scope_per_m2", "contributions"}
    assert set(base["uncertainty"]["total"]["GWP-total"]) == {"mean", "sd", "p05", "p50", "p95"}
    assert 0.0 <= wood["uncertainty"]["p_below_baseline"]["GWP-total"] <= 1.0
    top = wood["uncertainty"]["contributions"]["GWP-total"]
    assert (
        1 <= len(top) <= 10
        and {"share", "input"} <= set(top[0])
        and ("factor_id" in top[0] or "line_id" in top[0])
    )
    assert sorted((c["share"] for c in top), reverse=True) == [c["share"] for c in top]
    frame = uncertainty(p, n=200, seed=2).samples
    assert list(frame.columns) == ["variant", "sample", "indicator", "scope", "value"]
    assert len(frame) == 200 * 2 * 4 * len(doc["variants"][0]["total"])


def test_lca_uncertainty_is_lazy_and_callable():
    import subprocess
    import sys

    code = "import sys, lca; assert 'lca.montecarlo' not in sys.modules; print(callable(lca.uncertainty))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_re2020_probabilities_at_zero_uncertainty_are_the_verdicts():
    from lca.methods import re2020_rules as rules
    from lca.methods.re2020 import threshold_inputs
    from lca.montecarlo.re2020 import thresholds

    p = lca.read_project(lca.datasets.dataset_path("examples", "residence_collective.xlsx"))
    zero = default_uncertainties().assign(uncertainty=0.0)
    mc = uncertainty(p, n=64, seed=1, method="re2020", uncertainty_defaults=zero)
    for v, name in enumerate(mc.variants):
        entry = mc.results.extra["variants"][name]["re2020"]
        got = mc.re2020[v]
        np.testing.assert_allclose(got["ic_construction"], entry["ic_construction"], rtol=1e-10)
        np.testing.assert_allclose(got["ic_energie"], entry["ic_energie"], rtol=1e-10)
        assert got["p_compliant"][str(entry["permit_year"])] == float(entry["compliant"])
        for year in (2025, 2028, 2031):
            verdict = entry["by_year"][str(year)]
            assert got["p_compliant"][str(year)] == float(verdict["compliant"])
            np.testing.assert_allclose(got["ic_construction_max"][str(year)], verdict["ic_construction_max"])
    # the per-sample threshold equals the rules' at other values of Icded and of the lots
    spec = thresholds(mc.results, 0, 2028)
    params = threshold_inputs(p, icded=0.0, ic_lots={1: 0.0, 2: 0.0, 13: 0.0})
    for icded, lot1, lot2, lot13 in (
        (900.0, 50.0, 80.0, 40.0),
        (10.0, 0.0, 5.0, 0.0),
        (400.0, 15.0, 45.0, 25.0),
    ):
        expected, _ = rules.ic_construction_max(
            replace(params, permit_year=2028, icded=icded, ic_lot1=lot1, ic_lot2=lot2, ic_lot13=lot13)
        )
        x = {2: icded, 3: lot1, 4: lot2, 5: lot13}
        got = spec["constant"] + sum(c * max(0.0, x[ch] - t) for ch, c, t in spec["terms"])
        assert got == pytest.approx(expected, abs=1e-9)


def test_re2020_probabilities_with_uncertainty_are_json_ready():
    p = lca.read_project(lca.datasets.dataset_path("examples", "residence_collective.xlsx"))
    mc = uncertainty(p, n=500, seed=4, method="re2020")
    table = mc.re2020_table()
    assert table.index.get_level_values("year").unique().tolist() == [2025, 2028, 2031]  # permit year 2025
    assert ((table >= 0) & (table <= 1)).all().all()
    assert (
        table["p_compliant"] <= table[["p_ic_construction_ok", "p_ic_energie_ok"]].min(axis=1) + 1e-12
    ).all()
    doc = mc.to_dict()
    assert set(doc["variants"][0]["uncertainty"]["re2020"]) == {
        "p_compliant",
        "p_ic_construction_ok",
        "p_ic_energie_ok",
    }
    assert "2031" in doc["variants"][0]["uncertainty"]["re2020"]["p_compliant"]


# ----------------------------------------------------------------------------------- unhappy paths


def test_bad_uncertainty_cells_become_issues_and_the_default_is_used():
    table = factors([("a", "kg", 10.0, "cauchy", "beaucoup"), ("b", "kg", 5.0, "uniforme", "-3 %")])
    where = {"quantity": 1.0, "sheet": "Matériaux"}
    lines = [
        {"line_id": "L1", "factor_id": "a", "incertitude quantité": "n/a", "row": 2, **where},
        {"line_id": "L2", "factor_id": "b", "incertitude durée de vie": 0.2, "row": 3, **where},
    ]
    mc = uncertainty(project(lines, table), n=64, seed=1, indicators=["GWP-total"])
    messages = [(i.level, i.column, i.message) for i in mc.inputs.issues]
    assert (
        "warning",
        "distribution",
        "factor 'a': unknown distribution 'cauchy'; expected one of lognormal "
        "(lognormale), normal (normale), uniform (uniforme), triangular (triangulaire); the default "
        "lognormal is used",
    ) in messages
    assert any(
        c == "uncertainty" and "factor 'a': expected a fraction such as 0.3" in m for _, c, m in messages
    )
    assert any(
        c == "uncertainty" and "an uncertainty cannot be negative, found '-3 %'" in m for _, c, m in messages
    )
    quantity = next(i for i in mc.inputs.issues if i.column == "incertitude quantité")
    assert (quantity.sheet, quantity.row, quantity.line_id) == ("Matériaux", 2, "L1")
    life = next(i for i in mc.inputs.issues if i.column == "incertitude durée de vie")
    assert life.message == "a service-life uncertainty needs a material line with a service life; ignored"
    generic = default_uncertainties().at["unknown", "uncertainty"]
    assert mc.inputs.factors.loc["a", "uncertainty"] == generic  # the default of a factor without data_type
    assert mc.inputs.factors.loc["b", "distribution"] == "uniform"
    assert all(i in mc.issues for i in mc.inputs.issues)  # reported with the others (JSON, report)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 1}, "the number of samples must be a whole number from 2 to 1,000,000, found 1"),
        ({"n": 2.5}, "the number of samples must be a whole number from 2 to 1,000,000, found 2.5"),
        ({"seed": -1}, "the seed must be a whole number ≥ 0, found -1"),
        ({"method": "lcabyg"}, "method 'lcabyg' is not available"),
    ],
)
def test_bad_arguments_raise_input_errors(kwargs, message):
    p = project(
        [{"line_id": "L1", "quantity": 1.0, "factor_id": "a"}], factors([("a", "kg", 1.0, None, None)])
    )
    with pytest.raises(lca.InputError, match=message):
        uncertainty(p, **{"n": 10, **kwargs})


def test_parse_uncertainty_conventions():
    from lca.montecarlo.distributions import parse_uncertainty

    assert parse_uncertainty("30 %") == pytest.approx(0.3)
    assert parse_uncertainty("0,3") == pytest.approx(0.3)
    assert parse_uncertainty(30) == pytest.approx(0.3)  # a plain number above 5 can only be a percentage
    assert parse_uncertainty(1.3) == pytest.approx(1.3)  # up to 5, a fraction: a wide lognormal (×/÷ 2.3)
    assert parse_uncertainty(1) == 1.0 and parse_uncertainty("") != parse_uncertainty("")  # NaN when blank
    with pytest.raises(ValueError, match="expected a fraction such as 0.3 or a percentage such as 30 %"):
        parse_uncertainty("±30")


def test_shipped_defaults_are_the_pedigree_formula_of_their_scores():
    from lca.montecarlo.distributions import PEDIGREE_FACTORS, pedigree_uncertainty

    table = default_uncertainties()
    assert {"specific", "collective", "generic", "default", "fixed", "re2020_energy", "unknown"} <= set(
        table.index
    )
    for data_type, row in table.iterrows():
        if data_type == "re2020_energy":
            assert row["uncertainty"] == 0.0 and "NOR LOGL2107359A" in row["source"]
            continue
        scores = {k: int(row[k]) for k in PEDIGREE_FACTORS}
        assert row["uncertainty"] == pytest.approx(
            pedigree_uncertainty(scores, float(row["basic_factor"])), abs=5e-5
        )
        assert "Weidema" in row["source"] and row["basis"]
    # generic data: √(ln²1.05 + ln²1.05 + ln²1.05 + ln²1.10 + ln²1.02 + ln²1.20) → GSD² 1.2502
    assert table.at["generic", "uncertainty"] == pytest.approx(0.2502, abs=1e-4)


def test_workbook_columns_reach_the_monte_carlo(tmp_path):
    """Facteurs: loi/incertitude; Matériaux: incertitude quantité (a bad cell named as typed); Projet: one
    incertitude quantité for the other lines."""
    from tests.helpers import write_xlsx

    path = write_xlsx(
        tmp_path / "p.xlsx",
        {
            "Projet": [["nom", "Maison"], ["surface de référence", 100], ["Incertitude quantité", "5 %"]],
            "Matériaux": [
                ["repère", "lot", "désignation", "quantité", "unité", "id fiche", "Incertitude Quantité"],
                ["M1", 3, "Mur", 100, "kg", "mine", "19,6 %"],
                ["M2", 3, "Dalle", 100, "kg", "mine", ""],
                ["M3", 3, "Chape", 100, "kg", "mine", "beaucoup"],
            ],
            "Facteurs": [
                ["id fiche", "unité", "A1-A3", "Loi", "Incertitude"],
                ["mine", "kg", 10, "normale", "0 %"],
            ],
        },
    )
    project = lca.read_project(path)
    mc = uncertainty(project, n=N, seed=8, indicators=["GWP-total"])
    assert mc.inputs.factors.loc["mine", "distribution"] == "normal"
    np.testing.assert_allclose(mc.inputs.quantity, [0.196, 0.05, 0.05])  # the Projet value fills the blanks
    bad = next(i for i in mc.issues if i.line_id == "M3" and "ncertitude" in str(i.column))
    assert (bad.sheet, bad.row, bad.column) == ("Matériaux", 4, "Incertitude Quantité")
    assert "expected a fraction such as 0.3 or a percentage such as 30 %, found 'beaucoup'" in bad.message
    # sd² = (1000 × 0.1)² + 2 × (1000 × 0.05 / 1.96)² = 10,000 + 1,301.5
    assert mc.totals[:, 0, 0].std() == pytest.approx(math.sqrt(11_301.5), rel=0.02)
