"""Terminal tables that fit the width, and progress bars that stay silent off a terminal."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pandas as pd
import pytest

from lca.terminal import progress, render_table, terminal_width

NNBSP = "\u202f"
ANSI = re.compile(r"\x1b\[")


def _wide() -> pd.DataFrame:
    """A summary table about 150 characters wide, like `lca run` printed before issue 11."""
    frame = pd.DataFrame(
        {
            "total [kg CO2e]": [f"104{NNBSP}357", f"98{NNBSP}765"],
            "per m² [kg CO2e/m²]": [f"1{NNBSP}044", "987,6"],
            "per m²·yr [kg CO2e/(m²·yr)]": ["20,9", "19,8"],
            "per dwelling [kg CO2e]": [f"104{NNBSP}357", f"98{NNBSP}765"],
            "D (not in total) [kg CO2e]": ["−1 234", "−2 345"],
            "lines computed": ["45/45", "44/45"],
            "description": ["Variante de base avec béton bas carbone et isolation biosourcée", "bois"],
        },
        index=pd.Index(["base — une très longue variante de référence", "bois"], name="variante"),
    )
    return frame


def test_a_wide_table_fits_80_columns_numbers_whole_names_shortened():
    out = render_table(_wide(), width=80, lang="fr", color=False)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert not ANSI.search(out)
    for number in (f"104{NNBSP}357", f"98{NNBSP}765", f"1{NNBSP}044", "987,6", "20,9", "19,8"):
        assert number in out  # numbers are never cut
    assert "base — une …" in out  # a long name is shortened with an ellipsis
    assert "bois" in out
    assert lines[-1] == "1 colonne non affichée (terminal trop étroit)"  # the least important one went


def test_the_most_important_columns_come_first_and_stay():
    frame = _wide()
    out = render_table(
        frame, priority=["description", "per m² [kg CO2e/m²]"], width=80, lang="en", color=False
    )
    first_row = next(line for line in out.splitlines() if "1 044" in line.replace(NNBSP, " "))
    assert first_row.index("Variante de base") < first_row.index(f"1{NNBSP}044")
    assert "total" not in out  # not asked for
    assert "Variante de base" in out
    assert "column not shown" not in out  # left-out columns were not asked for: no note


def test_a_narrow_terminal_drops_columns_from_the_end_with_a_plural_note():
    out = render_table(_wide(), width=40, lang="en", color=False)
    assert max(len(line) for line in out.splitlines()) <= 40
    assert "104,357" not in out and f"104{NNBSP}357" in out  # cells are shown as given
    assert "5 columns not shown (the terminal is too narrow)" in " ".join(out.split())


def test_width_comes_from_columns_else_80_off_a_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert terminal_width() == 100
    out = render_table(_wide(), lang="en", color=False)
    assert 80 < max(len(line) for line in out.splitlines()) <= 100
    monkeypatch.delenv("COLUMNS")
    assert terminal_width(io.StringIO()) == 80
    monkeypatch.setenv("COLUMNS", "abc")
    assert terminal_width(io.StringIO()) == 80


def test_numbers_and_non_text_cells_are_rendered_in_the_language():
    frame = pd.DataFrame({"value": [1234.5, float("nan")], "n": [1, 2]}, index=["a", "b"])
    out = render_table(frame, width=80, lang="fr", color=False)
    assert f"1{NNBSP}234,5" in out and "n.d." in out
    out = render_table(frame, width=80, lang="en", color=False, index=False)
    rows = out.splitlines()
    assert rows[2] == "1,234.5   1" and rows[3] == "    n/a   2"  # no index column


def test_colour_only_when_asked_or_on_a_terminal():
    frame = pd.DataFrame({"x": ["1"]})
    assert ANSI.search(render_table(frame, width=80, color=True, lang="en"))
    assert not ANSI.search(render_table(frame, width=80, lang="en"))  # pytest's stdout is not a terminal


def test_the_summary_fits_80_columns_in_a_subprocess():
    code = (
        "import pandas as pd; from lca.terminal import render_table; "
        "f = pd.DataFrame({f'column number {i} [kg CO2e/(m²·yr)]': ['123 456,7'] for i in range(12)}, "
        "index=['x']); "
        "print(render_table(f), end='')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=None)
    assert out.stdout and max(len(line) for line in out.stdout.splitlines()) <= 80
    assert not ANSI.search(out.stdout)


def test_an_empty_table():
    out = render_table(pd.DataFrame({"a": []}), width=80, lang="en", color=False)
    assert out.splitlines()[0].strip() == "a"


def test_progress_is_silent_off_a_terminal(capsys):
    stream = io.StringIO()
    assert list(progress(range(5), "Calcul", stream=stream)) == [0, 1, 2, 3, 4]
    assert stream.getvalue() == ""
    assert list(progress(iter("ab"))) == ["a", "b"]
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""


def test_progress_draws_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    assert list(progress(range(3), "Calcul", total=3, stream=stream, lang="fr")) == [0, 1, 2]
    assert "Calcul" in stream.getvalue()


@pytest.mark.parametrize("width", [20, 33, 57, 80, 121])
def test_any_width_is_respected(width):
    out = render_table(_wide(), width=width, lang="fr", color=False)
    assert max(len(line) for line in out.splitlines()) <= width


def test_progress_callback_is_none_off_a_terminal_and_draws_on_one():
    from lca.terminal import progress_callback

    with progress_callback(10, "Tirages", stream=io.StringIO()) as bar:
        assert bar is None  # the caller skips its reports: nothing is written to a file or a pipe

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    with progress_callback(10, "Tirages en cours", stream=stream, lang="fr") as bar:
        assert bar is not None
        for done in (2, 5, 10):
            bar(done)
    assert "Tirages en cours" in stream.getvalue()


def test_wrapped_columns_are_never_cut_and_titles_wrap():
    frame = pd.DataFrame(
        {"verdict": ["non conforme", "conforme"], "Ic": ["474,7", "341,0"], "notes": ["x" * 40, "y"]},
        index=pd.Index(["base", "bois"], name="Variante"),
    )
    title = "RE2020 — ACV dynamique simplifiée, permis 2025 (textes version 2025), par m² de Sref"
    out = render_table(frame, width=40, lang="fr", color=False, wrap=["verdict"], title=title)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 40
    base = next(i for i, line in enumerate(lines) if line.startswith("base"))
    assert lines[base].split()[:2] == ["base", "non"] and lines[base + 1].split()[0] == "conforme"
    assert "…" not in lines[base].split()[1]  # the verdict wraps on two lines, it is not shortened
    assert title in " ".join(" ".join(lines[:3]).split())  # the whole title, on several lines
    assert "xxxxx…" in out  # a column not asked to wrap is still shortened
