"""Emission-factor tables: reading them (:func:`read_factors`), the shipped tables (:func:`load_table`,
:func:`default_factors`) and their compact binary form.

The table itself (columns, access, stacking) is :mod:`lca.factor_table`, the readers are
:mod:`lca.io.factor_tables`; this module sits above both (data flows io → model) and re-exports the
names of the table so that ``from lca.factors import FactorTable, FILE_COLUMNS, stack`` keeps working.

The shipped tables are read, in this order, from the binary form built at packaging time inside the
wheel (``lca/datasets/factors/<name>.npz``, see ``hatch_build.py``), from the user's cache
(:func:`cache_dir`), else from their CSV source (then written to the cache).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lca.errors import Issue
from lca.factor_table import (
    FILE_COLUMNS,
    META_COLUMNS,
    VALUE_COLUMNS,
    FactorTable,
    register_frame_reader,
    stack,
)
from lca.limits import MAX_ROWS

__all__ = [
    "CACHE_FORMAT",
    "DEFAULT_TABLES",
    "FILE_COLUMNS",
    "META_COLUMNS",
    "VALUE_COLUMNS",
    "FactorTable",
    "cache_dir",
    "default_factors",
    "load_table",
    "pack_table",
    "prebuild_tables",
    "read_factors",
    "stack",
    "unpack_table",
]

log = logging.getLogger(__name__)


def read_factors(
    path: str | Path, *, sheet: str | None = None, max_rows: int | None = None
) -> tuple[FactorTable, list[Issue]]:
    """Read a factor table from CSV (``.csv``, ``.csv.gz``) or a workbook sheet, at most ``max_rows``
    rows (default :data:`lca.limits.MAX_ROWS`); see :func:`lca.io.factor_tables.read_factor_table`."""
    from lca.io.factor_tables import read_factor_table  # the reader: imported when a table is read

    return read_factor_table(path, sheet=sheet, max_rows=max_rows or MAX_ROWS)


def _parse_frame(frame: pd.DataFrame, table: str, **where: Any) -> tuple[FactorTable, list[Issue]]:
    """:meth:`FactorTable.from_frame`: :func:`lca.io.factor_tables.parse_factor_frame`, imported on first use
    (a run whose tables come in binary form never imports the readers)."""
    from lca.io.factor_tables import parse_factor_frame

    return parse_factor_frame(frame, table, **where)


register_frame_reader(_parse_frame)


# ------------------------------------------------------------------------------ shipped tables

#: Shipped tables stacked by default, in order (later ones override earlier ones).
DEFAULT_TABLES: tuple[str, ...] = (
    "oekobaudat_2020_II_generic.csv.gz",
    "transport.csv",
    "energy_fr_re2020.csv",
)


@lru_cache(maxsize=16)
def load_table(name: str) -> FactorTable:
    """A shipped factor table of ``datasets/factors/`` by file name (cached in memory; read from its
    compact binary form when the wheel or the user's cache holds one for these very bytes)."""
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
    """The table ``build`` makes from ``sources``: from the binary form built into the wheel when it
    matches these very sources, else from the user's cache when it holds one, else built (and kept in
    the cache; ``build`` also says whether to keep it: a table with issues is read every time)."""
    prebuilt = _read_prebuilt(name, sources)
    if prebuilt is not None:
        return prebuilt
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
CACHE_FORMAT = 2
#: The code that shapes a table (paths under ``lca/``): part of the key of its binary form.
_CACHE_SOURCES = (
    "factors.py",
    "factor_table.py",
    "io/factor_tables.py",
    "io/factor_rows.py",
    "io/tabular.py",
    "units.py",
    "indicators.py",
    "limits.py",
)
#: Suffix of the binary form built at packaging time, next to the CSV in the wheel.
PREBUILT_SUFFIX = ".npz"


def cache_dir() -> Path | None:
    """Where the shipped tables are kept in binary form once read: ``$LCA_CACHE_DIR`` (empty: no cache),
    else ``$XDG_CACHE_HOME/lca``, else ``~/.cache/lca``.

    A cached table is read back in a few milliseconds instead of parsing its CSV (0.25 s for the
    ÖKOBAUDAT table); its file name holds a hash of the CSV's bytes, of the code that reads it and of the
    numpy and pandas versions, so an edited table or a new version of ``lca`` never reads a stale one.
    An installed wheel carries the binary form of the default tables (:func:`prebuild_tables`) and
    writes nothing here; a source checkout or an editable install uses this cache.
    """
    import os

    if "LCA_CACHE_DIR" in os.environ:
        return Path(os.environ["LCA_CACHE_DIR"]) if os.environ["LCA_CACHE_DIR"] else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lca"


def _cache_key(sources: list[Path], *, versions: bool = True) -> str:
    """Hash of the sources' bytes, of the code that reads them and of :data:`CACHE_FORMAT`; with
    ``versions`` also of the numpy and pandas versions (the user's cache)."""
    import hashlib

    tools = f"{np.__version__}|{pd.__version__}|" if versions else ""
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{tools}".encode())
    here = Path(__file__).parent
    for file in (*sources, *(here / source for source in _CACHE_SOURCES)):
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:24]


def _prebuilt_path(name: str) -> Path:
    from lca.datasets import dataset_dir

    return dataset_dir() / "factors" / f"{name}{PREBUILT_SUFFIX}"


