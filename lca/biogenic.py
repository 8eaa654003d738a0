"""Biogenic carbon stored in the building: declared by the factor, else estimated with EN 16449.

EN 16449:2014 (*Wood and wood-based products — Calculation of the biogenic carbon content of wood
and conversion to carbon dioxide*) gives the carbon of a wood mass at moisture content ω [% of the
oven-dry mass]::

    C = cf · m_ω · wood_fraction / (1 + ω/100)        cf = 0.5 (any species)
    CO2 = 44/12 · C

A factor that declares ``biogenic_carbon`` [kg C per declared unit] is used as declared. A factor
whose dataset does not, but that ``datasets/biogenic/wood.csv`` lists as wood-based (by factor id,
else by category), gets an estimate from its own mass per declared unit (density, area mass…) and the
moisture of that file (the dataset's stated moisture, else :data:`DEFAULT_MOISTURE`). Lines whose
factor has neither carry NaN: *not available*, never 0.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol

import numpy as np
import pandas as pd

from lca._text import Message, Num
from lca.conversions import kg_per_unit_many
from lca.errors import InputError
from lca.service_life import mapping_rows

#: Carbon fraction of oven-dry wood, EN 16449 standard value for any species. [-]
CARBON_FRACTION = 0.5
#: kg CO2 per kg C (molar masses 44 and 12).
CO2_PER_C = 44.0 / 12.0
#: Moisture content when the dataset states none: 12 % of the oven-dry mass, the common default
#: of EN 16449 tools (reference-values.md §2.1, [R27]). [%]
DEFAULT_MOISTURE = 12.0
#: ``biogenic_carbon_basis`` of a line: declared by the factor, or estimated here.
DECLARED, ESTIMATED = "declared", "EN 16449 estimate"
BASES: tuple[str, ...] = ("", DECLARED, ESTIMATED)
_MAPPING = ("biogenic", "wood.csv")
_BASES = ("at_moisture", "oven_dry")
_COLUMNS = ["match", "key", "wood_fraction", "moisture", "moisture_source", "density_basis", "note"]


def wood_carbon(
    mass: float | np.ndarray, moisture: float | np.ndarray = DEFAULT_MOISTURE, wood_fraction: float = 1.0
) -> float | np.ndarray:
    """Biogenic carbon of a mass of wood (EN 16449).

    Parameters
    ----------
    mass
        Mass of the product at moisture ``moisture``. [kg]
    moisture
        Moisture content ω, water over **oven-dry** mass (dry basis). [%]
    wood_fraction
        Share of wood in the product's mass. [-]

    Returns
    -------
    float or numpy.ndarray
        cf · mass · wood_fraction / (1 + ω/100). [kg C]

    Raises
    ------
    InputError
        When the moisture is negative or not finite.
    """
    omega = np.asarray(moisture, dtype=float)
    if not (np.isfinite(omega) & (omega >= 0)).all():
        raise InputError(
            Message("moisture content must be a finite percentage ≥ 0, found {value}", value=str(moisture))
        )
    return CARBON_FRACTION * np.asarray(mass, dtype=float) * wood_fraction / (1.0 + omega / 100.0)


def wood_co2(
    volume: float, density: float, moisture: float = DEFAULT_MOISTURE, wood_fraction: float = 1.0
) -> float:
    """CO2 stored in a volume of wood, EN 16449: 44/12 · cf · ρ_ω · V_ω / (1 + ω/100).

    Parameters
    ----------
    volume
        Gross volume of the product. [m³]
    density
        Density at moisture ``moisture`` (ρ_ω; give ``moisture=0`` for an oven-dry density). [kg/m³]
    moisture
        Moisture content ω on the dry basis. [%]
    wood_fraction
        Share of wood in the product. [-]

    Returns
    -------
    float
        [kg CO2]
    """
    return float(CO2_PER_C * wood_carbon(volume * density, moisture, wood_fraction))


@cache
def wood_mapping() -> pd.DataFrame:
    """The shipped list of wood-based factors and categories (``datasets/biogenic/wood.csv``).

    Rows with an empty ``wood_fraction`` are listed on purpose as *not estimated* (their ``note`` says
    why). Cached.

    Raises
    ------
    InputError
        When a column is missing, or a row has a wood fraction that is not a number in (0, 1], a
        moisture outside [0, 100], an unknown basis or a key listed before.
    """
    from lca.datasets import read_table

    table, path = read_table(_MAPPING, _COLUMNS)
    fraction = pd.to_numeric(table["wood_fraction"], errors="coerce")
    moisture = pd.to_numeric(table["moisture"], errors="coerce")
    used = table["wood_fraction"].str.strip() != ""
    bad = used & ~(
        (fraction > 0) & (fraction <= 1) & moisture.between(0, 100) & table["density_basis"].isin(_BASES)
    )
    twice = table.duplicated(["match", "key"])
    if bad.any() or twice.any() or set(table["match"]) - {"factor_id", "category"}:
        rows = [int(r) + 2 for r in np.flatnonzero(bad | twice)]
        raise InputError(
            Message(
                "rows {rows} need a wood_fraction in (0, 1], a moisture in [0, 100], a density_basis in "
                "{bases} and a key not listed before; match is factor_id or category",
                rows=str(rows),
                bases=str(list(_BASES)),
            ),
            file=str(path),
        )
    return table.assign(wood_fraction=fraction, moisture=moisture)


def factor_carbon(meta: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Biogenic carbon per declared amount of each factor, and its basis.

    Parameters
    ----------
    meta
        Factor metadata indexed by ``factor_id`` (``category``, ``biogenic_carbon``, ``declared_unit``,
        ``declared_amount`` and the conversion columns).

    Returns
    -------
    carbon
        ``(factor,)`` [kg C per declared amount]; NaN where not available.
    basis
        ``(factor,)`` :data:`DECLARED`, :data:`ESTIMATED` or ``""``.
    """
    n = len(meta)
    blank = pd.Series(np.nan, index=meta.index)
    declared = pd.to_numeric(meta.get("biogenic_carbon", blank), errors="coerce").to_numpy(dtype=float)
    given = pd.to_numeric(meta.get("declared_amount", 1.0), errors="coerce")
    amount = np.broadcast_to(np.asarray(given, dtype=float), (n,))
    carbon = declared * amount
    basis = np.where(np.isfinite(declared), DECLARED, "").astype(object)
    todo = ~np.isfinite(declared)
    if not todo.any():
        return carbon, basis
    mapping = wood_mapping()
    row = mapping_rows(meta, mapping)  # -1: not listed
    listed = row >= 0
    fraction, moisture = np.full(n, np.nan), np.full(n, np.nan)
    fraction[listed] = mapping["wood_fraction"].to_numpy(dtype=float)[row[listed]]
    moisture[listed] = mapping["moisture"].to_numpy(dtype=float)[row[listed]]
    oven_dry = np.zeros(n, dtype=bool)
    oven_dry[listed] = mapping["density_basis"].to_numpy(dtype=object)[row[listed]] == "oven_dry"
    wood = todo & np.isfinite(fraction)
    if not wood.any():
        return carbon, basis
    units = meta["declared_unit"].to_numpy(dtype=object)[wood]
    mass = kg_per_unit_many(units, meta.iloc[np.flatnonzero(wood)]) * amount[wood]  # kg per declared amount
    omega = np.where(oven_dry[wood], 0.0, moisture[wood])
    estimate = wood_carbon(mass, omega, 1.0) * fraction[wood]
    carbon[wood] = estimate
    basis[np.flatnonzero(wood)[np.isfinite(estimate)]] = ESTIMATED
    return carbon, basis


