"""The charts of :func:`lca.plots.chart_specs`, as inline SVG for the page and as files to download.

Inline SVG keeps real text (``svg.fonttype = none``): it is sharp on a projector, searchable and read
by screen readers. The page's Content-Security-Policy (``default-src 'self'``) forbids inline styles, so
the SVG's ``style`` attributes and its ``<style>`` element become presentation attributes (``fill``,
``stroke``, ``font-size``…), which the policy allows; its ids get a prefix per chart so that several
charts can share one page.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lca.compare import Comparison

#: Chart file stem -> what it shows, for its accessible name.
CHART_NAMES = {
    "modules": "By life-cycle stage",
    "lots": "By lot",
    "waterfall": "From the baseline to this variant, by lot",
    "hotspots": "Largest contributors of the baseline",
    "timeline": "Cumulative emissions over the study period",
    "biogenic": "Biogenic carbon stored in the building",
    "re2020": "RE2020 indicators against their maxima",
}
_FIXED_ZIP_DATE = (2000, 1, 1, 0, 0, 0)  # same inputs, same bytes
_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
_DECLARATION = re.compile(r"\s*([a-z-]+)\s*:\s*(.+?)\s*$")
_GEOMETRY = re.compile(r'(\s(?:d|x|y|transform|viewBox)=")([^"]*)"')
_DECIMALS = re.compile(r"(\d\.\d{2})\d+")


def chart_name(stem: str) -> str:
    """What a chart shows, from its file stem (``waterfall_<variant>`` included)."""
    return CHART_NAMES.get(stem.split("_", 1)[0] if stem.startswith("waterfall_") else stem, stem)


def inline_svgs(comparison: Comparison, lang: str) -> list[tuple[str, str]]:
    """Every chart of the comparison as ``(stem, svg markup)``, safe to put inline in a page.

    Parameters
    ----------
    comparison
        The variants and baseline to draw.
    lang
        ``fr`` or ``en``.
    """
    import matplotlib

    from lca.plots import chart_specs, render

    out = []
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "lca-web"}):
        specs = chart_specs(comparison.results, comparison=comparison, lang=lang)
        for n, (stem, draw, size) in enumerate(specs):
            svg = render(draw, size, "svg")
            out.append((stem, csp_safe_svg(svg.decode("utf-8"), f"c{n}-")))  # type: ignore[union-attr]
    return out


def csp_safe_svg(svg: str, prefix: str) -> str:
    """Matplotlib's SVG made fit for a page under ``default-src 'self'``.

    Drops the XML prolog and metadata, turns ``style`` attributes and the ``<style>`` element into
    presentation attributes, rounds coordinates to 1/100 point, prefixes every id (and every
    ``url(#…)``/``href="#…"`` reference) with ``prefix``, and lets the stylesheet size the chart
    (``width``/``height`` removed, ``viewBox`` kept).
    """
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    root_rules = ""
    found = re.search(r"<style[^>]*>\s*\*\s*\{([^}]*)\}\s*</style>", svg)
    if found:
        root_rules = found.group(1)
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.DOTALL)
    svg = _STYLE_ATTR.sub(lambda m: _attributes(m.group(1)), svg)
    # 1/100 of a point is finer than any screen or projector shows; the page gets 40 % lighter
    svg = _GEOMETRY.sub(lambda m: m.group(1) + _DECIMALS.sub(r"\1", m.group(2)) + '"', svg)
    svg = re.sub(r'\sid="([^"]+)"', lambda m: f' id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', svg)
    head_end = svg.index(">")
    head = re.sub(r'\s(width|height)="[^"]*"', "", svg[:head_end])
    svg = head + _attributes(root_rules) + ' class="chart" role="img"' + svg[head_end:]
    return svg


def _attributes(style: str) -> str:
    """``fill: #fff; stroke-width: 0.8`` as `` fill="#fff" stroke-width="0.8"``."""
    out = []
    for declaration in style.split(";"):
        found = _DECLARATION.match(declaration)
        if found:
            name, value = found.groups()
            out.append(f' {name}="{value.replace(chr(34), chr(39))}"')
    return "".join(out)


def charts_zip(comparison: Comparison, lang: str) -> bytes:
    """Every chart as PNG, SVG and PDF in one ZIP (the files ``lca compare --charts`` writes)."""
    from lca.plots import chart_specs, render

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for stem, draw, size in chart_specs(comparison.results, comparison=comparison, lang=lang):
            drawn = render(draw, size, ["png", "svg", "pdf"])
            for fmt, data in drawn.items():  # type: ignore[union-attr]
                info = zipfile.ZipInfo(f"{stem}.{fmt}", date_time=_FIXED_ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
    return buffer.getvalue()
