"""What the web page accepts from a browser: size, kind (checked by content) and a private workspace.

An upload is only ever a byte string. Its kind is decided by its content, never by its name:

- ``xlsx``: a ZIP holding ``[Content_Types].xml`` and ``xl/workbook.xml`` (Office Open XML);
- ``ods``: a ZIP whose first member ``mimetype`` says ``application/vnd.oasis.opendocument.spreadsheet``;
- ``csv-zip``: a ZIP of ``.csv`` files, one per sheet (``Projet.csv``, ``Materiaux.csv`` …).

The bytes are written into a private temporary folder (``mkdtemp``: mode 0700) under fixed names
(``projet.xlsx``, ``projet.ods``, or a folder of CSV files named after a cleaned copy of each member's
sheet name) and the folder is removed when the work is done. The uploaded file name is never used as a
path; it is only shown back, cleaned, to the person who sent it. The workbook readers then apply their own
limits (sheets, rows, cell sizes, decompressed sizes) unchanged.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lca.errors import InputError
from lca.io.tabular import MAX_SHEETS

#: Largest upload accepted by default (``lca serve --max-upload``). [bytes]
MAX_UPLOAD_BYTES = 20 * 2**20
#: Largest number of members a ZIP upload may list in its directory.
MAX_ZIP_MEMBERS = 10_000
#: Largest decompressed size of all the CSV files of a csv-zip upload. [bytes]
MAX_CSV_ZIP_BYTES = 200 * 2**20
#: Largest decompressed / compressed size ratio of a csv-zip member (a zip bomb goes far beyond).
MAX_CSV_ZIP_RATIO = 200

_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_CSV_SUFFIXES = (".csv", ".tsv", ".txt")


class UploadError(InputError):
    """An upload that the page does not accept (not a workbook, or unreadable as one)."""


def sniff(data: bytes) -> str:
    """The kind of an upload, decided by its content.

    Parameters
    ----------
    data
        The uploaded bytes.

    Returns
    -------
    str
        ``"xlsx"``, ``"ods"`` or ``"csv-zip"``.

    Raises
    ------
    UploadError
        The content is none of them (whatever the file's name says).
    """
    if not data:
        raise UploadError("the file is empty; drop an .xlsx or .ods workbook, or a ZIP of CSV sheets")
    if not data.startswith(b"PK\x03\x04"):
        raise UploadError(
            "this file is not a workbook (its content is neither .xlsx, .ods nor a ZIP of CSV files); "
            "save it from Excel or LibreOffice as .xlsx and drop it again"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                raise UploadError(
                    f"the ZIP file lists more than {MAX_ZIP_MEMBERS} members; it is not a workbook"
                )
            names = {info.filename for info in infos}
            if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
                return "xlsx"
            first = infos[0] if infos else None
            if first and first.filename == "mimetype" and first.file_size <= 200:  # noqa: SIM102
                if archive.read(first).strip() == _ODS_MIMETYPE:  # read only when tiny
                    return "ods"
            files = [i for i in infos if not i.is_dir()]
            if files and all(i.filename.lower().endswith(_CSV_SUFFIXES) for i in files):
                return "csv-zip"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError) as err:
        raise UploadError(
            f"the file is a damaged ZIP archive ({type(err).__name__}); save the workbook again and drop it"
        ) from err
    raise UploadError(
        "this ZIP file is neither an .xlsx nor an .ods workbook nor a ZIP of CSV sheets; "
        "save the project from Excel or LibreOffice as .xlsx and drop it again"
    )


def sheet_file_name(member: str) -> str:
    """A safe file name for a CSV member of a csv-zip upload, keeping what the sheet finder needs.

    Only the last path part is kept; anything but letters, digits, ``-``, ``_`` and spaces is removed,
    so the result can never leave the workspace (``../../etc/passwd.csv`` gives ``passwd.csv``).
    """
    stem = Path(member.replace("\\", "/").rsplit("/", 1)[-1]).stem
    stem = unicodedata.normalize("NFC", stem)
    stem = re.sub(r"[^\w\- ]+", "", stem, flags=re.UNICODE).strip(" .")[:64]
    return f"{stem or 'sheet'}.csv"


def display_name(name: object) -> str:
    """The uploaded file name as it may be shown back to its sender (never used as a path)."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in text if ch.isprintable())[:120].strip()
    return text or "workbook"


@contextmanager
def workspace(data: bytes, kind: str) -> Iterator[Path]:
    """Write ``data`` into a private temporary folder and yield the path to read; remove it after.

    Parameters
    ----------
    data
        The upload, already checked by :func:`sniff`.
    kind
        What :func:`sniff` returned.

    Yields
    ------
    Path
        ``projet.xlsx``, ``projet.ods``, or a folder of CSV files, inside a folder of mode 0700.
    """
    folder = Path(tempfile.mkdtemp(prefix="lca-web-"))  # mode 0700: private to this user
    try:
        if kind == "csv-zip":
            target = folder / "projet"
            target.mkdir()
            _extract_csv(data, target)
        else:
            target = folder / f"projet.{kind}"
            target.write_bytes(data)
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _extract_csv(data: bytes, target: Path) -> None:
    """Write the CSV members of a csv-zip upload into ``target``, bounded before and while reading."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [i for i in archive.infolist() if not i.is_dir()]
        if len(members) > MAX_SHEETS:
            raise UploadError(f"the ZIP holds {len(members)} CSV files; at most {MAX_SHEETS} sheets are read")
        declared = sum(i.file_size for i in members)
        if declared > MAX_CSV_ZIP_BYTES:
            raise UploadError(
                f"the CSV files would take {declared // 2**20} MiB once unpacked; at most "
                f"{MAX_CSV_ZIP_BYTES // 2**20} MiB are read"
            )
        used: set[str] = set()
        for info in members:
            if info.file_size > MAX_CSV_ZIP_RATIO * max(info.compress_size, 1) + 4096:
                raise UploadError(
                    f"a CSV file of the ZIP unpacks {info.file_size // max(info.compress_size, 1)} times "
                    "larger than it is stored; this looks like a ZIP bomb and is not read"
                )
            name = sheet_file_name(info.filename)
            if name.lower() in used:
                raise UploadError(
                    "two CSV files of the ZIP have the same sheet name; give each sheet one file"
                )
            used.add(name.lower())
            with archive.open(info) as member:
                content = member.read(info.file_size + 1)  # never more than the directory declared
            if len(content) > info.file_size:
                raise UploadError("a CSV file of the ZIP is larger than its directory entry says; not read")
            (target / name).write_bytes(content)
