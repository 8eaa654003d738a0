"""Build ``datasets/ilcd/indicator_uuids.csv`` from the official ILCD+EPD indicator lists.

The InDataWG "ILCD-EPD-Data-Format" repository publishes the UUIDs under which EPD datasets declare
their EN 15804 indicators (LCIA methods and resource/waste/output flows). This script reads the
three official lists and writes the project's own table: one row per UUID, mapped onto the
indicator keys of :mod:`lca.indicators`, with provenance on every row.

Usage::

    python scripts/build_ilcd_identifiers.py [IDENTIFIERS_DIR] [-o datasets/ilcd/indicator_uuids.csv]

``IDENTIFIERS_DIR`` defaults to ``../shared/data/ilcd-epd-samples/identifiers`` beside the repository.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from lca.indicators import INDICATORS, indicator_key

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "ilcd-epd-samples" / "identifiers"
DEFAULT_OUTPUT = ROOT / "datasets" / "ilcd" / "indicator_uuids.csv"

UPSTREAM = "InDataWG ILCD-EPD-Data-Format"
UPSTREAM_COMMIT = "beb0fdecfe03fb6e33cf7aaf2f9f0c6d2bb7e5e3"
LICENCE = "Apache-2.0"

#: Official list file -> the standard (and characterisation set) it belongs to.
LISTS: dict[str, str] = {
    "EN15804+A1_indicators.csv": "EN 15804+A1",
    "EN15804+A2_EF3.0_indicators.csv": "EN 15804+A2 (EF 3.0)",
    "EN15804+A2_EF3.1_indicators.csv": "EN 15804+A2 (EF 3.1)",
}

#: Abbreviations whose key is not the abbreviation itself; A1 impact categories are kept apart
#: from their +A2 namesakes because their characterisation differs (DESIGN §4).
A1_KEYS: dict[str, str] = {"GWP": "GWP-total", "AP": "AP (A1)", "EP": "EP (A1)", "POCP": "POCP (A1)"}
COMMON_KEYS: dict[str, str] = {"ADPE": "ADP-minerals&metals", "ADPF": "ADP-fossil"}

COLUMNS = [
    "uuid",
    "indicator",
    "standard",
    "name",
    "unit",
    "unit_group_uuid",
    "list_file",
    "upstream",
    "upstream_commit",
    "licence",
]

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ABBREVIATION = re.compile(r"\(([^()]+)\)\s*$")


def _key(name: str, standard: str) -> str:
    match = _ABBREVIATION.search(name)
    if match is None:
        raise ValueError(f"no abbreviation in parentheses at the end of indicator name {name!r}")
    abbreviation = match.group(1).strip()
    if standard == "EN 15804+A1" and abbreviation in A1_KEYS:
        return A1_KEYS[abbreviation]
    key = COMMON_KEYS.get(abbreviation) or indicator_key(abbreviation)
    if key is None or key not in INDICATORS:
        raise ValueError(f"indicator {name!r} ({standard}) has no key in lca.indicators.INDICATORS")
    return key


def read_list(path: Path, standard: str) -> list[dict[str, str]]:
    """Rows of one official list: UUID, name, unit and unit group (blank and note rows skipped)."""
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for record in csv.DictReader(handle):
            uuid = (record.get("UUID") or "").strip().lower()
            if not _UUID.match(uuid):
                continue
            name = record["Name (en)"].strip()
            rows.append(
                {
                    "uuid": uuid,
                    "indicator": _key(name, standard),
                    "standard": standard,
                    "name": name,
                    "unit": record["Unit (en)"].strip(),
                    "unit_group_uuid": (record.get("UnitGroup UUID") or "").strip().lower(),
                    "list_file": path.name,
                }
            )
    return rows


def merge(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """One row per UUID; a UUID listed in several files keeps every standard and file name."""
    merged: dict[str, dict[str, str]] = {}
    for row in rows:
        seen = merged.get(row["uuid"])
        if seen is None:
            merged[row["uuid"]] = dict(row)
            continue
        if seen["indicator"] != row["indicator"]:
            raise ValueError(f"UUID {row['uuid']} maps to {seen['indicator']} and {row['indicator']}")
        for column in ("standard", "list_file"):
            if row[column] not in seen[column].split("; "):
                seen[column] += "; " + row[column]
    out = []
    for row in merged.values():
        row.update(upstream=UPSTREAM, upstream_commit=UPSTREAM_COMMIT, licence=LICENCE)
        out.append(row)
    return out


def build(source: Path, output: Path) -> int:
    """Write the table; return the number of rows written."""
    rows: list[dict[str, str]] = []
    for file_name, standard in LISTS.items():
        rows += read_list(source / file_name, standard)
    table = merge(rows)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    return len(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    count = build(args.source, args.output)
    print(f"wrote {count} indicator UUIDs to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
