"""The web page's words are in the catalogue of the CLI, in every language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("babel", reason="the message catalogue needs Babel")

from lca.i18n import catalogue, languages
from lca.web import analysis, app, charts

WEB = Path(app.__file__).resolve().parent
CALL = re.compile(r"""\bt\((["'])(.*?)\1""")


def _template_msgids() -> set[str]:
    return {
        m.group(2) for p in (WEB / "templates").glob("*.html") for m in CALL.finditer(p.read_text("utf-8"))
    }


def _code_msgids() -> set[str]:
    constants = [app.CROSS_ORIGIN, app.TOO_LARGE, app.NOT_FOUND, app.INTERNAL_ERROR, app.BAD_FORM]
    constants += [
        app.NO_FILE,
        app.BAD_METHOD,
        app.BAD_PERIOD,
        analysis.TOTAL_LABEL,
        analysis.RE2020_DISCLAIMER,
    ]
    constants += ["File", "Project", "Reference area", "Dwellings", "Study period", "years"]
    return {*constants, *charts.CHART_NAMES.values()}


def test_the_templates_use_the_catalogue():
    found = _template_msgids()
    assert len(found) > 80
    assert "Compute" in found and "Issues to fix in the workbook" in found


@pytest.mark.parametrize("lang", languages())
def test_every_web_message_is_translated(lang):
    entries = catalogue(lang).entries
    missing = sorted(m for m in _template_msgids() | _code_msgids() if not entries.get((None, m)))
    assert missing == []


def test_french_is_french():
    entries = catalogue("fr").entries
    assert entries[(None, "Compute")] == "Calculer"
    assert entries[(None, "Downloads")] == "Téléchargements"
    same = [m for m in _template_msgids() if entries[(None, m)] == m and len(m) > 12]
    assert same == []  # a sentence left in English
