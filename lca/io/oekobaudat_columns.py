"""The columns of the ÖKOBAUDAT CSV export and what they mean: indicator columns -> indicator keys,
the metadata columns read (or knowingly ignored), dataset types, and the export's own unit spellings.

References
----------
ÖKOBAUDAT, BMWSB/BBSR, https://www.oekobaudat.de. EN 15804:2012+A1:2013 and EN 15804:2012+A2:2019.
"""

from __future__ import annotations

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


_MASS_TOLERANCE = 0.05  # relative: Umrechungsfaktor and the other conversion columns agree within 5 %
