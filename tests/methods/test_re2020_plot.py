"""The RE2020 chart (issue 9 point 10): Ic_construction and Ic_énergie in two panels against their maxima;
a variant is drawn as compliant only when both pass."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from matplotlib.colors import to_hex

from lca.methods.re2020_plot import ABOVE_HATCH, COMPLIANT, NOT_COMPLIANT, figure_size, plot_re2020
from lca.model import Variant
from lca.plots import chart_specs, render
from tests.methods.test_re2020 import conc, re, run

matplotlib.use("Agg")


def heat(kwh: float, variant: str) -> dict:
    return {"line_id": f"E-{variant}", "kind": "energy", "quantity": kwh, "unit": "kWh", "factor_id": "elec",
            "variant": variant}  # fmt: skip


@pytest.fixture(scope="module")
def results():
    # same concrete; 'hot' heats with 10,000 kWh a year (Ic énergie above its maximum), 'ok' with 1,000
    lines = [conc(10), heat(10_000, "hot"), heat(1_000, "ok")]
    return run(lines, variants=[Variant("hot"), Variant("ok")])


def test_the_example_verdicts_are_the_ones_drawn(results):
    hot, ok = re(results, "hot"), re(results, "ok")
    assert hot["margins"]["ic_construction"] > 0 > hot["margins"]["ic_energie"] and not hot["compliant"]
    assert ok["compliant"]


def test_two_panels_with_the_values_and_their_maxima(results):
    ax = plot_re2020(results)
    construction, energie = ax.figure.axes
    assert ax is construction and ax.re2020_energie is energie
    assert [construction.get_title(), energie.get_title()] == ["Ic construction", "Ic énergie"]
    for panel, key in ((construction, "ic_construction"), (energie, "ic_energie")):
        heights = [p.get_height() for p in panel.patches]
        assert heights == pytest.approx([re(results, v)[key] for v in ("hot", "ok")])
        # the permit year's maximum is the first set of ticks, one per variant, at the variant's maximum
        permit = panel.collections[0]
        levels = [segment[0][1] for segment in permit.get_segments()]
        assert levels == pytest.approx([re(results, v)[f"{key}_max"] for v in ("hot", "ok")])
        assert permit.get_label() == "Seuil du permis (2025)"


def test_compliant_only_when_both_pass(results):
    construction, energie = plot_re2020(results).figure.axes
    for panel in (construction, energie):
        assert [to_hex(p.get_facecolor()) for p in panel.patches] == [NOT_COMPLIANT, COMPLIANT]
        assert [t.get_text() for t in panel.get_xticklabels()] == ["hot\nnon conforme", "ok\nconforme"]
    # Ic construction of 'hot' passes (plain bar, red: the variant fails); its Ic énergie is hatched
    assert [p.get_hatch() or "" for p in construction.patches] == ["", ""]
    assert [p.get_hatch() or "" for p in energie.patches] == [ABOVE_HATCH, ""]


def test_english_labels_and_legend(results):
    ax = plot_re2020(results, lang="en")
    energie = ax.re2020_energie
    labels = [t.get_text() for t in energie.get_legend().get_texts()]
    assert labels[:3] == [
        "Compliant 2025: Ic construction and Ic énergie ≤ maxima",
        "Not compliant 2025: at least one maximum exceeded",
        "Bar above its own 2025 maximum",
    ]
    assert "Permit-year maximum (2025)" in labels
    assert [t.get_text() for t in ax.get_xticklabels()] == ["hot\nnot compliant", "ok\ncompliant"]


def test_drawn_in_the_place_of_a_given_axes(results):
    from matplotlib.figure import Figure

    figure = Figure(figsize=figure_size(2), layout="constrained")
    given = figure.add_subplot()
    ax = plot_re2020(results, ax=given)
    assert given not in figure.axes and len(figure.axes) == 2 and ax is figure.axes[0]


def test_report_chart_renders(results):
    (spec,) = [s for s in chart_specs(results) if s[0] == "re2020"]
    assert spec[2] == figure_size(2) == (10.3, 4.8)
    png = render(spec[1], spec[2], "png", dpi=60)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    assert np.isfinite(figure_size(9)[0]) and figure_size(9)[0] == pytest.approx(27.1)
