"""The kernel of the calculation: impacts of every line, module and indicator from arrays (DESIGN §5).

:func:`line_impacts` applies the rules that act on a line's impacts — A1-A3 … D as quantity × factor, A4
from a distance, the A5 waste term, B4 of the replacements and D × (1 + n) — in blocks of lines small
enough to stay in cache, and sums each block per variant, module, scope and lot
(:class:`lca.sums.LineSums`) while it is there. It also accepts a leading sample axis (Monte Carlo).
:func:`replacements` is the rule for the number of replacements.

References
----------
EN 15978:2011, §7.4.4 (replacements), §8–§9 (modules A1–D), §12 (reporting D apart).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lca._text import Message
from lca.errors import InputError
from lca.indicators import END_OF_LIFE_MODULES, MODULES, TOTAL_MODULES
from lca.sums import LineSums

#: Rules for the number of replacements (DESIGN §5).
REPLACEMENT_RULES = ("ceil", "fraction")
_CHUNK = 4096  # lines per block of the kernel: (4096, 5 layers, 10 indicators) floats ≈ 1.6 MB


def replacements(study_period: float, service_life: np.ndarray, rule: str = "ceil") -> np.ndarray:
    """Number of replacements over the study period.

    ``ceil``: n = max(ceil(P/SL) − 1, 0); ``fraction``: n = max(P/SL − 1, 0). No service life
    (NaN), or SL ≥ P: n = 0.

    Parameters
    ----------
    study_period
        Reference study period P. [years]
    service_life
        Service life SL of each line. [years]
    rule
        ``ceil`` (whole replacements, EN 15978 §7.4.4 practice) or ``fraction`` (E+C- style).
    """
    sl = np.asarray(service_life, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = study_period / sl
        if rule == "ceil":
            # round first so that 50/12.5 = 4.000000000001 is not counted as 5 units
            n = np.ceil(np.round(ratio, 9)) - 1
        elif rule == "fraction":
            n = ratio - 1
        else:
            raise InputError(
                Message(
                    "unknown replacement rule '{rule}'; expected one of {expected}",
                    rule=rule,
                    expected=", ".join(REPLACEMENT_RULES),
                ),
                value=rule,
            )
    return np.where(np.isfinite(n) & (sl > 0), np.maximum(n, 0.0), 0.0)


def line_impacts(
    factors: np.ndarray,
    index: np.ndarray,
    quantity: np.ndarray,
    waste_rate: np.ndarray,
    replacements: np.ndarray,
    a4_rows: np.ndarray | None = None,
    a4_values: np.ndarray | None = None,
    totals: np.ndarray | None = None,
    *,
    modules: Sequence[int] | np.ndarray | None = None,
    sums: LineSums | None = None,
) -> np.ndarray:
    """Impacts of every line, module and indicator (the DESIGN §5 rules).

    Parameters
    ----------
    factors
        ``(..., factor, module, indicator)`` values per declared unit, 0 where not declared;
        B4 must be 0 (it is computed here).
    index
        ``(line,)`` row of each line in ``factors``.
    quantity
        ``(..., line)`` quantity in declared units (already × P for yearly lines).
    waste_rate, replacements
        ``(..., line)`` waste fraction w [-] and number of replacements n [-].
    a4_rows, a4_values
        Lines whose A4 is given by distance, and their A4 ``(..., rows, indicator)``.
    totals
        Optional ``(..., line, indicator)`` array filled with each line's total (D excluded), summed
        while each block is in cache.
    modules
        Position in :data:`~lca.indicators.MODULES` of each module of ``factors`` (default: all 15, in
        order). Every module that a rule writes must be there: A4 when ``a4_rows`` is not empty, A5
        when a waste rate is > 0, B4 when a line is replaced.
    sums
        Optional :class:`~lca.results.LineSums` to add the lines to (no leading axis): the lines no rule
        touches as quantities per factor row, the others from each block.

    Returns
    -------
    numpy.ndarray
        ``(..., line, module, indicator)`` impacts, in the indicators' units (the ``modules`` only).
    """
    q, w, n = (np.asarray(a, dtype=float) for a in (quantity, waste_rate, replacements))
    index = np.asarray(index)
    if len(index) and not (index.min() >= 0 and index.max() < factors.shape[-3]):
        raise InputError(Message("the kernel's factor rows must lie within its factor array"))
    lead = np.broadcast_shapes(factors.shape[:-3], q.shape[:-1], w.shape[:-1], n.shape[:-1])
    out = np.empty((*lead, len(index), *factors.shape[-2:]))
    layer = {MODULES[m]: k for k, m in enumerate(range(len(MODULES)) if modules is None else modules)}
    a4_rows = np.asarray(a4_rows if a4_rows is not None else [], dtype=np.int64)
    waste, replaced = bool((w > 0).any()), bool((n > 0).any())
    for module, needed in (("A4", len(a4_rows) > 0), ("A5", waste), ("B4", replaced)):
        if needed and module not in layer:
            raise InputError(
                Message("the kernel needs module {module} among its modules to apply its rule", module=module)
            )
    if sums is not None and lead:
        raise InputError(Message("the kernel sums lines per variant only without a leading axis"))
    rule_rows = np.zeros(0, dtype=np.int64)
    order = np.argsort(a4_rows, kind="stable")
    a4_rows = a4_rows[order]
    a4_values = np.asarray(a4_values)[..., order, :] if len(a4_rows) else a4_values
    # what a waste rate and a replacement apply to: production, transport and end of life (C1..C4 are
    # never changed by a rule: summed per factor once)
    made_layers = [layer[m] for m in ("A1-A3", "A4") if m in layer]
    end_of_life = [layer[m] for m in END_OF_LIFE_MODULES if m in layer]
    end_of_life_factors = factors[..., end_of_life, :].sum(axis=-2) if end_of_life else None
    in_total = [k for m, k in layer.items() if m in TOTAL_MODULES]
    d = layer.get("D")
    if sums is not None:  # lines no rule touches are summed per factor row; the others block by block
        touched = (w > 0) | (n > 0)
        touched[a4_rows] = True
        sums.add_plain(factors, index, q, np.flatnonzero(~touched), in_total)
        rule_rows = np.flatnonzero(touched)
    flat = lead == () and factors.ndim == 3
    # blocks of lines small enough to stay in cache: one pass over memory for all the rules and sums
    for start in range(0, len(index), _CHUNK):
        stop = min(start + _CHUNK, len(index))
        rows = slice(start, stop)
        block = out[..., rows, :, :]
        if flat:
            np.take(factors, index[rows], axis=0, out=block, mode="clip")  # (rows valid: no error buffer)
            block *= q[rows, None, None]
        else:
            np.multiply(np.take(factors, index[rows], axis=-3), q[..., rows, None, None], out=block)
        first, last = np.searchsorted(a4_rows, [start, stop])
        if last > first and a4_values is not None:  # A4 from a distance replaces the factor's A4
            block[..., a4_rows[first:last] - start, layer["A4"], :] = a4_values[..., first:last, :]
        w_block, n_block = w[..., rows, None], n[..., rows, None]
        block_waste = waste and bool((w_block > 0).any())
        block_replaced = replaced and bool((n_block > 0).any())
        if block_waste or block_replaced:
            # production + transport + end of life: wasted in A5, and again at each replacement in B4
            made = np.zeros((*block.shape[:-2], block.shape[-1]))
            for k in made_layers:
                made += block[..., k, :]
            if end_of_life_factors is not None:
                made += np.take(end_of_life_factors, index[rows], axis=-2) * q[..., rows, None]
            if block_waste:
                block[..., layer["A5"], :] += w_block * made
            if "A5" in layer:  # made again at each replacement: A5 too, with or without a waste term
                made += block[..., layer["A5"], :]
            if block_replaced:
                np.multiply(n_block, made, out=block[..., layer["B4"], :])
                if d is not None:
                    block[..., d, :] *= 1.0 + n_block
            elif "B4" in layer:
                block[..., layer["B4"], :] = 0.0
        elif "B4" in layer:
            block[..., layer["B4"], :] = 0.0
        if totals is not None:  # plain sums of the modules in the total (D out)
            line_total = totals[..., rows, :]
            if in_total:
                np.copyto(line_total, block[..., in_total[0], :])
                for k in in_total[1:]:
                    line_total += block[..., k, :]
            else:
                line_total[...] = 0.0
        first, last = np.searchsorted(rule_rows, [start, stop])
        if last > first:  # the lines a rule touched, from the block while it is in cache
            touched_block = block[rule_rows[first:last] - start]
            sums.add(rule_rows[first:last], touched_block, touched_block[:, in_total, :].sum(axis=1))  # type: ignore[union-attr]
    return out


def line_sums(
    factors: np.ndarray,
    index: np.ndarray,
    quantity: np.ndarray,
    waste_rate: np.ndarray,
    replacements: np.ndarray,
    a4_rows: np.ndarray,
    a4_values: np.ndarray,
    *,
    modules: Sequence[int] | np.ndarray,
    sums: LineSums,
) -> None:
    """Add the lines to ``sums`` without keeping their ``(line, module, indicator)`` array.

    The lines no rule touches are summed as quantities per factor row (:meth:`LineSums.add_plain`); the
    others go through :func:`line_impacts` (the rules are applied there only) one block at a time, and
    each block is added while it is in cache. Same arguments as :func:`line_impacts`, without a leading
    axis; the sums equal those of :func:`line_impacts` with ``sums`` to rounding.
    """
    q, w, n = (np.asarray(a, dtype=float) for a in (quantity, waste_rate, replacements))
    a4_rows = np.asarray(a4_rows, dtype=np.int64)
    layer = {MODULES[m]: k for k, m in enumerate(modules)}
    in_total = [k for m, k in layer.items() if m in TOTAL_MODULES]
    touched = (w > 0) | (n > 0)
    touched[a4_rows] = True
    sums.add_plain(factors, index, q, np.flatnonzero(~touched), in_total)
    rule_rows = np.flatnonzero(touched)
    a4_at = np.full(len(index), -1)
    a4_at[a4_rows] = np.arange(len(a4_rows))
    for start in range(0, len(rule_rows), _CHUNK):
        rows = rule_rows[start : start + _CHUNK]
        by_distance = np.flatnonzero(a4_at[rows] >= 0)  # positions in this block
        block = line_impacts(
            factors, index[rows], q[rows], w[rows], n[rows], by_distance, a4_values[a4_at[rows[by_distance]]],
            modules=modules,
        )  # fmt: skip
        sums.add(rows, block, block[:, in_total, :].sum(axis=1))
