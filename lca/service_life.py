"""Default service lives of building components, for lines whose service life nobody gives.

A line's service life is, in this order: the line's own (``durée de vie``), its factor's
``service_life``, else a default from the shipped table ``datasets/service_life/service_lives.csv``
(BBSR, *Nutzungsdauern von Bauteilen für Lebenszyklusanalysen nach BNB*, edition and code per row),
found through ``datasets/service_life/mapping.csv`` (the factor's id first, else its category).
Only rows whose status is in :data:`ACCEPTED_STATUS` are used; the others are listed in the table
for review. Each line that takes a default gets an ``info`` issue naming the value and its source.

References
----------
BBSR, Nutzungsdauern von Bauteilen (Stand 24.02.2017 and Stand 04.11.2025); the readings and their
status are in ``datasets/service_life/README.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Protocol

import numpy as np
import pandas as pd

from lca._text import Label, Message, Num
from lca.errors import InputError

#: Statuses of the table rows used as defaults: read in a regulation/standard or one good source
#: consistent with another (``CONFIRMED``), or the same value in two independent readings
#: (``SECONDARY-2``). ``SECONDARY-1`` rows (one reading) are shipped for review but not used.
ACCEPTED_STATUS: tuple[str, ...] = ("CONFIRMED", "SECONDARY-2")
#: Where a line's service life came from (``Results.lines["service_life_origin"]``).
ORIGINS: tuple[str, ...] = ("", "line", "factor", "default")
_TABLE = ("service_life", "service_lives.csv")
_MAPPING = ("service_life", "mapping.csv")
_TABLE_COLUMNS = ["component", "description", "service_life", "at_least", "edition", "bnb_code", "status"]
_MAPPING_COLUMNS = ["match", "key", "component", "reason"]


class _Notes(Protocol):
    """Records a note on a line (``lca.engine._Collector``)."""

    def add(self, level: str, i: int, column: str, value: object, message: str | Message) -> None: ...
    def warning(self, i: int, column: str, value: object, message: str | Message) -> None: ...


@dataclass(frozen=True)
class Defaults:
    """Default service life of each factor of a table (aligned with its rows).

    Attributes
    ----------
    years
        Service life [years]; NaN where no default applies.
    source
        ``"<edition>, <BNB code> '<description>'"`` (``"at least"`` added for ≥ rows); ``""`` where none.
    """

    years: np.ndarray
    source: np.ndarray

    def take(self, index: np.ndarray) -> Defaults:
        """The defaults of the factors at ``index`` (e.g. of each line)."""
        return Defaults(self.years[index], self.source[index])


@cache
def service_life_table() -> pd.DataFrame:
    """The shipped service-life table, indexed by ``component`` (cached).

    Raises
    ------
    InputError
        When the shipped file lacks a column or holds a life that is not a positive number.
    """
    from lca.datasets import read_table

    table, path = read_table(_TABLE, _TABLE_COLUMNS)
    years = pd.to_numeric(table["service_life"], errors="coerce")
    if not (np.isfinite(years) & (years > 0)).all() or table["component"].duplicated().any():
        raise InputError(
            Message("every row needs a unique component and a service_life > 0 years"), file=str(path)
        )
    return table.assign(service_life=years.astype(float)).set_index("component")


@cache
def service_life_mapping() -> pd.DataFrame:
    """The shipped mapping ``(match, key) -> component`` (``match`` is ``factor_id`` or ``category``).

    Raises
    ------
    InputError
        When a column is missing, a row names a component that is not in :func:`service_life_table`,
        or a key is listed twice.
    """
    from lca.datasets import read_table

    mapping, path = read_table(_MAPPING, _MAPPING_COLUMNS)
    unknown = set(mapping["component"]) - set(service_life_table().index) - {""}
    twice = mapping.duplicated(["match", "key"])
    if unknown or set(mapping["match"]) - {"factor_id", "category"} or twice.any():
        raise InputError(
            Message(
                "unknown components {unknown}, a match other than factor_id/category, or keys listed twice "
                "{twice}",
                unknown=str(sorted(unknown)),
                twice=str(mapping.loc[twice, "key"].tolist()),
            ),
            file=str(path),
        )
    return mapping


def service_life_defaults(meta: pd.DataFrame) -> Defaults:
    """The default service life of each factor: by its ``factor_id``, else by its ``category``.

    Parameters
    ----------
    meta
        Factor metadata indexed by ``factor_id``, with a ``category`` column.

    Returns
    -------
    Defaults
        Aligned with ``meta``'s rows; NaN/``""`` where the mapping gives no component, or a component
        whose status is not in :data:`ACCEPTED_STATUS`.
    """
    row = mapping_rows(meta, service_life_mapping())  # row of the mapping, -1: none
    component = service_life_mapping()["component"].to_numpy(dtype=object)
    years, sources = _usable()
    chosen = np.where(row >= 0, component[np.maximum(row, 0)], "")
    return Defaults(
        np.array([years.get(c, np.nan) for c in chosen], dtype=float),
        np.array([sources.get(c, "") for c in chosen], dtype=object),
    )


@cache
def _usable() -> tuple[dict[str, float], dict[str, Message]]:
    """Life and source text of each component whose status is accepted."""
    table = service_life_table()
    used = table.loc[table["status"].isin(ACCEPTED_STATUS)]
    sources = {key: _source(row) for key, row in zip(used.index, used.itertuples(), strict=True)}
    lives = {str(key): float(life) for key, life in used["service_life"].to_dict().items()}
    return lives, sources


def mapping_rows(meta: pd.DataFrame, mapping: pd.DataFrame) -> np.ndarray:
    """Row of ``mapping`` (columns ``match``, ``key``) that applies to each factor of ``meta``: its
    ``factor_id`` row, else its category's (see :func:`factor_categories`); -1 where none."""
    keys = mapping["key"].to_numpy(dtype=object)
    by_id = mapping["match"].to_numpy() == "factor_id"
    rows_id, rows_category = np.flatnonzero(by_id), np.flatnonzero(~by_id)
    ids = pd.Index(keys[by_id]).get_indexer(meta.index)
    categories = pd.Index(keys[~by_id]).get_indexer(factor_categories(meta))
    out = np.full(len(meta), -1, dtype=np.int64)
    out[categories >= 0] = rows_category[categories[categories >= 0]]
    out[ids >= 0] = rows_id[ids[ids >= 0]]
    return out


