"""The emission timeline: when over the study period each impact of each line happens.

One set of event rules (EN 15978 §7.4 module chronology) shared by the static comparison
(:func:`lca.compare.emission_timeline`) and the RE2020 dynamic weighting
(:func:`lca.methods.re2020.emission_timeline`):

* **production** (A1-A3, A4, A5) at year 0;
* **use** (B1-B3, B5, B6, B7) evenly every year ``1 … ceil(P)``, a fractional last year weighing its
  fraction of a year;
* **replacement** (B4): replacement ``k = 1 … ceil(n)`` of a line at year ``k·SL``, each carrying
  ``B4/n`` (a fractional last replacement, under the ``fraction`` rule, its fraction of it);
* **end of life** (C1-C4) at year ``P``.

The caller chooses which modules form a group and which lines it covers (RE2020 counts a
construction-site line entirely at year 0, its energy lines only for B6), and the year of a replacement:
exact (``k·SL``, at most ``P``) or, for RE2020, rounded half up to a whole year within ``1 … P-1``.
Module D is never in a timeline (it is not in the total).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

import numpy as np

from lca.indicators import MODULES

if TYPE_CHECKING:
    from collections.abc import Sequence


class Stage(Enum):
    """When the impacts of a module group happen."""

    PRODUCTION = "production"  # year 0
    USE = "use"  # evenly every year 1 … P
    REPLACEMENT = "replacement"  # year k·SL, k = 1 … ceil(n)
    END_OF_LIFE = "end_of_life"  # year P


@dataclass(frozen=True)
class Group:
    """A module group of a timeline.

    Attributes
    ----------
    name
        Its name in the timeline.
    modules
        The modules summed (names of :data:`~lca.indicators.MODULES`).
    stage
        When they happen.
    lines
        ``(line,)`` lines the group covers (None: every line).
    """

    name: str
    modules: tuple[str, ...]
    stage: Stage
    lines: np.ndarray | None = None


@dataclass(frozen=True)
class Events:
    """Emission events, one array each, all of one length; zero values are left out.

    Attributes
    ----------
    line
        ``(event,)`` line index.
    year
        ``(event,)`` year after delivery. [years]
    group
        ``(event,)`` position of the event's group in the groups given.
    value
        ``(event,)`` static impact of the event. [indicator unit]
    """

    line: np.ndarray
    year: np.ndarray
    group: np.ndarray
    value: np.ndarray


def replacement_years(at: np.ndarray, period: float, *, whole_years: bool = False) -> np.ndarray:
    """The year of replacements made ``at`` = k·SL years after delivery: exactly, at most ``period``;
    or, with ``whole_years`` (RE2020), the nearest whole year (half up) within ``1 … period-1``. [years]"""
    if whole_years:
        return np.clip(np.floor(np.round(at, 9) + 0.5), 1, period - 1)
    return np.minimum(at, period)


def line_events(
    impacts: np.ndarray,
    groups: Sequence[Group],
    *,
    period: float,
    replacements: np.ndarray,
    service_life: np.ndarray,
    whole_years: bool = False,
) -> Events:
    """The emission events of every line, group by group in the order given.

    Parameters
    ----------
    impacts
        ``(line, module)`` static impacts of one indicator over the study period, modules in
        :data:`~lca.indicators.MODULES` order. [indicator unit]
    groups
        The module groups, each with its stage and lines.
    period
        Study period ``P``. [years]
    replacements
        ``(line,)`` number of replacements ``n`` (NaN: none).
    service_life
        ``(line,)`` service life used ``SL``. [years]
    whole_years
        Place a replacement at the nearest whole year (half up) within ``1 … P-1`` instead of exactly
        at ``k·SL`` (at most ``P``).

    Returns
    -------
    Events
        Within a group, events are line-major (a line's years in order).
    """
    n_lines = len(impacts)
    n = np.nan_to_num(np.asarray(replacements, dtype=float))
    life = np.asarray(service_life, dtype=float)
    n_years = max(int(np.ceil(period - 1e-9)), 1)
    years = np.arange(1, n_years + 1, dtype=float)
    year_share = np.minimum(1.0, period - (years - 1))  # a fractional last year weighs its fraction
    parts: list[tuple[np.ndarray, np.ndarray, int, np.ndarray]] = []
    for g, group in enumerate(groups):
        covered = np.ones(n_lines, dtype=bool) if group.lines is None else group.lines
        value = impacts[:, [MODULES.index(m) for m in group.modules]].sum(axis=1)
        if group.stage is Stage.REPLACEMENT:
            idx = np.flatnonzero(covered & (n > 0) & np.isfinite(life) & (life > 0))
            counts = np.ceil(np.round(n[idx], 9)).astype(int)
            line = np.repeat(idx, counts)
            kth = np.concatenate([np.arange(1, c + 1) for c in counts]) if len(counts) else np.zeros(0, int)
            when = replacement_years(kth * life[line], period, whole_years=whole_years)
            parts.append((line, when, g, value[line] * np.minimum(1.0, n[line] - (kth - 1)) / n[line]))
            continue
        idx = np.flatnonzero(covered)
        if group.stage is Stage.USE:
            parts.append(
                (
                    np.repeat(idx, n_years),
                    np.tile(years, len(idx)),
                    g,
                    np.repeat(value[idx], n_years) * np.tile(year_share, len(idx)) / period,
                )
            )
        else:
            moment = 0.0 if group.stage is Stage.PRODUCTION else float(period)
            parts.append((idx, np.full(len(idx), moment), g, value[idx]))
    line = np.concatenate([p[0] for p in parts]).astype(int) if parts else np.zeros(0, int)
    year = np.concatenate([p[1] for p in parts]).astype(float) if parts else np.zeros(0)
    group_of = np.concatenate([np.full(len(p[0]), p[2]) for p in parts]).astype(int) if parts else line
    value = np.concatenate([p[3] for p in parts]).astype(float) if parts else np.zeros(0)
    keep = value != 0
    return Events(line=line[keep], year=year[keep], group=group_of[keep], value=value[keep])
