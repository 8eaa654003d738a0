"""Plausibility checks of a computed project: figures that are computed but worth a look.

Each check returns :class:`~lca.errors.Issue` records of level ``warning`` whose message starts with
"worth a look": the numbers are computed as given, but a practitioner would look twice before sending
them. :func:`plausibility_issues` runs them all; :func:`lca.compute` adds them to the results' issues.

The bands and their sources are in ``docs/calculation.md`` ("Plausibility warnings").

- a material line whose A1-A3 GWP-total per kg of material is outside the range of its factor's
  category (:func:`lca.plausibility.gwp_per_kg_range`);
- concrete volume per m² of reference area outside :data:`CONCRETE_M3_PER_M2`;
- construction products and equipment per m² outside :data:`PRODUCTS_PER_M2`;
- no line in the equipment lots 8–13 (:data:`EQUIPMENT_LOTS`);
- factors of EN 15804+A1 and +A2 mixed in one project (:func:`standards_issues`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lca._text import Message, Num, joined, quoted
from lca.conversions import CONVERSION_COLUMNS, kg_per_unit_many, pair_codes
from lca.errors import Issue
from lca.indicators import DEFAULT_INDICATOR, MODULES
from lca.sums import SCOPES

if TYPE_CHECKING:
    from lca.results import Results

#: Plausible volume of concrete per m² of reference area. [m³/m²]
CONCRETE_M3_PER_M2: tuple[float, float] = (0.2, 1.5)
#: Plausible GWP-total of construction products and equipment per m² of reference area over 50 years.
#: [kg CO2e/m²]
PRODUCTS_PER_M2: tuple[float, float] = (150.0, 1500.0)
#: RE2020 lots of the building's equipment: HVAC, plumbing, electricity, telecoms, lifts, local
#: production of electricity (annexe II of the arrêté du 4 août 2021).
EQUIPMENT_LOTS: tuple[str, ...] = ("8", "9", "10", "11", "12", "13")
#: Lot of the superstructure: the lower concrete bound applies to variants with concrete in it.
SUPERSTRUCTURE_LOT = "3"

#: Start of every plausibility message (English; each message starts with its translation).
WORTH_A_LOOK = "worth a look"

_CONCRETE = re.compile(r"concrete|b[eé]ton|parpaing", re.IGNORECASE)
# not concrete as a building's structure: processes, aggregates, pipes, lightweight and aerated products
_NOT_CONCRETE = re.compile(
    r"pump|pomp|aggregat|granula|zuschl|pipe|rohr|tuyau|buse|aerated|cellulaire|poren|light|l[eé]ger|leicht",
    re.IGNORECASE,
)
_A1_A3 = MODULES.index("A1-A3")


def plausibility_issues(results: Results) -> list[Issue]:
    """Every plausibility warning of a computed project (see the module docstring).

    Parameters
    ----------
    results
        Results of :func:`lca.compute`.

    Returns
    -------
    list of Issue
        Level ``warning``, messages starting with :data:`WORTH_A_LOOK`.
    """
    return [
        *gwp_per_kg_issues(results),
        *concrete_issues(results),
        *products_issues(results),
        *equipment_issues(results),
        *standards_issues(results),
    ]


# ------------------------------------------------------------------------------------ per line
def gwp_per_kg_issues(results: Results) -> list[Issue]:
    """Material lines whose A1-A3 GWP-total per kg is outside the range of their factor's category.

    The per-kg value is the line's A1-A3 divided by its mass (quantity × mass of one unit, through the
    factor's density, area mass or mass per unit); lines of unknown mass, of a factor without
    A1-A3 GWP-total or of a category without a range are not checked. One warning per factor, at its
    first line out of range, naming the others.
    """
    from lca.plausibility import band, power_of_ten_slip

    if DEFAULT_INDICATOR not in results.indicators or not results.line_count:
        return []
    k = results.indicators.index(DEFAULT_INDICATOR)
    codes, factor_ids = _factor_codes(results)
    meta = results.factors.meta
    categories = meta["category"].reindex(factor_ids) if "category" in meta else pd.Series(None, factor_ids)
    bands = [band(c) if isinstance(c, str) else None for c in categories]
    has_band = np.array([b is not None for b in bands] + [False])  # last: the code -1 of a missing id
    if not has_band.any():
        return []
    declared = results.declared_modules
    a1_a3 = declared.by_row[declared.row, _A1_A3] & results.has_indicator[:, k]
    todo = np.flatnonzero((results.scope_codes == 0) & a1_a3 & has_band[codes])
    if not len(todo):
        return []
    # A1-A3 per kg is the same for every line of one (unit, factor) pair: computed once per pair
    unit_codes, _ = pd.factorize(results.lines["unit"].to_numpy(dtype=object)[todo])
    pair, pairs = pair_codes(unit_codes, codes[todo], len(factor_ids))
    first = np.full(len(pairs), len(todo))
    np.minimum.at(first, pair, np.arange(len(todo)))
    first_rows = todo[first]
    # a line's A1-A3 is q·F[A1-A3] (no rule changes it): from its factor, without the per-line array
    first_factors = list(factor_ids[codes[first_rows]])
    factor_a1_a3 = results.factors.dense(first_factors, [DEFAULT_INDICATOR])[:, _A1_A3, 0]
    a1_a3 = results.lines["declared_quantity"].to_numpy(dtype=float)[first_rows] * factor_a1_a3
    with np.errstate(divide="ignore", invalid="ignore"):
        per_kg = (a1_a3 / _line_mass(results, first_rows))[pair]
    low = np.array([b.low if b else np.nan for b in bands])[codes[todo]]
    high = np.array([b.high if b else np.nan for b in bands])[codes[todo]]
    outside = np.isfinite(per_kg) & ((per_kg < low) | (per_kg > high))
    rows, values = todo[outside], per_kg[outside]
    line_ids = results.lines["line_id"].to_numpy(dtype=object)
    out = []
    order = np.argsort(codes[rows], kind="stable")  # the lines out of range, grouped by factor
    groups = np.split(order, np.flatnonzero(np.diff(codes[rows][order])) + 1) if len(order) else []
    for mine in sorted(groups, key=lambda g: g[0]):  # one warning per factor, in the order of the lines
        first, value = rows[mine[0]], float(values[mine[0]])
        found, fid = bands[codes[first]], factor_ids[codes[first]]
        slip = power_of_ten_slip(value, found)
        hint = (
            Message(
                "; {value} would be in range: a declared amount, unit or mass 10^{power} off is the usual "
                "cause",
                value=_g(value / 10.0**slip),
                power=abs(slip),
            )
            if slip is not None
            else ""
        )
        n = len(mine)
        ids = [str(i) for i in line_ids[rows[mine]]]
        others: str | Message = ", ".join(ids[:5])
        if n > 5:
            others = Message("{ids} and {n} more", plural="{ids} and {n} more", ids=others, n=n - 5)
        where = (
            Message("this line's unit")
            if n == 1
            else Message("the units of its {n} lines ({lines})", n=n, lines=others)
        )
        message = Message(
            "worth a look: A1-A3 is {value} kg CO2e per kg of material, far outside the range of the "
            "factor's category '{category}' ({low} to {high} kg CO2e/kg){hint}; check factor '{factor}' "
            "(declared unit, amount, values) and {where}",
            value=_g(value),
            category=found.category,
            low=_g(found.low),
            high=_g(found.high),
            hint=hint,
            factor=fid,
            where=where,
        )
        out.append(_line_issue(results, int(first), "factor_id", fid, message))
    return out


def _factor_codes(results: Results) -> tuple[np.ndarray, pd.Index]:
    """Code of each computed line's factor and the factor ids used, in the order of first use."""
    return results.factor_codes


