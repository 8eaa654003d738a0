"""Numbering object columns by identity first (lca.sums.factorize_cells, equal_cells): the same result as
pandas and numpy whatever the objects, shared or not, missing or not."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lca.sums import equal_cells, factorize_cells

VALUES = ["kg", "m3", "", "P0001", "3", None, float("nan")]


def _column(picks: list[int], copies: list[bool], size: int) -> np.ndarray:
    """``size`` cells of ``VALUES`` (``picks`` repeated); where ``copies`` says so (repeated too), an equal
    string that is another object, else the same object as the other cells of that value."""
    picks, copies = np.resize(picks, size), np.resize(copies, size)
    cells = np.empty(size, dtype=object)
    for i, (k, copy) in enumerate(zip(picks, copies, strict=True)):
        value = VALUES[k]
        cells[i] = "".join([value, "x"])[:-1] if copy and isinstance(value, str) else value
    return cells


def _same(expected: tuple[np.ndarray, object], got: tuple[np.ndarray, np.ndarray]) -> None:
    assert np.array_equal(expected[0], got[0])
    uniques = list(expected[1])  # type: ignore[call-overload]
    assert len(uniques) == len(got[1])
    for a, b in zip(uniques, got[1], strict=True):
        assert (pd.isna(a) and pd.isna(b)) or a == b


@settings(max_examples=60, deadline=None)
@given(
    picks=st.lists(st.integers(0, len(VALUES) - 1), min_size=1, max_size=40),
    copies=st.lists(st.booleans(), min_size=1, max_size=40),
    size=st.sampled_from([1, 100, 4096, 6001]),
    na=st.booleans(),
)
def test_factorize_cells_is_pandas_factorize(picks, copies, size, na):
    cells = _column(picks, copies, size)
    _same(pd.factorize(cells, use_na_sentinel=na), factorize_cells(cells, use_na_sentinel=na))


@pytest.mark.parametrize("n", [10, 5000, 100_000])
def test_one_shared_object_many_objects_and_slices(n):
    ids = np.array([f"P{k:04d}" for k in range(500)], dtype=object)
    shared = ids[np.arange(n) % 500]
    distinct = np.array(["".join(list(s)) for s in shared], dtype=object)  # equal values, new objects
    same = np.full(n, "kg", dtype=object)
    for cells in (shared, distinct, same, shared[::2], np.array([None] * n, dtype=object)):
        _same(pd.factorize(cells), factorize_cells(cells))
    codes, uniques = factorize_cells(shared)
    assert list(uniques[:3]) == ["P0000", "P0001", "P0002"] and codes[1] == 1 and codes[-1] == (n - 1) % 500


@settings(max_examples=60, deadline=None)
@given(
    picks=st.lists(st.integers(0, len(VALUES) - 1), min_size=1, max_size=40),
    copies=st.lists(st.booleans(), min_size=1, max_size=40),
    size=st.sampled_from([1, 100, 4096, 6001]),
    value=st.sampled_from(["kg", "", "material", "3"]),
)
def test_equal_cells_is_elementwise_equality(picks, copies, size, value):
    cells = _column(picks, copies, size)
    assert np.array_equal(equal_cells(cells, value), cells == value)


def test_equal_cells_on_a_column_of_one_object_with_a_few_others():
    cells = np.full(10_000, "material", dtype=object)
    cells[[3, 9_999]] = "energy"
    cells[17] = "".join(["mat", "erial"])  # equal, another object
    out = equal_cells(cells, "material")
    assert out.sum() == 9_998 and not out[3] and not out[9_999] and out[17]
