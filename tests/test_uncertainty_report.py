"""The Incertitudes sheet of the report and the uncertainty charts, through the Python API."""

from __future__ import annotations

from dataclasses import replace

import matplotlib
import openpyxl
import pytest

import lca
from lca.datasets import dataset_path
from lca.plots_uncertainty import (
    plot_compliance,
    plot_contributions,
    plot_distribution,
    save_uncertainty_charts,
)
from lca.report import write_report

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def mc():
    project = lca.read_project(dataset_path("examples", "maison_individuelle.xlsx"))
    hostile = [replace(v, name="=HYPERLINK(1)") if k == 1 else v for k, v in enumerate(project.variants)]
    lines = project.lines.copy()
    lines.loc[lines["variant"] == project.variants[1].name, "variant"] = "=HYPERLINK(1)"
    return lca.uncertainty(replace(project, variants=hostile, lines=lines), n=200, seed=1)


def test_english_sheet_with_intervals_and_drivers_and_no_formula(mc, tmp_path):
    mc.lang = "en"
    path = write_report(mc.results, tmp_path / "r.xlsx", lang="en", uncertainty=mc, charts=False)
    sheet = openpyxl.load_workbook(path)["Uncertainty"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Uncertainty — Monte Carlo, 200 samples, seed 1"
    header = rows[4][:10]
    assert header == [
        "variant",
        "indicator",
        "unit",
        "deterministic",
        "mean",
        "sd",
        "p05",
        "p50",
        "p95",
        "P(< baseline)",
    ]
    hostile = [row for row in rows if row[0] == "=HYPERLINK(1)"]
    assert hostile  # the variant named like a formula is listed
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLINK(1)"]
    assert cells and all(c.data_type == "s" for c in cells)  # text, never a formula
    assert any(
        row[0] == "Contributions to variance (top ten, normalised first-order indices)" for row in rows
    )


def test_charts_return_axes_and_files(mc, tmp_path):
    assert plot_distribution(mc).get_xlabel() == "GWP-total [kg CO2e/m²]"
    ax = plot_contributions(mc, lang="en")
    assert ax.get_xlabel() == "share of variance [%]" and len(ax.patches) == 10
    with pytest.raises(lca.InputError, match="not computed with the re2020 method"):
        plot_compliance(mc)
    written = save_uncertainty_charts(mc, tmp_path / "charts", lang="en")
    assert [p.name for p in written] == [
        "uncertainty_distribution.png",
        "uncertainty_contributions_1.png",
        "uncertainty_contributions_2.png",
    ]
    assert all(p.stat().st_size > 1000 for p in written)