def _used_positions(results: Results) -> np.ndarray:
    """Row in ``results.factors.meta`` of each factor used (order of :attr:`Results.factor_codes`), -1
    where none; found once per results."""
    found = results.__dict__.get("_check_positions")
    if found is None:
        found = results.__dict__["_check_positions"] = results.factors.meta.index.get_indexer(
            _factor_codes(results)[1]
        )
    return found


def _per_used_factor(results: Results, key: str, build: Callable[[pd.DataFrame], np.ndarray]) -> np.ndarray:
    """``build(meta)`` (one value per factor of the table, derived once per table) for each factor used;
    False where the table lacks it."""
    values = np.append(results.factors.per_factor(key, build), False)
    return values[_used_positions(results)]


def _line_mass(results: Results, rows: np.ndarray) -> np.ndarray:
    """Mass of some lines [kg]: quantity × mass of one unit, one conversion per (unit, factor) pair."""
    lines = results.lines  # the three columns of these rows (not the rows of every column)
    factor_codes, factor_ids = pd.factorize(lines["factor_id"].to_numpy(dtype=str)[rows], sort=False)
    unit_codes, units = pd.factorize(lines["unit"].to_numpy(dtype=str)[rows], sort=False)
    pair, first = np.unique(
        unit_codes * len(factor_ids) + factor_codes, return_index=True, return_inverse=False
    )
    codes = np.searchsorted(pair, unit_codes * len(factor_ids) + factor_codes)
    props = results.factors.meta[CONVERSION_COLUMNS].reindex(factor_ids[factor_codes[first]])
    per_unit = kg_per_unit_many(
        np.asarray(units, dtype=object)[unit_codes[first]], props.reset_index(drop=True)
    )
    return lines["quantity"].to_numpy(dtype=float)[rows] * per_unit[codes]


