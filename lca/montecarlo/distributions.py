"""Probability distributions of factors, quantities and service lives, and their defaults by data type.

Every uncertain input is a *multiplier* of its deterministic value, drawn per sample:

- ``normal``: mean 1, sd = u / 1.96 (so value ± u·value is the 95 % interval);
- ``lognormal``: median 1, σ = ln(1 + u) / 1.96 (the 95 % interval is value ×/÷ (1 + u));
- ``uniform``: bounds 1 ± u;
- ``triangular``: mode 1, bounds 1 ± u (symmetric).

``u`` is the relative half-width of the 95 % interval, given as a fraction (0.3) or a percentage
(``30 %``). Factors without one get the default of their data type (:func:`default_uncertainties`,
the shipped ``datasets/uncertainty/defaults.csv``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from lca.datasets import dataset_path
from lca.errors import InputError
from lca.io.tabular import alias_index, squash

#: The distributions, with the spellings accepted for them (French, English).
DISTRIBUTIONS: dict[str, list[str]] = {
    "lognormal": ["lognormale", "log-normale", "log normale", "log-normal", "log normal", "ln"],
    "normal": ["normale", "gaussienne", "gauss", "gaussian", "loi normale"],
    "uniform": ["uniforme", "rectangulaire", "rectangular"],
    "triangular": ["triangulaire", "triangle"],
}
_DISTRIBUTION_INDEX = alias_index(DISTRIBUTIONS)
#: z of the two-sided 95 % interval of a normal distribution.
Z95 = 1.959963984540054
#: Columns of the defaults table.
DEFAULT_COLUMNS: list[str] = [
    "data_type",
    "distribution",
    "uncertainty",
    "reliability",
    "completeness",
    "temporal",
    "geographical",
    "technological",
    "basic_factor",
    "basis",
    "source",
]

#: Pedigree uncertainty factors (95 % interval factors, GSD²) for scores 1…5 — Weidema & Wesnæs (1996),
#: as applied in ecoinvent v2 and v3 (Frischknecht et al. 2007; Weidema et al. 2013), transcribed from
#: brightway-lca/pedigree_matrix ``pedigree_matrix/data.py`` (``version_1``).
PEDIGREE_FACTORS: dict[str, tuple[float, ...]] = {
    "reliability": (1.0, 1.05, 1.1, 1.2, 1.5),
    "completeness": (1.0, 1.02, 1.05, 1.1, 1.2),
    "temporal": (1.0, 1.03, 1.1, 1.2, 1.5),
    "geographical": (1.0, 1.01, 1.02, 1.02, 1.1),
    "technological": (1.0, 1.0, 1.2, 1.5, 2.0),
}


#: A plain number above this is read as a percentage (30 → 30 %); up to it, as a fraction (1.3 → 130 %).
PLAIN_PERCENT_ABOVE = 5.0


def parse_uncertainty(value: object) -> float:
    """A relative half-width of the 95 % interval as a fraction.

    ``0.3``, ``"0,3"`` and ``"30 %"`` mean 30 %; a plain number is a fraction (``1.3`` = 130 %, a wide
    lognormal), except above :data:`PLAIN_PERCENT_ABOVE` where it can only be a percentage (``30`` = 30 %;
    :func:`plain_percentage` tells the caller, which notes it). Blank gives NaN (not given).

    Raises
    ------
    ValueError
        When the cell is not a number, or is negative.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if text == "":
        return math.nan
    percent = text.endswith("%")
    text = text.rstrip("%").replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text):
        raise ValueError(f"expected a fraction such as 0.3 or a percentage such as 30 %, found {value!r}")
    number = float(text)
    if number < 0:
        raise ValueError(f"an uncertainty cannot be negative, found {value!r}")
    return number / 100.0 if percent or number > PLAIN_PERCENT_ABOVE else number


def plain_percentage(value: object) -> bool:
    """True when :func:`parse_uncertainty` read a plain number (no ``%``) as a percentage."""
    text = str(value).strip().replace(",", ".")
    try:
        return not text.endswith("%") and float(text) > PLAIN_PERCENT_ABOVE
    except ValueError:
        return False


