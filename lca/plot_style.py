"""Chart style shared by every chart and report: fixed colours and hatches per module group, lot and
variant, labels in French and English, number formatting.

Colours come from colour-blind-safe palettes (Okabe & Ito for module groups; Tol muted and light for
lots); every filled area also carries a hatch so that charts stay readable in greyscale. Nothing here
imports matplotlib at import time.
"""

from __future__ import annotations

import textwrap
import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from lca.compare import ENERGY_LOT
from lca.errors import InputError

WATER_LOT = "water"  # the engine's lot of water lines (B7)

#: Module group -> (colour, hatch). Okabe & Ito colours.
GROUP_STYLE: dict[str, tuple[str, str]] = {
    "A1-A3": ("#0072B2", ""),
    "A4-A5": ("#56B4E9", "//"),
    "B4": ("#E69F00", "\\\\"),
    "B6": ("#D55E00", "xx"),
    "B-other": ("#F0E442", ".."),
    "C": ("#009E73", "--"),
    "D": ("#CC79A7", "////"),
}


#: Lot -> (colour, hatch). Tol muted and light colours; lots outside RE2020 get a stable colour by name.
LOT_STYLE: dict[str, tuple[str, str]] = {
    "1": ("#999933", "--"),
    "2": ("#332288", ""),
    "3": ("#88CCEE", "//"),
    "4": ("#882255", ""),
    "5": ("#DDCC77", "\\\\"),
    "6": ("#117733", ".."),
    "7": ("#CC6677", "xx"),
    "8": ("#44AA99", "++"),
    "9": ("#AA4499", "//"),
    "10": ("#EE8866", "oo"),
    "11": ("#77AADD", "\\\\"),
    "12": ("#BBCC33", ".."),
    "13": ("#FFAABB", "--"),
    ENERGY_LOT: ("#DDDDDD", "xx"),
    WATER_LOT: ("#BBDDEE", "||"),
}


_EXTRA_COLOURS = ("#EEDD88", "#99DDFF", "#44BB99", "#AAAA00", "#BBBBBB", "#EE7733", "#0077BB", "#EE3377")


_HATCHES = ("", "//", "\\\\", "..", "xx", "--", "++", "oo")


#: Variant line styles (colour, dash) for the timeline, in display order.
VARIANT_STYLE: tuple[tuple[str, str], ...] = (
    ("#000000", "-"),
    ("#0072B2", "--"),
    ("#D55E00", "-."),
    ("#009E73", ":"),
    ("#CC79A7", (0, (5, 1, 1, 1, 1, 1))),  # type: ignore[assignment]
    ("#E69F00", (0, (8, 2))),  # type: ignore[assignment]
)


EDGE = "#333333"


TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "A1-A3": "A1-A3 Production",
        "A4-A5": "A4-A5 Chantier",
        "B4": "B4 Remplacements",
        "B6": "B6 Énergie",
        "B-other": "Autres B (B1-B3, B5, B7 eau)",
        "C": "C1-C4 Fin de vie",
        "D": "D Hors cycle (hors total)",
        "total": "Total",
        "variant": "Variante",
        "modules_title": "{indicator} par étape du cycle de vie",
        "lots_title": "{indicator} par lot",
        "waterfall_title": "De « {baseline} » à « {variant} » : {indicator} par {by}",
        "hotspots_title": "Postes les plus émetteurs ({variant}) : {indicator}",
        "timeline_title": "Émissions cumulées sur {period:g} ans : {indicator}",
        "biogenic_title": "Carbone biogénique stocké dans le bâtiment",
        "cumulative": "Part cumulée du total [%]",
        "year": "Année après la livraison [ans]",
        "others": "Autres ({n})",
        "cut_axis": "Axe tronqué : il commence à {value}, pas à 0",
        "lot": "lot",
        "element": "élément",
        "line": "ligne",
        "no_lot": "Sans lot",
        "no_biogenic": "Aucun facteur utilisé ne déclare de carbone biogénique",
        "without_data": "{n} ligne(s) sans donnée de carbone biogénique",
        "estimated": "{n} ligne(s) estimée(s) selon la NF EN 16449 (bois)",
        "not_available": "n/d",
        "stored": "Carbone biogénique stocké",
        "per": {"total": "", "m2": "/m²", "m2_year": "/(m²·an)", "dwelling": "/logement"},
    },
    "en": {
        "A1-A3": "A1-A3 Product",
        "A4-A5": "A4-A5 Construction",
        "B4": "B4 Replacement",
        "B6": "B6 Operational energy",
        "B-other": "Other B (B1-B3, B5, B7 water)",
        "C": "C1-C4 End of life",
        "D": "D Beyond the life cycle (not in total)",
        "total": "Total",
        "variant": "Variant",
        "modules_title": "{indicator} by life-cycle stage",
        "lots_title": "{indicator} by lot",
        "waterfall_title": "From '{baseline}' to '{variant}': {indicator} by {by}",
        "hotspots_title": "Largest contributors ({variant}): {indicator}",
        "timeline_title": "Cumulative emissions over {period:g} years: {indicator}",
        "biogenic_title": "Biogenic carbon stored in the building",
        "cumulative": "Cumulative share of the total [%]",
        "year": "Years after completion [years]",
        "others": "Others ({n})",
        "cut_axis": "Axis cut: it starts at {value}, not at 0",
        "lot": "lot",
        "element": "element",
        "line": "line",
        "no_lot": "No lot",
        "no_biogenic": "No factor used declares biogenic carbon",
        "without_data": "{n} line(s) without biogenic carbon data",
        "estimated": "{n} line(s) estimated with EN 16449 (wood)",
        "not_available": "n/a",
        "stored": "Biogenic carbon stored",
        "per": {"total": "", "m2": "/m²", "m2_year": "/(m²·yr)", "dwelling": "/dwelling"},
    },
}


