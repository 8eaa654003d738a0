"""Emission-factor tables: the tidy schema of DESIGN §4, stacking and the dense array (reading is in
:mod:`lca.io.factor_tables`).

A factor table is one row per (``factor_id``, ``module``, ``indicator``) with ``value`` per
``declared_amount`` ``declared_unit``; per-factor metadata (conversions, service life, provenance)
is repeated on each row of the file and held once per factor in memory.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from lca.errors import FactorNotFoundError, Issue
from lca.indicators import INDICATORS, MODULES

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

log = logging.getLogger(__name__)


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
        from lca.io.factor_tables import parse_factor_frame

        return parse_factor_frame(frame, table, sheet=sheet, file=file, rows=rows)

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
            raise FactorNotFoundError(
                f"no factor {factor_id!r} in the tables ({', '.join(self.tables())}); "
                "`lca factors search TEXT` finds factors by name",
                value=factor_id,
            )
        values = self.values.loc[self.values["factor_id"] == factor_id]
        wide = values.pivot(index="indicator", columns="module", values="value")
        wide = wide.reindex(
            columns=[m for m in MODULES if m in wide.columns],
            index=[i for i in INDICATORS if i in wide.index],
        )
        wide.insert(0, "unit", [INDICATORS[i] for i in wide.index])
        return self.meta.loc[factor_id], wide

    @cached_property
    def _codes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str], np.ndarray]:
        """Each value row as integers, computed once per table: factor position in :attr:`meta`,
        module number, indicator code (with the indicator names), and the values."""
        values = self.values
        factor = self.meta.index.get_indexer(values["factor_id"])
        module = pd.Index(MODULES).get_indexer(values["module"])
        indicator, names = pd.factorize(values["indicator"])
        return factor, module, indicator, [str(n) for n in names], values["value"].to_numpy(dtype=float)

    def positions(self, factor_ids: Iterable[str]) -> np.ndarray:
        """Positions in :attr:`meta` of the factors among ``factor_ids`` that this table holds."""
        positions = self.meta.index.get_indexer(pd.unique(np.asarray(list(factor_ids), dtype=object)))
        return positions[positions >= 0]

    def select(self, factor_ids: Iterable[str]) -> FactorTable:
        """The factors among ``factor_ids`` that this table holds."""
        return self.take(self.positions(factor_ids))

    def take(self, positions: np.ndarray) -> FactorTable:
        """The factors at these positions of :attr:`meta`, in that order."""
        keep = np.zeros(len(self.meta), dtype=bool)
        keep[positions] = True
        factor = self._codes[0]
        rows = np.flatnonzero(keep[factor] & (factor >= 0))
        return FactorTable(self.values.iloc[rows], self.meta.iloc[positions])

    def indicators_of(self, positions: np.ndarray) -> list[str]:
        """Indicators declared by the factors at these positions, in :data:`INDICATORS` order."""
        factor, _, indicator, names, _ = self._codes
        keep = np.zeros(len(self.meta), dtype=bool)
        keep[positions] = True
        present = {names[c] for c in np.unique(indicator[keep[factor] & (factor >= 0)])}
        return [k for k in INDICATORS if k in present]

    def dense_at(self, positions: np.ndarray, indicators: Sequence[str]) -> np.ndarray:
        """Dense ``(factor, module, indicator)`` values of the factors at these positions of
        :attr:`meta` (in that order), NaN where not declared. No string work after the first call."""
        factor, module, indicator, names, values = self._codes
        number = np.full(len(self.meta), -1)
        number[positions] = np.arange(len(positions))
        wanted = {name: k for k, name in enumerate(indicators)}
        indicator_number = np.array([wanted.get(name, -1) for name in names], dtype=np.int64)
        fi = np.where(factor >= 0, number[np.maximum(factor, 0)], -1)
        ii = indicator_number[indicator] if len(indicator_number) else np.full(len(indicator), -1)
        ok = (fi >= 0) & (module >= 0) & (ii >= 0)
        out = np.full((len(positions), len(MODULES), len(indicators)), np.nan)
        out[fi[ok], module[ok], ii[ok]] = values[ok]
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
        positions = self.meta.index.get_indexer(list(factor_ids))
        if (positions < 0).any():
            missing = [f for f, p in zip(factor_ids, positions, strict=True) if p < 0]
            raise FactorNotFoundError(f"factors not in the table: {missing[:5]}", value=missing)
        return self.dense_at(positions, indicators)


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


def read_factors(
    path: str | Path, *, sheet: str | None = None, max_rows: int | None = None
) -> tuple[FactorTable, list[Issue]]:
    """Read a factor table from CSV (``.csv``, ``.csv.gz``) or a workbook sheet, at most ``max_rows``
    rows (default :data:`lca.limits.MAX_ROWS`); see :func:`lca.io.factor_tables.read_factor_table`."""
    from lca.io.factor_tables import read_factor_table
    from lca.limits import MAX_ROWS

    return read_factor_table(path, sheet=sheet, max_rows=max_rows or MAX_ROWS)


# ------------------------------------------------------------------------------ shipped tables

#: Shipped tables stacked by default, in order (later ones override earlier ones).
DEFAULT_TABLES: tuple[str, ...] = (
    "oekobaudat_2020_II_generic.csv.gz",
    "transport.csv",
    "energy_fr_re2020.csv",
)


@lru_cache(maxsize=16)
def load_table(name: str) -> FactorTable:
    """A shipped factor table of ``datasets/factors/`` by file name (cached in memory, and on disk in a
    compact binary form: see :func:`cache_dir`)."""
    from lca.datasets import dataset_path

    path = dataset_path("factors", name)

    def read() -> tuple[FactorTable, bool]:
        table, issues = read_factors(path)
        if issues:
            log.warning("shipped table %s: %d issues", name, len(issues))
        return table, not issues

    return _through_cache(name, [path], read)


def _through_cache(
    name: str, sources: list[Path], build: Callable[[], tuple[FactorTable, bool]]
) -> FactorTable:
    """The table ``build`` makes from ``sources``, read from its binary form when the cache holds one for
    these very sources; ``build`` also says whether to keep it (a table with issues is read every time)."""
    folder = cache_dir()
    cached = folder / f"{name}.{_cache_key(sources)}.npz" if folder is not None else None
    if cached is not None and cached.is_file():
        try:
            with np.load(cached, allow_pickle=False) as arrays:
                return unpack_table(dict(arrays))
        except Exception as err:  # a damaged or foreign file: build the table and write it again
            log.debug("factor cache %s unreadable (%s): reading the CSV", cached, err)
    table, keep = build()
    if keep and cached is not None:
        _write_cache(cached, table)
    return table


# ------------------------------------------------------------------ compact binary form of a table
#: Version of the binary form; part of the cache key with the sources that shape a table.
CACHE_FORMAT = 1
_CACHE_SOURCES = ("factors.py", "io/factor_tables.py", "units.py", "indicators.py")


def cache_dir() -> Path | None:
    """Where the shipped tables are kept in binary form once read: ``$LCA_CACHE_DIR`` (empty: no cache),
    else ``$XDG_CACHE_HOME/lca``, else ``~/.cache/lca``.

    A cached table is read back in a few milliseconds instead of parsing its CSV (0.25 s for the
    ÖKOBAUDAT table); its file name holds a hash of the CSV's bytes, of the code that reads it and of the
    numpy and pandas versions, so an edited table or a new version of ``lca`` never reads a stale one.
    """
    import os

    if "LCA_CACHE_DIR" in os.environ:
        return Path(os.environ["LCA_CACHE_DIR"]) if os.environ["LCA_CACHE_DIR"] else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lca"


def _cache_key(sources: list[Path]) -> str:
    import hashlib

    digest = hashlib.sha256(f"{CACHE_FORMAT}|{np.__version__}|{pd.__version__}|".encode())
    here = Path(__file__).parent
    for file in (*sources, *(here / source for source in _CACHE_SOURCES)):
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:24]


def _write_cache(path: Path, table: FactorTable) -> None:
    """Write the binary form atomically; a folder that cannot be written only costs the CSV next time."""
    import os
    import tempfile

    arrays = pack_table(table)
    if arrays is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as out:
            np.savez(out, **arrays)  # type: ignore[arg-type]
        os.replace(out.name, path)
    except OSError as err:
        log.debug("factor cache %s not written: %s", path, err)
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(out.name)


_NAN, _NONE = -1, -2  # codes of a missing text cell: NaN or None
# the scalar types an object column may hold, by tag (str(float) is its shortest exact repr)
_RESTORE: dict[str, type] = {"i": int, "f": float, "I": np.int64, "F": np.float64}
_SCALARS: dict[type, str] = {str: "s", **{kind: tag for tag, kind in _RESTORE.items()}}


def pack_table(table: FactorTable) -> dict[str, np.ndarray] | None:
    """A table as plain numpy arrays (no pickled objects): numbers as they are, text columns as codes
    and their distinct values. None when a column holds cells that are neither numbers nor text."""
    import json

    arrays: dict[str, np.ndarray] = {}
    spec = []
    ids = pd.Series(table.meta.index.to_numpy(), dtype=table.meta.index.dtype, copy=False)
    parts = {
        "values": list(table.values.items()),
        "meta": [("factor_id", ids), *table.meta.items()],  # the index as it is (reset_index infers)
    }
    for part, items in parts.items():
        for k, (column, series) in enumerate(items):
            key = f"{part}_{k}"
            if series.dtype.kind in "biuf":
                arrays[key] = series.to_numpy()
                spec.append([part, str(column), "number", str(series.dtype)])
                continue
            cells = series.to_numpy(dtype=object)
            none = np.array([c is None for c in cells], dtype=bool)
            missing = pd.isna(cells) & ~none
            text = ~(none | missing)
            kinds = np.array([_SCALARS.get(type(c), "") for c in cells[text]], dtype=str)
            if (kinds == "").any():
                return None
            codes, uniques = pd.factorize(np.array([str(c) for c in cells[text]], dtype=object))
            full = np.where(none, _NONE, _NAN).astype(np.int32)
            full[text] = codes
            arrays[key], arrays[f"{key}_text"] = full, np.asarray(uniques, dtype=str)
            if (kinds != "s").any():  # numbers among the text of an object column: their types
                arrays[f"{key}_kind"] = np.full(len(cells), "s")
                arrays[f"{key}_kind"][text] = kinds
            spec.append([part, str(column), "text", str(series.dtype)])
    arrays["spec"] = np.array(json.dumps(spec))
    return arrays


def unpack_table(arrays: dict[str, np.ndarray]) -> FactorTable:
    """The table of :func:`pack_table`, with the same columns, dtypes and missing cells."""
    import json

    columns: dict[str, dict[str, object]] = {"values": {}, "meta": {}}
    counts = {"values": 0, "meta": 0}
    for part, column, kind, dtype in json.loads(str(arrays["spec"])):
        key = f"{part}_{counts[part]}"
        counts[part] += 1
        if kind == "number":
            columns[part][column] = pd.Series(arrays[key], dtype=dtype, copy=False)
            continue
        codes, text = arrays[key], arrays[f"{key}_text"].astype(object)
        cells = text[np.maximum(codes, 0)] if len(text) else np.empty(len(codes), dtype=object)
        cells[codes == _NAN] = np.nan
        cells[codes == _NONE] = None
        if f"{key}_kind" in arrays:  # numbers stored as their exact text (repr of a float round-trips)
            kinds = arrays[f"{key}_kind"]
            for tag, kind in _RESTORE.items():
                rows = np.flatnonzero((kinds == tag) & (codes >= 0))
                cells[rows] = [kind(c) for c in cells[rows]]
        columns[part][column] = pd.Series(cells, dtype=dtype, copy=False)  # object stays object
    values = pd.DataFrame(columns["values"])
    ids = columns["meta"].pop("factor_id")
    assert isinstance(ids, pd.Series)
    meta = pd.DataFrame(columns["meta"])
    meta.index = pd.Index(ids, name="factor_id", dtype=ids.dtype, copy=False)
    return FactorTable(values, meta)


@lru_cache(maxsize=1)
def default_factors() -> FactorTable:
    """The shipped tables of :data:`DEFAULT_TABLES` that are present, stacked."""
    from lca.datasets import dataset_dir

    folder = dataset_dir() / "factors"
    present = [name for name in DEFAULT_TABLES if (folder / name).is_file()]

    if len(present) < 2:  # one table is cached as itself
        return stack([load_table(name) for name in present])
    return _through_cache(
        "default_factors",
        [folder / name for name in present],
        lambda: (stack([load_table(name) for name in present]), True),
    )
