"""Broken and hostile input to the ÖKOBAUDAT and ILCD importers (issue 10): small generated files only.

Each case ends in results with issues, or in an LCAError naming the file; through the CLI in exit 2 with
the file named and no traceback. Skipped lines and datasets are always reported.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from lca.errors import InputError, LCAError
from lca.io.ilcd import read_ilcd
from lca.io.oekobaudat import read_oekobaudat, write_factor_table
from tests.io.ilcd_factory import Epd, files, write_folder

HEADER = (
    "UUID;Version;Name (en);Kategorie (en);Typ;Bezugsgroesse;Bezugseinheit;Flaechengewicht (kg/m2);Modul;GWP"
)
LINE = "u1;01.00.000;Board;Coverings / Primer;generic dataset;1;m2;2;A1-A3;2"


def export(tmp_path: Path, *lines: str, header: str = HEADER, name: str = "OBD_2099_I.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def cli(*args: object) -> subprocess.CompletedProcess[str]:
    """``lca ARGS`` in English (the tests quote English messages)."""
    return subprocess.run(
        [sys.executable, "-m", "lca.cli", *map(str, args), "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=120,
    )


# --------------------------------------------------------------------------- ÖKOBAUDAT


def test_duplicated_indicator_column_is_an_error_naming_file_and_columns(tmp_path: Path):
    path = export(tmp_path, LINE + ";3", header=HEADER + ";GWP")
    expected = (
        r"OBD_2099_I\.csv, row 1, column 'GWP': column 'GWP' appears twice \(columns 10 and 11\); "
        r"expected each column of the ÖKOBAUDAT export once"
    )
    with pytest.raises(InputError, match=expected):
        read_oekobaudat(path)
    done = cli("factors", "import-oekobaudat", path, "-o", tmp_path / "out.csv")
    assert done.returncode == 2
    assert "OBD_2099_I.csv, row 1, column 'GWP': column 'GWP' appears twice" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out.csv").exists()


def test_cell_over_the_csv_field_limit_is_an_error(tmp_path: Path):
    path = export(tmp_path, LINE.replace("Board", "x" * 140_000))
    with pytest.raises(InputError, match=r"OBD_2099_I\.csv, row 2: cannot read the CSV text near line 2 "):
        read_oekobaudat(path)


def test_unknown_bezugseinheit_is_reported_with_file_row_and_dataset(tmp_path: Path):
    path = export(tmp_path, LINE, LINE.replace("u1;", "u2;").replace(";m2;", ";Säcke;"))
    table, issues = read_oekobaudat(path)
    assert table["factor_id"].unique().tolist() == ["u1"]
    (issue,) = [i for i in issues if i.column == "Bezugseinheit"]
    assert (issue.file, issue.row, issue.level) == (str(path), 3, "warning")
    assert issue.message.startswith("dataset 'u2': declared unit 'Säcke' not understood (unknown unit")
    assert issue.message.endswith("; line left out")


#: Units that crashed or hung the unit parser (issue 10).
HOSTILE_UNITS = ["1/0", "kg*(", "*".join(["m"] * 2000), "10**10**10", "k" * 32_767]


@pytest.mark.parametrize("unit", HOSTILE_UNITS)
def test_hostile_bezugseinheit_becomes_an_issue(tmp_path: Path, unit: str):
    path = export(tmp_path, LINE, LINE.replace("u1;", "u2;").replace(";m2;", f";{unit};"))
    table, issues = read_oekobaudat(path)
    assert table["factor_id"].unique().tolist() == ["u1"]
    (issue,) = [i for i in issues if i.column == "Bezugseinheit"]
    assert issue.row == 3 and issue.message.startswith("dataset 'u2': declared unit ")
    assert len(issue.message) < 600


@pytest.mark.parametrize("unit", HOSTILE_UNITS)
def test_hostile_unit_group_unit_becomes_an_issue(tmp_path: Path, unit: str):
    table, issues = read_ilcd(write_folder(tmp_path / "ilcd", Epd(unit=unit, mass_per_unit=None)))
    (issue,) = [i for i in issues if "of the unit group not understood" in i.message]
    assert issue.file.endswith("processes/5e5e5e5e-0000-4000-8000-000000000001.xml")
    assert len(issue.message) < 600
    assert table["declared_unit"].isna().all()


def test_non_finite_numbers_are_reported_not_imported(tmp_path: Path):
    lines = [
        LINE.replace(";2;A1-A3;2", f";2;{m};{v}")
        for m, v in [("A1-A3", "inf"), ("C3", "nan"), ("D", "1e999")]
    ]
    table, issues = read_oekobaudat(export(tmp_path, *lines))
    assert table.empty
    found = {(i.row, i.column): i.message for i in issues if i.level == "warning"}
    tail = "is not a finite number; expected a number (decimal point or comma); cell read as not declared"
    assert found == {(r, "GWP"): f"{v!r} {tail}" for r, v in [(2, "inf"), (3, "nan"), (4, "1e999")]}


def test_lines_of_other_types_are_counted(tmp_path: Path):
    path = export(tmp_path, LINE, LINE.replace("u1;", "e1;").replace("generic dataset", "specific dataset"))
    table, issues = read_oekobaudat(path, types=["generic"])
    assert table["factor_id"].unique().tolist() == ["u1"]
    assert [i.message for i in issues] == ["1 lines of 1 datasets of other types than ['generic'] left out"]


# --------------------------------------------------------------------------- formula injection

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\uff1dHYPERLINK()",
    "\uff0b1",
]


def test_importers_neutralise_formulas_in_their_csv_output(tmp_path: Path):
    lines = []
    for k, text in enumerate(HOSTILE):
        quoted = text.replace('"', '""')
        lines.append(f'u{k};01.00.000;"{quoted}";"{quoted}";generic dataset;1;m2;2;A1-A3;2')
    done = cli("factors", "import-oekobaudat", export(tmp_path, *lines), "-o", tmp_path / "oeko.csv")
    assert done.returncode == 0, done.stderr
    written = pd.read_csv(tmp_path / "oeko.csv", dtype=str).drop_duplicates("factor_id")
    assert written["name"].tolist() == ["'" + text for text in HOSTILE]
    # the export's quotes around category levels are dropped, then the cell is neutralised
    assert written["category"].tolist() == ["'" + text.replace("'", "") for text in HOSTILE]

    epds = [
        Epd(uuid=f"5e5e5e5e-0000-4000-8000-00000000000{k}", name=text, classes=[("0", text)])
        for k, text in enumerate(HOSTILE)
    ]
    done = cli("factors", "import-ilcd", write_folder(tmp_path / "ilcd", *epds), "-o", tmp_path / "ilcd.csv")
    assert done.returncode == 0, done.stderr
    written = pd.read_csv(tmp_path / "ilcd.csv", dtype=str).drop_duplicates("factor_id")
    assert sorted(written["name"]) == sorted("'" + text for text in HOSTILE)
    assert sorted(written["category"]) == sorted("'" + text for text in HOSTILE)


def test_write_factor_table_to_a_directory_is_an_error(tmp_path: Path):
    table = pd.DataFrame(
        {"factor_id": ["a"], "module": ["A1-A3"], "indicator": ["GWP-total"], "value": [1.0]}
    )
    with pytest.raises(InputError, match=r"cannot write the factor table \(Is a directory\)"):
        write_factor_table(table, tmp_path)


# --------------------------------------------------------------------------- ILCD


def test_non_integer_classification_level_is_a_warning(tmp_path: Path):
    folder = write_folder(tmp_path / "ilcd", Epd(classes=[("1", "Interior covering"), ("zero", "Coverings")]))
    table, issues = read_ilcd(folder)
    assert set(table["category"]) == {"Interior covering / Coverings"}  # file order
    (issue,) = [i for i in issues if "level" in i.message]
    assert issue.message == "classification level 'zero' is not a whole number; classes kept in file order"
    assert issue.file == str(folder / "processes/5e5e5e5e-0000-4000-8000-000000000001.xml")


def test_five_thousand_digit_data_set_version(tmp_path: Path):
    first = Epd(version="1" * 5000)
    folder = write_folder(tmp_path / "ilcd", first)
    # the same dataset twice: the reader compares their versions to keep the latest
    (folder / "processes" / "copy.xml").write_bytes((folder / "processes" / f"{first.uuid}.xml").read_bytes())
    table, issues = read_ilcd(folder)
    assert table["version"].isna().all() and table["factor_id"].nunique() == 1
    expected = f"dataSetVersion {'1' * 57 + '...'!r} is not a version number (NN.NN.NNN); left out"
    assert [i.message for i in issues].count(expected) == 2
    done = cli("factors", "import-ilcd", folder, "-o", tmp_path / "out.csv")
    assert done.returncode == 0 and "Traceback" not in done.stderr


def test_unknown_xml_encoding_alone_is_an_error_naming_the_file(tmp_path: Path):
    folder = write_folder(tmp_path / "ilcd", Epd(encoding="x-unknown"))
    process = folder / "processes" / f"{Epd().uuid}.xml"
    expected = (
        r"5e5e5e5e-0000-4000-8000-000000000001\.xml: the XML declares an encoding the reader does not "
        r"support \(unknown encoding: x-unknown\); save it as UTF-8"
    )
    with pytest.raises(InputError, match=expected):
        read_ilcd(process)
    expected = (
        r"ilcd: no ILCD process dataset \(<processDataSet>\) in this folder; 1 files could not be read, "
        r"first .*ilcd/processes/5e5e5e5e-0000-4000-8000-000000000001\.xml: the XML declares an encoding"
    )
    with pytest.raises(InputError, match=expected):
        read_ilcd(folder)
    done = cli("factors", "import-ilcd", process, "-o", tmp_path / "out.csv")
    assert done.returncode == 2
    assert "unknown encoding: x-unknown" in done.stderr and "Traceback" not in done.stderr


def test_unreadable_dataset_among_good_ones_is_reported_and_the_rest_imported(tmp_path: Path):
    good = Epd()
    bad = Epd(uuid="5e5e5e5e-0000-4000-8000-000000000002", encoding="x-unknown")
    table, issues = read_ilcd(write_folder(tmp_path / "ilcd", good, bad))
    assert table["factor_id"].unique().tolist() == [good.uuid]
    (issue,) = [i for i in issues if i.level == "error"]
    assert issue.file == str(tmp_path / "ilcd" / f"processes/{bad.uuid}.xml")
    assert issue.message.endswith("(unknown encoding: x-unknown); save it as UTF-8; file not read")


def _corrupt_member(archive: Path, member: str, needle: bytes) -> None:
    """Flip one byte of a stored member's data, leaving the zip directory (and its CRC) as it was."""
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    position = data.index(needle, start)
    data[position] ^= 0x20
    archive.write_bytes(bytes(data))


