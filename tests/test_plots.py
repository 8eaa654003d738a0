"""Charts: series, labels and legends checked through the Axes API (Agg backend); exported files."""

from __future__ import annotations

import subprocess
import sys

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.colors import to_hex

from lca.plots import (
    GROUP_STYLE,
    LOT_STYLE,
    plot_biogenic,
    plot_hotspots,
    plot_lots,
    plot_modules,
    plot_timeline,
    plot_waterfall,
    save_charts,
    shorten,
)
from tests.test_compare import hand_results


@pytest.fixture
def results(tmp_path):
    return hand_results(tmp_path)


@pytest.fixture
def ax():
    figure, axes = plt.subplots()
    yield axes
    plt.close(figure)


def legend_texts(axes) -> list[str]:
    return [t.get_text() for t in axes.get_legend().get_texts()]


def containers(axes) -> dict[str, object]:
    return {c.get_label(): c for c in axes.containers}


def test_modules_stacked_bars_with_d_beside(results, ax):
    assert plot_modules(results, ax=ax) is ax
    bars = containers(ax)
    # stacked groups, in order, and D as its own hatched bar
    assert list(bars) == ["A1-A3 Production", "A4-A5 Chantier", "B4 Remplacements", "B6 Énergie",
                          "C1-C4 Fin de vie", "D Hors cycle (hors total)"]  # fmt: skip
    heights = {k: [p.get_height() for p in c] for k, c in bars.items()}
    assert heights["A1-A3 Production"] == pytest.approx([2200, 1200, 2240])
    assert heights["B6 Énergie"] == pytest.approx([3000, 3000, 3000])
    assert heights["D Hors cycle (hors total)"] == pytest.approx([-110, -60, -110])
    bottoms = [p.get_y() for p in bars["B6 Énergie"]]
    assert bottoms == pytest.approx([2270, 1235, 2350])  # on top of A1-A3 + A4-A5 (+ B4)
    assert bars["D Hors cycle (hors total)"][0].get_hatch() == GROUP_STYLE["D"][1]
    assert to_hex(bars["A1-A3 Production"][0].get_facecolor()) == GROUP_STYLE["A1-A3"][0].lower()
    total = next(line for line in ax.get_lines() if line.get_label() == "Total")
    assert list(total.get_ydata()) == pytest.approx([5390, 4305, 5470])
    assert ax.get_ylabel() == "GWP-total [kg CO2e]"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["base", "light", "extra"]
    legend = legend_texts(ax)
    assert legend[0] == "Total" and legend[-1] == "D Hors cycle (hors total)"
    assert legend[1] == "C1-C4 Fin de vie"  # the legend reads like the stack, top first


def test_modules_per_m2_in_english(results, ax):
    plot_modules(results, per="m2", ax=ax, lang="en")
    assert ax.get_ylabel() == "GWP-total [kg CO2e/m²]"
    assert "A1-A3 Product" in legend_texts(ax)
    total = next(line for line in ax.get_lines() if line.get_label() == "Total")
    assert list(total.get_ydata()) == pytest.approx([53.9, 43.05, 54.7])


def test_lots_share_one_colour_per_lot(results, ax):
    plot_lots(results, ax=ax)
    bars = containers(ax)
    assert set(bars) == {
        "3 Superstructure",
        "6 Façades, menuiseries ext.",
        "8 CVC",
        "Énergie (B6)",
    }
    assert [p.get_height() for p in bars["3 Superstructure"]] == pytest.approx([2170, 1085, 2170])
    assert [p.get_height() for p in bars["8 CVC"]] == pytest.approx([0, 0, 80])
    assert to_hex(bars["3 Superstructure"][0].get_facecolor()) == LOT_STYLE["3"][0].lower()
    # the same lot has the same colour and hatch in the hot-spot chart
    figure, other = plt.subplots()
    plot_hotspots(results, ax=other)
    names = [t.get_text() for t in other.get_yticklabels()]
    walls = other.patches[names.index("Voiles béton")]
    assert to_hex(walls.get_facecolor()) == LOT_STYLE["3"][0].lower()
    assert walls.get_hatch() == bars["3 Superstructure"][0].get_hatch()
    plt.close(figure)


def test_waterfall_from_baseline_to_variant(results, ax):
    plot_waterfall(results, "light", by="lot", ax=ax)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["base", "3 Superstructure", "light"]
    widths = [p.get_width() for p in ax.patches]
    assert widths == pytest.approx([5390, 4305, -1085])  # the two totals, then the step
    assert ax.patches[2].get_x() == pytest.approx(5390)
    assert ax.get_xlabel() == "GWP-total [kg CO2e]"
    assert ax.get_title(loc="left") == "De «\u00a0base\u00a0» à «\u00a0light\u00a0»\u00a0: GWP-total par lot"


