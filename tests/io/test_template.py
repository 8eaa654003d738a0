"""The project-workbook template and writer: sheets, notes, drop-downs, round trips through the reader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from lca.energy import carrier_key, use_key
from lca.errors import InputError
from lca.io.tabular import alias_index, squash
from lca.io.template import (
    ENERGY,
    LOTS,
    MATERIALS,
    PROJECT,
    SHEET_NAMES,
    write_template,
    write_workbook,
)
from lca.io.workbook import read_project
from lca.model import Project
from lca.transport import TRANSPORT_MODES

ROOT = Path(__file__).resolve().parents[2]
LANGS = ["fr", "en"]
EXPECTED_SHEETS = {
    "fr": ["Lisez-moi", "Projet", "Matériaux", "Énergie", "Facteurs", "Variantes", "Listes"],
    "en": ["Read me", "Project", "Materials", "Energy", "Factors", "Variants", "Lists"],
}


@pytest.fixture(params=LANGS)
def lang(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def template(tmp_path: Path, lang: str) -> Path:
    path = tmp_path / f"template_{lang}.xlsx"
    write_template(path, lang=lang)
    return path


def _header(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    """Header text -> column number."""
    return {c.value: c.column for c in ws[1] if c.value is not None}


def _validations(wb: openpyxl.Workbook, sheet: str) -> dict[str, list[str] | str]:
    """First cell of each validated range -> the values of its list (or the range when on another sheet)."""
    out: dict[str, list[str] | str] = {}
    for dv in wb[sheet].data_validations.dataValidation:
        ref = dv.formula1
        target, cells = ref.rsplit("!", 1)
        target = target.strip("'")
        if target in wb.sheetnames and wb[target].sheet_state == "hidden":
            start, end = cells.replace("$", "").split(":")
            values = [c.value for row in wb[target][f"{start}:{end}"] for c in row]
        else:
            values = ref
        for cell_range in str(dv.sqref).split():
            out[cell_range.split(":")[0]] = values
    return out


def problems(project: Project) -> list:  # type: ignore[type-arg]
    """The issues of a project read back, but the note that a bare template has no reference area."""
    return [i for i in project.issues if "no reference area" not in i.message]


def test_a_template_without_reference_area_says_so(template: Path) -> None:
    (issue,) = [i for i in read_project(template).issues if "no reference area" in i.message]
    assert issue.level == "warning" and "no reference area (SHAB / Sref, m²)" in issue.message


def _fill_project(ws: openpyxl.worksheet.worksheet.Worksheet, values: dict[str, object], lang: str) -> None:
    rows = {(c.fr if lang == "fr" else c.en): c.key for c in PROJECT}
    for row in ws.iter_rows(min_row=2):
        key = rows.get(row[0].value)
        if key in values:
            row[1].value = values[key]


# ---------------------------------------------------------------------------------------- layout


def test_template_has_every_sheet(template: Path, lang: str) -> None:
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == EXPECTED_SHEETS[lang]
    assert wb.sheetnames[0] == SHEET_NAMES[lang]["readme"]
    assert wb[SHEET_NAMES[lang]["lists"]].sheet_state == "hidden"
    readme = "\n".join(str(c.value) for c in wb.worksheets[0]["A"] if c.value)
    assert "lca run" in readme


def test_every_header_has_a_note(template: Path, lang: str) -> None:
    wb = openpyxl.load_workbook(template)
    names = SHEET_NAMES[lang]
    for key in ("project", "materials", "energy", "factors", "variants"):
        ws = wb[names[key]]
        headers = [c for c in ws[1] if c.value is not None]
        assert headers, key
        for cell in headers:
            assert cell.comment is not None and cell.comment.text.strip(), (key, cell.value)
            assert cell.font.b, (key, cell.value)
        assert ws.freeze_panes == "A2"
        if key != "project":
            assert ws.auto_filter.ref.startswith("A1:")
            assert all(ws.column_dimensions[c.column_letter].width >= 8 for c in headers)
    ws = wb[names["project"]]
    labels = {c.value: c for c in ws["A"][1:] if c.value}
    assert len(labels) == len(PROJECT) == 12
    for column in PROJECT:
        cell = labels[column.fr if lang == "fr" else column.en]
        assert cell.comment is not None and cell.comment.text


def test_data_validations(template: Path, lang: str) -> None:
    wb = openpyxl.load_workbook(template)
    names = SHEET_NAMES[lang]
    units = ["m³", "m²", "m", "ml", "kg", "t", "u"]

    materials = wb[names["materials"]]
    header = _header(materials)
    found = _validations(wb, names["materials"])
    letter = {
        c.key: openpyxl.utils.get_column_letter(header[c.fr if lang == "fr" else c.en]) for c in MATERIALS
    }
    assert found[f"{letter['lot']}2"] == LOTS[lang]
    assert len(LOTS[lang]) == 13 and LOTS["fr"][2] == "3 Superstructure – maçonnerie"
    assert found[f"{letter['unit']}2"] == units
    assert len(found[f"{letter['transport_mode']}2"]) == len(TRANSPORT_MODES)
    assert found[f"{letter['variant']}2"].startswith(f"'{names['variants']}'!$A$2")

    energy = wb[names["energy"]]
    header = _header(energy)
    found = _validations(wb, names["energy"])
    letter = {c.key: openpyxl.utils.get_column_letter(header[c.fr if lang == "fr" else c.en]) for c in ENERGY}
    carriers, uses = found[f"{letter['carrier']}2"], found[f"{letter['use']}2"]
    assert [carrier_key(c) for c in carriers][:2] == ["electricity", "natural_gas"]
    assert "water" in [carrier_key(c) for c in carriers]
    assert [use_key(u) for u in uses] == ["heating", "dhw", "cooling", "lighting", "auxiliary", "other"]
    assert f"{letter['variant']}2" in found
    assert found[f"{letter['unit']}2"] == ["kWh", "MWh", "MJ", "GJ", "m³", "l", "kg", "t", "stère"]

    project = _validations(wb, names["project"])
    rows = {c.key: i for i, c in enumerate(PROJECT, start=2)}
    assert project[f"B{rows['method']}"] == ["en15978", "re2020"]
    assert project[f"B{rows['replacement_rule']}"] == ["ceil", "fraction"]
    assert project[f"B{rows['climate_zone']}"][0] == "H1a" and len(project[f"B{rows['climate_zone']}"]) == 8
    assert project[f"B{rows['heat_network']}"] == (["oui", "non"] if lang == "fr" else ["yes", "no"])
    assert len(project[f"B{rows['building_type']}"]) == 3


def test_every_drop_down_value_is_read(template: Path, lang: str) -> None:
    """What the drop-downs write is what the reader accepts, without an issue."""
    wb = openpyxl.load_workbook(template)
    names = SHEET_NAMES[lang]
    lists = {c[0].value: [x.value for x in c[1:] if x.value] for c in wb[names["lists"]].iter_cols()}
    materials = wb[names["materials"]]
    header = _header(materials)
    col = {c.key: header[c.fr if lang == "fr" else c.en] for c in MATERIALS}
    for i, lot in enumerate(lists["lot"]):
        row = i + 2
        materials.cell(row, col["lot"], lot)
        materials.cell(row, col["quantity"], 1)
        materials.cell(row, col["unit"], lists["unit"][i % len(lists["unit"])])
        materials.cell(row, col["transport_mode"], lists["transport_mode"][i % 4])
    energy = wb[names["energy"]]
    header = _header(energy)
    col = {c.key: header[c.fr if lang == "fr" else c.en] for c in ENERGY}
    # energy units for every carrier; the fuels' purchase units (l, m³, kg, t, stère) for a carrier that
    # is bought in them; volumes (m³, l) for water: each drop-down unit is used at least once
    label = {carrier_key(c): c for c in lists["carrier"]}
    energy_units = [u for u in lists["energy_unit"] if u in ("kWh", "MWh", "MJ", "GJ")]
    rows = [(c, energy_units[i % 4]) for i, c in enumerate(lists["carrier"]) if carrier_key(c) != "water"]
    rows += [(label["fuel_oil"], u) for u in ("l", "m³")] + [(label["wood_pellets"], u) for u in ("kg", "t")]
    rows += [(label["wood_logs"], "stère"), (label["water"], "m³"), (label["water"], "l")]
    assert {u for _, u in rows} == set(lists["energy_unit"])
    for i, (carrier, unit) in enumerate(rows):
        energy.cell(i + 2, col["carrier"], carrier)
        energy.cell(i + 2, col["use"], lists["use"][i % len(lists["use"])])
        energy.cell(i + 2, col["quantity"], 100)
        energy.cell(i + 2, col["unit"], unit)
    yes = lists["yes_no"][0]
    _fill_project(wb[names["project"]], {"building_type": lists["building_type"][1], "heat_network": yes,
                                         "climate_zone": "H2d", "method": "re2020", "reference_area": 100},
                  lang)  # fmt: skip
    wb.save(template)

    project = read_project(template)
    notes = [i for i in problems(project) if i.level == "info"]  # each fuel's conversion to kWh, noted
    assert [i for i in problems(project) if i.level != "info"] == []
    assert [i.value for i in notes] == ["l", "m³", "kg", "t", "stère"]
    assert project.building_type == "collective_housing" and project.heat_network is True
    assert project.climate_zone == "H2d" and project.method == "re2020"
    lines = project.lines
    material = lines[lines["kind"] == "material"]
    assert material["lot"].tolist() == [str(n) for n in range(1, 14)]  # the lot number
    assert material["lot_label"].tolist() == LOTS[lang]  # and the label as written
    assert material["valid"].all()
    modes = alias_index(TRANSPORT_MODES)
    assert {modes[squash(m)] for m in material["transport_mode"]} == set(TRANSPORT_MODES)
    energy_lines = lines[lines["kind"] != "material"]
    assert len(energy_lines) == len(rows) and energy_lines["valid"].all()
    assert "water" in set(energy_lines["carrier"])


# ------------------------------------------------------------------------------------ round trips


def test_filled_template_round_trips(template: Path, lang: str) -> None:
    wb = openpyxl.load_workbook(template)
    names = SHEET_NAMES[lang]
    values = {"name": "Maison Dupont", "reference_area": "112,5", "dwellings": 1, "permit_year": 2024,
              "altitude": 350, "attic_area": 0}  # fmt: skip
    _fill_project(wb[names["project"]], values, lang)
    ws = wb[names["materials"]]
    for row in (
        ["M1", LOTS[lang][2], "Voile béton", "12,5", "m3", "beton-c25", 100, 80, None, 0.05],
        ["M2", LOTS[lang][3], "Laine de verre", 120, "m2", "lv-200", None, None, None, None, "Bois", "M1"],
    ):
        ws.append(row)
    ws = wb[names["energy"]]
    ws.append(["E1", "électricité" if lang == "fr" else "electricity", "chauffage" if lang == "fr" else
               "heating", 4200, "kWh/an"])  # fmt: skip
    ws = wb[names["variants"]]
    ws.append(["Base", "Béton"])
    ws.append(["Bois", "Ossature bois"])
    ws = wb[names["factors"]]
    header = _header(ws)
    ws.cell(2, 1, "lv-200")
    ws.cell(2, header["Nom" if lang == "fr" else "Name"], "Laine de verre 200 mm")
    ws.cell(2, header["Unité déclarée" if lang == "fr" else "Declared unit"], "m2")
    ws.cell(2, header["Indicateur" if lang == "fr" else "Indicator"], "GWP-total")
    ws.cell(2, header["A1-A3"], 4.2)
    ws.cell(2, header["C4"], 0.3)
    wb.save(template)

    project = read_project(template)
    assert problems(project) == []
    assert project.name == "Maison Dupont"
    assert project.reference_area == 112.5 and project.dwellings == 1 and project.permit_year == 2024
    assert project.study_period == 50 and project.method == "en15978" and project.replacement_rule == "ceil"
    assert project.altitude == 350 and project.attic_area == 0
    lines = project.lines.set_index("line_id")
    assert list(lines.index) == ["M1", "M2", "E1"]
    assert lines.loc["M1", "quantity"] == 12.5 and lines.loc["M1", "unit"] == "m**3"
    assert lines.loc["M1", "lot"] == "3" and lines.loc["M1", "lot_label"] == LOTS[lang][2]
    assert lines.loc["M1", "service_life"] == 100 and lines.loc["M1", "transport_km"] == 80
    assert lines.loc["M1", "waste_rate"] == 0.05
    assert lines.loc["M2", "unit"] == "m**2" and lines.loc["M2", "variant"] == "Bois"
    assert lines.loc["M2", "replaces"] == ("M1",)
    assert lines.loc["E1", "carrier"] == "electricity" and lines.loc["E1", "use"] == "heating"
    assert lines.loc["E1", "quantity"] == 4200 and lines.loc["E1", "unit"] == "kWh"
    assert [v.name for v in project.variants] == ["Base", "Bois"]
    factors = project.factors
    assert factors is not None and "lv-200" in factors
    values = factors.values.set_index("module")["value"]
    assert values["A1-A3"] == 4.2 and values["C4"] == 0.3


def test_factor_row_without_indicator_is_gwp_total(template: Path, lang: str) -> None:
    wb = openpyxl.load_workbook(template)
    ws = wb[SHEET_NAMES[lang]["factors"]]
    header = _header(ws)
    ws.cell(2, 1, "lv-200")
    ws.cell(2, header["Unité déclarée" if lang == "fr" else "Declared unit"], "m2")
    ws.cell(2, header["A1-A3"], 4.2)
    ws.append([])
    wb[SHEET_NAMES[lang]["materials"]].append(["M1", "4", "Laine", 10, "m2", "lv-200"])
    wb.save(template)
    project = read_project(template)
    assert problems(project) == []
    assert project.factors is not None and project.factors.values["indicator"].tolist() == ["GWP-total"]


MATERIAL_LINES = pd.DataFrame(
    {
        "line_id": ["M1", "M2", "M3"],
        "lot": ["2", "3 Superstructure – maçonnerie", "6"],
        "element": ["Semelles", "=1+1", "Fenêtre PVC"],
        "quantity": [8.0, 24.5, 6.0],
        "unit": ["m3", "m2", "u"],
        "factor_id": ["beton", "bloc", "fenetre"],
        "service_life": [np.nan, 100.0, 30.0],
        "transport_km": [np.nan, 45.0, np.nan],
        "transport_mode": ["", "road", ""],
        "waste_rate": [0.0, 0.05, 0.0],
        "variant": ["", "", "Bois"],
        "replaces": [(), (), ("M2", "M1")],
        "colour": ["", "rouge", ""],
    }
)
ENERGY_LINES = pd.DataFrame(
    {
        "id": ["E1", "E2"],
        "carrier": ["electricity", "eau"],
        "use": ["heating", ""],
        "quantity": [3500, 120],
        "unit": ["kWh", "m3"],
    }
)


def _written(
    tmp_path: Path, lang: str, materials: pd.DataFrame = MATERIAL_LINES, name: str = "filled"
) -> Path:
    path = tmp_path / f"{name}_{lang}.xlsx"
    write_workbook(
        path,
        project={"name": "Immeuble A", "building_type": "collective_housing", "reference_area": 850.0,
                 "dwellings": 12, "heat_network": True, "climate_zone": "H1b", "promoteur": "OPH"},
        materials=materials,
        energy=ENERGY_LINES,
        factors=pd.DataFrame({"factor_id": ["bloc"], "name": ["Bloc béton"], "declared_unit": ["m2"],
                              "A1-A3": [30.0], "C4": [1.5]}),
        variants=pd.DataFrame({"name": ["Base", "Bois"], "description": ["Béton", "=bois"]}),
        lang=lang,
    )  # fmt: skip
    return path


def test_write_workbook_round_trips(tmp_path: Path, lang: str) -> None:
    project = read_project(_written(tmp_path, lang))
    assert problems(project) == []
    assert (project.name, project.building_type, project.reference_area) == (
        "Immeuble A",
        "collective_housing",
        850,
    )
    assert project.dwellings == 12 and project.heat_network is True and project.climate_zone == "H1b"
    assert project.extra == {"promoteur": "OPH"}
    lines = project.lines
    material = lines[lines["kind"] == "material"].reset_index(drop=True)
    for column in ("line_id", "element", "factor_id", "transport_mode", "variant", "replaces"):
        assert material[column].tolist() == MATERIAL_LINES[column].tolist(), column
    assert material["lot_label"].tolist() == MATERIAL_LINES["lot"].tolist()
    assert material["lot"].tolist() == ["2", "3", "6"]
    for column in ("quantity", "service_life", "transport_km", "waste_rate"):
        np.testing.assert_array_equal(material[column], MATERIAL_LINES[column], err_msg=column)
    assert material["unit"].tolist() == ["m**3", "m**2", "piece"]
    assert material["colour"].tolist() == ["", "rouge", ""]
    energy = lines[lines["kind"] != "material"]
    assert energy["line_id"].tolist() == ["E1", "E2"] and energy["kind"].tolist() == ["energy", "water"]
    assert energy["carrier"].tolist() == ["electricity", "water"]
    assert [(v.name, v.description) for v in project.variants] == [("Base", "Béton"), ("Bois", "=bois")]
    assert project.factors is not None and "bloc" in project.factors


def test_lines_read_back_can_be_written_again(tmp_path: Path, lang: str) -> None:
    first = read_project(_written(tmp_path, lang))
    material = first.lines[first.lines["kind"] == "material"]
    again = read_project(_written(tmp_path, lang, material, name="again"))
    columns = ["line_id", "lot", "element", "quantity", "unit", "factor_id", "variant", "replaces"]
    pd.testing.assert_frame_equal(
        again.lines.loc[again.lines["kind"] == "material", columns].reset_index(drop=True),
        material[columns].reset_index(drop=True),
    )


def test_formula_like_text_is_stored_as_text(tmp_path: Path) -> None:
    materials = MATERIAL_LINES.assign(element=["=1+1", "+33 6", "-x"], factor_id=["@SUM(A1)", "a", "b"])
    path = _written(tmp_path, "fr", materials)
    wb = openpyxl.load_workbook(path)
    assert not [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    ws = wb["Matériaux"]
    cell = ws.cell(2, _header(ws)["Désignation"])
    assert cell.value == "=1+1" and cell.data_type == "s"
    lines = read_project(path).lines
    assert lines["element"].tolist()[:3] == ["=1+1", "+33 6", "-x"]
    assert lines["factor_id"].iat[0] == "@SUM(A1)"


def test_unknown_language(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown language 'de'; expected 'fr' or 'en'"):
        write_template(tmp_path / "x.xlsx", lang="de")


@pytest.mark.parametrize("args", [[], ["--lang", "fr"], ["--lang", "en"]])
def test_cli_template(tmp_path: Path, args: list[str]) -> None:
    path = tmp_path / "new.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "lca.cli", "template", str(path), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lang = args[1] if args else "fr"
    assert openpyxl.load_workbook(path).sheetnames == EXPECTED_SHEETS[lang]
    # an empty template reads without error, with the two notes of an unfilled workbook
    issues = read_project(path).issues
    assert [i.level for i in issues] == ["warning", "warning"]
    assert "no inventory or energy line" in issues[0].message and "no reference area" in issues[1].message


def test_long_factor_table_keeps_its_layout(tmp_path: Path) -> None:
    factors = pd.DataFrame(
        {"factor_id": ["F1", "F1"], "module": ["A1-A3", "C4"], "indicator": ["GWP-total"] * 2,
         "value": [10.0, 1.0], "declared_unit": ["kg", "kg"]}
    )  # fmt: skip
    path = tmp_path / "long.xlsx"
    materials = pd.DataFrame({"quantity": [5], "unit": ["kg"], "factor_id": ["F1"]})
    write_workbook(path, project={}, materials=materials, factors=factors, lang="en")
    ws = openpyxl.load_workbook(path)["Factors"]
    assert [c.value for c in ws[1]] == ["Factor id", "Module", "Indicator", "Value", "Declared unit"]
    assert all(c.comment is not None for c in ws[1])
    project = read_project(path)
    assert problems(project) == []
    assert project.factors is not None
    assert project.factors.values["value"].tolist() == [10.0, 1.0]
