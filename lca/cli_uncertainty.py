"""The ``lca uncertainty`` subcommand (wired in :mod:`lca.cli_parser` and :mod:`lca.cli`): Monte Carlo of a
workbook, its summary in the user's language."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import numpy as np

from lca.cli_common import EXIT_OK, EXIT_REJECTED, _load, _written, add_method_option


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``uncertainty`` subcommand's arguments, their help in the current language."""
    from lca.i18n import translate as _
    from lca.montecarlo import DEFAULT_SAMPLES, DEFAULT_SEED

    unc = sub.add_parser(
        "uncertainty", help=_("Monte Carlo uncertainty of every variant (intervals, P(beats baseline))")
    )
    unc.add_argument("project", help=_("project workbook (.xlsx/.ods) or folder of CSV sheets"))
    unc.add_argument(
        "-n",
        "--samples",
        type=int,
        default=DEFAULT_SAMPLES,
        metavar="N",
        help=_("number of random draws (default {n})", n=DEFAULT_SAMPLES),
    )
    unc.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        metavar="N",
        help=_(
            "seed of the random draws: the same seed gives the same figures (default {n})", n=DEFAULT_SEED
        ),
    )
    add_method_option(unc)
    unc.add_argument(
        "--format",
        choices=["table", "json"],
        default="table",
        help=_("table: summary for the terminal; json: every figure and issue"),
    )
    unc.add_argument("--factors", action="append", default=[], metavar="FILE", help=_("extra factor table"))
    unc.add_argument(
        "--uncertainty-defaults",
        metavar="FILE",
        help=_(
            "CSV of the default uncertainty of each data type (columns data_type, distribution, uncertainty)"
        ),
    )
    unc.add_argument(
        "-o", "--output", metavar="FILE", help=_("write the Excel report, with an uncertainty sheet, to FILE")
    )
    unc.add_argument("--charts", metavar="DIR", help=_("write the uncertainty charts (PNG) into DIR"))
    unc.add_argument("--lang", choices=["fr", "en"])
    unc.add_argument("--debug", action="store_true", help=_("show tracebacks and debug logs"))


def run(args: argparse.Namespace) -> int:
    """Compute, print (table or JSON), write the report and charts when asked."""
    from lca.errors import InputError
    from lca.i18n import Message
    from lca.montecarlo import uncertainty
    from lca.terminal import progress_callback

    if args.samples < 2:
        raise InputError(
            Message("-n must be at least 2 samples, found {value}", value=args.samples), value=args.samples
        )
    project, tables = _load(args)
    with progress_callback(args.samples, Message("Drawing samples")) as bar:
        mc = uncertainty(
            project,
            n=args.samples,
            seed=args.seed,
            method=args.method,
            factors=tables,
            uncertainty_defaults=args.uncertainty_defaults,
            progress=bar,
        )
    mc.lang = args.lang
    images: dict[str, bytes] = {}
    if args.charts:
        from lca.plots_uncertainty import save_uncertainty_charts

        written = save_uncertainty_charts(mc, args.charts, lang=args.lang)
        images = {p.stem: p.read_bytes() for p in written}
        _written(args.charts, "charts")
    if args.output:
        from lca.report import write_report

        write_report(mc.results, args.output, lang=args.lang, uncertainty=mc, images=images)
        _written(args.output)
    if args.format == "json":
        sys.stdout.write(mc.to_json(indent=2) + "\n")
    else:
        sys.stdout.write(format_uncertainty(mc, args.lang))
    return EXIT_REJECTED if mc.results.errors else EXIT_OK


