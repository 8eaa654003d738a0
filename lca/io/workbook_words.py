"""The words of a project workbook: its sheets, columns and Projet keys in French and English, as the
reader matches them (:func:`lca.io.tabular.alias_index`) and the template writes them."""

from __future__ import annotations

from collections.abc import Mapping

from lca.io.tabular import (
    alias_index,
)

SHEETS: dict[str, list[str]] = {
    "project": ["projet", "project", "projekt", "batiment", "building"],
    "materials": ["materiaux", "materials", "materiau", "material", "inventaire", "inventory", "produits"],
    "energy": ["energie", "energy", "consommations", "consumption", "energies"],
    "factors": ["facteurs", "factors", "fdes", "epd", "fiches"],
    "variants": ["variantes", "variants", "variante", "variant"],
}

MATERIAL_COLUMNS: dict[str, list[str]] = {
    "line_id": ["id", "repere", "ref", "reference", "no", "n°", "numero", "code"],
    "lot": ["lot", "lot re2020", "lot n°", "sous-lot"],
    "element": ["designation", "description", "libelle", "ouvrage", "produit", "composant", "element"],
    "quantity": ["quantite", "qte", "qty", "quantites", "menge"],
    "unit": ["unite", "unit", "unites", "u.", "einheit"],
    "factor_id": ["factor", "id fiche", "idfiche", "fdes", "uuid", "fiche", "epd", "id fdes", "id inies",
                  "facteur", "id facteur", "donnee environnementale"],
    "service_life": ["duree de vie", "dvt", "dvr", "dve", "lifetime", "rsl", "reference service life",
                     "duree de vie typique"],
    "transport_km": ["distance", "distance km", "transport", "distance de transport", "km"],
    "transport_mode": ["mode", "mode de transport", "transport mode"],
    "waste_rate": ["taux de chute", "chute", "chutes", "taux de perte", "pertes", "waste", "waste rate"],
    "variant": ["variante"],
    "replaces": ["remplace", "replace", "remplacement de"],
}  # fmt: skip

ENERGY_COLUMNS: dict[str, list[str]] = {
    "line_id": MATERIAL_COLUMNS["line_id"],
    "carrier": ["vecteur", "energie", "vecteur energetique", "source d energie", "combustible", "fluide",
                "energy carrier", "energy"],
    "use": ["usage", "poste", "usages", "end use"],
    "quantity": MATERIAL_COLUMNS["quantity"] + ["consommation", "consommation annuelle", "consumption"],
    "unit": MATERIAL_COLUMNS["unit"],
    "factor_id": MATERIAL_COLUMNS["factor_id"],
    "element": ["designation", "description", "libelle", "element"],
    "variant": ["variante"],
    "replaces": MATERIAL_COLUMNS["replaces"],
}  # fmt: skip

PROJECT_KEYS: dict[str, list[str]] = {
    "name": ["nom", "nom du projet", "projet", "project", "operation", "project name"],
    "building_type": ["type de batiment", "usage", "typologie", "type", "building type"],
    "reference_area": ["sref", "shab", "surface de reference", "surface habitable", "surface",
                       "reference area", "floor area"],
    "dwellings": ["logements", "nombre de logements", "nb logements", "nb de logements", "dwellings",
                  "number of dwellings"],
    "study_period": ["periode d etude", "duree d etude", "per", "study period", "periode de reference"],
    "climate_zone": ["zone climatique", "zone", "climate zone"],
    "altitude": ["altitude"],
    "permit_year": ["annee de depot du permis", "annee du permis", "permis", "annee de depot",
                    "permit year", "annee pc"],
    "method": ["methode", "method"],
    "replacement_rule": ["regle de remplacement", "remplacement", "replacement rule"],
    "attic_area": ["surface des combles amenages", "combles", "surface combles", "attic area"],
    "heat_network": ["reseau de chaleur", "raccorde a un reseau de chaleur", "rcu", "heat network"],
}  # fmt: skip

VARIANT_COLUMNS: dict[str, list[str]] = {
    "name": ["nom", "variante", "variant", "name"],
    "description": ["description", "libelle", "commentaire"],
}

BUILDING_TYPES: dict[str, list[str]] = {
    "individual_house": ["maison individuelle", "maison", "mi", "maison individuelle ou accolee",
                         "maisons individuelles ou accolees", "individual house", "house"],
    "collective_housing": ["logement collectif", "logements collectifs", "lc", "collectif",
                           "collective housing", "apartment building", "immeuble de logements"],
    "other": ["autre", "tertiaire", "other"],
}  # fmt: skip

#: Smallest reference area read: below it the results per m² are not meaningful (and 5e-324 m² makes
#: them infinite). [m²]
MIN_REFERENCE_AREA = 0.01

_YES = {"oui", "yes", "o", "y", "true", "vrai", "1", "x"}
_NO = {"non", "no", "n", "false", "faux", "0", ""}

_MATERIAL_INDEX = alias_index(MATERIAL_COLUMNS)
_ENERGY_INDEX = alias_index(ENERGY_COLUMNS)
_PROJECT_INDEX = alias_index(PROJECT_KEYS)
_VARIANT_INDEX = alias_index(VARIANT_COLUMNS)
_BUILDING_INDEX = alias_index(BUILDING_TYPES)


def sheet_aliases() -> Mapping[str, list[str]]:
    """Accepted sheet names by sheet key (for documentation and the template)."""
    return SHEETS
