"""Bounded reading of untrusted files: the zip directory and the extent of each sheet are checked
before a spreadsheet reader sees a workbook, compressed text is read up to a limit, text is decoded
with a fallback, and CSV rows are read with every library error turned into an :class:`InputError`.

The limits are those of :mod:`lca.limits`; hitting one either refuses the file (an error naming the
limit) or cuts what is read (an :class:`Issue` saying what was not read and how to raise the limit).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import logging
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lca._text import Message, Num
from lca.errors import InputError, Issue
from lca.limits import (
    MAX_CELL_CHARS,
    MAX_CSV_FIELD_CHARS,
    MAX_TEXT_BYTES,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    ROW_OPTION,
    ZIP_RATIO_FLOOR,
)

_CHUNK = 4 * 2**20


def mib(size: float) -> Num:
    """A size [bytes] in whole MiB, written in the message's language (``{size} MiB`` in the message)."""
    return Num(size / 2**20, "count")


def rows_cut_issue(file: str, sheet: str | None, read: int, total: int | None, max_rows: int) -> Issue:
    """The issue of a sheet or file whose rows beyond ``read`` were not read."""
    limit = Message(
        "at most {count} row is read from a sheet or file (MAX_ROWS); raise the limit with {option} {rows} "
        "(max_rows= in Python) or split it",
        plural="at most {count} rows are read from a sheet or file (MAX_ROWS); raise the limit with {option} "
        "{rows} (max_rows= in Python) or split it",
        n=max_rows,
        count=Num(max_rows, "count"),
        option=ROW_OPTION,
        rows=max(total or 0, 2 * max_rows),
    )
    if total:
        message = Message(
            "row {first} is not read: {limit}",
            plural="rows {first} to {last} are not read: {limit}",
            n=total - read,
            first=read + 1,
            last=total,
            limit=limit,
        )
    else:
        message = Message("the rows after row {row} are not read: {limit}", row=read, limit=limit)
    return Issue.of("error", message, sheet, read + 1, file=file)


# -------------------------------------------------------------------------------------- zip files


logger = logging.getLogger(__name__)


def unreadable_workbook(file: str, err: BaseException | None = None) -> InputError:
    """The error of a file that is not a readable workbook, in the user's words (the reader's own
    message, ``Cfb error``, ``EOCD``…, goes to the debug log only)."""
    if err is not None:
        logger.debug("%s: %s", file, err)
    return InputError(
        Message(
            "cannot read the workbook: the file is damaged or incomplete (cut short while downloading or "
            "copying?); open it in the spreadsheet program and save it again, or ask for the file again"
        ),
        file=file,
    )