# --------------------------------------------------------------------------------- per project
def concrete_issues(results: Results) -> list[Issue]:
    """Concrete volume per m² of reference area outside :data:`CONCRETE_M3_PER_M2`, per variant.

    Concrete lines are material lines whose factor's name or last category level says concrete
    (béton, Beton, parpaing: cast concrete, precast elements and concrete blocks), and that are not a
    process, an aggregate, a pipe, an aerated or a lightweight product. Checked only with a reference
    area, in the variants that have concrete. The lower bound applies only to variants with concrete
    in the superstructure (lot 3): a timber- or steel-framed building on a concrete slab has less,
    rightly. A variant whose concrete volume is partly unknown (a precast slab in m² without a
    thickness) is only checked against the upper bound.
    """
    area = results.project.reference_area
    if not (area and area > 0) or not results.line_count:
        return []
    concrete = _concrete_lines(results)
    if not concrete.any():
        return []
    rows = np.flatnonzero(concrete)
    volume = np.zeros(len(results.lines))
    density = results.factors.meta["density"].reindex(results.lines["factor_id"].iloc[rows]).to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        volume[rows] = _line_mass(results, rows) / np.where(density > 0, density, np.nan)
    unknown = np.isnan(volume)
    superstructure = results.lines["lot"].astype(str).to_numpy(dtype=object) == SUPERSTRUCTURE_LOT
    low, high = CONCRETE_M3_PER_M2
    out = []
    for v, name in enumerate(results.variants):
        member = results.membership[v] & concrete
        if not member.any():
            continue
        per_m2 = float(np.nansum(volume[member])) / area
        check_low = not unknown[member].any() and (member & superstructure).any()
        if per_m2 > high or (per_m2 < low and check_low):
            params: dict[str, Any] = {  # the placeholders of both wordings
                "name": name,
                "per_m2": Num(per_m2, "ratio"),
                "volume": Num(per_m2 * area, "area"),
                "area": Num(float(area), "area"),
                "low": float(low),
                "high": float(high),
            }
            if per_m2 > high:
                text = Message(
                    "worth a look: variant '{name}' has {per_m2} m³ of concrete per m² of reference area "
                    "({volume} m³ over {area} m²), more than usual for a building ({low} to {high} m³/m²); "
                    "check the concrete quantities and units (m³, not m²) and the reference area",
                    **params,
                )
            else:
                text = Message(
                    "worth a look: variant '{name}' has {per_m2} m³ of concrete per m² of reference area "
                    "({volume} m³ over {area} m²), less than usual for a building ({low} to {high} m³/m²); "
                    "check the concrete quantities and units (m³, not m²) and the reference area",
                    **params,
                )
            out.append(
                Issue.of(
                    "warning",
                    text,
                    value=round(per_m2, 3),
                    file=results.project.file,
                    check="concrete",
                    variant=name,
                )
            )
    return out


def _concrete_lines(results: Results) -> np.ndarray:
    """``(line,)`` True for material lines of concrete (see :func:`concrete_issues`)."""
    codes = _factor_codes(results)[0]
    is_concrete = _per_used_factor(results, "concrete", _concrete_factors)
    if not is_concrete.any():  # no concrete factor used: no pass over the lines
        return np.zeros(len(codes), dtype=bool)
    return np.append(is_concrete, False)[codes] & (results.scope_codes == 0)


def _concrete_factors(meta: pd.DataFrame) -> np.ndarray:
    """``(factor,)`` True for the factors of concrete of a factor table (see :func:`concrete_issues`)."""

    def column(name: str) -> list[str]:
        values = meta[name].to_numpy(dtype=object) if name in meta else [None] * len(meta)
        return [v if isinstance(v, str) else "" for v in values]

    return np.array(
        [
            bool(_CONCRETE.search(text := f"{name} {category.split('/')[-1]}"))
            and not _NOT_CONCRETE.search(text)
            and category.split("/")[0].strip().casefold() not in ("others", "sonstige")
            for name, category in zip(column("name"), column("category"), strict=True)
        ],
        dtype=bool,
    )


