"""Each line's impacts split the way the Monte Carlo samples them, computed by the engine's kernel.

The Monte Carlo multiplies each part of a line's impacts by one random input: the part that follows the
line's own factor, the part that follows its transport factor (A4 from a distance, and what the rules
make of it), and what one more replacement adds (B4 made again, D of one more unit), weighed by the
number of replacements of a sampled service life. The rules that make these parts — the A5 waste term,
B4 = n·(A1-A3 + A4 + A5 + C1…C4), D × (1 + n) — are applied by :func:`lca.kernel.line_impacts` only
(docs/calculation.md, "Where each rule lives"): this module runs the kernel and reads the parts from it,
relying only on what the Monte Carlo needs anyway, that the kernel is linear in the factor values and in
the number of replacements n.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lca.indicators import MODULES
from lca.kernel import line_impacts

#: The modules a factor gives the kernel: all but B4, which the kernel computes from the replacements.
_GIVEN = np.array([k for k, m in enumerate(MODULES) if m != "B4"])
_A4 = MODULES.index("A4")
#: Lines whose values are solved at once (a (lines, 14, 14) array of 12 MB).
_CHUNK = 8192


@dataclass
class LineParts:
    """Parts of each line's impacts, ``(line, module, indicator)`` in the indicators' units.

    Attributes
    ----------
    transport
        The part due to the line's transport factor (A4 from a distance: that A4, its waste in A5, its
        replacements in B4), with the line's deterministic replacements; 0 for the other lines.
    per_replacement
        What one more replacement adds to the line's impacts (B4 made again, D of one more unit).
    per_replacement_transport
        The part of ``per_replacement`` due to the transport factor.
    """

    transport: np.ndarray
    per_replacement: np.ndarray
    per_replacement_transport: np.ndarray


def _kernel(
    values: np.ndarray,
    waste_rate: np.ndarray,
    replacements: np.ndarray,
    a4_values: np.ndarray | None = None,
) -> np.ndarray:
    """The kernel on one row of values per line (quantity 1), every module; ``a4_values``: every line's
    A4 from a distance."""
    lines = len(values)
    rows = np.arange(lines) if a4_values is not None else None
    return line_impacts(values, np.arange(lines), np.ones(lines), waste_rate, replacements, rows, a4_values)


def values_before_rules(impacts: np.ndarray, waste_rate: np.ndarray, replacements: np.ndarray) -> np.ndarray:
    """The values per line that the kernel turns into ``impacts`` with these waste rates and replacements
    (A5 without the waste term, D of one unit, B4 0).

    A line without waste or replacement is its impacts (no rule acts on it). For the others, the kernel's
    linear map of each distinct (w, n) is read by running it on one unit per module, and inverted; lines
    are taken :data:`_CHUNK` at a time, so the memory stays small whatever the inventory.
    """
    values = impacts.copy()
    values[:, MODULES.index("B4"), :] = 0.0
    ruled = np.flatnonzero((waste_rate != 0) | (replacements != 0))
    given = np.arange(len(_GIVEN))
    for start in range(0, len(ruled), _CHUNK):
        rows = ruled[start : start + _CHUNK]
        pairs, which = np.unique(np.stack([waste_rate[rows], replacements[rows]], axis=1), axis=0,
                                 return_inverse=True)  # fmt: skip
        probe = np.zeros((len(pairs), len(MODULES), len(_GIVEN)))
        probe[:, _GIVEN, given] = 1.0
        response = _kernel(probe, pairs[:, 0], pairs[:, 1])[:, _GIVEN, :]  # (pair, module out, module in)
        cells = np.ix_(rows, _GIVEN)
        values[cells] = np.matmul(np.linalg.inv(response)[which.ravel()], impacts[cells])
    return values


def line_parts(
    impacts: np.ndarray, waste_rate: np.ndarray, replacements: np.ndarray, transport: np.ndarray
) -> LineParts:
    """The parts of each line's impacts (:class:`LineParts`).

    Parameters
    ----------
    impacts
        ``(line, module, indicator)`` impacts as the engine computed them (``Results.impacts``, 0 where
        not declared).
    waste_rate, replacements
        ``(line,)`` the waste rate w [-] and the number of replacements n [-] the engine used.
    transport
        ``(line,)`` True where the line's A4 comes from a distance (its A4 follows its transport factor).
    """
    w, n = np.asarray(waste_rate, dtype=float), np.asarray(replacements, dtype=float)
    values = values_before_rules(impacts, w, n)
    none, one = np.zeros(len(n)), np.ones(len(n))
    per_replacement = _kernel(values, w, one) - _kernel(values, w, none)
    full_t, rep_t = np.zeros(impacts.shape), np.zeros(impacts.shape)
    rows = np.flatnonzero(transport)
    if len(rows):
        zero, a4 = np.zeros((len(rows), *impacts.shape[1:])), impacts[rows, _A4, :]
        full_t[rows] = _kernel(zero, w[rows], n[rows], a4)
        rep_t[rows] = _kernel(zero, w[rows], one[rows], a4) - _kernel(zero, w[rows], none[rows], a4)
    return LineParts(full_t, per_replacement, rep_t)
