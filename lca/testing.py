"""Helpers to compare results in tests and notebooks, with tolerances."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lca.results import Results


def assert_results_close(
    actual: Results, expected: Results, *, rtol: float = 1e-9, atol: float = 1e-9
) -> None:
    """Assert that two results have the same variants, indicators and totals by module and by lot.

    Parameters
    ----------
    actual, expected
        The results to compare.
    rtol, atol
        Relative and absolute tolerances. [-], [indicator units]

    Raises
    ------
    AssertionError
        Naming the first table that differs.
    """
    if actual.variants != expected.variants:
        raise AssertionError(f"variants differ: {actual.variants} != {expected.variants}")
    if actual.indicators != expected.indicators:
        raise AssertionError(f"indicators differ: {actual.indicators} != {expected.indicators}")
    for name in ("total", "module_d", "by_module", "by_lot"):
        left, right = getattr(actual, name)(), getattr(expected, name)()
        try:
            pd.testing.assert_index_equal(left.index, right.index)
            np.testing.assert_allclose(left.to_numpy(), right.to_numpy(), rtol=rtol, atol=atol)
        except AssertionError as err:
            raise AssertionError(f"{name}() differs: {err}") from err
