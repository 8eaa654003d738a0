"""What the ``lca`` commands share: the language of the outputs, reading a project, notes on stderr.

Used by :mod:`lca.cli` and the command modules (:mod:`lca.cli_commands`, :mod:`lca.cli_uncertainty`,
:mod:`lca.cli_serve`); imports none of them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from lca.errors import Issue
    from lca.factors import FactorTable
    from lca.model import Project

EXIT_OK, EXIT_INPUT, EXIT_REJECTED = 0, 2, 3


def add_method_option(parser: argparse.ArgumentParser, help_text: str | None = None) -> None:
    """The ``--method`` option of the commands that compute (its help in the current language)."""
    from lca.i18n import translate

    parser.add_argument(
        "--method",
        choices=["en15978", "re2020"],
        help=help_text or translate("calculation method (default: the workbook's)"),
    )


def _help_lang(argv: Sequence[str]) -> None:
    """The language of the help: ``--lang`` read ahead of the parser, else the locale's, else French
    (the workbook, whose language is the default of the outputs, is not read to show a help)."""
    from lca.i18n import languages, set_lang

    typed = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            typed = argv[i + 1]
        elif arg.startswith("--lang="):
            typed = arg.split("=", 1)[1]
    set_lang(typed if typed in languages() else None)


def _speak(args: argparse.Namespace) -> None:
    """Choose the language: ``--lang``, else (after reading it, :func:`_load`) the workbook's, else the
    locale's, else French. ``args.lang`` becomes the language in use; ``args.lang_option`` keeps what was
    typed (``factors search --lang de`` searches German names and speaks the locale's language)."""
    from lca.i18n import languages, resolve_lang, set_lang

    typed = getattr(args, "lang", None)
    args.lang_option = typed
    args.lang_given = typed if typed in languages() else None
    args.lang = resolve_lang(args.lang_given)
    set_lang(args.lang)


def _workbook_lang(project: Project) -> str | None:
    """The language of a workbook's sheet names and headers (French words: ``fr``), else None."""
    from lca.i18n import detect_workbook_lang

    found = getattr(project, "lang", None)
    if found:
        return str(found)
    words = [str(sheet) for sheet in project.headers]
    words += [str(h) for headers in project.headers.values() for h in headers.values()]
    return detect_workbook_lang(words)


def _written(path: str, what: str = "file") -> None:
    """``fichier écrit : rapport.xlsx`` on stderr."""
    from lca.i18n import translate

    if what == "charts":
        print(translate("charts written to {folder}", folder=path), file=sys.stderr)
    else:
        print(translate("file written: {path}", path=path), file=sys.stderr)


def _load(args: argparse.Namespace) -> tuple[Project, list[FactorTable]]:
    """The project and the ``--factors`` tables; the tables' issues go first in the project's."""
    from lca import read_factors, read_project
    from lca.limits import MAX_ROWS

    max_rows = getattr(args, "max_rows", None) or MAX_ROWS
    project = read_project(args.project, max_rows=max_rows)
    tables, issues = [], []
    for path in args.factors:
        table, more = read_factors(path, max_rows=max_rows)
        tables.append(table)
        issues += more
    project.issues = issues + project.issues
    if getattr(args, "lang_given", None) is None and hasattr(args, "lang"):  # --lang not given
        from lca.i18n import resolve_lang, set_lang

        args.lang = resolve_lang(None, _workbook_lang(project))
        set_lang(args.lang)
    return project, tables


def _outputs(args: argparse.Namespace) -> None:
    """Refuse unusable output paths before any work: a folder as -o, a file as --charts, an input as -o."""
    from lca.io.output import check_folder, check_output

    if getattr(args, "output", None) is not None:
        inputs = [getattr(args, "project", None), getattr(args, "export", None), getattr(args, "path", None)]
        check_output(args.output, inputs=tuple(i for i in [*inputs, *getattr(args, "factors", [])] if i))
    if getattr(args, "charts", None):
        check_folder(args.charts)


def _variant_names(known: list[str]) -> Callable[[str], str]:
    """A variant named on the command line as in the workbook: case, accents and spaces ignored."""
    from lca.io.variants import name_key

    index = {name_key(v): v for v in known}
    return lambda name: index.get(name_key(name), name.strip())


def _promote(issue: Issue) -> Issue:
    from dataclasses import replace

    from lca.i18n import Message

    msg = Message("{message} (--strict)", message=issue.msg if issue.msg is not None else issue.message)
    return replace(issue, level="error", message=msg.render("en"), msg=msg)


def _print_import_issues(issues: list[Issue]) -> None:
    """Every issue of an import with its file: errors, then warnings, then notes (each line or dataset
    left out is among them: nothing an importer skips goes unsaid)."""
    order = {"error": 0, "warning": 1, "info": 2}
    for issue in sorted(issues, key=lambda i: order.get(i.level, 3)):
        print(f"{issue.file}: {issue.render()}" if issue.file else issue.render(), file=sys.stderr)


def _print_issues(issues: list[Issue], limit: int = 20) -> None:
    """The first ``limit`` issues on stderr, in the current language, then how many more there are."""
    from lca.i18n import translate
    from lca.terminal import is_terminal, terminal_width, wrap_text  # wrapped on a terminal only: a pipe

    width = terminal_width(sys.stderr) if is_terminal(sys.stderr) else None  # or a log gets one per line
    for issue in issues[:limit]:
        text = issue.render()
        print("\n".join(wrap_text(text, width, "", "    ")) if width else text, file=sys.stderr)
    if len(issues) > limit:
        more = len(issues) - limit
        print(translate("… and {n} more issue", plural="… and {n} more issues", n=more), file=sys.stderr)


def _imported(frame: pd.DataFrame, path: str) -> None:
    """``12 facteurs (240 lignes) écrits dans facteurs.csv`` on stderr."""
    from lca.i18n import translate

    factors = translate("{n} factor", plural="{n} factors", n=int(frame["factor_id"].nunique()))
    rows = translate("{n} row", plural="{n} rows", n=len(frame))
    print(
        translate("{factors} ({rows}) written to {path}", factors=factors, rows=rows, path=path),
        file=sys.stderr,
    )


def _version() -> str:
    from lca import __version__

    return __version__