def _read_prebuilt(name: str, sources: list[Path]) -> FactorTable | None:
    """The binary form of ``name`` built into the wheel, when it is there, readable and made from these
    very sources by this very code (its ``key``); else None (the caller reads the cache or the CSV).

    Its key leaves out the numpy and pandas versions: the file holds plain arrays and dtype names that
    any supported version reads the same, and the values are the ones this reader made of the same
    bytes at packaging time (``tests/test_factor_cache.py`` checks them bit for bit against the CSV).
    """
    path = _prebuilt_path(name)
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as arrays:
            if str(arrays["key"]) != _cache_key(sources, versions=False):
                log.debug("factor table %s: prebuilt binary %s is stale: reading the CSV", name, path)
                return None
            table = unpack_table(dict(arrays))
    except Exception as err:  # a damaged file: the CSV is the source
        log.debug("factor table %s: prebuilt binary %s unreadable (%s): reading the CSV", name, path, err)
        return None
    log.debug("factor table %s: read from the prebuilt binary %s", name, path)
    return table


def prebuild_tables(folder: str | Path) -> list[Path]:
    """Write the binary form of each table of :data:`DEFAULT_TABLES` and of their stack (what
    :func:`default_factors` reads) into ``folder``, as read by this package's own CSV reader; run at
    packaging time by ``hatch_build.py``, which puts the files next to the CSVs in the wheel.

    Raises
    ------
    ValueError
        A shipped table reads with issues (it is never shipped in binary form) or cannot be packed.
    """
    from lca.datasets import dataset_path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    tables = []
    for name in DEFAULT_TABLES:
        source = dataset_path("factors", name)
        table, issues = read_factors(source)
        if issues:
            raise ValueError(f"shipped table {name}: {len(issues)} issues, first: {issues[0]}")
        tables.append(table)
        written.append(_write_prebuilt(folder / f"{name}{PREBUILT_SUFFIX}", table, [source]))
    sources = [dataset_path("factors", name) for name in DEFAULT_TABLES]
    written.append(_write_prebuilt(folder / f"default_factors{PREBUILT_SUFFIX}", stack(tables), sources))
    return written


def _write_prebuilt(path: Path, table: FactorTable, sources: list[Path]) -> Path:
    arrays = pack_table(table)
    if arrays is None:
        raise ValueError(f"{path.name}: a column holds cells that are neither numbers nor text")
    arrays["key"] = np.array(_cache_key(sources, versions=False))
    np.savez(path, **arrays)  # type: ignore[arg-type]
    return path


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
    """A table as a few plain numpy arrays (no pickled objects): per part (values, meta) one 2-D array
    of the number columns of each dtype and one of the codes of the text columns, the distinct texts of
    every column with the list of columns in one JSON document. None when a column holds cells that are
    neither numbers nor text.

    Few arrays, because reading each member of an ``.npz`` costs ~0.1 ms: the stacked defaults' file
    (1.3 MB) loads in 2.5 ms rather than the 7.5 ms of one array per column (2.1 MB).
    """
    import json

    arrays: dict[str, np.ndarray] = {}
    spec = []
    texts: list[str] = []
    ids = pd.Series(table.meta.index.to_numpy(), dtype=table.meta.index.dtype, copy=False)
    parts = {
        "values": list(table.values.items()),
        "meta": [("factor_id", ids), *table.meta.items()],  # the index as it is (reset_index infers)
    }
    for part, items in parts.items():
        numbers: dict[str, list[np.ndarray]] = {}
        codes_of_part: list[np.ndarray] = []
        for column, series in items:
            if series.dtype.kind in "biuf":
                group = numbers.setdefault(str(series.dtype), [])
                spec.append([part, str(column), "number", str(series.dtype), len(group)])
                group.append(series.to_numpy())
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
            j = len(codes_of_part)
            codes_of_part.append(full)
            spec.append(
                [part, str(column), "text", str(series.dtype), j, len(texts), len(texts) + len(uniques)]
            )
            texts.extend(uniques)
            if (kinds != "s").any():  # numbers among the text of an object column: their types
                arrays[f"{part}_kind_{j}"] = np.full(len(cells), "s")
                arrays[f"{part}_kind_{j}"][text] = kinds
        for dtype, group in numbers.items():
            arrays[f"{part}_{dtype}"] = np.stack(group)
        if codes_of_part:
            arrays[f"{part}_codes"] = np.stack(codes_of_part)
    # the columns and the distinct texts as UTF-8 JSON bytes: as numpy text, every string would take the
    # width of the longest, four bytes a character
    document = json.dumps({"columns": spec, "text": texts}, ensure_ascii=False).encode()
    arrays["spec"] = np.frombuffer(document, dtype=np.uint8)
    return arrays


def unpack_table(arrays: dict[str, np.ndarray]) -> FactorTable:
    """The table of :func:`pack_table`, with the same columns, dtypes and missing cells."""
    import json

    columns: dict[str, dict[str, object]] = {"values": {}, "meta": {}}
    document = json.loads(arrays["spec"].tobytes())
    texts = np.array(document["text"], dtype=object)
    for part, column, kind, dtype, j, *span in document["columns"]:
        if kind == "number":
            columns[part][column] = pd.Series(arrays[f"{part}_{dtype}"][j], dtype=dtype, copy=False)
            continue
        codes, text = arrays[f"{part}_codes"][j], texts[span[0] : span[1]]
        cells = text[np.maximum(codes, 0)] if len(text) else np.empty(len(codes), dtype=object)
        cells[codes == _NAN] = np.nan
        cells[codes == _NONE] = None
        if f"{part}_kind_{j}" in arrays:  # numbers stored as their exact text (repr of a float round-trips)
            kinds = arrays[f"{part}_kind_{j}"]
            for tag, scalar in _RESTORE.items():
                rows = np.flatnonzero((kinds == tag) & (codes >= 0))
                cells[rows] = [scalar(c) for c in cells[rows]]
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
