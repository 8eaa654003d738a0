"""Read a project workbook (DESIGN §3): Projet, Matériaux, Énergie, Facteurs, Variantes.

French and English sheet names and headers are accepted (case, accents, spacing ignored); extra
columns are kept as line metadata; empty rows are skipped. A value that cannot be read becomes an
issue naming its sheet, row and column; the line is kept (and rejected later if it cannot compute).

The words of the workbook are in :mod:`lca.io.workbook_words`, the Projet and Variantes sheets in
:mod:`lca.io.workbook_project`, the line sheets in :mod:`lca.io.workbook_lines`; every name this module
had stays importable from it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lca._text import Message, joined, quoted
from lca.errors import InputError, Issue
from lca.factors import FactorTable
from lca.io.tabular import (
    find_sheet,
    read_sheets,
    rows_to_frame,
    squash,
)
from lca.io.variants import match_variants
from lca.io.workbook_lines import (
    _check_ids,
    _energy_keys,
    _energy_units,
    _examples,
    _fuel_to_kwh,
    _read_lines,
)
from lca.io.workbook_project import _bad, _message, _project_value, _read_project_sheet, _read_variants, _text
from lca.io.workbook_words import (
    _BUILDING_INDEX,
    _ENERGY_INDEX,
    _MATERIAL_INDEX,
    _NO,
    _PROJECT_INDEX,
    _VARIANT_INDEX,
    _YES,
    BUILDING_TYPES,
    ENERGY_COLUMNS,
    MATERIAL_COLUMNS,
    MIN_REFERENCE_AREA,
    PROJECT_KEYS,
    SHEETS,
    VARIANT_COLUMNS,
    sheet_aliases,
)
from lca.limits import (
    MAX_ROWS,
)
from lca.model import Project

__all__ = [
    "BUILDING_TYPES", "ENERGY_COLUMNS", "MATERIAL_COLUMNS", "MIN_REFERENCE_AREA", "PROJECT_KEYS", "SHEETS",
    "VARIANT_COLUMNS", "read_project", "sheet_aliases",
    # kept importable from here (tests and older code)
    "_BUILDING_INDEX", "_ENERGY_INDEX", "_MATERIAL_INDEX", "_NO", "_PROJECT_INDEX", "_VARIANT_INDEX", "_YES",
    "_bad", "_check_ids", "_energy_keys", "_energy_units", "_examples", "_fuel_to_kwh", "_message",
    "_project_value", "_read_lines", "_read_project_sheet", "_read_variants", "_text",
]  # fmt: skip


def read_project(path: str | Path, *, max_rows: int = MAX_ROWS) -> Project:
    """Read a project workbook (``.xlsx``/``.ods``) or a folder of CSV files named like its sheets.

    Parameters
    ----------
    path
        The workbook, or a folder with ``Projet.csv``, ``Materiaux.csv``, ``Energie.csv``...
    max_rows
        Most rows read from one sheet (:data:`lca.limits.MAX_ROWS`); the rows beyond are reported.

    Returns
    -------
    Project
        With every line read and the problems found in :attr:`Project.issues`.

    Raises
    ------
    InputError
        The file cannot be read, or it has neither a materials nor an energy sheet.

    Examples
    --------
    >>> project = read_project("datasets/examples/maison.xlsx")  # doctest: +SKIP
    """
    path = Path(path)
    sheets = read_sheets(path, max_rows=max_rows)
    file = str(path)
    found = {key: find_sheet(sheets, names) for key, names in SHEETS.items()}
    if (
        found["materials"] is None
        and found["energy"] is None
        and path.suffix.lower() in {".csv", ".tsv", ".txt"}
    ):
        raise InputError(
            Message(
                "a CSV file given alone is read as one sheet named like the file ('{name}'), and it is not "
                "an inventory sheet; name it Matériaux.csv (or Materials.csv), give the folder holding the "
                "CSV file of each sheet, or give the .xlsx workbook",
                name=path.stem,
            ),
            file=file,
        )
    if found["materials"] is None and found["energy"] is None:
        unread = "".join(f" {i.render()}" for i in sheets.issues[:3])
        raise InputError(
            Message(
                "no Matériaux/Materials or Énergie/Energy sheet; the workbook has {sheets}. Name the "
                "inventory sheet 'Matériaux' (or 'Materials'); `lca template new.xlsx` writes an empty "
                "workbook with every sheet.{unread}",
                sheets=joined([quoted(s) for s in sheets]),
                unread=unread,
            ),
            file=file,
        )
    issues: list[Issue] = list(sheets.issues)
    project = Project(file=file)
    if found["project"]:
        _read_project_sheet(project, sheets[found["project"]], found["project"], file, issues)
    frames, failed = [], []
    for key, kind in (("materials", "material"), ("energy", "energy")):
        sheet = found[key]
        if sheet:
            try:
                frames.append(
                    _read_lines(
                        sheets[sheet], sheet, kind, file, issues, project.headers.setdefault(sheet, {})
                    )
                )
            except InputError as err:
                failed.append(err)
    if failed and not frames:
        raise failed[0]  # no line sheet can be read: nothing can be computed
    for failed_sheet in failed:  # the other line sheet still computes
        why = _text(failed_sheet)
        issues.append(
            Issue.of("error", Message("{message} — no line of this sheet is computed", message=why),
                     failed_sheet.sheet, file=file)
        )  # fmt: skip
    project.lines = _check_ids(pd.concat(frames, ignore_index=True), file, issues, project.headers)
    if found["variants"]:
        project.variants = _read_variants(sheets[found["variants"]], found["variants"], file, issues)
    project.lines = match_variants(project, found["variants"], file, issues)
    if found["factors"]:
        frame, _, _ = rows_to_frame(sheets[found["factors"]], {}, min_known=99)
        if len(frame):
            try:
                table, more = FactorTable.from_frame(
                    frame, f"{path.name}#{found['factors']}", sheet=found["factors"], file=file
                )
                project.factors = table
                issues += more
            except InputError as err:
                issues.append(Issue.from_error(err))
    _missing_sheets(project, found, {err.sheet for err in failed}, file, issues)
    project.issues = issues
    return project


def _missing_sheets(
    project: Project, found: dict[str, str | None], unread: set[str | None], file: str, issues: list[Issue]
) -> None:
    """Warnings for what is absent: the Projet sheet, the reference area, materials or energy lines.

    An issue names a sheet only when the workbook has it.
    """

    def warn(message: Message, sheet: str | None = None) -> None:
        issues.append(Issue.of("warning", message, sheet, file=file))

    kinds_typed = set(project.lines["kind"]) if len(project.lines) else set()
    if not len(project.lines):
        filled = [s for s in (found["materials"], found["energy"]) if s and s not in unread]
        if filled:
            warn(
                Message(
                    "the workbook has no inventory or energy line; nothing is computed — fill the '{sheet}' "
                    "sheet",
                    sheet=filled[0],
                ),
                filled[0],
            )
        else:
            warn(
                Message(
                    "the workbook has no inventory or energy line; nothing is computed — fill a 'Matériaux' "
                    "(Materials) sheet"
                )
            )
    elif "material" not in kinds_typed and found["materials"] not in unread:
        sheet = found["materials"]
        if sheet:
            text = Message(
                "the '{sheet}' sheet has no line: the results hold only the energy and water use (B6, B7), "
                "without any construction product — fill the 'Matériaux' (Materials) sheet",
                sheet=sheet,
            )
        else:
            text = Message(
                "the workbook has no 'Matériaux' sheet: the results hold only the energy and water use (B6, "
                "B7), without any construction product — fill the 'Matériaux' (Materials) sheet"
            )
        warn(text, sheet)
    if found["project"] is None:
        warn(
            Message(
                "the workbook has no 'Projet' (Project) sheet: no reference area, so the per-m² results are "
                "not available, and the study period is the default {period} years — add a 'Projet' sheet "
                "(`lca template` writes one) with the reference area (SHAB / Sref, m²)",
                period=float(project.study_period),
            )
        )
    elif not project.reference_area and not any(  # an unreadable area already has its error
        i.sheet == found["project"] and _PROJECT_INDEX.get(squash(i.column)) == "reference_area"
        for i in issues
    ):
        warn(
            Message(
                "no reference area (SHAB / Sref, m²): the per-m² results are not available; add a row "
                "'SHAB' (or 'Sref') with the area in m² on this sheet"
            ),
            found["project"],
        )
