"""The shipped factor tables in compact binary form: identical to their CSV source, never stale."""

from __future__ import annotations

import logging
import shutil

import numpy as np
import pandas as pd
import pytest

import lca.factors as factors
from lca.datasets import dataset_path
from lca.factors import DEFAULT_TABLES, FactorTable, load_table, pack_table, read_factors, unpack_table


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("LCA_CACHE_DIR", str(folder))
    load_table.cache_clear()
    yield folder
    load_table.cache_clear()


def assert_same(a: FactorTable, b: FactorTable) -> None:
    pd.testing.assert_frame_equal(a.values, b.values, check_exact=True)
    pd.testing.assert_frame_equal(a.meta, b.meta, check_exact=True)
    for x, y in ((a.values, b.values), (a.meta, b.meta)):  # None stays None, NaN stays NaN
        for column in x.columns:
            if x[column].dtype == object:
                assert [type(c) for c in x[column]] == [type(c) for c in y[column]], column


@pytest.mark.parametrize("name", DEFAULT_TABLES)
def test_binary_form_equals_the_csv_source(name, cache):
    source, issues = read_factors(dataset_path("factors", name))
    assert not issues
    first = load_table(name)  # reads the CSV, writes the binary form
    assert [p.name.split(".")[0] for p in cache.iterdir()] == [name.split(".")[0]]
    load_table.cache_clear()
    factors.read_factors, original = None, factors.read_factors  # the second load must not parse the CSV
    try:
        second = load_table(name)
    finally:
        factors.read_factors = original
    assert_same(first, source)
    assert_same(second, source)
    assert second.dense(list(source.meta.index[:5]), source.indicators) == pytest.approx(
        source.dense(list(source.meta.index[:5]), source.indicators), nan_ok=True
    )


def test_pack_keeps_none_nan_text_and_numbers():
    values = pd.DataFrame({"factor_id": ["a", "a", "b"], "module": ["A1-A3", "D", "A1-A3"],
                           "indicator": ["GWP-total"] * 3, "value": [1.5, -0.25, 3.0]})  # fmt: skip
    meta = pd.DataFrame(
        {"name": ["x", None], "note": [np.nan, "n"], "service_life": [50.0, np.nan], "table_row": [2, 4]},
        index=pd.Index(["a", "b"], name="factor_id", dtype=object),
    ).astype({"name": object, "note": object})
    table = FactorTable(values, meta)
    arrays = pack_table(table)
    assert arrays is not None and all(a.dtype != object for a in arrays.values())  # nothing pickled
    assert_same(unpack_table(arrays), table)


def test_a_cell_neither_number_nor_text_is_not_packed():
    meta = pd.DataFrame({"name": [("a", "tuple")]}, index=pd.Index(["a"], name="factor_id"))
    assert pack_table(FactorTable(pd.DataFrame(columns=["factor_id"]), meta)) is None


def test_a_damaged_cache_file_falls_back_to_the_csv_and_is_rewritten(cache, caplog):
    name = "transport.csv"
    load_table(name)
    (path,) = cache.iterdir()
    path.write_bytes(b"not a zip file")
    load_table.cache_clear()
    with caplog.at_level(logging.DEBUG, logger="lca.factors"):
        table = load_table(name)
    assert "unreadable" in caplog.text
    assert_same(table, read_factors(dataset_path("factors", name))[0])
    with np.load(path, allow_pickle=False) as arrays:  # written again, whole
        assert_same(unpack_table(dict(arrays)), table)


def test_an_edited_table_gets_another_key(tmp_path):
    original = dataset_path("factors", "transport.csv")
    copy = tmp_path / "transport.csv"
    shutil.copy(original, copy)
    assert factors._cache_key([copy]) == factors._cache_key([original])
    copy.write_bytes(copy.read_bytes().replace(b"0.", b"1.", 1))
    assert factors._cache_key([copy]) != factors._cache_key([original])


def test_no_cache_when_the_folder_is_empty_or_unwritable(tmp_path, monkeypatch):
    monkeypatch.setenv("LCA_CACHE_DIR", "")
    assert factors.cache_dir() is None
    load_table.cache_clear()
    assert len(load_table("transport.csv"))
    blocked = tmp_path / "file"
    blocked.write_text("a file, not a folder")
    monkeypatch.setenv("LCA_CACHE_DIR", str(blocked / "sub"))
    load_table.cache_clear()
    assert_same(load_table("transport.csv"), read_factors(dataset_path("factors", "transport.csv"))[0])
    assert blocked.read_text() == "a file, not a folder"
    load_table.cache_clear()


def test_the_stacked_defaults_are_cached_whole_and_equal_the_csv_stack(cache):
    from lca.factors import default_factors, stack

    default_factors.cache_clear()
    try:
        first = default_factors()
        default_factors.cache_clear()
        load_table.cache_clear()
        second = default_factors()  # one file read back, no table stacked
    finally:
        default_factors.cache_clear()
    source = stack([read_factors(dataset_path("factors", name))[0] for name in DEFAULT_TABLES])
    assert_same(first, source)
    assert_same(second, source)
    assert sorted(p.name.split(".")[0] for p in cache.iterdir()) == sorted(
        ["default_factors", *(name.split(".")[0] for name in DEFAULT_TABLES)]
    )


def test_object_columns_mixing_text_and_numbers_keep_each_type():
    meta = pd.DataFrame(
        {"valid_until": np.array(["2022", 2025, np.int64(2031), 0.1 + 0.2, None, np.nan], dtype=object)},
        index=pd.Index(list("abcdef"), name="factor_id", dtype=object),
    )
    table = FactorTable(pd.DataFrame({"value": [1.0]}), meta)
    back = unpack_table(pack_table(table))
    assert_same(back, table)
    assert back.meta["valid_until"].iloc[3] == 0.30000000000000004
