"""The line sheets of a workbook (Matériaux, Énergie): columns, values, energy carriers and units, ids."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from lca._text import Label, Message, Num, joined, quoted
from lca.errors import InputError, Issue, Level, UnitError
from lca.io.tabular import (
    clean_text,
    parse_numbers,
    rows_to_frame,
    typed_percent,
)
from lca.io.workbook_project import _text
from lca.io.workbook_words import _ENERGY_INDEX, _MATERIAL_INDEX
from lca.limits import (
    MAX_DISTANCE_KM,
    MAX_QUANTITY,
    MAX_SERVICE_LIFE,
    MAX_WASTE_RATE,
    MIN_SERVICE_LIFE,
)
from lca.model import LINE_COLUMNS, normalise_lines
from lca.units import normalise_unit, pretty_unit


def _read_lines(
    rows: list[list[Any]], sheet: str, kind: str, file: str, issues: list[Issue], headers: dict[str, str]
) -> pd.DataFrame:
    index = _MATERIAL_INDEX if kind == "material" else _ENERGY_INDEX
    frame, columns, _ = rows_to_frame(rows, index)
    header = {v: k for k, v in columns.items()}  # canonical -> as typed
    headers.update(header)
    required = ["quantity", "unit"] + (["carrier"] if kind == "energy" else [])
    missing = [c for c in required if c not in header]
    if missing and len(frame):
        labels = [Label("column", c) for c in missing]
        raise InputError(
            Message(
                "missing the column {columns}; found {found}. Expected headers such as {examples}",
                plural="missing the columns {columns}; found {found}. Expected headers such as {examples}",
                n=len(missing),
                columns=joined(labels),
                found=joined([quoted(c) for c in frame.columns.drop("_row")]),
                examples=joined(_examples(kind)),
            ),
            file=file,
            sheet=sheet,
        )
    n = len(frame)
    rownum = frame["_row"].to_numpy()
    out = pd.DataFrame({"sheet": [sheet] * n, "row": rownum})

    def note(
        level: Level,
        i: int | np.integer,
        column: str,
        value: Any,
        message: Message,
        line_id: str | None = None,
    ) -> None:
        issues.append(
            Issue.of(level, message, sheet, int(rownum[i]), header.get(column, column), value, line_id, file)
        )

    def text(column: str) -> pd.Series:
        return clean_text(frame[header[column]]) if column in header else pd.Series([""] * n, dtype=object)

    out["line_id"] = text("line_id")
    blank_id = out["line_id"] == ""
    prefix = "" if kind == "material" else "E"
    out.loc[blank_id, "line_id"] = [f"{prefix}{r}" for r in rownum[blank_id.to_numpy()]]
    out["kind"] = kind
    out["lot"] = text("lot")
    out["element"] = text("element")
    out["factor_id"] = text("factor_id")
    out["variant"] = text("variant")
    out["replaces"] = text("replaces")
    out["transport_mode"] = text("transport_mode")
    valid = np.ones(n, dtype=bool)

    quantity, bad = parse_numbers(frame[header["quantity"]]) if n else (np.array([]), np.array([], bool))
    for i in np.flatnonzero(bad | np.isnan(quantity)).tolist():
        value = frame[header["quantity"]].iat[i]
        if str(value).strip() == "":
            problem = Message(
                "quantity is empty; expected a number > 0 such as 12.5 or 12,5 — the line is not computed"
            )
        else:
            problem = Message(
                "quantity is '{value}'; expected a number > 0 such as 12.5 or 12,5 — the line is not "
                "computed",
                value=value,
            )
        note("error", i, "quantity", value, problem, str(out["line_id"].iat[i]))
        valid[i] = False
    for i in np.flatnonzero(np.abs(quantity) > MAX_QUANTITY).tolist():
        note(
            "error",
            i,
            "quantity",
            frame[header["quantity"]].iat[i],
            Message(
                "'{column}' {value} is larger than {limit} (MAX_QUANTITY), the largest quantity read; check "
                "the value and its unit (t instead of kg?) — the line is not computed",
                column=header["quantity"],
                value=float(quantity[i]),
                limit=MAX_QUANTITY,
            ),
            str(out["line_id"].iat[i]),
        )
        valid[i] = False
    out["quantity"] = quantity
    percent_typed = np.zeros(n, dtype=bool)
    for column, percent, expected in (
        ("service_life", False, Message("a number of years")),
        ("transport_km", False, Message("a distance in km")),
        ("waste_rate", True, Message("a fraction such as 0.05 or 5 %")),
    ):
        values, bad = (
            parse_numbers(frame[header[column]], percent=percent, years=column == "service_life")
            if column in header
            else (np.full(n, np.nan), np.zeros(n, bool))
        )
        if percent and column in header:
            percent_typed = typed_percent(frame[header[column]])
        for i in np.flatnonzero(bad).tolist():
            note(
                "warning",
                i,
                column,
                frame[header[column]].iat[i],
                Message(
                    "'{value}' is not a number; expected {expected} — ignored",
                    value=frame[header[column]].iat[i],
                    expected=expected,
                ),
                str(out["line_id"].iat[i]),
            )
        out[column] = values
    for column, low, high, what in (
        (
            "service_life",
            MIN_SERVICE_LIFE,
            MAX_SERVICE_LIFE,
            Message("years (MIN_SERVICE_LIFE, MAX_SERVICE_LIFE)"),
        ),
        ("transport_km", 0.0, MAX_DISTANCE_KM, Message("km (MAX_DISTANCE_KM, the length of the equator)")),
    ):
        values = out[column].to_numpy()
        out_of_range = ((values < low) & (values > 0)) | (values < 0) | (values > high)
        if column == "service_life":  # 0 or less: the factor's service life is used (an issue says so)
            out_of_range &= values > 0
        for i in np.flatnonzero(out_of_range).tolist():
            note(
                "error",
                i,
                column,
                values[i],
                Message(
                    "'{column}' {value} is out of range; expected {low} to {high} {what} — the line is not "
                    "computed",
                    column=header[column],
                    value=float(values[i]),
                    low=low,
                    high=high,
                    what=what,
                ),
                str(out["line_id"].iat[i]),
            )
            valid[i] = False
    waste = out["waste_rate"].to_numpy()
    as_percent = (waste >= 1) & ~percent_typed  # "5" is 5 %; "100 %" was already read as 1
    for i in np.flatnonzero(as_percent).tolist():
        note(
            "warning",
            i,
            "waste_rate",
            waste[i],
            Message(
                "'{column}' {value} read as {value} % (a fraction of 1 or more is not plausible); write 0.05 "
                "or 5 % for 5 %",
                column=header["waste_rate"],
                value=float(waste[i]),
            ),
            str(out["line_id"].iat[i]),
        )
    out["waste_rate"] = np.where(as_percent, waste / 100, np.nan_to_num(waste))
    rate = out["waste_rate"].to_numpy()
    for i in np.flatnonzero((rate < 0) | (rate > MAX_WASTE_RATE)).tolist():
        note(
            "error",
            i,
            "waste_rate",
            frame[header["waste_rate"]].iat[i],
            Message(
                "'{column}' {value} is out of range; expected 0 to 100 % (MAX_WASTE_RATE) — the line is not "
                "computed",
                column=header["waste_rate"],
                value=Num(float(rate[i]) * 100, "percent"),
            ),
            str(out["line_id"].iat[i]),
        )
        valid[i] = False

    units = text("unit")
    canonical, bases = [], [""] * n
    unreadable: dict[int, Message | str | None] = {}  # row -> why its unit cannot be read (None: empty)
    shown: dict[int, object] = {}  # row -> the unit as the issue shows it
    for i, unit in enumerate(units.tolist()):
        if not unit:
            if valid[i]:
                unreadable[i] = None
            canonical.append("")
            valid[i] = False
            continue
        try:
            if kind == "energy":  # fuels in their own units: stère, Nm3, kWh PCS (lca.energy)
                from lca.energy import fuel_unit

                unit, bases[i] = fuel_unit(unit)
                if unit == "stere":
                    canonical.append(unit)
                    continue
            canonical.append(normalise_unit(unit, per_year=kind != "material"))
        except UnitError as err:
            unreadable[i] = _text(err)
            shown[i] = err.value  # the unit as typed, cut to a readable length by lca.units
            canonical.append("")
            valid[i] = False
    out["unit"] = canonical

    if kind == "energy":
        factor_column = header.get("factor_id") or Label("column", "factor_id")
        _energy_keys(out, text("carrier"), text("use"), note, factor_column)
    for i, why in unreadable.items():  # energy: the units of the line's carrier, not pint's list
        if kind == "energy" and why is None:
            expected = _energy_units(str(out["carrier"].iat[i]))
            problem = Message("unit is empty; {expected} — the line is not computed", expected=expected)
        elif kind == "energy":
            expected = _energy_units(str(out["carrier"].iat[i]))
            problem = Message(
                "unknown unit '{unit}'; {expected} — the line is not computed",
                unit=shown.get(i, units.iat[i]),
                expected=expected,
            )
        elif why is None:
            problem = Message("unit is empty; expected m3, m2, m, kg, t, u... — the line is not computed")
        else:
            problem = Message("{message} — the line is not computed", message=why)
        note("error", i, "unit", shown.get(i, units.iat[i]), problem, str(out["line_id"].iat[i]))
    if kind == "energy":
        _fuel_to_kwh(out, units, bases, valid, note)
    else:
        out["carrier"] = ""
        out["use"] = ""
    out["valid"] = valid
    extra = [c for c in frame.columns if c not in columns and c != "_row"]
    for column in extra:
        out[column if column not in LINE_COLUMNS else f"{column} (extra)"] = frame[column].to_numpy()
    return normalise_lines(out)


def _energy_keys(
    out: pd.DataFrame, carriers: pd.Series, uses: pd.Series, note: Any, factor_column: str | Label
) -> None:
    from lca.energy import carrier_key, use_key

    carrier_keys, use_keys, kinds = [], [], []
    for i, (carrier, use) in enumerate(zip(carriers, uses, strict=True)):
        ckey = carrier_key(carrier) if carrier else None
        if carrier and ckey is None and not out["factor_id"].iat[i]:
            note(
                "error",
                i,
                "carrier",
                carrier,
                Message(
                    "unknown energy carrier '{carrier}'; expected électricité, gaz naturel, fioul, bois "
                    "granulés, réseau de chaleur, eau... or give a factor in column '{factor}' — the line is "
                    "not computed",
                    carrier=carrier,
                    factor=factor_column,
                ),
                str(out["line_id"].iat[i]),
            )
            out.loc[i, "quantity"] = np.nan
        ukey = use_key(use) if use else None
        if use and ukey is None:
            note(
                "warning",
                i,
                "use",
                use,
                Message(
                    "unknown energy use '{use}'; expected chauffage, ecs, refroidissement, éclairage, "
                    "auxiliaires or autres — read as 'other'",
                    use=use,
                ),
                str(out["line_id"].iat[i]),
            )
        carrier_keys.append(ckey or carrier)
        use_keys.append(ukey or ("other" if use else ""))
        kinds.append("water" if ckey == "water" else "energy")
    out["carrier"] = carrier_keys
    out["use"] = use_keys
    out["kind"] = kinds
    if len(out) and not out["element"].astype(bool).all():
        empty = out["element"] == ""
        out.loc[empty, "element"] = [
            f"{c} {u}".strip()
            for c, u in zip(carriers[empty.to_numpy()], uses[empty.to_numpy()], strict=True)
        ]


def _energy_units(carrier: str) -> Message:
    """The units an energy line of this carrier (key) may be given in, as a phrase for a message."""
    from lca.energy import CARRIERS, accepted_units

    if carrier == "water":
        return Message("expected m3 or l (per year)")
    if carrier in CARRIERS:
        return Message("expected {units} (per year)", units=joined(accepted_units(carrier)))
    return Message("expected kWh, MWh, MJ or GJ (per year)")


def _fuel_to_kwh(out: pd.DataFrame, typed: pd.Series, bases: list[str], valid: np.ndarray, note: Any) -> None:
    """Energy lines given in litres, m³, kg, t or stères (or kWh PCS) converted to kWh PCI, with a note.

    A line whose unit cannot be converted for its carrier is rejected with the accepted units, unless it
    names its own factor (whose declared unit may be that one: the engine converts or says why not).
    """
    from lca.energy import kwh_per_unit

    quantity = out["quantity"].to_numpy(dtype=float).copy()
    units = out["unit"].to_numpy(dtype=object).copy()
    for i in np.flatnonzero(valid & (out["kind"] == "energy").to_numpy() & (units != "")).tolist():
        carrier, unit = str(out["carrier"].iat[i]), units[i]
        try:
            found = kwh_per_unit(carrier, unit, bases[i])
        except UnitError as err:
            if out["factor_id"].iat[i] and unit != "stere" and bases[i] != "PCS":
                continue
            text = Message("{message} — the line is not computed", message=_text(err))
            note("error", i, "unit", typed.iat[i], text, str(out["line_id"].iat[i]))
            valid[i], units[i] = False, ""
            continue
        if found is None:
            continue
        ratio, source = found
        shown = (
            Message("stere") if unit == "stere" else pretty_unit(unit) + (" PCS" if bases[i] == "PCS" else "")
        )
        quantity[i] *= ratio
        units[i] = "kWh"
        note(
            "info",
            i,
            "unit",
            typed.iat[i],
            Message(
                "{quantity} {unit} read as {kwh} kWh PCI ({ratio} kWh PCI per {per}: {source})",
                quantity=float(out["quantity"].iloc[i]),
                unit=typed.iat[i],
                kwh=float(quantity[i]),
                ratio=float(ratio),
                per=shown,
                source=source,
            ),
            str(out["line_id"].iat[i]),
        )
    out["quantity"] = quantity
    out["unit"] = units


def _check_ids(
    lines: pd.DataFrame, file: str, issues: list[Issue], headers: dict[str, dict[str, str]]
) -> pd.DataFrame:
    dup = lines["line_id"].duplicated(keep="first")
    for i in np.flatnonzero(dup.to_numpy()).tolist():
        row = lines.iloc[i]
        issues.append(
            Issue.of(
                "error",
                Message(
                    "line id '{line_id}' is used twice; ids must be unique — this line is not computed",
                    line_id=row["line_id"],
                ),
                row["sheet"],
                int(row["row"]),
                headers.get(row["sheet"], {}).get("line_id", "id"),
                row["line_id"],
                file=file,
            )
        )
    lines.loc[dup.to_numpy(), "valid"] = False
    lines.loc[dup.to_numpy(), "line_id"] = [
        f"{i}@{s}:{r}"
        for i, s, r in zip(
            lines.loc[dup, "line_id"], lines.loc[dup, "sheet"], lines.loc[dup, "row"], strict=True
        )
    ]
    return lines


def _examples(kind: str) -> list[Label]:
    keys = (
        ["lot", "element", "quantity", "unit", "factor_id"]
        if kind == "material"
        else ["carrier", "use", "quantity", "unit"]
    )
    return [Label("column", k) for k in keys]
