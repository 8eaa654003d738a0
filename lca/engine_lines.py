"""The first steps of :func:`lca.engine.compute`: the project's lines, their factors, the lines rejected,
the quantities in the factors' declared units and the variants each line belongs to.

Each step reads and updates a :class:`LineSet` (the lines as arrays and which of them can still be
computed); a line that cannot be computed gets an ``error`` issue on its sheet, row and column and is
left out of the rest — never dropped without a word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from lca._text import Label, Message
from lca.conversions import CONVERSION_COLUMNS, pair_codes, to_declared, to_declared_many
from lca.energy import carrier_name, use_name
from lca.errors import Issue, UnitError
from lca.factors import FactorTable
from lca.model import Project
from lca.sums import equal_cells, factorize_cells
from lca.units import pretty_unit

#: Shortest id prefix read as a factor id (``lca factors search`` shows the first 8 characters).
MIN_ID_PREFIX = 8
#: Role of a line, from its sheet: a material (every module), yearly energy (B6) or yearly water (B7).
ROLES: tuple[str, ...] = ("material", "energy", "water")


class _Collector:
    """Issues located on the lines' sheet and row (columns cached as arrays: no pandas call per issue)."""

    def __init__(
        self, issues: list[Issue], lines: pd.DataFrame, file: str | None, headers: dict[str, dict[str, str]]
    ) -> None:
        self.issues, self.file, self.headers = issues, file, headers
        self._lines = lines

    @cached_property
    def rows(self) -> np.ndarray:
        return self._lines["row"].to_numpy()

    @cached_property
    def sheets(self) -> np.ndarray:
        return self._lines["sheet"].to_numpy()

    @cached_property
    def ids(self) -> np.ndarray:
        return self._lines["line_id"].to_numpy()

    def add(
        self, level: str, i: int | np.integer, column: str, value: object, message: str | Message
    ) -> None:
        row = int(self.rows[i]) if int(self.rows[i]) > 0 else None
        sheet = self.sheets[i]
        typed = self.headers.get(sheet, {})
        # the header as the user typed it; none when the sheet lacks the column (the message names it)
        column = typed.get(column) or (None if typed else column)  # type: ignore[assignment]
        if not isinstance(message, str):
            self.issues.append(
                Issue.of(level, message, sheet or None, row, column, value, self.ids[i], self.file)  # type: ignore[arg-type]
            )
            return
        self.issues.append(Issue(level, message, sheet or None, row, column, value, self.ids[i], self.file))  # type: ignore[arg-type]

    def header(self, i: int | np.integer, column: str) -> str | Label:
        """Line ``i``'s header of ``column`` as the user typed it, else the column's label (for a message)."""
        return self.headers.get(self.sheets[i], {}).get(column) or Label("column", column)

    def error(self, i: int | np.integer, column: str, value: object, message: str | Message) -> None:
        self.add("error", i, column, value, message)

    def warning(self, i: int | np.integer, column: str, value: object, message: str | Message) -> None:
        self.add("warning", i, column, value, message)


