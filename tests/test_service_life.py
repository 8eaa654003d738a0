"""Default service lives (BNB table mapped by category), "30 ans" parsing and study-period checks."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lca import InputError, Project, compute, read_project
from lca.factors import default_factors, load_table
from lca.model import normalise_lines
from lca.service_life import (
    ACCEPTED_STATUS,
    service_life_defaults,
    service_life_mapping,
    service_life_table,
)
from lca.summary import format_summary
from tests.helpers import write_xlsx

PVC = "39da14a3-8f39-4af9-955c-6a70f091acb8"  # ÖKOBAUDAT 2020-II "PVC floor covering", 3.3 kg/m²
TILES = "bc2f9dde-f2a6-4630-bf7c-0ad3870012ef"  # "Stoneware tiles unglazed"
CONCRETE = "a758fb6a-7fb1-4cdc-b652-c42cf2f7632c"  # "Ready-mix concrete C30/37"
PVC_NOTE = (
    "default service life 20 years (BNB Stand 04.11.2025, 353.132.25 "
    "'Floor covering: PVC heterogeneous, glued')"
)


def floor(*rows: dict, period: float = 50.0, **kw: object):  # type: ignore[no-untyped-def]
    lines = normalise_lines(pd.DataFrame([{"lot": "7", "unit": "m2", **r} for r in rows]))
    return compute(Project(lines=lines, reference_area=100.0, study_period=period), **kw)


def gwp(results, module: str) -> float:  # type: ignore[no-untyped-def]
    return float(results.by_module()["GWP-total"].get(("base", module), 0.0))


# ------------------------------------------------------------------------------------- the table
def test_table_rows_carry_edition_code_and_status():
    table = service_life_table()
    assert set(table["status"]) <= {"CONFIRMED", "SECONDARY-2", "SECONDARY-1"}
    assert (table["edition"] != "").all() and (table["sources"] != "").all()
    pvc = table.loc["floor_pvc_heterogeneous"]
    assert (pvc["service_life"], pvc["bnb_code"], pvc["edition"], pvc["status"]) == (
        20.0, "353.132.25", "BNB Stand 04.11.2025", "SECONDARY-2"
    )  # fmt: skip
    etics = table.loc["etics"]
    assert (etics["service_life"], etics["at_least"], etics["status"]) == (50.0, "yes", "CONFIRMED")
    # a life of at least the 50-year BNB period is stored as 50 and marked "at least"
    assert (table.loc[table["at_least"] == "yes", "service_life"] == 50).all()


def test_mapping_lists_every_shipped_category_and_known_factors():
    mapping = service_life_mapping()
    categories = set(mapping.loc[mapping["match"] == "category", "key"])
    for name in ("oekobaudat_2020_II_generic.csv.gz", "oekobaudat_2024_I_generic_A1-A3.csv.gz"):
        meta = load_table(name).meta
        assert set(meta["category"].dropna()) <= categories, name
    ids = set(mapping.loc[mapping["match"] == "factor_id", "key"])
    shipped = set(load_table("oekobaudat_2020_II_generic.csv.gz").meta.index) | set(
        load_table("oekobaudat_2024_I_generic_A1-A3.csv.gz").meta.index
    )
    assert ids <= shipped
    assert (mapping["reason"] != "").all()  # every choice says why


def test_defaults_by_category_and_factor_id():
    meta = default_factors().meta
    defaults = service_life_defaults(meta)
    years = pd.Series(defaults.years, index=meta.index)
    source = pd.Series(defaults.source, index=meta.index)
    assert years[PVC] == 20.0
    assert years[TILES] == 50.0
    tiles = "BNB Stand 04.11.2025, 353.118.25"
    assert source[TILES].render("en") == f"{tiles} 'Ceramic floor tiles', at least 50 years"
    assert source[TILES].render("fr") == f"{tiles} «\u00a0Carrelage céramique de sol\u00a0», au moins 50 ans"
    assert years["3b66b7be-bc1e-4dd4-8779-453d4f81825f"] == 45.0  # multi-layer parquet, by factor_id
    assert years["88619ce6-c0aa-43bd-9ac6-477b5d6ce442"] == 50.0  # strip parquet, by factor_id
    assert np.isnan(years[CONCRETE])  # no confirmed value for concrete
    # textile flooring maps to a SECONDARY-1 row (one transcription): shipped for review, not used
    carpet = meta.index[meta["category"] == "Plastics / Floorings / Textile flooring"][0]
    assert np.isnan(years[carpet]) and source[carpet] == ""
    assert "SECONDARY-1" not in ACCEPTED_STATUS


# ------------------------------------------------------------------------------------- the engine
def test_pvc_floor_gets_two_replacements_over_50_years():
    r = floor({"line_id": "S1", "quantity": 10, "factor_id": PVC})
    line = r.lines.iloc[0]
    assert line[["service_life_used", "service_life_origin", "replacements"]].tolist() == [
        20.0,
        "default",
        2.0,
    ]
    # n = ceil(50/20) − 1 = 2 new floors: made (A1-A3 81.910…) and disposed of (C2 0.0919…, C3 108.467…)
    assert gwp(r, "A1-A3") == pytest.approx(81.91001953986, rel=1e-9)
    made = 81.91001953986 + 0.0919070451890904 + 108.467116021177
    assert gwp(r, "B4") == pytest.approx(2 * made, rel=1e-9)
    assert gwp(r, "B4") == pytest.approx(380.93808521245217, rel=1e-9)
    notes = [i for i in r.issues if i.column == "service_life"]
    assert [(i.level, i.message, i.value, i.line_id) for i in notes] == [("info", PVC_NOTE, 20.0, "S1")]


def test_the_line_and_the_factor_come_before_the_default():
    r = floor({"line_id": "S1", "quantity": 10, "factor_id": PVC, "service_life": 30})
    assert r.lines["service_life_origin"].tolist() == ["line"]
    assert r.lines["replacements"].tolist() == [1.0]  # ceil(50/30) − 1
    assert not [i for i in r.issues if i.column == "service_life"]


def test_defaults_can_be_turned_off():
    r = floor({"line_id": "S1", "quantity": 10, "factor_id": PVC}, default_service_lives=False)
    assert gwp(r, "B4") == 0.0
    assert r.lines["service_life_origin"].tolist() == [""]
    (note,) = [i for i in r.issues if i.column == "service_life"]
    assert note.level == "warning" and note.message.startswith("no service life, neither on the line nor in")


def test_at_least_50_means_no_replacement_over_50_years_and_one_over_60():
    assert gwp(floor({"line_id": "T", "quantity": 10, "factor_id": TILES}), "B4") == 0.0
    r = floor({"line_id": "T", "quantity": 10, "factor_id": TILES}, period=60.0)
    assert r.lines["replacements"].tolist() == [1.0]  # ceil(60/50) − 1: 50 is the lower bound


def test_no_default_keeps_the_warning():
    lines = [{"line_id": "B", "quantity": 1, "unit": "m3", "factor_id": CONCRETE}]
    r = compute(Project(lines=normalise_lines(pd.DataFrame(lines)), reference_area=100.0))
    (note,) = [i for i in r.issues if i.column == "service_life"]
    assert note.level == "warning"
    assert np.isnan(r.lines["service_life_used"].iat[0]) and r.lines["service_life_origin"].iat[0] == ""


@settings(max_examples=25, deadline=None)
@given(period=st.floats(1, 120), quantity=st.floats(0.1, 1e4))
def test_replacements_follow_the_default_life(period, quantity):
    r = floor({"line_id": "S", "quantity": quantity, "factor_id": PVC}, period=period)
    n = max(math.ceil(round(period / 20, 9)) - 1, 0)
    assert r.lines["replacements"].iat[0] == n
    made = gwp(r, "A1-A3") + gwp(r, "C2") + gwp(r, "C3")
    assert gwp(r, "B4") == pytest.approx(n * made, rel=1e-9, abs=1e-9)


def test_summary_groups_the_same_note_on_many_lines():
    r = floor(*({"line_id": f"S{k}", "quantity": 10, "factor_id": PVC} for k in range(12)))
    assert len([i for i in r.issues if i.message == PVC_NOTE]) == 12  # one issue per line in the JSON
    text = format_summary(r, lang="en", width=1000)
    assert "12 notes" in text.split("Issues: ")[1].splitlines()[0]
    grouped = "  [note] column 'service_life', 12 lines (S0, S1, S2, S3, S4, S5, S6, S7 and 4 more): "
    assert grouped + PVC_NOTE in text
    assert text.count(PVC_NOTE) == 1


# ------------------------------------------------------------------------------------- parsing
def test_service_life_in_words_is_read_as_years(tmp_path):
    lives = ["30 ans", "30 years", "30,0", "30 Jahre", " 30 ANS ", 30, "trente ans"]
    rows = [["Repère", "Lot", "Quantité", "Unité", "ID fiche", "Durée de vie"]]
    rows += [[f"S{k}", 7, 10, "m2", PVC, life] for k, life in enumerate(lives)]
    projet = [["Clé", "Valeur"], ["SHAB", 100], ["Période d'étude", "50 ans"]]
    path = write_xlsx(tmp_path / "p.xlsx", {"Projet": projet, "Matériaux": rows})
    project = read_project(path)
    assert project.study_period == 50.0
    assert project.lines["service_life"].tolist()[:6] == [30.0] * 6
    assert np.isnan(project.lines["service_life"].iat[6])
    (bad,) = [i for i in project.issues if i.column == "Durée de vie"]
    assert (bad.level, bad.row, bad.value) == ("warning", 8, "trente ans")
    assert bad.message == "'trente ans' is not a number; expected a number of years — ignored"


# ------------------------------------------------------------------------------------- the period
@pytest.mark.parametrize("period", [0.0, -5.0, np.nan, np.inf])
def test_study_period_must_be_a_finite_positive_number(period):
    with pytest.raises(
        InputError,
        match=r"study period must be > 0 years and at most 1,000 \(MAX_STUDY_PERIOD\), found (0|−5|nan|inf)",
    ):
        floor({"line_id": "S", "quantity": 1, "factor_id": PVC}, study_period=period)


@pytest.mark.parametrize("period", ["0", "nan", "inf", "-1", "fifty"])
def test_cli_refuses_a_period_that_is_not_a_number_of_years(period):
    done = subprocess.run([sys.executable, "-m", "lca.cli", "run", "x.xlsx", "--period", period],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 2
    assert (
        "argument --period: study period must be > 0 years and at most 1000 (MAX_STUDY_PERIOD), "
        f"found '{period}'" in done.stderr
    )
    assert "Traceback" not in done.stderr


def test_cli_flag_turns_the_defaults_off(tmp_path):
    rows = [["Repère", "Lot", "Quantité", "Unité", "ID fiche"], ["S1", 7, 10, "m2", PVC]]
    path = write_xlsx(tmp_path / "p.xlsx", {"Projet": [["Clé", "Valeur"], ["SHAB", 100]], "Matériaux": rows})

    def b4(*flags: str) -> float | None:
        done = subprocess.run([sys.executable, "-m", "lca.cli", "run", str(path), "--format", "json", *flags],
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        assert done.returncode == 0, done.stderr
        doc = json.loads(done.stdout)
        return doc["variants"][0]["by_module"].get("B4", {}).get("GWP-total")

    assert b4() == pytest.approx(380.93808521245217, rel=1e-9)
    assert b4("--no-default-service-lives") is None  # B4 not computed: no replacement


def test_a_shipped_factor_copied_without_its_category_gets_its_default():
    from lca.factors import FactorTable

    rows = [
        {"factor_id": PVC, "module": "A1-A3", "indicator": "GWP-total", "value": 8.0, "declared_unit": "m2"}
    ]
    table, issues = FactorTable.from_frame(pd.DataFrame(rows), "workbook")
    assert not issues and service_life_defaults(table.meta).years.tolist() == [20.0]


# ------------------------------------------------------------------------------------- hostile tables
@pytest.fixture
def shipped_copy(tmp_path, monkeypatch):
    """The service-life files copied into tmp_path, read from there (caches cleared around the test)."""
    import shutil

    import lca.datasets
    from lca import service_life

    folder = tmp_path / "service_life"
    shutil.copytree(lca.datasets.dataset_path("service_life"), folder)
    monkeypatch.setattr(lca.datasets, "dataset_path", lambda *parts: tmp_path.joinpath(*parts))
    for cached in (service_life.service_life_table, service_life.service_life_mapping, service_life._usable):
        cached.cache_clear()
    yield folder
    for cached in (service_life.service_life_table, service_life.service_life_mapping, service_life._usable):
        cached.cache_clear()


def test_a_table_row_without_a_positive_life_is_refused(shipped_copy):
    path = shipped_copy / "service_lives.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",20,no,", ",0,no,", 1), encoding="utf-8")
    with pytest.raises(InputError, match="every row needs a unique component and a service_life > 0 years"):
        service_life_table()


def test_a_mapping_to_an_unknown_component_or_twice_the_same_key_is_refused(shipped_copy):
    path = shipped_copy / "mapping.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "category,Plastics / Floorings / PVC flooring,floor_pvc_heterogeneous,again\n")
    with pytest.raises(InputError, match=r"keys listed twice \['Plastics / Floorings / PVC flooring'\]"):
        service_life_mapping()
    path.write_text(text + "category,Foo,no_such_component,typo\n")
    service_life_mapping.cache_clear()
    with pytest.raises(InputError, match=r"unknown components \['no_such_component'\]"):
        service_life_mapping()


@pytest.mark.parametrize("typed", ["0", "inf", "nan", "-50"])
def test_a_projet_study_period_that_is_not_a_number_of_years_is_an_error(tmp_path, typed):
    rows = [["Repère", "Lot", "Quantité", "Unité", "ID fiche"], ["S1", 7, 10, "m2", PVC]]
    projet = [["Clé", "Valeur"], ["SHAB", 100], ["Période d'étude", typed]]
    project = read_project(write_xlsx(tmp_path / "p.xlsx", {"Projet": projet, "Matériaux": rows}))
    (issue,) = [i for i in project.issues if i.column == "Période d'étude"]
    assert (issue.level, issue.sheet, issue.row, issue.value) == ("error", "Projet", 3, typed)
    expected = "must be > 0" if typed in ("0", "-50") else "expected a number"
    assert issue.message.startswith(expected)  # the column names the key as typed


def test_a_factor_sheet_service_life_in_words_is_read_as_years(tmp_path):
    from lca import read_factors

    rows = [
        ["factor_id", "declared_unit", "A1-A3", "service_life"],
        ["f1", "m2", 8.0, "30 ans"],
        ["f2", "m2", 8.0, "30,0"],
    ]
    table, issues = read_factors(write_xlsx(tmp_path / "f.xlsx", {"Facteurs": rows}))
    assert not issues and table.meta["service_life"].tolist() == [30.0, 30.0]


def test_a_zero_life_on_the_line_falls_back_to_the_default_with_a_warning():
    r = floor({"line_id": "S1", "quantity": 10, "factor_id": PVC, "service_life": 0})
    assert r.lines[["service_life_used", "service_life_origin"]].iloc[0].tolist() == [20.0, "default"]
    levels = [(i.level, i.message) for i in r.issues if i.column == "service_life"]
    assert levels == [
        (
            "warning",
            "'service life' must be > 0 years; ignored: the factor's, else the default, service life is used",
        ),
        ("info", PVC_NOTE),
    ]


def test_a_shipped_table_is_read_as_text_and_a_missing_column_is_named(tmp_path, monkeypatch):
    import lca.datasets
    from lca.errors import InputError

    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.csv").write_text('\ufeffkey,value,note\nx,1.50,"a, b"\ny,,\n', encoding="utf-8")
    monkeypatch.setattr(lca.datasets, "dataset_dir", lambda: tmp_path)
    table, path = lca.datasets.read_table(("t", "a.csv"), ["key", "value"])
    assert table.to_dict("list") == {"key": ["x", "y"], "value": ["1.50", ""], "note": ["a, b", ""]}
    assert path == tmp_path / "t" / "a.csv"
    with pytest.raises(InputError, match="missing columns years, status; expected key, years, status") as err:
        lca.datasets.read_table(("t", "a.csv"), ["key", "years", "status"])
    assert err.value.file == str(path)
