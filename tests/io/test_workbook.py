"""Reading project workbooks: French/English sheets and headers, odd spellings, decimal commas, errors."""

from __future__ import annotations

import pytest

from lca import InputError, compute, read_project
from tests.helpers import hand_factors, write_xlsx

PROJECT_FR = [
    ["Clé", "Valeur"],
    ["Nom", "Résidence Test"],
    ["Type de bâtiment", "Logement collectif"],
    ["SHAB", "1 234,5"],
    ["Nombre de logements", 20],
    ["Période d'étude", 50],
    ["Zone climatique", "h2b"],
    ["Réseau de chaleur", "non"],
    ["Maître d'ouvrage", "OPH"],
]


def test_french_workbook_with_odd_spellings(tmp_path):
    path = write_xlsx(
        tmp_path / "p.xlsx",
        {
            "Projet": PROJECT_FR,
            " matériaux ": [
                ["Titre du tableau"],  # a title above the header
                [
                    "Repère",
                    "Lot",
                    "Désignation",
                    "Quantité (m³)",
                    "Unité",
                    "ID fiche",
                    "Durée de vie (ans)",
                    "Taux de chute",
                    "Commentaire",
                ],
                ["B1", 3, "Voiles béton", "10,5", "M3", "conc", "", "5 %", "coulé en place"],
                [None, None, None, None, None, None, None, None, None],  # empty row
                ["F1", "6", "Fenêtres", 2, "pce", "win", "30", 0.02, ""],
                ["I1", "8", "Isolant", "1 000", "m²", "ins", None, None, None],
            ],
        },
    )
    project = read_project(path)
    assert project.name == "Résidence Test"
    assert project.building_type == "collective_housing"
    assert project.reference_area == pytest.approx(1234.5)
    assert project.dwellings == 20
    assert project.climate_zone == "H2b"
    assert project.heat_network is False
    assert project.extra["Maître d'ouvrage"] == "OPH"
    lines = project.lines
    assert list(lines["line_id"]) == ["B1", "F1", "I1"]
    assert list(lines["row"]) == [3, 5, 6]
    assert list(lines["quantity"]) == [10.5, 2.0, 1000.0]
    assert list(lines["unit"]) == ["m**3", "piece", "m**2"]
    assert list(lines["lot"]) == ["3", "6", "8"]
    assert lines["waste_rate"].tolist() == pytest.approx([0.05, 0.02, 0.0])
    assert lines["service_life"].iloc[1] == 30
    assert lines["Commentaire"].iloc[0] == "coulé en place"  # extra columns are kept
    assert project.issues == []


def test_english_workbook_energy_variants_and_factors_sheet(tmp_path):
    path = write_xlsx(
        tmp_path / "p.xlsx",
        {
            "Project": [
                ["name", "House"],
                ["reference_area", 120],
                ["study_period", 60],
                ["replacement_rule", "fraction"],
                ["building_type", "maison individuelle"],
            ],
            "Materials": [
                ["id", "lot", "element", "quantity", "unit", "factor_id", "variant", "replaces"],
                [1, 3, "Walls", 10, "m3", "conc", "", ""],
                [2, 3, "Light walls", 5, "m3", "conc", "light", "1"],
            ],
            "Energy": [
                ["carrier", "use", "quantity", "unit", "factor_id"],
                ["electricity", "heating", 1000, "kWh/an", "elec"],
            ],
            "Factors": [["factor_id", "declared unit", "A1-A3", "C3"], ["conc", "m3", "100", "1,5"]],
            "Variants": [["name", "description"], ["base", "concrete"], ["light", "less concrete"]],
        },
    )
    project = read_project(path)
    assert (project.study_period, project.replacement_rule, project.building_type) == (
        60,
        "fraction",
        "individual_house",
    )
    assert [v.name for v in project.variants] == ["base", "light"]
    assert project.lines["kind"].tolist() == ["material", "material", "energy"]
    assert project.lines["replaces"].iloc[1] == ("1",)
    assert project.lines["line_id"].iloc[2] == "E2"  # energy lines without id: E + row number
    # the workbook's own factors override the stacked table on 'conc'
    r = compute(project, hand_factors(), defaults=False)
    assert r.total()["GWP-total"].to_dict() == pytest.approx({"base": 1015 + 3600, "light": 507.5 + 3600})
    assert set(r.lines["source"]) == {"p.xlsx#Factors", "hand"}
    assert r.lines.set_index("line_id").at["1", "source_row"] == 2


