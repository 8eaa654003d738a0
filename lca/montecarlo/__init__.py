"""Monte Carlo uncertainty of a project: how sure is each number, and how sure is each comparison.

>>> import lca
>>> project = lca.read_project("datasets/examples/maison_individuelle.xlsx")  # doctest: +SKIP
>>> mc = lca.uncertainty(project, n=2000, seed=1)  # doctest: +SKIP
>>> mc.summary("per_m2")  # doctest: +SKIP
>>> mc.p_below_baseline()  # doctest: +SKIP

Method (details and sources in ``docs/uncertainty.md``): one random multiplier per factor and sample,
shared by every line and variant using the factor (common random numbers, so the comparison of two
variants only reflects what differs); one per line with its own quantity or service-life uncertainty;
the deterministic rules are linear in these multipliers, so samples cost one small matrix product each
(:mod:`lca.montecarlo.model`). The module is named ``montecarlo`` so that ``lca.uncertainty`` stays the
function.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lca.engine import compute
from lca.errors import InputError, Issue
from lca.factors import FactorTable, default_factors, stack
from lca.indicators import INDICATORS
from lca.model import Project
from lca.montecarlo import model as kernel
from lca.montecarlo.distributions import default_uncertainties
from lca.montecarlo.inputs import Inputs, gather
from lca.results import Results

__all__ = ["DEFAULT_SAMPLES", "DEFAULT_SEED", "STATISTICS", "UncertaintyResult", "uncertainty"]

#: Samples drawn by default.
DEFAULT_SAMPLES = 2000
#: Seed used when none is given (the results are reproducible by default).
DEFAULT_SEED = 0
#: Statistics of each summary.
STATISTICS: tuple[str, ...] = ("mean", "sd", "p05", "p50", "p95")
#: Most samples accepted in one run (the samples table holds samples × variants × scopes × indicators rows).
MAX_SAMPLES = 1_000_000
#: Inputs listed per variant and indicator in the contributions.
TOP = 10


def uncertainty(
    project: Project,
    n: int = DEFAULT_SAMPLES,
    seed: int | None = DEFAULT_SEED,
    method: str | None = None,
    *,
    factors: FactorTable | Sequence[FactorTable] | None = None,
    uncertainty_defaults: str | Path | pd.DataFrame | None = None,
    indicators: Sequence[str] | None = None,
    groups: str = "scope",
    defaults: bool = True,
    progress: Callable[[int], None] | None = None,
) -> UncertaintyResult:
    """Monte Carlo uncertainty of every variant of a project.

    Parameters
    ----------
    project
        The project (:func:`lca.read_project`).
    n
        Number of samples (default 2,000).
    seed
        Seed of the random generators; the same seed gives identical results on every run and machine
        (None: :data:`DEFAULT_SEED`).
    method
        ``en15978`` or ``re2020`` (adds the chance of passing each RE2020 threshold); default the project's.
    factors
        Factor tables stacked over the shipped ones, as in :func:`lca.compute`.
    uncertainty_defaults
        The defaults by data type: a CSV path or a frame like
        :func:`lca.montecarlo.distributions.default_uncertainties` (default: the shipped table).
    indicators
        Indicators to compute (default: every indicator the factors declare).
    groups
        ``scope`` (products / energy / water, the default) or ``module`` (one group per module).
    defaults
        Stack the shipped factor tables first, as in :func:`lca.compute`.
    progress
        Called with the number of samples done after each chunk.

    Returns
    -------
    UncertaintyResult
        The samples, their summaries, the probabilities and the contributions to variance.

    Raises
    ------
    InputError
        For a bad sample count, seed, method or defaults table.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 2 <= n <= MAX_SAMPLES:
        raise InputError(
            f"the number of samples must be a whole number from 2 to {MAX_SAMPLES:,}, found {n!r}", value=n
        )
    seed = DEFAULT_SEED if seed is None else seed
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"the seed must be a whole number ≥ 0, found {seed!r}", value=seed)
    by_data_type = (
        uncertainty_defaults
        if isinstance(uncertainty_defaults, pd.DataFrame)
        else default_uncertainties(uncertainty_defaults)
    )
    results = compute(project, factors, indicators=indicators, method=method, defaults=defaults)
    extra = [factors] if isinstance(factors, FactorTable) else list(factors or [])
    shipped = [default_factors()] if defaults else []
    table = stack([*shipped, *extra, *([project.factors] if project.factors else [])])
    inputs = gather(results, table, by_data_type)
    channels = None
    if results.method == "re2020":
        from lca.montecarlo.re2020 import channels as dynamic_channels

        channels = dynamic_channels(results, inputs.transport != "")
    model = kernel.build(results, inputs, groups=groups, channels=channels)
    values, n_moments = kernel.run(model, int(n), int(seed), progress)
    return UncertaintyResult(results, inputs, model, values, n_moments, int(n), int(seed))