@dataclass
class LineSet:
    """The project's lines on their way to the kernel.

    Attributes
    ----------
    frame
        The project's lines (a 0-based ``RangeIndex``).
    valid
        ``(line,)`` True while the line can be computed.
    role
        ``(line,)`` position in :data:`ROLES` (0 material, 1 energy, 2 water).
    issue
        Records the issues of the lines (sheet, row and column as the user typed it).
    factor_ids
        ``(line,)`` the factor id of each line once resolved (:func:`resolve_factors`).
    table_index
        ``(line,)`` row of that factor in the stacked table's ``meta``; -1 where in no table.
    quantity
        ``(line,)`` installed quantity as given, in the line's unit.
    """

    frame: pd.DataFrame
    valid: np.ndarray
    role: np.ndarray
    issue: _Collector
    factor_ids: np.ndarray
    table_index: np.ndarray
    quantity: np.ndarray

    @classmethod
    def of(cls, project: Project, issues: list[Issue]) -> LineSet:
        """The lines of ``project`` (issues recorded in ``issues``)."""
        frame = project.lines
        if not (isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0 and frame.index.step == 1):
            frame = frame.reset_index(drop=True)
        kind = frame["kind"].to_numpy()
        role = np.zeros(len(frame), dtype=np.int64)
        other = np.flatnonzero(~equal_cells(kind, "material"))  # usually few: one pass over every line
        role[other] = np.select([kind[other] == "energy", kind[other] == "water"], [1, 2], 0)
        return cls(
            frame,
            frame["valid"].to_numpy(dtype=bool).copy(),
            role,
            _Collector(issues, frame, project.file, project.headers),
            frame["factor_id"].to_numpy(dtype=object),
            np.full(len(frame), -1, dtype=np.int64),
            frame["quantity"].to_numpy(dtype=float),
        )

    def reject(self, i: int | np.integer, column: str, value: object, message: Message) -> None:
        """Line ``i`` cannot be computed: an error on its row, and it leaves the computation."""
        self.issue.error(i, column, value, message)
        self.valid[i] = False


# ----------------------------------------------------------------------------------- resolve factors
def resolve_factors(lines: LineSet, table: FactorTable) -> None:
    """Each line's factor in the stacked tables (DESIGN §4: the last table stacked wins on an id).

    An id is matched exactly, else as the prefix (≥ :data:`MIN_ID_PREFIX` characters) of exactly one
    factor's id (a note); an energy or water line without an id gets the factor of its carrier and use
    (:func:`lca.energy.find_energy_factor`). A line whose factor is in no table is rejected. The ids are
    matched once per distinct id, not once per line.
    """
    codes, uniques = factorize_cells(lines.factor_ids)  # (the NA sentinel is 4× faster than without)
    if len(codes) and codes.min() < 0:  # a missing id is an empty one
        uniques, codes = np.append(uniques, ""), np.where(codes < 0, len(uniques), codes)
    found = table.meta.index.get_indexer(pd.Index(uniques))  # -1: in no table
    resolved = _resolve_id_prefixes(uniques, found, table)
    if resolved:
        for i in np.flatnonzero(lines.valid & np.isin(codes, list(resolved))):
            lines.issue.add(
                "info",
                int(i),
                "factor_id",
                uniques[codes[i]],
                Message(
                    "factor '{prefix}' read as '{factor}', the only factor whose id starts with it",
                    prefix=uniques[codes[i]],
                    factor=resolved[int(codes[i])],
                ),
            )
        ids = uniques.copy()
        for k, full in resolved.items():
            loc = table.meta.index.get_loc(full)
            assert isinstance(loc, int)  # factor ids are unique
            ids[k], found[k] = full, loc
        lines.factor_ids = ids[codes]
    lines.table_index = found[codes]
    _resolve_energy_factors(lines, table)
    for i in np.flatnonzero(lines.valid & (lines.table_index < 0)):
        fid = lines.factor_ids[i]
        if fid:
            message = Message(
                "unknown factor '{factor}': it is in none of the factor tables ({tables}); add it to the "
                "Factors sheet or pass --factors FILE",
                factor=fid,
                tables=", ".join(table.tables()) or Message("none"),
            )
        else:
            message = Message(
                "'{column}' is empty; give the id of an FDES/EPD or a shipped factor (`lca factors "
                "search TEXT` finds one)",
                column=lines.issue.header(i, "factor_id"),
            )
        lines.reject(i, "factor_id", fid, message)


def _resolve_id_prefixes(ids: np.ndarray, found: np.ndarray, table: FactorTable) -> dict[int, str]:
    """``{position in ids: full id}`` for each unknown id of at least :data:`MIN_ID_PREFIX` characters that
    starts exactly one factor's id (``lca factors search`` shows 8 characters)."""
    unknown = [k for k in np.flatnonzero(found < 0) if len(str(ids[k])) >= MIN_ID_PREFIX]
    if not unknown:
        return {}
    known = table.meta.index.astype(str)
    lowered = known.str.lower()
    out = {}
    for k in unknown:
        matches = known[lowered.str.startswith(str(ids[k]).lower())]
        if len(matches) == 1:
            out[int(k)] = matches[0]
    return out


