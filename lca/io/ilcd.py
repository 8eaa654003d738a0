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
import math
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import pandas as pd

from lca.datasets import dataset_path
from lca.errors import InputError, Issue, LCAError, Level, UnitError
from lca.factors import FILE_COLUMNS
from lca.indicators import INDICATORS, MODULES, module_key
from lca.io.ilcd_files import (
    MAX_FILES,
    MAX_XML_BYTES,
    MAX_ZIP_BYTES,
    _attr,
    _by_language,
    _child,
    _children,
    _english,
    _local,
    _open_source,
    _parse,
    _shown,
    _Source,
    _text,
    _uuid_of,
)
from lca.plausibility import check_gwp_per_kg, correction
from lca.units import conversion_factor, dimension, normalise_unit

logger = logging.getLogger(__name__)

__all__ = ["MAX_FILES", "MAX_XML_BYTES", "MAX_ZIP_BYTES", "indicator_uuids", "read_ilcd"]


#: Compliance-system source datasets (InDataWG ``identifiers/Common_references.csv``) -> standard.
COMPLIANCE_STANDARDS: dict[str, str] = {
    "b00f9ec0-7874-11e3-981f-0800200c9a66": "EN 15804+A1",
    "c0016b33-8cf7-415c-ac6e-deba0d21440d": "EN 15804+A2",  # EF 3.0
    "d4aa3ec7-b1d7-4a4a-a6cb-37af88dcc902": "EN 15804+A2",  # EF 3.1
}

#: Flow properties (``identifiers/Flow_properties_and_unit_groups.csv``) that carry biogenic carbon.
BIOGENIC_CARBON = "62e503ce-544a-4599-b2ad-bcea15a7bf20"
BIOGENIC_CARBON_PACKAGING = "262a541b-209e-44cc-a426-33bce30de7b1"

#: EPD ``subType`` -> ``data_type``.
DATA_TYPES: dict[str, str] = {
    "generic dataset": "generic",
    "specific dataset": "specific",
    "average dataset": "average",
    "representative dataset": "representative",
    "template dataset": "template",
}

#: MatML property name (lower case) -> (factor-table column, unit of that column).
MATML_PROPERTIES: dict[str, tuple[str, str]] = {
    "gross density": ("density", "kg/m**3"),
    "bulk density": ("density", "kg/m**3"),
    "density": ("density", "kg/m**3"),
    "grammage": ("area_mass", "kg/m**2"),
    "area weight": ("area_mass", "kg/m**2"),
    "layer thickness": ("thickness", "m"),
    "linear density": ("linear_mass", "kg/m"),
}

#: Amount texts that mean "not declared" (EPD tables: ND, MND module not declared, MNR, INA).
NOT_DECLARED = {"", "nd", "n.d.", "mnd", "mnr", "ina", "na", "n/a", "-", "–"}

#: ILCD unit names that lca.units does not know.
_ILCD_UNITS = {"item(s)": "piece", "items": "piece", "item": "piece"}

#: ILCD spellings that a factor table would read otherwise (``ml`` is a linear metre there).
_SPELLED_OUT = {"ml": "milliliter"}

_BASE_UNITS = {"mass": "kg", "volume": "m**3", "area": "m**2", "length": "m"}
_MODULE_ORDER = {m: i for i, m in enumerate(("A1", "A2", "A3", *MODULES))}
_INDICATOR_ORDER = {k: i for i, k in enumerate(INDICATORS)}
_A2_TEXT = re.compile(r"15804\s*\+\s*A([12])", re.IGNORECASE)


def _float(text: str | None) -> float | None:
    """A finite number, or None (absent, not a number, infinite or NaN)."""
    try:
        number = float(text) if text is not None else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def _ratio(top: float | None, bottom: float | None) -> float | None:
    """``top / bottom`` when both are given and the quotient is finite and positive, else None."""
    if not top or not bottom:
        return None
    value = top / bottom
    return value if math.isfinite(value) and value > 0 else None


