"""What several sheets of the report share: the headline indicator, the report's date, units and factor
names in the report's language, and the variants-side-by-side layout of a deltas table."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lca.errors import InputError
from lca.i18n import Message, label, translate
from lca.indicators import DEFAULT_INDICATOR

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lca.compare import Comparison
    from lca.results import Results


def headline_indicator(results: Results) -> str:
    """The indicator the report leads with: GWP-total when computed, else the first one."""
    return DEFAULT_INDICATOR if DEFAULT_INDICATOR in results.indicators else results.indicators[0]


def has_area(results: Results) -> bool:
    area = results.project.reference_area
    return bool(area and area > 0)


def unit_text(unit: str, lang: str) -> str:
    """A unit per reference in the report's language (``kg CO2e/(m²·yr)`` -> ``kg CO2e/(m²·an)``)."""
    for suffix, msgid in (("/(m²·yr)", "{unit}/(m²·yr)"), ("/dwelling", "{unit}/dwelling")):
        if unit.endswith(suffix):
            return translate(msgid, lang, unit=unit[: -len(suffix)])
    return unit


def value_text(value: Any, lang: str) -> Any:
    """A cell value for a reader: booleans as yes/no in ``lang``, anything else unchanged."""
    if isinstance(value, (bool, np.bool_)):
        return translate("yes", lang) if value else translate("no", lang)
    return value


def lot_text(lot: str, lang: str) -> str:
    """A lot as a key column shows it: its number (or the user's name), energy and water by label."""
    return label("lot", lot, lang) if lot in ("energy", "water", "") else lot


def factor_names(results: Results, lang: str) -> pd.Series:
    """Factor names by factor id, in French where the shipped French names know the factor."""
    names = results.factors.meta["name"]
    if lang != "fr":
        return names
    from lca.search import load_names_fr

    french = load_names_fr().drop_duplicates("factor_id").set_index("factor_id")["name_fr"]
    return french.reindex(names.index).fillna(names)


def side_by_side(comparison: Comparison, frame: pd.DataFrame, keys: list[str], lang: str) -> pd.DataFrame:
    """Pivot a deltas table: one row per key, the variants' values, then Δ and Δ % per variant."""
    names, others = comparison.variants, comparison.variants[1:]
    flat = frame.astype({k: str for k in [*keys, "variant"]})
    wide = flat.set_index([*keys, "variant"])[["value", "delta", "delta_pct"]].unstack("variant")
    order = flat[keys].drop_duplicates()
    wide = wide.reindex(pd.MultiIndex.from_frame(order))
    out = wide.index.to_frame(index=False)
    for v in names:
        out[v] = wide[("value", v)].to_numpy() if ("value", v) in wide else np.nan
    for v in others:  # a variant without any line in the table (no line computed) has no column
        out[delta_name(v, lang)] = wide[("delta", v)].to_numpy() if ("delta", v) in wide else np.nan
        out[delta_pct_name(v, lang)] = (
            wide[("delta_pct", v)].to_numpy() if ("delta_pct", v) in wide else np.nan
        )
    if "unit" in out:
        out["unit"] = [unit_text(u, lang) for u in out["unit"]]
    return out


def delta_name(variant: str, lang: str) -> str:
    return translate("Δ {variant}", lang, variant=variant)


def delta_pct_name(variant: str, lang: str) -> str:
    return translate("Δ {variant} (%)", lang, variant=variant)


def report_stamp(timestamp: bool | datetime) -> datetime | None:
    """The report's date: ``SOURCE_DATE_EPOCH`` when set, else the one asked for, else None."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError) as err:
            raise InputError(
                Message(
                    "SOURCE_DATE_EPOCH={value} is not a time; expected whole seconds since 1970-01-01 UTC "
                    "such as 1700000000, or unset it",
                    value=repr(epoch),
                ),
                value=epoch,
            ) from err
    if isinstance(timestamp, datetime):
        return timestamp if timestamp.tzinfo else timestamp.replace(tzinfo=UTC)
    return datetime.now(UTC) if timestamp else None


def minute(stamp: datetime) -> str:
    """``2031-05-04 03:02`` (UTC)."""
    return stamp.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


#: The later permit years of the RE2020 verdicts (arrêté du 4 août 2021: maxima of 2025, 2028, 2031).
RE2020_YEARS = (2025, 2028, 2031)


def re2020_row_names(lang: str) -> dict[str, str]:
    """The name of each row of :func:`lca.methods.re2020.re2020_table` in the report."""
    names = {
        "ic_construction": translate("Ic construction (dynamic)", lang),
        "ic_construction_static": translate("Ic construction (static)", lang),
        "ic_construction_max": translate("Ic construction max", lang),
        "margin_ic_construction": translate("Ic construction margin", lang),
        "ic_energie": translate("Ic énergie (dynamic)", lang),
        "ic_energie_static": translate("Ic énergie (static)", lang),
        "ic_energie_max": translate("Ic énergie max", lang),
        "margin_ic_energie": translate("Ic énergie margin", lang),
        "ic_batiment": translate("Ic bâtiment (for information)", lang),
        "ic_eau": translate("Ic eau (for information)", lang),
        "icded": "Icded",
        "stock_c": translate("StockC [kg C/m²]", lang),
        "compliant": translate("Compliant (permit year)", lang),
    }
    for year in RE2020_YEARS:
        names[f"compliant_{year}"] = translate("Compliant if permit in {year}", lang, year=year)
        names[f"margin_ic_construction_{year}"] = translate("Ic construction margin {year}", lang, year=year)
        names[f"margin_ic_energie_{year}"] = translate("Ic énergie margin {year}", lang, year=year)
    return names


def number(value: Any) -> float:
    """A float, NaN for a value that is not available."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def variant_labels(results: Results, names: Sequence[str]) -> dict[str, str]:
    """What a chart calls each variant: the description typed in the Variantes sheet, else its name; a
    description shared by two variants gets the name in brackets, so that no two bars read the same."""
    described = {v.name: " ".join(str(v.description or "").split()) for v in results.project.variants}
    out = {name: described.get(name) or str(name) for name in names}
    counts = pd.Series(list(out.values()), dtype=object).value_counts()
    return {
        name: f"{text} ({name})" if counts[text] > 1 and text != name else text for name, text in out.items()
    }


def element_lots(results: Results, variant: str, indicator: str) -> dict[str, str]:
    """Lot of each element of ``variant`` (that of its largest line), as :mod:`lca.plots` colours it."""
    from lca.compare import line_lots

    member = results.membership[results.variants.index(variant)]
    k = results.indicators.index(indicator)
    size = np.abs(results.impacts[:, :, k].sum(axis=1))
    frame = pd.DataFrame(
        {"key": results.lines["element"].astype(str).to_numpy(), "lot": line_lots(results), "size": size}
    )
    frame = frame.loc[member].sort_values("size", ascending=False, kind="stable").drop_duplicates("key")
    return dict(zip(frame["key"], frame["lot"], strict=True))
