"""Unit spellings: the whitelist grammar before pint, bounded time on hostile spellings, the common
units without pint, and every spelling that worked before still working."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lca.errors import UnitError
from lca.units import _KNOWN, conversion_factor, dimension, normalise_unit, parse_unit, pretty_unit, registry


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("m³", "m**3"), ("M3", "m**3"), ("m3", "m**3"), ("qm", "m**2"), ("m²", "m**2"), ("ml", "m"),
        ("t", "tonne"), ("pcs.", "piece"), ("unité", "piece"), ("Stück", "piece"), ("kWh", "kWh"),
        ("t*km", "tkm"), ("t·km", "tkm"), ("kgkm", "kg*km"), ("kg·km", "kg*km"), ("l", "liter"),
        ("kg/m3", "kg/m**3"), ("kg/m^3", "kg/m**3"), ("kg/m³", "kg/m**3"), ("W/(m*K)", "W/m/K"),
        ("m2.K/W", "m**2*K/W"), ("m2K/W", "m**2*K/W"), ("1/kg", "1/kg"), ("m^-2", "1/m**2"),
        ("(kg)", "kg"), ("kg**1", "kg"), ("m·m", "m**2"), ("MJ/kg", "MJ/kg"), ("mm", "mm"), ("Mg", "Mg"),
        ("dm3", "dm**3"), ("kg km", "kg*km"), ("m3*a", "m**3*a"), ("µm", "µm"),
    ],
)  # fmt: skip
def test_spellings(typed: str, canonical: str) -> None:
    assert normalise_unit(typed) == canonical
    assert normalise_unit(canonical) == canonical  # canonical spellings are fixed points


def test_linear_ml_and_per_year() -> None:
    assert normalise_unit("ml", linear_ml=False) == "ml"  # millilitre, as in ILCD
    assert normalise_unit("kWh/an", per_year=True) == "kWh"
    assert normalise_unit("m3/yr", per_year=True) == "m**3"
    with pytest.raises(UnitError, match="unknown unit 'kWh/an'"):
        normalise_unit("kWh/an")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1/0", "unknown unit '1/0': numbers are not units;"),
        ("kg*(", "unknown unit 'kg*(': the spelling is incomplete;"),
        ("10**10**10", "unknown unit '10**10**10': numbers are not units;"),
        ("m^9", "unknown unit 'm^9': powers are whole numbers from 1 to 4 (MAX_UNIT_POWER);"),
        ("m^0", "unknown unit 'm^0': powers are whole numbers from 1 to 4 (MAX_UNIT_POWER);"),
        ("A9", "unknown unit 'A9': powers are whole numbers from 1 to 4 (MAX_UNIT_POWER);"),
        ("m4*m", "unknown unit 'm4*m': m comes to the power 5, beyond 4 (MAX_UNIT_POWER);"),
        ("m*kg*s*K*A*mol*cd", "unknown unit 'm*kg*s*K*A*mol*cd': more than 6 symbols (MAX_UNIT_TERMS);"),
        ("kg//m", "unknown unit 'kg//m': '/' must follow a symbol;"),
        ("kg)", "unknown unit 'kg)': a closing bracket has no opening one;"),
        ("((kg))", "unknown unit '((kg))': a bracket must follow / or * and brackets cannot nest;"),
        ("kg;drop", "unknown unit 'kg;drop': ';' is not allowed;"),
        ("__import__", "unknown unit '__import__': '_' is not allowed;"),
        ("brouette", "unknown unit 'brouette'; use one of m3, m2, m (ml = linear metre)"),
        ("kg CO2", "unknown unit 'kg CO2'; use one of"),
    ],
)
def test_refused_spellings_say_why(typed: str, message: str) -> None:
    with pytest.raises(UnitError) as err:
        normalise_unit(typed)
    assert err.value.message.startswith(message)
    assert err.value.value == typed


@pytest.fixture
def english_catalogue() -> None:
    """The message catalogue read beforehand: it is parsed once per process on the first message (about
    50 ms), a fixed cost that is not what the bound below measures (the refusal of each spelling)."""
    from lca.i18n import catalogue

    catalogue("en")


@pytest.mark.parametrize(
    "typed",
    ["m*" * 2000 + "m", "k" * 32_767, "m" + "/m" * 5000, "(" * 10_000, "1" * 5000, "kg" + " " * 100_000],
)
def test_hostile_spellings_are_refused_fast(typed: str, english_catalogue: None) -> None:
    started = time.perf_counter()
    with pytest.raises(UnitError, match=r"longer than 40 characters \(MAX_UNIT_CHARS\)") as err:
        normalise_unit(typed)
    assert time.perf_counter() - started < 0.05
    assert len(err.value.value) == 40 and len(err.value.message) < 300


@settings(max_examples=300, deadline=None)  # the first example builds the registry
@given(st.text(max_size=60))
def test_any_text_is_a_unit_or_a_unit_error(text: str) -> None:
    try:
        canonical = normalise_unit(text)
    except UnitError:
        return
    assert normalise_unit(canonical) == canonical
    dimension(canonical)  # pint knows it


_SYMBOLS = st.sampled_from(["m", "kg", "t", "km", "MJ", "kWh", "s", "K", "W", "a", "l", "g", "cm", "mm"])
_TERM = st.tuples(_SYMBOLS, st.sampled_from(["", "2", "3", "^2", "**-1", "^3"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["*", "/", "·", " ", "."]), _TERM), min_size=0, max_size=4), _TERM)
def test_grammar_spellings_mean_what_pint_reads(rest, first) -> None:  # type: ignore[no-untyped-def]
    """Whatever the grammar accepts converts like pint's own reading of the same spelling."""
    text = "".join(first) + "".join(op + "".join(term) for op, term in rest)
    try:
        canonical = normalise_unit(text)
    except UnitError:
        return
    pint_text = text.replace("·", "*").replace(".", "*").replace("^", "**")
    for symbol in ("m", "g", "t", "l", "a", "s", "K", "W"):  # a digit after a symbol is its power
        for power in ("2", "3"):
            pint_text = pint_text.replace(f"{symbol}{power}", f"{symbol}**{power}")
    pint_text = pint_text.replace("****", "**").replace("k**", "k").replace("M**", "M")
    ureg = registry()
    try:
        expected = ureg.Quantity(1.0, pint_text)
    except Exception:  # a spelling pint reads differently (implicit products): nothing to compare
        return
    ours = ureg.Quantity(1.0, canonical)
    if ours.dimensionality == expected.dimensionality:
        assert ours.to(expected.units).magnitude == pytest.approx(expected.magnitude, rel=1e-12)


