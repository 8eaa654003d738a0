"""The commands that compute: ``run``, ``compare``/``report``, ``validate``, ``template`` and ``factors``.

Each takes the parsed arguments (language already chosen, :func:`lca.cli_common.speak`), prints and
returns the exit code.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from lca.cli_common import (
    EXIT_OK,
    EXIT_REJECTED,
    _imported,
    _load,
    _outputs,
    _print_import_issues,
    _print_issues,
    _promote,
    _variant_names,
    _written,
)

if TYPE_CHECKING:
    import pandas as pd

    from lca.compare import Comparison
    from lca.factors import FactorTable


def _run(args: argparse.Namespace) -> int:
    from lca import compute

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
        from lca.summary import format_summary

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


def _comparison_table(comparison: Comparison, lang: str | None = None, width: int | None = None) -> str:
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

        def cells(series: pd.Series, kind: str) -> list[str]:
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


def _search_table(paths: list[str]) -> FactorTable:
    from lca.factors import default_factors, read_factors, stack

    return stack([default_factors(), *(read_factors(p)[0] for p in paths)])


def _template(args: argparse.Namespace) -> int:
    """``lca template``: an empty workbook in the chosen language."""
    from lca.io.output import atomic_output, check_output
    from lca.io.template import write_template

    target = check_output(args.output, overwrite=args.force, option="template")
    with atomic_output(target) as temporary:
        write_template(temporary, lang=args.lang)
    _written(args.output)
    return EXIT_OK
