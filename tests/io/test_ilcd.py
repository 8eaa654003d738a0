"""ILCD+EPD reader: the InDataWG sample datasets, the shipped indicator UUID table, and hostile input.

Expected values are read by hand from ``processes/EPDv1.3_example_57a4ae65-….xml`` and
``processes/sample_EPD.xml`` of the InDataWG ILCD-EPD-Data-Format repository (commit beb0fdec).
"""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from lca.datasets import dataset_path
from lca.errors import InputError, Issue
from lca.factors import FILE_COLUMNS
from lca.indicators import INDICATORS
from lca.io import ilcd_files
from lca.io.ilcd import indicator_uuids, read_ilcd

ROOT = Path(__file__).resolve().parents[2]
EPD13 = "processes/EPDv1.3_example_57a4ae65-d305-421e-b21f-a3f0c35b8abe.xml"
EPD13_UUID = "57a4ae65-d305-421e-b21f-a3f0c35b8abe"
WOOD_PANEL_FLOW = "a7432abd-0881-4977-a817-f8aaf627fb91"
BROKEN = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"


@pytest.fixture
def samples(shared_dir: Path) -> Path:
    return shared_dir / "data" / "ilcd-epd-samples"


def copy_tree(source: Path, target: Path) -> Path:
    """A writable copy (the shared files are read-only)."""
    for path in source.rglob("*"):
        if path.is_file():
            out = target / path.relative_to(source)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(path.read_bytes())
    return target


def value(table: pd.DataFrame, indicator: str, module: str) -> float:
    found = table[(table["indicator"] == indicator) & (table["module"] == module)]
    assert len(found) == 1, (indicator, module, found)
    return float(found["value"].iloc[0])


def messages(issues: list[Issue], level: str | None = None) -> str:
    return "\n".join(i.message for i in issues if level is None or i.level == level)


# --------------------------------------------------------------------------- shipped identifier table


def test_indicator_table_uuids_unique_and_keys_known() -> None:
    table = pd.read_csv(dataset_path("ilcd", "indicator_uuids.csv"), dtype=str, keep_default_na=False)
    assert table["uuid"].is_unique
    assert set(table["indicator"]) <= set(INDICATORS)
    assert (table["upstream"] == "InDataWG ILCD-EPD-Data-Format").all()
    assert (table["upstream_commit"] == "beb0fdecfe03fb6e33cf7aaf2f9f0c6d2bb7e5e3").all()
    assert (table["licence"] == "Apache-2.0").all()
    assert table["uuid"].str.fullmatch(r"[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}").all()


@pytest.mark.parametrize(
    ("uuid", "key"),
    [
        ("77e416eb-a363-4258-a04e-171d843a6460", "GWP-total"),  # A1 GWP
        ("b4274add-93b7-4905-a5e4-2e878c4e4216", "AP (A1)"),
        ("f58827d0-b407-4ec6-be75-8b69efb98a0f", "EP (A1)"),
        ("1e84a202-dae6-42aa-9e9d-71ea48b8be00", "POCP (A1)"),
        ("f7c73bb9-ab1a-4249-9c6d-379a0de6f67e", "ADP-minerals&metals"),  # A1 ADPE
        ("804ebcdf-309d-4098-8ed8-fdaf2f389981", "ADP-fossil"),  # A1 ADPF
        ("6a37f984-a4b3-458a-a20a-64418c145fa2", "GWP-total"),  # A2, EF 3.0
        ("a7ea142a-9749-11ed-a8fc-0242ac120002", "GWP-total"),  # A2, EF 3.1
        ("b5c611c6-def3-11e6-bf01-fe55135034f3", "AP"),
        ("b53ec18f-7377-4ad3-86eb-cc3f4f276b2b", "EP-freshwater"),
        ("b2ad6494-c78d-11e6-9d9d-cec0c932ce01", "ADP-minerals&metals"),
        ("b2ad66ce-c78d-11e6-9d9d-cec0c932ce01", "WDP"),
        ("b5c602c6-def3-11e6-bf01-fe55135034f3", "PM"),
        ("7cfdcfcf-b222-4b26-888a-a55f9fbf7ac8", "HTP-nc"),
        ("20f32be5-0398-4288-9b6d-accddd195317", "PERE"),
        ("430f9e0f-59b2-46a0-8e0d-55e0e84948fc", "HWD"),
        ("a2b32f97-3fc7-4af2-b209-525bc6426f33", "CRU"),
    ],
)
def test_indicator_table_mapping(uuid: str, key: str) -> None:
    assert indicator_uuids().loc[uuid, "indicator"] == key


