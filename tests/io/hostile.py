"""Writers of small hostile files for the robustness tests: raw xlsx and ODS archives built with
zipfile (so that a test can put a cell anywhere, stream millions of rows or lie in the zip
directory), and a subprocess runner that measures time and peak memory."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def cell(ref: str | None, value: object) -> str:
    """One xlsx cell: inline text or a number, with its reference (``A1``) when given."""
    r = f' r="{ref}"' if ref else ""
    if isinstance(value, str):
        return f'<c{r} t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    return f"<c{r}><v>{value!r}</v></c>"


def row(number: int | None, values: Sequence[object]) -> str:
    """One xlsx row; cells get references when ``number`` is given."""
    cols = [_letters(j + 1) for j in range(len(values))]
    r = f' r="{number}"' if number else ""
    refs = [f"{c}{number}" if number else None for c in cols]
    return f"<row{r}>" + "".join(cell(ref, v) for ref, v in zip(refs, values, strict=True)) + "</row>"


def _letters(number: int) -> str:
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


def write_xlsx(path: Path, sheets: dict[str, Iterable[str | bytes]], *, level: int = 6) -> Path:
    """An xlsx file whose sheets hold the given ``<row>`` XML pieces (streamed, so they may be many)."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{k}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for k in range(1, len(sheets) + 1)
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
        '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
        f'main+xml"/>{overrides}</Types>'
    )
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    names = "".join(
        f'<sheet name="{escape(name)}" sheetId="{k}" r:id="rId{k}"/>'
        for k, name in enumerate(sheets, start=1)
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        f"<sheets>{names}</sheets></workbook>"
    )
    targets = "".join(
        f'<Relationship Id="rId{k}" Type="{_REL}/worksheet" Target="worksheets/sheet{k}.xml"/>'
        for k in range(1, len(sheets) + 1)
    )
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">{targets}</Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        for k, pieces in enumerate(sheets.values(), start=1):
            with archive.open(f"xl/worksheets/sheet{k}.xml", "w", force_zip64=True) as out:
                out.write(
                    f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'.encode()
                )
                for piece in pieces:
                    out.write(piece.encode() if isinstance(piece, str) else piece)
                out.write(b"</sheetData></worksheet>")
    return path


def write_ods(path: Path, tables: dict[str, str]) -> Path:
    """An ODS file whose tables hold the given ``<table:table-row>`` XML."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    body = "".join(
        f'<table:table table:name="{escape(n)}">{rows}</table:table>' for n, rows in tables.items()
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
        'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def ods_row(values: Sequence[object], repeat: int = 1) -> str:
    """One ODS row (text or float cells), repeated ``repeat`` times."""
    cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'
        if isinstance(v, str)
        else f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p>'
        "</table:table-cell>"
        for v in values
    )
    rep = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{rep}>{cells}</table:table-row>"


#: Guard on the child's address space, so that a regression fails the test instead of the machine.
_ADDRESS_SPACE = 6 * 2**30

_RUNNER = """
import json, resource, sys, time
start = time.perf_counter()
sys.argv = ["lca", *json.loads(sys.argv[1])]
from lca.cli import main
try:
    code = main()
except SystemExit as exit:
    code = exit.code
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
sys.stderr.write("\\n@@" + json.dumps({"code": code, "peak": peak, "seconds": time.perf_counter() - start}))
"""


def run_cli(args: Sequence[str], cwd: Path, timeout: float = 60) -> tuple[int, str, str, dict[str, float]]:
    """Run ``lca ARGS`` in a child process; return exit code, stdout, stderr and the child's own
    measures: ``peak`` resident memory [bytes] and ``seconds`` (wall time of the command itself)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (_ADDRESS_SPACE, _ADDRESS_SPACE))

    env = {**os.environ, "MPLBACKEND": "Agg"}
    args = [*args, "--lang", "en"] if "--lang" not in args else list(args)  # the tests quote English
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, json.dumps([str(a) for a in args])],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
        env=env,
    )
    stderr, _, tail = done.stderr.rpartition("\n@@")
    measures = json.loads(tail) if tail.startswith("{") else {"peak": float("nan"), "seconds": float("nan")}
    measures["wall"] = time.perf_counter() - started
    code = done.returncode if not tail.startswith("{") else int(measures["code"] or 0)
    return code, done.stdout, stderr if tail.startswith("{") else done.stderr, measures
