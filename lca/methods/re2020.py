"""RE2020 method: dynamic climate impact of a building, its indicators, thresholds and verdict.

:func:`apply_re2020` takes the static EN 15978 results (``ceil`` replacement rule, PER = 50 years) and
re-weights the GWP-total of every line year by year with the dynamic-LCA coefficients f_CO2(t)
(:func:`lca.methods.re2020_rules.dynamic_weights`): Ic_construction (components + construction site),
Ic_énergie, Ic_bâtiment, Icded, StockC per m² of Sref, the thresholds with their modulations, the margins
and a verdict for the permit year and for the 2028 and 2031 tightenings. Other indicators stay static.

This is a transparent pre-design estimate, **not** a regulatory RE2020 calculation: every rule that the
reference page marks unconfirmed is listed by :func:`method_assumptions` and in each variant's JSON.

References
----------
Arrêté du 4 août 2021 (NOR LOGL2107359A), Annexe II: § 4.2 (contribution des composants), § 4.3.2
(Ic_énergie, eq. 74–75), § 4.5 (chantier), § 5.3 (indicateurs). Annex to article R.172-4 of the code de la
construction et de l'habitation, ch. II (thresholds). Team reference page ``shared/reference/re2020.md``
§1a (dynamic weights and chronology), §1b (indicators, thresholds), §1c (PER, renewals, aggregation),
§1e (lots), §1f (default data).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lca._text import Label, Message
from lca.errors import InputError
from lca.indicators import END_OF_LIFE_MODULES, TOTAL_MODULES
from lca.methods import re2020_rules as rules

# the outputs and the result types live in their own modules; their names stay importable from here
from lca.methods.re2020_outputs import format_re2020 as format_re2020
from lca.methods.re2020_outputs import re2020_table as re2020_table
from lca.methods.re2020_results import (
    _VALUES,
    LOT_NUMBER,
    RE2020Results,
    RE2020Variant,
    Verdict,
    json_safe,
    lot_key,
    plain,
)
from lca.methods.re2020_results import DISCLAIMER as DISCLAIMER
from lca.methods.re2020_results import PER_M2 as PER_M2
from lca.methods.re2020_results import UNITS as UNITS
from lca.methods.re2020_results import VERDICT_YEARS as VERDICT_YEARS
from lca.methods.re2020_results import disclaimer as disclaimer
from lca.methods.re2020_results import entries as _entries  # noqa: F401 (lca.methods.re2020_plot)
from lca.methods.re2020_results import re2020_of as re2020_of
from lca.timeline import Group, Stage, line_events

if TYPE_CHECKING:
    from lca.model import Project
    from lca.results import Results

INDICATOR = "GWP-total"
#: Reference study period PER. [years]
PER = rules.STUDY_PERIOD
#: Lot labels (lower case, no accents) that mark a construction-site line.
SITE_LOTS: frozenset[str] = frozenset(
    {"chantier", "site", "chantier de construction", "construction site", "lot chantier"}
)
#: Factor ``data_type`` values counted in Icded.
DEFAULT_DATA_TYPES: tuple[str, ...] = ("default", "fixed")
#: Contributions of the timeline.
CONTRIBUTIONS: tuple[str, ...] = ("composants", "chantier", "energie", "eau")
#: Module groups of the timeline.
GROUPS: tuple[str, ...] = ("A1-A5", "B1-B3+B5", "B4", "C1-C4", "chantier", "B6", "B7")

ASSUMPTIONS: tuple[str, ...] = (
    "[UNCONFIRMED] Dynamic renewal timing (Annexe II § 4.2 not checked): with the ceil rule, replacement k "
    "happens at year k·SL rounded half up to the nearest year (kept within 1…PER−1) and emits at that year "
    "A1–A5 of the new units and C1–C4 of the removed ones (B4/n). re2020.md §1c.",
    "[ASSUMPTION] Declared use-stage modules B1–B3 and B5 are spread evenly over years 1…50 and weighted "
    "year by year (construction-carbone.fr spreads them over the product's service life). re2020.md §1a.",
    "[ASSUMPTION] Initial A1–A3, A4, A5 at t = 0 and the final C1–C4 at t = PER = 50 (f = 0.578), per the "
    "Annexe II chronology quoted by FEREC; module D is excluded from every indicator [PARTLY UNCONFIRMED]. "
    "re2020.md §1a, §1c.",
    "[ASSUMPTION] Construction-site lines (lot 'chantier' or 'site', case- and accent-insensitive, material "
    "lines) are counted entirely at t = 0 in Ic_construction as the 'chantier' contribution.",
    "[ASSUMPTION] Water lines (B7) are informative: weighted like energy (yearly impact × Σ f(1…50) "
    "= 39.543) and reported as ic_eau, in neither Ic_construction nor Ic_énergie. "
    "re2020.md §1b (IC eau informative).",
    "[UNCONFIRMED] Ic_bâtiment = Ic_construction + Ic_énergie + Ic_eau (dynamic, informative); the official "
    "formula is not confirmed (re2020.md §1b).",
    "[ASSUMPTION] Ic_énergie = Σ yearly B6 impact of the energy lines × Σ f(1…50) / Sref, with the energy "
    "factor chosen by the static calculation: use the RE2020 conventional factors (re2020.md §1d) and the "
    "imported final energy net of self-consumption for a meaningful value (Annexe II § 4.3.2, eq. 74–75).",
    "[ASSUMPTION] Icded = dynamic Ic_construction share (components and site) of the lines whose factor "
    "data_type is 'default' (DED) or 'fixed' (valeur forfaitaire); the 30–100 % DED majoration is not "
    "applied — factor values are used as given [UNCONFIRMED rules]. re2020.md §1f.",
    "[UNCONFIRMED] Refrigerants are weighted with f_CO2: the f_ff coefficients were not found. "
    "re2020.md §1a.",
    "[ASSUMPTION] StockC = Σ biogenic_carbon of the factor [kg C per declared unit] × declared quantity "
    "of the initially installed material lines (not the replacements, not the site) / Sref. re2020.md §2. "
    "A wood-based factor that does not declare it gets an EN 16449 estimate (carbon fraction 0.5 of the "
    "oven-dry mass, 12 % moisture unless the dataset states one); StockC is n/d when no line has a value.",
    "[ASSUMPTION] Only GWP-total is weighted dynamically; every other indicator stays static (Vizcab). "
    "re2020.md §1a.",
    "[ASSUMPTION] Mivrd, Miinfra and Mipv use the dynamic Ic_construction per m² of lots 1, 2 and 13, the "
    "lot number being the leading integer of the line's lot (sub-lot 2.1 → lot 2). re2020.md §1b, §1e.",
    "[ASSUMPTION] Single-usage building, Sref = the Projet reference_area; the external-constraint category "
    "is CE1 unless the Projet sheet gives constraint_category; the 280 kg CO2e/m² gas exception is not "
    "applied.",
    "[ASSUMPTION] The 2025/2028/2031 verdicts re-use every input of the project and only change the permit "
    "year (so Mided and the period thresholds change).",
)


def method_assumptions(lang: str | None = None) -> list[str]:
    """Every assumption of the RE2020 method: the rules' (:func:`re2020_rules.assumptions`) and this
    module's, as report-ready sentences in ``lang`` (default: the current language)."""
    return list(dict.fromkeys([*rules.assumptions(lang), *_assumptions(lang)]))


