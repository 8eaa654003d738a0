"""The ``lca`` command: parse arguments, call the library, print, exit with a code.

Exit codes: 0 computed without error-level issues; 3 computed but some lines were rejected (or,
with ``--strict``, some warnings were raised); 2 unusable input or arguments.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from lca.errors import LCAError
from lca.i18n import Message

EXIT_OK, EXIT_INPUT, EXIT_REJECTED = 0, 2, 3


def _parser() -> argparse.ArgumentParser:
    """The parser; help texts in the current language (``--lang`` read ahead by :func:`main`, else the
    locale's, else French)."""
    from lca.i18n import translate as _

    parser = argparse.ArgumentParser(
        prog="lca",
        description=_("Building life-cycle assessment (EN 15978, EN 15804+A1/+A2) from a project workbook."),
    )
    parser.add_argument("--version", action=_LazyVersion)
    sub = parser.add_subparsers(dest="command", required=True)

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
    run.add_argument(
        "--method",
        choices=["en15978", "re2020"],
        help=_("calculation method (default: the workbook's, else en15978)"),
    )
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

    template = sub.add_parser("template", help=_("write an empty project workbook with notes and drop-downs"))
    template.add_argument("output", help=_("the .xlsx file to write"))
    template.add_argument("--lang", choices=["fr", "en"], help=_("language of the sheets, headers and notes"))
    template.add_argument("--force", action="store_true", help=_("replace the file if it exists"))
    template.add_argument("--debug", action="store_true", help=_("show tracebacks and debug logs"))

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
    _add_compare_parsers(sub)
    from lca.i18n import translate as _

    check = sub.add_parser(
        "validate", help=_("check a project workbook without computing the report: issues and a verdict")
    )
    check.add_argument("project", help=_("project workbook (.xlsx/.ods) or folder of CSV sheets"))
    check.add_argument("--factors", action="append", default=[], metavar="FILE", help=_("extra factor table"))
    check.add_argument("--no-default-factors", action="store_true", help=_("do not stack the shipped tables"))
    check.add_argument(
        "--method", choices=["en15978", "re2020"], help=_("calculation method (default: the workbook's)")
    )
    check.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help=_("text: issues by sheet and a verdict; json: the same as a document"),
    )
    check.add_argument("--strict", action="store_true", help=_("treat data-quality warnings as errors"))
    check.add_argument("--debug", action="store_true", help=_("show tracebacks and debug logs"))
    _add_max_rows(check)
    from lca.cli_uncertainty import add_parser as _add_uncertainty_parser  # lca uncertainty

    _add_uncertainty_parser(sub)
    _add_serve_parser(sub)
    _every_command(sub)
    _localise(parser)
    return parser


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
LANG_HELP = Message(
    "language of messages and outputs (default: the workbook's language, else the locale's, else fr)"
)


def _every_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
            if action.help is None:
                known = OPTION_HELP.get(action.dest)
                action.help = known.render() if known else action.dest.replace("_", " ")


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help with its ``usage:`` in the current language."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
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


def _languages() -> list[str]:
    from lca.i18n import languages

    return list(languages())


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


def _add_compare_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The ``compare`` and ``report`` subcommands."""
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
    comp.add_argument(
        "--method", choices=["en15978", "re2020"], help=_("calculation method (default: the workbook's)")
    )
    comp.add_argument("--debug", action="store_true", help=_("show tracebacks and debug logs"))
    _add_max_rows(comp)
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
    rep.add_argument(
        "--method", choices=["en15978", "re2020"], help=_("calculation method (default: the workbook's)")
    )
    rep.add_argument("--debug", action="store_true", help=_("show tracebacks and debug logs"))
    _add_max_rows(rep)


def _add_max_rows(parser: argparse.ArgumentParser) -> None:
    """The ``--max-rows`` option of the commands that read a project (lca.limits.MAX_ROWS)."""
    from lca.i18n import translate
    from lca.limits import MAX_ROWS

    parser.add_argument(
        "--max-rows",
        type=int,
        default=MAX_ROWS,
        metavar="N",
        help=translate(
            "most rows read from one sheet or factor table (default {n}); the rest is reported", n=MAX_ROWS
        ),
    )


def _add_serve_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The ``serve`` subcommand: the web page (needs ``pip install "lca[web]"``)."""
    serve = sub.add_parser("serve", help="the web page: drop a workbook, read the results, get the report")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: this computer only)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the page in the web browser")
    serve.add_argument(
        "--max-upload",
        type=float,
        default=20,
        metavar="MB",
        help="largest workbook accepted (default: 20 MB)",
    )
    serve.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")