def check_zip(path: Path) -> zipfile.ZipFile:
    """Open a workbook as a zip file after checking its directory: member count, total uncompressed
    size and compression ratio (before anything is decompressed).

    Raises
    ------
    InputError
        The file is not a zip file, or a limit is exceeded (naming it).
    """
    file = str(path)
    try:
        archive = zipfile.ZipFile(path)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:  # a truncated or damaged file
        raise unreadable_workbook(file, err) from err
    if len(members) > MAX_ZIP_MEMBERS:
        raise InputError(
            Message(
                "the workbook holds {count} files, more than {limit} (MAX_ZIP_MEMBERS); it is not a "
                "spreadsheet saved by a spreadsheet program",
                count=Num(len(members), "count"),
                limit=Num(MAX_ZIP_MEMBERS, "count"),
            ),
            file=file,
        )
    total = sum(m.file_size for m in members)
    if total > MAX_UNZIPPED_BYTES:
        raise InputError(
            Message(
                "the workbook unpacks to {size} MiB, more than {limit} MiB (MAX_UNZIPPED_BYTES); split it, "
                "or delete unused sheets and images",
                size=mib(total),
                limit=mib(MAX_UNZIPPED_BYTES),
            ),
            file=file,
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > ZIP_RATIO_FLOOR and ratio > MAX_ZIP_RATIO:
            raise InputError(
                Message(
                    "the workbook member '{member}' unpacks {ratio} times larger than stored ({size} MiB), "
                    "more than {limit} times (MAX_ZIP_RATIO): this is the mark of a zip bomb, not of a "
                    "spreadsheet",
                    member=member.filename,
                    ratio=Num(ratio, "count"),
                    size=mib(member.file_size),
                    limit=Num(MAX_ZIP_RATIO, "count"),
                ),
                file=file,
            )
    return archive


def _member_chunks(archive: zipfile.ZipFile, name: str, file: str) -> Iterator[bytes]:
    """The decompressed bytes of one member, in chunks, never more than its declared size."""
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(_CHUNK):
                yield chunk
    except (zipfile.BadZipFile, OSError, zlib.error, EOFError, NotImplementedError) as err:
        logger.debug("%s: %s: %s", file, name, err)  # the decompressor's words go to the debug log
        raise InputError(
            Message("cannot read '{member}' in the workbook: the file is damaged", member=name), file=file
        ) from err


_XLSX_CELL = re.compile(rb' r="([A-Z]{1,3})([0-9]{1,7})"')  # a cell reference: letters, then digits
_XLSX_ROW = re.compile(rb"<(x:)?row[ >]")
_ROW_TAGS = (b"<row", b"<x:row")  # also counts a <rowBreaks> after the rows: harmless
_XLSX_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?>")
_ATTRIBUTE = re.compile(rb"([\w:]+)=\"([^\"]*)\"")


@dataclass
class SheetScan:
    """What a streaming look at one worksheet found, before the spreadsheet reader runs."""

    member: str  #: path of the worksheet in the zip archive
    height: int = 0  #: rows spanned by the cells read (from the first cell reference to the last)
    width: int = 0  #: columns spanned by the cells read
    cut: int | None = None  #: byte offset of the first row not read (None: every row is read)
    rows_after: int = 0  #: row elements not read
    prefix: bytes = b""  #: namespace prefix of the sheet's elements (``x:``), for closing them
    errors: int = 0  #: cells holding an Excel error (``#N/A``, ``#DIV/0!``...) in the rows read
    first_error: str | None = None  #: reference of the first of them (``C3``)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def xlsx_scans(archive: zipfile.ZipFile, file: str, max_rows: int) -> dict[str, SheetScan]:
    """A :class:`SheetScan` of each worksheet of an xlsx file, by sheet name."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        return {}
    sheets: dict[str, str] = {}  # relationship id -> sheet name
    workbook = b"".join(_member_chunks(archive, "xl/workbook.xml", file))
    for tag in _XLSX_SHEET.findall(workbook):
        attrs = {k.split(b":")[-1]: v for k, v in _ATTRIBUTE.findall(tag)}
        if b"id" in attrs and b"name" in attrs:
            sheets[attrs[b"id"].decode(errors="replace")] = _unescape(attrs[b"name"])
    targets: dict[str, str] = {}  # member path -> sheet name
    if "xl/_rels/workbook.xml.rels" in names:
        rels = b"".join(_member_chunks(archive, "xl/_rels/workbook.xml.rels", file))
        for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*?>", rels):
            attrs = dict(_ATTRIBUTE.findall(tag))
            rid = attrs.get(b"Id", b"").decode(errors="replace")
            target = attrs.get(b"Target", b"").decode(errors="replace")
            if rid in sheets and target:
                member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl", target))
                targets[member] = sheets[rid]
    return {
        sheet: _xlsx_scan(archive, member, file, max_rows)
        for member, sheet in targets.items()
        if member in names
    }


def _unescape(name: bytes) -> str:
    text = name.decode("utf-8", errors="replace")
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        text = text.replace(entity, char)
    return text


def _xlsx_scan(archive: zipfile.ZipFile, member: str, file: str, max_rows: int) -> SheetScan:
    """Cell extent of the first ``max_rows`` row elements of a worksheet, where the next one starts,
    and how many come after it; C-speed counting, cells parsed only in the rows that are read."""
    scan = SheetScan(member)
    low_row = low_col = 1 << 30
    high_row = high_col = 0
    rows, base, buffer = 0, 0, b""
    chunks = _member_chunks(archive, member, file)
    final = False
    while not final:
        chunk = next(chunks, None)
        final = chunk is None
        buffer += chunk or b""
        limit = len(buffer) if final else max(len(buffer) - 64, 0)
        if scan.cut is not None:
            scan.rows_after += sum(buffer.count(tag, 0, limit + len(tag) - 1) for tag in _ROW_TAGS)
        else:
            here = sum(buffer.count(tag, 0, limit + len(tag) - 1) for tag in _ROW_TAGS)
            end = limit
            if rows + here > max_rows:  # the first row not read is in this piece
                starts = [m for m in _XLSX_ROW.finditer(buffer, 0, limit + 6) if m.start() < limit]
                if len(starts) > max_rows - rows:  # else it was a <rowBreaks>, not a row
                    first = starts[max_rows - rows]
                    end, scan.cut, scan.prefix = first.start(), base + first.start(), first[1] or b""
                    scan.rows_after = len(starts) - (max_rows - rows)
            rows += min(here, max_rows - rows)
            errors = buffer.count(b't="e"', 0, end)
            if errors and scan.first_error is None:
                at = buffer.find(b't="e"', 0, end)
                ref = _XLSX_CELL.search(buffer, buffer.rfind(b"<", 0, at), buffer.find(b">", at))
                scan.first_error = (ref[1] + ref[2]).decode() if ref else "?"
            scan.errors += errors
            refs = []  # (column letters, row number) of the cells that start before ``end``
            for match in _XLSX_CELL.finditer(buffer, 0, min(end + 20, len(buffer))):
                if match.start() >= end:
                    break
                refs.append(match.groups())
            if refs:  # the extent: each distinct column's letters read once
                numbers = [int(row) for _, row in refs]
                columns = [_column_number(letters) for letters in {letters for letters, _ in refs}]
                low_row, high_row = min(low_row, min(numbers)), max(high_row, max(numbers))
                low_col, high_col = min(low_col, min(columns)), max(high_col, max(columns))
        base += limit
        buffer = buffer[limit:]
    if high_row:
        scan.height, scan.width = high_row - low_row + 1, high_col - low_col + 1
    return scan


def truncated_xlsx(path: Path, scans: dict[str, SheetScan], file: str) -> io.BytesIO:
    """A copy of an xlsx file in memory whose worksheets stop at their scan's ``cut`` (the rows after it
    are dropped, the sheet's XML closed), so that the spreadsheet reader never parses them."""
    cuts = {s.member: s for s in scans.values() if s.cut is not None}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(path) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy,
    ):
        for info in source.infolist():
            scan = cuts.get(info.filename)
            if scan is None:
                copy.writestr(info.filename, b"".join(_member_chunks(source, info.filename, file)))
                continue
            with copy.open(info.filename, "w", force_zip64=True) as target:
                left = scan.cut or 0
                for chunk in _member_chunks(source, info.filename, file):
                    target.write(chunk[:left])
                    left -= min(left, len(chunk))
                    if not left:
                        break
                p = scan.prefix.decode()
                target.write(f"</{p}sheetData></{p}worksheet>".encode())
    out.seek(0)
    return out