# --------------------------------------------------------------------------- identifiers


@lru_cache(maxsize=1)
def indicator_uuids() -> pd.DataFrame:
    """The shipped table of EN 15804 indicator UUIDs (``datasets/ilcd/indicator_uuids.csv``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``uuid`` (lower case), with ``indicator`` (a key of ``lca.indicators.INDICATORS``),
        ``standard``, ``name``, ``unit``, ``unit_group_uuid`` and provenance columns.
    """
    table = pd.read_csv(dataset_path("ilcd", "indicator_uuids.csv"), dtype=str, keep_default_na=False)
    return table.set_index("uuid")


def _canonical_unit(text: str) -> str:
    unit = normalise_unit(_ILCD_UNITS.get(text.strip().lower(), text), linear_ml=False)
    # a spelling that the factor-table reader would read differently (ml = millilitre here) is spelled out
    if normalise_unit(unit) == unit:
        return unit
    if unit in _SPELLED_OUT:
        return _SPELLED_OUT[unit]
    raise UnitError(
        f"unit {_shown(text)} would be read as {normalise_unit(unit)!r} in a factor table", value=text
    )


def _reference_unit(source: _Source, property_uuid: str | None) -> str | None:
    """Reference unit name of a flow property dataset (flow property -> unit group -> unit)."""
    prop = source.dataset("flowPropertyDataSet", property_uuid)
    group_ref = _child(
        prop, "flowPropertiesInformation", "quantitativeReference", "referenceToReferenceUnitGroup"
    )
    return _unit_group_unit(source, _uuid_of(group_ref))


def _unit_group_unit(source: _Source, group_uuid: str | None) -> str | None:
    group = source.dataset("unitGroupDataSet", group_uuid)
    unit_id = _text(group, "unitGroupInformation", "quantitativeReference", "referenceToReferenceUnit")
    for unit in _children(_child(group, "units"), "unit"):
        if _attr(unit, "dataSetInternalID") == unit_id:
            return _text(unit, "name")
    return None


# --------------------------------------------------------------------------- declared unit


@dataclass
class _Log:
    """The issues found in one file."""

    file: str
    issues: list[Issue] = field(default_factory=list)

    def __call__(self, level: Level, message: str, value: Any = None) -> None:
        self.issues.append(Issue(level, message, file=self.file, value=value))


@dataclass
class _Declared:
    unit: str | None = None
    amount: float | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _declared(process: Element, source: _Source, log: _Log) -> tuple[_Declared, str]:
    """Declared unit, amount and conversions; also the internal ID of the reference exchange."""
    declared = _Declared()
    ref_id = _text(process, "processInformation", "quantitativeReference", "referenceToReferenceFlow")
    exchange = next(
        (
            e
            for e in _children(_child(process, "exchanges"), "exchange")
            if _attr(e, "dataSetInternalID") == ref_id
        ),
        None,
    )
    if exchange is None:
        log("error", f"reference exchange {ref_id!r} not found: declared unit unknown")
        return declared, ref_id or ""
    resulting = _float(_text(exchange, "resultingAmount"))
    declared.amount = resulting if resulting is not None else _float(_text(exchange, "meanAmount"))
    flow_ref = _child(exchange, "referenceToFlowDataSet")
    flow_uuid = _uuid_of(flow_ref)
    flow = source.dataset("flowDataSet", flow_uuid)
    if flow is None:
        label = _english(_children(flow_ref, "shortDescription"))
        message = f"reference flow {flow_uuid} ({label!r}) is not in {source.label}"
        log("warning", message + ": declared unit taken from the process where it says one", flow_uuid)
        _fallback_unit(exchange, source, declared, log)
        return declared, ref_id or ""
    declared.notes.append(f"reference flow {_english(_descendants_named(flow, 'baseName'))!r}")
    _from_flow(flow, source, declared, log)
    return declared, ref_id or ""


def _descendants_named(element: Element, name: str) -> list[Element]:
    return [d for d in element.iter() if _local(d.tag) == name]


