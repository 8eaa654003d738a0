"""The importers and lca.units in the user's language (issue 11): `lca factors import-oekobaudat` and
`import-ilcd` with ``--lang fr`` print French only, with the files, rows and columns as the user sees
them and no library jargon; ``--lang en`` prints the English texts the other tests quote.

French typography: U+00A0 inside « » and before ``:`` and ``;``; U+202F between thousands.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from lca.errors import InputError, UnitError
from lca.io.ilcd import read_ilcd
from lca.io.import_text import General
from lca.io.oekobaudat import read_oekobaudat
from lca.units import conversion_factor, normalise_unit
from tests.io.ilcd_factory import Epd, files, write_folder
from tests.io.test_ilcd import EXTERNAL_ENTITY
from tests.io.test_import_hostile import HEADER, LINE, _corrupt_member
from tests.test_language_outputs import foreign_words

NB = "\u00a0"
NNB = "\u202f"
BAD = "5e5e5e5e-0000-4000-8000-000000000002"
GOOD = "5e5e5e5e-0000-4000-8000-000000000001"


def fr(text: str) -> str:
    """``text`` written with plain spaces, with French typography: U+00A0 inside « » and before : ;"""
    text = text.replace("« ", f"«{NB}").replace(" »", f"{NB}»")
    return re.sub(r" ([:;?])", NB + r"\1", text)


def cli(lang: str, *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lca.cli", *map(str, args), "--lang", lang],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An export with an unknown column, a unit that does not exist, a hostile unit, an unknown module and
    a value in words."""
    lines = [
        LINE,
        LINE.replace("u1;", "u2;").replace(";m2;", ";Säcke;"),
        LINE.replace(";A1-A3;", ";A9;"),
        LINE.replace(";2;A1-A3;2", ";2;C3;abc"),
        LINE.replace("u1;", "u3;").replace(";m2;", ";1/0;"),
    ]
    path = tmp_path_factory.mktemp("oeko") / "OBD_2099_I.csv"
    path.write_text("\n".join([HEADER + ";Farbe", *[line + ";x" for line in lines]]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def ilcd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An ILCD folder: one dataset in an encoding that does not exist, one with a unit group in 'Säcke'
    and a classification level in words."""
    good = Epd(unit="Säcke", mass_per_unit=None, classes=[("1", "Interior covering"), ("zero", "Coverings")])
    return write_folder(tmp_path_factory.mktemp("ilcd") / "ilcd", good, Epd(uuid=BAD, encoding="x-unknown"))


def test_oekobaudat_import_in_french(export: Path, tmp_path: Path):
    done = cli("fr", "factors", "import-oekobaudat", export, "-o", tmp_path / "out.csv")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == f"{export}: " + fr(
        "[avertissement] ligne 1, colonne « Farbe » : colonne « Farbe » inconnue ignorée ; attendu : les "
        "colonnes de l'export CSV officiel de l'ÖKOBAUDAT"
    )
    assert (
        f"{export}: "
        + fr(
            "[avertissement] ligne 4, colonne « Modul » : jeu de données « u1 » : module « A9 » "
            "inconnu ; attendu "
            ": A1-A3, A4, A5, B1-B7, C1-C4 ou D ; ligne écartée"
        )
        in lines
    )
    assert (
        f"{export}: "
        + fr(
            "[avertissement] ligne 5, colonne « GWP » : « abc » n'est pas un nombre fini ; attendu : "
            "un nombre "
            "(virgule ou point décimal) ; cellule lue comme non déclarée"
        )
        in lines
    )
    assert (
        f"{export}: "
        + fr(
            "[avertissement] ligne 6, colonne « Bezugseinheit » : jeu de données « u3 » : unité "
            "déclarée « 1/0 » "
            "non comprise (unité « 1/0 » inconnue : un nombre n'est pas une unité ; une unité s'écrit "
            "brièvement, comme m3, m², kg, t, u, kWh, MJ, kg/m3 ou t·km : des symboles connus reliés "
            "par *, ·, . "
            "ou /, avec de petites puissances entières (m2, m^3)) ; attendu : kg, m3, qm, m, pcs., MJ, kWh, "
            "t*km… ; ligne écartée"
        )
        in lines
    )
    assert foreign_words(done.stderr, "fr", str(export), str(tmp_path / "out.csv")) == []


def test_oekobaudat_import_in_english(export: Path, tmp_path: Path):
    done = cli("en", "factors", "import-oekobaudat", export, "-o", tmp_path / "out.csv")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0] == (
        f"{export}: [warning] row 1, column 'Farbe': unknown column 'Farbe' ignored; expected the columns of "
        "the official ÖKOBAUDAT CSV export"
    )
    assert foreign_words(done.stderr, "en", str(export), str(tmp_path / "out.csv")) == []


def test_ilcd_import_in_french(ilcd: Path, tmp_path: Path):
    done = cli("fr", "factors", "import-ilcd", ilcd, "-o", tmp_path / "out.csv")
    assert done.returncode == 0, done.stderr
    bad, good = ilcd / "processes" / f"{BAD}.xml", ilcd / "processes" / f"{GOOD}.xml"
    assert done.stderr.splitlines()[:3] == [
        f"{bad}: "
        + fr(
            "[erreur] le XML déclare un encodage que le lecteur ne prend pas en charge (encodage « "
            "x-unknown » "
            "inconnu) ; enregistrez-le en UTF-8 ; fichier non lu"
        ),
        f"{good}: "
        + fr(
            "[avertissement] unité « Säcke » du groupe d'unités non comprise (unité « Säcke » inconnue ; "
            "utilisez m3, m2, m (ml = mètre linéaire), kg, t, u/pce, kWh, MWh, MJ, l ou une autre unité du "
            "système international (g, km, W, h…))"
        ),
        f"{good}: "
        + fr(
            "[avertissement] le niveau de classification « zero » n'est pas un nombre entier ; "
            "classes gardées "
            "dans l'ordre du fichier"
        ),
    ]
    assert foreign_words(done.stderr, "fr", str(bad), str(good), str(tmp_path / "out.csv")) == []


def test_ilcd_import_error_in_french_and_english(ilcd: Path, tmp_path: Path):
    process = ilcd / "processes" / f"{BAD}.xml"
    done = cli("fr", "factors", "import-ilcd", process, "-o", tmp_path / "out.csv")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == fr(
        f"lca : erreur : {process} : le XML déclare un encodage que le lecteur ne prend pas en charge "
        "(encodage « x-unknown » inconnu) ; enregistrez-le en UTF-8"
    )
    done = cli("en", "factors", "import-ilcd", process, "-o", tmp_path / "out.csv")
    assert done.stderr.strip() == (
        f"lca: error: {process}: the XML declares an encoding the reader does not support (unknown encoding: "
        "x-unknown); save it as UTF-8"
    )
    assert not (tmp_path / "out.csv").exists()


def test_corrupt_zip_member_explained_without_jargon_in_french(tmp_path: Path):
    archive = tmp_path / "fdes.zip"
    epd = Epd()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        for name, data in files(epd).items():
            zf.writestr(f"ILCD/{name}", data)
    _corrupt_member(
        archive, f"ILCD/processes/{epd.uuid}.xml", b"Generated textile"
    )  # its CRC no longer matches
    with pytest.raises(InputError) as err:
        read_ilcd(archive)
    assert err.value.render("fr") == fr(
        f"{archive} : aucun jeu de données de processus ILCD (<processDataSet>) dans ce zip ; 1 fichier(s) "
        f"illisible(s), le premier fdes.zip!ILCD/processes/{epd.uuid}.xml : fichier de l'archive abîmé ou "
        "non pris en charge (ses données sont abîmées (somme de contrôle fausse)) ; fichier non lu"
    )
    assert "BadZipFile" in err.value.render("en") and "CRC" not in err.value.render("fr")


def test_not_a_zip_and_not_an_export_in_french(tmp_path: Path):
    path = tmp_path / "export.zip"
    path.write_bytes(b"PK\x05\x06 this is no archive")
    with pytest.raises(InputError) as err:
        read_ilcd(path)
    assert err.value.render("fr") == fr(
        f"{path} : archive zip illisible (ce n'est pas une archive zip, ou l'archive est abîmée)"
    )
    csv = tmp_path / "OBD_2099_I.csv"
    csv.write_text("UUID;Name\nu1;x\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_oekobaudat(csv)
    assert err.value.render("fr") == fr(
        f"{csv} : ce n'est pas un export CSV de l'ÖKOBAUDAT : colonnes manquantes « Version », « Typ », "
        "« Bezugsgroesse », « Bezugseinheit », « Modul », « une colonne d'indicateur (GWP, GWPtotal "
        "(A2), …) » "
        "; exportez les jeux de données en CSV depuis oekobaudat.de et donnez ce fichier"
    )
    assert err.value.message.startswith(
        "not an ÖKOBAUDAT CSV export: missing columns ['Version', 'Typ', 'Bezugsgroesse', 'Bezugseinheit', "
        "'Modul', 'an indicator column (GWP, GWPtotal (A2), ...)']"
    )


def test_power_of_ten_slip_in_french_with_french_numbers(tmp_path: Path):
    slip = Epd(
        unit="kg", amount="0.001", classes=[("0", "Metals"), ("1", "Aluminium")], gwp={"A1-A3": "10.9"}
    )
    _, issues = read_ilcd(write_folder(tmp_path / "ilcd", slip))
    (issue,) = [i for i in issues if i.level == "warning"]
    assert issue.text("fr") == fr(
        f"jeu de données {slip.uuid} : le GWP-total A1-A3 vaut 1,09e+04 kg éq. CO2 par kg de "
        "matériau, hors de "
        "la plage plausible de 1,05 à 114 kg éq. CO2/kg de la catégorie « Metals / Aluminium » ; divisé par "
        "10^3 il vaudrait 10,9 : la quantité déclarée, son unité ou sa masse est peut-être fausse "
        "d'un facteur "
        "10^3 ; vérifiez le jeu de données avant de l'utiliser"
    )


@pytest.mark.parametrize(
    ("value", "spec", "french", "english"),
    [
        (8765.78, "g", f"8{NNB}765,78", "8765.78"),
        (1e-06, "g", "1e-06", "1e-06"),
        (10900.0, ".3g", "1,09e+04", "1.09e+04"),
        (-0.517, "g", "−0,517", "-0.517"),
        (float("inf"), "g", "inf", "inf"),
    ],
)
def test_numbers_as_the_export_states_them(value: float, spec: str, french: str, english: str):
    assert General(value, spec).render("fr") == french
    assert General(value, spec).render("en") == english


# ------------------------------------------------------------------------------------------- lca.units


@pytest.mark.parametrize(
    ("typed", "french"),
    [
        ("m4*m", "unité « m4*m » inconnue : m arrive à la puissance 5, au-delà de 4 ; "),
        ("kg;drop", "unité « kg;drop » inconnue : « ; » n'est pas admis ; "),
        ("kg//m", "unité « kg//m » inconnue : « / » doit suivre un symbole ; "),
        ("k" * 50, "unité « kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk... » inconnue : plus de 40 caractères ; "),
        (
            "brouette",
            "unité « brouette » inconnue ; utilisez m3, m2, m (ml = mètre linéaire), kg, t, u/pce, ",
        ),
    ],
)
def test_unit_errors_in_french(typed: str, french: str):
    with pytest.raises(UnitError) as err:
        normalise_unit(typed)
    assert err.value.render("fr").startswith(fr(french))
    assert foreign_words(err.value.render("fr"), "fr") == []
    assert foreign_words(err.value.render("en"), "en") == []


def test_conversion_errors_name_units_as_people_write_them():
    with pytest.raises(UnitError) as err:
        conversion_factor("m**3", "kg")
    assert err.value.render("en") == "cannot convert m³ into kg (a volume into a mass)"
    assert err.value.render("fr") == "impossible de convertir des m³ en kg (un volume en une masse)"
    with pytest.raises(UnitError) as err:
        conversion_factor("tkm", "m**2")
    assert err.value.render("fr") == (
        "impossible de convertir des t·km en m² (un transport (masse × distance) en une surface)"
    )
    with pytest.raises(UnitError) as err:
        conversion_factor("brouette", "kg")
    assert err.value.render("fr") == fr("impossible de convertir des « brouette » en « kg »")


def test_malicious_xml_refused_in_french_without_the_parser_s_words(tmp_path: Path):
    path = tmp_path / "evil.xml"
    path.write_text(EXTERNAL_ENTITY)
    with pytest.raises(InputError) as err:
        read_ilcd(path)
    assert err.value.render("fr") == fr(
        f"{path} : lecture refusée : le XML déclare une DTD, des entités ou des références externes (refusé "
        "par les règles de sécurité XML du lecteur) ; les jeux de données ILCD n'en ont jamais besoin — le "
        "fichier est peut-être malveillant"
    )
    assert err.value.message == (
        "refused to read: the XML declares a DTD, entities or external references (DTDForbidden); ILCD "
        "datasets never need them — the file may be malicious"
    )
