"""Variant names on the lines are matched to the Variantes sheet like headers (issue 9.1)."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lca import compute, read_project
from lca.errors import Issue
from lca.io.variants import match_variants
from lca.model import Project, Variant, normalise_lines
from tests.helpers import hand_factor_frame, hand_factors, write_xlsx

PROJECT = [["Clé", "Valeur"], ["SHAB", 100]]
HEADER = ["Repère", "Quantité", "Unité", "ID fiche", "Variante", "Remplace"]


def _errors(project):
    return [i for i in project.issues if i.level == "error"]


def test_declared_variant_matches_case_accents_and_spaces(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": PROJECT,
        "Matériaux": [HEADER,
                      ["B1", 1, "m3", "conc", "", ""],
                      ["B2", 2, "m3", "conc", "Bois ", "B1"],
                      ["B3", 3, "m3", "conc", " BÉTON  bas carbone", ""]],
        "Variantes": [["Nom", "Description"], ["base", ""], ["bois", "ossature bois"],
                      ["Béton bas carbone", ""]],
    })  # fmt: skip
    project = read_project(path)
    assert list(project.lines["variant"]) == ["", "bois", "Béton bas carbone"]
    assert _errors(project) == []
    results = compute(project, hand_factors(), defaults=False)
    assert results.variants == ["base", "bois", "Béton bas carbone"]
    total = results.total()["GWP-total"]
    # conc: 217 kg CO2e per m3 (A1-A3 200 + A4 5 + A5 2 + C1-C4 10); D excluded
    assert total.to_dict() == pytest.approx({"base": 217.0, "bois": 434.0, "Béton bas carbone": 868.0})


def test_unknown_variant_is_an_error_naming_the_declared_and_the_closest(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": PROJECT,
        "Matériaux": [HEADER,
                      ["B1", 1, "m3", "conc", "", ""],
                      ["B2", 2, "m3", "conc", "Boiss", ""],
                      ["B3", 3, "m3", "conc", "xyz", ""]],
        "Variantes": [["Nom"], ["base"], ["bois"]],
    })  # fmt: skip
    project = read_project(path)
    errors = _errors(project)
    assert [(e.sheet, e.row, e.column, e.value, e.line_id) for e in errors] == [
        ("Matériaux", 3, "Variante", "Boiss", "B2"),
        ("Matériaux", 4, "Variante", "xyz", "B3"),
    ]
    assert errors[0].message == (
        "variant 'Boiss' is not on the 'Variantes' sheet (declared: 'base', 'bois'); did you mean 'bois'? "
        "Correct the name or add the variant to the 'Variantes' sheet — the line is not computed"
    )
    assert "did you mean" not in errors[1].message
    assert list(project.lines["valid"]) == [True, False, False]
    results = compute(project, hand_factors(), defaults=False)
    assert results.variants == ["base", "bois"]  # no variant created on the fly
    assert results.total()["GWP-total"].to_dict() == pytest.approx({"base": 217.0, "bois": 217.0})


def test_without_variants_sheet_two_spellings_are_one_variant(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": PROJECT,
        "Matériaux": [HEADER,
                      ["B1", 1, "m3", "conc", "", ""],
                      ["B2", 2, "m3", "conc", "Bois", "B1"],
                      ["B3", 3, "m3", "conc", "bois ", ""],
                      ["B4", 4, "m3", "conc", "BASE", ""]],
    })  # fmt: skip
    project = read_project(path)
    assert list(project.lines["variant"]) == ["", "Bois", "Bois", "base"]
    notes = [(i.level, i.row, i.message) for i in project.issues if i.column == "Variante"]
    assert notes == [
        ("info", 4, "variant 'bois' is read as 'Bois' (case, accents and spaces are ignored)"),
        ("info", 5, "variant 'BASE' is read as 'base' (case, accents and spaces are ignored)"),
    ]
    results = compute(project, hand_factors(), defaults=False)
    assert results.variants == ["base", "Bois"]
    # base: B1 + B4 = 5 m3; Bois: B1 replaced, + B2 + B3 = 5 m3
    assert results.total()["GWP-total"].to_dict() == pytest.approx({"base": 1085.0, "Bois": 1085.0})


def test_replaces_on_a_common_line_is_reported(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": PROJECT,
        "Matériaux": [HEADER, ["B1", 1, "m3", "conc", "", ""], ["B2", 2, "m3", "conc", "", "B1"]],
    })  # fmt: skip
    project = read_project(path)
    (note,) = [i for i in project.issues if i.column == "Remplace"]
    assert (note.level, note.row, note.value, note.line_id) == ("warning", 3, "B1", "B2")
    assert note.message == (
        "this line replaces B1 but has no variant: a line without a variant is in every variant and "
        "removes nothing — give its variant in column 'Variante', or empty the 'Remplace' cell"
    )


def test_energy_sheet_variants_are_matched_too(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": PROJECT,
        "Énergie": [["Vecteur", "Usage", "Quantité", "Unité", "Variante"],
                    ["électricité", "chauffage", 1000, "kWh", ""],
                    ["électricité", "chauffage", 500, "kWh", "PAC "],
                    ["électricité", "chauffage", 500, "kWh", "PACC"]],
        "Variantes": [["Nom"], ["base"], ["pac"]],
    })  # fmt: skip
    project = read_project(path)
    assert list(project.lines["variant"]) == ["", "pac", "PACC"]
    (error,) = _errors(project)
    assert (error.sheet, error.row, error.column) == ("Énergie", 4, "Variante")
    assert "did you mean 'pac'?" in error.message


def test_variant_listed_twice_in_another_spelling(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": PROJECT,
        "Matériaux": [HEADER, ["B1", 1, "m3", "conc", "", ""]],
        "Variantes": [["Nom"], ["base"], ["Bois"], ["bois "]],
    })  # fmt: skip
    project = read_project(path)
    assert [v.name for v in project.variants] == ["base", "Bois"]
    (note,) = [i for i in project.issues if i.sheet == "Variantes"]
    assert note.message == (
        "variant 'bois' is listed twice (as 'Bois'; case, accents and spaces are ignored); the first is kept"
    )


def test_cli_unknown_variant_exits_3(tmp_path):
    factors = tmp_path / "f.csv"
    hand_factor_frame().to_csv(factors, index=False)
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": PROJECT,
        "Matériaux": [HEADER, ["B1", 1, "m3", "conc", "", ""], ["B2", 2, "m3", "conc", "Boiss", ""]],
        "Variantes": [["Nom"], ["base"], ["bois"]],
    })  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "lca.cli", "run", str(path), "--factors", str(factors),
         "--no-default-factors", "--format", "json"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 3, done.stderr
    doc = json.loads(done.stdout)
    assert [v["name"] for v in doc["variants"]] == ["base", "bois"]
    (error,) = [i for i in doc["issues"] if i["level"] == "error"]
    assert (error["sheet"], error["row"], error["column"]) == ("Matériaux", 3, "Variante")
    assert "vouliez-vous dire «\u00a0bois\u00a0»\u00a0?" in error["message"]  # a French workbook: French


# ------------------------------------------------------------------------------------ properties

ACCENTED = {"e": "éÉèê", "a": "àÀâ", "o": "ôÔ", "c": "çÇ", "u": "ùû"}
NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz+-_ 0123456789", min_size=1, max_size=12).filter(
    lambda s: s.strip() != ""
)


@st.composite
def respelled(draw, name: str) -> str:
    """``name`` with random case, accents on its vowels and extra spaces around and inside."""
    out = []
    for ch in name:
        ch = draw(st.sampled_from([ch, ch.upper(), *ACCENTED.get(ch, "")]))
        out.append(ch + (" " if ch == " " and draw(st.booleans()) else ""))
    return draw(st.sampled_from(["", " ", "  "])) + "".join(out) + draw(st.sampled_from(["", " "]))


@settings(max_examples=200, deadline=None)
@given(st.lists(NAME, min_size=1, max_size=4, unique_by=lambda s: " ".join(s.split())), st.data())
def test_any_respelling_of_a_declared_variant_matches_it(names, data):
    declared = [" ".join(n.split()) for n in names]
    typed = [data.draw(respelled(n)) for n in declared]
    lines = normalise_lines(pd.DataFrame({"line_id": [f"L{i}" for i in range(len(typed))],
                                          "quantity": 1.0, "unit": "m3", "variant": typed}))  # fmt: skip
    project = Project(lines=lines, variants=[Variant(n) for n in declared])
    issues: list[Issue] = []
    out = match_variants(project, "Variantes", "p.xlsx", issues)
    assert list(out["variant"]) == declared
    assert out["valid"].all() and issues == []