def products_issues(results: Results) -> list[Issue]:
    """GWP-total of construction products and equipment per m² outside :data:`PRODUCTS_PER_M2`.

    Checked per variant with material lines, when there is a reference area and GWP-total is computed.
    """
    area = results.project.reference_area
    if not (area and area > 0) or DEFAULT_INDICATOR not in results.indicators:
        return []
    sums = results._sums  # products per variant, summed by the kernel
    k = results.indicators.index(DEFAULT_INDICATOR)
    products = sums.per_variant(sums.lot_totals.sum(axis=2))[:, SCOPES.index("products"), k] / float(area)
    has_material = _material_lines_per_lot(results).sum(axis=1) > 0
    low, high = PRODUCTS_PER_M2
    out = []
    for v, name in enumerate(results.variants):
        value = float(products[v])
        if not has_material[v] or low <= value <= high:
            continue
        hint = (
            Message("lots or quantities may be missing, or the reference area too large")
            if value < low
            else Message(
                "a quantity or unit may be wrong (m² typed as m³, kg as t), or the reference area too small"
            )
        )
        out.append(
            Issue.of(
                "warning",
                Message(
                    "worth a look: construction products and equipment of variant '{name}' are {value} kg "
                    "CO2e per m² of reference area over {period} years, outside the usual {low} to {high} "
                    "kg CO2e/m² (over 50 years); {hint}",
                    name=name,
                    value=Num(value, "per_m2"),
                    period=Num(float(results.study_period), "years"),
                    low=Num(low, "value"),
                    high=Num(high, "value"),
                    hint=hint,
                ),
                column=None,  # not a column of the workbook: the message names the indicators
                value=round(value, 1),
                file=results.project.file,
                check="products",
                variant=name,
            )
        )
    return out


def equipment_issues(results: Results) -> list[Issue]:
    """No computed material line in the equipment lots 8–13, in a project that uses RE2020 lot numbers.

    Checked per variant on the lines computed (a variant line that replaces the only lot 8 line leaves
    the variant without equipment). When the project has lines in lots 8–13 that were all rejected
    (their errors are listed), the warning says so instead of saying the lines are missing. Read from the
    lines counted per lot by the kernel (:class:`lca.sums.LineSums`): no pass over the lines.
    """
    if not results.line_count or "lot" not in results.project.lines:
        return []
    per_lot = _material_lines_per_lot(results)  # (variant, lot) material lines computed
    lots = np.array([str(lot) for lot in results._sums.lots], dtype=object)
    numbered = np.isin(lots, [str(n) for n in range(1, 14)])
    if not per_lot[:, numbered].any():
        return []  # lots of another scheme (or none): nothing to say
    equipment = np.isin(lots, EQUIPMENT_LOTS)
    missing = [name for v, name in enumerate(results.variants) if not per_lot[v, equipment].any()]
    if not missing:
        return []
    which = (
        Message("the project")
        if len(missing) == len(results.variants)
        else Message(
            "variant {names}",
            plural="variants {names}",
            n=len(missing),
            names=joined([quoted(m) for m in missing]),
        )
    )
    rejected = _rejected_equipment_lines(results, missing)
    if rejected:
        message = Message(
            "worth a look: {which} has no computed line in lots 8 to 13 (heating, ventilation, plumbing, "
            "electricity, lifts, local electricity production): its {n} line in these lots was rejected (see "
            "its error), so the equipment is missing from the products figure until it is fixed",
            plural="worth a look: {which} has no computed line in lots 8 to 13 (heating, ventilation, "
            "plumbing, electricity, lifts, local electricity production): its {n} lines in these lots were "
            "rejected (see their errors), so the equipment is missing from the products figure until they "
            "are fixed",
            n=rejected,
            which=which,
        )
    else:
        message = Message(
            "worth a look: {which} has no line in lots 8 to 13 (heating, ventilation, plumbing, "
            "electricity, lifts, local electricity production): the equipment is missing from the "
            "products figure; add its lines, or the RE2020 fixed values for lots 8–13 (valeurs "
            "forfaitaires)",
            which=which,
        )
    lines = results.lines
    sheets = lines["sheet"].to_numpy(dtype=object)[results.scope_codes == 0] if "sheet" in lines else []
    sheet = next((str(s) for s in sheets if isinstance(s, str) and s), None)
    return [
        Issue.of(
            "warning",
            message,
            sheet=sheet,
            column=(results.project.headers.get(sheet, {}).get("lot") or "lot") if sheet else "lot",
            file=results.project.file,
            check="equipment",
            variants=missing,
        )
    ]