def format_uncertainty(mc: Any, lang: str | None = None, width: int | None = None) -> str:
    """The terminal summary: per variant the 90 % interval of the per-m² headline indicator, its median,
    P(variant < baseline), the three main sources of uncertainty and, under RE2020, P(compliant) per year.

    Parameters
    ----------
    mc
        The result of :func:`lca.montecarlo.uncertainty`.
    lang
        Language (default :func:`lca.i18n.current_lang`).
    width
        Characters per line (default :func:`lca.terminal.terminal_width`); no line is wider.
    """
    import pandas as pd

    from lca.i18n import Message, translate, use_lang
    from lca.i18n.numbers import format_percent, format_quantity
    from lca.indicators import DEFAULT_INDICATOR
    from lca.terminal import render_table, terminal_width
    from lca.terminal import wrap_text as _wrap

    width = terminal_width() if width is None else width
    with use_lang(lang) as lang:
        indicator = DEFAULT_INDICATOR if DEFAULT_INDICATOR in mc.indicators else mc.indicators[0]
        per = "per_m2" if mc.area == mc.area else "total"
        summary = mc.summary(per).xs(indicator, level="indicator")
        unit = summary["unit"].iloc[0]
        below = mc.p_below_baseline()[indicator] if len(mc.variants) > 1 else None
        drivers = mc.contributions(top=3)
        drivers = drivers[drivers["indicator"] == indicator]

        def num(value: float) -> str:
            return format_quantity(value, lang, per)

        def line_name(line_id: object) -> str:
            return translate("line {line}", line=str(line_id))

        def chance(p: float) -> str:  # a probability estimated by sampling: whole percent points
            return format_percent(100 * p, lang, 0)

        title = Message(
            "{indicator} per m² — {n} samples, seed {seed} [{unit}]",
            indicator=indicator, n=int(mc.n), seed=int(mc.seed), unit=unit,
        ) if per == "per_m2" else Message(
            "{indicator} — {n} samples, seed {seed} [{unit}]",
            indicator=indicator, n=int(mc.n), seed=int(mc.seed), unit=unit,
        )  # fmt: skip
        lines = _wrap(title.render(lang), width, "", "  ")
        for name in mc.variants:
            row = summary.loc[name]
            p = "—" if below is None or name not in below.index else chance(below[name])
            text = translate(
                "{variant}: median {median}, 90% interval (p05 – p95) {low} – {high}",
                variant=name, median=num(row["p50"]), low=num(row["p05"]), high=num(row["p95"]),
            )  # fmt: skip
            lines += _wrap(text, width, "  ", "      ")
            lines += _wrap(translate("P(< baseline) {p}", p=p), width, "      ", "        ")
            mine = drivers[drivers["variant"] == name]
            named = [
                f"{r.name if r.factor_id else line_name(r.line_id)} {chance(r.share)}"
                for r in mine.itertuples()
            ]
            text = translate("main sources of uncertainty: {sources}", sources=", ".join(named) or "—")
            lines += _wrap(text, width, "      ", "        ")
        if mc.re2020 is not None:
            table = mc.re2020_table()["p_compliant"].unstack("year").reindex(mc.variants)
            cells = table.map(chance).T  # years as rows, variants as columns (like the lots)
            cells.index = pd.Index([translate("permit {year}", year=int(c)) for c in table.columns])
            cells.columns = [str(c) for c in cells.columns]
            heading = translate("RE2020 — probability of compliance (Ic construction and Ic energy ≤ max)")
            lines += ["", *_wrap(heading, width, "", "  ")]
            lines.append(
                render_table(cells, numeric=list(cells.columns), width=width, lang=lang).rstrip("\n")
            )
            heading = translate(
                "Dynamic Ic construction [{unit}]: median (p05 – p95), threshold of the permit year",
                unit=Message("{unit}/m²", unit="kg CO2e"),
            )
            lines += ["", *_wrap(heading, width, "", "  ")]
            for name, entry in zip(mc.variants, mc.re2020, strict=True):
                year = next(iter(entry["p_compliant"]))  # the permit year comes first
                p05, p50, p95 = np.percentile(entry["ic_construction"], [5, 50, 95])
                limit = float(np.median(entry["ic_construction_max"][year]))
                text = translate(
                    "{variant}: Ic construction {median} ({low} – {high}), max {year} {limit}; "
                    "P(Ic construction ≤ max) {p_construction}, P(Ic energy ≤ max) {p_energy}",
                    variant=name, median=format_quantity(p50, lang, "per_m2"),
                    low=format_quantity(p05, lang, "per_m2"), high=format_quantity(p95, lang, "per_m2"),
                    year=int(year), limit=format_quantity(limit, lang, "per_m2"),
                    p_construction=chance(entry["p_ic_construction_ok"][year]),
                    p_energy=chance(entry["p_ic_energie_ok"][year]),
                )  # fmt: skip
                lines += _wrap(text, width, "  ", "      ")
        return "\n".join(lines) + "\n"
