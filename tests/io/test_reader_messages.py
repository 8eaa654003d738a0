"""The bounded reader's messages (lca.io.bounded, lca.io.tabular) in French and English, singular and
plural: what is not read, and why, in the user's language (issue 11)."""

from __future__ import annotations

import pytest

from lca.io.bounded import long_cells_issue, rows_cut_issue
from lca.io.tabular import Sheets, _beyond_format_issue, _too_large_issue, _too_many_sheets

NB, NNB = "\u00a0", "\u202f"


def test_long_cells_one_and_many():
    one, many = long_cells_issue("a.csv", None, [(2, 4)]), long_cells_issue("a.csv", "S", [(2, 4)] * 1500)
    assert one.render("en") == (
        "[warning] row 2: 1 cell longer than 32,767 characters (MAX_CELL_CHARS, Excel's own limit) is cut to "
        "that length; it is in column 4"
    )
    assert one.render("fr") == (
        f"[avertissement] ligne 2{NB}: 1 cellule de plus de 32{NNB}767 caractères (MAX_CELL_CHARS, la limite "
        f"d'Excel) est coupée à cette longueur{NB}; elle est dans la colonne 4"
    )
    assert many.render("en").startswith(
        "[warning] sheet 'S', row 2: 1,500 cells longer than 32,767 characters"
    )
    assert many.render("en").endswith("are cut to that length; the first is in column 4")
    assert many.render("fr").startswith(
        f"[avertissement] feuille «{NB}S{NB}», ligne 2{NB}: 1{NNB}500 cellules de"
    )
    assert many.render("fr").endswith(f"sont coupées à cette longueur{NB}; la première est dans la colonne 4")


@pytest.mark.parametrize(
    ("total", "en", "fr"),
    [
        (1001, "row 1001 is not read: at most 1,000 rows are read",
         f"la ligne 1001 n'est pas lue{NB}: au plus 1{NNB}000 lignes sont lues"),
        (1_100_001, "rows 1001 to 1100001 are not read: at most 1,000 rows are read",
         f"les lignes 1001 à 1100001 ne sont pas lues{NB}: au plus 1{NNB}000 lignes sont lues"),
    ],
)  # fmt: skip
def test_rows_cut_one_and_many(total, en, fr):
    """Row numbers as the spreadsheet shows them (no separator), counts with the language's separator."""
    issue = rows_cut_issue("a.xlsx", "Matériaux", 1000, total, 1000)
    assert issue.render("en") == (
        f"[error] sheet 'Matériaux', row 1001: {en} from a sheet or file (MAX_ROWS); raise the limit with "
        f"--max-rows {max(total, 2000)} (max_rows= in Python) or split it"
    )
    assert issue.render("fr") == (
        f"[erreur] feuille «{NB}Matériaux{NB}», ligne 1001{NB}: {fr} dans une feuille ou un fichier "
        f"(MAX_ROWS){NB}; relevez la limite avec --max-rows {max(total, 2000)} (max_rows= en Python) ou "
        "scindez le fichier"
    )


def test_rows_cut_at_most_one_row_is_singular():
    issue = rows_cut_issue("a.csv", None, 1, None, 1)
    assert issue.render("en") == (
        "[error] row 2: the rows after row 1 are not read: at most 1 row is read from a sheet or file "
        "(MAX_ROWS); raise the limit with --max-rows 2 (max_rows= in Python) or split it"
    )
    assert issue.render("fr").startswith(
        f"[erreur] ligne 2{NB}: les lignes après la ligne 1 ne sont pas lues{NB}: au plus 1 ligne est lue "
    )


def test_rows_beyond_the_format_one_and_many():
    one, many = _beyond_format_issue("a.xlsx", "S", 1048576, 1048577), _beyond_format_issue("a", "S", 9, 12)
    assert one.text("en") == (
        "row 1048577 is not read: it is beyond the last row the spreadsheet reader reads (1048576); split "
        "the sheet"
    )
    assert one.text("fr") == (
        f"la ligne 1048577 n'est pas lue{NB}: elle est au-delà de la dernière ligne que le lecteur de "
        f"classeurs lit (1048576){NB}; scindez la feuille"
    )
    assert many.text("en").startswith("rows 10 to 12 are not read: they are beyond")
    assert many.text("fr").startswith(f"les lignes 10 à 12 ne sont pas lues{NB}: elles sont au-delà")


def test_sheet_too_large_in_french():
    issue = _too_large_issue("a.xlsx", "S", 1048576, 16384)
    assert issue.text("fr") == (
        f"la feuille ne peut pas être lue{NB}: ses cellules s'étendent sur 1{NNB}048{NNB}576 lignes × "
        f"16{NNB}384 colonnes = 17{NNB}179{NNB}869{NNB}184 cellules, plus que les 10{NNB}000{NNB}000 "
        f"cellules lues dans une feuille (MAX_SHEET_CELLS){NB}; supprimez les cellules au-delà du tableau "
        "(Ctrl+Fin montre la dernière) et enregistrez à nouveau"
    )


def test_sheets_beyond_the_limit_one_and_many():
    sheets = Sheets()
    _too_many_sheets(sheets, [f"N{k}" for k in range(65)], "a.xlsx")
    _too_many_sheets(sheets, [f"N{k}" for k in range(80)], "a.xlsx")
    one, many = sheets.issues
    assert one.text("en") == (
        "1 sheet after the 64th is not read (MAX_SHEETS): 'N64'; move the sheets lca reads (Projet, "
        "Matériaux, Énergie, Facteurs, Variantes) to the front"
    )
    assert one.text("fr").startswith(
        f"1 feuille au-delà de la 64e n'est pas lue (MAX_SHEETS){NB}: «{NB}N64{NB}»{NB}; "
    )
    assert many.text("en").startswith("16 sheets after the 64th are not read (MAX_SHEETS): 'N64', 'N65',")
    assert "'N73', …; move" in many.text("en")
    assert many.text("fr").startswith(
        f"16 feuilles au-delà de la 64e ne sont pas lues (MAX_SHEETS){NB}: «{NB}N64"
    )