class _Notes(Protocol):
    def add(self, level: str, i: int, column: str, value: object, message: str | Message) -> None: ...


def line_carbon(
    meta: pd.DataFrame,
    fidx: np.ndarray,
    declared_quantity: np.ndarray,
    material: np.ndarray,
    issue: _Notes | None = None,
    rows: np.ndarray | None = None,
) -> tuple[np.ndarray, pd.Categorical[str]]:
    """Biogenic carbon stored by each line as installed (not its waste, not its replacements).

    Parameters
    ----------
    meta
        Metadata of the factors used, in the order ``fidx`` numbers them.
    fidx
        ``(line,)`` factor of each line.
    declared_quantity
        ``(line,)`` quantity in declared units ÷ declared amount. [-]
    material
        ``(line,)`` True for material lines (energy and water store nothing: NaN).
    issue, rows
        When given, one ``info`` note on the first estimated line naming the factors estimated.

    Returns
    -------
    carbon
        ``(line,)`` [kg C]; NaN where not available.
    basis
        ``(line,)`` categorical of :data:`BASES`.
    """
    per_factor, basis = factor_carbon(meta)
    if issue is not None and rows is not None:
        note_estimates(meta, per_factor, basis, fidx, declared_quantity, material, issue, rows)
    return carbon_of_lines(per_factor, basis, fidx, declared_quantity, material)


