"""The Monte Carlo kernel: results as a sum of terms that are linear in the random multipliers.

Every rule of DESIGN §5 is linear in a line's factor values, in its quantity and in its number of
replacements n (A5 = q·F[A5] + q·w·(…), B4 = n·(A1-A3 + A4 + A5 + C1..C4), D = (1 + n)·q·F[D]); the A4
of a line given a distance is linear in its transport factor. The parts of each line's impacts (due to
its transport factor, per replacement) are computed by the engine's kernel
(:func:`lca.montecarlo.parts.line_parts`), never by a copy of its rules. So a variant's result in a
sample is

    Σ_terms  coefficient_term × m_factor × [u_line] × [n_line or W_line]

with ``m`` the factor multipliers, ``u`` a line's quantity multiplier and ``n`` (``W``, the sum of the
RE2020 dynamic weights of the replacements) recomputed from a sampled service life. Lines with no
uncertainty of their own are summed per factor before sampling, so the work per sample is one matrix
product over (factors + lines with their own uncertainty) — never the whole inventory. Samples are
drawn in blocks of :data:`BLOCK`: the draws do not depend on how many samples are computed at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lca.engine import replacements
from lca.engine_rules import waste_rates
from lca.indicators import MODULES, TOTAL_MODULES
from lca.montecarlo.distributions import Multipliers, moments
from lca.montecarlo.inputs import MIN_SERVICE_LIFE, Inputs
from lca.montecarlo.parts import line_parts
from lca.results import Results

if TYPE_CHECKING:
    from collections.abc import Callable

    from lca.montecarlo.re2020 import Channels

M = {m: k for k, m in enumerate(MODULES)}
#: Samples per random block: draws are made block by block, so they never depend on the chunk size.
BLOCK = 64
#: Memory for one chunk of multipliers (samples × terms). [bytes]
CHUNK_BYTES = 64_000_000
SCOPES: tuple[str, ...] = ("products", "energy", "water")


def projection(groups: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Group names, the ``(module, group)`` projection matrix and which groups add up to the total.

    ``scope``: products (every module of material lines), energy (B6), water (B7); ``module``: the
    modules, D reported but not in the total.
    """
    if groups == "scope":
        p = np.zeros((len(MODULES), 3))
        for m in TOTAL_MODULES:
            p[M[m], 1 if m == "B6" else 2 if m == "B7" else 0] = 1.0
        return list(SCOPES), p, np.ones(3, dtype=bool)
    if groups == "module":
        return list(MODULES), np.eye(len(MODULES)), np.array([m in TOTAL_MODULES for m in MODULES])
    raise ValueError(f"groups must be 'scope' or 'module', found {groups!r}")


@dataclass
class Model:
    """Terms, their coefficients and the inputs that multiply them.

    Attributes
    ----------
    coef
        ``(term, variant × column)`` coefficients; columns are ``group × indicator`` then the channels.
    factor, quantity, life, kind
        ``(term,)`` index of the term's factor input, quantity input (−1: none), service-life input
        (−1: none) and what the service life gives: 0 nothing, 1 n (static B4, D), 2 W (dynamic channels).
    """

    coef: np.ndarray
    factor: np.ndarray
    quantity: np.ndarray
    life: np.ndarray
    kind: np.ndarray
    factor_ids: list[str]
    factor_distribution: np.ndarray
    factor_u: np.ndarray
    quantity_lines: np.ndarray
    quantity_u: np.ndarray
    life_lines: np.ndarray
    life0: np.ndarray
    life_u: np.ndarray
    groups: list[str]
    in_total: np.ndarray
    indicators: list[str]
    n_channels: int
    n_variants: int
    study_period: float
    rule: str
    weight_sum: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None

    @property
    def width(self) -> int:
        return len(self.groups) * len(self.indicators) + self.n_channels

    def total_coefficients(self) -> np.ndarray:
        """``(term, variant, indicator)`` coefficient of each term in the total."""
        g, k = len(self.groups), len(self.indicators)
        c = self.coef.reshape(len(self.coef), self.n_variants, self.width)[:, :, : g * k]
        return c.reshape(len(self.coef), self.n_variants, g, k)[:, :, self.in_total, :].sum(axis=2)


