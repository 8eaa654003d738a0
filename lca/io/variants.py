"""Variant names on the lines matched to the project's variants (DESIGN §3, docs/calculation.md).

A line's ``variant`` is compared with the declared variants the way headers are: case, accents and
surrounding or repeated spaces are ignored, punctuation is kept (``A+B`` is not ``A B``).
"""

from __future__ import annotations

import unicodedata
from typing import Any

import numpy as np
import pandas as pd

from lca._text import Message, joined, quoted
from lca.errors import Issue, Level
from lca.model import Project


def name_key(name: object) -> str:
    """Comparison key of a variant name: no accents, no case, no surrounding or repeated spaces."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def match_variants(project: Project, sheet: str | None, file: str, issues: list[Issue]) -> pd.DataFrame:
    """Each line's ``variant`` as one of the project's variants, matched like a header.

    With a Variantes sheet, a name that matches no declared variant is an error on its line (the line is
    rejected, no variant is created). Without one, the names used on the lines are the variants; two
    spellings of one name (``Bois `` and ``bois``) are one variant, spelled as first met.
    ``replaces`` on a line without a variant is reported (it removes nothing).
    """
    lines = project.lines
    if not len(lines):
        return lines
    typed = lines["variant"].to_numpy(dtype=object)
    used = [name for name in pd.unique(typed) if name]
    column = {s: project.headers.get(s, {}).get("variant", "variant") for s in set(lines["sheet"])}
    declared = {name_key(v.name): v.name for v in project.variants}
    mapping: dict[str, str] = {}

    def on_variant_cell(level: Level, text: Message, i: int) -> Issue:
        """An issue on the variant cell of line ``i`` (its sheet, row, header as typed, name, id)."""
        sheet_i = _cell(lines, "sheet", i)
        row, line_id = int(_cell(lines, "row", i)), _cell(lines, "line_id", i)
        return Issue.of(level, text, sheet_i, row, column[sheet_i], typed[i], line_id, file)

    if declared:
        for name in used:
            if name_key(name) in declared:
                mapping[name] = declared[name_key(name)]
        listed = joined([quoted(v.name) for v in project.variants])
        valid = lines["valid"].to_numpy(dtype=bool).copy()
        unknown = np.flatnonzero(~pd.Series(typed).isin(["", *mapping]).to_numpy())
        if len(unknown):
            import difflib  # (only for a variant name that is not declared: 0.6 ms of every start-up)
        for i in unknown:
            name = typed[i]
            close = difflib.get_close_matches(name_key(name), list(declared), n=1, cutoff=0.6)
            if close:
                text = Message(
                    "variant '{name}' is not on the '{sheet}' sheet (declared: {declared}); did you mean "
                    "'{close}'? Correct the name or add the variant to the '{sheet}' sheet — the line is not "
                    "computed",
                    name=name,
                    sheet=sheet,
                    declared=listed,
                    close=declared[close[0]],
                )
            else:
                text = Message(
                    "variant '{name}' is not on the '{sheet}' sheet (declared: {declared}); Correct the name "
                    "or add the variant to the '{sheet}' sheet — the line is not computed",
                    name=name,
                    sheet=sheet,
                    declared=listed,
                )
            issues.append(on_variant_cell("error", text, int(i)))
            valid[i] = False
        lines["valid"] = valid
    else:
        spelling = {name_key("base"): "base"}
        for name in used:
            first = spelling.setdefault(name_key(name), name)
            mapping[name] = first
            if first != name:
                i = np.flatnonzero(typed == name)[0]
                text = Message(
                    "variant '{name}' is read as '{first}' (case, accents and spaces are ignored)",
                    name=name,
                    first=first,
                )
                issues.append(on_variant_cell("info", text, int(i)))
    lines["variant"] = [mapping.get(name, name) for name in typed]
    common = lines["variant"].to_numpy(dtype=object) == ""
    for i in np.flatnonzero(common & (lines["replaces"].map(len).to_numpy() > 0)):
        sheet_i = _cell(lines, "sheet", i)
        replaces = project.headers.get(sheet_i, {}).get("replaces", "replaces")
        issues.append(
            Issue.of(
                "warning",
                Message(
                    "this line replaces {replaced} but has no variant: a line without a variant is in every "
                    "variant and removes nothing — give its variant in column '{variant}', or empty the "
                    "'{column}' cell",
                    replaced=", ".join(_cell(lines, "replaces", i)),
                    variant=column[sheet_i],
                    column=replaces,
                ),
                sheet_i,
                int(_cell(lines, "row", i)),
                replaces,
                ", ".join(_cell(lines, "replaces", i)),
                _cell(lines, "line_id", i),
                file,
            )
        )
    return lines
    project.issues = issues
    return project


def _cell(lines: pd.DataFrame, column: str, i: int | np.integer) -> Any:
    """The value of ``column`` on line ``i`` (a position)."""
    return lines[column].iat[int(i)]
