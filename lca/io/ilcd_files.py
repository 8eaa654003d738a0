"""Files of an ILCD folder, zip or lone process dataset: bounded, defused reading, indexed by UUID.

Every file is parsed with defusedxml (no DTD, no entities, no external references) and read within
the limits below; whatever the XML parser, the archive or the OS raises on a file becomes an
:class:`lca.errors.InputError` naming it (``folder/processes/x.xml`` or ``archive.zip!member.xml``),
and a file that cannot be read while indexing is an issue, so that the other datasets still import.
"""

from __future__ import annotations

import lzma
import math
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from lca.errors import InputError, Issue, LCAError, Level
from lca.i18n import Message
from lca.io.import_text import Detail, General, detail_of

#: Largest XML file read. [bytes]
MAX_XML_BYTES = 50 * 1024**2
#: Most XML files scanned in a folder or zip.
MAX_FILES = 100_000
#: Largest total uncompressed size of a zip's XML members. [bytes]
MAX_ZIP_BYTES = 2 * 1024**3

# --------------------------------------------------------------------------- XML helpers


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Element | None, *path: str) -> Element | None:
    """First descendant along ``path`` of local names (namespaces ignored: files mix them up)."""
    for name in path:
        if element is None:
            return None
        element = next((c for c in element if _local(c.tag) == name), None)
    return element


def _children(element: Element | None, name: str) -> list[Element]:
    return [] if element is None else [c for c in element if _local(c.tag) == name]


def _text(element: Element | None, *path: str) -> str | None:
    found = _child(element, *path)
    text = None if found is None or found.text is None else found.text.strip()
    return text or None


def _attr(element: Element | None, name: str) -> str | None:
    if element is None:
        return None
    return next((v.strip() for k, v in element.attrib.items() if _local(k) == name), None)


def _by_language(elements: list[Element]) -> dict[str, str]:
    out: dict[str, str] = {}
    for element in elements:
        if element.text and element.text.strip():
            out.setdefault(_attr(element, "lang") or "", " ".join(element.text.split()))
    return out


def _english(elements: list[Element]) -> str | None:
    texts = _by_language(elements)
    return texts.get("en") or next(iter(texts.values()), None)


def _uuid_of(element: Element | None) -> str | None:
    value = _attr(element, "refObjectId")
    return value.lower() if value else None


# --------------------------------------------------------------------------- reading files


#: What reading a zip member or a file can raise besides OSError: corrupt or unsupported archives.
_ARCHIVE_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    RuntimeError,
    NotImplementedError,
)


def _xml_error(err: Exception, name: str) -> InputError:
    """The project's error for what the XML parser, the archive or the OS raised on one file."""
    if isinstance(err, DefusedXmlException):
        refused = Message("refused by the reader's XML safety rules")  # built apart: Babel skips nested calls
        message = Message(
            "refused to read: the XML declares a DTD, entities or external references ({kind}); ILCD "
            "datasets never need them — the file may be malicious",
            kind=Detail(type(err).__name__, refused),
        )
    elif isinstance(err, ParseError):
        message = Message("not well-formed XML ({reason}); expected an ILCD dataset", reason=detail_of(err))
    elif isinstance(err, (LookupError, ValueError)):  # unknown or multi-byte encoding
        message = Message(
            "the XML declares an encoding the reader does not support ({reason}); save it as UTF-8",
            reason=detail_of(err),
        )
    elif isinstance(err, OSError) and not isinstance(err, zipfile.BadZipFile):
        message = Message("cannot read the file ({reason})", reason=detail_of(err))
    else:
        message = Message("corrupt or unsupported archive member ({reason})", reason=detail_of(err))
    return InputError(message, file=name)


_XML_ERRORS = (DefusedXmlException, ParseError, LookupError, ValueError, OSError, *_ARCHIVE_ERRORS)


def _parse(data: bytes, name: str) -> Element:
    """Parse XML with defusedxml (no DTD, no entities, no external references)."""
    try:
        return safe_xml.fromstring(data, forbid_dtd=True)
    except _XML_ERRORS as err:
        raise _xml_error(err, name) from err


