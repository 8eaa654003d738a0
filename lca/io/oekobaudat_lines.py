"""The lines of an ÖKOBAUDAT CSV export that can be used: required and unknown columns, dataset
types asked for, numbers, lines without UUID, module, declared amount or unit, and one scenario per
(dataset, module).

Each line or cell left out is an :class:`lca.errors.Issue` naming its row and column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from lca._text import joined, quoted
from lca.errors import InputError, Issue, LCAError
from lca.i18n import Message
from lca.indicators import module_key
from lca.io.import_text import shown
from lca.io.oekobaudat_columns import (
    _NUMERIC_COLUMNS,
    DATA_TYPES,
    METADATA_COLUMNS,
    REQUIRED_COLUMNS,
    UNIT_SPELLINGS,
    VARIABLE_MAP,
)
from lca.io.oekobaudat_text import _LINE, _to_number
from lca.units import normalise_unit


def choose_scenarios(
    raw: pd.DataFrame,
    *,
    scenarios: Mapping[str, Mapping[str, str]] | None = None,
    prefer: Sequence[str] = (),
    file: str | None = None,
) -> tuple[pd.DataFrame, list[Issue]]:
    """Keep one line per (dataset, module) where the export has several scenarios.

    Rule, in order: the scenario named for this dataset and module in ``scenarios``; else the first
    name of ``prefer`` that the module has; else the line *without* a scenario name when there is
    one (the declared default); else the first line in file order. Each line left out becomes an
    ``info`` issue naming the scenario kept.

    Parameters
    ----------
    raw
        Export lines with ``UUID``, ``Modul`` (canonical module keys), ``Szenario`` and the
        spreadsheet row number.
    scenarios
        ``{uuid: {module: scenario_name}}``.
    prefer
        Scenario names preferred everywhere, in order.
    file
        File name for the issues.

    Returns
    -------
    kept
        The lines kept, in file order.
    issues
        One ``info`` per line left out, a ``warning`` per requested scenario that does not exist.
    """
    issues: list[Issue] = []
    key = [raw["UUID"], raw["Modul"]]
    name = raw["Szenario"]
    rank = name.map({n: i + 1 for i, n in reversed(list(enumerate(prefer)))})
    default = pd.Series(np.where(name == "", len(prefer) + 1, len(prefer) + 2), index=raw.index)
    rank = rank.fillna(default)  # type: ignore[arg-type]  # pandas fills from a Series; the stubs say scalar
    if scenarios:
        wanted = pd.Series(
            [scenarios.get(u, {}).get(m) for u, m in zip(raw["UUID"], raw["Modul"], strict=True)],
            index=raw.index,
            dtype="object",
        )
        hit = wanted.notna() & (name == wanted)
        rank[hit] = 0
        unmet = wanted.notna() & ~hit.groupby(key).transform("any")
        for _, line in raw[unmet].drop_duplicates(["UUID", "Modul"]).iterrows():
            issues.append(
                Issue.of(
                    "warning",
                    Message(
                        "scenario {scenario} requested for module {module} of {dataset} is not in the file; "
                        "the default rule chose instead",
                        scenario=quoted(wanted.at[line.name]),
                        module=line["Modul"],
                        dataset=line["UUID"],
                    ),
                    row=int(line[_LINE]),
                    column="Szenario",
                    value=wanted.at[line.name],
                    file=file,
                )
            )
    order = pd.DataFrame({"rank": rank, "position": np.arange(len(raw))}, index=raw.index)
    best = order.sort_values(["rank", "position"]).groupby(key, sort=False).head(1).index
    keep = raw.index.isin(best)
    chosen = raw[keep].set_index(["UUID", "Modul"])["Szenario"]
    for _, line in raw[~keep].iterrows():
        kept = chosen[(line["UUID"], line["Modul"])]
        issues.append(
            Issue.of(
                "info",
                Message(
                    "module {module} of {dataset} has several scenarios; kept {kept}, left out {dropped}",
                    module=line["Modul"],
                    dataset=line["UUID"],
                    kept=_scenario(kept),
                    dropped=_scenario(line["Szenario"]),
                ),
                row=int(line[_LINE]),
                column="Szenario",
                value=line["Szenario"],
                file=file,
            )
        )
    return raw[keep], issues


def _scenario(name: str) -> Message:
    """A scenario name as quoted in a message; the unnamed (default) one says so."""
    return quoted(name) if name else Message("'(unnamed)'")


def _check_required(raw: pd.DataFrame, file: str) -> None:
    missing = [name for name in REQUIRED_COLUMNS if name not in raw.columns]
    has_values = any(name in raw.columns for name in VARIABLE_MAP)
    if missing or not has_values:
        names = [quoted(name) for name in missing]
        if not has_values:
            missing.append("an indicator column (GWP, GWPtotal (A2), ...)")
            names.append(Message("'{name}'", name=Message("an indicator column (GWP, GWPtotal (A2), ...)")))
        message = Message(
            "not an ÖKOBAUDAT CSV export: missing columns [{columns}]; export the datasets as CSV from "
            "oekobaudat.de and pass that file",
            columns=joined(names),
        )
        raise InputError(
            message,
            file=file,
            value=missing,
        )


def _unknown_columns(raw: pd.DataFrame, file: str) -> list[Issue]:
    known = set(METADATA_COLUMNS) | set(VARIABLE_MAP) | {_LINE}
    return [
        Issue.of(
            "warning",
            Message(
                "unknown column {column} ignored; expected the columns of the official ÖKOBAUDAT CSV export",
                column=quoted(name),
            ),
            row=1,
            column=name,
            value=name,
            file=file,
        )
        for name in raw.columns
        if name not in known
    ]


def _filter_types(
    raw: pd.DataFrame, types: Iterable[str] | None, file: str
) -> tuple[pd.DataFrame, list[Issue]]:
    """The lines of the dataset types asked for; one ``info`` issue counts the lines left out."""
    if types is None:
        return raw, []
    wanted = set(types)
    data_type = raw["Typ"].str.strip().map(DATA_TYPES)
    keep = raw["Typ"].str.strip().isin(wanted) | data_type.isin(wanted)
    if keep.all():
        return raw, []
    left = raw.loc[~keep, "UUID"].nunique()
    message = Message(
        "{lines} lines of {datasets} datasets of other types than [{types}] left out",
        lines=int((~keep).sum()),
        datasets=int(left),
        types=joined([quoted(t) for t in sorted(wanted)]),
    )
    return raw[keep], [Issue.of("info", message, column="Typ", value=int((~keep).sum()), file=file)]


# --------------------------------------------------------------------------------------------------
# numbers


def _parse_numbers(raw: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Issue]]:
    """Replace numeric text columns by float columns; each unreadable cell is a warning."""
    issues: list[Issue] = []
    raw = raw.copy()
    for name in [c for c in (*_NUMERIC_COLUMNS, *VARIABLE_MAP) if c in raw.columns]:
        text = raw[name].fillna("")
        number = _to_number(text)
        bad = number.isna() & (text.str.strip() != "")
        if name == "Bezugsgroesse":
            raw["_amount_text"] = text
        elif bad.any():
            for line, value in zip(raw.loc[bad, _LINE], text[bad], strict=True):
                issues.append(
                    Issue.of(
                        "warning",
                        Message(
                            "{value} is not a finite number; expected a number (decimal point or comma); "
                            "cell read as not declared",
                            value=shown(value),
                        ),
                        row=int(line),
                        column=name,
                        value=value[:80],
                        file=file,
                    )
                )
        raw[name] = number
    for name in _NUMERIC_COLUMNS:
        if name not in raw.columns:
            raw[name] = np.nan
    return raw, issues


# --------------------------------------------------------------------------------------------------
# lines that can be used


def _unit(text: str) -> str:
    """Canonical unit of a ``Bezugseinheit``; raises UnitError."""
    plain = text.strip()
    return normalise_unit(UNIT_SPELLINGS.get(plain.lower(), plain))


def _usable_lines(raw: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Issue]]:
    """Drop lines without UUID, module, declared amount or unit (warnings); canonical module and unit."""
    scenario = raw["Szenario"] if "Szenario" in raw.columns else pd.Series("", index=raw.index)
    raw = raw.assign(Szenario=scenario.fillna("").str.strip())
    text = raw.assign(UUID=raw["UUID"].str.strip(), Bezugsgroesse=raw.pop("_amount_text"))
    modules = raw["Modul"].map(lambda m: module_key(m) if str(m).strip() else None)
    units = {u: _try_unit(u) for u in raw["Bezugseinheit"].unique()}
    canonical = raw["Bezugseinheit"].map(lambda u: units[u][0])
    reasons = raw["Bezugseinheit"].map(lambda u: units[u][1])
    checks: list[tuple[pd.Series, str, Callable[[Message, Any], Message]]] = [
        (text["UUID"] == "", "UUID", lambda v, r: Message(
            "no dataset UUID; expected the UUID of the dataset")),
        (modules.isna(), "Modul", lambda v, r: Message(
            "unknown module {value}; expected A1-A3, A4, A5, B1-B7, C1-C4 or D", value=v)),
        (~(raw["Bezugsgroesse"] > 0), "Bezugsgroesse", lambda v, r: Message(
            "declared amount {value} is not a positive number", value=v)),
        (canonical.isna(), "Bezugseinheit", lambda v, r: Message(
            "declared unit {value} not understood ({reason}); expected kg, m3, qm, m, pcs., MJ, kWh, t*km...",
            value=v, reason=r)),
    ]  # fmt: skip
    issues: list[Issue] = []
    bad = pd.Series(False, index=raw.index)
    for mask, column, problem in checks:
        new = mask & ~bad
        for index in raw.index[new]:
            value, uuid = text.loc[index, column], text.loc[index, "UUID"]
            found = problem(shown(value), reasons[index])
            message = (
                Message("dataset {dataset}: {problem}; line left out", dataset=shown(uuid, 40), problem=found)
                if uuid
                else Message("{problem}; line left out", problem=found)
            )
            issues.append(
                Issue.of(
                    "warning",
                    message,
                    row=int(raw.loc[index, _LINE]),
                    column=column,
                    value=value[:80],
                    file=file,
                )
            )
        bad |= mask
    raw = raw.assign(UUID=text["UUID"], Modul=modules, _unit=canonical)
    return raw[~bad], sorted(issues, key=lambda issue: issue.row or 0)


def _try_unit(text: str) -> tuple[str | None, Message | str]:
    """Canonical unit through :func:`lca.units.normalise_unit`, or None and the reason."""
    if not str(text).strip():
        return None, Message("empty")
    try:
        return _unit(str(text)), ""
    except LCAError as err:
        return None, err.msg or err.message[:200]
