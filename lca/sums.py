"""Sums of the line impacts per variant, module, scope and lot, accumulated by the kernel of
:mod:`lca.kernel` as it runs (read by :class:`lca.results.Results`).

Lines that belong to the same variants share a membership *pattern*; lines that no rule touches are
summed as quantities per factor row, the others from each block of the kernel. Plain sums and
``bincount`` only: no BLAS product in a reduction (its threads cost more than the work on the small
arrays of a loaded machine).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

#: What a total contains (DESIGN §7): construction products and equipment (every module of the material
#: lines), operational energy (B6 of the energy lines) and water (B7 of the water lines).
SCOPES: tuple[str, ...] = ("products", "energy", "water")


@dataclass
class LineSums:
    """Sums of the line impacts per membership pattern, scope and lot, accumulated by the kernel.

    Lines that belong to the same variants share a *pattern* (usually: the common lines, and the lines
    of each variant); a variant's sums are the sums of its patterns. Lines that no rule touches are
    summed as quantities per factor row (:meth:`add_plain`); the kernel adds the others from each block
    while it is in cache (:meth:`add`), so the aggregations never re-read the line array.

    Attributes
    ----------
    pattern
        ``(line,)`` pattern of each line.
    members
        ``(variant, pattern)`` True where the pattern's lines belong to the variant.
    lots
        The lot names, in the order of the lot axis (as :meth:`Results.by_group` numbers them).
    modules
        ``(pattern, layer, indicator)`` sums of the impacts.
    lot_totals
        ``(pattern, scope, lot, indicator)`` sums of the line totals (D excluded), scopes of
        :data:`SCOPES`.
    lot_counts
        ``(pattern, scope, lot)`` number of lines.
    """

    pattern: np.ndarray
    members: np.ndarray
    lots: list[Any]
    modules: np.ndarray
    lot_totals: np.ndarray
    lot_counts: np.ndarray
    _cells: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64), init=False, repr=False)

    @classmethod
    def start(
        cls, membership: np.ndarray, scope: np.ndarray, lots: pd.Series, n_layers: int, n_indicators: int
    ) -> LineSums:
        """Empty sums for these lines: patterns from ``(variant, line)`` membership, ``(line,)`` scope
        codes (0 products, 1 energy, 2 water), lots numbered."""
        pattern, members = membership_patterns(membership)
        lot, names = group_codes(lots)
        pattern = pattern.astype(np.int32)  # 4 bytes a line
        n_patterns, n_lots = members.shape[1], len(names)
        small = n_patterns * len(SCOPES) * n_lots < 2**31  # 4 bytes per line suffice
        if n_patterns == 1 and not scope.any():  # one pattern, products only: the lot is the cell
            cells = lot.astype(np.int32 if small else np.int64)
        else:
            cells = ((pattern.astype(np.int64) * len(SCOPES) + scope) * n_lots + lot).astype(
                np.int32 if small else np.int64
            )
        shape = (n_patterns, len(SCOPES), n_lots)
        sums = cls(
            pattern,
            members,
            names,
            np.zeros((n_patterns, n_layers, n_indicators)),
            np.zeros((*shape, n_indicators)),
            np.bincount(cells, minlength=int(np.prod(shape))).reshape(shape),
        )
        sums._cells = cells
        return sums

    def add_plain(
        self,
        factors: np.ndarray,
        index: np.ndarray,
        quantity: np.ndarray,
        rows: np.ndarray,
        in_total: list[int],
    ) -> None:
        """Add lines whose impacts are their quantity × their factor row, untouched by any rule: summed as
        quantities per factor row first (one ``bincount`` over the lines), then × the factor rows.

        Parameters
        ----------
        factors
            ``(row, layer, indicator)`` factor values.
        index, quantity
            ``(line,)`` factor row and quantity of every line.
        rows
            The lines to add.
        in_total
            The layers in the total (D out).
        """
        if not len(rows):
            return
        n_rows, n_patterns = factors.shape[0], self.members.shape[1]
        every = len(rows) == len(index)  # (rows: every line, in order; no copy of the line arrays)
        code, q = (index, quantity) if every else (index[rows], quantity[rows])
        cells = self._cells if every else self._cells[rows]
        pattern_row = code if n_patterns == 1 else self.pattern[rows].astype(np.int64) * n_rows + code
        per_row = np.bincount(pattern_row, weights=q, minlength=n_patterns * n_rows)
        self.modules += np.einsum("pr,rki->pki", per_row.reshape(n_patterns, n_rows), factors)
        row_totals = factors[:, in_total, :].sum(axis=1)  # (row, indicator)
        n_cells = self.lot_counts.size
        flat = self.lot_totals.reshape(n_cells, self.lot_totals.shape[-1])
        if n_cells * n_rows <= 4 * len(rows) + 65_536:  # (cell, row) quantities, then × the row totals
            cell_row = cells.astype(np.int64) * n_rows + code
            per_cell = np.bincount(cell_row, weights=q, minlength=n_cells * n_rows)
            flat += np.einsum("cr,ri->ci", per_cell.reshape(n_cells, n_rows), row_totals)
            return
        for start in range(0, len(rows), 65_536):  # many lots and factors: each line's total, by parts
            part = slice(start, start + 65_536)
            flat += sum_by(cells[part], n_cells, row_totals[code[part]] * q[part, None])

    def add(self, rows: np.ndarray, impacts: np.ndarray, totals: np.ndarray) -> None:
        """Add some lines: their ``(line, layer, indicator)`` impacts and ``(line, indicator)`` totals."""
        pattern = self.pattern[rows]
        if self.members.shape[1] == 1:
            self.modules[0] += impacts.sum(axis=0)
        else:
            for p in np.unique(pattern):
                self.modules[p] += impacts[pattern == p].sum(axis=0)
        n_cells = self.lot_counts.size
        self.lot_totals.reshape(n_cells, self.lot_totals.shape[-1])[:] += sum_by(
            self._cells[rows], n_cells, totals
        )

    def per_variant(self, values: np.ndarray) -> np.ndarray:
        """``(variant, …)`` sums of a ``(pattern, …)`` array over each variant's patterns."""
        return np.stack([values[m].sum(axis=0) for m in self.members]) if len(self.members) else values[:0]