def test_csv_folder(tmp_path):
    (tmp_path / "Projet.csv").write_text("nom;Maison CSV\nSHAB;100,5\n", encoding="utf-8")
    (tmp_path / "Materiaux.csv").write_text(
        "lot;désignation;quantité;unité;id fiche\n3;Béton;2,5;m3;conc\n", encoding="latin-1"
    )
    project = read_project(tmp_path)
    assert project.reference_area == 100.5
    assert project.lines["quantity"].tolist() == [2.5]
    assert project.lines["element"].tolist() == ["Béton"]


def test_bad_cells_become_issues_and_other_lines_compute(tmp_path):
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        {
            "Matériaux": [
                ["lot", "désignation", "quantité", "unité", "id fiche", "durée de vie"],
                [3, "ok", 10, "m3", "conc", ""],
                [3, "texte", "beaucoup", "m3", "conc", ""],
                [3, "vide", "", "m3", "conc", ""],
                [3, "unité", 1, "brouette", "conc", ""],
                [6, "dvt", 2, "u", "win", "longtemps"],
            ],
        },
    )
    project = read_project(path)
    found = {(i.row, i.column): i for i in project.issues}
    assert found[(3, "quantité")].level == "error"
    assert "quantity is 'beaucoup'; expected a number > 0" in found[(3, "quantité")].message
    assert "quantity is empty" in found[(4, "quantité")].message
    assert "unknown unit 'brouette'" in found[(5, "unité")].message
    assert found[(6, "durée de vie")].level == "warning"
    assert found[(3, "quantité")].sheet == "Matériaux"
    assert found[(3, "quantité")].file == str(path)
    r = compute(project, hand_factors(), defaults=False)
    assert r.line_counts.loc["base"].to_dict() == {"count": 5, "computed": 2, "rejected": 3}


def test_duplicate_ids_and_bad_project_values(tmp_path):
    path = write_xlsx(
        tmp_path / "dup.xlsx",
        {
            "Projet": [["SHAB", "grand"], ["Zone climatique", "H9"], ["Type de bâtiment", "château"]],
            "Matériaux": [
                ["id", "quantité", "unité", "id fiche"],
                ["A", 1, "m3", "conc"],
                ["A", 2, "m3", "conc"],
            ],
        },
    )
    project = read_project(path)
    messages = [str(i) for i in project.issues]
    assert any("row 3" in m and "line id 'A' is used twice" in m for m in messages)
    assert any("row 1, column 'SHAB': expected a number, found 'grand'" in m for m in messages)
    assert not any("no reference area" in m for m in messages)  # the error above says it
    assert any("expected a climate zone H1a" in m for m in messages)
    assert any("expected individual_house (maison individuelle)" in m for m in messages)


def test_missing_sheets_and_columns_are_input_errors(tmp_path):
    with pytest.raises(
        InputError, match=r"no Matériaux/Materials or Énergie/Energy sheet; the workbook has 'Feuil1'"
    ):
        read_project(write_xlsx(tmp_path / "a.xlsx", {"Feuil1": [["x"]]}))
    with pytest.raises(InputError, match=r"missing the column unit; found 'quantité', 'id fiche'"):
        read_project(write_xlsx(tmp_path / "b.xlsx", {"Matériaux": [["quantité", "id fiche"], [1, "conc"]]}))
    with pytest.raises(InputError, match="file not found"):
        read_project(tmp_path / "nothing.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(InputError, match="cannot read the workbook"):
        read_project(tmp_path / "broken.xlsx")


def test_header_matching_keeps_language_tags_and_canonical_names():
    from lca.io.factor_tables import FACTOR_ALIASES
    from lca.io.tabular import alias_index, squash

    index = alias_index(FACTOR_ALIASES)
    assert squash("Quantité (m³)") == "quantite"  # a unit in brackets is dropped
    assert index[squash("name")] == "name"  # a canonical name always means itself
    assert index[squash("Name (de)")] == "name_de" and index[squash("Name (en)")] == "name"
