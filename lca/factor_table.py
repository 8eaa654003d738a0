"""The emission-factor table as data: the tidy columns of DESIGN §4, access, the dense array and stacking.

A factor table is one row per (``factor_id``, ``module``, ``indicator``) with ``value`` per
``declared_amount`` ``declared_unit``; per-factor metadata (conversions, service life, provenance)
is repeated on each row of the file and held once per factor in memory.

This module imports no reader: the readers (:mod:`lca.io.factor_tables`, :mod:`lca.io.factor_rows`)
build a :class:`FactorTable` from it, and :mod:`lca.factors` (reading, shipped tables) sits above both,
so data flows one way, io → model. :meth:`FactorTable.from_frame` calls the frame reader that
:mod:`lca.factors` registers (``import lca`` imports it); the reader itself is imported on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lca._text import Message
from lca.errors import FactorNotFoundError
from lca.indicators import INDICATORS, MODULES
from lca.sums import factorize_cells

if TYPE_CHECKING:
    from lca.errors import Issue

#: Columns of the long value table.
VALUE_COLUMNS: list[str] = ["factor_id", "module", "indicator", "value"]

#: Per-factor metadata columns, in file order.
META_COLUMNS: list[str] = [
    "name",  # English (or original) name
    "name_fr",
    "name_de",
    "category",
    "declared_unit",  # canonical unit text, see lca.units.normalise_unit
    "declared_amount",  # default 1
    "density",  # [kg/m³]
    "area_mass",  # [kg/m²]
    "linear_mass",  # [kg/m]
    "mass_per_unit",  # [kg per declared unit]
    "thickness",  # layer thickness [m]
    "service_life",  # [years]
    "biogenic_carbon",  # [kg C per declared unit]
    "data_type",  # specific, collective, average, generic, default (RE2020 DED), fixed (forfaitaire)
    "standard",  # EN 15804+A1 / EN 15804+A2
    "scenario",  # scenario name kept when a module had several
    "carrier",  # energy tables: energy carrier key (electricity, natural_gas, ...)
    "use",  # energy tables: use key (heating, dhw, cooling, lighting, auxiliary, other, all)
    "transport_mode",  # transport tables: road, rail, inland_ship, ...
    "source",  # the database or document, e.g. "ÖKOBAUDAT OBD_2020_II"
    "source_id",  # UUID of the dataset in its source
    "version",  # dataset version in its source
    "release",  # database release
    "data_owner",
    "valid_until",  # year or date
    "url",
    "licence",
    "note",
]

#: Columns of a factor-table file: values plus metadata on every row (provenance per row).
FILE_COLUMNS: list[str] = VALUE_COLUMNS + META_COLUMNS


@dataclass(frozen=True)
class FactorTable:
    """One or several stacked emission-factor tables.

    Attributes
    ----------
    values
        Long table: ``factor_id, module, indicator, value`` (value per declared amount of the
        declared unit, in the indicator's unit).
    meta
        One row per factor, indexed by ``factor_id``: :data:`META_COLUMNS`, plus ``table`` (the
        table it came from) and ``table_row`` (its first row there).
    """

    values: pd.DataFrame
    meta: pd.DataFrame

    # ------------------------------------------------------------------------- construction
    @classmethod
    def empty(cls) -> FactorTable:
        """A table without factors."""
        meta = pd.DataFrame(
            columns=[*META_COLUMNS, "table", "table_row"], index=pd.Index([], name="factor_id")
        )
        return cls(pd.DataFrame(columns=VALUE_COLUMNS), meta)

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        table: str,
        *,
        sheet: str | None = None,
        file: str | None = None,
        rows: Sequence[int] | np.ndarray | None = None,
    ) -> tuple[FactorTable, list[Issue]]:
        """Build a table from a long or a wide frame, with lenient headers; see
        :func:`lca.io.factor_tables.parse_factor_frame`.

        Returns
        -------
        table, issues
            The factors that could be read, and one issue per cell or row that could not.
        """
        if _FRAME_READER is None:  # pragma: no cover - ``import lca`` imports the reader
            raise RuntimeError("import lca.io.factor_tables (or lca) before FactorTable.from_frame")
        return _FRAME_READER(frame, table, sheet=sheet, file=file, rows=rows)

    # --------------------------------------------------------------------------------- access
    def __len__(self) -> int:
        return len(self.meta)

    def __contains__(self, factor_id: object) -> bool:
        return factor_id in self.meta.index

    @property
    def indicators(self) -> list[str]:
        """Indicators declared by at least one factor."""
        return list(pd.unique(self.values["indicator"]))

    def tables(self) -> list[str]:
        """Names of the stacked tables, in stacking order."""
        return list(pd.unique(self.meta["table"]))

    def to_frame(self) -> pd.DataFrame:
        """The file layout: :data:`FILE_COLUMNS`, metadata on every row."""
        meta = self.meta.reindex(columns=META_COLUMNS)
        out = self.values.join(meta, on="factor_id")
        return out.reindex(columns=FILE_COLUMNS)

    def factor(self, factor_id: str) -> tuple[pd.Series, pd.DataFrame]:
        """One factor: its metadata (conversions, provenance, table and row) and its values.

        Returns
        -------
        info
            The factor's metadata.
        values
            One row per indicator (with its ``unit``), one column per declared module. [per declared
            amount of the declared unit]

        Raises
        ------
        FactorNotFoundError
            Naming the tables searched.
        """
        if factor_id not in self:
            raise self.unknown(factor_id)
        values = self.values.loc[self.values["factor_id"] == factor_id]
        wide = values.pivot(index="indicator", columns="module", values="value")
        wide = wide.reindex(
            columns=[m for m in MODULES if m in wide.columns],
            index=[i for i in INDICATORS if i in wide.index],
        )
        wide.insert(0, "unit", [INDICATORS[i] for i in wide.index])
        row = self.meta.loc[factor_id]
        assert isinstance(row, pd.Series)  # factor ids are unique
        return row, wide

    def unknown(self, factor_id: str) -> FactorNotFoundError:
        """The error for a factor id that no table holds, naming the tables searched."""
        return FactorNotFoundError(
            Message(
                "no factor '{id}' in the tables ({tables}); `lca factors search TEXT` finds factors by name",
                id=factor_id,
                tables=", ".join(self.tables()),
            ),
            value=factor_id,
        )

    @cached_property
    def _codes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str], np.ndarray]:
        """Each value row as integers, computed once per table: factor position in :attr:`meta`,
        module number, indicator code (with the indicator names), and the values."""
        values = self.values
        factor = _positions_in(values["factor_id"], self.meta.index)
        module = _positions_in(values["module"], pd.Index(MODULES))
        indicator, names = factorize_cells(values["indicator"].to_numpy(dtype=object))
        return factor, module, indicator, [str(n) for n in names], values["value"].to_numpy(dtype=float)

    def positions(self, factor_ids: Iterable[str]) -> np.ndarray:
        """Positions in :attr:`meta` of the factors among ``factor_ids`` that this table holds."""
        wanted = pd.Index(pd.unique(np.asarray(list(factor_ids), dtype=object)))
        positions = self.meta.index.get_indexer(wanted)
        return positions[positions >= 0]

    def select(self, factor_ids: Iterable[str]) -> FactorTable:
        """The factors among ``factor_ids`` that this table holds."""
        return self.take(self.positions(factor_ids))

    def take(self, positions: np.ndarray) -> FactorTable:
        """The factors at these positions of :attr:`meta`, in that order (the table itself when they are
        all its factors in order)."""
        if len(positions) == len(self.meta) and np.array_equal(positions, np.arange(len(positions))):
            return self

        def values() -> pd.DataFrame:  # the value rows of these factors, taken on first use
            keep = np.zeros(len(self.meta), dtype=bool)
            keep[positions] = True
            factor = self._codes[0]
            return self.values.iloc[np.flatnonzero(keep[factor] & (factor >= 0))]

        table = FactorTable(values, self.meta.iloc[positions])  # type: ignore[arg-type]
        table.__dict__["_taken_from"] = (self, np.asarray(positions))
        return table

    def per_factor(self, key: Hashable, build: Callable[[pd.DataFrame], Any]) -> Any:
        """``build(self.meta)``: something derived from the metadata of every factor (one row each),
        computed once per table and ``key`` (the table is immutable; ``build`` must work row by row, so
        that the rows of the factors used can be taken from it). A table taken from another
        (:meth:`take`) takes its rows of the other's when ``build`` gives one array: ``build`` must derive
        everything from the metadata it is given, never from the table it was written for."""
        taken_from = self.__dict__.get("_taken_from")
        if taken_from is not None:
            source, positions = taken_from
            found = source.per_factor(key, build)
            if isinstance(found, np.ndarray) and len(found) == len(source.meta):
                return found[positions]
        memo: dict[Hashable, Any] = self.__dict__.setdefault("_per_factor", {})
        if key not in memo:
            memo[key] = build(self.meta)
        return memo[key]

    def indicators_of(self, positions: np.ndarray) -> list[str]:
        """Indicators declared by the factors at these positions, in :data:`INDICATORS` order."""
        names = self._codes[3]
        present = self._declares[positions].any(axis=0)
        found = {names[c] for c in np.flatnonzero(present)}
        return [k for k in INDICATORS if k in found]

    @cached_property
    def _declares(self) -> np.ndarray:
        """``(factor, indicator code)`` True where the factor declares the indicator (codes of
        :attr:`_codes`), once per table."""
        factor, _, indicator, names, _ = self._codes
        out = np.zeros((len(self.meta), len(names)), dtype=bool)
        ok = factor >= 0
        out[factor[ok], indicator[ok]] = True
        return out

    def dense_at(self, positions: np.ndarray, indicators: Sequence[str]) -> np.ndarray:
        """Dense ``(factor, module, indicator)`` values of the factors at these positions of
        :attr:`meta` (in that order), NaN where not declared. The whole table's array is built once per
        list of indicators (the table is immutable); then only the rows wanted are taken."""
        taken_from = self.__dict__.get("_taken_from")
        if taken_from is not None:  # the rows of the table this one was taken from (built once there)
            source, rows = taken_from
            return source.dense_at(rows[positions], indicators)
        memo: dict[Hashable, Any] = self.__dict__.setdefault("_per_factor", {})
        key = ("dense", tuple(indicators))
        if key not in memo:
            memo[key] = self._dense(indicators)
        every = memo[key]
        if len(positions) == len(self.meta) and np.array_equal(positions, np.arange(len(positions))):
            return every.copy()
        return every[positions]

    def _dense(self, indicators: Sequence[str]) -> np.ndarray:
        """``(factor, module, indicator)`` values of every factor, NaN where not declared."""
        factor, module, indicator, names, values = self._codes
        wanted = {name: k for k, name in enumerate(indicators)}
        indicator_number = np.array([wanted.get(name, -1) for name in names], dtype=np.int64)
        ii = indicator_number[indicator] if len(indicator_number) else np.full(len(indicator), -1)
        ok = (factor >= 0) & (module >= 0) & (ii >= 0)
        out = np.full((len(self.meta), len(MODULES), len(indicators)), np.nan)
        out[factor[ok], module[ok], ii[ok]] = values[ok]
        return out

    def dense(self, factor_ids: Sequence[str] | np.ndarray, indicators: Sequence[str]) -> np.ndarray:
        """Values as a dense ``(factor, module, indicator)`` array, NaN where not declared.

        Parameters
        ----------
        factor_ids
            Factors in the order wanted; each must be in the table.
        indicators
            Indicator keys in the order wanted.
        """
        positions = self.meta.index.get_indexer(pd.Index(list(factor_ids)))
        if (positions < 0).any():
            missing = [f for f, p in zip(factor_ids, positions, strict=True) if p < 0]
            raise FactorNotFoundError(
                Message("factors not in the table: {ids}", ids=", ".join(map(str, missing[:5]))),
                value=missing,
            )
        return self.dense_at(positions, indicators)


def _values(self: FactorTable) -> pd.DataFrame:
    value = self.__dict__["_values"]
    if callable(value):  # a table taken from another: its value rows taken on first use
        value = self.__dict__["_values"] = value()
    return value


def _set_values(self: FactorTable, value: pd.DataFrame) -> None:
    self.__dict__["_values"] = value


FactorTable.values = property(  # type: ignore[assignment]
    _values, _set_values, doc="Long table: ``factor_id, module, indicator, value`` (:class:`FactorTable`)."
)

#: The function of :meth:`FactorTable.from_frame`, registered by :mod:`lca.factors`.
FrameReader = Callable[..., "tuple[FactorTable, list[Issue]]"]
_FRAME_READER: FrameReader | None = None


def register_frame_reader(reader: FrameReader) -> None:
    """Set the reader behind :meth:`FactorTable.from_frame` (the model does not import its reader)."""
    global _FRAME_READER
    _FRAME_READER = reader


_STACKS: dict[tuple[int, ...], tuple[list[FactorTable], FactorTable]] = {}


def stack(tables: Sequence[FactorTable]) -> FactorTable:
    """Stack tables; a later table overrides an earlier one on the same ``factor_id`` (all its values).

    Examples
    --------
    >>> combined = stack([default_factors(), read_factors("my_fdes.xlsx")[0]])  # doctest: +SKIP
    """
    tables = [t for t in tables if len(t)]
    if not tables:
        return FactorTable.empty()
    if len(tables) == 1:
        return tables[0]
    key = tuple(id(t) for t in tables)
    if key in _STACKS:  # the same tables stacked again (one project computed several ways)
        return _STACKS[key][1]
    stacked = _stack(tables)
    if len(_STACKS) >= 8:
        _STACKS.pop(next(iter(_STACKS)))
    _STACKS[key] = (list(tables), stacked)  # the tables are kept alive, so their ids stay theirs
    return stacked


def _stack(tables: list[FactorTable]) -> FactorTable:
    metas = [t.meta.assign(_layer=k) for k, t in enumerate(tables)]
    meta = pd.concat(metas)
    meta = meta.loc[~meta.index.duplicated(keep="last")]
    values = pd.concat([t.values.assign(_layer=k) for k, t in enumerate(tables)], ignore_index=True)
    winner = meta["_layer"].reindex(values["factor_id"]).to_numpy()
    values = values.loc[winner == values["_layer"].to_numpy()].drop(columns="_layer")
    return FactorTable(values.reset_index(drop=True), meta.drop(columns="_layer"))


def _positions_in(column: pd.Series, index: pd.Index) -> np.ndarray:
    """``index.get_indexer(column)`` (-1 where absent or missing), each distinct cell looked up once: a
    table's 50,000 value rows name a few hundred factors, modules and indicators."""
    codes, distinct = factorize_cells(column.to_numpy(dtype=object))
    found = index.get_indexer(pd.Index(distinct, dtype=object))
    return np.where(codes >= 0, found[np.maximum(codes, 0)], -1)
