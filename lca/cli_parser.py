"""The parser of the ``lca`` command: commands, options, help texts in the user's language, examples.

Every help text is a catalogue entry (:mod:`lca.i18n`); argparse's own words are translated by
:func:`_localise`; every command gets ``--lang`` and two examples (:func:`_every_command`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from lca.cli_common import _version, add_method_option
from lca.cli_serve import add_parser as _add_serve_parser
from lca.i18n import Message


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; help texts in the current language (``--lang`` read ahead by :func:`main`, else the
    locale's, else French). ``only``: that command alone (the one being run: building every command's
    translated help costs more than a small run); every command otherwise (``lca --help``, a typo)."""
    from lca.i18n import translate as _

    parser = argparse.ArgumentParser(
        prog="lca",
        description=_wrapped(
            _("Building life-cycle assessment (EN 15978, EN 15804+A1/+A2) from a project workbook.")
        ),
    )
    parser.add_argument("--version", action=_LazyVersion)
    sub = parser.add_subparsers(dest="command", required=True, metavar=_("COMMAND"))

    for name, add in COMMAND_PARSERS.items():
        if only is None or name == only:
            add(sub)
    _every_command(sub)
    _localise(parser)
    return parser


def _add_run(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``run`` subcommand."""
    from lca.i18n import translate as _

    run = sub.add_parser("run", help=_("compute the life-cycle impacts of a project workbook"))
    run.add_argument("project", help=_("project workbook (.xlsx/.ods) or folder of CSV sheets"))
    run.add_argument(
        "--factors",
        action="append",
        default=[],
        metavar="FILE",
        help=_("extra factor table (CSV/xlsx), stacked over the shipped ones; repeatable"),
    )
    run.add_argument("--no-default-factors", action="store_true", help=_("do not stack the shipped tables"))
    add_method_option(run, _("calculation method (default: the workbook's, else en15978)"))
    run.add_argument(
        "--period", type=_years, metavar="YEARS", help=_("study period (default: the workbook's, else 50)")
    )
    run.add_argument(
        "--no-default-service-lives",
        action="store_true",
        help=_("do not give lines without a service life the BNB default of their factor's category"),
    )
    run.add_argument("--replacement", choices=["ceil", "fraction"], help=_("replacement rule"))
    run.add_argument("--indicators", metavar="LIST", help=_("comma-separated indicators (default: all)"))
    run.add_argument(
        "--format",
        choices=["table", "json", "csv", "xlsx"],
        default="table",
        help=_(
            "table: summary for the terminal; json: every figure and issue; csv/xlsx: the tidy table "
            "(csv in the spreadsheet dialect of --lang: ';' and decimal comma in French)"
        ),
    )
    run.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE instead of standard output"))
    run.add_argument("--strict", action="store_true", help=_("treat data-quality warnings as errors"))
    run.add_argument("--debug", action="store_true", help=_("show tracebacks and debug logs"))
    _add_max_rows(run)


def _add_template(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``template`` subcommand."""
    from lca.i18n import translate as _

    template = sub.add_parser("template", help=_("write an empty project workbook with notes and drop-downs"))
    template.add_argument("output", help=_("the .xlsx file to write"))
    template.add_argument("--lang", choices=["fr", "en"], help=_("language of the sheets, headers and notes"))
    template.add_argument("--force", action="store_true", help=_("replace the file if it exists"))
    template.add_argument("--debug", action="store_true", help=_("show tracebacks and debug logs"))


def _add_factors(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``factors`` subcommand and its own (search, show, the importers)."""
    from lca.factor_display import add_parsers as _add_factor_parsers  # help texts in the user's language
    from lca.factor_display import command_help
    from lca.factor_display import help_text as _

    factors = sub.add_parser(
        "factors",
        **command_help(
            _("import, search and show emission factors"), "factors search BA13", "factors show 8041ec07"
        ),
    )
    fsub = factors.add_subparsers(dest="factors_command", required=True)
    oeko = fsub.add_parser(
        "import-oekobaudat",
        **command_help(
            _("convert an ÖKOBAUDAT CSV export to a factor table"),
            "factors import-oekobaudat OBD_2024_I.csv -o obd_2024.csv",
            "factors import-oekobaudat OBD_2020_II.csv -o generic.csv --generic-only",
        ),
    )
    oeko.add_argument("export", help=_("the ÖKOBAUDAT CSV export (as downloaded from oekobaudat.de)"))
    oeko.add_argument("-o", "--output", required=True, help=_("the factor table to write (.csv)"))
    oeko.add_argument("--generic-only", action="store_true", help=_("keep only generic datasets"))
    oeko.add_argument("--debug", action="store_true", help=_("show tracebacks and debug logs"))
    ilcd = fsub.add_parser(
        "import-ilcd",
        **command_help(
            _("convert ILCD+EPD datasets (XML, folder or zip)"),
            "factors import-ilcd fdes_export.zip -o fdes.csv",
            "factors import-ilcd process.xml -o epd.csv",
        ),
    )
    ilcd.add_argument("path", help=_("an ILCD+EPD process XML, a folder or a zip of them"))
    ilcd.add_argument("-o", "--output", required=True, help=_("the factor table to write (.csv)"))
    ilcd.add_argument("--debug", action="store_true", help=_("show tracebacks and debug logs"))
    _add_factor_parsers(fsub)


def _add_validate(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``validate`` subcommand."""
    from lca.i18n import translate as _

    check = sub.add_parser(
        "validate", help=_("check a project workbook without computing the report: issues and a verdict")
    )
    check.add_argument("project", help=_("project workbook (.xlsx/.ods) or folder of CSV sheets"))
    check.add_argument("--factors", action="append", default=[], metavar="FILE", help=_("extra factor table"))
    check.add_argument("--no-default-factors", action="store_true", help=_("do not stack the shipped tables"))
    add_method_option(check)
    check.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help=_("text: issues by sheet and a verdict; json: the same as a document"),
    )
    check.add_argument("--strict", action="store_true", help=_("treat data-quality warnings as errors"))
    check.add_argument("--debug", action="store_true", help=_("show tracebacks and debug logs"))
    _add_max_rows(check)


def _add_uncertainty(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``uncertainty`` subcommand (:mod:`lca.cli_uncertainty`)."""
    from lca.cli_uncertainty import add_parser

    add_parser(sub)


#: The commands, in the order of ``lca --help``, and the function that adds each to the parser.
COMMAND_PARSERS: dict[str, Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]] = {
    "run": lambda sub: _add_run(sub),
    "template": lambda sub: _add_template(sub),
    "factors": lambda sub: _add_factors(sub),
    "compare": lambda sub: _add_compare(sub),
    "report": lambda sub: _add_report(sub),
    "validate": lambda sub: _add_validate(sub),
    "uncertainty": lambda sub: _add_uncertainty(sub),
    "serve": lambda sub: _add_serve_parser(sub),
}

#: Two examples ending each command's help (``lca run --help``), by command.
EXAMPLES: dict[str, tuple[str, str]] = {
    "run": ("lca run projet.xlsx", "lca run projet.xlsx --lang en --format csv -o resultats.csv"),
    "compare": (
        "lca compare projet.xlsx -o rapport.xlsx --charts graphiques",
        "lca compare projet.xlsx --baseline base --variants base,bois --lang en",
    ),
    "report": (
        "lca report projet.xlsx -o rapport.xlsx",
        "lca report projet.xlsx --variant bois -o bois.xlsx",
    ),
    "validate": ("lca validate projet.xlsx", "lca validate projet.xlsx --strict --format json"),
    "template": ("lca template projet.xlsx", "lca template project.xlsx --lang en"),
    "uncertainty": (
        "lca uncertainty projet.xlsx",
        "lca uncertainty projet.xlsx -n 2000 -o incertitudes.xlsx",
    ),
    "serve": ("lca serve", "lca serve --port 8080"),
    # the factors commands write their own epilog (lca.factor_display); the same examples, for the tests
    "import-oekobaudat": (
        "lca factors import-oekobaudat OBD_2024_I.csv -o obd_2024.csv",
        "lca factors import-oekobaudat OBD_2020_II.csv -o generic.csv --generic-only",
    ),
    "import-ilcd": (
        "lca factors import-ilcd fdes_export.zip -o fdes.csv",
        "lca factors import-ilcd process.xml -o epd.csv",
    ),
    "search": ('lca factors search "laine de verre"', "lca factors search BA13 --unit m2"),
    "show": ("lca factors show 8041ec07", "lca factors show 8041ec07 --lang en"),
    "factors": ('lca factors search "laine de verre"', "lca factors import-ilcd fdes.zip -o facteurs.csv"),
}

#: Help of options that a command declares without one (the same option means the same everywhere).
OPTION_HELP = {
    "debug": Message("show tracebacks and debug logs"),
    "factors": Message("extra factor table (CSV/xlsx), stacked over the shipped ones; repeatable"),
    "format": Message("output format"),
    "output": Message("the file to write"),
}
#: The placeholders of the help (``--output FILE``, ``project``) as the reader names them.
METAVARS = {
    "FILE": Message("FILE"),
    "DIR": Message("DIR"),
    "LIST": Message("LIST"),
    "NAME": Message("NAME"),
    "YEARS": Message("YEARS"),
    "TEXT": Message("TEXT"),
    "UNIT": Message("UNIT"),
    "MB": Message("MB"),
    "HOST": Message("HOST"),
    "project": Message("project"),
    "output": Message("output"),
    "export": Message("export"),
    "path": Message("path"),
    "text": Message("text"),
    "factor_id": Message("factor-id"),
}
LANG_HELP = Message(
    "language of messages and outputs (default: the workbook's language, else the locale's, else fr)"
)


def _every_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """What every command has: ``--lang`` (default: the workbook's language, resolved in :func:`main`),
    a help text for each option and two examples at the end of its help."""
    from lca.i18n import translate

    for name, command in sub.choices.items():
        nested = [a for a in command._actions if isinstance(a, argparse._SubParsersAction)]
        for group in nested:
            _every_command(group)
        examples = EXAMPLES.get(name)
        if examples and not command.epilog:  # a command may write its own (lca.factor_display)
            command.formatter_class = argparse.RawDescriptionHelpFormatter
            command.epilog = translate("Examples:") + "\n" + "\n".join(f"  {e}" for e in examples)
        _localise(command)
        if nested:
            continue
        lang = [a for a in command._actions if "--lang" in a.option_strings]
        if not lang:
            command.add_argument("--lang", choices=_languages(), default=None, help=LANG_HELP.render())
        for action in lang:  # a command that declared its own --lang: same default and help
            action.default, action.help = None, action.help or LANG_HELP.render()
        for action in command._actions:
            shown = action.metavar
            if shown is None and action.nargs != 0 and action.choices is None:  # argparse shows the dest
                shown = action.dest.upper() if action.option_strings else action.dest
            if isinstance(shown, str) and shown in METAVARS:
                action.metavar = METAVARS[shown].render()
            if action.help is None:
                known = OPTION_HELP.get(action.dest)
                action.help = known.render() if known else action.dest.replace("_", " ")


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help with its ``usage:`` in the current language."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        from lca.i18n import translate

        return super().add_usage(usage, actions, groups, translate("usage: ") if prefix is None else prefix)


def _localise(parser: argparse.ArgumentParser) -> None:
    """argparse's own words in the help (usage, section titles, -h and --version) in the current
    language; its error messages (``invalid choice``…) stay English."""
    from lca.i18n import translate

    parser.formatter_class = _HelpFormatter
    parser._positionals.title = translate("positional arguments")
    parser._optionals.title = translate("options")
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = translate("show this help message and exit")
        elif isinstance(action, argparse._VersionAction):
            action.help = translate("show the version number and exit")


def _wrapped(text: str) -> str:
    """``text`` wrapped to argparse's width (``COLUMNS``, else the terminal's, minus 2): the help formatter
    keeps texts as written (for the examples), so a long description is wrapped here."""
    import shutil
    import textwrap

    return textwrap.fill(text, max(shutil.get_terminal_size().columns - 2, 40))


def _languages() -> list[str]:
    """The shipped languages, French (the default) first, as every command lists them: ``{fr,en}``."""
    from lca.i18n import languages

    return sorted(languages(), key=lambda lang: (lang != "fr", lang))


def _years(text: str) -> float:
    """``--period``: a number of years > 0 and at most MAX_STUDY_PERIOD (``0``, ``nan``, ``inf`` refused)."""
    from lca.limits import MAX_STUDY_PERIOD

    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = float("nan")
    if not 0 < value <= MAX_STUDY_PERIOD:  # also refuses nan
        raise argparse.ArgumentTypeError(
            f"study period must be > 0 years and at most {MAX_STUDY_PERIOD:g} (MAX_STUDY_PERIOD), "
            f"found {text!r}; give a number of years such as 50"
        )
    return value


def _add_compare(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``compare`` subcommand."""
    from lca.i18n import translate as _

    comp = sub.add_parser("compare", help=_("compare the variants of a project; write the report and charts"))
    comp.add_argument("project", help=_("project workbook (.xlsx/.ods) or folder of CSV sheets"))
    comp.add_argument("--factors", action="append", default=[], metavar="FILE", help=_("extra factor table"))
    comp.add_argument("--baseline", metavar="NAME", help=_("reference variant (default: the first)"))
    comp.add_argument(
        "--timestamp", action="store_true", help=_("write the date of the computation in the report")
    )
    comp.add_argument(
        "--variants", metavar="LIST", help=_("comma-separated variants to compare (default: all)")
    )
    comp.add_argument("-o", "--output", metavar="FILE", help=_("write the Excel report to FILE (.xlsx)"))
    comp.add_argument("--charts", metavar="DIR", help=_("write the charts into DIR"))
    comp.add_argument("--chart-format", default="png", metavar="LIST", help=_("png,svg,pdf (default: png)"))
    comp.add_argument("--lang", choices=["fr", "en"], help=LANG_HELP.render())
    add_method_option(comp)
    comp.add_argument("--debug", action="store_true", help=_("show tracebacks and debug logs"))
    _add_max_rows(comp)


def _add_report(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``report`` subcommand."""
    from lca.i18n import translate as _

    rep = sub.add_parser("report", help=_("write the Excel report of one variant"))
    rep.add_argument("project", help=_("project workbook (.xlsx/.ods) or folder of CSV sheets"))
    rep.add_argument("-o", "--output", required=True, metavar="FILE", help=_("the Excel report (.xlsx)"))
    rep.add_argument("--factors", action="append", default=[], metavar="FILE", help=_("extra factor table"))
    rep.add_argument("--variant", metavar="NAME", help=_("the variant (default: the baseline)"))
    rep.add_argument("--lang", choices=["fr", "en"], help=LANG_HELP.render())
    rep.add_argument("--no-charts", action="store_true", help=_("do not embed the charts"))
    rep.add_argument(
        "--timestamp", action="store_true", help=_("write the date of the computation in the report")
    )
    add_method_option(rep)
    rep.add_argument("--debug", action="store_true", help=_("show tracebacks and debug logs"))
    _add_max_rows(rep)


def _add_max_rows(parser: argparse.ArgumentParser) -> None:
    """The ``--max-rows`` option of the commands that read a project (lca.limits.MAX_ROWS)."""
    from lca.i18n import Num, translate
    from lca.limits import MAX_ROWS

    parser.add_argument(
        "--max-rows",
        type=int,
        default=MAX_ROWS,
        metavar="N",
        help=translate(
            "most rows read from one sheet or factor table (default {n}); the rest is reported",
            n=Num(MAX_ROWS, "count"),  # type: ignore[arg-type]  # rendered as {n}; translate says int
        ),
    )


class _LazyVersion(argparse._VersionAction):
    """``--version``: the version is read (importlib.metadata, ~50 ms) only when it is asked for."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        self.version = f"lca {_version()}"
        super().__call__(parser, namespace, values, option_string)