def build(
    results: Results, inputs: Inputs, *, groups: str = "scope", channels: Channels | None = None
) -> Model:
    """The terms of a project's results (see the module docstring).

    Parameters
    ----------
    results
        Deterministic results (the engine's impacts are decomposed, not recomputed).
    inputs
        The uncertain inputs (:func:`lca.montecarlo.inputs.gather`).
    groups
        ``scope`` (products / energy / water) or ``module``.
    channels
        RE2020 dynamic channels per line (:func:`lca.montecarlo.re2020.channels`), or None.
    """
    names, p, in_total = projection(groups)
    imp = np.asarray(results.impacts, dtype=float)
    if not np.isfinite(imp).all():  # the engine writes none; a copy only if some caller did
        imp = np.nan_to_num(imp, nan=0.0, posinf=0.0, neginf=0.0)
    lines = results.lines
    n_lines, k = len(lines), imp.shape[2]
    n0 = np.nan_to_num(lines["replacements"].to_numpy(dtype=float))
    w = waste_rates(lines, (lines["kind"] == "material").to_numpy())
    if groups == "scope":  # products = total − B6 − B7, from the engine's line totals: no pass over modules
        totals = results._line_totals
        b6, b7 = imp[:, M["B6"], :], imp[:, M["B7"], :]
        proj = np.stack([totals - b6 - b7, b6, b7], axis=1)  # (line, group, indicator)
    else:
        proj = np.tensordot(imp, p, axes=([1], [0])).transpose(0, 2, 1)

    def grouped(parts: np.ndarray) -> np.ndarray:  # (l, module, K) -> (l, G, K)
        return np.tensordot(parts, p, axes=([1], [0])).transpose(0, 2, 1)

    transport = inputs.transport != ""
    rows_t = np.flatnonzero(transport)  # A4 from a distance: that part follows the transport factor
    parts = line_parts(imp, w, n0, transport)  # the kernel's rules: waste in A5, B4, D × (1 + n)
    per_replacement = grouped(parts.per_replacement)  # B4 made again, D of one more unit
    t_rep, t_full = grouped(parts.per_replacement_transport), grouped(parts.transport)
    f_full = proj  # a new array: the factor's part is what the transport factor does not make
    f_full[rows_t] -= t_full[rows_t]
    n_ch = channels.full.shape[1] if channels is not None else 0
    flat = len(names) * k

    def row(static: np.ndarray, dynamic: np.ndarray | None) -> np.ndarray:
        out = np.zeros((len(static), flat + n_ch))
        out[:, :flat] = static.reshape(len(static), flat)
        if dynamic is not None and n_ch:
            out[:, flat:] = dynamic
        return out

    f_of_line = inputs.factors.index.get_indexer(pd.Index(lines["factor_id"].astype(str))).astype(np.int64)
    t_of_line = inputs.factors.index.get_indexer(pd.Index(inputs.transport, dtype=object)).astype(np.int64)
    own = (inputs.quantity > 0) | (inputs.service_life > 0)
    member = results.membership.astype(float)  # (variant, line)
    n_var = len(member)

    # 1. lines without their own uncertainty: one term per factor, summed per variant
    n_factors = len(inputs.factors)
    common = np.zeros((n_factors, n_var, flat + n_ch))
    dyn_f = channels.full - channels.full_t if channels is not None else None
    for source, index, values, dyn in (
        ("factor", f_of_line, f_full, dyn_f),
        ("transport", t_of_line, t_full, channels.full_t if channels is not None else None),
    ):
        keep = ~own & (index >= 0)
        if source == "transport":
            keep &= transport
        if not keep.any():
            continue
        rows = row(values[keep], None if dyn is None else dyn[keep])
        for v in range(n_var):
            weights = member[v, keep]
            for c in range(rows.shape[1]):
                common[:, v, c] += np.bincount(index[keep], weights=rows[:, c] * weights, minlength=n_factors)
    # 2. lines with their own uncertainty: their own terms
    q_lines = np.flatnonzero(inputs.quantity > 0)
    s_lines = np.flatnonzero(inputs.service_life > 0)
    q_pos = np.full(n_lines, -1)
    q_pos[q_lines] = np.arange(len(q_lines))
    s_pos = np.full(n_lines, -1)
    s_pos[s_lines] = np.arange(len(s_lines))
    terms_coef, t_factor, t_q, t_s, t_kind = [], [], [], [], []
    w0 = channels.w0 if channels is not None else np.zeros(n_lines)

    def add(
        lines_idx: np.ndarray, factor: np.ndarray, static: np.ndarray, dyn: np.ndarray | None, kind: int
    ) -> None:
        coef = row(static, dyn)  # (l, cols)
        terms_coef.append((member[:, lines_idx].T[:, :, None] * coef[:, None, :]).reshape(len(lines_idx), -1))
        t_factor.append(factor)
        t_q.append(q_pos[lines_idx])
        t_s.append(s_pos[lines_idx] if kind else np.full(len(lines_idx), -1))
        t_kind.append(np.full(len(lines_idx), kind))

    own_lines = np.flatnonzero(own)
    fixed_life = own_lines[inputs.service_life[own_lines] == 0]
    spread = own_lines[inputs.service_life[own_lines] > 0]
    for idx_all, source in ((fixed_life, "fixed"), (spread, "spread")):
        for part in ("factor", "transport"):
            idx = idx_all if part == "factor" else idx_all[transport[idx_all] & (t_of_line[idx_all] >= 0)]
            if not len(idx):
                continue
            fac = f_of_line[idx] if part == "factor" else t_of_line[idx]
            full = f_full[idx] if part == "factor" else t_full[idx]
            rep = per_replacement[idx] - t_rep[idx] if part == "factor" else t_rep[idx]
            dfull = drep = None
            if channels is not None:
                dfull = (channels.full - channels.full_t)[idx] if part == "factor" else channels.full_t[idx]
                drep = (channels.rep - channels.rep_t)[idx] if part == "factor" else channels.rep_t[idx]
            if source == "fixed":
                add(idx, fac, full, dfull, 0)
                continue
            base = full - n0[idx, None, None] * rep
            dbase = None if dfull is None or drep is None else dfull - w0[idx, None] * drep
            add(idx, fac, base, dbase, 0)
            add(idx, fac, rep, None, 1)
            if channels is not None:
                add(idx, fac, np.zeros_like(rep), drep, 2)
    coef = [common.reshape(n_factors, -1), *terms_coef]
    factor_idx = [np.arange(n_factors), *t_factor]
    quantity_idx = [np.full(n_factors, -1), *t_q]
    life_idx = [np.full(n_factors, -1), *t_s]
    kinds = [np.zeros(n_factors, dtype=int), *t_kind]
    life0 = lines["service_life_used"].to_numpy(dtype=float)[s_lines]
    return Model(
        coef=np.concatenate(coef),
        factor=np.concatenate(factor_idx).astype(np.int64),
        quantity=np.concatenate(quantity_idx).astype(np.int64),
        life=np.concatenate(life_idx).astype(np.int64),
        kind=np.concatenate(kinds).astype(np.int64),
        factor_ids=list(inputs.factors.index),
        factor_distribution=inputs.factors["distribution"].to_numpy(dtype=object),
        factor_u=inputs.factors["uncertainty"].to_numpy(dtype=float),
        quantity_lines=q_lines,
        quantity_u=inputs.quantity[q_lines],
        life_lines=s_lines,
        life0=life0,
        life_u=inputs.service_life[s_lines],
        groups=names,
        in_total=in_total,
        indicators=list(results.indicators),
        n_channels=n_ch,
        n_variants=n_var,
        study_period=float(results.study_period),
        rule=results.replacement_rule,
        weight_sum=channels.weight_sum if channels is not None else None,
    )


