"""Invariants, checked on random projects: conservation (lines = modules = total), D apart, nothing
dropped, and unit round-trips."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lca import Project, compute
from lca.conversions import to_declared
from lca.model import normalise_lines
from lca.units import conversion_factor, normalise_unit
from tests.helpers import hand_factors

UNITS = {"conc": ["m3", "kg", "t", "l"], "win": ["u", "kg"], "ins": ["m2", "kg"]}

line = st.fixed_dictionaries({
    "factor_id": st.sampled_from(sorted(UNITS)),
    "quantity": st.floats(-5, 1e4, allow_nan=False),
    "lot": st.sampled_from(["1", "3", "6", "8"]),
    "service_life": st.one_of(st.just(np.nan), st.floats(1, 120)),
    "waste_rate": st.floats(0, 0.3),
    "transport_km": st.one_of(st.just(np.nan), st.floats(1, 800)),
    "variant": st.sampled_from(["", "", "", "v1", "v2"]),
    "unit_pick": st.integers(0, 3),
})  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line, min_size=1, max_size=25), st.floats(10, 100), st.sampled_from(["ceil", "fraction"]))
def test_conservation_and_nothing_dropped(lines, period, rule):
    rows = []
    for k, spec in enumerate(lines):
        units = UNITS[spec["factor_id"]]
        rows.append(
            {
                **{key: v for key, v in spec.items() if key != "unit_pick"},
                "line_id": str(k),
                "unit": units[spec["unit_pick"] % len(units)],
                "replaces": "0" if spec["variant"] == "v1" and k else "",
            }
        )
    project = Project(reference_area=50.0, study_period=period, lines=normalise_lines(pd.DataFrame(rows)))
    results = compute(project, hand_factors(), defaults=False, replacement_rule=rule)
    assert results.conservation_gap() <= 1e-9 * max(1.0, float(np.abs(results.impacts).sum()))
    total = results.total()
    for grouping in (results.by_lot(), results.by_line(), results.by_element()):
        summed = grouping.groupby(level="variant", sort=False).sum().reindex(total.index).fillna(0.0)
        np.testing.assert_allclose(summed.to_numpy(), total.to_numpy(), rtol=1e-9, atol=1e-6)
    # every input line is computed or listed with an error, in every variant it belongs to
    rejected = {i.line_id for i in results.errors}
    assert set(results.lines["line_id"]) | rejected == {str(k) for k in range(len(lines))}
    assert set(results.lines["line_id"]).isdisjoint(rejected)
    counts = results.line_counts
    assert (counts["computed"] + counts["rejected"] == counts["count"]).all()
    # D is reported, never in the total
    d = results.module_d()
    with_d = results.by_module().groupby(level="variant", sort=False).sum().reindex(total.index).fillna(0.0)
    np.testing.assert_allclose(with_d.to_numpy(), (total + d).to_numpy(), rtol=1e-9, atol=1e-6)


@given(st.sampled_from(["m3", "l", "kg", "t", "m2", "m", "u", "kWh", "MJ", "MWh"]), st.floats(1e-3, 1e6))
def test_unit_round_trip(unit, value):
    canonical = normalise_unit(unit)
    for other in ("kg", "m**3", "m**2", "m", "piece", "kWh"):
        try:
            there = conversion_factor(canonical, other)
        except Exception:  # different dimensions
            continue
        assert value * there * conversion_factor(other, canonical) == pytest.approx(value, rel=1e-12)


@given(st.floats(100, 3000), st.floats(1, 100), st.floats(0.01, 0.5))
def test_conversion_through_mass_round_trip(density, area_mass, thickness):
    props = {"declared_unit": "m**3", "density": density}
    assert to_declared("kg", props) == pytest.approx(1 / density)
    props = {"declared_unit": "m**2", "density": density, "thickness": thickness}
    assert to_declared("m**3", props) == pytest.approx(1 / thickness)  # 1 m³ is 1/e m² of a layer e thick
    props = {"declared_unit": "kg", "area_mass": area_mass}
    assert to_declared("m**2", props) == pytest.approx(area_mass)


props_strategy = st.fixed_dictionaries({
    "declared_unit": st.sampled_from(["m**3", "m**2", "m", "kg", "piece", "tonne"]),
    "density": st.one_of(st.just(np.nan), st.floats(10, 3000)),
    "area_mass": st.one_of(st.just(np.nan), st.floats(0.5, 500)),
    "linear_mass": st.one_of(st.just(np.nan), st.floats(0.01, 100)),
    "mass_per_unit": st.one_of(st.just(np.nan), st.floats(0.01, 1000)),
    "thickness": st.one_of(st.just(np.nan), st.floats(0.001, 0.5)),
})  # fmt: skip


LINE_UNITS = ["m**3", "m**2", "m", "kg", "tonne", "piece", "liter"]


@given(st.lists(st.tuples(st.sampled_from(LINE_UNITS), props_strategy), min_size=1, max_size=30))
def test_vectorised_conversions_equal_the_scalar_rule(pairs):
    """to_declared_many (one conversion per unit group) gives what to_declared gives pair by pair."""
    from lca.conversions import kg_per_unit, kg_per_unit_many, to_declared_many
    from lca.errors import UnitError

    units = np.array([u for u, _ in pairs], dtype=object)
    props = pd.DataFrame([p for _, p in pairs])
    ratios, masses = to_declared_many(units, props), kg_per_unit_many(units, props)
    for k, (unit, p) in enumerate(pairs):
        try:
            expected = to_declared(unit, p)
        except UnitError:
            expected = np.nan
        try:
            mass = kg_per_unit(unit, p)
        except UnitError:
            mass = np.nan
        np.testing.assert_allclose(ratios[k], expected, rtol=1e-12)
        np.testing.assert_allclose(masses[k], mass, rtol=1e-12)
