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

EXIT_OK, EXIT_INPUT, EXIT_REJECTED = 0, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lca",
        description="Building life-cycle assessment (EN 15978, EN 15804+A1/+A2) from a project workbook.",
    )
    parser.add_argument("--version", action="version", version=f"lca {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="compute the life-cycle impacts of a project workbook")
    run.add_argument("project", help="project workbook (.xlsx/.ods) or folder of CSV sheets")
    run.add_argument(
        "--factors",
        action="append",
        default=[],
        metavar="FILE",
        help="extra factor table (CSV/xlsx), stacked over the shipped ones; repeatable",
    )
    run.add_argument("--no-default-factors", action="store_true", help="do not stack the shipped tables")
    run.add_argument(
        "--method",
        choices=["en15978", "re2020"],
        help="calculation method (default: the workbook's, else en15978)",
    )
    run.add_argument(
        "--period", type=_years, metavar="YEARS", help="study period (default: the workbook's, else 50)"
    )
    run.add_argument(
        "--no-default-service-lives",
        action="store_true",
        help="do not give lines without a service life the BNB default of their factor's category",
    )
    run.add_argument("--replacement", choices=["ceil", "fraction"], help="replacement rule")
    run.add_argument("--indicators", metavar="LIST", help="comma-separated indicators (default: all)")
    run.add_argument("--format", choices=["table", "json", "csv"], default="table")
    run.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    run.add_argument("--strict", action="store_true", help="treat data-quality warnings as errors")
    run.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    _add_max_rows(run)

    template = sub.add_parser("template", help="write an empty project workbook with notes and drop-downs")
    template.add_argument("output", help="the .xlsx file to write")
    template.add_argument("--lang", choices=["fr", "en"], default="fr")
    template.add_argument("--force", action="store_true", help="replace the file if it exists")
    template.add_argument("--debug", action="store_true")

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
    from lca.cli_uncertainty import add_parser as _add_uncertainty_parser  # lca uncertainty

    _add_uncertainty_parser(sub)
    return parser


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
    comp = sub.add_parser("compare", help="compare the variants of a project; write the report and charts")
    comp.add_argument("project", help="project workbook (.xlsx/.ods) or folder of CSV sheets")
    comp.add_argument("--factors", action="append", default=[], metavar="FILE", help="extra factor table")
    comp.add_argument("--baseline", metavar="NAME", help="reference variant (default: the first)")
    comp.add_argument("--variants", metavar="LIST", help="comma-separated variants to compare (default: all)")
    comp.add_argument("-o", "--output", metavar="FILE", help="write the Excel report to FILE (.xlsx)")
    comp.add_argument("--charts", metavar="DIR", help="write the charts into DIR")
    comp.add_argument("--chart-format", default="png", metavar="LIST", help="png,svg,pdf (default: png)")
    comp.add_argument("--lang", choices=["fr", "en"], default="fr")
    comp.add_argument(
        "--method", choices=["en15978", "re2020"], help="calculation method (default: the workbook's)"
    )
    comp.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    _add_max_rows(comp)
    rep = sub.add_parser("report", help="write the Excel report of one variant")
    rep.add_argument("project", help="project workbook (.xlsx/.ods) or folder of CSV sheets")
    rep.add_argument("-o", "--output", required=True, metavar="FILE", help="the Excel report (.xlsx)")
    rep.add_argument("--factors", action="append", default=[], metavar="FILE", help="extra factor table")
    rep.add_argument("--variant", metavar="NAME", help="the variant (default: the baseline)")
    rep.add_argument("--lang", choices=["fr", "en"], default="fr")
    rep.add_argument("--no-charts", action="store_true", help="do not embed the charts")
    rep.add_argument(
        "--method", choices=["en15978", "re2020"], help="calculation method (default: the workbook's)"
    )
    rep.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    _add_max_rows(rep)


def _add_max_rows(parser: argparse.ArgumentParser) -> None:
    """The ``--max-rows`` option of the commands that read a project (lca.limits.MAX_ROWS)."""
    from lca.limits import MAX_ROWS

    parser.add_argument(
        "--max-rows",
        type=int,
        default=MAX_ROWS,
        metavar="N",
        help=f"most rows read from one sheet or factor table (default {MAX_ROWS:,}); the rest is reported",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``lca`` console script."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(message)s")
    try:
        if args.command == "run":
            return _run(args)
        if args.command in ("compare", "report"):
            return _compare(args)
        if args.command == "uncertainty":
            from lca.cli_uncertainty import run as _uncertainty

            return _uncertainty(args)
        if args.command == "template":
            from lca.io.output import atomic_output, check_output
            from lca.io.template import write_template

            target = check_output(args.output, overwrite=args.force, option="template")
            with atomic_output(target) as temporary:
                write_template(temporary, lang=args.lang)
            print(f"wrote {args.output}", file=sys.stderr)
            return EXIT_OK
        return _factors(args)
    except (LCAError, FileNotFoundError, PermissionError) as err:
        if args.debug:
            raise
        print(f"lca: error: {err}", file=sys.stderr)
        return EXIT_INPUT


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
    if args.format == "json":
        text = results.to_json(indent=2)
    elif args.format == "csv":
        from lca.io.safe import neutralise

        text = neutralise(results.data).to_csv(index=False)
    else:
        text = format_summary(results)
    if args.output:
        from lca.io.output import write_text

        write_text(args.output, text)
    else:
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
            write_report(results, temporary, comparison=comparison, lang=args.lang, charts=not args.no_charts)
        print(f"wrote {args.output}", file=sys.stderr)
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
        print(f"wrote charts to {args.charts}", file=sys.stderr)
    if args.output:
        with atomic_output(args.output) as temporary:
            write_report(results, temporary, comparison=comparison, lang=args.lang, images=images)
        print(f"wrote {args.output}", file=sys.stderr)
    sys.stdout.write(_comparison_table(comparison, args.lang))
    for issue in results.errors[:20]:
        print(issue, file=sys.stderr)
    return EXIT_REJECTED if results.errors else EXIT_OK


def _variant_names(known: list[str]):  # type: ignore[no-untyped-def]
    """A variant named on the command line as in the workbook: case, accents and spaces ignored."""
    from lca.io.variants import name_key

    index = {name_key(v): v for v in known}
    return lambda name: index.get(name_key(name), name.strip())


def _comparison_table(comparison, lang: str) -> str:  # type: ignore[no-untyped-def]
    """The headline indicator per variant: totals, Δ against the baseline, rank."""
    from lca.indicators import DEFAULT_INDICATOR

    results = comparison.results
    indicator = DEFAULT_INDICATOR if DEFAULT_INDICATOR in results.indicators else results.indicators[0]
    views = ["total", "per_m2", "per_m2_year", "per_dwelling"]
    deltas = comparison.deltas([indicator], views).astype({"variant": str, "view": str})
    table = deltas.pivot(index="variant", columns="view", values="value").reindex(comparison.variants)
    label = (
        {"total": "total", "per_m2": "per m²", "per_m2_year": "per m²·yr", "per_dwelling": "per dwelling"}
        if lang == "en"
        else {
            "total": "total",
            "per_m2": "par m²",
            "per_m2_year": "par m²·an",
            "per_dwelling": "par logement",
        }
    )
    units = dict(zip(deltas["view"], deltas["unit"], strict=True))
    table = table[views].rename(columns={v: f"{label[v]} [{units[v]}]" for v in views})
    table.index.name = "variant" if lang == "en" else "variante"
    total = deltas.loc[deltas["view"] == "total"].set_index("variant")
    table["Δ total"] = total["delta"]
    table["Δ %"] = total["delta_pct"].round(1)
    ranks = comparison.ranking([indicator]).set_index("variant")["rank"]
    table["rank" if lang == "en" else "rang"] = ranks
    table.columns.name = None
    title = (
        f"{indicator} — baseline: {comparison.baseline}"
        if lang == "en"
        else (f"{indicator} — référence : {comparison.baseline}")
    )
    body = table.to_string(float_format=lambda v: f"{v:,.1f}", na_rep="—")
    return f"{title}\n{body}\n"


def _promote(issue):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(issue, level="error", message=f"{issue.message} (--strict)")


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
        print(
            f"wrote {frame['factor_id'].nunique()} factors, {len(frame)} rows to {args.output}",
            file=sys.stderr,
        )
        return EXIT_OK
    if command == "import-ilcd":
        from lca.io.ilcd import read_ilcd
        from lca.io.oekobaudat import write_factor_table
        from lca.io.output import atomic_output

        frame, issues = read_ilcd(args.path)
        with atomic_output(args.output) as temporary:
            write_factor_table(frame, temporary)
        _print_import_issues(issues)
        print(
            f"wrote {frame['factor_id'].nunique()} factors, {len(frame)} rows to {args.output}",
            file=sys.stderr,
        )
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
        print(f"{issue.file}: {issue}" if issue.file else str(issue), file=sys.stderr)


def _version() -> str:
    from lca import __version__

    return __version__


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