def ods_extents(archive: zipfile.ZipFile, file: str) -> dict[str, tuple[int, int]]:
    """Rows and columns of each table of an ODS file, up to its last cell that holds something,
    repeated rows and columns counted (``table:number-rows-repeated``)."""
    from defusedxml.ElementTree import ParseError, iterparse

    if "content.xml" not in archive.namelist():
        return {}
    out: dict[str, tuple[int, int]] = {}
    name, row, col, high_row, high_col, row_used = "", 0, 0, 0, 0, False
    try:
        with archive.open("content.xml") as stream:
            for event, element in iterparse(stream, events=("start", "end")):
                tag = element.tag.rsplit("}", 1)[-1]
                if event == "start":
                    if tag == "table":
                        name, row, high_row, high_col = _ods_attr(element, "name") or "", 0, 0, 0
                    elif tag == "table-row":
                        col, row_used = 0, False
                    continue
                if tag in ("table-cell", "covered-table-cell"):
                    repeat = _repeat(_ods_attr(element, "number-columns-repeated"))
                    if _ods_attr(element, "value-type") or len(element):
                        row_used, high_col = True, max(high_col, col + repeat)
                    col += repeat
                    element.clear()
                elif tag == "table-row":
                    repeat = _repeat(_ods_attr(element, "number-rows-repeated"))
                    if row_used:
                        high_row = row + repeat
                    row += repeat
                    element.clear()
                elif tag == "table":
                    out[name] = (high_row, high_col)
                    element.clear()
    except (ParseError, zipfile.BadZipFile, OSError, zlib.error, EOFError, ValueError) as err:
        raise unreadable_workbook(file, err) from err  # the parser's words go to the debug log
    except Exception as err:  # defusedxml refuses entities and DTDs with its own errors
        raise InputError(
            Message("the ODS content is refused ({error})", error=type(err).__name__ + ": " + str(err)),
            file=file,
        ) from err
    return out


def _ods_attr(element: object, local: str) -> str | None:
    for key, value in element.attrib.items():  # type: ignore[attr-defined]
        if key.rsplit("}", 1)[-1] == local:
            return str(value)
    return None


def _repeat(text: str | None) -> int:
    if not text:
        return 1
    text = text.strip()
    return int(text) if text.isdigit() and len(text) <= 9 else 1 << 30


# -------------------------------------------------------------------------------------------- text


