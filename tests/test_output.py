"""Output files: no overwriting of a user's file, no half-written file, clear messages (issues 9.3, 10)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from lca.datasets import dataset_path
from lca.io.output import OutputError, atomic_folder, atomic_output, check_output, write_text
from tests.helpers import hand_factor_frame, write_xlsx

HAS_DEV_FULL = Path("/dev/full").exists()


def lca(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI as a subprocess, in English unless the test gives --lang (these tests quote English)."""
    args = args if "--lang" in args else (*args, "--lang", "en")
    return subprocess.run([sys.executable, "-m", "lca.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)  # fmt: skip


def small_project(tmp_path: Path) -> tuple[Path, Path]:
    factors = tmp_path / "f.csv"
    hand_factor_frame().to_csv(factors, index=False)
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": [["SHAB", 100]],
        "Matériaux": [["id", "lot", "quantité", "unité", "id fiche"], ["B1", 3, 10, "m3", "conc"]],
    })  # fmt: skip
    return path, factors


def clean_exit_2(done: subprocess.CompletedProcess[str], message: str) -> None:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".lca-*"))


# ---------------------------------------------------------------------------------------- template


def test_template_refuses_an_existing_file_unless_force(tmp_path):
    target = tmp_path / "mine.xlsx"
    target.write_bytes(b"my precious work")
    done = lca("template", target)
    expected = f"{target}: the file already exists and is left unchanged; choose another name or add --force"
    clean_exit_2(done, expected)
    assert target.read_bytes() == b"my precious work"
    assert lca("template", target, "--force", "--lang", "fr").returncode == 0
    assert openpyxl.load_workbook(target).sheetnames[0] == "Lisez-moi"
    assert leftovers(tmp_path) == []


def test_template_into_a_folder_is_refused(tmp_path):
    clean_exit_2(lca("template", tmp_path), f"{tmp_path}: this is a folder; template needs a file name")


# ---------------------------------------------------------------------------------------- -o


@pytest.mark.parametrize("command", ["run", "compare", "report"])
def test_output_to_a_folder_is_refused(tmp_path, command):
    path, factors = small_project(tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    done = lca(command, path, "--factors", factors, "-o", folder)
    expected = f"{folder}: this is a folder; -o needs a file name, for example {folder / 'rapport.xlsx'}"
    clean_exit_2(done, expected)
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", ["run", "report"])
def test_output_over_the_project_itself_is_refused(tmp_path, command):
    path, factors = small_project(tmp_path)
    before = path.read_bytes()
    done = lca(command, path, "--factors", factors, "-o", path)
    clean_exit_2(done, f"{path}: this is the file being read; writing the output there would destroy it")
    assert path.read_bytes() == before


@pytest.mark.skipif(not HAS_DEV_FULL, reason="/dev/full exists on Linux only")
@pytest.mark.parametrize("command", ["run", "report"])
def test_output_to_a_full_disk_is_a_clear_error(tmp_path, command):
    path, factors = small_project(tmp_path)
    done = lca(command, path, "--factors", factors, "-o", "/dev/full")
    clean_exit_2(done, "/dev/full: cannot write: No space left on device")
    assert Path("/dev/full").exists() and not Path("/dev/full").is_file()  # the device is still a device


def test_run_output_to_dev_null_still_works(tmp_path):
    path, factors = small_project(tmp_path)
    done = lca("run", path, "--factors", factors, "--no-default-factors", "-o", os.devnull)
    assert done.returncode == 0, done.stderr
    assert Path(os.devnull).exists() and not Path(os.devnull).is_file()


def test_run_output_replaces_a_file_whole_and_creates_folders(tmp_path):
    path, factors = small_project(tmp_path)
    target = tmp_path / "new" / "folder" / "results.csv"
    done = lca("run", path, "--factors", factors, "--no-default-factors", "--format", "csv", "-o", target)
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8").startswith("Variant,Id,")
    assert leftovers(tmp_path) == []


def test_charts_pointing_at_a_file_is_refused(tmp_path):
    path, factors = small_project(tmp_path)
    file = tmp_path / "charts.png"
    file.write_bytes(b"not a folder")
    done = lca("compare", path, "--factors", factors, "--charts", file)
    clean_exit_2(done, f"{file}: this is a file; --charts needs a folder (it is created if missing)")
    assert file.read_bytes() == b"not a folder"


def test_compare_writes_charts_and_report_without_temporary_files(tmp_path):
    path, factors = small_project(tmp_path)
    charts, report = tmp_path / "charts", tmp_path / "rapport.xlsx"
    done = lca("compare", path, "--factors", factors, "--charts", charts, "-o", report, "--lang", "fr")
    assert done.returncode == 0, done.stderr
    assert sorted(p.suffix for p in charts.iterdir()) and {p.suffix for p in charts.iterdir()} == {".png"}
    assert "Synthèse" in openpyxl.load_workbook(report).sheetnames
    assert leftovers(tmp_path) == []


def test_factors_import_output_folder_is_refused(tmp_path):
    done = lca("factors", "import-ilcd", dataset_path("ilcd", "indicator_uuids.csv"), "-o", tmp_path)
    clean_exit_2(done, f"{tmp_path}: this is a folder; -o needs a file name")


# ------------------------------------------------------------------------------- the library itself


def test_an_interrupted_write_leaves_the_previous_file(tmp_path):
    target = tmp_path / "rapport.xlsx"
    target.write_bytes(b"previous report")

    class Interrupted(Exception):
        pass

    with pytest.raises(Interrupted), atomic_output(target) as temporary:
        temporary.write_bytes(b"half a work")
        assert temporary.parent == tmp_path and temporary.name.endswith("-rapport.xlsx")
        raise Interrupted
    assert target.read_bytes() == b"previous report"
    assert leftovers(tmp_path) == []
    write_text(target, "new")
    assert target.read_text() == "new"


def test_an_interrupted_chart_folder_keeps_the_previous_charts(tmp_path):
    folder = tmp_path / "charts"
    folder.mkdir()
    (folder / "modules.png").write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_folder(folder) as staging:
        (staging / "modules.png").write_bytes(b"new")
        raise RuntimeError("drawing failed")
    assert [(p.name, p.read_bytes()) for p in folder.iterdir()] == [("modules.png", b"old")]
    with atomic_folder(folder) as staging:
        (staging / "modules.png").write_bytes(b"new")
        (staging / "lots.png").write_bytes(b"lots")
    assert sorted((p.name, p.read_bytes()) for p in folder.iterdir()) == [
        ("lots.png", b"lots"),
        ("modules.png", b"new"),
    ]


def test_unwritable_parent_is_an_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match=r"file/sub/out.csv: cannot write: Not a directory"):
        write_text(blocker / "sub" / "out.csv", "data")
    with pytest.raises(OutputError, match="-o is empty"):
        check_output("")
    with pytest.raises(OutputError, match=r"new: this is a folder; -o needs a file name"):
        check_output(f"{tmp_path}/new/")


def test_compare_baseline_is_matched_like_the_workbook(tmp_path):
    factors = tmp_path / "f.csv"
    hand_factor_frame().to_csv(factors, index=False)
    path = write_xlsx(tmp_path / "p.xlsx", {
        "Projet": [["SHAB", 100]],
        "Matériaux": [["id", "quantité", "unité", "id fiche", "variante"],
                      ["B1", 10, "m3", "conc", ""], ["B2", 1, "m3", "conc", "Béton"]],
    })  # fmt: skip
    done = lca("compare", path, "--factors", factors, "--baseline", " BETON", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "GWP-total over 50 years; baseline: Béton"
