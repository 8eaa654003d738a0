"""Every number of every line adds up (issue 9 point 14): the tidy table holds every module the kernel
computes, so lines = modules = total; the test suite checks it on every ``compute`` (tests/conftest.py)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from lca import Project, compute
from lca.factors import FactorTable
from lca.model import normalise_lines
from tests.conftest import _checked


def _factor(
    fid: str, module: str, value: float, unit: str = "kg", indicator: str = "GWP-total", **kw
) -> dict:
    return {
        "factor_id": fid,
        "module": module,
        "indicator": indicator,
        "value": value,
        "declared_unit": unit,
        **kw,
    }


TRUCK = [
    _factor("truck", "A4", v, "t*km", i, transport_mode="road") for i, v in (("GWP-total", 0.1), ("AP", 0.01))
]


def _run(factor_rows: list[dict], lines: list[dict]):
    table, issues = FactorTable.from_frame(pd.DataFrame(factor_rows), "t")
    assert not issues
    project = Project(reference_area=10.0, lines=normalise_lines(pd.DataFrame(lines)))
    return compute(project, table, defaults=False)


def _tidy(results) -> dict[tuple[str, str, str], float]:
    data = results.data
    return {(str(r.line_id), str(r.module), str(r.indicator)): r.value for r in data.itertuples(index=False)}


def test_waste_of_a_factor_with_a4_only_is_a5_in_the_tidy_table():
    # 100 kg × 2 kg CO2e/kg = 200 in A4; 10 % waste is delivered too: A5 = 0.1 × 200 = 20
    r = _run(
        [_factor("f", "A4", 2.0)],
        [{"line_id": "1", "quantity": 100, "unit": "kg", "factor_id": "f", "waste_rate": 0.1}],
    )
    assert _tidy(r) == {("1", "A4", "GWP-total"): 200.0, ("1", "A5", "GWP-total"): 20.0}
    assert r.total().loc["base", "GWP-total"] == pytest.approx(220.0)
    assert r.by_module()["GWP-total"].xs("base").to_dict() == pytest.approx({"A4": 200.0, "A5": 20.0})
    assert r.conservation_gap() == 0.0


def test_waste_of_a4_from_a_distance_is_a5_in_the_tidy_table():
    # the factor declares only D: 1 t over 100 km by road = 100 t·km × 0.1 = 10 in A4, 10 % of it in A5
    r = _run(
        [_factor("d", "D", -1.0), *TRUCK],
        [{"line_id": "1", "quantity": 1000, "unit": "kg", "factor_id": "d", "waste_rate": 0.1,
          "transport_km": 100}],
    )  # fmt: skip
    assert _tidy(r) == pytest.approx(
        {("1", "A4", "GWP-total"): 10.0, ("1", "A5", "GWP-total"): 1.0, ("1", "D", "GWP-total"): -1000.0}
    )
    assert r.total().loc["base", "GWP-total"] == pytest.approx(11.0)
    assert r.conservation_gap() == 0.0


def test_a4_from_a_distance_has_only_the_indicators_of_the_lines_factor():
    # line 1's factor declares GWP-total only: the truck's AP is not added to it (the line has no AP value)
    r = _run(
        [
            _factor("f", "A1-A3", 2.0),
            _factor("g", "A1-A3", 1.0, indicator="AP"),
            *TRUCK,
        ],
        [
            {"line_id": "1", "quantity": 1000, "unit": "kg", "factor_id": "f", "transport_km": 100,
             "waste_rate": 0.1},
            {"line_id": "2", "quantity": 1000, "unit": "kg", "factor_id": "g"},
        ],
    )  # fmt: skip
    # GWP: 2000 + 10 (A4) + 0.1 × 2010 (A5) = 2211; AP: line 2 only
    assert r.total().loc["base"].to_dict() == pytest.approx({"GWP-total": 2211.0, "AP": 1000.0})
    assert ("1", "A4", "AP") not in _tidy(r)
    assert r.conservation_gap() == 0.0


def test_the_suites_check_fails_on_a_tidy_table_that_does_not_add_up():
    r = _run(
        [_factor("f", "A1-A3", 2.0)],
        [{"line_id": "1", "quantity": 100, "unit": "kg", "factor_id": "f"}],
    )
    declared = dataclasses.replace(r.declared_modules, by_row=np.zeros_like(r.declared_modules.by_row))
    broken = dataclasses.replace(r, declared_modules=declared)  # the tidy table loses every row
    assert broken.conservation_gap() == 200.0
    with pytest.raises(pytest.fail.Exception, match=r"conservation broken: .* differ by 200\.0"):
        _checked(lambda: broken)()


def test_compute_is_checked_in_this_suite():
    import lca
    import lca.engine

    assert lca.compute is lca.engine.compute
    assert getattr(compute, "__wrapped_for_conservation__", False)
