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
)
from lca.model import LINE_COLUMNS, Project, Variant, normalise_lines
from lca.units import normalise_unit

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


def read_project(path: str | Path) -> Project:
    """Read a project workbook (``.xlsx``/``.ods``) or a folder of CSV files named like its sheets.

    Parameters
    ----------
    path
        The workbook, or a folder with ``Projet.csv``, ``Materiaux.csv``, ``Energie.csv``...

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
    sheets = read_sheets(path)
    file = str(path)
    found = {key: find_sheet(sheets, names) for key, names in SHEETS.items()}
    if found["materials"] is None and found["energy"] is None:
        raise InputError(
            f"no Matériaux/Materials or Énergie/Energy sheet; the workbook has {list(sheets)}. "
            "Name the inventory sheet 'Matériaux' (or 'Materials'); `lca template new.xlsx` writes an "
            "empty workbook with every sheet",
            file=file,
        )
    issues: list[Issue] = []
    project = Project(file=file)
    if found["project"]:
        _read_project_sheet(project, sheets[found["project"]], found["project"], file, issues)
    frames = []
    for key, kind in (("materials", "material"), ("energy", "energy")):
        sheet = found[key]
        if sheet:
            frames.append(
                _read_lines(sheets[sheet], sheet, kind, file, issues, project.headers.setdefault(sheet, {}))
            )
    project.lines = _check_ids(pd.concat(frames, ignore_index=True), file, issues)
    if found["variants"]:
        project.variants = _read_variants(sheets[found["variants"]], found["variants"], file, issues)
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
    if not len(project.lines):
        issues.append(
            Issue(
                "warning",
                "the workbook has no inventory or energy line; fill the "
                f"{found['materials'] or found['energy']!r} sheet",
                found["materials"] or found["energy"],
                None,
                None,
                None,
                None,
                file,
            )
        )
    if found["project"] and not project.reference_area:
        issues.append(
            Issue(
                "warning",
                "no reference area (SHAB / Sref, m²): the per-m² results are not "
                "available; give reference_area on the Projet sheet",
                found["project"],
                None,
                "reference_area",
                None,
                None,
                file,
            )
        )
    project.issues = issues
    return project


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
            issues.append(Issue("error", f"{key}: {err}", sheet, r, str(row[0]).strip(), value, None, file))


def _project_value(key: str, value: Any) -> Any:
    if key in {"reference_area", "study_period", "altitude", "attic_area", "dwellings", "permit_year"}:
        number, bad = parse_numbers(pd.Series([value], dtype=object))
        if bad[0] or np.isnan(number[0]):
            raise ValueError(f"expected a number, found {value!r}")
        if key in {"reference_area", "study_period"} and number[0] <= 0:
            raise ValueError(f"must be > 0, found {value!r}")
        if key == "reference_area" and number[0] < MIN_REFERENCE_AREA:  # per m² would overflow
            raise ValueError(f"must be at least {MIN_REFERENCE_AREA:g} m², found {value!r}")
        if key in {"dwellings", "permit_year"}:
            if not float(number[0]).is_integer():
                raise ValueError(f"expected a whole number, found {value!r}")
            return int(number[0])
        return float(number[0])
    text = str(value).strip()
    if key == "building_type":
        found = _BUILDING_INDEX.get(squash(text))
        if found is None:
            raise ValueError(
                f"expected individual_house (maison individuelle), collective_housing "
                f"(logement collectif) or other, found {text!r}"
            )
        return found
    if key == "method":
        if squash(text) not in {"en15978", "re2020"}:
            raise ValueError(f"expected en15978 or re2020, found {text!r}")
        return squash(text)
    if key == "replacement_rule":
        rule = {"ceil": "ceil", "entier": "ceil", "fraction": "fraction", "fractionnaire": "fraction"}
        if squash(text) not in rule:
            raise ValueError(f"expected ceil or fraction, found {text!r}")
        return rule[squash(text)]
    if key == "heat_network":
        flag = squash(text)
        if flag not in _YES | _NO:
            raise ValueError(f"expected yes/no (oui/non), found {text!r}")
        return flag in _YES
    if key == "climate_zone":
        zone = text.upper().replace(" ", "")
        zone = zone[:-1] + zone[-1].lower() if zone[-1:].isalpha() and len(zone) == 3 else zone
        if zone not in {"H1a", "H1b", "H1c", "H2a", "H2b", "H2c", "H2d", "H3"}:
            raise ValueError(
                f"expected a climate zone H1a, H1b, H1c, H2a, H2b, H2c, H2d or H3, found {text!r}"
            )
        return zone
    return text


def _read_variants(rows: list[list[Any]], sheet: str, file: str, issues: list[Issue]) -> list[Variant]:
    frame, columns, _ = rows_to_frame(rows, _VARIANT_INDEX, min_known=1)
    header = {v: k for k, v in columns.items()}
    if "name" not in header:
        issues.append(
            Issue(
                "warning",
                "the variants sheet has no 'name' (nom) column; it is ignored",
                sheet,
                1,
                None,
                None,
                None,
                file,
            )
        )
        return []
    names = clean_text(frame[header["name"]])
    descriptions = clean_text(frame[header["description"]]) if "description" in header else names * 0
    variants, seen = [], set()
    for name, description, row in zip(names, descriptions, frame["_row"], strict=True):
        if name and name not in seen:
            seen.add(name)
            variants.append(Variant(name, description if isinstance(description, str) else ""))
        elif name:
            issues.append(
                Issue(
                    "warning",
                    f"variant {name!r} is listed twice; the first is kept",
                    sheet,
                    int(row),
                    header["name"],
                    name,
                    None,
                    file,
                )
            )
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
        raise InputError(
            f"Missing required columns: {missing}; found {list(frame.columns.drop('_row'))}. "
            f"Expected headers such as {', '.join(_examples(kind))}",
            file=file,
            sheet=sheet,
        )
    n = len(frame)
    rownum = frame["_row"].to_numpy()
    out = pd.DataFrame({"sheet": [sheet] * n, "row": rownum})

    def note(
        level: Level, i: int | np.integer, column: str, value: Any, message: str, line_id: str | None = None
    ) -> None:
        issues.append(
            Issue(
                level,
                message,
                sheet,
                int(rownum[i]),
                header.get(column, column),
                value,  # type: ignore[arg-type]
                line_id,
                file,
            )
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
        found = "empty" if str(value).strip() == "" else f"{value!r}"
        note(
            "error",
            i,
            "quantity",
            value,
            f"quantity is {found}; expected a number > 0 such as 12.5 or 12,5 — the line is not computed",
            out["line_id"].iat[i],
        )
        valid[i] = False
    out["quantity"] = quantity
    for column, percent, label in (
        ("service_life", False, "a number of years"),
        ("transport_km", False, "a distance in km"),
        ("waste_rate", True, "a fraction such as 0.05 or 5 %"),
    ):
        values, bad = (
            parse_numbers(frame[header[column]], percent=percent)
            if column in header
            else (np.full(n, np.nan), np.zeros(n, bool))
        )
        for i in np.flatnonzero(bad):
            note(
                "warning",
                i,
                column,
                frame[header[column]].iat[i],
                f"{column} is not a number; expected {label} — ignored",
                out["line_id"].iat[i],
            )
        out[column] = values
    waste = out["waste_rate"].to_numpy()
    for i in np.flatnonzero(waste >= 1):
        note(
            "warning",
            i,
            "waste_rate",
            waste[i],
            f"waste_rate {waste[i]:g} read as {waste[i]:g} % (a fraction of 1 or more is not plausible); "
            "write 0.05 or 5 % for 5 %",
            out["line_id"].iat[i],
        )
    out["waste_rate"] = np.where(waste >= 1, waste / 100, np.nan_to_num(waste))
    for i in np.flatnonzero(out["waste_rate"].to_numpy() < 0):
        note(
            "error",
            i,
            "waste_rate",
            waste[i],
            "waste_rate is negative; expected 0 or more — the line is not computed",
            out["line_id"].iat[i],
        )
        valid[i] = False

    units = text("unit")
    canonical = []
    for i, unit in enumerate(units.tolist()):
        if not unit:
            if valid[i]:
                note(
                    "error",
                    i,
                    "unit",
                    "",
                    "unit is empty; expected m3, m2, m, kg, t, u... — the line is not computed",
                    out["line_id"].iat[i],
                )
            canonical.append("")
            valid[i] = False
            continue
        try:
            canonical.append(normalise_unit(unit, per_year=kind != "material"))
        except UnitError as err:
            note("error", i, "unit", unit, f"{err.message} — the line is not computed", out["line_id"].iat[i])
            canonical.append("")
            valid[i] = False
    out["unit"] = canonical

    if kind == "energy":
        _energy_keys(out, text("carrier"), text("use"), note)
    else:
        out["carrier"] = ""
        out["use"] = ""
    out["valid"] = valid
    extra = [c for c in frame.columns if c not in columns and c != "_row"]
    for column in extra:
        out[column if column not in LINE_COLUMNS else f"{column} (extra)"] = frame[column].to_numpy()
    return normalise_lines(out)


def _energy_keys(out: pd.DataFrame, carriers: pd.Series, uses: pd.Series, note: Any) -> None:
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
                f"unknown energy carrier {carrier!r}; expected électricité, "
                "gaz naturel, fioul, bois granulés, réseau de chaleur, eau... or give a factor_id — the "
                "line is not computed",
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
                f"unknown energy use {use!r}; expected chauffage, ecs, "
                "refroidissement, éclairage, auxiliaires or autres — read as 'other'",
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


def _check_ids(lines: pd.DataFrame, file: str, issues: list[Issue]) -> pd.DataFrame:
    dup = lines["line_id"].duplicated(keep="first")
    for i in np.flatnonzero(dup.to_numpy()):
        row = lines.iloc[i]
        issues.append(
            Issue(
                "error",
                f"line id {row['line_id']!r} is used twice; ids must be unique — this line is not computed",
                row["sheet"],
                int(row["row"]),
                "id",
                row["line_id"],
                None,
                file,
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


def _examples(kind: str) -> list[str]:
    if kind == "material":
        return ["lot", "désignation", "quantité", "unité", "id fiche"]
    return ["vecteur (carrier)", "usage (use)", "quantité", "unité"]


def sheet_aliases() -> Mapping[str, list[str]]:
    """Accepted sheet names by sheet key (for documentation and the template)."""
    return SHEETS
