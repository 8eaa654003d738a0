"""Plausibility of factors: GWP per kg of material against the range of its category, and the
documented corrections of known source-data errors.

Both the ÖKOBAUDAT and the ILCD importers run :func:`check_gwp_per_kg` on what they read, and the engine
can use :func:`gwp_per_kg_range` to flag a material line whose impact per kg is far outside its
category's range.

The ranges (``datasets/factors/plausibility_gwp_per_kg.csv``) are *derived*, not published: for each
ÖKOBAUDAT category (first and second level) the A1-A3 GWP-total per kg of every generic dataset of
OBD_2020_II and OBD_2024_I with a known mass, widened tenfold on each side (a lower bound at or below zero
becomes the physical floor −44/12 kg CO2e/kg: a kilogram of product cannot hold more than a kilogram of
biogenic carbon). ``scripts/build_factor_tables.py`` rebuilds the table; each row says how in
``source``. A value outside its range is not necessarily wrong, but it is worth a look: the usual
cause is a declared amount or unit that is a power of ten off (grams read as kilograms, 1e-6 kg
declared for values per kg).

Known source errors that can be corrected with evidence are listed in
``datasets/factors/source_corrections.csv`` (dataset UUID and version, the column, the value found
and the value meant, the evidence); :func:`source_corrections` reads it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from lca.datasets import dataset_path

#: Lowest possible GWP-total per kg of product: 1 kg of biogenic carbon taken up as CO2. [kg CO2e/kg]
BIOGENIC_FLOOR = -44.0 / 12.0
#: Widening of the observed range of a category, on each side (one order of magnitude). [-]
WIDENING = 10.0
#: A power-of-ten slip is suggested from this exponent on (10^3: g for kg, 10^6: mg or 1e-6 amounts).
MIN_SLIP_EXPONENT = 1

BANDS_FILE = ("factors", "plausibility_gwp_per_kg.csv")
CORRECTIONS_FILE = ("factors", "source_corrections.csv")


@dataclass(frozen=True)
class Band:
    """Plausible A1-A3 GWP-total per kg of a category, with the data it was derived from.

    Attributes
    ----------
    category
        The category of the table that matched (English, ``A / B``).
    low, high
        The plausible range. [kg CO2e/kg]
    median
        Median of the datasets the range was derived from. [kg CO2e/kg]
    source
        How the range was derived.
    """

    category: str
    low: float
    high: float
    median: float
    source: str


#: What a comparison key drops: every character that is not a letter or a digit (combining accents too).
_NOT_ALNUM = re.compile(r"[\W_]+")


def _key(text: object) -> str:
    """Comparison key of a category level: no accents, case, quotes or punctuation (letters and digits of
    the NFKD form, lower case)."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKD", str(text)).lower())


def _levels(category: str) -> list[str]:
    return [key for part in str(category).split("/") if (key := _key(part))]


@lru_cache(maxsize=1)
def bands() -> pd.DataFrame:
    """The shipped table of ranges (``datasets/factors/plausibility_gwp_per_kg.csv``).

    Returns
    -------
    pandas.DataFrame
        Columns ``category``, ``category_de``, ``level``, ``datasets``, ``observed_min``,
        ``observed_median``, ``observed_max``, ``low``, ``high`` [kg CO2e/kg] and ``source``.
    """
    return pd.read_csv(dataset_path(*BANDS_FILE), dtype={"category": str, "category_de": str})


