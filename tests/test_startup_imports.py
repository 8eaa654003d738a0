"""`lca run` on the example builds nothing it does not need (issue #12): no pint registry (the example's
units are common spellings), no importlib.metadata (the version is read only by --version), no factor
table parsed when the binary form is there, no report or chart library."""

from __future__ import annotations

import json
import subprocess
import sys

from lca.datasets import dataset_path

PROBE = """
import json, runpy, sys
sys.argv = ["lca", "run", sys.argv[1], "--format", "json", "-o", sys.argv[2]]
try:
    runpy.run_module("lca.cli", run_name="__main__")
except SystemExit as done:
    code = done.code
print(json.dumps({"code": code, "loaded": sorted(m for m in sys.modules if m.split(".")[0] in
    ("pint", "importlib", "matplotlib", "openpyxl", "lca"))}))
"""


def test_lca_run_on_the_example_imports_only_what_it_needs(tmp_path):
    example = dataset_path("examples", "residence_collective.xlsx")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(example), str(tmp_path / "out.json")],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    probe = json.loads(done.stdout.splitlines()[-1])
    assert probe["code"] in (0, 3)
    loaded = set(probe["loaded"])
    assert {"pint", "importlib.metadata", "matplotlib", "openpyxl"}.isdisjoint(loaded)
    assert "lca.report" not in loaded and "lca.plots" not in loaded
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["project"]


def test_the_version_is_read_only_when_asked_for():
    code = "import sys, lca.cli; lca.cli._parser(); print('importlib.metadata' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.stdout.strip() == "False", done.stderr[-2000:]
    version = subprocess.run([sys.executable, "-m", "lca.cli", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("lca ") and len(version.stdout.split()) == 2