def factor_categories(meta: pd.DataFrame) -> np.ndarray:
    """Each factor's ``category``; where it has none (e.g. a shipped factor copied into a workbook's
    Facteurs sheet without it), the category of the shipped factor with the same id, else ``""``."""
    from lca.factors import default_factors

    own = meta["category"].to_numpy(dtype=object) if "category" in meta else np.full(len(meta), None, object)
    out = np.array([c.strip() if isinstance(c, str) else "" for c in own], dtype=object)
    missing = np.flatnonzero(out == "")
    if len(missing):
        shipped = default_factors().meta["category"]
        at = shipped.index.get_indexer(meta.index[missing])
        found = at >= 0
        out[missing[found]] = shipped.to_numpy(dtype=object)[at[found]]
        out[missing[found]] = [c if isinstance(c, str) else "" for c in out[missing[found]]]
    return out


def _source(row: object) -> Message:
    """Edition, code and component of a table row, the component in the reader's language (the table's
    English ``description`` is the catalogue's msgid)."""
    code = f", {row.bnb_code.replace(';', ', ')}" if row.bnb_code else ""  # type: ignore[attr-defined]
    description = Message(str(row.description))  # type: ignore[attr-defined]
    edition = f"{row.edition}{code}"  # type: ignore[attr-defined]
    cited = Message("{edition} '{component}'", edition=edition, component=description)
    if row.at_least == "yes":  # type: ignore[attr-defined]
        return Message(
            "{source}, at least {years} years",
            source=cited,
            years=Num(float(row.service_life), "years"),  # type: ignore[attr-defined]
        )
    return cited


def line_service_lives(
    own: np.ndarray,
    factor: np.ndarray,
    default: Defaults | None,
    material: np.ndarray,
    replaceable: np.ndarray,
    issue: _Notes,
    rows: np.ndarray,
) -> tuple[np.ndarray, pd.Categorical[str]]:
    """Service life of each line and where it came from.

    The line's own life when > 0 (a value ≤ 0 is a warning and ignored), else the factor's, else
    the default (an ``info`` issue per line: ``default service life N years (source)``), else NaN:
    no replacement, with a warning for products that could be replaced (their factor declares A1-A3).

    Parameters
    ----------
    own, factor
        ``(line,)`` the line's and its factor's service life [years], NaN where not given.
    default
        The factors' defaults taken per line (``Defaults`` of ``(line,)`` arrays), or None when
        defaults are turned off.
    material
        ``(line,)`` True for material lines (energy and water lines have no service life).
    replaceable
        ``(line,)`` True where the factor declares A1-A3.
    issue
        Records the notes; ``rows[i]`` is line ``i``'s row in the project's lines.
    rows
        ``(line,)`` row of each line in the project's lines table.

    Returns
    -------
    life
        ``(line,)`` [years], NaN where none.
    origin
        ``(line,)`` categorical of :data:`ORIGINS`: ``"line"``, ``"factor"``, ``"default"`` or ``""``.
    """
    for i in np.flatnonzero(own <= 0):
        issue.warning(
            int(rows[i]),
            "service_life",
            own[i],
            Message(
                "'{column}' must be > 0 years; ignored: the factor's, else the default, service life is used",
                column=_header(issue, rows[i]),
            ),
        )
    life = np.where(own > 0, own, factor)
    code = np.where(own > 0, 1, np.where(factor > 0, 2, 0)).astype(np.int8)  # ORIGINS
    if default is not None:
        take = material & ~(life > 0) & (default.years > 0)
        life = np.where(take, default.years, life)
        code[take] = 3
        for i in np.flatnonzero(take):
            issue.add(
                "info",
                int(rows[i]),
                "service_life",
                float(default.years[i]),
                Message(
                    "default service life {years} years ({source})",
                    years=Num(float(default.years[i]), "years"),
                    source=default.source[i],
                ),
            )
    for i in np.flatnonzero(material & ~(life > 0) & replaceable):
        issue.warning(
            int(rows[i]),
            "service_life",
            "",
            Message(
                "no service life, neither on the line nor in the factor: the element is assumed to last the "
                "whole study period (no replacement, B4 = 0); give the service life in years in column "
                "'{column}'",
                column=_header(issue, rows[i]),
            ),
        )
    code[~material] = 0
    return np.where(life > 0, life, np.nan), pd.Categorical.from_codes(code, pd.Index(ORIGINS))


def _header(issue: object, row: int) -> str | Label:
    """The service-life column of line ``row`` as the user typed it, else its label."""
    header = getattr(issue, "header", None)
    return header(int(row), "service_life") if header else Label("column", "service_life")
