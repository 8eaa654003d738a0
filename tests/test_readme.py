"""Every Python snippet of the README runs as written (issue 9.4), from a fresh folder holding only the
example workbooks at the paths the README names."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lca.datasets import dataset_path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
FENCE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def snippets() -> list[str]:
    return FENCE.findall(README.read_text(encoding="utf-8"))


def test_the_readme_has_python_snippets_reaching_report_and_plots():
    code = "\n".join(snippets())
    assert len(snippets()) == 2
    assert "lca.report.write_report(" in code and "lca.plots.plot_modules(" in code


def test_every_readme_snippet_runs(tmp_path, monkeypatch):
    examples = tmp_path / "datasets" / "examples"
    examples.mkdir(parents=True)
    for name in ("residence_collective.xlsx", "maison_individuelle.xlsx"):
        shutil.copy(dataset_path("examples", name), examples / name)
    monkeypatch.chdir(tmp_path)
    import matplotlib

    matplotlib.use("Agg")
    namespace: dict[str, object] = {"__name__": "__readme__"}
    for number, code in enumerate(snippets(), start=1):
        exec(compile(code, f"README.md python snippet {number}", "exec"), namespace)
    assert (tmp_path / "rapport.xlsx").stat().st_size > 10_000
    variants = namespace["results"].variants  # type: ignore[attr-defined]
    assert namespace["with_beams"].variant_names() == [*variants, "glulam beams"]  # type: ignore[attr-defined]


def test_import_lca_leaves_report_and_plots_for_later():
    code = (
        "import sys, lca; assert 'lca.report' not in sys.modules and 'lca.plots' not in sys.modules; "
        "f = lca.report.write_report; g = lca.plots.plot_modules; assert 'matplotlib' not in sys.modules; "
        "assert callable(lca.compare) and 'report' in dir(lca)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_unknown_attribute_is_an_attribute_error():
    import lca

    with pytest.raises(AttributeError, match="module 'lca' has no attribute 'nothing'"):
        lca.nothing  # noqa: B018