def _resolve_energy_factors(lines: LineSet, table: FactorTable) -> None:
    """Energy and water lines without a factor id get the factor of their carrier and use."""
    operational = np.flatnonzero(lines.valid & (lines.role > 0))
    todo = operational[lines.factor_ids[operational] == ""]
    if not len(todo):
        return
    from lca.energy import energy_factor_finder

    factor_ids = lines.factor_ids.copy()
    find_energy_factor = energy_factor_finder(
        table.meta[["carrier", "use"]].reset_index().dropna(subset=["carrier"])
    )
    carriers = lines.frame["carrier"].to_numpy(dtype=object)
    uses = lines.frame["use"].to_numpy(dtype=object)
    found: dict[tuple[str, str], str | None] = {}
    for i in todo:
        key = (carriers[i], uses[i])
        if key not in found:
            found[key] = find_energy_factor(key[0], key[1] or "all")
        if found[key]:
            factor_ids[i] = found[key]
            lines.table_index[i] = table.meta.index.get_loc(found[key])
            continue
        column = lines.issue.header(i, "factor_id")
        hint = (
            Message(
                "RE2020 uses each heat network's own CO2 content: give it as a factor of your own (Factors "
                "sheet) and its id in column '{column}' on this line",
                column=column,
            )
            if key[0] in ("district_heating", "district_cooling")
            else Message("give a factor in column '{column}' on this line", column=column)
        )
        lines.reject(
            i,
            "carrier",
            key[0],
            Message(
                "no energy factor for carrier '{carrier}' and use '{use}' in the factor tables; {hint}",
                carrier=carrier_name(key[0]),
                use=use_name(key[1]) if key[1] else Message("any"),
                hint=hint,
            ),
        )
    lines.factor_ids = factor_ids


# -------------------------------------------------------------------------------------- reject lines
def reject_lines(lines: LineSet) -> None:
    """Reject the lines without a unit (lines built in code: the reader rejects its own) and those whose
    quantity is not > 0 (DESIGN §3: an installed quantity is > 0; a removal is modelled with the
    ``replaces`` column)."""
    unit = lines.frame["unit"].to_numpy(dtype=object)
    for i in np.flatnonzero(lines.valid & equal_cells(unit, "")):
        lines.reject(
            i,
            "unit",
            "",
            Message("unit is empty; expected m3, m2, m, kg, t, u... — the line is not computed"),
        )
    quantity = lines.quantity
    for i in np.flatnonzero(lines.valid & ~(quantity > 0)):
        lines.reject(
            i,
            "quantity",
            quantity[i],
            Message(
                "quantity must be > 0, found {value}; the line is not computed (model a removal with the "
                "'{column}' column)",
                value=float(quantity[i]),
                column=lines.issue.header(i, "replaces"),
            ),
        )


