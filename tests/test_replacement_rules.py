"""B4 and D of a replaced line, and the Monte Carlo's parts of a line read from the engine's kernel
(DESIGN §5: A5 += w·(A1-A3 + A4 + C1…C4), B4 = n·(A1-A3 + A4 + A5 + C1…C4), D × (1 + n))."""

from __future__ import annotations

import numpy as np
import pytest

from lca.indicators import MODULES
from lca.kernel import line_impacts
from lca.montecarlo.parts import line_parts, values_before_rules
from tests.test_engine import gwp, run

M = {m: k for k, m in enumerate(MODULES)}
CONCRETE = {"line_id": "1", "lot": "3", "quantity": 10, "unit": "m3", "factor_id": "conc"}


def test_a_replacement_makes_the_installation_again_without_waste():
    # conc: A1-A3 200, A4 5, A5 2, C1..C4 1+2+3+4 per m³; 10 m³, SL 25 over 50 years: n = 1, no waste
    r = run([{**CONCRETE, "service_life": 25}])
    assert gwp(r)["B4"] == pytest.approx(2000 + 50 + 20 + 100)  # A5 is made again too
    assert gwp(r)["D"] == pytest.approx(-200)


def test_b4_of_a_line_does_not_depend_on_the_other_lines():
    alone = run([{**CONCRETE, "service_life": 25}])
    beside = run([{**CONCRETE, "service_life": 25}, {**CONCRETE, "line_id": "2", "waste_rate": 0.1}])
    assert alone.by_line()["GWP-total"].xs("base")["1"] == pytest.approx(2170 + 2170)
    assert beside.by_line()["GWP-total"].xs("base")["1"] == pytest.approx(2170 + 2170)


def test_the_kernel_includes_a5_in_b4_whatever_the_block():
    factors = np.zeros((1, len(MODULES), 1))
    factors[0, M["A1-A3"], 0], factors[0, M["A5"], 0] = 10.0, 1.0
    for waste in ([0.0, 0.0], [0.0, 0.1]):  # the second line alone has waste
        out = line_impacts(factors, np.array([0, 0]), np.ones(2), np.array(waste), np.ones(2))
        assert out[0, M["B4"], 0] == pytest.approx(11.0)


@pytest.mark.parametrize("waste", [0.0, 0.1])
def test_parts_per_replacement_are_what_one_more_replacement_adds_in_the_engine(waste):
    line = {**CONCRETE, "waste_rate": waste, "transport_km": 100, "transport_mode": "route"}
    once = run([{**line, "service_life": 25}])  # n = 1
    twice = run([{**line, "service_life": 20}])  # n = ceil(50/20) − 1 = 2
    w = once.lines["waste_rate"].to_numpy(dtype=float)
    n = once.lines["replacements"].to_numpy(dtype=float)
    assert n.tolist() == [1.0] and twice.lines["replacements"].tolist() == [2.0]
    parts = line_parts(once.impacts, w, n, np.array([True]))
    np.testing.assert_allclose(once.impacts + parts.per_replacement, twice.impacts, rtol=1e-12, atol=1e-9)
    # by hand, GWP-total: A4 = 24 t × 100 km × 0.1 = 240 from the truck; A5 = 20 + w·(2000 + 240 + 100)
    a5 = 20 + waste * (2000 + 240 + 100)
    assert parts.per_replacement[0, M["B4"], 0] == pytest.approx(2000 + 240 + a5 + 100)
    assert parts.per_replacement[0, M["D"], 0] == pytest.approx(-100)
    # the truck's part: A4 240, its waste in A5, and n = 1 replacement of both in B4
    truck = parts.transport[0, :, 0]
    assert truck[M["A4"]] == pytest.approx(240) and truck[M["A5"]] == pytest.approx(waste * 240)
    assert truck[M["B4"]] == pytest.approx((1 + waste) * 240)
    assert parts.per_replacement_transport[0, M["B4"], 0] == pytest.approx((1 + waste) * 240)
    assert np.count_nonzero(truck) == 2 + (waste > 0)


def test_values_before_rules_give_back_the_impacts_through_the_kernel():
    rng = np.random.default_rng(3)
    lines = 50
    values = rng.random((lines, len(MODULES), 2))
    values[:, M["B4"]] = 0.0
    w = rng.choice([0.0, 0.05, 0.1], lines)
    n = rng.choice([0.0, 1.0, 2.5], lines)
    impacts = line_impacts(values, np.arange(lines), np.ones(lines), w, n)
    np.testing.assert_allclose(values_before_rules(impacts, w, n), values, rtol=1e-12, atol=1e-12)
