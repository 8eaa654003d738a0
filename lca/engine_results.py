"""The last step of :func:`lca.engine.compute`: the computed lines, their impacts and sums assembled into
:class:`~lca.results.Results`, with the notes on what the factors used do not declare."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from lca._text import Message
from lca.biogenic import carbon_of_lines, factor_carbon, note_estimates
from lca.engine_lines import _Collector
from lca.engine_rules import NOT_FROM_MATERIAL_FACTORS, FactorsUsed
from lca.errors import Issue
from lca.indicators import MODULES
from lca.model import Project
from lca.results import DeclaredModules, Results
from lca.sums import LineSums

M = {m: k for k, m in enumerate(MODULES)}


def assemble_results(
    project: Project,
    frame: pd.DataFrame,
    issue: _Collector,
    computed: np.ndarray,
    factor_ids: np.ndarray,
    role: np.ndarray,
    used: FactorsUsed,
    fidx: np.ndarray,
    columns: dict[str, Any],
    impacts: np.ndarray | Callable[[], np.ndarray],
    declared: DeclaredModules,
    layer_modules: np.ndarray,
    sums: LineSums,
    names: list[str],
    membership_all: np.ndarray,
    period: float,
    rule: str,
) -> Results:
    """The :class:`~lca.results.Results` of the computed lines.

    Parameters
    ----------
    frame, issue
        The project's lines and the recorder of their issues (:class:`lca.engine_lines.LineSet`).
    computed
        ``(line,)`` rows of the computed lines in ``frame``.
    factor_ids, role
        ``(line,)`` factor id and role (0 material, 1 energy, 2 water) of each computed line.
    fidx
        ``(line,)`` number of each computed line's factor in ``used``.
    columns
        Per computed line: ``declared_quantity``, ``service_life_used``, ``service_life_origin``,
        ``replacements``, ``transport_tkm`` (added to the lines' columns).
    impacts, declared, layer_modules, sums
        What the kernel computed (:func:`lca.kernel.line_impacts`).
    membership_all
        ``(variant, line)`` membership of every line of the project (rejected ones included).
    """
    everything = len(computed) == len(frame)
    meta = used.meta
    issues = issue.issues
    ignored = np.asarray(used.declared[:, [M[m] for m in NOT_FROM_MATERIAL_FACTORS]].any(axis=1))
    _note_ignored_modules(used.ids, ignored, fidx, role, issue, computed)
    # biogenic carbon per factor, derived once per stacked table; the note now, the lines' values with them
    carbon, basis = used.per_factor("biogenic_carbon", factor_carbon)
    declared_q = np.asarray(columns["declared_quantity"])
    note_estimates(meta, carbon, basis, fidx, declared_q, role == 0, issue, computed)
    has_indicator = (  # (line, indicator); a read-only view when every factor declares every indicator
        np.broadcast_to(True, (len(fidx), len(used.indicators)))
        if used.has_indicator.all()
        else np.take(used.has_indicator, fidx, axis=0)
    )
    if not used.has_indicator.all():
        _coverage(used.indicators, has_indicator, frame["line_id"].to_numpy(), computed, issues)

    def detail() -> pd.DataFrame:  # Results.lines, built on first use (the aggregations never need it)
        sub = frame if everything else frame.iloc[computed].reset_index(drop=True)

        def per_factor(column: str) -> pd.Series:  # meta is in the order of used.ids: fidx indexes it
            cells = meta[column].to_numpy()[fidx]
            # object dtype as given: no string-dtype inference over every line
            return pd.Series(cells, dtype=cells.dtype if cells.dtype != object else object, copy=False)

        out = sub.assign(
            factor_id=pd.Series(factor_ids, dtype=object, copy=False),
            source=per_factor("table"),
            source_row=per_factor("table_row"),
            factor_name=per_factor("name"),
            data_type=per_factor("data_type"),
            declared_unit=per_factor("declared_unit"),
            **columns,
        )
        out["biogenic_carbon"], out["biogenic_carbon_basis"] = carbon_of_lines(
            carbon, basis, fidx, declared_q, role == 0
        )
        return out

    membership = membership_all if everything else membership_all[:, computed]
    count, done = np.count_nonzero(membership_all, axis=1), np.count_nonzero(membership, axis=1)
    results = Results(
        project=project,
        variants=names,
        lines=detail,  # type: ignore[arg-type]  # built on first use
        layers=impacts,  # type: ignore[arg-type]  # may be built on first use
        declared_modules=declared,
        has_indicator=has_indicator,
        membership=membership,
        line_counts=pd.DataFrame({"count": count, "computed": done, "rejected": count - done}, index=names),
        indicators=used.indicators,
        issues=issues,
        study_period=period,
        replacement_rule=rule,
        factors=used.table,
        layer_modules=layer_modules,
        sums=sums,
    )
    results.known(factor_codes=_first_use_codes(fidx, used.ids), scope=role)
    return results


def _first_use_codes(fidx: np.ndarray, ids: list[str]) -> tuple[np.ndarray, pd.Index]:
    """``(line,)`` number of each line's factor in the order of first use, and those factor ids (what
    :attr:`Results.factor_codes` gives), from the factors' numbers: no string work."""
    order = pd.unique(fidx)  # the factors' numbers in the order of first use (a hash: no sort)
    rank = np.full(len(ids), -1)
    rank[order] = np.arange(len(order))
    return rank[fidx], pd.Index(np.asarray(ids, dtype=object)[order], name="factor_id", dtype=object)


