"""Messages in the user's words (issue 11, point 2): what a French and an English user read.

The issues and errors of the modules that read a project and compute it, rendered in both languages
with literal expected texts: columns named as the user typed them, Projet settings by their label,
carriers, verdicts and numbers in the reader's language (French typography: U+00A0 inside « » and
before ``:``, ``;``, ``?``; U+202F between thousands).

The last test keeps it so: it walks the source of those modules and fails on a user-facing string
literal passed to ``Issue(...)``, ``InputError(...)`` or ``UnitError(...)`` without ``Message``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest

from lca import Project, compute
from lca.compare import compare
from lca.energy import kwh_per_unit
from lca.errors import InputError, UnitError
from lca.factors import FactorTable
from lca.io.workbook import read_project
from lca.methods.re2020 import apply_re2020, format_re2020, method_assumptions
from lca.model import normalise_lines
from tests.conftest import ROOT
from tests.helpers import hand_factors, write_xlsx

NB = "\u00a0"  # no-break space: inside « » and before : ; ? in French
NNB = "\u202f"  # narrow no-break space: between thousands in French


def fr(text: str) -> str:
    """``text`` written with plain spaces, with French typography: U+00A0 inside « » and before : ; ?"""
    text = text.replace("« ", f"«{NB}").replace(" »", f"{NB}»")
    return re.sub(r" ([:;?])", NB + r"\1", text)


HEADER = ["Repère", "Quantité", "Unité", "ID fiche", "Variante", "Remplace", "Durée de vie"]


@pytest.fixture(scope="module")
def workbook_issues(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """A French workbook with a mistyped variant, a service life in words, no reference area and an
    energy sheet without its quantity and unit columns."""
    path = write_xlsx(tmp_path_factory.mktemp("fr") / "p.xlsx", {
        "Projet": [["Nom", "Test"]],
        "Matériaux": [HEADER, ["B1", 1, "m3", "conc", "", "", ""],
                      ["B2", 2, "m3", "conc", "Boiss", "", "trente"]],
        "Variantes": [["Nom"], ["base"], ["bois"]],
        "Énergie": [["Vecteur", "Usage", "Conso"], ["électricité", "chauffage", 100]],
    })  # fmt: skip
    issues = read_project(path).issues
    return {lang: [i.render(lang) for i in issues] for lang in ("fr", "en")}


def test_unknown_variant_with_did_you_mean(workbook_issues):
    assert (
        fr(
            "[erreur] feuille « Matériaux », ligne 3, colonne « Variante » : la variante « Boiss » n'est "
            "pas dans la feuille « Variantes » (variantes déclarées : « base », « bois ») ; vouliez-vous "
            "dire « bois » ? Corrigez le nom ou ajoutez la variante à la feuille « Variantes » — la ligne "
            "n'est pas calculée"
        )
        in workbook_issues["fr"]
    )
    assert (
        "[error] sheet 'Matériaux', row 3, column 'Variante': variant 'Boiss' is not on the 'Variantes' "
        "sheet (declared: 'base', 'bois'); did you mean 'bois'? Correct the name or add the variant to the "
        "'Variantes' sheet — the line is not computed"
    ) in workbook_issues["en"]


def test_missing_reference_area(workbook_issues):
    assert (
        fr(
            "[avertissement] feuille « Projet » : aucune surface de référence (SHAB / Sref, m²) : les "
            "résultats par m² ne sont pas disponibles ; ajoutez sur cette feuille une ligne « SHAB » (ou "
            "« Sref ») avec la surface en m²"
        )
        in workbook_issues["fr"]
    )
    assert (
        "[warning] sheet 'Projet': no reference area (SHAB / Sref, m²): the per-m² results are not "
        "available; add a row 'SHAB' (or 'Sref') with the area in m² on this sheet"
    ) in workbook_issues["en"]


def test_unreadable_sheet_names_the_columns_in_the_users_language(workbook_issues):
    assert (
        fr(
            "[erreur] feuille « Énergie » : colonnes manquantes : quantité, unité ; trouvé « Vecteur », "
            "« Usage », « Conso ». En-têtes attendus, par exemple : vecteur, usage, quantité, unité — aucune "
            "ligne de cette feuille n'est calculée"
        )
        in workbook_issues["fr"]
    )
    assert (
        "[error] sheet 'Énergie': missing the columns quantity, unit; found 'Vecteur', 'Usage', 'Conso'. "
        "Expected headers such as carrier, use, quantity, unit — no line of this sheet is computed"
    ) in workbook_issues["en"]


def test_a_column_is_named_as_the_user_typed_its_header(workbook_issues):
    assert (
        fr(
            "[avertissement] feuille « Matériaux », ligne 3, colonne « Durée de vie » : « trente » "
            "n'est pas un nombre ; attendu un nombre d'années — ignoré"
        )
        in workbook_issues["fr"]
    )
    assert (
        "[warning] sheet 'Matériaux', row 3, column 'Durée de vie': 'trente' is not a number; "
        "expected a number of years — ignored"
    ) in workbook_issues["en"]
    assert not any("service_life" in text or "variant " in text for text in workbook_issues["fr"])


def test_energy_unit_not_convertible_for_its_carrier(tmp_path):
    with pytest.raises(UnitError) as info:
        kwh_per_unit("wood_logs", "kg")
    assert info.value.render("fr") == fr(
        "bois bûches en kg : conversion en kWh impossible ; unités acceptées pour bois bûches : kWh, MWh, "
        "MJ, GJ, stère"
    )
    assert info.value.render("en") == (
        "wood logs in kg cannot be converted to kWh; the accepted units for wood logs are kWh, MWh, MJ, GJ, "
        "stere"
    )
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": [["SHAB", 100]],
        "Énergie": [["Vecteur", "Quantité", "Unité"], ["fioul", 1000, "L"], ["électricité", 100, "litres"]],
    })  # fmt: skip
    issues = read_project(path).issues
    assert (
        issues[0]
        .render("fr")
        .startswith(
            fr(
                f"[remarque] feuille « Énergie », ligne 2, colonne « Unité » : 1{NNB}000 L lus comme "
                f"9{NNB}970 kWh PCI (9,97 kWh PCI par l : fioul domestique 9,97 kWh PCI/l, arrêté du 15 "
                "septembre 2006"
            )
        )
    )
    assert issues[1].render("fr") == fr(
        "[erreur] feuille « Énergie », ligne 3, colonne « Unité » : électricité en l : conversion en kWh "
        "impossible ; unités acceptées pour électricité : kWh, MWh, MJ, GJ — la ligne n'est pas calculée"
    )


def test_default_service_life_note():
    pvc = "39da14a3-8f39-4af9-955c-6a70f091acb8"  # ÖKOBAUDAT 2020-II "PVC floor covering"
    line = {"line_id": "S1", "lot": "7", "unit": "m2", "quantity": 10, "factor_id": pvc, "sheet": "Matériaux",
            "row": 4}  # fmt: skip
    headers = {"Matériaux": {"service_life": "Durée de vie", "factor_id": "ID fiche"}}
    project = Project(lines=normalise_lines(pd.DataFrame([line])), reference_area=100.0, headers=headers)
    (note,) = [i for i in compute(project).issues if i.level == "info"]
    assert note.render("fr") == fr(
        "[remarque] feuille « Matériaux », ligne 4, colonne « Durée de vie » : durée de vie par défaut 20 "
        "ans (BNB Stand 04.11.2025, 353.132.25 « Revêtement de sol : PVC hétérogène, collé »)"
    )
    assert note.render("en") == (
        "[note] sheet 'Matériaux', row 4, column 'Durée de vie': default service life 20 years (BNB Stand "
        "04.11.2025, 353.132.25 'Floor covering: PVC heterogeneous, glued')"
    )


def _concrete_results():
    category = "Mineral building products / Mortar and Concrete / Ready mixed concrete"
    factors = pd.DataFrame([{"factor_id": "c25", "module": "A1-A3", "indicator": "GWP-total", "value": 250.0,
                             "declared_unit": "m3", "density": 2400, "category": category,
                             "name": "Ready-mix concrete C25/30"}])  # fmt: skip
    table, _ = FactorTable.from_frame(factors, "t")
    lines = pd.DataFrame([{"line_id": "1", "lot": "3", "quantity": 10.0, "unit": "m3", "factor_id": "c25",
                           "sheet": "Matériaux", "service_life": 100}])  # fmt: skip
    project = Project(name="p", reference_area=100.0, lines=normalise_lines(lines),
                      headers={"Matériaux": {"lot": "Lot", "quantity": "Qté"}})  # fmt: skip
    return compute(project, table, defaults=False)


def test_plausibility_warnings():
    warnings = {i.extra["check"]: i for i in _concrete_results().issues if "check" in i.extra}
    assert warnings["concrete"].render("fr") == fr(
        "[avertissement] à vérifier : la variante « base » compte 0,100 m³ de béton par m² de surface de "
        "référence (10 m³ pour 100 m²), moins qu'un bâtiment courant (0,2 à 1,5 m³/m²) ; vérifiez les "
        "quantités et unités de béton (m³, pas m²) et la surface de référence"
    )
    assert warnings["concrete"].render("en") == (
        "[warning] worth a look: variant 'base' has 0.100 m³ of concrete per m² of reference area (10 m³ "
        "over 100 m²), less than usual for a building (0.2 to 1.5 m³/m²); check the concrete quantities and "
        "units (m³, not m²) and the reference area"
    )
    assert warnings["products"].render("fr") == fr(
        "[avertissement] à vérifier : les produits de construction et équipements de la variante « base » "
        "font 25,00 kg CO2e par m² de surface de référence sur 50 ans, hors de la plage courante de 150 "
        f"à 1{NNB}500 kg CO2e/m² (sur 50 ans) ; des lots ou des quantités manquent peut-être, ou la "
        "surface de référence est trop grande"
    )
    assert warnings["equipment"].render("fr").startswith(
        fr("[avertissement] feuille « Matériaux », colonne « Lot » : à vérifier : aucune ligne dans les lots "
           "8 à 13")
    )  # fmt: skip
    assert (
        warnings["equipment"]
        .render("en")
        .startswith(
            "[warning] sheet 'Matériaux', column 'Lot': worth a look: the project has no line in lots 8 to 13"
        )
    )


def test_re2020_verdict_and_missing_setting():
    site = {
        "building_type": "individual_house",
        "permit_year": 2025,
        "climate_zone": "H1a",
        "altitude": 100.0,
    }
    lines = normalise_lines(pd.DataFrame([{"line_id": "c", "lot": "3", "quantity": 10, "unit": "m3",
                                           "factor_id": "conc"}]))  # fmt: skip
    project = Project(name="t", lines=lines, reference_area=100.0, dwellings=1, **site)
    results = apply_re2020(compute(project, hand_factors(), defaults=False))
    french, english = format_re2020(results, "fr"), format_re2020(results, "en")
    assert (
        fr(
            "RE2020 — ACV dynamique simplifiée, permis 2025 (textes version 2025), par m² de Sref "
            "[kg CO2e/m²] :"
        )
        in french
    )
    assert fr("  conforme : Ic construction ≤ max et Ic énergie ≤ max ; colonnes 2025/2028/2031") in french
    assert "Estimation de pré-conception transparente — pas un calcul RE2020 réglementaire" in french
    assert (
        "RE2020 — simplified dynamic LCA, permit 2025 (texts version 2025), per m² of Sref [kg CO2e/m²]:"
    ) in english
    assert "  compliant: Ic construction ≤ max and Ic energy ≤ max; columns 2025/2028/2031" in english
    assert (
        "Transparent pre-design estimate — not a regulatory RE2020 calculation (engine not assessed)."
        in english
    )
    no_zone = Project(
        name="t", lines=lines, reference_area=100.0, dwellings=1, **{**site, "climate_zone": None}
    )
    with pytest.raises(InputError) as info:
        apply_re2020(compute(no_zone, hand_factors(), defaults=False))
    assert info.value.render("fr") == fr(
        "feuille « Projet » : zone climatique : valeur manquante ou invalide pour les seuils RE2020 : trouvé "
        "None ; attendu l'une des valeurs H1a, H1b, H1c, H2a, H2b, H2c, H2d, H3 ; renseignez ce champ (zone "
        "climatique) sur la feuille Projet"
    )
    assert info.value.render("en") == (
        "sheet 'Projet': climate zone is missing or invalid for the RE2020 thresholds: found None; expected "
        "one of H1a, H1b, H1c, H2a, H2b, H2c, H2d, H3; fill the climate zone on the Projet sheet"
    )


def test_re2020_assumptions_in_both_languages():
    french, english = method_assumptions("fr"), method_assumptions("en")
    assert len(french) == len(english) >= 25
    assert all(note.startswith(("[NON CONFIRMÉ]", "[HYPOTHÈSE]")) for note in french)
    assert all(note.startswith(("[UNCONFIRMED]", "[ASSUMPTION]")) for note in english)
    assert (
        fr(
            "[NON CONFIRMÉ] Les fluides frigorigènes sont pondérés avec f_CO2 : les coefficients f_ff n'ont "
            "pas été trouvés. re2020.md §1a."
        )
        in french
    )
    assert (
        "[UNCONFIRMED] Refrigerants are weighted with f_CO2: the f_ff coefficients were not found. "
        "re2020.md §1a." in english
    )


def test_projet_value_and_compare_messages(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": [["SHAB", "grand"], ["Zone climatique", "H5"]],
        "Matériaux": [["Repère", "Quantité", "Unité", "ID fiche"], ["B1", 1, "m3", "conc"]],
    })  # fmt: skip
    texts = [i.render("fr") for i in read_project(path).issues]
    assert (
        fr("[erreur] feuille « Projet », ligne 1, colonne « SHAB » : nombre attendu, trouvé « grand »")
        in texts
    )
    assert (
        fr(
            "[erreur] feuille « Projet », ligne 2, colonne « Zone climatique » : zone climatique attendue : "
            "H1a, H1b, H1c, H2a, H2b, H2c, H2d ou H3, trouvé « H5 »"
        )
        in texts
    )
    with pytest.raises(InputError) as info:
        compare(_concrete_results(), variants=["bsae"])
    assert info.value.render("fr") == fr(
        "variante inconnue « bsae » ; le projet a « base » — vouliez-vous dire « base » ?"
    )
    assert info.value.render("en") == "unknown variant 'bsae'; the project has 'base' — did you mean 'base'?"


# ------------------------------------------------------------------------------ no English-only message
#: The modules of issue 11 point 2 that read a project and compute it (converted by this change). The
#: readers of factor tables, units, transport, the CLI and the outputs are checked by their own converters.
CONVERTED = [
    "lca/io/workbook.py", "lca/io/workbook_lines.py", "lca/io/workbook_project.py",
    "lca/io/workbook_words.py", "lca/io/variants.py", "lca/energy.py", "lca/model.py", "lca/service_life.py",
    "lca/biogenic.py", "lca/checks.py", "lca/compare.py", "lca/methods/re2020.py",
    "lca/methods/re2020_rules.py", "lca/results.py", "lca/engine.py",
]  # fmt: skip
#: Calls whose message argument reaches the user.
CHECKED_CALLS = {"Issue", "InputError", "UnitError", "LCAError", "FactorNotFoundError"}
#: Methods that record an issue on a line with the message as their last argument.
NOTE_METHODS = {"add", "error", "warning"}


def _is_text(node: ast.AST) -> bool:
    """A string literal, an f-string or a concatenation/format of them: English text fixed in the code."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _is_text(node.func.value)
    return False


