"""Chart of the RE2020 method: Ic_construction and Ic_énergie per variant against their maxima.

Two panels side by side, one per indicator, each bar with the threshold ticks of its own variant (the
maxima are modulated per building). A variant is drawn as compliant — green, "conforme" under its
name — only when both indicators are at or below their maxima for the permit year; a bar above its own
maximum is hatched, so the chart reads in greyscale too.

References
----------
Annex to article R.172-4 of the code de la construction et de l'habitation, ch. II, III
(Icconstruction_max and Icénergie_max by permit date), re2020.md §1b.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from lca.methods.re2020 import VERDICT_YEARS, _entries
from lca.plot_style import shorten

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from lca.results import Results

#: Fill of a compliant variant, of a non-compliant one, and the hatch of a bar above its own maximum.
COMPLIANT, NOT_COMPLIANT, ABOVE_HATCH = "#5b9f78", "#c8605a", "////"
#: Threshold ticks: the permit year's (black, solid), then the later periods'.
PERMIT_STYLE = ("#111111", "-")
YEAR_STYLES = {2025: ("#1f3b73", (0, (4, 1))), 2028: ("#e08a00", "--"), 2031: ("#7a1f5c", ":")}

TEXT = {
    "fr": {
        "ic_construction": "Ic construction", "ic_energie": "Ic énergie",
        "unit": "[kg CO2e/m² Sref]",
        "title": "RE2020 — Ic construction et Ic énergie par variante, face à leurs seuils",
        "permit": "Seuil du permis ({year})", "year": "Seuil {year}",
        "ok": "conforme", "ko": "non conforme",
        "ok_legend": "Conforme {year} : Ic construction et Ic énergie ≤ seuils",
        "ko_legend": "Non conforme {year} : au moins un seuil dépassé",
        "above": "Barre au-dessus de son seuil {year}",
        "note": "estimation de pré-conception, non réglementaire",
    },
    "en": {
        "ic_construction": "Ic construction", "ic_energie": "Ic énergie",
        "unit": "[kg CO2e/m² Sref]",
        "title": "RE2020 — Ic construction and Ic énergie per variant against their maxima",
        "permit": "Permit-year maximum ({year})", "year": "Maximum {year}",
        "ok": "compliant", "ko": "not compliant",
        "ok_legend": "Compliant {year}: Ic construction and Ic énergie ≤ maxima",
        "ko_legend": "Not compliant {year}: at least one maximum exceeded",
        "above": "Bar above its own {year} maximum",
        "note": "pre-design estimate, not regulatory",
    },
}  # fmt: skip

_KEYS = ("ic_construction", "ic_energie")
_LABEL_BOX = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8}


def plot_re2020(results: Results, ax: Axes | None = None, lang: str = "fr") -> Axes:
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

    Returns
    -------
    matplotlib.axes.Axes
        The Ic_construction panel; the Ic_énergie panel is the figure's axes after it
        (``ax.figure.axes``), also reachable as ``ax.re2020_energie``.
    """
    import matplotlib.pyplot as plt

    entries = _entries(results)
    text = TEXT["en" if lang == "en" else "fr"]
    names = list(entries)
    if ax is None:
        figure = plt.figure(figsize=figure_size(len(names)), layout="constrained")
        panels = figure.add_gridspec(1, 2).subplots()
    else:
        panels = _split(ax)
    first = next(iter(entries.values()))
    year = int(first["permit_year"])
    compliant = [bool(e["compliant"]) for e in entries.values()]
    for panel, key in zip(panels, _KEYS, strict=True):
        _panel(panel, entries, key, year, compliant, text)
    construction, energie = panels
    construction.figure.suptitle(text["title"], fontsize=10)
    energie.legend(
        handles=_legend(year, text, construction),
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        frameon=False,
        fontsize=8,
    )
    energie.text(1.0, -0.16, text["note"], transform=energie.transAxes, ha="right", va="top", fontsize=7,
                 color="#666666")  # fmt: skip
    construction.re2020_energie = energie  # type: ignore[attr-defined]
    return construction


