"""Hostile and broken files (issue 10): each case ends in results or in a clear message naming the
file (and sheet/row/column), within bounded time and memory, and nothing is cut without an issue.

Every file is generated in ``tmp_path``; the bombs are built by streaming, never stored in the repository.
"""

from __future__ import annotations

import gzip
import json
import math
import time
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import lca
from lca.errors import InputError, LCAError
from lca.factors import read_factors
from lca.io.tabular import parse_numbers, read_sheets
from lca.limits import MAX_ROWS, MAX_SHEET_CELLS, MAX_SHEETS, MAX_TEXT_BYTES, MAX_UNZIPPED_BYTES
from tests.io.hostile import ods_row, row, run_cli, write_ods, write_xlsx

GIB = 2**30
HEADER = ["id", "quantité", "unité", "id fiche"]


def factors_csv(folder: Path, rows: list[str] | None = None) -> Path:
    """A small factor table in the lca file layout: f-kg (1 kg: 2 kg CO2e in A1-A3, lasts 100 years)."""
    path = folder / "factors.csv"
    body = rows if rows is not None else ["f-kg,A1-A3,GWP-total,2,kg,1,100"]
    header = "factor_id,module,indicator,value,declared_unit,declared_amount,service_life\n"
    path.write_text(header + "\n".join(body) + "\n")
    return path


def workbook(path: Path, materials: list[list[object]], **sheets: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Matériaux"
    for values in [HEADER, *materials]:
        sheet.append(values)
    for name, rows in sheets.items():
        extra = book.create_sheet(name)
        for values in rows:
            extra.append(values)
    book.save(path)
    return path


def messages(issues) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.message for i in issues]


# ------------------------------------------------------------------------------- memory and time bombs


def test_one_cell_at_xfd1048576_is_refused_before_any_allocation(tmp_path: Path) -> None:
    book = workbook(tmp_path / "far.xlsx", [["L1", 2, "kg", "f-kg"]])
    loaded = openpyxl.load_workbook(book)
    loaded["Matériaux"]["XFD1048576"] = 1
    loaded.save(book)
    assert book.stat().st_size < 10_000
    code, _, err, measures = run_cli(
        ["run", book, "--no-default-factors", "--factors", factors_csv(tmp_path), "--format", "json"],
        tmp_path,
    )
    assert code == 2, err
    assert "far.xlsx" in err and "sheet 'Matériaux'" in err
    assert "1,048,576 rows x 16,384 columns = 17,179,869,184 cells" in err
    assert f"more than the {MAX_SHEET_CELLS:,} cells read from a sheet (MAX_SHEET_CELLS)" in err
    assert "Traceback" not in err
    assert measures["seconds"] < 20 and measures["peak"] < GIB


def test_one_cell_at_xfd10000_beside_a_good_sheet_leaves_that_sheet_out_with_an_issue(tmp_path: Path) -> None:
    good = [row(1, HEADER), row(2, ["L1", 2, "kg", "f-kg"])]
    stray = [row(1, ["note"]), '<row r="10000"><c r="XFD10000"><v>1</v></c></row>']
    book = write_xlsx(tmp_path / "stray.xlsx", {"Matériaux": good, "Notes": stray})
    code, out, err, measures = run_cli(
        ["run", book, "--no-default-factors", "--factors", factors_csv(tmp_path), "--format", "json"],
        tmp_path,
    )
    assert code == 3, err  # computed, with an error-level issue
    result = json.loads(out)
    assert result["variants"][0]["total"]["GWP-total"] == 4.0  # 2 kg x 2 kg CO2e/kg
    (issue,) = [i for i in result["issues"] if i["sheet"] == "Notes"]
    assert issue["file"].endswith("stray.xlsx") and issue["level"] == "error"
    assert "10,000 rows x 16,384 columns = 163,840,000 cells" in issue["message"]
    assert measures["seconds"] < 20 and measures["peak"] < GIB


