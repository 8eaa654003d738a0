"""``lca factors search`` / ``lca factors show`` as a project manager reads them (lca.factor_display),
and the shipped usual names (datasets/factors/usual_names.csv)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lca.errors import FactorNotFoundError, InputError
from lca.factor_display import gwp_a1_a3, resolve_factor_id, search_text, show_text, unit_text
from lca.factors import FactorTable, default_factors
from lca.search import USUAL_NAMES_COLUMNS, add_french_names, load_usual_names, search_factors

NB = "\u00a0"  # no-break space (French « » and before :)
NNB = "\u202f"  # narrow no-break space (French thousands)

GLASS_WOOL = [
    "fafd5743-0b42-4614-8e3d-5c4eacdfba98",  # Mineralwolle (Innenausbau-Dämmung), 26.25 kg/m³
    "86380db6-3062-4d40-826d-732c24ed3cad",  # Mineralwolle (Schrägdach-Dämmung), 30 kg/m³
    "601af947-1f14-474d-8233-780715a12268",  # Einblasdämmung Mineralwolle ("laine de verre soufflée")
]
PLASTERBOARDS = {
    "207cde6a-73be-4ffb-972d-30d3d8619fc3",  # Gipskartonplatte (Lochplatte)
    "da72684f-471c-425b-817d-69f262323f04",  # Gipskartonplatte (Feuerschutz)
    "07423e99-8c7c-4e93-8311-dcf7ae85c41d",  # Gipskartonplatte (imprägniert)
}
GLULAM = "8041ec07-5885-40dc-bfc9-190013f6749b"  # Brettschichtholz Nadelholz

# usual name -> (mapped dataset, words of its note shown in French)
USUAL = {
    "BA13": ("07423e99-8c7c-4e93-8311-dcf7ae85c41d", "seul l'hydrofuge diffère"),
    "placo": ("07423e99-8c7c-4e93-8311-dcf7ae85c41d", "la plus proche d'une plaque standard"),
    "OSB": ("60e8b384-adf2-4c3b-b3da-e407df106cf5", "Pas d'OSB dans ÖKOBAUDAT 2020-II"),
    "C25/30": ("9702d9ab-2af2-4fdc-9d99-225583a9ffb7", "C20/25 est le plus proche"),
    "PSE": ("e6b12fcd-c1fb-40d9-a9ec-d0149c3d1cd8", "billes de PSE en vrac"),
    "CLT": ("74a7b85a-c028-4cf1-987e-7dfddcb9033b", "collé en plis croisés comme un CLT"),
    "parpaing": ("bdda4364-451f-4df2-a68b-5912469ee4c9", "Le parpaing est un bloc béton"),
    "enduit": ("dea7df16-f59b-4842-a66c-cb9463a58ae3", "à base de ciment et de chaux"),
}

# Words that betray the other language in the output (names of datasets excepted).
ENGLISH_WORDS = {"found", "Name", "Unit", "Values", "per", "declared", "declares", "Data", "generic", "Usual",
                 "names", "nearest", "Indicator", "density", "link", "valid", "until"}  # fmt: skip
FRENCH_WORDS = {"trouvé", "trouvés", "Nom", "Unité", "Valeurs", "par", "déclarée", "déclare", "donnée",
                "générique", "usuels", "Indicateur", "masse", "lien", "valable", "jusqu"}  # fmt: skip


@pytest.fixture(scope="module")
def table() -> FactorTable:
    return default_factors()


@pytest.fixture(scope="module")
def meta(table) -> pd.DataFrame:
    return add_french_names(table.meta)


def words(text: str) -> set[str]:
    return set(re.findall(r"[\w']+", text))


def check_width(text: str, width: int = 80) -> None:
    assert "**" not in text
    too_long = [line for line in text.splitlines() if len(line) > width]
    assert not too_long, too_long


# ----------------------------------------------------------------------------- ranking
def test_laine_de_verre_is_glass_wool_only(meta):
    result = search_factors(meta, "laine de verre")
    assert result.index.tolist() == GLASS_WOOL
    assert not result["name_fr"].str.contains("vitrage|verre feuilleté|céramique|carrelage", case=False).any()


def test_laine_de_verre_output(table):
    text = search_text(table, "laine de verre", lang="fr", width=80)
    assert text.splitlines()[0] == f"3 facteurs trouvés pour «{NB}laine de verre{NB}» (donnée générique)"
    assert "Laine minérale (cloisons et doublages)" in text
    assert "40,31" in text and "fafd5743" in text
    assert "vitrage" not in text.lower()
    check_width(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plasterboard", PLASTERBOARDS),
        ("gypsum plasterboard", PLASTERBOARDS),
        ("glass wool", set(GLASS_WOOL[:2])),
    ],
)
def test_english_search(meta, text, expected):
    result = search_factors(meta, text, lang="en")
    assert set(result.index[: len(expected)]) == expected
    assert len(result) == len(expected)


@pytest.mark.parametrize("usual", sorted(USUAL))
def test_usual_names_find_their_dataset_first_with_the_note(table, meta, usual):
    factor_id, note = USUAL[usual]
    result = search_factors(meta, usual)
    assert result.index[0] == factor_id
    assert result["usual_name"].iloc[0] == usual
    assert result["score"].iloc[0] == 100
    text = search_text(table, usual, lang="fr", width=80)
    mapping = text.split("Noms usuels, rapprochés du jeu de données le plus proche")[1]
    assert mapping.startswith(f"{NB}:\n«{NB}{usual}{NB}» → {factor_id[:8]} ")
    assert note in " ".join(mapping.split())  # the note, whatever the line breaks
    check_width(text)


def test_usual_name_inside_a_longer_text(meta):
    assert search_factors(meta, "béton C25/30").index[0] == USUAL["C25/30"][0]
    assert search_factors(meta, "panneau OSB").index[0] == USUAL["OSB"][0]
    assert search_factors(meta, "BA 13").index[0] == USUAL["BA13"][0]  # spaces ignored
    assert search_factors(meta, "Enduit").index[0] == USUAL["enduit"][0]  # case ignored


def test_usual_names_follow_filters(meta):
    # The mapped dataset is declared in m³: a unit filter on m² leaves it out.
    assert search_factors(meta, "C25/30", unit="m2").empty
    assert search_factors(meta, "C25/30", usual_names=False).empty


def test_usual_names_in_english(table):
    text = search_text(table, "C25/30", lang="en", width=80)
    assert "Usual names, mapped to the nearest dataset:" in text
    assert "'C25/30' → 9702d9ab Ready-mix concrete C20/25: No C25/30 in ÖKOBAUDAT 2020-II" in text
    assert "200.1 (C20/25), 221.7 (C25/30) and 257.7 (C30/37)" in " ".join(text.split())


def test_partial_matches_only_when_nothing_matches_every_word(meta):
    # "zinc" matches nothing fully in "zinc verre": the partial matches are listed then.
    assert not search_factors(meta, "zinc verrre").empty
    # "laine" alone still lists every wool (full match of the one word).
    assert {"5ef0c519-f5b2-4d45-809d-5f417f90e90b", *GLASS_WOOL} <= set(
        search_factors(meta, "laine", limit=None).index
    )


# ----------------------------------------------------------------------------- the shipped usual names
def test_usual_names_table():
    usual = load_usual_names()
    assert list(usual.columns) == USUAL_NAMES_COLUMNS
    assert set(USUAL) <= set(usual["usual_name"])
    assert not usual.duplicated(["usual_name", "factor_id"]).any()
    for column in ("note_fr", "note_en"):
        assert (usual[column].str.len() > 40).all()


def test_usual_names_point_at_shipped_datasets(table):
    usual = load_usual_names()
    assert set(usual["factor_id"]) <= set(table.meta.index)
    shipped = table.meta.loc[usual["factor_id"], "name_de"].to_numpy()
    assert (shipped == usual["name_de"].to_numpy()).all()  # the note is about the right dataset


def test_c25_30_note_figures(shared_dir):
    """The figures of the C25/30 note are ÖKOBAUDAT 2024-I's A1-A3 GWP-total."""
    source = pd.read_csv(shared_dir / "data/oekobaudat/OBD_2024_I_generic_A1-A3.csv", encoding="latin-1",
                         dtype=str)  # fmt: skip
    note = load_usual_names().set_index("usual_name").loc["C25/30", "note_en"]
    for name, figure in [("Transportbeton C20/25", "200.1"), ("Transportbeton C25/30", "221.7"),
                         ("Transportbeton C30/37", "257.7")]:  # fmt: skip
        rows = source.loc[(source["Name (de)"] == name) & (source["Modul"] == "A1-A3")]
        assert len(rows) == 1, name
        assert f"{float(rows['GWPtotal (A2)'].iloc[0].replace(',', '.')):.1f}" == figure
        assert figure in note


