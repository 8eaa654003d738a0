"""The one pint registry of lca, and the normalisation of unit spellings found in spreadsheets.

Spreadsheets spell units many ways (``m3``, ``m³``, ``M3``, ``qm``, ``u``, ``pce``, ``unité``,
``kWh/an``). :func:`normalise_unit` maps them onto pint expressions in one place; everything else in
lca works with the canonical strings it returns. Pieces (``u``, ``pce``, ``pcs``) get a dimension of
their own, ``[piece]``, so that they never convert silently into anything else.

A unit is a short spelling, read from untrusted files: it is checked against a small grammar (known
symbols, ``*``/``·``/``.``/``/`` or a space between them, small integer powers, one level of brackets,
bounded length, see :mod:`lca.limits`) before pint sees it, so that no spelling can make pint divide
by zero, recurse or compute ``10**10**10``. The common units (kg, t, m, m², m³, l, u, kWh, MJ, t·km...)
convert without pint; the registry is built on first use of any other unit.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from lca._text import Message, quoted
from lca.errors import UnitError
from lca.limits import MAX_UNIT_CHARS, MAX_UNIT_POWER, MAX_UNIT_TERMS

if TYPE_CHECKING:
    import pint


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The one pint registry of lca, built on first use (about 0.3 s)."""
    import pint

    # "u" is the piece here (pint has it as the atomic mass unit): redefined on purpose, without a log line
    ureg: pint.UnitRegistry = pint.UnitRegistry(
        cache_folder=None, autoconvert_offset_to_baseunit=True, on_redefinition="ignore"
    )
    ureg.define("piece = [piece] = pce = pcs = u")
    ureg.define("tkm = tonne * kilometer")
    return ureg


def __getattr__(name: str) -> Any:  # ``from lca.units import ureg`` builds the registry then
    if name == "ureg":
        return registry()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    "t*km": "tkm", "tkm": "tkm", "t.km": "tkm", "txkm": "tkm", "t·km": "tkm", "t×km": "tkm",
    "kg*km": "kg*km", "kgkm": "kg*km",
}  # fmt: skip

#: Canonical units converted without pint: dimension, and size in the base unit of that dimension
#: (kg, m³, m², m, piece, J, kg·m).
_KNOWN: dict[str, tuple[str, float]] = {
    "kg": ("mass", 1.0), "tonne": ("mass", 1e3), "g": ("mass", 1e-3),
    "m**3": ("volume", 1.0), "liter": ("volume", 1e-3),
    "m**2": ("area", 1.0), "m": ("length", 1.0), "piece": ("piece", 1.0),
    "Wh": ("energy", 3.6e3), "kWh": ("energy", 3.6e6), "MWh": ("energy", 3.6e9), "GWh": ("energy", 3.6e12),
    "MJ": ("energy", 1e6), "GJ": ("energy", 1e9),
    "tkm": ("transport", 1e6), "kg*km": ("transport", 1e3),
}  # fmt: skip

#: Per-year suffixes stripped from yearly quantities (energy and water are entered per year).
_PER_YEAR = re.compile(r"(/|par|per)(an|ans|annee|year|yr|a)$")

#: One token of a unit spelling: a symbol with an optional power written as digits (``m3``), a power
#: (``**2``, ``^-3``), the number 1 (``1/kg``), an operator or a bracket. Anything else is refused.
_TOKEN = re.compile(
    r"\s*(?:(?P<symbol>(?:[^\W\d_]|[°%])+)(?P<digits>\d(?!\d))?"
    r"|(?P<power>\*\*|\^)\s*(?P<exponent>[+-]?\d{1,2})(?!\d)"
    r"|(?P<one>1)(?![\d.,])|(?P<op>[*·.×/])|(?P<open>\()|(?P<close>\)))\s*"
)


def _grammar() -> Message:
    return Message(
        "a unit is a short spelling such as m3, m², kg, t, u, kWh, MJ, kg/m3 or t·km: known symbols "
        "joined by *, ·, . or /, with small whole powers (m2, m^3)"
    )


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = text.replace("²", "2").replace("³", "3")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.strip().lower().replace(" ", "").replace("\u00a0", "")


def _shown(text: str) -> Message:
    """A unit as quoted in a message (``'m4'``, ``« m4 »``): at most 40 characters."""
    return quoted(text if len(text) <= 40 else text[:37] + "...")