def test_rows_past_max_rows_are_cut_with_an_issue_naming_the_option(tmp_path: Path) -> None:
    rows = [row(1, HEADER), *(row(i, [f"L{i}", 1, "kg", "f-kg"]) for i in range(2, 302))]
    book = write_xlsx(tmp_path / "long.xlsx", {"Matériaux": rows})
    code, out, err, _ = run_cli(
        ["run", book, "--no-default-factors", "--factors", factors_csv(tmp_path), "--format", "json",
         "--max-rows", "101"],
        tmp_path,
    )  # fmt: skip
    assert code == 3, err
    result = json.loads(out)
    assert result["variants"][0]["lines"] == {"count": 100, "computed": 100, "rejected": 0}
    assert result["variants"][0]["total"]["GWP-total"] == 200.0
    (cut,) = [i for i in result["issues"] if "not read" in i["message"]]
    assert cut["sheet"] == "Matériaux" and cut["row"] == 102
    assert cut["message"] == (
        "rows 102 to 301 are not read: at most 101 rows are read from a sheet or file (MAX_ROWS); raise "
        "the limit with --max-rows 301 (max_rows= in Python) or split it"
    )


def test_same_cut_in_python_and_the_whole_sheet_with_a_larger_limit(tmp_path: Path) -> None:
    rows = [row(1, HEADER), *(row(i, [f"L{i}", 1, "kg", "f-kg"]) for i in range(2, 52))]
    book = write_xlsx(tmp_path / "long.xlsx", {"Matériaux": rows})
    short = lca.read_project(book, max_rows=11)
    assert len(short.lines) == 10 and short.lines["line_id"].iloc[-1] == "L11"
    assert any("rows 12 to 51 are not read" in m for m in messages(short.issues))
    full = lca.read_project(book, max_rows=51)
    assert len(full.lines) == 50 and not any("not read" in m for m in messages(full.issues))


@pytest.mark.slow
def test_two_million_rows_read_bounded(tmp_path: Path) -> None:
    """2.1 M rows (11 MB on disk, 206 MiB of XML): the first MAX_ROWS are read, the rest reported."""
    block = "".join(row(None, [1, "kg", "f-kg"]) + row(None, [2, "kg", "f-kg"]) for _ in range(5_000))
    rows = [row(1, ["quantité", "unité", "id fiche"]), *([block] * 210)]
    book = write_xlsx(tmp_path / "rows.xlsx", {"Matériaux": rows}, level=1)
    code, out, err, measures = run_cli(
        ["run", book, "--no-default-factors", "--factors", factors_csv(tmp_path), "--format", "json"],
        tmp_path,
        timeout=120,
    )
    assert code == 3, err
    result = json.loads(out)
    assert result["variants"][0]["lines"]["count"] == MAX_ROWS - 1
    # rows 2..200,000: 100,000 lines of 1 kg and 99,999 of 2 kg, at 2 kg CO2e/kg
    assert result["variants"][0]["total"]["GWP-total"] == 599_996.0
    assert any(f"rows {MAX_ROWS + 1} to 2100001 are not read" in i["message"] for i in result["issues"])
    assert measures["seconds"] < 20 and measures["peak"] < GIB, measures
    print(f"2.1 M rows: {measures['seconds']:.1f} s, peak {measures['peak'] / 2**20:.0f} MiB")


def test_highly_compressed_sheet_is_refused_as_a_zip_bomb(tmp_path: Path) -> None:
    block = (row(None, [1, "kg", "f-kg"]) * 10_000).encode()
    book = write_xlsx(tmp_path / "bomb.xlsx", {"Matériaux": [row(1, HEADER), *([block] * 60)]})
    member = zipfile.ZipFile(book).getinfo("xl/worksheets/sheet1.xml")
    assert member.file_size / member.compress_size > 250
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"unpacks \d+ times larger than stored .* \(MAX_ZIP_RATIO\)") as err:
        read_sheets(book)
    assert err.value.file == str(book)
    assert time.perf_counter() - started < 2


