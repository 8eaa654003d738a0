"""Energy vocabulary and the shipped RE2020 conventional energy factors (shared/reference/re2020.md §1d)."""

from __future__ import annotations

import pandas as pd
import pytest

from lca import energy
from lca.datasets import dataset_path
from lca.factors import FILE_COLUMNS


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return pd.read_csv(dataset_path("factors", "energy_fr_re2020.csv"), keep_default_na=False, dtype=str)


def test_energy_table_schema_and_provenance(table: pd.DataFrame) -> None:
    assert list(table.columns) == FILE_COLUMNS
    assert table["factor_id"].is_unique
    assert (table["module"] == "B6").all() and (table["indicator"] == "GWP-total").all()
    assert (table["declared_unit"] == "kWh").all() and (table["declared_amount"] == "1").all()
    assert (table["data_type"] == "fixed").all()
    assert (table["licence"] == "public regulatory text").all()
    assert (table["source"].str.len() > 30).all()
    assert table["url"].str.startswith("https://").all()
    assert table["note"].str.contains("final energy").all()
    assert set(table["carrier"]) <= set(energy.CARRIERS)
    assert set(table["use"]) <= set(energy.USES)
    assert "district_heating" not in set(table["carrier"])  # network-specific: no invented default


@pytest.mark.parametrize(
    ("factor_id", "value", "unconfirmed"),
    [("fr-re2020-elec-heating", 0.079, False), ("fr-re2020-elec-lighting", 0.069, False),
     ("fr-re2020-elec-cooling", 0.064, False), ("fr-re2020-elec-auxiliary", 0.064, False),
     ("fr-re2020-elec-other", 0.064, False), ("fr-re2020-elec-dhw", 0.064, True),
     ("fr-re2020-natural-gas", 0.227, False), ("fr-re2020-fuel-oil", 0.324, True),
     ("fr-re2020-wood-logs", 0.030, False), ("fr-re2020-wood-pellets", 0.030, False),
     ("fr-re2020-wood-chips", 0.024, False)],
)  # fmt: skip
def test_energy_factor_values(table: pd.DataFrame, factor_id: str, value: float, unconfirmed: bool) -> None:
    row = table.set_index("factor_id").loc[factor_id]
    assert float(row["value"]) == value
    assert ("[UNCONFIRMED] as an RE2020 value" in row["note"] or "0.065" in row["note"]) == unconfirmed


@pytest.mark.parametrize(
    ("text", "key"),
    [("électricité", "electricity"), ("Electricite", "electricity"), ("ELEC", "electricity"),
     ("electricity", "electricity"), ("gaz naturel", "natural_gas"), ("Gaz", "natural_gas"),
     ("natural gas", "natural_gas"), ("natural_gas", "natural_gas"), ("Fioul", "fuel_oil"),
     ("fuel oil", "fuel_oil"), ("bois bûches", "wood_logs"), ("Bois-Buches", "wood_logs"),
     ("granulés", "wood_pellets"), ("bois granulés", "wood_pellets"), ("Plaquettes", "wood_chips"),
     ("réseau de chaleur", "district_heating"), ("Reseau  de  Chaleur", "district_heating"),
     ("district heating", "district_heating"), ("eau", "water"), ("Water", "water"), ("GPL", "lpg"),
     ("bois", None), ("charbon", None), ("", None), (None, None)],
)  # fmt: skip
def test_carrier_key(text: str | None, key: str | None) -> None:
    assert energy.carrier_key(text) == key


@pytest.mark.parametrize(
    ("text", "key"),
    [("chauffage", "heating"), ("Heating", "heating"), ("ECS", "dhw"), ("eau chaude sanitaire", "dhw"),
     ("Eau Chaude Sanitaire", "dhw"), ("dhw", "dhw"), ("domestic hot water", "dhw"),
     ("refroidissement", "cooling"), ("climatisation", "cooling"), ("cooling", "cooling"),
     ("éclairage", "lighting"), ("Eclairage", "lighting"), ("lighting", "lighting"),
     ("auxiliaires", "auxiliary"), ("auxiliary", "auxiliary"), ("autres", "other"), ("Other", "other"),
     ("all", "all"), ("tous usages", "all"), ("cuisine", None), (None, None)],
)  # fmt: skip
def test_use_key(text: str | None, key: str | None) -> None:
    assert energy.use_key(text) == key


def test_aliases_are_unambiguous_and_labels_bilingual() -> None:
    for aliases in (energy._CARRIER_ALIASES, energy._USE_ALIASES):
        keys_of: dict[str, set[str]] = {}
        for key, names in aliases.items():
            for name in (key, *names):
                keys_of.setdefault(energy._squash(name), set()).add(key)
        assert all(len(keys) == 1 for keys in keys_of.values())
    for vocabulary in (energy.CARRIERS, energy.USES):
        assert all(set(labels) == {"fr", "en"} for labels in vocabulary.values())
    assert set(energy._CARRIER_ALIASES) == set(energy.CARRIERS)
    assert set(energy._USE_ALIASES) == set(energy.USES)


@pytest.mark.parametrize(
    ("carrier", "use", "expected"),
    [("électricité", "chauffage", "fr-re2020-elec-heating"), ("elec", "ECS", "fr-re2020-elec-dhw"),
     ("electricity", "Éclairage", "fr-re2020-elec-lighting"), ("électricité", None, None),
     ("électricité", "cuisine", None), ("gaz naturel", "chauffage", "fr-re2020-natural-gas"),
     ("gaz", None, "fr-re2020-natural-gas"), ("granulés", "ECS", "fr-re2020-wood-pellets"),
     ("réseau de chaleur", "chauffage", None), ("eau", None, None), ("charbon", "chauffage", None)],
)  # fmt: skip
def test_find_energy_factor_in_shipped_table(
    table: pd.DataFrame, carrier: str, use: str, expected: str
) -> None:
    assert energy.find_energy_factor(table, carrier, use) == expected


def test_find_energy_factor_fallbacks() -> None:
    frame = pd.DataFrame(
        {"factor_id": ["a", "b", "c", "d", "e"],
         "carrier": ["Électricité", "electricity", "gaz naturel", "réseau de chaleur", "electricity"],
         "use": ["chauffage", "all", "chauffage", "", "heating"]}
    )  # fmt: skip
    assert energy.find_energy_factor(frame, "elec", "heating") == "e"  # the later row wins
    assert energy.find_energy_factor(frame, "elec", "cooling") == "b"  # use "all"
    assert energy.find_energy_factor(frame, "natural gas", "dhw") == "c"  # the carrier's only factor
    assert energy.find_energy_factor(frame, "district heating", "heating") == "d"
    assert energy.find_energy_factor(frame.iloc[0:0], "elec", "heating") is None
