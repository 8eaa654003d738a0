"""The report's charts are native Excel charts reading the tables beside them (no matplotlib, no image)."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile

import openpyxl
import pytest

from lca.compare import compare
from lca.report import write_report
from tests.test_compare import hand_results

#: Chart XML -> (title, series references); the hand project, base and light, per m² of SHAB (100 m²).
RANGE = re.compile(r"<c:f>([^<]*)</c:f>")


def chart_xml(path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        names = sorted(n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        assert not [n for n in archive.namelist() if n.startswith("xl/media/")]  # no picture at all
        return [archive.read(n).decode("utf-8") for n in sorted(names, key=lambda n: int(n[15:-4]))]


def cells(ws, reference: str) -> list[object]:
    """Values of ``Charts!$B$3:$B$4`` (or one cell) in ``ws``."""
    area = reference.split("!")[1].replace("$", "")
    return [c.value for row in ws[area if ":" in area else f"{area}:{area}"] for c in row]


@pytest.fixture
def report(tmp_path):
    results = hand_results(tmp_path)
    comparison = compare(results, variants=["base", "light"])
    return write_report(results, tmp_path / "c.xlsx", comparison=comparison, lang="en")


def test_six_native_charts_whose_series_read_the_hand_numbers(report):
    charts = chart_xml(report)
    # modules, lots, the waterfall base -> light, hot spots, timeline, biogenic carbon
    assert len(charts) == 6
    ws = openpyxl.load_workbook(report)["Charts"]
    titles = [re.findall(r"<a:t>([^<]*)</a:t>", x)[0] for x in charts]
    assert titles == [
        "GWP-total by life-cycle stage",
        "GWP-total by lot",
        "From 'béton' to 'moins de béton': GWP-total by lot",  # variants by their description
        "Largest contributors (béton): GWP-total",
        "Cumulative emissions over 50 years: GWP-total",
        "Biogenic carbon stored in the building",
    ]
    modules = RANGE.findall(charts[0])
    # series 1: A1-A3 (name cell, variants, values), per m²: concrete 10 m3 × 200 + 2 windows × 100 = 2200 kg
    assert modules[:3] == ["Charts!$B$2", "Charts!$A$3:$A$4", "Charts!$B$3:$B$4"]
    assert cells(ws, modules[0]) == ["A1-A3 Product"]
    assert cells(ws, modules[1]) == ["béton", "moins de béton"]
    assert cells(ws, modules[2]) == pytest.approx([22.0, 12.0])
    # the totals (diamonds) and D (beside): 5390 and 4305 kg; D = -10 × 10 - 2 × 5 = -110 kg
    assert "Charts!$F$3:$F$4" in modules and "Charts!$G$3:$G$4" in modules
    assert cells(ws, "Charts!$F$2:$G$2") == ["Total", "D Beyond the life cycle (not in total)"]
    assert cells(ws, "Charts!$F$3:$G$4") == pytest.approx([53.9, -1.1, 43.05, -0.6], rel=1e-12)
    # waterfall: 53.9, lot 3 (5 m3 less concrete × 217 kg/m3 = -1085 kg), 43.05; invisible base 0, 43.05, 0
    waterfall = RANGE.findall(charts[2])
    assert waterfall[:3] == ["Charts!$C$44", "Charts!$A$45:$A$47", "Charts!$C$45:$C$47"]
    assert cells(ws, "Charts!$A$45:$A$47") == ["béton", "3 Superstructure", "moins de béton"]
    assert cells(ws, "Charts!$B$45:$B$47") == pytest.approx([53.9, -10.85, 43.05])
    assert cells(ws, "Charts!$C$45:$C$47") == pytest.approx([0.0, 43.05, 0.0])
    assert cells(ws, "Charts!$D$45:$D$47") == pytest.approx([53.9, 10.85, 43.05])
    assert "<a:noFill/>" in charts[2]  # the base series is invisible
    assert {"Charts!$B$45", "Charts!$B$46", "Charts!$B$47"} <= set(waterfall)  # labels: the signed steps
    # timeline: construction at year 0 (22.7 kg/m²), 0.6 kg/m² of energy a year, end of life at 50
    timeline = RANGE.findall(charts[4])
    assert timeline[1] == "Charts!$A$84:$A$185"
    assert cells(ws, "Charts!$B$84:$B$87") == pytest.approx([0.0, 22.7, 22.7, 23.3])
    assert cells(ws, "Charts!$B$185:$C$185") == pytest.approx([53.9, 43.05])
    # the cached values are those of the cells, so that a reader that does not recalculate shows them
    above = re.search(r"<c:f>Charts!\$D\$45:\$D\$47</c:f><c:numCache>(.*?)</c:numCache>", charts[2]).group(1)
    assert [float(v) for v in re.findall(r"<c:v>([^<]*)</c:v>", above)] == pytest.approx([53.9, 10.85, 43.05])


def test_chart_titles_and_axes_in_french(tmp_path):
    results = hand_results(tmp_path)
    path = write_report(
        results, tmp_path / "fr.xlsx", comparison=compare(results, variants=["base", "light"])
    )
    charts = chart_xml(path)
    text = [re.findall(r"<a:t>([^<]*)</a:t>", x) for x in charts]
    assert text[0][:2] == ["GWP-total par étape du cycle de vie", "GWP-total [kg CO2e/m²]"]
    assert text[2][0] == "De «\u00a0béton\u00a0» à «\u00a0moins de béton\u00a0»\u00a0: GWP-total par lot"
    assert text[4][:2] == ["Émissions cumulées sur 50 ans\u00a0: GWP-total", "Année après la livraison [ans]"]
    assert "Graphiques!$A$3:$A$4" in RANGE.findall(charts[0])
    ws = openpyxl.load_workbook(path)["Graphiques"]
    header = [
        "Lot",
        "GWP-total [kg CO2e/m²]",
        "Base invisible de la barre",
        "Barre au-dessus de 0",
        "Barre sous 0",
    ]
    assert cells(ws, "Graphiques!$A$44:$E$44") == header


def test_a_quoted_sheet_name_in_the_references(tmp_path):
    """Excel needs quotes around a sheet name with a space or an apostrophe; the data labels use them."""
    import lca.report.charts as charts

    results = hand_results(tmp_path)
    original = charts.translate

    def named(msgid, *args, **kwargs):
        return "L'équipe graphique" if msgid == "Charts" else original(msgid, *args, **kwargs)

    charts.translate = named
    try:
        path = write_report(
            results, tmp_path / "q.xlsx", comparison=compare(results, variants=["base", "light"])
        )
    finally:
        charts.translate = original
    refs = RANGE.findall(chart_xml(path)[2])
    assert refs[1] == "'L''équipe graphique'!$A$45:$A$47"
    assert "'L''équipe graphique'!$B$46" in refs


def test_the_same_results_give_the_same_report_with_charts(tmp_path):
    results = hand_results(tmp_path)
    first = write_report(results, tmp_path / "a.xlsx", lang="en").read_bytes()
    assert write_report(results, tmp_path / "b.xlsx", lang="en").read_bytes() == first


def test_writing_the_report_imports_no_matplotlib(tmp_path):
    code = (
        "import sys; from tests.test_compare import hand_results; from lca.report import write_report; "
        f"from pathlib import Path; p = Path({str(tmp_path)!r}); "
        "write_report(hand_results(p), p / 'r.xlsx', lang='en'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert (tmp_path / "r.xlsx").stat().st_size > 5_000


def test_the_example_has_a_waterfall_per_variant_and_no_picture(tmp_path):
    from lca import compute, read_project
    from lca.datasets import dataset_path

    results = compute(read_project(dataset_path("examples/residence_collective.xlsx")))
    path = write_report(results, tmp_path / "ex.xlsx", lang="en")
    charts = chart_xml(path)
    assert len(charts) == 5 + len(results.variants) - 1
    assert openpyxl.load_workbook(path)["Charts"]["A1"].value == "GWP-total by life-cycle stage"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # no line computed at all: every chart but the hot spots (nothing to rank), the stacks empty
        ([["douze", "kg", "conc", "v1"]], 5),
        # the baseline has no computed line, v1 has 2 m3 of concrete (2 × 217 kg = 434 kg, no SHAB: total)
        ([["douze", "m3", "conc", ""], [2, "m3", "conc", "v1"]], 5),
    ],
)
def test_variants_without_a_computed_line_still_give_charts(tmp_path, rows, expected):
    from lca import compute, read_project
    from tests.helpers import hand_factors, write_xlsx

    path = write_xlsx(
        tmp_path / "p.xlsx", {"Matériaux": [["Quantité", "Unité", "ID fiche", "Variante"], *rows]}
    )
    results = compute(read_project(path), hand_factors(), defaults=False)
    report = write_report(results, tmp_path / "r.xlsx", lang="en")
    charts = chart_xml(report)
    assert len(charts) == expected
    assert "Largest contributors" not in "".join(charts)
    ws = openpyxl.load_workbook(report)["Charts"]
    if len(rows) == 1:  # no module group holds a value: the totals alone, 0
        assert cells(ws, "Charts!$A$2:$C$4") == ["Variant", "Total", None, "base", 0, None, "v1", 0, None]
    else:  # A1-A3 2 × 200, A4-A5 2 × 7, C 2 × 10, D 2 × -10 [kg]
        head = ["Variant", "A1-A3 Product", "A4-A5 Construction", "C1-C4 End of life", "Total"]
        assert cells(ws, "Charts!$A$2:$E$4") == [*head, "base", 0, 0, 0, 0, "v1", 400, 14, 20, 434]
        assert cells(ws, "Charts!$F$4") == [-20]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_re2020_example_charts_speak_one_language_and_read_the_re2020_values(tmp_path, lang):
    from tests.test_language_outputs import EXAMPLE_NAMES, foreign_words
    from tests.test_report import DATA_HEADERS, example_re2020_in, report_texts

    results = example_re2020_in(lang)
    path = write_report(results, tmp_path / "r.xlsx", lang=lang)
    charts = chart_xml(path)
    assert len(charts) == 5 + len(results.variants) - 1 + 2  # and the two RE2020 panels
    book = openpyxl.load_workbook(path)
    sheet = {"fr": "Graphiques", "en": "Charts"}[lang]
    names = (*EXAMPLE_NAMES, *results.indicators, "lca", "PER", "Sref")
    texts = [t for t in report_texts(book, {*DATA_HEADERS, "Lot"}) if t[0] == sheet]
    assert len(texts) > 60
    assert [t for t in texts if foreign_words(t[2], lang, *names)] == []
    for key, xml in (("ic_construction", charts[-2]), ("ic_energie", charts[-1])):
        refs = RANGE.findall(xml)
        values = cells(book[sheet], refs[2])
        expected = [results.extra["variants"][n]["re2020"][key] for n in results.variants]
        assert values == pytest.approx(expected, rel=1e-12)
        maxima = cells(book[sheet], refs[5])  # the permit year's maxima, dashes
        assert maxima == pytest.approx(
            [results.extra["variants"][n]["re2020"][f"{key}_max"] for n in results.variants]
        )
    title = {"fr": "Ic construction (dynamique)", "en": "Ic construction (dynamic)"}[lang]
    assert re.findall(r"<a:t>([^<]*)</a:t>", charts[-2])[0] == title
