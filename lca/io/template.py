"""Write project workbooks (DESIGN §3): an empty template, or a filled workbook built in code.

Both have the same sheets, headers (French or English, as :func:`lca.io.workbook.read_project`
reads them), a note on every header cell, drop-down lists and a "Lisez-moi"/"Read me" first sheet.
The lists behind the drop-downs live on a hidden ``Listes``/``Lists`` sheet that the reader ignores.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

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
from lca.indicators import MODULES, module_key
from lca.io.factor_tables import FACTOR_ALIASES
from lca.io.tabular import alias_index, squash
from lca.io.workbook import ENERGY_COLUMNS, MATERIAL_COLUMNS, PROJECT_KEYS, VARIANT_COLUMNS
from lca.transport import TRANSPORT_MODES

LANGUAGES = ("fr", "en")

#: Rows prepared with drop-downs below the header (more when a filled sheet is longer).
TEMPLATE_ROWS = 500


def _(text: str) -> str:
    """Mark ``text`` as a catalogue msgid (``lca/locale``): it is translated when a workbook is written."""
    return text


class _ByLanguage(Mapping[str, Any]):
    """``{lang: value}`` computed from the catalogue on access (``import lca`` reads no catalogue)."""

    def __init__(self, build: Callable[[str], Any]) -> None:
        self._build = build

    def __getitem__(self, lang: str) -> Any:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        return self._build(lang)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


def _translated(texts: Sequence[str], lang: str) -> list[str]:
    return [translate(t, lang) if t else "" for t in texts]


_SHEETS = {
    "readme": _("Read me"),
    "project": _("Project"),
    "materials": _("Materials"),
    "energy": _("Energy"),
    "factors": _("Factors"),
    "variants": _("Variants"),
    "lists": _("Lists"),
}

#: Sheet names by language, in workbook order (the hidden list sheet last); the French names are
#: those :func:`lca.io.workbook.read_project` reads (Projet, Matériaux, Énergie, Facteurs, Variantes).
SHEET_NAMES: Mapping[str, dict[str, str]] = _ByLanguage(
    lambda lang: {key: translate(text, lang) for key, text in _SHEETS.items()}
)

_LOTS = [
    _("1 Site works and utilities (VRD)"),
    _("2 Foundations and substructure"),
    _("3 Superstructure – masonry"),
    _("4 Roofing – waterproofing – roof structure – zinc work"),
    _("5 Partitions – linings – suspended ceilings – interior joinery"),
    _("6 Façades and exterior joinery"),
    _("7 Floor, wall and ceiling finishes – screed – paint"),
    _("8 HVAC (heating – ventilation – cooling – hot water)"),
    _("9 Plumbing and sanitary fittings"),
    _("10 Power networks"),
    _("11 Communication networks"),
    _("12 Lifts and other internal transport equipment"),
    _("13 Local electricity production"),
]
#: RE2020 lots (arrêté du 4 août 2021, annexe), as the lot drop-down writes them.
LOTS: Mapping[str, list[str]] = _ByLanguage(lambda lang: _translated(_LOTS, lang))

#: Units of the material lines, as people write them (the reader also accepts m3, m2, pcs …).
MATERIAL_UNITS = ["m³", "m²", "m", "ml", "kg", "t", "u"]
#: Units of the energy lines: energy, then the fuels' purchase units (converted to kWh with their lower
#: heating value, :func:`lca.energy.kwh_per_unit`), m³ and l also for water.
ENERGY_UNITS = ["kWh", "MWh", "MJ", "GJ", "m³", "l", "kg", "t", "stère"]
_BUILDING_TYPES = [_("individual house"), _("collective housing"), _("other")]
_LISTS: Mapping[str, dict[str, list[str]]] = _ByLanguage(
    lambda lang: {
        "unit": MATERIAL_UNITS,
        "energy_unit": ENERGY_UNITS,
        "building_type": _translated(_BUILDING_TYPES, lang),
        "yes_no": _translated([_("yes"), _("no")], lang),
    }
)
_SHARED_LISTS = {
    "method": ["en15978", "re2020"],
    "replacement_rule": ["ceil", "fraction"],
    "climate_zone": ["H1a", "H1b", "H1c", "H2a", "H2b", "H2c", "H2d", "H3"],
}


class Column(NamedTuple):
    """A column (or a project key) of the workbook: its key, header and note (English msgids of the
    catalogue), width and drop-down."""

    key: str
    header: str
    note: str
    width: int = 14
    choices: str | None = None  # name of a drop-down list
    literal: bool = False  # the header is written as is (module names, a given frame's own columns)

    def title(self, lang: str) -> str:
        """The header in ``lang``."""
        return self.header if self.literal else translate(self.header, lang)

    def help(self, lang: str) -> str:
        """The note of the header in ``lang``."""
        return translate(self.note, lang)

    @property
    def fr(self) -> str:
        return self.title("fr")

    @property
    def en(self) -> str:
        return self.title("en")

    @property
    def note_fr(self) -> str:
        return self.help("fr")

    @property
    def note_en(self) -> str:
        return self.help("en")


_MODULE_NOTE = _(
    "Value of the module per declared unit, in the indicator's unit (kg CO2e for GWP). Blank = not declared."
)

MATERIALS: list[Column] = [
    Column(
        "line_id",
        _("Id"),
        _("Unique line identifier (text). E.g. M12. Default: the row number."),
        9,
    ),
    Column(
        "lot",
        _("Lot"),
        _("RE2020 lot 1 to 13 (list) or free text for another breakdown. E.g. 3."),
        30,
        "lot",
    ),
    Column(
        "element",
        _("Element"),
        _("What the line is. E.g. Concrete wall C25/30, 20 cm."),
        36,
    ),
    Column(
        "quantity",
        _("Quantity"),
        _("Installed quantity, a number > 0, in the unit of the Unit column. E.g. 12.5."),
        11,
    ),
    Column(
        "unit",
        _("Unit"),
        _(
            "m³ (or m3), m², m, ml (= linear metre), kg, t, u (piece). Converted to the factor's declared "
            "unit."
        ),
        8,
        "unit",
    ),
    Column(
        "factor_id",
        _("Factor id"),
        _(
            "Factor identifier: EPD, ÖKOBAUDAT UUID or a factor of the Factors sheet. Search: lca "
            'factors search "concrete".'
        ),
        38,
    ),
    Column(
        "service_life",
        _("Service life (years)"),
        _("Service life in years; overrides the factor's. E.g. 50. Default: the factor's."),
        12,
    ),
    Column(
        "transport_km",
        _("Distance (km)"),
        _("Transport distance factory → site (A4). [km] E.g. 150. Default: the factor's A4."),
        11,
    ),
    Column(
        "transport_mode",
        _("Transport mode"),
        _("A4 transport mode (list). Default: road."),
        14,
        "transport_mode",
    ),
    Column(
        "waste_rate",
        _("Waste rate"),
        _("Extra material as a fraction of the installed quantity, or %. E.g. 5 % (0.05). Default: 0."),
        10,
    ),
    Column(
        "variant",
        _("Variant"),
        _("Blank = in every variant; a name (Variants sheet) = only in that variant."),
        14,
        "variant",
    ),
    Column(
        "replaces",
        _("Replaces"),
        _("Ids of the common lines that this variant line removes, comma-separated. E.g. M3, M4."),
        12,
    ),
]

ENERGY: list[Column] = [
    Column(
        "line_id",
        _("Id"),
        _("Unique line identifier (text). E.g. M12. Default: the row number."),
        9,
    ),
    Column(
        "carrier",
        _("Carrier"),
        _(
            "Energy carrier (list), or water for module B7. Without a factor id, the factor comes from "
            "the carrier and the use."
        ),
        18,
        "carrier",
    ),
    Column(
        "use",
        _("Use"),
        _("End use (list). E.g. heating. Blank or unknown: other."),
        15,
        "use",
    ),
    Column(
        "quantity",
        _("Quantity (per year)"),
        _("Yearly consumption, a number > 0. E.g. 4200."),
        13,
    ),
    Column(
        "unit",
        _("Unit"),
        _(
            "kWh, MWh, MJ, GJ (final energy); fuels also in l, m³, kg, t or stère (converted with their "
            "lower heating value); m³ or l for water; /yr accepted."
        ),
        8,
        "energy_unit",
    ),
    Column(
        "factor_id",
        _("Factor id"),
        _(
            "Factor identifier: EPD, ÖKOBAUDAT UUID or a factor of the Factors sheet. Search: lca "
            'factors search "concrete".'
        ),
        38,
    ),
    Column(
        "element",
        _("Element"),
        _("Free text. Default: carrier and use."),
        30,
    ),
    Column(
        "variant",
        _("Variant"),
        _("Blank = in every variant; a name (Variants sheet) = only in that variant."),
        14,
        "variant",
    ),
    Column(
        "replaces",
        _("Replaces"),
        _("Ids of the common lines that this variant line removes, comma-separated. E.g. M3, M4."),
        12,
    ),
]

VARIANTS: list[Column] = [
    Column(
        "name",
        _("Name"),
        _("Short variant name, used in the Variant column. The first row is the baseline."),
        20,
    ),
    Column(
        "description",
        _("Description"),
        _("Free text."),
        50,
    ),
]

FACTORS: list[Column] = [
    Column(
        "factor_id",
        _("Factor id"),
        _("Factor identifier, used in the Factor id column of the lines."),
        38,
    ),
    Column(
        "name",
        _("Name"),
        _("Product name."),
        30,
    ),
    Column(
        "declared_unit",
        _("Declared unit"),
        _("Declared (functional) unit. E.g. m2."),
        10,
        "unit",
    ),
    Column(
        "declared_amount",
        _("Declared amount"),
        _("Amount of the declared unit. Default: 1."),
        10,
    ),
    Column(
        "density",
        _("Density (kg/m³)"),
        _("To convert m3 ↔ kg. [kg/m³]"),
        12,
    ),
    Column(
        "area_mass",
        _("Area mass (kg/m²)"),
        _("To convert m2 ↔ kg. [kg/m²]"),
        12,
    ),
    Column(
        "service_life",
        _("Service life (years)"),
        _("Reference service life. [years]"),
        12,
    ),
    Column(
        "biogenic_carbon",
        _("Biogenic carbon (kg C)"),
        _("Per declared unit. [kg C]"),
        12,
    ),
    Column(
        "indicator",
        _("Indicator"),
        _("Indicator of the row's values. Default: GWP-total."),
        12,
    ),
    *(Column(m, m, _MODULE_NOTE, 9, literal=True) for m in MODULES),
    Column(
        "source",
        _("Source"),
        _("Database or document."),
        20,
    ),
    Column(
        "note",
        _("Note"),
        _("Free text."),
        20,
    ),
]

PROJECT: list[Column] = [
    Column(
        "name",
        _("Project name"),
        _("Project name."),
        0,
    ),
    Column(
        "building_type",
        _("Building type"),
        _("Individual house, collective housing or other (list)."),
        0,
        "building_type",
    ),
    Column(
        "reference_area",
        _("Reference area (m²)"),
        _("Reference floor area, for results per m². [m²] E.g. 120."),
        0,
    ),
    Column(
        "dwellings",
        _("Number of dwellings"),
        _("A whole number. E.g. 1."),
        0,
    ),
    Column(
        "study_period",
        _("Study period (years)"),
        _("Reference study period. [years] Default: 50."),
        0,
    ),
    Column(
        "climate_zone",
        _("Climate zone"),
        _("H1a to H3 (list), for the RE2020 thresholds."),
        0,
        "climate_zone",
    ),
    Column(
        "altitude",
        _("Altitude (m)"),
        _("For the RE2020 thresholds. [m]"),
        0,
    ),
    Column(
        "permit_year",
        _("Permit year"),
        _("Year (e.g. 2025), for the RE2020 thresholds."),
        0,
    ),
    Column(
        "method",
        _("Method"),
        _("en15978 (default) or re2020 (list)."),
        0,
        "method",
    ),
    Column(
        "replacement_rule",
        _("Replacement rule"),
        _("ceil (default): whole replacements; fraction: pro rata (list)."),
        0,
        "replacement_rule",
    ),
    Column(
        "attic_area",
        _("Attic area (m²)"),
        _("For the RE2020 thresholds. [m²]"),
        0,
    ),
    Column(
        "heat_network",
        _("Heat network"),
        _("Connected to a classified heat network: yes/no."),
        0,
        "yes_no",
    ),
]

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
