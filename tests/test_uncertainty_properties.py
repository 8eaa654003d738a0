"""Invariants of the Monte Carlo uncertainty on random small projects (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lca.io.factor_tables import parse_factor_frame
from lca.model import Project, Variant, normalise_lines
from lca.montecarlo import uncertainty
from lca.montecarlo.distributions import default_uncertainties

DISTRIBUTIONS = ["normale", "lognormale", "uniforme", "triangulaire", None]

line = st.fixed_dictionaries(
    {
        "factor": st.integers(0, 2),
        "quantity": st.floats(0.1, 1000.0),
        "variant": st.sampled_from(["", "", "B"]),
        "u": st.sampled_from([None, 0.0, 0.1, "25 %"]),
        "life": st.sampled_from([np.nan, 10.0, 30.0]),
        "life_u": st.sampled_from([None, 0.3]),
    }
)
factor = st.tuples(
    st.floats(0.01, 100.0), st.sampled_from(DISTRIBUTIONS), st.sampled_from([None, 0.0, 0.2, 1.5])
)


def build(lines: list[dict], factors: list[tuple]) -> Project:
    frame = pd.DataFrame(
        [(f"f{k}", "kg", value, value * 0.1, dist, u) for k, (value, dist, u) in enumerate(factors)],
        columns=["id", "unité", "A1-A3", "C4", "loi", "incertitude"],
    )
    table, issues = parse_factor_frame(frame, "h")
    rows = [
        {
            "line_id": f"L{k}",
            "quantity": x["quantity"],
            "unit": "kg",
            "factor_id": f"f{x['factor']}",
            "variant": x["variant"],
            "service_life": x["life"],
            "incertitude quantité": x["u"],
            "incertitude durée de vie": x["life_u"] if x["life"] == x["life"] else None,
        }
        for k, x in enumerate(lines)
    ]
    return Project(
        name="h",
        reference_area=50.0,
        lines=normalise_lines(pd.DataFrame(rows)),
        factors=table,
        variants=[Variant("base"), Variant("B")],
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(line, min_size=1, max_size=6),
    st.lists(factor, min_size=3, max_size=3),
    st.integers(0, 2**32 - 1),
)
def test_invariants(lines, factors, seed):
    project = build(lines, factors)
    mc = uncertainty(project, n=128, seed=seed, indicators=["GWP-total"])
    # the scopes add up to the total, in every sample
    np.testing.assert_allclose(mc.by_group.sum(axis=2), mc.totals, rtol=1e-12, atol=1e-9)
    # probabilities are probabilities; shares are shares
    p = mc.p_below_baseline().to_numpy()
    assert ((p >= 0) & (p <= 1)).all()
    shares = mc.contributions(top=None).groupby(["variant", "indicator"])["share"].sum()
    assert ((shares > 1 - 1e-9) & (shares < 1 + 1e-9)).all()
    # linear in the quantities: doubling every quantity doubles every sample (same seed, same draws)
    doubled = project.with_lines(project.lines.iloc[:0])
    doubled.lines["quantity"] = doubled.lines["quantity"] * 2.0
    twice = uncertainty(doubled, n=128, seed=seed, indicators=["GWP-total"])
    np.testing.assert_allclose(twice.totals, 2.0 * mc.totals, rtol=1e-10, atol=1e-9)
    # nothing uncertain: every sample is the deterministic result
    exact = project.lines.drop(columns=["incertitude quantité", "incertitude durée de vie"])
    zero_factors = project.factors.meta.assign(uncertainty=None)
    still = Project(
        name="h",
        reference_area=50.0,
        lines=exact,
        variants=project.variants,
        factors=type(project.factors)(project.factors.values, zero_factors),
    )
    zero = uncertainty(
        still,
        n=64,
        seed=seed,
        indicators=["GWP-total"],
        uncertainty_defaults=default_uncertainties().assign(uncertainty=0.0),
    )
    np.testing.assert_allclose(
        zero.totals,
        np.broadcast_to(zero.results.total().to_numpy(), zero.totals.shape),
        rtol=1e-12,
        atol=1e-9,
    )
