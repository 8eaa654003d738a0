"""The Excel report and CSV export: sheets, numbers equal to the results, formula injection, the CLI."""

from __future__ import annotations

import functools
import hashlib
import subprocess
import sys

import matplotlib
import openpyxl
import pandas as pd
import pytest

from lca import compute, read_project
from lca.compare import compare
from lca.datasets import dataset_path
from lca.report import _table_file, write_csv, write_report
from lca.results import Results
from tests.helpers import hand_factor_frame, hand_factors
from tests.test_compare import MATERIALS, hand_results, hand_workbook

matplotlib.use("Agg")

SHEETS_FR = ["Synthèse", "Par lot", "Par module", "Lignes", "Qualité des données", "Provenance"]
SHEETS_EN = ["Summary", "By lot", "By module", "Lines", "Data quality", "Provenance"]


@pytest.fixture
def results(tmp_path):
    return hand_results(tmp_path)


def table_after(ws, title: str) -> pd.DataFrame:
    """The table whose title is ``title`` in column A (header on the next row, ends at a blank row)."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == title) + 1
    header = [h for h in rows[start] if h is not None]
    body = []
    for row in rows[start + 1 :]:
        if all(v is None for v in row):
            break
        body.append(row[: len(header)])
    return pd.DataFrame(body, columns=header)


def sheet_frame(ws) -> pd.DataFrame:
    rows = list(ws.iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0])


def test_report_holds_every_sheet_and_the_results_numbers(results, tmp_path):
    path = write_report(results, tmp_path / "rapport.xlsx", charts=False)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEETS_FR
    summary = book["Synthèse"]
    total = table_after(summary, "Tous les indicateurs — total sur la période d'étude").set_index(
        "Indicateur"
    )
    for indicator in results.indicators:
        for variant in results.variants:
            assert total.at[indicator, variant] == pytest.approx(results.total().at[variant, indicator])
    assert total.at["GWP-total", "Δ light"] == pytest.approx(-1085)
    assert total.at["GWP-total", "Δ extra"] == pytest.approx(80)
    assert total.at["GWP-total", "Δ light (%)"] == pytest.approx(-1085 / 5390)  # a percent-formatted cell
    headline = table_after(summary, "Indicateur principal : GWP-total").set_index("Vue")
    assert headline.at["Par m²", "light"] == pytest.approx(43.05)
    assert headline.at["Par logement", "base"] == pytest.approx(2695)
    assert headline.at["Module D (hors total)", "base"] == pytest.approx(-110)
    ranking = table_after(summary, "Classement (GWP-total)")
    assert ranking["Variante"].tolist() == ["light", "base", "extra"]
    drivers = table_after(summary, "Ce qui sépare « light » de « base » (GWP-total, éléments)")
    assert drivers["Élément"].tolist() == ["Voiles béton", "Voiles béton allégé"]
    assert drivers["Δ"].tolist() == pytest.approx([-2170, 1085])

    lots = sheet_frame(book["Par lot"])
    gwp = lots.loc[lots["Indicateur"] == "GWP-total"].set_index("Lot")
    assert gwp.at["3", "base"] == pytest.approx(2170) and gwp.at["3", "light"] == pytest.approx(1085)
    assert gwp.at["3", "Libellé"] == "3 Superstructure"
    assert gwp.at["8", "Δ extra"] == pytest.approx(80)
    modules = sheet_frame(book["Par module"])
    gwp = modules.loc[modules["Indicateur"] == "GWP-total"].set_index("Module")
    assert gwp.at["B6", "extra"] == pytest.approx(3000) and gwp.at["D", "light"] == pytest.approx(-60)

    lines = sheet_frame(book["Lignes"])  # one row per variant and line, modules as columns
    assert len(lines) == results.membership.sum()
    total = "GWP-total Total (hors D) [kg CO2e]"
    sums = lines.groupby("Variante")[total].sum()
    assert sums.to_dict() == pytest.approx(results.total()["GWP-total"].to_dict())
    modules = [c for c in lines.columns if c.startswith("GWP-total ") and c != total]
    assert modules[-1] == "GWP-total D [kg CO2e]"  # D last, beside the total
    by_module = lines.groupby("Variante")[modules[:-1]].sum().sum(axis=1)
    assert by_module.to_dict() == pytest.approx(results.total()["GWP-total"].to_dict())
    assert lines.groupby("Variante")["GWP-fossil Total (hors D) [kg CO2e]"].sum().to_dict() == pytest.approx(
        results.total()["GWP-fossil"].to_dict()
    )
    walls = lines.loc[lines["Ligne"] == "1"]
    assert walls["Variante"].tolist() == ["base", "extra"]  # "light" replaces line 1
    assert walls["GWP-total A1-A3 [kg CO2e]"].tolist() == [2000.0, 2000.0]  # 10 m³ × 200 kg CO2e/m³
    assert walls["Table de facteurs"].tolist() == ["hand", "hand"]
    assert walls["Unité saisie"].tolist() == ["m³", "m³"]
    ws = book["Lignes"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:")
    assert ws.column_dimensions["D"].width >= 12


def test_data_quality_and_provenance(tmp_path):
    materials = [
        *MATERIALS,
        ["5", 9, "Inconnu", 1, "m3", "nope", None, None, None],  # rejected: unknown factor
        ["6", 6, "Fenêtres (kg)", 60, "kg", "win", 50, None, None],  # 60 kg / 30 kg per unit = 2 u
    ]
    r = hand_results(tmp_path, materials)
    book = openpyxl.load_workbook(write_report(r, tmp_path / "q.xlsx", charts=False, lang="en"))
    assert book.sheetnames == SHEETS_EN
    quality = book["Data quality"]
    issues = table_after(quality, "Issues found")
    assert any("unknown factor 'nope'" in m for m in issues["Message"])  # in the report's language
    shares = table_after(quality, "Share of the total by data type (GWP-total)")
    assert shares["Data type"].tolist() == ["not given"]  # the hand-made factors have no data type
    assert shares["base"].tolist() == pytest.approx([5610])  # with the 2 windows of line 6
    assert shares["Share base (%)"].tolist() == pytest.approx([1.0])  # 100 %, a percent-formatted cell
    no_life = table_after(quality, "Lines without service life")
    assert set(no_life["Line"]) == {"1", "3"}  # ins has a factor service life: line 4 is not listed
    conversions = table_after(quality, "Unit conversions applied").set_index("Line")
    assert conversions.at["6", "Declared quantity"] == pytest.approx(2.0)
    assert conversions.at["6", "Declared units per unit entered"] == pytest.approx(1 / 30)
    provenance = book["Provenance"]
    options = {row[0]: row[1] for row in provenance.iter_rows(values_only=True) if row[0]}
    assert options["Study period [years]"] == 50
    assert options["Replacement rule"] == "ceil"
    from lca import __version__

    assert options["lca version"] == __version__
    tables = table_after(provenance, "Factor tables used")
    assert tables["Factor table"].tolist() == ["hand"]


def test_expired_factors_are_listed(tmp_path):
    frame = hand_factor_frame()
    frame["valid_until"] = frame["factor_id"].map({"conc": 2019}).astype("float")
    from lca.factors import FactorTable

    table, _ = FactorTable.from_frame(frame, "hand")
    r = compute(read_project(hand_workbook(tmp_path)), table, defaults=False)
    book = openpyxl.load_workbook(write_report(r, tmp_path / "e.xlsx", charts=False))
    ws = book["Qualité des données"]
    title = next(
        row[0] for row in ws.iter_rows(values_only=True) if str(row[0]).startswith("Facteurs expirés")
    )
    expired = table_after(ws, title)
    assert expired["Fiche"].tolist() == ["conc"]
    assert expired["Lignes"].tolist() == ["1, 3"]
    assert expired["base"].tolist() == pytest.approx([2170])


def test_shipped_tables_carry_their_hash():
    path, digest = _table_file("energy_fr_re2020.csv", None)
    expected = hashlib.sha256(dataset_path("factors", "energy_fr_re2020.csv").read_bytes()).hexdigest()
    assert (path, digest) == ("datasets/factors/energy_fr_re2020.csv", expected)
    assert _table_file("hand", None) == (None, None)


def test_no_formula_cell_from_hostile_names(tmp_path):
    hostile = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)"]
    materials = [MATERIALS[0]] + [
        [str(k), 3, name, 1, "m3", "conc", None, None, None] for k, name in enumerate(hostile, start=1)
    ]
    path = hand_workbook(tmp_path, materials)
    book = openpyxl.load_workbook(path)  # write_xlsx stored them as formulas: make them text, as users type
    for row in book["Matériaux"].iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
    book.save(path)
    r = compute(read_project(path), hand_factors(), defaults=False)
    assert set(r.lines["element"]) >= set(hostile)
    report = openpyxl.load_workbook(write_report(r, tmp_path / "r.xlsx", charts=False))
    texts = set()
    for ws in report.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.add(cell.value)
    assert set(hostile) <= texts  # kept as the user typed them, as text
    csv = tmp_path / "data.csv"
    write_csv(r, csv)
    elements = pd.read_csv(csv, dtype=str)["element"]
    assert set(elements) >= {"'" + h for h in hostile}
    assert not any(e.startswith(("=", "+", "-", "@")) for e in elements)


def test_report_embeds_the_charts(results, tmp_path):
    comparison = compare(results, variants=["base", "light"])
    book = openpyxl.load_workbook(
        write_report(results, tmp_path / "c.xlsx", comparison=comparison, lang="en")
    )
    assert book.sheetnames == [*SHEETS_EN, "Charts"]
    assert not book["Charts"]._images  # native Excel charts (tests/test_report_charts.py), no picture
    assert len(book["Charts"]._charts) == 6  # modules, lots, a waterfall, hot spots, timeline, biogenic
    summary = table_after(book["Summary"], "All indicators — total over the study period")
    assert list(summary.columns) == ["Indicator", "Unit", "base", "light", "Δ light", "Δ light (%)"]


def test_cli_compare_writes_report_and_charts(tmp_path):
    project = hand_workbook(tmp_path)
    factors = tmp_path / "hand.csv"
    hand_factor_frame().to_csv(factors, index=False)
    out, charts = tmp_path / "out" / "rapport.xlsx", tmp_path / "charts"
    out.parent.mkdir()
    command = [sys.executable, "-m", "lca.cli", "compare", str(project), "--factors", str(factors), "-o",
               str(out), "--charts", str(charts), "--chart-format", "png,pdf", "--lang", "en"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "baseline: base" in done.stdout
    table = done.stdout.splitlines()
    light = next(line for line in table if line.startswith("light"))
    assert "4,305" in light.split() and "\u22121,085" in light.split()  # total and Δ, one number formatter
    assert openpyxl.load_workbook(out).sheetnames == [*SHEETS_EN, "Charts"]
    assert (charts / "modules.png").stat().st_size > 5_000
    assert (charts / "waterfall_extra.pdf").stat().st_size > 5_000


def test_cli_report_and_exit_codes(tmp_path):
    materials = [*MATERIALS, ["5", 9, "Inconnu", 1, "m3", "nope", None, None, None]]
    project = hand_workbook(tmp_path, materials)
    factors = tmp_path / "hand.csv"
    hand_factor_frame().to_csv(factors, index=False)
    out = tmp_path / "one.xlsx"
    base = [sys.executable, "-m", "lca.cli"]
    command = [*base, "report", str(project), "-o", str(out), "--factors", str(factors), "--variant", "light",
               "--no-charts"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 3, done.stderr  # a line was rejected
    summary = table_after(
        openpyxl.load_workbook(out)["Synthèse"], "Tous les indicateurs — total sur la période d'étude"
    )
    assert list(summary.columns) == ["Indicateur", "Unité", "light"]
    command = [*base, "compare", str(project), "--baseline", "nope", "--lang", "en"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "unknown variant 'nope'" in done.stderr and "Traceback" not in done.stderr


# ------------------------------------------------------------------ one language, no internal key (#11)
def report_texts(book: openpyxl.Workbook, data_headers: set[str]) -> list[tuple[str, str, str]]:
    """``(sheet, cell, text)`` of every text the report writes itself: titles, labels, notes, table
    headers and the cells of the tables, except the columns that hold data (``data_headers``: names
    typed by the user or read from a factor table, issue messages) — a column is known by its header,
    a header row by its fill."""
    out = []
    for ws in book.worksheets:
        header: dict[int, str] | None = None
        for row in ws.iter_rows():
            cells = [c for c in row if c.value is not None]
            if not cells:
                header = None  # a table ends at a blank row
                continue
            if any(c.fill.fgColor.rgb == "FFDDE5F0" for c in cells):
                header = {c.column: str(c.value) for c in cells}
                out += [(ws.title, c.coordinate, str(c.value)) for c in cells]
                continue
            for c in cells:
                if isinstance(c.value, str) and (header is None or header.get(c.column) not in data_headers):
                    out.append((ws.title, c.coordinate, c.value))
    return out


#: Columns of data, not of the report's words (their header in French and English).
DATA_HEADERS = {
    "Élément", "Element", "Nom de la fiche", "Factor name", "Nom", "Name", "Sources", "Versions", "Licence",
    "URL", "Message", "Valeur", "Value", "Identifiant source", "Source identifier", "Fichier", "File",
    "Norme", "Standard", "Table de facteurs", "Factor table", "Fiche", "Factor", "Colonne", "Column",
    "Ligne", "Line", "Feuille", "Sheet", "Édition de la base", "Database release", "Version de la fiche",
    "Dataset version", "Lignes", "Lines",
    # the RE2020 assumptions are lca.methods.re2020's sentences (two English ones still name "valeur
    # forfaitaire" and the key reference_area)
    "Hypothèse", "Assumption",
}  # fmt: skip


@functools.cache
def example_re2020_in(lang: str = "fr") -> Results:
    """The example with the RE2020 method, computed in ``lang`` as the CLI does (the RE2020 assumptions
    are written in the language of the computation)."""
    from lca.i18n import use_lang

    with use_lang(lang):
        return compute(read_project(dataset_path("examples", "residence_collective.xlsx")), method="re2020")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_report_speaks_one_language_without_internal_keys(tmp_path, lang):
    from tests.test_language_outputs import EXAMPLE_NAMES, foreign_words

    example_re2020 = example_re2020_in(lang)
    book = openpyxl.load_workbook(write_report(example_re2020, tmp_path / "r.xlsx", lang=lang, charts=False))
    assert "RE2020" in book.sheetnames
    # PER: the RE2020 reference study period ("période d'étude de référence"), a term of the regulation
    names = (*EXAMPLE_NAMES, *example_re2020.indicators, "lca", "PER")
    texts = report_texts(book, DATA_HEADERS)
    assert len(texts) > 500  # headers, labels, titles, lots, modules, data types, levels...
    found = [(sheet, cell, text) for sheet, cell, text in texts if foreign_words(text, lang, *names)]
    assert found == []
    values = {text for _, _, text in texts}
    internal = {"en15978", "re2020", "ceil", "fixed", "generic", "energy", "water", "info", "m**3", "True"}
    assert values & internal == set() if lang == "fr" else values & (internal - {"ceil", "generic"}) == set()
    method = {"fr": "RE2020 (ACV dynamique simplifiée)", "en": "RE2020 (simplified dynamic LCA)"}[lang]
    rule = {"fr": "entier", "en": "ceil"}[lang]  # the words each language's Projet sheet accepts
    pairs = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True) if row[0]}
    assert pairs[{"fr": "Méthode", "en": "Method"}[lang]] == method
    assert pairs[{"fr": "Règle de remplacement", "en": "Replacement rule"}[lang]] == rule
    lots = sheet_frame(book.worksheets[1])
    assert {"fr": "Énergie (B6)", "en": "Energy (B6)"}[lang] in set(lots["Lot"])
    title = {
        "fr": "Part du total par type de donnée (GWP-total)",
        "en": "Share of the total by data type (GWP-total)",
    }
    types = table_after(book.worksheets[4], title[lang])
    expected = {
        "fr": {"valeur forfaitaire", "donnée générique"},
        "en": {"fixed value (flat rate)", "generic"},
    }
    assert set(types.iloc[:, 0]) == expected[lang]


def test_english_words_are_caught_in_a_french_report(tmp_path):
    """The check above can fail: an English header in a French report is found."""
    from tests.test_language_outputs import foreign_words

    book = openpyxl.load_workbook(write_report(example_re2020_in("fr"), tmp_path / "r.xlsx", charts=False))
    book.worksheets[3]["B1"] = "Line"
    texts = report_texts(book, DATA_HEADERS - {"Ligne"})
    assert [t for t in texts if foreign_words(t[2], "fr")] == [("Lignes", "B1", "Line")]


def test_a_lot_whose_every_line_was_rejected_is_not_assessed_not_zero(tmp_path):
    materials = [*MATERIALS, ["5", 9, "Inconnu", 1, "m3", "nope", None, None, None],
                 ["6", 3, "Voiles bis", 1, "m3", "nope", None, None, None]]  # fmt: skip
    r = hand_results(tmp_path, materials)
    for lang, na, label in (("fr", "n.d.", "9 Sanitaires"), ("en", "n/a", "9 Plumbing")):
        book = openpyxl.load_workbook(write_report(r, tmp_path / f"{lang}.xlsx", charts=False, lang=lang))
        rows = list(book.worksheets[1].iter_rows(values_only=True))
        lots = sheet_frame(book.worksheets[1]).dropna(subset=["Indicateur" if lang == "fr" else "Indicator"])
        lot9 = lots.loc[lots["Lot"] == "9"]
        assert len(lot9) == len(r.indicators)  # one row per indicator, as every other lot
        assert lot9.iloc[0, 1] == label
        assert (lot9[["base", "light", "extra"]] == na).all().all()
        assert lots.loc[lots["Lot"] == "3", "base"].iloc[0] == pytest.approx(2170)  # line 6 is left out
        notes = [row[0] for row in rows if row[0] and str(row[0]).startswith("Lot ")]
        if lang == "fr":
            assert notes == [
                "Lot 3 Superstructure\u00a0: 1 ligne rejetée, absente de sa valeur (voir les "
                "problèmes relevés sur la feuille Qualité des données)",
                "Lot 9 Sanitaires\u00a0: toutes ses lignes ont été rejetées (1)\u00a0; son impact n'est pas "
                "connu (n.d.), voir les problèmes relevés sur la feuille Qualité des données",
            ]
        else:
            assert notes[1].startswith("Lot 9 Plumbing: every line was rejected (1); its impact is not known")


def test_the_report_is_one_small_module_per_sheet_family_without_circle():
    import ast
    from pathlib import Path

    import lca.report

    folder = Path(lca.report.__file__).parent
    imports: dict[str, set[str]] = {}
    for path in folder.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 600, path.name
        name = "lca.report" if path.stem == "__init__" else f"lca.report.{path.stem}"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports[name] = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lca.report")
        }
    assert len(imports) >= 9
    for name, used in imports.items():  # the sheets use cells and common, never the package nor each other
        if name != "lca.report":
            assert "lca.report" not in used, name
            assert used <= {"lca.report.cells", "lca.report.common", "lca.report.lines"}, (name, used)
    assert imports["lca.report.lines"] <= {"lca.report.cells", "lca.report.common"}


def test_an_unwritable_report_path_is_an_input_error_and_long_texts_are_cut(results, tmp_path):
    from lca.errors import InputError
    from lca.report.cells import MAX_TEXT, Book

    with pytest.raises(InputError, match="cannot write the report: No such file or directory"):
        write_report(results, tmp_path / "missing" / "r.xlsx", charts=False)
    book = Book(tmp_path / "long.xlsx", None)
    sheet = book.sheet("x" * 40)  # Excel allows 31 characters
    sheet.put(0, 0, "é" * 40_000)
    sheet.put(1, 0, "=1+1")
    book.close()
    ws = openpyxl.load_workbook(tmp_path / "long.xlsx").worksheets[0]
    assert ws.title == "x" * 31
    assert len(ws["A1"].value) == MAX_TEXT and ws["A1"].value.endswith("…")
    assert (ws["A2"].value, ws["A2"].data_type) == ("=1+1", "s")


def test_charts_already_drawn_are_neither_drawn_again_nor_embedded(results, tmp_path, monkeypatch):
    """The report's charts are native Excel charts: PNGs given (lca compare --charts) are not embedded."""
    import io
    import zipfile

    from PIL import Image

    import lca.plots
    from lca.plots import chart_specs

    comparison = compare(results, variants=["base", "light"])
    specs = chart_specs(results, comparison=comparison, lang="en")
    images = {}
    for k, (stem, _, _) in enumerate(specs):
        buffer = io.BytesIO()
        Image.new("RGB", (300, 100 + k), "white").save(buffer, "png", dpi=(150, 150))
        images[stem] = buffer.getvalue()

    def no_drawing(*args, **kwargs):
        raise AssertionError("a chart was drawn")

    monkeypatch.setattr(lca.plots, "render", no_drawing)
    path = write_report(results, tmp_path / "c.xlsx", comparison=comparison, lang="en", images=images)
    with zipfile.ZipFile(path) as archive:
        assert not [n for n in archive.namelist() if n.startswith("xl/media/")]
    charts = openpyxl.load_workbook(path)["Charts"]
    assert len(charts._charts) == len(specs) == 6 and not charts._images


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_report_of_a_workbook_of_mistakes_speaks_one_language(tmp_path, lang):
    from lca.i18n import use_lang
    from tests.test_language_outputs import MISTAKES_NAMES, foreign_words, mistakes_workbook

    with use_lang(lang):
        r = compute(read_project(mistakes_workbook(tmp_path)))
    assert r.errors  # rejected lines: the report is written all the same
    book = openpyxl.load_workbook(write_report(r, tmp_path / "r.xlsx", lang=lang, charts=False))
    texts = report_texts(book, DATA_HEADERS)
    assert [t for t in texts if foreign_words(t[2], lang, *MISTAKES_NAMES, *r.indicators, "lca")] == []
    levels = set(
        table_after(book.worksheets[4], {"fr": "Problèmes relevés", "en": "Issues found"}[lang]).iloc[:, 0]
    )
    assert levels == (
        {"erreur", "avertissement", "remarque"} if lang == "fr" else {"error", "warning", "note"}
    )
