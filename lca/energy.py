"""Energy carriers and uses: the vocabulary of the Énergie / Energy sheet and of energy factor tables.

Keys are the canonical spellings used in factor tables (``carrier`` and ``use`` columns), results and
reports; :func:`carrier_key` and :func:`use_key` map French and English spellings onto them, ignoring
case, accents, spaces, hyphens and underscores.

District heating and cooling have no shipped factor: RE2020 uses each network's own value, published
yearly in the "arrêté DPE" (France Chaleur Urbaine; openbce ``DE_RESEAU``). Give it with a ``factor_id``
of your own factor table. Water (carrier ``water``, module B7) has no shipped factor either.

Fuels are often known in the units they are bought in: litres of fuel oil, m³ of natural gas, tonnes of
pellets, stères of logs. :func:`kwh_per_unit` converts them to kWh of final energy on a lower heating
value (PCI) basis with the regulatory values of :data:`HEATING_VALUES`, each with its source.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd

from lca._text import Message, Num, joined
from lca.errors import UnitError
from lca.units import conversion_factor, dimension, pretty_unit

#: Carrier key -> French and English labels.
CARRIERS: dict[str, dict[str, str]] = {
    "electricity": {"fr": "Électricité", "en": "Electricity"},
    "natural_gas": {"fr": "Gaz naturel", "en": "Natural gas"},
    "fuel_oil": {"fr": "Fioul domestique", "en": "Fuel oil"},
    "lpg": {"fr": "Gaz de pétrole liquéfié (GPL, propane)", "en": "Liquefied petroleum gas (LPG)"},
    "wood_logs": {"fr": "Bois bûches", "en": "Wood logs"},
    "wood_pellets": {"fr": "Bois granulés", "en": "Wood pellets"},
    "wood_chips": {"fr": "Plaquettes forestières", "en": "Wood chips"},
    "district_heating": {"fr": "Réseau de chaleur", "en": "District heating"},
    "district_cooling": {"fr": "Réseau de froid", "en": "District cooling"},
    "water": {"fr": "Eau", "en": "Water"},
}

#: Use key -> French and English labels. ``all`` is a factor valid for every use of its carrier.
USES: dict[str, dict[str, str]] = {
    "heating": {"fr": "Chauffage", "en": "Heating"},
    "dhw": {"fr": "Eau chaude sanitaire (ECS)", "en": "Domestic hot water"},
    "cooling": {"fr": "Refroidissement", "en": "Cooling"},
    "lighting": {"fr": "Éclairage", "en": "Lighting"},
    "auxiliary": {"fr": "Auxiliaires", "en": "Auxiliaries"},
    "other": {"fr": "Autres usages", "en": "Other uses"},
    "all": {"fr": "Tous usages", "en": "All uses"},
}

_CARRIER_ALIASES: dict[str, tuple[str, ...]] = {
    "electricity": (
        "électricité",
        "elec",
        "électrique",
        "electric",
        "électricité réseau",
        "grid electricity",
    ),
    "natural_gas": ("gaz naturel", "gaz", "natural gas", "gas", "gn", "gaz de réseau"),
    "fuel_oil": ("fioul", "fioul domestique", "fuel oil", "fuel", "heating oil", "mazout", "fod"),
    "lpg": ("gpl", "propane", "gaz de pétrole liquéfié", "liquefied petroleum gas"),
    "wood_logs": ("bois bûches", "bûches", "bois bûche", "wood logs", "logs", "firewood"),
    "wood_pellets": ("granulés", "bois granulés", "granulés de bois", "pellets", "wood pellets"),
    "wood_chips": ("plaquettes", "bois plaquettes", "plaquettes forestières", "wood chips", "chips"),
    "district_heating": (
        "réseau de chaleur",
        "réseau chaleur",
        "rdc",
        "chauffage urbain",
        "district heating",
        "heat network",
        "heating network",
    ),  # fmt: skip
    "district_cooling": ("réseau de froid", "réseau froid", "district cooling", "cooling network"),
    "water": ("eau", "water", "eau potable", "eau de ville", "drinking water"),
}

_USE_ALIASES: dict[str, tuple[str, ...]] = {
    "heating": ("chauffage", "chaud", "heating", "space heating"),
    "dhw": ("ecs", "eau chaude sanitaire", "eau chaude", "dhw", "domestic hot water", "hot water"),
    "cooling": ("refroidissement", "climatisation", "clim", "froid", "cooling", "air conditioning"),
    "lighting": ("éclairage", "lighting", "light"),
    "auxiliary": (
        "auxiliaires",
        "auxiliaire",
        "auxiliary",
        "auxiliaries",
        "ventilation",
        "auxiliaires de ventilation",
        "auxiliaires de distribution",
    ),  # fmt: skip
    "other": (
        "autres",
        "autre",
        "autres usages",
        "other",
        "others",
        "other uses",
        "déplacement",
        "ascenseurs",
        "lifts",
        "elevators",
    ),  # fmt: skip
    "all": ("all", "tous", "tous usages", "tout", "all uses", "total", "toutes", "*"),
}


def _squash(text: str) -> str:
    """Lower case, accents removed, only letters, digits and ``*`` kept."""
    plain = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    plain = re.sub(r"[\(\[].*?[\)\]]", "", plain) or plain  # "Eau chaude sanitaire (ECS)"
    return "".join(ch for ch in plain if ch.isalnum() or ch == "*")


@cache
def _index(kind: str) -> dict[str, str]:
    """Squashed spelling -> key, built on first use."""
    aliases = _CARRIER_ALIASES if kind == "carrier" else _USE_ALIASES
    return {_squash(name): key for key, names in aliases.items() for name in (key, *names)}


def carrier_key(text: object) -> str | None:
    """Canonical carrier key for a French or English spelling, or None when unknown.

    ``"Électricité"``, ``"elec"`` -> ``electricity``; ``"Gaz naturel"`` -> ``natural_gas``;
    ``"bois granulés"`` -> ``wood_pellets``; ``"réseau de chaleur"`` -> ``district_heating``;
    ``"eau"`` -> ``water``. ``"bois"`` alone is ambiguous (logs, pellets or chips) and gives None.
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    return _index("carrier").get(_squash(str(text)))


