"""Read the official ÖKOBAUDAT CSV export into a factor table (DESIGN §4).

The export has one line per (dataset, module, scenario) and one column per indicator. This module
turns it into the tidy table of :data:`lca.factors.FILE_COLUMNS`: one row per
(``factor_id``, ``module``, ``indicator``), the dataset's metadata repeated on every row.

Reading rules (each one documented where it is applied):

* Encoding, separator and decimal mark are detected from the bytes, not from the file name: UTF-8
  (with or without BOM), else Windows-1252/Latin-1; the separator among ``;``, ``,`` and tab that
  splits the header into the most fields with ``UUID`` first; numbers are read cell by cell, a lone
  comma being a decimal comma (the 2024-I export writes ``"3,6"`` in a ``.``-decimal file).
* An empty cell is *not declared* (no row); ``0`` is a declared zero (a row with 0).
* A dataset with any EN 15804+A2 value is read as +A2 on all its lines: its +A1 core columns
  (``GWP``, ``ODP``, ``POCP``, ``AP``, ``EP``, ``ADPE``, ``ADPF``) are left out, so that the two
  characterisations are never mixed under one indicator key. Resource and waste columns
  (``PERE``…``EET``) are the same in both standards and are kept.
* When one module has several scenarios, :func:`choose_scenarios` keeps one (see there).
* ``Umrechungsfaktor auf 1kg`` is written both ways in the export (kg per declared unit by some data
  owners, declared units per kg by others; OBD_2020_II: 74 datasets one way, 44 the other): it is
  only checked against the mass from density, area mass, linear mass or piece mass, never used
  alone; when nothing can check it, it is kept in ``note``.
* ``mass_per_unit`` and ``biogenic_carbon`` are per **one** declared unit (DESIGN §4), not per
  declared amount: the export's masses of the declared amount are divided by ``Bezugsgroesse``.
* Documented source errors (``datasets/factors/source_corrections.csv``) are corrected, with a note
  on the row; every dataset's A1-A3 GWP-total per kg is checked against its category's range
  (:mod:`lca.plausibility`) and reported as a warning when outside.
* Transport is expressed per ``tkm`` (``1000 kgkm`` -> ``1 tkm``); OBD_2024_I's ``1000 t*km`` label
  of the same reference flow is read as ``1000 kg*km`` (values per t·km), with a warning.

Line-level problems never raise: they come back as :class:`lca.errors.Issue` records.

References
----------
ÖKOBAUDAT, BMWSB/BBSR, https://www.oekobaudat.de. EN 15804:2012+A1:2013 and EN 15804:2012+A2:2019.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from lca.errors import InputError, Issue, LCAError
from lca.factors import FILE_COLUMNS
from lca.indicators import module_key
from lca.io.oekobaudat_text import (
    _LINE,
    _read_records,
    _shown,
    _to_number,
)
from lca.io.safe import neutralise
from lca.plausibility import check_gwp_per_kg, correction, source_corrections
from lca.units import conversion_factor, dimension, normalise_unit

#: ÖKOBAUDAT's terms of use, in short, written on every row.
LICENCE = (
    "ÖKOBAUDAT (BMWSB/BBSR): free of charge for all users and uses; values remain the "
    "responsibility of each data owner; no warranty"
)

#: EN 15804+A1 core-indicator columns -> indicator keys of lca.indicators.
A1_COLUMNS: dict[str, str] = {
    "GWP": "GWP-total",
    "ODP": "ODP",
    "POCP": "POCP (A1)",
    "AP": "AP (A1)",
    "EP": "EP (A1)",
    "ADPE": "ADP-minerals&metals",
    "ADPF": "ADP-fossil",
}

#: EN 15804+A2 indicator columns -> indicator keys.
A2_COLUMNS: dict[str, str] = {
    "GWPtotal (A2)": "GWP-total",
    "GWPfossil (A2)": "GWP-fossil",
    "GWPbiogenic (A2)": "GWP-biogenic",
    "GWPluluc (A2)": "GWP-luluc",
    "ODP (A2)": "ODP",
    "AP (A2)": "AP",
    "EPfreshwater (A2)": "EP-freshwater",
    "EPmarine (A2)": "EP-marine",
    "EPterrestrial (A2)": "EP-terrestrial",
    "POCP (A2)": "POCP",
    "ADPE (A2)": "ADP-minerals&metals",
    "ADPF (A2)": "ADP-fossil",
    "WDP (A2)": "WDP",
    "PM (A2)": "PM",
    "IRP (A2)": "IRP",
    "ETPfw (A2)": "ETP-fw",
    "HTPc (A2)": "HTP-c",
    "HTPnc (A2)": "HTP-nc",
    "SOP (A2)": "SQP",
}

#: Resource-use, waste and output-flow columns, the same in +A1 and +A2 (same-named keys).
FLOW_COLUMNS: dict[str, str] = {
    name: name
    for name in (
        "PERE", "PERM", "PERT", "PENRE", "PENRM", "PENRT", "SM", "RSF", "NRSF", "FW",
        "HWD", "NHWD", "RWD", "CRU", "MFR", "MER", "EEE", "EET",
    )
}  # fmt: skip

#: Every indicator column of the export -> indicator key.
VARIABLE_MAP: dict[str, str] = A1_COLUMNS | A2_COLUMNS | FLOW_COLUMNS

#: Columns without which a file is not an ÖKOBAUDAT export.
REQUIRED_COLUMNS: tuple[str, ...] = ("UUID", "Version", "Typ", "Bezugsgroesse", "Bezugseinheit", "Modul")

#: Metadata and conversion columns of the exports (2020-II and 2024-I), read or knowingly ignored.
METADATA_COLUMNS: tuple[str, ...] = (
    "UUID", "Version", "Name (de)", "Name (en)", "Kategorie (original)", "Kategorie (en)",
    "Konformität", "Laenderkennung", "Typ", "Referenzjahr", "Gueltig bis", "URL",
    "Declaration owner", "Veroeffentlicht am", "Registrierungsnummer", "Registrierungsstelle",
    "UUID des Vorgängers", "Version des Vorgängers", "URL des Vorgängers", "Bezugsgroesse",
    "Bezugseinheit", "Referenzfluss-UUID", "Referenzfluss-Name", "Schuettdichte (kg/m3)",
    "Flaechengewicht (kg/m2)", "Rohdichte (kg/m3)", "Schichtdicke (m)", "Ergiebigkeit (m2)",
    "Laengengewicht (kg/m)", "Stueckgewicht (kg)", "Umrechungsfaktor auf 1kg",
    "biogener Kohlenstoffgehalt in kg", "biogener Kohlenstoffgehalt (Verpackung) in kg",
    "Modul", "Szenario", "Szenariobeschreibung",
)  # fmt: skip

#: ``Typ`` -> ``data_type``.
DATA_TYPES: dict[str, str] = {
    "generic dataset": "generic",
    "average dataset": "average",
    "specific dataset": "specific",
    "representative dataset": "representative",
    "template dataset": "template",
}

#: Unit spellings of the export that lca.units does not know (kept local: lca.units is not ours).
UNIT_SPELLINGS: dict[str, str] = {"kgkm": "kg*km"}

_NUMERIC_COLUMNS: tuple[str, ...] = (
    "Bezugsgroesse", "Schuettdichte (kg/m3)", "Flaechengewicht (kg/m2)", "Rohdichte (kg/m3)",
    "Schichtdicke (m)", "Laengengewicht (kg/m)", "Stueckgewicht (kg)", "Umrechungsfaktor auf 1kg",
    "biogener Kohlenstoffgehalt in kg", "biogener Kohlenstoffgehalt (Verpackung) in kg",
)  # fmt: skip


_RELEASE = re.compile(r"OBD[_ -]?(\d{4})[_ -]?(I{1,3}|IV)(?![A-Za-z])", re.IGNORECASE)
_MASS_TOLERANCE = 0.05  # relative: Umrechungsfaktor and the other conversion columns agree within 5 %


# --------------------------------------------------------------------------------------------------
# public API


def read_oekobaudat(
    path: str | Path,
    *,
    types: Iterable[str] | None = None,
    scenarios: Mapping[str, Mapping[str, str]] | None = None,
    prefer_scenarios: Sequence[str] = (),
    release: str | None = None,
) -> tuple[pd.DataFrame, list[Issue]]:
    """Read an ÖKOBAUDAT CSV export into a long factor table.

    Parameters
    ----------
    path
        The CSV export (any of the official encodings and separators).
    types
        Keep only these dataset types, as ``Typ`` spells them (``"generic dataset"``) or as
        ``data_type`` does (``"generic"``). None keeps all.
    scenarios
        Scenario to keep per dataset and module, ``{uuid: {module: scenario_name}}``; overrides
        ``prefer_scenarios`` and the default rule of :func:`choose_scenarios`.
    prefer_scenarios
        Scenario names preferred wherever a module has several (first match wins), e.g.
        ``["energetisch"]``.
    release
        Database release, e.g. ``"OBD_2020_II"``. None infers it from the file name; when that
        fails the rows carry no release and a warning says so.

    Returns
    -------
    table
        Columns :data:`lca.factors.FILE_COLUMNS`; ``value`` per ``declared_amount``
        ``declared_unit``. [indicator unit, see lca.indicators.INDICATORS]
    issues
        Warnings (unknown columns, unreadable lines or cells) and notes (scenarios left out,
        conversion factors read as declared units per kg).

    Raises
    ------
    InputError
        Naming the file, when it is not an ÖKOBAUDAT export (names the missing columns), names a
        column twice, has a cell over :data:`lca.io.oekobaudat_text.MAX_CELL_CHARS` characters, is larger than
        :data:`lca.io.oekobaudat_text.MAX_EXPORT_BYTES` or cannot be read.
    """
    path = Path(path)
    file = str(path)
    raw, issues = _read_records(path)
    _check_required(raw, file)
    issues += _unknown_columns(raw, file)
    if release is None:
        release = infer_release(path.name)
        if release is None:
            issues.append(
                Issue(
                    "warning",
                    "cannot infer the ÖKOBAUDAT release from the file name; "
                    "pass release='OBD_2020_II' (for example)",
                    file=file,
                )
            )
    raw, found = _filter_types(raw, types, file)
    issues += found
    raw, found = _parse_numbers(raw, file)
    issues += found
    raw, found = _usable_lines(raw, file)
    issues += found
    raw, found = choose_scenarios(raw, scenarios=scenarios, prefer=prefer_scenarios, file=file)
    issues += found
    meta, found = _metadata(raw, release, file)
    issues += found
    values, found = _values(raw, file)
    issues += found
    table = values.join(meta, on=_LINE, how="inner")
    issues += _implausible(table, file)
    return table.reindex(columns=FILE_COLUMNS).reset_index(drop=True), issues


def write_factor_table(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a factor table as CSV (gzip when the name ends ``.gz``), columns in file order.

    The gzip header carries no time stamp, so that the same table gives the same bytes. Text cells
    that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, full-width forms too) get a
    leading apostrophe (:func:`lca.io.safe.neutralise`, as in every other file lca writes).

    Parameters
    ----------
    table
        Long factor table with the columns :data:`lca.factors.FILE_COLUMNS`.
    path
        Target file, ``.csv`` or ``.csv.gz``.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    InputError
        When the file cannot be written (a directory, a full disk, no permission), naming it.
    """
    path = Path(path)
    compression: dict[str, object] | None = None
    if path.name.endswith(".gz"):
        compression = {"method": "gzip", "mtime": 0}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        neutralise(table.reindex(columns=FILE_COLUMNS)).to_csv(
            path, index=False, encoding="utf-8", lineterminator="\n", compression=compression
        )
    except OSError as err:  # a directory, a full disk, no permission...
        raise InputError(
            f"cannot write the factor table ({err.strerror or err}); give the path of a .csv or .csv.gz "
            "file in a writable folder",
            file=str(path),
        ) from err
    return path


