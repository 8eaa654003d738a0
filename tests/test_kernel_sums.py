"""The kernel keeps only the module layers in use and sums variants, modules, scopes and lots as it goes."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lca
from lca.datasets import dataset_path
from lca.engine import line_impacts
from lca.errors import InputError
from lca.indicators import MODULES
from lca.sums import LineSums, membership_patterns

M = {m: k for k, m in enumerate(MODULES)}
LAYERS = [M["A1-A3"], M["A5"], M["B4"], M["C4"], M["D"]]


def _one_factor() -> np.ndarray:
    """One factor, one indicator: A1-A3 = 2, C4 = 1, D = -0.5 per declared unit (15 modules)."""
    full = np.zeros((1, len(MODULES), 1))
    full[0, M["A1-A3"], 0], full[0, M["C4"], 0], full[0, M["D"], 0] = 2.0, 1.0, -0.5
    return full


def test_layers_give_the_hand_computed_values_of_the_full_kernel() -> None:
    # q = 3, w = 0.1, n = 1: A1-A3 = 6, C4 = 3, A5 = 0.1 × (6 + 3) = 0.9, B4 = 6 + 3 + 0.9 = 9.9, D = 2 × -1.5
    full = _one_factor()
    args = (np.array([0]), np.array([3.0]), np.array([0.1]), np.array([1.0]))
    totals = np.empty((1, 1))
    layers = line_impacts(full[:, LAYERS, :], *args, totals=totals, modules=LAYERS)
    assert layers[0, :, 0] == pytest.approx([6.0, 0.9, 9.9, 3.0, -3.0])
    assert totals[0, 0] == pytest.approx(19.8)
    everything = line_impacts(full, *args)
    np.testing.assert_array_equal(everything[:, LAYERS, :], layers)
    assert not np.delete(everything, LAYERS, axis=1).any()


def test_a_rule_without_its_layer_is_refused() -> None:
    full = _one_factor()
    with pytest.raises(InputError, match="needs module B4"):
        line_impacts(
            full[:, [M["A1-A3"], M["A5"]], :],
            np.array([0]),
            np.array([3.0]),
            np.array([0.0]),
            np.array([1.0]),
            modules=[M["A1-A3"], M["A5"]],
        )


def test_kernel_sums_per_pattern_and_lot() -> None:
    # 3 lines, 2 variants: line 0 common, line 1 only in V1, line 2 only in V2; lots "a", "b", "a"
    full = _one_factor()[:, [M["A1-A3"]], :]
    membership = np.array([[True, True, False], [True, False, True]])
    sums = LineSums.start(membership, np.zeros(3, np.int64), pd.Series(["a", "b", "a"]), 1, 1)
    line_impacts(full, np.zeros(3, np.int64), np.array([1.0, 10.0, 100.0]), np.zeros(3), np.zeros(3),
                 modules=[M["A1-A3"]], sums=sums)  # fmt: skip
    assert sums.per_variant(sums.modules)[:, 0, 0].tolist() == [22.0, 202.0]
    by_lot = sums.per_variant(sums.lot_totals.sum(axis=1))[:, :, 0]
    assert sums.lots == ["a", "b"]
    assert by_lot.tolist() == [[2.0, 20.0], [202.0, 0.0]]
    assert (sums.per_variant(sums.lot_counts.sum(axis=1)) > 0).tolist() == [[True, True], [True, False]]


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 70), st.integers(0, 40), st.integers(0, 2**31))
def test_patterns_group_identical_columns(n_variants: int, n_lines: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    membership = rng.random((n_variants, n_lines)) < 0.6
    membership[:, : n_lines // 2] = True  # many common lines, as in a project
    pattern, members = membership_patterns(membership)
    np.testing.assert_array_equal(members[:, pattern], membership)
    assert len({tuple(c) for c in members.T}) == members.shape[1]  # each pattern once


@pytest.fixture(scope="module")
def example() -> lca.Results:
    return lca.compute(lca.read_project(dataset_path("examples", "residence_collective.xlsx")))


def test_only_layers_in_use_and_the_full_array_on_demand(example: lca.Results) -> None:
    layers = [MODULES[m] for m in example.layer_modules]
    assert set(layers) < set(MODULES)  # the example declares no B1-B3, B5
    assert example.layers.shape[1] == len(layers)
    assert not np.delete(example.impacts, example.layer_modules, axis=1).any()
    np.testing.assert_array_equal(example.impacts[:, example.layer_modules, :], example.layers)
    np.testing.assert_array_equal(example.module_impacts("A1-A3"), example.impacts[:, M["A1-A3"], :])
    assert not example.module_impacts("B1").any()


def test_kernel_sums_equal_sums_over_the_full_array(example: lca.Results) -> None:
    """The sums accumulated by the kernel against the same aggregations from the 15-module array."""
    plain = dataclasses.replace(example, layers=example.impacts, layer_modules=None, sums=None)
    for name in ("total", "by_module", "by_lot", "by_scope", "module_d"):
        ours, theirs = getattr(example, name)(), getattr(plain, name)()
        pd.testing.assert_frame_equal(ours, theirs, rtol=1e-12, atol=1e-9)
    per_variant = np.stack([example.impacts[m].sum(axis=0) for m in example.membership])
    np.testing.assert_allclose(example._by_module, per_variant, rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("n_lots", [3, 400])  # 400 lots × 300 rows: each line's total summed by parts
def test_lines_no_rule_touches_are_summed_per_factor_row_like_the_others(n_lots: int) -> None:
    rng = np.random.default_rng(n_lots)
    n_lines, layers = 1000, [M["A1-A3"], M["A4"], M["A5"], M["D"]]
    factors = rng.random((300, len(layers), 2))
    index, q = rng.integers(0, 300, n_lines), rng.random(n_lines) * 10
    waste = np.where(rng.random(n_lines) < 0.3, 0.05, 0.0)  # these lines go through the blocks
    membership = rng.random((3, n_lines)) < 0.7
    lots = pd.Series(rng.integers(0, n_lots, n_lines).astype(str))
    scope = rng.integers(0, 3, n_lines)
    sums = LineSums.start(membership, scope, lots, len(layers), 2)
    out = line_impacts(factors, index, q, waste, np.zeros(n_lines), modules=layers, sums=sums)
    again = LineSums.start(membership, scope, lots, len(layers), 2)
    again.add(np.arange(n_lines), out, out[:, :3, :].sum(axis=1))  # every line from its impacts
    np.testing.assert_allclose(sums.modules, again.modules, rtol=1e-12)
    np.testing.assert_allclose(sums.lot_totals, again.lot_totals, rtol=1e-12, atol=1e-12)
    expected = np.stack([out[m].sum(axis=0) for m in membership])
    np.testing.assert_allclose(sums.per_variant(sums.modules), expected, rtol=1e-12)