def use_key(text: object) -> str | None:
    """Canonical use key for a French or English spelling, or None when unknown.

    ``"chauffage"`` -> ``heating``; ``"ECS"``, ``"eau chaude sanitaire"`` -> ``dhw``;
    ``"climatisation"`` -> ``cooling``; ``"éclairage"`` -> ``lighting``; ``"auxiliaires"`` -> ``auxiliary``;
    ``"autres"`` -> ``other``; ``"tous usages"`` -> ``all``.
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    return _index("use").get(_squash(str(text)))


def find_energy_factor(table_frame: pd.DataFrame, carrier: str, use: str | None = None) -> str | None:
    """The ``factor_id`` of the energy factor for a carrier and a use.

    Looks for (carrier, use), then (carrier, ``all``), then the carrier's only factor. Carrier and use
    may be given in any spelling that :func:`carrier_key` / :func:`use_key` know; so may the table's
    columns. When several factors match, the last one wins (a later table overrides an earlier one).

    Parameters
    ----------
    table_frame
        Columns ``factor_id``, ``carrier``, ``use`` (other columns are ignored; repeated rows of one
        factor are allowed).
    carrier
        Energy carrier, e.g. ``"électricité"``.
    use
        Use, e.g. ``"chauffage"``; None or unknown falls back to ``all``.

    Returns
    -------
    str or None
        The factor id, or None when the table has no factor for that carrier (or several, none of them
        matching the use).
    """
    return energy_factor_finder(table_frame)(carrier, use)


def energy_factor_finder(table_frame: pd.DataFrame) -> Callable[[str, str | None], str | None]:
    """:func:`find_energy_factor` on ``table_frame`` for many (carrier, use) pairs: the table's carriers
    and uses are read once (a project's energy lines ask it once per pair)."""
    frame = table_frame[["factor_id", "carrier", "use"]].drop_duplicates("factor_id", keep="last")
    carriers = frame["carrier"].map(lambda v: carrier_key(v) or v).to_numpy(dtype=object)
    uses = frame["use"].map(lambda v: use_key(v) or v).to_numpy(dtype=object)
    ids = frame["factor_id"].astype(str).to_numpy(dtype=object)

    def find(carrier: str, use: str | None = None) -> str | None:
        wanted_carrier = carrier_key(carrier)
        if wanted_carrier is None or not len(ids):
            return None
        of_carrier = carriers == wanted_carrier
        wanted_use = use_key(use)
        for candidate in dict.fromkeys([wanted_use, "all"]):
            hits = np.flatnonzero(of_carrier & (uses == candidate))
            if candidate is not None and len(hits):
                return str(ids[hits[-1]])
        only = np.flatnonzero(of_carrier)
        return str(ids[only[0]]) if len(only) == 1 else None

    return find


# ------------------------------------------------------------------------------ fuels in their units

#: Lower heating values (PCI, net calorific value) [kWh PCI per unit] by carrier and the unit they are
#: given in, with the key of their source (:func:`heating_value_source`). A quantity in another unit of the
#: same dimension (t, m³ of fuel oil) is converted to that unit first. Natural gas per m³: normal cubic
#: metres (0 °C, 1013 hPa), gas type H.
HEATING_VALUES: dict[str, dict[str, tuple[float, str]]] = {
    "fuel_oil": {"liter": (9.97, "fuel_oil_l"), "kg": (42.0 / 3.6, "fuel_oil_t")},
    "natural_gas": {"m**3": (37.5 / 3.6, "natural_gas_m3")},
    "lpg": {"kg": (46.0 / 3.6, "lpg_t")},
    "wood_pellets": {"kg": (4.6, "wood_pellets_t")},
    "wood_chips": {"kg": (2.76, "wood_chips_t")},
    "wood_logs": {"stere": (1680.0, "wood_logs_stere")},
}

#: kWh PCS (gross calorific value, as on a gas invoice) per kWh PCI for natural gas [-], and its source key.
GAS_PCS_PER_PCI: tuple[float, str] = (1.11, "gas_pcs")


def heating_value_source(key: str) -> Message:
    """The heating value of ``key`` as its source gives it, and the source (a French regulation, named
    by its French title in French and described in English), in the message's language."""
    dpe = Message(
        "French order (arrêté) of 15 September 2006 on the energy performance diagnosis (DPE), annex 3 "
        "(consolidated version, as amended by the order of 8 February 2012)"
    )
    pci = Message("French order (arrêté) of 31 October 2012 (NOR DEVR1237416A), annex 'national PCI values'")
    values = {  # (fuel, value as the source gives it, its unit, source)
        "fuel_oil_l": (Message("domestic fuel oil"), 9.97, "kWh PCI/l", dpe),
        "fuel_oil_t": (Message("domestic fuel oil"), 42.0, "GJ/t", pci),
        "natural_gas_m3": (Message("natural gas type H"), 37.5, "MJ PCI/m³(n)", pci),
        "lpg_t": (Message("LPG"), 46.0, "GJ/t", pci),
        "wood_pellets_t": (Message("pellets, briquettes"), 4600.0, "kWh PCI/t", dpe),
        "wood_chips_t": (Message("forest chips"), 2760.0, "kWh PCI/t", dpe),
        "wood_logs_stere": (Message("logs"), 1680.0, Message("kWh PCI/stere"), dpe),
    }
    if key == "gas_pcs":
        return Message("natural gas: kWh PCS ÷ {ratio} = kWh PCI, {source}", ratio=Num(1.11), source=dpe)
    fuel, value, unit, source = values[key]
    return Message("{fuel} {value} {unit}, {source}", fuel=fuel, value=Num(value), unit=unit, source=source)


#: Exported energy (EN 15804): on an energy line (B6) an energy-supply dataset's EEE/EET is the energy it
#: delivers — the energy the building uses, not energy the building exports — so B6 leaves them at 0.
EXPORTED_ENERGY_INDICATORS = ("EEE", "EET")

_STERE = {"stere", "steres", "st", "stere(s)"}
_NORMAL_M3 = {"nm3", "m3n", "m3(n)", "nm^3", "m3normal", "m3normaux"}
_PER_YEAR = re.compile(r"(/|par|per)(an|ans|annee|year|yr|a)$")


def carrier_name(carrier: str) -> Message | str:
    """A carrier key's name inside a sentence (lower case), in the message's language; unknown: as is."""
    names = {
        "electricity": Message("electricity"),
        "natural_gas": Message("natural gas"),
        "fuel_oil": Message("fuel oil"),
        "lpg": Message("liquefied petroleum gas (LPG)"),
        "wood_logs": Message("wood logs"),
        "wood_pellets": Message("wood pellets"),
        "wood_chips": Message("wood chips"),
        "district_heating": Message("district heating"),
        "district_cooling": Message("district cooling"),
        "water": Message("water"),
    }
    return names.get(carrier, carrier)


def use_name(use: str) -> Message | str:
    """A use key's name inside a sentence (lower case), in the message's language; unknown: as is."""
    names = {
        "heating": Message("heating"),
        "dhw": Message("domestic hot water"),
        "cooling": Message("cooling"),
        "lighting": Message("lighting"),
        "auxiliary": Message("auxiliaries"),
        "other": Message("other uses"),
        "all": Message("all uses"),
    }
    return names.get(use, use)


def fuel_unit(text: str) -> tuple[str, str]:
    """Split an energy-sheet unit into a unit :mod:`lca.units` reads and a heating-value basis.

    ``"stères"`` -> ``("stere", "")``; ``"kWh PCS"`` -> ``("kWh", "PCS")``; ``"kWh PCI/an"`` ->
    ``("kWh", "PCI")``; ``"Nm3"``, ``"m³(n)"`` -> ``("m3", "")``; anything else is returned as typed.
    """
    plain = unicodedata.normalize("NFKD", str(text).replace("³", "3"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower().replace(" ", "")
    plain = _PER_YEAR.sub("", plain).replace("(pcs)", "pcs").replace("(pci)", "pci")
    basis = ""
    for tag in ("pcs", "pci"):
        if plain.endswith(tag) and len(plain) > 3:
            basis, plain = tag.upper(), plain[: -len(tag)].rstrip("_-")
    if plain in _STERE:
        return "stere", basis
    if plain in _NORMAL_M3:
        return "m3", basis
    return (plain if basis else str(text)), basis


def accepted_units(carrier: str) -> list[str | Message]:
    """Units an energy line of ``carrier`` may be given in (energy units first; the stère as the message's
    language writes it)."""
    out: list[str | Message] = ["kWh", "MWh", "MJ", "GJ"]
    for unit in HEATING_VALUES.get(carrier, {}):
        if unit == "stere":
            out.append(Message("stere"))  # stère in French
        elif unit == "kg":
            out += ["kg", "t"]
        elif unit == "liter":
            out += ["l", "m³"]
        elif unit == "m**3":
            out += ["m³ (m³(n))"]
    if carrier == "natural_gas":
        out.append("kWh PCS")
    return out


def kwh_per_unit(carrier: str, unit: str, basis: str = "") -> tuple[float, Message] | None:
    """kWh PCI of one ``unit`` of ``carrier``, and how it was obtained; None for a plain energy unit.

    Parameters
    ----------
    carrier
        Carrier key (``fuel_oil``, ``natural_gas``...).
    unit
        Canonical unit (:func:`lca.units.normalise_unit`) or ``"stere"``.
    basis
        ``"PCS"`` for a gross-calorific-value energy (a gas invoice), ``"PCI"`` or ``""`` otherwise.

    Returns
    -------
    tuple or None
        ``(kWh per unit, the heating value and its source as a message)``; None when ``unit`` is an
        energy unit on a PCI basis (no heating value is involved).

    Raises
    ------
    UnitError
        The unit cannot be converted for this carrier; the message lists the accepted units.

    Examples
    --------
    >>> kwh_per_unit("fuel_oil", "liter")[0]
    9.97
    >>> round(kwh_per_unit("wood_pellets", "tonne")[0], 6)
    4600.0
    """
    label = carrier_name(carrier)
    energy = unit != "stere" and dimension(unit) == "energy"
    if energy and basis != "PCS":
        return None
    if energy:  # basis PCS
        if carrier != "natural_gas":
            raise UnitError(
                Message(
                    "{unit} PCS (gross calorific value) is converted for natural gas only; give the "
                    "{carrier} consumption in kWh PCI (lower heating value)",
                    unit=pretty_unit(unit),
                    carrier=label,
                ),
                value=f"{unit} PCS",
            )
        ratio, key = GAS_PCS_PER_PCI
        return conversion_factor(unit, "kWh") / ratio, heating_value_source(key)
    for base, (value, key) in HEATING_VALUES.get(carrier, {}).items():
        if unit == base:
            return value, heating_value_source(key)
        if "stere" not in (unit, base) and dimension(unit) == dimension(base):
            return conversion_factor(unit, base) * value, heating_value_source(key)
    shown = Message("stere") if unit == "stere" else pretty_unit(unit)
    raise UnitError(
        Message(
            "{carrier} in {unit} cannot be converted to kWh; the accepted units for {carrier} are {units}",
            carrier=label,
            unit=shown,
            units=joined(accepted_units(carrier)),
        ),
        value=shown,
    )
