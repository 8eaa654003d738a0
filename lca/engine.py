"""The calculation: inventory lines × factors -> impacts per line, module and indicator (EN 15978).

The work is vectorised: conversions are computed once per distinct (unit, factor) pair, then every
line goes through :func:`line_impacts`, a numpy kernel over ``(line, module, indicator)`` arrays
that also accepts a leading sample axis (for Monte Carlo).

References
----------
EN 15978:2011, §7–§9 and §12 (modules A1–D, replacements, reporting). The rules are in DESIGN §5.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd

from lca._text import Label, Message
from lca.biogenic import line_carbon
from lca.conversions import CONVERSION_COLUMNS, pair_codes, to_declared, to_declared_many
from lca.energy import EXPORTED_ENERGY_INDICATORS, carrier_name, use_name
from lca.errors import InputError, Issue, UnitError
from lca.factors import FactorTable, default_factors, stack
from lca.indicators import DEFAULT_INDICATOR, END_OF_LIFE_MODULES, INDICATORS, MODULES, TOTAL_MODULES
from lca.limits import MAX_STUDY_PERIOD
from lca.model import Project
from lca.results import DeclaredModules, Results
from lca.service_life import line_service_lives, service_life_defaults
from lca.sums import LineSums
from lca.transport import transport_a4
from lca.units import pretty_unit

log = logging.getLogger(__name__)

M = {m: k for k, m in enumerate(MODULES)}
_C = [M[m] for m in END_OF_LIFE_MODULES]


REPLACEMENT_RULES = ("ceil", "fraction")
_CHUNK = 4096  # lines per block of the kernel: (4096, 5 layers, 10 indicators) floats ≈ 1.6 MB
METHODS = ("en15978", "re2020")


def replacements(study_period: float, service_life: np.ndarray, rule: str = "ceil") -> np.ndarray:
    """Number of replacements over the study period.

    ``ceil``: n = max(ceil(P/SL) − 1, 0); ``fraction``: n = max(P/SL − 1, 0). No service life
    (NaN), or SL ≥ P: n = 0.

    Parameters
    ----------
    study_period
        Reference study period P. [years]
    service_life
        Service life SL of each line. [years]
    rule
        ``ceil`` (whole replacements, EN 15978 §7.4.4 practice) or ``fraction`` (E+C- style).
    """
    sl = np.asarray(service_life, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = study_period / sl
        if rule == "ceil":
            # round first so that 50/12.5 = 4.000000000001 is not counted as 5 units
            n = np.ceil(np.round(ratio, 9)) - 1
        elif rule == "fraction":
            n = ratio - 1
        else:
            raise InputError(
                Message(
                    "unknown replacement rule '{rule}'; expected one of {expected}",
                    rule=rule,
                    expected=", ".join(REPLACEMENT_RULES),
                ),
                value=rule,
            )
    return np.where(np.isfinite(n) & (sl > 0), np.maximum(n, 0.0), 0.0)


def line_impacts(
    factors: np.ndarray,
    index: np.ndarray,
    quantity: np.ndarray,
    waste_rate: np.ndarray,
    replacements: np.ndarray,
    a4_rows: np.ndarray | None = None,
    a4_values: np.ndarray | None = None,
    totals: np.ndarray | None = None,
    *,
    modules: Sequence[int] | None = None,
    sums: LineSums | None = None,
) -> np.ndarray:
    """Impacts of every line, module and indicator (the DESIGN §5 rules).

    Parameters
    ----------
    factors
        ``(..., factor, module, indicator)`` values per declared unit, 0 where not declared;
        B4 must be 0 (it is computed here).
    index
        ``(line,)`` row of each line in ``factors``.
    quantity
        ``(..., line)`` quantity in declared units (already × P for yearly lines).
    waste_rate, replacements
        ``(..., line)`` waste fraction w [-] and number of replacements n [-].
    a4_rows, a4_values
        Lines whose A4 is given by distance, and their A4 ``(..., rows, indicator)``.
    totals
        Optional ``(..., line, indicator)`` array filled with each line's total (D excluded), summed
        while each block is in cache.
    modules
        Position in :data:`~lca.indicators.MODULES` of each module of ``factors`` (default: all 15, in
        order). Every module that a rule writes must be there: A4 when ``a4_rows`` is not empty, A5
        when a waste rate is > 0, B4 when a line is replaced.
    sums
        Optional :class:`~lca.results.LineSums` to add the lines to (no leading axis): the lines no rule
        touches as quantities per factor row, the others from each block.

    Returns
    -------
    numpy.ndarray
        ``(..., line, module, indicator)`` impacts, in the indicators' units (the ``modules`` only).
    """
    q, w, n = (np.asarray(a, dtype=float) for a in (quantity, waste_rate, replacements))
    lead = np.broadcast_shapes(factors.shape[:-3], q.shape[:-1], w.shape[:-1], n.shape[:-1])
    out = np.empty((*lead, len(index), *factors.shape[-2:]))
    layer = {MODULES[m]: k for k, m in enumerate(range(len(MODULES)) if modules is None else modules)}
    a4_rows = np.asarray(a4_rows if a4_rows is not None else [], dtype=np.int64)
    waste, replaced = bool((w > 0).any()), bool((n > 0).any())
    for module, needed in (("A4", len(a4_rows) > 0), ("A5", waste), ("B4", replaced)):
        if needed and module not in layer:
            raise InputError(
                Message("the kernel needs module {module} among its modules to apply its rule", module=module)
            )
    if sums is not None and lead:
        raise InputError(Message("the kernel sums lines per variant only without a leading axis"))
    rule_rows = np.zeros(0, dtype=np.int64)
    order = np.argsort(a4_rows, kind="stable")
    a4_rows = a4_rows[order]
    a4_values = np.asarray(a4_values)[..., order, :] if len(a4_rows) else a4_values
    # what a waste rate and a replacement apply to: production, transport and end of life (C1..C4 are
    # never changed by a rule: summed per factor once)
    made_layers = [layer[m] for m in ("A1-A3", "A4") if m in layer]
    end_of_life = [layer[m] for m in END_OF_LIFE_MODULES if m in layer]
    end_of_life_factors = factors[..., end_of_life, :].sum(axis=-2) if end_of_life else None
    in_total = [k for m, k in layer.items() if m in TOTAL_MODULES]
    d = layer.get("D")
    if sums is not None:  # lines no rule touches are summed per factor row; the others block by block
        touched = (w > 0) | (n > 0)
        touched[a4_rows] = True
        sums.add_plain(factors, index, q, np.flatnonzero(~touched), in_total)
        rule_rows = np.flatnonzero(touched)
    flat = lead == () and factors.ndim == 3
    # blocks of lines small enough to stay in cache: one pass over memory for all the rules and sums
    for start in range(0, len(index), _CHUNK):
        stop = min(start + _CHUNK, len(index))
        rows = slice(start, stop)
        block = out[..., rows, :, :]
        if flat:
            np.take(factors, index[rows], axis=0, out=block)
            block *= q[rows, None, None]
        else:
            np.multiply(np.take(factors, index[rows], axis=-3), q[..., rows, None, None], out=block)
        first, last = np.searchsorted(a4_rows, [start, stop])
        if last > first and a4_values is not None:  # A4 from a distance replaces the factor's A4
            block[..., a4_rows[first:last] - start, layer["A4"], :] = a4_values[..., first:last, :]
        w_block, n_block = w[..., rows, None], n[..., rows, None]
        block_waste = waste and bool((w_block > 0).any())
        block_replaced = replaced and bool((n_block > 0).any())
        if block_waste or block_replaced:
            # production + transport + end of life: wasted in A5, and again at each replacement in B4
            made = np.zeros((*block.shape[:-2], block.shape[-1]))
            for k in made_layers:
                made += block[..., k, :]
            if end_of_life_factors is not None:
                made += np.take(end_of_life_factors, index[rows], axis=-2) * q[..., rows, None]
            if block_waste:
                block[..., layer["A5"], :] += w_block * made
                made += block[..., layer["A5"], :]
            if block_replaced:
                np.multiply(n_block, made, out=block[..., layer["B4"], :])
                if d is not None:
                    block[..., d, :] *= 1.0 + n_block
            elif "B4" in layer:
                block[..., layer["B4"], :] = 0.0
        elif "B4" in layer:
            block[..., layer["B4"], :] = 0.0
        if totals is not None:  # plain sums of the modules in the total (D out)
            line_total = totals[..., rows, :]
            if in_total:
                np.copyto(line_total, block[..., in_total[0], :])
                for k in in_total[1:]:
                    line_total += block[..., k, :]
            else:
                line_total[...] = 0.0
        first, last = np.searchsorted(rule_rows, [start, stop])
        if last > first:  # the lines a rule touched, from the block while it is in cache
            touched_block = block[rule_rows[first:last] - start]
            sums.add(rule_rows[first:last], touched_block, touched_block[:, in_total, :].sum(axis=1))  # type: ignore[union-attr]
    return out


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
    # the lines computed in a function of their own: its arrays are freed before the checks run
    results = _computed_lines(project, factors, period, rule, indicators, defaults, default_service_lives)
    issues = results.issues
    from lca.checks import plausibility_issues  # figures worth a look, listed with the other issues

    issues.extend(plausibility_issues(results))
    if method == "re2020":
        from lca.methods.re2020 import apply_re2020

        results = apply_re2020(results)
    return results


def _computed_lines(
    project: Project,
    factors: FactorTable | Sequence[FactorTable] | None,
    period: float,
    rule: str,
    indicators: Sequence[str] | None,
    defaults: bool,
    default_service_lives: bool,
) -> Results:
    """The results of :func:`compute` before its plausibility checks and method (options checked)."""
    extra = [factors] if isinstance(factors, FactorTable) else list(factors or [])
    layers = (
        ([default_factors()] if defaults else []) + extra + ([project.factors] if project.factors else [])
    )
    table = stack(layers)
    issues = list(project.issues)
    lines = project.lines
    if not (isinstance(lines.index, pd.RangeIndex) and lines.index.start == 0 and lines.index.step == 1):
        lines = lines.reset_index(drop=True)
    valid = lines["valid"].to_numpy(dtype=bool).copy()
    issue = _Collector(issues, lines, project.file, project.headers)
    kind = lines["kind"].to_numpy()
    role_all = np.select([kind == "energy", kind == "water"], [1, 2], 0).astype(np.int64)

    lines = _resolve_id_prefixes(lines, valid, table, issue)
    factor_ids = _resolve_energy_factors(lines, role_all, valid, table, issue)
    table_index = table.meta.index.get_indexer(factor_ids)  # -1: in no table
    for i in np.flatnonzero(valid & (table_index < 0)):
        fid = factor_ids[i]
        if fid:
            issue.error(
                i,
                "factor_id",
                fid,
                Message(
                    "unknown factor '{factor}': it is in none of the factor tables ({tables}); add it to the "
                    "Facteurs sheet or pass --factors FILE",
                    factor=fid,
                    tables=", ".join(table.tables()) or Message("none"),
                ),
            )
        else:
            issue.error(
                i,
                "factor_id",
                "",
                Message(
                    "'{column}' is empty; give the id of an FDES/EPD or a shipped factor (`lca factors "
                    "search TEXT` finds one)",
                    column=issue.header(i, "factor_id"),
                ),
            )
        valid[i] = False
    quantity = lines["quantity"].to_numpy(dtype=float)
    for i in np.flatnonzero(valid & ~(quantity > 0)):
        issue.error(
            i,
            "quantity",
            quantity[i],
            Message(
                "quantity must be > 0, found {value}; the line is not computed (model a removal with the "
                "'{column}' column)",
                value=float(quantity[i]),
                column=issue.header(i, "replaces"),
            ),
        )
        valid[i] = False

    # the factors used, numbered 0..F-1 in table order; every line gets its number (no string work after)
    present = np.zeros(len(table.meta), dtype=bool)
    present[table_index[valid]] = True
    used = np.flatnonzero(present)
    number = np.cumsum(present) - 1
    fidx_all = np.where(table_index >= 0, number[np.maximum(table_index, 0)], -1)
    meta = table.meta.iloc[used]
    used_ids = list(meta.index)
    values = table.take(used)
    unit_codes, unit_names = pd.factorize(lines["unit"].to_numpy())
    declared_q = _declared_quantities(quantity, unit_codes, list(unit_names), fidx_all, valid, meta, issue)
    for i in np.flatnonzero(valid & np.isinf(declared_q)):  # overflow: said, never dropped silently
        issue.error(
            i,
            "quantity",
            quantity[i],
            Message(
                "quantity {value} {unit} is too large to convert into the factor's declared unit (the result "
                "overflows); check the value and its unit",
                value=float(quantity[i]),
                unit=pretty_unit(lines["unit"].iat[i]),
            ),
        )
    valid &= np.isfinite(declared_q)

    computed = np.flatnonzero(valid)
    everything = len(computed) == len(lines)
    sub = lines if everything else lines.iloc[computed].reset_index(drop=True)
    fidx = fidx_all[computed]
    role = role_all[computed]
    indicator_list = _indicators(table.indicators_of(used), indicators)
    dense = table.dense_at(used, indicator_list)
    declared_factor = ~np.isnan(dense).all(axis=2)  # (factor, module)
    has_indicator = ~np.isnan(dense).all(axis=1)  # (factor, indicator)
    roles = _role_arrays(np.nan_to_num(dense), declared_factor)
    exported = [k for k, name in enumerate(indicator_list) if name in EXPORTED_ENERGY_INDICATORS]
    roles[len(used_ids) :, :, exported] = 0.0  # energy used (B6, B7) is not energy exported (lca.energy)

    gidx = (role * len(used_ids) + fidx).astype(np.int32 if 3 * len(used_ids) < 2**31 else np.int64)
    q = declared_q[computed] * np.where(role == 0, 1.0, period)
    service_life, life_origin = line_service_lives(
        sub["service_life"].to_numpy(dtype=float),
        meta["service_life"].to_numpy(dtype=float)[fidx],
        service_life_defaults(meta).take(fidx) if default_service_lives else None,
        role == 0,
        declared_factor[fidx, M["A1-A3"]],
        issue,
        computed,
    )
    n = np.where(role == 0, replacements(period, service_life, rule), 0.0)
    w = np.where(role == 0, sub["waste_rate"].to_numpy(dtype=float), 0.0)
    a4_rows, a4_values, tkm = transport_a4(
        sub,
        unit_codes[computed],
        list(unit_names),
        fidx,
        meta,
        role == 0,
        computed,
        table,
        indicator_list,
        issue,
    )

    # a line has no value for an indicator its factor does not declare (_coverage): A4 by distance neither
    a4_values = np.where(has_indicator[fidx[a4_rows]], a4_values, 0.0)
    a4_by_distance = np.zeros(len(gidx), dtype=bool)
    a4_by_distance[a4_rows] = True
    declared = DeclaredModules(_declared_roles(declared_factor), gidx, w > 0, n > 0, a4_by_distance)
    layer_modules = _layer_modules(declared)
    names = project.variant_names()
    membership_all = _membership(lines, names, issue)
    membership = membership_all if everything else membership_all[:, computed]
    sums = LineSums.start(membership, role, sub["lot"], len(layer_modules), len(indicator_list))
    impacts = line_impacts(
        roles[:, layer_modules, :],
        gidx,
        q,
        w,
        n,
        a4_rows,
        a4_values,
        modules=layer_modules,
        sums=sums,
    )
    del quantity, table_index, fidx_all, role_all, kind, valid, q, w, a4_values, unit_codes  # freed early
    ignored = declared_factor[:, [M["B4"], M["B6"], M["B7"]]].any(axis=1)
    _note_ignored_modules(used_ids, ignored, fidx, role, issue, computed)

    def per_factor(column: str) -> pd.Series:  # meta is in the order of used_ids: fidx indexes it
        cells = meta[column].to_numpy()[fidx]
        # object dtype as given: no string-dtype inference over every line
        return pd.Series(cells, dtype=cells.dtype if cells.dtype != object else object, copy=False)

    detail = sub.assign(
        factor_id=pd.Series(factor_ids[computed], dtype=object, copy=False),
        source=per_factor("table"),
        source_row=per_factor("table_row"),
        factor_name=per_factor("name"),
        data_type=per_factor("data_type"),
        declared_unit=per_factor("declared_unit"),
        declared_quantity=declared_q[computed],
        service_life_used=service_life,
        service_life_origin=life_origin,
        replacements=n,
        transport_tkm=tkm,
    )
    detail["biogenic_carbon"], detail["biogenic_carbon_basis"] = line_carbon(
        meta, fidx, declared_q[computed], role == 0, issue, computed
    )
    _coverage(indicator_list, has_indicator[fidx], detail["line_id"].to_numpy(), issues)
    return Results(
        project=project,
        variants=names,
        lines=detail,
        layers=impacts,
        declared_modules=declared,
        has_indicator=has_indicator[fidx],
        membership=membership,
        line_counts=pd.DataFrame(
            {"count": membership_all.sum(axis=1), "computed": membership.sum(axis=1)}, index=names
        ).assign(rejected=lambda d: d["count"] - d["computed"]),
        indicators=indicator_list,
        issues=issues,
        study_period=period,
        replacement_rule=rule,
        factors=values,
        layer_modules=layer_modules,
        sums=sums,
    )


# ------------------------------------------------------------------------------------- helpers


class _Collector:
    """Issues located on the lines' sheet and row (columns cached as arrays: no pandas call per issue)."""

    def __init__(
        self, issues: list[Issue], lines: pd.DataFrame, file: str | None, headers: dict[str, dict[str, str]]
    ) -> None:
        self.issues, self.file, self.headers = issues, file, headers
        self.rows = lines["row"].to_numpy()
        self.sheets = lines["sheet"].to_numpy()
        self.ids = lines["line_id"].to_numpy()

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


