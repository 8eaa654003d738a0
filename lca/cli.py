"""The ``lca`` command: parse arguments, call the library, print, exit with a code.

Exit codes: 0 computed without error-level issues; 3 computed but some lines were rejected (or,
with ``--strict``, some warnings were raised); 2 unusable input or arguments.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

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
        "--period", type=float, metavar="YEARS", help="study period (default: the workbook's, else 50)"
    )
    run.add_argument("--replacement", choices=["ceil", "fraction"], help="replacement rule")
    run.add_argument("--indicators", metavar="LIST", help="comma-separated indicators (default: all)")
    run.add_argument("--format", choices=["table", "json", "csv"], default="table")
    run.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    run.add_argument("--strict", action="store_true", help="treat data-quality warnings as errors")
    run.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")

    template = sub.add_parser("template", help="write an empty project workbook with notes and drop-downs")
    template.add_argument("output", help="the .xlsx file to write")
    template.add_argument("--lang", choices=["fr", "en"], default="fr")
    template.add_argument("--debug", action="store_true")

    factors = sub.add_parser("factors", help="import, search and show emission factors")
    fsub = factors.add_subparsers(dest="factors_command", required=True)
    oeko = fsub.add_parser("import-oekobaudat", help="convert an ÖKOBAUDAT CSV export to a factor table")
    oeko.add_argument("export")
    oeko.add_argument("-o", "--output", required=True)
    oeko.add_argument("--generic-only", action="store_true", help="keep only generic datasets")
    oeko.add_argument("--debug", action="store_true")
    ilcd = fsub.add_parser("import-ilcd", help="convert ILCD+EPD datasets (XML, folder or zip)")
    ilcd.add_argument("path")
    ilcd.add_argument("-o", "--output", required=True)
    ilcd.add_argument("--debug", action="store_true")
    search = fsub.add_parser("search", help="search the shipped factors (accent-insensitive)")
    search.add_argument("text")
    search.add_argument("--category")
    search.add_argument("--unit")
    search.add_argument("--lang", choices=["fr", "en", "de"], default="fr")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--factors", action="append", default=[], metavar="FILE")
    search.add_argument("--debug", action="store_true")
    show = fsub.add_parser("show", help="all modules, indicators, conversions and provenance of a factor")
    show.add_argument("factor_id")
    show.add_argument("--factors", action="append", default=[], metavar="FILE")
    show.add_argument("--debug", action="store_true")
    _add_compare_parsers(sub)
    _add_serve_parser(sub)
    return parser


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
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(message)s")
    try:
        if args.command == "run":
            return _run(args)
        if args.command in ("compare", "report"):
            return _compare(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "template":
            from lca.io.template import write_template

            write_template(args.output, lang=args.lang)
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

    project = read_project(args.project)
    tables, issues = [], []
    for path in args.factors:
        table, more = read_factors(path)
        tables.append(table)
        issues += more
    project.issues = issues + project.issues
    return project, tables


def _run(args: argparse.Namespace) -> int:
    from lca import compute
    from lca.summary import format_summary

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
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_REJECTED if results.errors else EXIT_OK


def _compare(args: argparse.Namespace) -> int:
    from lca import compute
    from lca.compare import compare
    from lca.report import write_report

    project, tables = _load(args)
    results = compute(project, tables, method=args.method)
    if args.command == "report":
        variant = args.variant or results.variants[0]
        comparison = compare(results, baseline=variant, variants=[variant])
        write_report(results, args.output, comparison=comparison, lang=args.lang, charts=not args.no_charts)
        print(f"wrote {args.output}", file=sys.stderr)
        return EXIT_REJECTED if results.errors else EXIT_OK
    variants = [v.strip() for v in args.variants.split(",") if v.strip()] if args.variants else None
    comparison = compare(results, baseline=args.baseline, variants=variants)
    formats = [f.strip().lower() for f in args.chart_format.split(",") if f.strip()]
    images: dict[str, bytes] = {}
    if args.charts:
        from lca.plots import save_charts

        written = save_charts(results, args.charts, formats=formats, lang=args.lang, comparison=comparison)
        images = {p.stem: p.read_bytes() for p in written if p.suffix == ".png"}  # reused in the report
        print(f"wrote charts to {args.charts}", file=sys.stderr)
    if args.output:
        write_report(results, args.output, comparison=comparison, lang=args.lang, images=images)
        print(f"wrote {args.output}", file=sys.stderr)
    sys.stdout.write(_comparison_table(comparison, args.lang))
    for issue in results.errors[:20]:
        print(issue, file=sys.stderr)
    return EXIT_REJECTED if results.errors else EXIT_OK


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
    if command == "import-oekobaudat":
        from lca.io.oekobaudat import read_oekobaudat, write_factor_table

        frame, issues = read_oekobaudat(args.export, types=["generic"] if args.generic_only else None)
        write_factor_table(frame, args.output)
        _print_issues(issues)
        print(
            f"wrote {frame['factor_id'].nunique()} factors, {len(frame)} rows to {args.output}",
            file=sys.stderr,
        )
        return EXIT_OK
    if command == "import-ilcd":
        from lca.io.ilcd import read_ilcd
        from lca.io.oekobaudat import write_factor_table

        frame, issues = read_ilcd(args.path)
        write_factor_table(frame, args.output)
        _print_issues(issues)
        print(
            f"wrote {frame['factor_id'].nunique()} factors, {len(frame)} rows to {args.output}",
            file=sys.stderr,
        )
        return EXIT_OK
    from lca.summary import format_factor

    table = _search_table(args.factors)
    if command == "search":
        from lca.search import add_french_names, search_factors

        meta = add_french_names(table.meta.reset_index())
        found = search_factors(
            meta, args.text, category=args.category, unit=args.unit, lang=args.lang, limit=args.limit
        )
        if found.empty:
            print(f"no factor matches {args.text!r}", file=sys.stderr)
            return EXIT_OK
        name = {"fr": "name_fr", "de": "name_de"}.get(args.lang, "name")
        for row in found.itertuples():
            label = getattr(row, name) if isinstance(getattr(row, name), str) else row.name
            print(f"{row.factor_id}  {label}  [{row.declared_unit}]  ({row.source})")
        return EXIT_OK
    print(format_factor(table, args.factor_id))
    return EXIT_OK


def _search_table(paths: list[str]):  # type: ignore[no-untyped-def]
    from lca.factors import default_factors, read_factors, stack

    return stack([default_factors(), *(read_factors(p)[0] for p in paths)])


def _print_issues(issues: list) -> None:  # type: ignore[type-arg]
    for issue in issues[:20]:
        print(issue, file=sys.stderr)
    if len(issues) > 20:
        print(f"... and {len(issues) - 20} more issues", file=sys.stderr)


def _version() -> str:
    from lca import __version__

    return __version__


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
