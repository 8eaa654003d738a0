"""Results of a computation: one tidy table (DESIGN §7) and its aggregations.

The engine keeps a ``(line, layer, indicator)`` array holding only the modules that some line declares
(or a rule computes), and sums it per variant, module, scope and lot as it runs
(:class:`lca.sums.LineSums`): :meth:`Results.total`, :meth:`Results.by_module`, :meth:`Results.by_lot`
and :meth:`Results.by_scope` read those sums. When most lines go through no rule, the engine makes
the sums without the line array and :attr:`Results.layers` is built on first use (the tidy table, the
per-element sums, the report). The full ``(line, module, indicator)`` array
(:attr:`Results.impacts`) and the tidy table (:attr:`Results.data`) are built on first use. Module D is
reported beside the total, never in it. No reduction goes through a BLAS product: plain sums and
``bincount`` only (their threads cost more than the work on small arrays of a loaded machine).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lca.errors import Issue
from lca.indicators import INDICATORS, MODULES, TOTAL_MODULES
from lca.sums import SCOPES, LineSums, group_codes, sum_by

if TYPE_CHECKING:
    from lca.factors import FactorTable
    from lca.methods.re2020_results import RE2020Results
    from lca.model import Project

#: Columns of :attr:`Results.data`.
RESULT_COLUMNS: list[str] = [
    "variant", "line_id", "lot", "element", "factor_id", "source", "module", "indicator", "unit", "value",
]  # fmt: skip


_TOTAL = np.array([m in TOTAL_MODULES for m in MODULES])
_A5, _B4, _A4 = MODULES.index("A5"), MODULES.index("B4"), MODULES.index("A4")
# the modules whose impacts a waste rate adds to A5 (what is produced, delivered and disposed of)
_WASTED = [MODULES.index(m) for m in ("A1-A3", "A4", "C1", "C2", "C3", "C4")]


@dataclass(frozen=True)
class DeclaredModules:
    """Which modules each line declares, kept per factor row (a line-by-module array only on demand).

    A module is declared for a line when its factor declares it, or when a rule adds it: A4 when it
    is computed from a distance, A5 when material is wasted (and its production, transport or end of
    life is declared: the kernel's waste term is w × (A1-A3 + A4 + C1..C4)), B4 when it is replaced.

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
        out[:, _A5] |= self.wasted & out[:, _WASTED].any(axis=1)
        out[:, _B4] = self.replaced
        return out

    def per_variant(self, membership: np.ndarray) -> np.ndarray:
        """``(variant, module)`` True where a line of the variant declares the module."""
        wasted = (
            self.wasted & (np.asarray(self.by_row[:, _WASTED].any(axis=1))[self.row] | self.by_distance)
            if self.wasted.any()
            else None
        )
        out = np.zeros((len(membership), len(MODULES)), dtype=bool)
        for v, member in enumerate(membership):  # the rows used by the variant, then their modules
            rows = self.row if member.all() else self.row[member]
            used = np.bincount(rows, minlength=len(self.by_row)) > 0
            out[v] = self.by_row[used].any(axis=0)
            if wasted is not None:
                out[v, _A5] |= (member & wasted).any()
            out[v, _B4] = (member & self.replaced).any()
            out[v, _A4] |= (member & self.by_distance).any()
        return out


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
        of its factor), ``declared_quantity``, ``service_life_used`` [years], ``service_life_origin``
        (``line``, ``factor``, ``default`` or empty), ``replacements``, ``transport_tkm`` [t·km],
        ``biogenic_carbon`` [kg C stored as installed, NaN: not available] and ``biogenic_carbon_basis``
        (``declared``, ``EN 16449 estimate`` or empty). The engine gives a function without arguments
        that builds it on first use (the aggregations and the checks never need it).
    layers
        ``(line, layer, indicator)`` impacts over the study period of the modules
        :attr:`layer_modules`; every other module is 0 for every line. [indicator units] The engine
        may give instead a function without arguments that builds it: it is then built on first use
        (the aggregations never need it: they read :attr:`sums`).
    declared_modules
        Which modules each line declares (or a rule computes); :attr:`declared` as an array.
    membership
        ``(variant, line)`` True where the line belongs to the variant.
    issues
        Everything found while reading and computing.
    line_totals
        ``(line, indicator)`` total of each line, D excluded, when the engine summed it already.
    layer_modules
        ``(layer,)`` position in :data:`~lca.indicators.MODULES` of each layer of :attr:`layers`
        (None: the 15 modules in order).
    sums
        The per-variant module and lot sums the engine accumulated (None: summed on first use).
    re2020
        The RE2020 indicators and verdicts (:func:`lca.methods.re2020.apply_re2020`; None: not computed).
    """

    project: Project
    variants: list[str]
    lines: pd.DataFrame = field(repr=False)  # a property below: may be built on first use
    layers: np.ndarray = field(repr=False)  # a property below: may be built on first use
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
    re2020: RE2020Results | None = None
    line_totals: np.ndarray | None = field(default=None, repr=False)
    layer_modules: np.ndarray | None = None
    sums: LineSums | None = field(default=None, repr=False)

    @property
    def extra(self) -> dict[str, Any]:
        """The method's values per variant as in the JSON output, ``{"variants": {name: {"re2020": {...}}}}``
        (empty without them): a read-only view of :attr:`re2020`, kept for the callers of the former field."""
        return self.re2020.to_extra() if self.re2020 is not None else {}

    @property
    def line_count(self) -> int:
        """Number of computed lines (the rows of :attr:`lines`, without building it)."""
        return int(self.membership.shape[1])

    # ------------------------------------------------------------------------------ line arrays
    @cached_property
    def _layer_of(self) -> np.ndarray:
        """``(module,)`` layer of each module of :data:`MODULES`, -1 where it has none."""
        out = np.full(len(MODULES), -1)
        modules = np.arange(len(MODULES)) if self.layer_modules is None else np.asarray(self.layer_modules)
        out[modules] = np.arange(len(modules))
        return out

    @cached_property
    def impacts(self) -> np.ndarray:
        """``(line, module, indicator)`` impacts over the study period, every module of :data:`MODULES`
        (0 where no line has it), built on first use from :attr:`layers`. [indicator units]"""
        if self.layer_modules is None:
            return self.layers
        out = np.zeros((self.layers.shape[0], len(MODULES), self.layers.shape[-1]))
        out[:, np.asarray(self.layer_modules, dtype=np.int64), :] = self.layers
        return out

    def module_impacts(self, module: str) -> np.ndarray:
        """``(line, indicator)`` impacts of one module (zeros where no line has it). [indicator units]"""
        layer = self._layer_of[MODULES.index(module)]
        if layer < 0:
            return np.zeros((self.layers.shape[0], self.layers.shape[-1]))
        return self.layers[:, layer, :]

    def _values_at(self, line: np.ndarray, module: np.ndarray, indicator: np.ndarray) -> np.ndarray:
        """Impacts at ``(line, module, indicator)`` coordinates (module numbers of :data:`MODULES`)."""
        layer = self._layer_of[module]
        values = self.layers[line, np.maximum(layer, 0), indicator].astype("float64")
        return np.where(layer >= 0, values, 0.0)

    def known(self, *, factor_codes: tuple[np.ndarray, pd.Index], scope: np.ndarray) -> None:
        """Record what the engine already knows, so that it is not derived again from the lines' strings:
        :attr:`factor_codes` and :attr:`scope_codes`."""
        self.__dict__["factor_codes"] = factor_codes
        self.__dict__["scope_codes"] = scope

    @cached_property
    def scope_codes(self) -> np.ndarray:
        """``(line,)`` scope of each line, a position in :data:`SCOPES` (from the column ``kind``)."""
        kind = self.lines["kind"].to_numpy(dtype=object) if "kind" in self.lines else np.array([])
        kind = kind if len(kind) == len(self.lines) else np.full(len(self.lines), "material", dtype=object)
        return np.select([kind == "energy", kind == "water"], [1, 2], 0).astype(np.int64)

    @cached_property
    def _sums(self) -> LineSums:
        """Per-variant module and lot sums: the engine's, or summed here in blocks the same way."""
        if self.sums is not None:
            return self.sums
        sums = LineSums.start(
            self.membership, self.scope_codes, self.lines["lot"], self.layers.shape[1], len(self.indicators)
        )
        for start in range(0, len(self.layers), 4096):
            rows = np.arange(start, min(start + 4096, len(self.layers)))
            sums.add(rows, self.layers[rows], self._line_totals[rows])
        return sums

    @cached_property
    def declared(self) -> np.ndarray:
        """``(line, module)`` True where the module is declared (or computed) for the line."""
        return self.declared_modules.per_line()

    @cached_property
    def factor_codes(self) -> tuple[np.ndarray, pd.Index]:
        """``(line,)`` number of each line's factor, and the factor ids used (in the order of first use),
        numbered once for every check and grouping."""
        codes, uniques = pd.factorize(self.lines["factor_id"].to_numpy(dtype=object), sort=False)
        return codes, pd.Index(uniques, name="factor_id")

    # ------------------------------------------------------------------------------ the tidy table
    @cached_property
    def data(self) -> pd.DataFrame:
        """The tidy table: one row per variant × line × declared module × indicator.

        Columns :data:`RESULT_COLUMNS`; ``value`` is float64 over the study period.
        """
        v, line, module, ind = self._tidy_cells()
        lines = self.lines
        frame = pd.DataFrame(
            {
                "variant": pd.Categorical.from_codes(v, pd.Index(self.variants)),
                "line_id": lines["line_id"].to_numpy()[line],
                "lot": lines["lot"].to_numpy()[line],
                "element": lines["element"].to_numpy()[line],
                "factor_id": lines["factor_id"].to_numpy()[line],
                "source": lines["source"].to_numpy()[line],
                "module": pd.Categorical.from_codes(module, pd.Index(MODULES)),
                "indicator": pd.Categorical.from_codes(ind, pd.Index(self.indicators)),
                "unit": np.array([INDICATORS[i] for i in self.indicators], dtype=object)[ind],
                "value": self._values_at(line, module, ind),
            }
        )
        return frame

    def _tidy_cells(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(variant, line, module, indicator)`` codes of the rows of :attr:`data`, in its order."""
        keep = self.declared[None, :, :] & self.membership[:, :, None]  # (variant, line, module)
        v, line, module = np.nonzero(keep)
        r, ind = np.nonzero(self.has_indicator[line])  # (row, indicator)
        return v[r], line[r], module[r], ind

    # -------------------------------------------------------------------------------- aggregations
    def _per_variant(self, matrix: np.ndarray) -> np.ndarray:
        """``(variant, …)`` sums of a ``(line, …)`` array over each variant's lines."""
        if not len(self.variants):
            return np.zeros((0, *matrix.shape[1:]))
        return np.stack([matrix[member].sum(axis=0) for member in self.membership])

    @cached_property
    def _line_totals(self) -> np.ndarray:
        """``(line, indicator)`` total of each line, D excluded (summed by the kernel when it ran)."""
        if self.line_totals is not None:
            return self.line_totals
        out = np.zeros((self.layers.shape[0], self.layers.shape[-1]))
        for module in np.flatnonzero((self._layer_of >= 0) & _TOTAL):
            out += self.layers[:, self._layer_of[module], :]
        return out

    @cached_property
    def _by_module(self) -> np.ndarray:
        """``(variant, module, indicator)`` sums, every module of :data:`MODULES`."""
        sums = self._sums
        out = np.zeros((len(self.variants), len(MODULES), len(self.indicators)))
        present = self._layer_of >= 0
        out[:, present, :] = sums.per_variant(sums.modules)[:, self._layer_of[present], :]
        return out

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
            index=_product(self.variants, MODULES, ("variant", "module")),
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
        if column == "lot" and not include_d:  # summed by the kernel
            sums = self._sums
            out = sums.per_variant(sums.lot_totals.sum(axis=1))
            present = sums.per_variant(sums.lot_counts.sum(axis=1)) > 0
            index = _product(self.variants, sums.lots, ("variant", column))
            frame = pd.DataFrame(out.reshape(-1, len(self.indicators)), index=index, columns=self.indicators)
            return frame.loc[present.reshape(-1)]
        per_line = self._line_totals + self.module_impacts("D") if include_d else self._line_totals
        codes, groups = group_codes(self.lines[column])
        n_groups, n_ind = len(groups), len(self.indicators)
        # (pattern, group) cells: one bincount per indicator over the lines, then each variant's patterns
        sums = self._sums
        cells = sums.pattern.astype(np.int64) * n_groups + codes
        n_patterns = sums.members.shape[1]
        per_cell = sum_by(cells, n_patterns * n_groups, per_line).reshape(n_patterns, n_groups, n_ind)
        counts = np.bincount(cells, minlength=n_patterns * n_groups).reshape(n_patterns, n_groups)
        out, present = sums.per_variant(per_cell), sums.per_variant(counts) > 0
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

    def by_scope(self) -> pd.DataFrame:
        """Total per variant and scope: what the headline figure contains. [indicator units]

        The scopes are :data:`SCOPES`: ``products`` (construction products and equipment: every module
        of the material lines, A1-A3 to C4), ``energy`` (B6 of the energy lines) and ``water`` (B7 of
        the water lines). They add up to :meth:`total`; every scope has a row, 0 when it has no line.

        Returns
        -------
        DataFrame
            Index ``(variant, scope)``, one column per indicator.
        """
        sums = self._sums  # summed by the kernel per (pattern, scope, lot)
        values = sums.per_variant(sums.lot_totals.sum(axis=2))
        index = _product(self.variants, SCOPES, ("variant", "scope"))
        return pd.DataFrame(values.reshape(-1, len(self.indicators)), index=index, columns=self.indicators)

    def by_scope_per_m2(self) -> pd.DataFrame:
        """:meth:`by_scope` per m² of reference area. [indicator unit/m²]"""
        return self.by_scope() / _positive(self.project.reference_area)

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
        total = self.total()
        # the rows of the tidy table, summed from their codes (no DataFrame of strings to build)
        v, line, module, ind = self._tidy_cells()
        keep = _TOTAL[module]
        n_ind = len(self.indicators)
        sums = np.bincount(
            v[keep] * n_ind + ind[keep],
            weights=self._values_at(line[keep], module[keep], ind[keep]),
            minlength=len(self.variants) * n_ind,
        ).reshape(len(self.variants), n_ind)
        lines = pd.DataFrame(sums, index=total.index, columns=total.columns)
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

    def issues_frame(self, lang: str | None = None) -> pd.DataFrame:
        """The issues as a DataFrame, messages in ``lang`` (default: the current language)."""
        columns = ["level", "sheet", "row", "column", "value", "line_id", "message", "file"]
        return pd.DataFrame([i.to_dict(lang) for i in self.issues], columns=columns)

    # --------------------------------------------------------------------------------------- JSON
    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The JSON document of DESIGN §7 as Python objects; keys and numbers are language-neutral, the
        issues' messages are in ``lang`` (default :func:`lca.i18n.current_lang`)."""
        project = self.project
        units = {i: INDICATORS[i] for i in self.indicators}
        total, per_m2, per_m2_year, per_dwelling = (
            self.total(),
            self.per_m2(),
            self.per_m2_year(),
            self.per_dwelling(),
        )
        nested = {
            "by_module": _by_variant(self.by_module()),
            "by_lot": _by_variant(self.by_lot()),
            "by_scope": _by_variant(self.by_scope()),
            "by_scope_per_m2": _by_variant(self.by_scope_per_m2()),
        }
        descriptions = {v.name: v.description for v in project.variants}
        variants = []
        for name in self.variants:
            counts = self.line_counts.loc[name]
            assert isinstance(counts, pd.Series)  # one row: variant names are unique
            variants.append(
                {
                    "name": name,
                    "description": descriptions.get(name, ""),
                    "total": _row(total.loc[name]),
                    "units": units,
                    **{part: sums.get(name, {}) for part, sums in nested.items()},
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
            "issues": [i.to_dict(lang) for i in self.issues],
        }

    def to_json(self, lang: str | None = None, **kwargs: Any) -> str:
        """The JSON document of DESIGN §7, messages in ``lang`` (``kwargs`` go to :func:`json.dumps`)."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(lang), allow_nan=False, **kwargs)


def _deferred(name: str, doc: str) -> property:
    """A field of :class:`Results` that the engine may give as a function without arguments: it is then
    built on first use and kept (the aggregations never need it)."""
    key, build = f"_{name}", f"_build_{name}"

    def get(self: Results) -> Any:
        value = self.__dict__.get(key)
        if value is None:
            value = self.__dict__[key] = self.__dict__.pop(build)()
        return value

    def set_(self: Results, value: Any) -> None:
        if callable(value):  # the engine's builder, run on first use
            self.__dict__[key], self.__dict__[build] = None, value
        else:
            self.__dict__[key] = value

    return property(get, set_, doc=doc)


Results.layers = _deferred(  # type: ignore[assignment]
    "layers", "``(line, layer, indicator)`` impacts (:class:`Results`), built on first use when deferred."
)
Results.lines = _deferred(  # type: ignore[assignment]
    "lines", "One row per computed line (:class:`Results`), built on first use when deferred."
)


def _product(first: Sequence[Any], second: Sequence[Any], names: tuple[str, str]) -> pd.MultiIndex:
    """``MultiIndex.from_product([first, second], names=names)``, built once per distinct content (a copy
    of the one kept: building it costs more than the sums of 100k lines)."""
    try:
        return _products(tuple(first), tuple(second), names).copy()
    except TypeError:  # values that cannot be hashed
        return pd.MultiIndex.from_product([list(first), list(second)], names=list(names))


@lru_cache(maxsize=64)
def _products(first: tuple[Any, ...], second: tuple[Any, ...], names: tuple[str, str]) -> pd.MultiIndex:
    return pd.MultiIndex.from_product([list(first), list(second)], names=list(names))


def _positive(value: float | int | None) -> float:
    return float(value) if value and value > 0 else np.nan


def _number(value: float | int | None) -> float | int | None:
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return None
    return int(value) if float(value).is_integer() else float(value)


def _row(row: pd.Series | pd.DataFrame) -> dict[str, float | None]:
    """One variant's row (a Series: the frames are indexed by unique variant names) as JSON numbers."""
    assert isinstance(row, pd.Series)
    return _numbers(row.index.tolist(), row.to_numpy(dtype=float))


def _numbers(keys: Iterable[Any], values: np.ndarray) -> dict[str, float | None]:
    """``{key: value}`` as JSON numbers: a non-finite value is None."""
    return {str(k): (v if math.isfinite(v) else None) for k, v in zip(keys, values.tolist(), strict=True)}


def _by_variant(frame: pd.DataFrame) -> dict[Any, dict[str, dict[str, float | None]]]:
    """The rows of a frame indexed by (variant, key), as ``{variant: {key: {column: number}}}`` (one pass
    over the frame for every variant)."""
    index = frame.index
    assert isinstance(index, pd.MultiIndex) and index.is_unique  # sums grouped by (variant, key)
    variants = index.get_level_values("variant").tolist()
    keys = index.droplevel("variant").tolist()
    columns = frame.columns.tolist()
    out: dict[Any, dict[str, dict[str, float | None]]] = {}
    for variant, key, row in zip(variants, keys, frame.to_numpy(dtype=float), strict=True):
        out.setdefault(variant, {})[str(key)] = _numbers(columns, row)
    return out
