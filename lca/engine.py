"""The calculation: inventory lines × factors -> impacts per line, module and indicator (EN 15978).

:func:`compute` is the list of its steps, each a small function named after what the standard does:

1. check the options (method, study period, replacement rule);
2. stack the factor tables (:func:`lca.factors.stack`);
3. resolve each line's factor (:func:`lca.engine_lines.resolve_factors`);
4. reject the lines that cannot be computed (:func:`lca.engine_lines.reject_lines`);
5. number the factors used (:func:`lca.engine_rules.number_factors`);
6. convert to declared units (:func:`lca.engine_lines.convert_to_declared_units`);
7. service lives and replacements (:func:`lca.engine_rules.service_lives_and_replacements`);
8. A5 waste (:func:`lca.engine_rules.waste_rates`);
9. A4 transport from a distance (:func:`lca.transport.transport_a4`);
10. variants (:func:`lca.engine_lines.variant_membership`);
11. the kernel (:func:`run_kernel`: :func:`lca.kernel.line_impacts`), summing as it goes
    (:class:`lca.sums.LineSums`);
12. assemble the results (:func:`lca.engine_results.assemble_results`);
13. the plausibility checks (:func:`lca.checks.plausibility_issues`) and the method (RE2020).

Where each rule of DESIGN §5 lives is listed in ``docs/calculation.md``.

References
----------
EN 15978:2011, §7–§9 and §12 (modules A1–D, replacements, reporting). The rules are in DESIGN §5.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np

from lca._text import Label, Message
from lca.engine_lines import (
    MIN_ID_PREFIX,
    LineSet,
    _Collector,  # noqa: F401  (re-exported: the notes' recorder)
    convert_to_declared_units,
    reject_lines,
    resolve_factors,
    variant_membership,
)
from lca.engine_results import assemble_results
from lca.engine_rules import (
    kernel_layers,
    number_factors,
    operational_quantities,
    role_arrays,
    service_lives_and_replacements,
    waste_rates,
)
from lca.errors import InputError
from lca.factors import FactorTable, default_factors, stack
from lca.kernel import REPLACEMENT_RULES, line_impacts, line_sums, replacements
from lca.limits import MAX_STUDY_PERIOD
from lca.model import Project
from lca.results import DeclaredModules, Results
from lca.sums import LineSums, factorize_cells
from lca.transport import transport_a4

log = logging.getLogger(__name__)

METHODS = ("en15978", "re2020")

__all__ = [
    "METHODS",
    "MIN_ID_PREFIX",
    "REPLACEMENT_RULES",
    "compute",
    "line_impacts",
    "replacements",
]


def compute(
    project: Project,
    factors: FactorTable | Sequence[FactorTable] | None = None,
    *,
    study_period: float | None = None,
    replacement_rule: str | None = None,
    indicators: Sequence[str] | None = None,
    defaults: bool = True,
    method: str | None = None,
    default_service_lives: bool = True,
) -> Results:
    """Compute the life-cycle impacts of every variant of a project.

    Parameters
    ----------
    project
        The project, as read by :func:`lca.read_project` or built in code.
    factors
        Factor tables stacked over the shipped defaults (later overriding earlier); the project's own
        Facteurs sheet is stacked last.
    study_period
        Overrides the project's study period. [years]
    replacement_rule
        ``ceil`` or ``fraction``; overrides the project's.
    indicators
        Indicator keys to compute; default: every indicator the factors used declare.
    defaults
        Stack the shipped tables first.
    method
        ``en15978`` (static, the default) or ``re2020`` (adds the dynamic RE2020 indicators and
        thresholds, see :mod:`lca.methods.re2020`); overrides the project's.
    default_service_lives
        Give material lines without a service life (neither on the line nor in the factor) the
        default of :mod:`lca.service_life` (BNB table, by factor category); False leaves them without
        replacement, with a warning.

    Returns
    -------
    Results
        Tidy results of every variant, with the issues of reading and computing.
    """
    method, period, rule = check_options(project, method, study_period, replacement_rule)
    # the lines computed in a function of their own: its arrays are freed before the checks run
    results = _computed_lines(project, factors, period, rule, indicators, defaults, default_service_lives)
    from lca.checks import plausibility_issues  # figures worth a look, listed with the other issues

    results.issues.extend(plausibility_issues(results))
    if method == "re2020":
        from lca.methods.re2020 import apply_re2020

        results = apply_re2020(results)
    return results


def check_options(
    project: Project, method: str | None, study_period: float | None, replacement_rule: str | None
) -> tuple[str, float, str]:
    """The method, study period ``P`` [years] and replacement rule of a computation: the arguments, else
    the project's, else ``en15978``, 50 years and ``ceil``; an :class:`~lca.errors.InputError` naming the
    accepted values when one is not usable (RE2020 fixes 50 years and ``ceil``)."""
    method = method or project.method or "en15978"
    if method not in METHODS:
        raise InputError(
            Message("method '{method}' is not available; use one of {expected}", method=method,
                    expected=", ".join(METHODS))
        )  # fmt: skip
    period = float(next((p for p in (study_period, project.study_period) if p is not None), 50.0))
    rule = replacement_rule or project.replacement_rule or "ceil"
    if method == "re2020" and (period != 50.0 or rule != "ceil"):
        raise InputError(
            Message(
                "the re2020 method fixes the study period at 50 years and the 'ceil' replacement rule "
                "(arrêté du 4 août 2021, annexe II); found {period} years and '{rule}' — remove --period/"
                "--replacement or the Projet values {period_key}/{rule_key}",
                period=period,
                rule=rule,
                period_key=Label("project_key", "study_period"),
                rule_key=Label("project_key", "replacement_rule"),
            )
        )
    if rule not in REPLACEMENT_RULES:
        raise InputError(
            Message(
                "unknown replacement rule '{rule}'; expected one of {expected}",
                rule=rule,
                expected=", ".join(REPLACEMENT_RULES),
            )
        )
    if not 0 < period <= MAX_STUDY_PERIOD:  # also refuses nan
        raise InputError(
            Message(
                "study period must be > 0 years and at most {limit} (MAX_STUDY_PERIOD), found {period}; give "
                "a number of years such as 50",
                limit=MAX_STUDY_PERIOD,
                period=period if np.isfinite(period) else str(period),
            )
        )
    return method, period, rule


def _computed_lines(
    project: Project,
    factors: FactorTable | Sequence[FactorTable] | None,
    period: float,
    rule: str,
    indicators: Sequence[str] | None,
    defaults: bool,
    default_service_lives: bool,
) -> Results:
    """The results of :func:`compute` before its plausibility checks and method (options checked); the
    numbers in comments are the steps of the module docstring."""
    table = stack_factors(project, factors, defaults)  # 2
    lines = LineSet.of(project, list(project.issues))
    resolve_factors(lines, table)  # 3
    reject_lines(lines)  # 4
    used = number_factors(table, lines.table_index, lines.valid, indicators)  # 5
    fidx_all = np.where(lines.table_index >= 0, used.number[np.maximum(lines.table_index, 0)], -1)
    unit_codes, units = factorize_cells(lines.frame["unit"].to_numpy(dtype=object))
    unit_names: list[str] = list(units)
    declared_q = convert_to_declared_units(lines, unit_codes, unit_names, fidx_all, used.meta)  # 6

    computed = np.flatnonzero(lines.valid)
    sub = lines.frame if len(computed) == len(lines.frame) else lines.frame.iloc[computed]
    fidx, role = fidx_all[computed], lines.role[computed]
    material = role == 0
    values, declared_rows = role_arrays(used, int(role.max(initial=0)) + 1)
    rows = (role * len(used.ids) + fidx).astype(np.int32 if 3 * len(used.ids) < 2**31 else np.int64)
    q = operational_quantities(declared_q[computed], role, period)
    life, life_origin, n = service_lives_and_replacements(  # 7
        sub, fidx, used, material, period, rule, default_service_lives, lines.issue, computed
    )
    w = waste_rates(sub, material)  # 8
    a4_rows, a4_values, tkm = transport_a4(  # 9
        sub, unit_codes[computed], unit_names, fidx, used.meta, material, computed, table, used.indicators,
        lines.issue,
    )  # fmt: skip
    # a line has no value for an indicator its factor does not declare (lca.engine_results): A4 neither
    a4_values = np.where(used.has_indicator[fidx[a4_rows]], a4_values, 0.0)
    by_distance = np.zeros(len(rows), dtype=bool)
    by_distance[a4_rows] = True
    declared = DeclaredModules(declared_rows, rows, w > 0, n > 0, by_distance)
    layers = kernel_layers(declared)
    names = project.variant_names()
    membership_all = variant_membership(lines.frame, names, lines.issue)  # 10
    membership = membership_all if len(computed) == len(lines.frame) else membership_all[:, computed]
    sums = LineSums.start(membership, role, sub["lot"], len(layers), len(used.indicators))
    impacts = run_kernel(values[:, layers, :], rows, q, w, n, a4_rows, a4_values, layers, sums)  # 11
    everything = len(computed) == len(lines.frame)
    columns = {
        "declared_quantity": declared_q if everything else declared_q[computed],
        "service_life_used": life,
        "service_life_origin": life_origin,
        "replacements": n,
        "transport_tkm": tkm,
    }
    factor_ids = lines.factor_ids if everything else lines.factor_ids[computed]
    frame, issue = lines.frame, lines.issue
    # the arrays of every line are freed before the detail table is built (peak memory at 1M lines)
    del lines, q, w, a4_values, fidx_all, unit_codes, declared_q
    return assemble_results(  # 12
        project, frame, issue, computed, factor_ids, role, used, fidx, columns, impacts, declared, layers,
        sums, names, membership_all, period, rule,
    )  # fmt: skip


def run_kernel(
    values: np.ndarray,
    rows: np.ndarray,
    q: np.ndarray,
    w: np.ndarray,
    n: np.ndarray,
    a4_rows: np.ndarray,
    a4_values: np.ndarray,
    layers: np.ndarray,
    sums: LineSums,
) -> np.ndarray | Callable[[], np.ndarray]:
    """The kernel (:func:`lca.kernel.line_impacts`): the lines summed into ``sums`` per variant, module,
    scope and lot, and their ``(line, layer, indicator)`` impacts.

    When most lines are touched by no rule (no waste, no replacement, no A4 from a distance), the sums
    are made without the per-line array (:func:`lca.kernel.line_sums`: the plain lines are summed per
    factor row) and the array is returned as a function that builds it on first use
    (:attr:`Results.layers`): the totals, modules, lots and scopes never need it. Otherwise the kernel
    builds it and sums each block while it is in cache.
    """
    touched = int(np.count_nonzero((w > 0) | (n > 0))) + len(a4_rows)
    if 2 * touched >= len(rows):
        return line_impacts(values, rows, q, w, n, a4_rows, a4_values, modules=layers, sums=sums)
    line_sums(values, rows, q, w, n, a4_rows, a4_values, modules=layers, sums=sums)
    return partial(line_impacts, values, rows, q, w, n, a4_rows, a4_values, modules=layers)


def stack_factors(
    project: Project, factors: FactorTable | Sequence[FactorTable] | None, defaults: bool
) -> FactorTable:
    """The factor tables stacked (DESIGN §4): the shipped defaults, then ``factors``, then the project's
    own Facteurs sheet; a later table overrides an earlier one on the same ``factor_id``."""
    extra = [factors] if isinstance(factors, FactorTable) else list(factors or [])
    own = [project.factors] if project.factors else []
    return stack(([default_factors()] if defaults else []) + extra + own)
