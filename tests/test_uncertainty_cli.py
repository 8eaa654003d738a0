"""``lca uncertainty`` as a subprocess: table and JSON output, report sheet, charts, bad arguments."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl
import pytest

from lca.datasets import dataset_path

EXAMPLE = str(dataset_path("examples", "maison_individuelle.xlsx"))
COLLECTIVE = str(dataset_path("examples", "residence_collective.xlsx"))


def lca(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lca.cli", *args], capture_output=True, text=True, timeout=300
    )


def test_table_output_names_intervals_probability_and_drivers():
    out = lca("uncertainty", EXAMPLE, "-n", "500", "--seed", "3", "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert "GWP-total per m² — 500 samples, seed 3" in out.stdout
    assert "ossature_bois: median" in out.stdout and "P(< baseline)" in out.stdout
    assert "main sources of uncertainty" in out.stdout
    assert "\r[" not in out.stderr  # no progress bar when stderr is not a terminal


def test_json_output_is_the_contract_and_reproducible():
    one = lca("uncertainty", EXAMPLE, "-n", "300", "--seed", "5", "--format", "json")
    two = lca("uncertainty", EXAMPLE, "-n", "300", "--seed", "5", "--format", "json")
    assert one.returncode == 0, one.stderr
    assert one.stdout == two.stdout
    doc = json.loads(one.stdout)
    assert doc["samples"] == 300 and doc["seed"] == 5
    assert "p_below_baseline" in doc["variants"][1]["uncertainty"]


def test_re2020_report_and_charts(tmp_path):
    report, charts = tmp_path / "r.xlsx", tmp_path / "charts"
    out = lca(
        "uncertainty",
        COLLECTIVE,
        "-n",
        "200",
        "--method",
        "re2020",
        "-o",
        str(report),
        "--charts",
        str(charts),
    )
    assert out.returncode == 0, out.stderr
    assert "permis 2028" in out.stdout and "probabilité d'être conforme" in out.stdout
    book = openpyxl.load_workbook(report)
    assert "Incertitudes" in book.sheetnames
    sheet = book["Incertitudes"]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "RE2020 — probabilités par année de dépôt du permis" in texts
    assert sorted(p.name for p in charts.iterdir()) == [
        "uncertainty_compliance.png", "uncertainty_contributions_1.png", "uncertainty_contributions_2.png",
        "uncertainty_contributions_3.png", "uncertainty_distribution.png",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-n", "1", "--lang", "en"], "-n must be at least 2 samples, found 1"),
        (["--seed", "-4", "--lang", "en"], "the seed must be a whole number ≥ 0, found -4"),
    ],
)
def test_bad_arguments_are_clear_errors(args, message):
    out = lca("uncertainty", EXAMPLE, *args)
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr


def test_bad_defaults_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "defaults.csv"
    bad.write_text("data_type,distribution,uncertainty\ngeneric,cauchy,0.3\n", encoding="utf-8")
    out = lca("uncertainty", EXAMPLE, "-n", "10", "--uncertainty-defaults", str(bad))
    assert out.returncode == 2
    assert "defaults.csv, row 2: unknown distribution 'cauchy'" in out.stderr
    missing = tmp_path / "missing.csv"
    missing.write_text("data_type,uncertainty\ngeneric,0.3\n", encoding="utf-8")
    out = lca("uncertainty", EXAMPLE, "-n", "10", "--uncertainty-defaults", str(missing))
    assert "miss the columns ['distribution']" in out.stderr
