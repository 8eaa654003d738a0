"""RE2020 regulatory tables: the dynamic weights, the thresholds and their modulation terms.

Pure functions on plain numbers, read from ``datasets/re2020/`` (one row per fact, with its source), keyed
by regulatory version and permit year; tables are read lazily on first use and cached.
:mod:`lca.methods.re2020_rules` checks a project's inputs and combines these terms into the maxima.

References
----------
Arrêté du 4 août 2021 (NOR LOGL2107359A), Annexe II. Annex to article R.172-4 of the code de la
construction et de l'habitation, ch. II (thresholds and modulations), consolidated after décret 2024-1258,
as transcribed with page numbers in ``normaxis-group/openbce`` (``specs/usages/exigences-28-usages.md``).
"""

from __future__ import annotations

import math
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
                type_key=Label("project_key", "building_type"),
                year_key=Label("project_key", "permit_year"),
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
