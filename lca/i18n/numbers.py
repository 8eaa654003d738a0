"""Numbers as a reader of each language writes them: one function for the terminal, the report's text cells
and the charts.

French ``104 357,3`` (narrow no-break space U+202F between groups, decimal comma), English ``104,357.3``;
the separators are CLDR's: those of the shipped languages are written here (:data:`CLDR_SYMBOLS`, checked
against Babel's CLDR data by the tests, so that printing a number does not load Babel's locale data,
~15 ms), a new language reads them from Babel and formats right without code. The minus
sign is the typographic ``−`` (U+2212) in every language, as matplotlib draws it on axes. Excel cells are
not formatted here: they stay numbers with a number format.

The precision depends on the quantity, not on where it is shown (:data:`QUANTITY_FORMATS`):
``format_quantity(v, lang, "per_m2")`` gives the same text in the terminal, the report and a chart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from lca.i18n.core import check_lang, lookup

MINUS = "\u2212"


@dataclass(frozen=True)
class NumberFormat:
    """Precision of a kind of quantity.

    ``significant`` digits are kept, but never fewer than the integer digits (``104 357`` with 4) and
    never more than ``max_decimals`` decimals; without ``significant``, ``max_decimals`` decimals.
    ``strip`` drops trailing zeros (``12,5`` rather than ``12,50``): the value shows the precision it has.
    """

    significant: int | None
    max_decimals: int
    strip: bool = False
    #: A value closer to 0 than this (and not 0) is written in scientific notation (``1e−9``).
    scientific_below: float = 0.0


#: Kind of quantity -> its precision. Used by every output, so a quantity reads the same everywhere.
QUANTITY_FORMATS: dict[str, NumberFormat] = {
    # impacts of the building [indicator unit]: total, per m², per dwelling
    "total": NumberFormat(4, 6),
    "per_m2": NumberFormat(4, 6),
    "per_dwelling": NumberFormat(4, 6),
    # impacts per m² and per year [indicator unit/(m²·yr)]
    "per_m2_year": NumberFormat(3, 6),
    # a factor's value per declared unit [indicator unit per unit]
    "factor": NumberFormat(4, 9),
    # a share or change in percent points [%]: up to 2 decimals, as precise as it is (−72,97 %, 50 %)
    "percent": NumberFormat(None, 2, strip=True),
    # a dimensionless ratio (variant / baseline, margin / threshold)
    "ratio": NumberFormat(3, 6),
    # an area [m²], a distance [km]: one decimal at most
    "area": NumberFormat(None, 1, strip=True),
    # a duration [years]: 50, 52,5
    "years": NumberFormat(None, 1, strip=True),
    # a count shown with group separators (lines, dwellings)
    "count": NumberFormat(None, 0),
    # a value echoed back to the user in a message (what they typed): up to 6 significant digits
    # (below 0.0001 in scientific notation: 1e−9 rather than 0,000000001, whose zeros nobody counts)
    "value": NumberFormat(6, 9, strip=True, scientific_below=1e-4),
}


@dataclass(frozen=True)
class NumberSymbols:
    """The CLDR symbols a number is written with in one language (the minus is always :data:`MINUS`)."""

    decimal: str
    group: str
    percent_prefix: str
    percent_suffix: str


#: CLDR number symbols of the shipped languages (CLDR 49, as Babel 2.19 ships it; ``tests/test_i18n.py``
#: checks them against the installed Babel's). A language not listed reads them from Babel.
CLDR_SYMBOLS: dict[str, NumberSymbols] = {
    "fr": NumberSymbols(decimal=",", group="\u202f", percent_prefix="", percent_suffix="\u00a0%"),
    "en": NumberSymbols(decimal=".", group=",", percent_prefix="", percent_suffix="%"),
}


@cache
def symbols(lang: str) -> NumberSymbols:
    """The number symbols of ``lang``: :data:`CLDR_SYMBOLS`, else Babel's CLDR data."""
    if lang in CLDR_SYMBOLS:
        return CLDR_SYMBOLS[lang]
    return babel_symbols(lang)


def babel_symbols(lang: str) -> NumberSymbols:
    """The number symbols of ``lang`` as Babel's CLDR data gives them (loads its locale data)."""
    from babel import Locale
    from babel.numbers import get_decimal_symbol, get_group_symbol, parse_pattern

    locale = Locale.parse(lang)
    percent = parse_pattern(locale.percent_formats[None].pattern)
    return NumberSymbols(
        get_decimal_symbol(locale), get_group_symbol(locale), percent.prefix[0], percent.suffix[0]
    )


def _decimals(value: float, significant: int | None, max_decimals: int) -> int:
    if significant is None or value == 0:
        return max_decimals if significant is None else 0
    magnitude = math.floor(math.log10(abs(value)))
    return max(0, min(max_decimals, significant - 1 - magnitude))


