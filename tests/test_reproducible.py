"""Same inputs, same files: chart names unique per variant, and byte-identical outputs from run to run
(JSON, CSV, PNG, SVG, PDF and the Excel report); the report's date only when asked or from
``SOURCE_DATE_EPOCH``."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import matplotlib
import openpyxl
import pytest

matplotlib.use("Agg")

from lca import compute, read_project
from lca.plots import chart_specs, chart_stems, render, save_charts
from lca.report import write_report
from tests.helpers import hand_factor_frame, hand_factors
from tests.test_compare import MATERIALS, hand_workbook

#: Variants whose names give the same file-name part ``A_B``, and one that differs only by case.
CLASHING = [["base", ""], ["A+B", "plus"], ["A B", "espace"], ["a_b", "minuscules"]]


def clashing_workbook(tmp_path: Path) -> Path:
    rename = {"light": "A+B", "extra": "A B"}
    materials = [row[:7] + [rename.get(row[7], row[7]), row[8]] for row in MATERIALS]
    materials += [["5", 3, "Voiles", 4, "m3", "conc", None, "A B", "1"], ["6", 3, "Voiles", 6, "m3", "conc",
                  None, "a_b", "1"]]  # fmt: skip
    path = hand_workbook(tmp_path, materials)
    book = openpyxl.load_workbook(path)
    del book["Variantes"]
    sheet = book.create_sheet("Variantes")
    for row in [["Nom", "Description"], *CLASHING]:
        sheet.append(row)
    book.save(path)
    return path


def test_chart_stems_are_readable_and_unique():
    assert chart_stems(["light", "Béton bas carbone", "x/y"]) == {
        "light": "light",
        "Béton bas carbone": "Béton_bas_carbone",
        "x/y": "x_y",
    }
    # A+B and A B both give A_B, and a_b is the same file on Windows and macOS: each gets its hash
    assert chart_stems(["A+B", "A B", "a_b"]) == {
        "A+B": "A_B-b7a28f",
        "A B": "A_B-8aabb8",
        "a_b": "a_b-eb2980",
    }
    assert hashlib.sha1(b"A+B").hexdigest()[:6] == "b7a28f"
    # the hash does not depend on the order; a name typed like another's hashed stem is numbered
    assert chart_stems(["A B", "A+B"]) == {"A B": "A_B-8aabb8", "A+B": "A_B-b7a28f"}
    assert chart_stems(["A+B", "A B", "A_B-b7a28f"])["A_B-b7a28f"] == "A_B-b7a28f-2"
    assert chart_stems(["..", "", "?" * 3]) == {
        "..": "variant-9d891e",
        "": "variant-da39a3",  # SHA-1 of nothing: da39a3ee…
        "???": "variant-2d86c2",
    }
    assert chart_stems(["x" * 60]) == {"x" * 60: "x" * 40}


def test_clashing_variant_names_write_one_chart_each(tmp_path):
    results = compute(read_project(clashing_workbook(tmp_path)), hand_factors(), defaults=False)
    assert results.variants == ["base", "A+B", "A B", "a_b"]
    written = save_charts(results, tmp_path / "charts", formats=("png",))
    waterfalls = sorted(p.name for p in written if p.name.startswith("waterfall"))
    assert waterfalls == ["waterfall_A_B-8aabb8.png", "waterfall_A_B-b7a28f.png", "waterfall_a_b-eb2980.png"]
    assert len({p.read_bytes() for p in written}) == len(written)  # three different waterfalls
    stems = [stem for stem, _, _ in chart_specs(results)]
    assert len(stems) == len(set(stems))


def test_charts_carry_no_date_nor_random_id():
    def draw(ax):
        ax.bar([1, 2], [3, 4], hatch="//", label="é")
        ax.legend()
        return ax

    first = render(draw, (4, 3), ["png", "svg", "pdf"])
    svg, pdf = first["svg"].decode("utf-8"), first["pdf"]
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert b"/CreationDate" not in pdf and b"/Producer" not in pdf
    assert render(draw, (4, 3), ["png", "svg", "pdf"]) == first


def test_report_without_date_unless_asked(tmp_path, monkeypatch):
    from datetime import datetime

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    results = compute(read_project(hand_workbook(tmp_path)), hand_factors(), defaults=False)

    def dates(path: Path) -> list[object]:
        book = openpyxl.load_workbook(path)
        assert book.properties.created == book.properties.modified
        cells = [row[1].value for ws in book.worksheets for row in ws.iter_rows(max_col=2) if len(row) > 1
                 and row[0].value in {"Date du calcul (UTC)", "Computed on (UTC)"}]  # fmt: skip
        return [book.properties.created, *cells]

    plain = write_report(results, tmp_path / "plain.xlsx", charts=False)
    assert dates(plain) == [datetime(1980, 1, 1)]
    asked = write_report(
        results, tmp_path / "asked.xlsx", charts=False, timestamp=datetime(2031, 5, 4, 3, 2, 1)
    )
    assert dates(asked) == [datetime(2031, 5, 4, 3, 2, 1), "2031-05-04 03:02", "2031-05-04 03:02"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    epoch = write_report(results, tmp_path / "epoch.xlsx", charts=False, lang="en")
    assert dates(epoch) == [datetime(2023, 11, 14, 22, 13, 20), "2023-11-14 22:13", "2023-11-14 22:13"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(Exception, match=r"SOURCE_DATE_EPOCH='yesterday' is not a time"):
        write_report(results, tmp_path / "bad.xlsx", charts=False)


def lca(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | (env or {})
    return subprocess.run([sys.executable, "-m", "lca.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=300, env=environ)  # fmt: skip


@pytest.mark.slow
def test_same_inputs_give_byte_identical_files(tmp_path):
    project = clashing_workbook(tmp_path)
    factors = tmp_path / "factors.csv"
    hand_factor_frame().to_csv(factors, index=False)
    outputs = []
    for k in (1, 2):
        out = tmp_path / f"run{k}"
        out.mkdir()
        for fmt in ("json", "csv"):
            done = lca("run", project, "--factors", factors, "--format", fmt, "-o", out / f"results.{fmt}")
            assert done.returncode == 0, done.stderr
        done = lca("compare", project, "--factors", factors, "-o", out / "report.xlsx", "--charts",
                   out / "charts", "--chart-format", "png,svg,pdf", "--lang", "en")  # fmt: skip
        assert done.returncode == 0, done.stderr
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.*"))})
    first, second = outputs
    assert len(first) == 2 + 1 + 3 * 8  # JSON, CSV, report, 8 charts in 3 formats
    assert {"charts/waterfall_A_B-b7a28f.svg", "charts/waterfall_A_B-8aabb8.pdf"} <= set(first)
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []
    # the date, when asked, is the only difference, and SOURCE_DATE_EPOCH fixes it
    stamped = tmp_path / "stamped.xlsx"
    done = lca("report", project, "--factors", factors, "-o", stamped, "--timestamp", "--no-charts", "--lang",
               "en", env={"SOURCE_DATE_EPOCH": "1700000000"})  # fmt: skip
    assert done.returncode == 0, done.stderr
    summary = openpyxl.load_workbook(stamped).worksheets[0]
    assert ["Computed on (UTC)", "2023-11-14 22:13"] in [[c.value for c in row[:2]] for row in summary.rows]
