"""The steps of ``lca.compute`` (issue 15 point 1) and what the issue-12 speed work must keep: the factors
resolved once per distinct id, the factor codes and scopes the engine hands to the results, the equipment
warning when the lots 8-13 lines were rejected, and the messages of the steps in French and English."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lca.engine
from lca import Project, compute
from lca.checks import equipment_issues
from lca.conversions import kg_per_unit, to_declared
from lca.engine_results import _first_use_codes, listed
from lca.errors import InputError, UnitError
from lca.factors import FactorTable
from lca.kernel import line_impacts
from lca.model import Variant, normalise_lines
from lca.sums import membership_patterns

CONCRETE = {"factor_id": "c25", "module": "A1-A3", "indicator": "GWP-total", "value": 250.0,
            "declared_unit": "m3", "density": 2400.0}  # fmt: skip
HEAT_PUMP = {"factor_id": "hp", "module": "A1-A3", "indicator": "GWP-total", "value": 1500.0,
             "declared_unit": "piece"}  # fmt: skip


def run(lines, factors=(CONCRETE, HEAT_PUMP), variants=None):
    table, issues = FactorTable.from_frame(pd.DataFrame(list(factors)), "t")
    assert not issues, issues
    frame = normalise_lines(pd.DataFrame(lines).assign(sheet="Matériaux"))
    project = Project(name="p", reference_area=100.0, lines=frame, variants=variants or [])
    return compute(project, table, defaults=False)


def test_the_public_names_stay_where_they_were():
    for name in ("compute", "line_impacts", "replacements", "REPLACEMENT_RULES", "METHODS", "MIN_ID_PREFIX"):
        assert hasattr(lca.engine, name), name
    assert lca.engine.replacements(50.0, np.array([12.5, 30.0, np.nan]), "ceil").tolist() == [3.0, 1.0, 0.0]


# ------------------------------------------------------------------------------- equipment lots
def test_the_equipment_warning_says_the_lots_8_to_13_lines_were_rejected():
    r = run(
        [{"line_id": "1", "lot": "3", "quantity": 50, "unit": "m3", "factor_id": "c25"},
         {"line_id": "2", "lot": "8", "quantity": 1, "unit": "u", "factor_id": "typo"},
         {"line_id": "3", "lot": "9", "quantity": -1, "unit": "u", "factor_id": "hp"}]
    )  # fmt: skip
    assert sorted(i.line_id for i in r.errors) == ["2", "3"]
    (issue,) = equipment_issues(r)
    assert issue.message == (
        "worth a look: the project has no computed line in lots 8 to 13 (heating, ventilation, plumbing, "
        "electricity, lifts, local electricity production): its 2 lines in these lots were rejected (see "
        "their errors), so the equipment is missing from the products figure until they are fixed"
    )
    assert issue.text("fr") == (
        "à vérifier\u00a0: le projet n'a aucune ligne calculée dans les lots 8 à 13 (CVC, plomberie, "
        "électricité, ascenseurs, production locale d'électricité)\u00a0: ses 2 lignes de ces lots ont été "
        "rejetées (voir leurs erreurs), les équipements manquent donc au total des produits tant qu'elles ne "
        "sont pas corrigées"
    )


def test_one_rejected_equipment_line_is_singular_and_counts_only_its_variant():
    r = run(
        [{"line_id": "1", "lot": "3", "quantity": 50, "unit": "m3", "factor_id": "c25"},
         {"line_id": "2", "lot": "8", "quantity": 1, "unit": "u", "factor_id": "hp"},
         {"line_id": "3", "lot": "8", "quantity": 1, "unit": "kg", "factor_id": "hp", "variant": "v",
          "replaces": "2"},
         {"line_id": "4", "lot": "8", "quantity": 1, "unit": "kg", "factor_id": "hp", "variant": "w"}],
        variants=[Variant("base"), Variant("v"), Variant("w")],
    )  # fmt: skip
    # v: its line 3 is rejected (kg of a factor per piece) and it replaces line 2; w keeps line 2 (its own
    # line 4, rejected too, is not v's)
    (issue,) = equipment_issues(r)
    assert issue.extra["variants"] == ["v"]
    assert issue.message.startswith("worth a look: variant 'v' has no computed line in lots 8 to 13")
    assert "its 1 line in these lots was rejected (see its error)" in issue.message
    r = run(
        [{"line_id": "1", "lot": "3", "quantity": 50, "unit": "m3", "factor_id": "c25"},
         {"line_id": "2", "lot": "10", "quantity": 1, "unit": "kg", "factor_id": "hp"}]
    )  # fmt: skip
    (issue,) = equipment_issues(r)
    assert "its 1 line in these lots was rejected (see its error)" in issue.message
    assert "sa 1 ligne de ces lots a été rejetée (voir son erreur)" in issue.text("fr")


# ----------------------------------------------------------------------------- resolve factors
def test_factors_are_resolved_once_per_id_with_prefixes_and_blank_ids():
    long_id = {**CONCRETE, "factor_id": "a758fb6a-7fb1-4cdc-b652-c42cf2f7632c"}
    r = run(
        [{"line_id": "1", "lot": "3", "quantity": 1, "unit": "m3", "factor_id": "a758fb6a"},
         {"line_id": "2", "lot": "3", "quantity": 2, "unit": "m3", "factor_id": "a758fb6a"},
         {"line_id": "3", "lot": "3", "quantity": 3, "unit": "m3", "factor_id": ""},
         {"line_id": "4", "lot": "3", "quantity": 4, "unit": "m3", "factor_id": "c25"}],
        factors=(CONCRETE, long_id),
    )  # fmt: skip
    assert r.lines["factor_id"].tolist() == ["a758fb6a-7fb1-4cdc-b652-c42cf2f7632c"] * 2 + ["c25"]
    notes = [i for i in r.issues if i.level == "info" and "read as" in i.message]
    assert [i.line_id for i in notes] == ["1", "2"]
    (blank,) = r.errors
    assert (blank.line_id, blank.column) == ("3", "factor_id")
    assert r.total().loc["base", "GWP-total"] == pytest.approx(250.0 * (1 + 2 + 4))


def test_the_factor_codes_the_engine_gives_are_those_of_the_lines():
    r = run(
        [{"line_id": str(k), "lot": "3", "quantity": 1, "unit": unit, "factor_id": fid}
         for k, (fid, unit) in enumerate([("hp", "u"), ("c25", "m3"), ("hp", "u"), ("c25", "t")])]
    )  # fmt: skip
    codes, ids = r.factor_codes
    expected_codes, expected_ids = pd.factorize(r.lines["factor_id"].to_numpy(dtype=object), sort=False)
    assert codes.tolist() == expected_codes.tolist() == [0, 1, 0, 1]
    assert list(ids) == list(expected_ids) == ["hp", "c25"]
    assert r.scope_codes.tolist() == [0, 0, 0, 0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 6), min_size=1, max_size=40))
def test_first_use_codes_match_a_factorisation(numbers):
    fidx = np.array(numbers)
    ids = [f"f{k}" for k in range(7)]
    codes, used = _first_use_codes(fidx, ids)
    expected_codes, expected_ids = pd.factorize(np.array(ids, dtype=object)[fidx], sort=False)
    assert codes.tolist() == expected_codes.tolist()
    assert list(used) == list(expected_ids)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.booleans(), min_size=3, max_size=3), min_size=1, max_size=4))
def test_membership_patterns_rebuild_the_membership(rows):
    membership = np.array(rows, dtype=bool)  # (variant, line)
    pattern, members = membership_patterns(membership)
    assert (members[:, pattern] == membership).all()
    assert len({tuple(c) for c in membership.T}) == members.shape[1]


# ------------------------------------------------------------------------------------ messages
def test_a_list_cut_short_agrees_in_number_in_french():
    assert listed(["a", "b"], 5) == "a, b"
    assert listed(list("abcdef"), 5).render("fr") == "a, b, c, d, e et 1 autre"
    assert listed(list("abcdefg"), 5).render("fr") == "a, b, c, d, e et 2 autres"
    assert listed(list("abcdefg"), 5).render("en") == "a, b, c, d, e and 2 more"


def test_conversion_errors_speak_french_and_english():
    with pytest.raises(UnitError, match="kWh is not a quantity of material") as err:
        kg_per_unit("kWh", {"declared_unit": "kg"})
    assert err.value.msg.render("fr") == "kWh n'est pas une quantité de matériau"
    with pytest.raises(UnitError, match="cannot convert m² into the factor's declared unit m³") as err:
        to_declared("m**2", {"declared_unit": "m**3"})
    assert err.value.msg.render("en") == (
        "cannot convert m² into the factor's declared unit m³: cannot turn m² into a mass: the factor gives "
        "no area_mass (kg/m²) or density and thickness"
    )
    assert err.value.msg.render("fr") == (
        "impossible de convertir m² dans l'unité déclarée de la fiche, m³\u00a0: impossible de convertir "
        "m² en masse\u00a0: la fiche ne donne pas de masse surfacique (area_mass, kg/m²), ni de masse "
        "volumique (density) et d'épaisseur (thickness)"
    )


def test_a_line_whose_unit_cannot_convert_is_rejected_in_the_users_language():
    r = run([{"line_id": "1", "lot": "3", "quantity": 1, "unit": "m2", "factor_id": "c25", "row": 7}])
    (error,) = r.errors
    assert (error.sheet, error.row, error.column, error.line_id) == ("Matériaux", 7, "unit", "1")
    assert error.text("fr").startswith("impossible de convertir m² dans l'unité déclarée de la fiche, m³")
    assert r.line_counts.loc["base"].to_dict() == {"count": 1, "computed": 0, "rejected": 1}


def test_the_kernel_refuses_factor_rows_outside_its_array():
    factors = np.ones((2, 15, 1))
    with pytest.raises(InputError, match="the kernel's factor rows must lie within its factor array"):
        line_impacts(factors, np.array([0, 2]), np.ones(2), np.zeros(2), np.zeros(2))
    with pytest.raises(InputError, match="the kernel's factor rows must lie within its factor array"):
        line_impacts(factors, np.array([-1]), np.ones(1), np.zeros(1), np.zeros(1))
    ok = line_impacts(factors, np.array([1, 0]), np.array([2.0, 3.0]), np.zeros(2), np.zeros(2))
    assert ok[:, 0, 0].tolist() == [2.0, 3.0]


# ------------------------------------------------------------------------- per-line array on demand
def test_the_per_line_array_is_built_on_first_use_and_agrees_with_the_sums():
    # 20 plain lines (10 m³ of concrete each: 2,500 kg CO2e), one wasted (10 %), one replaced once (SL 25
    # over 50 years): the sums are made without the per-line array
    unchecked = getattr(lca.engine.compute, "__wrapped__", lca.engine.compute)  # no conftest check
    table, issues = FactorTable.from_frame(pd.DataFrame([CONCRETE]), "t")
    assert not issues
    plain = [
        {"line_id": f"p{k}", "lot": "3", "quantity": 10, "unit": "m3", "factor_id": "c25"} for k in range(20)
    ]
    rules = [
        {"line_id": "w", "lot": "3", "quantity": 10, "unit": "m3", "factor_id": "c25", "waste_rate": 0.1},
        {"line_id": "r", "lot": "4", "quantity": 10, "unit": "m3", "factor_id": "c25", "service_life": 25},
    ]
    frame = normalise_lines(pd.DataFrame(plain + rules).assign(sheet="Matériaux"))
    project = Project(name="p", reference_area=100.0, lines=frame)
    r = unchecked(project, table, defaults=False, default_service_lives=False)
    assert r.__dict__["_layers"] is None  # deferred
    total, by_module, by_lot = r.total(), r.by_module(), r.by_lot()
    assert r.__dict__["_layers"] is None  # the aggregations and the checks did not need it
    # 22 × 2,500 + 10 % of 2,500 wasted (A5) + one replacement of 2,500 (B4)
    assert total.loc["base", "GWP-total"] == pytest.approx(22 * 2500 + 250 + 2500, rel=1e-12)
    assert by_lot.loc[("base", "4"), "GWP-total"] == pytest.approx(5000, rel=1e-12)
    assert r.layers.shape == (22, 3, 1)  # A1-A3, A5, B4: built now
    again = dataclasses.replace(r, sums=None)  # the sums made again from the per-line array
    pd.testing.assert_frame_equal(again.total(), total, rtol=1e-12)
    pd.testing.assert_frame_equal(again.by_module(), by_module, rtol=1e-12)
    pd.testing.assert_frame_equal(again.by_lot(), by_lot, rtol=1e-12)
    assert r.conservation_gap() == pytest.approx(0.0, abs=1e-6)


def test_a_project_starts_with_the_empty_lines_normalise_lines_gives():
    from lca.model import empty_lines

    built = empty_lines()
    normalised = normalise_lines(pd.DataFrame(columns=["line_id", "quantity", "unit"]))
    pd.testing.assert_frame_equal(built, normalised)  # same columns, order and dtypes
    pd.testing.assert_frame_equal(Project().lines, built)


_CELLS = st.one_of(
    st.none(),
    st.just(np.nan),
    st.sampled_from(["", "3", "Lot 3", "energy", "water", "material", "L1, L2", "2.5", "Béton"]),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.integers(-5, 5),
    st.booleans(),
)
_OPTIONAL = ["line_id", "kind", "row", "lot", "element", "factor_id", "service_life", "transport_km",
             "waste_rate", "variant", "replaces", "carrier", "use", "valid", "lot_label", "note"]  # fmt: skip


@st.composite
def _line_frames(draw):
    n = draw(st.integers(0, 6))
    columns = ["quantity", "unit", *draw(st.lists(st.sampled_from(_OPTIONAL), unique=True, max_size=10))]
    data = {c: draw(st.lists(_CELLS, min_size=n, max_size=n)) for c in columns}
    data["unit"] = draw(st.lists(st.sampled_from(["m3", "kg", "t", "m²", "u", "", "kWh", None]), min_size=n,
                                 max_size=n))  # fmt: skip
    frame = pd.DataFrame(data, columns=columns)
    frame.index = draw(st.permutations(range(10, 10 + n)))  # any index: the result counts from 0
    return frame


@settings(deadline=None, max_examples=150)
@given(_line_frames())
def test_normalised_lines_keep_every_line_in_order_and_normalise_once(frame):
    try:
        once = normalise_lines(frame)
    except (InputError, UnitError):  # an energy unit on a material line, kWh without a year...
        return
    assert list(once.columns[:18]) == list(lca.model.LINE_COLUMNS) and "note" not in once.columns[:18]
    assert list(once.index) == list(range(len(frame)))
    assert once["quantity"].dtype == float and once["waste_rate"].notna().all()
    for column in ("lot", "element", "factor_id", "variant", "transport_mode", "carrier", "use", "sheet"):
        assert all(isinstance(v, str) for v in once[column]), column
    pd.testing.assert_frame_equal(normalise_lines(once), once)


def test_a_line_built_in_code_without_a_unit_is_rejected_with_an_issue():
    fid = lca.factors.default_factors().meta.index[0]
    lines = normalise_lines(pd.DataFrame({"quantity": [1.0, 2.0], "unit": [None, ""], "factor_id": fid}))
    with lca.i18n.use_lang("en"):
        results = compute(Project(lines=lines))
        texts = [i.render() for i in results.issues if i.level == "error"]
    assert texts == [
        f"[error] line 'L{k}', column 'unit': unit is empty; expected m3, m2, m, kg, t, u... — the line is "
        "not computed"
        for k in (1, 2)
    ]
    assert results.line_counts.loc["base"].tolist() == [2, 0, 2]
