"""Standards say what they are (issue 9 point 13): the shipped 2020-II data are EN 15804+A1, the README
and the report say so, and expired factors are counted in the terminal summary."""

from __future__ import annotations

import gzip
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from lca import Project, compute
from lca.checks import expired_factors, expired_summary, standards_used
from lca.datasets import dataset_path
from lca.factors import FactorTable
from lca.model import normalise_lines
from lca.report import write_report
from lca.summary import format_summary
from tests.conftest import ROOT


def _results(valid_until: dict[str, object], standard: dict[str, str]):
    rows = [
        {"factor_id": f, "module": "A1-A3", "indicator": "GWP-total", "value": 1.0, "declared_unit": "kg",
         "valid_until": valid_until.get(f), "standard": standard.get(f)}
        for f in ("a", "b", "c")
    ]  # fmt: skip
    table, issues = FactorTable.from_frame(pd.DataFrame(rows), "t")
    assert not issues
    lines = [{"line_id": str(k), "quantity": 1, "unit": "kg", "factor_id": f} for k, f in enumerate("aabc")]
    project = Project(name="p", reference_area=10.0, lines=normalise_lines(pd.DataFrame(lines)))
    return compute(project, table, defaults=False)


A1 = {"a": "EN 15804+A1", "b": "EN 15804+A1"}


def test_expired_factors_counted_by_year():
    r = _results({"a": 2021, "b": "2022-12-31", "c": None}, A1)
    assert expired_factors(r, 2026).index.tolist() == ["a", "b"]
    assert expired_summary(r, 2026).render("en") == "2 of 3 factors used expired: 1 in 2021, 1 in 2022"
    assert expired_summary(r, 2022).render("en") == "1 of 3 factors used expired in 2021"
    assert expired_summary(r, 2021) is None


def test_one_expiry_year_reads_like_the_issue():
    r = _results({"a": 2022, "b": 2022}, A1)
    assert expired_summary(r, 2024).render("en") == "2 of 3 factors used expired in 2022"


def test_standards_used_counts_each_factor_once():
    r = _results({}, A1)
    assert standards_used(r).to_dict() == {"EN 15804+A1": 2, "": 1}


def test_terminal_summary_counts_standards_and_expired_factors():
    lines = format_summary(_results({"a": 2000, "b": 2001}, A1), lang="en", width=200).splitlines()
    assert lines[2] == "  3 factors used (EN 15804+A1: 2, standard not given: 1)"
    assert lines[3] == (
        "  2 of 3 factors used expired: 1 in 2000, 1 in 2001; the data-quality sheet of the report lists them"
    )
    french = format_summary(_results({"a": 2000}, A1), lang="fr", width=200).splitlines()
    assert french[2] == "  3 facteurs utilisés (EN 15804+A1\u00a0: 2, norme non précisée\u00a0: 1)"
    assert french[3] == (
        "  fiches utilisées périmées\u00a0: 1 sur 3 (en 2000)\u00a0; "
        "la feuille «\u00a0Qualité des données\u00a0» du "
        "rapport les liste"
    )
    quiet = format_summary(_results({}, A1), lang="en", width=200).splitlines()
    assert quiet[3] == ""  # nothing expired: no line


@pytest.mark.parametrize(
    ("lang", "standards", "expired"),
    [
        ("fr", "EN 15804+A1: 2 facteurs; non renseignée: 1 facteur", "1 sur 3 (validité jusqu'à 2000)"),
        ("en", "EN 15804+A1: 2 factors; not given: 1 factor", "1 of 3 (valid until 2000)"),
    ],
)
def test_report_summary_names_the_standard_and_the_expired_factors(tmp_path, lang, standards, expired):
    book = openpyxl.load_workbook(write_report(_results({"a": 2000}, A1), tmp_path / "r.xlsx", lang=lang,
                                               charts=False))  # fmt: skip
    pairs = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True) if row[0]}
    key = "Norme des fiches utilisées" if lang == "fr" else "Standard of the factors used"
    assert pairs[key] == standards
    assert pairs["Fiches expirées" if lang == "fr" else "Expired factors"] == expired


def test_shipped_2020_ii_table_is_en15804_a1():
    path = dataset_path("factors/oekobaudat_2020_II_generic.csv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        table = pd.read_csv(handle, usecols=["standard", "indicator"])
    assert set(table["standard"]) == {"EN 15804+A1"}
    indicators = set(table["indicator"])
    assert {"AP (A1)", "EP (A1)", "POCP (A1)"} <= indicators
    assert not {"AP", "EP-freshwater", "EP-marine", "EP-terrestrial", "POCP"} & indicators


def test_readme_and_cli_say_a1_for_the_shipped_data():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "ÖKOBAUDAT 2020-II generic datasets, which are **EN 15804+A1**" in readme
    assert "EN 15804+A2 indicators" not in readme
    out = subprocess.run(
        [sys.executable, "-m", "lca.cli", "--help"], capture_output=True, text=True, check=True
    )
    assert "EN 15804+A1/+A2" in out.stdout
