"""The messages of the factor-table readers (lca.io.factor_tables, lca.io.factor_rows, lca.factor_table) in
French and English (issue #11): literal texts, the column as the user typed it, numbers in each language."""

from __future__ import annotations

import pandas as pd
import pytest

from lca.errors import FactorNotFoundError, InputError
from lca.factors import FactorTable, read_factors

NB, NNB = "\u00a0", "\u202f"  # no-break space (French « » and before : ;), narrow no-break space (groups)


def fr(text: str) -> str:
    return (
        text.replace("« ", f"«{NB}").replace(" »", f"{NB}»").replace(" :", f"{NB}:").replace(" ;", f"{NB};")
    )


@pytest.fixture
def file_issues(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(
        "factor_id,module,indicator,value,declared_unit,declared_amount,density\n"
        "f-kg,A1-A3,GWP-total,2,kg,1,\n"
        "f-zero,A1-A3,GWP-total,2,kg,0,\n"
        "f-nounit,A1-A3,GWP-total,2,,1,\n"
        "f-kg,A9,GWP-total,3,kg,1,\n"
        "f-kg,D,GWP-total,1e300,kg,1,\n"
        "f-m3,A1-A3,GWP-total,300,m3,1,1e-300\n"
        ",A1-A3,GWP-total,2,kg,1,\n",
        encoding="utf-8",
    )
    table, issues = read_factors(path)
    assert sorted(table.meta.index) == ["f-kg", "f-m3"]
    return {(i.row, i.column): i for i in issues}


def test_the_lca_file_layout_reports_in_french(file_issues):
    texts = {key: issue.text("fr") for key, issue in file_issues.items()}
    assert texts == {
        (3, "declared_amount"): fr(
            f"la quantité déclarée (declared_amount) doit être > 0 et au plus 1{NNB}000{NNB}000{NNB}000 "
            "(MAX_FACTOR_PROPERTY) ; le facteur n'est pas retenu"
        ),
        (4, "declared_unit"): fr(
            "le facteur n'a pas d'unité déclarée (declared_unit) ; indiquez-la (m3, m2, kg, u, kWh…) — le "
            "facteur n'est pas retenu"
        ),
        (5, "module"): fr(
            "module « A9 » inconnu ; attendu l'un de A1-A3, A4, A5, B1, B2, B3, B4, B5, B6, B7, C1, C2, "
            "C3, C4, D (ou A1, A2, A3) — ses valeurs ne sont pas prises en compte"
        ),
        (6, "value"): fr(
            f"la valeur dépasse 1{NNB}000{NNB}000{NNB}000{NNB}000 en valeur absolue (MAX_FACTOR_VALUE) ; "
            "elle n'est pas prise en compte"
        ),
        (7, "density"): fr(
            f"« density » 1e−300 est hors limites ; attendu de 1e−9 à 1{NNB}000{NNB}000{NNB}000 "
            "(MAX_FACTOR_PROPERTY) — ignoré"
        ),
        (8, "factor_id"): fr(
            "la ligne n'a pas d'identifiant de fiche (colonne factor_id) ; elle n'est pas prise en compte"
        ),
    }


def test_the_lca_file_layout_reports_in_english(file_issues):
    assert file_issues[(5, "module")].render("en") == (
        "[warning] row 5, column 'module': unknown module 'A9'; expected one of A1-A3, A4, A5, B1, B2, "
        "B3, B4, B5, B6, B7, C1, C2, C3, C4, D (or A1, A2, A3) — its values are left out"
    )
    assert file_issues[(7, "density")].message == (
        "'density' 1e−300 is out of range; expected 1e−9 to 1,000,000,000 (MAX_FACTOR_PROPERTY) — ignored"
    )


def test_more_than_twenty_rows_alike_are_counted_in_one_issue(tmp_path):
    path = tmp_path / "f.csv"
    rows = [f"f{k},A1-A3,GWP-total,2,kg,1" for k in range(1025)]
    path.write_text("factor_id,module,indicator,value,declared_unit,declared_amount\n" + "\n".join(
        r.replace(",kg,", ",,") for r in rows) + "\n", encoding="utf-8")  # fmt: skip
    _, issues = read_factors(path)
    assert len(issues) == 21 and issues[-1].row is None
    assert issues[-1].text("fr") == fr(
        "le facteur n'a pas d'unité déclarée (declared_unit) ; indiquez-la (m3, m2, kg, u, kWh…) — le "
        f"facteur n'est pas retenu (et 1{NNB}005 autres lignes de ce type)"
    )
    assert issues[-1].message.endswith("— the factor is left out (and 1,005 more rows like this)")


def test_a_pasted_table_names_the_columns_as_typed():
    frame = pd.DataFrame(
        {"id fiche": ["a", "b", "a"], "unité": ["kg", "", "kg"], "A1-A3": [1.0, 2.0, "x"],
         "masse volumique": ["x", None, None]}
    )  # fmt: skip
    _, issues = FactorTable.from_frame(frame, "t", sheet="Facteurs", file="f.xlsx")
    assert [i.render("fr") for i in issues] == [
        fr(
            "[avertissement] feuille « Facteurs », ligne 4, colonne « A1-A3 » : la valeur du module A1-A3 "
            "n'est pas un nombre ; attendu un nombre, ou une cellule vide quand le module n'est pas "
            "déclaré — cette valeur n'est pas prise en compte"
        ),
        fr(
            "[avertissement] feuille « Facteurs », ligne 2, colonne « masse volumique » : "
            "« x » n'est pas un nombre ; attendu un nombre — ignoré"
        ),
        fr(
            "[erreur] feuille « Facteurs », ligne 3, colonne « unité » : le facteur « b » n'a pas d'unité "
            "déclarée ; indiquez-la (m3, m2, kg, u, kWh…) — le facteur n'est pas retenu"
        ),
    ]
    assert issues[1].message == "'x' is not a number; expected a number — ignored"


def test_errors_of_the_readers_in_french(tmp_path):
    with pytest.raises(InputError) as missing:
        FactorTable.from_frame(pd.DataFrame({"nom": ["x"], "A1-A3": [1.0]}), "t")
    assert missing.value.msg.render("fr") == fr(
        "colonne obligatoire des identifiants de fiche absente ; colonnes trouvées : « nom », « A1-A3 ». "
        "Nommez-la « id fiche » (ou « factor_id », « uuid », « fdes »)"
    )
    assert missing.value.message.startswith("missing required column factor_id; found 'nom', 'A1-A3'. ")
    empty = tmp_path / "vide.csv"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="the file is empty") as err:
        read_factors(empty)
    assert err.value.render("fr").endswith(
        fr(
            "le fichier est vide ; attendu une ligne d'en-tête (factor_id, module, indicator, value, "
            "declared_unit…) et une ligne par valeur"
        )
    )
    table, _ = FactorTable.from_frame(pd.DataFrame({"id": ["f1"], "unité": ["kg"], "A1-A3": [1.0]}), "t")
    with pytest.raises(FactorNotFoundError) as unknown:
        table.factor("zz")
    assert unknown.value.msg.render("fr") == fr(
        "aucun facteur « zz » dans les tables (t) ; `lca factors search TEXTE` trouve un facteur par son nom"
    )
    with pytest.raises(FactorNotFoundError) as absent:
        table.dense(["f1", "zz"], ["GWP-total"])
    assert absent.value.msg.render("fr") == fr("facteurs absents des tables : zz")
    assert absent.value.message == "factors not in the table: zz"
