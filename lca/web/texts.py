"""The words and numbers of the web page: the catalogue and number formats of the CLI (:mod:`lca.i18n`).

A message id is the English text; its translations are in ``lca/locale/<lang>/LC_MESSAGES/lca.po``
(the entries marked "Web page"). Templates call ``t("English text", name=value)``.
"""

from __future__ import annotations

from typing import Any

from lca.i18n import label, languages
from lca.i18n import translate as _translate
from lca.i18n.numbers import format_quantity

__all__ = ["LANGUAGES", "capitalised", "format_quantity", "label", "translate"]

#: Languages of the page; the first is the default.
LANGUAGES: tuple[str, ...] = ("fr", *(lang for lang in languages() if lang != "fr"))


def translate(msgid: str, lang: str, **params: Any) -> str:
    """``msgid`` (English) in ``lang``, its ``{placeholders}`` filled with ``params``."""
    return _translate(msgid, lang, **params)


def capitalised(text: str) -> str:
    """A catalogue label (lower case, made to go inside sentences) as the start of a table row."""
    return text[:1].upper() + text[1:]
