"""Reading factor tables: lenient headers (French, English, German), long and wide layouts, the lca
file layout, and every cell that cannot be read reported as an issue."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from lca._text import Message, joined, quoted
from lca.errors import InputError, Issue, UnitError
from lca.factor_table import FILE_COLUMNS, META_COLUMNS, VALUE_COLUMNS, FactorTable
from lca.indicators import DEFAULT_INDICATOR, module_key
from lca.io.bounded import csv_rows, decode_text, first_lines, read_text_bytes, rows_cut_issue
from lca.io.factor_rows import (
    NUMERIC_META,
    UNCERTAINTY_COLUMNS,
    bound_properties,
    canonical_keys,
    from_file_frame,
    sum_split_product_stage,
)
from lca.io.tabular import (
    alias_index,
    clean_text,
    find_sheet,
    parse_numbers,
    read_sheets,
    rows_to_frame,
    squash,
)
from lca.limits import MAX_FACTOR_PROPERTY, MAX_FACTOR_VALUE, MAX_ROWS
from lca.units import normalise_unit

#: Header aliases of factor tables (French, English, German), squashed when compared.
FACTOR_ALIASES: dict[str, list[str]] = {
    "factor_id": [
        "id",
        "factor",
        "id fiche",
        "identifiant",
        "fdes",
        "epd",
        "uuid",
        "fiche",
        "id fdes",
        "id inies",
        "reference fiche",
    ],
    "module": ["phase", "etape", "modul"],
    "indicator": ["indicateur", "indikator", "impact"],
    "value": ["valeur", "wert", "amount", "impact value"],
    "name": ["nom", "name en", "name (en)", "designation", "libelle", "produit", "product", "description"],
    "name_fr": ["nom fr", "nom francais"],
    "name_de": ["name de", "name (de)", "nom allemand"],
    "category": ["categorie", "kategorie", "famille"],
    "declared_unit": [
        "unite declaree",
        "unite fonctionnelle",
        "uf",
        "unit",
        "unite",
        "bezugseinheit",
        "declared unit",
    ],
    "declared_amount": ["quantite declaree", "quantite de l uf", "bezugsgroesse", "amount declared"],
    "density": ["densite", "masse volumique", "rohdichte", "kg/m3"],
    "area_mass": ["masse surfacique", "grammage", "flaechengewicht", "area mass", "kg/m2"],
    "linear_mass": ["masse lineique", "laengengewicht", "kg/m"],
    "mass_per_unit": [
        "masse unitaire",
        "masse par unite",
        "poids unitaire",
        "mass per unit",
        "stueckgewicht",
        "kg/u",
    ],
    "thickness": ["epaisseur", "schichtdicke"],
    "service_life": [
        "duree de vie",
        "dvr",
        "dve",
        "dvt",
        "rsl",
        "reference service life",
        "lifetime",
        "nutzungsdauer",
    ],
    "biogenic_carbon": [
        "carbone biogenique",
        "biogenic carbon content",
        "kg c",
        "biogener kohlenstoffgehalt",
    ],
    "data_type": ["type de donnee", "type", "typ", "type de fiche"],
    "standard": ["norme", "norm", "conformite"],
    "scenario": ["szenario"],
    "carrier": ["vecteur", "energie", "vecteur energetique"],
    "use": ["usage"],
    "transport_mode": ["mode de transport", "mode"],
    "source": ["base", "database", "base de donnees"],
    "source_id": ["uuid source", "source uuid"],
    "version": ["version fiche"],
    "release": ["edition"],
    "data_owner": ["declarant", "fabricant", "manufacturer", "declaration owner"],
    "valid_until": ["validite", "valable jusqu", "gueltig bis", "valid to", "date de validite"],
    "url": ["lien", "link"],
    "licence": ["license", "licence", "conditions"],
    "note": ["notes", "remarque", "commentaire", "comment"],
    # Monte Carlo (lca.montecarlo): kept as text, read there
    "distribution": ["loi", "loi de probabilite", "verteilung"],
    "uncertainty": ["incertitude", "incertitude relative", "unsicherheit"],
}
_FACTOR_INDEX = alias_index(FACTOR_ALIASES)

#: Data types, with the spellings accepted for them.
DATA_TYPES: dict[str, list[str]] = {
    "specific": ["specifique", "individuelle", "individual", "specific dataset", "fdes individuelle"],
    "collective": ["collective", "fdes collective", "average", "moyenne", "average dataset"],
    "generic": ["generique", "generic dataset"],
    "default": ["ded", "donnee environnementale par defaut", "par defaut"],
    "fixed": ["forfaitaire", "valeur forfaitaire", "mdegd"],
    "representative": ["representative dataset", "representatif"],
    "template": ["template dataset", "modele"],
}
_DATA_TYPE_INDEX = alias_index(DATA_TYPES)


def parse_factor_frame(
    frame: pd.DataFrame,
    table: str,
    *,
    sheet: str | None = None,
    file: str | None = None,
    rows: Sequence[int] | np.ndarray | None = None,
) -> tuple[FactorTable, list[Issue]]:
    """Build a table from a long or a wide frame, with lenient headers.

    Long layout: ``factor_id, module, indicator, value`` (``indicator`` defaults to GWP-total).
    Wide layout: ``factor_id`` and one column per module (``A1-A3``, ``A4``, ``C3``...), as pasted
    from an FDES/EPD; one indicator per row, named in an ``indicator`` column or GWP-total.
    ``A1``, ``A2`` and ``A3`` given separately are summed into ``A1-A3``.

    Parameters
    ----------
    frame
        The table as read; its headers may be French, English or German aliases.
    table
        Name of the table, recorded on every factor (e.g. ``"factors.csv"``).
    sheet, file
        Where the table was read, for the issues.
    rows
        Spreadsheet row number of each frame row (default: header = 1, first row = 2).

    Returns
    -------
    table, issues
        The factors that could be read, and one issue per cell or row that could not.
    """
    if set(FILE_COLUMNS) <= set(frame.columns) and "_row" not in frame.columns:
        return from_file_frame(frame, table)  # an importer's output, or a shipped table
    issues: list[Issue] = []
    frame = frame.reset_index(drop=True)
    row_numbers = np.asarray(rows if rows is not None else np.arange(2, len(frame) + 2))
    if "_row" in frame.columns:
        row_numbers = frame.pop("_row").to_numpy()
    typed = {str(c): c for c in frame.columns}
    columns: dict[str, str] = {}
    module_columns: dict[str, str] = {}
    for header in typed:
        module = module_key(header)
        if module is not None:
            module_columns[header] = module
            continue
        canonical = _FACTOR_INDEX.get(squash(header))
        if canonical is not None and canonical not in columns.values():
            columns[header] = canonical
    header_of = {v: k for k, v in columns.items()}

    def issue(level, message, i=None, column=None, value=None):
        row = None if i is None else int(row_numbers[i])
        issues.append(Issue.of(level, message, sheet, row, column, value, file=file))

    found = joined([quoted(header) for header in typed])
    if "factor_id" not in header_of:
        raise InputError(
            Message(
                "missing required column factor_id; found {columns}. Name the column of factor "
                "identifiers 'factor_id' (or 'id fiche', 'uuid', 'fdes')",
                columns=found,
            ),
            file=file,
            sheet=sheet,
        )
    ids = clean_text(frame[typed[header_of["factor_id"]]])
    keep = ids != ""
    if "value" in header_of and "module" in header_of:
        long = pd.DataFrame(
            {
                "factor_id": ids,
                "module": clean_text(frame[typed[header_of["module"]]]),
                "indicator": clean_text(frame[typed[header_of["indicator"]]])
                if "indicator" in header_of
                else DEFAULT_INDICATOR,
                "_i": np.arange(len(frame)),
            }
        )
        values, bad = parse_numbers(frame[typed[header_of["value"]]])
        long["value"] = values
        for i in np.flatnonzero(bad & keep.to_numpy()).tolist():
            issue(
                "warning",
                Message(
                    "value is not a number; expected a number such as 12.5 or 12,5 — this value is left out"
                ),
                i,
                header_of["value"],
                frame[typed[header_of["value"]]].iat[i],
            )
        filled = ~np.isnan(values) | bad
        long = long.loc[keep.to_numpy()]
    elif module_columns:
        pieces = []
        filled = np.zeros(len(frame), dtype=bool)
        indicator = (
            clean_text(frame[typed[header_of["indicator"]]])
            if "indicator" in header_of
            else pd.Series(DEFAULT_INDICATOR, index=frame.index)
        )
        for header, module in module_columns.items():
            values, bad = parse_numbers(frame[typed[header]])
            filled |= ~np.isnan(values) | bad
            for i in np.flatnonzero(bad & keep.to_numpy()).tolist():
                issue(
                    "warning",
                    Message(
                        "{module} value is not a number; expected a number, or an empty cell when the "
                        "module is not declared — this value is left out",
                        module=module,
                    ),
                    i,
                    header,
                    frame[typed[header]].iat[i],
                )
            pieces.append(
                pd.DataFrame(
                    {
                        "factor_id": ids,
                        "module": module,
                        "indicator": indicator,
                        "_i": np.arange(len(frame)),
                        "value": values,
                    }
                ).loc[keep.to_numpy()]
            )
        long = pd.concat(pieces, ignore_index=True)
    else:
        raise InputError(
            Message(
                "no values found; found the columns {columns}. Give either the long layout "
                "(factor_id, module, indicator, value) or one column per module (A1-A3, A4, ..., C4, D)",
                columns=found,
            ),
            file=file,
            sheet=sheet,
        )
    for i in np.flatnonzero(filled & ~keep.to_numpy()).tolist():
        message = Message("the row has values but no factor_id; it is left out")
        issue("warning", message, i, header_of["factor_id"], None)
    value = long["value"].to_numpy(dtype=float)
    for i in long["_i"].to_numpy()[np.abs(np.nan_to_num(value)) > MAX_FACTOR_VALUE]:
        message = Message(
            "value is larger than {limit} in absolute value (MAX_FACTOR_VALUE); it is left out",
            limit=float(MAX_FACTOR_VALUE),
        )
        issue("error", message, int(i), None, None)
    long = long.loc[np.isfinite(value) & (np.abs(np.nan_to_num(value)) <= MAX_FACTOR_VALUE)]
    long, more = canonical_keys(long, row_numbers, sheet, file, header_of)
    issues += more

    meta, more = _read_meta(frame, ids, keep.to_numpy(), header_of, typed, row_numbers, sheet, file)
    issues += more
    meta["table"] = table
    long = long.loc[long["factor_id"].isin(meta.index)]
    summed = sum_split_product_stage(long)
    declared = set(summed["factor_id"])
    for fid in meta.index[~meta.index.isin(declared)]:
        message = Message("factor '{id}' declares no value; it is left out", id=fid)
        issues.append(
            Issue.of("warning", message, sheet, int(meta.loc[fid, "table_row"]), None, fid, file=file)
        )
    meta = meta.loc[meta.index.isin(declared)]
    return FactorTable(summed.reset_index(drop=True), meta), issues


def read_factor_table(
    path: str | Path, *, sheet: str | None = None, max_rows: int = MAX_ROWS
) -> tuple[FactorTable, list[Issue]]:
    """Read a factor table from CSV (``.csv``, ``.csv.gz``) or a workbook sheet.

    Reading is bounded (:mod:`lca.limits`): a gzip file is unpacked up to :data:`MAX_TEXT_BYTES`, at
    most ``max_rows`` rows are read (the others are reported), a file that is not UTF-8 is read as
    Windows-1252 with a note, and a file that cannot be parsed raises :class:`InputError`.

    Parameters
    ----------
    path
        The file. In a workbook, the sheet named ``Facteurs``/``Factors`` (or ``sheet``), else the first.
    sheet
        Sheet to read in a workbook.
    max_rows
        Most rows read.

    Returns
    -------
    table, issues
    """
    path = Path(path)
    name = path.name
    if path.name.lower().endswith((".csv.gz", ".csv", ".tsv", ".txt")) and path.is_file():
        return _read_csv_table(path, max_rows)
    sheets = read_sheets(path, max_rows=max_rows)
    if not sheets:
        raise InputError(Message("the workbook has no sheet that can be read"), file=str(path))
    chosen = sheet or find_sheet(sheets, ["facteurs", "factors", "fdes", "epd"]) or next(iter(sheets))
    if chosen not in sheets:
        raise InputError(
            Message(
                "no sheet '{sheet}'; the workbook has {sheets}",
                sheet=chosen,
                sheets=joined([quoted(name) for name in sheets]),
            ),
            file=str(path),
        )
    frame, _, _ = rows_to_frame(sheets[chosen], _FACTOR_INDEX)
    table, issues = parse_factor_frame(frame, f"{name}#{chosen}", sheet=chosen, file=str(path))
    return table, sheets.issues + issues


def _read_csv_table(path: Path, max_rows: int) -> tuple[FactorTable, list[Issue]]:
    file, issues = str(path), []
    raw = read_text_bytes(path)
    if not raw.strip():
        raise InputError(
            Message(
                "the file is empty; expected a header row (factor_id, module, indicator, value, "
                "declared_unit...) and one row per value"
            ),
            file=file,
        )
    raw, total = first_lines(raw, max_rows + 1)  # the header and max_rows rows
    if total is not None:
        issues.append(rows_cut_issue(file, None, max_rows + 1, total, max_rows))
    text = decode_text(raw, file, issues)
    del raw
    header = text[:4096].splitlines()[0] if text.strip() else ""
    if all(column in header for column in VALUE_COLUMNS):  # the lca file layout (comma-separated)
        try:
            frame = pd.read_csv(
                io.BytesIO(text.encode("utf-8")),
                dtype=dict.fromkeys(["factor_id", "module", "indicator", "declared_unit"], str),
                keep_default_na=False,
                na_values=[""],
                low_memory=False,
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error) as err:
            raise InputError(
                Message(
                    'cannot read the CSV file ({error}); check the quotes (") and separators', error=str(err)
                ),
                file=file,
            ) from err
        if set(VALUE_COLUMNS) <= set(frame.columns):
            table, more = from_file_frame(frame, path.name, file=file)
            return table, issues + more
    rows = csv_rows(text, file, issues, max_rows + 1)
    frame, _, _ = rows_to_frame(rows, _FACTOR_INDEX)
    table, more = parse_factor_frame(frame, path.name, file=file)
    return table, issues + more


def _read_meta(
    frame: pd.DataFrame,
    ids: pd.Series,
    keep: np.ndarray,
    header_of: dict[str, str],
    typed: dict[str, str],
    row_numbers: np.ndarray,
    sheet: str | None,
    file: str | None,
) -> tuple[pd.DataFrame, list[Issue]]:
    issues: list[Issue] = []
    first = keep & ~ids.duplicated().to_numpy()
    meta = pd.DataFrame(index=pd.Index(ids[first], name="factor_id"))
    for column in META_COLUMNS:
        if column not in header_of:
            meta[column] = np.nan if column in NUMERIC_META else None
            continue
        cells = frame[typed[header_of[column]]].loc[first]
        if column in NUMERIC_META:
            numbers, bad = parse_numbers(cells, years=column == "service_life")
            for i, value in zip(np.flatnonzero(first)[bad], cells[bad], strict=True):
                message = Message("'{value}' is not a number; expected a number — ignored", value=value)
                issues.append(
                    Issue.of(
                        "warning", message, sheet, int(row_numbers[i]), header_of[column], value, file=file
                    )
                )
            meta[column] = numbers
        else:
            meta[column] = clean_text(cells).replace("", None).to_numpy()
    for column in UNCERTAINTY_COLUMNS:
        if column in header_of:
            meta[column] = clean_text(frame[typed[header_of[column]]].loc[first]).replace("", None).to_numpy()
    bound_properties(meta, row_numbers[first], issues, sheet=sheet, file=file, headers=header_of)
    meta["declared_amount"] = meta["declared_amount"].fillna(1.0)
    meta["table_row"] = row_numbers[first]
    if meta["data_type"].notna().any():
        meta["data_type"] = meta["data_type"].map(
            lambda t: None if t is None else _DATA_TYPE_INDEX.get(squash(t), str(t))
        )
    units = meta["declared_unit"]
    good = []
    for fid, unit, row in zip(meta.index, units, meta["table_row"], strict=True):
        if unit is None or (isinstance(unit, float) and np.isnan(unit)) or not str(unit).strip():
            message = Message(
                "factor '{id}' has no declared unit; give declared_unit (m3, m2, kg, u, kWh...) — the "
                "factor is left out",
                id=fid,
            )
            column = header_of.get("declared_unit", "declared_unit")
            issues.append(Issue.of("error", message, sheet, int(row), column, file=file))
            good.append(False)
            continue
        try:
            meta.at[fid, "declared_unit"] = normalise_unit(unit)
            good.append(True)
        except UnitError as err:
            message = Message("{message} — factor '{id}' is left out", message=err.msg or err.message, id=fid)
            issues.append(
                Issue.of("error", message, sheet, int(row), header_of.get("declared_unit"), unit, file=file)
            )
            good.append(False)
    bad_amount = ~((meta["declared_amount"] > 0) & (meta["declared_amount"] <= MAX_FACTOR_PROPERTY))
    for fid in meta.index[bad_amount]:
        message = Message(
            "'{column}' of '{id}' must be > 0 and at most {limit} (MAX_FACTOR_PROPERTY) — the factor is "
            "left out",
            column=header_of.get("declared_amount", "declared_amount"),
            id=fid,
            limit=float(MAX_FACTOR_PROPERTY),
        )
        row, value = int(meta.loc[fid, "table_row"]), meta.at[fid, "declared_amount"]
        issues.append(
            Issue.of("error", message, sheet, row, header_of.get("declared_amount"), value, file=file)
        )
    meta = meta.loc[np.asarray(good, dtype=bool) & ~bad_amount.to_numpy()]
    return meta, issues