def figure_size(n_variants: int) -> tuple[float, float]:
    """Size of the two-panel chart for ``n_variants`` variants. [inches]"""
    return (max(10.0, 2.4 * n_variants + 5.5), 4.8)


def _split(ax: Axes) -> Any:
    """Two axes in the place of ``ax`` (its subplot spec split in two, or two halves of its box)."""
    spec = ax.get_subplotspec()
    if spec is not None:
        ax.remove()
        return spec.subgridspec(1, 2, wspace=0.08).subplots()
    ax.set_axis_off()
    return ax.inset_axes((0.0, 0.0, 0.44, 1.0)), ax.inset_axes((0.56, 0.0, 0.44, 1.0))


def _panel(
    ax: Axes, entries: dict[str, dict], key: str, year: int, compliant: list[bool], text: dict[str, str]
) -> None:
    """One indicator: bars coloured by the variant's verdict, hatched when above their own maximum."""
    x = np.arange(len(entries))
    values = np.array([float(e[key]) for e in entries.values()])
    permit_max = np.array([float(e[f"{key}_max"]) for e in entries.values()])
    by_year = {y: np.array([float(e["by_year"][str(y)][f"{key}_max"]) for e in entries.values()])
               for y in VERDICT_YEARS}  # fmt: skip
    colours = [COMPLIANT if ok else NOT_COMPLIANT for ok in compliant]
    above = values > permit_max
    bars = ax.bar(x, values, width=0.55, color=colours, edgecolor="#333333", linewidth=0.6, zorder=2)
    for bar, is_above in zip(bars, above, strict=True):
        bar.set_hatch(ABOVE_HATCH if is_above else "")
    top = max(values.max(initial=0), permit_max.max(initial=0), *(v.max(initial=0) for v in by_year.values()))
    top = top if top > 0 else 1.0
    for xi, v in zip(x, values, strict=True):
        inside = v > 0.1 * top
        ax.annotate(f"{v:.0f}", (xi, v / 2 if inside else max(v, 0)), xytext=(0, 0 if inside else 3),
                    textcoords="offset points", ha="center", va="center" if inside else "bottom",
                    fontsize=9, fontweight="bold", color="#111111", zorder=5,
                    bbox=_LABEL_BOX)  # fmt: skip
    colour, style = PERMIT_STYLE
    ax.hlines(permit_max, x - 0.4, x + 0.4, colors=colour, linestyles=style, linewidth=2.6, zorder=4,
              label=text["permit"].format(year=year))  # fmt: skip
    for y in VERDICT_YEARS:
        if np.allclose(by_year[y], permit_max):
            continue  # the same as the permit year's maximum, drawn already
        colour, style = YEAR_STYLES[y]
        ax.hlines(by_year[y], x - 0.34, x + 0.34, colors=colour, linestyles=style, linewidth=1.8, zorder=3,
                  label=text["year"].format(year=y))  # fmt: skip
    labels = [
        f"{shorten(name, 14, 2)}\n{text['ok'] if ok else text['ko']}"
        for name, ok in zip(entries, compliant, strict=True)
    ]
    ax.set_xticks(x, labels, fontsize=8)
    for label, ok in zip(ax.get_xticklabels(), compliant, strict=True):
        label.set_color("#2d6a47" if ok else "#9e2f29")
    ax.set_xlim(-0.6, len(entries) - 0.4)
    ax.set_ylim(min(0.0, values.min(initial=0) * 1.1), 1.15 * top)
    ax.set_title(text[key], fontsize=10)
    ax.set_ylabel(f"{text[key]} {text['unit']}")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)


def _legend(year: int, text: dict[str, str], ax: Axes) -> list[Any]:
    from matplotlib.patches import Patch

    handles, _ = ax.get_legend_handles_labels()
    return [
        Patch(facecolor=COMPLIANT, edgecolor="#333333", label=text["ok_legend"].format(year=year)),
        Patch(facecolor=NOT_COMPLIANT, edgecolor="#333333", label=text["ko_legend"].format(year=year)),
        Patch(
            facecolor="white", edgecolor="#333333", hatch=ABOVE_HATCH, label=text["above"].format(year=year)
        ),
        *handles,
    ]
