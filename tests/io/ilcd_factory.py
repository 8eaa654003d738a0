"""Small generated ILCD+EPD folders for the reader's tests (no file from ../shared needed).

One process (an EPD) whose reference flow is declared in a unit group of mass or of area, with a *Mass*
flow property, and GWP-total (EN 15804+A2, EF 3.1) given per module as an ``LCIAResult``. Every text
is escaped unless it is passed as ``raw_*``, so that hostile strings end up in the XML as data.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

GWP_TOTAL_EF31 = "a7ea142a-9749-11ed-a8fc-0242ac120002"
GWP_UNIT_GROUP = "1ebf3012-d0db-4de2-aefd-ef30cedb0be1"
MASS_PROPERTY = "93a60a56-a3c8-11da-a746-0800200b9a66"
MASS_GROUP = "ad38d542-3fe9-439d-9b95-2f5f7752acaf"
AREA_PROPERTY = "93a60a56-a3c8-19da-a746-0800200c9a66"
AREA_GROUP = "c20a03d7-bd90-4569-bc94-66cfd364dfc8"
FLOW = "0f0f0f0f-0000-4000-8000-00000000f10e"

COMMON = 'xmlns:common="http://lca.jrc.it/ILCD/Common" xmlns:epd="http://www.iai.kit.edu/EPD/2013"'


@dataclass
class Epd:
    """What the generated process declares (defaults: 2 m² of a 0.4 kg/m² textile)."""

    uuid: str = "5e5e5e5e-0000-4000-8000-000000000001"
    name: str = "Generated textile"
    classes: list[tuple[str, str]] = field(
        default_factory=lambda: [("0", "Coverings"), ("1", "Interior covering")]
    )
    version: str = "01.00.000"
    amount: str = "2.0"
    unit: str = "m2"  # the reference unit of the unit group: "m2" (area group) or anything (mass group)
    mass_per_unit: str | None = "0.4"  # kg per one declared unit (Mass flow property)
    gwp: dict[str, str] = field(default_factory=lambda: {"A1-A3": "4.2", "C4": "0.5"})
    encoding: str = "UTF-8"
    raw_other: str = ""  # raw XML inserted in the process's dataSetInformation


def _process(epd: Epd) -> str:
    classes = "".join(
        f"<common:class level={quoteattr(level)}>{escape(text)}</common:class>" for level, text in epd.classes
    )
    amounts = "".join(
        f"<epd:amount epd:module={quoteattr(module)}>{escape(value)}</epd:amount>"
        for module, value in epd.gwp.items()
    )
    return f"""<?xml version="1.0" encoding="{epd.encoding}"?>
<processDataSet xmlns="http://lca.jrc.it/ILCD/Process" {COMMON} version="1.1">
  <processInformation>
    <dataSetInformation>
      <common:UUID>{escape(epd.uuid)}</common:UUID>
      <name><baseName xml:lang="en">{escape(epd.name)}</baseName></name>
      <classificationInformation><common:classification>{classes}</common:classification>
      </classificationInformation>
      {epd.raw_other}
    </dataSetInformation>
    <quantitativeReference><referenceToReferenceFlow>1</referenceToReferenceFlow></quantitativeReference>
  </processInformation>
  <modellingAndValidation>
    <LCIMethodAndAllocation><common:other><epd:subType>specific dataset</epd:subType></common:other>
    </LCIMethodAndAllocation>
  </modellingAndValidation>
  <administrativeInformation>
    <publicationAndOwnership><common:dataSetVersion>{escape(epd.version)}</common:dataSetVersion>
    </publicationAndOwnership>
  </administrativeInformation>
  <exchanges>
    <exchange dataSetInternalID="1">
      <referenceToFlowDataSet type="flow data set" refObjectId="{FLOW}"/>
      <meanAmount>{escape(epd.amount)}</meanAmount>
    </exchange>
  </exchanges>
  <LCIAResults>
    <LCIAResult>
      <referenceToLCIAMethodDataSet type="LCIA method data set" refObjectId="{GWP_TOTAL_EF31}"/>
      <meanAmount>0</meanAmount>
      <common:other>{amounts}
        <epd:referenceToUnitGroupDataSet refObjectId="{GWP_UNIT_GROUP}" type="unit group data set"/>
      </common:other>
    </LCIAResult>
  </LCIAResults>