# ------------------------------------------------------------------------- convert to declared units
def convert_to_declared_units(
    lines: LineSet, unit_codes: np.ndarray, unit_names: list[str], fidx: np.ndarray, meta: pd.DataFrame
) -> np.ndarray:
    """``q`` of DESIGN §5: each line's quantity in its factor's declared unit ÷ declared amount.

    One conversion per distinct (unit, factor) pair (:func:`lca.conversions.to_declared_many`), through
    pint and the factor's density, area mass, linear mass or mass per unit. A line whose unit cannot be
    converted, or whose converted quantity overflows, is rejected naming both units.

    Parameters
    ----------
    unit_codes, unit_names
        ``(line,)`` code of each line's unit, and the units.
    fidx
        ``(line,)`` row of each line's factor in ``meta`` (-1 where none).
    meta
        Metadata of the factors used.

    Returns
    -------
    numpy.ndarray
        ``(line,)`` q [declared amounts]; NaN where not computed.
    """
    quantity = lines.quantity
    out = np.full(len(quantity), np.nan)
    rows = np.flatnonzero(lines.valid)
    if not len(rows):
        return out
    every = len(rows) == len(out)
    codes, pairs = pair_codes(
        unit_codes if every else unit_codes[rows], fidx if every else fidx[rows], len(meta)
    )
    pair_units = np.array([unit_names[u] for u in pairs[:, 0]], dtype=object)
    pair_props = meta[CONVERSION_COLUMNS].iloc[pairs[:, 1]]  # (the columns first: fewer to take)
    ratio = to_declared_many(pair_units, pair_props) / pair_props["declared_amount"].to_numpy(dtype=float)
    for k in np.flatnonzero(np.isnan(ratio)):  # only the impossible pairs: say why, on each line
        unit, fid = pair_units[k], meta.index[pairs[k, 1]]
        try:
            to_declared(unit, meta.loc[fid])
            message: Message | str = Message(
                "cannot convert {unit} for factor '{factor}'", unit=pretty_unit(unit), factor=fid
            )
        except UnitError as err:
            message = err.msg or err.message
        for i in rows[codes == k]:
            lines.reject(
                int(i),
                "unit",
                pretty_unit(unit),
                Message(
                    "{message} (factor '{factor}'); convert the quantity or give the missing property in the "
                    "factor table",
                    message=message,
                    factor=fid,
                ),
            )
    with np.errstate(over="ignore"):  # an overflow becomes inf: rejected below
        if every:
            np.multiply(quantity, ratio[codes], out=out)
        else:
            out[rows] = quantity[rows] * ratio[codes]
    finite = np.isfinite(out)
    if finite.all():  # (every line converted)
        return out
    for i in np.flatnonzero(lines.valid & np.isinf(out)):  # overflow: said, never dropped silently
        lines.reject(
            i,
            "quantity",
            quantity[i],
            Message(
                "quantity {value} {unit} is too large to convert into the factor's declared unit (the result "
                "overflows); check the value and its unit",
                value=float(quantity[i]),
                unit=pretty_unit(unit_names[unit_codes[i]]),
            ),
        )
    lines.valid &= finite
    return out


# ------------------------------------------------------------------------------------------ variants
def variant_membership(lines: pd.DataFrame, names: list[str], issue: _Collector) -> np.ndarray:
    """``(variant, line)`` True where the line belongs to the variant (DESIGN §3).

    A line with an empty variant is in every variant; a variant line is in its variant and removes from
    it the common lines it ``replaces``.
    """
    variant = lines["variant"].to_numpy(dtype=object)
    common = equal_cells(variant, "")
    out = np.repeat(common[None, :], len(names), axis=0)
    variant_lines = np.flatnonzero(~common)
    if not len(variant_lines):
        return out
    replaces = lines["replaces"].to_numpy(dtype=object)
    targets = {t for i in variant_lines for t in replaces[i]}
    ids = lines["line_id"].to_numpy(dtype=object)
    hit: Sequence[int] = (
        np.flatnonzero(common & lines["line_id"].isin(list(targets)).to_numpy()).tolist() if targets else []
    )
    position = {ids[i]: i for i in hit}  # common lines that some variant line replaces
    for v, name in enumerate(names):
        mine = variant_lines[variant[variant_lines] == name]
        out[v, mine] = True
        for i in mine:
            for target in replaces[i]:
                if target in position:
                    out[v, position[target]] = False
                else:
                    issue.warning(
                        int(i),
                        "replaces",
                        target,
                        Message(
                            "line '{target}' is not a common line (a line with an empty variant), so this "
                            "variant line removes nothing",
                            target=target,
                        ),
                    )
    for i in hit:  # a common line that every variant replaces is in no result: said, not dropped
        if not out[:, i].any():
            issue.add(
                "info",
                int(i),
                "replaces",
                ids[i],
                Message(
                    "line '{line}' is replaced in every variant ({variants}): it is in none of the results",
                    line=ids[i],
                    variants=", ".join(names),
                ),
            )
    return out