def test_waterfall_by_element_groups_the_rest(results, ax):
    plot_waterfall(results, "light", by="element", n=1, ax=ax, lang="en")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["base", "Voiles béton", "Others (1)", "light"]
    assert [p.get_width() for p in ax.patches][2:] == pytest.approx([-2170, 1085])


def test_hotspots_pareto_with_cumulative_share(results, ax):
    plot_hotspots(results, variant="extra", n=3, ax=ax)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["électricité chauffage", "Voiles béton", "Fenêtres"]
    assert [p.get_width() for p in ax.patches] == pytest.approx([3000, 2170, 220])
    twin = next(a for a in ax.figure.axes if a is not ax)
    share = twin.get_lines()[0]
    assert list(share.get_xdata()) == pytest.approx(np.cumsum([3000, 2170, 220]) / 5470 * 100)
    assert "Part cumulée du total [%]" in legend_texts(ax)


def test_timeline_one_line_per_variant_ending_at_the_total(results, ax):
    plot_timeline(results, ax=ax)
    lines = {line.get_label(): line for line in ax.get_lines() if not line.get_label().startswith("_")}
    assert list(lines) == ["base", "light", "extra"]
    assert lines["extra"].get_ydata()[-1] == pytest.approx(5470)
    assert lines["extra"].get_xdata()[-1] == pytest.approx(50)
    assert lines["extra"].get_drawstyle() == "steps-post"
    assert ax.get_xlabel() == "Année après la livraison [ans]"
    assert ax.get_ylabel() == "GWP-total [kg CO2e]"
    assert legend_texts(ax) == ["base", "light", "extra"]


def test_biogenic_chart_without_data_says_so(results, ax):
    plot_biogenic(results, ax=ax)
    assert [p.get_height() for p in ax.patches] == pytest.approx([0, 0, 0])
    assert ax.get_ylabel() == "Carbone biogénique stocké [kg CO2e]"
    assert any("Aucun facteur" in t.get_text() for t in ax.texts)


def test_a_figure_is_made_only_without_ax(results):
    before = plt.get_fignums()
    figure, axes = plt.subplots()
    plot_lots(results, ax=axes)
    assert len(plt.get_fignums()) == len(before) + 1
    made = plot_lots(results)
    assert len(plt.get_fignums()) == len(before) + 2
    plt.close(figure)
    plt.close(made.figure)


def test_long_names_are_wrapped_and_cut():
    text = shorten(
        "Isolation thermique par l'extérieur en laine minérale sous enduit, 200 mm, collée-chevillée", 28
    )
    lines = text.split("\n")
    assert len(lines) == 2 and all(len(line) <= 28 for line in lines) and lines[-1].endswith("…")


def test_unknown_language_or_per(results):
    from lca import InputError

    with pytest.raises(InputError, match="unknown language 'de'"):
        plot_modules(results, lang="de")
    with pytest.raises(InputError, match="per='floor'"):
        plot_lots(results, per="floor")


