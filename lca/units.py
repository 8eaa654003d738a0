"""The one pint registry of lca, and the normalisation of unit spellings found in spreadsheets.

Spreadsheets spell units many ways (``m3``, ``m³``, ``M3``, ``qm``, ``u``, ``pce``, ``unité``,
``kWh/an``). :func:`normalise_unit` maps them onto pint expressions in one place; everything else in
lca works with the canonical strings it returns. Pieces (``u``, ``pce``, ``pcs``) get a dimension of
their own, ``[piece]``, so that they never convert silently into anything else.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pint

from lca.errors import UnitError

ureg: pint.UnitRegistry = pint.UnitRegistry(cache_folder=None, autoconvert_offset_to_baseunit=True)
ureg.define("piece = [piece] = pce = pcs = u")
ureg.define("tkm = tonne * kilometer")

#: Spellings (lower-case, accents removed, spaces removed) -> pint expression.
_SPELLINGS: dict[str, str] = {
    "m3": "m**3", "m^3": "m**3", "mc": "m**3", "cbm": "m**3",
    "m2": "m**2", "m^2": "m**2", "qm": "m**2", "sqm": "m**2",
    "m": "m", "lm": "m", "mlin": "m", "ml.": "m", "metrelineaire": "m", "metre": "m", "meter": "m",
    "kg": "kg", "kilo": "kg", "kilogramme": "kg", "kilogram": "kg",
    "t": "tonne", "to": "tonne", "tonne": "tonne", "tonnes": "tonne", "tonnes.": "tonne",
    "u": "piece", "u.": "piece", "unite": "piece", "unites": "piece", "unit": "piece", "units": "piece",
    "pce": "piece", "pces": "piece", "piece": "piece", "pieces": "piece", "pc": "piece",
    "pcs": "piece", "pcs.": "piece", "pc.": "piece", "stk": "piece", "stk.": "piece",
    "stuck": "piece", "ens": "piece", "ensemble": "piece", "nb": "piece", "nombre": "piece",
    "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "wh": "Wh", "mj": "MJ", "gj": "GJ",
    "kwhef": "kWh", "kwhep": "kWh",
    "l": "liter", "litre": "liter", "litres": "liter",
    "t*km": "tkm", "tkm": "tkm", "t.km": "tkm", "txkm": "tkm",
    "kg*km": "kg*km", "kgkm": "kg*km",
}  # fmt: skip

#: Per-year suffixes stripped from yearly quantities (energy and water are entered per year).
_PER_YEAR = re.compile(r"(/|par|per)(an|ans|annee|year|yr|a)$")


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = text.replace("²", "2").replace("³", "3")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.strip().lower().replace(" ", "").replace("\u00a0", "")


@lru_cache(maxsize=4096)
def normalise_unit(text: str, *, linear_ml: bool = True, per_year: bool = False) -> str:
    """Return the pint expression for a unit as typed in a spreadsheet.

    Parameters
    ----------
    text
        The unit as typed (``"m³"``, ``"M3"``, ``"ml"``, ``"u"``, ``"kWh/an"``...).
    linear_ml
        Read ``ml`` as linear metre (the French *mètre linéaire*), as in the materials sheet.
    per_year
        Accept and drop a per-year suffix (``kWh/an``, ``m3/yr``): the quantity is a yearly one.

    Raises
    ------
    UnitError
        When pint does not know the unit.
    """
    plain = _plain(str(text))
    if per_year:
        plain = _PER_YEAR.sub("", plain)
    if plain == "ml" and linear_ml:
        return "m"
    expression = _SPELLINGS.get(plain)
    if expression is None:
        candidate = re.sub(
            r"([a-z])([23])\b", r"\1**\2", str(text).strip().replace("²", "2").replace("³", "3")
        )
        try:
            ureg.Unit(candidate)
        except (pint.errors.PintError, AttributeError, TypeError, ValueError, AssertionError) as err:
            raise UnitError(
                f"unknown unit {text!r}; use one of m3, m2, m (ml = linear metre), kg, t, u/pce, "
                "kWh, MWh, MJ, l, or any unit pint understands",
                value=text,
            ) from err
        expression = candidate
    return expression


@lru_cache(maxsize=4096)
def dimension(unit: str) -> str:
    """Return the dimension of a canonical unit: ``mass``, ``volume``, ``area``, ``length``,
    ``piece``, ``energy``, ``transport`` or the pint dimensionality text for anything else."""
    dims = ureg.Unit(unit).dimensionality
    return _DIMENSIONS.get(str(dims), str(dims))


_DIMENSIONS = {
    "[mass]": "mass",
    "[length] ** 3": "volume",
    "[length] ** 2": "area",
    "[length]": "length",
    "[piece]": "piece",
    "[mass] * [length] ** 2 / [time] ** 2": "energy",
    "[mass] * [length]": "transport",
}


@lru_cache(maxsize=4096)
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """Multiplier from ``from_unit`` to ``to_unit`` (canonical units of one dimensionality).

    Raises
    ------
    UnitError
        When the dimensions differ.
    """
    try:
        return float(ureg.Quantity(1.0, from_unit).to(to_unit).magnitude)
    except pint.errors.DimensionalityError as err:
        raise UnitError(f"cannot convert {from_unit} into {to_unit}", value=from_unit) from err


_PRETTY = {"m**3": "m³", "m**2": "m²", "piece": "u", "tonne": "t", "liter": "l", "tkm": "t·km"}


def pretty_unit(unit: str) -> str:
    """A canonical unit as a reader writes it (``m**3`` -> ``m³``, ``piece`` -> ``u``)."""
    return _PRETTY.get(unit, unit.replace("**2", "²").replace("**3", "³"))
