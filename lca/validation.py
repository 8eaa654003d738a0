"""Check a project workbook before sending it: every issue ``lca run`` would report, nothing written.

:func:`validate` reads the workbook and the extra factor tables and computes the project exactly as
``lca run`` does (so that every line-level problem and every plausibility warning collected by the
computation is found), then keeps only the issues, grouped by sheet, and a one-line verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from lca.errors import Issue, LCAError

Verdict = Literal["ok", "warnings", "errors", "unusable"]

#: Exit code of each verdict, the same as ``lca run``'s (0 usable, 3 lines rejected, 2 unusable).
EXIT_CODES: dict[str, int] = {"ok": 0, "warnings": 0, "errors": 3, "unusable": 2}

_TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "ok": "Fichier prêt : {count} ligne(s), toutes calculées, ni erreur ni avertissement.",
        "warnings": "Fichier utilisable : {count} ligne(s), toutes calculées ; {warnings} avertissement(s) "
        "à regarder avant l'envoi.",
        "errors": "À corriger : {errors} erreur(s), {rejected} ligne(s) sur {count} non calculée(s) ; "
        "{warnings} avertissement(s).",
        "unusable": "Fichier inutilisable : {message}",
        "general": "Général",
        "row": "ligne {row}",
        "column": "colonne « {column} »",
        "line": "ligne d'inventaire {line}",
        "error": "erreur",
        "warning": "avertissement",
        "info": "information",
        "count": "{n} remarque(s)",
        "sep": " : ",
    },
    "en": {
        "ok": "Ready: {count} line(s), all computed, no error or warning.",
        "warnings": "Usable: {count} line(s), all computed; {warnings} warning(s) worth a look before "
        "sending.",
        "errors": "To fix: {errors} error(s), {rejected} of {count} line(s) not computed; "
        "{warnings} warning(s).",
        "unusable": "Unusable file: {message}",
        "general": "General",
        "row": "row {row}",
        "column": "column '{column}'",
        "line": "inventory line {line}",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "count": "{n} issue(s)",
        "sep": ": ",
    },
}


@dataclass
class Validation:
    """What :func:`validate` found in a project workbook.

    Attributes
    ----------
    file
        The workbook checked.
    issues
        Every issue, in the order ``lca run`` reports them.
    count, computed
        Inventory and energy lines read, and those that compute.
    fatal
        The error that makes the workbook unusable (nothing computes), or None.
    """

    file: str
    issues: list[Issue] = field(default_factory=list)
    count: int = 0
    computed: int = 0
    fatal: LCAError | None = None
    workbook_lang: str | None = None

    @property
    def verdict(self) -> Verdict:
        """``ok``, ``warnings`` (computes; worth a look), ``errors`` (some lines rejected) or
        ``unusable``."""
        if self.fatal is not None:
            return "unusable"
        if any(i.level == "error" for i in self.issues):
            return "errors"
        return "warnings" if any(i.level == "warning" for i in self.issues) else "ok"

    @property
    def exit_code(self) -> int:
        """0, 3 or 2, as ``lca run`` would exit."""
        return EXIT_CODES[self.verdict]

    def by_sheet(self) -> dict[str, list[Issue]]:
        """The issues grouped by sheet (issues of no sheet under ``""``), sheets in order of appearance,
        issues by row."""
        groups: dict[str, list[Issue]] = {}
        for issue in self.issues:
            groups.setdefault(issue.sheet or "", []).append(issue)
        return {
            sheet: sorted(issues, key=lambda i: (i.row is None, i.row or 0))
            for sheet, issues in groups.items()
        }

    def summary(self, lang: str = "fr") -> str:
        """The one-line verdict in ``lang`` (``fr`` or ``en``)."""
        t = _TEXT[_lang(lang)]
        errors = sum(i.level == "error" for i in self.issues)
        warnings = sum(i.level == "warning" for i in self.issues)
        message = self.fatal.render(lang) if self.fatal is not None else ""
        return t[self.verdict].format(
            count=self.count,
            rejected=self.count - self.computed,
            errors=errors,
            warnings=warnings,
            message=message,
        )

    def format(self, lang: str = "fr") -> str:
        """A text report: the file, the issues grouped by sheet, and the verdict on the last line."""
        t = _TEXT[_lang(lang)]
        out = [self.file]
        for sheet, issues in self.by_sheet().items():
            out += ["", f"{sheet or t['general']} — {t['count'].format(n=len(issues))}"]
            for issue in issues:
                where = []
                if issue.row is not None:
                    where.append(t["row"].format(row=issue.row))
                elif issue.line_id:
                    where.append(t["line"].format(line=issue.line_id))
                if issue.column:
                    where.append(t["column"].format(column=issue.column))
                if issue.file and issue.file != self.file and not issue.sheet:
                    where.insert(0, Path(issue.file).name)
                prefix = f"{', '.join(where)} — " if where else ""
                out.append(f"  {prefix}{t[issue.level]}{t['sep']}{issue.text(lang)}")
        out += ["", self.summary(lang)]
        return "\n".join(out) + "\n"

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready: ``file``, ``verdict``, ``exit_code``, ``lines`` and ``issues`` (DESIGN §7 form);
        messages in ``lang``."""
        issues = [i.to_dict(lang) for i in self.issues]
        if self.fatal is not None:
            fatal = Issue.from_error(self.fatal)
            issues.append(fatal.to_dict(lang))
        return {
            "file": self.file,
            "verdict": self.verdict,
            "exit_code": self.exit_code,
            "lines": {
                "count": self.count,
                "computed": self.computed,
                "rejected": self.count - self.computed,
            },
            "issues": issues,
        }