def test_zip_bomb_larger_than_the_unpacked_limit_is_refused_from_the_directory(tmp_path: Path) -> None:
    """1.1 GB of sheet XML in a 1 MB file: refused from the sizes in the zip directory, nothing unpacked."""
    spaces = b" " * 2**20
    book = write_xlsx(tmp_path / "big.xlsx", {"Matériaux": [row(1, HEADER), *([spaces] * 1100)]}, level=9)
    assert book.stat().st_size < 3 * 2**20
    code, _, err, measures = run_cli(["run", book, "--format", "json"], tmp_path)
    assert code == 2
    assert f"unpacks to 1,100 MiB, more than {MAX_UNZIPPED_BYTES // 2**20} MiB (MAX_UNZIPPED_BYTES)" in err
    assert "big.xlsx" in err and measures["peak"] < GIB and measures["seconds"] < 20


def test_gzip_bomb_factor_table_is_refused_after_max_text_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bomb.csv.gz"
    line = b"f-kg,A1-A3,GWP-total,2,kg,1\n" * 40_000
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(b"factor_id,module,indicator,value,declared_unit,declared_amount\n")
        for _ in range(MAX_TEXT_BYTES // len(line) + 20):
            out.write(line)
    assert path.stat().st_size < 4 * 2**20
    book = workbook(tmp_path / "p.xlsx", [["L1", 2, "kg", "f-kg"]])
    code, _, err, measures = run_cli(["run", book, "--factors", path], tmp_path)
    assert code == 2
    assert (
        "bomb.csv.gz: the text is larger than 256 MiB (MAX_TEXT_BYTES) once unpacked; split the file" in err
    )
    assert measures["peak"] < GIB and measures["seconds"] < 20


def test_ods_rows_beyond_max_rows_are_reported(tmp_path: Path) -> None:
    rows = ods_row(HEADER) + ods_row(["L", 1, "kg", "f-kg"], repeat=1_100_000)
    book = write_ods(tmp_path / "long.ods", {"Matériaux": rows})
    sheets = read_sheets(book, max_rows=1000)
    assert len(sheets["Matériaux"]) == 1000
    (cut,) = sheets.issues
    assert cut.message.startswith("rows 1001 to 1100001 are not read: at most 1,000 rows")


def test_ods_content_past_the_formats_last_row_is_reported(tmp_path: Path) -> None:
    """The ODS reader stops at row 1,048,576; a cell beyond it is reported, never dropped silently."""
    gap = '<table:table-row table:number-rows-repeated="1048580"><table:table-cell/></table:table-row>'
    rows = ods_row(HEADER) + ods_row(["L1", 1, "kg", "f-kg"]) + gap + ods_row(["far", 2, "kg", "f-kg"])
    book = write_ods(tmp_path / "far.ods", {"Matériaux": rows})
    sheets = read_sheets(book, max_rows=2_000_000)
    (cut,) = sheets.issues
    assert cut.message.startswith("rows 1048577 to 1048583 are not read: they are beyond the last row")


def test_ods_table_too_wide_is_refused_before_the_reader_loads_it(tmp_path: Path) -> None:
    wide = (
        '<table:table-row table:number-rows-repeated="5000"><table:table-cell office:value-type="float" '
        'office:value="1" table:number-columns-repeated="16384"/></table:table-row>'
    )
    book = write_ods(tmp_path / "wide.ods", {"Matériaux": ods_row(HEADER) + wide})
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"5,001 rows x 16,384 columns = 81,936,384 cells") as err:
        read_sheets(book)
    assert err.value.sheet == "Matériaux" and time.perf_counter() - started < 5


