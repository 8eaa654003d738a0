"""The compiled catalogues (lca.i18n.compiled): every entry of each .po, readable by gettext, never stale."""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from lca.i18n import catalogue, languages
from lca.i18n.compiled import load_catalogue, parse_po, read_mo, source_hash, write_mo

LOCALE = Path(__file__).resolve().parent.parent / "lca" / "locale"


def po_of(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "lca.po"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_compiled_form_holds_every_entry_of_the_po(tmp_path, lang):
    po = po_of(lang)
    entries, plurals, expr = parse_po(po)
    assert len(entries) > 1000 and len(plurals) > 10  # the shipped catalogues
    got_entries, got_plurals, got_expr, recorded = read_mo(write_mo(po, tmp_path / "lca.mo"))
    assert got_entries == entries  # every (context, msgid) and msgstr, plural forms in order
    assert got_plurals == plurals  # every msgid_plural
    assert got_expr == expr == {"fr": "(n > 1)", "en": "(n != 1)"}[lang]
    assert recorded == source_hash(po)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_compiled_form_is_a_gettext_mo_file(tmp_path, lang):
    """The standard library reads it too: it is the .mo that msgfmt would write (same keys, same texts)."""
    mo = write_mo(po_of(lang), tmp_path / "lca.mo")
    with mo.open("rb") as f:
        reader = gettext.GNUTranslations(f)
    entries, plurals, _ = parse_po(po_of(lang))
    for (context, msgid), text in entries.items():
        if (context, msgid) in plurals:
            plural = plurals[(context, msgid)][1]
            assert tuple(reader.ngettext(msgid, plural, n) for n in (1, 2)) == text[:2] or not all(text)
        elif text and context is None:
            assert reader.gettext(msgid) == text
        elif text:
            assert reader.pgettext(context, msgid) == text
    assert (
        reader.ngettext("{n} variant", "{n} variants", 2)
        == {"fr": "{n} variantes", "en": "{n} variants"}[lang]
    )
    assert (
        reader.ngettext("{n} variant", "{n} variants", 1) == {"fr": "{n} variante", "en": "{n} variant"}[lang]
    )


@pytest.fixture
def private_po(tmp_path: Path) -> Path:
    """A copy of the French catalogue in a locale folder of its own."""
    po = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "lca.po"
    po.parent.mkdir(parents=True)
    shutil.copy(po_of("fr"), po)
    return po


def edit(po: Path) -> None:
    """Change one translation, as a translator would."""
    text = po.read_text(encoding="utf-8")
    assert 'msgid "n/a"\nmsgstr "n.d."' in text
    po.write_text(text.replace('msgid "n/a"\nmsgstr "n.d."', 'msgid "n/a"\nmsgstr "non disponible"'), "utf-8")


def test_a_stale_compiled_form_next_to_the_po_is_never_read(private_po, monkeypatch):
    monkeypatch.setenv("LCA_CACHE_DIR", "")  # no cache: only the .mo next to the .po
    write_mo(private_po, private_po.with_suffix(".mo"))
    assert load_catalogue(private_po)[0][(None, "n/a")] == "n.d."
    edit(private_po)  # the .mo is now older than its .po
    entries, _, _ = load_catalogue(private_po)
    assert entries[(None, "n/a")] == "non disponible"
    assert entries == parse_po(private_po)[0]


def test_a_checkout_compiles_into_the_cache_once_then_reads_it(private_po, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("LCA_CACHE_DIR", str(cache))
    expected = parse_po(private_po)
    assert load_catalogue(private_po) == expected
    (compiled,) = (cache / "locale").glob("fr-lca-*.mo")
    assert compiled.name == f"fr-lca-{source_hash(private_po)[:20]}.mo"

    def no_parsing(po: Path) -> None:
        raise AssertionError("the .po was parsed although its compiled form is in the cache")

    monkeypatch.setattr("lca.i18n.compiled._parse", no_parsing)
    assert load_catalogue(private_po) == expected
    monkeypatch.undo()
    monkeypatch.setenv("LCA_CACHE_DIR", str(cache))
    edit(private_po)  # a new hash: a new compiled form, the old one is not read
    assert load_catalogue(private_po)[0][(None, "n/a")] == "non disponible"
    assert len(list((cache / "locale").glob("fr-lca-*.mo"))) == 2


@pytest.mark.parametrize("content", [b"", b"not a mo file at all", b"\xde\x12\x04\x95" + b"\xff" * 40])
def test_a_damaged_compiled_form_falls_back_to_the_po(private_po, monkeypatch, content):
    monkeypatch.setenv("LCA_CACHE_DIR", "")
    private_po.with_suffix(".mo").write_bytes(content)
    assert load_catalogue(private_po) == parse_po(private_po)


def test_a_read_only_cache_only_costs_the_parsing(private_po, tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("LCA_CACHE_DIR", str(blocked))
    assert load_catalogue(private_po) == parse_po(private_po)


def test_the_catalogues_lca_uses_are_the_po_files():
    for lang in languages():
        entries, plurals, _ = parse_po(po_of(lang))
        assert catalogue(lang).entries == entries
        assert catalogue(lang).plurals == plurals


@pytest.mark.slow
def test_the_wheel_ships_a_compiled_form_equal_to_each_po(built_wheel, tmp_path):
    """``pip wheel`` runs hatch_build.py: ``lca/locale/<lang>/LC_MESSAGES/lca.mo`` next to each ``.po``,
    holding its entries and the hash of its bytes."""
    wheel = built_wheel
    with zipfile.ZipFile(wheel) as archive:
        for lang in languages():
            name = f"lca/locale/{lang}/LC_MESSAGES/lca"
            assert archive.read(f"{name}.po") == po_of(lang).read_bytes()
            archive.extract(f"{name}.mo", tmp_path)
            entries, plurals, expr, recorded = read_mo(tmp_path / f"{name}.mo")
            assert (entries, plurals, expr) == parse_po(po_of(lang))
            assert recorded == source_hash(po_of(lang))


def test_lca_reads_the_compiled_form_without_babels_parser(tmp_path):
    """The catalogue of a run comes from its compiled form once the cache holds it: Babel's .po parser is
    not even imported (the ~30 ms per language that #12's start-up target cannot afford)."""
    code = (
        "import sys; from lca.i18n import catalogue; catalogue('fr'); catalogue('en'); "
        "print('babel.messages.pofile' in sys.modules)"
    )
    env = {**os.environ, "LCA_CACHE_DIR": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.strip() == "True"  # the first run parses and compiles into the cache
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "locale").glob("*.mo")) == ["en", "fr"]
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert second.stdout.strip() == "False"
