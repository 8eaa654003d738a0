"""``lca validate``: a workbook checked as ``lca run`` would read and compute it, nothing written; the
issues grouped by sheet, a one-line verdict in the user's language, exit 0, 3 or 2."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lca.errors import Issue
from lca.validation import Validation, validate
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


def lca(*args: object, cwd: Path | None = None, columns: int = 1000) -> subprocess.CompletedProcess[str]:
    """The CLI as a subprocess; ``columns`` wide (the lines below are compared whole, unwrapped)."""
    env = {**os.environ, "COLUMNS": str(columns)}
    return subprocess.run([sys.executable, "-m", "lca.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300, env=env)  # fmt: skip


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
        == "Fichier utilisable\xa0: 5 lignes, toutes calculées\xa0; 4 avertissements à regarder avant "
        "l'envoi."
    )  # the hand project is small: worth a look
    assert "[erreur]" not in done.stdout
    done = lca(
        "validate", files["clean"], "--factors", files["factors"], "--no-default-factors", "--lang", "en"
    )
    assert (
        done.stdout.splitlines()[-1]
        == "Usable: 5 lines, all computed; 4 warnings worth a look before sending."
    )


def test_broken_workbook_exit_3_issues_by_sheet_and_row(files, tmp_path):
    before = sorted(tmp_path.rglob("*"))
    done = lca("validate", files["broken"], "--factors", files["factors"], "--no-default-factors")
    assert done.returncode == 3, done.stderr
    assert sorted(tmp_path.rglob("*")) == before  # nothing written
    lines = done.stdout.splitlines()
    assert lines[:3] == [str(files["broken"]), "", "Matériaux — 3 erreurs, 1 avertissement"]
    assert (
        lines[3]
        == "  [erreur] ligne 6, colonne «\xa0Quantité\xa0»\xa0: quantité «\xa0douze\xa0»\xa0; nombre > 0 attendu, par exemple 12,5 — la ligne n'est pas calculée"  # noqa: E501
    )
    assert lines[4].startswith(
        "  [erreur] ligne 7, colonne «\xa0Unité\xa0»\xa0: unité «\xa0m7\xa0» inconnue\xa0: "
    )
    assert (
        lines[5]
        == "  [erreur] ligne 8, colonne «\xa0ID fiche\xa0»\xa0: fiche inconnue «\xa0porte-x\xa0»\xa0: elle n'est dans aucune table de facteurs (facteurs.csv)\xa0; ajoutez-la à la feuille Facteurs ou passez --factors FICHIER"  # noqa: E501
    )
    assert (
        lines[6]
        == "  [avertissement] ligne 9, colonne «\xa0Durée de vie\xa0»\xa0: «\xa0vingt\xa0» n'est pas un nombre\xa0; attendu un nombre d'années — ignoré"  # noqa: E501
    )
    assert lines[-1] == "À corriger\xa0: 3 erreurs, 3 lignes sur 9 non calculées\xa0; 4 avertissements."
    english = re.findall(r"\b(?:unknown|expected|the|is|of|row|column|error|warning)\b", "\n".join(lines[1:]))
    assert not english  # the French run is French throughout


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
    assert check.summary("en") == "To fix: 7 errors, 3 of 9 lines not computed; 0 warnings."
    vingt = [i for i in check.issues if i.value == "vingt"]
    assert [(i.level, i.message) for i in vingt] == [
        ("error", "'vingt' is not a number; expected a number of years — ignored (--strict)")
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
        "Fichier inutilisable\xa0: absent.xlsx\xa0: fichier introuvable\xa0; donnez le chemin d'un classeur "
        ".xlsx ou d'un dossier de fichiers CSV"
    )


def test_the_example_validates(files):
    from lca.datasets import dataset_path

    check = validate(dataset_path("examples", "maison_individuelle.xlsx"))
    assert check.verdict in {"ok", "warnings"}
    assert (check.count, check.computed) == (29, 29)


def _issue(level: str, row: int | None = None) -> Issue:
    return Issue(level, "x", sheet="Matériaux" if row else None, row=row)


@pytest.mark.parametrize(
    ("issues", "count", "computed", "fr", "en"),
    [
        ([], 1, 1, "Fichier prêt\xa0: 1 ligne, calculée, ni erreur ni avertissement.",
         "Ready: 1 line, computed, no error or warning."),
        ([], 2, 2, "Fichier prêt\xa0: 2 lignes, toutes calculées, ni erreur ni avertissement.",
         "Ready: 2 lines, all computed, no error or warning."),
        ([_issue("warning")], 1, 1,
         "Fichier utilisable\xa0: 1 ligne, calculée\xa0; 1 avertissement à regarder avant l'envoi.",
         "Usable: 1 line, computed; 1 warning worth a look before sending."),
        ([_issue("error", 2)], 1, 0,
         "À corriger\xa0: 1 erreur, 1 ligne sur 1 non calculée\xa0; 0 avertissement.",
         "To fix: 1 error, 1 of 1 line not computed; 0 warnings."),
        ([_issue("error", 2), _issue("error", 3), _issue("warning", 4)], 3, 1,
         "À corriger\xa0: 2 erreurs, 2 lignes sur 3 non calculées\xa0; 1 avertissement.",
         "To fix: 2 errors, 2 of 3 lines not computed; 1 warning."),
    ],
)  # fmt: skip
def test_verdict_in_both_languages_with_plural_forms(issues, count, computed, fr, en):
    check = Validation("a.xlsx", issues, count, computed)
    assert (check.summary("fr"), check.summary("en")) == (fr, en)
    assert "(s)" not in check.format("fr") + check.format("en")


def test_sheet_counts_name_errors_warnings_and_notes():
    check = Validation("a.xlsx", [_issue("error", 2), _issue("info", 3), _issue("warning", 4),
                                  _issue("warning", 5), _issue("info")], 4, 3)  # fmt: skip
    french, english = check.format("fr", width=200).splitlines(), check.format("en", width=200).splitlines()
    assert french[2] == "Matériaux — 1 erreur, 2 avertissements, 1 remarque"
    assert english[2] == "Matériaux — 1 error, 2 warnings, 1 note"
    assert "Général — 1 remarque" in french and "General — 1 note" in english
    assert "  [remarque] ligne 3\xa0: x" in french and "  [note] row 3: x" in english


def test_validate_output_fits_80_columns_in_both_languages(files):
    for lang in ("fr", "en"):
        folder = files["broken"].parent.parent  # relative paths: the file's name is a short first line
        done = lca("validate", files["broken"].relative_to(folder), "--factors", files["factors"].name,
                   "--no-default-factors", "--lang", lang, columns=80, cwd=folder)  # fmt: skip
        assert done.returncode == 3, done.stderr
        lines = done.stdout.splitlines()
        assert max(len(line) for line in lines) <= 80, [line for line in lines if len(line) > 80]
        assert len(lines) > 15  # the long issues are wrapped, not cut: every word is still there
        words = " ".join(line.strip() for line in lines)
        expected = "ajoutez-la à la feuille Facteurs" if lang == "fr" else "add it to the Factors sheet"
        assert expected in words
