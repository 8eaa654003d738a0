"""Reader of ILCD+EPD datasets (the format of ÖKOBAUDAT, ECO Platform and soda4LCA) into a factor table.

An EPD in ILCD+EPD is a *process* dataset whose indicator results sit in ``epd:amount`` elements, one
per module (and scenario). The declared unit is not written in the process: it is found by following
references **by UUID** (``refObjectId``), never by file name::

    process  quantitativeReference -> exchange -> referenceToFlowDataSet
    flow     referenceToReferenceFlowProperty -> flowProperty -> referenceToFlowPropertyDataSet
    flow property  referenceToReferenceUnitGroup
    unit group     referenceToReferenceUnit -> unit name  (kg, m2, m3, ...)

Indicators are recognised by UUID only, through the shipped table ``datasets/ilcd/indicator_uuids.csv``
(built by ``scripts/build_ilcd_identifiers.py`` from the official InDataWG lists).

Conversions taken (all per **one** declared unit, like ``density`` is per m³):

* ``mass_per_unit`` [kg]: the flow's *Mass* flow property, or the declared unit itself when it is a
  mass, or ``density`` / ``area_mass`` / ``linear_mass`` times one declared m³ / m² / m;
* ``density`` [kg/m³], ``area_mass`` [kg/m²], ``linear_mass`` [kg/m], ``thickness`` [m]: the MatML
  material properties embedded in the flow (``gross density``, ``bulk density``, ``grammage``,
  ``layer thickness``, ``linear density``) where present, otherwise the ratios of the flow's mass,
  volume, area and length flow properties;
* ``biogenic_carbon`` [kg C]: the flow property *Carbon content (biogenic)*; the packaging one goes
  to ``note``.

The MatML property ``conversion factor to 1 kg`` is not read (mass comes from the flow properties).

References
----------
InDataWG, ILCD-EPD-Data-Format (EPD extensions 2013/2019/2024), https://github.com/InDataWG.
EN 15804:2012+A2:2019, §7.2 (indicators). EN 15978:2011, §7.4 (modules).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

import pandas as pd

from lca.errors import InputError, Issue, LCAError
from lca.factors import FILE_COLUMNS
from lca.i18n import Message
from lca.indicators import INDICATORS
from lca.io.ilcd_amounts import _MODULE_ORDER, NOT_DECLARED, _amounts, _choose, indicator_uuids
from lca.io.ilcd_declared import (
    BIOGENIC_CARBON,
    BIOGENIC_CARBON_PACKAGING,
    MATML_PROPERTIES,
    _declared,
)
from lca.io.ilcd_files import MAX_FILES, MAX_XML_BYTES, MAX_ZIP_BYTES, _Log, _open_source, _parse, _Source
from lca.io.ilcd_metadata import COMPLIANCE_STANDARDS, DATA_TYPES, _metadata, _standard
from lca.io.import_text import corrected, implausible
from lca.plausibility import check_gwp_per_kg, correction

logger = logging.getLogger(__name__)

__all__ = [
    "BIOGENIC_CARBON",
    "BIOGENIC_CARBON_PACKAGING",
    "COMPLIANCE_STANDARDS",
    "DATA_TYPES",
    "MATML_PROPERTIES",
    "MAX_FILES",
    "MAX_XML_BYTES",
    "MAX_ZIP_BYTES",
    "NOT_DECLARED",
    "indicator_uuids",
    "read_ilcd",
]

_INDICATOR_ORDER = {k: i for i, k in enumerate(INDICATORS)}


# --------------------------------------------------------------------------- one process, public reader


def _read_process(
    name: str, source: _Source, path: Path, preferred: Collection[str]
) -> tuple[list[dict[str, Any]], list[Issue]]:
    process = _parse(source.read(name), source.where(name))
    log = _Log(source.where(name))
    declared, ref_id = _declared(process, source, log)
    if declared.amount is None or not declared.amount > 0:
        message = Message(
            "the reference exchange gives no positive finite amount (meanAmount / resultingAmount); expected "
            "the declared amount, e.g. 1"
        )
        raise InputError(
            message,
            file=source.where(name),
        )
    meta = _metadata(process, source, path, log)
    amounts, used = _amounts(process, ref_id, log)
    meta["standard"] = _standard(process, used, log)
    chosen = _choose(amounts, process, preferred, meta["standard"], log)
    notes = [n for n in (meta.pop("note"), *declared.notes) if n]
    meta |= declared.meta | {"declared_unit": declared.unit, "declared_amount": declared.amount}
    meta["note"] = "; ".join(notes) or None
    if not chosen:
        log("warning", Message("no indicator value could be imported from this dataset"))
    chosen.sort(key=lambda a: (_MODULE_ORDER.get(a.module, 99), _INDICATOR_ORDER.get(a.indicator, 999)))
    rows = [
        {
            "factor_id": meta["source_id"],
            "module": a.module,
            "indicator": a.indicator,
            "value": a.value,
            **meta,
            "scenario": a.scenario,
        }
        for a in chosen
    ]
    return rows, log.issues


def _version(text: str | None) -> tuple[int, ...]:
    """Sort key of a version checked by :func:`_data_set_version` (at most 10 digits per part)."""
    return tuple(int(part) for part in re.findall(r"\d{1,10}", text or ""))


def _keep_latest(
    kept: dict[str, tuple[str, list[dict[str, Any]]]],
    name: str,
    rows: list[dict[str, Any]],
    issues: list[Issue],
) -> None:
    """One version per dataset UUID (the highest ``dataSetVersion``), so that ``factor_id`` stays unique."""
    uuid = rows[0]["factor_id"]
    if uuid in kept:
        other_name, other_rows = kept[uuid]
        if _version(rows[0]["version"]) <= _version(other_rows[0]["version"]):
            name, rows, other_name, other_rows = other_name, other_rows, name, rows
        message = Message(
            "dataset {dataset} version {version} not imported: version {kept} from {file} is kept",
            dataset=uuid,
            version=str(other_rows[0]["version"]),
            kept=str(rows[0]["version"]),
            file=name,
        )
        issues.append(Issue.of("warning", message, file=other_name, value=uuid))
    kept[uuid] = (name, rows)


def read_ilcd(path: str | Path, *, scenarios: Collection[str] = ()) -> tuple[pd.DataFrame, list[Issue]]:
    """Read ILCD+EPD process datasets into a factor table.

    Parameters
    ----------
    path
        A process dataset (``.xml``; flows, flow properties and unit groups are looked up in the ILCD
        folder around it when it sits in ``processes/``), a folder in the ILCD layout, or a ``.zip``
        of one. Every process dataset of a folder or zip is imported.
    scenarios
        Scenario names to import instead of the defaults (``epd:default="true"``), e.g.
        ``["100% incineration"]``. Modules without that scenario keep their default.

    Returns
    -------
    table : pandas.DataFrame
        Columns :data:`lca.factors.FILE_COLUMNS`; one row per (``factor_id``, ``module``,
        ``indicator``); ``factor_id`` and ``source_id`` are the process UUID; ``value`` per
        ``declared_amount`` ``declared_unit`` in the unit of ``lca.indicators.INDICATORS``.
        Modules marked ND or absent have no row (not declared, not 0).
    issues : list of Issue
        Broken references (naming the UUID), unknown indicator UUIDs, alternative scenarios left out,
        values not declared.

    Raises
    ------
    InputError
        When the path is missing, is not an ILCD process dataset, holds none, is not well-formed, or
        declares a DTD or entities (refused by defusedxml), or exceeds the size limits.
    """
    path = Path(path)
    if not path.exists():
        message = Message("no such file or folder; expected an ILCD process XML, an ILCD folder or a .zip")
        raise InputError(message, file=str(path))
    source, names = _open_source(path)
    kept: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    issues = list(source.issues)
    failed: list[LCAError] = []
    try:
        for name in names:
            try:
                found, more = _read_process(name, source, path, scenarios)
            except LCAError as err:  # this dataset cannot be read; the others still can
                failed.append(err)
                message = Message("{message}; dataset not imported", message=err.msg or err.message)
                issues.append(Issue.of("error", message, file=err.file))
                continue
            issues += more
            if found:
                _keep_latest(kept, source.where(name), found, issues)
    finally:
        if source.archive is not None:
            source.archive.close()
    if failed and not kept:
        first = failed[0]
        reason = first.msg or first.message
        message = (
            Message(
                "{message}; no dataset could be imported (and {count} more process datasets)",
                message=reason,
                count=len(failed) - 1,
            )
            if len(failed) > 1
            else Message("{message}; no dataset could be imported", message=reason)
        )
        raise InputError(message, file=first.file)
    rows = [row for _, found in kept.values() for row in found]
    table = pd.DataFrame(rows, columns=FILE_COLUMNS)
    files = {uuid: name for uuid, (name, _) in kept.items()}
    issues += _correct_sources(table, files)
    numeric = [
        "value",
        "declared_amount",
        "density",
        "area_mass",
        "linear_mass",
        "mass_per_unit",
        "thickness",
    ]
    numeric += ["service_life", "biogenic_carbon"]
    table[numeric] = table[numeric].astype("float64")
    issues += [
        Issue.of("warning", implausible(found.factor_id, found), file=files[found.factor_id])
        for found in check_gwp_per_kg(table)
    ]
    logger.debug("read %d rows from %d ILCD process datasets in %s", len(table), len(names), path)
    return table, issues


def _correct_sources(table: pd.DataFrame, files: dict[str, str]) -> list[Issue]:
    """Apply the documented source corrections of the declared amount (lca.plausibility) in place."""
    issues: list[Issue] = []
    for uuid, rows in table.groupby("factor_id").groups.items():
        first = rows[0]
        found = table.loc[first, "declared_amount"]  # a RangeIndex: one cell
        if found is None or pd.isna(found):
            continue
        fix = correction(str(uuid), table.loc[first, "version"], "declared_amount", float(found))
        if fix is None:
            continue
        reason = str(fix["evidence"]).split(":", 1)[0]
        note = (
            f"declared amount corrected from {found:g} to {fix['corrected']:g}: documented source error "
            f"({reason}; evidence in datasets/factors/source_corrections.csv)"
        )
        old = table.loc[first, "note"]
        table.loc[rows, "declared_amount"] = float(fix["corrected"])
        table.loc[rows, "note"] = f"{note}; {old}" if isinstance(old, str) and old else note
        message = corrected(str(uuid), float(found), float(fix["corrected"]))
        issues.append(Issue.of("info", message, value=float(found), file=files[str(uuid)]))
    return issues
