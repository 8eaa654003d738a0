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

#: Order of the levels in a count (``2 erreurs, 1 avertissement, 3 remarques``).
LEVELS = ("error", "warning", "info")


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

    def summary(self, lang: str | None = None) -> str:
        """The one-line verdict in ``lang`` (default :func:`lca.i18n.current_lang`), with the plural
        forms of the language (``1 ligne``, ``2 erreurs``)."""
        from lca.i18n import Message, check_lang, translate

        lang = check_lang(lang) if lang is not None else None
        if self.fatal is not None:
            return translate("Unusable file: {message}", lang, message=self.fatal.render(lang))
        levels = [i.level for i in self.issues]
        warnings = Message("{n} warning", plural="{n} warnings", n=levels.count("warning"))
        if self.verdict == "ok":
            return translate(
                "Ready: {n} line, computed, no error or warning.", lang,
                plural="Ready: {n} lines, all computed, no error or warning.", n=self.count,
            )  # fmt: skip
        if self.verdict == "warnings":
            return translate(
                "Usable: {n} line, computed; {warnings} worth a look before sending.", lang,
                plural="Usable: {n} lines, all computed; {warnings} worth a look before sending.",
                n=self.count, warnings=warnings,
            )  # fmt: skip
        rejected = Message(
            "{n} of {count} line not computed", plural="{n} of {count} lines not computed",
            n=self.count - self.computed, count=self.count,
        )  # fmt: skip
        errors = Message("{n} error", plural="{n} errors", n=levels.count("error"))
        return translate(
            "To fix: {errors}, {rejected}; {warnings}.",
            lang,
            errors=errors,
            rejected=rejected,
            warnings=warnings,
        )

    def format(self, lang: str | None = None, width: int | None = None) -> str:
        """A text report: the file, the issues grouped by sheet (each sheet with its count of errors,
        warnings and notes), and the verdict on the last line; lines wrapped to ``width`` characters
        (default :func:`lca.terminal.terminal_width`)."""
        from lca.i18n import check_lang, label, translate, use_lang, where
        from lca.terminal import terminal_width, wrap_text

        width = terminal_width() if width is None else width

        def wrap(text: str, indent: str = "", more: str = "  ") -> list[str]:
            return wrap_text(text, width, indent, more)

        with use_lang(check_lang(lang) if lang is not None else None) as lang:
            out = [self.file]
            for sheet, issues in self.by_sheet().items():
                counts = ", ".join(count_levels(issues, lang))
                name = sheet or translate("General", lang)  # issues of no sheet
                out += ["", *wrap(f"{name} — {counts}")]
                for issue in issues:
                    line_id = issue.line_id if issue.row is None else None
                    file = (
                        Path(issue.file).name
                        if issue.file and issue.file != self.file and not issue.sheet
                        else None
                    )
                    located = where(file, None, issue.row, issue.column, line_id, lang)
                    text = issue.text(lang)
                    if located:
                        text = translate("{where}: {message}", lang, where=located, message=text)
                    out += wrap(f"[{label('level', issue.level, lang)}] {text}", "  ", "    ")
            out += ["", *wrap(self.summary(lang), "", "")]
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

        from lca.i18n import Message

        def promote(issue: Issue) -> Issue:
            msg = Message(
                "{message} (--strict)", message=issue.msg if issue.msg is not None else issue.message
            )
            return replace(issue, level="error", message=msg.render("en"), msg=msg)

        check.issues = [promote(i) if i.level == "warning" else i for i in check.issues]
    return check


def count_levels(issues: Sequence[Issue], lang: str | None = None) -> list[str]:
    """``["2 erreurs", "1 avertissement"]``: the issues counted by level, errors first, in ``lang``."""
    from lca.i18n import translate

    levels = [i.level for i in issues]
    counts = {
        "error": lambda n: translate("{n} error", lang, plural="{n} errors", n=n),
        "warning": lambda n: translate("{n} warning", lang, plural="{n} warnings", n=n),
        "info": lambda n: translate("{n} note", lang, plural="{n} notes", n=n),
    }
    return [counts[level](levels.count(level)) for level in LEVELS if level in levels]