def _refuse(text: str, why: Message) -> UnitError:
    message = Message(
        "unknown unit {unit}: {reason}; {grammar}", unit=_shown(text), reason=why, grammar=_grammar()
    )
    return UnitError(message, value=text[:MAX_UNIT_CHARS])


def _too_long() -> Message:
    return Message("longer than {limit} characters (MAX_UNIT_CHARS)", limit=MAX_UNIT_CHARS)


def _bad_power() -> Message:
    return Message("powers are whole numbers from 1 to {limit} (MAX_UNIT_POWER)", limit=MAX_UNIT_POWER)


def parse_unit(text: str) -> str:
    """Check a unit spelling against the unit grammar and return it as a pint expression.

    The result has only symbols, ``*``, ``/`` and ``**n`` (``W/(m*K)`` -> ``W/m/K``, ``m2.K`` ->
    ``m**2*K``); it is not yet checked that pint knows each symbol.

    Raises
    ------
    UnitError
        When the spelling is too long, has too many symbols, too large a power, or anything but
        symbols, operators, powers and one level of brackets.
    """
    if len(text) > MAX_UNIT_CHARS:
        raise _refuse(text, _too_long())
    terms: dict[str, int] = {}
    sign, group_sign, depth, expect_term, pos, count = 1, 1, 0, True, 0, 0
    last: str | None = None  # the symbol a power applies to
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            found = text[pos]
            why = Message("numbers are not units") if found.isdigit() else None
            raise _refuse(text, why or Message("{character} is not allowed", character=quoted(found)))
        pos = match.end()
        if match["symbol"] is not None or match["one"] is not None:
            if not expect_term:  # "kg km": a space multiplies
                sign = group_sign
            count += 1
            if count > MAX_UNIT_TERMS:
                raise _refuse(
                    text, Message("more than {limit} symbols (MAX_UNIT_TERMS)", limit=MAX_UNIT_TERMS)
                )
            symbol = match["symbol"]
            if int(match["digits"] or 1) > MAX_UNIT_POWER:
                raise _refuse(text, _bad_power())
            if symbol is not None:
                terms[symbol] = terms.get(symbol, 0) + sign * int(match["digits"] or 1)
            last = symbol if match["digits"] is None else None
            expect_term = False
        elif match["power"] is not None:
            power = int(match["exponent"])
            if last is None:
                raise _refuse(text, Message("a power must follow a symbol"))
            if not 0 < abs(power) <= MAX_UNIT_POWER:
                raise _refuse(text, _bad_power())
            terms[last] += sign * (power - 1)  # the symbol was counted once already
            last = None
        elif match["open"] is not None:
            if depth or not expect_term:
                raise _refuse(text, Message("a bracket must follow / or * and brackets cannot nest"))
            depth, group_sign = 1, sign
        elif expect_term:
            raise _refuse(text, Message("{operator} must follow a symbol", operator=quoted(match[0].strip())))
        elif match["op"] is not None:
            sign = -group_sign if match["op"] == "/" else group_sign
            expect_term, last = True, None
        else:  # a closing bracket
            if not depth:
                raise _refuse(text, Message("a closing bracket has no opening one"))
            depth, group_sign, sign, last = 0, 1, 1, None
    if depth or expect_term:
        raise _refuse(text, Message("the spelling is incomplete"))
    for symbol, power in terms.items():
        if abs(power) > MAX_UNIT_POWER:
            why = Message(
                "{symbol} comes to the power {power}, beyond {limit} (MAX_UNIT_POWER)",
                symbol=symbol,
                power=power,
                limit=MAX_UNIT_POWER,
            )
            raise _refuse(text, why)
    up = [s if p == 1 else f"{s}**{p}" for s, p in terms.items() if p > 0]
    down = [s if p == -1 else f"{s}**{-p}" for s, p in terms.items() if p < 0]
    return "/".join(["*".join(up) or "1", *down]) if terms else "1"


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
        When the spelling does not follow the unit grammar (:func:`parse_unit`) or pint does not
        know one of its symbols.
    """
    text = str(text)
    if len(text) > MAX_UNIT_CHARS:
        raise _refuse(text, _too_long())
    plain = _plain(text)
    if per_year:
        plain = _PER_YEAR.sub("", plain)
    if plain == "ml" and linear_ml:
        return "m"
    expression = _SPELLINGS.get(plain)
    if expression is not None:
        return expression
    typed = text.strip().replace("²", "2").replace("³", "3").replace("\u00a0", " ")
    if per_year:
        typed = re.sub(r"\s*(/|par|per)\s*(an|ans|année|annee|year|yr|a)\s*$", "", typed, flags=re.I)
    expression = parse_unit(typed)
    expression = _SPELLINGS.get(_plain(expression), expression)  # "1 T" is "T", read as t
    if expression in _KNOWN:
        return expression
    try:
        registry().Unit(expression)
    except Exception as err:  # pint raises many kinds of error for an unknown symbol
        message = Message(
            "unknown unit {unit}; use one of m3, m2, m (ml = linear metre), kg, t, u/pce, kWh, MWh, MJ, l, "
            "or another unit of the SI system (g, km, W, h…)",
            unit=_shown(text),
        )
        raise UnitError(message, value=text) from err
    return expression


@lru_cache(maxsize=4096)
def dimension(unit: str) -> str:
    """Return the dimension of a canonical unit: ``mass``, ``volume``, ``area``, ``length``,
    ``piece``, ``energy``, ``transport`` or the pint dimensionality text for anything else."""
    if unit in _KNOWN:
        return _KNOWN[unit][0]
    try:
        dims = registry().Unit(unit).dimensionality
    except Exception as err:  # a unit that normalise_unit did not produce
        raise UnitError(
            Message("unknown unit {unit}", unit=_shown(unit)), value=unit[:MAX_UNIT_CHARS]
        ) from err
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
        When the dimensions differ, or a unit is unknown.
    """
    known_from, known_to = _KNOWN.get(from_unit), _KNOWN.get(to_unit)
    if known_from is not None and known_to is not None and known_from[0] == known_to[0]:
        return known_from[1] / known_to[1]
    import pint

    try:
        return float(registry().Quantity(1.0, from_unit).to(to_unit).magnitude)
    except pint.errors.DimensionalityError as err:
        raise UnitError(_cannot_convert(from_unit, to_unit), value=from_unit) from err
    except Exception as err:  # a unit that normalise_unit did not produce
        message = Message(
            "cannot convert {source} into {target}", source=_shown(from_unit), target=_shown(to_unit)
        )
        raise UnitError(message, value=from_unit[:MAX_UNIT_CHARS]) from err