def validate(
    path: str | Path,
    factors: Sequence[str | Path] = (),
    *,
    defaults: bool = True,
    method: str | None = None,
    strict: bool = False,
    max_rows: int | None = None,
) -> Validation:
    """Check a project workbook as ``lca run`` would read and compute it, without writing anything.

    Parameters
    ----------
    path
        The project workbook (``.xlsx``/``.ods``) or folder of CSV sheets.
    factors
        Extra factor tables, stacked over the shipped ones as with ``lca run --factors``.
    defaults
        Stack the shipped factor tables first.
    method
        ``en15978`` or ``re2020`` (default: the workbook's).
    strict
        Count warnings as errors, as ``lca run --strict`` does.
    max_rows
        Most rows read from one sheet or factor table (default :data:`lca.limits.MAX_ROWS`).

    Returns
    -------
    Validation
        The issues, the line counts and the verdict; an unusable workbook is a verdict, not an
        exception.
    """
    from lca.engine import compute
    from lca.factors import read_factors
    from lca.i18n import detect_workbook_lang
    from lca.io.workbook import read_project
    from lca.limits import MAX_ROWS

    check = Validation(str(path))
    max_rows = max_rows or MAX_ROWS
    try:
        project = read_project(path, max_rows=max_rows)
        words = [str(sheet) for sheet in project.headers]
        words += [str(h) for headers in project.headers.values() for h in headers.values()]
        check.workbook_lang = detect_workbook_lang(words)
        tables, issues = [], []
        for table_path in factors:
            table, more = read_factors(table_path, max_rows=max_rows)
            tables.append(table)
            issues += more
        project.issues = issues + project.issues
        check.count = len(project.lines)
        results = compute(project, tables, defaults=defaults, method=method)
    except LCAError as err:
        check.fatal = err
        return check
    check.computed = len(results.lines)
    check.issues = list(results.issues)
    if strict:
        from dataclasses import replace

        check.issues = [
            replace(i, level="error", message=f"{i.message} (--strict)") if i.level == "warning" else i
            for i in check.issues
        ]
    return check


def _lang(lang: str) -> str:
    if lang not in _TEXT:
        from lca.errors import InputError

        raise InputError(f"unknown language {lang!r}; expected one of {list(_TEXT)}", value=lang)
    return lang
