"""The RE2020 results as the terminal and the tables show them: :func:`format_re2020` (the section of
the terminal summary) and :func:`re2020_table` (one row per variant).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from lca.methods.re2020_results import VERDICT_YEARS, disclaimer, lot_key, re2020_of

if TYPE_CHECKING:
    from lca.results import Results


def _fmt(value: float | None, lang: str, kind: str = "per_m2") -> str:
    """A value per m² as the terminal shows it (``n.d.``/``n/a`` when not available)."""
    from lca.i18n.numbers import format_quantity

    return format_quantity(value, lang, kind)


def format_re2020(results: Results, lang: str | None = None, width: int | None = None) -> str:
    """The RE2020 section of the terminal summary, in ``lang`` (default: the current language).

    Per variant: Ic_construction and Ic_énergie (dynamic) with their thresholds, margins and verdict,
    the verdicts for 2025/2028/2031, Ic_bâtiment, Icded, StockC and the static values; then
    Ic_construction per lot, the disclaimer and the number of assumptions. Tables fit the terminal
    (:func:`lca.terminal.render_table`), the verdict first.

    Parameters
    ----------
    results
        Results of :func:`apply_re2020`.
    lang
        ``fr`` or ``en``.
    width
        Characters per line: tables fit, texts wrap, the verdicts are never cut (the terminal summary
        passes it). Default: tables fit :func:`lca.terminal.terminal_width`, texts stay on one line.
    """
    import textwrap

    from lca.i18n import current_lang, label, translate
    from lca.terminal import render_table, terminal_width

    lang = lang or current_lang()
    wrap_texts, width = width is not None, terminal_width() if width is None else width
    entries = re2020_of(results).variants

    def _(msgid: str, **params: Any) -> str:  # the extractor reads _("...") msgids
        return translate(msgid, lang, **params)

    verdicts = {True: label("verdict", "compliant", lang), False: label("verdict", "not_compliant", lang)}

    def verdict(ok: bool) -> str:
        return verdicts[bool(ok)]

    values = list(entries.values())
    ic_c, ic_e, margin, compliant = _("Ic constr."), _("Ic energy"), _("margin"), _("verdict")
    head = pd.DataFrame(
        {
            compliant: [verdict(e.verdict.compliant) for e in values],
            ic_c: [_fmt(e.ic_construction, lang) for e in values],
            _("Ic constr. max"): [_fmt(e.verdict.ic_construction_max, lang) for e in values],
            f"{margin} {ic_c}": [_fmt(e.verdict.margin_construction, lang) for e in values],
            ic_e: [_fmt(e.ic_energie, lang) for e in values],
            _("Ic energy max"): [_fmt(e.verdict.ic_energie_max, lang) for e in values],
            f"{margin} {ic_e}": [_fmt(e.verdict.margin_energie, lang) for e in values],
            **{f"{y}": [verdict(e.by_year[y].compliant) for e in values] for y in VERDICT_YEARS},
        },
        index=pd.Index(list(entries), name=_("Variant")),
    )
    info = pd.DataFrame(
        {
            _("Ic building"): [_fmt(e.ic_batiment, lang) for e in values],
            _("Ic water"): [_fmt(e.ic_eau, lang) for e in values],
            "Icded": [_fmt(e.icded, lang) for e in values],
            _("Stock C [kg C/m²]"): [_fmt(e.stock_c, lang) for e in values],
            _("Ic constr. static"): [_fmt(e.ic_construction_static, lang) for e in values],
            _("Ic energy static"): [_fmt(e.ic_energie_static, lang) for e in values],
        },
        index=head.index,
    )
    years = [str(y) for y in VERDICT_YEARS]
    shown = (compliant, *years)  # verdict columns: text
    margins = [c for c in head.columns if str(c).startswith(margin)]
    priority = [c for c in head.columns if c not in margins and c not in years] + years + margins
    lots = pd.DataFrame({n: dict(e.by_lot) for n, e in entries.items()}).fillna(0.0)
    lots = lots.reindex(sorted(lots.index, key=lot_key)).map(lambda v: _fmt(v, lang))
    lots.index = pd.Index([label("lot", lot, lang) for lot in lots.index], name="lot")
    first = values[0]
    out = [
        "",
        _(
            "RE2020 — simplified dynamic LCA, permit {year} (texts version {version}), per m² of Sref "
            "[kg CO2e/m²]:",
            year=first.verdict.permit_year,
            version=first.verdict.version,
        ),
        render_table(
            head,
            lang=lang,
            priority=priority,
            numeric=[c for c in head.columns if c not in shown],
            width=width,
            wrap=shown,
        ),  # fmt: skip
        "  "
        + _(
            "{compliant}: Ic construction ≤ max and Ic energy ≤ max; columns 2025/2028/2031: same data, "
            "thresholds of the permit year shown",
            compliant=label("verdict", "compliant", lang),
        ),
        "",
        _("Informative indicators and static values [kg CO2e/m²]:"),
        render_table(info, lang=lang, numeric=list(info.columns), width=width),
        "",
        _("Dynamic Ic construction per lot [kg CO2e/m²]:"),
        render_table(lots, lang=lang, numeric=list(lots.columns), width=width)
        if len(lots)
        else "  " + _("(no line)"),
        "",
        disclaimer(lang),
        _(
            "{n} documented assumption (JSON output, key re2020.assumptions).",
            plural="{n} documented assumptions (JSON output, key re2020.assumptions).",
            n=len(first.assumptions),
        ),
    ]
    lines = []
    for line in "\n".join(out).split("\n"):  # the texts wrap at the width; the tables already fit
        if not wrap_texts or len(line) <= width:
            lines.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        lines += textwrap.wrap(line, width, subsequent_indent=indent + "  ", break_on_hyphens=False)
    return "\n".join(lines) + "\n"


def re2020_table(results: Results) -> pd.DataFrame:
    """The RE2020 indicators, thresholds, margins and verdicts of every variant, one row each.

    Columns: the dynamic and static indicators [kg CO2e/m²], ``stock_c`` [kg C/m²], the thresholds
    and margins of the permit year, ``compliant``, and ``compliant_2025``/``_2028``/``_2031`` with the
    margins of each year.

    Parameters
    ----------
    results
        Results of :func:`apply_re2020` (``compute(..., method="re2020")``).
    """
    rows = {}
    for name, e in re2020_of(results).variants.items():
        row: dict[str, float | bool] = {
            key: getattr(e, key) for key in ("ic_construction", "ic_construction_static")
        }
        row["ic_construction_max"] = e.verdict.ic_construction_max
        row.update({key: getattr(e, key) for key in ("ic_energie", "ic_energie_static")})
        row["ic_energie_max"] = e.verdict.ic_energie_max
        row.update({key: getattr(e, key) for key in ("ic_batiment", "ic_eau", "icded", "stock_c")})
        row["margin_ic_construction"] = e.verdict.margin_construction
        row["margin_ic_energie"] = e.verdict.margin_energie
        row["compliant"] = e.verdict.compliant
        for year in VERDICT_YEARS:
            verdict = e.by_year[year]
            row[f"compliant_{year}"] = verdict.compliant
            row[f"margin_ic_construction_{year}"] = verdict.margin_construction
            row[f"margin_ic_energie_{year}"] = verdict.margin_energie
        rows[name] = row
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("variant")