def _note_ignored_modules(
    used_ids: list[str],
    ignored_factor: np.ndarray,
    fidx: np.ndarray,
    role: np.ndarray,
    issue: _Collector,
    computed: np.ndarray,
) -> None:
    """A factor's own B4, B6 and B7 are not used for material lines: one note listing those factors."""
    if not ignored_factor.any():
        return
    lines = np.flatnonzero(ignored_factor[fidx] & (role == 0))
    if not len(lines):
        return
    first = np.full(len(used_ids), len(fidx))
    np.minimum.at(first, fidx[lines], lines)
    firsts = np.sort(first[first < len(fidx)])
    named = listed([repr(used_ids[fidx[i]]) for i in firsts], 5)
    issue.add(
        "info",
        int(computed[firsts[0]]),
        "factor_id",
        used_ids[fidx[firsts[0]]],
        Message(
            "{n} factor declares B4, B6 or B7 ({factors}): not used for material lines — B4 comes from the "
            "replacement rule, B6/B7 from the energy sheet",
            plural="{n} factors declare B4, B6 or B7 ({factors}): not used for material lines — B4 comes "
            "from the replacement rule, B6/B7 from the energy sheet",
            n=len(firsts),
            factors=named,
        ),
    )


def listed(items: list[str], shown: int) -> str | Message:
    """The first ``shown`` items joined by commas, and how many more there are (``… et 1 autre``, ``… and
    2 more``: the plural of the message's language)."""
    head = ", ".join(items[:shown])
    if len(items) <= shown:
        return head
    more = len(items) - shown
    return Message("{ids} and {n} more", plural="{ids} and {n} more", n=more, ids=head)


def _coverage(
    indicators: list[str], has: np.ndarray, line_ids: np.ndarray, computed: np.ndarray, issues: list[Issue]
) -> None:
    """One note per group of indicators that the same computed lines' factors do not declare
    (``line_ids`` of every line of the project, ``computed`` the rows of those of ``has``)."""
    if has.all():
        return
    groups: dict[tuple[int, ...], list[str]] = {}
    for k, indicator in enumerate(indicators):
        missing = tuple(np.flatnonzero(~has[:, k]).tolist())
        if missing:
            groups.setdefault(missing, []).append(indicator)
    for missing, names in groups.items():
        some = listed([str(line_ids[computed[i]]) for i in missing], 5)
        issues.append(
            Issue.of(
                "info",
                Message(
                    "{indicators}: {n} of {total} lines have no value (their factor does not declare it: "
                    "lines {lines}); these indicators leave them out",
                    indicators=listed(names, 6),
                    n=len(missing),
                    total=len(computed),
                    lines=some,
                ),
                column=None,  # not a column of the workbook: the message names the indicators
                value=", ".join(names),
            )
        )
