"""The rules of DESIGN §5 that prepare the kernel's arrays (:func:`lca.engine.compute`'s middle steps).

- :func:`number_factors`: the factors used, numbered, and their values as a dense array;
- :func:`role_arrays`: the factor values for material, energy (B6) and water (B7) lines;
- :func:`operational_quantities`: yearly energy and water × the study period;
- :func:`service_lives_and_replacements`: each line's service life and number of replacements;
- :func:`waste_rates`: the A5 waste fraction of each material line;
- :func:`kernel_layers`: the only module layers the kernel fills.

A4 from a distance is :func:`lca.transport.transport_a4`; the rules acting on impacts (A5 waste term,
B4, D × (1 + n)) are in the kernel, :func:`lca.kernel.line_impacts`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from lca._text import Message
from lca.energy import EXPORTED_ENERGY_INDICATORS
from lca.errors import InputError
from lca.factors import FactorTable
from lca.indicators import DEFAULT_INDICATOR, INDICATORS, MODULES
from lca.kernel import replacements
from lca.results import DeclaredModules
from lca.service_life import ORIGINS, line_service_lives, service_life_defaults

M = {m: k for k, m in enumerate(MODULES)}
#: Modules a material line never takes from its factor: B4 comes from the replacement rule, B6 and B7
#: from the energy sheet.
NOT_FROM_MATERIAL_FACTORS: tuple[str, ...] = ("B4", "B6", "B7")


@dataclass
class FactorsUsed:
    """The factors that some line uses, numbered 0..F-1 in the stacked table's order.

    Attributes
    ----------
    positions
        ``(factor,)`` row of each factor in the stacked table's ``meta``.
    number
        ``(table row,)`` number of each row of the stacked table, -1 where not used.
    meta
        Their metadata (``meta.iloc[positions]``).
    table
        The stacked table restricted to them (kept on :class:`~lca.results.Results`).
    indicators
        The indicators computed.
    dense
        ``(factor, module, indicator)`` values per declared amount, NaN where not declared.
    stacked
        The stacked table (:meth:`per_factor` reads what it derived once from all its factors).
    """

    positions: np.ndarray
    number: np.ndarray
    meta: pd.DataFrame
    table: FactorTable
    indicators: list[str]
    dense: np.ndarray
    stacked: FactorTable | None = None

    def per_factor(
        self, key: str, build: Callable[[pd.DataFrame], tuple[np.ndarray, ...]]
    ) -> list[np.ndarray]:
        """The arrays ``build(meta)`` for the factors used, derived once from every factor of the stacked
        table (:meth:`lca.factor_table.FactorTable.per_factor`) and taken at their positions."""
        if self.stacked is None:
            return list(build(self.meta))
        return [np.asarray(a)[self.positions] for a in self.stacked.per_factor(key, build)]

    @property
    def ids(self) -> list[str]:
        return list(self.meta.index)

    @cached_property
    def declared(self) -> np.ndarray:
        """``(factor, module)`` True where the factor declares the module."""
        return ~np.isnan(self.dense).all(axis=2)

    @cached_property
    def has_indicator(self) -> np.ndarray:
        """``(factor, indicator)`` True where the factor declares the indicator."""
        return ~np.isnan(self.dense).all(axis=1)


def number_factors(
    table: FactorTable, table_index: np.ndarray, valid: np.ndarray, wanted: Sequence[str] | None
) -> FactorsUsed:
    """The factors of the valid lines (``table_index``: each line's row in ``table.meta``), and the
    indicators: ``wanted``, else every indicator those factors declare."""
    present = np.zeros(len(table.meta), dtype=bool)
    present[table_index[valid]] = True
    positions = np.flatnonzero(present)
    number = np.where(present, np.cumsum(present) - 1, -1)
    indicators = _indicators(table.indicators_of(positions), wanted)
    taken = table.take(positions)
    return FactorsUsed(
        positions,
        number,
        taken.meta,
        taken,
        indicators,
        table.dense_at(positions, indicators),
        table,
    )


def _indicators(present: list[str], wanted: Sequence[str] | None) -> list[str]:
    if wanted is None:  # nothing computed: still report the headline indicator (as 0)
        return present or [DEFAULT_INDICATOR]
    unknown = [w for w in wanted if w not in INDICATORS]
    if unknown:
        raise InputError(
            Message(
                "unknown indicators {unknown}; expected keys such as {expected}",
                unknown=", ".join(map(str, unknown)),
                expected=", ".join(list(INDICATORS)[:6]),
            )
        )
    return list(wanted)


def role_arrays(used: FactorsUsed, roles: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Factor values and declared modules for the three line roles: material, energy (B6), water (B7).

    Materials: as declared, with B4 (computed from the rule), B6 and B7 (operational energy and water
    come from the energy sheet) set to 0. Energy and water: the factor's B6 (B7) when declared, else
    its A1-A3 (ÖKOBAUDAT declares energy supply datasets as A1-A3), as a yearly B6 (B7) impact; the
    energy exported indicators (:data:`lca.energy.EXPORTED_ENERGY_INDICATORS`) are 0 for them (energy
    used is not energy exported).

    Parameters
    ----------
    roles
        The first roles wanted (1: materials only, when no line is of energy or water).

    Returns
    -------
    values
        ``(role × factor, module, indicator)``: rows ``role * F + factor``. [indicator units]
    declared
        ``(role × factor, module)`` declared modules of those rows.
    """
    dense, declared = np.nan_to_num(used.dense), used.declared
    not_material = [M[m] for m in NOT_FROM_MATERIAL_FACTORS]
    material = dense.copy() if roles > 1 else dense  # (nan_to_num made a copy)
    material[:, not_material] = 0.0
    declared_material = declared.copy()
    declared_material[:, not_material] = False
    if roles <= 1:
        return material, declared_material
    energy = np.zeros_like(dense)
    water = np.zeros_like(dense)
    energy[:, M["B6"]] = np.where(declared[:, [M["B6"]]], dense[:, M["B6"]], dense[:, M["A1-A3"]])
    water[:, M["B7"]] = np.where(declared[:, [M["B7"]]], dense[:, M["B7"]], dense[:, M["A1-A3"]])
    exported = [k for k, name in enumerate(used.indicators) if name in EXPORTED_ENERGY_INDICATORS]
    energy[:, :, exported] = 0.0
    water[:, :, exported] = 0.0
    declared_energy = np.zeros_like(declared)
    declared_energy[:, M["B6"]] = True
    declared_water = np.zeros_like(declared)
    declared_water[:, M["B7"]] = True
    return (
        np.concatenate([material, energy, water]),
        np.concatenate([declared_material, declared_energy, declared_water]),
    )


def operational_quantities(q: np.ndarray, role: np.ndarray, period: float) -> np.ndarray:
    """The quantity the kernel multiplies: a material line's ``q``; an energy (B6) or water (B7) line's
    yearly quantity × the study period ``P`` [years]."""
    return q * np.where(role == 0, 1.0, period)


def service_lives_and_replacements(
    frame: pd.DataFrame,
    fidx: np.ndarray,
    used: FactorsUsed,
    material: np.ndarray,
    period: float,
    rule: str,
    default_service_lives: bool,
    issue: object,
    rows: np.ndarray,
) -> tuple[np.ndarray, pd.Categorical[str], np.ndarray]:
    """Each material line's service life (the line's, else its factor's, else the default of
    :mod:`lca.service_life`) and its number of replacements ``n`` over the study period
    (:func:`lca.kernel.replacements`); energy and water lines are never replaced.

    Returns
    -------
    life
        ``(line,)`` [years], NaN where none.
    origin
        ``(line,)`` categorical: ``line``, ``factor``, ``default`` or ``""``.
    n
        ``(line,)`` replacements [-].
    """
    factor_life = used.meta["service_life"].to_numpy(dtype=float)
    life, origin = line_service_lives(
        frame["service_life"].to_numpy(dtype=float),
        factor_life[fidx],
        service_life_defaults(used.meta).take(fidx) if default_service_lives else None,
        material,
        used.declared[fidx, M["A1-A3"]],
        issue,  # type: ignore[arg-type]
        rows,
    )
    # n per factor for the lines that take their factor's life, per line for the others
    n = replacements(period, factor_life, rule)[fidx]
    own = np.flatnonzero(origin.codes != ORIGINS.index("factor"))
    if len(own):
        n[own] = replacements(period, life[own], rule)
    return life, origin, np.where(material, n, 0.0)


def waste_rates(frame: pd.DataFrame, material: np.ndarray) -> np.ndarray:
    """The fraction ``w`` of extra material wasted on site (A5, DESIGN §5), for material lines only."""
    return np.where(material, frame["waste_rate"].to_numpy(dtype=float), 0.0)


def kernel_layers(declared: DeclaredModules) -> np.ndarray:
    """The modules that some line declares or a rule computes (A4 by distance, A5 of waste, B4 of
    replacements), in :data:`MODULES` order: the only layers the kernel fills, the others being 0."""
    used = np.bincount(declared.row, minlength=len(declared.by_row)) > 0
    keep = np.asarray(declared.by_row[used].any(axis=0), dtype=bool)
    keep[M["A4"]] |= bool(declared.by_distance.any())
    keep[M["A5"]] |= bool(declared.wasted.any())
    keep[M["B4"]] |= bool(declared.replaced.any())
    return np.flatnonzero(keep)