def _serve(args: argparse.Namespace) -> int:
    """Run the web page until Ctrl+C (lca.web; docs/web.md)."""
    try:
        import uvicorn

        from lca.web.app import create_app
    except ImportError as err:
        print(
            f'lca: error: the web page needs its extra: pip install "lca[web]" ({err.name} missing)',
            file=sys.stderr,
        )
        return EXIT_INPUT
    if not 0 < args.max_upload <= 1024:
        print("lca: error: --max-upload must be between 0 and 1024 MB", file=sys.stderr)
        return EXIT_INPUT
    local = args.host in ("127.0.0.1", "localhost", "::1") or args.host.startswith("127.")
    if not local:
        print(
            f"lca: warning: listening on {args.host}: anyone who can reach this computer on the network can "
            "use the page and send it files. Use the default --host 127.0.0.1 to keep it to this computer.",
            file=sys.stderr,
        )
    hosts = ["127.0.0.1", "localhost", "[::1]", args.host] if local else None
    app = create_app(max_upload=int(args.max_upload * 2**20), hosts=hosts)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{shown}:{args.port}/"
    print(f"lca: the page is at {url} (Ctrl+C stops it)", file=sys.stderr)
    if args.open:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, [url]).start()
    uvicorn.run(
        app, host=args.host, port=args.port, log_level="debug" if args.debug else "info", server_header=False
    )
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``lca`` console script."""
    _help_lang(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(message)s")
    try:
        _speak(args)
        if args.command == "run":
            return _run(args)
        if args.command in ("compare", "report"):
            return _compare(args)
        if args.command == "uncertainty":
            from lca.cli_uncertainty import run as _uncertainty

            return _uncertainty(args)
        if args.command == "validate":
            return _validate(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "template":
            from lca.io.output import atomic_output, check_output
            from lca.io.template import write_template

            target = check_output(args.output, overwrite=args.force, option="template")
            with atomic_output(target) as temporary:
                write_template(temporary, lang=args.lang)
            _written(args.output)
            return EXIT_OK
        return _factors(args)
    except LCAError as err:  # only the project's errors: the library turns every other one into one
        if args.debug:
            raise
        from lca.i18n import translate

        text = err.render() if isinstance(err, LCAError) else str(err)
        print(translate("lca: error: {message}", message=text), file=sys.stderr)
        return EXIT_INPUT


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


def _workbook_lang(project) -> str | None:  # type: ignore[no-untyped-def]
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


def _load(args: argparse.Namespace):  # type: ignore[no-untyped-def]
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


def _run(args: argparse.Namespace) -> int:
    from lca import compute
    from lca.summary import format_summary

    _outputs(args)
    if args.format == "xlsx" and not args.output:
        from lca.errors import InputError
        from lca.i18n import Message

        raise InputError(
            Message("--format xlsx writes a workbook: give its file with -o, e.g. -o results.xlsx")
        )
    project, tables = _load(args)
    indicators = args.indicators.split(",") if args.indicators else None
    results = compute(
        project,
        tables,
        study_period=args.period,
        replacement_rule=args.replacement,
        indicators=indicators,
        defaults=not args.no_default_factors,
        method=args.method,
        default_service_lives=not args.no_default_service_lives,
    )
    if args.strict:
        results.issues = [i if i.level != "warning" else _promote(i) for i in results.issues]
    if args.format == "xlsx":
        from lca.io.export import write_xlsx
        from lca.io.output import atomic_output

        with atomic_output(args.output) as temporary:
            write_xlsx(results, temporary, args.lang)
        _print_issues(results.issues)
        _written(args.output)
        return EXIT_REJECTED if results.errors else EXIT_OK
    if args.format == "csv":
        from lca.io.export import csv_bytes

        data = csv_bytes(results, args.lang)  # French Excel's dialect in French: ';', decimal comma, BOM
        _print_issues(results.issues)
    elif args.format == "json":
        data = results.to_json(indent=2, lang=args.lang).encode("utf-8") + b"\n"
    else:
        data = format_summary(results, lang=args.lang).encode("utf-8")
    if args.output:
        from lca.io.output import write_bytes

        write_bytes(args.output, data)
        _written(args.output)
    else:
        text = data.decode("utf-8")  # a CSV's byte-order mark stays, as U+FEFF
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_REJECTED if results.errors else EXIT_OK


def _compare(args: argparse.Namespace) -> int:
    from lca import compute
    from lca.compare import compare
    from lca.io.output import atomic_folder, atomic_output
    from lca.report import write_report

    _outputs(args)
    project, tables = _load(args)
    results = compute(project, tables, method=args.method)
    named = _variant_names(results.variants)
    if args.command == "report":
        variant = named(args.variant) if args.variant else results.variants[0]
        comparison = compare(results, baseline=variant, variants=[variant])
        with atomic_output(args.output) as temporary:
            write_report(results, temporary, comparison=comparison, lang=args.lang, charts=not args.no_charts,
                         timestamp=args.timestamp)  # fmt: skip
        _written(args.output)
        return EXIT_REJECTED if results.errors else EXIT_OK
    variants = [named(v) for v in args.variants.split(",") if v.strip()] if args.variants else None
    comparison = compare(results, baseline=named(args.baseline) if args.baseline else None, variants=variants)
    formats = [f.strip().lower() for f in args.chart_format.split(",") if f.strip()]
    images: dict[str, bytes] = {}
    if args.charts:
        from lca.plots import save_charts

        with atomic_folder(args.charts) as staging:
            written = save_charts(results, staging, formats=formats, lang=args.lang, comparison=comparison)
            images = {p.stem: p.read_bytes() for p in written if p.suffix == ".png"}  # reused in the report
        _written(args.charts, "charts")
    if args.output:
        with atomic_output(args.output) as temporary:
            write_report(results, temporary, comparison=comparison, lang=args.lang, images=images,
                         timestamp=args.timestamp)  # fmt: skip
        _written(args.output)
    sys.stdout.write(_comparison_table(comparison, args.lang))
    _print_issues(results.errors)
    return EXIT_REJECTED if results.errors else EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from lca.i18n import resolve_lang, set_lang
    from lca.validation import validate

    check = validate(
        args.project,
        args.factors,
        defaults=not args.no_default_factors,
        method=args.method,
        strict=args.strict,
        max_rows=args.max_rows,
    )
    if check.fatal is not None and args.debug:
        raise check.fatal
    if args.lang_given is None:  # --lang not given: the workbook's language, else the locale's
        args.lang = resolve_lang(None, check.workbook_lang)
        set_lang(args.lang)
    if args.format == "json":
        import json

        document = check.to_dict(args.lang)
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
    else:
        sys.stdout.write(check.format(args.lang))
    return check.exit_code


def _variant_names(known: list[str]):  # type: ignore[no-untyped-def]
    """A variant named on the command line as in the workbook: case, accents and spaces ignored."""
    from lca.io.variants import name_key

    index = {name_key(v): v for v in known}
    return lambda name: index.get(name_key(name), name.strip())


def _comparison_table(comparison, lang: str | None = None, width: int | None = None) -> str:  # type: ignore[no-untyped-def]
    """The headline indicator per variant, fitting the terminal: per m², Δ against the baseline (in %
    and in the indicator's unit), rank, then per m²·yr, whole building and per dwelling.

    ``lang``: language (default :func:`lca.i18n.current_lang`); ``width``: characters per line (default
    :func:`lca.terminal.terminal_width`)."""
    import pandas as pd

    from lca.i18n import Message, Num, translate, use_lang
    from lca.i18n.numbers import format_quantity
    from lca.indicators import DEFAULT_INDICATOR, INDICATORS
    from lca.terminal import render_table

    with use_lang(lang) as lang:
        results = comparison.results
        indicator = DEFAULT_INDICATOR if DEFAULT_INDICATOR in results.indicators else results.indicators[0]
        unit = INDICATORS[indicator]
        views = ["per_m2", "per_m2_year", "total", "per_dwelling"]
        deltas = comparison.deltas([indicator], views).astype({"variant": str, "view": str})
        values = deltas.pivot(index="variant", columns="view", values="value").reindex(comparison.variants)
        total = deltas.loc[deltas["view"] == "total"].set_index("variant").reindex(comparison.variants)
        ranks = comparison.ranking([indicator]).set_index("variant")["rank"].reindex(comparison.variants)

        def cells(series, kind: str) -> list[str]:  # type: ignore[no-untyped-def]
            return [format_quantity(v, lang, kind) for v in series]

        columns = {
            translate("{unit}/m²", unit=unit): cells(values["per_m2"], "per_m2"),
            "Δ %": cells(total["delta_pct"], "percent"),
            translate("Δ {unit}", unit=unit): cells(total["delta"], "total"),
            translate("rank"): [format_quantity(r, lang, "count") for r in ranks],
            translate("{unit}/(m²·yr)", unit=unit): cells(values["per_m2_year"], "per_m2_year"),
            unit: cells(values["total"], "total"),
            translate("{unit}/dwelling", unit=unit): cells(values["per_dwelling"], "per_dwelling"),
        }
        table = pd.DataFrame(columns, index=pd.Index(comparison.variants, name=translate("Variant")))
        title = Message(
            "{indicator} over {period} years; baseline: {baseline}",
            indicator=indicator, period=Num(results.study_period, "years"), baseline=comparison.baseline,
        )  # fmt: skip
        return render_table(table, title=title, numeric=list(table.columns), width=width, lang=lang)


def _promote(issue):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from lca.i18n import Message

    msg = Message("{message} (--strict)", message=issue.msg if issue.msg is not None else issue.message)
    return replace(issue, level="error", message=msg.render("en"), msg=msg)


def _factors(args: argparse.Namespace) -> int:
    command = args.factors_command
    if command in ("import-oekobaudat", "import-ilcd"):
        _outputs(args)
    if command == "import-oekobaudat":
        from lca.io.oekobaudat import read_oekobaudat, write_factor_table
        from lca.io.output import atomic_output

        frame, issues = read_oekobaudat(args.export, types=["generic"] if args.generic_only else None)
        with atomic_output(args.output) as temporary:
            write_factor_table(frame, temporary)
        _print_import_issues(issues)
        _imported(frame, args.output)
        return EXIT_OK
    if command == "import-ilcd":
        from lca.io.ilcd import read_ilcd
        from lca.io.oekobaudat import write_factor_table
        from lca.io.output import atomic_output

        frame, issues = read_ilcd(args.path)
        with atomic_output(args.output) as temporary:
            write_factor_table(frame, temporary)
        _print_import_issues(issues)
        _imported(frame, args.output)
        return EXIT_OK
    from lca.factor_display import run as _factor_display

    return _factor_display(args, _search_table(args.factors))


def _search_table(paths: list[str]):  # type: ignore[no-untyped-def]
    from lca.factors import default_factors, read_factors, stack

    return stack([default_factors(), *(read_factors(p)[0] for p in paths)])


def _print_import_issues(issues: list) -> None:  # type: ignore[type-arg]
    """Every issue of an import with its file: errors, then warnings, then notes (each line or dataset
    left out is among them: nothing an importer skips goes unsaid)."""
    order = {"error": 0, "warning": 1, "info": 2}
    for issue in sorted(issues, key=lambda i: order.get(i.level, 3)):
        print(f"{issue.file}: {issue.render()}" if issue.file else issue.render(), file=sys.stderr)


def _print_issues(issues: list, limit: int = 20) -> None:  # type: ignore[type-arg]
    """The first ``limit`` issues on stderr, in the current language, then how many more there are."""
    from lca.i18n import translate

    for issue in issues[:limit]:
        print(issue.render(), file=sys.stderr)
    if len(issues) > limit:
        more = len(issues) - limit
        print(translate("… and {n} more issue", plural="… and {n} more issues", n=more), file=sys.stderr)


def _imported(frame, path: str) -> None:  # type: ignore[no-untyped-def]
    """``12 facteurs (240 lignes) écrits dans facteurs.csv`` on stderr."""
    from lca.i18n import translate

    factors = translate("{n} factor", plural="{n} factors", n=int(frame["factor_id"].nunique()))
    rows = translate("{n} row", plural="{n} rows", n=len(frame))
    print(
        translate("{factors} ({rows}) written to {path}", factors=factors, rows=rows, path=path),
        file=sys.stderr,
    )


class _LazyVersion(argparse._VersionAction):
    """``--version``: the version is read (importlib.metadata, ~50 ms) only when it is asked for."""

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        self.version = f"lca {_version()}"
        super().__call__(parser, namespace, values, option_string)


def _version() -> str:
    from lca import __version__

    return __version__


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
