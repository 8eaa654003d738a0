"""Conversion of installed quantities into a factor's declared unit, through pint and the factor's
density, area mass, linear mass, layer thickness or mass per unit.

Conversions are computed once per distinct (unit, factor) pair, never once per line.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

import numpy as np
import pandas as pd

from lca._text import Message
from lca.errors import UnitError
from lca.units import conversion_factor, dimension, pretty_unit

#: Base unit of each dimension that can be converted through mass.
_BASE = {"mass": "kg", "volume": "m**3", "area": "m**2", "length": "m", "piece": "piece"}


def _missing_property(dim: str) -> Message:
    """The factor-table columns (DESIGN §4) that turn a quantity of dimension ``dim`` into a mass."""
    if dim == "volume":
        return Message("density (kg/m³), or area_mass and thickness")
    if dim == "area":
        return Message("area_mass (kg/m²) or density and thickness")
    if dim == "length":
        return Message("linear_mass (kg/m)")
    return Message("mass_per_unit (kg/u)")


def _number(props: Mapping[str, object] | pd.Series, key: str) -> float | None:
    value = props.get(key)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number > 0 else None


def kg_per_base(dim: str, props: Mapping[str, object] | pd.Series) -> float | None:
    """Mass of one base unit (kg, m³, m², m, piece) of dimension ``dim`` for a factor. [kg]"""
    if dim == "mass":
        return 1.0
    declared = props.get("declared_unit")
    per_unit = _number(props, "mass_per_unit")
    if per_unit is not None and isinstance(declared, str) and dimension(declared) == dim:
        return per_unit / conversion_factor(declared, _BASE[dim])
    if dim == "volume":
        density = _number(props, "density")
        if density is None:
            area_mass, thickness = _number(props, "area_mass"), _number(props, "thickness")
            density = area_mass / thickness if area_mass and thickness else None
        return density
    if dim == "area":
        area_mass = _number(props, "area_mass")
        if area_mass is None:
            density, thickness = _number(props, "density"), _number(props, "thickness")
            area_mass = density * thickness if density and thickness else None
        return area_mass
    if dim == "length":
        return _number(props, "linear_mass")
    return None


def kg_per_unit(unit: str, props: Mapping[str, object] | pd.Series) -> float:
    """Mass of one ``unit`` of the material described by ``props``. [kg]

    Raises
    ------
    UnitError
        When the factor gives no property that turns this unit into a mass.
    """
    dim = dimension(unit)
    if dim not in _BASE:
        raise UnitError(Message("{unit} is not a quantity of material", unit=pretty_unit(unit)), value=unit)
    per_base = kg_per_base(dim, props)
    if per_base is None:
        raise UnitError(
            Message(
                "cannot turn {unit} into a mass: the factor gives no {property}",
                unit=pretty_unit(unit),
                property=_missing_property(dim),
            ),
            value=unit,
        )
    return conversion_factor(unit, _BASE[dim]) * per_base


def to_declared(unit: str, props: Mapping[str, object] | pd.Series) -> float:
    """Multiplier from one ``unit`` to the factor's declared unit (not divided by declared_amount).

    Parameters
    ----------
    unit
        Canonical unit of the line.
    props
        The factor's metadata: ``declared_unit``, ``density``, ``area_mass``, ``linear_mass``,
        ``thickness``, ``mass_per_unit``.

    Raises
    ------
    UnitError
        Naming both units and the missing property.
    """
    declared = str(props["declared_unit"])
    if dimension(unit) == dimension(declared):
        return conversion_factor(unit, declared)
    try:
        return kg_per_unit(unit, props) / kg_per_unit(declared, props)
    except UnitError as err:
        raise UnitError(
            Message(
                "cannot convert {unit} into the factor's declared unit {declared}: {reason}",
                unit=pretty_unit(unit),
                declared=pretty_unit(declared),
                reason=err.msg if err.msg is not None else err.message,
            ),
            value=unit,
        ) from err


#: The metadata columns a conversion reads.
CONVERSION_COLUMNS = [
    "declared_unit",
    "declared_amount",
    "density",
    "area_mass",
    "linear_mass",
    "mass_per_unit",
    "thickness",
]


def pair_codes(unit_codes: np.ndarray, fidx: np.ndarray, n_factors: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the distinct (unit, factor) pairs of some lines, and each pair's (unit code, factor number).

    Integer work only: a dense table over units × factors, no sort and no string.
    """
    combined = unit_codes.astype(np.int64) * n_factors + fidx
    present = np.zeros((int(unit_codes.max(initial=0)) + 1) * n_factors, dtype=bool)
    present[combined] = True
    pairs = np.flatnonzero(present)
    number = np.cumsum(present) - 1
    return number[combined], np.stack([pairs // n_factors, pairs % n_factors], axis=1)


_PROPERTIES = ("mass_per_unit", "density", "area_mass", "thickness", "linear_mass")


def _positive(values: object) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    return np.where(np.isfinite(array) & (array > 0), array, np.nan)


def _arrays(props: pd.DataFrame) -> dict[str, np.ndarray]:
    """The conversion properties as positive float arrays (NaN where missing or not > 0)."""
    return {name: _positive(props[name].to_numpy()) for name in _PROPERTIES}


def kg_per_base_many(dim: str, declared_unit: str, props: Mapping[str, np.ndarray]) -> np.ndarray:
    """:func:`kg_per_base` for many factors of one declared unit at once (NaN where unknown). [kg]

    ``props`` maps each property of :data:`_PROPERTIES` to an array (see :func:`_arrays`).
    """
    n = len(props["density"])
    if dim == "mass":
        return np.ones(n)
    out = np.full(n, np.nan)
    if dimension(declared_unit) == dim:
        out = props["mass_per_unit"] / conversion_factor(declared_unit, _BASE[dim])
    if dim == "volume":
        fallback = props["density"]
        fallback = np.where(np.isnan(fallback), props["area_mass"] / props["thickness"], fallback)
    elif dim == "area":
        fallback = props["area_mass"]
        fallback = np.where(np.isnan(fallback), props["density"] * props["thickness"], fallback)
    elif dim == "length":
        fallback = props["linear_mass"]
    else:
        fallback = np.full(n, np.nan)
    return np.where(np.isnan(out), fallback, out)


def kg_per_unit_many(units: np.ndarray, props: pd.DataFrame) -> np.ndarray:
    """Mass of one line unit for each (unit, factor) pair; NaN where unknown. One pint call per unit. [kg]"""
    out = np.full(len(units), np.nan)
    arrays = _arrays(props)
    for (unit, declared_unit), rows in _groups(units, props["declared_unit"].to_numpy(dtype=object)):
        dim = dimension(unit)
        if dim in _BASE:
            part = {name: values[rows] for name, values in arrays.items()}
            out[rows] = conversion_factor(unit, _BASE[dim]) * kg_per_base_many(dim, declared_unit, part)
    return out


def to_declared_many(units: np.ndarray, props: pd.DataFrame) -> np.ndarray:
    """:func:`to_declared` for many (unit, factor) pairs: one conversion per (unit, declared unit) group.

    Parameters
    ----------
    units
        Canonical line unit of each pair.
    props
        The factor of each pair: ``declared_unit`` and the conversion columns, one row per pair.

    Returns
    -------
    numpy.ndarray
        Multiplier into the declared unit (not divided by ``declared_amount``); NaN where the
        conversion is impossible (:func:`to_declared` then says why).
    """
    out = np.full(len(units), np.nan)
    arrays = _arrays(props)
    for (unit, declared_unit), rows in _groups(units, props["declared_unit"].to_numpy(dtype=object)):
        dim, declared_dim = dimension(unit), dimension(declared_unit)
        if dim == declared_dim:
            out[rows] = conversion_factor(unit, declared_unit)
        elif dim in _BASE and declared_dim in _BASE:
            part = {name: values[rows] for name, values in arrays.items()}
            line_kg = conversion_factor(unit, _BASE[dim]) * kg_per_base_many(dim, declared_unit, part)
            declared_kg = conversion_factor(declared_unit, _BASE[declared_dim]) * kg_per_base_many(
                declared_dim, declared_unit, part
            )
            out[rows] = line_kg / declared_kg
    return out


def _groups(units: np.ndarray, declared: np.ndarray) -> Iterator[tuple[tuple[str, str], np.ndarray]]:
    """Rows of each distinct (unit, declared unit) pair (few: a handful of units each)."""
    unit_codes, unit_names = pd.factorize(np.asarray(units, dtype=object))
    declared_codes, declared_names = pd.factorize(declared)
    combined = unit_codes * max(len(declared_names), 1) + declared_codes
    order = np.argsort(combined, kind="stable")
    keys, starts = np.unique(combined[order], return_index=True)
    for key, rows in zip(keys, np.split(order, starts[1:]), strict=True):
        yield (
            (
                unit_names[key // max(len(declared_names), 1)],
                declared_names[key % max(len(declared_names), 1)],
            ),
            rows,
        )
