"""Results of a computation: one tidy table (DESIGN §7) and its aggregations.

Aggregations are computed from the dense ``(line, module, indicator)`` array kept by the engine, so
that the totals of a 100k-line project do not need the tidy table; :attr:`Results.data` builds it on
first use. Module D is reported beside the total, never in it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lca.errors import Issue
from lca.indicators import INDICATORS, MODULES, TOTAL_MODULES

if TYPE_CHECKING:
    from lca.factors import FactorTable
    from lca.model import Project

#: Columns of :attr:`Results.data`.
RESULT_COLUMNS: list[str] = [
    "variant", "line_id", "lot", "element", "factor_id", "source", "module", "indicator", "unit", "value",
]  # fmt: skip

_TOTAL = np.array([m in TOTAL_MODULES for m in MODULES])
_A5, _B4, _A4 = MODULES.index("A5"), MODULES.index("B4"), MODULES.index("A4")
_WASTED = [MODULES.index(m) for m in ("A1-A3", "A4", "C1", "C2", "C3", "C4")]  # what A5's waste adds up


@dataclass(frozen=True)
class DeclaredModules:
    """Which modules each line declares, kept per factor row (a line-by-module array only on demand).

    A module is declared for a line when its factor declares it, or when a rule adds it: A5 when
    material is wasted (and its production, transport or end of life is declared, or its A4 comes from
    a distance), B4 when it is replaced, A4 when it is computed from a distance.

    Attributes
    ----------
    by_row
        ``(row, module)`` modules declared by each row of the engine's factor array.
    row
        ``(line,)`` row of each line.
    wasted, replaced, by_distance
        ``(line,)`` lines with a waste rate > 0, with replacements, with A4 from a distance.
    """

    by_row: np.ndarray
    row: np.ndarray
    wasted: np.ndarray
    replaced: np.ndarray
    by_distance: np.ndarray

    def per_line(self) -> np.ndarray:
        """``(line, module)`` declared modules."""
        out = self.by_row[self.row]
        out[:, _A4] |= self.by_distance
        out[:, _A5] |= self.wasted & out[:, _WASTED].any(axis=1)  # A4 by distance is wasted too
        out[:, _B4] = self.replaced
        return out

    def per_variant(self, membership: np.ndarray) -> np.ndarray:
        """``(variant, module)`` True where a line of the variant declares the module."""
        member = membership.astype(float)
        rows = np.zeros((len(member), len(self.by_row)))
        for v in range(len(member)):  # lines per factor row, then the rows' modules: no per-line array
            rows[v] = np.bincount(self.row, weights=member[v], minlength=len(self.by_row))
        out = (rows @ self.by_row.astype(float)) > 0
        waste_counts = self.wasted & (self.by_row[:, _WASTED].any(axis=1)[self.row] | self.by_distance)
        out[:, _A5] |= (member @ waste_counts.astype(float)) > 0
        out[:, _B4] = (member @ self.replaced.astype(float)) > 0
        out[:, _A4] |= (member @ self.by_distance.astype(float)) > 0
        return out


_D = MODULES.index("D")


@dataclass
class Results:
    """Impacts of every variant of a project.

    Attributes
    ----------
    project
        The project computed.
    variants
        Variant names in display order; the first is the baseline.
    lines
        One row per computed line: the line's columns plus ``source``, ``source_row`` (table and row
        of its factor), ``declared_quantity``, ``service_life_used`` [years], ``replacements``,
        ``transport_tkm`` [t·km].
    impacts
        ``(line, module, indicator)`` impacts over the study period. [indicator units]
    declared_modules
        Which modules each line declares (or a rule computes); :attr:`declared` as an array.
    membership
        ``(variant, line)`` True where the line belongs to the variant.
    issues
        Everything found while reading and computing.
    line_totals
        ``(line, indicator)`` total of each line, D excluded, when the engine summed it already.
    """

    project: Project
    variants: list[str]
    lines: pd.DataFrame
    impacts: np.ndarray
    declared_modules: DeclaredModules
    has_indicator: np.ndarray
    membership: np.ndarray
    line_counts: pd.DataFrame
    indicators: list[str]
    issues: list[Issue]
    study_period: float
    replacement_rule: str
    factors: FactorTable
    method: str = "en15978"
    extra: dict[str, Any] = field(default_factory=dict)
    line_totals: np.ndarray | None = field(default=None, repr=False)

    @cached_property
    def declared(self) -> np.ndarray:
        """``(line, module)`` True where the module is declared (or computed) for the line."""
        return self.declared_modules.per_line()

    # ------------------------------------------------------------------------------ the tidy table
    @cached_property
    def data(self) -> pd.DataFrame:
        """The tidy table: one row per variant × line × declared module × indicator.

        Columns :data:`RESULT_COLUMNS`; ``value`` is float64 over the study period.
        """
        keep = self.declared[None, :, :] & self.membership[:, :, None]  # (variant, line, module)
        v, line, module = np.nonzero(keep)
        has = self.has_indicator[line]  # (row, indicator)
        r, ind = np.nonzero(has)
        v, line, module = v[r], line[r], module[r]
        lines = self.lines
        frame = pd.DataFrame(
            {
                "variant": pd.Categorical.from_codes(v, self.variants),
                "line_id": lines["line_id"].to_numpy()[line],
                "lot": lines["lot"].to_numpy()[line],
                "element": lines["element"].to_numpy()[line],
                "factor_id": lines["factor_id"].to_numpy()[line],
                "source": lines["source"].to_numpy()[line],
                "module": pd.Categorical.from_codes(module, MODULES),
                "indicator": pd.Categorical.from_codes(ind, self.indicators),
                "unit": np.array([INDICATORS[i] for i in self.indicators], dtype=object)[ind],
                "value": self.impacts[line, module, ind].astype("float64"),
            }
        )
        return frame

    # -------------------------------------------------------------------------------- aggregations
    def _per_variant(self, matrix: np.ndarray) -> np.ndarray:
        """``(variant, …)`` sums of a ``(line, …)`` array over each variant's lines."""
        flat = matrix.reshape(matrix.shape[0], int(np.prod(matrix.shape[1:])))
        return (self.membership.astype(float) @ flat).reshape(len(self.variants), *matrix.shape[1:])

    @cached_property
    def _line_totals(self) -> np.ndarray:
        """``(line, indicator)`` total of each line, D excluded (summed by the kernel when it ran)."""
        if self.line_totals is not None:
            return self.line_totals
        return _TOTAL.astype(float) @ self.impacts  # one BLAS pass over (line, module, indicator)

    @cached_property
    def _by_module(self) -> np.ndarray:
        return self._per_variant(self.impacts)

    def total(self) -> pd.DataFrame:
        """Total per variant (modules A1-A3 … C4, D excluded). [indicator units]

        Returns
        -------
        DataFrame
            Index ``variant``, one column per indicator.
        """
        values = self._by_module[:, _TOTAL, :].sum(axis=1)
        return pd.DataFrame(values, index=pd.Index(self.variants, name="variant"), columns=self.indicators)

    def by_module(self, *, declared_only: bool = True) -> pd.DataFrame:
        """Impacts per variant and module, D included as its own row. [indicator units]

        Parameters
        ----------
        declared_only
            Leave out modules that no line of the variant declares.
        """
        frame = pd.DataFrame(
            self._by_module.reshape(-1, len(self.indicators)),
            index=pd.MultiIndex.from_product([self.variants, MODULES], names=["variant", "module"]),
            columns=self.indicators,
        )
        if declared_only:
            frame = frame.loc[self.declared_modules.per_variant(self.membership).reshape(-1)]
        return frame

    def by_group(self, column: str, *, include_d: bool = False) -> pd.DataFrame:
        """Total per variant and value of a line column (``lot``, ``element``, ``factor_id``...).

        Parameters
        ----------
        column
            A column of :attr:`lines`.
        include_d
            Add module D into the sums (it is not part of the total).
        """
        per_line = self._line_totals + self.impacts[:, _D, :] if include_d else self._line_totals
        values = self.lines[column]
        if values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) != "string":
            values = values.astype(str)
        codes, groups = pd.factorize(values, sort=False, use_na_sentinel=False)
        groups = ["" if pd.isna(g) else g for g in groups]  # a missing value is a group of its own, ""
        n_groups, n_ind = len(groups), len(self.indicators)
        # (group, indicator) cells numbered once: one weighted bincount per variant, O(lines × indicators)
        cells = (codes[:, None] * n_ind + np.arange(n_ind)).ravel()
        out = np.zeros((len(self.variants), n_groups, n_ind))
        present = np.zeros((len(self.variants), n_groups), dtype=bool)
        for v in range(len(self.variants)):
            member = self.membership[v].astype(float)
            present[v] = np.bincount(codes, weights=member, minlength=n_groups) > 0
            weights = (per_line * member[:, None]).ravel()
            out[v] = np.bincount(cells, weights=weights, minlength=n_groups * n_ind).reshape(n_groups, n_ind)
        index = pd.MultiIndex.from_product([self.variants, list(groups)], names=["variant", column])
        frame = pd.DataFrame(out.reshape(-1, len(self.indicators)), index=index, columns=self.indicators)
        return frame.loc[present.reshape(-1)]

    def by_lot(self) -> pd.DataFrame:
        """Total per variant and lot. [indicator units]"""
        return self.by_group("lot")

    def by_element(self) -> pd.DataFrame:
        """Total per variant and element. [indicator units]"""
        return self.by_group("element")

    def by_line(self) -> pd.DataFrame:
        """Total per variant and line. [indicator units]"""
        return self.by_group("line_id")

    def module_d(self) -> pd.DataFrame:
        """Module D per variant: benefits and loads beyond the system boundary, reported apart."""
        values = self._by_module[:, MODULES.index("D"), :]
        return pd.DataFrame(values, index=pd.Index(self.variants, name="variant"), columns=self.indicators)

    def per_m2(self) -> pd.DataFrame:
        """Total per m² of reference area. [indicator unit/m²]"""
        return self.total() / _positive(self.project.reference_area)

    def per_m2_year(self) -> pd.DataFrame:
        """Total per m² of reference area and year of study period. [indicator unit/(m²·yr)]"""
        return self.per_m2() / self.study_period

    def per_dwelling(self) -> pd.DataFrame:
        """Total per dwelling. [indicator unit/dwelling]"""
        return self.total() / _positive(self.project.dwellings)

    # ------------------------------------------------------------------------------------- checks
    def conservation_gap(self) -> float:
        """Largest absolute difference between the sum over tidy lines, the sum over modules and the
        total, over every variant and indicator (0 up to rounding)."""
        data = self.data
        total = self.total()
        in_total = data.loc[data["module"].isin(TOTAL_MODULES)]
        lines = in_total.groupby(["variant", "indicator"], observed=False)["value"].sum().unstack()
        lines = lines.reindex(index=self.variants, columns=self.indicators).fillna(0.0)
        modules = self.by_module().query("module != 'D'").groupby(level="variant", sort=False).sum()
        modules = modules.reindex(self.variants).fillna(0.0)
        return float(
            max(
                (lines - total).abs().to_numpy().max(initial=0),
                (modules - total).abs().to_numpy().max(initial=0),
            )
        )

    @property
    def errors(self) -> list[Issue]:
        """Issues of level error (lines that were not computed, or unusable project values)."""
        return [i for i in self.issues if i.level == "error"]

    def issues_frame(self) -> pd.DataFrame:
        """The issues as a DataFrame."""
        columns = ["level", "sheet", "row", "column", "value", "line_id", "message", "file"]
        return pd.DataFrame([i.to_dict() for i in self.issues], columns=columns)

    # --------------------------------------------------------------------------------------- JSON
    def to_dict(self) -> dict[str, Any]:
        """The JSON document of DESIGN §7 as Python objects."""
        project = self.project
        units = {i: INDICATORS[i] for i in self.indicators}
        total, per_m2, per_m2_year, per_dwelling = (
            self.total(),
            self.per_m2(),
            self.per_m2_year(),
            self.per_dwelling(),
        )
        by_module, by_lot = self.by_module(), self.by_lot()
        descriptions = {v.name: v.description for v in project.variants}
        variants = []
        for name in self.variants:
            counts = self.line_counts.loc[name]
            variants.append(
                {
                    "name": name,
                    "description": descriptions.get(name, ""),
                    "total": _row(total.loc[name]),
                    "units": units,
                    "by_module": _nested(by_module, name),
                    "by_lot": _nested(by_lot, name),
                    "per_m2": _row(per_m2.loc[name]),
                    "per_m2_year": _row(per_m2_year.loc[name]),
                    "per_dwelling": _row(per_dwelling.loc[name]),
                    "lines": {k: int(counts[k]) for k in ("count", "computed", "rejected")},
                    **self.extra.get("variants", {}).get(name, {}),
                }
            )
        return {
            "project": {
                "name": project.name,
                "reference_area": _number(project.reference_area),
                "study_period": _number(self.study_period),
                "dwellings": project.dwellings,
            },
            "method": self.method,
            "replacement_rule": self.replacement_rule,
            "variants": variants,
            "issues": [i.to_dict() for i in self.issues],
        }

    def to_json(self, **kwargs: Any) -> str:
        """The JSON document of DESIGN §7 (``kwargs`` go to :func:`json.dumps`)."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), allow_nan=False, **kwargs)


def _positive(value: float | int | None) -> float:
    return float(value) if value and value > 0 else np.nan


def _number(value: float | int | None) -> float | int | None:
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return None
    return int(value) if float(value).is_integer() else float(value)


def _row(series: pd.Series) -> dict[str, float | None]:
    return {k: (float(v) if np.isfinite(v) else None) for k, v in series.items()}


def _nested(frame: pd.DataFrame, variant: str) -> dict[str, dict[str, float | None]]:
    if variant not in frame.index.get_level_values("variant"):
        return {}
    part = frame.xs(variant, level="variant")
    return {str(k): _row(part.loc[k]) for k in part.index}
