"""Tests of the ÖKOBAUDAT CSV importer and of the factor tables built with it.

Expected values are copied by hand from the lines of the official exports named in each test
(``../shared/data/oekobaudat``, spreadsheet row numbers); synthetic CSV text covers edge cases.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lca.datasets import dataset_path
from lca.errors import InputError
from lca.factors import FILE_COLUMNS
from lca.io.oekobaudat import infer_release, read_oekobaudat, write_factor_table

GLULAM_2020 = "8041ec07-5885-40dc-bfc9-190013f6749b"  # Brettschichtholz Nadelholz, generic
TRUCK_2020 = "f54f1e4c-07e2-4045-9f1b-fb28ef8adf13"  # LKW, generic, 1000 kgkm
TRUCK_2024 = "bb74d2a2-249a-4245-a1bb-7bde61f2f613"  # LKW, generic, "1000 t*km"
COPPER_PIPE = "6b2b9708-14d8-4f3a-8a75-0b7481c5e0f8"  # KME, average dataset, rows 2-4
ROOFING = "8d06b1df-e898-4009-adee-57ca44aaafcc"  # BauderTHERMOFOL (average): C2/C3/D in S1, S2


def value(table: pd.DataFrame, factor_id: str, module: str, indicator: str = "GWP-total") -> float:
    rows = table[
        (table["factor_id"] == factor_id) & (table["module"] == module) & (table["indicator"] == indicator)
    ]
    assert len(rows) == 1, rows
    return float(rows["value"].iloc[0])


def has(table: pd.DataFrame, factor_id: str, module: str, indicator: str) -> bool:
    return bool(
        (
            (table["factor_id"] == factor_id)
            & (table["module"] == module)
            & (table["indicator"] == indicator)
        ).any()
    )


def meta(table: pd.DataFrame, factor_id: str) -> pd.Series:
    return table[table["factor_id"] == factor_id].iloc[0]


# --------------------------------------------------------------------------------------------------
# real exports


@pytest.fixture(scope="module")
def obd2020(shared_dir: Path) -> tuple[pd.DataFrame, list]:
    return read_oekobaudat(shared_dir / "data" / "oekobaudat" / "OBD_2020_II.csv")


@pytest.fixture(scope="module")
def obd2024(shared_dir: Path) -> tuple[pd.DataFrame, list]:
    return read_oekobaudat(shared_dir / "data" / "oekobaudat" / "OBD_2024_I_generic_A1-A3.csv")


def test_2020_latin1_semicolon_export(obd2020):
    table, _ = obd2020
    assert list(table.columns) == FILE_COLUMNS
    # rows 2-4: copper pipe, A1-A3 GWP 3.5, C4 0.000949, D -0.729 [kg CO2e/kg]
    assert value(table, COPPER_PIPE, "A1-A3") == 3.5
    assert value(table, COPPER_PIPE, "C4") == 0.000949
    assert value(table, COPPER_PIPE, "D") == -0.729
    assert value(table, COPPER_PIPE, "A1-A3", "EP (A1)") == 0.00103
    assert value(table, COPPER_PIPE, "A1-A3", "ADP-fossil") == 40.6
    copper = meta(table, COPPER_PIPE)
    assert copper["name"] == copper["name_de"] == "Innenverzinnte Kupfer-Hausinstallationsrohre"
    assert copper["category"] == "Metals / Copper / Copper pipes"
    assert copper["data_type"] == "average"
    assert copper["standard"] == "EN 15804+A1"
    assert copper["version"] == "00.03.000"
    assert copper["data_owner"] == "KME"
    assert copper["release"] == "OBD_2020_II"
    assert copper["source"] == "ÖKOBAUDAT OBD_2020_II"
    assert copper["url"].endswith("6b2b9708-14d8-4f3a-8a75-0b7481c5e0f8?version=00.03.000")


def test_empty_cell_is_not_declared_and_zero_is_declared(obd2020):
    table, _ = obd2020
    assert value(table, COPPER_PIPE, "A1-A3", "PERM") == 0.0  # row 2: PERM 0
    assert not has(table, COPPER_PIPE, "C4", "PERM")  # row 3: PERM empty
    assert not has(table, COPPER_PIPE, "A1-A3", "GWP-fossil")  # no A2 values in this dataset


def test_glulam_biogenic_carbon_balances(obd2020):
    table, _ = obd2020
    assert value(table, GLULAM_2020, "A1-A3") == pytest.approx(-590.628898387303)
    assert value(table, GLULAM_2020, "C3") == pytest.approx(904.325170909599)
    glulam = meta(table, GLULAM_2020)
    assert glulam["declared_unit"] == "m**3"
    assert glulam["density"] == glulam["mass_per_unit"] == 515.2
    assert glulam["data_type"] == "generic"


def test_2024_utf8_comma_export_is_a2(obd2024):
    table, _ = obd2024
    assert set(table["data_type"]) == {"generic"}
    assert set(table["standard"]) == {"EN 15804+A2"}
    assert value(table, TRUCK_2024, "A4") == pytest.approx(0.11067136298967)
    assert value(table, TRUCK_2024, "A4", "GWP-fossil") == pytest.approx(0.108027232761419)
    assert value(table, TRUCK_2024, "A4", "ADP-fossil") == pytest.approx(1.42077572365039)
    truck = meta(table, TRUCK_2024)
    assert truck["release"] == "OBD_2024_I"
    assert truck["data_owner"] == "Sphera Solutions GmbH"
    assert truck["name"] == "Truck" and truck["name_de"] == "LKW"


def test_decimal_comma_in_quoted_cell_of_point_decimal_file(obd2024):
    table, _ = obd2024
    heat = "bff1909a-5383-49bb-a450-aa9543e7a9ee"  # row 19: Fernwärme Mix, Bezugsgroesse "3,6" MJ
    district = meta(table, heat)
    assert district["declared_amount"] == 3.6
    assert district["declared_unit"] == "MJ"
    assert value(table, heat, "B6") == pytest.approx(0.253701847920969)
    assert value(table, heat, "B6", "GWP-biogenic") == pytest.approx(0.0017159228336763)
    assert not has(table, heat, "B6", "PM")  # empty in the export


def test_transport_units_in_tkm(obd2020, obd2024):
    t2020, _ = obd2020
    t2024, issues = obd2024
    assert meta(t2020, TRUCK_2020)[["declared_amount", "declared_unit"]].tolist() == [1.0, "tkm"]
    assert value(t2020, TRUCK_2020, "A4") == pytest.approx(0.0896859880375202)
    truck = meta(t2024, TRUCK_2024)
    assert truck[["declared_amount", "declared_unit"]].tolist() == [1.0, "tkm"]
    assert "1000 t*km" in truck["note"]
    assert any(i.level == "warning" and i.row == 12 and "1000 t*km" in i.message for i in issues)


def test_default_scenario_is_first_in_file_order(obd2020):
    table, issues = obd2020
    # rows 8-13: C2 S1 0.0237 / S2 0.00827, C3 S1 0.0123 / S2 4.5, D S1 -3.44 / S2 -1.22
    assert value(table, ROOFING, "C2") == 0.0237
    assert value(table, ROOFING, "C3") == 0.0123
    assert meta(table[table["module"] == "D"], ROOFING)["scenario"] == "S1"
    assert meta(table, ROOFING)["scenario"] != meta(table, ROOFING)["scenario"]  # A1-A3: no scenario
    dropped = [i for i in issues if i.level == "info" and i.row == 9]
    assert len(dropped) == 1
    assert dropped[0].column == "Szenario" and dropped[0].value == "S2"
    assert "kept 'S1'" in dropped[0].message


def test_scenario_overrides(shared_dir: Path):
    path = shared_dir / "data" / "oekobaudat" / "OBD_2020_II.csv"
    table, _ = read_oekobaudat(path, types=["average"], scenarios={ROOFING: {"C3": "S2"}})
    assert value(table, ROOFING, "C3") == 4.5
    assert value(table, ROOFING, "C2") == 0.0237
    table, issues = read_oekobaudat(path, types=["average"], prefer_scenarios=["S2"])
    assert value(table, ROOFING, "D") == -1.22
    table, issues = read_oekobaudat(path, types=["average"], scenarios={ROOFING: {"D": "S9"}})
    assert value(table, ROOFING, "D") == -3.44
    assert any(i.level == "warning" and "'S9'" in i.message for i in issues)


def test_generic_filter(shared_dir: Path):
    path = shared_dir / "data" / "oekobaudat" / "OBD_2020_II.csv"
    table, _ = read_oekobaudat(path, types=["generic dataset"])
    assert set(table["data_type"]) == {"generic"}
    assert table["factor_id"].nunique() == 569  # data README: 569 generic datasets


def test_conversion_factor_read_both_ways(obd2020):
    table, issues = obd2020
    porenbeton = meta(table, "0689d6a3-cd7c-4710-9709-90fe747f60c0")  # factor 550, 550 kg/m³
    assert porenbeton["mass_per_unit"] == 550.0
    fibre = meta(table, "40b5bfc6-83b6-43e3-8852-567822c56729")  # row 173: factor 0.0058, 173 kg/m³
    assert fibre["mass_per_unit"] == 173.0
    assert any(i.row == 173 and i.level == "info" and "units per kg" in i.message for i in issues)
    damper = meta(table, "dcdd5dac-e88b-4679-bcb3-20cb24f081d4")  # pcs., factor 32.07, nothing to check
    assert pd.isna(damper["mass_per_unit"])
    assert "32.07" in damper["note"]
    paving = meta(table, "d4680073-0c9c-40f4-842f-c6830856812c")  # qm, 225 kg/m²
    assert paving[["declared_unit", "area_mass", "mass_per_unit"]].tolist() == ["m**2", 225.0, 225.0]


def test_piece_mass_2024(obd2024):
    table, _ = obd2024
    chiller = meta(table, "cc071698-9d73-4315-b470-e13dfcdba10a")  # Kältemaschine (500kW)
    assert chiller["declared_unit"] == "piece"
    assert chiller["mass_per_unit"] == 36000.0


def test_unreadable_lines_2020(obd2020):
    _, issues = obd2020
    # rows 89-98 and 4283-4285: Bezugsgroesse "not available", no unit
    rows = {i.row for i in issues if i.column == "Bezugsgroesse" and i.level == "warning"}
    assert rows == set(range(89, 99)) | {4283, 4284, 4285}


# --------------------------------------------------------------------------------------------------
# synthetic exports

HEADER = (
    "UUID;Version;Name (de);Name (en);Kategorie (en);Typ;Gueltig bis;URL;Declaration owner;"
    "Bezugsgroesse;Bezugseinheit;Rohdichte (kg/m3);Modul;Szenario;GWP;PERM;GWPtotal (A2);AP (A2)"
)


def write(tmp_path: Path, lines: list[str], name: str = "OBD_2099_II.csv", encoding: str = "latin-1") -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def test_synthetic_decimal_comma_and_empty_vs_zero(tmp_path: Path):
    path = write(
        tmp_path,
        [
            HEADER,
            "u1;01.00.000;Bürostuhl;;'A' / 'B';generic dataset;2030;http://x/u1;Own;1;m3;2,5e2;A1-A3;;1,5;0;;",
            "u1;01.00.000;Bürostuhl;;'A' / 'B';generic dataset;2030;http://x/u1;Own;1;m3;2,5e2;C3;;-0,25;;;",
        ],
    )
    table, issues = read_oekobaudat(path)
    assert value(table, "u1", "A1-A3") == 1.5
    assert value(table, "u1", "C3") == -0.25
    assert value(table, "u1", "A1-A3", "PERM") == 0.0
    assert not has(table, "u1", "C3", "PERM")
    row = meta(table, "u1")
    assert row["name"] == "Bürostuhl"  # Latin-1 decoded
    assert row["density"] == row["mass_per_unit"] == 250.0
    assert row["category"] == "A / B"
    assert row["release"] == "OBD_2099_II"
    assert issues == []


def test_synthetic_utf8_comma_separated(tmp_path: Path):
    lines = [
        HEADER.replace(";", ","),
        'u2,1,Stück,Piece,C,generic dataset,2030,http://x,Own,"3,6",MJ,,B6,,,,0.5,1e-3',
    ]
    table, issues = read_oekobaudat(write(tmp_path, lines, "export.csv", "utf-8"), release="OBD_X")
    assert value(table, "u2", "B6") == 0.5
    assert value(table, "u2", "B6", "AP") == 0.001
    row = meta(table, "u2")
    assert row["name"] == "Piece" and row["name_de"] == "Stück"
    assert row["declared_amount"] == 3.6 and row["standard"] == "EN 15804+A2"
    assert issues == []


def test_synthetic_a2_preferred_over_a1(tmp_path: Path):
    path = write(
        tmp_path,
        [
            HEADER,
            "u3;1;X;;C;generic dataset;;;;1;kg;;A1-A3;;2.0;;2.2;0.01",
            "u3;1;X;;C;generic dataset;;;;1;kg;;C3;;0.5;;;",
        ],
    )
    table, issues = read_oekobaudat(path)
    assert value(table, "u3", "A1-A3") == 2.2
    assert not has(table, "u3", "C3", "GWP-total")  # A1 GWP of an A2 dataset is not mixed in
    assert set(table["standard"]) == {"EN 15804+A2"}
    assert {i.row for i in issues if i.level == "info"} >= {2, 3}


def test_synthetic_unknown_column_and_unreadable_cells(tmp_path: Path):
    header = HEADER + ";Farbe"
    path = write(
        tmp_path,
        [
            header,
            "u4;1;X;;C;generic dataset;;;;1;kg;;A1-A3;;abc;1;;;rot",
            "u4;1;X;;C;generic dataset;;;;1;kg;;C9;;1;1;;;rot",
            "u4;1;X;;C;generic dataset;;;;1;kg;;C3",
            "u5;1;Y;;C;generic dataset;;;;1;Säcke;;A1-A3;;1;1;;;",
        ],
    )
    table, issues = read_oekobaudat(path)
    by_row = {(i.row, i.column): i for i in issues}
    assert by_row[(1, "Farbe")].level == "warning"
    assert "unknown column" in by_row[(1, "Farbe")].message
    assert by_row[(2, "GWP")].value == "abc" and "not a finite number" in by_row[(2, "GWP")].message
    assert "unknown module 'C9'" in by_row[(3, "Modul")].message
    assert "fields" in by_row[(4, None)].message
    message = by_row[(5, "Bezugseinheit")].message
    assert message.startswith("dataset 'u5': declared unit 'Säcke' not understood (")
    assert all(i.level == "warning" and i.sheet is None for i in issues)
    assert table["factor_id"].unique().tolist() == ["u4"]
    assert value(table, "u4", "A1-A3", "PERM") == 1.0
    assert not has(table, "u4", "A1-A3", "GWP-total")


def test_synthetic_scenario_without_name_wins(tmp_path: Path):
    path = write(
        tmp_path,
        [
            HEADER,
            "u6;1;X;;C;generic dataset;;;;1;kg;;D;energetisch;-1;;;",
            "u6;1;X;;C;generic dataset;;;;1;kg;;D;;-2;;;",
            "u6;1;X;;C;generic dataset;;;;1;kg;;D;stofflich;-3;;;",
        ],
    )
    table, issues = read_oekobaudat(path)
    assert value(table, "u6", "D") == -2
    assert pd.isna(meta(table, "u6")["scenario"])
    assert sorted(i.value for i in issues if i.level == "info") == ["energetisch", "stofflich"]
    table, _ = read_oekobaudat(path, prefer_scenarios=["stofflich", "energetisch"])
    assert value(table, "u6", "D") == -3
    assert meta(table, "u6")["scenario"] == "stofflich"


def test_not_an_export_raises(tmp_path: Path):
    path = write(tmp_path, ["name;quantity;unit", "Beton;3;m3"], "inventory.csv")
    with pytest.raises(InputError, match=r"not an ÖKOBAUDAT CSV export: missing columns \['UUID'"):
        read_oekobaudat(path)
    with pytest.raises(InputError, match="empty file"):
        read_oekobaudat(write(tmp_path, [""], "empty.csv"))


def test_release_from_file_name():
    assert infer_release("OBD_2020_II.csv") == "OBD_2020_II"
    assert infer_release("OBD_2024_I_generic_A1-A3.csv") == "OBD_2024_I"
    assert infer_release("export.csv") is None


def test_write_factor_table_round_trip(tmp_path: Path):
    lines = [HEADER, "u7;1;X;;C;generic dataset;;;;1;kg;;A1-A3;;1.25;;;"]
    table, _ = read_oekobaudat(write(tmp_path, lines))
    out = write_factor_table(table, tmp_path / "t.csv.gz")
    again = pd.read_csv(out, dtype={"version": str})
    assert list(again.columns) == FILE_COLUMNS
    assert again["value"].tolist() == [1.25]
    first = out.read_bytes()
    assert write_factor_table(table, out).read_bytes() == first  # no time stamp in the gzip header


# --------------------------------------------------------------------------------------------------
# shipped tables (no shared folder needed)

SHIPPED = [
    "oekobaudat_2020_II_generic.csv.gz",
    "oekobaudat_2024_I_generic_A1-A3.csv.gz",
    "transport.csv",
]


@pytest.fixture(scope="module", params=SHIPPED)
def shipped(request) -> pd.DataFrame:
    return pd.read_csv(dataset_path("factors", request.param), dtype={"version": str})


def test_shipped_provenance_on_every_row(shipped: pd.DataFrame):
    assert list(shipped.columns) == FILE_COLUMNS
    for column in ("factor_id", "source", "source_id", "version", "release", "data_owner", "url", "licence"):
        assert shipped[column].notna().all(), column
    assert (shipped["factor_id"] == shipped["source_id"]).all()
    assert set(shipped["data_type"]) == {"generic"}
    assert shipped["value"].notna().all()
    assert not shipped.duplicated(["factor_id", "module", "indicator"]).any()


def test_shipped_2020_timber_balances():
    table = pd.read_csv(dataset_path("factors", "oekobaudat_2020_II_generic.csv.gz"))
    assert value(table, GLULAM_2020, "A1-A3") == pytest.approx(-590.6, abs=0.05)
    assert value(table, GLULAM_2020, "C3") == pytest.approx(904.3, abs=0.05)
    gwp = table[table["indicator"] == "GWP-total"].pivot_table(
        index="factor_id", columns="module", values="value"
    )
    negative = gwp[gwp["A1-A3"] < -1]
    assert len(negative) > 10
    assert (negative["C3"] > 0).all()


def test_shipped_2024_says_modules_are_missing():
    table = pd.read_csv(dataset_path("factors", "oekobaudat_2024_I_generic_A1-A3.csv.gz"))
    assert table["note"].str.contains("missing, not zero").all()
    a13 = table[(table["module"] == "A1-A3") & (table["indicator"] == "GWP-biogenic")]
    fossil = table[(table["module"] == "A1-A3") & (table["indicator"] == "GWP-fossil")]
    share = a13.set_index("factor_id")["value"] / fossil.set_index("factor_id")["value"].abs()
    assert (share.dropna() >= -0.05).all()  # bio-based products without C modules are left out


def test_shipped_transport():
    table = pd.read_csv(dataset_path("factors", "transport.csv"))
    assert {"road", "rail"} <= set(table["transport_mode"])
    assert set(table["transport_mode"]) <= {"road", "rail", "inland_ship", "sea_ship"}
    assert set(table["module"]) == {"A4"} and set(table["declared_unit"]) == {"tkm"}
    assert table.groupby("transport_mode")["factor_id"].nunique().eq(1).all()
    road = table[(table["transport_mode"] == "road") & (table["indicator"] == "GWP-total")]
    assert road["value"].tolist() == pytest.approx([0.0896859880375202])
    assert road["factor_id"].tolist() == [TRUCK_2020]
    assert table["note"].str.contains("per t·km").all()
