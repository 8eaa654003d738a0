"""Life-cycle modules (EN 15978) and environmental indicators (EN 15804+A2), with their units.

The keys defined here are the only spellings used in factor tables, results, JSON and reports.

References
----------
EN 15978:2011, §7.4 (modules A1–D). EN 15804:2012+A2:2019, §7.2 (core and additional indicators,
resource use, waste and output flows).
"""

from __future__ import annotations

#: Modules in the order of EN 15978. ``A1-A3`` is the aggregated product stage.
MODULES: tuple[str, ...] = (
    "A1-A3", "A4", "A5",
    "B1", "B2", "B3", "B4", "B5", "B6", "B7",
    "C1", "C2", "C3", "C4",
    "D",
)  # fmt: skip

#: Modules that make up the reported total (D is reported beside it, never added).
TOTAL_MODULES: tuple[str, ...] = MODULES[:-1]

#: End-of-life modules, summed by the A5-waste and B4-replacement rules.
END_OF_LIFE_MODULES: tuple[str, ...] = ("C1", "C2", "C3", "C4")

#: Life-cycle stages of EN 15978, for grouping.
STAGES: dict[str, str] = {
    "A1-A3": "product",
    "A4": "construction",
    "A5": "construction",
    **{m: "use" for m in ("B1", "B2", "B3", "B4", "B5", "B6", "B7")},
    **{m: "end_of_life" for m in END_OF_LIFE_MODULES},
    "D": "beyond",
}

#: Indicator key -> unit of its values (per declared unit in factor tables, per project in results).
INDICATORS: dict[str, str] = {
    # EN 15804+A2 core indicators
    "GWP-total": "kg CO2e",
    "GWP-fossil": "kg CO2e",
    "GWP-biogenic": "kg CO2e",
    "GWP-luluc": "kg CO2e",
    "ODP": "kg CFC-11e",
    "AP": "mol H+e",
    "EP-freshwater": "kg Pe",
    "EP-marine": "kg Ne",
    "EP-terrestrial": "mol Ne",
    "POCP": "kg NMVOCe",
    "ADP-minerals&metals": "kg Sbe",
    "ADP-fossil": "MJ",
    "WDP": "m3 world-eq deprived",
    # EN 15804+A2 additional indicators
    "PM": "disease incidence",
    "IRP": "kBq U235e",
    "ETP-fw": "CTUe",
    "HTP-c": "CTUh",
    "HTP-nc": "CTUh",
    "SQP": "dimensionless",
    # EN 15804+A1 indicators whose characterisation differs from +A2 (kept apart, never mixed)
    "AP (A1)": "kg SO2e",
    "EP (A1)": "kg PO4e",
    "POCP (A1)": "kg C2H4e",
    # resource use
    "PERE": "MJ",
    "PERM": "MJ",
    "PERT": "MJ",
    "PENRE": "MJ",
    "PENRM": "MJ",
    "PENRT": "MJ",
    "SM": "kg",
    "RSF": "MJ",
    "NRSF": "MJ",
    "FW": "m3",
    # waste and output flows
    "HWD": "kg",
    "NHWD": "kg",
    "RWD": "kg",
    "CRU": "kg",
    "MFR": "kg",
    "MER": "kg",
    "EEE": "MJ",
    "EET": "MJ",
}

#: The headline indicator.
DEFAULT_INDICATOR = "GWP-total"

#: Names accepted for an indicator in user tables (compared after normalisation, see ``indicator_key``).
INDICATOR_ALIASES: dict[str, str] = {
    "gwp": "GWP-total",
    "gwptotal": "GWP-total",
    "gwptotala2": "GWP-total",
    "rechauffementclimatique": "GWP-total",
    "changementclimatique": "GWP-total",
    "climatechange": "GWP-total",
    "gwpfossil": "GWP-fossil",
    "gwpbiogenic": "GWP-biogenic",
    "gwpluluc": "GWP-luluc",
    "adpe": "ADP-minerals&metals",
    "adpf": "ADP-fossil",
    "adpminerals": "ADP-minerals&metals",
    "adpmineralsmetals": "ADP-minerals&metals",
    "epfw": "EP-freshwater",
    "epfreshwater": "EP-freshwater",
    "epmarine": "EP-marine",
    "epterrestrial": "EP-terrestrial",
    "etpfw": "ETP-fw",
    "htpc": "HTP-c",
    "htpnc": "HTP-nc",
}


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


_BY_SQUASHED = {_squash(k): k for k in INDICATORS} | INDICATOR_ALIASES


def indicator_key(name: str) -> str | None:
    """Return the canonical indicator key for ``name`` (case, spaces and dashes ignored), or None."""
    if name in INDICATORS:
        return name
    return _BY_SQUASHED.get(_squash(str(name)))


def module_key(name: str) -> str | None:
    """Return the canonical module key for ``name`` (``a1-a3``, ``A1A3``, ``A1–A3``...), or None.

    ``A1``, ``A2`` and ``A3`` are returned as such; the factor tables sum them into ``A1-A3``.
    """
    text = str(name).strip().upper().replace("–", "-").replace("—", "-").replace(" ", "")
    text = text.replace("TOA", "-A").replace("À", "-")
    if text in {"A1-A3", "A1A3", "A1-3", "A13", "A1+A2+A3"}:
        return "A1-A3"
    if text in MODULES or text in {"A1", "A2", "A3"}:
        return text
    return None