def membership_patterns(membership: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(line,)`` pattern code of each column of a ``(variant, line)`` membership, and the
    ``(variant, pattern)`` membership of each pattern."""
    n_variants, n_lines = membership.shape
    if n_lines and (membership.all(axis=1) | ~membership.any(axis=1)).all():  # one pattern: no hashing
        return np.zeros(n_lines, dtype=np.int64), membership[:, :1].copy()
    if n_variants <= 62:  # each column as one integer: a hash factorisation, no sort of the lines
        weights = np.left_shift(np.int64(1), np.arange(n_variants, dtype=np.int64))
        key = np.zeros(n_lines, dtype=np.int64)
        for v in range(n_variants):
            key[membership[v]] += weights[v]
        pattern, uniques = pd.factorize(key, sort=False)
        members = ((uniques[None, :] >> np.arange(n_variants)[:, None]) & 1).astype(bool)
        return pattern.astype(np.int64), members
    uniques, pattern = np.unique(membership.T, axis=0, return_inverse=True)
    return pattern.reshape(-1).astype(np.int64), uniques.T.copy()


def sum_by(codes: np.ndarray, n: int, values: np.ndarray) -> np.ndarray:
    """``(n, column)`` sums of the rows of a ``(row, column)`` array by code: one ``bincount`` per column."""
    out = np.empty((n, values.shape[1]))
    for k in range(values.shape[1]):
        out[:, k] = np.bincount(codes, weights=values[:, k], minlength=n)
    return out


def factorize_cells(cells: np.ndarray, *, use_na_sentinel: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """``pandas.factorize`` of an object array (codes, and the distinct values in the order of first
    appearance), hashing each distinct *object* once.

    A column of strings read from a file or built in code holds the same few objects many times (a
    unit, a lot, a factor id): the cells are first numbered by identity (their addresses, an integer
    hash: ~6× faster than hashing the strings), then the distinct objects by value. Cells that are
    mostly distinct objects (judged on the first 4,096) are hashed by value directly. Same result as
    ``pandas.factorize(cells, use_na_sentinel=...)``.
    """
    addresses = _addresses(cells) if cells.dtype == object and len(cells) >= 4096 else None
    if addresses is None or len(pd.unique(addresses[:4096])) > 2048:
        codes, uniques = pd.factorize(cells, use_na_sentinel=use_na_sentinel)
        return codes, np.asarray(uniques, dtype=object)
    by_object, objects = pd.factorize(addresses)
    if len(objects) == 1:  # one object in every cell
        by_value, uniques = pd.factorize(cells[:1], use_na_sentinel=use_na_sentinel)
        return np.full(len(cells), by_value[0], dtype=by_object.dtype), np.asarray(uniques, dtype=object)
    first = np.empty(len(objects), dtype=np.int64)  # a cell of each object (any one: the same object)
    first[by_object] = np.arange(len(cells))
    by_value, uniques = pd.factorize(cells[first], use_na_sentinel=use_na_sentinel)
    if np.array_equal(by_value, np.arange(len(by_value))):  # one object per value: its codes
        return by_object, np.asarray(uniques, dtype=object)
    return by_value[by_object], np.asarray(uniques, dtype=object)


def equal_cells(cells: np.ndarray, value: object) -> np.ndarray:
    """``cells == value`` for an object array, comparing by value only the cells that do not hold the
    same object as the first cell (a column that is mostly one object: a kind, an empty variant)."""
    addresses = _addresses(cells) if cells.dtype == object and len(cells) >= 4096 else None
    if addresses is None:
        return np.asarray(cells == value, dtype=bool)
    other = np.flatnonzero(addresses != addresses[0])
    out = np.full(len(cells), bool(cells[0] == value))
    out[other] = cells[other] == value
    return out


def _addresses(cells: np.ndarray) -> np.ndarray | None:
    """``(cell,)`` address of the object in each cell of a contiguous object array (the array must stay
    alive while they are used); None when it is not contiguous."""
    if not cells.flags.c_contiguous:
        return None
    buffer = (ctypes.c_size_t * len(cells)).from_address(cells.ctypes.data)
    return np.ctypeslib.as_array(buffer)


def group_codes(values: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """Codes and names of the groups of a line column (a missing value is a group of its own, "")."""
    if values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) != "string":
        values = values.astype(str)
    cells = values.to_numpy(dtype=object)
    codes, groups = factorize_cells(cells)  # (the NA sentinel is the fast path)
    if len(codes) and codes.min() < 0:  # missing values: a group of their own, where they first appear
        codes, groups = factorize_cells(cells, use_na_sentinel=False)
    return codes.astype(np.int64, copy=False), ["" if pd.isna(g) else g for g in groups]