# ----------------------------------------------------------------------------- units and values
@pytest.mark.parametrize(
    ("unit", "lang", "expected"),
    [("m**3", "fr", "m³"), ("m**2", "en", "m²"), ("m", "fr", "ml"), ("m", "en", "m"),
     ("piece", "fr", "u"), ("piece", "en", "pc"), ("kg", "fr", "kg"), ("tkm", "fr", "t·km")],
)  # fmt: skip
def test_unit_text(unit, lang, expected):
    assert unit_text(unit, lang) == expected


def test_gwp_a1_a3_per_declared_unit():
    rows = [
        ("split", "A1", 1.0, 2.0), ("split", "A2", 2.0, 2.0), ("split", "A3", 3.0, 2.0),
        ("whole", "A1-A3", 10.0, 4.0), ("whole", "C3", 99.0, 4.0),
        ("energy", "B6", 0.5, 3.6),
        ("transport", "A4", 7.0, 1.0),
    ]  # fmt: skip
    frame = pd.DataFrame(
        [{"factor_id": f, "module": m, "indicator": "GWP-total", "value": v, "declared_unit": "kg",
          "declared_amount": a} for f, m, v, a in rows]
    )  # fmt: skip
    table, issues = FactorTable.from_frame(frame, "hand")
    assert not issues
    gwp = gwp_a1_a3(table)
    assert gwp["split"] == pytest.approx(3.0)  # (1 + 2 + 3) / 2
    assert gwp["whole"] == pytest.approx(2.5)  # 10 / 4
    assert pd.isna(gwp["energy"]) and pd.isna(gwp["transport"])


