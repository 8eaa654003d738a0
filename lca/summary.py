"""Summaries for the terminal, in the user's language: a project's results, a factor's values and provenance.

Every table is drawn by :func:`lca.terminal.render_table` (it fits the terminal's width, most important
columns first) and every number is written by :func:`lca.i18n.numbers.format_quantity`, so the summary reads
``104 357`` in French and ``104,357`` in English, like the report and the charts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lca.errors import Issue
from lca.factors import FactorTable
from lca.i18n import Label, Message, Num, label, translate, use_lang, where
from lca.i18n.numbers import format_quantity
from lca.indicators import DEFAULT_INDICATOR, INDICATORS, MODULES
from lca.results import SCOPES, Results
from lca.terminal import render_table, terminal_width, wrap_text
from lca.units import pretty_unit

#: Distinct issues listed in the summary; the rest are counted (``--format json`` has them all).
MAX_ISSUES = 25
#: Lines named in a grouped note (``S0, S1 … and 4 more``).
MAX_IDS = 8

#: The calculation methods by their published names (proper nouns: the same in every language).
METHOD_NAMES = {"en15978": "EN\u00a015978", "re2020": "RE2020"}  # a no-break space: never cut


def format_summary(
    results: Results, indicator: str | None = None, *, lang: str | None = None, width: int | None = None
) -> str:
    """A readable summary: the project, per m² by scope, per variant totals, by module, by lot, issues.

    Parameters
    ----------
    results
        The computed results.
    indicator
        Indicator shown (default GWP-total, else the first computed).
    lang
        Language (default :func:`lca.i18n.current_lang`).
    width
        Characters per line (default :func:`lca.terminal.terminal_width`: ``COLUMNS``, else the
        terminal's, else 80).

    Returns
    -------
    str
        The summary, ending with a newline; no line is wider than ``width``.
    """
    with use_lang(lang) as lang:
        width = terminal_width() if width is None else width
        return _summary(results, indicator, lang, width)


def _summary(results: Results, indicator: str | None, lang: str, width: int) -> str:
    if indicator is None and results.indicators:
        indicator = DEFAULT_INDICATOR if DEFAULT_INDICATOR in results.indicators else results.indicators[0]
    out = _project_lines(results, lang, width)
    if len(results.lines):
        out += _factors_lines(results, lang, width)
    if indicator is None:
        out += ["", translate("No line could be computed.", lang)]
        return "\n".join(out + _issue_lines(results, lang, width)) + "\n"
    unit = INDICATORS[indicator]
    period = Num(results.study_period, "years")
    out += ["", _scope_table(results, indicator, unit, lang, width)]

    total, per_m2 = results.total()[indicator], results.per_m2()[indicator]
    per_year, per_dw = results.per_m2_year()[indicator], results.per_dwelling()[indicator]
    # the unit says what each column is (kg CO2e/m², kg CO2e/logement): short headers, so that the
    # table fits 80 columns; D is in the table by module, apart from the total
    columns = {
        translate("{unit}/m²", lang, unit=unit): _numbers(per_m2, "per_m2", lang),
        translate("{unit}/(m²·yr)", lang, unit=unit): _numbers(per_year, "per_m2_year", lang),
        unit: _numbers(total, "total", lang),
        translate("{unit}/dwelling", lang, unit=unit): _numbers(per_dw, "per_dwelling", lang),
    }
    head = pd.DataFrame(columns, index=_variant_index(results.variants, lang))
    counts = results.line_counts.reindex(results.variants)
    head[translate("lines computed", lang)] = [
        f"{c}/{n}" for c, n in zip(counts["computed"], counts["count"], strict=True)
    ]
    title = Message("{indicator} over {period} years, per variant", indicator=indicator, period=period)
    out += [
        "",
        render_table(head, title=title, numeric=list(head.columns), width=width, lang=lang).rstrip("\n"),
    ]

    by_module = results.by_module()[indicator].unstack("variant")
    present = [m for m in MODULES if m in by_module.index]
    modules = by_module.reindex(index=present, columns=results.variants)
    names = [
        label("module_group", "D", lang) if m == "D" else f"{m} {label('module', m, lang)}" for m in present
    ]
    modules.index = pd.Index(names, name=translate("Module", lang))
    title = Message("By module [{unit}]", unit=unit)
    out += ["", _variant_columns(modules, "total", title, lang, width)]

    lots = results.by_lot()[indicator].unstack("variant")
    given = _lots_given(results)  # a lot whose every line was rejected reads n.d., not 0
    rows = sorted(set(lots.index) | set(given.index), key=_lot_order)
    lots = lots.reindex(index=rows, columns=results.variants)
    given = given.reindex(index=rows, columns=results.variants, fill_value=False)
    lots = lots.where(lots.notna() | given, 0.0)  # no line of the lot in the variant: 0
    lots.index = pd.Index([label("lot", lot, lang) for lot in lots.index], name=translate("Lot", lang))
    out += ["", _variant_columns(lots, "total", Message("By lot [{unit}]", unit=unit), lang, width)]
    if results.method == "re2020":
        from lca.methods.re2020 import format_re2020

        out += ["", format_re2020(results, lang, width).rstrip("\n")]
    return "\n".join(out + _issue_lines(results, lang, width)) + "\n"


def _lots_given(results: Results) -> pd.DataFrame:
    """Lot × variant: True where the workbook gives the variant a line of the lot (a common line it
    does not replace, or a line of its own), computed or not."""
    from lca.io.variants import name_key

    lines = results.project.lines
    if not len(lines) or "lot" not in lines:
        return pd.DataFrame(False, index=pd.Index([], dtype=object), columns=results.variants)
    lots = lines["lot"].fillna("").astype(str).to_numpy()
    own = lines["variant"].fillna("").astype(str).map(name_key).to_numpy() if "variant" in lines else None
    replaces = lines["replaces"] if "replaces" in lines else pd.Series([()] * len(lines), index=lines.index)
    ids = lines["line_id"].astype(str).to_numpy()
    given = {}
    for name in results.variants:
        key = name_key(name)
        mine = np.ones(len(lines), bool) if own is None else (own == "") | (own == key)
        gone = {str(t) for targets, m in zip(replaces, mine, strict=True) if m and targets for t in targets}
        member = mine & ~np.isin(ids, list(gone))
        given[name] = pd.Series(member, index=lots).groupby(level=0).any()
    return pd.DataFrame(given).fillna(False).astype(bool)


def _numbers(values: pd.Series, kind: str, lang: str) -> list[str]:
    return [format_quantity(v, lang, kind) for v in values]


def _variant_index(variants: list[str], lang: str) -> pd.Index:
    return pd.Index(variants, name=translate("Variant", lang))


def _variant_columns(frame: pd.DataFrame, kind: str, title: Message, lang: str, width: int) -> str:
    """Rows (modules, lots, scopes) by variant: the baseline first, variants dropped from the end when
    the terminal is too narrow."""
    if not len(frame):
        return "\n".join([title.render(lang), "  " + translate("(no line computed)", lang)])
    cells = frame.map(lambda v: format_quantity(v, lang, kind))
    cells.columns = [str(c) for c in cells.columns]
    return render_table(cells, title=title, numeric=list(cells.columns), width=width, lang=lang).rstrip("\n")


def _wrap(text: str, width: int, indent: str = "  ", more: str = "    ") -> list[str]:
    """``text`` on lines of at most ``width`` characters (:func:`lca.terminal.wrap_text`)."""
    return wrap_text(text, width, indent, more)


def _project_lines(results: Results, lang: str, width: int) -> list[str]:
    """``Projet : …`` then the settings the figures depend on, each by its label."""
    project = results.project
    area = project.reference_area
    area_text = (
        translate("{value} m²", lang, value=format_quantity(area, lang, "area"))
        if area and area > 0
        else translate("n/a", lang)
    )
    dwellings = (
        format_quantity(project.dwellings, lang, "count") if project.dwellings else translate("n/a", lang)
    )
    period = f"{format_quantity(results.study_period, lang, 'years')} {label('unit', 'years', lang)}"
    rule = {
        "ceil": translate("whole replacements (rounded up)", lang),
        "fraction": translate("fractional replacements", lang),
    }.get(results.replacement_rule, results.replacement_rule)
    settings = [
        (Label("project_key", "reference_area"), area_text),
        (Label("project_key", "dwellings"), dwellings),
        (Label("project_key", "study_period"), period),
        (Label("project_key", "method"), METHOD_NAMES.get(results.method, results.method)),
        (Label("project_key", "replacement_rule"), rule),
    ]
    text = ", ".join(translate("{label}: {value}", lang, label=k, value=v) for k, v in settings)
    return [
        *_wrap(translate("Project: {name}", lang, name=project.name), width, "", "  "),
        *_wrap(text, width),
    ]


def _factors_lines(results: Results, lang: str, width: int) -> list[str]:
    """The factors used by EN 15804 version, and how many have expired (``12 of 40 factors used
    expired in 2022``)."""
    from lca.checks import expired_factors, expired_summary, standards_used

    counts = standards_used(results)
    standards = ", ".join(
        translate("{label}: {value}", lang, label=k or translate("standard not given", lang), value=n)
        for k, n in counts.items()
    )
    used = int(counts.sum())
    text = translate(
        "{n} factor used ({standards})", lang, plural="{n} factors used ({standards})", n=used,
        standards=standards,
    )  # fmt: skip
    out = _wrap(text, width)
    expired = expired_factors(results)
    if len(expired):
        summary = expired_summary(results)
        assert summary is not None  # factors used have expired
        text = summary.render(lang)  # one wording, in lca.checks
        note = translate("the data-quality sheet of the report lists them", lang)
        out += _wrap(translate("{message}; {note}", lang, message=text, note=note), width)
    return out


def _scope_table(results: Results, indicator: str, unit: str, lang: str, width: int) -> str:
    """What the total contains, per m² when there is a reference area (products first: the figure a
    project manager reads first), else over the whole building."""
    per_m2 = bool(results.project.reference_area and results.project.reference_area > 0)
    frame = results.by_scope_per_m2() if per_m2 else results.by_scope()
    table = frame[indicator].unstack("variant").reindex(index=list(SCOPES), columns=results.variants).T
    table["total"] = table.sum(axis=1)
    kind = "per_m2" if per_m2 else "total"
    cells = table.map(lambda v: format_quantity(v, lang, kind))
    cells.columns = [label("scope", s, lang) for s in SCOPES] + [translate("Total", lang)]
    cells.index = _variant_index(list(table.index), lang)
    period = Num(results.study_period, "years")
    if per_m2:
        title = Message(
            "{indicator} per m² of {area} over {period} years [{unit}]",
            indicator=indicator, area=Label("project_key", "reference_area"), period=period,
            unit=Message("{unit}/m²", unit=unit),
        )  # fmt: skip
    else:
        title = Message(
            "{indicator} over {period} years [{unit}] (no {area}: not per m²)",
            indicator=indicator, area=Label("project_key", "reference_area"), period=period, unit=unit,
        )  # fmt: skip
    return render_table(cells, title=title, numeric=list(cells.columns), width=width, lang=lang).rstrip("\n")


def _lot_order(lot: str) -> tuple[int, str]:
    head = lot.split()[0] if lot else ""
    return (int(head), lot) if head.isdigit() else (999, lot)


def _issue_lines(results: Results, lang: str, width: int) -> list[str]:
    """The issues in ``lang``, errors first; the same note on many lines is one entry naming its lines."""
    issues = results.issues
    if not issues:
        return ["", translate("No issues.", lang)]
    order = {"error": 0, "warning": 1, "info": 2}
    levels = pd.Series([i.level for i in issues]).value_counts()
    counts = ", ".join(
        _level_count(level, int(levels[level]), lang)
        for level in sorted(levels.index, key=lambda level: order.get(level, 3))
    )
    out = ["", translate("Issues: {counts}", lang, counts=counts)]
    groups: dict[tuple[str, str, str | None, str | None], list[Issue]] = {}
    for issue in sorted(issues, key=lambda i: order.get(i.level, 3)):
        groups.setdefault((issue.level, issue.text(lang), issue.column, issue.sheet), []).append(issue)
    for same in list(groups.values())[:MAX_ISSUES]:
        if len(same) == 1:
            out += _wrap(same[0].render(lang), width)
            continue
        first = same[0]
        ids = [str(i.line_id) for i in same if i.line_id is not None]
        named = ", ".join(ids[:MAX_IDS])
        if len(ids) > MAX_IDS:
            named = translate(
                "{ids} and {n} more", lang, plural="{ids} and {n} more", ids=named, n=len(ids) - MAX_IDS
            )
        lines = translate("{n} line ({ids})", lang, plural="{n} lines ({ids})", n=len(same), ids=named)
        loc = where(None, first.sheet, None, first.column, None, lang)
        located = ", ".join(part for part in (loc, lines) if part)
        body = translate("{where}: {message}", lang, where=located, message=first.text(lang))
        out += _wrap(f"[{label('level', first.level, lang)}] {body}", width)
    if len(groups) > MAX_ISSUES:
        more = len(groups) - MAX_ISSUES
        text = translate(
            "{n} more issue (use --format json to see them all)", lang,
            plural="{n} more issues (use --format json to see them all)", n=more,
        )  # fmt: skip
        out += _wrap(f"… {text}", width)
    return out


def _level_count(level: str, n: int, lang: str) -> str:
    if level == "error":
        return translate("{n} error", lang, plural="{n} errors", n=n)
    if level == "warning":
        return translate("{n} warning", lang, plural="{n} warnings", n=n)
    return translate("{n} note", lang, plural="{n} notes", n=n)


def format_factor(table: FactorTable, factor_id: str) -> str:
    """All modules and indicators of a factor, its conversions and its provenance, as text."""
    info, wide = table.factor(factor_id)
    amount, unit = info["declared_amount"], pretty_unit(str(info["declared_unit"]))
    out = [f"{factor_id}: {info['name']}", f"  declared unit: {amount:g} {unit}"]
    for key, value in info.drop(["name", "declared_amount", "declared_unit"]).items():
        if value is not None and not (isinstance(value, float) and np.isnan(value)):
            out.append(f"  {key}: {value}")
    out += ["", f"Values per {amount:g} {unit}:", wide.to_string()]
    return "\n".join(out)
