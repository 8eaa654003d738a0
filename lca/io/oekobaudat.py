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

import pandas as pd

from lca.errors import InputError, Issue
from lca.factors import FILE_COLUMNS
from lca.i18n import Message
from lca.io.import_text import detail_of
from lca.io.oekobaudat_columns import (
    A1_COLUMNS,
    A2_COLUMNS,
    DATA_TYPES,
    FLOW_COLUMNS,
    LICENCE,
    METADATA_COLUMNS,
    REQUIRED_COLUMNS,
    UNIT_SPELLINGS,
    VARIABLE_MAP,
)
from lca.io.oekobaudat_lines import (
    _check_required,
    _filter_types,
    _parse_numbers,
    _unknown_columns,
    _usable_lines,
    choose_scenarios,
)
from lca.io.oekobaudat_rows import _implausible, _metadata, _values
from lca.io.oekobaudat_text import _LINE, _read_records
from lca.io.safe import neutralise

__all__ = [
    "A1_COLUMNS",
    "A2_COLUMNS",
    "DATA_TYPES",
    "FLOW_COLUMNS",
    "LICENCE",
    "METADATA_COLUMNS",
    "REQUIRED_COLUMNS",
    "UNIT_SPELLINGS",
    "VARIABLE_MAP",
    "choose_scenarios",
    "infer_release",
    "read_oekobaudat",
    "write_factor_table",
]

_RELEASE = re.compile(r"OBD[_ -]?(\d{4})[_ -]?(I{1,3}|IV)(?![A-Za-z])", re.IGNORECASE)


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
                Issue.of(
                    "warning",
                    Message(
                        "cannot infer the ÖKOBAUDAT release from the file name; name the file after its "
                        "release (e.g. OBD_2020_II.csv), or pass release='OBD_2020_II' (for example) "
                        "in Python"
                    ),
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
        message = Message(
            "cannot write the factor table ({reason}); give the path of a .csv or .csv.gz file in a writable "
            "folder",
            reason=detail_of(err),
        )
        raise InputError(
            message,
            file=str(path),
        ) from err
    return path


def infer_release(name: str) -> str | None:
    """Release named in a file name (``"OBD_2020_II.csv"`` -> ``"OBD_2020_II"``), or None."""
    match = _RELEASE.search(name)
    return f"OBD_{match.group(1)}_{match.group(2).upper()}" if match else None
