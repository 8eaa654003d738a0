"""Find the messages of the code that the catalogue lacks, and optionally add them to every ``lca.po``.

Babel's Python extractor reads ``Message("...")``, ``translate("...")``, ``_("...")`` and
``Label("kind", "key")``/``label("kind", "key")`` calls with literal texts in ``lca/``; every msgid found
must be in every shipped catalogue (``tests/test_i18n.py`` runs :func:`missing`). An f-string given as a
msgid cannot be translated and is reported too.

Usage::

    python scripts/extract_messages.py          # list what is missing; exit status 1 if anything is
    python scripts/extract_messages.py --add    # append the missing entries to every lca.po: English
                                                # msgstr = msgid, other languages empty (to translate)
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lca"

#: Callables whose literal arguments are msgids: name -> Babel keyword spec ((n, "c") = context argument).
KEYWORDS = {
    "Message": None,
    "translate": None,
    "_": None,
    "Label": ((1, "c"), 2),
    "label": ((1, "c"), 2),
}


class Found(NamedTuple):
    file: str
    line: int
    context: str | None
    msgid: str


def find_messages(package: Path = PACKAGE) -> list[Found]:
    """Every literal msgid used in ``package``, with where it is used."""
    import warnings

    from babel.messages.extract import extract_from_dir

    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # f-strings are reported by fstring_messages
        for file, line, msgid, _, context in extract_from_dir(str(package), keywords=KEYWORDS):
            if isinstance(msgid, tuple):
                msgid = msgid[0]
            out.append(Found(f"{package.name}/{file}", line, context, msgid))
    return out


def fstring_messages(package: Path = PACKAGE) -> list[Found]:
    """Calls of ``Message``/``translate``/``_`` whose msgid is an f-string (it cannot be translated)."""
    out = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("Message", "translate", "_")
                and node.args
                and isinstance(node.args[0], ast.JoinedStr)
            ):
                out.append(
                    Found(str(path.relative_to(package.parent)), node.lineno, None, ast.unparse(node.args[0]))
                )
    return out


def missing(package: Path = PACKAGE) -> dict[str, list[Found]]:
    """Per language, the msgids used in ``package`` that its catalogue lacks or leaves untranslated."""
    from lca.i18n import catalogue, languages

    found = find_messages(package)
    out: dict[str, list[Found]] = {}
    for lang in languages():
        entries = catalogue.__wrapped__(lang).entries  # read the file as it is now, not a cached copy
        gaps = [f for f in found if not _translated(entries.get((f.context, f.msgid)))]
        if gaps:
            out[lang] = gaps
    return out


def _translated(text: object) -> bool:
    return bool(text) and (not isinstance(text, tuple) or all(text))


def _po_entry(found: Found, lang: str) -> str:
    from babel.messages.pofile import escape

    lines = [f"#: {found.file}:{found.line}"]
    if found.context is not None:
        lines.append(f"msgctxt {escape(found.context)}")
    lines.append(f"msgid {escape(found.msgid)}")
    lines.append(f"msgstr {escape(found.msgid if lang == 'en' else '')}")
    return "\n".join(lines) + "\n"


def add_missing(package: Path = PACKAGE) -> int:
    """Append the missing entries to each language's ``lca.po``; the number of entries added."""
    from lca.i18n.core import LOCALE_DIR, catalogue, languages

    found = find_messages(package)
    added = 0
    for lang in languages():
        entries = catalogue.__wrapped__(lang).entries
        new, seen = [], set()
        for f in found:
            key = (f.context, f.msgid)
            if key not in entries and key not in seen:
                seen.add(key)
                new.append(_po_entry(f, lang))
        if new:
            path = LOCALE_DIR / lang / "LC_MESSAGES" / "lca.po"
            with open(path, "a", encoding="utf-8") as po:
                po.write("\n" + "\n".join(new))
            added += len(new)
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--add", action="store_true", help="append the missing msgids to every lca.po")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.add:
        print(f"{add_missing()} entries added; translate the empty msgstr, then run the tests")
    status = 0
    for f in fstring_messages():
        print(f"{f.file}:{f.line}: f-string msgid {f.msgid} cannot be translated; use {{named}} params")
        status = 1
    for lang, gaps in missing().items():
        for f in gaps:
            ctx = f" (msgctxt {f.context!r})" if f.context else ""
            print(f"{f.file}:{f.line}: {lang}: no translation of {f.msgid!r}{ctx}")
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