def carbon_of_lines(
    per_factor: np.ndarray,
    basis: np.ndarray,
    fidx: np.ndarray,
    declared_quantity: np.ndarray,
    material: np.ndarray,
) -> tuple[np.ndarray, pd.Categorical[str]]:
    """:func:`line_carbon` from :func:`factor_carbon`'s ``(factor,)`` carbon and basis, without the note."""
    carbon = np.where(material, per_factor[fidx] * declared_quantity, np.nan)
    factor_code = np.select([basis == DECLARED, basis == ESTIMATED], [1, 2], 0).astype(np.int8)
    code = np.where(material & np.isfinite(carbon), factor_code[fidx], 0).astype(np.int8)
    return carbon, pd.Categorical.from_codes(code, pd.Index(BASES))


def note_estimates(
    meta: pd.DataFrame,
    per_factor: np.ndarray,
    basis: np.ndarray,
    fidx: np.ndarray,
    declared_quantity: np.ndarray,
    material: np.ndarray,
    issue: _Notes,
    rows: np.ndarray,
) -> None:
    """The ``info`` note of :func:`line_carbon` on the first line whose carbon is estimated (EN 16449),
    naming the factors estimated; nothing when no line's is. Per line only when a factor used is."""
    estimated_factor = basis == ESTIMATED
    if not estimated_factor.any():
        return
    candidates = np.flatnonzero(estimated_factor[fidx] & material)
    carbon = per_factor[fidx[candidates]] * declared_quantity[candidates]
    estimated = candidates[np.isfinite(carbon)]
    if not len(estimated):
        return
    factors = list(dict.fromkeys(fidx[estimated].tolist()))
    names: str | Message = ""
    for f in reversed(factors[:5]):  # 'name' (id); … in the message's quotes
        item = Message("'{name}' ({factor})", name=str(meta["name"].iat[f]), factor=meta.index[f])
        names = Message("{first}; {rest}", first=item, rest=names) if names else item
    if len(factors) > 5:
        names = Message("{items} and {n} more", items=names, n=len(factors) - 5)
    issue.add(
        "info",
        int(rows[estimated[0]]),
        "factor_id",
        meta.index[factors[0]],
        Message(
            "biogenic carbon estimated with EN 16449 for {n} line whose wood-based factor does not "
            "declare it: {factors} — carbon fraction {fraction} of the oven-dry mass, from the factor's "
            "density and the moisture of datasets/biogenic/wood.csv ({moisture} unless the dataset "
            "states one)",
            plural="biogenic carbon estimated with EN 16449 for {n} lines whose wood-based factor does "
            "not declare it: {factors} — carbon fraction {fraction} of the oven-dry mass, from the "
            "factor's density and the moisture of datasets/biogenic/wood.csv ({moisture} unless the "
            "dataset states one)",
            n=len(estimated),
            factors=names,
            fraction=float(CARBON_FRACTION),
            moisture=Num(float(DEFAULT_MOISTURE), "percent"),
        ),
    )
