"""The message catalogue, lazy messages, labels, the choice of language and number formatting."""

from __future__ import annotations

import importlib.util
import math
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lca.errors import InputError
from lca.i18n import (
    LABEL_KINDS,
    RESERVED,
    WORKBOOK_WORDS,
    Label,
    Message,
    Num,
    catalogue,
    current_lang,
    detect_workbook_lang,
    label,
    languages,
    locale_lang,
    placeholders,
    render_issue,
    resolve_lang,
    set_lang,
    translate,
    use_lang,
    where,
)
from lca.i18n.numbers import QUANTITY_FORMATS, format_number, format_percent, format_quantity, tick_formatter

ROOT = Path(__file__).resolve().parent.parent
NNBSP, NBSP, MINUS = "\u202f", "\u00a0", "\u2212"


def _script():
    spec = importlib.util.spec_from_file_location(
        "extract_messages", ROOT / "scripts" / "extract_messages.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------------------------------ catalogue


def test_french_and_english_ship():
    assert languages() == ("en", "fr")


def test_every_message_exists_in_every_language_with_the_same_placeholders():
    langs = languages()
    keys = {lang: set(catalogue(lang).entries) for lang in langs}
    union = set().union(*keys.values())
    for lang in langs:
        assert union - keys[lang] == set(), f"{lang} lacks these (msgctxt, msgid)"
    for lang in langs:
        cat = catalogue(lang)
        for (ctx, msgid), text in cat.entries.items():
            forms = text if isinstance(text, tuple) else (text,)
            assert all(f.strip() for f in forms), f"{lang}: empty translation of {msgid!r} ({ctx})"
            if (ctx, msgid) in cat.plurals:
                singular, plural = cat.plurals[(ctx, msgid)]
                expected = placeholders(singular) | placeholders(plural)
                assert len(forms) == 2, f"{lang}: {msgid!r} needs 2 plural forms"
                got = set().union(*(placeholders(f) for f in forms))
                assert got == expected, f"{lang}: placeholders of {msgid!r}"
                assert all(placeholders(f) <= expected for f in forms)
            else:
                assert placeholders(text) == placeholders(msgid), f"{lang}: placeholders of {msgid!r}"
            assert not placeholders(msgid) & RESERVED, f"{msgid!r} uses a reserved name"


def test_plural_entries_are_plural_in_every_language():
    plurals = {lang: set(catalogue(lang).plurals) for lang in languages()}
    assert plurals["fr"] == plurals["en"] != set()


def test_placeholders_must_be_plain_names():
    assert placeholders("{a} and {b_2}") == {"a", "b_2"}
    with pytest.raises(ValueError, match=r"must be a plain \{name\}"):
        placeholders("{period:g} years")
    with pytest.raises(ValueError, match="plain"):
        placeholders("{x!r}")


def test_every_message_used_in_the_code_is_in_the_catalogue():
    script = _script()
    assert script.fstring_messages() == []
    gaps = script.missing()
    assert gaps == {}, "run `python scripts/extract_messages.py --add` and translate:\n" + "\n".join(
        f"{f.file}:{f.line} {lang} {f.msgid!r}" for lang, fs in gaps.items() for f in fs
    )
    used = {(f.context, f.msgid) for f in script.find_messages()}
    assert (None, "{n} column not shown (the terminal is too narrow)") in used  # the extractor sees calls


def test_the_extractor_reports_a_forgotten_message_and_an_fstring(tmp_path):
    script = _script()
    (tmp_path / "mod.py").write_text(
        textwrap.dedent(
            """
            from lca.i18n import Label, Message
            ok = Message("row {row}", row=2)
            forgotten = Message("Nobody translated {this}", this=1)
            key = Label("project_key", "no_such_key")
            bad = Message(f"row {ok}")
            """
        ),
        encoding="utf-8",
    )
    gaps = script.missing(tmp_path)
    assert sorted(gaps) == ["en", "fr"]
    assert [(f.line, f.context, f.msgid) for f in gaps["fr"]] == [
        (4, None, "Nobody translated {this}"),
        (5, "project_key", "no_such_key"),
    ]
    assert [f.line for f in script.fstring_messages(tmp_path)] == [6]


def test_add_appends_entries_that_fail_until_translated(tmp_path, monkeypatch):
    script = _script()
    import lca.i18n as i18n

    locale = tmp_path / "locale"
    for lang in languages():
        target = locale / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        (target / "lca.po").write_bytes((i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "lca.po").read_bytes())
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text('Message("A new {thing}", thing=1)\n', encoding="utf-8")
    monkeypatch.setattr(i18n.core, "LOCALE_DIR", locale)  # where the catalogues are read
    assert script.add_missing(tmp_path / "pkg") == 2
    assert list(script.missing(tmp_path / "pkg")) == ["fr"]  # English is the msgid; French is empty
    text = (locale / "fr" / "LC_MESSAGES" / "lca.po").read_text(encoding="utf-8")
    assert text.endswith('msgid "A new {thing}"\nmsgstr ""\n')


def test_a_fuzzy_translation_is_not_used(tmp_path, monkeypatch):
    import lca.i18n as i18n

    target = tmp_path / "fr" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "lca.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        '#, fuzzy\nmsgid "row {row}"\nmsgstr "rangée {row}"\n\nmsgid "n/a"\nmsgstr "n.d."\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n.core, "LOCALE_DIR", tmp_path)
    entries = i18n.catalogue.__wrapped__("fr").entries
    assert entries == {(None, "n/a"): "n.d."}


# --------------------------------------------------------------------------------------- lazy messages


def test_a_message_is_rendered_in_the_language_chosen_when_it_is_shown():
    msg = Message("row {row}", row=12)  # created before any language is chosen
    assert msg.render("fr") == "ligne 12"
    assert msg.render("en") == "row 12"
    with use_lang("fr"):
        assert str(msg) == "ligne 12"
        with use_lang("en"):
            assert f"{msg}" == "row 12"
        assert current_lang() == "fr"


def test_nested_messages_labels_and_numbers_follow_the_outer_language():
    msg = Message(
        "{where}: {message}",
        where=Message("column {column}", column="Durée de vie"),
        message=Label("project_key", "reference_area"),
    )
    assert msg.render("fr") == f"colonne «{NBSP}Durée de vie{NBSP}»{NBSP}: surface de référence (SHAB)"
    assert msg.render("en") == "column 'Durée de vie': reference area (SHAB)"
    assert Message("Axis cut: it starts at {value}, not at 0", value=Num(12345.5, "area")).render("fr") == (
        f"Axe tronqué{NBSP}: il commence à 12{NNBSP}345,5, pas à 0"
    )
    # a float parameter is written as the language writes numbers; an int (row, year, count) stays plain
    assert translate(
        "Cumulative emissions over {period} years: {indicator}", "fr", period=50.0, indicator="x"
    ) == (f"Émissions cumulées sur 50 ans{NBSP}: x")
    assert translate("Others ({n})", "en", n=2025) == "Others (2025)"


def test_plural_forms_follow_each_language():
    def more(n, lang):
        return Message(
            "{n} more issue (use --format json to see them all)",
            plural="{n} more issues (use --format json to see them all)",
            n=n,
        ).render(lang)

    assert more(0, "fr") == "0 autre problème (--format json pour les voir tous)"  # French: 0 is singular
    assert more(1, "fr") == "1 autre problème (--format json pour les voir tous)"
    assert more(2, "fr") == "2 autres problèmes (--format json pour les voir tous)"
    assert more(0, "en") == "0 more issues (use --format json to see them all)"
    assert more(1, "en") == "1 more issue (use --format json to see them all)"


def test_lang_may_be_given_by_keyword():
    assert translate("n/a", lang="fr") == "n.d."
    assert translate("row {row}", lang="en", row=3) == "row 3"


def test_a_message_missing_from_the_catalogue_shows_its_english_text():
    assert translate("Not in any catalogue: {x}", "fr", x=3) == "Not in any catalogue: 3"
    assert translate("{a} then {b}", "fr", a=1) == "1 then {b}"  # a forgotten parameter does not crash


def test_messages_compare_by_content():
    assert Message("row {row}", row=2) == Message("row {row}", row=2)
    assert Message("row {row}", row=2) != Message("row {row}", row=3)
    assert repr(Message("row {row}", row=2)) == "Message('row {row}', row=2)"
    assert Label("lot", "1") == Label("lot", "1") and Num(1.5) == Num(1.5, "value")


def test_where_names_the_place_in_the_users_words():
    assert where("a.xlsx", "Matériaux", 12, "Qté", lang="fr") == (
        f"a.xlsx, feuille «{NBSP}Matériaux{NBSP}», ligne 12, colonne «{NBSP}Qté{NBSP}»"
    )
    assert where(sheet="Materials", row=3, lang="en") == "sheet 'Materials', row 3"
    assert where(line_id="M-12", lang="fr") == f"repère «{NBSP}M-12{NBSP}»"
    assert where(lang="en") == ""


def test_issues_and_errors_render_in_the_language_of_the_output():
    from lca.errors import Issue

    issue = Issue("warning", "quantity is negative", "Matériaux", 12, "Qté", -3, "M1")
    assert render_issue(issue, "fr") == (
        f"[avertissement] feuille «{NBSP}Matériaux{NBSP}», ligne 12, colonne «{NBSP}Qté{NBSP}»{NBSP}: "
        "quantity is negative"  # an issue without a Message keeps its English text
    )
    assert render_issue(Issue("info", "x", line_id="M1"), "en") == "[note] line 'M1': x"
    err = InputError("bad file", file="a.xlsx", sheet="Projet")
    assert render_issue(err, "en") == "a.xlsx, sheet 'Projet': bad file"

    class WithMessage:  # the shape Issue takes after the errors.py change of docs/i18n.md
        level, sheet, row, column, line_id, message = "error", "Projet", 4, None, None, "unused"
        msg = Message("column {column}", column="Durée de vie")

    assert render_issue(WithMessage(), "fr") == (
        f"[erreur] feuille «{NBSP}Projet{NBSP}», ligne 4{NBSP}: colonne «{NBSP}Durée de vie{NBSP}»"
    )


# ---------------------------------------------------------------------------------------------- labels


@pytest.mark.parametrize(
    ("kind", "key", "fr", "en"),
    [
        ("project_key", "reference_area", "surface de référence (SHAB)", "reference area (SHAB)"),
        ("data_type", "fixed", "valeur forfaitaire", "fixed value (flat rate)"),
        ("data_type", "specific", "FDES individuelle", "specific (one manufacturer's EPD)"),
        ("data_type", "default", "donnée par défaut (DED)", "default (DED)"),
        ("unit", "kg CO2e/(m²·yr)", "kg CO2e/(m²·an)", "kg CO2e/(m²·yr)"),
        ("unit", "dwelling", "logement", "dwelling"),
        (
            "scope",
            "products",
            "produits de construction et équipements",
            "construction products and equipment",
        ),
        ("scope", "energy", "énergie", "energy"),
        ("scope", "water", "eau", "water"),
        ("verdict", "not_compliant", "non conforme", "not compliant"),
        ("lot", "8", "8 CVC", "8 HVAC"),
        ("lot", "", "Sans lot", "No lot"),
        ("module", "B6", "consommation d'énergie en exploitation", "operational energy use"),
        ("column", "service_life", "durée de vie", "service life"),
        ("level", "warning", "avertissement", "warning"),
    ],
)
def test_labels(kind, key, fr, en):
    assert label(kind, key, "fr") == fr
    assert label(kind, key, "en") == en


def test_a_key_the_user_named_is_shown_as_typed_and_an_unknown_kind_is_a_bug():
    assert label("lot", "Gros œuvre", "en") == "Gros œuvre"
    assert label("lot", 3, "fr") == "3 Superstructure"
    with pytest.raises(ValueError, match="unknown label kind 'lots'"):
        label("lots", "1", "fr")


def test_every_label_kind_has_entries_and_every_entry_a_known_kind():
    contexts = {ctx for ctx, _ in catalogue("fr").entries if ctx is not None}
    assert contexts == set(LABEL_KINDS)


def test_chart_labels_moved_from_plot_style_are_the_same():
    from lca.indicators import MODULES, STAGES
    from lca.io.workbook import BUILDING_TYPES, PROJECT_KEYS
    from lca.plot_style import GROUP_STYLE, LOT_LABELS, TEXT

    for lang in ("fr", "en"):
        for lot, text in LOT_LABELS[lang].items():
            assert label("lot", lot, lang) == text
        for group in GROUP_STYLE:
            assert label("module_group", group, lang) == TEXT[lang][group]
        assert translate("No lot", lang) == TEXT[lang]["no_lot"]
        assert translate("Biogenic carbon stored in the building", lang) == TEXT[lang]["biogenic_title"]
    entries = catalogue("fr").entries
    # every internal key a user may meet has a label
    assert {("project_key", k) for k in PROJECT_KEYS} <= set(entries)
    assert {("building_type", k) for k in BUILDING_TYPES} <= set(entries)
    assert {("module", m) for m in MODULES} <= set(entries)
    assert {("stage", s) for s in STAGES.values()} <= set(entries)


# ---------------------------------------------------------------------------------- choosing the language


def test_resolve_lang_order_explicit_then_workbook_then_locale_then_french():
    env_en = {"LANG": "en_GB.UTF-8"}
    assert resolve_lang("en", "fr", env_en | {"LANG": "fr_FR"}) == "en"
    assert resolve_lang(None, "en", {"LANG": "fr_FR.UTF-8"}) == "en"
    assert resolve_lang(None, None, env_en) == "en"
    assert resolve_lang(None, None, {}) == "fr"
    assert resolve_lang(None, "de", {}) == "fr"  # a workbook language without a catalogue is ignored
    with use_lang("en"), pytest.raises(InputError, match="unknown language 'de'; expected one of en, fr"):
        resolve_lang("de")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),  # LC_ALL wins
        ({"LC_MESSAGES": "fr_CA", "LANG": "en_US"}, "fr"),  # LC_MESSAGES before LANG
        ({"LANGUAGE": "de:en", "LANG": "fr_FR"}, "en"),  # LANGUAGE: first known preference
        ({"LANG": "C.UTF-8"}, None),  # C: no preference
        ({"LC_ALL": "C", "LANG": "en_US"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, None),  # no catalogue: French by default
        ({"LANG": "fr-BE@euro"}, "fr"),
        ({}, None),
    ],
)
def test_locale_lang(environ, expected):
    assert locale_lang(environ) == expected


