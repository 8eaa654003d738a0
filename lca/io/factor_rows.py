"""The tidy value table of a factor table: canonical module and indicator keys, A1+A2+A3 summed into
A1-A3, and the lca file layout (shipped tables, importer output) read with every row left out reported."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lca._text import Message, Num
from lca.errors import Issue, Level, UnitError
from lca.factor_table import META_COLUMNS, VALUE_COLUMNS, FactorTable
from lca.indicators import DEFAULT_INDICATOR, MODULES, indicator_key, module_key
from lca.io.tabular import clean_text, parse_numbers
from lca.limits import MAX_FACTOR_PROPERTY, MAX_FACTOR_VALUE, MAX_SERVICE_LIFE, MIN_SERVICE_LIFE
from lca.units import normalise_unit

if TYPE_CHECKING:
    from lca.i18n import Message as MessageType

#: Optional columns kept as text beside META_COLUMNS: the uncertainty of a factor (lca.montecarlo).
UNCERTAINTY_COLUMNS: tuple[str, ...] = ("distribution", "uncertainty")

#: Metadata columns read as numbers.
NUMERIC_META: tuple[str, ...] = (
    "declared_amount", "density", "area_mass", "linear_mass", "mass_per_unit", "thickness",
    "service_life", "biogenic_carbon",
)  # fmt: skip


#: At most this many issues name each kind of problem row by row; one more issue counts the rest.
ISSUES_PER_PROBLEM = 20


def _row_issues(
    issues: list[Issue],
    where: np.ndarray,
    rows: np.ndarray,
    level: Level,
    message: MessageType,
    column: str | None,
    values: np.ndarray | pd.Series | None,
    file: str,
) -> None:
    """One issue per row of ``where`` (positions), the first :data:`ISSUES_PER_PROBLEM` of them, then
    one issue counting the others."""
    for i in where[:ISSUES_PER_PROBLEM]:
        value = None if values is None else values[i]
        issues.append(Issue.of(level, message, None, int(rows[i]), column, _shown(value), file=file))
    if len(where) > ISSUES_PER_PROBLEM:
        more = len(where) - ISSUES_PER_PROBLEM
        counted = Message(
            "{message} (and {count} more row like this)",
            plural="{message} (and {count} more rows like this)",
            n=more,
            count=Num(more, "count"),
            message=message,
        )
        issues.append(Issue.of(level, counted, None, None, column, file=file))


def _shown(value: object) -> object:
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, str) and len(value) > 80:
        return value[:77] + "..."
    return value


#: Conversion properties of a factor, bounded to [1 / MAX_FACTOR_PROPERTY, MAX_FACTOR_PROPERTY].
PROPERTIES: tuple[str, ...] = ("density", "area_mass", "linear_mass", "mass_per_unit", "thickness")


def bound_properties(
    meta: pd.DataFrame,
    rows: np.ndarray,
    issues: list[Issue],
    *,
    sheet: str | None = None,
    file: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Ignore (set to NaN, with a warning) conversion properties that are not > 0 or beyond
    :data:`MAX_FACTOR_PROPERTY`, and service lives outside [MIN_SERVICE_LIFE, MAX_SERVICE_LIFE]:
    a tiny density or service life would make the conversion or the replacements overflow."""
    bounds = {p: (1 / MAX_FACTOR_PROPERTY, MAX_FACTOR_PROPERTY) for p in PROPERTIES}
    bounds["service_life"] = (MIN_SERVICE_LIFE, MAX_SERVICE_LIFE)
    for column, (low, high) in bounds.items():
        values = meta[column].to_numpy(dtype=float)
        wrong = ~np.isnan(values) & ((values < low) | (values > high))
        typed = (headers or {}).get(column, column)
        for k in np.flatnonzero(wrong):
            where: dict[str, Any] = {
                "column": typed,
                "value": float(values[k]),
                "low": float(low),
                "high": float(high),
            }
            if column == "service_life":
                message = Message(
                    "'{column}' {value} is out of range; expected {low} to {high} years (MIN_SERVICE_LIFE, "
                    "MAX_SERVICE_LIFE) — ignored",
                    **where,
                )
            else:
                message = Message(
                    "'{column}' {value} is out of range; expected {low} to {high} (MAX_FACTOR_PROPERTY) "
                    "— ignored",
                    **where,
                )
            issues.append(
                Issue.of("warning", message, sheet, int(rows[k]), typed, float(values[k]), file=file)
            )
        if wrong.any():
            meta[column] = np.where(wrong, np.nan, values)


