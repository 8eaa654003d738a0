"""Tests of lca.search and of the shipped French names table (datasets/factors/names_fr.csv)."""

from __future__ import annotations

import uuid

import pandas as pd
import pytest

from lca.errors import InputError
from lca.search import (
    FRENCH_COLUMNS,
    NAMES_FR_COLUMNS,
    add_french_names,
    load_names_fr,
    normalise_text,
    search_factors,
)

# UUIDs of the names table used below (ÖKOBAUDAT OBD_2020_II generic datasets).
C20_25 = "9702d9ab-2af2-4fdc-9d99-225583a9ffb7"
C30_37 = "a758fb6a-7fb1-4cdc-b652-c42cf2f7632c"
REBAR = "e9ae96ee-ba8d-420d-9725-7c8abd06e082"
CONCRETE_BLOCK = "bdda4364-451f-4df2-a68b-5912469ee4c9"
PLASTERBOARDS = {"07423e99-8c7c-4e93-8311-dcf7ae85c41d", "da72684f-471c-425b-817d-69f262323f04"}


# ----------------------------------------------------------------------------- the names table
@pytest.fixture(scope="module")
def names() -> pd.DataFrame:
    return load_names_fr()


def test_names_table_columns_and_keys(names):
    assert list(names.columns) == NAMES_FR_COLUMNS
    assert len(names) >= 100
    assert names["factor_id"].is_unique
    for factor_id in names["factor_id"]:
        assert str(uuid.UUID(factor_id)) == factor_id  # canonical lower-case UUID


def test_names_table_values(names):
    assert (names["name_fr"].str.strip() != "").all()
    assert (names["designations_fr"].str.strip() != "").all()
    assert (names["category_fr"].str.strip() != "").all()
    assert names["name_fr"].is_unique
    lots = names["lot"].dropna()
    assert lots.between(1, 13).all()
    # Every RE2020 lot has at least one factor (generic data exist for all 13).
    assert set(lots) == set(range(1, 14))


def test_names_table_is_a_copy(names):
    names.loc[0, "name_fr"] = "changed"
    assert load_names_fr().loc[0, "name_fr"] != "changed"


def test_names_table_matches_oekobaudat_2020_ii(names, shared_dir):
    source = pd.read_csv(
        shared_dir / "data" / "oekobaudat" / "OBD_2020_II.csv",
        sep=";",
        encoding="latin-1",
        dtype=str,
        usecols=["UUID", "Name (de)", "Typ", "Bezugseinheit"],
    )
    generic = source.loc[source["Typ"] == "generic dataset"].drop_duplicates("UUID").set_index("UUID")
    missing = sorted(set(names["factor_id"]) - set(generic.index))
    assert not missing, f"not generic datasets of OBD_2020_II: {missing}"
    found = generic.loc[names["factor_id"]]
    assert (found["Name (de)"].to_numpy() == names["name_de"].to_numpy()).all()
    assert (found["Bezugseinheit"].to_numpy() == names["unit"].to_numpy()).all()


def test_names_table_picks(names):
    """Spot checks that the French name goes with the right German dataset."""
    by_id = names.set_index("factor_id")
    assert by_id.loc[C20_25, "name_de"] == "Transportbeton C20/25"
    assert by_id.loc[C30_37, "name_fr"] == "Béton C30/37"
    assert by_id.loc[REBAR, "name_de"] == "Bewehrungsstahl"
    assert by_id.loc[CONCRETE_BLOCK, "name_de"] == "Beton-Mauersteine"
    assert all(by_id.loc[i, "name_de"].startswith("Gipskartonplatte") for i in PLASTERBOARDS)


# ----------------------------------------------------------------------------- normalisation
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Béton C25/30", "beton c25 30"),
        ("  Laine  de VERRE ", "laine de verre"),
        ("Fußbodenheizung", "fussbodenheizung"),
        ("Cœur d'œuvre", "coeur d oeuvre"),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_normalise_text(text, expected):
    assert normalise_text(text) == expected