def infer_release(name: str) -> str | None:
    """Release named in a file name (``"OBD_2020_II.csv"`` -> ``"OBD_2020_II"``), or None."""
    match = _RELEASE.search(name)
    return f"OBD_{match.group(1)}_{match.group(2).upper()}" if match else None


def choose_scenarios(
    raw: pd.DataFrame,
    *,
    scenarios: Mapping[str, Mapping[str, str]] | None = None,
    prefer: Sequence[str] = (),
    file: str | None = None,
) -> tuple[pd.DataFrame, list[Issue]]:
    """Keep one line per (dataset, module) where the export has several scenarios.

    Rule, in order: the scenario named for this dataset and module in ``scenarios``; else the first
    name of ``prefer`` that the module has; else the line *without* a scenario name when there is
    one (the declared default); else the first line in file order. Each line left out becomes an
    ``info`` issue naming the scenario kept.

    Parameters
    ----------
    raw
        Export lines with ``UUID``, ``Modul`` (canonical module keys), ``Szenario`` and the
        spreadsheet row number.
    scenarios
        ``{uuid: {module: scenario_name}}``.
    prefer
        Scenario names preferred everywhere, in order.
    file
        File name for the issues.

    Returns
    -------
    kept
        The lines kept, in file order.
    issues
        One ``info`` per line left out, a ``warning`` per requested scenario that does not exist.
    """
    issues: list[Issue] = []
    key = [raw["UUID"], raw["Modul"]]
    name = raw["Szenario"]
    rank = name.map({n: i + 1 for i, n in reversed(list(enumerate(prefer)))})
    default = pd.Series(np.where(name == "", len(prefer) + 1, len(prefer) + 2), index=raw.index)
    rank = rank.fillna(default)
    if scenarios:
        wanted = pd.Series(
            [scenarios.get(u, {}).get(m) for u, m in zip(raw["UUID"], raw["Modul"], strict=True)],
            index=raw.index,
            dtype="object",
        )
        hit = wanted.notna() & (name == wanted)
        rank[hit] = 0
        unmet = wanted.notna() & ~hit.groupby(key).transform("any")
        for _, line in raw[unmet].drop_duplicates(["UUID", "Modul"]).iterrows():
            issues.append(
                Issue(
                    "warning",
                    f"scenario {wanted[line.name]!r} requested for module "
                    f"{line['Modul']} of {line['UUID']} is not in the file; the default rule "
                    "chose instead",
                    row=int(line[_LINE]),
                    column="Szenario",
                    value=wanted[line.name],
                    file=file,
                )
            )
    order = pd.DataFrame({"rank": rank, "position": np.arange(len(raw))}, index=raw.index)
    best = order.sort_values(["rank", "position"]).groupby(key, sort=False).head(1).index
    keep = raw.index.isin(best)
    chosen = raw[keep].set_index(["UUID", "Modul"])["Szenario"]
    for _, line in raw[~keep].iterrows():
        kept = chosen[(line["UUID"], line["Modul"])]
        issues.append(
            Issue(
                "info",
                f"module {line['Modul']} of {line['UUID']} has several scenarios; "
                f"kept {kept or '(unnamed)'!r}, left out {line['Szenario'] or '(unnamed)'!r}",
                row=int(line[_LINE]),
                column="Szenario",
                value=line["Szenario"],
                file=file,
            )
        )
    return raw[keep], issues


