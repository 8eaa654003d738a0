"""RE2020 regulatory rules: dynamic weights, thresholds and their modulations.

Pure functions on plain inputs; no project model. The numbers live in ``datasets/re2020/`` (one row per
fact, with its source), keyed by regulatory version and permit year; this module holds only the formulas.
Tables are read lazily on first use and cached.

Scope: single-usage buildings of usage 1 (``individual_house``, maisons individuelles ou accolées) and
usage 2 (``collective_housing``, logements collectifs). The Sref-weighted average over several usages
(annex to R.172-4, ch. II, V) is left to the caller. Every rule that the reference page marks
unconfirmed, and every interpretation made here, is listed by :func:`assumptions` (texts in
``datasets/re2020/assumptions.csv``).

References
----------
Arrêté du 4 août 2021 (NOR LOGL2107359A), Annexe II. Annex to article R.172-4 of the code de la
construction et de l'habitation, ch. II (thresholds and modulations), consolidated after décret 2024-1258,
as transcribed with page numbers in ``normaxis-group/openbce`` (``specs/usages/exigences-28-usages.md``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from lca._text import Label, Message
from lca.datasets import dataset_path
from lca.errors import InputError

BUILDING_TYPES: tuple[str, ...] = ("individual_house", "collective_housing")
CLIMATE_ZONES: tuple[str, ...] = ("H1a", "H1b", "H1c", "H2a", "H2b", "H2c", "H2d", "H3")
CONSTRAINT_CATEGORIES: tuple[str, ...] = ("CE1", "CE2")
#: Regulatory versions of the tables: text before décret 2024-1258, and consolidated after it.
VERSIONS: tuple[str, ...] = ("2021", "2025")
LATEST_VERSION = "2025"
FIRST_PERMIT_YEAR = 2022
#: Reference study period (PER). [years]
STUDY_PERIOD = 50


@dataclass(frozen=True)
class ThresholdInputs:
    """What the RE2020 thresholds of one building depend on.

    Every field defaults to None (or its stated default) so that the Projet sheet can be passed as is;
    :func:`ic_construction_max` and :func:`ic_energie_max` raise :class:`~lca.errors.InputError` naming
    the key to fill when a needed value is missing.

    Attributes
    ----------
    building_type
        ``individual_house`` (usage 1) or ``collective_housing`` (usage 2).
    permit_year
        Year the building-permit application is filed, ≥ 2022. [year]
    climate_zone
        ``H1a`` … ``H3``.
    altitude
        Altitude of the site. [m]
    dwellings
        Number of dwellings, ≥ 1.
    reference_area
        Sref: surface habitable (SHAB) of the building. [m²]
    attic_area
        Scombles: floor area of converted attics with headroom below 1.8 m; 0 (or None) when none. [m²]
    heat_network
        Connected to a classified heat network (art. L.712-1 code de l'énergie).
    icded
        Impact of default data (DED) and fixed values, for Mided. [kg CO2e/m²]
    ic_lot1, ic_lot2, ic_lot13
        Icconstruction of lot 1 (VRD), lot 2 (fondations et infrastructure) and lot 13 (local electricity
        production), for Mivrd, Miinfra and Mipv. [kg CO2e/m²]
    constraint_category
        Category of external constraints, ``CE1`` (default, also when None) or ``CE2``, for Mccat.
    gas_development_exception
        House on a plot under a permis d'aménager filed before 1 Jan 2022, or in a ZAC planned for gas,
        with a permit filed before 31 Dec 2023 (Icénergie_maxmoyen 280).
    version
        Regulatory version (``2021`` or ``2025``); None picks it from ``permit_year``.
    """

    building_type: str | None = None
    permit_year: int | None = None
    climate_zone: str | None = None
    altitude: float | None = None
    dwellings: int | None = None
    reference_area: float | None = None
    attic_area: float | None = 0.0
    heat_network: bool | None = False
    icded: float | None = None
    ic_lot1: float | None = None
    ic_lot2: float | None = None
    ic_lot13: float | None = None
    constraint_category: str | None = "CE1"
    gas_development_exception: bool = False
    version: str | None = None


# --------------------------------------------------------------------------- tables


@cache
def _table(name: str) -> pd.DataFrame:
    frame = pd.read_csv(dataset_path("re2020", name), dtype={"version": str}, encoding="utf-8")
    frame["unconfirmed"] = frame["unconfirmed"].astype(str).str.lower().eq("true")
    return frame


@cache
def _weights(version: str) -> np.ndarray:
    frame = _table("dynamic_weights.csv")
    rows = frame[frame["version"] == version].sort_values("year")
    weights = rows["weight"].to_numpy(dtype=np.float64)
    weights.setflags(write=False)
    return weights


def dynamic_weights(version: str | None = None) -> np.ndarray:
    """Dynamic-LCA weights f_CO2(a) for a = 0 … 50.

    Emissions of year ``a`` are multiplied by ``f_CO2(a)``: initial production and construction at
    a = 0 (weight 1), final end of life at a = PER = 50 (weight 0.578). Refrigerant weights f_ff are not
    available (reference page: not found).

    Parameters
    ----------
    version
        Regulatory version; None = the latest in the table.

    Returns
    -------
    numpy.ndarray
        51 weights, read-only. [-]

    References
    ----------
    Arrêté du 4 août 2021, Annexe II (f_CO2, cas général), transcribed in ``openbce/carbone.py``.
    """
    versions = sorted(_table("dynamic_weights.csv")["version"].unique())
    chosen = versions[-1] if version is None else str(version)
    if chosen not in versions:
        raise InputError(
            Message(
                "no dynamic weights for version '{version}'; available: {versions}",
                version=chosen,
                versions=", ".join(map(str, versions)),
            ),
            value=version,
        )
    return _weights(chosen)


def energy_weight_sum(version: str | None = None) -> float:
    """Σ f_CO2(a) for a = 1 … 50, the dynamic multiplier of one year of energy emissions (39.543). [-]

    References
    ----------
    Arrêté du 4 août 2021, Annexe II § 4.3.2, eq. 74–75 (as cited in ``openbce/carbone.py``).
    """
    return float(dynamic_weights(version)[1 : STUDY_PERIOD + 1].sum())


def select_version(permit_year: int) -> str:
    """Regulatory version for a permit year: ``2021`` up to 2024, ``2025`` after ([UNCONFIRMED])."""
    return "2021" if permit_year <= 2024 else LATEST_VERSION


def _in_period(frame: pd.DataFrame, permit_year: int) -> pd.Series:
    lo = frame["valid_from"].fillna(-math.inf)
    hi = frame["valid_to"].fillna(math.inf)
    return (lo <= permit_year) & (permit_year <= hi)


def _match(
    table: str, version: str, permit_year: int | None = None, **equal: str
) -> tuple[pd.DataFrame, str]:
    """Rows of ``table`` equal to ``equal`` (and valid in ``permit_year``) in ``version``, else in the
    latest version; also returns the version used."""
    frame = _table(table)
    for candidate in dict.fromkeys((version, LATEST_VERSION)):
        mask = frame["version"] == candidate
        for column, value in equal.items():
            mask &= frame[column] == value
        rows = frame[mask]
        if permit_year is not None:
            rows = rows[_in_period(rows, permit_year)]
        if len(rows):
            return rows, candidate
    return frame.iloc[0:0], version


def _constant(
    term: str, building_type: str, parameter: str, version: str, permit_year: int | None = None
) -> pd.Series:
    rows, _ = _match(
        "modulation_constants.csv",
        version,
        permit_year,
        term=term,
        building_type=building_type,
        parameter=parameter,
    )
    if len(rows) != 1:
        raise LookupError(
            f"modulation_constants.csv: {len(rows)} rows for {term}/{building_type}/{parameter}"
        )
    return rows.iloc[0]


def _piecewise(term: str, building_type: str, x: float, version: str, **divisors: float) -> float:
    """(intercept + slope·x) / divide_by of the row with x_min < x ≤ x_max."""
    rows, version = _match("modulation_piecewise.csv", version, term=term, building_type=building_type)
    rows = rows[(rows["x_min"].isna() | (x > rows["x_min"])) & (rows["x_max"].isna() | (x <= rows["x_max"]))]
    if len(rows) != 1:
        raise LookupError(f"modulation_piecewise.csv: {len(rows)} rows for {term}/{building_type} at x = {x}")
    row = rows.iloc[0]
    divide_by = str(row["divide_by"])
    if divide_by == "cep_nr_maxmoyen":
        divisor = float(_constant("cep_nr_maxmoyen", building_type, "value", version)["value"])
    elif divide_by in divisors:
        divisor = divisors[divide_by]
    else:
        divisor = float(divide_by)
    return (float(row["intercept"]) + float(row["slope"]) * x) / divisor


def _altitude_band(altitude: float) -> str:
    return "<400" if altitude < 400 else ("400-800" if altitude <= 800 else ">800")


# --------------------------------------------------------------------------- thresholds


def thresholds(
    building_type: str,
    permit_year: int,
    *,
    heat_network: bool = False,
    gas_development_exception: bool = False,
    version: str | None = None,
) -> dict:
    """Icconstruction_maxmoyen and Icénergie_maxmoyen for a usage and permit year.

    Parameters
    ----------
    building_type
        ``individual_house`` or ``collective_housing``.
    permit_year
        Year the permit application is filed. [year]
    heat_network
        Connected to a classified heat network (the ``raccordé`` column of Icénergie_maxmoyen).
    gas_development_exception
        The 280 kg CO2e/m² house exception (permit before 31 Dec 2023, see :class:`ThresholdInputs`).
    version
        Regulatory version; None picks it from ``permit_year``.

    Returns
    -------
    dict
        ``icconstruction_maxmoyen`` and ``icenergie_maxmoyen`` [kg CO2e/m²], ``icenergie_case``,
        ``version`` and ``sources`` (one text per threshold).

    References
    ----------
    Annex to R.172-4, ch. II, II (p. 29-32) and III (p. 56-57).
    """
    version = select_version(permit_year) if version is None else version
    out: dict = {"version": version, "sources": {}, "versions_used": {}}
    cases = {"icconstruction_maxmoyen": ["general"], "icenergie_maxmoyen": ["general"]}
    if heat_network:
        cases["icenergie_maxmoyen"].insert(0, "heat_network")
    if gas_development_exception and building_type == "individual_house":
        cases["icenergie_maxmoyen"].insert(0, "gas_development_exception")
    for indicator, wanted in cases.items():
        for case in wanted:
            rows, used = _match(
                "thresholds.csv",
                version,
                permit_year,
                indicator=indicator,
                building_type=building_type,
                case=case,
            )
            if len(rows):
                out[indicator] = float(rows.iloc[0]["value"])
                out["sources"][indicator] = str(rows.iloc[0]["source"])
                out["versions_used"][indicator] = used
                if indicator == "icenergie_maxmoyen":
                    out["icenergie_case"] = case
                break
    if "icconstruction_maxmoyen" not in out or "icenergie_maxmoyen" not in out:
        raise InputError(
            Message(
                "no RE2020 threshold for {type_key} '{building_type}' and {year_key} '{permit_year}'; "
                "expected {type_key} in {types} and {year_key} ≥ {first}",
                type_key=_project_label("building_type"),
                year_key=_project_label("permit_year"),
                building_type=building_type,
                permit_year=permit_year,
                types=", ".join(BUILDING_TYPES),
                first=FIRST_PERMIT_YEAR,
            ),
            value=(building_type, permit_year),
        )
    return out


# ---------------------------------------------------------------- modulations of Icénergie_max


def mcgeo(building_type: str, climate_zone: str, altitude: float, version: str = LATEST_VERSION) -> float:
    """Mcgéo, the climate and altitude modulation of Icénergie_max. [-]

    Table by altitude band (< 400 m, 400–800 m, > 800 m) and climate zone H1a … H3.
    Annex to R.172-4, ch. II, II, p. 32-33 (houses) and p. 34 (collective housing).
    """
    rows, _ = _match(
        "modulation_mcgeo.csv",
        version,
        building_type=building_type,
        altitude_band=_altitude_band(altitude),
        climate_zone=climate_zone,
    )
    return float(rows.iloc[0]["value"])


def mccombles(
    building_type: str, attic_area: float, reference_area: float, version: str = LATEST_VERSION
) -> float:
    """Mccombles = 0.4 × Scombles / Sref for houses, 0 for collective housing. [-]

    Annex to R.172-4, ch. II, II, p. 33-34.
    """
    coefficient = float(_constant("mccombles", building_type, "coefficient", version)["value"])
    return coefficient * attic_area / reference_area


def mcsurf_moy(
    building_type: str, reference_area: float, dwellings: int, version: str = LATEST_VERSION
) -> float:
    """Mcsurf_moy, piecewise linear in Smoylgt = Sref / dwellings, divided by Cep,nr_maxmoyen. [-]

    Houses: (49.5 − 0.55 S)/55 up to 100 m², (14.5 − 0.2 S)/55 up to 150 m², −15.5/55 above.
    Collective: (45 − S)/70 up to 40 m², (15 − 0.25 S)/70 up to 80, (3 − 0.1 S)/70 up to 120, −9/70 above.
    Annex to R.172-4, ch. II, II, p. 33-34.
    """
    return _piecewise("mcsurf_moy", building_type, reference_area / dwellings, version)


def mcsurf_tot(building_type: str, reference_area: float, version: str = LATEST_VERSION) -> float:
    """Mcsurf_tot: 0 for houses; (13 − 0.01 S)/70 up to S = 1300 m² of Sref, 0 above, for collective. [-]

    Annex to R.172-4, ch. II, II, p. 34.
    """
    return _piecewise("mcsurf_tot", building_type, reference_area, version)


def mccat(
    building_type: str, climate_zone: str, constraint_category: str = "CE1", version: str = LATEST_VERSION
) -> float:
    """Mccat: +0.10 for external-constraint category CE2 in H2d and H3, 0 otherwise. [-]

    Annex to R.172-4, ch. II, II, p. 33-34.
    """
    row = _constant("mccat", building_type, "value_ce2", version)
    return (
        float(row["value"])
        if constraint_category == "CE2" and climate_zone in row["climate_zones"].split()
        else 0.0
    )


# ---------------------------------------------------------------- modulations of Icconstruction_max


def micombles(
    building_type: str, attic_area: float, reference_area: float, version: str = LATEST_VERSION
) -> float:
    """Micombles = 0.4 × Scombles / Sref for houses, 0 otherwise. [-]

    Annex to R.172-4, ch. II, III, p. 57.
    """
    coefficient = float(_constant("micombles", building_type, "coefficient", version)["value"])
    return coefficient * attic_area / reference_area


def misurf_moy(
    building_type: str, reference_area: float, dwellings: int, icconstruction_maxmoyen: float
) -> float:
    """Misurf_moy (consolidated text), with Smoylgt = Sref / dwellings. [-]

    Houses: 0.36 − 3.6 Smoylgt/1000 up to 120 m², −0.072 above (p. 58). Collective:
    (100 − 2.5 Smoylgt) / Icconstruction_maxmoyen up to 40 m², 0 above (p. 60).
    Annex to R.172-4, ch. II, III, after décret 2024-1258.
    """
    smoylgt = reference_area / dwellings
    return _piecewise(
        "misurf_moy", building_type, smoylgt, "2025", icconstruction_maxmoyen=icconstruction_maxmoyen
    )


def misurf_tot(building_type: str, reference_area: float) -> float:
    """Misurf_tot (consolidated text): 0 for houses; for collective housing, with S = Sref [m²]. [-]

    −0.104 + 0.8×10⁻⁴ S up to 1300, 0.0455 − 0.35×10⁻⁴ S below 4000, −0.0945 from 4000.
    Annex to R.172-4, ch. II, III, p. 60-61, after décret 2024-1258.
    """
    return _piecewise("misurf_tot", building_type, reference_area, "2025")


def misurf(building_type: str, reference_area: float, dwellings: int) -> float:
    """Misurf of the text before décret 2024-1258 (version 2021). [-]

    Houses: 0.36 − 3.6 Smoylgt/1000 up to 120 m², −0.072 above. Collective, S = Sref [m²]:
    −0.169 + 1.3 S/10000 up to 1300, 0.0455 − 0.35 S/10000 up to 4000, −0.0945 above
    (One Click LCA pre-2025 script; S read as total Sref, an assumption).
    """
    x = reference_area / dwellings if building_type == "individual_house" else reference_area
    return _piecewise("misurf", building_type, x, "2021")


def migeo(building_type: str, climate_zone: str, altitude: float, version: str = LATEST_VERSION) -> float:
    """Migéo: 30 in H2d or H3 below 400 m, 0 otherwise. [kg CO2e/m²]

    Annex to R.172-4, ch. II, III, p. 58-61.
    """
    row = _constant("migeo", building_type, "value", version)
    hit = climate_zone in row["climate_zones"].split() and _altitude_band(altitude) == row["altitude_band"]
    return float(row["value"]) if hit else 0.0


def _capped_excess(term: str, building_type: str, impact: float, version: str) -> float:
    threshold = float(_constant(term, building_type, "threshold", version)["value"])
    return max(0.0, impact - threshold)


def miinfra(building_type: str, ic_lot2: float, version: str = LATEST_VERSION) -> float:
    """Miinfra = max(0, Ic_lot2 − 40), lot 2 = fondations et infrastructure. [kg CO2e/m²]

    Annex to R.172-4, ch. II, III (openbce spec §6.2).
    """
    return _capped_excess("miinfra", building_type, ic_lot2, version)


def mivrd(building_type: str, ic_lot1: float, version: str = LATEST_VERSION) -> float:
    """Mivrd = max(0, Ic_lot1 − threshold), lot 1 = VRD. [kg CO2e/m²]

    Threshold 20 (houses) and 10 (collective) in the consolidated text; 30 and 10 before
    décret 2024-1258 (re2020-e-betherm.fr). Annex to R.172-4, ch. II, III.
    """
    return _capped_excess("mivrd", building_type, ic_lot1, version)


def mipv(building_type: str, ic_lot13: float, version: str = LATEST_VERSION) -> float:
    """Mipv = max(0, Ic_lot13 − 20), lot 13 = local electricity production. [kg CO2e/m²]

    Annex to R.172-4, ch. II, III, after décret 2024-1258 (absent from the earlier formula).
    """
    return _capped_excess("mipv", building_type, ic_lot13, version)


def mided(building_type: str, icded: float, permit_year: int, version: str = LATEST_VERSION) -> float:
    """Mided = coefficient × max(0, Icded − threshold). [kg CO2e/m²]

    Threshold 370 (houses), 250 (collective); coefficient 0.3 for permits 2022–2024, 0 for 2025–2027,
    −0.3 from 2028. The clamp at 0 below the threshold is an assumption for 2028 on (isover states it).
    Annex to R.172-4, ch. II, III (openbce spec §6.2); isover.
    """
    coefficient = float(_constant("mided", building_type, "coefficient", version, permit_year)["value"])
    if coefficient == 0.0:
        return 0.0
    return coefficient * _capped_excess("mided", building_type, icded, version)


# --------------------------------------------------------------------------- maxima


def _project_label(key: str) -> Label:
    """A Projet setting the thresholds need, by its label (what the user reads)."""
    labels = {
        "building_type": Label("project_key", "building_type"),
        "permit_year": Label("project_key", "permit_year"),
        "climate_zone": Label("project_key", "climate_zone"),
        "altitude": Label("project_key", "altitude"),
        "dwellings": Label("project_key", "dwellings"),
        "reference_area": Label("project_key", "reference_area"),
        "attic_area": Label("project_key", "attic_area"),
        "constraint_category": Label("project_key", "constraint_category"),
        "version": Label("project_key", "version"),
    }
    return labels[key]


def _missing(key: str, value: object, expected: str | Message, *, projet: bool = True) -> InputError:
    """The error of a missing or invalid input: a Projet setting named by its label, or a computed value."""
    found = "None" if value is None else f"'{value}'"
    if projet:
        text = Message(
            "{key} is missing or invalid for the RE2020 thresholds: found {found}; expected {expected}; fill "
            "the {key} on the Projet sheet",
            key=_project_label(key),
            found=found,
            expected=expected,
        )
    else:
        text = Message(
            "{key} is missing or invalid for the RE2020 thresholds: found {found}; expected {expected}; it "
            "comes from the computed inventory",
            key=key,
            found=found,
            expected=expected,
        )
    return InputError(text, sheet="Projet" if projet else None, value=value)


def _one_of(values: object) -> Message:
    return Message("one of {values}", values=", ".join(map(str, values)))  # type: ignore[call-overload]


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _checked(params: ThresholdInputs) -> dict:
    """Validated, normalised site inputs; raises InputError naming the Projet key to fill."""
    p = params
    if p.building_type not in BUILDING_TYPES:
        raise _missing("building_type", p.building_type, _one_of(BUILDING_TYPES))
    year = _number(p.permit_year)
    if year is None or year != int(year) or year < FIRST_PERMIT_YEAR:
        raise _missing("permit_year", p.permit_year, Message("a year ≥ {first}", first=FIRST_PERMIT_YEAR))
    zones = {z.lower(): z for z in CLIMATE_ZONES}
    zone = zones.get(str(p.climate_zone).strip().lower()) if p.climate_zone is not None else None
    if zone is None:
        raise _missing("climate_zone", p.climate_zone, _one_of(CLIMATE_ZONES))
    altitude = _number(p.altitude)
    if altitude is None:
        raise _missing("altitude", p.altitude, Message("the site altitude in m"))
    dwellings = _number(p.dwellings)
    if dwellings is None or dwellings < 1:
        raise _missing("dwellings", p.dwellings, Message("a number of dwellings ≥ 1"))
    area = _number(p.reference_area)
    if area is None or area <= 0:
        raise _missing("reference_area", p.reference_area, Message("Sref (SHAB) > 0 in m²"))
    attic = 0.0 if p.attic_area is None else _number(p.attic_area)  # no attic: 0
    if attic is None or attic < 0:
        raise _missing(
            "attic_area", p.attic_area, Message("the converted attic area ≥ 0 in m² (0 when none)")
        )
    category = str(p.constraint_category or "CE1").strip().upper()
    if category not in CONSTRAINT_CATEGORIES:
        raise _missing("constraint_category", p.constraint_category, _one_of(CONSTRAINT_CATEGORIES))
    if p.version is not None and p.version not in VERSIONS:
        raise _missing("version", p.version, Message("one of {values} or empty", values=", ".join(VERSIONS)))
    version = p.version or select_version(int(year))
    return {
        "building_type": p.building_type, "permit_year": int(year), "climate_zone": zone,
        "altitude": altitude, "dwellings": dwellings, "reference_area": area, "attic_area": attic,
        "version": version, "auto_version": p.version is None, "constraint_category": category,
        "heat_network": bool(p.heat_network),
    }  # fmt: skip


def _computed(params: ThresholdInputs, key: str, term: str) -> float:
    value = _number(getattr(params, key))
    if value is None:
        raise _missing(
            key, getattr(params, key), Message("a number [kg CO2e/m²] for {term}", term=term), projet=False
        )
    return value


_CONSTANTS = "modulation_constants.csv"
_PIECEWISE = "modulation_piecewise.csv"
#: The table lookups behind each maximum: (label, table, filters, filtered by permit year).
_LOOKUPS: dict[str, list[tuple[str, str, dict[str, str], bool]]] = {
    "energie": [
        ("Mcgéo", "modulation_mcgeo.csv", {"term": "mcgeo"}, False),
        ("Mccombles", _CONSTANTS, {"term": "mccombles"}, False),
        ("Mcsurf_moy", _PIECEWISE, {"term": "mcsurf_moy"}, False),
        ("Mcsurf_tot", _PIECEWISE, {"term": "mcsurf_tot"}, False),
        ("Cep,nr_maxmoyen", _CONSTANTS, {"term": "cep_nr_maxmoyen"}, False),
        ("Mccat", _CONSTANTS, {"term": "mccat"}, False),
    ],
    "construction": [
        ("Micombles", _CONSTANTS, {"term": "micombles"}, False),
        ("Migéo", _CONSTANTS, {"term": "migeo"}, False),
        ("Miinfra", _CONSTANTS, {"term": "miinfra"}, False),
        ("Mivrd", _CONSTANTS, {"term": "mivrd"}, False),
        ("Mided threshold", _CONSTANTS, {"term": "mided", "parameter": "threshold"}, False),
        ("Mided coefficient", _CONSTANTS, {"term": "mided", "parameter": "coefficient"}, True),
    ],
}


def _fallbacks(site: dict, which: str, base: dict) -> list[str]:
    """Labels of the values looked up in the latest version because ``site['version']`` has none."""
    version, bt = site["version"], site["building_type"]
    indicator = f"ic{which}_maxmoyen"
    label = {"energie": "Icénergie_maxmoyen", "construction": "Icconstruction_maxmoyen"}[which]
    out = [label] if base["versions_used"][indicator] != version else []
    for label, table, equal, by_year in _LOOKUPS[which]:
        year = site["permit_year"] if by_year else None
        if _match(table, version, year, building_type=bt, **equal)[1] != version:
            out.append(label)
    return [_("{value} (version {version} used)", value=label, version=LATEST_VERSION) for label in out]


@cache
def _assumption_texts() -> dict[str, str]:
    frame = pd.read_csv(dataset_path("re2020", "assumptions.csv"), encoding="utf-8")
    return dict(zip(frame["key"], frame["text"], strict=True))


def _(msgid: str, lang: str | None = None, **params: object) -> str:  # the extractor reads _("...")
    """``msgid`` in ``lang`` (default: the current language); assumption texts are catalogue entries."""
    from lca.i18n import translate

    return translate(msgid, lang, **params)


def _notes(site: dict, keys: list[str], fallbacks: list[str], lang: str | None = None) -> list[str]:
    """The assumptions behind one maximum, in ``lang`` (default: the current language)."""
    texts = _assumption_texts()
    notes = [_(texts["version"], lang)] if site["auto_version"] else []
    if fallbacks:
        notes.append(
            _(
                "{text} Here: {values}.",
                lang,
                text=_(texts["fallback"], lang),
                values="; ".join(fallbacks),
            )
        )
    return notes + [_(texts[k], lang) for k in keys]


def ic_energie_max(params: ThresholdInputs) -> tuple[float, dict]:
    """Icénergie_max = Icénergie_maxmoyen × (1 + Mcgéo + Mccombles + Mcsurf_moy + Mcsurf_tot + Mccat).

    Parameters
    ----------
    params
        Site inputs; ``icded`` and the lot impacts are not needed here.

    Returns
    -------
    tuple of (float, dict)
        The threshold [kg CO2e/m²] and its details: ``version``, ``icenergie_maxmoyen`` [kg CO2e/m²],
        each modulation [-], ``formula``, ``sources`` and ``assumptions``.

    Raises
    ------
    InputError
        Naming the Projet key to fill, the value found and the values allowed.

    References
    ----------
    Annex to R.172-4, ch. II, II, p. 3-4 and p. 29-34 (consolidated after décret 2024-1258).
    """
    site = _checked(params)
    bt, version, area = site["building_type"], site["version"], site["reference_area"]
    base = thresholds(
        bt, site["permit_year"], heat_network=site["heat_network"],
        gas_development_exception=params.gas_development_exception, version=version,
    )  # fmt: skip
    terms = {
        "mcgeo": mcgeo(bt, site["climate_zone"], site["altitude"], version),
        "mccombles": mccombles(bt, site["attic_area"], area, version),
        "mcsurf_moy": mcsurf_moy(bt, area, site["dwellings"], version),
        "mcsurf_tot": mcsurf_tot(bt, area, version),
        "mccat": mccat(bt, site["climate_zone"], site["constraint_category"], version),
    }
    value = base["icenergie_maxmoyen"] * (1.0 + sum(terms.values()))
    keys = ["altitude_bands", "decret_2026_200"] + (["heat_network_rule"] if site["heat_network"] else [])
    if version != LATEST_VERSION:
        keys.insert(0, "icenergie_formula_2021")
    details = {
        "version": version,
        "icenergie_maxmoyen": base["icenergie_maxmoyen"],
        "icenergie_case": base["icenergie_case"],
        **terms,
        "formula": "Icénergie_maxmoyen × (1 + Mcgéo + Mccombles + Mcsurf_moy + Mcsurf_tot + Mccat)",
        "sources": {"icenergie_maxmoyen": base["sources"]["icenergie_maxmoyen"]},
        "assumptions": _notes(site, keys, _fallbacks(site, "energie", base)),
    }
    return value, details


_FORMULAS = {
    "2021": "Icconstruction_maxmoyen × (1 + Micombles + Misurf) + Migéo + Miinfra + Mivrd + Mided",
    "2025": "Icconstruction_maxmoyen × (1 + Micombles + Misurf_moy + Misurf_tot) + Migéo + Miinfra + Mivrd "
    "+ Mipv + Mided",
}


def ic_construction_max(params: ThresholdInputs) -> tuple[float, dict]:
    """Icconstruction_max of a house or collective-housing building.

    Consolidated text (version 2025): Icconstruction_maxmoyen × (1 + Micombles + Misurf_moy + Misurf_tot)
    + Migéo + Miinfra + Mivrd + Mipv + Mided. Before décret 2024-1258 (version 2021):
    Icconstruction_maxmoyen × (1 + Micombles + Misurf) + Migéo + Miinfra + Mivrd + Mided.

    Parameters
    ----------
    params
        Site inputs, plus ``icded``, ``ic_lot1``, ``ic_lot2`` and (version 2025) ``ic_lot13``
        [kg CO2e/m²].

    Returns
    -------
    tuple of (float, dict)
        The threshold [kg CO2e/m²] and its details: ``version``, ``icconstruction_maxmoyen``, each
        multiplicative [-] and additive [kg CO2e/m²] modulation, ``formula``, ``sources``, ``assumptions``.

    Raises
    ------
    InputError
        Naming the key to fill, the value found and the values allowed.

    References
    ----------
    Annex to R.172-4, ch. II, III, p. 4 and p. 56-61; isover and re2020-e-betherm.fr for the earlier form.
    """
    site = _checked(params)
    bt, version, area, year = (site[k] for k in ("building_type", "version", "reference_area", "permit_year"))
    base = thresholds(bt, year, version=version)
    maxmoyen = base["icconstruction_maxmoyen"]
    factors = {"micombles": micombles(bt, site["attic_area"], area, version)}
    if version == "2021":
        factors["misurf"] = misurf(bt, area, site["dwellings"])
    else:
        factors["misurf_moy"] = misurf_moy(bt, area, site["dwellings"], maxmoyen)
        factors["misurf_tot"] = misurf_tot(bt, area)
    additive = {
        "migeo": migeo(bt, site["climate_zone"], site["altitude"], version),
        "miinfra": miinfra(bt, _computed(params, "ic_lot2", "Miinfra"), version),
        "mivrd": mivrd(bt, _computed(params, "ic_lot1", "Mivrd"), version),
    }
    if version != "2021":
        additive["mipv"] = mipv(bt, _computed(params, "ic_lot13", "Mipv"), version)
    additive["mided"] = mided(bt, _computed(params, "icded", "Mided"), year, version)
    value = maxmoyen * (1.0 + sum(factors.values())) + sum(additive.values())
    keys = ["altitude_bands", "mided_clamp", "decret_2026_200"]
    if version == "2021" and bt == "collective_housing":
        keys.insert(0, "misurf_2021")
    details = {
        "version": version,
        "icconstruction_maxmoyen": maxmoyen,
        **factors,
        **additive,
        "formula": _FORMULAS[version],
        "sources": {"icconstruction_maxmoyen": base["sources"]["icconstruction_maxmoyen"]},
        "assumptions": _notes(site, keys, _fallbacks(site, "construction", base)),
    }
    return value, details


def assumptions(lang: str | None = None) -> list[str]:
    """Every unconfirmed rule and interpretation used by the RE2020 rules, as report-ready sentences in
    ``lang`` (default: the current language).

    Includes the rows that the shipped RE2020 tables flag ``unconfirmed``. The texts of
    ``datasets/re2020/assumptions.csv`` are translated by the catalogue (their English text is the msgid).
    """
    notes = [_(text, lang) for text in _assumption_texts().values()]
    for name in ("dynamic_weights.csv", "thresholds.csv", "modulation_mcgeo.csv",
                 "modulation_piecewise.csv", "modulation_constants.csv"):  # fmt: skip
        flagged = _table(name)[_table(name)["unconfirmed"]]
        notes += [
            _("[UNCONFIRMED] datasets/re2020/{table}: {row}", lang, table=name, row=str(row.to_dict()))
            for _, row in flagged.iterrows()
        ]
    return notes
