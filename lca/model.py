"""The project model: building data, inventory and energy lines, variants, own factors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from lca._text import Message
from lca.errors import InputError, Issue
from lca.sums import equal_cells, factorize_cells

if TYPE_CHECKING:
    from lca.factors import FactorTable

#: Columns of :attr:`Project.lines`, in order; readers may add extra (metadata) columns after them.
LINE_COLUMNS: list[str] = [
    "line_id",  # unique identifier (text)
    "kind",  # material, energy or water
    "sheet",  # where the line was read, for the issues
    "row",  # spreadsheet row number
    "lot",  # RE2020 lot number 1-13, or free text
    "element",  # what the line is
    "quantity",  # installed quantity (material) or yearly quantity (energy, water) [unit]
    "unit",  # canonical unit text (lca.units.normalise_unit), "" when unreadable
    "factor_id",  # key into the factor tables ("" for energy found by carrier and use)
    "service_life",  # [years] overrides the factor's; NaN if not given
    "transport_km",  # [km] A4 by distance; NaN if not given
    "transport_mode",  # road, rail, inland_ship...
    "waste_rate",  # extra material as a fraction of the installed quantity [-]
    "variant",  # "" = in every variant
    "replaces",  # tuple of line ids removed by this variant line
    "carrier",  # energy lines: carrier key
    "use",  # energy lines: use key
    "valid",  # False when the reader already rejected the line (an issue says why)
]

KINDS = ("material", "energy", "water")

BuildingType = Literal["individual_house", "collective_housing", "other"]


@dataclass(frozen=True)
class Variant:
    """A design variant: a name and a description. The first variant of a project is the baseline."""

    name: str
    description: str = ""


@dataclass
class Project:
    """A building project: what is built, how much energy it uses, and its variants.

    Attributes
    ----------
    name
        Project name.
    building_type
        ``individual_house``, ``collective_housing`` or ``other``.
    reference_area
        Reference floor area (Sref / SHAB). [m²]
    dwellings
        Number of dwellings.
    study_period
        Reference study period. [years]
    lines
        Inventory and energy lines, columns :data:`LINE_COLUMNS` plus extra metadata columns.
    variants
        The variants in display order; the first is the baseline.
    factors
        The project's own factor table (the workbook's Facteurs sheet), stacked last.
    issues
        Problems found while reading.
    headers
        Per sheet, canonical column name -> header as typed by the user.
    """

    name: str = "project"
    building_type: BuildingType | None = None
    reference_area: float | None = None
    dwellings: int | None = None
    study_period: float = 50.0
    climate_zone: str | None = None
    altitude: float | None = None
    permit_year: int | None = None
    method: str = "en15978"
    replacement_rule: str = "ceil"
    attic_area: float | None = None
    heat_network: bool | None = None
    lines: pd.DataFrame = field(default_factory=lambda: empty_lines())
    variants: list[Variant] = field(default_factory=list)
    factors: FactorTable | None = None
    issues: list[Issue] = field(default_factory=list)
    file: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: Per sheet, canonical column name -> the header as typed (so that issues quote the user's header).
    headers: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def baseline(self) -> str:
        """Name of the baseline variant."""
        return self.variant_names()[0]

    def variant_names(self) -> list[str]:
        """Variants in display order: those declared, then any other name used by a line.

        When variants are declared, a name used only by rejected lines (an unknown variant, reported by
        the reader) does not become a variant.
        """
        names = [v.name for v in self.variants] or ["base"]
        variant = self.lines["variant"]
        variant = variant[self.lines["valid"].to_numpy(dtype=bool)] if self.variants else variant
        used = [v for v in variant.unique() if v and v not in names]
        return names + list(used)

    def with_lines(self, lines: pd.DataFrame, *, variant: str | None = None) -> Project:
        """A copy with more lines (for variants built in code).

        Parameters
        ----------
        lines
            Lines with at least ``line_id``, ``quantity``, ``unit``, ``factor_id``; missing columns
            get their defaults (``kind`` material, ``waste_rate`` 0, ...).
        variant
            Put every new line in this variant (adding it to :attr:`variants` if new).
        """
        new = normalise_lines(lines)
        if variant is not None:
            new["variant"] = variant
        taken = set(self.lines["line_id"])
        clash = sorted(set(new["line_id"]) & taken)
        if clash:
            raise InputError(
                Message("line ids already used in the project: {ids}; give new ids", ids=str(clash)),
                value=clash,
            )
        variants = list(self.variants) or [Variant("base")]
        if variant is not None and variant not in [v.name for v in variants]:
            variants.append(Variant(variant))
        combined = pd.concat([self.lines, new], ignore_index=True)
        return replace(self, lines=combined, variants=variants)


def empty_lines() -> pd.DataFrame:
    """A lines table with no rows and the columns and dtypes of :func:`normalise_lines` (built directly:
    every :class:`Project` starts with one, and normalising no line costs 6 ms of pandas calls)."""
    columns = [*LINE_COLUMNS, "lot_label"]
    return pd.DataFrame({c: pd.Series(dtype=_EMPTY_DTYPES.get(c, str)) for c in columns})


#: Columns of the lines table that do not hold text (:func:`empty_lines`).
_EMPTY_DTYPES: dict[str, Any] = {
    "row": np.int64,
    "quantity": float,
    "unit": object,  # canonical unit names, as normalise_lines writes them
    "service_life": float,
    "transport_km": float,
    "waste_rate": float,
    "replaces": object,  # tuples of line ids
    "valid": bool,
}


_LINE_DEFAULTS: dict[str, Any] = {
    "kind": "material",
    "sheet": "",
    "row": -1,
    "lot": "",
    "element": "",
    "factor_id": "",
    "service_life": np.nan,
    "transport_km": np.nan,
    "transport_mode": "",
    "waste_rate": 0.0,
    "variant": "",
    "replaces": (),
    "carrier": "",
    "use": "",
    "valid": True,
}


def normalise_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """Lines with every column of :data:`LINE_COLUMNS` (defaults filled), canonical units and types.

    Used for lines built in code; the workbook reader produces the same shape itself. The columns are
    built as Series and put in one frame at the end (a frame's column assignments cost ~0.1 ms each).
    """
    from lca.units import normalise_unit

    lines = lines.reset_index(drop=True)
    n = len(lines)
    out: dict[Any, Any] = {c: lines[c] for c in lines.columns}
    for column, default in _LINE_DEFAULTS.items():
        if column not in out:
            out[column] = (
                pd.Series([default] * n, dtype=object)
                if isinstance(default, tuple)
                else pd.Series(default, index=lines.index)
            )
        elif not isinstance(default, tuple) and (missing := out[column].isna()).any():
            out[column] = out[column].where(~missing, default)
    if "line_id" not in out:
        out["line_id"] = pd.Series([f"L{i + 1}" for i in range(n)], dtype=object)
    for column in ("quantity", "unit"):
        if column not in out:
            raise InputError(Message("lines need a '{column}' column", column=column))
    out["line_id"] = out["line_id"].astype(str)
    for column in ("quantity", "service_life", "transport_km", "waste_rate"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
    out["waste_rate"] = out["waste_rate"].fillna(0.0)
    kind = out["kind"].to_numpy(dtype=object)
    per_year = equal_cells(kind, "energy") | equal_cells(kind, "water")
    # one normalisation per distinct (spelling, per year); a missing unit is empty (astype(str) keeps NaN
    # in pandas 3): the engine rejects its line, naming it
    units, spellings = factorize_cells(out["unit"].fillna("").astype(str).to_numpy(dtype=object))
    codes, pairs = pd.factorize(units * 2 + per_year)
    distinct = [(spellings[c // 2], bool(c % 2)) for c in pairs]
    canonical = [normalise_unit(u, per_year=p) if u.strip() else "" for u, p in distinct]
    out["unit"] = np.asarray(canonical, dtype=object)[codes]  # a column of text (str dtype in pandas 3)
    out["replaces"] = pd.Series(_replaced_ids(out["replaces"].to_numpy(dtype=object)), dtype=object)
    for column in ("lot", "element", "factor_id", "variant", "transport_mode", "carrier", "use", "sheet"):
        out[column] = out[column].astype(str)  # no cell is missing: filled with "" above
    if "lot_label" not in out:
        out["lot_label"] = out["lot"]  # as typed, e.g. "3.2 Murs porteurs"
    lots, typed = factorize_cells(out["lot"].to_numpy(dtype=object))
    lot = np.array([lot_key(text) for text in typed], dtype=object)[lots]
    yearly = per_year & equal_cells(lot, "")
    lot[yearly] = kind[yearly]  # energy (B6) and water (B7) are lots of their own
    out["lot"] = pd.Series(lot, dtype=out["lot"].dtype)
    extra = [c for c in out if c not in LINE_COLUMNS]
    return pd.DataFrame({c: out[c] for c in LINE_COLUMNS + extra})


_LOT = re.compile(r"^\s*(?:lot\s*)?0*(1[0-3]|[1-9])(?:[\s.\-–:)]|$)", re.IGNORECASE)


def lot_key(text: str) -> str:
    """``"3"`` for ``3``, ``"3.0"``, ``"Lot 3"``, ``"03"`` or ``"3 Superstructure – maçonnerie"`` (RE2020 lots
    1–13); any other text is kept as it is."""
    text = str(text).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    match = _LOT.match(text)
    return match.group(1) if match else text


def _replaced_ids(cells: np.ndarray) -> np.ndarray:
    """The ``replaces`` cells as tuples of line ids, each distinct text split once."""
    try:
        codes, distinct = factorize_cells(cells)  # missing: -1, no id
    except TypeError:  # lists among the cells
        codes, distinct = np.arange(len(cells)), cells
    tuples = np.empty(len(distinct) + 1, dtype=object)
    for k, cell in enumerate(distinct):
        tuples[k] = tuple(cell) if isinstance(cell, (list, tuple)) else _split_ids(cell)
    tuples[-1] = ()
    return tuples[codes]


def _split_ids(text: object) -> tuple[str, ...]:
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ()
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    parts = str(text).replace(";", ",").split(",")
    return tuple(p.strip() for p in parts if p.strip())
