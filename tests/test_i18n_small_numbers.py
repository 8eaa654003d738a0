"""Numbers close to 0 echoed in messages, and quoted names kept whole when a message is wrapped."""

from __future__ import annotations

import textwrap

import pytest

from lca.i18n import Message
from lca.i18n.numbers import format_number, format_quantity
from lca.terminal import wrap_text


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [
        (1e-9, "1e−9", "1e−9"),  # not 0,000000001: nobody counts the zeros
        (-3e-7, "−3e−7", "−3e−7"),
        (1.23456e-5, "1,23456e−5", "1.23456e−5"),  # the 6 significant digits a user may type
        (1e-300, "1e−300", "1e−300"),
        (0.0001, "0,0001", "0.0001"),  # from 0.0001 on, written out
        (0.00012345, "0,00012345", "0.00012345"),
        (12.5, "12,5", "12.5"),
        (0.0, "0", "0"),
        (1e308, "1e+308", "1e+308"),  # the huge ones as before
    ],
)
def test_values_in_messages_below_a_ten_thousandth_are_scientific(value, fr, en):
    assert (format_quantity(value, "fr", "value"), format_quantity(value, "en", "value")) == (fr, en)


def test_a_float_parameter_of_a_message_is_written_the_same_way():
    message = Message(
        "'{column}' {value} is out of range; expected {low} to {high} (MAX_FACTOR_PROPERTY) — ignored",
        column="density",
        value=1e-300,
        low=1e-9,
        high=1e9,
    )
    assert message.render("en") == (
        "'density' 1e−300 is out of range; expected 1e−9 to 1,000,000,000 (MAX_FACTOR_PROPERTY) — ignored"
    )
    assert message.render("fr") == (
        "«\u00a0density\u00a0» 1e−300 est hors limites\u00a0; attendu de 1e−9 à 1\u202f000\u202f000\u202f000 "
        "(MAX_FACTOR_PROPERTY) — ignoré"
    )


def test_factor_values_stay_fixed_point():
    """``lca factors show`` prints fixed-point values (issue 11, point 6): not the factor kind."""
    assert format_quantity(8.534e-6, "fr", "factor") == "0,000008534"
    assert format_number(1e-9, "en", 9) == "0.000000001"


def test_a_short_quoted_name_is_never_cut_by_wrapping():
    text = "[warning] sheet 'Matériaux', row 7, column 'Durée de vie (ans)': 'cinquante' is not a number"
    lines = wrap_text(text, 40, "  ", "    ")
    assert lines == [
        "  [warning] sheet 'Matériaux', row 7,",
        "    column 'Durée de vie (ans)':",
        "    'cinquante' is not a number",
    ]
    french = "colonne «\u00a0Durée de vie (ans)\u00a0» : ligne"
    assert wrap_text(french, 24) == ["colonne", "  «\u00a0Durée de vie (ans)\u00a0»", "  : ligne"]
    apostrophes = "the factor's declared unit isn't m² and can't be"  # apostrophes are not quotes
    assert wrap_text(apostrophes, 20) == textwrap.wrap(apostrophes, 20, subsequent_indent="  ")


def test_a_long_quoted_text_still_wraps():
    long = "'" + "mot " * 20 + "fin'"
    assert max(len(line) for line in wrap_text(long, 30)) <= 30
