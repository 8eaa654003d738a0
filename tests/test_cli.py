"""The ``lca`` command run as a subprocess: JSON contract, exit codes, messages without traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lca.datasets import dataset_path
from lca.indicators import MODULES
from tests.helpers import hand_factor_frame, write_xlsx

EXAMPLE = dataset_path("examples", "residence_collective.xlsx")
HOUSE = dataset_path("examples", "maison_individuelle.xlsx")


def lca(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI as a subprocess, in English unless the test gives --lang (these tests quote English)."""
    args = args if "--lang" in args else (*args, "--lang", "en")
    return subprocess.run([sys.executable, "-m", "lca.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)  # fmt: skip


def check_contract(doc: dict) -> None:
    """The JSON document of DESIGN §7."""
    assert set(doc) >= {"project", "method", "variants", "issues"}
    assert set(doc["project"]) >= {"name", "reference_area", "study_period", "dwellings"}
    for variant in doc["variants"]:
        assert set(variant) >= {
            "name",
            "total",
            "units",
            "by_module",
            "by_lot",
            "per_m2",
            "per_m2_year",
            "lines",
        }
        assert set(variant["total"]) == set(variant["units"]) == set(variant["per_m2"])
        assert set(variant["by_module"]) <= set(MODULES)
        tables = [variant["total"], variant["per_m2"], variant["per_m2_year"]]
        for values in [*tables, *variant["by_module"].values(), *variant["by_lot"].values()]:
            assert all(isinstance(v, float) for v in values.values())
        assert set(variant["lines"]) == {"count", "computed", "rejected"}
        # conservation in the document itself: modules (D excluded) and lots sum to the total
        for indicator, total in variant["total"].items():
            by_module = sum(v[indicator] for m, v in variant["by_module"].items() if m != "D")
            by_lot = sum(v[indicator] for v in variant["by_lot"].values())
            assert by_module == pytest.approx(total, rel=1e-9, abs=1e-9)
            assert by_lot == pytest.approx(total, rel=1e-9, abs=1e-9)
    for issue in doc["issues"]:
        assert set(issue) >= {"level", "sheet", "row", "column", "message"}
        assert issue["level"] in {"error", "warning", "info"}


def test_run_example_json():
    done = lca("run", EXAMPLE, "--format", "json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    check_contract(doc)
    assert doc["method"] == "en15978"
    assert doc["project"] == {
        "name": "Résidence collective sociale — exemple illustratif",
        "reference_area": 1560,
        "study_period": 50,
        "dwellings": 24,
    }
    assert [v["name"] for v in doc["variants"]] == ["base", "bois_biosource", "beton_bas_carbone_rcu"]
    base = doc["variants"][0]
    assert base["units"]["GWP-total"] == "kg CO2e"
    assert base["lines"]["rejected"] == 0
    assert base["per_m2"]["GWP-total"] == pytest.approx(base["total"]["GWP-total"] / 1560)
    assert base["per_m2_year"]["GWP-total"] == pytest.approx(base["total"]["GWP-total"] / 1560 / 50)
    assert "D" in base["by_module"] and base["by_module"]["D"]["GWP-total"] < 0


def test_run_example_table_and_csv(tmp_path):
    done = lca("run", HOUSE)
    assert done.returncode == 0, done.stderr
    assert "Project: Maison individuelle" in done.stdout
    assert "By module [kg CO2e]" in done.stdout and "By lot [kg CO2e]" in done.stdout
    out = tmp_path / "r.csv"
    done = lca("run", HOUSE, "--format", "csv", "-o", out)
    assert done.returncode == 0 and done.stdout == ""
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == "Variant,Id,Lot,Element,Factor id,Source,Module,Indicator,Unit,Value"


def test_house_computes_from_its_own_factors_sheet():
    done = lca("run", HOUSE, "--format", "json", "--no-default-factors")
    doc = json.loads(done.stdout)
    # every material line finds its factor in the workbook's Facteurs sheet; the four energy lines need
    # the shipped RE2020 energy table, so without it they are rejected and the exit code says so
    assert done.returncode == 3
    assert doc["variants"][0]["lines"] == {"count": 26, "computed": 22, "rejected": 4}
    rejected = {i["line_id"] for i in doc["issues"] if i["level"] == "error"}
    assert rejected == {"EN1", "EN2", "EN3", "EN4"}


def test_rejected_lines_exit_3_with_results_and_issues(tmp_path):
    factors = tmp_path / "f.csv"
    hand_factor_frame().to_csv(factors, index=False)
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": [["SHAB", 100]],
        "Matériaux": [["id", "lot", "quantité", "unité", "id fiche"],
                      ["ok", 3, 10, "m3", "conc"],
                      ["bad", 3, 10, "m2", "conc"],
                      ["what", 3, 1, "kg", "unknown-id"]],
    })  # fmt: skip
    done = lca("run", path, "--factors", factors, "--no-default-factors", "--format", "json", "--lang", "fr")
    assert done.returncode == 3
    doc = json.loads(done.stdout)
    check_contract(doc)
    assert doc["variants"][0]["total"]["GWP-total"] == pytest.approx(2170)
    assert doc["variants"][0]["lines"] == {"count": 3, "computed": 1, "rejected": 2}
    errors = {(i["row"], i["column"]): i for i in doc["issues"] if i["level"] == "error"}
    converted = errors[(3, "unité")]["message"]
    assert "impossible de convertir m² dans l'unité déclarée de la fiche, m³" in converted
    assert errors[(3, "unité")]["sheet"] == "Matériaux"
    # a French workbook: its messages are French (issue 11)
    assert "fiche inconnue «\u00a0unknown-id\u00a0»" in errors[(4, "id fiche")]["message"]


def test_strict_turns_warnings_into_errors(tmp_path):
    factors = tmp_path / "f.csv"
    hand_factor_frame().to_csv(factors, index=False)
    path = write_xlsx(
        tmp_path / "p.xlsx", {"Matériaux": [["quantité", "unité", "id fiche"], [10, "m3", "conc"]]}
    )
    assert lca("run", path, "--factors", factors, "--no-default-factors").returncode == 0
    done = lca("run", path, "--factors", factors, "--no-default-factors", "--strict", "--format", "json",
               "--lang", "fr")  # fmt: skip
    assert done.returncode == 3
    assert any(
        "aucune durée de vie" in i["message"] and i["level"] == "error"  # a French workbook: French messages
        for i in json.loads(done.stdout)["issues"]
    )


@pytest.mark.parametrize(("args", "message"), [
    (["run", "nothing.xlsx"], "nothing.xlsx: file not found"),
    (["run", "{bad}", "--format", "json"], "no Matériaux/Materials or Énergie/Energy sheet"),
    (["run", "{example}", "--method", "re2020", "--period", "60"], "re2020 method fixes the study period"),
    (["factors", "show", "no-such-factor", "--lang", "en"], "no factor 'no-such-factor'"),
])  # fmt: skip
def test_unusable_input_exit_2_without_traceback(tmp_path, args, message):
    bad = write_xlsx(tmp_path / "bad.xlsx", {"Feuil1": [["x"]]})
    args = [a.format(bad=bad, example=EXAMPLE) for a in args]
    done = lca(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_re2020_json():
    done = lca("run", EXAMPLE, "--method", "re2020", "--format", "json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    check_contract(doc)
    assert doc["method"] == "re2020"
    re2020 = doc["variants"][0]["re2020"]
    assert {"ic_construction", "ic_energie", "ic_construction_max", "ic_energie_max", "icded", "compliant",
            "assumptions", "disclaimer"} <= set(re2020)  # fmt: skip


def test_factors_search_and_show():
    done = lca("factors", "search", "laine de verre", "--limit", "5", "--lang", "fr")
    assert done.returncode == 0, done.stderr
    assert "Laine" in done.stdout
    done = lca("factors", "show", "8041ec07-5885-40dc-bfc9-190013f6749b")
    assert done.returncode == 0, done.stderr
    assert "Brettschichtholz" in done.stdout and "C3" in done.stdout and "ÖKOBAUDAT" in done.stdout


def test_import_oekobaudat_cli(tmp_path, shared_dir):
    out = tmp_path / "t.csv"
    done = lca("factors", "import-oekobaudat", shared_dir / "data/oekobaudat/OBD_2024_I_generic_A1-A3.csv",
               "-o", out)  # fmt: skip
    assert done.returncode == 0, done.stderr
    from lca import read_factors

    table, issues = read_factors(out)
    assert len(table) > 500 and not issues
