"""The RE2020 results as a typed, frozen object on Results (lca.methods.re2020_results)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from lca import InputError, compute
from lca.methods.re2020 import format_re2020, re2020_table
from lca.methods.re2020_results import RE2020Results, RE2020Variant, Verdict, lot_key, re2020_of
from tests.helpers import hand_factors
from tests.methods.test_re2020 import conc, project, run


def test_typed_values_on_results():
    # 10 m³ of concrete: A 207 at t = 0, C 10 at t = 50 (f = 0.578), Sref 100 m²
    r = run([conc(10)])
    assert isinstance(r.re2020, RE2020Results)
    v = r.re2020["base"]
    assert isinstance(v, RE2020Variant) and isinstance(v.verdict, Verdict)
    assert v.ic_construction == pytest.approx((2070 + 100 * 0.578) / 100)
    assert v.ic_construction_static == pytest.approx(21.7)
    assert v.verdict.permit_year == 2025 and set(v.by_year) == {2025, 2028, 2031}
    assert v.verdict.margin_construction == pytest.approx(v.verdict.ic_construction_max - v.ic_construction)
    assert dict(v.by_lot) == pytest.approx({"3": 21.278})
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.ic_construction = 0.0  # type: ignore[misc]


def test_the_json_object_and_the_former_extra_view_are_the_typed_values():
    r = run([conc(10), conc(1, lot="chantier", line_id="s")])
    v = r.re2020["base"]
    entry = r.extra["variants"]["base"]["re2020"]
    assert entry == v.to_dict()
    assert list(entry)[:3] == ["ic_construction", "ic_composants", "ic_chantier"]
    assert entry["margins"] == {
        "ic_construction": v.verdict.margin_construction,
        "ic_energie": v.verdict.margin_energie,
    }
    assert entry["by_year"]["2031"]["compliant"] == v.by_year[2031].compliant
    assert entry["stock_c"] is None and v.stock_c != v.stock_c  # NaN typed, null in JSON
    document = json.loads(r.to_json())
    assert document["variants"][0]["re2020"] == json.loads(json.dumps(entry))
    table = re2020_table(r)
    assert table.loc["base", "ic_construction"] == v.ic_construction
    assert table.loc["base", "margin_ic_energie_2028"] == v.by_year[2028].margin_energie


def test_static_results_carry_no_re2020_values():
    static = compute(project([conc(10)]), hand_factors(), defaults=False)
    assert static.re2020 is None and static.extra == {}
    with pytest.raises(InputError, match="carry no RE2020 values; compute them with the RE2020 method"):
        re2020_of(static)
    with pytest.raises(ValueError, match="no RE2020 values"):  # InputError is a ValueError, as before
        format_re2020(static)


def test_lot_order():
    lots = ["chantier", "Lot 10", "2.1", "lot 02", "façades"]
    assert sorted(lots, key=lot_key) == ["2.1", "lot 02", "Lot 10", "chantier", "façades"]
