"""The example workbooks are built from readable tables (scripts/examples/*.csv) by build_examples.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "build_examples.py"
DATA_SHEETS = ("Projet", "Matériaux", "Énergie", "Facteurs", "Variantes")


def _builder():
    if not SCRIPT.exists():
        pytest.skip("scripts/ is not in this distribution (it is in the repository)")
    spec = importlib.util.spec_from_file_location("build_examples", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _values(path: Path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    return {name: [tuple(c.value for c in row) for row in book[name].iter_rows()] for name in DATA_SHEETS}


@pytest.mark.parametrize("name", ["maison_individuelle", "residence_collective"])
def test_the_tables_rebuild_the_shipped_example(tmp_path, name):
    builder = _builder()
    out = tmp_path / f"{name}.xlsx"
    builder.write_workbook(out, lang="fr", **builder.example(name, builder.EXAMPLES[name]))
    built, shipped = _values(out), _values(ROOT / "datasets" / "examples" / f"{name}.xlsx")
    for sheet in DATA_SHEETS:
        assert built[sheet] == shipped[sheet], sheet


def test_a_line_naming_an_unknown_factor_is_refused(tmp_path):
    builder = _builder()
    table = tmp_path / "materials.csv"
    table.write_text(
        "line_id,lot,element,quantity,unit,factor\nM1,3,Mur,1.5,m3,NO_SUCH_FACTOR\n", encoding="utf-8"
    )
    with pytest.raises(SystemExit, match="materials.csv: unknown factor NO_SUCH_FACTOR; add it to"):
        builder.read_lines(table, {"CONCRETE": "uuid"})


def test_numbers_and_text_are_read_as_written(tmp_path):
    builder = _builder()
    table = tmp_path / "lines.csv"
    table.write_text(
        "line_id,lot,quantity,service_life,factor,replaces\n1.1,01,57600.0,30,C,\n1.2,2,0.1,,,1.1\n",
        encoding="utf-8",
    )
    frame = builder.read_lines(table, {"C": "c-uuid"})
    assert frame["line_id"].tolist() == ["1.1", "1.2"] and frame["lot"].tolist() == ["01", "2"]
    assert frame["quantity"].tolist() == [57600.0, 0.1]
    assert frame["service_life"].iloc[0] == 30 and frame["service_life"].isna().iloc[1]
    assert frame["factor_id"].iloc[0] == "c-uuid" and frame["factor_id"].isna().iloc[1]
    assert frame["replaces"].tolist() == ["", "1.1"]
    assert [builder._value(v) for v in ("100.0", "40", "False", "H2b")] == [100.0, 40, False, "H2b"]
