"""Chart of the RE2020 method: Ic_construction per variant against the 2025, 2028 and 2031 thresholds.

References
----------
Annex to article R.172-4 of the code de la construction et de l'habitation, ch. II, III
(Icconstruction_max by permit date), re2020.md §1b.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from lca.methods.re2020 import VERDICT_YEARS, _entries

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from lca.results import Results


def plot_re2020(results: Results, ax: Axes | None = None, lang: str = "fr") -> Axes:
    """Ic_construction per variant (bars) against its 2025, 2028 and 2031 thresholds (markers).

    Thresholds differ per variant (Icded, lots 1, 2 and 13 modulate them), so each bar carries its own
    three threshold ticks. matplotlib is imported here only.

    Parameters
    ----------
    results
        Results of :func:`apply_re2020`.
    ax
        Axes to draw on; a new figure when None.
    lang
        ``fr`` or ``en`` labels.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    entries = _entries(results)
    fr = lang != "en"
    if ax is None:
        _, ax = plt.subplots(figsize=(max(5.5, 1.3 * len(entries) + 3.5), 4.2), layout="constrained")
    names = list(entries)
    x = np.arange(len(names))
    values = np.array([e["ic_construction"] for e in entries.values()])
    ok, ko = "#5b9f78", "#c8605a"
    # the bar shows Ic construction: its colour says whether Ic construction alone meets its threshold
    colours = [ok if e["margins"]["ic_construction"] >= 0 else ko for e in entries.values()]
    ax.bar(x, values, width=0.55, color=colours, edgecolor="#333333", linewidth=0.6, zorder=2)
    top = max(values.max(initial=0), *[
        e["by_year"][str(y)]["ic_construction_max"] for e in entries.values() for y in VERDICT_YEARS
    ])  # fmt: skip
    for xi, v in zip(x, values, strict=True):
        inside = v > 0.08 * top
        ax.annotate(f"{v:.0f}", (xi, v / 2 if inside else v), xytext=(0, 0 if inside else 3),
                    textcoords="offset points", ha="center", va="center" if inside else "bottom",
                    fontsize=9, fontweight="bold", color="white" if inside else "#333333",
                    zorder=4)  # fmt: skip
    styles = {2025: ("#1f3b73", "-"), 2028: ("#e08a00", "--"), 2031: ("#7a1f5c", ":")}
    label = "Seuil {y}" if fr else "Threshold {y}"
    for year, (colour, style) in styles.items():
        maxima = np.array([e["by_year"][str(year)]["ic_construction_max"] for e in entries.values()])
        ax.hlines(maxima, x - 0.38, x + 0.38, colors=colour, linestyles=style, linewidth=2.2, zorder=3,
                  label=label.format(y=year))  # fmt: skip
    year = next(iter(entries.values()))["permit_year"]
    handles, _ = ax.get_legend_handles_labels()
    handles += [
        Patch(
            color=ok, label=f"Ic construction ≤ seuil {year}" if fr else f"Ic construction ≤ {year} threshold"
        ),
        Patch(
            color=ko, label=f"Ic construction > seuil {year}" if fr else f"Ic construction > {year} threshold"
        ),
    ]
    ax.set_xticks(x, names)
    ax.set_xlim(-0.6, len(names) - 0.4)
    ax.set_ylabel("Ic construction [kg CO2e/m² Sref]")
    title = (
        "RE2020 — Ic construction par variante et seuils" if fr else "RE2020 — Ic construction and thresholds"
    )
    ax.set_title(title, fontsize=10)
    ax.set_ylim(0, 1.12 * top)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    note = "estimation de pré-conception, non réglementaire" if fr else "pre-design estimate, not regulatory"
    ax.text(1.0, -0.1, note, transform=ax.transAxes, ha="right", va="top", fontsize=7, color="#666666")
    return ax