def _check_required(raw: pd.DataFrame, file: str) -> None:
    missing = [name for name in REQUIRED_COLUMNS if name not in raw.columns]
    has_values = any(name in raw.columns for name in VARIABLE_MAP)
    if missing or not has_values:
        if not has_values:
            missing.append("an indicator column (GWP, GWPtotal (A2), ...)")
        raise InputError(
            f"not an ÖKOBAUDAT CSV export: missing columns {missing}; export the datasets as CSV from "
            "oekobaudat.de and pass that file",
            file=file,
            value=missing,
        )


def _unknown_columns(raw: pd.DataFrame, file: str) -> list[Issue]:
    known = set(METADATA_COLUMNS) | set(VARIABLE_MAP) | {_LINE}
    return [
        Issue(
            "warning",
            f"unknown column {name!r} ignored; expected the columns of the official ÖKOBAUDAT CSV export",
            row=1,
            column=name,
            value=name,
            file=file,
        )
        for name in raw.columns
        if name not in known
    ]


def _filter_types(
    raw: pd.DataFrame, types: Iterable[str] | None, file: str
) -> tuple[pd.DataFrame, list[Issue]]:
    """The lines of the dataset types asked for; one ``info`` issue counts the lines left out."""
    if types is None:
        return raw, []
    wanted = set(types)
    data_type = raw["Typ"].str.strip().map(DATA_TYPES)
    keep = raw["Typ"].str.strip().isin(wanted) | data_type.isin(wanted)
    if keep.all():
        return raw, []
    left = raw.loc[~keep, "UUID"].nunique()
    message = f"{int((~keep).sum())} lines of {left} datasets of other types than {sorted(wanted)} left out"
    return raw[keep], [Issue("info", message, column="Typ", value=int((~keep).sum()), file=file)]


