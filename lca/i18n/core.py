"""The catalogue core: the shipped languages, their parsed ``.po`` files, and the language of the output.

The lowest module of :mod:`lca.i18n`: :mod:`lca.i18n.numbers` (which writes "n/a" and checks its
language here) and the package (messages, labels, :func:`~lca.i18n.translate`) import it, and it imports
neither, so the text flows one way: catalogue → numbers → messages. Every name is re-exported by
:mod:`lca.i18n`; the conventions of the catalogue are described there and in docs/i18n.md.
"""

from __future__ import annotations

import contextvars
import gettext
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from lca.errors import InputError

#: Language used when neither the caller, the workbook nor the environment gives one.
DEFAULT_LANG = "fr"

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "lca"

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
    text, _ = lookup(
        "unknown language '{code}'; expected one of {expected}", current if current in known else "en"
    )
    raise InputError(text.format(code=str(lang), expected=", ".join(known)), value=lang)


def lookup(
    msgid: str, lang: str, *, context: str | None = None, plural: str | None = None, n: int | None = None
) -> tuple[str, int | None]:
    """The catalogue's text of ``msgid`` in ``lang``, placeholders unfilled, and the count that chose its
    plural form (None for an entry without forms).

    An entry with plural forms (or a ``plural`` given) takes the form of ``n`` (1 when None) by the
    language's ``Plural-Forms`` rule; a msgid missing from the catalogue is its English text
    (``tests/test_i18n.py`` catches it first). :func:`lca.i18n.translate` fills the placeholders.
    """
    lang = check_lang(lang)
    text: Any = catalogue(lang).entries.get((context, msgid))
    if plural is not None or isinstance(text, tuple):
        count = int(n if n is not None else 1)
        forms = text if isinstance(text, tuple) and all(text) else (msgid, plural or msgid)
        index = catalogue(lang).plural_index(count) if forms is text else int(count != 1)
        return str(forms[min(index, len(forms) - 1)]), count
    return str(text or msgid), None


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