#: Short lot labels for charts (RE2020 lots, arrêté du 4 août 2021, annexe).
LOT_LABELS: dict[str, dict[str, str]] = {
    "fr": {
           "1": "1 VRD", "2": "2 Fondations", "3": "3 Superstructure", "4": "4 Couverture, charpente",
           "5": "5 Cloisons, doublages", "6": "6 Façades, menuiseries ext.", "7": "7 Revêtements, peintures",
           "8": "8 CVC", "9": "9 Sanitaires", "10": "10 Courant fort", "11": "11 Courant faible",
           "12": "12 Ascenseurs", "13": "13 Production d'électricité", ENERGY_LOT: "Énergie (B6)",
           WATER_LOT: "Eau (B7)"},
    "en": {
           "1": "1 Site works", "2": "2 Foundations", "3": "3 Superstructure", "4": "4 Roofing",
           "5": "5 Partitions, linings", "6": "6 Façades, ext. joinery", "7": "7 Finishes",
           "8": "8 HVAC", "9": "9 Plumbing", "10": "10 Power networks", "11": "11 Communication networks",
           "12": "12 Lifts", "13": "13 Electricity production", ENERGY_LOT: "Energy (B6)",
           WATER_LOT: "Water (B7)"},
}  # fmt: skip


def lot_style(lot: str) -> tuple[str, str]:
    """Colour and hatch of a lot, fixed for RE2020 lots and stable (by name) for any other."""
    if lot in LOT_STYLE:
        return LOT_STYLE[lot]
    k = zlib.crc32(str(lot).encode("utf-8"))
    return _EXTRA_COLOURS[k % len(_EXTRA_COLOURS)], _HATCHES[(k // 7) % len(_HATCHES)]


def lot_label(lot: str, lang: str = "fr") -> str:
    """Short label of a lot for charts."""
    if lot == "":
        return TEXT[check_lang(lang)]["no_lot"]
    return LOT_LABELS[check_lang(lang)].get(lot, str(lot))


def shorten(text: object, width: int = 28, lines: int = 2) -> str:
    """Wrap ``text`` on at most ``lines`` lines of ``width`` characters, with an ellipsis if cut."""
    words = " ".join(str(text).split()).replace("_", "_ ")  # names_like_this may break after "_"
    wrapped = [w.replace("_ ", "_") for w in textwrap.wrap(words, width)] or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped)


def check_lang(lang: str) -> str:
    """``lang`` if it is a known language (``fr``, ``en``), else an InputError."""
    if lang not in TEXT:
        raise InputError(f"unknown language {lang!r}; expected one of {list(TEXT)}", value=lang)
    return lang


def format_number(value: float, lang: str, digits: int = 0) -> str:
    """A number as a reader of ``lang`` writes it (``12 345,6`` in French, ``12,345.6`` in English)."""
    text = f"{value:,.{digits}f}"
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text.replace("-", "−")


def display_unit(values: np.ndarray, unit: str) -> tuple[float, str]:
    """Divisor and unit to show ``values``: tonnes when kilograms reach 100 000."""
    top = float(np.nanmax(np.abs(values))) if np.size(values) else 0.0
    if unit.startswith("kg ") and top >= 1e5:
        return 1000.0, "t " + unit[3:]
    return 1.0, unit


def stack_reach(frame: pd.DataFrame) -> np.ndarray:
    """Heights reached by stacked bars (positive and negative stacks), to choose the unit."""
    values = frame.to_numpy(dtype=float)
    return np.concatenate(
        [np.where(values > 0, values, 0).sum(axis=1), np.where(values < 0, values, 0).sum(axis=1)]
    )


def format_axis(axis: Any, lang: str) -> None:
    """Tick labels with the language's separators and as many decimals as the tick step needs."""
    from matplotlib.ticker import Formatter

    class _Ticks(Formatter):  # type: ignore[misc]
        digits = 0

        def format_ticks(self, values: Sequence[float]) -> list[str]:
            locs = np.asarray(values, dtype=float)
            self.digits = next((d for d in range(5) if np.allclose(locs * 10**d, np.round(locs * 10**d))), 4)
            return [self(v) for v in values]

        def __call__(self, value: float, pos: int | None = None) -> str:
            return format_number(value, lang, self.digits)

    axis.set_major_formatter(_Ticks())


def lot_order(lot: str) -> tuple[int, int, str]:
    """Sort key of lots: RE2020 lots by number, then other lots by name, energy and water last."""
    if str(lot).isdigit():
        return (0, int(lot), "")
    return (2 if lot in (ENERGY_LOT, WATER_LOT) else 1, 0, str(lot))


def spread_labels(points: list[tuple[float, str]], gap: float) -> list[tuple[float, float, str]]:
    """Positions of end labels moved apart vertically so that they do not overlap, each group of
    close labels centred on its values: ``(position, value, colour)``."""
    clusters: list[list[tuple[float, str]]] = []
    for value, colour in sorted(points, key=lambda p: p[0]):
        if clusters and value - (clusters[-1][0][0] + gap * (len(clusters[-1]) - 1)) < gap:
            clusters[-1].append((value, colour))
        else:
            clusters.append([(value, colour)])
    out: list[tuple[float, float, str]] = []
    for cluster in clusters:
        values = np.array([v for v, _ in cluster])
        positions = values[0] + gap * np.arange(len(cluster))
        positions += values.mean() - positions.mean()
        out += [(float(p), v, c) for p, (v, c) in zip(positions, cluster, strict=True)]
    return out
