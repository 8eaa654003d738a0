"""Comparison of the variants of a project: side-by-side figures, deltas, ranking, drivers, timeline.

Everything here is a view of :class:`lca.results.Results`; nothing is recomputed from the inventory.
Tables are tidy (one row per variant × indicator × view × key) so that analysts can pivot them and the
report can write them as they are.

References
----------
EN 15978:2011, §12 (reporting, comparison of design options) and §7.4 (modules A1–D).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lca._text import Message, joined, quoted
from lca.biogenic import CO2_PER_C, ESTIMATED
from lca.errors import InputError
from lca.indicators import DEFAULT_INDICATOR, INDICATORS, MODULES, TOTAL_MODULES
from lca.timeline import Group, Stage, line_events

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lca.results import Results

#: Module groups of the charts and of the timeline, in display order (D is reported apart).
MODULE_GROUPS: dict[str, tuple[str, ...]] = {
    "A1-A3": ("A1-A3",),
    "A4-A5": ("A4", "A5"),
    "B4": ("B4",),
    "B6": ("B6",),
    "B-other": ("B1", "B2", "B3", "B5", "B7"),
    "C": ("C1", "C2", "C3", "C4"),
    "D": ("D",),
}

#: When the impacts of each group of the timeline happen (:mod:`lca.timeline`).
_STAGE: dict[str, Stage] = {
    "A1-A3": Stage.PRODUCTION,
    "A4-A5": Stage.PRODUCTION,
    "B4": Stage.REPLACEMENT,
    "B6": Stage.USE,
    "B-other": Stage.USE,
    "C": Stage.END_OF_LIFE,
}

#: Module -> its group in :data:`MODULE_GROUPS`.
GROUP_OF_MODULE: dict[str, str] = {m: g for g, ms in MODULE_GROUPS.items() for m in ms}

#: Columns of :meth:`Comparison.summary`.
SUMMARY_COLUMNS: list[str] = ["variant", "indicator", "unit", "view", "key", "value"]

#: Columns of :meth:`Comparison.deltas`.
DELTA_COLUMNS: list[str] = [*SUMMARY_COLUMNS, "baseline", "baseline_value", "delta", "delta_pct"]

#: Columns of :func:`emission_timeline`.
TIMELINE_COLUMNS: list[str] = ["variant", "year", "module_group", "value"]

#: Views of :meth:`Comparison.summary`: headline figures, then one row per module and per lot.
VIEWS: tuple[str, ...] = ("total", "per_m2", "per_m2_year", "per_dwelling", "module", "lot")

#: Lot key given to energy and water lines that have no lot (they are B6/B7, not a building lot).
ENERGY_LOT = "energy"

_VIEW_UNIT = {
    "total": "{}",
    "per_m2": "{}/m²",
    "per_m2_year": "{}/(m²·yr)",
    "per_dwelling": "{}/dwelling",
    "module": "{}",
    "lot": "{}",
}


@dataclass
class Comparison:
    """Variants of one :class:`~lca.results.Results` set side by side, against a baseline.

    Build it with :func:`compare`.

    Attributes
    ----------
    results
        The results compared.
    baseline
        Name of the reference variant.
    variants
        Variants compared, in display order, the baseline first.
    """

    results: Results
    baseline: str
    variants: list[str]

    # ----------------------------------------------------------------------------------- tables
    def summary(
        self, indicators: Sequence[str] | None = None, views: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """Figures of every variant, as one tidy table.

        Parameters
        ----------
        indicators
            Indicators to keep (default: all those computed).
        views
            Among :data:`VIEWS` (default: all). ``module`` rows include D, which is not in ``total``.

        Returns
        -------
        DataFrame
            Columns :data:`SUMMARY_COLUMNS`; ``key`` is the module or the lot (empty for the headline
            views); ``unit`` is the indicator's unit, per m², per m²·year or per dwelling. [indicator units]
        """
        indicators = self._indicators(indicators)
        views = list(views or VIEWS)
        unknown = [v for v in views if v not in VIEWS]
        if unknown:
            raise InputError(
                Message(
                    "unknown view {unknown}; expected some of {expected}",
                    plural="unknown views {unknown}; expected some of {expected}",
                    n=len(unknown),
                    unknown=joined([quoted(v) for v in unknown]),
                    expected=joined(list(VIEWS)),
                ),
                value=unknown,
            )
        r = self.results
        parts = []
        headline = {
            "total": r.total,
            "per_m2": r.per_m2,
            "per_m2_year": r.per_m2_year,
            "per_dwelling": r.per_dwelling,
        }
        for view in views:
            if view in headline:
                frame = headline[view]().loc[self.variants, indicators]
                long = frame.rename_axis("variant").reset_index().melt("variant", var_name="indicator")
                long["key"] = ""
            else:
                frame = r.by_module() if view == "module" else lot_table(r)
                frame = frame.loc[frame.index.get_level_values("variant").isin(self.variants), indicators]
                long = frame.reset_index().rename(columns={view: "key"})
                long = long.melt(["variant", "key"], var_name="indicator")
                long["key"] = long["key"].astype(str)
            long["view"] = view
            long["unit"] = [_VIEW_UNIT[view].format(INDICATORS[i]) for i in long["indicator"]]
            parts.append(long)
        out = pd.concat(parts, ignore_index=True)
        out["variant"] = pd.Categorical(out["variant"].astype(str), self.variants, ordered=True)
        out["indicator"] = pd.Categorical(out["indicator"].astype(str), indicators, ordered=True)
        out["view"] = pd.Categorical(out["view"], views, ordered=True)
        out = out.sort_values(["view", "indicator", "variant"], kind="stable")
        out["value"] = out["value"].astype("float64")
        return out.reindex(columns=SUMMARY_COLUMNS).reset_index(drop=True)

    def deltas(
        self, indicators: Sequence[str] | None = None, views: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """Every figure of :meth:`summary` minus the baseline's.

        A module or lot that a variant has and the baseline does not (or the reverse) counts as 0 on
        the side that lacks it. ``delta_pct`` is ``delta / |baseline_value| × 100`` (NaN where the
        baseline is 0), so that a rise is positive even for a negative baseline (module D).

        Returns
        -------
        DataFrame
            Columns :data:`DELTA_COLUMNS`, the baseline's rows included (delta 0). [indicator units, %]
        """
        summary = self.summary(indicators, views)
        keys = ["indicator", "unit", "view", "key"]
        flat = summary.astype({"variant": str, "indicator": str, "view": str})
        wide = flat.set_index([*keys, "variant"])["value"].unstack("variant")
        wide = wide.reindex(columns=self.variants)
        headline = wide.index.get_level_values("view").isin(
            ["total", "per_m2", "per_m2_year", "per_dwelling"]
        )
        # a lot or module absent from a variant is 0 there; a headline NaN (no area) stays NaN
        wide.loc[~headline] = wide.loc[~headline].fillna(0.0)
        base = wide[self.baseline]
        delta = wide.sub(base, axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            pct = delta.div(base.abs().where(base != 0), axis=0) * 100.0
        out = (
            _stacked(wide, "value")
            .to_frame()
            .join(_stacked(delta, "delta"))
            .join(_stacked(pct, "delta_pct"))
            .reset_index()
        )
        out = out.merge(base.rename("baseline_value").reset_index(), on=keys, how="left")
        out["baseline"] = self.baseline
        out["variant"] = pd.Categorical(out["variant"].astype(str), self.variants, ordered=True)
        order = flat[keys].drop_duplicates().reset_index(drop=True).reset_index()
        out = out.merge(order, on=keys, how="left").sort_values(["index", "variant"], kind="stable")
        for column in ("indicator", "view"):
            categories = summary[column].cat.categories
            out[column] = pd.Categorical(out[column], categories, ordered=True)
        return out.reindex(columns=DELTA_COLUMNS).reset_index(drop=True)

    def ranking(self, indicators: Sequence[str] | None = None, view: str = "total") -> pd.DataFrame:
        """Variants ranked per indicator, 1 = lowest impact.

        Parameters
        ----------
        view
            ``total``, ``per_m2``, ``per_m2_year`` or ``per_dwelling`` (the ranks are the same; the
            values and units differ).

        Returns
        -------
        DataFrame
            Columns ``indicator, rank, variant, unit, value, delta, delta_pct``. [indicator units, %]
        """
        if view not in VIEWS[:4]:
            raise InputError(
                Message(
                    "ranking view '{view}': expected one of {expected}",
                    view=view,
                    expected=str(list(VIEWS[:4])),
                ),
                value=view,
            )
        frame = self.deltas(indicators, [view])
        frame["rank"] = frame.groupby("indicator", observed=True)["value"].rank(method="min").astype("Int64")
        frame = frame.sort_values(["indicator", "rank", "variant"], kind="stable")
        return frame[["indicator", "rank", "variant", "unit", "value", "delta", "delta_pct"]].reset_index(
            drop=True
        )

    def drivers(
        self, variant: str, by: str = "element", n: int | None = 10, *, indicator: str = DEFAULT_INDICATOR
    ) -> pd.DataFrame:
        """What makes ``variant`` differ from the baseline: the largest contributions to the delta.

        Parameters
        ----------
        variant
            A compared variant other than the baseline (the baseline gives an empty table).
        by
            ``element``, ``line``, ``lot``, ``module`` or ``factor_id``.
        n
            Keep the ``n`` largest absolute contributions (None: all).
        indicator
            The indicator.

        Returns
        -------
        DataFrame
            Columns ``key`` (and ``element``, ``lot`` when ``by="line"``), ``baseline_value``,
            ``value``, ``delta`` (signed), ``share`` (``delta`` / total delta, signed; the shares of all
            keys sum to 1). Sorted by ``|delta|``, largest first; keys that do not change are left out.
            [indicator units, -]
        """
        self._check_variant(variant)
        indicator = self._indicators([indicator])[0]
        if by == "module":
            frame = self.results.by_module()[indicator].unstack("variant").fillna(0.0)
            frame = frame.loc[[m for m in frame.index if m in TOTAL_MODULES]]
        elif by in {"element", "line", "lot", "factor_id"}:
            column = {"line": "line_id"}.get(by, by)
            frame = group_table(self.results, column)[indicator].unstack("variant")
        else:
            raise InputError(
                Message("drivers by '{by}': expected element, line, lot, module or factor_id", by=by),
                value=by,
            )
        zero = pd.Series(0.0, index=frame.index)
        out = pd.DataFrame(
            {
                "key": frame.index.astype(str),
                "baseline_value": frame.get(self.baseline, zero).fillna(0.0).to_numpy(),
                "value": frame.get(variant, zero).fillna(0.0).to_numpy(),
            }
        )
        out["delta"] = out["value"] - out["baseline_value"]
        total = out["delta"].sum()
        out["share"] = out["delta"] / total if total != 0 else np.nan
        out = out.loc[out["delta"] != 0]
        out = out.reindex(out["delta"].abs().sort_values(ascending=False, kind="stable").index)
        if by == "line":
            lines = self.results.lines.drop_duplicates("line_id").set_index("line_id")
            out.insert(1, "element", lines["element"].reindex(out["key"]).to_numpy())
            out.insert(2, "lot", lines["lot"].reindex(out["key"]).to_numpy())
        if n is not None:
            out = out.head(n)
        return out.reset_index(drop=True)

    # ---------------------------------------------------------------------------------- helpers
    def _indicators(self, indicators: Sequence[str] | None) -> list[str]:
        known = self.results.indicators
        if indicators is None:
            return list(known)
        missing = [i for i in indicators if i not in known]
        if missing:
            raise InputError(
                Message(
                    "indicator {missing} not computed; the results hold {known}",
                    plural="indicators {missing} not computed; the results hold {known}",
                    n=len(missing),
                    missing=joined([quoted(i) for i in missing]),
                    known=joined(list(known)),
                ),
                value=missing,
            )
        return list(indicators)

    def _check_variant(self, variant: str) -> None:
        if variant not in self.variants:
            raise InputError(
                Message(
                    "unknown variant '{variant}'; compared variants: {variants}{hint}",
                    variant=variant,
                    variants=joined([quoted(v) for v in self.variants]),
                    hint=_did_you_mean([variant], self.variants),
                ),
                value=variant,
            )


def _stacked(frame: pd.DataFrame, name: str) -> pd.Series:
    """``frame`` stacked into one series named ``name`` (its columns become the last index level)."""
    series = frame.stack(future_stack=True)
    assert isinstance(series, pd.Series)  # one column level: a series
    return series.rename(name)


def _did_you_mean(unknown: Sequence[str], known: Sequence[str]) -> Message | str:
    """`` — did you mean 'bois'?`` for the first unknown variant close to a known one (case, accents and
    spaces ignored as in :func:`lca.io.variants.name_key`), else nothing."""
    import difflib

    from lca.io.variants import name_key

    keys = {name_key(k): k for k in known}
    for name in unknown:
        close = difflib.get_close_matches(name_key(name), list(keys), n=1, cutoff=0.6)
        if close:
            return Message(" — did you mean '{close}'?", close=keys[close[0]])
    return ""


def compare(
    results: Results, baseline: str | None = None, variants: Sequence[str] | None = None
) -> Comparison:
    """Compare the variants of ``results``.

    Parameters
    ----------
    results
        Computed results.
    baseline
        Reference variant (default: the project's first variant, also when ``variants`` leaves it out).
    variants
        Variants to compare, in display order (default: all); the baseline is added first when it is
        not among them.

    Examples
    --------
    >>> comparison = compare(results)  # doctest: +SKIP
    >>> comparison.deltas(["GWP-total"], ["per_m2"])  # doctest: +SKIP
    >>> comparison.drivers("bois", by="element", n=5)  # doctest: +SKIP
    """
    known = list(results.variants)
    chosen = list(variants) if variants is not None else known
    unknown = [v for v in [*chosen, *([baseline] if baseline else [])] if v not in known]
    if unknown:
        raise InputError(
            Message(
                "unknown variant {unknown}; the project has {known}{hint}",
                plural="unknown variants {unknown}; the project has {known}{hint}",
                n=len(unknown),
                unknown=joined([quoted(v) for v in unknown]),
                known=joined([quoted(v) for v in known]),
                hint=_did_you_mean(unknown, known),
            ),
            value=unknown,
        )
    if not known:
        raise InputError(Message("the results hold no variant to compare"))
    baseline = baseline or known[0]
    ordered = [baseline, *[v for v in dict.fromkeys(chosen) if v != baseline]]
    return Comparison(results, baseline, ordered)


# ---------------------------------------------------------------------------------- grouped sums
def line_lots(results: Results) -> np.ndarray:
    """Lot of each computed line; energy and water lines without a lot get :data:`ENERGY_LOT`.

    Returns
    -------
    numpy.ndarray
        ``(line,)`` lot keys as text (``""`` for a material line without lot).
    """
    lines = results.lines
    lot = lines["lot"].fillna("").astype(str).to_numpy(dtype=object)
    kind = lines["kind"].astype(str).to_numpy() if "kind" in lines else np.full(len(lines), "material")
    lot[(lot == "") & (kind != "material")] = ENERGY_LOT
    return lot


def group_table(results: Results, column: str, *, include_d: bool = False) -> pd.DataFrame:
    """Total per variant and value of a line column, like ``Results.by_group``, keeping every line.

    ``column="lot"`` puts energy and water lines without a lot under :data:`ENERGY_LOT`; a missing
    value of any other column is grouped under ``""`` (so that the groups always add up to the total).

    Returns
    -------
    DataFrame
        Index ``(variant, column)``, one column per indicator; only groups present in a variant.
        [indicator units]
    """
    if column == "lot":
        keys = line_lots(results)
    else:
        values = results.lines[column]
        keys = np.array(["" if pd.isna(v) else str(v) for v in values], dtype=object)
    mask = np.array([m in TOTAL_MODULES or (include_d and m == "D") for m in MODULES])
    per_line = results.impacts[:, mask, :].sum(axis=1)
    codes, groups = pd.factorize(pd.Series(keys, dtype=object), sort=False)
    onehot = np.zeros((len(codes), len(groups)))
    onehot[np.arange(len(codes)), codes] = 1.0
    member = results.membership.astype(float)
    values = np.einsum("vl,lg,li->vgi", member, onehot, per_line, optimize=True)
    present = (member @ onehot) > 0
    index = pd.MultiIndex.from_product([results.variants, list(groups)], names=["variant", column])
    frame = pd.DataFrame(values.reshape(-1, len(results.indicators)), index=index, columns=results.indicators)
    return frame.loc[present.reshape(-1)]


def lot_table(results: Results) -> pd.DataFrame:
    """Total per variant and lot, energy lines under :data:`ENERGY_LOT`. [indicator units]"""
    return group_table(results, "lot")


def by_module_group(results: Results, indicator: str = DEFAULT_INDICATOR) -> pd.DataFrame:
    """Impacts per variant and module group of :data:`MODULE_GROUPS` (D in its own column).

    Returns
    -------
    DataFrame
        Index ``variant``, one column per module group. [indicator unit]
    """
    k = results.indicators.index(indicator)
    per_module = results._per_variant(results.impacts[:, :, k])  # (variant, module)
    out = {g: per_module[:, [MODULES.index(m) for m in ms]].sum(axis=1) for g, ms in MODULE_GROUPS.items()}
    return pd.DataFrame(out, index=pd.Index(results.variants, name="variant"))


# ------------------------------------------------------------------------------------- timeline
def emission_timeline(
    results: Results, indicator: str = DEFAULT_INDICATOR, variants: Sequence[str] | None = None
) -> pd.DataFrame:
    """Impacts at the year they happen over the study period (static values, no weighting).

    The event rules are those of :func:`lca.timeline.line_events`: construction (A1-A3, A4, A5) at
    year 0; each replacement (B4) of a line at years ``k·SL`` for ``k = 1 … ceil(n)`` (a fractional
    last replacement, under the ``fraction`` rule, weighs its fraction); use-stage modules B1-B3, B5,
    B6, B7 evenly every year ``1 … P``; end of life (C1-C4) at year ``P``. Module D is left out (it is
    not in the total), so the values of a variant sum to its total.

    Parameters
    ----------
    results
        Computed results.
    indicator
        The indicator.
    variants
        Variants to keep (default: all).

    Returns
    -------
    DataFrame
        Columns :data:`TIMELINE_COLUMNS`: ``year`` [years] (float), ``module_group`` among
        :data:`MODULE_GROUPS` but D, ``value`` [indicator unit], summed per variant, year and group.
    """
    if indicator not in results.indicators:
        raise InputError(
            Message(
                "indicator '{indicator}' not computed; the results hold {known}",
                indicator=indicator,
                known=str(results.indicators),
            )
        )
    names = list(variants) if variants is not None else list(results.variants)
    member = results.membership[[results.variants.index(v) for v in names]].astype(float)  # (variant, line)
    lines = results.lines
    n_lines = len(lines)
    replacements = (
        lines["replacements"].to_numpy(dtype=float) if "replacements" in lines else np.zeros(n_lines)
    )
    life = (
        lines["service_life_used"].to_numpy(dtype=float)
        if "service_life_used" in lines
        else np.full(n_lines, np.nan)
    )
    groups = [g for g in MODULE_GROUPS if g != "D"]
    events = line_events(
        results.impacts[:, :, results.indicators.index(indicator)],
        [Group(g, MODULE_GROUPS[g], _STAGE[g]) for g in groups],
        period=float(results.study_period),
        replacements=replacements,
        service_life=life,
    )
    values = member[:, events.line] * events.value[None, :]  # (variant, event)
    out = pd.DataFrame(
        {
            "variant": np.repeat(names, len(events.value)),
            "year": np.tile(events.year, len(names)),
            "module_group": np.tile(np.asarray(groups, dtype=object)[events.group], len(names)),
            "value": values.reshape(-1),
        }
    )
    out = out.loc[out["value"] != 0]
    out = out.groupby(["variant", "year", "module_group"], sort=False, as_index=False)[["value"]].sum()
    out["variant"] = pd.Categorical(out["variant"], names, ordered=True)
    out["module_group"] = pd.Categorical(out["module_group"], groups, ordered=True)
    return out.sort_values(["variant", "year", "module_group"]).reset_index(drop=True)[TIMELINE_COLUMNS]


# ------------------------------------------------------------------------------- biogenic carbon
def biogenic_carbon(results: Results, variants: Sequence[str] | None = None) -> pd.DataFrame:
    """Biogenic carbon stored in the building, per variant.

    Each material line stores its factor's ``biogenic_carbon`` × its ``declared_quantity`` (the
    installed quantity in declared units; waste and replacements are not stored), or, for a wood-based
    factor that does not declare it, the EN 16449 estimate of :mod:`lca.biogenic` (flagged in
    ``lines_estimated``). A variant none of whose lines has a value gets NaN (*not available*, not 0).

    Returns
    -------
    DataFrame
        Index ``variant``; columns ``biogenic_carbon`` [kg C], ``co2e`` (× 44/12) [kg CO2e] (NaN when
        not available), ``lines_with_data`` (declared or estimated), ``lines_estimated`` and
        ``lines_without_data`` (material lines of the variant).
    """
    names = list(variants) if variants is not None else list(results.variants)
    lines = results.lines
    material = (lines["kind"] == "material").to_numpy() if "kind" in lines else np.ones(len(lines), bool)
    if "biogenic_carbon" in lines:  # per line, from the engine (declared or EN 16449 estimate)
        stored = lines["biogenic_carbon"].to_numpy(dtype=float)
        estimated = (lines["biogenic_carbon_basis"] == ESTIMATED).to_numpy()
    else:  # results built without the engine's columns: the factors' declared values only
        per_unit = results.factors.meta.get("biogenic_carbon", pd.Series(dtype=float))
        carbon = pd.to_numeric(per_unit.reindex(lines["factor_id"]), errors="coerce").to_numpy(dtype=float)
        stored = carbon * lines["declared_quantity"].to_numpy(dtype=float)
        estimated = np.zeros(len(lines), dtype=bool)
    known = material & np.isfinite(stored)
    member = results.membership[[results.variants.index(v) for v in names]]
    with_data = (member & known).sum(axis=1)
    total = member.astype(float) @ np.where(known, stored, 0.0)
    out = pd.DataFrame(
        {
            "biogenic_carbon": np.where(with_data > 0, total, np.nan),
            "lines_with_data": with_data,
            "lines_estimated": (member & known & estimated).sum(axis=1),
            "lines_without_data": (member & material & ~known).sum(axis=1),
        },
        index=pd.Index(names, name="variant"),
    )
    out.insert(1, "co2e", out["biogenic_carbon"] * CO2_PER_C)
    return out


def biogenic_notes(stored: pd.DataFrame, lang: str) -> list[str]:
    """The notes under a chart of :func:`biogenic_carbon` in ``lang``: how many lines have no biogenic
    carbon data and how many are estimated with EN 16449 (the variant with the most of each)."""
    from lca.i18n import translate

    missing = int(stored["lines_without_data"].max()) if len(stored) else 0
    estimated = int(stored["lines_estimated"].max()) if len(stored) else 0
    notes = []
    if missing:
        notes.append(
            translate(
                "{n} line without biogenic carbon data",
                lang,
                plural="{n} lines without biogenic carbon data",
                n=missing,
            )
        )
    if estimated:
        notes.append(
            translate(
                "{n} line estimated with EN 16449 (wood)",
                lang,
                plural="{n} lines estimated with EN 16449 (wood)",
                n=estimated,
            )
        )
    return notes