def format_number(
    value: Any,
    lang: str,
    decimals: int | None = None,
    *,
    significant: int | None = None,
    strip: bool = False,
    scientific_below: float = 0.0,
) -> str:
    """``value`` written as a reader of ``lang`` writes numbers. The one number formatter of lca.

    Parameters
    ----------
    value
        A number; None, NaN and infinities give the language's "not available" (``n.d.``, ``n/a``).
    lang
        Language code (``fr``, ``en``).
    decimals
        Decimals shown (rounded half to even); with ``significant``, the most decimals allowed.
    significant
        Significant digits kept; integer digits are never rounded away.
    strip
        Drop trailing zeros of the decimals.
    scientific_below
        A value closer to 0 than this (and not 0) is written in scientific notation with ``significant``
        digits (3 without), as numbers of 10^15 and more always are: ``1e−9``, ``1,5e−7``.

    >>> format_number(104357.3, "fr", 1)
    '104\\u202f357,3'
    >>> format_number(-104357.3, "en", 1)
    '−104,357.3'
    >>> format_number(0.000000015, "fr", 9, significant=6, strip=True, scientific_below=1e-4)
    '1,5e−8'
    """
    lang = check_lang(lang)
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if value is None or not math.isfinite(number):
        return lookup("n/a", lang)[0]
    # the same quantity summed in another order differs in its last bits (121.04999999999998 and
    # 121.05000000000001): 15 significant digits first, so that it is rounded the same way everywhere
    number = float(f"{number:.15g}")
    if significant is not None:
        digits = _decimals(number, significant, 9 if decimals is None else decimals)
        rounded = round(number, digits)
        if rounded != 0 and math.floor(math.log10(abs(rounded))) > math.floor(math.log10(abs(number))):
            digits = _decimals(rounded, significant, 9 if decimals is None else decimals)  # 999.96 -> 1 000
    else:
        digits = decimals or 0
    rounded = round(number, digits)
    tiny = significant is not None and rounded == 0 and number != 0  # 1e-300 years is not 0 years
    if 0 < abs(number) < scientific_below:
        return _scientific(number, lang, significant or 3)
    if abs(number) >= _SCIENTIFIC_FROM or tiny:
        return _scientific(number, lang)  # 1e+308 and 1e-300 are neither rounded to 0 nor written out
    if rounded == 0:
        rounded = 0.0  # no "−0"
    # the decimal the float stands for (its shortest repr, as Babel reads a float), so that no binary
    # noise shows in the last decimals: 123456789.1 is not written 123456789.099999994
    text = format(Decimal(repr(rounded)), f",.{digits}f")
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    sign = symbols(lang)
    return text.translate({ord(","): sign.group, ord("."): sign.decimal, ord("-"): MINUS})


#: Numbers this large are written in scientific notation (Babel's decimals cannot hold 1e308 digits).
_SCIENTIFIC_FROM = 1e15


def _scientific(number: float, lang: str, significant: int = 3) -> str:
    """``1.5e+308``, ``1e−9`` (English) or ``1,5e+308`` (French): ``significant`` digits at most, the
    language's decimal sign and minus, no leading zero in the exponent (``e−9``, not ``e-09``)."""
    text = f"{number:.{significant}g}"
    mantissa, exponent = text.split("e") if "e" in text else (text, "")
    if exponent:
        exponent = exponent[0] + exponent[1:].lstrip("0")
    text = mantissa.replace(".", symbols(lang).decimal) + (f"e{exponent}" if exponent else "")
    return text.replace("-", MINUS)


def format_percent(value: Any, lang: str, decimals: int = 2) -> str:
    """A percentage given in percent points, with the precision it has (at most ``decimals``) and the
    language's percent sign: ``−72,97 %`` (no-break space) in French, ``−72.97%`` in English."""
    text = format_number(value, lang, decimals, strip=True)
    if text == lookup("n/a", lang)[0]:
        return text
    sign = symbols(lang)
    return f"{sign.percent_prefix}{text}{sign.percent_suffix}"


def format_quantity(value: Any, lang: str, kind: str) -> str:
    """``value`` with the precision of its kind of quantity (:data:`QUANTITY_FORMATS`).

    >>> format_quantity(104357.3, "en", "total"), format_quantity(12.3456, "fr", "per_m2_year")
    ('104,357', '12,3')
    """
    try:
        fmt = QUANTITY_FORMATS[kind]
    except KeyError:
        raise ValueError(
            f"unknown kind of quantity {kind!r}; expected one of {list(QUANTITY_FORMATS)}"
        ) from None
    if kind == "percent":
        return format_percent(value, lang, fmt.max_decimals)
    return format_number(
        value,
        lang,
        fmt.max_decimals,
        significant=fmt.significant,
        strip=fmt.strip,
        scientific_below=fmt.scientific_below,
    )


def tick_formatter(lang: str) -> Any:
    """A matplotlib tick formatter writing tick labels with :func:`format_number`, with as many decimals
    as the tick step needs (0, 0,5, 1 → ``0,0 0,5 1,0``). ``axis.set_major_formatter(tick_formatter("fr"))``.
    matplotlib is imported here, not when this module is."""
    import numpy as np
    from matplotlib.ticker import Formatter

    check_lang(lang)

    class LangFormatter(Formatter):
        digits = 0

        def format_ticks(self, values: Any) -> list[str]:
            locs = np.asarray(values, dtype=float)
            self.digits = next((d for d in range(5) if np.allclose(locs * 10**d, np.round(locs * 10**d))), 4)
            return [self(v) for v in values]

        def __call__(self, value: float, pos: int | None = None) -> str:
            return format_number(value, lang, self.digits)

    return LangFormatter()
