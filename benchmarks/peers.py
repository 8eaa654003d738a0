"""The peer case of issue 12: one synthetic inventory computed by lca and its peers on the same data.

500 factors × 5 declared modules (A1-A3, A4, C3, C4, D) × 10 indicators, N lines (one factor each, a
quantity in the factor's declared unit, one of 13 lots, no waste, no replacement: every factor lives
100 years over a 50-year study). Each contender returns the per-indicator total (D excluded), checked
against the exact sum (float64: relative 1e-9; Brightway keeps float32 matrices: 1e-6).

- ``floor``: numpy per-line ``F[idx] * q`` on the 5 declared modules, the floor for keeping line detail;
- ``lca``: ``lca.compute`` then ``total()``, ``by_module()`` and ``by_lot()``;
- ``pandas``: idiomatic ``merge`` then ``groupby(["module", "indicator"]).sum()``;
- ``brightway``: Brightway 2.5 (``bw2calc`` 2.x with in-memory ``bw_processing`` data packages): building the
  matrices (``LCA(...)``), ``lci()`` and ``lcia()`` for each indicator, totals only;
- ``lcax``: LCAx (Rust, through its Python wheel): building the project and ``calculate_project``.

Brightway and lcax come with the optional ``bench`` extra (``pip install ".[bench]"``); without them their
rows say "not installed".
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

import lca
from lca.factors import FactorTable
from lca.indicators import INDICATORS
from lca.model import Project, Variant, normalise_lines

PEER_MODULES = ("A1-A3", "A4", "C3", "C4", "D")
N_FACTORS = 500
N_LOTS = 13


@dataclass
class PeerCase:
    """The inventory as lca, numpy and pandas see it."""

    indicators: list[str]
    ids: np.ndarray  # (factor,) factor ids
    F: np.ndarray  # (factor, module, indicator) values per declared unit, the 5 modules
    idx: np.ndarray  # (line,) factor of each line
    q: np.ndarray  # (line,) quantity in declared units
    table: FactorTable
    project: Project
    long: pd.DataFrame  # factor_id, module, indicator, value
    line_frame: pd.DataFrame  # line_id, lot, factor_id, quantity

    @property
    def exact(self) -> np.ndarray:
        """``(indicator,)`` total, D excluded, summed exactly per factor first (float64)."""
        per_factor = np.bincount(self.idx, weights=self.q, minlength=len(self.ids))
        return np.einsum("f,fmi->i", per_factor, self.F[:, :-1, :])


def make_case(n_lines: int, n_indicators: int = 10, seed: int = 20_261_130) -> PeerCase:
    """The synthetic inventory of ``n_lines`` lines × ``n_indicators`` indicators."""
    rng = np.random.default_rng(seed + n_lines)
    indicators = list(INDICATORS)[:n_indicators]
    ids = np.array([f"P{k:04d}" for k in range(N_FACTORS)], dtype=object)
    F = rng.lognormal(0.0, 1.0, size=(N_FACTORS, len(PEER_MODULES), n_indicators))
    F[:, -1, :] *= -0.3  # D: benefits
    f, m, i = (a.ravel() for a in np.indices(F.shape))
    frame = pd.DataFrame(
        {
            "factor_id": ids[f],
            "module": np.array(PEER_MODULES, dtype=object)[m],
            "indicator": np.array(indicators, dtype=object)[i],
            "value": F.ravel(),
            "name": np.char.add("Material ", ids[f].astype(str)).astype(object),
            "declared_unit": "kg",
            "declared_amount": 1.0,
            "service_life": 100.0,
            "data_type": "generic",
            "source": "synthetic",
        }
    )
    table, issues = FactorTable.from_frame(frame, "peers")
    assert not issues, issues[:3]
    idx = rng.integers(0, N_FACTORS, size=n_lines)
    q = rng.lognormal(2.0, 1.2, size=n_lines)
    lot = rng.integers(1, N_LOTS + 1, size=n_lines).astype(str).astype(object)
    lines = pd.DataFrame(
        {
            "line_id": [f"L{k}" for k in range(n_lines)],
            "lot": lot,
            "quantity": q,
            "unit": "kg",
            "factor_id": ids[idx],
        }
    )
    project = Project(
        name="peers",
        reference_area=1000.0,
        study_period=50.0,
        lines=normalise_lines(lines),
        variants=[Variant("base")],
    )
    long = frame[["factor_id", "module", "indicator", "value"]].copy()
    line_frame = pd.DataFrame({"line_id": lines["line_id"], "lot": lot, "factor_id": ids[idx], "quantity": q})
    return PeerCase(indicators, ids, F, idx, q, table, project, long, line_frame)


# ------------------------------------------------------------------------------------- contenders


def run_floor(case: PeerCase) -> np.ndarray:
    """The numpy per-line floor: ``F[idx] * q`` on the declared modules, then the total."""
    per_line = case.F[case.idx] * case.q[:, None, None]
    return per_line[:, :-1, :].sum(axis=(0, 1))


def run_floor_array(case: PeerCase) -> np.ndarray:
    """The floor's own array alone (its size is the memory reference)."""
    return case.F[case.idx] * case.q[:, None, None]