def test_gwp_of_shipped_factors(table):
    gwp = gwp_a1_a3(table)
    assert gwp["07423e99-8c7c-4e93-8311-dcf7ae85c41d"] == pytest.approx(1.62282676306257)
    assert gwp[GLULAM] == pytest.approx(-590.628898387303)


# ----------------------------------------------------------------------------- show
def test_show_by_prefix_in_french(table):
    text = show_text(table, GLULAM[:8], lang="fr", width=80)
    lines = text.splitlines()
    assert lines[:3] == [
        GLULAM,
        "Bois lamellé-collé résineux (BLC)",
        f"  nom anglais{NB}: Laminated timber planks coniferous wood",
    ]
    assert f"  unité déclarée{NB}: 1 m³" in lines
    assert f"  masse volumique{NB}: 515,2 kg/m³" in lines
    assert f"  type de donnée{NB}: donnée générique" in lines
    assert f"Valeurs par m³{NB}:" in lines
    row = next(line for line in lines if line.startswith("GWP-total"))
    assert row.split() == ["GWP-total", "kg", "CO2e", "−590,6", "0"]  # A1-A3 and C1
    odp = next(line for line in lines if line.startswith("ODP"))
    assert "0,000000000007061" in odp  # fixed-point, 4 significant digits, never 7.061e-12
    assert "e-" not in text and "E-" not in text
    assert f"PERM                  MJ                      10{NNB}881" in text
    check_width(text)


def test_show_per_declared_unit_when_the_source_declares_another_amount(table):
    text = show_text(table, "fa5119d5", lang="en", width=80)
    assert "Values per MJ (the source declares 3.6 MJ):" in text
    row = next(line for line in text.splitlines() if line.startswith("GWP-total"))
    assert row.split()[-1] == "0.1460"  # 0.5255 kg CO2e per 3.6 MJ
    check_width(text)


def test_show_full_id_and_case(table):
    assert resolve_factor_id(table, GLULAM) == GLULAM
    assert resolve_factor_id(table, GLULAM[:8].upper()) == GLULAM
    assert resolve_factor_id(table, f"  {GLULAM[:10]} ") == GLULAM


def test_show_ambiguous_prefix_lists_the_candidates(table):
    with pytest.raises(InputError, match="35 factor ids start with '8'; type more characters") as caught:
        resolve_factor_id(table, "8", lang="en")
    assert f"  {GLULAM}  Laminated timber planks coniferous wood" in str(caught.value)
    with pytest.raises(InputError) as caught:
        resolve_factor_id(table, "8", lang="fr")  # candidates named in the language of the call
    french = caught.value.render("fr")
    assert f"35 identifiants de facteur commencent par «{NB}8{NB}»" in french
    assert f"  {GLULAM}  Bois lamellé-collé résineux (BLC)" in french
    assert "… (+25)" in french  # 10 listed
    assert all(len(line) <= 80 for line in french.splitlines())


def test_show_unknown_id(table):
    with pytest.raises(FactorNotFoundError, match="no factor 'zzz' in the tables"):
        resolve_factor_id(table, "zzz")
    with pytest.raises(FactorNotFoundError):
        resolve_factor_id(table, "")


