"""Missing, empty and unreadable sheets are reported, never silent (issue 9.2)."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl
import pytest

from lca import InputError, compute, read_project
from lca.report import write_report
from lca.summary import format_summary
from tests.helpers import hand_factor_frame, hand_factors, write_xlsx

MATERIALS = [["Repère", "Quantité", "Unité", "ID fiche"], ["B1", 1, "m3", "conc"]]
ENERGY = [["Vecteur", "Usage", "Quantité", "Unité"], ["électricité", "chauffage", 1000, "kWh"]]
NO_PROJECT = (
    "the workbook has no 'Projet' (Project) sheet: no reference area, so the per-m² results are not "
    "available, and the study period is the default 50 years — add a 'Projet' sheet (`lca template` writes "
    "one) with the reference area (SHAB / Sref, m²)"
)


def _notes(project):
    return [(i.level, i.sheet, i.row, i.column, i.message) for i in project.issues]


def test_no_project_sheet_is_a_warning_everywhere(tmp_path):
    project = read_project(write_xlsx(tmp_path / "p.xlsx", {"Matériaux": MATERIALS}))
    assert _notes(project) == [("warning", None, None, None, NO_PROJECT)]
    results = compute(project, hand_factors(), defaults=False)
    summary = format_summary(results, lang="en", width=1000)
    assert "No issues." not in summary
    assert f"[warning] {NO_PROJECT}" in summary
    assert [i.to_dict("en")["message"] for i in results.issues if "service life" not in i.message] == [
        NO_PROJECT
    ]
    write_report(results, tmp_path / "r.xlsx", lang="en", charts=False)
    cells = [c for row in openpyxl.load_workbook(tmp_path / "r.xlsx")["Data quality"].values for c in row]
    assert NO_PROJECT in cells


def test_no_reference_area_points_at_the_project_sheet(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", {"Projet": [["Nom", "Test"]], "Matériaux": MATERIALS})
    assert _notes(read_project(path)) == [(
        "warning", "Projet", None, None,
        "no reference area (SHAB / Sref, m²): the per-m² results are not available; add a row 'SHAB' (or "
        "'Sref') with the area in m² on this sheet",
    )]  # fmt: skip


def test_empty_materials_sheet_next_to_energy_lines(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": [["SHAB", 100]], "Matériaux": MATERIALS[:1], "Énergie": ENERGY,
    })  # fmt: skip
    assert _notes(read_project(path)) == [(
        "warning", "Matériaux", None, None,
        "the 'Matériaux' sheet has no line: the results hold only the energy and water use (B6, B7), "
        "without any construction product — fill the 'Matériaux' (Materials) sheet",
    )]  # fmt: skip


def test_energy_only_workbook_does_not_point_at_a_missing_sheet(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", {"Projet": [["SHAB", 100]], "Énergie": ENERGY})
    assert _notes(read_project(path)) == [(
        "warning", None, None, None,
        "the workbook has no 'Matériaux' sheet: the results hold only the energy and water use (B6, B7), "
        "without any construction product — fill the 'Matériaux' (Materials) sheet",
    )]  # fmt: skip


def test_no_line_at_all(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", {"Projet": [["SHAB", 100]], "Matériaux": MATERIALS[:1]})
    assert _notes(read_project(path)) == [(
        "warning", "Matériaux", None, None,
        "the workbook has no inventory or energy line; nothing is computed — fill the 'Matériaux' sheet",
    )]  # fmt: skip


def test_unreadable_energy_sheet_is_an_error_and_materials_still_compute(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": [["SHAB", 100]],
        "Matériaux": MATERIALS,
        "Énergie": [["Vecteur", "Usage", "Conso"], ["électricité", "chauffage", 1000]],
    })  # fmt: skip
    project = read_project(path)
    assert _notes(project) == [(
        "error", "Énergie", None, None,
        "missing the columns quantity, unit; found 'Vecteur', 'Usage', 'Conso'. "
        "Expected headers such as carrier, use, quantity, unit — no line of this sheet is computed",
    )]  # fmt: skip
    results = compute(project, hand_factors(), defaults=False)
    assert results.total()["GWP-total"].to_dict() == pytest.approx({"base": 217.0})
    assert results.per_m2()["GWP-total"].to_dict() == pytest.approx({"base": 2.17})


def test_both_line_sheets_unreadable_is_an_input_error(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Matériaux": [["Repère", "Qté"], ["B1", 1]],
        "Énergie": [["Vecteur", "Conso"], ["électricité", 1000]],
    })  # fmt: skip
    with pytest.raises(InputError, match=r"sheet 'Matériaux': missing the column unit; found"):
        read_project(path)


def test_cli_unreadable_energy_sheet_exits_3_with_the_issue(tmp_path):
    factors = tmp_path / "f.csv"
    hand_factor_frame().to_csv(factors, index=False)
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": [["SHAB", 100]],
        "Matériaux": MATERIALS,
        "Énergie": [["Vecteur", "Usage", "Conso"], ["électricité", "chauffage", 1000]],
    })  # fmt: skip
    command = [sys.executable, "-m", "lca.cli", "run", str(path), "--factors", str(factors),
               "--no-default-factors"]  # fmt: skip
    done = subprocess.run([*command, "--format", "json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 3, done.stderr
    doc = json.loads(done.stdout)
    assert doc["variants"][0]["per_m2"]["GWP-total"] == pytest.approx(2.17)
    assert [(i["level"], i["sheet"]) for i in doc["issues"] if i["level"] == "error"] == [
        ("error", "Énergie")
    ]
    table = subprocess.run([*command, "--lang", "en"], capture_output=True, text=True, timeout=300)
    assert "1 error" in table.stdout
    assert "No issues." not in table.stdout