def _peek(handle: IO[bytes], name: str) -> tuple[str | None, str | None]:
    """Root element and dataset UUID of an XML file, reading only its head."""
    root = None
    try:
        for event, element in safe_xml.iterparse(handle, events=("start", "end"), forbid_dtd=True):
            if event == "start" and root is None:
                root = _local(element.tag)
            elif event == "end" and _local(element.tag) == "UUID":
                return root, (element.text or "").strip().lower()[:100] or None
    except _XML_ERRORS as err:
        raise _xml_error(err, name) from err
    return root, None


@dataclass
class _Source:
    """XML files of an ILCD folder, a zip or a lone process file, indexed by dataset UUID."""

    label: str
    folder: Path | None = None
    archive: zipfile.ZipFile | None = None
    names: list[str] = field(default_factory=list)
    index: dict[str, tuple[str, str]] = field(default_factory=dict)  # uuid -> (root element, name)
    process_names: list[str] = field(default_factory=list)  # every process file, versions included
    issues: list[Issue] = field(default_factory=list)
    _cache: dict[str, Element] = field(default_factory=dict)

    def where(self, name: str) -> str:
        """A file as a message names it: its path, or ``archive.zip!member.xml`` for a zip member."""
        if self.archive is not None:
            return f"{self.label}!{name}"
        return str(self.folder / name) if self.folder else name

    def open(self, name: str) -> IO[bytes]:
        try:
            if self.archive is not None:
                return self.archive.open(name)
            return (self.folder / name).open("rb") if self.folder else Path(name).open("rb")
        except (OSError, *_ARCHIVE_ERRORS) as err:
            raise _xml_error(err, self.where(name)) from err

    def read(self, name: str) -> bytes:
        try:
            with self.open(name) as handle:
                data = handle.read(MAX_XML_BYTES + 1)  # bounded: a zip member may lie about its size
        except (OSError, *_ARCHIVE_ERRORS) as err:  # bad CRC, truncated or encrypted member...
            raise _xml_error(err, self.where(name)) from err
        if len(data) > MAX_XML_BYTES:
            raise InputError(_too_large(), file=self.where(name))
        return data

    def build_index(self) -> None:
        """Index every file by its UUID; a file that cannot be read or has no UUID is reported, not used."""
        for name in self.names:
            try:
                with self.open(name) as handle:
                    root, uuid = _peek(handle, name)
            except LCAError as err:
                self.issues.append(Issue.of("error", _not_read(err), file=self.where(name)))
                continue
            except (OSError, *_ARCHIVE_ERRORS) as err:  # raised while iterating over a corrupt member
                error = _xml_error(err, self.where(name))
                self.issues.append(Issue.of("error", _not_read(error), file=error.file))
                continue
            if uuid is None:
                message = Message(
                    "no dataset UUID in <{root}>: not an ILCD dataset, file not read", root=root
                )
                self.issues.append(Issue.of("info", message, file=self.where(name)))
                continue
            if root == "processDataSet":
                self.process_names.append(name)
            if uuid in self.index:
                if root != "processDataSet":
                    message = Message(
                        "dataset {dataset} appears twice; {file} is used",
                        dataset=uuid,
                        file=self.index[uuid][1],
                    )
                    self.issues.append(Issue.of("info", message, file=self.where(name)))
                continue
            self.index[uuid] = (root or "", name)

    def dataset(self, kind: str, uuid: str | None) -> Element | None:
        """The parsed dataset of that root element and UUID, or None when absent."""
        found = self.index.get(uuid) if uuid else None
        if uuid is None or found is None or found[0] != kind:
            return None
        if uuid not in self._cache:
            self._cache[uuid] = _parse(self.read(found[1]), self.where(found[1]))
        return self._cache[uuid]


def _not_read(err: LCAError) -> Message:
    return Message("{message}; file not read", message=err.msg or err.message)


def _too_large() -> Message:
    return Message("XML file larger than {size} MB; not read", size=General(MAX_XML_BYTES / 1024**2))


def _too_big(name: str) -> Issue:
    message = Message("XML file larger than {size} MB skipped", size=General(MAX_XML_BYTES / 1024**2))
    return Issue.of("warning", message, file=name)


