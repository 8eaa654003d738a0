"""Issue 11, "Done when": the command line speaks one language at a time.

The CLI runs as a subprocess, in French and in English, on the example workbook and on a workbook full of
a French project manager's mistakes; no output (terminal, JSON messages) may contain a word of the other
language (from a list of markers) or an internal key, and the terminal summary of the example fits in 80
columns. The user's own words (quoted sheet names, headers and values, the project's and variants' names)
are theirs and are left out of the check.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import write_xlsx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "datasets" / "examples" / "residence_collective.xlsx"
CONCRETE = "a758fb6a-7fb1-4cdc-b652-c42cf2f7632c"  # the example's C30/37 concrete, per m3
PLASTERBOARD = "07423e99-8c7c-4e93-8311-dcf7ae85c41d"  # the example's plasterboard, per m2

#: Words of one language that the other never uses (whole words, case ignored).
MARKERS = {
    "fr": [  # English words that must not reach a French reader
        "row", "rows", "sheet", "column", "expected", "found", "warning", "warnings", "error", "errors",
        "variant", "variants", "per", "line", "lines", "factor", "factors", "value", "values", "year",
        "years", "dwelling", "dwellings", "unknown", "missing", "not", "the", "with", "without", "should",
        "must", "issue", "issues", "computed", "rejected", "written", "wrote", "baseline", "rank",
        "study period", "reference area", "service life", "waste rate", "and", "of", "no", "blank",
        "indicator",
    ],
    "en": [  # French words that must not reach an English reader
        "ligne", "lignes", "feuille", "colonne", "attendu", "trouvé", "avertissement", "erreur", "variante",
        "logement", "logements", "facteur", "facteurs", "durée", "problème", "problèmes", "remarque",
        "calculées", "fichier", "aucun", "aucune", "valeur", "ans", "par", "sur", "référence", "période",
        "surface", "les", "des", "une", "est", "pas", "inconnu", "inconnue", "manquant", "vide", "rang",
    ],
}  # fmt: skip
#: Internal keys a user must never see (they read labels and their own headers).
INTERNAL_KEYS = [
    "reference_area", "service_life", "factor_id", "declared_unit", "declared_amount", "waste_rate",
    "transport_km", "transport_mode", "line_id", "study_period", "replacement_rule", "building_type",
    "valid_until", "name_fr", "per_m2", "by_lot", "not_compliant", "end_of_life",
]  # fmt: skip


@functools.cache
def lca(*args: object, columns: int = 80) -> subprocess.CompletedProcess[str]:
    """The CLI as a subprocess (each command line runs once per test session), 80 columns, no locale."""
    env = {**os.environ, "COLUMNS": str(columns), "LANG": "C.UTF-8", "LC_ALL": "", "LANGUAGE": ""}
    return subprocess.run(
        [sys.executable, "-m", "lca.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def user_words_removed(text: str, *names: str) -> str:
    """``text`` without what the user wrote: quoted texts and the given names."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    text = re.sub(r"«\s*[^»]*»|'[^'\n]*'|\"[^\"\n]*\"", " ", text)
    return text