def _material_lines_per_lot(results: Results) -> np.ndarray:
    """``(variant, lot)`` number of computed material lines, lots of :attr:`LineSums.lots`."""
    sums = results._sums
    return sums.per_variant(sums.lot_counts[:, 0, :])


def _rejected_equipment_lines(results: Results, variants: list[str]) -> int:
    """Material lines of the project in lots 8–13, in one of ``variants`` (or common), that were rejected."""
    lines = results.project.lines
    if not len(lines) or "lot" not in lines:
        return 0
    kind = lines["kind"].to_numpy(dtype=object) if "kind" in lines else np.full(len(lines), "material")
    variant = lines["variant"].to_numpy(dtype=object) if "variant" in lines else np.full(len(lines), "")
    lots = lines["lot"].astype(str).to_numpy(dtype=object)
    mine = (kind == "material") & np.isin(lots, EQUIPMENT_LOTS) & np.isin(variant, ["", *variants])
    computed = set(results.lines["line_id"].astype(str))
    return int(sum(str(i) not in computed for i in lines["line_id"].to_numpy(dtype=object)[mine]))


def standards_issues(results: Results) -> list[Issue]:
    """Factors of EN 15804+A1 and EN 15804+A2 used in one project: the indicators that are not comparable.

    +A2 replaced the CML characterisation of +A1 by the EF 3.0 methods: acidification, eutrophication
    and photochemical ozone creation changed unit (kept apart here as ``AP (A1)``, ``EP (A1)``,
    ``POCP (A1)``), ozone depletion and abiotic depletion changed their factors, and the +A2-only
    indicators have no +A1 value. GWP-total is comparable with care (IPCC AR4 factors and free biogenic
    bookkeeping in +A1; AR5 and the −1/+1 rule in +A2). Resource use, waste and output flows are
    defined alike in both.
    """
    meta = results.factors.meta
    if "standard" not in meta or not results.line_count:
        return []
    version = _per_used_factor(results, "standard", _standard_versions)  # 1: +A1, 2: +A2, 0: other
    if not ((version == 1).any() and (version == 2).any()):
        return []
    used = _factor_codes(results)[1]
    a1 = [fid for fid, v in zip(used, version, strict=True) if v == 1]
    a2 = [fid for fid, v in zip(used, version, strict=True) if v == 2]
    differ = [i for i in results.indicators if i not in COMPARABLE_A1_A2 and i != DEFAULT_INDICATOR]
    listed = ", ".join(differ) if differ else Message("none of the indicators computed")
    care = (
        Message(
            " GWP-total is comparable with care (IPCC AR4 and free biogenic carbon bookkeeping in +A1, "
            "AR5 and the −1/+1 rule in +A2)."
        )
        if DEFAULT_INDICATOR in results.indicators
        else ""
    )
    return [
        Issue.of(
            "warning",
            Message(
                "worth a look: the project mixes EN 15804+A1 factors ({n1}, e.g. '{first1}') and EN 15804+A2 "
                "factors ({n2}, e.g. '{first2}'); not comparable between the two, their sums mix methods: "
                "{listed}.{care} Use factors of one version to compare these indicators",
                n1=len(a1),
                first1=a1[0],
                n2=len(a2),
                first2=a2[0],
                listed=listed,
                care=care,
            ),
            column=None,  # not a column of the workbook: the message names the indicators
            value=", ".join(differ),
            file=results.project.file,
            check="standards",
            indicators=differ,
        )
    ]


def _standard_versions(meta: pd.DataFrame) -> np.ndarray:
    """``(factor,)`` EN 15804 version of each factor of a table: 1 for +A1, 2 for +A2, 0 otherwise."""
    given = meta["standard"].to_numpy(dtype=object)
    plain = [v.replace(" ", "").upper() if isinstance(v, str) else "" for v in given]
    return np.array([1 if v.endswith("+A1") else 2 if v.endswith("+A2") else 0 for v in plain], dtype=np.int8)


