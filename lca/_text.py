"""Lazy constructors of :class:`lca.i18n.Message`, :class:`~lca.i18n.Label` and :class:`~lca.i18n.Num`
for the modules that ``import lca`` loads (reader, engine, results, checks): ``lca.i18n`` is imported
when the first message is built, not at ``import lca`` (``tests/test_i18n.py`` checks it).

Same signatures as the classes; the message extractor reads ``Message("...")`` and
``Label("kind", "key")`` calls whatever module they come from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for the type checker the names are the classes (same signatures)
    from lca.i18n import Label, Message, Num
else:

    def Message(msgid: str, /, **params: Any) -> Message:
        """:class:`lca.i18n.Message` (``plural``, ``n``, ``context`` and placeholders by keyword)."""
        from lca.i18n import Message as _Message

        return _Message(msgid, **params)

    def Label(kind: str, key: str) -> Label:
        """:class:`lca.i18n.Label`: the label of an internal key, rendered in the message's language."""
        from lca.i18n import Label as _Label

        return _Label(kind, key)

    def Num(value: float, kind: str = "value") -> Num:
        """:class:`lca.i18n.Num`: a number formatted in the message's language with the precision of
        ``kind``."""
        from lca.i18n import Num as _Num

        return _Num(value, kind)


def is_message(value: object) -> bool:
    """True for a :class:`lca.i18n.Message` (without importing lca.i18n when there can be none)."""
    import sys

    module = sys.modules.get("lca.i18n")
    return module is not None and isinstance(value, module.Message)


def quoted(text: object) -> Message:
    """``text`` between the quotes of the message's language: ``'bois'``, ``« bois »``."""
    return Message("'{name}'", name=str(text))


def joined(items: list[Any]) -> Any:
    """``items`` (texts, messages, labels) joined by commas, each rendered in the message's language."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return Message("{first}, {rest}", first=items[0], rest=joined(items[1:]))
