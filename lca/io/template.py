"""Write project workbooks (DESIGN §3): an empty template, or a filled workbook built in code.

The columns, keys and lists are in :mod:`lca.io.template_columns` (names re-exported here). Both have
the same sheets, headers (French or English, as :func:`lca.io.workbook.read_project`
reads them), a note on every header cell, drop-down lists and a "Lisez-moi"/"Read me" first sheet.
The lists behind the drop-downs live on a hidden ``Listes``/``Lists`` sheet that the reader ignores.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from lca.energy import CARRIERS, USES, carrier_key, use_key
from lca.errors import InputError
from lca.i18n import translate
from lca.indicators import module_key
from lca.io.factor_tables import FACTOR_ALIASES
from lca.io.tabular import alias_index, squash
from lca.io.template_columns import (
    _LISTS,
    _SHARED_LISTS,
    ENERGY,
    FACTORS,
    LANGUAGES,
    LOTS,
    MATERIALS,
    PROJECT,
    SHEET_NAMES,
    TEMPLATE_ROWS,
    VARIANTS,
    Column,
    _,
    _translated,
)
from lca.io.template_columns import ENERGY_UNITS as ENERGY_UNITS
from lca.io.template_columns import MATERIAL_UNITS as MATERIAL_UNITS
from lca.io.workbook import ENERGY_COLUMNS, MATERIAL_COLUMNS, PROJECT_KEYS, VARIANT_COLUMNS
from lca.transport import TRANSPORT_MODES

_README = [
    _("lca project workbook — building life-cycle assessment (EN 15978, RE2020)"),
    "",
    _("1. Project: one value per key (Value column); hover over the cells for help."),
    _(
        "2. Materials: one row per inventory line (quantity, unit, factor id); drop-down lists for the lot, "
        "the unit and the transport mode."
    ),
    _(
        "3. Energy: one row per yearly use (carrier, use, quantity, unit); water (module B7) with the "
        "carrier water."
    ),
    _("4. Factors (optional): your own EPDs, one row per factor, one column per module."),
    _("5. Variants (optional): name and description; the first is the baseline."),
    "",
    _(
        "Every header has a note (unit, example, default). Numbers may use a decimal comma. Empty rows are "
        "skipped; extra columns are kept."
    ),
    "",
    _("Compute:  lca run project.xlsx"),
    _("RE2020 method and JSON results:  lca run project.xlsx --method re2020 --format json -o res.json"),
    _('Search a factor:  lca factors search "glass wool"'),
]

_BRACKETS = re.compile(r"\s*\(.*?\)")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
_KEY_HEADER = (_("Key"), _("Value"), _("Help"))
_KEY_NOTES = (_("Key name (do not change)."), _("Value of the key."), _("Format reminder."))


def write_template(path: str | Path, *, lang: str = "fr") -> None:
    """Write an empty project workbook with notes on every header and drop-down lists.

    Parameters
    ----------
    path
        The ``.xlsx`` file to write (overwritten).
    lang
        ``"fr"`` (sheets Projet, Matériaux, Énergie, Facteurs, Variantes) or ``"en"``.

    Raises
    ------
    InputError
        Unknown language.

    Examples
    --------
    >>> write_template("nouveau_projet.xlsx")  # doctest: +SKIP
    """
    defaults = {"study_period": 50, "method": "en15978", "replacement_rule": "ceil"}
    write_workbook(
        path, project=defaults, materials=None, energy=None, factors=None, variants=None, lang=lang
    )


def write_workbook(
    path: str | Path,
    *,
    project: Mapping[str, Any],
    materials: pd.DataFrame | None,
    energy: pd.DataFrame | None = None,
    factors: pd.DataFrame | None = None,
    variants: pd.DataFrame | None = None,
    lang: str = "fr",
) -> None:
    """Write a filled project workbook in the format of :func:`write_template`.

    Parameters
    ----------
    path
        The ``.xlsx`` file to write (overwritten).
    project
        Project keys of DESIGN §3 (``name``, ``building_type``, ``reference_area``...) and values;
        ``building_type`` and ``heat_network`` may be given as keys/booleans. Unknown keys are written
        after the known ones (the reader keeps them as extra).
    materials, energy
        Lines; columns named by their canonical names or any header alias the reader accepts.
        Unknown columns are written after the known ones. ``None``: the sheet has only its headers.
    factors
        The project's own factors, long or wide layout, written column by column. ``None``: the
        empty wide layout of the template.
    variants
        ``name`` and ``description`` columns, baseline first.
    lang
        ``"fr"`` or ``"en"``: sheet names, headers, notes and list values.

    Raises
    ------
    InputError
        Unknown language.

    Notes
    -----
    Every text cell is written as text: a designation such as ``=1+1`` never becomes a formula.
    """
    if lang not in LANGUAGES:
        raise InputError(f"unknown language {lang!r}; expected 'fr' or 'en'")
    names = SHEET_NAMES[lang]
    wb = Workbook()
    readme = wb.active
    readme.title = names["readme"]
    for i, text in enumerate(_translated(_README, lang), start=1):
        _put(readme, i, 1, text)
    readme["A1"].font = Font(bold=True, size=13)
    readme.column_dimensions["A"].width = 110
    ranges = _write_lists(wb.create_sheet(names["lists"]), lang)
    ranges["variant"] = f"{quote_sheetname(names['variants'])}!$A$2:$A${TEMPLATE_ROWS + 1}"
    _project_sheet(wb.create_sheet(names["project"], 1), project, lang, ranges)
    for index, (key, spec, frame) in enumerate(
        (("materials", MATERIALS, materials), ("energy", ENERGY, energy),
         ("factors", FACTORS, factors), ("variants", VARIANTS, variants)), start=2,
    ):  # fmt: skip
        ws = wb.create_sheet(names[key], index)
        _table_sheet(ws, spec, frame, lang, ranges, alias_index(_ALIASES[key]), frame_order=key == "factors")
    wb.save(path)


_ALIASES: dict[str, Mapping[str, Any]] = {
    "materials": MATERIAL_COLUMNS,
    "energy": ENERGY_COLUMNS,
    "factors": FACTOR_ALIASES,
    "variants": VARIANT_COLUMNS,
}


# ----------------------------------------------------------------------------------- helpers


def _write_lists(ws: Worksheet, lang: str) -> dict[str, str]:
    """Write every drop-down list in a column of the hidden sheet; return list name -> range."""
    ws.sheet_state = "hidden"
    modes = [names[0] if lang == "fr" else key.replace("_", " ") for key, names in TRANSPORT_MODES.items()]
    carriers = [_label(k, v[lang], carrier_key) for k, v in CARRIERS.items()]
    uses = [_label(k, v[lang], use_key) for k, v in USES.items() if k != "all"]  # "all" is for factors
    lists = {"lot": LOTS[lang], **_LISTS[lang], **_SHARED_LISTS, "transport_mode": modes}
    lists.update(carrier=carriers, use=uses)
    ranges = {}
    for j, (name, values) in enumerate(lists.items(), start=1):
        _put(ws, 1, j, name)
        for i, value in enumerate(values, start=2):
            _put(ws, i, j, value)
        col = get_column_letter(j)
        ranges[name] = f"{quote_sheetname(ws.title)}!${col}$2:${col}${len(values) + 1}"
    return ranges


def _label(key: str, label: str, read: Callable[[str], str | None]) -> str:
    """The label of a carrier or use as the reader reads it back (else without its brackets, else the key)."""
    for text in (label, _BRACKETS.sub("", label).strip()):
        if read(text) == key:
            return text
    return key


def _project_sheet(ws: Worksheet, project: Mapping[str, Any], lang: str, ranges: dict[str, str]) -> None:
    index = alias_index({c.key: [c.fr, c.en, *PROJECT_KEYS[c.key]] for c in PROJECT})
    given = {index.get(squash(k), k): v for k, v in project.items()}
    header = _translated(_KEY_HEADER, lang)
    notes = _translated(_KEY_NOTES, lang)
    for j, (text, note) in enumerate(zip(header, notes, strict=True), start=1):
        _header_cell(ws, 1, j, text, note)
    row = 1
    for column in PROJECT:
        row += 1
        note = column.help(lang)
        ws.cell(row, 1).comment = _comment(note)
        _put(ws, row, 1, column.title(lang))
        _put(ws, row, 2, _project_value(column.key, given.pop(column.key, None), lang))
        _put(ws, row, 3, note)
        if column.choices:
            _validation(ws, f"B{row}", ranges[column.choices], strict=True, lang=lang)
    for key, value in given.items():
        row += 1
        _put(ws, row, 1, str(key))
        _put(ws, row, 2, _value(value))
    ws.freeze_panes = "A2"
    for col, width in zip("ABC", (34, 28, 70), strict=True):
        ws.column_dimensions[col].width = width


def _project_value(key: str, value: Any, lang: str) -> Any:
    if key == "building_type" and value in {"individual_house", "collective_housing", "other"}:
        return _LISTS[lang]["building_type"][["individual_house", "collective_housing", "other"].index(value)]
    if key == "heat_network" and isinstance(value, (bool, np.bool_)):
        return _LISTS[lang]["yes_no"][0 if value else 1]
    return _value(value)


def _match(
    frame: pd.DataFrame | None, spec: list[Column], index: Mapping[str, str], *, frame_order: bool
) -> tuple[list[Column], dict[str, Any]]:
    """Columns to write (``spec``, or the frame's own order) and column key -> frame column."""
    if frame is None:
        return list(spec), {}
    known = {c.key: c for c in spec}
    columns, source = [] if frame_order else list(spec), {}
    for name in frame.columns:
        key = module_key(str(name)) if frame_order else None
        key = key or (name if name in known else index.get(squash(name), str(name)))
        if key in source or key in _SKIP or (key not in known and frame[name].map(_blank).all()):
            continue
        source[key] = name
        if key in known and frame_order:
            columns.append(known[key])
        elif key not in known:
            columns.append(_LONG_FACTORS.get(key) or Column(key, str(name), _EXTRA_NOTE, 16, literal=True))
    return columns, source


_SKIP = {"_row", "row", "sheet", "kind", "valid", "table", "table_row"}
_LONG_FACTORS = {  # long layout of a given factor frame
    "module": Column("module", _("Module"), _("EN 15978 module: A1-A3, A4… C4, D."), 16),
    "value": Column("value", _("Value"), _("Value per declared unit, in the indicator's unit."), 16),
}
_EXTRA_NOTE = _("Extra column, kept as metadata.")


def _blank(value: Any) -> bool:
    return _value(value) is None or str(value).strip() == ""


def _table_sheet(
    ws: Worksheet,
    spec: list[Column],
    frame: pd.DataFrame | None,
    lang: str,
    ranges: dict[str, str],
    index: Mapping[str, str],
    *,
    frame_order: bool = False,
) -> None:
    columns, source = _match(frame, spec, index, frame_order=frame_order)
    n = 0 if frame is None else len(frame)
    last = max(TEMPLATE_ROWS, n + 100) + 1
    for j, column in enumerate(columns, start=1):
        header = column.title(lang)
        _header_cell(ws, 1, j, header, column.help(lang))
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = max(column.width, len(header) + 3)
        if column.choices:
            _validation(ws, f"{letter}2:{letter}{last}", ranges[column.choices], strict=False, lang=lang)
        if frame is not None and column.key in source:
            for i, value in enumerate(frame[source[column.key]].tolist(), start=2):
                _put(ws, i, j, _value(value))
                if column.key == "waste_rate":
                    ws.cell(i, j).number_format = "0.0%"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(n + 1, 2)}"


def _header_cell(ws: Worksheet, row: int, col: int, text: str, note: str) -> None:
    cell = ws.cell(row, col)
    _put(ws, row, col, text)
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    cell.comment = _comment(note)


def _comment(text: str) -> Comment:
    comment = Comment(text, "lca")
    comment.width, comment.height = 320, 120
    return comment


def _validation(ws: Worksheet, cells: str, source: str, *, strict: bool, lang: str) -> None:
    """A drop-down list; ``strict=False`` lets the user keep another value after a warning."""
    message = translate("Value not in the list.", lang)
    dv = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle="lca",
        error=message,
    )
    dv.add(cells)
    ws.add_data_validation(dv)


def _value(value: Any) -> Any:
    """A Python value for a cell: None for blanks, plain numbers, ids joined by commas."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or None
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def _put(ws: Worksheet, row: int, col: int, value: Any) -> None:
    """Write a value; text is always stored as text (never a formula), without illegal characters."""
    cell = ws.cell(row, col)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value == "":
            return
        cell.value = value
        cell.data_type = "s"
        if value[0] in "=+-@":
            cell.quotePrefix = True  # Excel keeps it as text when the cell is edited
        return
    cell.value = value