@dataclass
class Draws:
    """The random inputs of a block of samples."""

    factors: np.ndarray  # (sample, factor)
    quantities: np.ndarray  # (sample, quantity line)
    lives: np.ndarray  # (sample, service-life line) [years]


class Sampler:
    """Draws the inputs of a model block by block from a seeded generator per kind of input.

    The factors, the quantities and the service lives have their own streams (children of one
    :class:`numpy.random.SeedSequence`), so adding a line uncertainty does not change the factors' draws.
    """

    def __init__(self, model: Model, seed: int) -> None:
        self.model = model
        children = np.random.SeedSequence(seed).spawn(3)
        self.streams = [np.random.Generator(np.random.PCG64(c)) for c in children]
        self.draw_factors = Multipliers(model.factor_distribution, model.factor_u)
        self.draw_quantities = Multipliers(
            np.full(len(model.quantity_u), "normal", dtype=object), model.quantity_u
        )
        self.draw_lives = Multipliers(np.full(len(model.life_u), "normal", dtype=object), model.life_u)

    def block(self) -> Draws:
        f, q, s = self.streams
        lives = np.maximum(self.draw_lives(s, BLOCK) * self.model.life0, MIN_SERVICE_LIFE)
        return Draws(self.draw_factors(f, BLOCK), self.draw_quantities(q, BLOCK), lives)