def test_current_lang_follows_the_environment_until_set(monkeypatch):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert current_lang() == "fr"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert current_lang() == "en"
    token = set_lang("fr")
    try:
        assert current_lang() == "fr"
    finally:
        import lca.i18n

        lca.i18n._LANG.reset(token)
    with pytest.raises(InputError, match="unknown language 'xx'"):
        set_lang("xx")


def test_the_unknown_language_error_speaks_the_current_language():
    with use_lang("fr"), pytest.raises(InputError, match=f"langue inconnue «{NBSP}es{NBSP}»"):
        translate("n/a", "es")


def test_workbook_language_from_sheet_names_and_headers():
    assert detect_workbook_lang(["Projet", "Matériaux", "Énergie"]) == "fr"
    assert detect_workbook_lang(["Project", "Materials", "Quantity", "Unit"]) == "en"
    assert detect_workbook_lang(["Materials", "Quantité", "Unité", "Durée de vie (ans)"]) == "fr"
    assert detect_workbook_lang(["Sheet1", "Feuil2"]) is None
    assert detect_workbook_lang(["Projet", "Materials"]) == "fr"  # a tie goes to French


def test_workbook_words_are_aliases_the_workbook_reader_accepts():
    from lca.io.tabular import alias_index, squash
    from lca.io.workbook import ENERGY_COLUMNS, MATERIAL_COLUMNS, PROJECT_KEYS, SHEETS, VARIANT_COLUMNS

    accepted = set()
    for aliases in (SHEETS, MATERIAL_COLUMNS, ENERGY_COLUMNS, PROJECT_KEYS, VARIANT_COLUMNS):
        accepted |= set(alias_index(aliases))
    for words in WORKBOOK_WORDS.values():
        assert {squash(w) for w in words} - accepted == set()
    assert not {squash(w) for w in WORKBOOK_WORDS["fr"]} & {squash(w) for w in WORKBOOK_WORDS["en"]}


