"""What varies: the distribution and half-width of every factor, line quantity and service life used.

Read from the factor tables (``distribution`` / ``loi``, ``uncertainty`` / ``incertitude`` columns), the
Matériaux and Énergie sheets (``incertitude quantité``, ``incertitude durée de vie``), the Projet sheet (one
``incertitude quantité`` for every line) and the defaults by data type. A cell that cannot be read
becomes an issue and the default is used: nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd

from lca.errors import Issue, Level
from lca.factors import FactorTable
from lca.io.tabular import squash
from lca.montecarlo.distributions import parse_distribution, parse_uncertainty, plain_percentage
from lca.results import Results

if TYPE_CHECKING:
    from lca.model import Project

#: Line and Projet headers (squashed when compared) of a quantity's uncertainty.
QUANTITY_ALIASES: tuple[str, ...] = (
    "incertitude quantité",
    "incertitude quantite",
    "incertitude qté",
    "incertitude sur la quantité",
    "quantity uncertainty",
    "quantity_uncertainty",
    "uncertainty quantity",
)
#: Line headers of a service life's uncertainty.
SERVICE_LIFE_ALIASES: tuple[str, ...] = (
    "incertitude durée de vie",
    "incertitude duree de vie",
    "incertitude dvt",
    "incertitude dvr",
    "service life uncertainty",
    "service_life_uncertainty",
    "uncertainty service life",
)
#: Shortest service life a sample may take (a normal draw below it is raised to it). [years]
MIN_SERVICE_LIFE = 1.0


@dataclass
class Inputs:
    """The uncertain inputs of a project, each with its distribution and half-width u [-].

    Attributes
    ----------
    factors
        One row per factor used (lines' factors and transport factors), index ``factor_id`` sorted:
        ``distribution``, ``uncertainty``, ``data_type`` (the defaults' key), ``given`` (True when the
        table gave the value), ``name`` and ``name_fr`` (the id when the table has none).
    quantity
        ``(line,)`` half-width of each computed line's quantity (0 = exact); normal.
    service_life
        ``(line,)`` half-width of each computed line's service life (0 = fixed); normal.
    transport
        ``(line,)`` transport factor id of the lines whose A4 is computed from a distance, else "".
    issues
        Cells that could not be read (their default was used).
    """

    factors: pd.DataFrame
    quantity: np.ndarray
    service_life: np.ndarray
    transport: np.ndarray
    issues: list[Issue] = field(default_factory=list)


def factor_class(data_type: object, category: object) -> str:
    """Key of the defaults table for a factor: its data type, ``re2020_energy`` for the RE2020
    conventional energy factors (category ``energy`` and data type ``fixed``), ``unknown`` when blank."""
    text = (
        "" if data_type is None or (isinstance(data_type, float) and np.isnan(data_type)) else str(data_type)
    )
    if text == "fixed" and str(category).strip().lower() == "energy":
        return "re2020_energy"
    return text.strip().lower() or "unknown"


def _column(frame: pd.DataFrame, aliases: tuple[str, ...]) -> str | None:
    wanted = {squash(a) for a in aliases}
    return next((c for c in frame.columns if squash(c) in wanted), None)


def gather(results: Results, table: FactorTable, defaults: pd.DataFrame) -> Inputs:
    """The uncertain inputs of computed results.

    Parameters
    ----------
    results
        The deterministic results (their lines, factors and project).
    table
        The stacked factor table the results were computed with (for the transport factors).
    defaults
        Defaults by data type, :func:`lca.montecarlo.distributions.default_uncertainties`.
    """
    issues: list[Issue] = []
    lines = results.lines
    project = results.project
    transport = _transport_factors(results, table)
    ids = sorted(set(lines["factor_id"].astype(str)) | {t for t in transport if t})
    meta = table.meta.reindex(ids)
    from lca.search import add_french_names

    french = add_french_names(meta[["name", "name_fr"]])["name_fr"]
    rows = []
    for fid, row in meta.iterrows():
        cls = factor_class(row.get("data_type"), row.get("category"))
        if cls not in defaults.index:
            issues.append(
                Issue(
                    "info",
                    f"no default uncertainty for data type {cls!r} of factor {fid!r} (the defaults table "
                    f"has {', '.join(defaults.index)}); the 'unknown' default is used",
                    column="data_type",
                    value=cls,
                    file=str(row.get("table") or "") or None,
                )
            )
            cls = "unknown" if "unknown" in defaults.index else defaults.index[0]
        distribution = str(defaults.at[cls, "distribution"])
        u = float(cast(float, defaults.at[cls, "uncertainty"]))
        given = False
        try:
            chosen = parse_distribution(row.get("distribution"))
            distribution = chosen or distribution
        except ValueError as err:
            issues.append(
                _factor_issue(
                    "warning",
                    f"factor {fid!r}: {err}; the default {distribution} is used",
                    "distribution",
                    row,
                )
            )
        try:
            value = parse_uncertainty(row.get("uncertainty"))
            if not np.isnan(value):
                u, given = value, True
            if plain_percentage(row.get("uncertainty")):
                message = (
                    f"factor {fid!r}: uncertainty {row.get('uncertainty')} read as {value:.0%} "
                    "(write 0.3 or 30 % to be explicit)"
                )
                issues.append(_factor_issue("info", message, "uncertainty", row))
        except ValueError as err:
            issues.append(
                _factor_issue(
                    "warning", f"factor {fid!r}: {err}; the default {u:.0%} is used", "uncertainty", row
                )
            )
        name = row.get("name") if isinstance(row.get("name"), str) and row.get("name") else str(fid)
        name_fr = french.get(fid)
        rows.append(
            {
                "name": name,
                "name_fr": name_fr if isinstance(name_fr, str) and name_fr else name,
                "factor_id": fid,
                "distribution": distribution,
                "uncertainty": u,
                "data_type": cls,
                "given": given,
            }
        )
    columns = ["factor_id", "distribution", "uncertainty", "data_type", "given", "name", "name_fr"]
    factors = pd.DataFrame(rows, columns=columns)
    factors = factors.set_index("factor_id")

    project_u = 0.0
    key = next((k for k in project.extra if squash(k) in {squash(a) for a in QUANTITY_ALIASES}), None)
    if key is not None:
        try:
            value = parse_uncertainty(project.extra[key])
            project_u = 0.0 if np.isnan(value) else value
        except ValueError as err:
            issues.append(
                Issue(
                    "warning",
                    f"{key}: {err}; quantities are taken as exact",
                    "Projet",
                    None,
                    key,
                    project.extra[key],
                    None,
                    project.file,
                )
            )
    quantity = _line_values(
        lines, QUANTITY_ALIASES, project_u, "quantities are taken as exact", issues, project
    )
    service_life = _line_values(
        lines, SERVICE_LIFE_ALIASES, 0.0, "the service life is taken as fixed", issues, project
    )
    life = lines["service_life_used"].to_numpy(dtype=float)
    material = (lines["kind"] == "material").to_numpy()
    for i in np.flatnonzero((service_life > 0) & ~(material & np.isfinite(life))):
        message = "a service-life uncertainty needs a material line with a service life; ignored"
        column = _column(lines, SERVICE_LIFE_ALIASES)
        issues.append(_line_issue("warning", message, lines, int(i), column, service_life[i], project))
        service_life[i] = 0.0
    return Inputs(factors, quantity, service_life, transport, issues)


def _line_values(
    lines: pd.DataFrame,
    aliases: tuple[str, ...],
    fallback: float,
    meaning: str,
    issues: list[Issue],
    project: Project,
) -> np.ndarray:
    out = np.full(len(lines), fallback)
    column = _column(lines, aliases)
    if column is None:
        return out
    cells = lines[column].to_numpy(dtype=object)
    for i, cell in enumerate(cells):
        try:
            value = parse_uncertainty(cell)
        except ValueError as err:
            issues.append(
                _line_issue("warning", f"{err}; {meaning} on this line", lines, i, column, cell, project)
            )
            continue
        if not np.isnan(value):
            out[i] = value
        if plain_percentage(cell):
            message = f"{cell} read as {value:.0%} (write 0.3 or 30 % to be explicit)"
            issues.append(_line_issue("info", message, lines, i, column, cell, project))
    return out


def _factor_issue(level: Level, message: str, column: str, row: pd.Series) -> Issue:
    """An issue on a cell of a factor table's row (its table and row, when the factor came from a file)."""
    sheet, number = str(row.get("table") or "") or None, _int(row.get("table_row"))
    return Issue(level, message, sheet=sheet, row=number, column=column, value=row.get(column))


def _line_issue(
    level: Level,
    message: str,
    lines: pd.DataFrame,
    i: int,
    column: str | None,
    value: object,
    project: Project,
) -> Issue:
    """An issue located on line ``i``: its sheet, row (as the spreadsheet shows it) and id."""
    return Issue(
        level,
        message,
        _text(lines, "sheet", i),
        _int(lines["row"].iat[i]),
        column,
        value,
        str(lines["line_id"].iat[i]),
        project.file,
    )


def _text(lines: pd.DataFrame, column: str, i: int) -> str | None:
    value = lines[column].iat[i] if column in lines.columns else None
    return str(value) if value else None


def _int(value: object) -> int | None:
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _transport_factors(results: Results, table: FactorTable) -> np.ndarray:
    """The transport factor of each line whose A4 comes from a distance (the engine's choice), else ""."""
    from lca.transport import _MODE_INDEX

    lines = results.lines
    out = np.full(len(lines), "", dtype=object)
    rows = np.flatnonzero(results.declared_modules.by_distance)
    if not len(rows) or "transport_mode" not in table.meta.columns:
        return out
    catalogue = table.meta["transport_mode"].dropna()
    codes, modes = pd.factorize(lines["transport_mode"].to_numpy(dtype=object)[rows])
    for k, name in enumerate(modes):  # one lookup per distinct mode, as the engine does
        mode = _MODE_INDEX.get(squash(name)) if name else "road"
        found = catalogue.index[catalogue == mode]
        out[rows[codes == k]] = str(found[-1]) if len(found) else ""
    return out
