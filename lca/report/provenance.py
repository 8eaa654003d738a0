"""The provenance sheet: the calculation options, the factor tables used (file and SHA-256) and every
factor used with its source, version, validity, data type, standard, URL and licence."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from lca.i18n import label, translate
from lca.report.common import minute

if TYPE_CHECKING:
    from lca.compare import Comparison
    from lca.report.cells import Book
    from lca.results import Results


def write_provenance(
    book: Book, results: Results, comparison: Comparison, lang: str, stamp: datetime | None
) -> None:
    from lca import __version__

    w = book.sheet(translate("Provenance", lang))
    project = results.project
    w.title(translate("Calculation options", lang))
    w.pairs(
        [
            (translate("Tool", lang), "lca"),
            (translate("lca version", lang), __version__),
            *([(translate("Computed on (UTC)", lang), minute(stamp))] if stamp else []),
            (translate("Project file", lang), Path(project.file).name if project.file else None),
            (translate("Method", lang), label("method", results.method, lang)),
            (translate("Study period [years]", lang), results.study_period),
            (translate("Replacement rule", lang), label("replacement_rule", results.replacement_rule, lang)),
            (translate("Baseline variant", lang), comparison.baseline),
            (translate("Variants", lang), ", ".join(comparison.variants)),
            (translate("Indicators computed", lang), ", ".join(results.indicators)),
        ]
    )
    meta = results.factors.meta
    used = pd.Index(pd.unique(results.lines["factor_id"].astype(str))).intersection(
        list(meta.index), sort=False
    )
    meta = meta.loc[used]
    rows = []
    for table, part in meta.groupby("table", sort=False):
        path, digest = table_file(str(table), project.file)
        rows.append(
            {
                translate("Factor table", lang): str(table),
                translate("Number of factors used", lang): len(part),
                translate("Sources", lang): join(part.get("source")),
                translate("Versions", lang): join(part.get("release"), part.get("version")),
                translate("File", lang): path,
                "SHA-256": digest,
            }
        )
    w.title(translate("Factor tables used", lang))
    if rows:
        w.table(pd.DataFrame(rows))
    else:
        w.note(translate("None.", lang))
    columns = [
        "name",
        "table",
        "source",
        "source_id",
        "version",
        "release",
        "valid_until",
        "data_type",
        "standard",
        "url",
        "licence",
    ]
    factors = meta.reindex(columns=columns).rename_axis("factor_id").reset_index()
    factors["data_type"] = [
        label("data_type", k, lang) if isinstance(k, str) else k for k in factors["data_type"]
    ]
    names = {
        "factor_id": translate("Factor", lang),
        "name": translate("Name", lang),
        "table": translate("Factor table", lang),
        "source": translate("Sources", lang),
        "source_id": translate("Source identifier", lang),
        "version": translate("Dataset version", lang),
        "release": translate("Database release", lang),
        "valid_until": translate("Valid until", lang),
        "data_type": translate("Data type", lang),
        "standard": translate("Standard", lang),
        "url": "URL",
        "licence": translate("Licence", lang),
    }
    w.title(translate("Factors used", lang))
    w.table(factors.rename(columns=names), filter=True)
    w.finish()


def join(*series: pd.Series | None) -> str:
    """The distinct values of ``series``, in order, joined by ``; ``."""
    parts: list[str] = []
    for s in series:
        if s is not None:
            parts += [str(v) for v in pd.unique(s.dropna()) if str(v)]
    return "; ".join(dict.fromkeys(parts))


def table_file(table: str, project_file: str | None) -> tuple[str | None, str | None]:
    """The file a factor table was read from, when it can be found, and its SHA-256."""
    from lca.datasets import dataset_dir

    name = table.split("#", 1)[0]
    candidates = [dataset_dir() / "factors" / name]
    if project_file:
        candidates += [Path(project_file).with_name(name)]
    for candidate in candidates:
        if candidate.is_file():
            digest = hashlib.sha256(candidate.read_bytes()).hexdigest()
            shipped = candidate.parent == dataset_dir() / "factors"
            return (f"datasets/factors/{name}" if shipped else candidate.name), digest
    return None, None