def foreign_words(text: str, lang: str, *names: str) -> list[str]:
    """Markers of the other language, and internal keys, found in ``text`` written for ``lang``."""
    plain = user_words_removed(text, *names)
    found = [w for w in MARKERS[lang] if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", plain, re.I)]
    return found + [key for key in INTERNAL_KEYS if key in text]


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mistakes_workbook(tmp_path_factory.mktemp("mistakes"))


def mistakes_workbook(folder: Path) -> Path:
    """What a French project manager sends on a bad day: a mistyped variant, an unknown factor id, a unit
    that does not exist, a blank and a wordy service life, a waste rate in words, no reference area,
    fuel oil in litres."""
    return write_xlsx(
        folder / "erreurs.xlsx",
        {
            "Projet": [["Paramètre", "Valeur"], ["Nom du projet", "Chantier test"], ["Logements", 2]],
            "Matériaux": [
                ["Repère", "Lot", "Désignation", "Quantité", "Unité", "Id fiche", "Durée de vie (ans)",
                 "Taux de chute", "Variante"],
                ["M1", "3", "Voiles béton", 10, "m3", CONCRETE, 100, None, None],
                ["M2", "3", "Voiles béton bis", 5, "m3", CONCRETE, 100, None, "bois_biosourse"],
                ["M3", "5", "Cloisons", 40, "m2", "fiche-inconnue-123", 50, None, None],
                ["M4", "5", "Plaques", 40, "m4", PLASTERBOARD, 50, None, None],
                ["M5", "5", "Plaques bis", 40, "m2", PLASTERBOARD, None, None, None],
                ["M6", "5", "Plaques ter", 40, "m2", PLASTERBOARD, "cinquante", "beaucoup", None],
                ["M7", "5", "Plaques quater", "dix", "m2", PLASTERBOARD, 50, None, None],
            ],
            "Énergie": [
                ["Repère", "Vecteur", "Usage", "Quantité (par an)", "Unité"],
                ["E1", "fioul domestique", "chauffage", 1000, "l"],
                ["E2", "électricité", "éclairage", 500, "kWh/an"],
            ],
            "Variantes": [["Nom", "Description"], ["base", "Référence"], ["bois_biosource", "Bois"]],
        },
    )  # fmt: skip


EXAMPLE_NAMES = (
    "Résidence collective sociale — exemple illustratif",
    "bois_biosource",
    "beton_bas_carbone_rcu",
)
MISTAKES_NAMES = ("Chantier test", "bois_biosource", "bois_biosourse", "fiche-inconnue-123")


def _summary_without_issues(text: str) -> str:
    """The summary up to its list of issues (what lca.summary writes itself)."""
    return re.split(r"\n(?:Problèmes|Issues)\s?: ", text)[0]


# ------------------------------------------------------------------------------------- the example
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_example_summary_speaks_one_language_and_fits_80_columns(lang):
    done = lca("run", EXAMPLE, "--lang", lang)
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert max(len(line) for line in text.splitlines()) <= 80
    assert foreign_words(_summary_without_issues(text), lang, *EXAMPLE_NAMES) == []
    heading = {"fr": "Projet\u00a0: Résidence collective", "en": "Project: Résidence collective"}[lang]
    assert text.startswith(heading)
    area = {"fr": "surface de référence (SHAB)\u00a0: 1\u202f560 m²", "en": "reference area (SHAB): 1,560 m²"}
    assert area[lang] in text


@pytest.mark.parametrize(
    "lang",
    [
        "fr",
        "en",
    ],
)
def test_example_whole_output_speaks_one_language(lang):
    done = lca("run", EXAMPLE, "--lang", lang)
    json_done = lca("run", EXAMPLE, "--lang", lang, "--format", "json")
    messages = "\n".join(i["message"] for i in json.loads(json_done.stdout)["issues"])
    assert foreign_words(done.stdout + done.stderr + messages, lang, *EXAMPLE_NAMES) == []


def test_example_default_language_is_the_workbooks():
    french = lca("run", EXAMPLE, "--lang", "fr")
    assert lca("run", EXAMPLE).stdout == french.stdout  # French sheets and headers: French
    english = lca("run", EXAMPLE, "--lang", "en")
    assert english.stdout != french.stdout


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_example_comparison_speaks_one_language_and_fits(lang):
    done = lca("compare", EXAMPLE, "--lang", lang)
    assert done.returncode == 0, done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
    assert foreign_words(done.stdout + done.stderr, lang, *EXAMPLE_NAMES) == []


def _fits(text: str, width: int = 80) -> list[str]:
    """The lines of ``text`` wider than ``width`` (none expected)."""
    return [line for line in text.splitlines() if len(line) > width]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_example_re2020_summary_fits_80_columns_and_keeps_its_verdicts(lang):
    done = lca("run", EXAMPLE, "--lang", lang, "--method", "re2020")
    assert done.returncode == 0, done.stderr
    assert _fits(done.stdout) == []
    assert foreign_words(_summary_without_issues(done.stdout), lang, *EXAMPLE_NAMES) == []
    words = " ".join(done.stdout.split())  # the verdict of the baseline wraps, it is never cut
    assert {"fr": "non conforme", "en": "not compliant"}[lang] in words
    assert "…" not in done.stdout.split("RE2020")[1].split("\n\n")[0]  # the heading is whole
    assert {"fr": "kg CO2e/m²", "en": "kg CO2e/m²"}[lang] in done.stdout and "éq." not in done.stdout


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_example_validate_speaks_one_language_and_fits(lang):
    done = lca("validate", EXAMPLE, "--lang", lang)
    assert done.returncode == 0, done.stderr
    assert _fits(done.stdout.split("\n", 1)[1]) == []  # the file's path is the first line
    assert "(s)" not in done.stdout
    verdict = {"fr": "Fichier prêt\u00a0: 65 lignes, toutes calculées", "en": "Ready: 65 lines, all computed"}
    assert done.stdout.splitlines()[-1].startswith(verdict[lang])
    json_done = lca("validate", EXAMPLE, "--lang", lang, "--format", "json")
    messages = "\n".join(i["message"] for i in json.loads(json_done.stdout)["issues"])
    assert foreign_words(done.stdout + messages, lang, *EXAMPLE_NAMES) == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_example_uncertainty_speaks_one_language_and_fits(lang):
    done = lca("uncertainty", EXAMPLE, "--lang", lang, "-n", "20", "--method", "re2020")
    assert done.returncode == 0, done.stderr
    assert _fits(done.stdout) == []
    assert foreign_words(done.stdout + done.stderr, lang, *EXAMPLE_NAMES) == []
    heading = {"fr": "GWP-total par m² — 20 tirages, graine 0 [kg CO2e/m²]",
               "en": "GWP-total per m² — 20 samples, seed 0 [kg CO2e/m²]"}  # fmt: skip
    assert done.stdout.startswith(heading[lang])
    assert {"fr": "permis 2028", "en": "permit 2028"}[lang] in done.stdout
    assert re.search({"fr": r"P\(< référence\) 100\u00a0%", "en": r"P\(< baseline\) 100%"}[lang], done.stdout)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("command", ["uncertainty", "serve", "validate", "run", "compare"])
def test_help_speaks_one_language(command, lang):
    done = lca(command, "--help", "--lang", lang)
    assert done.returncode == 0, done.stderr
    assert _fits(done.stdout) == []
    usage = {"fr": "utilisation\u00a0: lca ", "en": "usage: lca "}[lang]
    assert done.stdout.startswith(usage + command)
    options = done.stdout.split("\n\n", 1)[1]  # the usage line lists option names, not words
    assert foreign_words(re.sub(r"--?[\w-]+|\b[A-Z]{2,}\b|\{[^}]*\}", " ", options), lang) == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_factor_search_speaks_one_language_and_fits(lang):
    done = lca("factors", "search", "laine de verre", "--lang", lang)
    assert done.returncode == 0, done.stderr
    assert _fits(done.stdout) == []
    headers = done.stdout.split("\n\n")[0]
    assert foreign_words(headers, lang) == []


# ------------------------------------------------------------------------------ a workbook of mistakes
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_mistakes_summary_speaks_one_language(mistakes, lang):
    done = lca("run", mistakes, "--lang", lang)
    assert done.returncode == 3, done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
    assert foreign_words(_summary_without_issues(done.stdout), lang, *MISTAKES_NAMES) == []
    issues = {"fr": "Problèmes\u00a0: ", "en": "Issues: "}[lang]
    assert issues in done.stdout


@pytest.mark.parametrize("output", ["terminal", "json"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_mistakes_messages_speak_one_language(mistakes, lang, output):
    path = mistakes
    if output == "json":
        done = lca("run", path, "--lang", lang, "--format", "json")
        text = "\n".join(i["message"] for i in json.loads(done.stdout)["issues"])
    else:
        done = lca("run", path, "--lang", lang)
        text = done.stdout + done.stderr
    assert foreign_words(text, lang, *MISTAKES_NAMES) == []


# ------------------------------------------------------------------------------------- the checks
def test_markers_catch_what_they_are_meant_to():
    assert foreign_words("[avertissement] row 12: expected a number", "fr") == ["row", "expected"]
    assert sorted(foreign_words("[warning] feuille 'Matériaux', ligne 3", "en")) == ["feuille", "ligne"]
    assert foreign_words("colonne « service_life »", "fr") == ["service_life"]
    assert foreign_words("sheet 'Durée de vie (ans)', variant « bois_biosourse »", "en") == []