def test_indicator_table_is_what_the_build_script_writes(samples: Path, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "build_ilcd_identifiers", ROOT / "scripts/build_ilcd_identifiers.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    out = tmp_path / "indicator_uuids.csv"
    assert script.build(samples / "identifiers", out) == 50
    assert out.read_bytes() == dataset_path("ilcd", "indicator_uuids.csv").read_bytes()


# --------------------------------------------------------------------------- EPDv1.3 example (EN 15804+A2)


def test_epd13_single_file_declared_unit_and_metadata(samples: Path) -> None:
    table, _ = read_ilcd(samples / EPD13)
    assert list(table.columns) == FILE_COLUMNS
    assert len(table) == 37 * 5  # 37 indicators x A1-A3, A4, C3, C4, D
    assert not table.duplicated(["factor_id", "module", "indicator"]).any()
    row = table.iloc[0]
    assert row["factor_id"] == row["source_id"] == EPD13_UUID
    assert (row["declared_unit"], row["declared_amount"]) == ("kg", 1.0)
    assert row["mass_per_unit"] == 1.0
    assert row["area_mass"] == pytest.approx(1.38696)  # MatML grammage; flow: 0.721 m² per kg
    assert row["thickness"] == pytest.approx(0.042)  # MatML layer thickness
    assert row["biogenic_carbon"] == pytest.approx(0.96)
    assert "packaging 0.042" in row["note"]
    assert (row["name"], row["name_de"]) == ("Wood panel", "Holzpanel")
    assert row["category"] == "Wood products / Wood panels"
    assert row["data_type"] == "specific"
    assert row["standard"] == "EN 15804+A2"
    assert row["version"] == "00.02.042"
    assert row["valid_until"] == "2025"
    assert row["service_life"] == 100
    assert row["data_owner"] == "Wood Products S.A."
    assert row["licence"] == "Free of charge for all users and uses"
    assert row["source"] == "Wood Panel EPD"


def test_epd13_values_and_default_scenarios(samples: Path) -> None:
    table, issues = read_ilcd(samples / EPD13)
    assert value(table, "GWP-total", "A1-A3") == 15.559479677163699
    assert value(table, "GWP-total", "A4") == 10.403452605105544  # Transport to Gdansk (default)
    assert value(table, "ADP-minerals&metals", "A1-A3") == 4.168822415416439
    assert value(table, "PERM", "A1-A3") == 37.55210557654974
    assert value(table, "PERM", "A4") == 41.906162886760846
    assert value(table, "PERM", "C3") == 40.04090498222633  # 100% recycling (default)
    assert value(table, "PERM", "D") == 34.611250074663666
    by_module = table.groupby("module")["scenario"].unique()
    assert by_module["A4"].tolist() == ["Transport to Gdansk"]
    assert by_module["C3"].tolist() == by_module["D"].tolist() == ["100% recycling"]
    assert table.loc[table["module"] == "A1-A3", "scenario"].isna().all()
    info = messages(issues, "info")
    assert "'Transport to Berlin' (group 'Transport') not imported for modules ['A4']" in info
    assert "'100% incineration' (group 'EoL') not imported for modules ['C3', 'C4', 'D']" in info


def test_epd13_totals_are_imported_as_given(samples: Path) -> None:
    # PERE + PERM is not PERT in this synthetic file: the reader never recomputes totals.
    table, _ = read_ilcd(samples / EPD13)
    assert value(table, "PERE", "A1-A3") == 40.065309300477296
    assert value(table, "PERT", "A1-A3") == 18.622878493822967


def test_epd13_chosen_scenario(samples: Path) -> None:
    table, issues = read_ilcd(samples / EPD13, scenarios=["100% incineration"])
    assert value(table, "PERM", "C3") == 17.210115043198822
    assert value(table, "PERM", "D") == 15.11662037931723
    assert value(table, "PERM", "A4") == 41.906162886760846  # no choice made for A4: default kept
    assert "'100% recycling' (group 'EoL') not imported" in messages(issues)


def test_folder_zip_and_single_file_agree(samples: Path, tmp_path: Path) -> None:
    single, _ = read_ilcd(samples / EPD13)
    folder, issues = read_ilcd(samples)
    archive = tmp_path / "ilcd.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(samples.rglob("*")):
            if path.is_file():
                zf.write(path, "ILCD/" + path.relative_to(samples).as_posix())
    zipped, zip_issues = read_ilcd(archive)
    pd.testing.assert_frame_equal(folder, single)
    pd.testing.assert_frame_equal(zipped, single)
    # sample_EPD.xml (same UUID, nothing importable) is reported in both modes
    assert BROKEN in messages(issues) and BROKEN in messages(zip_issues)


# --------------------------------------------------------------------------- sample_EPD (EN 15804+A1)


def test_sample_epd_broken_references_are_issues(samples: Path) -> None:
    table, issues = read_ilcd(samples / "processes" / "sample_EPD.xml")
    assert table.empty and list(table.columns) == FILE_COLUMNS
    text = messages(issues)
    assert f"reference flow {BROKEN} ('Name des Referenzflusses') is not in ilcd-epd-samples" in text
    assert "declared unit unknown" in messages(issues, "error")
    assert f"'Gesamteinsatz erneuerbarer Primärenergie' has UUID {BROKEN}" in text
    assert "'Treibhauspotential (GWP 100)' has no UUID" in text


def test_sample_epd_with_official_uuids(samples: Path, tmp_path: Path) -> None:
    """The template's own values, its LCIA results and exchanges given their official A1 UUIDs."""
    folder = copy_tree(samples, tmp_path / "ilcd")
    process = folder / "processes" / "sample_EPD.xml"
    text = process.read_text(encoding="utf-8")
    for label, uuid in [
        ("Treibhauspotential (GWP 100)", "77e416eb-a363-4258-a04e-171d843a6460"),
        ("Versauerungspotential (AP)", "b4274add-93b7-4905-a5e4-2e878c4e4216"),
    ]:
        method = '<referenceToLCIAMethodDataSet type="LCIA method data set">'
        old = f'{method}\n                <common:shortDescription xml:lang="de">{label}'
        assert old in text
        text = text.replace(old, old.replace('set">', f'set" refObjectId="{uuid}">', 1))
    for label, uuid in [
        ("Gesamteinsatz erneuerbarer Primärenergie", "53f97275-fa8a-4cdd-9024-65936002acd0"),  # PERT
        ("Abgelagerter gefährlicher Abfall", "430f9e0f-59b2-46a0-8e0d-55e0e84948fc"),  # HWD
    ]:
        old = f'refObjectId="{BROKEN}">\n                <common:shortDescription xml:lang="de">{label}'
        assert old in text
        text = text.replace(old, old.replace(BROKEN, uuid))
    process.write_text(text, encoding="utf-8")

    table, issues = read_ilcd(process)
    assert value(table, "GWP-total", "A1-A3") == 42
    assert value(table, "GWP-total", "A4") == 3  # Sc1 is the default of group 1
    assert value(table, "GWP-total", "C3") == 7  # S2 is the default of group 2
    assert value(table, "AP (A1)", "A1-A3") == 0.0004
    assert value(table, "AP (A1)", "C3") == 0.1
    assert value(table, "PERT", "A1-A3") == 89
    assert value(table, "HWD", "C3") == 1.2
    assert set(table["scenario"].dropna()) == {"Sc1", "S2"}
    row = table.iloc[0]
    assert row["standard"] == "EN 15804+A1"  # compliance system b00f9ec0 (DIN EN 15804)
    assert row["data_type"] == "average"
    assert (row["name"], row["name_de"]) == ("Name of the product or system", "Name des Produktes/ Systemes")
    assert (row["version"], row["valid_until"], row["service_life"]) == ("00.01.000", "2010", 50)
    assert pd.isna(row["declared_unit"]) and row["declared_amount"] == 1
    assert "'Sc2' (group '1') not imported for modules ['A4']" in messages(issues, "info")
    assert "'S1' (group '2') not imported for modules ['C3']" in messages(issues, "info")


# --------------------------------------------------------------------------- edge cases on copies


def test_not_declared_amount_has_no_row(samples: Path, tmp_path: Path) -> None:
    folder = copy_tree(samples, tmp_path / "ilcd")
    process = folder / EPD13
    old = '<epd:amount epd:module="A1-A3">37.55210557654974</epd:amount>'
    process.write_text(
        process.read_text(encoding="utf-8").replace(old, old.replace("37.55210557654974", "ND"))
    )
    table, issues = read_ilcd(process)
    assert table[(table["indicator"] == "PERM") & (table["module"] == "A1-A3")].empty
    assert value(table, "PERM", "A4") == 41.906162886760846
    assert "not declared (ND): PERM A1-A3" in messages(issues, "info")


def test_missing_reference_flow_is_named(samples: Path, tmp_path: Path) -> None:
    folder = copy_tree(samples, tmp_path / "ilcd")
    (folder / "flows" / f"{WOOD_PANEL_FLOW}.xml").unlink()
    table, issues = read_ilcd(folder / EPD13)
    assert len(table) == 185 and table["declared_unit"].isna().all()
    assert f"reference flow {WOOD_PANEL_FLOW}" in messages(issues, "warning")


def test_references_are_by_uuid_not_file_name(samples: Path, tmp_path: Path) -> None:
    folder = copy_tree(samples, tmp_path / "ilcd")
    (folder / "flows" / f"{WOOD_PANEL_FLOW}.xml").rename(folder / "flows" / "renamed.xml")
    (folder / "unitgroups" / "ad38d542-3fe9-439d-9b95-2f5f7752acaf.xml").rename(
        folder / "unitgroups" / "x.xml"
    )
    table, _ = read_ilcd(folder / EPD13)
    assert (table["declared_unit"] == "kg").all()


# --------------------------------------------------------------------------- refused input


def test_non_process_xml_is_refused(samples: Path) -> None:
    with pytest.raises(InputError, match=r"not an ILCD process dataset: the root element is <flowDataSet>"):
        read_ilcd(samples / "flows" / f"{WOOD_PANEL_FLOW}.xml")


def test_other_xml_and_other_files_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "invoice.xml"
    other.write_text("<invoice><total>12</total></invoice>")
    with pytest.raises(InputError, match=r"invoice\.xml: not an ILCD process dataset.*<invoice>"):
        read_ilcd(other)
    broken = tmp_path / "broken.xml"
    broken.write_text("<processDataSet>")
    with pytest.raises(InputError, match="not well-formed XML"):
        read_ilcd(broken)
    with pytest.raises(InputError, match="no such file or folder"):
        read_ilcd(tmp_path / "missing.xml")
    with pytest.raises(InputError, match="no ILCD process dataset"):
        read_ilcd(tmp_path)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<processDataSet>&lol3;</processDataSet>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE processDataSet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<processDataSet>&xxe;</processDataSet>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_malicious_xml_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "evil.xml"
    path.write_text(text)
    with pytest.raises(InputError, match=r"evil\.xml: refused to read: the XML declares a DTD"):
        read_ilcd(path)
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ILCD/processes/evil.xml", text)
    with pytest.raises(InputError, match="refused to read"):
        read_ilcd(archive)


def test_size_limits(samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "ilcd.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(samples / EPD13, EPD13)
    monkeypatch.setattr(ilcd_files, "MAX_XML_BYTES", 10_000)
    with pytest.raises(InputError, match="XML file larger than 0.0095"):
        read_ilcd(samples / EPD13)
    with pytest.raises(InputError, match="no ILCD process dataset"):  # the one process was skipped
        read_ilcd(archive)
    monkeypatch.setattr(ilcd_files, "MAX_ZIP_BYTES", 10_000)
    with pytest.raises(InputError, match="unpacks to more than"):
        read_ilcd(archive)


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "ilcd.zip"
    path.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="not a readable zip archive"):
        read_ilcd(path)


def test_split_product_stage_kept_unless_a1_a3_is_declared(samples: Path, tmp_path: Path) -> None:
    folder = copy_tree(samples, tmp_path / "ilcd")
    process = folder / EPD13
    text = process.read_text(encoding="utf-8")
    perm = '<epd:amount epd:module="A1-A3">37.55210557654974</epd:amount>'  # PERM
    rsf = '<epd:amount epd:module="A1-A3">21.564789214383683</epd:amount>'  # RSF
    text = text.replace(perm, perm.replace("A1-A3", "A1"))
    text = text.replace(rsf, rsf + rsf.replace("A1-A3", "A2"))
    process.write_text(text, encoding="utf-8")
    table, issues = read_ilcd(process)
    assert value(table, "PERM", "A1") == 37.55210557654974
    assert table[(table["indicator"] == "PERM") & (table["module"] == "A1-A3")].empty
    assert value(table, "RSF", "A1-A3") == 21.564789214383683
    assert table[(table["indicator"] == "RSF") & (table["module"] == "A2")].empty
    assert "A1, A2, A3 dropped where A1-A3 is declared as well" in messages(issues, "info")


def test_several_scenarios_without_default_are_not_guessed(samples: Path, tmp_path: Path) -> None:
    folder = copy_tree(samples, tmp_path / "ilcd")
    process = folder / EPD13
    text = process.read_text(encoding="utf-8")
    flag = '<epd:scenario epd:default="true" epd:group="EoL" epd:name="100% recycling">'
    assert flag in text
    process.write_text(text.replace(flag, flag.replace(' epd:default="true"', "")), encoding="utf-8")
    table, issues = read_ilcd(process)
    assert set(table["module"]) == {"A1-A3", "A4"}
    assert (
        "PERM C3 has scenarios ['100% incineration', '100% recycling'] and none is the default"
        in messages(issues, "warning")
    )
    chosen, _ = read_ilcd(process, scenarios=["100% recycling"])
    assert value(chosen, "PERM", "C3") == 40.04090498222633