def from_file_frame(
    frame: pd.DataFrame, name: str, *, file: str | None = None
) -> tuple[FactorTable, list[Issue]]:
    """A frame already in :data:`FILE_COLUMNS` (shipped tables, importer output).

    Every row or factor left out is reported: no factor_id, an unknown module or indicator, a value
    that is not a finite number or is larger than :data:`MAX_FACTOR_VALUE`, no or an unknown declared
    unit, a declared amount that is not > 0.
    """
    file = file or name
    frame = frame.reset_index(drop=True)
    rows = np.arange(2, len(frame) + 2)
    issues: list[Issue] = []
    ids = clean_text(frame["factor_id"].astype(object))
    no_id = (ids == "").to_numpy()
    _row_issues(
        issues,
        np.flatnonzero(no_id),
        rows,
        "warning",
        Message("the row has no factor_id; it is left out"),
        "factor_id",
        None,
        file,
    )
    frame = frame.assign(factor_id=ids)
    first = (~ids.duplicated() & ~no_id).to_numpy()
    kept = [c for c in UNCERTAINTY_COLUMNS if c in frame.columns]
    meta = frame.loc[first].reindex(columns=["factor_id", *META_COLUMNS, *kept]).set_index("factor_id")
    meta["table"] = name
    meta["table_row"] = rows[first]
    meta_rows = rows[first]
    for column in NUMERIC_META:
        numbers, bad = parse_numbers(meta[column].astype(object).reset_index(drop=True))
        _row_issues(
            issues,
            np.flatnonzero(bad),
            meta_rows,
            "warning",
            Message("{column} is not a finite number; it is ignored", column=column),
            column,
            meta[column].to_numpy(),
            file,
        )
        meta[column] = numbers
    bound_properties(meta, meta_rows, issues, file=file)
    meta["declared_amount"] = meta["declared_amount"].fillna(1.0)
    meta["valid_until"] = meta["valid_until"].map(  # a year read as 2022.0 is the year 2022
        lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else v
    )
    amount = meta["declared_amount"].to_numpy(dtype=float)
    bad_amount = ~((amount > 0) & (amount <= MAX_FACTOR_PROPERTY))
    _row_issues(
        issues,
        np.flatnonzero(bad_amount),
        meta_rows,
        "error",
        Message(
            "declared_amount must be > 0 and at most {limit} (MAX_FACTOR_PROPERTY); the factor is left out",
            limit=float(MAX_FACTOR_PROPERTY),
        ),
        "declared_amount",
        amount,
        file,
    )
    units = clean_text(meta["declared_unit"].astype(object)).to_numpy(dtype=object)
    canonical = np.full(len(meta), None, dtype=object)
    blank = units == ""
    _row_issues(
        issues,
        np.flatnonzero(blank),
        meta_rows,
        "error",
        Message("the factor has no declared_unit; give it (m3, m2, kg, u, kWh...) — the factor is left out"),
        "declared_unit",
        None,
        file,
    )
    for unit in pd.unique(units[~blank]):
        try:
            canonical[units == unit] = normalise_unit(str(unit))
        except UnitError as err:
            where = np.flatnonzero(units == unit)
            _row_issues(
                issues,
                where,
                meta_rows,
                "error",
                Message(
                    "{message} — the factors with this declared unit are left out",
                    message=err.msg or err.message,
                ),
                "declared_unit",
                units,
                file,
            )
    meta["declared_unit"] = canonical
    meta = meta.loc[pd.notna(canonical) & ~bad_amount]
    long = frame[VALUE_COLUMNS].assign(_i=np.arange(len(frame)))
    values, bad = parse_numbers(
        long["value"].astype(object) if long["value"].dtype != float else long["value"]
    )
    _row_issues(
        issues,
        np.flatnonzero(bad & ~no_id),
        rows,
        "warning",
        Message("value is not a finite number; expected a number such as 12.5 — this value is left out"),
        "value",
        long["value"].to_numpy(),
        file,
    )
    huge = np.abs(np.nan_to_num(values)) > MAX_FACTOR_VALUE
    _row_issues(
        issues,
        np.flatnonzero(huge & ~no_id),
        rows,
        "error",
        Message(
            "value is larger than {limit} in absolute value (MAX_FACTOR_VALUE); this value is left out",
            limit=float(MAX_FACTOR_VALUE),
        ),
        "value",
        values,
        file,
    )
    long["value"] = np.where(huge, np.nan, values)
    long = long.loc[~no_id & ~np.isnan(long["value"].to_numpy())]
    long = long.assign(
        module=clean_text(long["module"].astype(object)),
        indicator=clean_text(long["indicator"].astype(object)),
    )
    long, more = canonical_keys(long, rows, None, file, {"module": "module", "indicator": "indicator"})
    issues += more
    long = long.loc[long["factor_id"].isin(meta.index)]
    values_table = sum_split_product_stage(long)
    declared = set(values_table["factor_id"])
    undeclared = ~meta.index.isin(declared)
    _row_issues(
        issues,
        np.flatnonzero(undeclared),
        meta["table_row"].to_numpy(),
        "warning",
        Message("the factor declares no value; it is left out"),
        "factor_id",
        meta.index.to_numpy(),
        file,
    )
    meta = meta.loc[~undeclared]
    return FactorTable(values_table.reset_index(drop=True), meta), issues