def _cannot_convert(from_unit: str, to_unit: str) -> Message:
    """``cannot convert m³ into kg (a volume into a mass)``: the units as people write them, and what
    each one measures when it is one of the dimensions a building model uses."""
    source, target = pretty_unit(from_unit), pretty_unit(to_unit)
    found, expected = _measure(from_unit), _measure(to_unit)
    if found is None or expected is None:
        return Message("cannot convert {source} into {target}", source=source, target=target)
    return Message(
        "cannot convert {source} into {target} ({found} into {expected})",
        source=source,
        target=target,
        found=found,
        expected=expected,
    )


def _measure(unit: str) -> Message | None:
    """What a unit measures, as a phrase of the message's language (``a volume``), or None."""
    try:
        kind = dimension(unit)
    except UnitError:
        return None
    phrases = {
        "mass": lambda: Message("a mass"),
        "volume": lambda: Message("a volume"),
        "area": lambda: Message("an area"),
        "length": lambda: Message("a length"),
        "piece": lambda: Message("a number of pieces"),
        "energy": lambda: Message("an energy"),
        "transport": lambda: Message("a transport work (mass × distance)"),
    }
    phrase = phrases.get(kind)
    return phrase() if phrase else None


_PRETTY = {"m**3": "m³", "m**2": "m²", "piece": "u", "tonne": "t", "liter": "l", "tkm": "t·km"}


def pretty_unit(unit: str) -> str:
    """A canonical unit as a reader writes it (``m**3`` -> ``m³``, ``piece`` -> ``u``, ``m**4`` -> ``m⁴``,
    ``kg*km`` -> ``kg·km``): never pint's ``**`` or ``*``."""
    if unit in _PRETTY:
        return _PRETTY[unit]
    text = _POWER.sub(lambda m: m[1].translate(_SUPERSCRIPTS), unit)
    return text.replace("*", "·")


_POWER = re.compile(r"\*\*(-?\d+)")
_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