</processDataSet>
"""


def _flow(epd: Epd) -> str:
    area = epd.unit == "m2"
    reference = AREA_PROPERTY if area else MASS_PROPERTY
    mass = ""
    if area and epd.mass_per_unit is not None:
        mass = f"""<flowProperty dataSetInternalID="1">
      <referenceToFlowPropertyDataSet type="flow property data set" refObjectId="{MASS_PROPERTY}"/>
      <meanValue>{escape(epd.mass_per_unit)}</meanValue></flowProperty>"""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<flowDataSet xmlns="http://lca.jrc.it/ILCD/Flow" {COMMON} version="1.1">
  <flowInformation>
    <dataSetInformation><common:UUID>{FLOW}</common:UUID>
      <name><baseName xml:lang="en">{escape(epd.name)}</baseName></name></dataSetInformation>
    <quantitativeReference><referenceToReferenceFlowProperty>0</referenceToReferenceFlowProperty>
    </quantitativeReference>
  </flowInformation>
  <flowProperties>
    <flowProperty dataSetInternalID="0">
      <referenceToFlowPropertyDataSet type="flow property data set" refObjectId="{reference}"/>
      <meanValue>1.0</meanValue></flowProperty>
    {mass}
  </flowProperties>
</flowDataSet>
"""


def _property(uuid: str, group: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<flowPropertyDataSet xmlns="http://lca.jrc.it/ILCD/FlowProperty" {COMMON} version="1.1">
  <flowPropertiesInformation>
    <dataSetInformation><common:UUID>{uuid}</common:UUID></dataSetInformation>
    <quantitativeReference><referenceToReferenceUnitGroup refObjectId="{group}" type="unit group data set"/>
    </quantitativeReference>
  </flowPropertiesInformation>
</flowPropertyDataSet>
"""


def _group(uuid: str, unit: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<unitGroupDataSet xmlns="http://lca.jrc.it/ILCD/UnitGroup" {COMMON} version="1.1">
  <unitGroupInformation>
    <dataSetInformation><common:UUID>{uuid}</common:UUID></dataSetInformation>
    <quantitativeReference><referenceToReferenceUnit>0</referenceToReferenceUnit></quantitativeReference>
  </unitGroupInformation>
  <units><unit dataSetInternalID="0"><name>{escape(unit)}</name><meanValue>1</meanValue></unit></units>
</unitGroupDataSet>
"""


def files(epd: Epd) -> dict[str, bytes]:
    """The ILCD files of one EPD, ``{path in the ILCD folder: bytes}``."""
    area = epd.unit == "m2"
    process = _process(epd)
    try:
        data = process.encode(epd.encoding)
    except (LookupError, UnicodeError):  # an unknown or narrow encoding: the declaration lies
        data = process.encode("utf-8")
    return {
        f"processes/{epd.uuid[:36] or 'empty'}.xml": data,
        f"flows/{FLOW}.xml": _flow(epd).encode(),
        f"flowproperties/{MASS_PROPERTY}.xml": _property(MASS_PROPERTY, MASS_GROUP).encode(),
        f"flowproperties/{AREA_PROPERTY}.xml": _property(AREA_PROPERTY, AREA_GROUP).encode(),
        f"unitgroups/{MASS_GROUP}.xml": _group(MASS_GROUP, "kg" if area else epd.unit).encode(),
        f"unitgroups/{AREA_GROUP}.xml": _group(AREA_GROUP, "m2").encode(),
    }


def write_folder(folder: Path, *epds: Epd) -> Path:
    """An ILCD folder holding the EPDs (they share the flow and unit groups of the first)."""
    for epd in epds or (Epd(),):
        for name, data in files(epd).items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or name.startswith("processes/"):
                path.write_bytes(data)
    return folder


def write_zip(path: Path, *epds: Epd) -> Path:
    """A zip of the ILCD folder of the EPDs."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        written: set[str] = set()
        for epd in epds or (Epd(),):
            for name, data in files(epd).items():
                if name not in written:
                    archive.writestr(f"ILCD/{name}", data)
                    written.add(name)
    return path