# -------------------------------------------------------------------------------------------- numbers


def test_numbers_in_french_and_english():
    assert format_number(104357.3, "fr", 1) == f"104{NNBSP}357,3"
    assert format_number(104357.3, "en", 1) == "104,357.3"
    assert format_number(-104357.3, "fr", 1) == f"{MINUS}104{NNBSP}357,3"
    assert format_number(-1234567.891, "en", 2) == f"{MINUS}1,234,567.89"
    assert format_number(0.5, "fr") == "0"  # half to even
    assert format_number(-0.0001, "fr", 2) == "0,00"  # no "−0,00"
    assert format_number(12.5, "fr", 2, strip=True) == "12,5"


def test_percentages_keep_their_precision():
    assert format_percent(-72.97, "fr") == f"{MINUS}72,97{NBSP}%"
    assert format_percent(-72.97, "en") == f"{MINUS}72.97%"
    assert format_percent(50, "fr") == f"50{NBSP}%"
    assert format_percent(12.5, "en") == "12.5%"
    assert format_percent(1.23456, "fr") == f"1,23{NBSP}%"
    assert format_quantity(-72.97, "fr", "percent") == f"{MINUS}72,97{NBSP}%"


def test_each_quantity_has_its_significant_digits():
    assert format_quantity(104357.3, "fr", "total") == f"104{NNBSP}357"
    assert format_quantity(1043.57, "fr", "per_m2") == f"1{NNBSP}044"
    assert format_quantity(987.65, "fr", "per_m2") == "987,6"  # 987.65 is 987.6499… in binary
    assert format_quantity(12.3456, "en", "per_m2") == "12.35"
    assert format_quantity(20.87, "fr", "per_m2_year") == "20,9"
    assert format_quantity(0.0123456, "en", "per_m2_year") == "0.0123"
    assert format_quantity(999.96, "en", "total") == "1,000"  # rounding up adds a digit
    assert format_quantity(0, "en", "total") == "0"
    assert format_quantity(104.0, "fr", "area") == "104"
    assert format_quantity(104.25, "fr", "area") == "104,2"
    assert format_quantity(52.5, "en", "years") == "52.5"
    assert format_quantity(1.23456789, "fr", "value") == "1,23457"
    assert format_quantity(0.000123, "en", "factor") == "0.0001230"  # 4 significant digits
    assert format_quantity(1234, "fr", "count") == f"1{NNBSP}234"
    assert set(QUANTITY_FORMATS) >= {"total", "per_m2", "per_m2_year", "percent", "ratio"}
    with pytest.raises(ValueError, match="unknown kind of quantity 'm2'"):
        format_quantity(1, "fr", "m2")


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, None, "abc"])
def test_a_number_that_cannot_be_given_is_na(value):
    assert format_quantity(value, "fr", "total") == "n.d."
    assert format_quantity(value, "en", "percent") == "n/a"