@dataclass
class UncertaintyResult:
    """Samples of every variant, with their summaries.

    Attributes
    ----------
    results
        The deterministic results (the median's limit when every uncertainty goes to 0).
    inputs
        The uncertain inputs and their distributions.
    values
        ``(sample, variant, column)`` sampled results: ``group × indicator`` columns, then the RE2020
        channels. [indicator units, over the study period]
    n, seed
        Number of samples and seed.
    """

    results: Results
    inputs: Inputs
    model: kernel.Model
    values: np.ndarray
    n_moments: dict[str, np.ndarray]
    n: int
    seed: int
    lang: str = "fr"
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------------------- basic arrays
    @property
    def variants(self) -> list[str]:
        return list(self.results.variants)

    @property
    def indicators(self) -> list[str]:
        return list(self.results.indicators)

    @property
    def issues(self) -> list[Issue]:
        """Issues of reading and computing, then those of the uncertainty inputs."""
        return [*self.results.issues, *self.inputs.issues]

    @cached_property
    def by_group(self) -> np.ndarray:
        """``(sample, variant, group, indicator)`` sampled results. [indicator units]"""
        g, k = len(self.model.groups), len(self.indicators)
        return self.values[:, :, : g * k].reshape(self.n, len(self.variants), g, k)

    @cached_property
    def totals(self) -> np.ndarray:
        """``(sample, variant, indicator)`` sampled totals (D excluded). [indicator units]"""
        return self.by_group[:, :, self.model.in_total, :].sum(axis=2)

    @property
    def area(self) -> float:
        area = self.results.project.reference_area
        return float(area) if area and area > 0 else float("nan")

    # ----------------------------------------------------------------------------------- tables
    @cached_property
    def samples(self) -> pd.DataFrame:
        """The tidy samples: ``variant, sample, indicator, scope, value`` — ``scope`` is ``total`` or a
        group (products, energy, water; or a module); ``value`` over the study period. [indicator units]"""
        groups = ["total", *self.model.groups]
        cube = np.concatenate([self.totals[:, :, None, :], self.by_group], axis=2)  # (s, v, g, k)
        s, v, g, k = np.indices(cube.shape).reshape(4, -1)
        return pd.DataFrame(
            {
                "variant": pd.Categorical.from_codes(v, pd.Index(self.variants)),
                "sample": s,
                "indicator": pd.Categorical.from_codes(k, pd.Index(self.indicators)),
                "scope": pd.Categorical.from_codes(g, pd.Index(groups)),
                "value": cube.reshape(-1),
            }
        )

    def summary(self, per: str = "total", scope: str = "total") -> pd.DataFrame:
        """Mean, sd, p05, p50, p95 of each variant and indicator, beside the deterministic value.

        Parameters
        ----------
        per
            ``total`` (over the study period) [indicator units] or ``per_m2`` [indicator units/m²].
        scope
            ``total`` or a group (``products``, ``energy``, ``water``).
        """
        if per not in ("total", "per_m2"):
            raise InputError(f"per must be 'total' or 'per_m2', found {per!r}", value=per)
        if scope == "total":
            x = self.totals
        elif scope in self.model.groups:
            x = self.by_group[:, :, self.model.groups.index(scope), :]
        else:
            raise InputError(f"unknown scope {scope!r}; expected total or {', '.join(self.model.groups)}")
        divisor = self.area if per == "per_m2" else 1.0
        x = x / divisor
        q = np.percentile(x, [5, 50, 95], axis=0)
        frame = pd.DataFrame(
            {
                "mean": x.mean(axis=0).reshape(-1),
                "sd": x.std(axis=0, ddof=1).reshape(-1),
                "p05": q[0].reshape(-1),
                "p50": q[1].reshape(-1),
                "p95": q[2].reshape(-1),
                "deterministic": (self._deterministic(scope) / divisor).reshape(-1),
            },
            index=pd.MultiIndex.from_product(
                [self.variants, self.indicators], names=["variant", "indicator"]
            ),
        )
        frame["unit"] = [
            INDICATORS.get(i, "") + ("/m²" if per == "per_m2" else "")
            for i in frame.index.get_level_values("indicator")
        ]
        return frame

    def _deterministic(self, scope: str) -> np.ndarray:
        total = self.results.total().to_numpy()
        if scope == "total":
            return total
        modules = self.results.by_module(declared_only=False)
        names, p, _ = kernel.projection("scope" if scope in kernel.SCOPES else "module")
        values = modules.to_numpy().reshape(len(self.variants), -1, len(self.indicators))
        return np.einsum("vmk,m->vk", values, p[:, names.index(scope)])

    def p_below_baseline(self) -> pd.DataFrame:
        """P(variant < baseline) of every non-baseline variant and indicator, from the paired samples
        (strictly lower; a variant identical to the baseline gets 0). [-]"""
        below = (self.totals[:, 1:, :] < self.totals[:, :1, :]).mean(axis=0)
        return pd.DataFrame(below, index=pd.Index(self.variants[1:], name="variant"), columns=self.indicators)

    @cached_property
    def _first_order(self) -> tuple[np.ndarray, list[tuple[str, int]]]:
        return kernel.first_order(self.model, self.n_moments)

    def contributions(self, top: int | None = TOP) -> pd.DataFrame:
        """Share of each input in the variance of each variant's total (first-order indices, normalised to 1).

        Parameters
        ----------
        top
            Inputs kept per variant and indicator, largest first (None: all with a share > 0).

        Returns
        -------
        DataFrame
            ``variant, indicator, input`` (``factor``, ``quantity``, ``service_life``), ``factor_id``,
            ``line_id``, ``share`` [-] and ``name`` (the factor's name in :attr:`lang`, or the line's
            element).
        """
        v_i, labels = self._first_order
        total = v_i.sum(axis=0)
        share = np.divide(v_i, total, out=np.zeros_like(v_i), where=total > 0)
        line_ids = self.results.lines["line_id"].astype(str).to_numpy()
        elements = self.results.lines["element"].astype(str).to_numpy()
        factor_names = self.inputs.factors["name_fr" if self.lang == "fr" else "name"].to_numpy()
        rows = []
        for v, variant in enumerate(self.variants):
            for k, indicator in enumerate(self.indicators):
                order = np.argsort(-share[:, v, k], kind="stable")
                order = order[share[order, v, k] > 0][:top]
                for i in order:
                    kind, j = labels[i]
                    if kind == "factor":
                        fid, line, name = self.model.factor_ids[j], "", factor_names[j]
                    else:
                        where = (self.model.quantity_lines if kind == "quantity" else self.model.life_lines)[
                            j
                        ]
                        fid, line, name = "", line_ids[where], elements[where]
                    rows.append((variant, indicator, kind, fid, line, float(share[i, v, k]), name))
        columns = ["variant", "indicator", "input", "factor_id", "line_id", "share", "name"]
        return pd.DataFrame(rows, columns=columns)

    # ----------------------------------------------------------------------------------- RE2020
    @cached_property
    def re2020(self) -> list[dict[str, Any]] | None:
        """Per variant, the chance of each RE2020 verdict for the permit year and 2025, 2028, 2031, and
        the per-m² samples of Ic_construction and Ic_énergie; None for the en15978 method."""
        if self.results.method != "re2020":
            return None
        from lca.methods.re2020 import VERDICT_YEARS
        from lca.montecarlo.re2020 import probabilities

        dynamic = self.values[:, :, -self.model.n_channels :]
        return probabilities(self.results, dynamic, [None, *VERDICT_YEARS])

    def re2020_table(self) -> pd.DataFrame:
        """P(Ic_construction ≤ max), P(Ic_énergie ≤ max) and P(compliant) per variant and permit year."""
        if self.re2020 is None:
            raise InputError("these results were not computed with the re2020 method; pass method='re2020'")
        rows = []
        for variant, entry in zip(self.variants, self.re2020, strict=True):
            for year in entry["p_compliant"]:
                rows.append(
                    {
                        "variant": variant,
                        "year": int(year),
                        "p_ic_construction_ok": entry["p_ic_construction_ok"][year],
                        "p_ic_energie_ok": entry["p_ic_energie_ok"][year],
                        "p_compliant": entry["p_compliant"][year],
                    }
                )
        return pd.DataFrame(rows).set_index(["variant", "year"])

    # ------------------------------------------------------------------------------------- JSON
    def to_dict(self) -> dict[str, Any]:
        """The JSON document of DESIGN §7 with ``samples``, ``seed`` and each variant's ``uncertainty``."""
        out = self.results.to_dict()
        out["samples"] = self.n
        out["seed"] = self.seed
        out["issues"] = [i.to_dict() for i in self.issues]
        summaries = {per: self.summary(per) for per in ("total", "per_m2")}
        scopes = {(per, s): self.summary(per, s) for per in ("total", "per_m2") for s in self.model.groups}
        below = self.p_below_baseline()
        contributions = self.contributions()
        for v, entry in enumerate(out["variants"]):
            name = entry["name"]
            block: dict[str, Any] = {
                "total": _stats(summaries["total"], name),
                "per_m2": _stats(summaries["per_m2"], name),
                "by_scope": {s: _stats(scopes[("total", s)], name) for s in self.model.groups},
                "by_scope_per_m2": {s: _stats(scopes[("per_m2", s)], name) for s in self.model.groups},
            }
            if v > 0:
                block["p_below_baseline"] = {k: float(p) for k, p in below.loc[name].items()}
            mine = contributions[contributions["variant"] == name]
            block["contributions"] = {
                k: [_contribution(r) for r in part.itertuples()]
                for k, part in mine.groupby("indicator", sort=False)
            }
            if self.re2020 is not None:
                r = self.re2020[v]
                block["re2020"] = {
                    key: dict(r[key]) for key in ("p_compliant", "p_ic_construction_ok", "p_ic_energie_ok")
                }
            entry["uncertainty"] = block
        return out

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_dict` as JSON text (no NaN: a missing value is null)."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(_clean(self.to_dict()), allow_nan=False, **kwargs)


def _stats(frame: pd.DataFrame, variant: str) -> dict[str, dict[str, float | None]]:
    part = frame.xs(variant, level="variant")
    return {str(k): {s: _number(part.at[k, s]) for s in STATISTICS} for k in part.index}


def _contribution(row: Any) -> dict[str, Any]:
    key = {"factor_id": row.factor_id} if row.input == "factor" else {"line_id": row.line_id}
    return {**key, "input": row.input, "share": float(row.share)}


def _number(value: Any) -> float | None:
    value = float(value)
    return value if np.isfinite(value) else None


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value