def run_lca(case: PeerCase) -> np.ndarray:
    """``lca.compute`` then ``total()``, ``by_module()`` and ``by_lot()``."""
    results = lca.compute(case.project, case.table, defaults=False, default_service_lives=False)
    total = results.total()
    results.by_module()
    results.by_lot()
    return total.to_numpy()[0]


def run_pandas(case: PeerCase) -> np.ndarray:
    """Idiomatic pandas: merge the lines with the long factor table, multiply, group."""
    merged = case.line_frame.merge(case.long, on="factor_id", how="left")
    merged["impact"] = merged["quantity"] * merged["value"]
    sums = merged.loc[merged["module"] != "D"].groupby("indicator")["impact"].sum()
    return sums.reindex(case.indicators).to_numpy()


def brightway(case: PeerCase) -> Callable[[], np.ndarray] | None:
    """Brightway 2.5 on the same data, or None when bw2calc is not installed.

    Technosphere: one building activity (id 0) consuming, line by line, the quantity of its factor's
    activity (ids 1..500, each producing 1); biosphere: one flow per (module, indicator) emitted by each
    factor activity; one characterisation per indicator (1 for its flows of A1-A3, A4, C3, C4).
    """
    try:
        with warnings.catch_warnings():  # bw2calc warns at import when pypardiso is not installed
            warnings.simplefilter("ignore")
            import bw2calc
            import bw_processing as bwp
    except ImportError:
        return None
    n_f, n_m, n_i = case.F.shape
    activity = np.arange(1, n_f + 1)
    flow_base = 10_000  # biosphere flow ids: flow_base + module * n_i + indicator
    production = np.array([(a, a) for a in activity], dtype=bwp.INDICES_DTYPE)
    consumption = np.empty(len(case.idx), dtype=bwp.INDICES_DTYPE)
    consumption["row"], consumption["col"] = activity[case.idx], 0
    tech_indices = np.concatenate([np.array([(0, 0)], dtype=bwp.INDICES_DTYPE), production, consumption])
    tech_data = np.concatenate([[1.0], np.ones(n_f), case.q])
    tech_flip = np.concatenate([np.zeros(1 + n_f, dtype=bool), np.ones(len(case.idx), dtype=bool)])
    f, m, i = (a.ravel() for a in np.indices(case.F.shape))
    bio_indices = np.empty(f.size, dtype=bwp.INDICES_DTYPE)
    bio_indices["row"], bio_indices["col"] = flow_base + m * n_i + i, activity[f]

    def datapackages() -> list[Any]:
        inventory = bwp.create_datapackage()
        inventory.add_persistent_vector(
            matrix="technosphere_matrix",
            indices_array=tech_indices,
            data_array=tech_data,
            flip_array=tech_flip,
            name="technosphere",
        )
        inventory.add_persistent_vector(
            matrix="biosphere_matrix", indices_array=bio_indices, data_array=case.F.ravel(), name="biosphere"
        )
        return [inventory]

    def method(k: int) -> Any:
        flows = flow_base + np.arange(n_m - 1) * n_i + k  # the indicator's flows, D left out
        cf = bwp.create_datapackage()
        cf.add_persistent_vector(
            matrix="characterization_matrix",
            indices_array=np.array([(x, x) for x in flows], dtype=bwp.INDICES_DTYPE),
            data_array=np.ones(len(flows)),
            name=f"indicator {k}",
        )
        return cf

    methods = [method(k) for k in range(n_i)]

    def run() -> np.ndarray:
        calc = bw2calc.LCA(demand={0: 1.0}, data_objs=[*datapackages(), methods[0]])
        calc.lci()
        calc.lcia()
        scores = [calc.score]
        for cf in methods[1:]:  # the same inventory, characterised for each other indicator
            calc.load_lcia_data(data_objs=[cf])
            calc.lcia_calculation()
            scores.append(calc.score)
        return np.array(scores)

    return run