def test_sheets_after_the_64th_are_listed_in_an_issue(tmp_path: Path) -> None:
    sheets = {f"Notes {k}": [row(1, ["x"])] for k in range(1, 67)}
    sheets = {"Matériaux": [row(1, HEADER), row(2, ["L1", 1, "kg", "f-kg"])], **sheets}
    sheets["Énergie"] = [row(1, ["vecteur", "quantité", "unité"]), row(2, ["électricité", 1000, "kWh"])]
    book = write_xlsx(tmp_path / "many.xlsx", sheets)
    project = lca.read_project(book)
    (issue,) = [i for i in project.issues if "MAX_SHEETS" in i.message]
    assert issue.level == "error" and issue.file == str(book)
    assert issue.message.startswith(
        f"4 sheets after the {MAX_SHEETS}th are not read (MAX_SHEETS): 'Notes 64',"
    )
    assert "'Énergie'" in issue.message


# ---------------------------------------------------------------------------------------- CSV files


def test_csv_folder_with_cr_only_line_ends(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "Materiaux.csv").write_bytes(b"id;quantite;unite;id fiche\rL1;2;kg;f-kg\rL2;3,5;kg;f-kg\r")
    project = lca.read_project(folder)
    assert project.lines["quantity"].tolist() == [2.0, 3.5]
    results = lca.compute(
        project, factors_csv(tmp_path) and read_factors(factors_csv(tmp_path))[0], defaults=False
    )
    assert results.total().iloc[0]["GWP-total"] == pytest.approx(11.0)


def test_csv_cell_longer_than_the_field_limit_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "Materiaux.csv").write_text("id;quantite;unite\nL1;2;kg\nL2;" + "9" * 140_000 + ";kg\n")
    with pytest.raises(InputError, match=r"longer than 131,072 characters \(MAX_CSV_FIELD_CHARS\)") as err:
        lca.read_project(folder)
    assert err.value.file == str(folder / "Materiaux.csv") and err.value.row == 3


def test_csv_cell_longer_than_excel_allows_is_cut_with_an_issue(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "Materiaux.csv").write_text("id;quantite;unite;note\nL1;2;kg;" + "x" * 40_000 + "\n")
    project = lca.read_project(folder)
    assert len(project.lines["note"].iloc[0]) == 32_767
    (issue,) = [i for i in project.issues if "MAX_CELL_CHARS" in i.message]
    assert issue.row == 2 and "1 cell longer than 32,767 characters" in issue.message
    assert "it is in column 4" in issue.message


