"""The columns and keys of a project workbook (DESIGN §3): headers, notes, widths and drop-down lists.

English msgids of the catalogue (``lca/locale``), translated when :mod:`lca.io.template` writes a
workbook; the reader (:mod:`lca.io.workbook`) accepts the same headers in French and English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from lca.i18n import translate
from lca.indicators import MODULES

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

# the columns that material and energy lines share
_ID = Column(
    "line_id",
    _("Id"),
    _("Unique line identifier (text). E.g. M12. Default: the row number."),
    9,
)
_FACTOR_ID = Column(
    "factor_id",
    _("Factor id"),
    _(
        "Factor identifier: EPD, ÖKOBAUDAT UUID or a factor of the Factors sheet. Search: lca "
        'factors search "concrete".'
    ),
    38,
)
_VARIANT = Column(
    "variant",
    _("Variant"),
    _("Blank = in every variant; a name (Variants sheet) = only in that variant."),
    14,
    "variant",
)
_REPLACES = Column(
    "replaces",
    _("Replaces"),
    _("Ids of the common lines that this variant line removes, comma-separated. E.g. M3, M4."),
    12,
)

MATERIALS: list[Column] = [
    _ID,
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
    _FACTOR_ID,
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
    _VARIANT,
    _REPLACES,
]

ENERGY: list[Column] = [
    _ID,
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
    _FACTOR_ID,
    Column(
        "element",
        _("Element"),
        _("Free text. Default: carrier and use."),
        30,
    ),
    _VARIANT,
    _REPLACES,
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
