"""The words of the web page in French and English, and its number formatting.

A message id is the English text; :data:`FRENCH` gives its French translation. Numbers are written by
:func:`lca.plot_style.format_number`, the formatting of the report and the charts (``12 345,6`` in
French, ``12,345.6`` in English).
"""

from __future__ import annotations

from lca.plot_style import format_number as _format_number

#: Languages of the page; the first is the default.
LANGUAGES: tuple[str, ...] = ("fr", "en")

FRENCH: dict[str, str] = {
    # layout and home page
    "Building life-cycle assessment": "Analyse de cycle de vie d'un bâtiment",
    "building life-cycle assessment": "analyse de cycle de vie des bâtiments",
    "Skip to the content": "Aller au contenu",
    "Your file stays with you: it is read in memory and in a private temporary folder deleted at once; "
    "this page keeps nothing between two requests and sends nothing to the internet.": (
        "Votre fichier reste chez vous : il est lu en mémoire et dans un dossier temporaire privé supprimé "
        "aussitôt ; cette page ne garde rien entre deux requêtes et n'envoie rien sur internet."
    ),
    "Results are transparent pre-design estimates (EN 15978, EN 15804); they are not a regulatory RE2020 "
    "calculation.": (
        "Les résultats sont des estimations transparentes d'avant-projet (EN 15978, EN 15804) ; ce n'est pas "
        "un calcul réglementaire RE2020."
    ),
    "Drop the project workbook: you get the results per variant, the comparison with charts, and the Excel "
    "report to take to the meeting.": (
        "Déposez le classeur du projet : vous obtenez les résultats par variante, la comparaison avec ses "
        "graphiques et le rapport Excel à emporter en réunion."
    ),
    "Project workbook": "Classeur du projet",
    "Drop the file here, or choose it:": "Déposez le fichier ici ou choisissez-le :",
    "or a ZIP of CSV sheets": "ou un ZIP de feuilles CSV",
    "at most": "au plus",
    "MB": "Mo",
    "Method": "Méthode",
    "As set in the workbook (EN 15978 if not given)": "Celle du classeur (EN 15978 s'il n'en indique pas)",
    "static life-cycle assessment": "analyse de cycle de vie statique",
    "dynamic LCA, Ic construction and Ic énergie against their maxima": (
        "ACV dynamique, Ic construction et Ic énergie face à leurs seuils"
    ),
    "Study period (years)": "Période d'étude (années)",
    "Leave empty to use the workbook's (50 years if it gives none). RE2020 needs 50.": (
        "Laissez vide pour garder celle du classeur (50 ans s'il n'en donne pas). La RE2020 impose 50."
    ),
    "Compute": "Calculer",
    "Computing…": "Calcul en cours…",
    "No workbook yet?": "Pas encore de classeur ?",
    "Download the empty template: one sheet for the project, one for the materials by lot, one for the "
    "energy use, with notes and drop-down lists.": (
        "Téléchargez le modèle vide : une feuille pour le projet, une pour les matériaux par lot, une pour "
        "les consommations d'énergie, avec des notes et des listes déroulantes."
    ),
    "Download the empty template (.xlsx)": "Télécharger le modèle vide (.xlsx)",
    # pages of a computation
    "Pages of this computation": "Pages de ce calcul",
    "Home": "Accueil",
    "Results": "Résultats",
    "Comparison": "Comparaison",
    "Downloads": "Téléchargements",
    "File": "Fichier",
    "Project": "Projet",
    "Reference area": "Surface de référence",
    "Dwellings": "Logements",
    "Study period": "Période d'étude",
    "years": "ans",
    "line(s) could not be computed": "ligne(s) n'ont pas pu être calculées",
    "warning(s)": "avertissement(s)",
    "See the issues to fix in the workbook": "Voir les problèmes à corriger dans le classeur",
    "per variant": "par variante",
    "Per m² in": "Par m² en",
    "total in": "total en",
    "over the whole study period, module D excluded (reported apart).": (
        "sur toute la période d'étude, hors module D (présenté à part)."
    ),
    "The workbook gives no reference area: per-m² figures are not available.": (
        "Le classeur ne donne pas de surface de référence : les valeurs par m² ne sont pas disponibles."
    ),
    "baseline": "référence",
    "Baseline:": "Référence :",
    "Scope": "Périmètre",
    "per m²": "par m²",
    "total": "total",
    "Per m² and year:": "Par m² et par an :",
    "yr": "an",
    "Module D (not in the total):": "Module D (hors total) :",
    "Lines computed:": "Lignes calculées :",
    "Construction products and equipment": "Produits de construction et équipements",
    "Energy use (B6)": "Consommations d'énergie (B6)",
    "Water use (B7)": "Consommations d'eau (B7)",
    "Total (D excluded)": "Total (hors D)",
    "RE2020 verdicts": "Verdicts RE2020",
    "Per m² of reference area (Sref), dynamic LCA, in kg CO2e/m². Permit year {year}; the last columns "
    "apply the maxima of later permit years to the same building.": (
        "Par m² de surface de référence (Sref), ACV dynamique, en kg CO2e/m². Permis déposé en {year} ; les "
        "dernières colonnes appliquent au même bâtiment les seuils des années de permis suivantes."
    ),
    "Variant": "Variante",
    "margin": "marge",
    "Verdict": "Verdict",
    "compliant": "conforme",
    "not compliant": "non conforme",
    "yes": "oui",
    "no": "non",
    "A transparent pre-design estimate, not a regulatory RE2020 calculation (the engine is not an "
    "evaluated one).": (
        "Estimation de pré-conception transparente — pas un calcul RE2020 réglementaire (moteur non évalué)."
    ),
    "documented assumptions are listed in the report and the JSON.": (
        "hypothèses documentées sont listées dans le rapport et le JSON."
    ),
    "By lot": "Par lot",
    "By module": "Par module",
    "Lot": "Lot",
    "Module": "Module",
    "Product stage": "Production",
    "Transport to site": "Transport jusqu'au chantier",
    "Construction and installation": "Chantier et mise en œuvre",
    "Use": "Utilisation",
    "Maintenance": "Maintenance",
    "Repair": "Réparation",
    "Replacement": "Remplacement",
    "Refurbishment": "Réhabilitation",
    "Operational energy use": "Consommations d'énergie",
    "Operational water use": "Consommations d'eau",
    "Deconstruction, demolition": "Déconstruction, démolition",
    "Transport to waste processing": "Transport vers le traitement des déchets",
    "Waste processing": "Traitement des déchets",
    "Disposal": "Élimination",
    "Benefits and loads beyond the system boundary (not in the total)": (
        "Bénéfices et charges au-delà des frontières du système (hors total)"
    ),
    "Issues to fix in the workbook": "Problèmes à corriger dans le classeur",
    "Fix them in Excel, save, and drop the file again. Row numbers are those your spreadsheet shows.": (
        "Corrigez-les dans Excel, enregistrez, puis déposez à nouveau le fichier. Les numéros de ligne sont "
        "ceux qu'affiche votre tableur."
    ),
    "Level": "Niveau",
    "Sheet": "Feuille",
    "Row": "Ligne",
    "Column": "Colonne",
    "Message": "Message",
    "error": "erreur",
    "warning": "avertissement",
    "info": "information",
    "more issues are listed in the report and the JSON.": (
        "autres problèmes figurent dans le rapport et le JSON."
    ),
    "No issue: every line was computed.": "Aucun problème : toutes les lignes ont été calculées.",
    # comparison
    "The workbook has a single variant: add variants (Variantes sheet, variant column) to compare them.": (
        "Le classeur n'a qu'une variante : ajoutez-en (feuille Variantes, colonne variante) pour les "
        "comparer."
    ),
    "Variants side by side": "Les variantes côte à côte",
    "A negative difference means less impact than the baseline. Rank 1 is the lowest impact.": (
        "Un écart négatif signifie moins d'impact que la référence. Le rang 1 est l'impact le plus faible."
    ),
    "Rank": "Rang",
    "What separates": "Ce qui sépare",
    "from the baseline": "de la référence",
    "Element": "Élément",
    "Share of the difference (%)": "Part de l'écart (%)",
    "No difference with the baseline.": "Aucun écart avec la référence.",
    "Charts": "Graphiques",
    "By life-cycle stage": "Par étape du cycle de vie",
    "From the baseline to this variant, by lot": "De la référence à cette variante, par lot",
    "Largest contributors of the baseline": "Principaux contributeurs de la référence",
    "Cumulative emissions over the study period": "Émissions cumulées sur la période d'étude",
    "Biogenic carbon stored in the building": "Carbone biogénique stocké dans le bâtiment",
    "RE2020 indicators against their maxima": "Indicateurs RE2020 face à leurs seuils",
    # downloads
    "The files of this computation, made now from your workbook: nothing is stored on the server.": (
        "Les fichiers de ce calcul, produits à l'instant depuis votre classeur : rien n'est stocké sur le "
        "serveur."
    ),
    "Excel report": "Rapport Excel",
    "Summary, variants side by side, by lot, by module, every line with its factor and source, data quality, "
    "provenance and charts: the same report as": (
        "Synthèse, variantes côte à côte, par lot, par module, chaque ligne avec sa fiche et sa source, "
        "qualité des données, provenance et graphiques : le même rapport que"
    ),
    "Every chart in three formats, for slides and documents.": (
        "Chaque graphique en trois formats, pour vos présentations et documents."
    ),
    "The JSON document of": "Le document JSON de",
    "totals, by module, by lot, per m², issues.": "totaux, par module, par lot, par m², problèmes.",
    "One row per variant, line, module and indicator, for a spreadsheet or a notebook.": (
        "Une ligne par variante, ligne d'inventaire, module et indicateur, pour un tableur ou un notebook."
    ),
    "variant(s)": "variante(s)",
    "issue(s)": "problème(s)",
    "Each file takes a few seconds: the workbook is computed again.": (
        "Chaque fichier prend quelques secondes : le classeur est recalculé."
    ),
    # errors
    "Error": "Erreur",
    "The file could not be used": "Le fichier n'a pas pu être utilisé",
    "File too large": "Fichier trop volumineux",
    "Request refused": "Requête refusée",
    "Back to the home page": "Retour à l'accueil",
    "This form was sent by another web site. For your data's safety, the page only accepts forms sent from "
    "itself: open the page again and drop your file there.": (
        "Ce formulaire a été envoyé par un autre site. Pour la sécurité de vos données, la page n'accepte "
        "que ses propres formulaires : rouvrez la page et déposez-y votre fichier."
    ),
    "The file is larger than {size} MB, the limit of this page. Remove unused sheets or images from the "
    "workbook, or start the page with a higher limit: lca serve --max-upload 50": (
        "Le fichier dépasse {size} Mo, la limite de cette page. Retirez du classeur les feuilles ou images "
        "inutiles, ou relancez la page avec une limite plus haute : lca serve --max-upload 50"
    ),
    "This page does not exist. Go back to the home page to drop a workbook.": (
        "Cette page n'existe pas. Revenez à l'accueil pour déposer un classeur."
    ),
    "The computation stopped on an unexpected error. Nothing was kept; please report the problem to the lca "
    "developers with the steps that led to it (not your file, unless you can share it).": (
        "Le calcul s'est arrêté sur une erreur inattendue. Rien n'a été conservé ; signalez le problème aux "
        "développeurs de lca avec les étapes qui y ont mené (pas votre fichier, sauf s'il peut être partagé)."
    ),
    "The form could not be read. Go back to the home page and drop your workbook again.": (
        "Le formulaire n'a pas pu être lu. Revenez à l'accueil et déposez à nouveau votre classeur."
    ),
    "No file was received. Choose or drop a project workbook (.xlsx, .ods or a ZIP of CSV sheets).": (
        "Aucun fichier reçu. Choisissez ou déposez un classeur de projet (.xlsx, .ods ou ZIP de feuilles "
        "CSV)."
    ),
    "Unknown method: choose EN 15978 or RE2020.": "Méthode inconnue : choisissez EN 15978 ou RE2020.",
    "The study period must be a number of years between 1 and {max}.": (
        "La période d'étude doit être un nombre d'années entre 1 et {max}."
    ),
    "the file is empty; drop an .xlsx or .ods workbook, or a ZIP of CSV sheets": (
        "le fichier est vide ; déposez un classeur .xlsx ou .ods, ou un ZIP de feuilles CSV"
    ),
    "this file is not a workbook (its content is neither .xlsx, .ods nor a ZIP of CSV files); save it from "
    "Excel or LibreOffice as .xlsx and drop it again": (
        "ce fichier n'est pas un classeur (son contenu n'est ni .xlsx, ni .ods, ni un ZIP de fichiers CSV) ; "
        "enregistrez-le depuis Excel ou LibreOffice au format .xlsx et déposez-le à nouveau"
    ),
    "this ZIP file is neither an .xlsx nor an .ods workbook nor a ZIP of CSV sheets; save the project from "
    "Excel or LibreOffice as .xlsx and drop it again": (
        "ce fichier ZIP n'est ni un classeur .xlsx ou .ods, ni un ZIP de feuilles CSV ; enregistrez le "
        "projet depuis Excel ou LibreOffice au format .xlsx et déposez-le à nouveau"
    ),
}


def translate(msgid: str, lang: str) -> str:
    """``msgid`` (English) in ``lang``; the English text when no translation is known."""
    if lang == "fr":
        return FRENCH.get(msgid, msgid)
    return msgid


def format_number(value: float, lang: str, digits: int = 0) -> str:
    """A number as a reader of ``lang`` writes it (``12 345,6`` / ``12,345.6``)."""
    return _format_number(value, lang, digits)
