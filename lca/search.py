"""Find emission factors by name: French, English or German, as a user would type them.

A user looks for "parpaing", "BA13", "béton c25/30" or "Transportbeton", not for a UUID. This
module ranks the rows of a per-factor metadata frame (``FactorTable.meta``, or any frame with the
name columns of :data:`lca.factors.META_COLUMNS`) against such a text, ignoring accents, case and
punctuation, and uses the shipped table of French names and trade designations
(``datasets/factors/names_fr.csv``) to make French searches work on German and English sources.

Ranking, best first (scores out of 100):

===== ===========================================================================================
score match
===== ===========================================================================================
100   the text is the whole name
 90   the text is a phrase of the name
 80   every word of the text is a word of the name (any order)
 70   the text is one of the French designations, or a phrase of one
 60   every word is a word of the name or of the designations
 50   every word begins a word (or, 4 letters or more, is inside a compound word)
 ≤45  fuzzy: every word is close to some word (:class:`difflib.SequenceMatcher`, 5 letters or more)
 <30  partial: some words match, not all ("béton c25/30" still lists the concretes)
===== ===========================================================================================

Names in the other languages count as names, 5 points lower; within a level, shorter names and
names that start with the text come first (up to 9 points). Two adjacent words of a name also count as
one word, so that "plasterboard" finds "Gypsum plaster board". Partial matches (below 30) are listed
only when no factor matches every word: "laine de verre" lists the mineral wools, not the glazing.

Usual names first: the shipped table ``datasets/factors/usual_names.csv`` maps the names people use
on site (BA13, placo, OSB, C25/30, PSE, CLT, parpaing, enduit, glass wool …) to the nearest shipped
dataset, with a note saying why it is the nearest (in French and English). When the text is, or
contains as a phrase, a usual name, its datasets come first (score 100) and the result's
``usual_name`` column names the mapping, so that the output can show it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache
from typing import Final

import pandas as pd

from lca._text import Message
from lca.datasets import read_table
from lca.errors import InputError, UnitError
from lca.units import normalise_unit

#: Name column shown first for each language.
NAME_COLUMNS: Final[dict[str, str]] = {"fr": "name_fr", "en": "name", "de": "name_de"}

#: Columns of the shipped ``names_fr.csv``.
NAMES_FR_COLUMNS: Final[list[str]] = [
    "factor_id",
    "name_de",
    "name_fr",
    "designations_fr",
    "category_fr",
    "lot",
    "unit",
    "note",
]

#: Columns of the shipped ``usual_names.csv``: the usual name, the dataset it is mapped to (its
#: ÖKOBAUDAT German name, for checking), and why it is the nearest dataset, in French and English.
USUAL_NAMES_COLUMNS: Final[list[str]] = ["usual_name", "factor_id", "name_de", "note_fr", "note_en"]

#: Columns that :func:`add_french_names` adds or fills (``lot`` of names_fr.csv becomes ``lot_fr``).
FRENCH_COLUMNS: Final[list[str]] = ["name_fr", "designations_fr", "category_fr", "lot_fr"]

# Short words that carry no meaning in a product name; ignored when checking that "every word"
# matches, kept for phrase matching ("laine de verre").
_STOPWORDS: Final[frozenset[str]] = frozenset(
    {
        # French
        "a", "au", "aux", "avec", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les",
        "par", "pour", "sans", "sur", "un", "une",
        # English
        "and", "for", "of", "the", "with",
        # German
        "aus", "das", "der", "die", "fur", "mit", "und", "von",
    }
)  # fmt: skip
_LIGATURES: Final[dict[str, str]] = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l"}
_NON_WORD = re.compile(r"[^0-9a-z]+")
_FUZZY_MIN: Final[float] = 0.84  # per-word similarity below which a word does not match
_FUZZY_MIN_LENGTH: Final[int] = 5  # shorter words (BA13, PAC, PSE) must match exactly or as a prefix
_PARTIAL: Final[float] = 30.0  # below: some words match, not all


def normalise_text(text: object) -> str:
    """Lower-case words without accents or punctuation, separated by single spaces.

    Parameters
    ----------
    text
        Any text; ``None`` and NaN give ``""``.

    Returns
    -------
    str
        e.g. ``"Béton C25/30"`` → ``"beton c25 30"``, ``"Fußbodenheizung"`` → ``"fussbodenheizung"``.
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return _normalise(str(text))


