"""Every word a user reads, in French or English: the message catalogue, lazy messages, labels and the
choice of language.

The catalogue is made of GNU gettext ``.po`` files, ``lca/locale/<lang>/LC_MESSAGES/lca.po``, read at
run time with Babel (:func:`babel.messages.pofile.read_po`). Why:

- gettext ``.po`` is the ecosystem's standard for translations (Python's :mod:`gettext`, Babel, Sphinx,
  Django, Poedit, Weblate): a translator edits the files with the tools they know, and every entry
  carries its context (``msgctxt``), a comment for the translator, plural forms and the
  ``python-brace-format`` flag those tools check.
- Reading the ``.po`` text directly (instead of compiling ``.mo`` files at build time) means there is no
  build step a developer can forget: running from the source tree with ``PYTHONPATH`` and a plain
  ``pip install .`` (the wheel ships ``lca/locale``) read the same files. Parsing ~150 entries takes a
  few milliseconds, once per language and process.
- Adding a language is adding a file: the languages are the folders under ``lca/locale``.

Conventions (docs/i18n.md): a ``msgid`` is the English sentence with ``{named}`` placeholders (no format
spec); a label's ``msgctxt`` is its kind (``lot``, ``data_type`` …) and its ``msgid`` the internal key.
Text is rendered at output time: code that finds a problem builds a :class:`Message`, code that prints
it renders it in the chosen language (:func:`current_lang`, or an explicit ``lang``).

``import lca`` imports this module (3 ms: it registers :func:`render_issue` with :mod:`lca.errors`);
Babel is imported on the first translation.
"""

from __future__ import annotations

import contextvars
import gettext
import os
import string
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from lca.errors import InputError, set_renderer

__all__ = [
    "DEFAULT_LANG",
    "Label",
    "Message",
    "Num",
    "check_lang",
    "current_lang",
    "detect_workbook_lang",
    "label",
    "languages",
    "locale_lang",
    "placeholders",
    "render",
    "render_issue",
    "resolve_lang",
    "set_lang",
    "translate",
    "use_lang",
    "where",
]

#: Language used when neither the caller, the workbook nor the environment gives one.
DEFAULT_LANG = "fr"

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "lca"

#: Names that cannot be placeholders: they are arguments of :func:`translate` and :class:`Message`.
RESERVED = frozenset({"lang", "context", "plural"})

_LANG: contextvars.ContextVar[str | None] = contextvars.ContextVar("lca_lang", default=None)


# ----------------------------------------------------------------------------------------- catalogue


@cache
def languages() -> tuple[str, ...]:
    """The shipped languages: the folders of ``lca/locale`` holding ``LC_MESSAGES/lca.po``, sorted."""
    return tuple(sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))


class _Catalogue:
    """One language's entries: ``(context, msgid) -> msgstr`` (a tuple of forms for plurals)."""

    def __init__(self, lang: str) -> None:
        from lca.i18n.compiled import load_catalogue  # the .po, or its compiled form when up to date

        self.path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        self.entries, self.plurals, plural_expr = load_catalogue(self.path)
        self.plural_index: Callable[[int], int] = gettext.c2py(plural_expr)


@cache
def catalogue(lang: str) -> _Catalogue:
    """The parsed catalogue of ``lang`` (read once per process)."""
    return _Catalogue(check_lang(lang))


def check_lang(lang: str) -> str:
    """``lang`` if a catalogue ships for it, else an :class:`lca.errors.InputError` (current language)."""
    if lang in languages():
        return lang
    known = languages()
    current = _LANG.get() or locale_lang() or DEFAULT_LANG
    text = translate(
        "unknown language '{code}'; expected one of {expected}",
        current if current in known else "en",
        code=str(lang),
        expected=", ".join(known),
    )
    raise InputError(text, value=lang)