def read_text_bytes(path: Path) -> bytes:
    """The bytes of a text file, gunzipped when it ends in ``.gz``, at most :data:`MAX_TEXT_BYTES`.

    Raises
    ------
    InputError
        The file is larger than the limit (once unpacked), or is not the gzip file its name says.
    """
    file = str(path)
    try:
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as stream:
                raw = stream.read(MAX_TEXT_BYTES + 1)
        else:
            with path.open("rb") as stream:
                raw = stream.read(MAX_TEXT_BYTES + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as err:
        raise InputError(
            Message(
                "cannot unpack the file ({error}); a name ending in .gz means a gzip-compressed CSV file: "
                "unpack it or remove the .gz",
                error=str(err),
            ),
            file=file,
        ) from err
    except OSError as err:
        raise InputError(
            Message("cannot read the file ({error})", error=str(err.strerror or err)), file=file
        ) from err
    if len(raw) > MAX_TEXT_BYTES:
        message = (
            Message(
                "the text is larger than {size} MiB (MAX_TEXT_BYTES) once unpacked; split the file",
                size=mib(MAX_TEXT_BYTES),
            )
            if file.lower().endswith(".gz")
            else Message(
                "the text is larger than {size} MiB (MAX_TEXT_BYTES); split the file",
                size=mib(MAX_TEXT_BYTES),
            )
        )
        raise InputError(message, file=file)
    return raw


def first_lines(raw: bytes, count: int) -> tuple[bytes, int | None]:
    """The bytes of the first ``count`` lines, and the number of lines when there are more (else None).

    Only line feeds and lone carriage returns end lines (as in a CSV file without quoted line breaks).
    """
    ends = raw.count(b"\n") or raw.count(b"\r")
    if ends <= count:
        return raw, None
    sep = b"\n" if b"\n" in raw else b"\r"
    at = -1
    for _ in range(count):
        at = raw.index(sep, at + 1)
    total = ends + (0 if raw.endswith(sep) else 1)
    return raw[: at + 1], total


def decode_text(raw: bytes, file: str, issues: list[Issue]) -> str:
    """Text of a file: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 (with an
    info issue saying so), else Latin-1."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError(
                Message("the file starts like UTF-16 text but is not ({error})", error=str(err)), file=file
            ) from err
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        where = raw[: err.start].count(b"\n") + 1
        try:
            text, encoding = raw.decode("cp1252"), "Windows-1252 (cp1252)"
        except UnicodeDecodeError:
            text, encoding = raw.decode("latin-1"), "Latin-1"
    issues.append(
        Issue.of(
            "info",
            Message(
                "the file is not UTF-8 (line {line} is not); it is read as {encoding}: check the accents, or "
                "save it again as CSV UTF-8",
                line=where,
                encoding=encoding,
            ),
            file=file,
        )
    )
    return text


def csv_rows(text: str, file: str, issues: list[Issue], max_rows: int) -> list[list[object]]:
    """Rows of a CSV text (separator ``;``, ``,`` or tab, sniffed; any line ends), at most
    ``max_rows``, cells cut at :data:`MAX_CELL_CHARS` characters, both cuts reported.

    Raises
    ------
    InputError
        When a field is longer than :data:`MAX_CSV_FIELD_CHARS` or the CSV cannot be parsed (naming the line).
    """
    sample = text[:20_000].replace("\r\n", "\n").replace("\r", "\n")  # the sniffer splits lines on \n
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[list[object]] = []
    long_cells: list[tuple[int, int]] = []
    try:
        for row in reader:
            if len(rows) >= max_rows:
                rest = sum(1 for _ in reader) + 1
                issues.append(rows_cut_issue(file, None, max_rows, max_rows + rest, max_rows))
                break
            if any(len(cell) > MAX_CELL_CHARS for cell in row):
                long_cells += [(len(rows) + 1, j + 1) for j, c in enumerate(row) if len(c) > MAX_CELL_CHARS]
                row = [cell[:MAX_CELL_CHARS] for cell in row]
            rows.append(row)  # type: ignore[arg-type]
    except csv.Error as err:
        hint = (
            Message(
                "a cell is longer than {limit} characters (MAX_CSV_FIELD_CHARS), or a quote is not closed: "
                'check the quotes (") near this line',
                limit=Num(MAX_CSV_FIELD_CHARS, "count"),
            )
            if "field larger" in str(err)
            else Message('check the quotes (") and separators near this line')
        )
        raise InputError(
            Message("cannot read the CSV file ({error}); {hint}", error=str(err), hint=hint),
            file=file,
            row=reader.line_num,
        ) from err
    if long_cells:
        issues.append(long_cells_issue(file, None, long_cells))
    return rows


def long_cells_issue(file: str, sheet: str | None, cells: list[tuple[int, int]]) -> Issue:
    """The issue of cells cut at :data:`MAX_CELL_CHARS` characters (row, column numbers from 1)."""
    row, col = cells[0]
    message = Message(
        "{count} cell longer than {limit} characters (MAX_CELL_CHARS, Excel's own limit) is cut to that "
        "length; it is in column {column}",
        plural="{count} cells longer than {limit} characters (MAX_CELL_CHARS, Excel's own limit) are cut to "
        "that length; the first is in column {column}",
        n=len(cells),
        count=Num(len(cells), "count"),
        limit=Num(MAX_CELL_CHARS, "count"),
        column=col,
    )
    return Issue.of("warning", message, sheet, row, file=file)
