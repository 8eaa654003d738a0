"""Chart of the RE2020 method: Ic_construction and Ic_énergie per variant against their maxima.

Two panels side by side, one per indicator, each bar with the threshold ticks of its own variant (the
maxima are modulated per building). A variant is drawn as compliant — green, "conforme" under its
name — only when both indicators are at or below their maxima for the permit year; a bar above its own
maximum is hatched, so the chart reads in greyscale too.

Data flows one way: :mod:`lca.methods.re2020` computes the values and verdicts, this module draws them
(it imports the method; the method never imports it). Every word comes from the catalogue
(:mod:`lca.i18n`), every number from :func:`lca.i18n.numbers.format_quantity`.

References
----------
Annex to article R.172-4 of the code de la construction et de l'habitation, ch. II, III
(Icconstruction_max and Icénergie_max by permit date), re2020.md §1b.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from lca.i18n import label, translate
from lca.i18n.numbers import format_quantity
from lca.indicators import INDICATORS
from lca.methods.re2020 import INDICATOR, VERDICT_YEARS, _entries
from lca.plot_style import check_lang, format_axis, shorten, variant_labels

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.typing import LineStyleType

    from lca.results import Results

#: Fill of a compliant variant, of a non-compliant one, and the hatch of a bar above its own maximum.
COMPLIANT, NOT_COMPLIANT, ABOVE_HATCH = "#5b9f78", "#c8605a", "////"
#: Threshold ticks: the permit year's (black, solid), then the later periods'.
PERMIT_STYLE: tuple[str, LineStyleType] = ("#111111", "-")
YEAR_STYLES: dict[int, tuple[str, LineStyleType]] = {
    2025: ("#1f3b73", (0, (4, 1))),
    2028: ("#e08a00", "--"),
    2031: ("#7a1f5c", ":"),
}
#: The two indicators, by the names the regulation gives them (not translated, as GWP-total is not).
NAMES = {"ic_construction": "Ic construction", "ic_energie": "Ic énergie"}

_KEYS = ("ic_construction", "ic_energie")
_LABEL_BOX = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8}


def plot_re2020(
    results: Results, ax: Axes | None = None, lang: str = "fr", *, variant_label: str = "name"
) -> Axes:
    """Ic_construction and Ic_énergie per variant (two panels) against their maxima.

    Each bar carries the ticks of its variant's maxima: the permit year's (black) and the 2025, 2028 and
    2031 ones. A variant is green and marked "conforme" only when both indicators meet the permit
    year's maxima (the RE2020 verdict); a bar above its own maximum is hatched. matplotlib is imported
    here only.

    Parameters
    ----------
    results
        Results of :func:`lca.methods.re2020.apply_re2020`.
    ax
        Axes whose place the two panels share (split in two); a new figure when None.
    lang
        ``fr`` or ``en`` labels.
    variant_label
        ``name`` or ``description`` (the Variantes sheet's description, else the name).

    Returns
    -------
    matplotlib.axes.Axes
        The Ic_construction panel; the Ic_énergie panel is the figure's axes after it
        (``ax.figure.axes``), also reachable as ``ax.re2020_energie``.
    """
    lang = check_lang(lang)
    entries = _entries(results)
    names = list(entries)
    shown = variant_labels(results, names, variant_label)
    if ax is None:
        import matplotlib.pyplot as plt

        figure = plt.figure(figsize=figure_size(len(names)), layout="constrained")
        panels = _pair(figure.add_gridspec(1, 2).subplots())
    else:
        panels = _split(ax)
    first = next(iter(entries.values()))
    year = int(first["permit_year"])
    compliant = [bool(e["compliant"]) for e in entries.values()]
    passed, failed = label("verdict", "compliant", lang), label("verdict", "not_compliant", lang)
    verdicts = [passed if ok else failed for ok in compliant]
    ticks = [
        f"{shorten(shown[name], 14, 2)}\n{verdict}" for name, verdict in zip(names, verdicts, strict=True)
    ]
    unit = "[" + translate("{unit}/m²", lang, unit=INDICATORS[INDICATOR]) + " Sref]"
    for panel, key in zip(panels, _KEYS, strict=True):
        _panel(panel, entries, key, year, compliant, ticks, unit, lang)
    construction, energie = panels
    title = translate("RE2020 — Ic construction and Ic énergie per variant against their maxima", lang)
    construction.figure.suptitle(title, fontsize=10)
    energie.legend(handles=_legend(year, lang, construction), loc="upper left", bbox_to_anchor=(1.02, 1.0),
                   frameon=False, fontsize=8)  # fmt: skip
    disclaimer = translate("pre-design estimate, not regulatory", lang)
    energie.text(1.0, -0.16, disclaimer, transform=energie.transAxes, ha="right", va="top", fontsize=7,
                 color="#666666")  # fmt: skip
    construction.re2020_energie = energie  # type: ignore[attr-defined]
    return construction


def figure_size(n_variants: int) -> tuple[float, float]:
    """Size of the two-panel chart for ``n_variants`` variants. [inches]"""
    return (max(10.0, 2.4 * n_variants + 5.5), 4.8)


def _split(ax: Axes) -> tuple[Axes, Axes]:
    """Two axes in the place of ``ax`` (its subplot spec split in two, or two halves of its box)."""
    spec = ax.get_subplotspec()
    if spec is not None:
        ax.remove()
        return _pair(spec.subgridspec(1, 2, wspace=0.08).subplots())
    ax.set_axis_off()
    return ax.inset_axes((0.0, 0.0, 0.44, 1.0)), ax.inset_axes((0.56, 0.0, 0.44, 1.0))


def _pair(grid: np.ndarray | Axes) -> tuple[Axes, Axes]:
    """The two axes of a 1 × 2 grid (``GridSpec.subplots`` returns them as an array of shape (2,))."""
    assert isinstance(grid, np.ndarray) and grid.shape == (2,)
    return grid[0], grid[1]


def _panel(
    ax: Axes,
    entries: dict[str, dict],
    key: str,
    year: int,
    compliant: list[bool],
    ticks: list[str],
    unit: str,
    lang: str,
) -> None:
    """One indicator: bars coloured by the variant's verdict, hatched when above their own maximum."""
    x = np.arange(len(entries))
    values = np.array([float(e[key]) for e in entries.values()])
    permit_max = np.array([float(e[f"{key}_max"]) for e in entries.values()])
    by_year = {y: np.array([float(e["by_year"][str(y)][f"{key}_max"]) for e in entries.values()])
               for y in VERDICT_YEARS}  # fmt: skip
    colours = [COMPLIANT if ok else NOT_COMPLIANT for ok in compliant]
    hatches = [ABOVE_HATCH if above else "" for above in values > permit_max]
    ax.bar(x, values, width=0.55, color=colours, hatch=hatches, edgecolor="#333333", linewidth=0.6, zorder=2)
    top = max(values.max(initial=0), permit_max.max(initial=0), *(v.max(initial=0) for v in by_year.values()))
    top = top if top > 0 else 1.0
    for xi, v in zip(x, values, strict=True):
        inside = v > 0.1 * top
        ax.annotate(format_quantity(v, lang, "per_m2"), (xi, v / 2 if inside else max(v, 0)),
                    xytext=(0, 0 if inside else 3), textcoords="offset points", ha="center",
                    va="center" if inside else "bottom", fontsize=9, fontweight="bold", color="#111111",
                    zorder=5, bbox=_LABEL_BOX)  # fmt: skip
    colour, style = PERMIT_STYLE
    ax.hlines(permit_max, x - 0.4, x + 0.4, colors=colour, linestyles=style, linewidth=2.6, zorder=4,
              label=translate("Permit-year maximum ({year})", lang, year=year))  # fmt: skip
    for y in VERDICT_YEARS:
        if np.allclose(by_year[y], permit_max):
            continue  # the same as the permit year's maximum, drawn already
        colour, style = YEAR_STYLES[y]
        ax.hlines(by_year[y], x - 0.34, x + 0.34, colors=colour, linestyles=style, linewidth=1.8, zorder=3,
                  label=translate("Maximum {year}", lang, year=y))  # fmt: skip
    ax.set_xticks(x, ticks, fontsize=8)
    for tick, ok in zip(ax.get_xticklabels(), compliant, strict=True):
        tick.set_color("#2d6a47" if ok else "#9e2f29")
    ax.set_xlim(-0.6, len(entries) - 0.4)
    ax.set_ylim(min(0.0, values.min(initial=0) * 1.1), 1.15 * top)
    ax.set_title(NAMES[key], fontsize=10)
    ax.set_ylabel(f"{NAMES[key]} {unit}")
    format_axis(ax.yaxis, lang)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)


def _legend(year: int, lang: str, ax: Axes) -> list[Any]:
    from matplotlib.patches import Patch

    handles, _ = ax.get_legend_handles_labels()
    compliant = translate("Compliant {year}: Ic construction and Ic énergie ≤ maxima", lang, year=year)
    not_compliant = translate("Not compliant {year}: at least one maximum exceeded", lang, year=year)
    above = translate("Bar above its own {year} maximum", lang, year=year)
    return [
        Patch(facecolor=COMPLIANT, edgecolor="#333333", label=compliant),
        Patch(facecolor=NOT_COMPLIANT, edgecolor="#333333", label=not_compliant),
        Patch(facecolor="white", edgecolor="#333333", hatch=ABOVE_HATCH, label=above),
        *handles,
    ]