def test_an_unknown_language_is_an_input_error():
    with use_lang("en"), pytest.raises(InputError, match="unknown language 'de'"):
        format_number(1.0, "de")


def _parse(text: str, lang: str) -> float:
    if lang == "fr":
        return float(text.replace(NNBSP, "").replace(",", ".").replace(MINUS, "-"))
    return float(text.replace(",", "").replace(MINUS, "-"))


@given(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    st.integers(min_value=0, max_value=4),
    st.sampled_from(["fr", "en"]),
)
def test_formatting_round_trips_to_the_rounded_value(value, decimals, lang):
    text = format_number(value, lang, decimals)
    assert math.isclose(_parse(text, lang), round(value, decimals), rel_tol=1e-12, abs_tol=10**-decimals)
    assert ("-" not in text) and (" " not in text)


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).filter(lambda v: abs(v) >= 0.01))
def test_a_total_keeps_four_significant_digits_and_every_integer_digit(value):
    text = format_quantity(value, "en", "total")
    shown = _parse(text, "en")
    significant = "".join(c for c in text if c.isdigit()).lstrip("0")
    integer_digits = len(str(int(abs(shown)))) if abs(shown) >= 1 else 0
    assert len(significant) == max(4, integer_digits)
    decimals = len(text.split(".")[1]) if "." in text else 0
    assert abs(shown - value) <= 0.5 * 10**-decimals * (1 + 1e-9)