def _fallback_unit(exchange: Element, source: _Source, declared: _Declared, log: _Log) -> None:
    group_ref = _child(exchange, "other", "referenceToUnitGroupDataSet")
    text = _unit_group_unit(source, _uuid_of(group_ref)) or _english(_children(group_ref, "shortDescription"))
    declared.unit = _unit_or_issue(text, log) if text else None
    if declared.unit is None:
        log("error", "declared unit unknown: fill in declared_unit before using this factor")


def _unit_or_issue(text: str, log: _Log) -> str | None:
    try:
        return _canonical_unit(text)
    except UnitError as err:
        log("warning", f"unit {_shown(text)} of the unit group not understood ({err.message})", text[:80])
        return None


def _from_flow(flow: Element, source: _Source, declared: _Declared, log: _Log) -> None:
    """Declared unit from the flow's reference property; conversions from the others and MatML."""
    ref_prop = _text(flow, "flowInformation", "quantitativeReference", "referenceToReferenceFlowProperty")
    properties = _children(_child(flow, "flowProperties"), "flowProperty")
    reference = next((p for p in properties if _attr(p, "dataSetInternalID") == ref_prop), None)
    ref_uuid = _uuid_of(_child(reference, "referenceToFlowPropertyDataSet"))
    unit_text = _reference_unit(source, ref_uuid)
    if unit_text is None:
        message = f"reference flow property {ref_uuid} or its unit group is not in {source.label}"
        log("error", message + ": declared unit unknown", ref_uuid)
        return
    declared.unit = _unit_or_issue(unit_text, log)
    ref_value = _float(_text(reference, "meanValue"))
    if ref_value is None or ref_value <= 0:
        if _text(reference, "meanValue") is not None:
            log(
                "warning",
                f"reference flow property meanValue {_shown(_text(reference, 'meanValue'))} is "
                "not a positive number; read as 1",
            )
        ref_value = 1.0
    per_unit = _amounts_per_unit(declared.unit, properties, reference, ref_value, source, declared)
    _conversions(per_unit, _matml(flow, log), declared, log)


def _amounts_per_unit(
    unit: str | None,
    properties: list[Element],
    reference: Element | None,
    ref_value: float,
    source: _Source,
    declared: _Declared,
) -> dict[str, float]:
    """Mass [kg], volume [m³], area [m²], length [m] of one declared unit, from the flow properties."""
    per_unit: dict[str, float] = {}
    if unit and dimension(unit) in _BASE_UNITS:
        per_unit[dimension(unit)] = conversion_factor(unit, _BASE_UNITS[dimension(unit)])
    for prop in properties:
        if prop is reference:
            continue
        uuid = _uuid_of(_child(prop, "referenceToFlowPropertyDataSet"))
        value = _float(_text(prop, "meanValue"))
        text = _reference_unit(source, uuid)
        if value is None or text is None:
            continue
        try:
            prop_unit = _canonical_unit(text)
        except UnitError:
            continue
        amount = value / ref_value
        if not math.isfinite(amount):
            continue
        if uuid == BIOGENIC_CARBON:
            declared.meta["biogenic_carbon"] = amount * conversion_factor(prop_unit, "kg")
        elif uuid == BIOGENIC_CARBON_PACKAGING:
            declared.notes.append(f"biogenic carbon in packaging {amount:g} {prop_unit} per declared unit")
        elif dimension(prop_unit) in _BASE_UNITS and dimension(prop_unit) not in per_unit:
            size = amount * conversion_factor(prop_unit, _BASE_UNITS[dimension(prop_unit)])
            if math.isfinite(size) and size > 0:
                per_unit[dimension(prop_unit)] = size
    return per_unit