def translate(
    msgid: str,
    /,
    lang: str | None = None,
    *,
    context: str | None = None,
    plural: str | None = None,
    n: int | None = None,
    **params: Any,
) -> str:
    """``msgid`` in ``lang`` (default :func:`current_lang`), its ``{placeholders}`` filled with ``params``.

    Parameters
    ----------
    msgid
        The English text with ``{named}`` placeholders, as in the catalogue.
    lang
        Language code (``fr``, ``en``).
    context
        The ``msgctxt`` of the entry (labels use their kind).
    plural, n
        The English plural form and the count choosing the form; ``n`` is also the ``{n}`` placeholder.
    params
        Placeholder values, rendered by :func:`render` (messages and labels in ``lang``, floats with the
        language's number format, anything else with ``str``). ``lang``, ``context`` and ``plural``
        cannot be placeholder names (:data:`RESERVED`).

    A msgid missing from the catalogue is shown in English (``tests/test_i18n.py`` catches it first).
    """
    lang = check_lang(lang or current_lang())
    entries = catalogue(lang).entries
    text: Any = entries.get((context, msgid))
    if plural is not None or isinstance(text, tuple):
        count = int(n if n is not None else params.get("n", 1))
        forms = text if isinstance(text, tuple) and all(text) else (msgid, plural or msgid)
        index = catalogue(lang).plural_index(count) if forms is text else int(count != 1)
        text = forms[min(index, len(forms) - 1)]
        params.setdefault("n", count)
    elif not text:
        text = msgid
    if n is not None:
        params.setdefault("n", n)
    return str(text).format_map(_Params({k: render(v, lang) for k, v in params.items()}))


class _Params(dict):  # type: ignore[type-arg]
    """Placeholder values; a missing one is left as ``{name}`` rather than failing at output time."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(value: Any, lang: str | None = None) -> str:
    """A placeholder value as text in ``lang``: a :class:`Message`, :class:`Label` or :class:`Num`
    rendered in ``lang``, a float with the language's number format, anything else with ``str``
    (ints stay plain: they are row numbers, years and counts)."""
    lang = lang or current_lang()
    if isinstance(value, (Message, Label, Num)):
        return value.render(lang)
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        from lca.i18n.numbers import format_quantity

        return format_quantity(float(value), lang, "value")
    return str(value)


def placeholders(text: str) -> set[str]:
    """Names of the ``{placeholders}`` of ``text``; a ValueError for a format spec or a conversion."""
    names = set()
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            raise ValueError(f"placeholder {{{name}}} in {text!r} must be a plain {{name}}")
        names.add(name)
    return names


# -------------------------------------------------------------------------------------- lazy text


class Message:
    """A message rendered when it is shown, in the language chosen then.

    >>> m = Message("row {row}", row=12)
    >>> m.render("fr"), m.render("en")
    ('ligne 12', 'row 12')

    Parameters
    ----------
    msgid
        The English text with ``{named}`` placeholders, as in the catalogue.
    plural, n
        English plural form and the count choosing the form (``n`` fills ``{n}``).
    context
        ``msgctxt`` of the entry, if any.
    params
        Placeholder values: plain values, or :class:`Message`/:class:`Label`/:class:`Num` rendered in
        the same language.
    """

    __slots__ = ("context", "msgid", "n", "params", "plural")

    def __init__(
        self,
        msgid: str,
        /,
        *,
        plural: str | None = None,
        n: int | None = None,
        context: str | None = None,
        **params: Any,
    ) -> None:
        self.msgid = msgid
        self.plural = plural
        self.n = n
        self.context = context
        self.params = params

    def render(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default :func:`current_lang`)."""
        return translate(self.msgid, lang, context=self.context, plural=self.plural, n=self.n, **self.params)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        args = [repr(self.msgid)] + [f"{k}={v!r}" for k, v in self.params.items()]
        return f"Message({', '.join(args)})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return (self.msgid, self.plural, self.n, self.context, self.params) == (
            other.msgid,
            other.plural,
            other.n,
            other.context,
            other.params,
        )

    __hash__ = None  # type: ignore[assignment]  # params are mutable