def english_only_messages(path: Path) -> list[int]:
    """Line numbers of the calls in ``path`` that pass a text literal as a user-facing message."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in CHECKED_CALLS:
            # Issue(level, message, ...): the message is the 2nd argument; errors take it first
            position = 1 if name == "Issue" else 0
            candidates = node.args[position : position + 1] + [
                k.value for k in node.keywords if k.arg == "message"
            ]
        elif name in NOTE_METHODS and isinstance(func, ast.Attribute) and len(node.args) >= 4:
            candidates = node.args[-1:]  # issue.warning(i, column, value, message)
        else:
            continue
        if any(_is_text(c) for c in candidates):
            out.append(node.lineno)
    return sorted(out)


def test_the_linter_finds_an_english_only_message(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "raise InputError(f'value {x} is wrong')\n"
        "issues.append(Issue('error', 'row ' + str(r) + ' is bad', sheet))\n"
        "issue.warning(i, 'quantity', value, 'too small')\n"
        "raise UnitError('unit {} unknown'.format(u), value=u)\n"
        "raise InputError(Message('value {x} is wrong', x=x))\n"
        "issues.append(Issue.of('error', Message('bad'), sheet))\n"
        "issue.warning(i, 'quantity', value, Message('too small'))\n",
        encoding="utf-8",
    )
    assert english_only_messages(bad) == [1, 2, 3, 4]


@pytest.mark.parametrize("module", CONVERTED)
def test_no_english_only_message_in_the_converted_modules(module):
    assert english_only_messages(ROOT / module) == [], (  # line numbers of the English-only messages
        "a user-facing message must be a Message('English text with {placeholders}', ...) so that it is "
        "translated (docs/i18n.md); add it to the catalogue with scripts/extract_messages.py --add"
    )
