"""Chart style shared by every chart and report: fixed colours and hatches per module group, lot and
variant, short names, units; the words come from the catalogue (:mod:`lca.i18n`), the numbers from
:mod:`lca.i18n.numbers`.

Colours come from colour-blind-safe palettes (Okabe & Ito for module groups; Tol muted and light for
lots); every filled area also carries a hatch so that charts stay readable in greyscale. Nothing here
imports matplotlib at import time.
"""

from __future__ import annotations

import functools
import re
import textwrap
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lca.compare import ENERGY_LOT
from lca.errors import InputError
from lca.i18n import Message

if TYPE_CHECKING:
    from matplotlib.typing import LineStyleType

    from lca.results import Results

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
VARIANT_STYLE: tuple[tuple[str, LineStyleType], ...] = (
    ("#000000", "-"),
    ("#0072B2", "--"),
    ("#D55E00", "-."),
    ("#009E73", ":"),
    ("#CC79A7", (0, (5, 1, 1, 1, 1, 1))),
    ("#E69F00", (0, (8, 2))),
)


EDGE = "#333333"


def __getattr__(name: str) -> Any:
    """``TEXT`` and ``LOT_LABELS``, the former text tables, now read from the catalogue (lca/locale)."""
    if name == "LOT_LABELS":
        from lca.i18n import label

        return {lang: {lot: label("lot", lot, lang) for lot in LOT_STYLE} for lang in ("fr", "en")}
    if name == "TEXT":
        from lca.i18n import label, translate

        return {
            lang: {group: label("module_group", group, lang) for group in GROUP_STYLE}
            | {"no_lot": translate("No lot", lang)}
            | {"biogenic_title": translate("Biogenic carbon stored in the building", lang)}
            for lang in ("fr", "en")
        }
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def lot_style(lot: str) -> tuple[str, str]:
    """Colour and hatch of a lot, fixed for RE2020 lots and stable (by name) for any other."""
    if lot in LOT_STYLE:
        return LOT_STYLE[lot]
    k = zlib.crc32(str(lot).encode("utf-8"))
    return _EXTRA_COLOURS[k % len(_EXTRA_COLOURS)], _HATCHES[(k // 7) % len(_HATCHES)]


def lot_label(lot: str, lang: str = "fr") -> str:
    """Short label of a lot for charts (``3 Superstructure``, ``Énergie (B6)``, ``Sans lot``); a lot the
    user named keeps its name."""
    from lca.i18n import label

    return label("lot", lot, lang)


def shorten(text: object, width: int = 28, lines: int = 2) -> str:
    """Wrap ``text`` on at most ``lines`` lines of ``width`` characters, with an ellipsis if cut."""
    # spaces collapsed, no-break spaces kept (« base » stays together); names_like_this may break after "_"
    words = re.sub(r"[ \t\n\r\f\v]+", " ", str(text)).strip().replace("_", "_ ")
    wrapped = [w.replace("_ ", "_") for w in textwrap.wrap(words, width, break_on_hyphens=False)] or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped)


def check_lang(lang: str) -> str:
    """``lang`` if a catalogue ships for it (``fr``, ``en``), else an InputError naming the languages
    (English as ``str``, rendered in the output's language)."""
    from lca.i18n import languages

    if lang in languages():
        return lang
    msg = Message("unknown language '{code}'; expected one of {expected}", code=str(lang),
                  expected=", ".join(languages()))  # fmt: skip
    raise InputError(msg, value=lang)


def format_number(value: float, lang: str, digits: int = 0) -> str:
    """A number as a reader of ``lang`` writes it, with ``digits`` decimals (the one formatter,
    :func:`lca.i18n.numbers.format_number`)."""
    from lca.i18n.numbers import format_number as format_

    return format_(value, lang, digits)


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
    """Tick labels with the language's separators and as many decimals as the tick step needs
    (:func:`lca.i18n.numbers.tick_formatter`), each tick text formatted once per process."""
    from lca.i18n.numbers import tick_formatter

    base = type(tick_formatter(lang))

    class Ticks(base):  # type: ignore[misc, valid-type]
        def __call__(self, value: float, pos: int | None = None) -> str:
            return _tick_text(float(value), lang, self.digits)

    axis.set_major_formatter(Ticks())


@functools.lru_cache(maxsize=4096)
def _tick_text(value: float, lang: str, digits: int) -> str:
    """A tick label (matplotlib formats every tick of every draw: the same few numbers, many times)."""
    from lca.i18n.numbers import format_number as format_

    return format_(value, lang, digits)


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


#: How a chart names the variants: by name, or by the Variantes sheet's description (else the name).
VARIANT_LABELS = ("name", "description")


def variant_labels(results: Results, names: Sequence[str], by: str = "name") -> dict[str, str]:
    """What a chart calls each variant: its name, or (``by="description"``) the description typed in the
    Variantes sheet, the name when there is none. A description shared by two variants gets the name in
    brackets, so that no two bars read the same."""
    if by not in VARIANT_LABELS:
        raise InputError(Message("variant_label={value}: expected one of {expected}", value=repr(by),
                                 expected=", ".join(VARIANT_LABELS)), value=by)  # fmt: skip
    if by == "name":
        return {name: str(name) for name in names}
    described = {v.name: " ".join(str(v.description or "").split()) for v in results.project.variants}
    out = {name: described.get(name) or str(name) for name in names}
    counts = pd.Series(list(out.values())).value_counts()
    return {
        name: f"{text} ({name})" if counts[text] > 1 and text != name else text for name, text in out.items()
    }
