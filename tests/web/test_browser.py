"""A real browser on the real server: headless Chromium from the operating system's packages, driven by
Playwright (never its own browser download), against ``python -m lca.cli serve`` on a free port.

The test drops the shipped example on the drop zone as a person would, waits for the results, checks
that every figure shown is the one of ``lca run --format json``, walks to the comparison and the
downloads, downloads the report and checks it against the one of ``lca compare -o``, and saves
screenshots (1280×800 and a tablet) under the test's temporary folder. Without a browser it skips.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from lca.web.analysis import fmt

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "datasets" / "examples" / "residence_collective.xlsx"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
#: Launch flags: no sandbox (CI runs as root), nothing fetched in the background.
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

pytestmark = pytest.mark.slow


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    reason = "no Chromium installed (apt-get install chromium); the browser test needs one"
    if os.environ.get("LCA_REQUIRE_BROWSER"):  # set by .ci/run, which installs it: a skip would hide a gap
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``lca serve`` on a free port of 127.0.0.1, stopped after the tests; its log is kept to check it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path_factory.mktemp("server") / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "lca.cli", "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                assert response.status == 200
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"lca serve did not start: {log.read_text(errors='replace')}")
            time.sleep(0.3)
    yield url, log
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    executable = _browser()
    try:
        from playwright import sync_api
    except ImportError:
        if os.environ.get("LCA_REQUIRE_BROWSER"):
            raise
        pytest.skip("Playwright for Python is not installed (pip install '.[dev]')")
    profile = tmp_path_factory.mktemp("profile")  # a fresh --user-data-dir
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=executable,
            headless=True,
            args=FLAGS,
            accept_downloads=True,
            viewport={"width": 1280, "height": 800},
            locale="fr-FR",
        )
        # the report is drawn and written for each download: up to a minute on a busy machine
        context.set_default_timeout(300_000)
        yield context
        context.close()


def _cli_json(*options: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "lca.cli", "run", str(EXAMPLE), "--format", "json", *options],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def _drop(page, path: Path) -> None:
    """Drop ``path`` on the drop zone the way a browser does it: a drop event carrying the file."""
    page.evaluate(
        """([b64, name]) => {
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const data = new DataTransfer();
            data.items.add(new File([bytes], name));
            const zone = document.querySelector("[data-dropzone]");
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
        }""",
        [base64.b64encode(path.read_bytes()).decode("ascii"), path.name],
    )


def test_drop_the_example_read_the_results_and_download_the_report(server, browser_context, tmp_path):
    url, log = server
    expected = _cli_json()
    area = expected["project"]["reference_area"]
    page = browser_context.new_page()
    page.goto(url)
    assert page.locator("h1").inner_text() == "Analyse de cycle de vie d'un bâtiment"
    page.screenshot(path=str(tmp_path / "accueil_1280x800.png"))
    with page.expect_navigation(url="**/resultats**", timeout=120_000):
        _drop(page, EXAMPLE)
    assert page.locator("h1").inner_text().startswith("Résultats")
    page.screenshot(path=str(tmp_path / "resultats_1280x800.png"))
    page.screenshot(path=str(tmp_path / "resultats_full.png"), full_page=True)

    # every figure shown is the CLI's, as the CLI's JSON gives it and formatted the page's way
    for variant in expected["variants"]:
        card = page.locator(f'article[data-variant="{variant["name"]}"]')
        shown = card.locator('[data-figure="per_m2"]')
        assert shown.inner_text() == fmt(variant["per_m2"]["GWP-total"], "fr", "per_m2")
        assert float(shown.get_attribute("data-value")) == variant["per_m2"]["GWP-total"]
        for scope in ("products", "energy", "water"):
            cells = card.locator(f'tr[data-scope="{scope}"] td')
            value = variant["by_scope"][scope]["GWP-total"]
            assert cells.nth(0).inner_text() == fmt(value / area, "fr", "per_m2")
            assert cells.nth(1).inner_text() == fmt(value, "fr")
        cells = card.locator('tr[data-scope="total"] td')
        assert cells.nth(1).inner_text() == fmt(variant["total"]["GWP-total"], "fr")
    names = [v["name"] for v in expected["variants"]]
    for module in ("A1-A3", "B4", "B6", "C3"):
        cells = page.locator(f'#by-module tr[data-module="{module}"] td')
        for k, variant in enumerate(expected["variants"]):
            value = variant["by_module"][module]["GWP-total"] / area
            assert cells.nth(k).inner_text() == fmt(value, "fr", "per_m2")
    assert page.locator("#by-lot thead th").all_inner_texts() == ["Lot", *names]

    # the comparison, with its charts as inline SVG holding real text
    with page.expect_navigation(url="**/comparaison**", timeout=180_000):
        page.get_by_role("button", name="Comparaison").click()
    assert page.locator("svg.chart").count() >= 6
    assert page.locator("svg.chart text").first.text_content().strip() != ""
    page.screenshot(path=str(tmp_path / "comparaison_1280x800.png"))
    page.screenshot(path=str(tmp_path / "comparaison_full.png"), full_page=True)

    # the downloads page, then the report
    with page.expect_navigation(url="**/telechargements**", timeout=120_000):
        page.get_by_role("button", name="Téléchargements").click()
    page.screenshot(path=str(tmp_path / "telechargements_1280x800.png"))
    with page.expect_download(timeout=300_000) as info:
        page.get_by_role("button", name="Rapport Excel (.xlsx)").click()
    report = tmp_path / "rapport.xlsx"
    info.value.save_as(report)
    assert info.value.suggested_filename.endswith("_rapport.xlsx")
    cli_report = tmp_path / "cli.xlsx"
    subprocess.run(
        [sys.executable, "-m", "lca.cli", "compare", str(EXAMPLE), "-o", str(cli_report)],
        capture_output=True,
        check=True,
    )
    assert _numbers(report) == _numbers(cli_report)

    # the language switch keeps the computation: the same page, in English
    with page.expect_navigation(url="**/telechargements?lang=en", timeout=120_000):
        page.get_by_role("button", name="English").click()
    assert page.locator("h1").inner_text().startswith("Downloads")
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation(url="**/resultats?lang=en", timeout=120_000):
        page.get_by_role("button", name="Results", exact=True).click()
    first = expected["variants"][0]
    shown = page.locator(f'article[data-variant="{first["name"]}"] [data-figure="per_m2"]')
    assert shown.inner_text() == fmt(first["per_m2"]["GWP-total"], "en", "per_m2")
    page.screenshot(path=str(tmp_path / "results_en_1280x800.png"))

    # a tablet in portrait, RE2020 asked with the plain file input (no drag and drop)
    re2020 = _cli_json("--method", "re2020")
    tablet = browser_context.new_page()
    tablet.set_viewport_size({"width": 820, "height": 1180})
    tablet.goto(url)
    tablet.set_input_files("#classeur", str(EXAMPLE))
    tablet.get_by_label("RE2020", exact=False).check()
    with tablet.expect_navigation(url="**/resultats**", timeout=120_000):
        tablet.get_by_role("button", name="Calculer").click()
    tablet.screenshot(path=str(tmp_path / "resultats_tablette_820x1180.png"))
    tablet.locator("#re2020-title").scroll_into_view_if_needed()
    tablet.screenshot(path=str(tmp_path / "re2020_tablette_820x1180.png"))
    for variant in re2020["variants"]:
        entry, name = variant["re2020"], variant["name"]
        row = tablet.locator(f'table.re2020 tr[data-variant="{name}"]')
        cells = row.locator("td")
        verdict = "✔ conforme" if entry["compliant"] else "✘ non conforme"
        assert cells.nth(0).inner_text() == verdict
        assert cells.nth(1).inner_text() == fmt(entry["ic_construction"], "fr", "per_m2")
        assert cells.nth(4).inner_text() == fmt(entry["ic_energie"], "fr", "per_m2")
    assert (tmp_path / "resultats_1280x800.png").stat().st_size > 10_000

    # a file that is not a workbook, whatever its name: a clear page, and the way back
    fake = tmp_path / "projet.xlsx"
    fake.write_text("nom;SHAB\nMaison;100\n", encoding="utf-8")
    tablet.goto(url)
    tablet.set_input_files("#classeur", str(fake))
    with tablet.expect_navigation(url="**/resultats**"):
        tablet.get_by_role("button", name="Calculer").click()
    assert tablet.locator("h1").inner_text() == "Le fichier n'a pas pu être utilisé"
    assert tablet.get_by_role("alert").inner_text().startswith("Ce fichier n'est pas un classeur")
    tablet.screenshot(path=str(tmp_path / "erreur_tablette_820x1180.png"))

    # the server's log holds requests, never the project's name nor the file's
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "POST /resultats" in text
    assert expected["project"]["name"] not in text
    assert EXAMPLE.name not in text
    print(f"screenshots in {tmp_path}")


def _numbers(path: Path) -> dict[tuple[str, str], float]:
    """Every number of every sheet of a workbook, by sheet and cell."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    out = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    out[(sheet.title, cell.coordinate)] = cell.value
    return out