#: Indicators defined alike in EN 15804+A1 and +A2: resource use, waste categories and output flows
#: (EN 15804:2012+A2:2019, §7.2.4 and §7.2.5, unchanged from +A1 §7.2.4–7.2.5).
COMPARABLE_A1_A2: frozenset[str] = frozenset(
    {"PERE", "PERM", "PERT", "PENRE", "PENRM", "PENRT", "SM", "RSF", "NRSF", "FW", "HWD", "NHWD", "RWD",
     "CRU", "MFR", "MER", "EEE", "EET"}
)  # fmt: skip


# ------------------------------------------------------------------------ factors used, as facts
def expired_factors(results: Results, year: int | None = None) -> pd.DataFrame:
    """The factors used whose ``valid_until`` year is before ``year`` (default: this year, UTC).

    Returns
    -------
    DataFrame
        Index ``factor_id`` (in the order of first use), columns ``valid_until`` (as the table gives
        it) and ``year`` (its year, float). Factors without a readable ``valid_until`` are not expired.
    """
    if year is None:
        from datetime import UTC, datetime

        year = datetime.now(UTC).year
    used = results.factor_codes[1]
    meta = results.factors.meta
    given = meta["valid_until"].reindex(used) if "valid_until" in meta else pd.Series(np.nan, index=used)
    years = valid_years(given)
    out = pd.DataFrame({"valid_until": given, "year": years}, index=used)
    return out.loc[out["year"] < year]


def valid_years(values: pd.Series) -> pd.Series:
    """Year of each ``valid_until`` (a year or a date); NaN when unreadable."""
    numbers = pd.to_numeric(values, errors="coerce")
    dates = pd.to_datetime(values.where(numbers.isna()).astype("string"), errors="coerce", format="mixed")
    return numbers.fillna(pd.Series(dates.dt.year, index=values.index)).astype(float)


def expired_summary(results: Results, year: int | None = None) -> Message | None:
    """``"12 of 40 factors used expired in 2022"`` (or ``"… expired: 3 in 2021, 9 in 2022"``), as a
    :class:`~lca.i18n.Message` rendered in the output's language; None when no factor used has expired."""
    expired = expired_factors(results, year)
    if not len(expired):
        return None
    used = len(results.factor_codes[1])
    counts = expired["year"].astype(int).value_counts().sort_index()
    if len(counts) == 1:
        return Message(
            "{n} of {used} factors used expired in {year}",
            n=len(expired),
            used=used,
            year=int(counts.index[0]),
        )
    parts: Message | None = None
    for y, n in zip(counts.index, counts, strict=True):
        part = Message("{n} in {year}", n=int(n), year=int(y))
        parts = part if parts is None else Message("{first}, {rest}", first=parts, rest=part)
    return Message("{n} of {used} factors used expired: {years}", n=len(expired), used=used, years=parts)


def standards_used(results: Results) -> pd.Series:
    """Number of factors used per EN 15804 version (``standard``; ``""`` where the table gives none)."""
    used = results.factor_codes[1]
    meta = results.factors.meta
    given = meta["standard"].reindex(used) if "standard" in meta else pd.Series(np.nan, index=used)
    return given.fillna("").astype(str).str.strip().value_counts()


# ------------------------------------------------------------------------------------- helpers
def _g(value: float) -> Num:
    """A number as people read it: 3 significant digits, thousands separated (``8,060,000``, ``0.0557``)."""
    return Num(float(value), "ratio")


def _line_issue(results: Results, i: int, column: str, value: object, message: Message) -> Issue:
    """An issue on computed line ``i``, at its sheet and row, the column named as the user typed it."""
    lines = results.lines
    sheet = lines["sheet"].iloc[i] if "sheet" in lines else None
    row = lines["row"].iloc[i] if "row" in lines else None
    row = int(row) if row is not None and pd.notna(row) and int(row) > 0 else None
    headers = results.project.headers.get(sheet, {}) if sheet else {}
    typed = headers.get(column) or (None if headers else column)  # None: the sheet lacks the column
    return Issue.of(
        "warning",
        message,
        sheet or None,
        row,
        typed,
        value,
        str(lines["line_id"].iat[i]),
        results.project.file,
    )


__all__ = [
    "CONCRETE_M3_PER_M2",
    "EQUIPMENT_LOTS",
    "PRODUCTS_PER_M2",
    "concrete_issues",
    "equipment_issues",
    "expired_factors",
    "expired_summary",
    "gwp_per_kg_issues",
    "plausibility_issues",
    "products_issues",
    "standards_issues",
    "standards_used",
]
