"""RE2020 regulatory rules: a project's threshold inputs checked, and the maxima Icconstruction_max and
Icénergie_max with their details and assumptions.

Pure functions on plain inputs; no project model. The numbers live in ``datasets/re2020/`` (one row per
fact, with its source), keyed by regulatory version and permit year; the dynamic weights, the threshold
tables and the modulation terms are in :mod:`lca.methods.re2020_tables` (re-exported here).

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
from typing import Any

import pandas as pd

from lca._text import Label, Message
from lca.datasets import dataset_path
from lca.errors import InputError
from lca.methods.re2020_tables import BUILDING_TYPES as BUILDING_TYPES
from lca.methods.re2020_tables import CLIMATE_ZONES as CLIMATE_ZONES
from lca.methods.re2020_tables import CONSTRAINT_CATEGORIES as CONSTRAINT_CATEGORIES
from lca.methods.re2020_tables import FIRST_PERMIT_YEAR as FIRST_PERMIT_YEAR
from lca.methods.re2020_tables import LATEST_VERSION as LATEST_VERSION
from lca.methods.re2020_tables import STUDY_PERIOD as STUDY_PERIOD
from lca.methods.re2020_tables import VERSIONS as VERSIONS
from lca.methods.re2020_tables import (
    _match,
    _table,
)
from lca.methods.re2020_tables import dynamic_weights as dynamic_weights
from lca.methods.re2020_tables import energy_weight_sum as energy_weight_sum
from lca.methods.re2020_tables import mccat as mccat
from lca.methods.re2020_tables import mccombles as mccombles
from lca.methods.re2020_tables import mcgeo as mcgeo
from lca.methods.re2020_tables import mcsurf_moy as mcsurf_moy
from lca.methods.re2020_tables import mcsurf_tot as mcsurf_tot
from lca.methods.re2020_tables import micombles as micombles
from lca.methods.re2020_tables import mided as mided
from lca.methods.re2020_tables import migeo as migeo
from lca.methods.re2020_tables import miinfra as miinfra
from lca.methods.re2020_tables import mipv as mipv
from lca.methods.re2020_tables import misurf as misurf
from lca.methods.re2020_tables import misurf_moy as misurf_moy
from lca.methods.re2020_tables import misurf_tot as misurf_tot
from lca.methods.re2020_tables import mivrd as mivrd
from lca.methods.re2020_tables import select_version as select_version
from lca.methods.re2020_tables import thresholds as thresholds


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


def _(msgid: str, lang: str | None = None, **params: Any) -> str:  # the extractor reads _("...")
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
            for _index, row in flagged.iterrows()
        ]
    return notes
