"""A4 from a distance: the mass of a line [t] × the distance [km] × its transport mode's factor per t·km.

The factors per t·km are the factors of the stacked tables whose ``transport_mode`` is set (the shipped
``datasets/factors/transport.csv``: ÖKOBAUDAT road, rail, inland and sea ship datasets); the last one
stacked for a mode wins, as for any factor.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lca._text import Message
from lca.conversions import CONVERSION_COLUMNS, kg_per_unit_many, pair_codes, to_declared
from lca.errors import LineIssues
from lca.factors import FactorTable
from lca.indicators import MODULES
from lca.io.tabular import alias_index, squash
from lca.units import pretty_unit

M = {m: k for k, m in enumerate(MODULES)}

#: Transport modes and the spellings accepted for them (French, English, German).
TRANSPORT_MODES: dict[str, list[str]] = {
    "road": ["route", "routier", "camion", "truck", "lorry", "lkw", "poids lourd", "pl", "road"],
    "rail": ["train", "fer", "ferroviaire", "rail", "bahn", "railway"],
    "inland_ship": ["fluvial", "peniche", "barge", "binnenschiff", "inland ship", "river", "bateau fluvial"],
    "sea_ship": ["maritime", "bateau", "navire", "ship", "sea", "seeschiff", "cargo"],
}
_MODE_INDEX = alias_index(TRANSPORT_MODES)


def transport_a4(
    sub: pd.DataFrame,
    unit_codes: np.ndarray,
    unit_names: list[str],
    fidx: np.ndarray,
    meta: pd.DataFrame,
    material: np.ndarray,
    computed: np.ndarray,
    table: FactorTable,
    indicators: list[str],
    issue: LineIssues,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A4 of the lines that give a distance: mass [t] × distance [km] × the mode's factor per t·km.

    Returns the rows, their A4 ``(rows, indicator)`` and every line's t·km (0 where not used).
    """
    km = sub["transport_km"].to_numpy(dtype=float)
    tkm = np.zeros(len(sub))
    todo = np.flatnonzero((km > 0) & material)
    if not len(todo):
        return todo, np.zeros((0, len(indicators))), tkm
    modes = sub["transport_mode"].to_numpy(dtype=object)[todo]
    mode_codes, mode_names = pd.factorize(modes)
    catalogue = table.meta["transport_mode"].dropna()
    per_tkm = np.full((len(mode_names), len(indicators)), np.nan)  # NaN: no factor for this mode
    chosen: dict[int, str] = {}
    for k, name in enumerate(mode_names):
        mode = _MODE_INDEX.get(squash(name)) if name else "road"
        ids: pd.Index | list[str] = catalogue.index[catalogue == mode] if mode else []
        if len(ids):
            chosen[k] = ids[-1]  # the last table stacked wins, as for any factor
    if chosen:
        fids = list(dict.fromkeys(chosen.values()))
        dense = table.dense(fids, indicators)
        for k, fid in chosen.items():
            row = dense[fids.index(fid)]
            row = row[M["A4"]] if not np.isnan(row[M["A4"]]).all() else row[M["A1-A3"]]
            factor = table.meta.loc[fid]
            assert isinstance(factor, pd.Series)  # factor ids are unique in the table's meta
            amount = to_declared("tkm", factor) / float(factor["declared_amount"])
            per_tkm[k] = np.nan_to_num(row) * amount
    codes, pairs = pair_codes(unit_codes[todo], fidx[todo], len(meta))
    pair_units = np.array([unit_names[u] for u in pairs[:, 0]], dtype=object)
    line_kg = kg_per_unit_many(pair_units, meta.iloc[pairs[:, 1]][CONVERSION_COLUMNS])[codes]
    no_mode = np.isnan(per_tkm[mode_codes, 0]) if len(indicators) else np.zeros(len(todo), bool)
    for j in np.flatnonzero(no_mode):
        issue.warning(
            int(computed[todo[j]]),
            "transport_mode",
            modes[j],
            Message(
                "no transport factor for mode '{mode}' (expected road/route, rail/ferroviaire, inland_ship/"
                "fluvial, sea_ship/maritime); the factor's own A4 is used",
                mode=modes[j] or "road",
            ),
        )
    no_mass = np.isnan(line_kg) & ~no_mode
    for j in np.flatnonzero(no_mass):
        unit, fid = pair_units[codes[j]], meta.index[fidx[todo[j]]]
        issue.warning(
            int(computed[todo[j]]),
            "transport_km",
            km[todo[j]],
            Message(
                "the mass of {unit} of '{factor}' is unknown (no density, area mass or mass per unit), so A4 "
                "cannot be computed from the distance; the factor's own A4 is used",
                unit=pretty_unit(unit),
                factor=fid,
            ),
        )
    ok = ~no_mode & ~no_mass
    rows = todo[ok]
    tkm[rows] = sub["quantity"].to_numpy(dtype=float)[rows] * line_kg[ok] / 1000.0 * km[rows]
    return rows, tkm[rows, None] * per_tkm[mode_codes[ok]], tkm
