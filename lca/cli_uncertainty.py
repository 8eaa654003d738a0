"""The ``lca uncertainty`` subcommand (wired in :mod:`lca.cli` by two hooks): Monte Carlo of a workbook."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import numpy as np

EXIT_OK, EXIT_REJECTED = 0, 3

TEXT = {
    "fr": {
        "title": "{ind} par m² — {n} tirages, graine {seed}",
        "variant": "variante",
        "interval": "intervalle 90 % (p05 – p95)",
        "median": "médiane",
        "below": "P(< référence)",
        "drivers": "principales sources d'incertitude",
        "re2020": "RE2020 — probabilité d'être conforme (Ic construction et Ic énergie ≤ max)",
        "ic": "Ic construction dynamique [kg CO2e/m²] : médiane (p05 – p95), seuil de l'année du permis",
        "year": "permis",
        "line": "ligne",
    },
    "en": {
        "title": "{ind} per m² — {n} samples, seed {seed}",
        "variant": "variant",
        "interval": "90 % interval (p05 – p95)",
        "median": "median",
        "below": "P(< baseline)",
        "drivers": "main sources of uncertainty",
        "re2020": "RE2020 — probability of compliance (Ic construction and Ic énergie ≤ max)",
        "ic": "Dynamic Ic construction [kg CO2e/m²]: median (p05 – p95), threshold of the permit year",
        "year": "permit",
        "line": "line",
    },
}


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The ``uncertainty`` subcommand's arguments."""
    from lca.montecarlo import DEFAULT_SAMPLES, DEFAULT_SEED

    unc = sub.add_parser(
        "uncertainty", help="Monte Carlo uncertainty of every variant (intervals, P(beats baseline))"
    )
    unc.add_argument("project", help="project workbook (.xlsx/.ods) or folder of CSV sheets")
    unc.add_argument(
        "-n", "--samples", type=int, default=DEFAULT_SAMPLES, help=f"samples (default {DEFAULT_SAMPLES})"
    )
    unc.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    unc.add_argument(
        "--method", choices=["en15978", "re2020"], help="calculation method (default: the workbook's)"
    )
    unc.add_argument("--format", choices=["table", "json"], default="table")
    unc.add_argument("--factors", action="append", default=[], metavar="FILE", help="extra factor table")
    unc.add_argument("--uncertainty-defaults", metavar="FILE", help="CSV of default uncertainty by data type")
    unc.add_argument(
        "-o", "--output", metavar="FILE", help="write the Excel report with an Incertitudes sheet"
    )
    unc.add_argument("--charts", metavar="DIR", help="write the uncertainty charts (PNG) into DIR")
    unc.add_argument("--lang", choices=["fr", "en"], default="fr")
    unc.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")


def run(args: argparse.Namespace) -> int:
    """Compute, print (table or JSON), write the report and charts when asked."""
    from lca.cli_common import _load
    from lca.errors import InputError
    from lca.montecarlo import uncertainty

    if args.samples < 2:
        raise InputError(f"-n must be at least 2 samples, found {args.samples}", value=args.samples)
    project, tables = _load(args)
    bar = _Progress(args.samples) if sys.stderr.isatty() else None
    mc = uncertainty(
        project,
        n=args.samples,
        seed=args.seed,
        method=args.method,
        factors=tables,
        uncertainty_defaults=args.uncertainty_defaults,
        progress=bar,
    )
    if bar is not None:
        bar.close()
    mc.lang = args.lang
    images: dict[str, bytes] = {}
    if args.charts:
        from lca.plots_uncertainty import save_uncertainty_charts

        written = save_uncertainty_charts(mc, args.charts, lang=args.lang)
        images = {p.stem: p.read_bytes() for p in written}
        print(f"wrote charts to {args.charts}", file=sys.stderr)
    if args.output:
        from lca.report import write_report

        write_report(mc.results, args.output, lang=args.lang, uncertainty=mc, images=images)
        print(f"wrote {args.output}", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(mc.to_json(indent=2) + "\n")
    else:
        sys.stdout.write(format_uncertainty(mc, args.lang))
    return EXIT_REJECTED if mc.results.errors else EXIT_OK


class _Progress:
    """A one-line progress bar on the terminal (stderr)."""

    def __init__(self, total: int) -> None:
        self.total = total

    def __call__(self, done: int) -> None:
        width = 30
        filled = int(width * done / self.total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{self.total}")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")


def format_uncertainty(mc: Any, lang: str = "fr") -> str:
    """The terminal summary: per variant the 90 % interval of the per-m² headline indicator, its median,
    P(variant < baseline), the three main sources of uncertainty and, under RE2020, P(compliant) per year."""
    from lca.indicators import DEFAULT_INDICATOR

    t = TEXT[lang]
    indicator = DEFAULT_INDICATOR if DEFAULT_INDICATOR in mc.indicators else mc.indicators[0]
    per = "per_m2" if mc.area == mc.area else "total"
    summary = mc.summary(per).xs(indicator, level="indicator")
    unit = summary["unit"].iloc[0]
    below = mc.p_below_baseline()[indicator] if len(mc.variants) > 1 else None
    drivers = mc.contributions(top=3)
    drivers = drivers[drivers["indicator"] == indicator]
    lines = [t["title"].format(ind=indicator, n=mc.n, seed=mc.seed) + f" [{unit}]"]
    for name in mc.variants:
        row = summary.loc[name]
        p = "—" if below is None or name not in below.index else f"{below[name]:.0%}"
        mine = drivers[drivers["variant"] == name]
        named = ", ".join(
            f"{str(r.name)[:40] if r.factor_id else t['line'] + ' ' + r.line_id} {r.share:.0%}"
            for r in mine.itertuples()
        )
        lines.append(
            f"  {name}: {t['median']} {_num(row['p50'], lang)}, {t['interval']} {_num(row['p05'], lang)} – "
            f"{_num(row['p95'], lang)}; {t['below']} {p}"
        )
        lines.append(f"      {t['drivers']}: {named or '—'}")
    if mc.re2020 is not None:
        table = mc.re2020_table()["p_compliant"].unstack("year").reindex(mc.variants)
        table.index.name = t["variant"]
        table.columns = [f"{t['year']} {c}" for c in table.columns]
        lines += ["", t["re2020"], table.map(lambda v: f"{v:.0%}").to_string(), "", t["ic"]]
        for name, entry in zip(mc.variants, mc.re2020, strict=True):
            year = next(iter(entry["p_compliant"]))  # the permit year comes first
            x = entry["ic_construction"]
            p05, p50, p95 = np.percentile(x, [5, 50, 95])
            limit = float(np.median(entry["ic_construction_max"][year]))
            lines.append(
                f"  {name}: Ic construction {_num(p50, lang)} ({_num(p05, lang)} – {_num(p95, lang)}), max "
                f"{year} {_num(limit, lang)}; P(Ic construction ≤ max) "
                f"{entry['p_ic_construction_ok'][year]:.0%}, "
                f"P(Ic énergie ≤ max) {entry['p_ic_energie_ok'][year]:.0%}"
            )
    return "\n".join(lines) + "\n"


def _num(value: float, lang: str) -> str:
    text = f"{value:,.1f}"
    return text.replace(",", "\u202f").replace(".", ",") if lang == "fr" else text
