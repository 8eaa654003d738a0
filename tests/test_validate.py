"""``lca validate``: a workbook checked as ``lca run`` would read and compute it, nothing written; the
issues grouped by sheet, a one-line verdict in the user's language, exit 0, 3 or 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lca.validation import validate
from tests.helpers import hand_factor_frame, write_xlsx
from tests.test_compare import MATERIALS, hand_workbook

#: The hand project with service lives everywhere: nothing to say.
CLEAN = [MATERIALS[0]] + [row[:6] + [row[6] or 100] + row[7:] for row in MATERIALS[1:]]

#: Four broken lines after the clean ones (rows 6-9 of the sheet).
BROKEN = CLEAN + [
    ["5", 3, "Dalle", "douze", "m3", "conc", 100, None, None],
    ["6", 3, "Chape", 2, "m7", "conc", 100, None, None],
    ["7", 6, "Porte", 1, "u", "porte-x", 100, None, None],
    ["8", 8, "Isolant", 10, "m2", "ins", "vingt", None, None],
]


def lca(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lca.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)  # fmt: skip


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "clean").mkdir()
    (tmp_path / "broken").mkdir()
    factors = tmp_path / "facteurs.csv"
    hand_factor_frame().to_csv(factors, index=False)
    return {
        "clean": hand_workbook(tmp_path / "clean", CLEAN),
        "broken": hand_workbook(tmp_path / "broken", BROKEN),
        "unusable": write_xlsx(tmp_path / "feuille.xlsx", {"Feuil1": [["rien"]]}),
        "factors": factors,
    }


def test_clean_workbook_exit_0(files):
    done = lca("validate", files["clean"], "--factors", files["factors"], "--no-default-factors")
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.splitlines()[-1]
        == "Fichier utilisable : 5 ligne(s), toutes calculées ; 4 avertissement(s) à regarder avant l'envoi."
    )  # the hand project is small: worth a look
    assert " — erreur" not in done.stdout
    done = lca(
        "validate", files["clean"], "--factors", files["factors"], "--no-default-factors", "--lang", "en"
    )
    assert (
        done.stdout.splitlines()[-1]
        == "Usable: 5 line(s), all computed; 4 warning(s) worth a look before sending."
    )


def test_broken_workbook_exit_3_issues_by_sheet_and_row(files, tmp_path):
    before = sorted(tmp_path.rglob("*"))
    done = lca("validate", files["broken"], "--factors", files["factors"], "--no-default-factors")
    assert done.returncode == 3, done.stderr
    assert sorted(tmp_path.rglob("*")) == before  # nothing written
    lines = done.stdout.splitlines()
    assert lines[:3] == [str(files["broken"]), "", "Matériaux — 4 remarque(s)"]
    assert (
        lines[3]
        == "  ligne 6, colonne « Quantité » — erreur : quantité «\xa0douze\xa0»\xa0; nombre > 0 attendu, par exemple 12,5 — la ligne n'est pas calculée"  # noqa: E501
    )
    assert lines[4].startswith("  ligne 7, colonne « Unité » — erreur : unknown unit 'm7'")
    assert (
        lines[5]
        == "  ligne 8, colonne « ID fiche » — erreur : fiche inconnue «\xa0porte-x\xa0»\xa0: elle n'est dans aucune table de facteurs (facteurs.csv)\xa0; ajoutez-la à la feuille Facteurs ou passez --factors FICHIER"  # noqa: E501
    )
    assert (
        lines[6]
        == "  ligne 9, colonne « Durée de vie » — avertissement : «\xa0Durée de vie\xa0» n'est pas un nombre\xa0; attendu un nombre d'années — ignoré"  # noqa: E501
    )
    assert lines[-1] == "À corriger : 3 erreur(s), 3 ligne(s) sur 9 non calculée(s) ; 4 avertissement(s)."


def test_broken_workbook_as_json(files):
    done = lca("validate", files["broken"], "--factors", files["factors"], "--no-default-factors", "--format",
               "json", "--lang", "en")  # fmt: skip
    assert done.returncode == 3, done.stderr
    doc = json.loads(done.stdout)
    assert (doc["verdict"], doc["exit_code"], doc["lines"]) == (
        "errors",
        3,
        {"count": 9, "computed": 6, "rejected": 3},
    )
    where = [(i["level"], i["sheet"], i["row"], i["column"], i["value"]) for i in doc["issues"]]
    assert sorted((w for w in where if w[1] == "Matériaux"), key=lambda w: w[2]) == [
        ("error", "Matériaux", 6, "Quantité", "douze"),
        ("error", "Matériaux", 7, "Unité", "m7"),
        ("error", "Matériaux", 8, "ID fiche", "porte-x"),
        ("warning", "Matériaux", 9, "Durée de vie", "vingt"),
    ]


def test_strict_turns_warnings_into_errors(files):
    check = validate(files["broken"], [files["factors"]], defaults=False, strict=True)
    assert check.exit_code == 3
    assert check.summary("en") == "To fix: 7 error(s), 3 of 9 line(s) not computed; 0 warning(s)."
    vingt = [i for i in check.issues if i.value == "vingt"]
    assert [(i.level, i.message) for i in vingt] == [
        ("error", "'Durée de vie' is not a number; expected a number of years — ignored (--strict)")
    ]


def test_unusable_workbook_exit_2(files):
    done = lca("validate", files["unusable"], "--lang", "en")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stdout.splitlines()[-1] == (
        f"Unusable file: {files['unusable']}: no Matériaux/Materials or Énergie/Energy sheet; the workbook "
        "has 'Feuil1'. Name the inventory sheet 'Matériaux' (or 'Materials'); `lca template new.xlsx` "
        "writes an empty workbook with every sheet."
    )
    doc = json.loads(lca("validate", files["unusable"], "--format", "json").stdout)
    assert (doc["verdict"], doc["exit_code"], doc["lines"]["count"]) == ("unusable", 2, 0)
    assert doc["issues"][0]["file"] == str(files["unusable"])
    done = lca("validate", "absent.xlsx", cwd=files["unusable"].parent)
    assert done.returncode == 2
    assert done.stdout.splitlines()[-1] == (
        "Fichier inutilisable : absent.xlsx : file not found; give the path of an .xlsx workbook or a folder "
        "of CSV files"
    )


def test_the_example_validates(files):
    from lca.datasets import dataset_path

    check = validate(dataset_path("examples", "maison_individuelle.xlsx"))
    assert check.verdict in {"ok", "warnings"}
    assert (check.count, check.computed) == (29, 29)