# ----------------------------------------------------------------------------- a small frame
@pytest.fixture()
def meta() -> pd.DataFrame:
    rows = [
        ("f1", "Concrete C25/30", "Béton C25/30", "Transportbeton C25/30", "Concrete", "m3",
         "béton armé; béton de structure; béton prêt à l'emploi; BPE; C25/30"),
        ("f2", "Aerated concrete", "Béton cellulaire", "Porenbeton", "Masonry", "m3",
         "Siporex; Ytong"),
        ("f3", "Concrete masonry unit", "Bloc béton creux (parpaing)", "Beton-Mauersteine",
         "Masonry", "m3", "parpaing; agglo; bloc B40"),
        ("f4", "Glass wool", "Laine de verre", "Glaswolle", "Insulation", "kg",
         "laine minérale; isolant"),
        ("f5", "Stone wool", "Laine de roche", "Steinwolle", "Insulation", "kg",
         "laine minérale; isolant"),
        ("f6", "Gypsum plasterboard", "Plaque de plâtre (BA13)", "Gipskartonplatte", "Boards",
         "qm", "BA13; placo; Placoplatre; cloison"),
        ("f7", "Reinforcing steel", "Acier d'armature (HA)", "Bewehrungsstahl", "Metals", "kg",
         "acier HA; armatures; ferraillage"),
        ("f8", "Structural steel", "Profilé en acier", "Stahlprofil", "Metals", "kg",
         "IPE; HEA; charpente métallique"),
        ("f9", "Window PVC", "", "Fenster PVC", "Windows", "pcs.", None),
    ]  # fmt: skip
    columns = ["factor_id", "name", "name_fr", "name_de", "category", "declared_unit"]
    frame = pd.DataFrame(rows, columns=[*columns, "designations_fr"]).set_index("factor_id")
    return frame


def ids(result: pd.DataFrame) -> list[str]:
    return result.index.tolist()


def test_beton_finds_concrete_first(meta):
    result = search_factors(meta, "beton")
    assert ids(result)[0] == "f1"
    assert {"f1", "f2", "f3"} <= set(ids(result))
    assert ids(search_factors(meta, "béton c25/30"))[0] == "f1"
    assert ids(search_factors(meta, "BETON C25-30"))[0] == "f1"


def test_exact_name_scores_highest(meta):
    result = search_factors(meta, "Laine de verre")
    assert ids(result)[0] == "f4"
    assert result["score"].iloc[0] == 100
    assert result["score"].is_monotonic_decreasing


def test_trade_words_in_designations(meta):
    assert ids(search_factors(meta, "parpaing"))[0] == "f3"
    assert ids(search_factors(meta, "BA13"))[0] == "f6"
    assert ids(search_factors(meta, "placo")) == ["f6"]
    assert ids(search_factors(meta, "acier HA"))[0] == "f7"


def test_name_beats_designation(meta):
    # "laine minérale" is only a designation of f4 and f5; "isolant" too.
    result = search_factors(meta, "laine")
    assert set(ids(result)[:2]) == {"f4", "f5"}
    name_hit = search_factors(meta, "Profilé en acier")["score"].iloc[0]
    designation_hit = search_factors(meta, "charpente métallique")["score"].iloc[0]
    assert name_hit > designation_hit


def test_prefix_and_fuzzy(meta):
    assert ids(search_factors(meta, "parpain"))[0] == "f3"  # prefix of a designation word
    assert ids(search_factors(meta, "cellulair"))[0] == "f2"  # prefix of a name word
    assert ids(search_factors(meta, "armatrues"))[0] == "f7"  # typo
    assert ids(search_factors(meta, "Mauerstein"))[0] == "f3"  # inside a German compound


def test_german_names(meta):
    assert ids(search_factors(meta, "Transportbeton"))[0] == "f1"
    assert ids(search_factors(meta, "glaswolle"))[0] == "f4"
    # With lang="de" the German name comes first and counts fully.
    result = search_factors(meta, "Steinwolle", lang="de")
    assert result.columns[0] == "name_de"
    assert ids(result)[0] == "f5"
    assert result["score"].iloc[0] == 100


def test_columns_and_language(meta):
    result = search_factors(meta, "acier")
    assert result.columns[0] == "name_fr"
    assert result.columns[-1] == "score"
    assert set(result.columns) == {*meta.columns, "usual_name", "score"}
    assert search_factors(meta, "acier", lang="en").columns[0] == "name"
    with pytest.raises(InputError, match="unknown language 'es'"):
        search_factors(meta, "acier", lang="es")


def test_unit_filter(meta):
    assert set(ids(search_factors(meta, "laine", unit="kg"))) == {"f4", "f5"}
    assert search_factors(meta, "laine", unit="m³").empty
    assert ids(search_factors(meta, "beton", unit="M3"))[0] == "f1"
    assert ids(search_factors(meta, "plaque", unit="m2")) == ["f6"]  # "qm" in the source
    assert ids(search_factors(meta, "PVC", unit="u")) == ["f9"]  # "pcs." in the source


def test_category_filter(meta):
    assert set(ids(search_factors(meta, "beton", category="masonry"))) == {"f2", "f3"}
    assert set(ids(search_factors(meta, "acier", category="Metals"))) == {"f7", "f8"}
    assert set(ids(search_factors(meta, "laine", category="insul"))) == {"f4", "f5"}  # prefix
    assert search_factors(meta, "beton", category="Insulation").empty