def run(
    model: Model, n: int, seed: int, progress: Callable[[int], None] | None = None
) -> tuple[np.ndarray, dict]:
    """``(sample, variant, column)`` results of ``n`` samples, and the moments of the sampled n.

    Parameters
    ----------
    model
        The terms (:func:`build`).
    n
        Number of samples.
    seed
        Seed of the generators: the same seed gives the same samples.
    progress
        Called with the number of samples done after each chunk.
    """
    terms = len(model.coef)
    per_chunk = max(BLOCK, int(CHUNK_BYTES // (8 * max(terms, 1))) // BLOCK * BLOCK)
    out = np.empty((n, model.n_variants * model.width))
    sampler = Sampler(model, seed)
    has_q = np.flatnonzero(model.quantity >= 0)
    has_n = np.flatnonzero(model.kind == 1)
    has_w = np.flatnonzero(model.kind == 2)
    n_sum = np.zeros(len(model.life_lines))
    n_sq = np.zeros(len(model.life_lines))
    done = 0
    # (input, sample) layout: gathering a term's multipliers copies contiguous rows
    while done < n:
        size = min(per_chunk, n - done)
        blocks = [sampler.block() for _ in range(-(-size // BLOCK))]
        factors = np.concatenate([b.factors.T for b in blocks], axis=1)[:, :size]
        mult = np.take(factors, model.factor, axis=0) if terms != len(factors) else np.array(factors)
        if has_q.size:
            quantities = np.concatenate([b.quantities.T for b in blocks], axis=1)[:, :size]
            mult[has_q] *= np.take(quantities, model.quantity[has_q], axis=0)
        if len(model.life_lines):
            lives = np.concatenate([b.lives for b in blocks])[:size]  # (sample, line)
            reps = replacements(model.study_period, lives, model.rule)
            n_sum += reps.sum(axis=0)
            n_sq += (reps**2).sum(axis=0)
            mult[has_n] *= np.take(np.ascontiguousarray(reps.T), model.life[has_n], axis=0)
            if has_w.size and model.weight_sum is not None:
                weights = np.ascontiguousarray(model.weight_sum(lives, model.life_lines).T)
                mult[has_w] *= np.take(weights, model.life[has_w], axis=0)
        np.matmul(mult.T, model.coef, out=out[done : done + size])
        done += size
        if progress is not None:
            progress(done)
    mean_n = n_sum / max(n, 1)
    var_n = np.maximum(n_sq / max(n, 1) - mean_n**2, 0.0)
    return out.reshape(n, model.n_variants, model.width), {"mean_n": mean_n, "var_n": var_n}


def first_order(model: Model, n_moments: dict) -> tuple[np.ndarray, list[tuple[str, int]]]:
    """First-order variance contributions ``(input, variant, indicator)`` of every input, exact for
    this model: V_i = Var(E[Y | X_i]) = β_i² Var(X_i), β_i = Σ over the terms holding X_i of the
    coefficient × the means of the term's other inputs (the model is linear in each input).

    Returns the contributions and, per row, (``factor`` | ``quantity`` | ``service_life``, index).
    """
    tc = model.total_coefficients()  # (term, variant, indicator)
    mean_m, var_m = moments(model.factor_distribution, model.factor_u)
    var_q = (model.quantity_u / 1.959963984540054) ** 2
    mean_n, var_n = n_moments["mean_n"], n_moments["var_n"]
    static = model.kind != 2
    n_term = np.where(model.kind == 1, mean_n[np.maximum(model.life, 0)] if len(mean_n) else 1.0, 1.0)
    rows: list[np.ndarray] = []
    labels: list[tuple[str, int]] = []
    # factors: other inputs of the term are u (mean 1) and n
    beta = np.zeros((len(model.factor_ids), *tc.shape[1:]))
    np.add.at(beta, model.factor[static], tc[static] * n_term[static, None, None])
    rows.append(beta**2 * var_m[:, None, None])
    labels += [("factor", i) for i in range(len(model.factor_ids))]
    scale = tc * (mean_m[model.factor] * n_term)[:, None, None]
    if len(model.quantity_lines):
        sel = static & (model.quantity >= 0)
        beta = np.zeros((len(model.quantity_lines), *tc.shape[1:]))
        np.add.at(beta, model.quantity[sel], scale[sel])
        rows.append(beta**2 * var_q[:, None, None])
        labels += [("quantity", i) for i in range(len(model.quantity_lines))]
    if len(model.life_lines):
        sel = model.kind == 1
        beta = np.zeros((len(model.life_lines), *tc.shape[1:]))
        np.add.at(beta, model.life[sel], tc[sel] * mean_m[model.factor[sel]][:, None, None])
        rows.append(beta**2 * var_n[:, None, None])
        labels += [("service_life", i) for i in range(len(model.life_lines))]
    return np.concatenate(rows), labels
