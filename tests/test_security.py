"""What docs/security.md promises about hostile workbooks: XML entities refused, chart names that cannot
leave their folder, formulas read as their cached values."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl

from lca.plots import chart_stems

ENTITIES = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">'
    b'<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
)


def lca(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lca.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=120)  # fmt: skip


def test_a_workbook_declaring_entities_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Matériaux"
    sheet.append(["Quantité", "Unité", "ID fiche"])
    sheet.append([1, "kg", "x"])
    book.save(plain)
    hostile = tmp_path / "entites.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(hostile, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b"<v>1</v>" in data
                data = ENTITIES + data.replace(b"<v>1</v>", b"<v>&secret;&b;</v>")
            target.writestr(item, data)
    done = lca("validate", hostile, "--lang", "en")
    # the entity is not expanded: the cell reads as empty, and the line is an issue
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
    assert "  [error] row 2, column 'Quantité': quantity is empty" in done.stdout
    assert "root:" not in done.stdout + done.stderr and "aaaaaaaaaa" not in done.stdout  # no /etc/passwd


def test_chart_names_stay_in_their_folder() -> None:
    stems = chart_stems(["../../etc/x", "..", "/abs", "C:\\win", "a/b"])
    assert stems == {
        "../../etc/x": "etc_x",
        "..": "variant",
        "/abs": "abs",
        "C:\\win": "C_win",
        "a/b": "a_b",
    }
    assert all("/" not in s and "\\" not in s and not s.startswith(".") for s in stems.values())


def test_formulas_are_read_as_their_cached_values(tmp_path: Path) -> None:
    """A formula cell is read as the value the spreadsheet saved, never evaluated: openpyxl saves none, so
    the quantity reads as empty and the line is an issue, not a computed 2 × 21."""
    from lca import read_project

    path = tmp_path / "formule.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Matériaux"
    sheet.append(["Quantité", "Unité", "ID fiche"])
    sheet.append([21, "kg", "x"])
    sheet.append(["=A2*2", "kg", "x"])
    book.save(path)
    project = read_project(path)
    assert project.lines["quantity"].tolist()[0] == 21
    issue = next(i for i in project.issues if i.row == 3)
    assert (issue.level, issue.column) == ("error", "Quantité")
    assert issue.message.startswith("quantity is empty")


def test_charts_into_a_file_or_a_read_only_folder_name_it(tmp_path: Path) -> None:
    """The library turns the operating system's error into the project's, naming the path (the command
    line catches only those)."""
    import pytest

    from lca import InputError, compute, read_project
    from lca.plots import save_charts
    from tests.helpers import hand_factors
    from tests.test_compare import hand_workbook

    results = compute(read_project(hand_workbook(tmp_path)), hand_factors(), defaults=False)
    blocker = tmp_path / "graphiques"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(InputError, match=r"graphiques: cannot create the chart folder \(File exists\)"):
        save_charts(results, blocker)
