"""The summary sheet: the project, the headline indicator per view, what the total contains, every
indicator side by side, the ranking and what separates each variant from the baseline."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd

from lca.checks import expired_factors, standards_used
from lca.i18n import label, translate
from lca.indicators import INDICATORS
from lca.report.common import (
    delta_pct_name,
    has_area,
    headline_indicator,
    minute,
    side_by_side,
    unit_text,
)

if TYPE_CHECKING:
    from lca.compare import Comparison
    from lca.report.cells import Book, Sheet
    from lca.results import Results


def view_name(view: str, lang: str) -> str:
    """The name of a view of the results (total, per m², per m² and year, per dwelling, module D)."""
    names = {
        "total": translate("Total (D excluded)", lang),
        "per_m2": translate("Per m²", lang),
        "per_m2_year": translate("Per m² and year", lang),
        "per_dwelling": translate("Per dwelling", lang),
        "module_d": translate("Module D (not in total)", lang),
    }
    return names[view]


#: The views of the results the summary shows (with module D).
VIEWS = ["total", "per_m2", "per_m2_year", "per_dwelling", "module"]


def write_summary(
    book: Book,
    results: Results,
    comparison: Comparison,
    deltas: pd.DataFrame,
    lang: str,
    stamp: datetime | None,
) -> None:
    """The first sheet: headline figures first, then the detail that explains them.

    ``deltas`` is ``comparison.deltas(None, views)`` for at least :data:`VIEWS`."""
    from lca import __version__

    w = book.sheet(translate("Summary", lang))
    project = results.project
    w.title(translate("Life-cycle assessment — {name}", lang, name=project.name), "big")
    w.pairs(
        [
            (translate("Reference area [m²]", lang), project.reference_area),
            (translate("Dwellings", lang), project.dwellings),
            (translate("Study period [years]", lang), results.study_period),
            (translate("Method", lang), label("method", results.method, lang)),
            (translate("Replacement rule", lang), label("replacement_rule", results.replacement_rule, lang)),
            (translate("Baseline variant", lang), comparison.baseline),
            (translate("lca version", lang), __version__),
            *([(translate("Computed on (UTC)", lang), minute(stamp))] if stamp else []),
            (translate("Standard of the factors used", lang), standards_text(results, lang)),
            (translate("Expired factors", lang), expired_text(results, lang)),
        ]
    )
    indicator = headline_indicator(results)
    others = tuple(delta_pct_name(v, lang) for v in comparison.variants[1:])
    views = deltas.loc[deltas["view"].isin(VIEWS)]
    headline = views.loc[(views["indicator"] == indicator) & (views["view"] != "module")]
    d = views.loc[(views["indicator"] == indicator) & (views["view"] == "module") & (views["key"] == "D")]
    table = side_by_side(
        comparison,
        pd.concat([headline, d.assign(view="module_d").astype({"view": str})]),
        ["view", "unit"],
        lang,
    )
    table["view"] = [view_name(v, lang) for v in table["view"]]
    names = {"view": translate("View", lang), "unit": translate("Unit", lang)}
    w.title(translate("Headline indicator: {indicator}", lang, indicator=indicator))
    w.table(table.rename(columns=names), percent=others)
    w.title(translate("What the total contains ({indicator})", lang, indicator=indicator))
    w.table(scope_table(results, comparison, indicator, lang))
    titles = {
        "total": translate("All indicators — total over the study period", lang),
        "per_m2": translate("All indicators — per m² of reference area", lang),
    }
    for view, title in titles.items():
        table = side_by_side(comparison, views.loc[views["view"] == view], ["indicator", "unit"], lang)
        w.title(title)
        names = {"indicator": translate("Indicator", lang), "unit": translate("Unit", lang)}
        w.table(table.rename(columns=names), percent=others)
    write_ranking(w, results, comparison, indicator, lang)
    write_drivers(w, comparison, indicator, lang)
    w.finish(minimum={0: 34})


def write_ranking(w: Sheet, results: Results, comparison: Comparison, indicator: str, lang: str) -> None:
    """The variants from the lowest to the highest value of ``indicator`` (per m² when the area is known)."""
    ranking = comparison.ranking([indicator], "per_m2" if has_area(results) else "total")
    ranking = ranking[["rank", "variant", "unit", "value", "delta", "delta_pct"]]
    ranking["unit"] = [unit_text(u, lang) for u in ranking["unit"]]
    names = {
        "rank": translate("Rank", lang),
        "variant": translate("Variant", lang),
        "unit": translate("Unit", lang),
        "value": translate("Value", lang),
        "delta": "Δ",
        "delta_pct": "Δ (%)",
    }
    w.title(translate("Ranking ({indicator})", lang, indicator=indicator))
    w.table(ranking.rename(columns=names), percent=("Δ (%)",))


def write_drivers(w: Sheet, comparison: Comparison, indicator: str, lang: str) -> None:
    """Per variant, the elements that make most of its difference from the baseline."""
    share = translate("Share of the difference (%)", lang)
    for variant in comparison.variants[1:]:
        drivers = comparison.drivers(variant, by="element", n=8, indicator=indicator)
        title = translate(
            "What separates '{variant}' from '{baseline}' ({indicator}, elements)",
            lang,
            variant=variant,
            baseline=comparison.baseline,
            indicator=indicator,
        )
        w.title(title)
        names = {
            "key": translate("Building element", lang),
            "baseline_value": comparison.baseline,
            "value": variant,
            "delta": "Δ",
            "share": share,
        }
        table = drivers.rename(columns=names).assign(**{share: drivers["share"] * 100.0})
        if len(table):
            w.table(table, percent=(share,))
        else:
            w.note(translate("None.", lang))


def scope_table(results: Results, comparison: Comparison, indicator: str, lang: str) -> pd.DataFrame:
    """Products, energy and water of each variant, per m² (read first) then over the whole building."""
    from lca.results import SCOPES

    unit = INDICATORS[indicator]
    scopes = {
        "products": translate("Construction products and equipment", lang),
        "energy": translate("Energy use (B6)", lang),
        "water": translate("Water use (B7)", lang),
    }
    rows = []
    views = [("per_m2", results.by_scope_per_m2(), f"{unit}/m²"), ("total", results.by_scope(), unit)]
    for view, frame, shown in views[0 if has_area(results) else 1 :]:
        values = frame[indicator].unstack("variant")
        for scope in SCOPES:
            row = {
                translate("Scope", lang): scopes[scope],
                translate("View", lang): view_name(view, lang),
                translate("Unit", lang): shown,
            }
            rows.append(row | {v: float(values.at[scope, v]) for v in comparison.variants})  # type: ignore[arg-type]
    return pd.DataFrame(rows)


def standards_text(results: Results, lang: str) -> str:
    """``EN 15804+A1: 38 factor(s); not given: 2 factor(s)`` for the factors used."""
    counts = standards_used(results)
    parts = [
        translate(
            "{standard}: {count}",
            lang,
            standard=k or translate("not given", lang),
            count=translate("{n} factor", lang, plural="{n} factors", n=int(n)),
        )
        for k, n in counts.items()
    ]
    return "; ".join(parts)


def expired_text(results: Results, lang: str) -> str:
    """``12 of 40 (valid until 2022)``, or "None."."""
    expired = expired_factors(results)
    if not len(expired):
        return translate("None.", lang)
    used = len(pd.unique(results.lines["factor_id"].astype(str)))
    years = ", ".join(str(int(y)) for y in sorted(expired["year"].unique()))
    return translate("{n} of {used} (valid until {years})", lang, n=len(expired), used=used, years=years)
