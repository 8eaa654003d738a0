"""The one set of emission-timeline rules (lca.timeline) shared by the comparison and RE2020."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lca.indicators import MODULES
from lca.timeline import Group, Stage, line_events

GROUPS = [
    Group("A", ("A1-A3", "A4", "A5"), Stage.PRODUCTION),
    Group("use", ("B1", "B2", "B3", "B5", "B6", "B7"), Stage.USE),
    Group("B4", ("B4",), Stage.REPLACEMENT),
    Group("C", ("C1", "C2", "C3", "C4"), Stage.END_OF_LIFE),
]


def impacts(**values: float) -> np.ndarray:
    out = np.zeros((1, len(MODULES)))
    for module, value in values.items():
        out[0, MODULES.index(module.replace("_", "-"))] = value
    return out


def test_each_stage_at_its_year():
    ev = line_events(
        impacts(A1_A3=100, A4=5, B6=50, B4=30, C4=7, D=-99),
        GROUPS,
        period=50,
        replacements=np.array([2.0]),
        service_life=np.array([20.0]),
    )
    at = {(GROUPS[g].name, y): v for g, y, v in zip(ev.group, ev.year, ev.value, strict=True)}
    assert at[("A", 0.0)] == 105
    assert [y for (name, y) in at if name == "use"] == list(np.arange(1.0, 51.0))
    assert at[("use", 1.0)] == pytest.approx(1.0)
    assert at[("B4", 20.0)] == 15 and at[("B4", 40.0)] == 15
    assert at[("C", 50.0)] == 7
    assert ev.value.sum() == pytest.approx(105 + 50 + 30 + 7)  # D is never in a timeline


def test_fractional_period_and_replacement():
    # P = 10.5: the 11th year weighs half a year; n = 1.5 with SL = 4: a whole unit at 4, half at 8
    ev = line_events(
        impacts(B1=21, B4=30),
        GROUPS,
        period=10.5,
        replacements=np.array([1.5]),
        service_life=np.array([4.0]),
    )
    use = ev.value[ev.group == 1]
    assert use.tolist() == pytest.approx([2.0] * 10 + [1.0])
    assert ev.year[ev.group == 2].tolist() == [4.0, 8.0]
    assert ev.value[ev.group == 2].tolist() == pytest.approx([20.0, 10.0])


def test_whole_years_round_half_up_within_the_period():
    ev = line_events(
        impacts(B4=30),
        GROUPS,
        period=50,
        replacements=np.array([3.0]),
        service_life=np.array([12.5]),
        whole_years=True,
    )
    assert ev.year.tolist() == [13.0, 25.0, 38.0]
    exact = line_events(
        impacts(B4=30), GROUPS, period=50, replacements=np.array([3.0]), service_life=np.array([12.5])
    )
    assert exact.year.tolist() == [12.5, 25.0, 37.5]


def test_lines_of_a_group_and_no_replacement_without_a_service_life():
    both = np.vstack([impacts(A1_A3=1, B4=4), impacts(A1_A3=2, B4=4)])
    groups = [Group("first", ("A1-A3",), Stage.PRODUCTION, np.array([True, False])), GROUPS[2]]
    ev = line_events(
        both, groups, period=50, replacements=np.array([1.0, np.nan]), service_life=np.array([np.nan, 20.0])
    )
    assert ev.line.tolist() == [0] and ev.value.tolist() == [1.0]


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.floats(-1e6, 1e6), min_size=len(MODULES), max_size=len(MODULES)),
    period=st.floats(1, 120),
    n=st.one_of(st.just(0.0), st.floats(0.01, 6)),
    life=st.floats(1, 60),
)
def test_events_conserve_every_module_but_d(values, period, n, life):
    row = np.array([values])
    ev = line_events(row, GROUPS, period=period, replacements=np.array([n]), service_life=np.array([life]))
    expected = row[0, : MODULES.index("D")].sum()
    if n == 0:
        expected -= row[0, MODULES.index("B4")]
    assert ev.value.sum() == pytest.approx(expected, rel=1e-9, abs=1e-6)
    # the use of the fractional last year is counted in year ceil(P)
    assert ((ev.year >= 0) & (ev.year <= np.ceil(period))).all()
