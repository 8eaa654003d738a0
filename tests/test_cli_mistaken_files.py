# ruff: noqa: E501  (the expected messages are compared whole)
"""Issue 11 point 7: files people send by mistake, through the CLI as a subprocess, in French and English.

Each file ends in a message in the user's words (no reader jargon such as ``Cfb error``, ``EOCD``, ``zip``
or ``File is not a zip file``), naming the file, with exit code 2 when nothing can be read; an .xlsx renamed
.xls is read anyway with a note, and a .txt in a folder of CSV sheets is ignored with a note naming it.
A lot whose every line was rejected reads n.d. / n/a in the table by lot, not 0.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import write_xlsx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "datasets" / "examples" / "maison_individuelle.xlsx"
CONCRETE = "a758fb6a-7fb1-4cdc-b652-c42cf2f7632c"  # C30/37 concrete, per m3 (shipped ÖKOBAUDAT table)
JARGON = ["Cfb", "EOCD", "zip", "OLE", "calamine", "signature", "Traceback", "BadZipFile"]
NBSP = "\u00a0"


def lca(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "1000", "LANG": "C.UTF-8", "LC_ALL": "", "LANGUAGE": ""}
    return subprocess.run([sys.executable, "-m", "lca.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=300)  # fmt: skip


def no_jargon(text: str) -> list[str]:
    return [word for word in JARGON if re.search(rf"\b{word}\b", text, re.IGNORECASE)]


@pytest.mark.parametrize(
    ("name", "content", "fr", "en"),
    [
        ("vide.xlsx", b"", f"vide.xlsx{NBSP}: le fichier est vide (0 octet){NBSP}: il ne contient aucun classeur",
         "vide.xlsx: the file is empty (0 bytes): it holds no workbook"),
        ("coupe.xlsx", "truncated", f"coupe.xlsx{NBSP}: ce fichier n'est pas un classeur lisible{NBSP}: il est "
         "abîmé ou incomplet", "coupe.xlsx: cannot read the workbook: the file is damaged or incomplete"),
        ("bruit.xlsx", b"\x01\x02\x00\x07" * 200, f"bruit.xlsx{NBSP}: ce fichier n'est pas un classeur lisible",
         "bruit.xlsx: cannot read the workbook: the file is damaged or incomplete"),
        ("texte.xlsx", "Repère;Quantité\n1;2\n".encode(), f"texte.xlsx{NBSP}: ce fichier n'est pas un classeur "
         f"lisible{NBSP}: il contient du texte (un fichier CSV{NBSP}?), pas un classeur .xlsx",
         "texte.xlsx: cannot read the workbook: this file holds text (a CSV file?), not an .xlsx workbook"),
        ("projet.csv", "Repère;Quantité\n1;2\n".encode(), f"projet.csv{NBSP}: un fichier CSV donné seul est lu "
         f"comme une feuille nommée comme le fichier («{NBSP}projet{NBSP}»), et ce n'est pas une feuille "
         "d'inventaire", "projet.csv: a CSV file given alone is read as one sheet named like the file "
         "('projet'), and it is not an inventory sheet"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", ["run", "validate"])
def test_unreadable_files_end_in_a_plain_message(tmp_path, command, name, content, fr, en):
    data = EXAMPLE.read_bytes()[:3000] if content == "truncated" else content
    (tmp_path / name).write_bytes(data)
    for lang, expected in (("fr", fr), ("en", en)):
        done = lca(command, name, "--lang", lang, cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        text = done.stdout + done.stderr
        assert expected in text
        assert no_jargon(text) == []


def test_an_xlsx_renamed_xls_is_read_with_a_note(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "maison.xls")
    reference = lca("run", EXAMPLE, "--format", "json", cwd=tmp_path)
    for lang, note in (
        ("fr", f"ce fichier .xls est un classeur .xlsx (renommé{NBSP}?){NBSP}: il est lu comme un .xlsx{NBSP}; "
               "renommez-le maison.xlsx pour l'ouvrir sans avertissement"),
        ("en", "this .xls file is an .xlsx workbook (renamed?): it is read as .xlsx; rename it maison.xlsx to "
               "open it without a warning"),
    ):  # fmt: skip
        done = lca("run", "maison.xls", "--lang", lang, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert note in done.stdout and no_jargon(done.stdout + done.stderr) == []
    import json

    renamed = json.loads(lca("run", "maison.xls", "--format", "json", cwd=tmp_path).stdout)
    assert renamed["variants"] == json.loads(reference.stdout)["variants"]  # the same figures


def test_a_txt_in_a_csv_folder_is_ignored_with_a_note_naming_it(tmp_path):
    folder = tmp_path / "projet"
    folder.mkdir()
    (folder / "Matériaux.csv").write_text(
        f"Repère;Lot;Désignation;Quantité;Unité;ID fiche\nM1;3;Voile;10;m3;{CONCRETE}\n", encoding="utf-8"
    )
    (folder / "notes.txt").write_text("à envoyer lundi\n", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\x00\x00")  # a hidden file of the system is no one's sheet
    for lang, note in (
        ("fr", f"le fichier notes.txt n'est pas un fichier CSV{NBSP}: il est ignoré (un dossier est lu comme un "
               "fichier .csv par feuille)"),
        ("en", "the file notes.txt is not a CSV file: it is ignored (a folder is read as one .csv file per "
               "sheet)"),
    ):  # fmt: skip
        done = lca("validate", "projet", "--lang", lang, cwd=tmp_path)
        assert done.returncode == 0, done.stdout
        assert note in done.stdout and "DS_Store" not in done.stdout
        assert "à envoyer" not in done.stdout  # not read as a sheet


def test_a_lot_whose_every_line_is_rejected_reads_not_available(tmp_path):
    book = write_xlsx(
        tmp_path / "lots.xlsx",
        {
            "Projet": [["Paramètre", "Valeur"], ["SHAB", 100]],
            "Matériaux": [
                ["Repère", "Lot", "Désignation", "Quantité", "Unité", "ID fiche", "Variante"],
                ["M1", "3", "Voiles", 10, "m3", CONCRETE, None],
                ["M2", "9", "Lavabos", "deux", "u", CONCRETE, None],  # lot 9: its only line is rejected
                ["M3", "8", "Gaines", 1, "m3", CONCRETE, "plus"],  # lot 8: only in variant plus
            ],
            "Variantes": [["Nom"], ["base"], ["plus"]],
        },
    )
    for lang, missing in (("fr", "n.d."), ("en", "n/a")):
        done = lca("run", book, "--lang", lang, cwd=tmp_path)
        assert done.returncode == 3, done.stderr
        table = done.stdout.split({"fr": "Par lot", "en": "By lot"}[lang])[1].split("\n\n")[0]
        rows = {line.split("  ")[0]: line.split()[-2:] for line in table.splitlines()[3:]}
        assert rows[{"fr": "9 Sanitaires", "en": "9 Plumbing"}[lang]] == [missing, missing]
        assert rows[{"fr": "8 CVC", "en": "8 HVAC"}[lang]][0] == "0"  # no line of lot 8 in base: 0


def test_a_damaged_ods_ends_in_the_same_plain_message(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "casse.ods", "w") as archive:  # content.xml cut in the middle
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content><table:table")
    for lang, expected in (
        ("fr", f"casse.ods{NBSP}: ce fichier n'est pas un classeur lisible{NBSP}: il est abîmé ou incomplet"),
        ("en", "casse.ods: cannot read the workbook: the file is damaged or incomplete"),
    ):
        done = lca("run", "casse.ods", "--lang", lang, cwd=tmp_path)
        assert done.returncode == 2 and expected in done.stderr
        assert no_jargon(done.stderr) == [] and "ParseError" not in done.stderr