class Label:
    """The lazy label of an internal key (see :func:`label`), usable as a :class:`Message` parameter."""

    __slots__ = ("key", "kind")

    def __init__(self, kind: str, key: str) -> None:
        self.kind = kind
        self.key = key

    def render(self, lang: str | None = None) -> str:
        return label(self.kind, self.key, lang)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Label({self.kind!r}, {self.key!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Label) and (self.kind, self.key) == (other.kind, other.key)

    def __hash__(self) -> int:
        return hash((self.kind, self.key))


class Num:
    """A lazy number formatted by :func:`lca.i18n.numbers.format_quantity` in the rendering language.

    >>> Num(-72.97, "percent").render("fr")
    '−72,97\\xa0%'
    """

    __slots__ = ("kind", "value")

    def __init__(self, value: float, kind: str = "value") -> None:
        self.value = value
        self.kind = kind

    def render(self, lang: str | None = None) -> str:
        from lca.i18n.numbers import format_quantity

        return format_quantity(self.value, lang or current_lang(), self.kind)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Num({self.value!r}, {self.kind!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Num) and (self.value, self.kind) == (other.value, other.kind)

    def __hash__(self) -> int:
        return hash((self.value, self.kind))


#: Label kinds shipped in the catalogue (the ``msgctxt`` of label entries).
LABEL_KINDS: tuple[str, ...] = (
    "building_type",
    "column",
    "data_type",
    "level",
    "lot",
    "method",
    "module",
    "module_group",
    "project_key",
    "replacement_rule",
    "scope",
    "stage",
    "unit",
    "verdict",
)


def label(kind: str, key: object, lang: str | None = None) -> str:
    """What a user reads for the internal ``key`` of a ``kind``, in ``lang``.

    >>> label("project_key", "reference_area", "fr")
    'surface de référence (SHAB)'
    >>> label("lot", "Gros œuvre", "en")  # a lot the user named keeps its name
    'Gros œuvre'

    A key the catalogue does not hold is the user's own word (a lot, a unit) and is returned as is;
    the empty lot is "No lot". A ValueError for an unknown ``kind`` (a programming error).
    """
    if kind not in LABEL_KINDS:
        raise ValueError(f"unknown label kind {kind!r}; expected one of {LABEL_KINDS}")
    lang = check_lang(lang or current_lang())
    text = str(key)
    if kind == "lot" and text == "":
        return translate("No lot", lang)
    found = catalogue(lang).entries.get((kind, text))
    return found if isinstance(found, str) and found else text


def where(
    file: str | None = None,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    line_id: str | None = None,
    lang: str | None = None,
) -> str:
    """The location of a problem in ``lang``: ``file, feuille « Matériaux », ligne 12, colonne « Qté »``."""
    parts = [str(file)] if file else []
    if line_id and row is None:
        parts.append(translate("line {line_id}", lang, line_id=line_id))
    if sheet:
        parts.append(translate("sheet {sheet}", lang, sheet=sheet))
    if row is not None:
        parts.append(translate("row {row}", lang, row=row))
    if column:
        parts.append(translate("column {column}", lang, column=column))
    return ", ".join(parts)


def render_issue(issue: Any, lang: str | None = None) -> str:
    """An :class:`lca.errors.Issue` (or LCAError) as one line in ``lang``: level, location, message.

    ``[avertissement] feuille « Matériaux », ligne 12, colonne « Qté » : …``. The message is the
    issue's ``msg`` (a :class:`Message`) when it has one, else its English ``message``.
    """
    msg = getattr(issue, "msg", None)
    text = msg.render(lang) if msg is not None else str(issue.message)
    loc = where(
        getattr(issue, "file", None) if not hasattr(issue, "level") else None,
        issue.sheet,
        issue.row,
        issue.column,
        getattr(issue, "line_id", None),
        lang,
    )
    body = translate("{where}: {message}", lang, where=loc, message=text) if loc else text
    level = getattr(issue, "level", None)
    return f"[{label('level', level, lang)}] {body}" if level else body


# ------------------------------------------------------------------------------- choosing the language


def locale_lang(environ: Mapping[str, str] | None = None) -> str | None:
    """The shipped language of the environment's locale, or None.

    The variables are read in gettext's order: ``LANGUAGE`` (a ``:``-separated list of preferences),
    then ``LC_ALL``, ``LC_MESSAGES``, ``LANG``; the first one set decides (``C``/``POSIX`` mean "no
    preference"). ``fr_FR.UTF-8`` and ``fr-CA`` give ``fr``.
    """
    env = os.environ if environ is None else environ
    known = languages()
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "").strip()
        if not value:
            continue
        for item in value.split(":") if var == "LANGUAGE" else [value]:
            code = item.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
            if code in known:
                return code
        if var != "LANGUAGE" and value not in ("C", "POSIX") and not value.startswith("C."):
            return None  # a locale for a language without a catalogue
    return None


#: Words that tell the workbook's language: sheet names and headers (compared without accents, case,
#: spaces, as lca.io.workbook does; tests/test_i18n.py checks that each is an accepted alias there).
WORKBOOK_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        {"projet", "materiaux", "energie", "variantes", "facteurs", "quantite", "unite", "designation",
         "duree de vie", "repere", "id fiche", "taux de chute", "vecteur", "nom du projet",
         "surface de reference", "remplace", "variante", "libelle"}
    ),
    "en": frozenset(
        {"project", "materials", "energy", "variants", "factors", "quantity", "unit",
         "service life", "factor", "waste rate", "carrier", "project name", "reference area", "replaces",
         "variant"}
    ),
}  # fmt: skip