@lru_cache(maxsize=1)
def _index() -> dict[tuple[str, ...], Band]:
    """The ranges by the comparison keys of their category (English and German), read with the csv module:
    the first pandas ``read_csv`` of a process costs 3 ms, a fifth of the plausibility checks."""
    import csv

    index: dict[tuple[str, ...], Band] = {}
    with open(dataset_path(*BANDS_FILE), newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            band = Band(
                row["category"],
                float(row["low"]),
                float(row["high"]),
                float(row["observed_median"]),
                row["source"],
            )
            for name in (row["category"], row["category_de"]):
                if name:
                    index.setdefault(tuple(_levels(name)), band)
    return index


@lru_cache(maxsize=4096)
def band(category: str | None) -> Band | None:
    """The range of the most specific level of ``category`` that has one (second level, then first).

    Parameters
    ----------
    category
        A category as the factor tables write it, English or German, ``A / B / C`` (quotes, case and
        accents ignored), e.g. ``"Mineral building products / Mortar and Concrete / Ready mix"``.

    Returns
    -------
    Band or None
        None when neither level has a range (energy, transport, services, unknown categories).
    """
    if not isinstance(category, str):
        return None
    levels = _levels(category)
    index = _index()
    for depth in (2, 1):
        if len(levels) >= depth and (found := index.get(tuple(levels[:depth]))) is not None:
            return found
    return None


def gwp_per_kg_range(category: str) -> tuple[float, float] | None:
    """Plausible A1-A3 GWP-total per kg of material of a category, or None. [kg CO2e/kg]

    Examples
    --------
    >>> gwp_per_kg_range("Metals / Aluminium")  # doctest: +SKIP
    (1.046..., 113.8...)
    """
    found = band(category)
    return None if found is None else (found.low, found.high)


def gwp_per_kg(table: pd.DataFrame) -> pd.Series:
    """A1-A3 GWP-total per kg of each factor of a long factor table. [kg CO2e/kg]

    The mass of the declared amount is ``declared_amount × mass_per_unit`` (``mass_per_unit`` is kg
    per **one** declared unit, DESIGN §4).

    Returns
    -------
    pandas.Series
        Indexed by ``factor_id``; NaN where the mass is unknown or not positive, or the quotient
        overflows; factors without an A1-A3 GWP-total row are absent.
    """
    rows = table[(table["module"] == "A1-A3") & (table["indicator"] == "GWP-total")]
    rows = rows.drop_duplicates("factor_id").set_index("factor_id")
    mass = pd.to_numeric(rows["declared_amount"], errors="coerce") * pd.to_numeric(
        rows["mass_per_unit"], errors="coerce"
    )
    mass = mass.where(np.isfinite(mass) & (mass > 0))
    per_kg = (pd.to_numeric(rows["value"], errors="coerce") / mass).astype("float64")
    return per_kg.where(np.isfinite(per_kg))


def power_of_ten_slip(per_kg: float, found: Band) -> int | None:
    """The exponent ``k`` such that ``per_kg / 10**k`` falls inside the range, near its median.

    Returns None when no such shift lands inside the range (or the value has the wrong sign).
    """
    if not (math.isfinite(per_kg) and per_kg > 0 and found.median > 0):
        return None
    k = round(math.log10(per_kg / found.median))
    if abs(k) < MIN_SLIP_EXPONENT or not found.low <= per_kg / 10.0**k <= found.high:
        return None
    return k


@dataclass(frozen=True)
class Finding:
    """A factor whose A1-A3 GWP-total per kg is outside the range of its category."""

    factor_id: str
    per_kg: float
    band: Band
    slip: int | None

    @property
    def message(self) -> str:
        text = (
            f"A1-A3 GWP-total is {self.per_kg:.4g} kg CO2e per kg of material, outside the plausible "
            f"range {self.band.low:.3g} to {self.band.high:.3g} kg CO2e/kg of category "
            f"{self.band.category!r}"
        )
        if self.slip is not None:
            shift = f"divided by 10^{self.slip}" if self.slip > 0 else f"multiplied by 10^{-self.slip}"
            text += (
                f"; {shift} it would be {self.per_kg / 10.0**self.slip:.4g}: the declared amount, its unit "
                f"or its mass may be a factor 10^{abs(self.slip)} off"
            )
        return text + "; check the dataset before use"


def check_gwp_per_kg(table: pd.DataFrame) -> list[Finding]:
    """The factors of a long factor table whose A1-A3 GWP-total per kg is outside their category's range.

    Factors without a mass, an A1-A3 GWP-total or a category with a range are not checked.
    """
    per_kg = gwp_per_kg(table)
    categories = table.drop_duplicates("factor_id").set_index("factor_id")["category"]
    out = []
    for fid, value in per_kg.dropna().items():
        found = band(categories.get(fid))
        if found is not None and not found.low <= value <= found.high:
            out.append(Finding(str(fid), float(value), found, power_of_ten_slip(float(value), found)))
    return out


@lru_cache(maxsize=1)
def source_corrections() -> pd.DataFrame:
    """The documented source-data errors corrected on import (``datasets/factors/source_corrections.csv``).

    Returns
    -------
    pandas.DataFrame
        Columns ``source_id`` (dataset UUID, lower case), ``version``, ``column`` (a factor-table
        column), ``found`` and ``corrected`` (numbers), ``evidence``.
    """
    table = pd.read_csv(dataset_path(*CORRECTIONS_FILE), dtype={"source_id": str, "version": str})
    table["source_id"] = table["source_id"].str.lower()
    return table


def correction(source_id: str, version: str | None, column: str, found: float) -> pd.Series | None:
    """The documented correction of ``column`` of that dataset version, when ``found`` is the known error.

    A correction applies only to the dataset version it documents and only when the value is still
    the wrong one (relative tolerance 1e-6), so a corrected later release is never touched.
    """
    table = source_corrections()
    hit = (
        (table["source_id"] == str(source_id).lower())
        & (table["version"] == str(version))
        & (table["column"] == column)
        & np.isclose(table["found"], found, rtol=1e-6, atol=0.0)
    )
    return table[hit].iloc[0] if hit.any() else None
