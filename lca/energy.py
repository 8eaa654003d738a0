"""Energy carriers and uses: the vocabulary of the Énergie / Energy sheet and of energy factor tables.

Keys are the canonical spellings used in factor tables (``carrier`` and ``use`` columns), results and
reports; :func:`carrier_key` and :func:`use_key` map French and English spellings onto them, ignoring
case, accents, spaces, hyphens and underscores.

District heating and cooling have no shipped factor: RE2020 uses each network's own value, published
yearly in the "arrêté DPE" (France Chaleur Urbaine; openbce ``DE_RESEAU``). Give it with a ``factor_id``
of your own factor table. Water (carrier ``water``, module B7) has no shipped factor either.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pandas as pd

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
    wanted_carrier = carrier_key(carrier)
    if wanted_carrier is None or table_frame.empty:
        return None
    frame = table_frame[["factor_id", "carrier", "use"]].drop_duplicates("factor_id", keep="last")
    carriers = frame["carrier"].map(lambda v: carrier_key(v) or v)
    uses = frame["use"].map(lambda v: use_key(v) or v)
    of_carrier = frame[carriers == wanted_carrier]
    uses = uses[of_carrier.index]
    wanted_use = use_key(use)
    for candidate in dict.fromkeys([wanted_use, "all"]):
        hits = of_carrier[uses == candidate]
        if candidate is not None and len(hits):
            return str(hits["factor_id"].iloc[-1])
    if len(of_carrier) == 1:
        return str(of_carrier["factor_id"].iloc[0])
    return None