def lcax(case: PeerCase) -> Callable[[], np.ndarray] | None:
    """LCAx on the same data, or None when lcax is not installed.

    One EPD per factor (its 5 modules and 10 indicators, the indicator keys used as labels only), one
    product per line (its quantity in kg, a 100-year service life), one assembly per lot; then
    ``calculate_project`` and ``get_impact_total`` without D for each indicator.
    """
    try:
        import lcax as lx
    except ImportError:
        return None
    import datetime

    labels = ("GWP", "GWP_FOS", "GWP_BIO", "GWP_LUL", "ODP", "AP", "EP_FW", "EP_MAR", "EP_TER", "POCP")
    keys = [getattr(lx.ImpactCategoryKey, label) for label in labels[: len(case.indicators)]]
    modules = [lx.LifeCycleModule.A1A3, lx.LifeCycleModule.A4, lx.LifeCycleModule.C3, lx.LifeCycleModule.C4]
    modules.append(lx.LifeCycleModule.D)

    def run() -> np.ndarray:
        epds = [
            lx.EPD(
                name=str(fid),
                declared_unit=lx.Unit.KG,
                version="1",
                published_date=datetime.date(2024, 1, 1),
                valid_until=datetime.date(2029, 1, 1),
                standard=lx.Standard.EN15804A2,
                location=lx.Country.FRA,
                subtype=lx.SubType.GENERIC,
                impacts=lx.Impacts(
                    {
                        key: lx.ImpactCategory(dict(zip(modules, case.F[f, :, k].tolist(), strict=True)))
                        for k, key in enumerate(keys)
                    }
                ),
                id=str(fid),
            )
            for f, fid in enumerate(case.ids)
        ]
        lots: dict[str, list[Any]] = {}
        for line_id, lot, f, q in zip(
            case.line_frame["line_id"],
            case.line_frame["lot"],
            case.idx.tolist(),
            case.q.tolist(),
            strict=True,
        ):
            product = lx.Product(
                name=line_id, reference_service_life=100, impact_data=[epds[f]], quantity=q, unit=lx.Unit.KG
            )
            lots.setdefault(lot, []).append(product)
        assemblies = [
            lx.Assembly(name=f"lot {lot}", quantity=1.0, unit=lx.Unit.PCS, products=products)
            for lot, products in lots.items()
        ]
        project = lx.Project(
            id="peers",
            name="peers",
            location=lx.Location(country=lx.Country.FRA),
            project_phase=lx.ProjectPhase.CONCEPT_DESIGN,
            software_info=lx.SoftwareInfo(lca_software="lca benchmark"),
            life_cycle_modules=modules,
            impact_categories=keys,
            assemblies=assemblies,
            reference_study_period=50,
        )
        done = lx.calculate_project(project)
        return np.array([lx.get_impact_total(done.results, key, [lx.LifeCycleModule.D]) for key in keys])

    return run


# ------------------------------------------------------------------------------------------ measure


def contenders(case: PeerCase, n_lines: int) -> dict[str, Callable[[], np.ndarray]]:
    """The contenders that run at this size: pandas up to 100k lines (a 50M-row merge at 1M), lcax up to
    100k (one Python object per line)."""
    out: dict[str, Callable[[], np.ndarray]] = {
        "floor": lambda: run_floor(case),
        "lca": lambda: run_lca(case),
    }
    if n_lines <= 100_000:
        out["pandas"] = lambda: run_pandas(case)
    bw = brightway(case)
    if bw is not None:
        out["brightway"] = bw
    lx = lcax(case) if n_lines <= 100_000 else None
    if lx is not None:
        out["lcax"] = lx
    return out


def check(case: PeerCase, runs: dict[str, Callable[[], np.ndarray]]) -> None:
    """Every contender gives the exact totals: relative 1e-9, Brightway (float32 matrices) 1e-6."""
    exact = case.exact
    for name, run in runs.items():
        got = run()
        tolerance = 1e-6 if name == "brightway" else 1e-9
        worst = float(np.max(np.abs(got / exact - 1.0)))
        assert worst <= tolerance, f"{name}: totals differ by {worst:.2e} (relative) from the exact sums"


def medians(runs: dict[str, Callable[[], Any]], repeats: int, slow: float = 5.0) -> dict[str, float]:
    """Median wall time [s] of each run, the runs interleaved in each repeat (the machine's load weighs on
    all alike); a run slower than ``slow`` seconds is repeated at most 3 times."""
    import gc
    import statistics
    import time

    times: dict[str, list[float]] = {name: [] for name in runs}
    for r in range(repeats):
        for name, run in runs.items():
            if r >= 3 and times[name] and min(times[name]) > slow:
                continue
            gc.collect()
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def peak_memory(run: Callable[[], Any]) -> int:
    """Peak of the memory allocated through Python and numpy while ``run`` runs [bytes] (tracemalloc: the
    heap of a Rust extension such as lcax is not seen)."""
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