def test_zip_member_with_a_bad_crc(tmp_path: Path):
    archive = tmp_path / "ilcd.zip"
    epd = Epd()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        for name, data in files(epd).items():
            zf.writestr(f"ILCD/{name}", data)
    member = f"ILCD/processes/{epd.uuid}.xml"
    _corrupt_member(archive, member, b"Generated textile")
    expected = (
        r"ilcd\.zip!ILCD/processes/5e5e5e5e-0000-4000-8000-000000000001\.xml: corrupt or unsupported archive "
        r"member \(BadZipFile: Bad CRC-32"
    )
    with pytest.raises(InputError, match=expected):
        read_ilcd(archive)
    done = cli("factors", "import-ilcd", archive, "-o", tmp_path / "out.csv")
    assert done.returncode == 2
    assert "Bad CRC-32" in done.stderr and "Traceback" not in done.stderr


def test_unit_group_unit_not_understood_is_reported(tmp_path: Path):
    table, issues = read_ilcd(write_folder(tmp_path / "ilcd", Epd(unit="Säcke", mass_per_unit=None)))
    messages = [(i.level, i.message) for i in issues]
    assert any(
        level == "warning" and m.startswith("unit 'Säcke' of the unit group not understood (unknown unit")
        for level, m in messages
    ), messages
    assert table["declared_unit"].isna().all()