def _folder_source(folder: Path, label: str) -> _Source:
    names: list[str] = []
    skipped: list[str] = []
    for path in sorted(folder.rglob("*.xml")):
        if len(names) >= MAX_FILES:
            raise InputError(
                Message("more than {limit} XML files; import a smaller folder", limit=MAX_FILES), file=label
            )
        name = path.relative_to(folder).as_posix()
        if path.is_file():
            (names if path.stat().st_size <= MAX_XML_BYTES else skipped).append(name)
    source = _Source(label, folder=folder, names=names, issues=[_too_big(str(folder / n)) for n in skipped])
    source.build_index()
    return source


def _zip_source(path: Path) -> _Source:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        reason = (
            detail_of(err)
            if isinstance(err, OSError) and not isinstance(err, zipfile.BadZipFile)
            else Detail(str(err), Message("it is not a zip archive, or the archive is damaged"))
        )
        raise InputError(
            Message("not a readable zip archive ({reason})", reason=reason), file=str(path)
        ) from err
    members = [m for m in archive.infolist() if not m.is_dir() and m.filename.lower().endswith(".xml")]
    if len(members) > MAX_FILES:
        raise InputError(
            Message("the zip holds more than {limit} XML files", limit=MAX_FILES), file=str(path)
        )
    if sum(m.file_size for m in members) > MAX_ZIP_BYTES:
        message = Message(
            "the zip unpacks to more than {size} MB of XML", size=General(MAX_ZIP_BYTES / 1024**2)
        )
        raise InputError(message, file=str(path))
    names = [m.filename for m in members if m.file_size <= MAX_XML_BYTES]
    skipped = [_too_big(f"{path.name}!{m.filename}") for m in members if m.file_size > MAX_XML_BYTES]
    source = _Source(path.name, archive=archive, names=names, issues=skipped)
    source.build_index()
    return source


def _nothing_readable(source: _Source, kind: str, path: Path) -> InputError:
    """The error of a folder or zip without a readable process dataset, naming the first unreadable file."""
    message = (
        Message("no ILCD process dataset (<processDataSet>) in this folder")
        if kind == "folder"
        else Message("no ILCD process dataset (<processDataSet>) in this zip")
    )
    errors = [i for i in source.issues if i.level == "error"]
    if errors:
        message = Message(
            "{message}; {count} files could not be read, first {file}: {error}",
            message=message,
            count=len(errors),
            file=errors[0].file,
            error=errors[0].msg or errors[0].message,
        )
    return InputError(message, file=str(path))


def _open_source(path: Path) -> tuple[_Source, list[str]]:
    """The indexed source and the names of the process datasets to import."""
    if path.is_dir():
        source = _folder_source(path, path.name)
        names = source.process_names
        if not names:
            raise _nothing_readable(source, "folder", path)
        return source, sorted(names)
    if path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
        source = _zip_source(path)
        names = source.process_names
        if not names:
            raise _nothing_readable(source, "zip", path)
        return source, sorted(names)
    if path.stat().st_size > MAX_XML_BYTES:
        raise InputError(_too_large(), file=str(path))
    try:
        data = path.read_bytes()
    except OSError as err:
        raise _xml_error(err, str(path)) from err
    root = _parse(data, str(path))
    if _local(root.tag) != "processDataSet":
        message = Message(
            "not an ILCD process dataset: the root element is <{root}>, expected <processDataSet> (pass the "
            "process XML of an EPD, its ILCD folder or a zip of it)",
            root=_local(root.tag),
        )
        raise InputError(
            message,
            file=str(path),
        )
    if path.parent.name.lower() == "processes":  # ILCD layout: resolve flows etc. from the folder around it
        source = _folder_source(path.parent.parent, path.parent.parent.name)
        return source, [path.relative_to(path.parent.parent).as_posix()]
    source = _Source(path.name, folder=path.parent, names=[path.name])
    source.build_index()
    return source, [path.name]


# --------------------------------------------------------------------------- values and issues of one file


def _descendants_named(element: Element, name: str) -> list[Element]:
    return [d for d in element.iter() if _local(d.tag) == name]


def _float(text: str | None) -> float | None:
    """A finite number, or None (absent, not a number, infinite or NaN)."""
    try:
        number = float(text) if text is not None else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


@dataclass
class _Log:
    """The issues found in one file."""

    file: str
    issues: list[Issue] = field(default_factory=list)

    def __call__(self, level: Level, message: Message, value: Any = None) -> None:
        self.issues.append(Issue.of(level, message, file=self.file, value=value))