def test_known_units_convert_like_pint() -> None:
    ureg = registry()
    for a, (dim_a, _) in _KNOWN.items():
        assert dimension(a) == dim_a
        for b, (dim_b, _) in _KNOWN.items():
            if dim_a == dim_b:
                expected = ureg.Quantity(1.0, a).to(b).magnitude
                assert conversion_factor(a, b) == pytest.approx(expected, rel=1e-12)


def test_conversion_errors_are_unit_errors() -> None:
    with pytest.raises(UnitError, match="cannot convert kg into m"):
        conversion_factor("kg", "m")
    with pytest.raises(UnitError, match="cannot convert 'brouette' into 'kg'"):
        conversion_factor("brouette", "kg")


def test_common_units_work_without_building_pint() -> None:
    code = (
        "import sys\n"
        "from lca.units import normalise_unit, conversion_factor, dimension\n"
        "assert normalise_unit('m³') == 'm**3' and normalise_unit('t') == 'tonne'\n"
        "assert conversion_factor('tonne', 'kg') == 1000.0 and conversion_factor('MWh', 'kWh') == 1000.0\n"
        "assert dimension('tkm') == 'transport'\n"
        "print('pint' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_parse_unit_output_is_plain_pint() -> None:
    assert parse_unit("W/(m*K)") == "W/m/K"
    assert parse_unit("kg/(m2·a)") == "kg/m**2/a"
    assert parse_unit("m/m") == "1"


@pytest.mark.parametrize(
    ("canonical", "shown"),
    [("m**3", "m³"), ("m**2", "m²"), ("m**4", "m⁴"), ("m**-1", "m⁻¹"), ("kg/m**3", "kg/m³"),
     ("kg*km", "kg·km"), ("tkm", "t·km"), ("piece", "u"), ("tonne", "t"), ("liter", "l"), ("kWh", "kWh"),
     ("W/m/K", "W/m/K")],
)  # fmt: skip
def test_units_are_shown_as_people_write_them(canonical: str, shown: str) -> None:
    assert pretty_unit(canonical) == shown


def test_conversion_error_names_units_as_people_write_them() -> None:
    with pytest.raises(UnitError) as err:
        conversion_factor("m**4", "m**2")
    assert err.value.message == "cannot convert m⁴ into m²"
    assert err.value.render("fr") == "impossible de convertir des m⁴ en m²"
