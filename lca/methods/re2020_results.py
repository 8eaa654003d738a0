"""The RE2020 results of a project as typed, frozen objects (:attr:`lca.results.Results.re2020`).

:func:`lca.methods.re2020.apply_re2020` builds them; :meth:`RE2020Variant.to_dict` is the ``re2020``
object of each variant in the JSON output (DESIGN §7), key for key. Values per m² of Sref
[kg CO2e/m²], ``stock_c`` [kg C/m²].
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from lca._text import Message
from lca.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from lca.results import Results

#: Permit years of the "which variants survive the tightening" verdicts.
VERDICT_YEARS: tuple[int, ...] = (2025, 2028, 2031)
PER_M2 = "kg CO2e/m²"
#: Unit of each value of :meth:`RE2020Variant.to_dict`.
UNITS: dict[str, str] = {
    "ic_construction": PER_M2, "ic_energie": PER_M2, "ic_batiment": PER_M2, "ic_eau": PER_M2,
    "ic_composants": PER_M2, "ic_chantier": PER_M2, "icded": PER_M2, "stock_c": "kg C/m²",
    "ic_construction_static": PER_M2, "ic_energie_static": PER_M2, "ic_batiment_static": PER_M2,
    "ic_construction_max": PER_M2, "ic_energie_max": PER_M2, "margins": PER_M2, "by_lot": PER_M2,
}  # fmt: skip

DISCLAIMER = (
    "Estimation de pré-conception transparente — pas un calcul RE2020 réglementaire (moteur non évalué)."
)


def disclaimer(lang: str | None = None) -> str:
    """:data:`DISCLAIMER` in ``lang`` (default: the current language)."""
    from lca.i18n import translate

    return translate(
        "Transparent pre-design estimate — not a regulatory RE2020 calculation (engine not assessed).", lang
    )


#: The lot number at the start of a lot label (``Lot 02``, ``2.1``, ``3 - gros œuvre``).
LOT_NUMBER = re.compile(r"^\s*(?:lot\s*)?0*(\d{1,2})(?!\d)")


def plain(text: object) -> str:
    """``text`` without accents, case-folded and stripped (how lot labels are compared)."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def lot_key(lot: str) -> tuple[int, str]:
    """Sort key of a lot label: its lot number first (labels without one last), then the label."""
    match = LOT_NUMBER.match(plain(lot))
    return (int(match.group(1)), lot) if match else (999, lot)


def json_safe(value: Any) -> Any:
    """``value`` with numpy scalars as Python ones, tuples as lists, keys as text, NaN/inf as None."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer, int)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return float(value) if np.isfinite(value) else None
    return value


@dataclass(frozen=True)
class Verdict:
    """The thresholds of one permit year and whether a variant meets them.

    Attributes
    ----------
    permit_year
        The permit year whose thresholds apply. [year]
    version
        Version of the regulatory texts of those thresholds.
    ic_construction_max, ic_energie_max
        The thresholds. [kg CO2e/m²]
    margin_construction, margin_energie
        Threshold − value (negative: above the threshold). [kg CO2e/m²]
    compliant
        Both values at or below their thresholds.
    """

    permit_year: int
    version: str
    ic_construction_max: float
    ic_energie_max: float
    margin_construction: float
    margin_energie: float
    compliant: bool

    def to_dict(self) -> dict[str, Any]:
        """The verdict as in the JSON output."""
        return {
            "permit_year": self.permit_year,
            "version": self.version,
            "ic_construction_max": self.ic_construction_max,
            "ic_energie_max": self.ic_energie_max,
            "margins": {"ic_construction": self.margin_construction, "ic_energie": self.margin_energie},
            "compliant": self.compliant,
        }


@dataclass(frozen=True)
class RE2020Variant:
    """The RE2020 indicators, thresholds and verdicts of one variant.

    Attributes
    ----------
    ic_construction, ic_composants, ic_chantier, ic_energie, ic_eau, ic_batiment, icded
        Dynamic indicators. [kg CO2e/m²]
    stock_c
        Biogenic carbon stored (NaN: not available). [kg C/m²]
    ic_construction_static, ic_energie_static, ic_batiment_static
        The same, not weighted. [kg CO2e/m²]
    verdict
        The thresholds and verdict of the project's permit year.
    by_year
        The verdict for each year of :data:`VERDICT_YEARS`.
    by_lot
        Dynamic Ic_construction per lot, the site as ``chantier``. [kg CO2e/m²]
    thresholds
        Modulation details of ``ic_construction_max`` and ``ic_energie_max`` (JSON-ready).
    assumptions
        Every assumption behind the values, as sentences.
    disclaimer
        Not a regulatory calculation.
    """

    ic_construction: float
    ic_composants: float
    ic_chantier: float
    ic_energie: float
    ic_eau: float
    ic_batiment: float
    icded: float
    stock_c: float
    ic_construction_static: float
    ic_energie_static: float
    ic_batiment_static: float
    verdict: Verdict
    by_year: Mapping[int, Verdict]
    by_lot: Mapping[str, float]
    thresholds: Mapping[str, Mapping[str, Any]]
    assumptions: tuple[str, ...]
    disclaimer: str

    def to_dict(self) -> dict[str, Any]:
        """The ``re2020`` object of the variant in the JSON output (NaN as None)."""
        values = {key: getattr(self, key) for key in _VALUES}
        return json_safe(
            {
                **values,
                **self.verdict.to_dict(),
                "by_year": {str(year): verdict.to_dict() for year, verdict in self.by_year.items()},
                "by_lot": dict(self.by_lot),
                "thresholds": {k: dict(v) for k, v in self.thresholds.items()},
                "assumptions": list(self.assumptions),
                "disclaimer": self.disclaimer,
                "units": dict(UNITS),
            }
        )


_VALUES = (
    "ic_construction", "ic_composants", "ic_chantier", "ic_energie", "ic_eau", "ic_batiment", "icded",
    "stock_c", "ic_construction_static", "ic_energie_static", "ic_batiment_static",
)  # fmt: skip


@dataclass(frozen=True)
class RE2020Results:
    """The RE2020 results of every variant, in the variants' order."""

    variants: Mapping[str, RE2020Variant]

    def __getitem__(self, variant: str) -> RE2020Variant:
        return self.variants[variant]

    def to_extra(self) -> dict[str, Any]:
        """The former ``Results.extra`` layout: ``{"variants": {name: {"re2020": {...}}}}``."""
        return {"variants": {name: {"re2020": v.to_dict()} for name, v in self.variants.items()}}


def re2020_of(results: Results) -> RE2020Results:
    """The RE2020 results of ``results``.

    Raises
    ------
    InputError
        (a ValueError) When they were not computed (call :func:`lca.methods.re2020.apply_re2020` first).
    """
    if results.re2020 is None:
        raise InputError(
            Message(
                "these results carry no RE2020 values; compute them with the RE2020 method "
                "(apply_re2020(results), or --method re2020)"
            )
        )
    return results.re2020


def entries(results: Results) -> dict[str, dict[str, Any]]:
    """The JSON ``re2020`` object of every variant, by name."""
    return {name: v.to_dict() for name, v in re2020_of(results).variants.items()}