def test_the_shipped_languages_number_symbols_are_cldrs():
    from lca.i18n.core import languages
    from lca.i18n.numbers import CLDR_SYMBOLS, babel_symbols

    assert set(CLDR_SYMBOLS) <= set(languages())  # a language without an entry reads Babel's data
    assert {"fr", "en"} <= set(CLDR_SYMBOLS)
    for lang, written in CLDR_SYMBOLS.items():
        assert written == babel_symbols(lang), lang


def _babel_number(value: float, lang: str, decimals: int, strip: bool) -> str:
    """What Babel's own formatter writes for a value format_number has rounded (the reference)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + ("#" if strip else "0") * decimals if decimals else "")
    text = format_decimal(value, format=pattern, locale=lang, decimal_quantization=True)
    return text.replace("-", MINUS)


@given(
    st.one_of(
        st.floats(min_value=-9.99e14, max_value=9.99e14, allow_nan=False),  # 1e15 on: scientific
        st.integers(min_value=-(10**14), max_value=10**14).map(lambda i: i / 1000),  # ties: x.xx5
        st.integers(min_value=-(10**9), max_value=10**9).map(lambda i: i * 10.0**-9),
    ),
    st.integers(min_value=0, max_value=9),
    st.booleans(),
    st.sampled_from(["fr", "en"]),
)
def test_numbers_are_written_as_babels_formatter_writes_them(value, decimals, strip, lang):
    text = format_number(value, lang, decimals, strip=strip)
    rounded = round(float(f"{value:.15g}"), decimals) or 0.0
    assert text == _babel_number(rounded, lang, decimals, strip)


def test_tick_formatter_writes_ticks_like_the_text():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    try:
        formatter = tick_formatter("fr")
        assert formatter.format_ticks([0, 50000, 100000, 150000]) == [
            "0",
            f"50{NNBSP}000",
            f"100{NNBSP}000",
            f"150{NNBSP}000",
        ]
        assert formatter.format_ticks([-0.5, 0, 0.5]) == [f"{MINUS}0,5", "0,0", "0,5"]
        ax.yaxis.set_major_formatter(tick_formatter("en"))
        ax.set_ylim(0, 2000)
        fig.canvas.draw()
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert "1,000" in labels
    finally:
        plt.close(fig)


# -------------------------------------------------------------------------------------------- packaging


def test_import_lca_loads_no_translation_machinery():
    # pint imports babel's core for its own unit formatting (~2 ms); the catalogue reader, rich and the
    # terminal must wait until text is produced (lca.i18n itself is loaded: it registers the renderer of
    # lca.errors and imports nothing heavy)
    names = "('babel.messages', 'rich', 'lca.terminal')"
    code = f"import sys, lca; print(sorted(m for m in sys.modules if m.startswith({names})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_catalogues_are_read_from_any_working_directory(tmp_path):
    code = "from lca.i18n import translate; print(translate('n/a', 'fr'))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert out.stdout.strip() == "n.d."