def canonical_keys(long, row_numbers, sheet, file, header_of):
    issues = []
    modules = {m: module_key(m) for m in pd.unique(long["module"])}
    long = long.assign(_raw_indicator=long["indicator"])
    indicators = {i: indicator_key(i) for i in pd.unique(long["indicator"]) if i != ""}
    for column, mapping in (("module", modules), ("indicator", indicators)):
        for raw in (raw for raw, key in mapping.items() if key is None):
            at = long.loc[long[column] == raw, "_i"]
            i, count = int(at.iloc[0]), len(at)
            rows = Message(" ({count} rows, the first here)", count=Num(count, "count")) if count > 1 else ""
            if column == "module":
                message = Message(
                    "unknown module '{value}'{rows}; expected one of {modules} (or A1, A2, A3) — its "
                    "values are left out",
                    value=raw,
                    rows=rows,
                    modules=", ".join(MODULES),
                )
            else:
                message = Message(
                    "unknown indicator '{value}'{rows}; expected an EN 15804 key such as GWP-total, "
                    "GWP-fossil, ODP, AP, PENRT — its values are left out",
                    value=raw,
                    rows=rows,
                )
            issues.append(
                Issue.of(
                    "warning", message, sheet, int(row_numbers[i]), header_of.get(column), raw, file=file
                )
            )
    long = long.assign(
        module=long["module"].map(modules).astype(object),
        indicator=long["indicator"].map(indicators).astype(object),
    )
    long.loc[long["indicator"].isna() & long["_raw_indicator"].eq(""), "indicator"] = DEFAULT_INDICATOR
    long = long.dropna(subset=["module", "indicator"])
    dup = long.duplicated(["factor_id", "module", "indicator"], keep="last")
    for i in long.loc[dup, "_i"]:
        message = Message("the same factor, module and indicator is given twice; the later row is used")
        issues.append(Issue.of("warning", message, sheet, int(row_numbers[i]), file=file))
    return long.loc[~dup], issues


def sum_split_product_stage(long: pd.DataFrame) -> pd.DataFrame:
    """Sum A1, A2, A3 into A1-A3 where a factor gives them apart (and no A1-A3 of its own)."""
    long = long[["factor_id", "module", "indicator", "value"]]
    split = long["module"].isin(["A1", "A2", "A3"])
    if not split.any():
        return long
    parts = long.loc[split].groupby(["factor_id", "indicator"], as_index=False, sort=False)[["value"]].sum()
    parts["module"] = "A1-A3"
    whole = long.loc[~split]
    has_whole = pd.MultiIndex.from_frame(whole.loc[whole["module"] == "A1-A3", ["factor_id", "indicator"]])
    parts = parts.loc[~pd.MultiIndex.from_frame(parts[["factor_id", "indicator"]]).isin(has_whole)]
    return pd.concat([whole, parts[VALUE_COLUMNS]], ignore_index=True)