def _matml(flow: Element, log: _Log) -> dict[str, float]:
    """Material properties stated in the flow's embedded MatML document, in the units of the table."""
    out: dict[str, float] = {}
    for doc in _descendants_named(flow, "MatML_Doc"):
        details = {_attr(d, "id"): d for d in _descendants_named(doc, "PropertyDetails")}
        for data in _descendants_named(doc, "PropertyData"):
            detail = details.get(_attr(data, "property"))
            label = (_text(detail, "Name") or "").lower()
            if label not in MATML_PROPERTIES:
                continue
            column, unit = MATML_PROPERTIES[label]
            value = _float(_text(data, "Data"))
            units = _attr(_child(detail, "Units"), "name") or unit
            try:  # lca.units checks the spelling before any pint call
                factor = conversion_factor(normalise_unit(units.replace("^", "**"), linear_ml=False), unit)
            except UnitError as err:
                log(
                    "warning",
                    f"MatML {label!r} unit {_shown(units)} not understood ({err.message})",
                    units[:80],
                )
                continue
            if value is not None and math.isfinite(value * factor) and value * factor > 0:
                out.setdefault(column, value * factor)
    return out


def _conversions(per_unit: dict[str, float], matml: dict[str, float], declared: _Declared, log: _Log) -> None:
    mass, volume, area, length = (per_unit.get(d) for d in ("mass", "volume", "area", "length"))
    derived = {
        "density": _ratio(mass, volume),
        "area_mass": _ratio(mass, area),
        "linear_mass": _ratio(mass, length),
        "thickness": _ratio(volume, area),
    }
    for column, value in derived.items():
        stated = matml.get(column)
        if stated is not None and value is not None and abs(stated - value) > 0.01 * abs(stated):
            message = f"{column} {stated:g} from MatML differs from {value:g} implied by the flow properties"
            log("warning", message + "; the MatML value is kept")
        declared.meta[column] = stated if stated is not None else value
    if mass is None:
        own = {"volume": "density", "area": "area_mass", "length": "linear_mass"}
        for dim, column in own.items():
            if per_unit.get(dim) and declared.meta.get(column):
                product = declared.meta[column] * per_unit[dim]
                mass = product if math.isfinite(product) else None
                break
    declared.meta["mass_per_unit"] = mass


# --------------------------------------------------------------------------- metadata


def _metadata(process: Element, source: _Source, path: Path, log: _Log) -> dict[str, Any]:
    info = _child(process, "processInformation", "dataSetInformation")
    names = _by_language(_children(_child(info, "name"), "baseName"))
    classes = _children(_child(info, "classificationInformation", "classification"), "class")
    levels = [_attr(c, "level") or "0" for c in classes]
    if all(re.fullmatch(r"\d{1,3}", level) for level in levels):
        classes = [c for _, c in sorted(zip(map(int, levels), classes, strict=True), key=lambda p: p[0])]
    else:
        bad = next(level for level in levels if not re.fullmatch(r"\d{1,3}", level))
        log(
            "warning",
            f"classification level {_shown(bad)} is not a whole number; classes kept in file order",
            bad[:80],
        )
    method = _child(process, "modellingAndValidation", "LCIMethodAndAllocation")
    sub_type = (
        next((d.text.strip() for d in _descendants_named(method, "subType") if d.text), None)
        if method
        else None
    )
    publication = _child(process, "administrativeInformation", "publicationAndOwnership")
    owner_ref = _child(publication, "referenceToOwnershipOfDataSet")
    original = next(iter(_descendants_named(process, "referenceToOriginalEPD")), None)
    registration = _text(publication, "registrationNumber")
    return {
        "name": names.get("en") or next(iter(names.values()), None),
        "name_fr": names.get("fr"),
        "name_de": names.get("de"),
        "category": " / ".join(c.text.strip() for c in classes if c.text) or None,
        "service_life": _service_life(info),
        "data_type": DATA_TYPES.get((sub_type or "").lower(), sub_type),
        "source": _english(_children(original, "shortDescription")) or f"ILCD+EPD import ({path.name})",
        "source_id": (_text(info, "UUID") or "").lower() or None,
        "version": _data_set_version(_text(publication, "dataSetVersion"), log),
        "data_owner": _contact_name(source, owner_ref),
        "valid_until": _text(process, "processInformation", "time", "dataSetValidUntil"),
        "url": _text(publication, "permanentDataSetURI"),
        "licence": _text(publication, "licenseType"),
        "note": f"registration number {registration}" if registration else None,
    }