def test_factor_csv_in_cp1252_is_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "fdes.csv"
    text = (
        "factor_id;module;value;declared_unit;name\nbéton-1;A1-A3;250,5;m³;Béton prêt à l’emploi – C25/30\n"
    )
    path.write_bytes(text.encode("cp1252"))
    table, issues = read_factors(path)
    assert table.meta.loc["béton-1", "name"] == "Béton prêt à l’emploi – C25/30"
    assert table.meta.loc["béton-1", "declared_unit"] == "m**3"
    assert table.values["value"].tolist() == [250.5]
    (note,) = issues
    assert note.level == "info" and note.file == str(path)
    assert note.message == (
        "the file is not UTF-8 (line 2 is not); it is read as Windows-1252 (cp1252): check the accents, "
        "or save it again as CSV UTF-8"
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.csv", b"", "the file is empty; expected a header row"),
        ("blank.csv", b"\n \n", "the file is empty; expected a header row"),
        ("fake.csv.gz", b"factor_id,module\nf,A1-A3\n", r"cannot unpack the file .*remove the \.gz"),
        (
            "quote.csv",
            b'factor_id,module,indicator,value,declared_unit\nf1,A1-A3,GWP-total,1,kg\n"f2,A1-A3,GWP-total,2,kg\n',
            r"cannot read the CSV file \(.*EOF inside string.*\); check the quotes",
        ),
        ("nul.csv", b"factor_id;value\nf\x00;1\n" + b"\xff" * 3, None),
    ],
)
def test_broken_factor_csv_files_end_in_a_clear_message(
    tmp_path: Path, name: str, content: bytes, expected
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(content)
    if expected is None:  # readable after all: results and issues, no crash
        try:
            read_factors(path)
        except LCAError as err:
            assert err.file == str(path)
        return
    with pytest.raises(InputError, match=expected) as err:
        read_factors(path)
    assert err.value.file == str(path)


def test_broken_factor_files_through_the_cli_exit_2_without_traceback(tmp_path: Path) -> None:
    book = workbook(tmp_path / "p.xlsx", [["L1", 2, "kg", "f-kg"]])
    (tmp_path / "empty.csv").write_bytes(b"")
    code, _, err, _ = run_cli(["run", book, "--factors", tmp_path / "empty.csv"], tmp_path)
    assert code == 2 and "Traceback" not in err
    assert "empty.csv: the file is empty" in err


# ------------------------------------------------------------------------------------- silent drops


def test_every_row_left_out_of_a_factor_file_is_reported(tmp_path: Path) -> None:
    path = factors_csv(
        tmp_path,
        [
            "f-kg,A1-A3,GWP-total,2,kg,1,100",
            "f-zero,A1-A3,GWP-total,2,kg,0",  # declared_amount 0
            "f-nounit,A1-A3,GWP-total,2,,1",  # no declared unit
            "f-kg,A9,GWP-total,3,kg,1",  # unknown module
            "f-kg,C3,GWP-total,lots,kg,1",  # not a number
            "f-kg,C4,GWP-total,inf,kg,1",  # not finite
            "f-kg,D,GWP-total,1e300,kg,1",  # beyond MAX_FACTOR_VALUE
            ",A1-A3,GWP-total,2,kg,1",  # no factor_id
            "f-unit,A1-A3,GWP-total,2,10**10**10,1",  # a unit bomb
        ],
    )
    table, issues = read_factors(path)
    assert list(table.meta.index) == ["f-kg"]
    assert table.values[["module", "value"]].values.tolist() == [["A1-A3", 2.0]]
    found = {(i.row, i.column): (i.level, i.message) for i in issues}
    assert found[(3, "declared_amount")] == (
        "error",
        "declared_amount must be > 0 and at most 1,000,000,000 (MAX_FACTOR_PROPERTY); the factor is left out",
    )
    assert found[(4, "declared_unit")][1].startswith("the factor has no declared_unit")
    assert found[(5, "module")][1].startswith("unknown module 'A9'; expected one of A1-A3")
    assert found[(6, "value")][1].startswith("value is not a finite number")
    assert found[(7, "value")][1].startswith("value is not a finite number")
    assert found[(8, "value")][1] == (
        "value is larger than 1,000,000,000,000 in absolute value (MAX_FACTOR_VALUE); this value is left out"
    )
    assert found[(9, "factor_id")][1] == "the row has no factor_id; it is left out"
    assert found[(10, "declared_unit")][1].startswith("unknown unit '10**10**10': numbers are not units")
    assert len(issues) == 8


def test_overflowing_quantity_is_rejected_with_an_issue(tmp_path: Path) -> None:
    """1e306 t against a kg factor: refused by MAX_QUANTITY when read, by the engine when built in code."""
    table = read_factors(factors_csv(tmp_path))[0]
    book = workbook(tmp_path / "p.xlsx", [["L1", 1e306, "t", "f-kg"], ["L2", 1, "t", "f-kg"]])
    results = lca.compute(lca.read_project(book), table, defaults=False)
    counts = results.line_counts.iloc[0]
    assert (counts["count"], counts["computed"], counts["rejected"]) == (2, 1, 1)
    (error,) = results.errors
    assert (error.row, error.column) == (2, "quantité")
    assert error.message.startswith("'quantité' 1e+306 is larger than 1,000,000,000 (MAX_QUANTITY)")
    built = lca.Project().with_lines(
        pd.DataFrame(
            {"line_id": ["L1", "L2"], "quantity": [1e306, 1.0], "unit": ["t", "t"], "factor_id": "f-kg"}
        )
    )
    results = lca.compute(built, table, defaults=False)
    assert results.line_counts.iloc[0][["computed", "rejected"]].tolist() == [1, 1]
    assert "is too large to convert into the factor's declared unit" in results.errors[0].message
    assert results.total().iloc[0]["GWP-total"] == 2000.0


# ---------------------------------------------------------------------------------- non-finite inputs


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("quantité", 1e308, "'quantité' 1e+308 is larger than 1,000,000,000 (MAX_QUANTITY)"),
        ("distance", 1e308, "'distance' 1e+308 is out of range; expected 0 to 40,000 km (MAX_DISTANCE_KM"),
        (
            "taux de chute",
            1e308,
            "'taux de chute' 1e+308% is out of range; expected 0 to 100 % (MAX_WASTE_RATE)",
        ),
        (
            "taux de chute",
            "150 %",
            "'taux de chute' 150% is out of range; expected 0 to 100 % (MAX_WASTE_RATE)",
        ),
        (
            "durée de vie",
            1e308,
            "'durée de vie' 1e+308 is out of range; expected 1 to 1,000 years (MIN_SERVICE_LIFE,",
        ),
        (
            "durée de vie",
            1e-300,
            "'durée de vie' 1e−300 is out of range; expected 1 to 1,000 years (MIN_SERVICE_LIFE,",
        ),
    ],
)
def test_huge_line_inputs_are_refused_with_the_limit_named(
    tmp_path: Path, column: str, value, message: str
) -> None:  # type: ignore[no-untyped-def]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Matériaux"
    sheet.append(["id", "quantité", "unité", "id fiche", column if column != "quantité" else "note"])
    sheet.append(
        ["L1", value if column == "quantité" else 2, "kg", "f-kg", None if column == "quantité" else value]
    )
    sheet.append(["L2", 1, "kg", "f-kg", None])
    book.save(tmp_path / "p.xlsx")
    results = lca.compute(
        lca.read_project(tmp_path / "p.xlsx"), read_factors(factors_csv(tmp_path))[0], defaults=False
    )
    (error,) = results.errors
    assert error.row == 2 and error.message.startswith(message)
    assert results.line_counts.iloc[0][["computed", "rejected"]].tolist() == [1, 1]
    assert math.isfinite(results.total().iloc[0]["GWP-total"])
    assert json.loads(results.to_json())["variants"][0]["total"]["GWP-total"] == 2.0