# --------------------------------------------------------------------------------------------------
# numbers


def _parse_numbers(raw: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Issue]]:
    """Replace numeric text columns by float columns; each unreadable cell is a warning."""
    issues: list[Issue] = []
    raw = raw.copy()
    for name in [c for c in (*_NUMERIC_COLUMNS, *VARIABLE_MAP) if c in raw.columns]:
        text = raw[name].fillna("")
        number = _to_number(text)
        bad = number.isna() & (text.str.strip() != "")
        if name == "Bezugsgroesse":
            raw["_amount_text"] = text
        elif bad.any():
            for line, value in zip(raw.loc[bad, _LINE], text[bad], strict=True):
                issues.append(
                    Issue(
                        "warning",
                        f"{_shown(value)} is not a finite number; expected a number "
                        "(decimal point or comma); cell read as not declared",
                        row=int(line),
                        column=name,
                        value=value[:80],
                        file=file,
                    )
                )
        raw[name] = number
    for name in _NUMERIC_COLUMNS:
        if name not in raw.columns:
            raw[name] = np.nan
    return raw, issues


# --------------------------------------------------------------------------------------------------
# lines that can be used


def _unit(text: str) -> str:
    """Canonical unit of a ``Bezugseinheit``; raises UnitError."""
    plain = text.strip()
    return normalise_unit(UNIT_SPELLINGS.get(plain.lower(), plain))


