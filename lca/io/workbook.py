"""Read a project workbook (DESIGN §3): Projet, Matériaux, Énergie, Facteurs, Variantes.

French and English sheet names and headers are accepted (case, accents, spacing ignored); extra
columns are kept as line metadata; empty rows are skipped. A value that cannot be read becomes an
issue naming its sheet, row and column; the line is kept (and rejected later if it cannot compute).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lca._text import Label, Message, Num, joined, quoted
from lca.errors import InputError, Issue, Level, UnitError
from lca.factors import FactorTable
from lca.io.tabular import (
    alias_index,
    clean_text,
    find_sheet,
    parse_numbers,
    read_sheets,
    rows_to_frame,
    squash,
    typed_percent,
)
from lca.io.variants import match_variants, name_key
from lca.limits import (
    MAX_AREA,
    MAX_COUNT,
    MAX_DISTANCE_KM,
    MAX_QUANTITY,
    MAX_ROWS,
    MAX_SERVICE_LIFE,
    MAX_STUDY_PERIOD,
    MAX_WASTE_RATE,
    MIN_SERVICE_LIFE,
)
from lca.model import LINE_COLUMNS, Project, Variant, normalise_lines
from lca.units import normalise_unit, pretty_unit

SHEETS: dict[str, list[str]] = {
    "project": ["projet", "project", "projekt", "batiment", "building"],
    "materials": ["materiaux", "materials", "materiau", "material", "inventaire", "inventory", "produits"],
    "energy": ["energie", "energy", "consommations", "consumption", "energies"],
    "factors": ["facteurs", "factors", "fdes", "epd", "fiches"],
    "variants": ["variantes", "variants", "variante", "variant"],
}

MATERIAL_COLUMNS: dict[str, list[str]] = {
    "line_id": ["id", "repere", "ref", "reference", "no", "n°", "numero", "code"],
    "lot": ["lot", "lot re2020", "lot n°", "sous-lot"],
    "element": ["designation", "description", "libelle", "ouvrage", "produit", "composant", "element"],
    "quantity": ["quantite", "qte", "qty", "quantites", "menge"],
    "unit": ["unite", "unit", "unites", "u.", "einheit"],
    "factor_id": ["factor", "id fiche", "idfiche", "fdes", "uuid", "fiche", "epd", "id fdes", "id inies",
                  "facteur", "id facteur", "donnee environnementale"],
    "service_life": ["duree de vie", "dvt", "dvr", "dve", "lifetime", "rsl", "reference service life",
                     "duree de vie typique"],
    "transport_km": ["distance", "distance km", "transport", "distance de transport", "km"],
    "transport_mode": ["mode", "mode de transport", "transport mode"],
    "waste_rate": ["taux de chute", "chute", "chutes", "taux de perte", "pertes", "waste", "waste rate"],
    "variant": ["variante"],
    "replaces": ["remplace", "replace", "remplacement de"],
}  # fmt: skip

ENERGY_COLUMNS: dict[str, list[str]] = {
    "line_id": MATERIAL_COLUMNS["line_id"],
    "carrier": ["vecteur", "energie", "vecteur energetique", "source d energie", "combustible", "fluide",
                "energy carrier", "energy"],
    "use": ["usage", "poste", "usages", "end use"],
    "quantity": MATERIAL_COLUMNS["quantity"] + ["consommation", "consommation annuelle", "consumption"],
    "unit": MATERIAL_COLUMNS["unit"],
    "factor_id": MATERIAL_COLUMNS["factor_id"],
    "element": ["designation", "description", "libelle", "element"],
    "variant": ["variante"],
    "replaces": MATERIAL_COLUMNS["replaces"],
}  # fmt: skip

PROJECT_KEYS: dict[str, list[str]] = {
    "name": ["nom", "nom du projet", "projet", "project", "operation", "project name"],
    "building_type": ["type de batiment", "usage", "typologie", "type", "building type"],
    "reference_area": ["sref", "shab", "surface de reference", "surface habitable", "surface",
                       "reference area", "floor area"],
    "dwellings": ["logements", "nombre de logements", "nb logements", "nb de logements", "dwellings",
                  "number of dwellings"],
    "study_period": ["periode d etude", "duree d etude", "per", "study period", "periode de reference"],
    "climate_zone": ["zone climatique", "zone", "climate zone"],
    "altitude": ["altitude"],
    "permit_year": ["annee de depot du permis", "annee du permis", "permis", "annee de depot",
                    "permit year", "annee pc"],
    "method": ["methode", "method"],
    "replacement_rule": ["regle de remplacement", "remplacement", "replacement rule"],
    "attic_area": ["surface des combles amenages", "combles", "surface combles", "attic area"],
    "heat_network": ["reseau de chaleur", "raccorde a un reseau de chaleur", "rcu", "heat network"],
}  # fmt: skip

VARIANT_COLUMNS: dict[str, list[str]] = {
    "name": ["nom", "variante", "variant", "name"],
    "description": ["description", "libelle", "commentaire"],
}

BUILDING_TYPES: dict[str, list[str]] = {
    "individual_house": ["maison individuelle", "maison", "mi", "maison individuelle ou accolee",
                         "maisons individuelles ou accolees", "individual house", "house"],
    "collective_housing": ["logement collectif", "logements collectifs", "lc", "collectif",
                           "collective housing", "apartment building", "immeuble de logements"],
    "other": ["autre", "tertiaire", "other"],
}  # fmt: skip

#: Smallest reference area read: below it the results per m² are not meaningful (and 5e-324 m² makes
#: them infinite). [m²]
MIN_REFERENCE_AREA = 0.01

_YES = {"oui", "yes", "o", "y", "true", "vrai", "1", "x"}
_NO = {"non", "no", "n", "false", "faux", "0", ""}

_MATERIAL_INDEX = alias_index(MATERIAL_COLUMNS)
_ENERGY_INDEX = alias_index(ENERGY_COLUMNS)
_PROJECT_INDEX = alias_index(PROJECT_KEYS)
_VARIANT_INDEX = alias_index(VARIANT_COLUMNS)
_BUILDING_INDEX = alias_index(BUILDING_TYPES)


def read_project(path: str | Path, *, max_rows: int = MAX_ROWS) -> Project:
    """Read a project workbook (``.xlsx``/``.ods``) or a folder of CSV files named like its sheets.

    Parameters
    ----------
    path
        The workbook, or a folder with ``Projet.csv``, ``Materiaux.csv``, ``Energie.csv``...
    max_rows
        Most rows read from one sheet (:data:`lca.limits.MAX_ROWS`); the rows beyond are reported.

    Returns
    -------
    Project
        With every line read and the problems found in :attr:`Project.issues`.

    Raises
    ------
    InputError
        The file cannot be read, or it has neither a materials nor an energy sheet.

    Examples
    --------
    >>> project = read_project("datasets/examples/maison.xlsx")  # doctest: +SKIP
    """
    path = Path(path)
    sheets = read_sheets(path, max_rows=max_rows)
    file = str(path)
    found = {key: find_sheet(sheets, names) for key, names in SHEETS.items()}
    if found["materials"] is None and found["energy"] is None:
        unread = "".join(f" {i.render()}" for i in sheets.issues[:3])
        raise InputError(
            Message(
                "no Matériaux/Materials or Énergie/Energy sheet; the workbook has {sheets}. Name the "
                "inventory sheet 'Matériaux' (or 'Materials'); `lca template new.xlsx` writes an empty "
                "workbook with every sheet.{unread}",
                sheets=joined([quoted(s) for s in sheets]),
                unread=unread,
            ),
            file=file,
        )
    issues: list[Issue] = list(sheets.issues)
    project = Project(file=file)
    if found["project"]:
        _read_project_sheet(project, sheets[found["project"]], found["project"], file, issues)
    frames, failed = [], []
    for key, kind in (("materials", "material"), ("energy", "energy")):
        sheet = found[key]
        if sheet:
            try:
                frames.append(
                    _read_lines(
                        sheets[sheet], sheet, kind, file, issues, project.headers.setdefault(sheet, {})
                    )
                )
            except InputError as err:
                failed.append(err)
    if failed and not frames:
        raise failed[0]  # no line sheet can be read: nothing can be computed
    for err in failed:  # the other line sheet still computes
        issues.append(
            Issue.of("error", Message("{message} — no line of this sheet is computed", message=_text(err)),
                     err.sheet, file=file)
        )  # fmt: skip
    project.lines = _check_ids(pd.concat(frames, ignore_index=True), file, issues, project.headers)
    if found["variants"]:
        project.variants = _read_variants(sheets[found["variants"]], found["variants"], file, issues)
    project.lines = match_variants(project, found["variants"], file, issues)
    if found["factors"]:
        frame, _, _ = rows_to_frame(sheets[found["factors"]], {}, min_known=99)
        if len(frame):
            try:
                table, more = FactorTable.from_frame(
                    frame, f"{path.name}#{found['factors']}", sheet=found["factors"], file=file
                )
                project.factors = table
                issues += more
            except InputError as err:
                issues.append(Issue.from_error(err))
    _missing_sheets(project, found, {err.sheet for err in failed}, file, issues)
    project.issues = issues
    return project


def _missing_sheets(
    project: Project, found: dict[str, str | None], unread: set[str | None], file: str, issues: list[Issue]
) -> None:
    """Warnings for what is absent: the Projet sheet, the reference area, materials or energy lines.

    An issue names a sheet only when the workbook has it.
    """

    def warn(message: Message, sheet: str | None = None) -> None:
        issues.append(Issue.of("warning", message, sheet, file=file))

    kinds_typed = set(project.lines["kind"]) if len(project.lines) else set()
    if not len(project.lines):
        filled = [s for s in (found["materials"], found["energy"]) if s and s not in unread]
        if filled:
            warn(
                Message(
                    "the workbook has no inventory or energy line; nothing is computed — fill the '{sheet}' "
                    "sheet",
                    sheet=filled[0],
                ),
                filled[0],
            )
        else:
            warn(
                Message(
                    "the workbook has no inventory or energy line; nothing is computed — fill a 'Matériaux' "
                    "(Materials) sheet"
                )
            )
    elif "material" not in kinds_typed and found["materials"] not in unread:
        sheet = found["materials"]
        if sheet:
            text = Message(
                "the '{sheet}' sheet has no line: the results hold only the energy and water use (B6, B7), "
                "without any construction product — fill the 'Matériaux' (Materials) sheet",
                sheet=sheet,
            )
        else:
            text = Message(
                "the workbook has no 'Matériaux' sheet: the results hold only the energy and water use (B6, "
                "B7), without any construction product — fill the 'Matériaux' (Materials) sheet"
            )
        warn(text, sheet)
    if found["project"] is None:
        warn(
            Message(
                "the workbook has no 'Projet' (Project) sheet: no reference area, so the per-m² results are "
                "not available, and the study period is the default {period} years — add a 'Projet' sheet "
                "(`lca template` writes one) with the reference area (SHAB / Sref, m²)",
                period=float(project.study_period),
            )
        )
    elif not project.reference_area and not any(  # an unreadable area already has its error
        i.sheet == found["project"] and _PROJECT_INDEX.get(squash(i.column)) == "reference_area"
        for i in issues
    ):
        warn(
            Message(
                "no reference area (SHAB / Sref, m²): the per-m² results are not available; add a row "
                "'SHAB' (or 'Sref') with the area in m² on this sheet"
            ),
            found["project"],
        )


# ------------------------------------------------------------------------------------ sheets


def _read_project_sheet(
    project: Project, rows: list[list[Any]], sheet: str, file: str, issues: list[Issue]
) -> None:
    for r, row in enumerate(rows, start=1):
        cells = [c for c in row if str(c).strip() != ""]
        if len(cells) < 1:
            continue
        key = _PROJECT_INDEX.get(squash(row[0])) if row else None
        if key is None:
            if squash(row[0]) not in {"cle", "key", "parametre", "parameter", "champ", "field"}:
                project.extra[str(row[0]).strip()] = row[1] if len(row) > 1 else None
            continue
        value = row[1] if len(row) > 1 else ""
        if str(value).strip() == "":
            continue
        try:
            setattr(project, key, _project_value(key, value))
        except (ValueError, UnitError) as err:
            typed = str(row[0]).strip()
            issues.append(Issue.of("error", _message(err), sheet, r, typed, value, file=file))


def _text(err: Exception) -> Message | str:
    """What ``err`` says, as a Message when it carries one (a library error otherwise: its text)."""
    return getattr(err, "msg", None) or getattr(err, "message", None) or str(err)


def _message(err: Exception) -> Message:
    """``err`` as a Message (its own, or its English text wrapped)."""
    found = _text(err)
    return found if not isinstance(found, str) else Message("{message}", message=found)


def _bad(message: Message) -> InputError:
    return InputError(message)


def _project_value(key: str, value: Any) -> Any:
    if key in {"reference_area", "study_period", "altitude", "attic_area", "dwellings", "permit_year"}:
        number, bad = parse_numbers(pd.Series([value], dtype=object), years=key == "study_period")
        if bad[0] or np.isnan(number[0]):
            raise _bad(Message("expected a number, found '{value}'", value=value))
        if key in {"reference_area", "study_period"} and number[0] <= 0:
            raise _bad(Message("must be > 0, found '{value}'", value=value))
        if key == "study_period" and number[0] > MAX_STUDY_PERIOD:
            raise _bad(
                Message(
                    "must be at most {limit} years (MAX_STUDY_PERIOD), found '{value}'; EN 15978 studies "
                    "span 50 to 100 years",
                    limit=MAX_STUDY_PERIOD,
                    value=value,
                )
            )
        if key in {"reference_area", "attic_area"} and abs(number[0]) > MAX_AREA:  # cannot be written back
            raise _bad(Message("must be at most {limit} m², found '{value}'", limit=MAX_AREA, value=value))
        if key == "altitude" and not -500 <= number[0] <= 9_000:
            raise _bad(Message("expected an altitude from −500 to 9,000 m, found '{value}'", value=value))
        if key == "reference_area" and number[0] < MIN_REFERENCE_AREA:  # per m² would overflow
            raise _bad(
                Message("must be at least {limit} m², found '{value}'", limit=MIN_REFERENCE_AREA, value=value)
            )
        if key in {"dwellings", "permit_year"}:
            if not float(number[0]).is_integer():
                raise _bad(Message("expected a whole number, found '{value}'", value=value))
            low, high = (1_000, 9_999) if key == "permit_year" else (0, MAX_COUNT)
            if not low <= number[0] <= high:
                raise _bad(
                    Message(
                        "expected a whole number from {low} to {high}, found '{value}'",
                        low=low,
                        high=high,
                        value=value,
                    )
                )
            return int(number[0])
        return float(number[0])
    text = str(value).strip()
    if key == "building_type":
        found = _BUILDING_INDEX.get(squash(text))
        if found is None:
            raise _bad(
                Message(
                    "expected individual_house (maison individuelle), collective_housing "
                    "(logement collectif) or other, found '{value}'",
                    value=text,
                )
            )
        return found
    if key == "method":
        if squash(text) not in {"en15978", "re2020"}:
            raise _bad(Message("expected en15978 or re2020, found '{value}'", value=text))
        return squash(text)
    if key == "replacement_rule":
        rule = {"ceil": "ceil", "entier": "ceil", "fraction": "fraction", "fractionnaire": "fraction"}
        if squash(text) not in rule:
            raise _bad(Message("expected ceil or fraction, found '{value}'", value=text))
        return rule[squash(text)]
    if key == "heat_network":
        flag = squash(text)
        if flag not in _YES | _NO:
            raise _bad(Message("expected yes/no (oui/non), found '{value}'", value=text))
        return flag in _YES
    if key == "climate_zone":
        zone = text.upper().replace(" ", "")
        zone = zone[:-1] + zone[-1].lower() if zone[-1:].isalpha() and len(zone) == 3 else zone
        if zone not in {"H1a", "H1b", "H1c", "H2a", "H2b", "H2c", "H2d", "H3"}:
            raise _bad(
                Message(
                    "expected a climate zone H1a, H1b, H1c, H2a, H2b, H2c, H2d or H3, found '{value}'",
                    value=text,
                )
            )
        return zone
    return text


def _read_variants(rows: list[list[Any]], sheet: str, file: str, issues: list[Issue]) -> list[Variant]:
    frame, columns, _ = rows_to_frame(rows, _VARIANT_INDEX, min_known=1)
    header = {v: k for k, v in columns.items()}
    if "name" not in header:
        issues.append(
            Issue.of(
                "warning",
                Message("the variants sheet has no 'name' (nom) column; it is ignored"),
                sheet,
                1,
                file=file,
            )
        )
        return []
    names = clean_text(frame[header["name"]])
    descriptions = clean_text(frame[header["description"]]) if "description" in header else names * 0
    variants, seen = [], {}
    for name, description, row in zip(names, descriptions, frame["_row"], strict=True):
        if name and name_key(name) not in seen:
            seen[name_key(name)] = name
            variants.append(Variant(name, description if isinstance(description, str) else ""))
        elif name:
            first = seen[name_key(name)]
            if first != name:
                text = Message(
                    "variant '{name}' is listed twice (as '{first}'; case, accents and spaces are ignored); "
                    "the first is kept",
                    name=name,
                    first=first,
                )
            else:
                text = Message("variant '{name}' is listed twice; the first is kept", name=name)
            issues.append(Issue.of("warning", text, sheet, int(row), header["name"], name, file=file))
    return variants


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
    for i in np.flatnonzero(bad | np.isnan(quantity)):
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
        note("error", i, "quantity", value, problem, out["line_id"].iat[i])
        valid[i] = False
    for i in np.flatnonzero(np.abs(quantity) > MAX_QUANTITY):
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
            out["line_id"].iat[i],
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
        for i in np.flatnonzero(bad):
            note(
                "warning",
                i,
                column,
                frame[header[column]].iat[i],
                Message(
                    "'{column}' is not a number; expected {expected} — ignored",
                    column=header[column],
                    expected=expected,
                ),
                out["line_id"].iat[i],
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
        for i in np.flatnonzero(out_of_range):
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
                out["line_id"].iat[i],
            )
            valid[i] = False
    waste = out["waste_rate"].to_numpy()
    as_percent = (waste >= 1) & ~percent_typed  # "5" is 5 %; "100 %" was already read as 1
    for i in np.flatnonzero(as_percent):
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
            out["line_id"].iat[i],
        )
    out["waste_rate"] = np.where(as_percent, waste / 100, np.nan_to_num(waste))
    rate = out["waste_rate"].to_numpy()
    for i in np.flatnonzero((rate < 0) | (rate > MAX_WASTE_RATE)):
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
            out["line_id"].iat[i],
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
            expected = _energy_units(out["carrier"].iat[i])
            problem = Message("unit is empty; {expected} — the line is not computed", expected=expected)
        elif kind == "energy":
            expected = _energy_units(out["carrier"].iat[i])
            problem = Message(
                "unknown unit '{unit}'; {expected} — the line is not computed",
                unit=shown.get(i, units.iat[i]),
                expected=expected,
            )
        elif why is None:
            problem = Message("unit is empty; expected m3, m2, m, kg, t, u... — the line is not computed")
        else:
            problem = Message("{message} — the line is not computed", message=why)
        note("error", i, "unit", shown.get(i, units.iat[i]), problem, out["line_id"].iat[i])
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
                out["line_id"].iat[i],
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
                out["line_id"].iat[i],
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
        return Message("expected {units} (per year)", units=", ".join(accepted_units(carrier)))
    return Message("expected kWh, MWh, MJ or GJ (per year)")


def _fuel_to_kwh(out: pd.DataFrame, typed: pd.Series, bases: list[str], valid: np.ndarray, note: Any) -> None:
    """Energy lines given in litres, m³, kg, t or stères (or kWh PCS) converted to kWh PCI, with a note.

    A line whose unit cannot be converted for its carrier is rejected with the accepted units, unless it
    names its own factor (whose declared unit may be that one: the engine converts or says why not).
    """
    from lca.energy import kwh_per_unit

    quantity = out["quantity"].to_numpy(dtype=float).copy()
    units = out["unit"].to_numpy(dtype=object).copy()
    for i in np.flatnonzero(valid & (out["kind"] == "energy").to_numpy() & (units != "")):
        carrier, unit = out["carrier"].iat[i], units[i]
        try:
            found = kwh_per_unit(carrier, unit, bases[i])
        except UnitError as err:
            if out["factor_id"].iat[i] and unit != "stere" and bases[i] != "PCS":
                continue
            text = Message("{message} — the line is not computed", message=_text(err))
            note("error", i, "unit", typed.iat[i], text, out["line_id"].iat[i])
            valid[i], units[i] = False, ""
            continue
        if found is None:
            continue
        ratio, source = found
        shown = "stère" if unit == "stere" else pretty_unit(unit) + (" PCS" if bases[i] == "PCS" else "")
        quantity[i] *= ratio
        units[i] = "kWh"
        note(
            "info",
            i,
            "unit",
            typed.iat[i],
            Message(
                "{quantity} {unit} read as {kwh} kWh PCI ({ratio} kWh PCI per {per}: {source})",
                quantity=float(out["quantity"].iat[i]),
                unit=typed.iat[i],
                kwh=float(quantity[i]),
                ratio=float(ratio),
                per=shown,
                source=source,
            ),
            out["line_id"].iat[i],
        )
    out["quantity"] = quantity
    out["unit"] = units


def _check_ids(
    lines: pd.DataFrame, file: str, issues: list[Issue], headers: dict[str, dict[str, str]]
) -> pd.DataFrame:
    dup = lines["line_id"].duplicated(keep="first")
    for i in np.flatnonzero(dup.to_numpy()):
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


def sheet_aliases() -> Mapping[str, list[str]]:
    """Accepted sheet names by sheet key (for documentation and the template)."""
    return SHEETS
