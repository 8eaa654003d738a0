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
    """The user's cache of a source checkout: an empty folder, and no binary form next to the CSV even
    when the tests run on an installed wheel (which carries one)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("LCA_CACHE_DIR", str(folder))
    monkeypatch.setattr(factors, "_read_prebuilt", lambda name, sources: None)
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


# ------------------------------------------------- the binary form built at packaging time (in the wheel)
def _bits(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """The float columns as their 64 bits (NaN payloads and -0.0 included)."""
    return {c: frame[c].to_numpy().view(np.uint64) for c in frame.columns if frame[c].dtype == np.float64}


def assert_bit_identical(a: FactorTable, b: FactorTable) -> None:
    assert_same(a, b)
    assert list(a.meta.index) == list(b.meta.index)  # same factor ids, same order
    for x, y in ((a.values, b.values), (a.meta, b.meta)):
        bx, by = _bits(x), _bits(y)
        assert bx.keys() == by.keys()
        for column in bx:
            assert np.array_equal(bx[column], by[column]), column
        assert list(x.dtypes) == list(y.dtypes)


def test_prebuilt_tables_are_bit_identical_to_the_csv_source(tmp_path):
    written = factors.prebuild_tables(tmp_path)
    assert sorted(p.name for p in written) == sorted(
        ["default_factors.npz", *(f"{name}.npz" for name in DEFAULT_TABLES)]
    )
    sources = []
    for name in DEFAULT_TABLES:
        source, issues = read_factors(dataset_path("factors", name))
        assert not issues
        sources.append(source)
        with np.load(tmp_path / f"{name}.npz", allow_pickle=False) as arrays:
            assert all(a.dtype != object for a in arrays.values())  # nothing pickled
            assert_bit_identical(unpack_table(dict(arrays)), source)
    with np.load(tmp_path / "default_factors.npz", allow_pickle=False) as arrays:
        assert_bit_identical(unpack_table(dict(arrays)), factors.stack(sources))


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """A copy of the shipped default tables with their binary form, as an installed wheel lays them out
    (``lca/datasets/factors/<table>`` and ``<table>.npz``), and an empty user cache."""
    import lca.datasets

    folder = tmp_path / "datasets" / "factors"
    folder.mkdir(parents=True)
    for name in DEFAULT_TABLES:
        shutil.copy(dataset_path("factors", name), folder / name)
    monkeypatch.setattr(lca.datasets, "dataset_dir", lambda: tmp_path / "datasets")
    factors.prebuild_tables(folder)
    monkeypatch.setenv("LCA_CACHE_DIR", str(tmp_path / "cache"))
    load_table.cache_clear()
    factors.default_factors.cache_clear()
    yield folder
    load_table.cache_clear()
    factors.default_factors.cache_clear()


def test_an_installed_wheel_reads_the_prebuilt_form_and_writes_nothing(
    installed, tmp_path, monkeypatch, caplog
):
    expected = {name: read_factors(installed / name)[0] for name in DEFAULT_TABLES}
    monkeypatch.setattr(factors, "read_factors", None)  # no CSV may be parsed
    with caplog.at_level(logging.DEBUG, logger="lca.factors"):
        stacked = factors.default_factors()
        tables = {name: load_table(name) for name in DEFAULT_TABLES}
    assert "default_factors: read from the prebuilt binary" in caplog.text
    for name in DEFAULT_TABLES:
        assert_bit_identical(tables[name], expected[name])
    assert_bit_identical(stacked, factors.stack(list(expected.values())))
    assert not (tmp_path / "cache").exists()  # the user cache is not needed


@pytest.mark.parametrize("damage", ["stale", "corrupt", "absent", "foreign"])
def test_a_stale_corrupt_or_absent_prebuilt_form_falls_back_to_the_csv(installed, damage, caplog):
    name = "transport.csv"
    prebuilt = installed / f"{name}.npz"
    if damage == "stale":  # the CSV edited after packaging: its first value 0.x becomes 1.x
        csv = installed / name
        csv.write_bytes(csv.read_bytes().replace(b",0.", b",1.", 1))
    elif damage == "corrupt":
        prebuilt.write_bytes(prebuilt.read_bytes()[:1000])
    elif damage == "absent":
        prebuilt.unlink()
    else:  # a valid npz without a key
        np.savez(prebuilt, spec=np.array("[]"))
    with caplog.at_level(logging.DEBUG, logger="lca.factors"):
        table = load_table(name)
    source, issues = read_factors(installed / name)
    assert not issues
    assert_bit_identical(table, source)
    expected_log = {"stale": "is stale", "corrupt": "unreadable", "absent": "", "foreign": "unreadable"}
    assert expected_log[damage] in caplog.text
    assert "transport.csv: read from the prebuilt binary" not in caplog.text
    if damage == "stale":  # the edited value is the one read (barge, A4, ADP-fossil: 0.2606… → 1.2606…)
        barge = table.values.loc[table.values["factor_id"] == "313e549a-2f91-4f34-8314-02a4b59cbe60"]
        assert barge.loc[barge["indicator"] == "ADP-fossil", "value"].tolist() == [1.260685523611404]


@pytest.mark.slow
def test_the_wheel_carries_the_prebuilt_form_made_by_the_build_hook(built_wheel, tmp_path):
    """``pip wheel`` runs hatch_build.py: the wheel holds ``<table>.npz`` next to each default table, equal
    bit for bit to what the CSV reads to."""
    import zipfile

    wheel = built_wheel
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for name in DEFAULT_TABLES:
            assert f"lca/datasets/factors/{name}" in names
            assert f"lca/datasets/factors/{name}.npz" in names
        assert "lca/datasets/factors/default_factors.npz" in names
        archive.extract("lca/datasets/factors/default_factors.npz", tmp_path)
    with np.load(tmp_path / "lca/datasets/factors/default_factors.npz", allow_pickle=False) as arrays:
        expected = factors.stack([read_factors(dataset_path("factors", n))[0] for n in DEFAULT_TABLES])
        assert str(arrays["key"]) == factors._cache_key(
            [dataset_path("factors", n) for n in DEFAULT_TABLES], versions=False
        )
        assert_bit_identical(unpack_table(dict(arrays)), expected)


@pytest.mark.parametrize("name", DEFAULT_TABLES)
def test_the_installed_binary_form_if_any_equals_the_csv_source(name):
    """On an installed wheel (as CI installs it) the binary form shipped beside each CSV is read and equals
    the CSV bit for bit; a source checkout has none (the wheel-building test covers it there)."""
    path = factors._prebuilt_path(name)
    if not path.is_file():
        pytest.skip(f"no binary form beside the CSV ({path}): a source checkout or an editable install")
    prebuilt = factors._read_prebuilt(name, [dataset_path("factors", name)])
    assert prebuilt is not None, f"{path} is stale or unreadable"
    source, issues = read_factors(dataset_path("factors", name))
    assert not issues
    assert_same(prebuilt, source)
