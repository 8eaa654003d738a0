"""RE2020 under uncertainty: the dynamic indicators of every sample and the chance of passing each threshold.

The dynamic weights f_CO2(year) of :mod:`lca.methods.re2020` are applied per line once: a line's
Ic_construction is Σ_modules f(year of the module) × its static impact, linear in its factor and quantity
multipliers; the replacements weigh Σ_r f(year_r) (``W``), recomputed when the service life is sampled.
Icconstruction_max depends on the sample through Icded (Mided) and the lots 1, 2 and 13 (Mivrd, Miinfra,
Mipv): each is ``coefficient × max(0, x − threshold)``, evaluated per sample from the rules of
:mod:`lca.methods.re2020_rules` (read from the rule functions themselves, so they cannot drift apart).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from lca.engine import replacements
from lca.engine_rules import waste_rates
from lca.indicators import MODULES, TOTAL_MODULES
from lca.methods import re2020 as method
from lca.methods import re2020_rules as rules
from lca.methods.re2020_results import re2020_of
from lca.montecarlo.parts import line_parts
from lca.timeline import replacement_years

if TYPE_CHECKING:
    from lca.results import Results

M = {m: k for k, m in enumerate(MODULES)}
#: Channels of the dynamic results, per variant and sample. [kg CO2e]
CHANNELS: tuple[str, ...] = ("ic_construction", "ic_energie", "icded", "ic_lot1", "ic_lot2", "ic_lot13")
_BIG = 1.0e6


@dataclass
class Channels:
    """Dynamic GWP of each line per channel: ``full`` (with its deterministic replacements) and ``rep``
    (per unit of ``W``), with the parts due to a transport factor (``_t``); ``w0`` the deterministic W."""

    full: np.ndarray
    full_t: np.ndarray
    rep: np.ndarray
    rep_t: np.ndarray
    w0: np.ndarray
    kind: np.ndarray  # 0 other, 1 material (replacement years), 2 construction site (all at year 0)
    weights: np.ndarray

    def weight_sum(self, lives: np.ndarray, lines: np.ndarray) -> np.ndarray:
        """``(sample, line)`` W of the given lines for sampled service lives [years]: Σ_r≤n f(year_r) for
        a product (replacement r at year r·SL rounded, within 1…PER−1), f(0)·n on the construction site."""
        per = method.PER
        n = np.rint(replacements(per, lives, "ceil")).astype(int)
        kind = self.kind[lines]
        out = np.where(kind == 2, self.weights[0] * n, 0.0)
        product = kind == 1
        for r in range(1, int(n.max(initial=0)) + 1):
            year = replacement_years(r * lives, per, whole_years=True).astype(int)
            out += np.where(product & (n >= r), self.weights[year], 0.0)
        return out


def channels(results: Results, transport: np.ndarray) -> Channels:
    """The dynamic channels (:data:`CHANNELS`) of every line of static RE2020-ready results.

    Parameters
    ----------
    results
        Results computed over PER = 50 years with the ``ceil`` rule and GWP-total.
    transport
        ``(line,)`` True where the line's A4 comes from a distance (its own transport factor).
    """
    g = method._check(results)
    f = rules.dynamic_weights()
    per = method.PER
    fbar = float(f[1 : per + 1].mean())
    imp = np.nan_to_num(results.impacts[:, :, g].astype(float))  # (line, module)
    lines = results.lines
    kind_text = lines["kind"].to_numpy(dtype=object)
    site_lot, lot_number = method._lot_info(lines["lot"])
    material = kind_text == "material"
    site = site_lot & material
    product = material & ~site
    energy = kind_text == "energy"
    weight = np.zeros((len(lines), len(MODULES)))
    for m in ("A1-A3", "A4", "A5"):
        weight[product, M[m]] = f[0]
    for m in ("B1", "B2", "B3", "B5"):
        weight[product, M[m]] = fbar
    for m in ("C1", "C2", "C3", "C4"):
        weight[product, M[m]] = f[per]
    for m in TOTAL_MODULES:
        if m != "B4":
            weight[site, M[m]] = f[0]
    weight[energy, M["B6"]] = fbar
    n0 = np.rint(np.nan_to_num(lines["replacements"].to_numpy(dtype=float))).astype(int)
    life = lines["service_life_used"].to_numpy(dtype=float)
    kind = np.where(product, 1, np.where(site, 2, 0))
    out = Channels(
        full=np.empty(0),
        full_t=np.empty(0),
        rep=np.empty(0),
        rep_t=np.empty(0),
        w0=np.zeros(len(lines)),
        kind=kind,
        weights=np.asarray(f, dtype=float),
    )
    has_life = (kind > 0) & np.isfinite(life) & (n0 > 0)
    if has_life.any():
        rows = np.flatnonzero(has_life)
        out.w0[rows] = out.weight_sum(life[rows][None, :], rows)[0]
    # the kernel's rules (waste in A5, B4 made again): what a replacement adds, the transport factor's part
    n_used = np.nan_to_num(lines["replacements"].to_numpy(dtype=float))
    parts = line_parts(imp[:, :, None], waste_rates(lines, material), n_used, transport & (kind > 0))
    rep = np.where(kind > 0, parts.per_replacement[:, M["B4"], 0], 0.0)
    rep_t = parts.per_replacement_transport[:, M["B4"], 0]
    built_t = parts.transport[:, M["A4"], 0] + parts.transport[:, M["A5"], 0]  # at year 0, with its waste
    base = (weight * imp).sum(axis=1)  # B4 has weight 0: the replacements come through W
    full = base + out.w0 * rep
    full_t = f[0] * built_t + out.w0 * rep_t
    data_type = lines["data_type"].fillna("").astype(str).str.strip().str.lower()
    is_ded = data_type.isin(method.DEFAULT_DATA_TYPES).to_numpy()
    mask = np.stack(
        [
            material,
            energy,
            material & is_ded,
            product & (lot_number == 1),
            product & (lot_number == 2),
            product & (lot_number == 13),
        ],
        axis=1,
    ).astype(float)
    out.full, out.full_t = full[:, None] * mask, full_t[:, None] * mask
    out.rep, out.rep_t = rep[:, None] * mask, rep_t[:, None] * mask
    return out


def _probe(function: Any, *args: Any) -> tuple[float, float]:
    """(coefficient, threshold) of ``coefficient × max(0, x − threshold)`` from two evaluations."""
    one, two = function(_BIG, *args), function(2 * _BIG, *args)
    coefficient = (two - one) / _BIG
    threshold = _BIG - one / coefficient if coefficient else 0.0
    return coefficient, threshold


def thresholds(results: Results, variant: int, year: int | None) -> dict[str, Any]:
    """Icconstruction_max as ``constant + Σ coefficient × max(0, channel − threshold)`` and Icenergie_max
    of one variant for a permit year (None: the project's).

    Returns ``{"year", "constant", "terms": [(channel, coefficient, threshold)], "ic_energie_max"}`` with the
    channel an index of :data:`CHANNELS`, values per m² of Sref. [kg CO2e/m²]
    """
    entry = re2020_of(results)[results.variants[variant]]
    verdict = entry.verdict if year is None else entry.by_year[year]
    ic_lots = {1: 0.0, 2: 0.0, 13: 0.0}
    params = method.threshold_inputs(results.project, icded=entry.icded, ic_lots=ic_lots)
    params = replace(params, permit_year=verdict.permit_year)
    c_max, detail = rules.ic_construction_max(params)
    e_max, _ = rules.ic_energie_max(params)
    bt, version, permit = params.building_type, detail["version"], int(params.permit_year)  # type: ignore[arg-type]
    terms = []
    constant = c_max
    for key, channel, function, extra in (
        ("miinfra", 4, rules.miinfra, ()),
        ("mivrd", 3, rules.mivrd, ()),
        ("mipv", 5, rules.mipv, ()),
        ("mided", 2, rules.mided, (permit,)),
    ):
        if key not in detail:
            continue
        constant -= detail[key]

        def call(x: float, *a: Any, _f: Any = function, _extra: tuple = extra) -> float:
            return _f(bt, x, *_extra, version=version)

        coefficient, threshold = _probe(call)
        if coefficient:
            terms.append((channel, coefficient, threshold))
    return {"year": permit, "constant": constant, "terms": terms, "ic_energie_max": float(e_max)}


def probabilities(results: Results, dynamic: np.ndarray, years: list[int | None]) -> list[dict[str, Any]]:
    """Per variant: the chance of each verdict for each permit year.

    Parameters
    ----------
    results
        RE2020 results (:func:`lca.methods.re2020.apply_re2020`).
    dynamic
        ``(sample, variant, channel)`` dynamic results. [kg CO2e]
    years
        Permit years (None: the project's).

    Returns
    -------
    list of dict
        Per variant ``{"p_compliant", "p_ic_construction_ok", "p_ic_energie_ok"}`` keyed by the year
        (as text), and the per-m² samples of Ic_construction and Ic_énergie (``ic_construction``,
        ``ic_energie``) with the thresholds used (``ic_construction_max`` per year, sampled).
    """
    sref = method._sref(results.project)
    per_m2 = dynamic / sref
    out = []
    for v in range(len(results.variants)):
        x = per_m2[:, v, :]
        entry: dict[str, Any] = {
            "p_compliant": {},
            "p_ic_construction_ok": {},
            "p_ic_energie_ok": {},
            "ic_construction_max": {},
            "ic_energie_max": {},
        }
        for year in years:
            spec = thresholds(results, v, year)
            c_max = np.full(len(x), spec["constant"])
            for channel, coefficient, threshold in spec["terms"]:
                c_max += coefficient * np.maximum(0.0, x[:, channel] - threshold)
            ok_c = x[:, 0] <= c_max
            ok_e = x[:, 1] <= spec["ic_energie_max"]
            key = str(spec["year"])
            entry["p_ic_construction_ok"][key] = float(ok_c.mean())
            entry["p_ic_energie_ok"][key] = float(ok_e.mean())
            entry["p_compliant"][key] = float((ok_c & ok_e).mean())
            entry["ic_construction_max"][key] = c_max
            entry["ic_energie_max"][key] = spec["ic_energie_max"]
        entry["ic_construction"], entry["ic_energie"] = x[:, 0], x[:, 1]
        out.append(entry)
    return out