#: ILCD ``dataSetVersion``: ``NN.NN`` or ``NN.NN.NNN`` (ILCD common schema, type ``Version``).
_VERSION = re.compile(r"\d{1,10}(\.\d{1,10}){1,3}")


def _data_set_version(text: str | None, log: _Log) -> str | None:
    """The dataset version when it is one (``20.19.120``); anything else is reported and left out."""
    if text is None or _VERSION.fullmatch(text):
        return text
    log("warning", f"dataSetVersion {_shown(text)} is not a version number (NN.NN.NNN); left out", text[:80])
    return None


def _service_life(info: Element | None) -> float | None:
    for element in _descendants_named(info, "referenceServiceLife") if info is not None else []:
        if (years := _float(_attr(element, "years"))) is not None:
            return years
    for element in _descendants_named(info, "serviceLife") if info is not None else []:
        if (years := _float(_text(element, "years"))) is not None:
            return years
    return None


def _contact_name(source: _Source, reference: Element | None) -> str | None:
    contact = source.dataset("contactDataSet", _uuid_of(reference))
    info = _child(contact, "contactInformation", "dataSetInformation")
    return (
        _english(_children(info, "name"))
        or _english(_children(info, "shortName"))
        or _english(_children(reference, "shortDescription"))
    )


def _standard(process: Element, used: list[str], log: _Log) -> str | None:
    """EN 15804 version from the compliance declarations, else the method texts, else the indicators."""
    validation = _child(process, "modellingAndValidation")
    found = []
    for ref in (
        _descendants_named(validation, "referenceToComplianceSystem") if validation is not None else []
    ):
        text = " ".join(_by_language(_children(ref, "shortDescription")).values())
        match = _A2_TEXT.search(text)
        found.append(
            COMPLIANCE_STANDARDS.get(_uuid_of(ref) or "") or (f"EN 15804+A{match[1]}" if match else None)
        )
    method = _child(validation, "LCIMethodAndAllocation", "referenceToLCAMethodDetails")
    if method is not None and (match := _A2_TEXT.search(" ".join(_by_language(list(method)).values()))):
        found.append(f"EN 15804+A{match[1]}")
    standards = sorted({s for s in found if s})
    if len(standards) > 1:
        log("warning", f"dataset declares {standards}; {standards[-1]} recorded")
    if standards:
        return standards[-1]
    lists = {s for s in used if s}
    if lists and all("+A1" in s and "+A2" not in s for s in lists):
        return "EN 15804+A1"
    if lists and all("+A2" in s and "+A1" not in s for s in lists):
        return "EN 15804+A2"
    return None


# --------------------------------------------------------------------------- indicator values


@dataclass(frozen=True)
class _Amount:
    indicator: str
    module: str
    value: float
    scenario: str | None
    uuid: str


def _indicator_elements(process: Element, ref_id: str) -> Iterator[tuple[Element, Element | None]]:
    """(element holding epd:amount, reference to its flow or LCIA method) of every indicator."""
    for exchange in _children(_child(process, "exchanges"), "exchange"):
        if _attr(exchange, "dataSetInternalID") != ref_id:
            yield exchange, _child(exchange, "referenceToFlowDataSet")
    for result in _children(_child(process, "LCIAResults"), "LCIAResult"):
        yield result, _child(result, "referenceToLCIAMethodDataSet")