def test_ilcd_non_finite_and_non_positive_amounts(tmp_path: Path):
    with pytest.raises(InputError, match="the reference exchange gives no positive finite amount"):
        read_ilcd(write_folder(tmp_path / "a", Epd(amount="-1")))
    table, issues = read_ilcd(
        write_folder(tmp_path / "b", Epd(gwp={"A1-A3": "inf", "C4": "1e999", "D": "2"}))
    )
    assert table[["module", "value"]].values.tolist() == [["D", 2.0]]
    assert sum("is not a finite number" in i.message for i in issues) == 2


def test_only_project_errors_leave_the_readers(tmp_path: Path):
    path = tmp_path / "x.zip"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 60)
    with pytest.raises(LCAError):
        read_ilcd(path)


def test_cli_prints_every_line_and_dataset_left_out(tmp_path: Path):
    path = export(
        tmp_path, LINE, LINE.replace("u1;", "u2;").replace(";m2;", ";Säcke;"), LINE.replace(";A1-A3;", ";A9;")
    )
    done = cli("factors", "import-oekobaudat", path, "-o", tmp_path / "out.csv")
    assert done.returncode == 0
    lines = done.stderr.splitlines()
    assert lines[0].startswith(
        f"{path}: [warning] row 3, column 'Bezugseinheit': dataset 'u2': declared unit 'Säcke'"
    )
    assert lines[1] == (
        f"{path}: [warning] row 4, column 'Modul': dataset 'u1': unknown module 'A9'; expected A1-A3, A4, "
        "A5, B1-B7, C1-C4 or D; line left out"
    )
    assert lines[-1] == f"1 factor (1 row) written to {tmp_path / 'out.csv'}"

    bad = Epd(uuid="5e5e5e5e-0000-4000-8000-000000000002", encoding="x-unknown")
    folder = write_folder(tmp_path / "ilcd", Epd(), bad)
    done = cli("factors", "import-ilcd", folder, "-o", tmp_path / "ilcd.csv")
    assert done.returncode == 0
    process = folder / "processes" / f"{bad.uuid}.xml"
    assert done.stderr.splitlines()[0] == (
        f"{process}: [error] the XML declares an encoding the reader does not support (unknown encoding: "
        "x-unknown); save it as UTF-8; file not read"
    )