def _usable_lines(raw: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Issue]]:
    """Drop lines without UUID, module, declared amount or unit (warnings); canonical module and unit."""
    scenario = raw["Szenario"] if "Szenario" in raw.columns else pd.Series("", index=raw.index)
    raw = raw.assign(Szenario=scenario.fillna("").str.strip())
    text = raw.assign(UUID=raw["UUID"].str.strip(), Bezugsgroesse=raw.pop("_amount_text"))
    modules = raw["Modul"].map(lambda m: module_key(m) if str(m).strip() else None)
    units = {u: _try_unit(u) for u in raw["Bezugseinheit"].unique()}
    canonical = raw["Bezugseinheit"].map(lambda u: units[u][0])
    reasons = raw["Bezugseinheit"].map(lambda u: units[u][1])
    checks = [
        (text["UUID"] == "", "UUID", "no dataset UUID; expected the UUID of the dataset"),
        (modules.isna(), "Modul", "unknown module {value}; expected A1-A3, A4, A5, B1-B7, C1-C4 or D"),
        (~(raw["Bezugsgroesse"] > 0), "Bezugsgroesse", "declared amount {value} is not a positive number"),
        (canonical.isna(), "Bezugseinheit", "declared unit {value} not understood ({reason}); expected kg, "
         "m3, qm, m, pcs., MJ, kWh, t*km..."),
    ]  # fmt: skip
    issues: list[Issue] = []
    bad = pd.Series(False, index=raw.index)
    for mask, column, message in checks:
        new = mask & ~bad
        for index in raw.index[new]:
            value, uuid = text.at[index, column], text.at[index, "UUID"]
            dataset = f"dataset {_shown(uuid, 40)}: " if uuid else ""
            issues.append(
                Issue(
                    "warning",
                    dataset + message.format(value=_shown(value), reason=reasons[index]) + "; line left out",
                    row=int(raw.at[index, _LINE]),
                    column=column,
                    value=value[:80],
                    file=file,
                )
            )
        bad |= mask
    raw = raw.assign(UUID=text["UUID"], Modul=modules, _unit=canonical)
    return raw[~bad], sorted(issues, key=lambda issue: issue.row or 0)


def _try_unit(text: str) -> tuple[str | None, str]:
    """Canonical unit through :func:`lca.units.normalise_unit`, or None and the reason."""
    if not str(text).strip():
        return None, "empty"
    try:
        return _unit(str(text)), ""
    except LCAError as err:
        return None, err.message[:200]


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
            Issue(
                "warning",
                f"dataset {uuid}: declared '1000 t*km' read as 1000 kg*km = 1 tkm "
                "(the 2020-II export declares this reference flow as 1000 kgkm and the values "
                "are per t·km)",
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
            Issue(
                "warning",
                f"declared unit 'a' (year) with amount {value:g}: ÖKOBAUDAT's use-"
                "stage datasets give hours of operation here (8765.78 h = 1 year); the line is "
                "kept as stated, check the dataset before use",
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
        uuid, found = raw.at[index, "UUID"], float(amount[index])
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
                Issue(
                    "info",
                    f"dataset {uuid}: declared amount {found:g} corrected to {fix['corrected']:g}, "
                    "a documented source error (datasets/factors/source_corrections.csv)",
                    row=int(raw.at[index, _LINE]),
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
        Issue(
            "info",
            f"'Umrechungsfaktor auf 1kg' = {f:g} read as declared units per kg "
            f"(1/{f:g} = {1 / f:.4g} kg ≈ {e:.4g} kg from the other conversion columns)",
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
        Issue(
            "warning",
            f"'Umrechungsfaktor auf 1kg' = {f:g} matches neither the declared mass nor "
            "density, area, linear or piece mass either way round (the export uses it both as kg per "
            "declared unit and as declared units per kg); kept in note only",
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
        Issue(
            "warning",
            f"dataset {found.factor_id}: {found.message}",
            row=int(lines.at[found.factor_id, _LINE]),
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
            Issue(
                "info",
                "dataset has EN 15804+A2 values: its EN 15804+A1 core values "
                f"({', '.join(a1_cols)}) are left out so as not to mix the standards",
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
            Issue(
                "info",
                f"module {module} of {uuid} declares no indicator value; no rows",
                row=int(line),
                file=file,
            )
        )
    long["value"] = long["value"].astype("float64")
    return long, issues