def _resolve_energy_factors(
    lines: pd.DataFrame, role: np.ndarray, valid: np.ndarray, table: FactorTable, issue: _Collector
) -> np.ndarray:
    """Each line's factor id; energy and water lines without one get the factor of their carrier and use."""
    factor_ids = lines["factor_id"].to_numpy(dtype=object)
    todo = valid & (role > 0) & (factor_ids == "")
    if not todo.any():
        return factor_ids
    from lca.energy import find_energy_factor

    factor_ids = factor_ids.copy()
    catalogue = table.meta.reset_index()[["factor_id", "carrier", "use"]].dropna(subset=["carrier"])
    carriers, uses = lines["carrier"].to_numpy(dtype=object), lines["use"].to_numpy(dtype=object)
    found: dict[tuple[str, str], str | None] = {}
    for i in np.flatnonzero(todo):
        key = (carriers[i], uses[i])
        if key not in found:
            found[key] = find_energy_factor(catalogue, key[0], key[1] or "all")
        if found[key]:
            factor_ids[i] = found[key]
            continue
        column = issue.header(i, "factor_id")
        hint = (
            Message(
                "RE2020 uses each heat network's own CO2 content: give it as a factor of your own (Facteurs "
                "sheet) and its id in column '{column}' on this line",
                column=column,
            )
            if key[0] in ("district_heating", "district_cooling")
            else Message("give a factor in column '{column}' on this line", column=column)
        )
        issue.error(
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
        valid[i] = False
    return factor_ids


def _declared_quantities(
    quantity: np.ndarray,
    unit_codes: np.ndarray,
    unit_names: list[str],
    fidx: np.ndarray,
    valid: np.ndarray,
    meta: pd.DataFrame,
    issue: _Collector,
) -> np.ndarray:
    """Quantity in declared units ÷ declared amount; NaN (and an issue) where it cannot convert.

    One conversion per distinct (unit, factor) pair, vectorised per (unit, declared unit) group.
    """
    out = np.full(len(quantity), np.nan)
    rows = np.flatnonzero(valid)
    if not len(rows):
        return out
    codes, pairs = pair_codes(unit_codes[rows], fidx[rows], len(meta))
    pair_units = np.array([unit_names[u] for u in pairs[:, 0]], dtype=object)
    pair_props = meta.iloc[pairs[:, 1]][CONVERSION_COLUMNS]
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
            issue.error(
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
    with np.errstate(over="ignore"):  # an overflow becomes inf, reported by compute
        out[rows] = quantity[rows] * ratio[codes]
    return out


def _indicators(present: list[str], wanted: Sequence[str] | None) -> list[str]:
    if wanted is None:  # nothing computed: still report the headline indicator (as 0)
        return present or [DEFAULT_INDICATOR]
    unknown = [w for w in wanted if w not in INDICATORS]
    if unknown:
        raise InputError(
            Message(
                "unknown indicators {unknown}; expected keys such as {expected}",
                unknown=", ".join(map(str, unknown)),
                expected=", ".join(list(INDICATORS)[:6]),
            )
        )
    return list(wanted)


def _role_arrays(dense: np.ndarray, declared: np.ndarray) -> np.ndarray:
    """Factor values for the three line roles: material, energy (B6), water (B7).

    Materials: as declared, with B4 (computed from the rule), B6 and B7 (operational energy and water
    come from the energy sheet) set to 0. Energy and water: the factor's B6 (B7) when declared, else
    its A1-A3 (ÖKOBAUDAT declares energy supply datasets as A1-A3), as a yearly B6 (B7) impact.
    """
    material = dense.copy()
    material[:, [M["B4"], M["B6"], M["B7"]]] = 0.0
    energy = np.zeros_like(dense)
    water = np.zeros_like(dense)
    energy[:, M["B6"]] = np.where(declared[:, [M["B6"]]], dense[:, M["B6"]], dense[:, M["A1-A3"]])
    water[:, M["B7"]] = np.where(declared[:, [M["B7"]]], dense[:, M["B7"]], dense[:, M["A1-A3"]])
    return np.concatenate([material, energy, water])


def _declared_roles(declared: np.ndarray) -> np.ndarray:
    """``(role × factor, module)`` declared modules for the rows of :func:`_role_arrays`."""
    material = declared.copy()
    material[:, [M["B4"], M["B6"], M["B7"]]] = False  # B4 from the rule; B6/B7 from the energy sheet
    energy = np.zeros_like(declared)
    energy[:, M["B6"]] = True
    water = np.zeros_like(declared)
    water[:, M["B7"]] = True
    return np.concatenate([material, energy, water])


def _layer_modules(declared: DeclaredModules) -> np.ndarray:
    """The modules that some line declares or a rule computes (A4 by distance, A5 of waste, B4 of
    replacements), in :data:`MODULES` order: the only layers the kernel fills, the others being 0."""
    used = np.bincount(declared.row, minlength=len(declared.by_row)) > 0
    keep = declared.by_row[used].any(axis=0)
    keep[M["A4"]] |= bool(declared.by_distance.any())
    keep[M["A5"]] |= bool(declared.wasted.any())
    keep[M["B4"]] |= bool(declared.replaced.any())
    return np.flatnonzero(keep)


def _note_ignored_modules(
    used_ids: list[str],
    ignored_factor: np.ndarray,
    fidx: np.ndarray,
    role: np.ndarray,
    issue: _Collector,
    computed: np.ndarray,
) -> None:
    """A factor's own B4, B6 and B7 are not used for material lines: one note listing those factors."""
    lines = np.flatnonzero(ignored_factor[fidx] & (role == 0))
    if not len(lines):
        return
    first = np.full(len(used_ids), len(fidx))
    np.minimum.at(first, fidx[lines], lines)
    firsts = np.sort(first[first < len(fidx)])
    named = _listed([repr(used_ids[fidx[i]]) for i in firsts], 5)
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


def _listed(items: list[str], shown: int) -> str | Message:
    """The first ``shown`` items joined by commas, and how many more there are (in the message's language)."""
    head = ", ".join(items[:shown])
    if len(items) <= shown:
        return head
    return Message("{items} and {n} more", items=head, n=len(items) - shown)


#: Shortest id prefix read as a factor id (``lca factors search`` shows the first 8 characters).
MIN_ID_PREFIX = 8


def _resolve_id_prefixes(
    lines: pd.DataFrame, valid: np.ndarray, table: FactorTable, issue: _Collector
) -> pd.DataFrame:
    """``lines`` with each unknown factor id of at least :data:`MIN_ID_PREFIX` characters read as the one
    factor whose id starts with it (``lca factors search`` shows 8 characters), each with a note."""
    typed = lines["factor_id"].to_numpy(dtype=object)
    unknown = np.flatnonzero(valid & (table.meta.index.get_indexer(typed) < 0))
    prefixes = {str(typed[i]) for i in unknown if len(str(typed[i])) >= MIN_ID_PREFIX}
    if not prefixes:
        return lines
    ids = table.meta.index.astype(str)
    lowered = ids.str.lower()
    found = {}
    for prefix in prefixes:
        matches = ids[lowered.str.startswith(prefix.lower())]
        if len(matches) == 1:
            found[prefix] = matches[0]
    if not found:
        return lines
    resolved = typed.copy()
    for i in unknown:
        full = found.get(str(typed[i]))
        if full is not None:
            resolved[i] = full
            issue.add(
                "info",
                int(i),
                "factor_id",
                typed[i],
                Message(
                    "factor '{prefix}' read as '{factor}', the only factor whose id starts with it",
                    prefix=typed[i],
                    factor=full,
                ),
            )
    return lines.assign(factor_id=resolved)


def _membership(lines: pd.DataFrame, names: list[str], issue: _Collector) -> np.ndarray:
    """``(variant, line)`` True where the line belongs to the variant."""
    variant = lines["variant"].to_numpy(dtype=object)
    common = variant == ""
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


def _coverage(indicators: list[str], has: np.ndarray, line_ids: np.ndarray, issues: list[Issue]) -> None:
    """One note per group of indicators that the same computed lines' factors do not declare."""
    groups: dict[tuple[int, ...], list[str]] = {}
    for k, indicator in enumerate(indicators):
        missing = tuple(np.flatnonzero(~has[:, k]).tolist())
        if missing:
            groups.setdefault(missing, []).append(indicator)
    for missing, names in groups.items():
        some = _listed([str(line_ids[i]) for i in missing], 5)
        issues.append(
            Issue.of(
                "info",
                Message(
                    "{indicators}: {n} of {total} lines have no value (their factor does not declare it: "
                    "lines {lines}); these indicators leave them out",
                    indicators=_listed(names, 6),
                    n=len(missing),
                    total=len(line_ids),
                    lines=some,
                ),
                column=None,  # not a column of the workbook: the message names the indicators
                value=", ".join(names),
            )
        )