# ----------------------------------------------------------------------------- one language at a time
@pytest.mark.parametrize("query", ["laine de verre", "BA13", "enduit", "C25/30", "beton"])
def test_french_search_has_no_english_words(table, query):
    text = search_text(table, query, lang="fr", width=80)
    assert not words(text) & ENGLISH_WORDS, words(text) & ENGLISH_WORDS


@pytest.mark.parametrize("query", ["glass wool", "plasterboard", "C25/30", "concrete"])
def test_english_search_has_no_french_words(table, query):
    text = search_text(table, query, lang="en", width=80)
    assert not words(text) & FRENCH_WORDS, words(text) & FRENCH_WORDS
    assert "«" not in text


def test_show_one_language(table):
    french = show_text(table, GLULAM, lang="fr", width=80)
    assert not words(french.replace("Laminated timber planks coniferous wood", "")) & ENGLISH_WORDS
    english = show_text(table, GLULAM, lang="en", width=80)
    names = ("Bois lamellé-collé résineux (BLC)", "Bois et dérivés")
    for name in names:
        english = english.replace(name, "")
    assert not words(english) & FRENCH_WORDS, words(english) & FRENCH_WORDS


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(alphabet=st.sampled_from("abcdeilnorstuvwé BA13/-*²"), min_size=1, max_size=20),
    width=st.integers(min_value=40, max_value=160),
    lang=st.sampled_from(["fr", "en"]),
)
def test_search_output_fits_any_width(table, text, width, lang):
    out = search_text(table, text, lang=lang, width=width, limit=10)
    check_width(out.replace(text, "x"), width)  # the title echoes the query as typed


# ----------------------------------------------------------------------------- the command line
def lca(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80", "LANG": "C.UTF-8", "LANGUAGE": "", "LC_ALL": ""}
    return subprocess.run([sys.executable, "-m", "lca.cli", *args], capture_output=True, text=True, env=env,
                          timeout=120)  # fmt: skip


def test_cli_search_and_show():
    done = lca("factors", "search", "BA13")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"3 facteurs trouvés pour «{NB}BA13{NB}» (donnée générique)\n")
    assert f"«{NB}BA13{NB}» → 07423e99 Plaque de plâtre hydrofuge (BA13 H1)" in done.stdout
    check_width(done.stdout)
    done = lca("factors", "show", GLULAM[:8], "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{GLULAM}\nLaminated timber planks coniferous wood\n")
    check_width(done.stdout)
    done = lca("factors", "search", "zzzz", "--lang", "en")
    assert (done.returncode, done.stdout) == (0, "No factor matches 'zzzz'\n")


@pytest.mark.parametrize("limit", ["0", "-3", "abc"])
def test_cli_limit_must_be_a_whole_number(limit):
    done = lca("factors", "search", "beton", f"--limit={limit}")
    assert done.returncode == 2
    assert f"--limit: nombre entier ≥ 1 attendu, trouvé «{NB}{limit}{NB}»" in done.stderr  # LANG=C: French


def test_cli_ambiguous_prefix_exit_2():
    done = lca("factors", "show", "8")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(
        f"lca{NB}: erreur{NB}: 35 identifiants de facteur commencent par «{NB}8{NB}»"
    )
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("command", ["search", "show", "import-oekobaudat", "import-ilcd", None])
def test_cli_help_has_option_texts_and_ends_with_two_examples(command, lang):
    args = ["factors", command] if command else ["factors"]
    done = subprocess.run(
        [sys.executable, "-m", "lca.cli", *args, "--help"],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "LANGUAGE": "",
            "LC_ALL": "",
            "LANG": "en_GB.UTF-8" if lang == "en" else "fr_FR.UTF-8",
        },
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.rstrip("\n").splitlines()
    assert lines[-3] == (f"Exemples{NB}:" if lang == "fr" else "Examples:")
    assert all(line.startswith(f"  lca {' '.join(args)} ") for line in lines[-2:]), lines[-2:]
    options = [line for line in lines if re.match(r"  (-\w, )?--?\w", line) and "--help" not in line]
    for line in options:  # every option has a help text on its line or the next
        assert len(line.split("  ")) > 2 or lines[lines.index(line) + 1].startswith(" " * 10), line
    helps = {"fr": "afficher les traces d'erreur", "en": "show tracebacks and debug logs"}
    assert command is None or helps[lang] in " ".join(done.stdout.split())


# ----------------------------------------------------------------------------- names in another language
ELECTRICITY_2018 = "fa5119d5-b0b8-4774-9c23-928f6894bd50"  # ÖKOBAUDAT, no French name in names_fr.csv


