"""Shared fixtures. ``shared_dir`` is the team's source-data folder beside the clone: tests that need
it skip with a reason when it is absent (a user's fresh clone has none).

Every :func:`lca.compute` of the test suite is checked for conservation (DESIGN §7): the rows of the
tidy table, the modules and the total agree for every variant and indicator. The check wraps the
function once, when this file is imported — before the test modules are, so that their
``from lca import compute`` gets the checked one too.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest

import lca
import lca.engine

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

#: Relative tolerance of the conservation check, against the sum of |impacts| (rounding of sums).
CONSERVATION_RTOL = 1e-9


def _checked(compute):
    @functools.wraps(compute)
    def checked_compute(*args, **kwargs):
        results = compute(*args, **kwargs)
        gap = results.conservation_gap()
        scale = max(1.0, float(np.abs(results.impacts).sum()))
        if not gap <= CONSERVATION_RTOL * scale:
            pytest.fail(f"conservation broken: tidy lines, modules and total differ by {gap!r} ({scale=:g})")
        return results

    checked_compute.__wrapped_for_conservation__ = True
    return checked_compute


if not getattr(lca.engine.compute, "__wrapped_for_conservation__", False):
    lca.engine.compute = lca.compute = _checked(lca.engine.compute)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` next to the repository, or skip."""
    if not (SHARED / "data").is_dir():
        pytest.skip(f"source data folder {SHARED} is absent (it exists for developers and CI only)")
    return SHARED


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory) -> Path:
    """The project's wheel, built once per session by ``pip wheel`` (its hook, hatch_build.py, adds the
    prebuilt factor tables and compiled catalogues); needs hatchling: no build isolation, no network."""
    import subprocess
    import sys

    pytest.importorskip("hatchling", reason="the build backend (hatchling) is not installed")
    folder = tmp_path_factory.mktemp("wheel")
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(root), "--no-deps", "--no-build-isolation",
         "-w", str(folder)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    (wheel,) = folder.glob("lca-*.whl")
    return wheel
