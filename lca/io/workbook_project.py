"""The Projet sheet (settings by key) and the Variantes sheet (names and descriptions) of a workbook."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from lca._text import Message
from lca.errors import InputError, Issue, UnitError
from lca.io.tabular import (
    clean_text,
    parse_numbers,
    rows_to_frame,
    squash,
)
from lca.io.variants import name_key
from lca.io.workbook_words import (
    _BUILDING_INDEX,
    _NO,
    _PROJECT_INDEX,
    _VARIANT_INDEX,
    _YES,
    MIN_REFERENCE_AREA,
)
from lca.limits import (
    MAX_AREA,
    MAX_COUNT,
    MAX_STUDY_PERIOD,
)
from lca.model import Project, Variant


def _read_project_sheet(
    project: Project, rows: list[list[Any]], sheet: str, file: str, issues: list[Issue]
) -> None:
    for r, row in enumerate(rows, start=1):
        cells = [c for c in row if str(c).strip() != ""]
        if len(cells) < 1:
            continue
        key = _PROJECT_INDEX.get(squash(row[0])) if row else None
        if key is None:
            if squash(row[0]) not in {"cle", "key", "parametre", "parameter", "champ", "field"}:
                project.extra[str(row[0]).strip()] = row[1] if len(row) > 1 else None
            continue
        value = row[1] if len(row) > 1 else ""
        if str(value).strip() == "":
            continue
        try:
            setattr(project, key, _project_value(key, value))
        except (ValueError, UnitError) as err:
            typed = str(row[0]).strip()
            issues.append(Issue.of("error", _message(err), sheet, r, typed, value, file=file))


def _text(err: Exception) -> Message | str:
    """What ``err`` says, as a Message when it carries one (a library error otherwise: its text)."""
    return getattr(err, "msg", None) or getattr(err, "message", None) or str(err)


def _message(err: Exception) -> Message:
    """``err`` as a Message (its own, or its English text wrapped)."""
    found = _text(err)
    return found if not isinstance(found, str) else Message("{message}", message=found)


def _bad(message: Message) -> InputError:
    return InputError(message)


def _project_value(key: str, value: Any) -> Any:
    if key in {"reference_area", "study_period", "altitude", "attic_area", "dwellings", "permit_year"}:
        number, bad = parse_numbers(pd.Series([value], dtype=object), years=key == "study_period")
        if bad[0] or np.isnan(number[0]):
            raise _bad(Message("expected a number, found '{value}'", value=value))
        if key in {"reference_area", "study_period"} and number[0] <= 0:
            raise _bad(Message("must be > 0, found '{value}'", value=value))
        if key == "study_period" and number[0] > MAX_STUDY_PERIOD:
            raise _bad(
                Message(
                    "must be at most {limit} years (MAX_STUDY_PERIOD), found '{value}'; EN 15978 studies "
                    "span 50 to 100 years",
                    limit=MAX_STUDY_PERIOD,
                    value=value,
                )
            )
        if key in {"reference_area", "attic_area"} and abs(number[0]) > MAX_AREA:  # cannot be written back
            raise _bad(Message("must be at most {limit} m², found '{value}'", limit=MAX_AREA, value=value))
        if key == "altitude" and not -500 <= number[0] <= 9_000:
            raise _bad(Message("expected an altitude from −500 to 9,000 m, found '{value}'", value=value))
        if key == "reference_area" and number[0] < MIN_REFERENCE_AREA:  # per m² would overflow
            raise _bad(
                Message("must be at least {limit} m², found '{value}'", limit=MIN_REFERENCE_AREA, value=value)
            )
        if key in {"dwellings", "permit_year"}:
            if not float(number[0]).is_integer():
                raise _bad(Message("expected a whole number, found '{value}'", value=value))
            low, high = (1_000, 9_999) if key == "permit_year" else (0, MAX_COUNT)
            if not low <= number[0] <= high:
                raise _bad(
                    Message(
                        "expected a whole number from {low} to {high}, found '{value}'",
                        low=low,
                        high=high,
                        value=value,
                    )
                )
            return int(number[0])
        return float(number[0])
    text = str(value).strip()
    if key == "building_type":
        found = _BUILDING_INDEX.get(squash(text))
        if found is None:
            raise _bad(
                Message(
                    "expected individual_house (maison individuelle), collective_housing "
                    "(logement collectif) or other, found '{value}'",
                    value=text,
                )
            )
        return found
    if key == "method":
        if squash(text) not in {"en15978", "re2020"}:
            raise _bad(Message("expected en15978 or re2020, found '{value}'", value=text))
        return squash(text)
    if key == "replacement_rule":
        rule = {"ceil": "ceil", "entier": "ceil", "fraction": "fraction", "fractionnaire": "fraction"}
        if squash(text) not in rule:
            raise _bad(Message("expected ceil or fraction, found '{value}'", value=text))
        return rule[squash(text)]
    if key == "heat_network":
        flag = squash(text)
        if flag not in _YES | _NO:
            raise _bad(Message("expected yes/no (oui/non), found '{value}'", value=text))
        return flag in _YES
    if key == "climate_zone":
        zone = text.upper().replace(" ", "")
        zone = zone[:-1] + zone[-1].lower() if zone[-1:].isalpha() and len(zone) == 3 else zone
        if zone not in {"H1a", "H1b", "H1c", "H2a", "H2b", "H2c", "H2d", "H3"}:
            raise _bad(
                Message(
                    "expected a climate zone H1a, H1b, H1c, H2a, H2b, H2c, H2d or H3, found '{value}'",
                    value=text,
                )
            )
        return zone
    return text


def _read_variants(rows: list[list[Any]], sheet: str, file: str, issues: list[Issue]) -> list[Variant]:
    frame, columns, _ = rows_to_frame(rows, _VARIANT_INDEX, min_known=1)
    header = {v: k for k, v in columns.items()}
    if "name" not in header:
        issues.append(
            Issue.of(
                "warning",
                Message("the variants sheet has no 'name' (nom) column; it is ignored"),
                sheet,
                1,
                file=file,
            )
        )
        return []
    names = clean_text(frame[header["name"]])
    descriptions = clean_text(frame[header["description"]]) if "description" in header else names * 0
    variants, seen = [], {}
    for name, description, row in zip(names, descriptions, frame["_row"], strict=True):
        if name and name_key(name) not in seen:
            seen[name_key(name)] = name
            variants.append(Variant(name, description if isinstance(description, str) else ""))
        elif name:
            first = seen[name_key(name)]
            if first != name:
                text = Message(
                    "variant '{name}' is listed twice (as '{first}'; case, accents and spaces are ignored); "
                    "the first is kept",
                    name=name,
                    first=first,
                )
            else:
                text = Message("variant '{name}' is listed twice; the first is kept", name=name)
            issues.append(Issue.of("warning", text, sheet, int(row), header["name"], name, file=file))
    return variants