def test_french_search_marks_an_english_name_and_says_why(table):
    text = search_text(table, "Strom", lang="fr", width=80, limit=2)
    lines = text.splitlines()
    assert lines[0] == f"2 facteurs trouvés pour «{NB}Strom{NB}» (donnée générique)"
    assert [line.split("  ")[0] for line in lines[4:6]] == [
        "[en] Electricity grid mix 2014",
        "[en] Electricity grid mix 2015",
    ]
    assert lines[6] == f"[en] nom en anglais{NB}: la source ne donne pas de nom français"
    english = search_text(table, "Strom", lang="en", width=80, limit=2)
    assert "[en]" not in english and "Electricity grid mix 2014" in english


def test_french_show_marks_the_english_name_and_category(table):
    lines = show_text(table, ELECTRICITY_2018[:8], lang="fr", width=80).splitlines()
    assert lines[:4] == [
        ELECTRICITY_2018,
        "[en] Electricity grid mix 2018",
        f"[en] nom en anglais{NB}: la source ne donne pas de nom français",
        f"  nom allemand{NB}: Strom für Gebäudebetrieb 2018",
    ]
    assert lines[4].startswith(f"  catégorie{NB}: [en] Building service engineering / Use")
    assert not any(line.startswith(f"  nom anglais{NB}") for line in lines)  # said once, in the headline
    english = show_text(table, ELECTRICITY_2018, lang="en", width=80).splitlines()
    assert english[1] == "Electricity grid mix 2018" and "[en]" not in "\n".join(english)


def test_every_shipped_factor_in_french_has_its_french_name_or_a_marked_english_one(table):
    from lca.factor_names import display_name

    meta = add_french_names(table.meta)
    for factor_id, row in meta.iterrows():
        shown = display_name(row, "fr")
        french = row["name_fr"].strip() if isinstance(row["name_fr"], str) else ""
        name, german = row["name"].strip(), row["name_de"] if isinstance(row["name_de"], str) else ""
        tag = "[de/en]" if german.strip() in ("", name) else "[en]"  # the same name in both, or no German
        assert shown == (french or f"{tag} {name}"), factor_id
    shown = {display_name(row, "fr") for _, row in meta.iterrows()}
    assert "[de/en] PVC Plastisol" in shown and "[de/en] eLCA Luftschicht (gemäß EN 15804+A1)" in shown


def test_a_users_own_names_are_never_marked():
    frame = pd.DataFrame(
        {"id": ["mine", "theirs"], "nom": ["Béton maison", ""], "nom allemand": ["", "Nur deutsch"],
         "unité": ["m3", "kg"], "A1-A3": [250.0, 1.0]}
    )  # fmt: skip
    table, issues = FactorTable.from_frame(frame, "mine.csv")
    assert issues == []
    for lang in ("fr", "en"):
        text = search_text(table, "Béton maison", lang=lang, width=80)
        assert "Béton maison" in text and "[" not in text
    german = search_text(table, "deutsch", lang="en", width=80)
    assert "[de] Nur deutsch" in german
    assert "[de] name in German: the source gives no English or French name" in german
    french = show_text(table, "theirs", lang="fr", width=80).splitlines()
    assert french[1:3] == [
        "[de] Nur deutsch",
        f"[de] nom en allemand{NB}: la source ne donne ni nom français ni nom anglais",
    ]


def test_an_english_search_marks_a_french_only_name():
    frame = pd.DataFrame(
        {"id": ["f"], "nom fr": ["Laine de bois"], "name de": ["Holzfaser"], "unité": ["m3"], "A1-A3": [9.0]}
    )  # fmt: skip
    table, _ = FactorTable.from_frame(frame, "t")
    text = search_text(table, "laine de bois", lang="en", width=80)
    assert "[fr] Laine de bois" in text
    assert "[fr] name in French: the source gives no English name" in text


def test_search_and_show_share_their_common_options():
    import argparse

    from lca.factor_display import add_parsers

    parser = argparse.ArgumentParser(prog="lca factors")
    add_parsers(parser.add_subparsers(dest="factors_command"), "en")
    search = parser.parse_args(["search", "BA13", "--lang", "fr", "--factors", "a.csv", "--debug"])
    show = parser.parse_args(["show", "8041", "--factors", "a.csv", "--factors", "b.csv"])
    assert (search.lang, search.factors, search.debug, search.limit) == ("fr", ["a.csv"], True, 20)
    assert (show.lang, show.factors, show.debug) == (None, ["a.csv", "b.csv"], False)
