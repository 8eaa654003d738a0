"""Benchmark of the Monte Carlo uncertainty (``lca.uncertainty``) against baselines measured in the same run.

Run from the repository root::

    python benchmarks/bench_uncertainty.py          # 10k lines × 1 indicator, 10,000 samples; memory at 100k
    python benchmarks/bench_uncertainty.py --quick  # 2,000 samples, no 100k-line memory case

Measured (best of ``--repeats``, ``time.perf_counter``), on the synthetic inventory of ``bench_engine.py``
(500 factors × 15 modules, 10,000 lines with waste, transport by distance, replacements and two variants):

1. **numpy reference** — the lower bound of the issue: draw one lognormal multiplier per factor and sample,
   multiply the quantities pre-summed per factor and variant (module totals per variant). The pre-summing is
   not timed.
2. **lca sampling** — :func:`lca.montecarlo.model.run` on the model of the same project (module totals per
   variant): the same work plus the chunking and the block-wise seeded draws. Target ≤ 3× the reference.
3. **lca end to end** — :func:`lca.uncertainty` including the deterministic calculation and the model build.
4. **per-line draws** — the same with a quantity uncertainty on every line (one draw per line and sample).
5. **memory** — peak traced allocation of the sampling at 100k lines, each with its own quantity uncertainty,
   × 10,000 samples (target ≤ 500 MB; skipped by ``--quick``).
6. **Brightway** — ``bw2calc`` Monte Carlo on the same inventory (one activity per factor with a lognormal
   CO2 emission, the building as a demand of 10k exchanges), when ``bw2calc`` and ``bw2data`` import
   (optional ``bench`` extra). Target: lca ≥ 50× faster per sample.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import SEED, make_factors, make_lines, make_project

from lca.factors import FactorTable
from lca.montecarlo import model as kernel
from lca.montecarlo import uncertainty
from lca.montecarlo.distributions import Z95, default_uncertainties

TARGET_NUMPY = 3.0
TARGET_BRIGHTWAY = 50.0


def best(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def setup(n_lines: int, quantity_u: float | None = None):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(SEED)
    factors = make_factors(rng, 1)
    inventory = make_lines(rng, n_lines, factors)
    project = make_project(inventory)
    if quantity_u is not None:
        project.extra["incertitude quantité"] = quantity_u
    table, issues = FactorTable.from_frame(factors.frame, "synthetic")
    return project, table, factors


def numpy_reference(coef: np.ndarray, sigma: np.ndarray, n: int, seed: int) -> np.ndarray:
    """One lognormal multiplier per factor and sample × the pre-summed (factor, variant × module) matrix."""
    rng = np.random.default_rng(seed)
    m = np.exp(rng.standard_normal((n, len(sigma))) * sigma)
    return m @ coef


def brightway(factors, inventory_project, n: int) -> float | None:  # type: ignore[no-untyped-def]
    """Seconds per Monte Carlo sample of bw2calc on the same inventory, or None when not installed."""
    folder = tempfile.mkdtemp(prefix="lca-bw-")
    os.environ["BRIGHTWAY2_DIR"] = folder  # read by bw2data at import: a throw-away project folder
    try:
        import bw2calc
        import bw2data
    except ImportError:
        return None
    bw2data.projects.set_current("lca-bench")
    lines = inventory_project.lines
    ids = list(factors.ids)
    sigma = float(np.log1p(0.2502) / Z95)  # the shipped default of generic data
    gwp = factors.dense[:, :, 0].sum(axis=1)
    bio = bw2data.Database("bio")
    bio.write({("bio", "co2"): {"name": "CO2", "type": "emission", "unit": "kg"}})
    tech = {}
    for k, fid in enumerate(ids):
        tech[("tech", fid)] = {
            "name": fid, "unit": "unit", "type": "process",
            "exchanges": [
                {"input": ("tech", fid), "amount": 1.0, "type": "production"},
                {"input": ("bio", "co2"), "amount": float(gwp[k]), "type": "biosphere",
                 "uncertainty type": 2, "loc": float(np.log(gwp[k])), "scale": sigma},
            ],
        }  # fmt: skip
    building = [{"input": ("tech", "building"), "amount": 1.0, "type": "production"}]
    q = lines.groupby("factor_id")["quantity"].sum()  # the pre-summed quantities, as a user of bw2 would
    building += [{"input": ("tech", f), "amount": float(v), "type": "technosphere"} for f, v in q.items()]
    tech[("tech", "building")] = {
        "name": "building",
        "unit": "unit",
        "type": "process",
        "exchanges": building,
    }
    bw2data.Database("tech").write(tech)
    bw2data.Method(("gwp",)).write([(("bio", "co2"), 1.0)])
    mc = bw2calc.LCA(
        {bw2data.get_node(database="tech", code="building"): 1}, ("gwp",), use_distributions=True
    )
    mc.lci()
    mc.lcia()
    start = time.perf_counter()
    for _ in range(n):
        next(mc)
    return (time.perf_counter() - start) / n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--brightway-samples", type=int, default=200)
    args = parser.parse_args(argv)
    n = 2_000 if args.quick else 10_000
    seed = 1
    print(f"lca uncertainty benchmark — {platform.python_version()}, numpy {np.__version__}, {n} samples, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '')}")  # fmt: skip
    project, table, factors = setup(10_000)
    common = {"factors": table, "defaults": False, "groups": "module", "indicators": [factors.indicators[0]]}
    t_e2e, mc = best(lambda: uncertainty(project, n=n, seed=seed, **common), args.repeats)
    model = mc.model
    t_run, _ = best(lambda: kernel.run(model, n, seed), args.repeats)
    n_factors = len(model.factor_ids)
    coef = model.coef[:n_factors]
    sigma = np.log1p(model.factor_u) / Z95
    t_ref, ref = best(lambda: numpy_reference(coef, sigma, n, seed), max(args.repeats, 5))
    assert ref.shape == (n, model.n_variants * model.width)
    rows = [
        ("numpy reference (draw per factor × pre-summed)", t_ref, None),
        ("lca sampling (module totals per variant)", t_run, TARGET_NUMPY),
        ("lca end to end (compute + model + sampling)", t_e2e, None),
    ]
    q_project, _, _ = setup(10_000, quantity_u=0.1)
    t_q, _ = best(lambda: uncertainty(q_project, n=n, seed=seed, **common), args.repeats)
    rows.append(("lca end to end, a quantity draw on every line", t_q, None))
    print(f"{'case':<52}{'total [s]':>11}{'µs/sample':>11}{'× numpy':>9}  target")
    for label, t, target in rows:
        ratio = t / t_ref
        verdict = "" if target is None else ("PASS" if ratio <= target else "FAIL") + f" (≤ {target:g}×)"
        print(f"{label:<52}{t:>11.3f}{1e6 * t / n:>11.1f}{ratio:>9.2f}  {verdict}")
    if not args.quick:
        big, _, _ = setup(100_000, quantity_u=0.1)
        small = {**common, "uncertainty_defaults": default_uncertainties()}
        big_mc = uncertainty(big, n=2, seed=seed, **small)
        gc.collect()
        tracemalloc.start()
        start = time.perf_counter()
        kernel.run(big_mc.model, 10_000, seed)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        verdict = "PASS" if peak <= 500 else "FAIL"
        print(f"memory: 100k lines each with a quantity draw × 10,000 samples: peak {peak:,.0f} MB traced "
              f"({elapsed:.1f} s) — {verdict} (≤ 500 MB)")  # fmt: skip
    per_bw = brightway(factors, project, args.brightway_samples)
    if per_bw is None:
        print("Brightway: bw2calc/bw2data not installed (pip install 'lca[bench]'); comparison skipped")
    else:
        ours = t_run / n
        ratio = per_bw / ours
        verdict = "PASS" if ratio >= TARGET_BRIGHTWAY else "FAIL"
        print(f"Brightway bw2calc Monte Carlo: {1e6 * per_bw:,.0f} µs/sample; lca sampling {1e6 * ours:.1f} "
              f"µs/sample: lca {ratio:,.0f}× faster — {verdict} (≥ {TARGET_BRIGHTWAY:g}×)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
