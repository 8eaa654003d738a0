"""The metadata of an ILCD+EPD process: names, classification, data type, source, version, owner,
validity, service life, and the EN 15804 version it complies with.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from lca._text import joined, quoted
from lca.i18n import Message
from lca.io.ilcd_files import (
    _attr,
    _by_language,
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
from lca.io.import_text import shown as _shown

#: Compliance-system source datasets (InDataWG ``identifiers/Common_references.csv``) -> standard.
COMPLIANCE_STANDARDS: dict[str, str] = {
    "b00f9ec0-7874-11e3-981f-0800200c9a66": "EN 15804+A1",
    "c0016b33-8cf7-415c-ac6e-deba0d21440d": "EN 15804+A2",  # EF 3.0
    "d4aa3ec7-b1d7-4a4a-a6cb-37af88dcc902": "EN 15804+A2",  # EF 3.1
}

#: EPD ``subType`` -> ``data_type``.
DATA_TYPES: dict[str, str] = {
    "generic dataset": "generic",
    "specific dataset": "specific",
    "average dataset": "average",
    "representative dataset": "representative",
    "template dataset": "template",
}

_A2_TEXT = re.compile(r"15804\s*\+\s*A([12])", re.IGNORECASE)


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
            Message(
                "classification level {level} is not a whole number; classes kept in file order",
                level=_shown(bad),
            ),
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
    message = Message(
        "dataSetVersion {version} is not a version number (NN.NN.NNN); left out", version=_shown(text)
    )
    log("warning", message, text[:80])
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
        message = Message(
            "dataset declares [{standards}]; {recorded} recorded",
            standards=joined([quoted(s) for s in standards]),
            recorded=standards[-1],
        )
        log("warning", message)
    if standards:
        return standards[-1]
    lists = {s for s in used if s}
    if lists and all("+A1" in s and "+A2" not in s for s in lists):
        return "EN 15804+A1"
    if lists and all("+A2" in s and "+A1" not in s for s in lists):
        return "EN 15804+A2"
    return None