def _assumptions(lang: str | None = None) -> list[str]:
    """:data:`ASSUMPTIONS` in ``lang`` (their English text is the catalogue's msgid)."""
    from lca.i18n import translate

    return [translate(text, lang) for text in ASSUMPTIONS]


# --------------------------------------------------------------------------- line classification


def _lot_info(lots: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(is a construction-site lot, lot number 1–13 or 0) per line, computed once per distinct lot."""
    codes, uniques = pd.factorize(lots.fillna("").astype(str))
    texts = [plain(u) for u in uniques]
    site = np.array([p in SITE_LOTS for p in texts], dtype=bool)
    number = np.array([int(m.group(1)) if (m := LOT_NUMBER.match(p)) else 0 for p in texts], dtype=int)
    return site[codes] if len(codes) else np.zeros(0, bool), number[codes] if len(codes) else np.zeros(0, int)


def _check(results: Results) -> int:
    if INDICATOR not in results.indicators:
        raise InputError(
            Message(
                "the RE2020 method needs {indicator}, which was not computed (indicators: {indicators}); "
                "compute with indicators including '{indicator}'",
                indicator=INDICATOR,
                indicators=", ".join(results.indicators),
            ),
            value=results.indicators,
        )
    if float(results.study_period) != PER or results.replacement_rule != "ceil":
        raise InputError(
            Message(
                "the RE2020 method needs static results over PER = {per} years with the 'ceil' replacement "
                "rule; found {period} years and '{rule}'",
                per=PER,
                period=float(results.study_period),
                rule=results.replacement_rule,
            ),
            value=(results.study_period, results.replacement_rule),
        )
    return results.indicators.index(INDICATOR)


# --------------------------------------------------------------------------- the timeline


def _events(results: Results) -> dict[str, np.ndarray]:
    """Every GWP-total emission of every line as events: line, year, group, contribution, static, weighted.

    The event rules are :func:`lca.timeline.line_events`' (replacements at whole years); the
    construction-site lines count entirely at year 0. Arrays share one length.
    """
    k = _check(results)
    gwp = np.nan_to_num(results.impacts[:, :, k].astype(float))  # (line, module)
    lines = results.lines
    kind = lines["kind"].to_numpy(dtype=object)
    site_lot, _ = _lot_info(lines["lot"])
    site = site_lot & (kind == "material")
    material = (kind == "material") & ~site
    groups = [  # in GROUPS order, each with its contribution
        (Group(GROUPS[0], ("A1-A3", "A4", "A5"), Stage.PRODUCTION, material), 0),
        (Group(GROUPS[1], ("B1", "B2", "B3", "B5"), Stage.USE, material), 0),
        (Group(GROUPS[2], ("B4",), Stage.REPLACEMENT, material), 0),
        (Group(GROUPS[3], END_OF_LIFE_MODULES, Stage.END_OF_LIFE, material), 0),
        (Group(GROUPS[4], TOTAL_MODULES, Stage.PRODUCTION, site), 1),  # the whole site line at t = 0
        (Group(GROUPS[5], ("B6",), Stage.USE, kind == "energy"), 2),
        (Group(GROUPS[6], ("B7",), Stage.USE, kind == "water"), 3),
    ]
    events = line_events(
        gwp,
        [g for g, _ in groups],
        period=PER,
        replacements=np.rint(np.nan_to_num(lines["replacements"].to_numpy(dtype=float))),
        service_life=lines["service_life_used"].to_numpy(dtype=float),
        whole_years=True,
    )
    year = events.year.astype(int)
    return {
        "line": events.line,
        "year": year,
        "group": events.group,
        "contribution": np.array([c for _, c in groups], dtype=int)[events.group],
        "static": events.value,
        "weighted": events.value * rules.dynamic_weights()[year],
    }


def emission_timeline(results: Results) -> pd.DataFrame:
    """The dynamic GWP-total emission timeline of every line of every variant, years 0 … 50.

    A1-A3, A4, A5 at year 0; declared B1–B3/B5 spread evenly over years 1…50; replacement k at year
    k·SL (rounded, before PER) with B4/n; the final C1–C4 at year 50; construction-site lines at year 0;
    energy (B6) and water (B7) lines yearly over years 1…50. Module D is excluded. Rows with a zero value
    are left out.

    Parameters
    ----------
    results
        Static EN 15978 results (``ceil`` rule, PER = 50), or results of :func:`apply_re2020`.

    Returns
    -------
    DataFrame
        Columns ``variant, line_id, lot, year, module_group, contribution, value_static,
        value_weighted`` — ``year`` [year after delivery], ``module_group`` one of :data:`GROUPS`,
        ``contribution`` one of :data:`CONTRIBUTIONS`, values [kg CO2e]; ``value_weighted`` =
        f_CO2(year) × ``value_static``.

    References
    ----------
    Arrêté du 4 août 2021, Annexe II § 4.2 and § 4.3.2 (chronology as quoted in re2020.md §1a, §1c).
    """
    ev = _events(results)
    lines = results.lines
    frames = []
    order = np.lexsort((ev["year"], ev["line"]))  # line order of the inventory, then year
    ev = {key: value[order] for key, value in ev.items()}
    for v, name in enumerate(results.variants):
        sel = results.membership[v, ev["line"]]
        idx = ev["line"][sel]
        frames.append(
            pd.DataFrame(
                {
                    "variant": name,
                    "line_id": lines["line_id"].to_numpy()[idx],
                    "lot": lines["lot"].to_numpy()[idx],
                    "year": ev["year"][sel],
                    "module_group": pd.Categorical.from_codes(ev["group"][sel], pd.Index(GROUPS)),
                    "contribution": pd.Categorical.from_codes(
                        ev["contribution"][sel], pd.Index(CONTRIBUTIONS)
                    ),
                    "value_static": ev["static"][sel],
                    "value_weighted": ev["weighted"][sel],
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if len(frame):
        frame["variant"] = pd.Categorical(frame["variant"], categories=results.variants)
    return frame


# --------------------------------------------------------------------------- indicators


def _sref(project: Project) -> float:
    try:
        area = float(project.reference_area)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        area = float("nan")
    if not area > 0 or not np.isfinite(area):
        raise InputError(
            Message(
                "{key} is missing or invalid for the RE2020 indicators: found '{value}'; expected Sref "
                "(SHAB) > 0 in m²; fill the {key} on the Projet sheet",
                key=Label("project_key", "reference_area"),
                value=project.reference_area,
            ),
            sheet="Projet",
            value=project.reference_area,
        )
    return area


def _indicators(results: Results) -> list[dict[str, Any]]:
    """Per variant: the dynamic and static indicators per m² of Sref, before thresholds."""
    ev = _events(results)
    lines = results.lines
    sref = _sref(results.project)
    n_lines = len(lines)
    site, lot_number = _lot_info(lines["lot"])
    site &= (lines["kind"] == "material").to_numpy()
    # per line and contribution: (contribution, line) sums
    flat = ev["contribution"] * n_lines + ev["line"]
    size = len(CONTRIBUTIONS) * n_lines
    weighted = np.bincount(flat, weights=ev["weighted"], minlength=size).reshape(len(CONTRIBUTIONS), -1)
    static = np.bincount(flat, weights=ev["static"], minlength=size).reshape(len(CONTRIBUTIONS), -1)
    construction_w = weighted[0] + weighted[1]
    data_type = lines["data_type"].fillna("").astype(str).str.strip().str.lower()
    is_ded = data_type.isin(DEFAULT_DATA_TYPES).to_numpy()
    stock = _stock_lines(results, site)  # (line,) kg C, NaN where not available
    has_stock = np.isfinite(stock)
    stock = np.nan_to_num(stock)
    lot_label = np.where(site, "chantier", lines["lot"].fillna("").astype(str).to_numpy())
    member = results.membership.astype(float)
    w, s = member @ weighted.T / sref, member @ static.T / sref  # (variant, contribution)
    out = []
    for v in range(len(results.variants)):
        construction_lines = results.membership[v] & (construction_w != 0)
        by_lot = (
            pd.Series(construction_w[construction_lines] / sref, index=lot_label[construction_lines])
            .groupby(level=0, sort=False)
            .sum()
        )
        lot_ic = {
            lot: float(member[v] @ (construction_w * (lot_number == lot) * ~site) / sref)
            for lot in (1, 2, 13)
        }
        ic_c, ic_e, ic_w = w[v, 0] + w[v, 1], w[v, 2], w[v, 3]
        out.append(
            {
                "ic_construction": float(ic_c),
                "ic_composants": float(w[v, 0]),
                "ic_chantier": float(w[v, 1]),
                "ic_energie": float(ic_e),
                "ic_eau": float(ic_w),
                "ic_batiment": float(ic_c + ic_e + ic_w),
                "icded": float(member[v] @ (construction_w * is_ded) / sref),
                "stock_c": float(member[v] @ stock / sref) if (member[v] @ has_stock) > 0 else np.nan,
                "ic_construction_static": float(s[v, 0] + s[v, 1]),
                "ic_energie_static": float(s[v, 2]),
                "ic_batiment_static": float(s[v].sum()),
                "ic_lots": lot_ic,
                "by_lot": {
                    str(k): float(x) for k, x in sorted(by_lot.items(), key=lambda i: lot_key(str(i[0])))
                },
            }
        )
    return out


def _stock_lines(results: Results, site: np.ndarray) -> np.ndarray:
    """Biogenic carbon of each installed material line outside the site [kg C]: the engine's
    declared or EN 16449 value (:mod:`lca.biogenic`), NaN where not available."""
    lines = results.lines
    if "biogenic_carbon" in lines:
        stock = lines["biogenic_carbon"].to_numpy(dtype=float)
    else:
        carbon = pd.to_numeric(results.factors.meta["biogenic_carbon"], errors="coerce")
        stock = carbon.reindex(lines["factor_id"]).to_numpy(dtype=float)
        stock = stock * lines["declared_quantity"].to_numpy(dtype=float)
    return np.where((lines["kind"] == "material").to_numpy() & ~site, stock, np.nan)


# --------------------------------------------------------------------------- thresholds and verdict

_CONSTRAINT_KEYS = {"constraint_category", "categorie de contraintes exterieures", "categorie de contraintes"}


def threshold_inputs(
    project: Project, *, icded: float, ic_lots: dict[int, float], permit_year: int | None = None
) -> rules.ThresholdInputs:
    """The :class:`~lca.methods.re2020_rules.ThresholdInputs` of a project and one variant's impacts.

    Parameters
    ----------
    project
        Its building type, permit year, climate zone, altitude, dwellings, Sref, attic area, heat network
        (and ``constraint_category`` from :attr:`Project.extra` when given).
    icded
        Icded of the variant. [kg CO2e/m²]
    ic_lots
        Dynamic Ic_construction of lots 1, 2 and 13 of the variant. [kg CO2e/m²]
    permit_year
        Overrides the project's permit year (2028 and 2031 verdicts). [year]
    """
    wanted = {plain(k).replace("_", " ") for k in _CONSTRAINT_KEYS}
    given = {plain(k).replace("_", " "): v for k, v in project.extra.items() if v not in (None, "")}
    category = next((given[k] for k in wanted if k in given), None)
    return rules.ThresholdInputs(
        building_type=project.building_type,
        permit_year=project.permit_year if permit_year is None else permit_year,
        climate_zone=project.climate_zone,
        altitude=project.altitude,
        dwellings=project.dwellings,
        reference_area=project.reference_area,
        attic_area=project.attic_area,
        heat_network=project.heat_network,
        icded=icded,
        ic_lot1=ic_lots[1],
        ic_lot2=ic_lots[2],
        ic_lot13=ic_lots[13],
        constraint_category=category,
    )


def _verdict(params: rules.ThresholdInputs, ic_c: float, ic_e: float) -> tuple[Verdict, dict, dict]:
    c_max, c_detail = rules.ic_construction_max(params)
    e_max, e_detail = rules.ic_energie_max(params)
    verdict = Verdict(
        permit_year=int(params.permit_year),  # type: ignore[arg-type]
        version=str(c_detail["version"]),
        ic_construction_max=float(c_max),
        ic_energie_max=float(e_max),
        margin_construction=float(c_max - ic_c),
        margin_energie=float(e_max - ic_e),
        compliant=bool(ic_c <= c_max and ic_e <= e_max),
    )
    return verdict, c_detail, e_detail


def apply_re2020(results: Results) -> Results:
    """The RE2020 dynamic indicators, thresholds and verdicts of every variant.

    Parameters
    ----------
    results
        Static EN 15978 results computed with the ``ceil`` rule over PER = 50 years, with GWP-total.

    Returns
    -------
    Results
        A copy with ``method = "re2020"`` and :attr:`~lca.results.Results.re2020`, a
        :class:`~lca.methods.re2020_results.RE2020Results`: per variant the dynamic ``ic_construction``,
        ``ic_energie``, ``ic_batiment``, ``icded``, ``stock_c`` (and ``ic_composants``, ``ic_chantier``,
        ``ic_eau``), the static ``ic_construction_static``, ``ic_energie_static``,
        ``ic_batiment_static``, the ``verdict`` of the permit year (thresholds, margins = max − value,
        ``compliant``), ``by_year`` (verdicts for permit years 2025, 2028, 2031), ``by_lot`` (dynamic
        Ic_construction per lot, the site as ``chantier``), ``thresholds`` (modulation details),
        ``assumptions`` and ``disclaimer``. Values in [kg CO2e/m² Sref], ``stock_c`` in [kg C/m² Sref].
        ``results.extra["variants"][name]["re2020"]`` still gives the JSON object of a variant.

    Raises
    ------
    InputError
        When GWP-total is missing, the period or rule is not PER = 50 / ``ceil``, or a Projet value
        needed by the thresholds is missing (the error names the Projet cell to fill).

    References
    ----------
    Arrêté du 4 août 2021, Annexe II § 4.2–4.5 and § 5.3; annex to R.172-4, ch. II (re2020.md §1a–§1c).
    """
    project = results.project
    variants = {}
    for name, values in zip(results.variants, _indicators(results), strict=True):
        ic_c, ic_e = values["ic_construction"], values["ic_energie"]
        params = threshold_inputs(project, icded=values["icded"], ic_lots=values.pop("ic_lots"))
        verdict, c_detail, e_detail = _verdict(params, ic_c, ic_e)
        by_year = {year: _verdict(replace(params, permit_year=year), ic_c, ic_e)[0] for year in VERDICT_YEARS}
        notes = [*rules.assumptions(), *c_detail["assumptions"], *e_detail["assumptions"], *_assumptions()]
        variants[name] = RE2020Variant(
            **{k: float(values[k]) for k in _VALUES},
            verdict=verdict,
            by_year=by_year,
            by_lot=values["by_lot"],
            thresholds=json_safe(
                {
                    "ic_construction_max": {k: v for k, v in c_detail.items() if k != "assumptions"},
                    "ic_energie_max": {k: v for k, v in e_detail.items() if k != "assumptions"},
                }
            ),
            assumptions=tuple(dict.fromkeys(notes)),
            disclaimer=DISCLAIMER,
        )
    return replace(results, method="re2020", re2020=RE2020Results(variants))
