"""The catalogues in compiled gettext form (``.mo``): read in a millisecond instead of parsing the ``.po``.

The ``.po`` files are the source (translators edit them; Babel parses them in ~30 ms each, and a run
reads two: its language and English, the language of ``Issue.message``). Their compiled form is the
standard gettext ``.mo`` file, which holds in its header the SHA-256 of the ``.po`` bytes it was compiled
from (``X-Source-SHA256``); :func:`load_catalogue` uses a ``.mo`` only when that hash is the one of the
``.po`` it sits for, so an edited ``.po`` never meets a stale ``.mo``:

- a wheel ships ``lca/locale/<lang>/LC_MESSAGES/lca.mo`` next to the ``.po`` (compiled by
  ``hatch_build.py`` at packaging time, with :func:`write_mo`);
- a source checkout or an editable install compiles on first use into the user's cache folder
  (``$LCA_CACHE_DIR``, else ``$XDG_CACHE_HOME/lca``, else ``~/.cache/lca``: the folder of
  :func:`lca.factors.cache_dir`), under a name holding that hash; no cache when ``LCA_CACHE_DIR`` is empty
  or the folder cannot be written.

``tests/test_i18n_compiled.py`` checks that the compiled form of every shipped ``.po`` holds exactly its
entries (every msgid, context, plural and msgstr) and that a stale ``.mo`` is never read.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import struct
from pathlib import Path

#: ``(context, msgid) -> msgstr``, a tuple of forms for an entry with plural forms.
Entries = dict[tuple[str | None, str], "str | tuple[str, ...]"]
#: ``(context, msgid) -> (msgid, msgid_plural)`` for the entries with plural forms.
Plurals = dict[tuple[str | None, str], tuple[str, str]]

_MAGIC = 0x950412DE
_HASH_HEADER = "X-Source-SHA256"
#: Changes when the layout of the compiled form changes (part of the hash: older files are not read).
FORMAT = "lca-mo-1"


def source_hash(po: Path) -> str:
    """SHA-256 of the ``.po`` bytes and of :data:`FORMAT` (what a compiled form must record)."""
    return hashlib.sha256(FORMAT.encode() + b"|" + po.read_bytes()).hexdigest()


def parse_po(po: Path) -> tuple[Entries, Plurals, str]:
    """The entries of a ``.po`` file parsed by Babel (fuzzy entries and the header left out), its plural
    entries and its ``Plural-Forms`` expression."""
    return _parse(po)[:3]


def _parse(po: Path) -> tuple[Entries, Plurals, str, int]:
    from babel.messages.pofile import read_po

    with open(po, "rb") as f:
        catalog = read_po(f, locale=None, domain=po.stem)
    entries: Entries = {}
    plurals: Plurals = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue  # the header; a fuzzy entry needs a translator's review, as gettext ignores it
        string = message.string
        if isinstance(message.id, (tuple, list)):  # Babel's id and string are unions
            key = (message.context, str(message.id[0]))
            plurals[key] = (str(message.id[0]), str(message.id[1]))
            entries[key] = tuple(string or ())
        else:
            entries[(message.context, message.id)] = string if isinstance(string, str) else ""
    return entries, plurals, catalog.plural_expr, catalog.num_plurals


def write_mo(po: Path, mo: Path) -> Path:
    """Compile ``po`` to ``mo`` (gettext ``.mo`` layout, UTF-8, the ``.po`` hash in the header)."""
    _write(_parse(po), source_hash(po), mo)
    return mo


def _write(parsed: tuple[Entries, Plurals, str, int], digest: str, mo: Path) -> None:
    entries, plurals, expr, nplurals = parsed
    header = (
        "Content-Type: text/plain; charset=UTF-8\n"
        f"Plural-Forms: nplurals={nplurals}; plural={expr};\n"
        f"{_HASH_HEADER}: {digest}\n"
    )
    pairs = {"": header}
    for (context, msgid), text in entries.items():
        key = msgid if context is None else f"{context}\x04{msgid}"
        if (context, msgid) in plurals:
            key += "\x00" + plurals[(context, msgid)][1]
        pairs[key] = "\x00".join(text) if isinstance(text, tuple) else text
    keys = sorted(pairs, key=lambda k: k.encode())  # gettext's order: by the bytes of the key
    ids = [k.encode() for k in keys]
    strs = [pairs[k].encode() for k in keys]
    start = 7 * 4 + 16 * len(keys)
    offsets, chunks, at = [], [], start
    for data in ids + strs:
        offsets.append(struct.pack("<2I", len(data), at))
        chunks.append(data + b"\x00")
        at += len(data) + 1
    head = struct.pack("<7I", _MAGIC, 0, len(keys), 28, 28 + 8 * len(keys), 0, start)
    mo.parent.mkdir(parents=True, exist_ok=True)
    tmp = mo.with_name(f"{mo.name}.{os.getpid()}.tmp")
    tmp.write_bytes(head + b"".join(offsets) + b"".join(chunks))
    os.replace(tmp, mo)  # atomic: a concurrent reader sees the old file or the new one


def read_mo(mo: Path) -> tuple[Entries, Plurals, str, str]:
    """Entries, plural entries, ``Plural-Forms`` expression and recorded source hash of a ``.mo`` file
    written by :func:`write_mo`; a ValueError when it is not one."""
    data = mo.read_bytes()
    magic, _, count, ids_at, strs_at = struct.unpack_from("<5I", data)
    if magic != _MAGIC:
        raise ValueError(f"{mo} is not a little-endian .mo file")
    entries: Entries = {}
    plurals: Plurals = {}
    header = ""
    ids = struct.unpack_from(f"<{2 * count}I", data, ids_at)  # (length, offset) of each key
    strs = struct.unpack_from(f"<{2 * count}I", data, strs_at)  # and of each text
    for i in range(0, 2 * count, 2):
        key = data[ids[i + 1] : ids[i + 1] + ids[i]].decode()
        text = data[strs[i + 1] : strs[i + 1] + strs[i]].decode()
        if not key:
            header = text
            continue
        context, _, msgid = key.rpartition("\x04") if "\x04" in key else (None, "", key)
        if "\x00" in msgid:
            msgid, plural = msgid.split("\x00", 1)
            plurals[(context, msgid)] = (msgid, plural)
            entries[(context, msgid)] = tuple(text.split("\x00"))
        else:
            entries[(context, msgid)] = text
    fields = dict(line.split(": ", 1) for line in header.splitlines() if ": " in line)
    expr = fields.get("Plural-Forms", "").partition("plural=")[2].rstrip(";").strip()
    return entries, plurals, expr or "(n != 1)", fields.get(_HASH_HEADER, "")


def cache_folder() -> Path | None:
    """The user's cache folder for compiled catalogues (the one of :func:`lca.factors.cache_dir`)."""
    if "LCA_CACHE_DIR" in os.environ:
        return Path(os.environ["LCA_CACHE_DIR"]) / "locale" if os.environ["LCA_CACHE_DIR"] else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lca" / "locale"


def load_catalogue(po: Path) -> tuple[Entries, Plurals, str]:
    """The entries, plural entries and ``Plural-Forms`` expression of ``po``: from its compiled form when
    one matches its bytes (next to it in a wheel, else in the cache), else parsed (and then compiled
    into the cache for the next run)."""
    digest = source_hash(po)
    folder = cache_folder()
    cached = None if folder is None else folder / f"{po.parent.parent.name}-{po.stem}-{digest[:20]}.mo"
    for mo in (po.with_suffix(".mo"), cached):
        if mo is None or not mo.is_file():
            continue
        try:
            entries, plurals, expr, recorded = read_mo(mo)
        except (OSError, ValueError, struct.error, UnicodeDecodeError):
            continue  # damaged or foreign: the .po is the source
        if recorded == digest:
            return entries, plurals, expr
    parsed = _parse(po)
    if cached is not None:
        with contextlib.suppress(OSError):  # a read-only home: parse every time
            _write(parsed, digest, cached)
    return parsed[:3]
