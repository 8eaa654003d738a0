"""``lca factors search`` and ``lca factors show``: factors as a project manager reads them.

Output code (it renders text; :mod:`lca.search` ranks). A search result is a table that fits the
terminal: the dataset's name in the output language (French name from ``names_fr.csv``, else the
source's name marked with its language: :mod:`lca.factor_names`), the declared unit as people write it
(m³, m², ml, u), GWP-total A1-A3 per declared unit, the data type and the first characters of the id;
below it, the usual names that were mapped to a dataset, with the reason. ``show`` accepts a unique id
prefix and prints the names, the declared unit, the conversions and provenance, then every indicator
per module as fixed-point numbers in tables that fit the width.
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lca.errors import FactorNotFoundError, InputError
from lca.factor_names import (
    display_name,
    gwp_a1_a3,
    name_and_language,
    name_language,
    names_legend,
    text_of,
    unit_text,
)
from lca.i18n import Message, current_lang, label, translate
from lca.i18n.numbers import format_number, format_quantity
from lca.units import pretty_unit

if TYPE_CHECKING:
    from lca.factors import FactorTable

#: Characters of the id shown in a search result (``lca factors show`` accepts any unique prefix).
ID_PREFIX = 8
#: Significant digits of the values of ``factors show`` (fixed-point, never scientific notation).
SHOW_DIGITS = 4
#: Most decimals of the values of ``factors show`` (ODP is of the order of 1e-14 kg CFC-11e).
SHOW_MAX_DECIMALS = 20
#: Candidates listed when an id prefix is ambiguous.
MAX_CANDIDATES = 10


def _short_ids(ids: list[str], known: pd.Index) -> list[str]:
    """The first :data:`ID_PREFIX` characters of each id, longer when needed to be unique in ``known``."""
    out = []
    for factor_id in ids:
        length = ID_PREFIX
        while length < len(factor_id) and int(known.str.startswith(factor_id[:length]).sum()) > 1:
            length += 1
        out.append(factor_id[:length])
    return out


def _indicator_unit(unit: object) -> str:
    """An indicator's unit as people write it: ``m3`` → ``m³``."""
    return re.sub(r"\bm([23])\b", lambda m: "m" + "²³"[int(m.group(1)) - 2], pretty_unit(str(unit)))


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _count(text: str) -> int:
    """``--limit``: a whole number ≥ 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            translate("expected a whole number ≥ 1, found '{value}'", value=text)
        )
    return value


def _wrap(text: str, width: int, indent: str = "") -> str:
    return textwrap.fill(text, width=width, subsequent_indent=indent, break_on_hyphens=False)


# ----------------------------------------------------------------------------- search
def search_text(
    table: FactorTable,
    text: str,
    *,
    category: str | None = None,
    unit: str | None = None,
    lang: str | None = None,
    limit: int | None = 20,
    width: int | None = None,
) -> str:
    """The factors of ``table`` matching ``text``, as a table at most ``width`` characters wide.

    Parameters
    ----------
    table
        The factor tables searched (names, units, data types and GWP-total A1-A3 are read from it).
    text, category, unit, limit
        As :func:`lca.search.search_factors`.
    lang
        Output language (default :func:`lca.i18n.current_lang`); it also chooses the names shown.
    width
        Characters per line (default :func:`lca.terminal.terminal_width`).

    Returns
    -------
    str
        The table, then one paragraph per usual name mapped to a dataset; or a one-line message
        when nothing matches.
    """
    from lca.search import add_french_names, search_factors, usual_name_note
    from lca.terminal import render_table, terminal_width

    lang = lang or current_lang()
    width = terminal_width() if width is None else width
    meta = add_french_names(table.meta)
    found = search_factors(
        meta, text, category=category, unit=unit, lang="fr" if lang == "fr" else "en", limit=limit
    )
    if found.empty:
        return translate("No factor matches '{text}'", lang, text=text) + "\n"
    gwp = gwp_a1_a3(table).reindex(found.index)
    ids = _short_ids([str(i) for i in found.index], table.meta.index.astype(str))
    headers = {
        "id": translate("Factor id", lang),
        "name": translate("Name", lang),
        "unit": translate("Unit", lang),
        "gwp": translate("A1-A3 (kg CO2e/unit)", lang),
        "type": translate("Data type", lang),
    }
    frame = pd.DataFrame(
        {
            headers["id"]: ids,
            headers["name"]: [display_name(row, lang) for _, row in found.iterrows()],
            headers["unit"]: [unit_text(u, lang) for u in found["declared_unit"]],
            headers["gwp"]: [format_quantity(v, lang, "factor") for v in gwp],
            headers["type"]: [
                label("data_type", t, lang) if isinstance(t, str) else "" for t in found["data_type"]
            ],
        }
    )
    title = translate(
        "{n} factor found for '{text}'",
        lang,
        plural="{n} factors found for '{text}'",
        n=len(found),
        text=text,
    )
    codes = {code for _, row in found.iterrows() if (code := name_and_language(row, lang)[1]) is not None}
    types = frame[headers["type"]].unique()
    if len(types) == 1:  # one data type for all: said once, the names get the room
        title = translate("{title} ({data_type})", lang, title=title, data_type=types[0])
        frame = frame.drop(columns=headers["type"])
    out = render_table(
        frame,
        priority=[headers[k] for k in ("name", "unit", "gwp", "id", "type")],
        numeric=[headers["gwp"]],
        index=False,
        width=width,
        title=title,
        lang=lang,
    )
    out += "".join(_wrap(line, width, "     ") + "\n" for line in names_legend(codes, lang))
    mapped: dict[tuple[str, str], list[str]] = {}  # (usual name, note) -> "id name" of its datasets
    for i, (factor_id, row) in enumerate(found.iterrows()):
        if row["usual_name"]:
            note = usual_name_note(row["usual_name"], str(factor_id), lang)
            mapped.setdefault((row["usual_name"], note), []).append(f"{ids[i]} {display_name(row, lang)}")
    notes = [
        _wrap(
            translate(
                "'{usual}' → {datasets}: {note}", lang, usual=usual, datasets="; ".join(datasets), note=note
            ),
            width,
            "  ",
        )
        for (usual, note), datasets in mapped.items()
    ]
    if notes:
        out += "\n" + translate("Usual names, mapped to the nearest dataset:", lang) + "\n"
        out += "\n".join(notes) + "\n"
    return out


# ----------------------------------------------------------------------------- show
def resolve_factor_id(table: FactorTable, reference: str, lang: str | None = None) -> str:
    """The factor id that ``reference`` designates: the id itself, or a prefix of only one id.

    Raises
    ------
    FactorNotFoundError
        No id starts with ``reference``.
    InputError
        Several ids start with ``reference``; the message lists them (at most
        :data:`MAX_CANDIDATES`) with their names, so that the user can type a longer prefix.
    """
    lang = lang or current_lang()
    reference = str(reference).strip()
    ids = table.meta.index.astype(str)
    if reference in ids:
        return reference
    matches = [i for i in ids if reference and i.lower().startswith(reference.lower())]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise table.unknown(reference)
    from lca.search import add_french_names

    shown = sorted(matches)[:MAX_CANDIDATES]
    meta = add_french_names(table.meta.loc[shown])
    lines = [f"  {i}  {_shorten(display_name(meta.loc[i], lang), 40)}" for i in shown]  # 80 columns
    more = len(matches) - MAX_CANDIDATES
    raise InputError(
        Message(
            "{n} factor ids start with '{prefix}'; type more characters:\n{candidates}",
            n=len(matches),
            prefix=reference,
            candidates="\n".join(lines) + (f"\n  … (+{more})" if more > 0 else ""),
        ),
        value=reference,
    )


def show_text(
    table: FactorTable, reference: str, *, lang: str | None = None, width: int | None = None
) -> str:
    """Names, declared unit, conversions, provenance and every value of one factor, as text.

    Parameters
    ----------
    table
        The factor tables.
    reference
        The factor id or a unique prefix of it (``8041ec07``).
    lang
        Output language (default :func:`lca.i18n.current_lang`).
    width
        Characters per line (default :func:`lca.terminal.terminal_width`).

    Returns
    -------
    str
        The description, then the values per declared unit [indicator unit per declared unit],
        modules in columns, as many tables as the width needs.

    Raises
    ------
    FactorNotFoundError, InputError
        As :func:`resolve_factor_id`.
    """
    from lca.search import add_french_names, load_usual_names
    from lca.terminal import terminal_width

    lang = lang or current_lang()
    width = terminal_width() if width is None else width
    factor_id = resolve_factor_id(table, reference, lang)
    info, wide = table.factor(factor_id)
    row = add_french_names(table.meta.loc[[factor_id]]).iloc[0]
    amount = float(info["declared_amount"]) if pd.notna(info["declared_amount"]) else 1.0
    unit = unit_text(info["declared_unit"], lang)

    shown, code = name_and_language(row, lang)
    legend = names_legend({code} if code else set(), lang)
    lines = [factor_id, _wrap(display_name(row, lang), width)]
    lines += [_wrap(line, width, "     ") for line in legend]
    fields: list[tuple[str, Any]] = []
    for column, key in (("name_fr", "French name"), ("name", "English name"), ("name_de", "German name")):
        value = text_of(row.get(column))
        if value and value != shown:
            fields.append((_field_label(key, lang), value))
    category = text_of(row.get("category_fr")) if lang == "fr" else ""
    if not category and text_of(info.get("category")):
        category = text_of(info.get("category"))
        if lang == "fr" and name_language(row) is not None:  # a source database's category is English
            category = translate("[{code}] {name}", lang, code="en", name=category)
    fields.append((_field_label("category", lang), category))
    fields.append((_field_label("declared unit", lang), f"{format_quantity(amount, lang, 'value')} {unit}"))
    for column, key, unit_of in (
        ("density", "density", "kg/m³"),
        ("area_mass", "mass per area", "kg/m²"),
        ("linear_mass", "mass per length", "kg/m"),
        ("thickness", "thickness", "m"),
    ):
        if _given(info.get(column)):
            fields.append(
                (_field_label(key, lang), f"{format_quantity(info[column], lang, 'value')} {unit_of}")
            )
    if _given(info.get("service_life")):
        fields.append(
            (
                _field_label("service life", lang),
                f"{format_quantity(info['service_life'], lang, 'years')} {label('unit', 'years', lang)}",
            )
        )
    if _given(info.get("data_type")):
        fields.append((_field_label("data type", lang), label("data_type", info["data_type"], lang)))
    for column, key in (
        ("standard", "standard"),
        ("source", "source"),
        ("version", "version"),
        ("valid_until", "valid until"),
        ("data_owner", "data owner"),
        ("url", "link"),
        ("note", "note"),
    ):
        if _given(info.get(column)):
            fields.append((_field_label(key, lang), str(info[column])))
    usual = load_usual_names()
    for _, mapping in usual.loc[usual["factor_id"] == factor_id].iterrows():
        note = mapping["note_fr"] if lang == "fr" else mapping["note_en"]
        fields.append((_field_label("usual name", lang), f"{mapping['usual_name']} — {note}"))
    for key, value in fields:
        if _given(value):
            lines.append(
                _wrap(translate("{field}: {value}", lang, field=key, value=str(value)), width, "    ")
            )

    per_unit = wide.drop(columns="unit") / (amount if amount > 0 else np.nan)
    if amount != 1:
        head = translate(
            "Values per {unit} (the source declares {amount} {unit}):",
            lang,
            unit=unit,
            amount=format_quantity(amount, lang, "value"),
        )
    else:
        head = translate("Values per {unit}:", lang, unit=unit)
    lines += ["", head]
    return "\n".join(lines) + "\n" + _values_tables(per_unit, wide["unit"], lang, width)


def _given(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and not np.isfinite(value):
        return False
    return str(value).strip() not in ("", "nan", "<NA>")


def _field_label(key: str, lang: str) -> str:
    """Labels of the fields of ``factors show`` (literal msgids, for the catalogue)."""
    texts = {
        "French name": translate("French name", lang),
        "English name": translate("English name", lang),
        "German name": translate("German name", lang),
        "category": translate("category", lang),
        "declared unit": translate("declared unit", lang),
        "density": translate("density", lang),
        "mass per area": translate("mass per area", lang),
        "mass per length": translate("mass per length", lang),
        "thickness": translate("thickness", lang),
        "service life": translate("reference service life", lang),
        "data type": translate("data type", lang),
        "standard": translate("standard", lang),
        "source": translate("source", lang),
        "version": translate("version", lang),
        "valid until": translate("valid until", lang),
        "data owner": translate("data owner", lang),
        "link": translate("link", lang),
        "note": translate("note", lang),
        "usual name": translate("usual name", lang),
    }
    return "  " + texts[key]


def _values_tables(values: pd.DataFrame, units: pd.Series, lang: str, width: int) -> str:
    """Indicators in rows, modules in columns, split into as many tables as ``width`` needs."""
    from lca.terminal import render_table

    indicator = translate("Indicator", lang)
    unit_head = translate("Unit", lang)
    cells = {
        m: [format_number(v, lang, SHOW_MAX_DECIMALS, significant=SHOW_DIGITS) for v in values[m]]
        for m in values.columns
    }
    fixed = pd.DataFrame(
        {indicator: [str(i) for i in values.index], unit_head: [_indicator_unit(u) for u in units]}
    )
    used = (
        max(len(indicator), *(len(s) for s in fixed[indicator]))
        + max(len(unit_head), *(len(s) for s in fixed[unit_head]))
        + 3
    )
    chunks: list[list[str]] = [[]]
    room = width - used
    for module in values.columns:
        need = max(len(str(module)), *(len(s) for s in cells[module])) + 3
        if chunks[-1] and need > room:
            chunks.append([])
            room = width - used
        chunks[-1].append(module)
        room -= need
    out = []
    for chunk in chunks:
        frame = fixed.assign(**{str(m): cells[m] for m in chunk})
        out.append(render_table(frame, numeric=[str(m) for m in chunk], index=False, width=width, lang=lang))
    return "\n".join(out)


# ----------------------------------------------------------------------------- command line
def _wrap_help(text: str) -> str:
    return textwrap.fill(text, width=78, break_on_hyphens=False)


def _examples(lang: str, *lines: str) -> str:
    return translate("Examples:", lang) + "\n" + "\n".join(f"  {line}" for line in lines)


def help_text(text: str) -> str:
    """A help text of the command line in the current language (:func:`lca.i18n.current_lang`)."""
    return translate(text, current_lang())


def command_help(summary: str, *examples: str) -> dict[str, Any]:
    """``add_parser`` keywords of a command: its one-line help, as description too, and its examples
    (``lca`` is prepended) as the end of its help."""
    return {
        "help": summary,
        "description": _wrap_help(summary[:1].upper() + summary[1:] + "."),
        "epilog": _examples(current_lang(), *(f"lca {e}" for e in examples)),
        "formatter_class": argparse.RawDescriptionHelpFormatter,
    }


def add_parsers(fsub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str | None = None) -> None:
    """The ``factors search`` and ``factors show`` subcommands, their help in ``lang``."""
    lang = lang or current_lang()
    search = _command(
        fsub,
        "search",
        lang,
        translate("find factors by name, usual name or trade name (accents and case ignored)", lang),
        translate(
            "Find emission factors by their French, English or German name or by the usual name "
            "(BA13, OSB, C25/30, PSE, CLT, parpaing …); shows the unit, GWP-total A1-A3 per declared "
            "unit and the data type.",
            lang,
        ),
        ('lca factors search "laine de verre"', "lca factors search BA13 --unit m2"),
    )
    search.add_argument("text", help=translate('what to look for, e.g. "laine de verre" or BA13', lang))
    search.add_argument(
        "--category",
        metavar="TEXT",
        help=translate("keep the factors of this category (e.g. Isolants)", lang),
    )
    search.add_argument(
        "--unit",
        metavar="UNIT",
        help=translate("keep the factors declared in this unit (m3, m2, ml, kg, u)", lang),
    )
    search.add_argument(
        "--limit",
        type=_count,
        default=20,
        metavar="N",
        help=translate("show at most N factors (default: 20)", lang),
    )
    _common_options(
        search,
        lang,
        translate(
            "language of the output and of the names shown (default: the environment's, else fr)", lang
        ),
        translate("also search this factor table (repeatable)", lang),
    )
    show = _command(
        fsub,
        "show",
        lang,
        translate("all values, conversions and provenance of one factor", lang),
        translate(
            "Show one factor: its names, declared unit, conversions, source and every indicator per "
            "module, per declared unit.",
            lang,
        ),
        ("lca factors show 8041ec07", "lca factors show 8041ec07 --lang en"),
    )
    show.add_argument("factor_id", help=translate("the factor id, or its first characters", lang))
    _common_options(
        show,
        lang,
        translate("language of the output (default: the environment's, else fr)", lang),
        translate("also read this factor table (repeatable)", lang),
    )


def _command(
    fsub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    lang: str,
    summary: str,
    description: str,
    examples: tuple[str, str],
) -> argparse.ArgumentParser:
    """A ``factors`` subcommand: its one-line help, its description and two examples at the end."""
    return fsub.add_parser(
        name,
        help=summary,
        description=_wrap_help(description),
        epilog=_examples(lang, *examples),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _common_options(parser: argparse.ArgumentParser, lang: str, lang_help: str, factors_help: str) -> None:
    """``--lang``, ``--factors`` and ``--debug``, the options that ``search`` and ``show`` share."""
    from lca.i18n import languages

    parser.add_argument("--lang", choices=list(languages()), help=lang_help)
    parser.add_argument("--factors", action="append", default=[], metavar="FILE", help=factors_help)
    parser.add_argument(
        "--debug", action="store_true", help=translate("show tracebacks and debug logs", lang)
    )


def run(args: argparse.Namespace, table: FactorTable) -> int:
    """``factors search`` or ``factors show`` on ``table``; the exit status (0, or 2 for an unknown or
    ambiguous id, its message in the output language on stderr)."""
    from lca.errors import LCAError
    from lca.i18n import resolve_lang

    lang = resolve_lang(getattr(args, "lang", None))
    if args.factors_command == "search":
        sys.stdout.write(
            search_text(table, args.text, category=args.category, unit=args.unit, lang=lang, limit=args.limit)
        )
        return 0
    try:
        text = show_text(table, args.factor_id, lang=lang)
    except (FactorNotFoundError, InputError) as err:
        if getattr(args, "debug", False):
            raise
        if not isinstance(err, LCAError):  # pragma: no cover - both are LCAErrors
            raise
        print(translate("lca: error: {message}", lang, message=err.render(lang)), file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0
