"""Write project workbooks (DESIGN §3): an empty template, or a filled workbook built in code.

Both have the same sheets, headers (French or English, as :func:`lca.io.workbook.read_project`
reads them), a note on every header cell, drop-down lists and a "Lisez-moi"/"Read me" first sheet.
The lists behind the drop-downs live on a hidden ``Listes``/``Lists`` sheet that the reader ignores.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
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
from lca.indicators import MODULES, module_key
from lca.io.factor_tables import FACTOR_ALIASES
from lca.io.tabular import alias_index, squash
from lca.io.workbook import ENERGY_COLUMNS, MATERIAL_COLUMNS, PROJECT_KEYS, VARIANT_COLUMNS
from lca.transport import TRANSPORT_MODES

LANGUAGES = ("fr", "en")

#: Rows prepared with drop-downs below the header (more when a filled sheet is longer).
TEMPLATE_ROWS = 500

#: Sheet names by language, in workbook order (the hidden list sheet last).
SHEET_NAMES: dict[str, dict[str, str]] = {
    "fr": {"readme": "Lisez-moi", "project": "Projet", "materials": "Matériaux", "energy": "Énergie",
           "factors": "Facteurs", "variants": "Variantes", "lists": "Listes"},
    "en": {"readme": "Read me", "project": "Project", "materials": "Materials", "energy": "Energy",
           "factors": "Factors", "variants": "Variants", "lists": "Lists"},
}  # fmt: skip

#: RE2020 lots (arrêté du 4 août 2021, annexe), as the lot drop-down writes them.
LOTS: dict[str, list[str]] = {
    "fr": ["1 VRD (voirie et réseaux divers)", "2 Fondations et infrastructure",
           "3 Superstructure – maçonnerie", "4 Couverture – étanchéité – charpente – zinguerie",
           "5 Cloisonnement – doublage – plafonds suspendus – menuiseries intérieures",
           "6 Façades et menuiseries extérieures",
           "7 Revêtements des sols, murs et plafonds – chape – peintures – décoration",
           "8 CVC (chauffage – ventilation – refroidissement – ECS)", "9 Installations sanitaires",
           "10 Réseaux d'énergie (courant fort)", "11 Réseaux de communication (courant faible)",
           "12 Appareils élévateurs et autres équipements de transport intérieur",
           "13 Équipements de production locale d'électricité"],
    "en": ["1 Site works and utilities (VRD)", "2 Foundations and substructure",
           "3 Superstructure – masonry", "4 Roofing – waterproofing – roof structure – zinc work",
           "5 Partitions – linings – suspended ceilings – interior joinery",
           "6 Façades and exterior joinery", "7 Floor, wall and ceiling finishes – screed – paint",
           "8 HVAC (heating – ventilation – cooling – hot water)", "9 Plumbing and sanitary fittings",
           "10 Power networks", "11 Communication networks",
           "12 Lifts and other internal transport equipment", "13 Local electricity production"],
}  # fmt: skip

_LISTS: dict[str, dict[str, list[str]]] = {
    "fr": {"unit": ["m3", "m2", "m", "ml", "kg", "t", "u"],
           "energy_unit": ["kWh", "MWh", "MJ", "GJ", "m3", "l"],
           "building_type": ["maison individuelle", "logement collectif", "autre"],
           "yes_no": ["oui", "non"]},
    "en": {"unit": ["m3", "m2", "m", "ml", "kg", "t", "u"],
           "energy_unit": ["kWh", "MWh", "MJ", "GJ", "m3", "l"],
           "building_type": ["individual house", "collective housing", "other"],
           "yes_no": ["yes", "no"]},
}  # fmt: skip
_SHARED_LISTS = {
    "method": ["en15978", "re2020"],
    "replacement_rule": ["ceil", "fraction"],
    "climate_zone": ["H1a", "H1b", "H1c", "H2a", "H2b", "H2c", "H2d", "H3"],
}


class Column(NamedTuple):
    """A column (or a project key) of the workbook: its key, headers, notes and drop-down."""

    key: str
    fr: str
    en: str
    note_fr: str
    note_en: str
    width: int = 14
    choices: str | None = None  # name of a drop-down list


def _columns(table: dict[str, tuple[Any, ...]]) -> list[Column]:
    return [Column(key, *fields) for key, fields in table.items()]


# key: (French header, English header, French note, English note, width, drop-down list)
_SHARED: dict[str, tuple[Any, ...]] = {
    "line_id": ("Repère", "Id", "Identifiant unique de la ligne (texte). Ex. : M12. Défaut : le numéro de "
                "ligne.", "Unique line identifier (text). E.g. M12. Default: the row number.", 9),
    "factor_id": ("Id fiche", "Factor id", "Identifiant du facteur : FDES/PEP, UUID ÖKOBAUDAT ou fiche de la "
                  "feuille Facteurs. Chercher : lca factors search \"béton\".", "Factor identifier: EPD, "
                  "ÖKOBAUDAT UUID or a factor of the Factors sheet. Search: lca factors search \"concrete\".",
                  38),
    "variant": ("Variante", "Variant", "Vide = ligne de toutes les variantes ; un nom (feuille Variantes) = "
                "seulement dans cette variante.", "Blank = in every variant; a name (Variants sheet) = only "
                "in that variant.", 14, "variant"),
    "replaces": ("Remplace", "Replaces", "Repères des lignes communes que cette ligne de variante retire, "
                 "séparés par des virgules. Ex. : M3, M4.", "Ids of the common lines that this variant line "
                 "removes, comma-separated. E.g. M3, M4.", 12),
}  # fmt: skip

MATERIALS: list[Column] = _columns({
    "line_id": _SHARED["line_id"],
    "lot": ("Lot", "Lot", "Lot RE2020 1 à 13 (liste) ou texte libre pour un autre découpage. Ex. : 3.",
            "RE2020 lot 1 to 13 (list) or free text for another breakdown. E.g. 3.", 30, "lot"),
    "element": ("Désignation", "Element", "Ce qu'est la ligne. Ex. : Voile béton C25/30 ép. 20 cm.",
                "What the line is. E.g. Concrete wall C25/30, 20 cm.", 36),
    "quantity": ("Quantité", "Quantity", "Quantité mise en œuvre, nombre > 0, dans l'unité de la colonne "
                 "Unité. Ex. : 12,5.", "Installed quantity, a number > 0, in the unit of the Unit column. "
                 "E.g. 12.5.", 11),
    "unit": ("Unité", "Unit", "m3, m2, m, ml (= mètre linéaire), kg, t, u (pièce). Converti vers l'unité "
             "déclarée du facteur.", "m3, m2, m, ml (= linear metre), kg, t, u (piece). Converted to the "
             "factor's declared unit.", 8, "unit"),
    "factor_id": _SHARED["factor_id"],
    "service_life": ("Durée de vie (ans)", "Service life (years)", "Durée de vie en années ; remplace celle "
                     "du facteur. Ex. : 50. Défaut : celle du facteur.", "Service life in years; overrides "
                     "the factor's. E.g. 50. Default: the factor's.", 12),
    "transport_km": ("Distance (km)", "Distance (km)", "Distance de transport usine → chantier (A4). [km] "
                     "Ex. : 150. Défaut : le A4 du facteur.", "Transport distance factory → site (A4). [km] "
                     "E.g. 150. Default: the factor's A4.", 11),
    "transport_mode": ("Mode de transport", "Transport mode", "Mode du transport A4 (liste). Défaut : route.",
                       "A4 transport mode (list). Default: road.", 14, "transport_mode"),
    "waste_rate": ("Taux de chute", "Waste rate", "Matière en plus de la quantité posée, en fraction ou en "
                   "%. Ex. : 5 % (0,05). Défaut : 0.", "Extra material as a fraction of the installed "
                   "quantity, or %. E.g. 5 % (0.05). Default: 0.", 10),
    "variant": _SHARED["variant"],
    "replaces": _SHARED["replaces"],
})  # fmt: skip

ENERGY: list[Column] = _columns({
    "line_id": _SHARED["line_id"],
    "carrier": ("Vecteur", "Carrier", "Vecteur énergétique (liste), ou eau pour le module B7. Sans Id fiche, "
                "le facteur vient du vecteur et de l'usage.", "Energy carrier (list), or water for module "
                "B7. Without a factor id, the factor comes from the carrier and the use.", 18, "carrier"),
    "use": ("Usage", "Use", "Usage de l'énergie (liste). Ex. : chauffage. Vide ou inconnu : autres.",
            "End use (list). E.g. heating. Blank or unknown: other.", 15, "use"),
    "quantity": ("Quantité (par an)", "Quantity (per year)", "Consommation annuelle, nombre > 0. "
                 "Ex. : 4 200.", "Yearly consumption, a number > 0. E.g. 4200.", 13),
    "unit": ("Unité", "Unit", "kWh, MWh, MJ, GJ (énergie finale), m3 ou l pour l'eau ; /an accepté.",
             "kWh, MWh, MJ, GJ (final energy), m3 or l for water; /yr accepted.", 8, "energy_unit"),
    "factor_id": _SHARED["factor_id"],
    "element": ("Désignation", "Element", "Texte libre. Défaut : vecteur et usage.",
                "Free text. Default: carrier and use.", 30),
    "variant": _SHARED["variant"],
    "replaces": _SHARED["replaces"],
})  # fmt: skip

VARIANTS: list[Column] = _columns({
    "name": ("Nom", "Name", "Nom court de la variante, repris dans la colonne Variante. La première ligne "
             "est la variante de base.", "Short variant name, used in the Variant column. The first row is "
             "the baseline.", 20),
    "description": ("Description", "Description", "Texte libre.", "Free text.", 50),
})  # fmt: skip

_MODULE_NOTES = (
    "Valeur du module par unité déclarée, dans l'unité de l'indicateur (kg CO2e pour le GWP). Vide = non "
    "déclaré.",
    "Value of the module per declared unit, in the indicator's unit (kg CO2e for GWP). Blank = not declared.",
)
FACTORS: list[Column] = _columns({
    "factor_id": ("Id fiche", "Factor id", "Identifiant de la fiche, repris dans la colonne Id fiche des "
                  "lignes.", "Factor identifier, used in the Factor id column of the lines.", 38),
    "name": ("Nom", "Name", "Nom du produit.", "Product name.", 30),
    "declared_unit": ("Unité déclarée", "Declared unit", "Unité fonctionnelle (UF) de la fiche. Ex. : m2.",
                      "Declared (functional) unit. E.g. m2.", 10, "unit"),
    "declared_amount": ("Quantité déclarée", "Declared amount", "Quantité de l'UF. Défaut : 1.",
                        "Amount of the declared unit. Default: 1.", 10),
    "density": ("Masse volumique (kg/m³)", "Density (kg/m³)", "Pour convertir m3 ↔ kg. [kg/m³]",
                "To convert m3 ↔ kg. [kg/m³]", 12),
    "area_mass": ("Masse surfacique (kg/m²)", "Area mass (kg/m²)", "Pour convertir m2 ↔ kg. [kg/m²]",
                  "To convert m2 ↔ kg. [kg/m²]", 12),
    "service_life": ("Durée de vie (ans)", "Service life (years)", "Durée de vie de référence (DVR). [ans]",
                     "Reference service life. [years]", 12),
    "biogenic_carbon": ("Carbone biogénique (kg C)", "Biogenic carbon (kg C)", "Par unité déclarée. "
                        "[kg C]", "Per declared unit. [kg C]", 12),
    "indicator": ("Indicateur", "Indicator", "Indicateur des valeurs de la ligne. Défaut : GWP-total.",
                  "Indicator of the row's values. Default: GWP-total.", 12),
    **{m: (m, m, *_MODULE_NOTES, 9) for m in MODULES},
    "source": ("Source", "Source", "Base ou document (INIES, FDES n°…).", "Database or document.", 20),
    "note": ("Note", "Note", "Texte libre.", "Free text.", 20),
})  # fmt: skip

PROJECT: list[Column] = _columns({
    "name": ("Nom du projet", "Project name", "Nom du projet.", "Project name.", 0),
    "building_type": ("Type de bâtiment", "Building type", "Maison individuelle ou accolée, logement "
                      "collectif ou autre (liste).", "Individual house, collective housing or other "
                      "(list).", 0, "building_type"),
    "reference_area": ("Surface de référence (m²)", "Reference area (m²)", "Sref / SHAB, pour les "
                       "résultats par m². [m²] Ex. : 120.", "Reference floor area, for results per m². "
                       "[m²] E.g. 120.", 0),
    "dwellings": ("Nombre de logements", "Number of dwellings", "Nombre entier. Ex. : 1.",
                  "A whole number. E.g. 1.", 0),
    "study_period": ("Période d'étude (ans)", "Study period (years)", "Période de référence. [ans] "
                     "Défaut : 50.", "Reference study period. [years] Default: 50.", 0),
    "climate_zone": ("Zone climatique", "Climate zone", "H1a à H3 (liste), pour les seuils RE2020.",
                     "H1a to H3 (list), for the RE2020 thresholds.", 0, "climate_zone"),
    "altitude": ("Altitude (m)", "Altitude (m)", "Pour les seuils RE2020. [m]",
                 "For the RE2020 thresholds. [m]", 0),
    "permit_year": ("Année de dépôt du permis", "Permit year", "Année (ex. 2025), pour les seuils RE2020.",
                    "Year (e.g. 2025), for the RE2020 thresholds.", 0),
    "method": ("Méthode", "Method", "en15978 (défaut) ou re2020 (liste).",
               "en15978 (default) or re2020 (list).", 0, "method"),
    "replacement_rule": ("Règle de remplacement", "Replacement rule", "ceil (défaut) : remplacements "
                         "entiers ; fraction : au prorata (liste).", "ceil (default): whole replacements; "
                         "fraction: pro rata (list).", 0, "replacement_rule"),
    "attic_area": ("Surface des combles aménagés (m²)", "Attic area (m²)", "Pour les seuils RE2020. [m²]",
                   "For the RE2020 thresholds. [m²]", 0),
    "heat_network": ("Réseau de chaleur", "Heat network", "Raccordé à un réseau de chaleur classé : "
                     "oui/non.", "Connected to a classified heat network: yes/no.", 0, "yes_no"),
})  # fmt: skip

_README = {
    "fr": ["Classeur de projet lca — analyse du cycle de vie d'un bâtiment (EN 15978, RE2020)", "",
           "1. Projet : une valeur par paramètre (colonne Valeur) ; survolez les cellules pour l'aide.",
           "2. Matériaux : une ligne par ouvrage (quantité, unité, Id fiche) ; listes déroulantes "
           "pour le lot, l'unité et le mode de transport.",
           "3. Énergie : une ligne par consommation annuelle (vecteur, usage, quantité, unité) ; "
           "eau (module B7) avec le vecteur eau.",
           "4. Facteurs (facultatif) : vos propres FDES/PEP, une ligne par fiche, une colonne par module.",
           "5. Variantes (facultatif) : nom et description ; la première est la base.", "",
           "Les en-têtes portent une note (unité, exemple, valeur par défaut). Les nombres peuvent "
           "s'écrire avec une virgule. Les lignes vides sont ignorées ; les colonnes en plus sont gardées.",
           "", "Calculer :  lca run projet.xlsx",
           "RE2020 et résultats JSON :  lca run projet.xlsx --method re2020 --format json -o res.json",
           "Chercher un facteur :  lca factors search \"laine de verre\""],
    "en": ["lca project workbook — building life-cycle assessment (EN 15978, RE2020)", "",
           "1. Project: one value per key (Value column); hover over the cells for help.",
           "2. Materials: one row per inventory line (quantity, unit, factor id); drop-down lists "
           "for the lot, the unit and the transport mode.",
           "3. Energy: one row per yearly use (carrier, use, quantity, unit); water (module B7) with "
           "the carrier water.",
           "4. Factors (optional): your own EPDs, one row per factor, one column per module.",
           "5. Variants (optional): name and description; the first is the baseline.", "",
           "Every header has a note (unit, example, default). Numbers may use a decimal comma. Empty "
           "rows are skipped; extra columns are kept.",
           "", "Compute:  lca run project.xlsx",
           "RE2020 method and JSON results:  lca run project.xlsx --method re2020 --format json -o res.json",
           "Search a factor:  lca factors search \"glass wool\""],
}  # fmt: skip

_BRACKETS = re.compile(r"\s*\(.*?\)")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
_KEY_HEADER = {"fr": ("Paramètre", "Valeur", "Aide"), "en": ("Key", "Value", "Help")}


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
    for i, text in enumerate(_README[lang], start=1):
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
    header = _KEY_HEADER[lang]
    notes = {"fr": ("Nom du paramètre (ne pas modifier).", "Valeur du paramètre.", "Rappel du format."),
             "en": ("Key name (do not change).", "Value of the key.", "Format reminder.")}[lang]  # fmt: skip
    for j, (text, note) in enumerate(zip(header, notes, strict=True), start=1):
        _header_cell(ws, 1, j, text, note)
    row = 1
    for column in PROJECT:
        row += 1
        note = column.note_fr if lang == "fr" else column.note_en
        ws.cell(row, 1).comment = _comment(note)
        _put(ws, row, 1, column.fr if lang == "fr" else column.en)
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
            text = _LONG_FACTORS.get(key, (str(name), str(name), _EXTRA_NOTE["fr"], _EXTRA_NOTE["en"]))
            columns.append(Column(key, *text, 16))
    return columns, source


_SKIP = {"_row", "row", "sheet", "kind", "valid", "table", "table_row"}
_LONG_FACTORS = {  # long layout of a given factor frame
    "module": ("Module", "Module", "Module EN 15978 : A1-A3, A4… C4, D.",
               "EN 15978 module: A1-A3, A4… C4, D."),
    "value": ("Valeur", "Value", "Valeur par unité déclarée, dans l'unité de l'indicateur.",
              "Value per declared unit, in the indicator's unit."),
}  # fmt: skip
_EXTRA_NOTE = {"fr": "Colonne en plus, gardée comme métadonnée.", "en": "Extra column, kept as metadata."}


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
        header = column.fr if lang == "fr" else column.en
        _header_cell(ws, 1, j, header, column.note_fr if lang == "fr" else column.note_en)
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
    message = {"fr": "Valeur hors liste.", "en": "Value not in the list."}[lang]
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