def _amounts(process: Element, ref_id: str, log: _Log) -> tuple[list[_Amount], list[str]]:
    """Every declared amount of a known indicator; also the standards of the indicator UUIDs used."""
    table = indicator_uuids()
    out: list[_Amount] = []
    used: list[str] = []
    not_declared: list[str] = []
    plain = 0
    for element, reference in _indicator_elements(process, ref_id):
        other = _child(element, "other")
        amounts = [] if other is None else _descendants_named(other, "amount")
        if not amounts:
            plain += 1
            continue
        uuid = _uuid_of(reference)
        label = _english(_children(reference, "shortDescription"))
        if uuid not in table.index:
            problem = f"has UUID {uuid}, in none of the EN 15804 indicator lists" if uuid else "has no UUID"
            log("warning", f"indicator {label!r} {problem}: its values are not imported", uuid)
            continue
        row = table.loc[uuid]
        used.append(row["standard"])
        _check_unit_group(element, row, log)
        for amount in amounts:
            module_text = _attr(amount, "module") or ""
            module = module_key(module_text)
            text = (amount.text or "").strip()
            if module is None:
                log(
                    "warning",
                    f"unknown module {_shown(module_text)} for {row['indicator']}",
                    module_text[:80],
                )
            elif text.lower() in NOT_DECLARED:
                not_declared.append(f"{row['indicator']} {module}")
            elif (value := _float(text)) is None:
                log(
                    "warning",
                    f"{row['indicator']} {module}: {_shown(text)} is not a finite number",
                    text[:80],
                )
            else:
                scenario = _attr(amount, "scenario") or None
                out.append(_Amount(row["indicator"], module, value, scenario, uuid))
    if not_declared:
        log("info", f"not declared (ND): {', '.join(not_declared)}")
    if plain:
        log("info", f"{plain} exchanges without module amounts (plain LCI flows) ignored")
    return out, used


def _check_unit_group(element: Element, row: pd.Series, log: _Log) -> None:
    given = _uuid_of(_child(element, "other", "referenceToUnitGroupDataSet"))
    expected = row["unit_group_uuid"]
    if given and expected and given != expected:
        message = f"{row['indicator']} declared in unit group {given}, expected {expected} ({row['unit']})"
        log("warning", message, given)


def _scenario_declarations(process: Element) -> dict[str, tuple[str | None, bool]]:
    """Scenario name -> (group, default flag), from ``epd:scenarios``."""
    info = _child(process, "processInformation", "dataSetInformation")
    out = {}
    for block in _descendants_named(info, "scenarios") if info is not None else []:
        for scenario in _children(block, "scenario"):
            default = (_attr(scenario, "default") or "").lower() in {"true", "1"}
            out[_attr(scenario, "name") or ""] = (_attr(scenario, "group"), default)
    return out


def _choose(
    amounts: list[_Amount], process: Element, preferred: Collection[str], standard: str | None, log: _Log
) -> list[_Amount]:
    """One amount per (indicator, module): preferred scenario, else no scenario, else the default."""
    declared = _scenario_declarations(process)
    defaults = {s for s, (_, is_default) in declared.items() if is_default}
    table = indicator_uuids()
    groups: dict[tuple[str, str], list[_Amount]] = {}
    for amount in amounts:
        groups.setdefault((amount.indicator, amount.module), []).append(amount)
    chosen: list[_Amount] = []
    dropped: dict[str, set[str]] = {}
    for (indicator, module), candidates in groups.items():
        if len({c.uuid for c in candidates}) > 1:  # e.g. GWP from the A1 and the A2 lists
            keep = next(
                (c.uuid for c in candidates if standard and standard in table.loc[c.uuid, "standard"]), None
            )
            keep = keep or candidates[0].uuid
            log("warning", f"{indicator} given by several UUIDs; {keep} kept")
            candidates = [c for c in candidates if c.uuid == keep]
        pick = (
            [c for c in candidates if c.scenario in preferred]
            or [c for c in candidates if not c.scenario]
            or [c for c in candidates if c.scenario in defaults]
            or (candidates if len(candidates) == 1 else [])
        )
        if not pick:
            scenarios = sorted(str(c.scenario) for c in candidates)
            message = f"{indicator} {module} has scenarios {scenarios} and none is the default: not imported"
            log("warning", message + "; choose one with scenarios=[...]")
            continue
        chosen.append(pick[0])
        for other in candidates:
            if other.scenario and other.scenario != pick[0].scenario:
                dropped.setdefault(other.scenario, set()).add(module)
    for scenario, modules in sorted(dropped.items()):
        group = declared.get(scenario, (None, False))[0]
        label = f"{scenario!r} (group {group!r})" if group else repr(scenario)
        modules_text = sorted(modules, key=_MODULE_ORDER.get)
        log("info", f"alternative scenario {label} not imported for modules {modules_text}", scenario)
    return _drop_split_product_stage(chosen, log)