@lru_cache(maxsize=65536)  # the same names are normalised at every search
def _normalise(text: str) -> str:
    out = text.lower()
    for ligature, plain in _LIGATURES.items():
        out = out.replace(ligature, plain)
    out = unicodedata.normalize("NFKD", out)
    out = "".join(ch for ch in out if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", out).strip()


def _words(text: str) -> list[str]:
    """Meaningful words of a normalised text (all of them if all are stop words)."""
    words = text.split()
    kept = [w for w in words if w not in _STOPWORDS]
    return kept or words


def _has_phrase(haystack: str, phrase: str) -> bool:
    """``phrase`` occurs in ``haystack`` on word boundaries (both normalised)."""
    return bool(phrase) and f" {phrase} " in f" {haystack} "


def _tokens(name: str) -> set[str]:
    """Words of a normalised name, and each pair of adjacent words joined ("plaster board" ->
    "plasterboard"), so that a compound typed as one word matches."""
    words = name.split()
    return set(words) | {a + b for a, b in zip(words, words[1:], strict=False)}


def _word_level(word: str, tokens: set[str]) -> int:
    """2: a token equals the word; 1: a token starts with it or (4+ letters) contains it; 0: no."""
    if word in tokens:
        return 2
    for token in tokens:
        if token.startswith(word) or (len(word) >= 4 and word in token):
            return 1
    return 0


def _closeness(word: str, vocabulary: set[str]) -> dict[str, float]:
    """Similarity in [0, 1] of ``word`` to each token of ``vocabulary`` close enough to count."""
    if len(word) < _FUZZY_MIN_LENGTH:
        return {}
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(word)
    close: dict[str, float] = {}
    for token in vocabulary:
        if len(token) < _FUZZY_MIN_LENGTH - 1 or abs(len(token) - len(word)) > 2:
            continue
        matcher.set_seq1(token)
        if matcher.real_quick_ratio() < _FUZZY_MIN or matcher.quick_ratio() < _FUZZY_MIN:
            continue
        ratio = matcher.ratio()
        if ratio >= _FUZZY_MIN:
            close[token] = ratio
    return close


def _score_row(
    query: str,
    words: list[str],
    names: list[tuple[str, float]],
    designations: list[str],
    fuzzy: dict[str, dict[str, float]],
) -> float:
    """Score of one factor; ``names`` are (normalised name, weight offset) pairs."""
    best = 0.0
    compact_query = query.replace(" ", "")
    name_tokens: set[str] = set()
    for name, offset in names:
        if not name:
            continue
        tokens = _tokens(name)
        name_tokens |= tokens
        # Within a level: start-of-name and short names first (closer to what was typed).
        bonus = 4.0 * (name.startswith(query)) + 5.0 * min(1.0, len(query) / len(name))
        if name == query or name.replace(" ", "") == compact_query:
            level = 100.0
        elif _has_phrase(name, query):
            level = 90.0
        elif all(w in tokens for w in words):
            level = 80.0
        else:
            continue
        best = max(best, level + offset + (bonus if level < 100 else 0.0))
    if best >= 80:
        return best

    design_tokens: set[str] = set()
    for designation in designations:
        design_tokens |= _tokens(designation)
        if designation == query or designation.replace(" ", "") == compact_query:
            best = max(best, 75.0 + 4.0)
        elif _has_phrase(designation, query):
            best = max(best, 70.0 + 4.0 * min(1.0, len(query) / len(designation)))
    if best >= 70:
        return best

    tokens = name_tokens | design_tokens
    if all(w in tokens for w in words):
        return 60.0 + 4.0 * (all(w in name_tokens for w in words))
    levels = [_word_level(w, tokens) for w in words]
    if all(levels):
        return 50.0 + 4.0 * sum(levels) / (2 * len(levels))
    # Fuzzy and partial: each word scores 1 (exact or prefix) or its similarity to the closest
    # word (typos), else 0.
    similarities = []
    for word, level in zip(words, levels, strict=True):
        close = fuzzy.get(word, {}) if not level else {}
        ratios = [close[t] for t in tokens if t in close]
        similarities.append(1.0 if level else max(ratios, default=0.0))
    primary = next((name for name, _ in names if name), "")
    shortness = 4.0 * min(1.0, len(query) / len(primary)) if primary else 0.0
    if all(similarities):
        return 30.0 + 15.0 * sum(similarities) / len(similarities)
    matched = [s for s, w in zip(similarities, words, strict=True) if s and len(w) >= 3]
    if not matched:
        return 0.0
    # Some words match, not all: "béton c25/30" still lists the concretes, below full matches.
    return 25.0 * sum(similarities) / len(similarities) + shortness


def _factor_frame_names(factors: pd.DataFrame, lang: str) -> list[tuple[str, float]]:
    """Name columns present, primary language first, with their score offset."""
    primary = NAME_COLUMNS[lang]
    ordered = [primary, *(c for c in NAME_COLUMNS.values() if c != primary)]
    return [(c, 0.0 if c == primary else -5.0) for c in ordered if c in factors.columns]


def _category_mask(factors: pd.DataFrame, category: str) -> pd.Series:
    wanted = normalise_text(category)
    mask = pd.Series(False, index=factors.index)
    for column in ("category", "category_fr"):
        if column in factors.columns:
            text = factors[column].map(normalise_text)
            mask |= text.map(lambda t: _has_phrase(t, wanted) or t.startswith(wanted))
    return mask


def _unit_key(text: object) -> str:
    """Canonical unit, or the normalised text when pint does not know it."""
    if text is None or (isinstance(text, float) and text != text) or str(text).strip() == "":
        return ""
    try:
        return normalise_unit(str(text))
    except UnitError:
        return normalise_text(text)


def search_factors(
    factors: pd.DataFrame,
    text: str,
    *,
    category: str | None = None,
    unit: str | None = None,
    lang: str = "fr",
    limit: int | None = 20,
    usual_names: bool = True,
) -> pd.DataFrame:
    """Rank the factors whose names or designations match a text.

    Parameters
    ----------
    factors
        One row per factor (indexed by ``factor_id`` or with a ``factor_id`` column), with any of
        the columns ``name``, ``name_fr``, ``name_de``, ``category``, ``declared_unit`` and, if
        present, ``designations_fr`` (``;``-separated) and ``category_fr``: typically
        ``add_french_names(table.meta)``.
    text
        What the user typed: ``"béton c25/30"``, ``"laine de verre"``, ``"BA13"``,
        ``"Transportbeton"``. Accents, case and punctuation are ignored.
    category
        Keep only factors whose ``category`` (or ``category_fr``) contains this text as a phrase
        or starts with it, e.g. ``"Insulation"`` or ``"Isolants"``.
    unit
        Keep only factors declared in this unit, compared after
        :func:`lca.units.normalise_unit` (``"m3"`` matches ``"m³"``; ``"m2"`` matches ``"qm"``).
    lang
        ``"fr"``, ``"en"`` or ``"de"``: which name column comes first and counts fully (names in
        the other languages count 5 points lower).
    limit
        Most rows returned; ``None`` or 0 for all.
    usual_names
        Put first the datasets that :func:`load_usual_names` maps to a usual name found in ``text``
        (``"BA13"``, ``"béton C25/30"``).

    Returns
    -------
    pandas.DataFrame
        The matching rows, best first, with the same index as ``factors``; the name column of
        ``lang`` first, then the other columns, ``usual_name`` (the usual name that mapped the row,
        ``""`` for the others) and a ``score`` column (0–100) last. Partial matches (score < 30)
        only when no row matches every word. Empty, with the same columns, when nothing matches.

    Raises
    ------
    InputError
        When ``lang`` is not one of ``fr``, ``en``, ``de``.

    Examples
    --------
    >>> meta = pd.DataFrame({"name_fr": ["Béton C25/30", "Bloc béton creux (parpaing)"],
    ...                      "declared_unit": ["m3", "kg"]}, index=pd.Index(["a", "b"], name="factor_id"))
    >>> search_factors(meta, "parpaing").index.tolist()
    ['b']
    """
    if lang not in NAME_COLUMNS:
        raise InputError(
            Message(
                "unknown language '{lang_code}'; use one of {languages}",
                lang_code=lang,
                languages=", ".join(sorted(NAME_COLUMNS)),
            ),
            value=lang,
        )
    name_column = NAME_COLUMNS[lang]
    columns = [c for c in factors.columns if c not in (name_column, "usual_name", "score")]
    if name_column in factors.columns:
        columns.insert(0, name_column)
    frame = factors.reindex(columns=columns).assign(usual_name="")

    keep = pd.Series(True, index=frame.index)
    if category is not None and str(category).strip():
        keep &= _category_mask(frame, category)
    if unit is not None and str(unit).strip() and "declared_unit" in frame.columns:
        wanted = _unit_key(unit)
        keep &= frame["declared_unit"].map(_unit_key) == wanted
    frame = frame.loc[keep.to_numpy()]

    query = normalise_text(text)
    if not query or frame.empty:
        return frame.iloc[0:0].assign(score=pd.Series(dtype="float64"))
    words = _words(query)

    name_columns = _factor_frame_names(frame, lang)
    names = [[(normalise_text(v), offset) for v in frame[c].to_numpy()] for c, offset in name_columns]
    if "designations_fr" in frame.columns:
        designations = [
            [normalise_text(d) for d in str(v).split(";") if normalise_text(d)] if isinstance(v, str) else []
            for v in frame["designations_fr"].to_numpy()
        ]
    else:
        designations = [[] for _ in range(len(frame))]

    # Fuzzy similarities are computed once per distinct word of the frame, not per row.
    vocabulary: set[str] = set()
    for column in names:
        for name, _ in column:
            vocabulary.update(name.split())
    for row in designations:
        for designation in row:
            vocabulary.update(designation.split())
    fuzzy = {w: _closeness(w, vocabulary) for w in words}

    scores = [
        _score_row(query, words, [column[i] for column in names], designations[i], fuzzy)
        for i in range(len(frame))
    ]
    # Usual names first, in the order of the shipped table (its nearest dataset first).
    usual_rank = [len(frame)] * len(frame)
    usual = [""] * len(frame)
    if usual_names:
        ids = _factor_ids(frame)
        position = {fid: i for i, fid in enumerate(ids)}
        for rank, (name, factor_id) in enumerate(_usual_matches(query)):
            i = position.get(factor_id)
            if i is not None and usual_rank[i] == len(frame):
                usual_rank[i], usual[i], scores[i] = rank, name, 100.0
    # Ties: alphabetical on the first non-empty name, language of lang first (reproducible order).
    tie = [next((column[i][0] for column in names if column[i][0]), "") for i in range(len(frame))]
    ranked = pd.DataFrame({"usual": usual_rank, "score": scores, "tie": tie}).sort_values(
        ["usual", "score", "tie"], ascending=[True, False, True], kind="stable"
    )
    # Partial matches only when nothing matches every word ("laine de verre": no glazing).
    floor = _PARTIAL if (ranked["score"] >= _PARTIAL).any() else 0.0
    ranked = ranked.loc[(ranked["score"] > 0) & (ranked["score"] >= floor)]
    if limit:
        ranked = ranked.head(limit)
    out = frame.iloc[ranked.index.to_numpy()]
    return out.assign(usual_name=[usual[i] for i in ranked.index], score=ranked["score"].round(2).to_numpy())


def _factor_ids(frame: pd.DataFrame) -> list[str]:
    """The factor ids of a frame indexed by ``factor_id`` or with a ``factor_id`` column."""
    if "factor_id" in frame.columns:
        return [str(v) for v in frame["factor_id"]]
    return [str(v) for v in frame.index]


def _usual_matches(query: str) -> list[tuple[str, str]]:
    """(usual name, factor id) of the usual names that are the query or a phrase of it."""
    table = _usual_names()
    return [
        (name, factor_id)
        for name, key, factor_id in zip(table["usual_name"], table["key"], table["factor_id"], strict=True)
        if key == query or key.replace(" ", "") == query.replace(" ", "") or _has_phrase(query, key)
    ]


@lru_cache(maxsize=1)
def _usual_names() -> pd.DataFrame:
    table, _ = read_table(("factors", "usual_names.csv"), USUAL_NAMES_COLUMNS)
    return table.assign(key=table["usual_name"].map(normalise_text))


def load_usual_names() -> pd.DataFrame:
    """The shipped usual names (``datasets/factors/usual_names.csv``) and their nearest datasets.

    Returns
    -------
    pandas.DataFrame
        One row per (usual name, dataset), in the order of preference: :data:`USUAL_NAMES_COLUMNS`.
        ``note_fr``/``note_en`` say why the dataset is the nearest one. A copy.

    Examples
    --------
    >>> table = load_usual_names().set_index("usual_name")
    >>> table.loc["BA13", "factor_id"]
    '07423e99-8c7c-4e93-8311-dcf7ae85c41d'
    """
    return _usual_names()[USUAL_NAMES_COLUMNS].copy()


def usual_name_note(usual_name: str, factor_id: str, lang: str) -> str:
    """Why ``factor_id`` is the nearest dataset to ``usual_name``, in ``lang`` (``fr`` or ``en``);
    ``""`` when the pair is not in the shipped table."""
    table = _usual_names()
    rows = table.loc[(table["usual_name"] == usual_name) & (table["factor_id"] == factor_id)]
    column = "note_fr" if lang == "fr" else "note_en"
    return str(rows[column].iloc[0]) if len(rows) else ""


@lru_cache(maxsize=1)
def _names_fr() -> pd.DataFrame:
    table, _ = read_table(("factors", "names_fr.csv"), NAMES_FR_COLUMNS)
    table["lot"] = pd.to_numeric(table["lot"].replace("", None)).astype("Int64")
    return table


def load_names_fr() -> pd.DataFrame:
    """The shipped French names of the most used ÖKOBAUDAT generic datasets.

    Returns
    -------
    pandas.DataFrame
        One row per ``factor_id`` (ÖKOBAUDAT UUID, release OBD_2020_II): :data:`NAMES_FR_COLUMNS`;
        ``lot`` is the usual RE2020 lot (1–13, nullable integer), ``unit`` the source's declared
        unit (for checking only). A copy: changing it does not change the cached table.
    """
    return _names_fr().copy()


def _empty(values: pd.Series) -> pd.Series:
    return values.isna() | (values.astype("string").str.strip() == "")


def add_french_names(meta: pd.DataFrame) -> pd.DataFrame:
    """Add ``name_fr``, ``designations_fr``, ``category_fr`` and ``lot_fr`` by ``factor_id``.

    Values already in ``meta`` are kept: the shipped table only fills empty cells.

    Parameters
    ----------
    meta
        Per-factor metadata, indexed by ``factor_id`` (as ``FactorTable.meta``) or with a
        ``factor_id`` column.

    Returns
    -------
    pandas.DataFrame
        A copy of ``meta``, same index and row order, with the four columns.

    Raises
    ------
    InputError
        When ``meta`` has neither a ``factor_id`` column nor an index named ``factor_id``.
    """
    if "factor_id" in meta.columns:
        ids = meta["factor_id"].astype("string")
    elif meta.index.name == "factor_id":
        ids = pd.Series(meta.index, index=meta.index, dtype="string")
    else:
        raise InputError(
            Message(
                "Missing required columns: ['factor_id']; give a factor_id column or index the frame by "
                "factor_id"
            )
        )
    names = _names_fr().set_index("factor_id").rename(columns={"lot": "lot_fr"})
    out = meta.copy()
    for column in FRENCH_COLUMNS:
        shipped = ids.map(names[column])
        if column == "lot_fr":
            shipped = shipped.astype("Int64")
        if column not in out.columns:
            out[column] = shipped
        else:
            fill = _empty(out[column]) & shipped.notna()
            out[column] = out[column].where(~fill.to_numpy(), shipped)
    return out