def _fold(text: object) -> str:
    """Comparison key of a name, as lca.io.tabular.squash makes it: no accents, case, brackets, spaces."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[(\[].*?[)\]]", "", text) or text
    return "".join(ch for ch in text.lower() if ch.isalnum())


def detect_workbook_lang(words: Iterable[str]) -> str | None:
    """``fr`` or ``en`` from a workbook's sheet names and headers (majority of known words), else None."""
    known = {lang: {_fold(w) for w in ws} for lang, ws in WORKBOOK_WORDS.items()}
    counts = dict.fromkeys(WORKBOOK_WORDS, 0)
    for word in words:
        folded = _fold(word)
        for lang, folded_words in known.items():
            counts[lang] += folded in folded_words
    best = max(counts.values())
    winners = [lang for lang, c in counts.items() if c == best]
    if best == 0:
        return None
    return DEFAULT_LANG if DEFAULT_LANG in winners else winners[0]


def resolve_lang(
    explicit: str | None = None, workbook_lang: str | None = None, environ: Mapping[str, str] | None = None
) -> str:
    """The language to speak: ``explicit`` (``--lang``/``lang=``, checked), else the workbook's, else the
    environment's locale (:func:`locale_lang`), else French."""
    if explicit:
        return check_lang(explicit)
    if workbook_lang and workbook_lang in languages():
        return workbook_lang
    return locale_lang(environ) or DEFAULT_LANG


def current_lang() -> str:
    """The language of the output being produced: the one set by :func:`use_lang`/:func:`set_lang`,
    else :func:`resolve_lang` with no explicit choice (environment, else French)."""
    return _LANG.get() or resolve_lang()


def set_lang(lang: str | None) -> contextvars.Token[str | None]:
    """Set the current language (the CLI does this once, after reading ``--lang`` and the workbook)."""
    return _LANG.set(check_lang(lang) if lang else None)


@contextmanager
def use_lang(lang: str | None) -> Iterator[str]:
    """Within the block, :func:`current_lang` is ``lang`` (None: unchanged)."""
    if lang is None:
        yield current_lang()
        return
    token = set_lang(lang)
    try:
        yield lang
    finally:
        _LANG.reset(token)


set_renderer(render_issue)
