"""Conversion of installed quantities into a factor's declared unit, through pint and the factor's
density, area mass, linear mass, layer thickness or mass per unit.

Conversions are computed once per distinct (unit, factor) pair, never once per line.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from lca.errors import UnitError
from lca.units import conversion_factor, dimension, pretty_unit

#: Base unit of each dimension that can be converted through mass.
_BASE = {"mass": "kg", "volume": "m**3", "area": "m**2", "length": "m", "piece": "piece"}
_PROPERTY = {
    "volume": "density (kg/m³), or area_mass and thickness",
    "area": "area_mass (kg/m²) or density and thickness",
    "length": "linear_mass (kg/m)",
    "piece": "mass_per_unit (kg/u)",
}


def _number(props: Mapping[str, object], key: str) -> float | None:
    value = props.get(key)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number > 0 else None


def kg_per_base(dim: str, props: Mapping[str, object]) -> float | None:
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


def kg_per_unit(unit: str, props: Mapping[str, object]) -> float:
    """Mass of one ``unit`` of the material described by ``props``. [kg]

    Raises
    ------
    UnitError
        When the factor gives no property that turns this unit into a mass.
    """
    dim = dimension(unit)
    if dim not in _BASE:
        raise UnitError(f"{pretty_unit(unit)} is not a quantity of material", value=unit)
    per_base = kg_per_base(dim, props)
    if per_base is None:
        raise UnitError(
            f"cannot turn {pretty_unit(unit)} into a mass: the factor gives no {_PROPERTY[dim]}", value=unit
        )
    return conversion_factor(unit, _BASE[dim]) * per_base


def to_declared(unit: str, props: Mapping[str, object]) -> float:
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
            f"cannot convert {pretty_unit(unit)} into the factor's declared unit "
            f"{pretty_unit(declared)}: {err.message}",
            value=unit,
        ) from err


def _positive(values: object) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    return np.where(np.isfinite(array) & (array > 0), array, np.nan)


def kg_per_base_many(dim: str, declared_unit: str, props: pd.DataFrame) -> np.ndarray:
    """:func:`kg_per_base` for many factors of one declared unit at once (NaN where unknown). [kg]"""
    n = len(props)
    if dim == "mass":
        return np.ones(n)
    out = np.full(n, np.nan)
    if dimension(declared_unit) == dim:
        out = _positive(props["mass_per_unit"]) / conversion_factor(declared_unit, _BASE[dim])
    if dim == "volume":
        fallback = _positive(props["density"])
        fallback = np.where(
            np.isnan(fallback), _positive(props["area_mass"]) / _positive(props["thickness"]), fallback
        )
    elif dim == "area":
        fallback = _positive(props["area_mass"])
        fallback = np.where(
            np.isnan(fallback), _positive(props["density"]) * _positive(props["thickness"]), fallback
        )
    elif dim == "length":
        fallback = _positive(props["linear_mass"])
    else:
        fallback = np.full(n, np.nan)
    return np.where(np.isnan(out), fallback, out)


def kg_per_unit_many(units: np.ndarray, props: pd.DataFrame) -> np.ndarray:
    """Mass of one line unit for each (unit, factor) pair; NaN where unknown. One pint call per unit. [kg]"""
    units = np.asarray(units, dtype=object)
    out = np.full(len(units), np.nan)
    declared = props["declared_unit"].to_numpy(dtype=object)
    for (unit, declared_unit), rows in _groups(units, declared):
        dim = dimension(unit)
        if dim in _BASE:
            out[rows] = conversion_factor(unit, _BASE[dim]) * kg_per_base_many(
                dim, declared_unit, props.iloc[rows]
            )
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
    units = np.asarray(units, dtype=object)
    out = np.full(len(units), np.nan)
    declared = props["declared_unit"].to_numpy(dtype=object)
    for (unit, declared_unit), rows in _groups(units, declared):
        dim, declared_dim = dimension(unit), dimension(declared_unit)
        if dim == declared_dim:
            out[rows] = conversion_factor(unit, declared_unit)
        elif dim in _BASE and declared_dim in _BASE:
            part = props.iloc[rows]
            line_kg = conversion_factor(unit, _BASE[dim]) * kg_per_base_many(dim, declared_unit, part)
            declared_kg = conversion_factor(declared_unit, _BASE[declared_dim]) * kg_per_base_many(
                declared_dim, declared_unit, part
            )
            out[rows] = line_kg / declared_kg
    return out


def _groups(units: np.ndarray, declared: np.ndarray):  # type: ignore[no-untyped-def]
    """Rows of each distinct (unit, declared unit) pair."""
    keys = pd.MultiIndex.from_arrays([units, declared])
    codes, uniques = pd.factorize(keys)
    for k, key in enumerate(uniques):
        yield key, np.flatnonzero(codes == k)