def test_hundred_percent_is_one_hundred_percent(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Matériaux"
    for values in (["id", "quantité", "unité", "taux de chute"],
                   ["a", 1, "kg", "100 %"], ["b", 1, "kg", "5%"],
                   ["c", 1, "kg", 5], ["d", 1, "kg", 0.05], ["e", 1, "kg", "5"]):  # fmt: skip
        sheet.append(values)
    book.save(tmp_path / "p.xlsx")
    project = lca.read_project(tmp_path / "p.xlsx")
    np.testing.assert_allclose(project.lines["waste_rate"], [1.0, 0.05, 0.05, 0.05, 0.05])


@pytest.mark.parametrize(
    ("text", "number"),
    [("1,5", 1.5), ("1 234,5", 1234.5), ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("1,234,567", 1234567.0),
     ("1.234.567", 1234567.0), ("−3", -3.0), ("1,2,3", None), ("1.2.3", None), ("inf", None), ("nan", None),
     ("1e999", None), ("-1e400", None), ("12,34,567", None)],
)  # fmt: skip
def test_numbers_typed_as_text(text: str, number: float | None) -> None:
    values, bad = parse_numbers(pd.Series([text], dtype=object))
    if number is None:
        assert bad[0] and np.isnan(values[0])
    else:
        assert not bad[0] and values[0] == number


def test_non_finite_numeric_cells_are_bad_not_infinite() -> None:
    values, bad = parse_numbers(pd.Series([1.0, np.inf, -np.inf, np.nan]))
    assert bad.tolist() == [False, True, True, False]
    assert np.isnan(values[1:]).all()


@pytest.mark.parametrize("period", ["nan", "inf", "-1", "1e308"])
def test_period_must_be_finite_and_bounded(tmp_path: Path, period: str) -> None:
    book = workbook(tmp_path / "p.xlsx", [["L1", 2, "kg", "f-kg"]])
    code, out, err, _ = run_cli(
        ["run", book, "--no-default-factors", "--factors", factors_csv(tmp_path), f"--period={period}"],
        tmp_path,
    )
    assert code == 2 and out == ""
    assert "study period must be > 0 years and at most 1000 (MAX_STUDY_PERIOD)" in err


def test_study_period_in_the_project_sheet_is_bounded(tmp_path: Path) -> None:
    book = workbook(tmp_path / "p.xlsx", [["L1", 2, "kg", "f-kg"]], Projet=[["study period", 1e308]])
    project = lca.read_project(book)
    (issue,) = [i for i in project.issues if i.sheet == "Projet" and i.row == 1]
    assert issue.row == 1 and "must be at most 1,000 years (MAX_STUDY_PERIOD)" in issue.message
    assert project.study_period == 50.0


# ---------------------------------------------------------------------------------------- crashes


def test_blank_declared_unit_in_the_factors_sheet_gives_json(tmp_path: Path) -> None:
    book = workbook(
        tmp_path / "p.xlsx",
        [["L1", 2, "kg", "myf"]],
        Facteurs=[["id fiche", "A1-A3", "unité déclarée"], ["myf", 1.5, None], ["other", 2.0, "kg"]],
    )
    code, out, err, _ = run_cli(["run", book, "--no-default-factors", "--format", "json"], tmp_path)
    assert code == 3, err
    issues = json.loads(out)["issues"]
    blank = [i for i in issues if i["sheet"] == "Facteurs"]
    assert blank == [
        {
            "level": "error",
            "message": "factor 'myf' has no declared unit; give declared_unit (m3, m2, kg, u, kWh...) — the "
            "factor is left out",
            "sheet": "Facteurs",
            "row": 2,
            "column": "unité déclarée",
            "value": None,
            "line_id": None,
            "file": str(book),
        }
    ]


def test_units_in_the_materials_sheet_are_parsed_bounded(tmp_path: Path) -> None:
    bombs = ["1/0", "kg*(", "*".join(["m"] * 2000), "10**10**10", "k" * 32_767]
    book = workbook(tmp_path / "p.xlsx", [[f"L{k}", 1, unit, "f-kg"] for k, unit in enumerate(bombs)])
    started = time.perf_counter()
    project = lca.read_project(book)
    assert time.perf_counter() - started < 5
    found = {i.line_id: i for i in project.issues}
    assert found["L0"].message.startswith("unknown unit '1/0': numbers are not units;")
    assert found["L1"].message.startswith("unknown unit 'kg*(': the spelling is incomplete;")
    assert found["L2"].message.startswith(
        "unknown unit 'm*m*m*m*m*m*m*m*m*m*m*m*m*m*m*m*m*m*m...': longer than 40"
    )
    assert found["L3"].message.startswith("unknown unit '10**10**10': numbers are not units;")
    assert "(MAX_UNIT_CHARS)" in found["L4"].message and len(str(found["L4"].value)) <= 40
    assert not project.lines["valid"].any()


def test_factor_csv_rows_past_max_rows_are_reported(tmp_path: Path) -> None:
    path = factors_csv(tmp_path, [f"f{k},A1-A3,GWP-total,{k},kg,1,50" for k in range(30)])
    table, issues = read_factors(path, max_rows=10)
    assert list(table.meta.index) == [f"f{k}" for k in range(10)]
    (cut,) = issues
    assert (cut.file, cut.row) == (str(path), 12)
    assert cut.message.startswith("rows 12 to 31 are not read: at most 10 rows are read from a sheet or file")
    lenient = tmp_path / "fdes.csv"
    lenient.write_text("id fiche;A1-A3;unité\n" + "".join(f"f{k};{k};kg\n" for k in range(30)))
    table, issues = read_factors(lenient, max_rows=10)
    assert len(table) == 10 and issues[0].message.startswith("rows 12 to 31 are not read")


def test_excel_error_cells_are_read_as_empty_with_a_warning(tmp_path: Path) -> None:
    rows = [row(1, HEADER), row(2, ["L1", 2, "kg", "f-kg"]),
            '<row r="3"><c r="A3" t="inlineStr"><is><t>L2</t></is></c><c r="B3" t="e"><v>#N/A</v></c></row>',
            '<row r="4"><c r="B4" t="e"><v>#DIV/0!</v></c></row>']  # fmt: skip
    book = write_xlsx(tmp_path / "errors.xlsx", {"Matériaux": rows})
    project = lca.read_project(book)
    (warning,) = [i for i in project.issues if "Excel error" in i.message]
    assert (warning.sheet, warning.row, warning.level) == ("Matériaux", 3, "warning")
    assert warning.message.startswith("2 cells hold an Excel error such as #N/A or #DIV/0! (the first in B3)")
    (empty,) = [i for i in project.issues if i.line_id == "L2"]
    assert empty.message.startswith("quantity is empty")


def test_tiny_conversion_properties_and_service_lives_of_factors_are_ignored_with_a_warning(
    tmp_path: Path,
) -> None:
    """A density of 1e-300 would make 1 kg into 1e300 m³, a service life of 1e-9 years 1e12 replacements."""
    path = tmp_path / "f.csv"
    path.write_text(
        "factor_id,module,indicator,value,declared_unit,declared_amount,density,service_life\n"
        "f-m3,A1-A3,GWP-total,300,m3,1,1e-300,1e-9\n"
        "f-ok,A1-A3,GWP-total,300,m3,1,2400,50\n"
    )
    table, issues = read_factors(path)
    assert np.isnan(table.meta.loc["f-m3", ["density", "service_life"]].astype(float)).all()
    assert table.meta.loc["f-ok", "density"] == 2400.0
    assert [(i.row, i.column, i.message) for i in issues] == [
        (2, "density", "'density' 1e−300 is out of range; expected 1e−9 to 1,000,000,000 "
         "(MAX_FACTOR_PROPERTY) — ignored"),
        (2, "service_life", "'service_life' 1e−9 is out of range; expected 1 to 1,000 years "
         "(MIN_SERVICE_LIFE, MAX_SERVICE_LIFE) — ignored"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("key", "value"), [("logements", 1e308), ("logements", -3), ("année du permis", 1e308)]
)
def test_whole_numbers_of_the_project_sheet_are_bounded(tmp_path: Path, key: str, value: float) -> None:
    """Found by the long fuzz run: 1e308 dwellings became a 309-digit integer, written to the report as a
    number that reads back as infinity."""
    book = workbook(tmp_path / "p.xlsx", [["L1", 2, "kg", "f-kg"]], Projet=[[key, value]])
    project = lca.read_project(book)
    (issue,) = [i for i in project.issues if i.sheet == "Projet" and i.row == 1]
    assert issue.message.startswith("expected a whole number from ")
    assert project.dwellings is None and project.permit_year is None


@pytest.mark.parametrize(("key", "value"), [("SHAB", 1e300), ("altitude", 1e308)])
def test_areas_and_altitude_of_the_project_sheet_are_bounded(tmp_path: Path, key: str, value: float) -> None:
    """Found by the long fuzz run: a reference area near the largest float was written to the report with
    15 digits and read back as infinity."""
    book = workbook(tmp_path / "p.xlsx", [["L1", 2, "kg", "f-kg"]], Projet=[[key, value]])
    project = lca.read_project(book)
    (issue,) = [i for i in project.issues if i.sheet == "Projet" and i.row == 1]
    assert issue.message.startswith(("must be at most 100,000,000 m²", "expected an altitude from −500"))
    assert project.reference_area is None and project.altitude is None
