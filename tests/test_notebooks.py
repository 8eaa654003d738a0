"""The tutorial notebooks run from top to bottom, and are committed clean.

Each notebook of ``notebooks/`` is executed with nbclient in a fresh kernel whose working directory is
``notebooks/`` (as in ``jupyter lab notebooks/``); any cell error fails the test. The kernel runs the
interpreter of the tests (a kernel spec written for the session), so that a user-level ``python3``
kernel spec pointing to another Python cannot be picked up. Charts are drawn with the inline backend,
which needs no display.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
EXPECTED = ["01-quickstart", "02-compare-variants", "03-re2020", "04-your-own-data", "05-uncertainty"]

#: Longest a single cell may run. [s]
CELL_TIMEOUT = 120
#: Longest a whole notebook may run before the test fails; they take well under a minute. [s]
NOTEBOOK_BUDGET = 180


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def test_the_tutorials_are_there():
    assert _ids(PATHS) == EXPECTED


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_committed_without_outputs(path: Path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        i
        for i, cell in enumerate(notebook["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"{path.name}: cells {dirty} hold outputs or execution counts; clear them before committing "
        "(Jupyter: Edit > Clear Outputs of All Cells, then save)"
    )


@pytest.fixture(scope="session")
def kernel_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ``python3`` kernel spec that runs this interpreter (ipykernel must be importable in it)."""
    pytest.importorskip("ipykernel")
    folder = tmp_path_factory.mktemp("kernels")
    spec = folder / "python3"
    spec.mkdir()
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "Python 3 (lca tests)", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_notebook_runs(path: Path, kernel_dir: Path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    specs = KernelSpecManager(kernel_dirs=[str(kernel_dir)], ensure_native_kernel=False)
    manager = KernelManager(kernel_name="python3", kernel_spec_manager=specs)
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        km=manager,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    before = sorted(p.name for p in NOTEBOOKS.iterdir()), sorted(p.name for p in ROOT.iterdir())

    start = time.perf_counter()
    client.execute()  # raises CellExecutionError, naming the cell and the traceback, on any error
    elapsed = time.perf_counter() - start

    assert elapsed < NOTEBOOK_BUDGET, f"{path.name} took {elapsed:.0f} s (budget {NOTEBOOK_BUDGET} s)"
    after = sorted(p.name for p in NOTEBOOKS.iterdir()), sorted(p.name for p in ROOT.iterdir())
    assert after == before, f"{path.name} wrote files into the repository; write into tempfile.mkdtemp()"
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    draws = any("plot" in cell.source for cell in notebook.cells if cell.cell_type == "code")
    if draws:  # the inline backend works headless: the charts are in the notebook as PNG
        assert any("image/png" in out.get("data", {}) for out in outputs), f"{path.name}: no inline chart"