def test_limit(meta):
    assert len(search_factors(meta, "beton", limit=1)) == 1
    assert len(search_factors(meta, "e", limit=None)) <= len(meta)


def test_no_match_is_empty_with_columns(meta):
    for text in ("zzzz", "", "   ", "!!"):
        result = search_factors(meta, text)
        assert result.empty
        expected = ["name_fr", *(c for c in meta.columns if c != "name_fr"), "usual_name", "score"]
        assert list(result.columns) == expected
    assert search_factors(meta.iloc[0:0], "beton").empty


def test_factor_id_as_column(meta):
    flat = meta.reset_index()
    result = search_factors(flat, "parpaing")
    assert result["factor_id"].iloc[0] == "f3"


def test_frame_without_designations(meta):
    result = search_factors(meta.drop(columns="designations_fr"), "BA13")
    assert ids(result) == ["f6"]  # found in the name


# ----------------------------------------------------------------------------- on the shipped names
@pytest.fixture(scope="module")
def shipped_meta(names) -> pd.DataFrame:
    meta = pd.DataFrame(
        {
            "name": "",
            "name_de": names["name_de"].to_numpy(),
            "category": names["category_fr"].to_numpy(),
            "declared_unit": names["unit"].to_numpy(),
        },
        index=pd.Index(names["factor_id"], name="factor_id"),
    )
    return add_french_names(meta)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("béton c30/37", {C30_37}),
        ("Transportbeton", {C20_25, C30_37}),
        ("acier HA", {REBAR}),
        ("ferraillage", {REBAR}),
        ("parpaing", {CONCRETE_BLOCK}),
        ("BA13", PLASTERBOARDS),
        ("placo", PLASTERBOARDS),
    ],
)
def test_search_shipped_names(shipped_meta, text, expected):
    result = search_factors(shipped_meta, text)
    assert set(ids(result)[: len(expected)]) == expected


def test_search_shipped_names_by_words(shipped_meta):
    top = search_factors(shipped_meta, "laine de verre", limit=3)
    assert all(top["name_fr"].str.contains("Laine minérale"))
    assert search_factors(shipped_meta, "béton c25/30")["name_fr"].iloc[0].startswith("Béton C")
    top = search_factors(shipped_meta, "pompe a chaleur", unit="u")
    assert (top["declared_unit"] == "pcs.").all()
    assert top["name_fr"].iloc[:5].str.startswith("Pompe à chaleur").all()
    assert search_factors(shipped_meta, "zzzz").empty


# ----------------------------------------------------------------------------- add_french_names
def test_add_french_names_fills_only_empty(names):
    meta = pd.DataFrame(
        {
            "name": ["Ready-mix concrete C20/25", "Reinforcing steel", "Unknown"],
            "name_fr": ["Mon béton", None, ""],
        },
        index=pd.Index([C20_25, REBAR, "not-in-table"], name="factor_id"),
    )
    out = add_french_names(meta)
    assert list(out.index) == list(meta.index)
    assert list(out.columns) == ["name", *FRENCH_COLUMNS]
    assert out.loc[C20_25, "name_fr"] == "Mon béton"  # kept
    assert out.loc[REBAR, "name_fr"] == "Acier d'armature (HA)"  # filled
    assert out.loc[REBAR, "lot_fr"] == 3
    assert "ferraillage" in out.loc[REBAR, "designations_fr"]
    assert out.loc["not-in-table", "name_fr"] == ""
    assert pd.isna(out.loc["not-in-table", "lot_fr"])
    assert pd.isna(meta.loc[REBAR, "name_fr"])  # input untouched


def test_add_french_names_with_column():
    meta = pd.DataFrame({"factor_id": [REBAR], "name": ["Reinforcing steel"]})
    out = add_french_names(meta)
    assert out["name_fr"].iloc[0] == "Acier d'armature (HA)"
    with pytest.raises(InputError, match="Missing required columns: \\['factor_id'\\]"):
        add_french_names(pd.DataFrame({"name": ["x"]}))


def test_search_errors_in_french():
    with pytest.raises(InputError) as caught:
        search_factors(pd.DataFrame({"name": ["x"]}, index=pd.Index(["a"], name="factor_id")), "x", lang="es")
    french = "langue «\u00a0es\u00a0» inconnue\u00a0; utilisez l'une de de, en, fr"
    assert caught.value.msg.render("fr") == french
    assert caught.value.message == "unknown language 'es'; use one of de, en, fr"
    with pytest.raises(InputError) as caught:
        add_french_names(pd.DataFrame({"name": ["x"]}))
    assert caught.value.msg.render("fr") == (
        "colonne obligatoire absente\u00a0: factor_id\u00a0; donnez une colonne factor_id ou indexez le "
        "tableau par factor_id"
    )