def test_save_charts_writes_every_format(results, tmp_path):
    written = save_charts(results, tmp_path / "charts", formats=("png", "svg", "pdf"), dpi=200)
    stems = {p.stem for p in written}
    assert stems == {
        "modules",
        "lots",
        "waterfall_light",
        "waterfall_extra",
        "hotspots",
        "timeline",
        "biogenic",
    }
    assert {p.suffix for p in written} == {".png", ".svg", ".pdf"}
    for path in written:
        assert path.stat().st_size > 5_000, path
    from PIL import Image

    with Image.open(tmp_path / "charts" / "modules.png") as image:
        assert image.info["dpi"][0] == pytest.approx(200, abs=1)
        assert image.width > 1000
    assert (tmp_path / "charts" / "modules.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert (tmp_path / "charts" / "modules.pdf").read_bytes()[:4] == b"%PDF"


def test_importing_the_library_does_not_import_matplotlib():
    code = "import sys, lca, lca.plots, lca.report, lca.compare; assert 'matplotlib' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_waterfall_zooms_on_small_changes_and_says_so(results, ax):
    plot_waterfall(results, "extra", ax=ax, lang="en")  # +80 on 5390
    low, high = ax.get_xlim()
    assert 0 < low < 5390 < 5470 < high
    assert any(t.get_text().startswith("Axis cut: it starts at") for t in ax.texts)
    # a large change keeps the axis at 0
    figure, other = plt.subplots()
    plot_waterfall(results, "light", ax=other, lang="en")
    assert other.get_xlim()[0] == 0
    assert not any(t.get_text().startswith("Axis cut") for t in other.texts)
    plt.close(figure)


# ------------------------------------------------------------------ issue 11.8: language, names, units
import re  # noqa: E402
from dataclasses import replace as _replace  # noqa: E402
from pathlib import Path  # noqa: E402

from lca import InputError  # noqa: E402
from lca.plots import chart_specs, render, render_all, variant_labels  # noqa: E402
from tests.test_language_outputs import foreign_words  # noqa: E402

EXAMPLE = Path(__file__).resolve().parent.parent / "datasets" / "examples" / "residence_collective.xlsx"


@pytest.fixture(scope="module")
def example():
    from lca import compute, read_project

    return compute(read_project(EXAMPLE), method="re2020")


def drawn_figures(results, lang, **options):
    """Every chart of the report, drawn (tick labels filled): ``{stem: Figure}``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    out = {}
    for stem, draw, size in chart_specs(results, lang=lang, **options):
        figure = Figure(figsize=size, dpi=60, layout="constrained")
        FigureCanvasAgg(figure)
        draw(figure.add_subplot())
        figure.canvas.draw()
        out[stem] = figure
    return out


def figure_texts(figure) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]


def user_words(results) -> list[str]:
    """What the user typed and a chart shows as is: variant names and descriptions, element names."""
    words = [str(v.name) for v in results.project.variants] + [
        v.description for v in results.project.variants
    ]
    return [w for w in words + list(results.lines["element"].astype(str).unique()) if w]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_chart_text_is_in_the_chart_language(example, lang):
    figures = drawn_figures(example, lang)
    assert set(figures) >= {"modules", "lots", "hotspots", "timeline", "biogenic", "re2020"}
    names = user_words(example)
    for stem, figure in figures.items():
        texts = figure_texts(figure)
        assert len(texts) > 10, stem
        # the variants' descriptions are cut with an ellipsis: their pieces are the user's words too
        pieces = [line.rstrip("…").strip() for t in texts for line in t.split("\n") if "…" in line]
        found = foreign_words("\n".join(texts), lang, *names, *pieces)
        assert found == [], (stem, found)
        numbers = " ".join(t for t in texts if t not in names)
        if lang == "fr":  # decimal comma, narrow no-break space between thousands
            assert not re.search(r"\d\.\d", numbers.replace("C30/37", "")), stem
        else:
            assert not re.search(r"\d,\d{1,2}(?!\d)", numbers), stem
    modules = figure_texts(figures["modules"])
    assert ("GWP-total [kg CO2e/m²]" in modules) and ("1\u202f362" if lang == "fr" else "1,362") in modules
    assert ("Sans lot" if lang == "fr" else "No lot") not in modules


def test_the_markers_catch_a_chart_left_in_the_other_language():
    assert foreign_words("Cumulative emissions over 50 years", "fr") == ["years"]
    assert foreign_words("Émissions cumulées sur 50 ans", "en") == ["ans", "sur"]


def test_one_gwp_unit_spelling_in_every_chart(example):
    for lang in ("fr", "en"):
        for stem, figure in drawn_figures(example, lang).items():
            text = "\n".join(figure_texts(figure))
            assert "éq" not in text and "CO2 eq" not in text and "CO2-eq" not in text, stem
            assert re.search(r"\[(kg|t) CO2e(/m²)?( Sref)?\]", text), stem


def test_charts_name_variants_by_their_description(results):
    figure, ax = plt.subplots()
    plot_modules(results, ax=ax, variant_label="description")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["béton", "moins de béton", "isolant"]
    plt.close(figure)
    # the charts of a report do so by default; the file names keep the variant names
    figures = drawn_figures(results, "fr")
    assert "waterfall_light" in figures
    waterfall = figures["waterfall_light"].axes[0]
    assert [t.get_text() for t in waterfall.get_yticklabels()] == [
        "béton",
        "3 Superstructure",
        "moins de béton",
    ]
    title = "De «\u00a0béton\u00a0» à «\u00a0moins de béton\u00a0»\u00a0: GWP-total par lot"
    assert waterfall.get_title(loc="left") == title
    timeline = figures["timeline"].axes[0]
    assert [t.get_text() for t in timeline.get_legend().get_texts()] == ["béton", "moins de béton", "isolant"]
    assert variant_labels(results, ["base", "light"], "name") == {"base": "base", "light": "light"}


def test_a_variant_without_description_keeps_its_name_and_long_ones_are_cut(results):
    long = "Variante bois : ossature bois, isolation en fibre de bois, bardage mélèze, menuiseries mixtes"
    variants = results.project.variants
    described = {"base": "", "light": long, "extra": ""}
    results.project.variants = [_replace(v, description=described[v.name]) for v in variants]
    assert variant_labels(results, ["base", "light", "extra"], "description") == {
        "base": "base", "light": long, "extra": "extra"}  # fmt: skip
    figure, ax = plt.subplots()
    plot_lots(results, ax=ax, variant_label="description")
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "base" and ticks[2] == "extra"
    assert ticks[1] == "Variante bois :\nossature bois,\nisolation en…"
    plt.close(figure)
    # two variants described alike are told apart by their names
    results.project.variants = [_replace(v, description="même") for v in variants]
    assert variant_labels(results, ["base", "light"], "description") == {
        "base": "même (base)",
        "light": "même (light)",
    }
    with pytest.raises(InputError, match="variant_label='label': expected one of name, description"):
        variant_labels(results, ["base"], "label")


def test_waterfall_per_m2_of_reference_area(results, ax):
    # hand case: base 5390, light 4305 kg CO2e, lot 3 -1085; reference area 100 m²
    plot_waterfall(results, "light", by="lot", per="m2", ax=ax)
    assert [p.get_width() for p in ax.patches] == pytest.approx([53.9, 43.05, -10.85])
    assert ax.patches[2].get_x() == pytest.approx(53.9)
    assert ax.get_xlabel() == "GWP-total [kg CO2e/m²]"
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["−10,85", "53,90", "43,05"]
    with pytest.raises(InputError, match="per='dwelling' needs the project's"):
        results.project.dwellings = None
        plot_waterfall(results, "light", per="dwelling")


def test_report_charts_share_one_unit_per_m2(results):
    figures = drawn_figures(results, "en")
    for stem in ("modules", "lots", "waterfall_light", "waterfall_extra", "hotspots", "timeline"):
        axes = figures[stem].axes[0]
        label = axes.get_ylabel() if stem in ("modules", "lots", "timeline") else axes.get_xlabel()
        assert label == "GWP-total [kg CO2e/m²]", stem
    hot = figures["hotspots"].axes[0]
    assert [p.get_width() for p in hot.patches][:3] == pytest.approx([30.0, 21.7, 2.2])
    per_total = drawn_figures(results, "en", per="total")
    assert per_total["waterfall_light"].axes[0].get_xlabel() == "GWP-total [kg CO2e]"


def test_nothing_is_cut_at_the_figure_edges(example):
    """The layout is computed once and the file is not cropped afterwards: what a "tight" crop would keep
    (every drawn text, legend and tick label) must lie inside the figure."""
    for lang in ("fr", "en"):
        for stem, figure in drawn_figures(example, lang).items():
            inside = figure.get_tightbbox(figure.canvas.get_renderer())  # [inches]
            width, height = figure.get_size_inches()
            assert inside.x0 >= -0.02 and inside.y0 >= -0.02, (lang, stem, inside)
            assert inside.x1 <= width + 0.02 and inside.y1 <= height + 0.02, (lang, stem, inside)


def test_render_lays_out_once_at_the_figure_size():
    from PIL import Image

    def draw(ax):
        ax.bar([0, 1], [1, 2], label="a very long legend entry that needs room")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
        return ax

    png = render(draw, (4, 3), "png", dpi=100)
    with Image.open(__import__("io").BytesIO(png)) as image:
        assert image.size == (400, 300)  # the figure's size: no "tight" crop after the layout
    both = render(draw, (4, 3), ["png", "svg"], dpi=100)
    assert both["png"] == png and b"<svg" in both["svg"]


def test_the_re2020_method_does_not_import_its_chart():
    """Issue 15: data flows one way, methods compute and plots draw (no import circle)."""
    import ast

    import lca.methods.re2020 as method

    tree = ast.parse(Path(method.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported if m and ("plot" in m or m.startswith("matplotlib"))}
    style = ast.parse(Path(__import__("lca.plot_style").plot_style.__file__).read_text(encoding="utf-8"))
    assert not [
        n
        for n in ast.walk(style)
        if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("lca.plots")
    ]


def test_render_all_in_processes_gives_the_same_bytes(results):
    specs = chart_specs(results, lang="en")
    one_by_one = render_all(specs, ["png", "svg"], 60, processes=1)
    shared = render_all(specs, ["png", "svg"], 60, processes=2)
    assert shared == one_by_one and len(shared) == len(specs) == 7
    assert one_by_one[0] == render(specs[0][1], specs[0][2], ["png", "svg"], 60)
