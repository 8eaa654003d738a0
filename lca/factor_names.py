"""A factor as a reader writes it, in the output language: its name (marked with its language when the
source gives none in the reader's), its declared unit (m³, m², ml, u) and its GWP-total A1-A3 per
declared unit. Used by ``lca factors search`` and ``show`` (:mod:`lca.factor_display`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from lca.i18n import label, translate
from lca.units import pretty_unit

if TYPE_CHECKING:
    from lca.factor_table import FactorTable


def unit_text(unit: object, lang: str) -> str:
    """A declared unit as people write it in ``lang``: ``m**3`` → ``m³``, ``m`` → ``ml`` and
    ``piece`` → ``u`` in French (``m`` and ``pc`` in English)."""
    text = str(unit).strip()
    if text in ("m", "piece"):
        return label("unit", text, lang)
    return pretty_unit(text)


def gwp_a1_a3(table: FactorTable) -> pd.Series:
    """GWP-total of A1-A3 per declared unit [kg CO2e per unit] of every factor of ``table``.

    The readers store A1, A2 and A3 declared separately as their sum ``A1-A3``; divided by the declared
    amount (ÖKOBAUDAT declares electricity per 3.6 MJ). NaN for a factor without A1-A3 (energy,
    transport).
    """
    values = table.values
    gwp = values.loc[(values["indicator"] == "GWP-total") & (values["module"] == "A1-A3")]
    per_amount = gwp.groupby("factor_id")["value"].sum().reindex(table.meta.index)
    amount = pd.to_numeric(table.meta["declared_amount"], errors="coerce")
    return per_amount / amount.where(amount > 0)


def name_and_language(row: pd.Series, lang: str) -> tuple[str, str | None]:
    """The factor's name for ``lang`` and, when it is in another language, that language's code.

    French output: ``name_fr``, else ``name`` marked with its language, else ``name_de`` (``[de]``).
    English output: ``name`` (marked unless it is English or the user's own), else ``name_fr``
    (``[fr]``), else ``name_de`` (``[de]``). See :func:`name_language` for the language of ``name``.
    """
    language = name_language(row)
    order = [("name_fr", "fr"), ("name", language), ("name_de", "de")]
    if lang != "fr":
        order = [("name", language), ("name_fr", "fr"), ("name_de", "de")]
    for column, code in order:
        value = text_of(row.get(column))
        if value:
            return value, None if code in (None, lang) else code
    return str(row.name), None


def name_language(row: pd.Series) -> str | None:
    """The language of the ``name`` column: English beside a different German name (ÖKOBAUDAT, ILCD);
    ``de/en`` when it is the German name too (``PVC Plastisol``; an ILCD dataset without an English name)
    or for an ÖKOBAUDAT dataset without a German name (its name field then holds either); None for
    anything else: the user's own name, never marked."""
    name, german = text_of(row.get("name")), text_of(row.get("name_de"))
    if german:
        return "de/en" if name == german else "en"
    return "de/en" if text_of(row.get("source")).startswith("ÖKOBAUDAT") else None


def text_of(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def display_name(row: pd.Series, lang: str) -> str:
    """The factor's name for ``lang``; a name in another language starts with its code: ``[en] Gypsum
    stone`` (the code first, so that a name shortened with an ellipsis keeps it)."""
    name, code = name_and_language(row, lang)
    return name if code is None else translate("[{code}] {name}", lang, code=code, name=name)


def names_legend(codes: set[str], lang: str) -> list[str]:
    """What the language codes in front of the names mean, one line per code shown."""
    legends = {
        ("fr", "en"): translate("[en] name in English: the source gives no French name", lang),
        ("fr", "de"): translate("[de] name in German: the source gives no French or English name", lang),
        ("en", "fr"): translate("[fr] name in French: the source gives no English name", lang),
        ("en", "de"): translate("[de] name in German: the source gives no English or French name", lang),
        ("fr", "de/en"): translate(
            "[de/en] name in German or English, as the source gives it: it gives no French name", lang
        ),
        ("en", "de/en"): translate("[de/en] name in German or English, as the source gives it", lang),
    }
    return [legends[(lang, code)] for code in sorted(codes) if (lang, code) in legends]
