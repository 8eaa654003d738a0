"""ÖKOBAUDAT export lines -> factor rows: declared amount and unit, masses per declared unit,
documented source corrections, the dataset's metadata, the long (module, indicator, value) rows, and
the plausibility check of A1-A3 GWP-total per kg.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lca.errors import Issue
from lca.i18n import Message
from lca.io.import_text import General, corrected, implausible
from lca.io.oekobaudat_columns import (
    _MASS_TOLERANCE,
    A1_COLUMNS,
    A2_COLUMNS,
    DATA_TYPES,
    LICENCE,
    VARIABLE_MAP,
)
from lca.io.oekobaudat_text import _LINE
from lca.plausibility import check_gwp_per_kg, correction, source_corrections
from lca.units import conversion_factor, dimension

# --------------------------------------------------------------------------------------------------
# metadata


def _first(*columns: pd.Series) -> pd.Series:
    """First non-empty text of several columns, row by row."""
    out = columns[0].where(columns[0] != "")
    for column in columns[1:]:
        out = out.fillna(column.where(column != ""))
    return out


def _category(raw: pd.DataFrame) -> pd.Series:
    """``Kategorie (en)`` (else the original) as ``A / B / C``, quotes removed."""
    english = raw.get("Kategorie (en)", pd.Series("", index=raw.index)).fillna("")
    english = english.where(~english.str.contains("missing translation"), "")
    original = raw.get("Kategorie (original)", pd.Series("", index=raw.index)).fillna("")
    text = _first(english, original)
    return text.str.replace("'", "", regex=False).str.strip()


def _text(raw: pd.DataFrame, name: str) -> pd.Series:
    column = raw[name].fillna("").str.strip() if name in raw.columns else pd.Series("", index=raw.index)
    return column.where(column != "")


def _declared(raw: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Issue]]:
    """Declared amount and unit; transport units in ``tkm``; known export slips reported."""
    issues: list[Issue] = []
    amount = raw["Bezugsgroesse"].astype(float)
    unit = raw["_unit"].copy()
    note = pd.Series(pd.NA, index=raw.index, dtype="object")
    # The 2024-I export labels the t·km reference flow "1000 t*km", the 2020-II one "1000 kgkm":
    # the same flow (Transportleistung), values per t·km (truck ADP-fossil 1.42 MJ per unit).
    slip = (raw["Bezugseinheit"].str.strip() == "t*km") & np.isclose(amount, 1000.0)
    for line, uuid in zip(raw.loc[slip, _LINE], raw.loc[slip, "UUID"], strict=True):
        issues.append(
            Issue.of(
                "warning",
                Message(
                    "dataset {dataset}: declared '1000 t*km' read as 1000 kg*km = 1 tkm (the 2020-II export "
                    "declares this reference flow as 1000 kgkm and the values are per t·km)",
                    dataset=uuid,
                ),
                row=int(line),
                column="Bezugseinheit",
                value="t*km",
                file=file,
            )
        )
    unit[slip] = "kg*km"
    found = _corrections(raw, amount, note, file)
    issues += found
    note[slip] = "source declares 1000 t*km; read as 1000 kg*km = 1 tkm (export labelling slip)"
    dims = unit.map(dimension)
    transport = dims == "transport"
    factors = unit[transport].map(lambda u: conversion_factor(u, "tkm"))
    amount[transport] = amount[transport] * factors
    unit[transport] = "tkm"
    hours = (dims == "[time]") & (raw["Bezugseinheit"].str.strip() == "a")
    for line, value in zip(raw.loc[hours, _LINE], amount[hours], strict=True):
        issues.append(
            Issue.of(
                "warning",
                Message(
                    "declared unit 'a' (year) with amount {amount}: ÖKOBAUDAT's use-stage datasets give "
                    "hours of operation here ({hours} h = 1 year); the line is kept as stated, check the "
                    "dataset before use",
                    amount=General(value),
                    hours=General(8765.78),
                ),
                row=int(line),
                column="Bezugseinheit",
                value="a",
                file=file,
            )
        )
    note[hours] = "declared unit 'a' probably means hours of operation; check before use"
    return pd.DataFrame({"declared_amount": amount, "declared_unit": unit, "_note": note}), issues


def _corrections(raw: pd.DataFrame, amount: pd.Series, note: pd.Series, file: str) -> list[Issue]:
    """Apply the documented source corrections of the declared amount in place (note and issue each).

    See :func:`lca.plausibility.source_corrections`: a correction applies only to the dataset
    version it documents, and only while the export still has the wrong value.
    """
    issues: list[Issue] = []
    version = raw["Version"].fillna("").str.strip()  # a required column
    known = set(source_corrections()["source_id"])
    reported: set[str] = set()
    for index in raw.index[raw["UUID"].str.lower().isin(known)]:
        uuid, found = raw.loc[index, "UUID"], float(amount[index])
        fix = correction(uuid, version[index], "declared_amount", found)
        if fix is None:
            continue
        amount[index] = float(fix["corrected"])
        reason = str(fix["evidence"]).split(":", 1)[0]
        note[index] = (
            f"declared amount corrected from {found:g} to {fix['corrected']:g}: documented source error "
            f"({reason}; evidence in datasets/factors/source_corrections.csv)"
        )
        if uuid not in reported:  # one issue per dataset, not per module line
            reported.add(uuid)
            issues.append(
                Issue.of(
                    "info",
                    corrected(uuid, found, float(fix["corrected"])),
                    row=int(raw.loc[index, _LINE]),
                    column="Bezugsgroesse",
                    value=found,
                    file=file,
                )
            )
    return issues


def _mass_per_unit(
    raw: pd.DataFrame, declared: pd.DataFrame, file: str
) -> tuple[pd.Series, pd.Series, list[Issue]]:
    """kg per one declared unit (not per declared amount: DESIGN §4), notes and issues.

    The mass comes from the declared mass unit, density × volume, area mass × area (or density ×
    thickness × area), linear mass × length, or piece mass × pieces. ``Umrechungsfaktor auf 1kg``
    is checked against it both ways round (info when it is declared units per kg); when it
    matches neither way, or nothing can check it, it is kept in ``note`` and a warning says so.
    """
    amount, unit = declared["declared_amount"], declared["declared_unit"]
    dims = unit.map(dimension)
    density = raw["Rohdichte (kg/m3)"].fillna(raw["Schuettdichte (kg/m3)"])
    area_mass = raw["Flaechengewicht (kg/m2)"].fillna(density * raw["Schichtdicke (m)"])
    per_unit = {
        "volume": density,
        "area": area_mass,
        "length": raw["Laengengewicht (kg/m)"],
        "piece": raw["Stueckgewicht (kg)"],
    }
    expected = pd.Series(np.nan, index=raw.index)
    for dim, mass in per_unit.items():
        hit = dims == dim
        if hit.any():
            base = {"volume": "m**3", "area": "m**2", "length": "m", "piece": "piece"}[dim]
            size = amount[hit] * unit[hit].map(lambda u, b=base: conversion_factor(u, b))
            expected[hit] = mass[hit] * size
    mass_dim = dims == "mass"
    expected[mass_dim] = amount[mass_dim] * unit[mass_dim].map(lambda u: conversion_factor(u, "kg"))
    factor = raw["Umrechungsfaktor auf 1kg"]
    direct = np.isclose(factor, expected, rtol=_MASS_TOLERANCE)
    inverse = np.isclose(1.0 / factor, expected, rtol=_MASS_TOLERANCE) & ~direct
    unchecked = factor.notna() & ~direct & ~inverse
    first = ~raw["UUID"].duplicated()  # one issue per dataset, not per module line
    issues = [
        Issue.of(
            "info",
            Message(
                "'Umrechungsfaktor auf 1kg' = {factor} read as declared units per kg (1/{factor} = "
                "{inverse} kg ≈ {expected} kg from the other conversion columns)",
                factor=General(f),
                inverse=General(1 / f, ".4g"),
                expected=General(e, ".4g"),
            ),
            row=int(line),
            column="Umrechungsfaktor auf 1kg",
            value=f,
            file=file,
        )
        for line, f, e in zip(
            raw.loc[inverse & first, _LINE], factor[inverse & first], expected[inverse & first], strict=True
        )
    ]
    issues += [
        Issue.of(
            "warning",
            Message(
                "'Umrechungsfaktor auf 1kg' = {factor} matches neither the declared mass nor density, area, "
                "linear or piece mass either way round (the export uses it both as kg per declared unit and "
                "as declared units per kg); kept in note only",
                factor=General(f),
            ),
            row=int(line),
            column="Umrechungsfaktor auf 1kg",
            value=f,
            file=file,
        )
        for line, f in zip(raw.loc[unchecked & first, _LINE], factor[unchecked & first], strict=True)
    ]
    # ``expected`` is the mass of the declared amount (what the export's conversion factor states);
    # ``mass_per_unit`` is kg per ONE declared unit (DESIGN §4), as lca.conversions reads it.
    # The factor only confirms: when it matches, the other columns are more precise.
    mass = expected / amount
    mass = mass.where(np.isfinite(mass) & (mass > 0))
    note = pd.Series(pd.NA, index=raw.index, dtype="object")
    note[unchecked] = factor[unchecked].map(lambda f: f"Umrechungsfaktor auf 1kg = {f:g} (meaning unchecked)")
    return mass, note, issues


def _finite(values: pd.Series) -> pd.Series:
    """NaN where a quotient overflowed (a tiny declared amount): unknown rather than infinite."""
    return values.where(np.isfinite(values))


def _join_notes(*notes: pd.Series) -> pd.Series:
    frame = pd.concat(notes, axis=1)
    return frame.apply(lambda row: "; ".join(str(n) for n in row if pd.notna(n)) or pd.NA, axis=1)


def _metadata(raw: pd.DataFrame, release: str | None, file: str) -> tuple[pd.DataFrame, list[Issue]]:
    """Per-line metadata columns, indexed by the spreadsheet row number."""
    declared, issues = _declared(raw, file)
    mass, mass_note, found = _mass_per_unit(raw, declared, file)
    issues += found
    packaging = raw["biogener Kohlenstoffgehalt (Verpackung) in kg"]
    packaging = packaging.where(packaging != 0)
    packaging_note = packaging.map(
        lambda v: f"biogenic carbon in packaging {v:g} kg C per declared amount", na_action="ignore"
    )
    a2 = _is_a2(raw)
    meta = pd.DataFrame(
        {
            "name": _first(_text(raw, "Name (en)").fillna(""), _text(raw, "Name (de)").fillna("")),
            "name_de": _text(raw, "Name (de)"),
            "category": _category(raw),
            "declared_unit": declared["declared_unit"],
            "declared_amount": declared["declared_amount"],
            "density": raw["Rohdichte (kg/m3)"].fillna(raw["Schuettdichte (kg/m3)"]),
            "area_mass": raw["Flaechengewicht (kg/m2)"],
            "linear_mass": raw["Laengengewicht (kg/m)"],
            "mass_per_unit": mass,
            "thickness": raw["Schichtdicke (m)"],
            # the export states it for the declared amount; the table holds it per ONE declared unit
            "biogenic_carbon": _finite(raw["biogener Kohlenstoffgehalt in kg"] / declared["declared_amount"]),
            "data_type": raw["Typ"].str.strip().map(DATA_TYPES).fillna(_text(raw, "Typ")),
            "standard": np.where(a2, "EN 15804+A2", "EN 15804+A1"),
            "scenario": raw["Szenario"].where(raw["Szenario"] != ""),
            "source": f"ÖKOBAUDAT {release}" if release else "ÖKOBAUDAT",
            "source_id": raw["UUID"],
            "version": _text(raw, "Version"),
            "release": release,
            "data_owner": _text(raw, "Declaration owner"),
            "valid_until": _text(raw, "Gueltig bis"),
            "url": _text(raw, "URL"),
            "licence": LICENCE,
            "note": _join_notes(declared["_note"], mass_note, packaging_note),
            _LINE: raw[_LINE],
        }
    )
    return meta.set_index(_LINE), issues


def _implausible(table: pd.DataFrame, file: str) -> list[Issue]:
    """A warning per dataset whose A1-A3 GWP-total per kg is outside its category's range.

    The rule and the ranges are in :mod:`lca.plausibility`; the row named is the dataset's A1-A3 line.
    """
    lines = table[table["module"] == "A1-A3"].drop_duplicates("factor_id").set_index("factor_id")
    return [
        Issue.of(
            "warning",
            implausible(found.factor_id, found),
            row=int(lines[_LINE].loc[found.factor_id]),
            column="GWPtotal (A2)" if lines.at[found.factor_id, "standard"] == "EN 15804+A2" else "GWP",
            value=found.per_kg,
            file=file,
        )
        for found in check_gwp_per_kg(table)
    ]


# --------------------------------------------------------------------------------------------------
# values


def _is_a2(raw: pd.DataFrame) -> pd.Series:
    """True on every line of a dataset that has at least one EN 15804+A2 value."""
    columns = [c for c in A2_COLUMNS if c in raw.columns]
    if not columns:
        return pd.Series(False, index=raw.index)
    line_has = raw[columns].notna().any(axis=1)
    return line_has.groupby(raw["UUID"]).transform("any").astype(bool)


def _values(raw: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Issue]]:
    """Long (factor_id, module, indicator, value) rows with the spreadsheet row number."""
    issues: list[Issue] = []
    a2 = _is_a2(raw)
    a1_cols = [c for c in A1_COLUMNS if c in raw.columns]
    a2_cols = [c for c in A2_COLUMNS if c in raw.columns]
    numbers = raw[[c for c in VARIABLE_MAP if c in raw.columns]].copy()
    dropped = a2 & numbers[a1_cols].notna().any(axis=1) if a1_cols else pd.Series(False, index=raw.index)
    for line in raw.loc[dropped, _LINE]:
        issues.append(
            Issue.of(
                "info",
                Message(
                    "dataset has EN 15804+A2 values: its EN 15804+A1 core values ({columns}) are left out so "
                    "as not to mix the standards",
                    columns=", ".join(a1_cols),
                ),
                row=int(line),
                file=file,
            )
        )
    numbers.loc[a2, a1_cols] = np.nan
    numbers.loc[~a2, a2_cols] = np.nan
    numbers[[_LINE, "factor_id", "module"]] = raw[[_LINE, "UUID", "Modul"]].to_numpy()
    long = numbers.melt(id_vars=[_LINE, "factor_id", "module"], var_name="column", value_name="value")
    long = long.dropna(subset=["value"])
    # one source column per indicator key and dataset, so the keys never collide after mapping
    long.insert(3, "indicator", long.pop("column").map(VARIABLE_MAP))
    long = long.sort_values(_LINE, kind="stable")
    empty = ~raw[_LINE].isin(long[_LINE])
    for line, uuid, module in zip(
        raw.loc[empty, _LINE], raw.loc[empty, "UUID"], raw.loc[empty, "Modul"], strict=True
    ):
        issues.append(
            Issue.of(
                "info",
                Message(
                    "module {module} of {dataset} declares no indicator value; no rows",
                    module=module,
                    dataset=uuid,
                ),
                row=int(line),
                file=file,
            )
        )
    long["value"] = long["value"].astype("float64")
    return long, issues