def _drop_split_product_stage(chosen: list[_Amount], log: _Log) -> list[_Amount]:
    """Keep A1, A2, A3 only where A1-A3 is not also declared (the factor tables sum A1/A2/A3)."""
    aggregated = {a.indicator for a in chosen if a.module == "A1-A3"}
    split = [a for a in chosen if a.module in {"A1", "A2", "A3"} and a.indicator in aggregated]
    if split:
        log("info", "A1, A2, A3 dropped where A1-A3 is declared as well")
    return [a for a in chosen if a not in split]


# --------------------------------------------------------------------------- one process, public reader


def _read_process(
    name: str, source: _Source, path: Path, preferred: Collection[str]
) -> tuple[list[dict[str, Any]], list[Issue]]:
    process = _parse(source.read(name), source.where(name))
    log = _Log(source.where(name))
    declared, ref_id = _declared(process, source, log)
    if declared.amount is None or not declared.amount > 0:
        raise InputError(
            "the reference exchange gives no positive finite amount (meanAmount / resultingAmount); "
            "expected the declared amount, e.g. 1",
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
        log("warning", "no indicator value could be imported from this dataset")
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
        message = f"dataset {uuid} version {other_rows[0]['version']} not imported: "
        message += f"version {rows[0]['version']} from {name} is kept"
        issues.append(Issue("warning", message, file=other_name, value=uuid))
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
        raise InputError(
            "no such file or folder; expected an ILCD process XML, an ILCD folder or a .zip", file=str(path)
        )
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
                issues.append(Issue("error", f"{err.message}; dataset not imported", file=err.file))
                continue
            issues += more
            if found:
                _keep_latest(kept, source.where(name), found, issues)
    finally:
        if source.archive is not None:
            source.archive.close()
    if failed and not kept:
        first = failed[0]
        more = f" (and {len(failed) - 1} more process datasets)" if len(failed) > 1 else ""
        raise InputError(f"{first.message}; no dataset could be imported{more}", file=first.file)
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
        Issue("warning", f"dataset {found.factor_id}: {found.message}", file=files[found.factor_id])
        for found in check_gwp_per_kg(table)
    ]
    logger.debug("read %d rows from %d ILCD process datasets in %s", len(table), len(names), path)
    return table, issues


def _correct_sources(table: pd.DataFrame, files: dict[str, str]) -> list[Issue]:
    """Apply the documented source corrections of the declared amount (lca.plausibility) in place."""
    issues: list[Issue] = []
    for uuid, rows in table.groupby("factor_id").groups.items():
        first = rows[0]
        found = table.at[first, "declared_amount"]
        if found is None or pd.isna(found):
            continue
        fix = correction(str(uuid), table.at[first, "version"], "declared_amount", float(found))
        if fix is None:
            continue
        reason = str(fix["evidence"]).split(":", 1)[0]
        note = (
            f"declared amount corrected from {found:g} to {fix['corrected']:g}: documented source error "
            f"({reason}; evidence in datasets/factors/source_corrections.csv)"
        )
        old = table.at[first, "note"]
        table.loc[rows, "declared_amount"] = float(fix["corrected"])
        table.loc[rows, "note"] = f"{note}; {old}" if isinstance(old, str) and old else note
        message = f"dataset {uuid}: declared amount {found:g} corrected to {fix['corrected']:g}, "
        message += "a documented source error (datasets/factors/source_corrections.csv)"
        issues.append(Issue("info", message, value=float(found), file=files[str(uuid)]))
    return issues