def parse_distribution(value: object) -> str | None:
    """The distribution key of a cell (``lognormal``, ``normal``, ``uniform``, ``triangular``); None
    if blank.

    Raises
    ------
    ValueError
        When the name is unknown (the message lists the accepted names).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
        return None
    key = _DISTRIBUTION_INDEX.get(squash(value))
    if key is None:
        raise ValueError(
            f"unknown distribution {value!r}; expected one of lognormal (lognormale), normal (normale), "
            "uniform (uniforme), triangular (triangulaire)"
        )
    return key


def pedigree_uncertainty(scores: Mapping[str, int], basic_factor: float = 1.0) -> float:
    """u of a lognormal from pedigree scores: GSD² = exp(√(ln²(basic) + Σ ln²(factor))), u = GSD² − 1.

    Parameters
    ----------
    scores
        Score 1…5 for each key of :data:`PEDIGREE_FACTORS`.
    basic_factor
        Basic uncertainty factor (GSD²) of the data before the pedigree. [-]
    """
    logs = [math.log(basic_factor)] + [math.log(PEDIGREE_FACTORS[k][int(s) - 1]) for k, s in scores.items()]
    return math.exp(math.sqrt(sum(x * x for x in logs))) - 1.0


def default_uncertainties(path: str | Path | None = None) -> pd.DataFrame:
    """The default distribution and uncertainty per data type.

    Parameters
    ----------
    path
        A CSV with at least ``data_type``, ``distribution`` and ``uncertainty`` (``--uncertainty-defaults``);
        default: the shipped ``datasets/uncertainty/defaults.csv``.

    Returns
    -------
    DataFrame
        Indexed by ``data_type``: ``distribution``, ``uncertainty`` [-] and the provenance columns.

    Raises
    ------
    InputError
        When the file cannot be read, misses a column, or holds an unknown distribution or a bad number
        (naming the file, the row and the value).
    """
    file = Path(path) if path is not None else dataset_path("uncertainty", "defaults.csv")
    try:
        frame = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise InputError(
            f"cannot read the uncertainty defaults {str(file)!r}: {err}", file=str(file)
        ) from err
    canonical = {squash(c): c for c in DEFAULT_COLUMNS} | {
        "typededonnee": "data_type",
        "loi": "distribution",
        "incertitude": "uncertainty",
    }
    frame.columns = [canonical.get(squash(c), str(c)) for c in frame.columns]
    missing = [c for c in ("data_type", "distribution", "uncertainty") if c not in frame.columns]
    if missing:
        raise InputError(
            f"the uncertainty defaults {file.name!r} miss the columns {missing}; expected data_type, "
            "distribution, uncertainty (one row per data type: specific, collective, generic, default, "
            "fixed, re2020_energy, unknown)",
            file=str(file),
        )
    rows = []
    for k, (_, row) in enumerate(frame.iterrows()):
        try:
            distribution = parse_distribution(row["distribution"]) or "lognormal"
            u = parse_uncertainty(row["uncertainty"])
        except ValueError as err:
            raise InputError(
                f"{file.name}, row {int(k) + 2}: {err}", file=str(file), row=int(k) + 2, value=row.to_dict()
            ) from err
        if math.isnan(u):
            raise InputError(
                f"{file.name}, row {int(k) + 2}: uncertainty is empty for data type {row['data_type']!r}; "
                "give a fraction such as 0.3 or 0",
                file=str(file),
                row=int(k) + 2,
            )
        rows.append(
            {
                **row.to_dict(),
                "data_type": str(row["data_type"]).strip(),
                "distribution": distribution,
                "uncertainty": u,
            }
        )
    out = pd.DataFrame(rows).set_index("data_type")
    return out


class Multipliers:
    """Draws ``(n, inputs)`` random multipliers of inputs with given distributions and half-widths u.

    The inputs are drawn grouped by distribution — the normal and lognormal ones from one block of
    standard normal variates, the uniform and triangular ones from one block of uniforms (one generator
    call each) — and returned in the order given; the groups are worked out once, not per block.
    """

    def __init__(self, distribution: Sequence[str] | np.ndarray, u: np.ndarray) -> None:
        distribution = np.asarray(distribution, dtype=object)
        self.u = np.asarray(u, dtype=float)
        self.size = len(self.u)
        codes = np.select(
            [distribution == d for d in ("normal", "lognormal", "uniform", "triangular")], [0, 1, 2, 3], -1
        )
        if (codes < 0).any():
            raise ValueError(f"unknown distributions {sorted(set(distribution[codes < 0]))}")
        self.order = np.argsort(codes, kind="stable")  # grouped by distribution
        self.ordered = bool((self.order == np.arange(self.size)).all())
        counts = np.bincount(codes, minlength=4)
        self.bounds = np.concatenate([[0], np.cumsum(counts)])
        grouped_u = self.u[self.order]
        self.scale = np.concatenate(
            [grouped_u[: self.bounds[1]] / Z95, np.log1p(grouped_u[self.bounds[1] : self.bounds[2]]) / Z95]
        )
        self.half = grouped_u[self.bounds[2] :]

    def __call__(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``(n, inputs)`` multipliers: a view of an ``(inputs, n)`` C-ordered array (one row per input)."""
        b = self.bounds
        out = np.empty((self.size, n))
        if b[2]:
            z = rng.standard_normal((int(b[2]), n))
            z *= self.scale[:, None]
            np.add(z[: b[1]], 1.0, out=out[: b[1]])
            np.exp(z[b[1] :], out=out[b[1] : b[2]])
        if b[4] > b[2]:
            p = rng.random((int(b[4] - b[2]), n))
            width = b[3] - b[2]
            out[b[2] : b[3]] = 1.0 + self.half[:width, None] * (2.0 * p[:width] - 1.0)
            t = p[width:]  # symmetric triangular on [-1, 1] by its inverse CDF: one uniform per draw
            t = np.where(t < 0.5, np.sqrt(2.0 * t) - 1.0, 1.0 - np.sqrt(2.0 * (1.0 - t)))
            out[b[3] :] = 1.0 + self.half[width:, None] * t
        if not self.ordered:
            result = np.empty_like(out)
            result[self.order] = out
            out = result
        return out.T


def multipliers(
    distribution: Sequence[str] | np.ndarray, u: np.ndarray, rng: np.random.Generator, n: int
) -> np.ndarray:
    """``(n, inputs)`` random multipliers (see :class:`Multipliers`)."""
    return Multipliers(distribution, u)(rng, n)


def moments(distribution: Sequence[str] | np.ndarray, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exact mean and variance of the multipliers of :func:`multipliers`."""
    distribution = np.asarray(distribution, dtype=object)
    u = np.asarray(u, dtype=float)
    sigma = np.log1p(u) / Z95
    logn = distribution == "lognormal"
    mean = np.where(logn, np.exp(sigma**2 / 2), 1.0)
    var = np.select(
        [logn, distribution == "normal", distribution == "uniform", distribution == "triangular"],
        [np.expm1(sigma**2) * np.exp(sigma**2), (u / Z95) ** 2, u**2 / 3.0, u**2 / 6.0],
        0.0,
    )
    return mean, var
