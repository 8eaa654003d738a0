"""The declared unit of an ILCD+EPD process and its conversions (per **one** declared unit).

The unit is found by following references by UUID: process reference exchange -> flow -> reference
flow property -> unit group -> reference unit. Mass, volume, area and length of one declared unit
come from the flow's other flow properties, and the MatML material properties embedded in the flow
(``gross density``, ``grammage``, ``layer thickness``…) take precedence for ``density``,
``area_mass``, ``thickness`` and ``linear_mass``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from lca._text import quoted
from lca.errors import UnitError
from lca.i18n import Message
from lca.io.ilcd_files import (
    _attr,
    _child,
    _children,
    _descendants_named,
    _english,
    _float,
    _Log,
    _Source,
    _text,
    _uuid_of,
)
from lca.io.import_text import General
from lca.io.import_text import shown as _shown
from lca.units import conversion_factor, dimension, normalise_unit, pretty_unit

#: Flow properties (``identifiers/Flow_properties_and_unit_groups.csv``) that carry biogenic carbon.
BIOGENIC_CARBON = "62e503ce-544a-4599-b2ad-bcea15a7bf20"
BIOGENIC_CARBON_PACKAGING = "262a541b-209e-44cc-a426-33bce30de7b1"

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

#: ILCD unit names that lca.units does not know.
_ILCD_UNITS = {"item(s)": "piece", "items": "piece", "item": "piece"}

#: ILCD spellings that a factor table would read otherwise (``ml`` is a linear metre there).
_SPELLED_OUT = {"ml": "milliliter"}

_BASE_UNITS = {"mass": "kg", "volume": "m**3", "area": "m**2", "length": "m"}


def _ratio(top: float | None, bottom: float | None) -> float | None:
    """``top / bottom`` when both are given and the quotient is finite and positive, else None."""
    if not top or not bottom:
        return None
    value = top / bottom
    return value if math.isfinite(value) and value > 0 else None


def _canonical_unit(text: str) -> str:
    unit = normalise_unit(_ILCD_UNITS.get(text.strip().lower(), text), linear_ml=False)
    # a spelling that the factor-table reader would read differently (ml = millilitre here) is spelled out
    if normalise_unit(unit) == unit:
        return unit
    if unit in _SPELLED_OUT:
        return _SPELLED_OUT[unit]
    message = Message(
        "unit {unit} would be read as {other} in a factor table",
        unit=_shown(text),
        other=quoted(pretty_unit(normalise_unit(unit))),
    )
    raise UnitError(message, value=text)


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
        log(
            "error",
            Message(
                "reference exchange {exchange} not found: declared unit unknown", exchange=quoted(ref_id)
            ),
        )
        return declared, ref_id or ""
    resulting = _float(_text(exchange, "resultingAmount"))
    declared.amount = resulting if resulting is not None else _float(_text(exchange, "meanAmount"))
    flow_ref = _child(exchange, "referenceToFlowDataSet")
    flow_uuid = _uuid_of(flow_ref)
    flow = source.dataset("flowDataSet", flow_uuid)
    if flow is None:
        flow_name = _english(_children(flow_ref, "shortDescription"))
        message = Message(
            "reference flow {flow} ({name}) is not in {source}: declared unit taken from the process where "
            "it says one",
            flow=flow_uuid,
            name=quoted(flow_name),
            source=source.label,
        )
        log("warning", message, flow_uuid)
        _fallback_unit(exchange, source, declared, log)
        return declared, ref_id or ""
    declared.notes.append(f"reference flow {_english(_descendants_named(flow, 'baseName'))!r}")
    _from_flow(flow, source, declared, log)
    return declared, ref_id or ""


def _fallback_unit(exchange: Element, source: _Source, declared: _Declared, log: _Log) -> None:
    group_ref = _child(exchange, "other", "referenceToUnitGroupDataSet")
    text = _unit_group_unit(source, _uuid_of(group_ref)) or _english(_children(group_ref, "shortDescription"))
    declared.unit = _unit_or_issue(text, log) if text else None
    if declared.unit is None:
        log(
            "error",
            Message(
                "declared unit unknown: fill in the declared unit in the written table before using this "
                "factor"
            ),
        )


def _unit_or_issue(text: str, log: _Log) -> str | None:
    try:
        return _canonical_unit(text)
    except UnitError as err:
        message = Message(
            "unit {unit} of the unit group not understood ({reason})",
            unit=_shown(text),
            reason=err.msg or err.message,
        )
        log("warning", message, text[:80])
        return None


def _from_flow(flow: Element, source: _Source, declared: _Declared, log: _Log) -> None:
    """Declared unit from the flow's reference property; conversions from the others and MatML."""
    ref_prop = _text(flow, "flowInformation", "quantitativeReference", "referenceToReferenceFlowProperty")
    properties = _children(_child(flow, "flowProperties"), "flowProperty")
    reference = next((p for p in properties if _attr(p, "dataSetInternalID") == ref_prop), None)
    ref_uuid = _uuid_of(_child(reference, "referenceToFlowPropertyDataSet"))
    unit_text = _reference_unit(source, ref_uuid)
    if unit_text is None:
        message = Message(
            "reference flow property {property} or its unit group is not in {source}: declared unit unknown",
            property=ref_uuid,
            source=source.label,
        )
        log("error", message, ref_uuid)
        return
    declared.unit = _unit_or_issue(unit_text, log)
    ref_value = _float(_text(reference, "meanValue"))
    if ref_value is None or ref_value <= 0:
        if _text(reference, "meanValue") is not None:
            log(
                "warning",
                Message(
                    "reference flow property meanValue {value} is not a positive number; read as 1",
                    value=_shown(_text(reference, "meanValue")),
                ),
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
            property_name = (_text(detail, "Name") or "").lower()
            if property_name not in MATML_PROPERTIES:
                continue
            column, unit = MATML_PROPERTIES[property_name]
            value = _float(_text(data, "Data"))
            units = _attr(_child(detail, "Units"), "name") or unit
            try:  # lca.units checks the spelling before any pint call
                factor = conversion_factor(normalise_unit(units.replace("^", "**"), linear_ml=False), unit)
            except UnitError as err:
                log(
                    "warning",
                    Message(
                        "MatML {property} unit {unit} not understood ({reason})",
                        property=quoted(property_name),
                        unit=_shown(units),
                        reason=err.msg or err.message,
                    ),
                    units[:80],
                )
                continue
            if value is not None and math.isfinite(value * factor) and value * factor > 0:
                out.setdefault(column, value * factor)
    return out


#: What a user reads for the conversion columns compared with MatML (the English text is the column name).
_PROPERTY_NAMES = {
    "density": lambda: Message("density"),
    "area_mass": lambda: Message("area_mass"),
    "linear_mass": lambda: Message("linear_mass"),
    "thickness": lambda: Message("thickness"),
}


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
            message = Message(
                "{column} {stated} from MatML differs from {value} implied by the flow properties; the MatML "
                "value is kept",
                column=_PROPERTY_NAMES[column](),
                stated=General(stated),
                value=General(value),
            )
            log("warning", message)
        declared.meta[column] = stated if stated is not None else value
    if mass is None:
        own = {"volume": "density", "area": "area_mass", "length": "linear_mass"}
        for dim, column in own.items():
            if per_unit.get(dim) and declared.meta.get(column):
                product = declared.meta[column] * per_unit[dim]
                mass = product if math.isfinite(product) else None
                break
    declared.meta["mass_per_unit"] = mass
