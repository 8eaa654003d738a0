"""What `compute` defers or derives once (issue 12): the per-line detail table built on first use, the
factor table's derived arrays, a table taken from another. Same numbers and notes either way."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import lca
from lca.factors import FactorTable
from lca.model import Project, Variant, normalise_lines


def _table() -> FactorTable:
    rows = [
        # factor, module, indicator, value
        ("F1", "A1-A3", "GWP-total", 2.0),
        ("F1", "C4", "GWP-total", 0.5),
        ("F1", "A1-A3", "PENRT", 30.0),
        ("F2", "A1-A3", "GWP-total", 10.0),
        ("F2", "B4", "GWP-total", 99.0),  # a factor's own B4: not used (a note)
        ("F3", "A1-A3", "GWP-total", 7.0),  # never used by a line
    ]
    frame = pd.DataFrame(rows, columns=["factor_id", "module", "indicator", "value"])
    frame = frame.assign(name=frame["factor_id"] + " name", declared_unit="kg", service_life=100.0)
    table, issues = FactorTable.from_frame(frame, "lazy")
    assert not issues
    return table


def _project() -> Project:
    lines = pd.DataFrame(
        {
            "line_id": ["L1", "L2", "L3"],
            "lot": ["2", "3", "8"],  # a line in the equipment lots: no warning that would show the lines
            "quantity": [4.0, 1.0, 2.0],
            "unit": ["kg", "t", "kg"],
            "factor_id": ["F1", "F2", "F1"],
        }
    )
    return Project(name="lazy", reference_area=100.0, study_period=50.0, lines=normalise_lines(lines),
                   variants=[Variant("base")])  # fmt: skip


def test_the_aggregations_do_not_build_the_line_table_and_the_notes_are_there_without_it():
    r = lca.compute(_project(), _table(), defaults=False, default_service_lives=False)
    # F1: 6 kg × (2 + 0.5); F2: 1000 kg × 10
    assert r.total().loc["base", "GWP-total"] == pytest.approx(6 * 2.5 + 1000 * 10.0)
    by_lot = r.by_lot()["GWP-total"].to_dict()
    assert by_lot == pytest.approx({("base", "2"): 10.0, ("base", "3"): 10_000.0, ("base", "8"): 5.0})
    assert r.by_module().loc[("base", "C4"), "GWP-total"] == pytest.approx(3.0)
    assert "_build_lines" in r.__dict__ and r.line_count == 3  # not built by the aggregations
    notes = [i.message for i in r.issues]
    assert any("1 factor declares B4, B6 or B7 ('F2')" in m for m in notes), notes
    assert (
        "PENRT: 1 of 3 lines has no value (its factor does not declare it: line L2); these indicators leave "
        "it out" in notes
    )
    lines = r.lines  # built now, once
    assert "_build_lines" not in r.__dict__ and r.lines is lines
    assert lines["line_id"].tolist() == ["L1", "L2", "L3"]
    assert lines["declared_quantity"].tolist() == [4.0, 1000.0, 2.0]
    assert lines["factor_name"].tolist() == ["F1 name", "F2 name", "F1 name"]
    assert lines["source"].tolist() == ["lazy"] * 3
    assert lines["replacements"].tolist() == [0.0, 0.0, 0.0]
    assert lines["biogenic_carbon"].isna().all() and list(lines["biogenic_carbon_basis"]) == ["", "", ""]


def test_a_taken_table_takes_its_value_rows_on_first_use_and_its_per_factor_values_from_the_other():
    table = _table()
    taken = table.take(np.array([2, 0]))  # F3, F1
    assert callable(taken.__dict__["_values"])  # not taken yet
    assert list(taken.meta.index) == ["F3", "F1"]
    assert sorted(taken.values["factor_id"].unique()) == ["F1", "F3"] and len(taken.values) == 4
    built = []
    flags = table.per_factor("test", lambda meta: built.append(1) or np.arange(len(meta)) * 10)
    assert flags.tolist() == [0, 10, 20] and taken.per_factor("test", None).tolist() == [20, 0]
    assert built == [1]  # derived once, from the table taken from
    assert table.take(np.arange(3)) is table


def test_the_dense_values_derived_once_per_table_are_those_of_the_value_rows():
    table = _table()
    dense = table.dense_at(np.array([1, 0]), ["GWP-total", "PENRT"])
    assert dense.shape == (2, 15, 2)
    assert dense[0, lca.indicators.MODULES.index("B4"), 0] == 99.0
    assert dense[1, lca.indicators.MODULES.index("C4"), 0] == 0.5
    assert dense[1, 0, 1] == 30.0 and np.isnan(dense[0, 0, 1])
    assert np.count_nonzero(~np.isnan(dense)) == 5
    dense[:] = 0.0  # the caller's copy: the table's own array is unchanged
    assert table.dense_at(np.array([1]), ["GWP-total", "PENRT"])[0, 0, 0] == 10.0
    assert table.indicators_of(np.array([1, 2])) == ["GWP-total"]
    assert table.indicators_of(np.array([0])) == ["GWP-total", "PENRT"]


def test_a_taken_table_never_changes_what_its_source_gives():
    """Regression: the dense values of a table taken from the defaults, asked for first, were stored as
    the defaults' own, so a later project indexed a 3-row array with positions of the whole table."""
    import numpy as np

    from lca.factors import default_factors

    source = default_factors()
    ids = list(source.meta.index)
    indicators = ["ODP", "GWP-total", "ADP-fossil"]  # an order no other test asks for: not yet cached
    taken = source.select(ids[:3])
    assert taken.dense_at(np.arange(3), indicators).shape == (3, 15, 3)
    last = source.positions(ids[-1:])
    whole = source._dense(indicators)
    np.testing.assert_array_equal(source.dense_at(last, indicators), whole[last])
    np.testing.assert_array_equal(taken.dense_at(np.array([2]), indicators), whole[[2]])


@pytest.mark.parametrize("rows", [10, 5_000])  # 5,000: cells numbered by object first (lca.sums)
def test_the_value_rows_codes_are_their_positions_modules_and_indicators(rows):
    from lca.indicators import MODULES

    rng = np.random.default_rng(rows)
    ids = np.array(["F1", "F2", "F3", "gone", None], dtype=object)[rng.integers(0, 5, rows)]
    modules = np.array(["A1-A3", "D", "Z9", "C4"], dtype=object)[rng.integers(0, 4, rows)]
    indicators = np.array(["GWP-total", "PENRT", np.nan], dtype=object)[rng.integers(0, 3, rows)]
    values = pd.DataFrame({"factor_id": ids, "module": modules, "indicator": indicators, "value": 1.0})
    meta = pd.DataFrame({"name": ["a", "b", "c"]}, index=pd.Index(["F3", "F1", "F2"], name="factor_id"))
    factor, module, indicator, names, _ = FactorTable(values, meta)._codes
    assert factor.tolist() == [{"F3": 0, "F1": 1, "F2": 2}.get(i, -1) for i in ids]
    assert module.tolist() == [MODULES.index(m) if m in MODULES else -1 for m in modules]
    assert [names[c] if c >= 0 else None for c in indicator] == [
        i if isinstance(i, str) else None for i in indicators
    ]
