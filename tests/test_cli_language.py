"""Issue 11 points 1, 4 and 5 for the command line: one --lang for every command, files in the reader's
dialect (CSV, xlsx, JSON), tables that fit the terminal."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from lca import compute
from lca.cli import EXAMPLES, _comparison_table, _parser, _promote
from lca.compare import compare
from lca.errors import Issue
from lca.i18n import Message
from lca.io.export import csv_bytes, write_xlsx
from lca.model import Project, Variant, normalise_lines
from lca.summary import format_summary
from tests.helpers import hand_factor_frame, hand_factors
from tests.helpers import write_xlsx as write_workbook

NB, NNB = "\u00a0", "\u202f"  # no-break space (before « : »), narrow no-break space (groups of digits)


def cells(line: str) -> list[str]:
    """The cells of a table line (split on plain spaces: no-break spaces are inside numbers)."""
    return [c for c in line.split(" ") if c]


def rows(text: str, *names: str) -> dict[str, list[str]]:
    return {cells(line)[0]: cells(line)[1:] for line in text.splitlines() if line and cells(line)[0] in names}


LINES = [
    # 1 m³ of concrete: A1-A3 200 + A4 5 + A5 2 + C1..C4 10 = 217 (D −10 apart)
    {
        "line_id": "1",
        "lot": "3",
        "quantity": 1,
        "unit": "m3",
        "factor_id": "conc",
        "element": "=HYPERLINK(1)",
    },
    # 2 windows (variant v): 2 × (100 + 10) = 220, replaced once in 50 years: B4 220 → v = base + 440
    {"line_id": "2", "lot": "6", "quantity": 2, "unit": "u", "factor_id": "win", "variant": "v"},
    # 1,000 kWh a year × 0.06 × 50 years = 3,000 (B6)
    {"line_id": "E", "kind": "energy", "quantity": 1000, "unit": "kWh", "factor_id": "elec"},
]


@pytest.fixture(scope="module")
def results():
    project = Project(
        name="p", reference_area=100.0, lines=normalise_lines(pd.DataFrame(LINES)),
        variants=[Variant("base"), Variant("v")],
    )  # fmt: skip
    return compute(project, hand_factors(), defaults=False)


# ------------------------------------------------------------------------------- files that open right
def test_french_csv_is_french_excels_dialect(results):
    data = csv_bytes(results, "fr")
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: French Excel reads é right
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Variante;Repère;Lot;Désignation;Id fiche;Source;Module;Indicateur;Unité;Valeur"
    assert lines[1] == "base;1;3;'=HYPERLINK(1);conc;hand;A1-A3;GWP-total;kg CO2e;200,0"
    energy = [line for line in lines if line.startswith("base;E;")]
    assert energy == [
        "base;E;Énergie (B6);;elec;hand;B6;GWP-total;kg CO2e;3000,0",
        "base;E;Énergie (B6);;elec;hand;B6;GWP-fossil;kg CO2e;2700,0",
    ]
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert back["Valeur"].sum() == pytest.approx(results.data["value"].sum())


def test_english_csv_uses_comma_and_point(results):
    data = csv_bytes(results, "en")
    assert not data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8").splitlines()
    assert lines[0] == "Variant,Id,Lot,Element,Factor id,Source,Module,Indicator,Unit,Value"
    assert lines[1] == "base,1,3,'=HYPERLINK(1),conc,hand,A1-A3,GWP-total,kg CO2e,200.0"


def test_xlsx_keeps_numbers_and_neutralises_formulas(results, tmp_path):
    write_xlsx(results, tmp_path / "r.xlsx", "fr")
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Résultats"]
    rows = list(ws.values)
    assert rows[0][:4] == ("Variante", "Repère", "Lot", "Désignation")
    assert rows[1][3] == "'=HYPERLINK(1)" and rows[1][9] == 200 and isinstance(rows[1][9], (int, float))
    assert ws.freeze_panes == "A2"
    assert len(rows) == len(results.data) + 1


def test_json_keys_stay_english_and_messages_follow_lang(results):
    issue = Issue.of("warning", Message("no factor matches '{text}'", text="xyz"), sheet="Matériaux", row=3)
    results.issues.append(issue)
    try:
        french = json.loads(results.to_json(lang="fr"))
        english = json.loads(results.to_json(lang="en"))
    finally:
        results.issues.remove(issue)
    assert french["issues"][-1]["message"] == f"aucun facteur ne correspond à «{NB}xyz{NB}»"
    assert english["issues"][-1]["message"] == "no factor matches 'xyz'"
    french["issues"], english["issues"] = [], []
    assert french == english  # keys and numbers are language-neutral


def test_strict_keeps_the_message_translatable():
    issue = Issue.of("warning", Message("no factor matches '{text}'", text="x"), row=2)
    promoted = _promote(issue)
    assert promoted.level == "error" and promoted.message == "no factor matches 'x' (--strict)"
    assert (
        promoted.render("fr") == f"[erreur] ligne 2{NB}: aucun facteur ne correspond à «{NB}x{NB}» (--strict)"
    )


# --------------------------------------------------------------------------------- tables that fit
def test_comparison_table_in_both_languages(results):
    comparison = compare(results)
    french = _comparison_table(comparison, "fr", width=100)
    assert french.splitlines()[0] == f"GWP-total sur 50 ans{NB}; référence{NB}: base"
    # base 217 + 3 000 = 3 217; v = base + 440 (two windows and their replacement): +13,68 %; rank 1 = lowest
    assert rows(french, "base", "v") == {
        "base": ["32,17", f"0{NB}%", "0", "1", "0,643", f"3{NNB}217", "n.d."],
        "v": ["36,57", f"13,68{NB}%", "440,0", "2", "0,731", f"3{NNB}657", "n.d."],
    }
    english = _comparison_table(comparison, "en", width=100)
    assert english.splitlines()[0] == "GWP-total over 50 years; baseline: base"
    assert rows(english, "v") == {"v": ["36.57", "13.68%", "440.0", "2", "0.731", "3,657", "n/a"]}


def test_comparison_table_drops_least_important_columns_when_narrow(results):
    text = _comparison_table(compare(results), "en", width=40)
    assert max(len(line) for line in text.splitlines()) <= 40
    assert "Δ %" in text and "kg CO2e/dwelling" not in text.replace("\n", " ")
    assert "4 columns not shown" in text  # the note itself is cut to the width


@pytest.mark.parametrize("width", [60, 80, 100, 132])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_summary_never_wider_than_the_terminal(results, lang, width):
    text = format_summary(results, lang=lang, width=width)
    assert max(len(line) for line in text.splitlines()) <= width


def test_summary_numbers_are_the_one_formatter(results):
    french = format_summary(results, lang="fr", width=100)
    english = format_summary(results, lang="en", width=100)
    assert f"Projet{NB}: p" in french and "Project: p" in english
    assert f"surface de référence (SHAB){NB}: 100 m²" in french
    base = {
        "fr": ["32,17", "0,643", f"3{NNB}217", "n.d.", "2/2"],
        "en": ["32.17", "0.643", "3,217", "n/a", "2/2"],
    }
    for lang, text in (("fr", french), ("en", english)):
        assert rows(text.split("\n\n")[2], "base") == {"base": base[lang]}


def test_the_same_note_on_many_lines_is_one_entry_in_the_language(results):
    note = Message("no factor matches '{text}'", text="x")
    issues = [
        Issue.of("info", note, sheet="Matériaux", column="Id fiche", line_id=f"S{k}") for k in range(10)
    ]
    issues.append(
        Issue.of("error", Message("no factor matches '{text}'", text="y"), sheet="Matériaux", row=4)
    )
    before = list(results.issues)
    results.issues[:] = issues
    try:
        french = format_summary(results, lang="fr", width=200).split("\n\n")[-1].splitlines()
        english = format_summary(results, lang="en", width=200).split("\n\n")[-1].splitlines()
    finally:
        results.issues[:] = before
    assert french == [
        f"Problèmes{NB}: 1 erreur, 10 remarques",
        f"  [erreur] feuille «{NB}Matériaux{NB}», ligne 4{NB}: aucun facteur ne correspond à «{NB}y{NB}»",
        f"  [remarque] feuille «{NB}Matériaux{NB}», colonne «{NB}Id fiche{NB}», 10 lignes (S0, S1, S2, S3, "
        f"S4, S5, S6, S7 et 2 autres){NB}: aucun facteur ne correspond à «{NB}x{NB}»",
    ]
    assert english == [
        "Issues: 1 error, 10 notes",
        "  [error] sheet 'Matériaux', row 4: no factor matches 'y'",
        "  [note] sheet 'Matériaux', column 'Id fiche', 10 lines (S0, S1, S2, S3, S4, S5, S6, S7 and 2 more)"
        ": no factor matches 'x'",
    ]


# ------------------------------------------------------------------------------- one --lang for all
def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*path, name))
            return
    yield path, parser


def test_every_command_has_lang_help_and_two_examples():
    commands = dict(_commands(_parser()))
    assert {"run", "compare", "report", "template", "uncertainty"} <= {p[0] for p in commands}
    assert {("factors", "search"), ("factors", "show"), ("factors", "import-ilcd")} <= set(commands)
    for path, parser in commands.items():
        lang = [a for a in parser._actions if "--lang" in a.option_strings]
        assert len(lang) == 1 and lang[0].default is None, path  # None: the workbook's, else the locale's
        assert {"fr", "en"} <= set(lang[0].choices), path
        missing = [a.dest for a in parser._actions if not a.help]
        assert missing == [], (path, missing)
        examples = parser.format_help().rstrip().splitlines()[-2:]
        assert examples == [f"  {e}" for e in EXAMPLES[path[-1]]], path
        assert all(e.strip().startswith("lca " + " ".join(path[:1])) for e in examples), path


FRENCH_HELP = ["utilisation\u00a0: lca run", "afficher cette aide et quitter", "Exemples\u00a0:",
               "classeur de projet (.xlsx/.ods) ou dossier de feuilles"]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["run", "--help"], FRENCH_HELP),
        (
            ["run", "--help", "--lang", "en"],
            ["usage: lca run", "show this help message and exit", "Examples:"],
        ),
        (
            ["compare", "--lang=en", "--help"],
            ["usage: lca compare", "reference variant (default: the first)"],
        ),
    ],
)
def test_help_is_in_the_language_asked_else_the_locales(args, expected):
    done = lca(*args)
    assert done.returncode == 0, done.stderr
    flat = " ".join(done.stdout.split(" "))
    assert [text for text in expected if text not in flat] == []


def lca(*args, env=None):
    environ = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "", "LANGUAGE": "", **(env or {})}
    return subprocess.run([sys.executable, "-m", "lca.cli", *map(str, args)], capture_output=True, text=True,
                          env=environ, timeout=300)  # fmt: skip


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lang")
    factors = folder / "f.csv"
    hand_factor_frame().to_csv(factors, index=False)
    english = write_workbook(folder / "en.xlsx", {
        "Project": [["Reference area", 100]],
        "Materials": [["Id", "Quantity", "Unit", "Factor"], ["B1", 1, "m3", "conc"]],
    })  # fmt: skip
    french = write_workbook(folder / "fr.xlsx", {
        "Projet": [["SHAB", 100]],
        "Matériaux": [["Repère", "Quantité", "Unité", "Id fiche"], ["B1", 1, "m3", "conc"]],
    })  # fmt: skip
    return {"en": english, "fr": french, "factors": factors}


@pytest.mark.parametrize(
    ("workbook", "env", "expected"),
    [
        ("en", {}, "Project: "),  # the workbook's language first
        ("fr", {"LANG": "en_US.UTF-8"}, f"Projet{NB}: "),  # ... before the locale's
        ("fr", {}, f"Projet{NB}: "),
    ],
)
def test_default_language_is_the_workbooks(workbooks, workbook, env, expected):
    done = lca("run", workbooks[workbook], "--factors", workbooks["factors"], "--no-default-factors", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(expected)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "en_US.UTF-8"}, "lca: error: nothing.xlsx: "),  # no workbook read: the locale's
        ({"LANGUAGE": "de:en"}, "lca: error: nothing.xlsx: "),
        ({}, f"lca{NB}: erreur{NB}: nothing.xlsx{NB}: "),  # no locale: French
    ],
)
def test_without_a_workbook_the_locale_decides(tmp_path, env, expected):
    environ = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "", "LANGUAGE": "", **env}
    command = [sys.executable, "-m", "lca.cli", "run", "nothing.xlsx"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=environ, timeout=300)
    assert done.returncode == 2
    assert done.stderr.startswith(expected), done.stderr


def test_csv_and_xlsx_from_the_command_line(workbooks, tmp_path):
    common = ("--factors", workbooks["factors"], "--no-default-factors")
    done = lca("run", workbooks["fr"], *common, "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("\ufeffVariante;Repère;")
    target = tmp_path / "r.xlsx"
    done = lca("run", workbooks["en"], *common, "--format", "xlsx", "-o", target)
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith(f"file written: {target}\n")
    assert openpyxl.load_workbook(target).sheetnames == ["Results"]
    done = lca("run", workbooks["fr"], *common, "--format", "xlsx")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        f"lca{NB}: erreur{NB}: --format xlsx écrit un classeur{NB}: indiquez son fichier avec -o, "
        "par exemple -o resultats.xlsx\n"
    )
