"""What the importers (ÖKOBAUDAT CSV, ILCD+EPD) say, in the user's language: numbers as the export
states them, the texts of the files quoted, and what the operating system, the archive or the XML
parser reported, explained in the reader's words.

The importers are not loaded by ``import lca``, so this module imports :mod:`lca.i18n` directly.

English messages keep the texts they have always had (the tests and existing users quote them: a
number as Python's ``format(value, "g")``, the parser's own explanation in brackets); in any other
language a number is written with the language's separators and the parser's text is replaced by
an explanation from the catalogue.
"""

from __future__ import annotations

import csv
import errno
import re
import zipfile
from typing import Any
from xml.etree.ElementTree import ParseError

from lca._text import quoted
from lca.i18n import Message, Num
from lca.i18n.numbers import format_number

__all__ = ["Detail", "General", "corrected", "cut", "detail_of", "implausible", "shown"]


class General(Num):
    """A number as ``format(value, spec)`` writes it in English (``8765.78``, ``1e-06``, ``1.09e+04``),
    with the separators of the rendering language otherwise (``8 765,78``, ``1e-06``, ``1,09e+04``)."""

    __slots__ = ("spec",)

    def __init__(self, value: float, spec: str = "g") -> None:
        super().__init__(float(value), "value")
        self.spec = spec

    def render(self, lang: str | None = None) -> str:
        from lca.i18n import current_lang

        lang = lang or current_lang()
        text = format(self.value, self.spec)
        if lang == "en" or not re.fullmatch(r"-?\d+(\.\d+)?(e[+-]\d+)?", text):
            return text  # English, or inf / nan
        mantissa, _, exponent = text.partition("e")
        decimals = len(mantissa.partition(".")[2])
        number = format_number(float(mantissa), lang, decimals)
        return f"{number}e{exponent}" if exponent else number

    def __repr__(self) -> str:
        return f"General({self.value!r}, {self.spec!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, General) and (self.value, self.spec) == (other.value, other.spec)

    def __hash__(self) -> int:
        return hash((self.value, self.spec))


class Detail(Num):
    """What a library or the OS said: its own text in English (as the messages always quoted it),
    ``explained`` (a catalogue message) in any other language."""

    __slots__ = ("english", "explained")

    def __init__(self, english: str, explained: Message) -> None:
        super().__init__(0.0, "value")
        self.english = english
        self.explained = explained

    def render(self, lang: str | None = None) -> str:
        from lca.i18n import current_lang

        lang = lang or current_lang()
        return self.english if lang == "en" else self.explained.render(lang)

    def __repr__(self) -> str:
        return f"Detail({self.english!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Detail) and self.english == other.english

    def __hash__(self) -> int:
        return hash(self.english)


def cut(text: object, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters (``...`` at the end when cut)."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def shown(text: object, limit: int = 60) -> Message:
    """``text`` (cut to ``limit`` characters) between the quotes of the message's language."""
    return quoted(cut(text, limit))


_OS_ERRORS = {
    errno.ENOENT: lambda: Message("the file does not exist"),
    errno.EACCES: lambda: Message("permission denied"),
    errno.EPERM: lambda: Message("permission denied"),
    errno.EISDIR: lambda: Message("it is a folder, not a file"),
    errno.ENOSPC: lambda: Message("the disk is full"),
    errno.EROFS: lambda: Message("the disk is read-only"),
    errno.ENAMETOOLONG: lambda: Message("the name is too long"),
}


def detail_of(err: BaseException) -> Detail:
    """What ``err`` says (its text in English), explained in the reader's words in other languages."""
    if isinstance(err, OSError) and not isinstance(err, zipfile.BadZipFile):
        explain = _OS_ERRORS.get(err.errno or -1)
        message = explain() if explain else Message("system error {code}", code=str(err.errno or "?"))
        return Detail(str(err.strerror or err), message)
    if isinstance(err, ParseError):
        line, column = getattr(err, "position", (0, 0))
        return Detail(str(err), Message("the XML is cut or broken at line {line}, column {column}",
                                        line=int(line), column=int(column) + 1))  # fmt: skip
    if isinstance(err, LookupError):
        name = str(err).rpartition(":")[2].strip()
        return Detail(str(err), Message("unknown encoding {encoding}", encoding=quoted(name)))
    if isinstance(err, UnicodeError):
        return Detail(str(err), Message("bytes that are not text in the declared encoding"))
    if isinstance(err, ValueError):  # "multi-byte encodings are not supported"
        return Detail(str(err), Message("an encoding of several bytes per character (UTF-16, UTF-32)"))
    if isinstance(err, csv.Error):
        text = str(err)
        if "field larger" in text:
            message = Message("a cell is longer than the reader accepts")
        elif "NUL" in text:
            message = Message("the text holds a NUL character (binary data)")
        else:
            message = Message("the CSV quoting is broken (a quote not closed?)")
        return Detail(text, message)
    if isinstance(err, zipfile.BadZipFile) and "CRC" in str(err):
        return Detail(f"{type(err).__name__}: {err}", Message("its data is damaged (checksum mismatch)"))
    explained = Message("damaged, encrypted or compressed in an unsupported way")
    return Detail(f"{type(err).__name__}: {err}", explained)


def implausible(dataset: str, found: Any) -> Message:
    """``dataset …: A1-A3 GWP-total is … outside the plausible range …`` for a
    :class:`lca.plausibility.Finding`, in the words of its English ``message``."""
    band = found.band
    params: dict[str, Any] = {  # the placeholders of the three wordings
        "value": General(found.per_kg, ".4g"),
        "low": General(band.low, ".3g"),
        "high": General(band.high, ".3g"),
        "category": quoted(band.category),
    }
    if found.slip is None:
        finding = Message(
            "A1-A3 GWP-total is {value} kg CO2e per kg of material, outside the plausible range {low} to "
            "{high} kg CO2e/kg of category {category}; check the dataset before use",
            **params,
        )
    else:
        shifted = General(found.per_kg / 10.0**found.slip, ".4g")
        if found.slip > 0:
            finding = Message(
                "A1-A3 GWP-total is {value} kg CO2e per kg of material, outside the plausible range {low} to "
                "{high} kg CO2e/kg of category {category}; divided by 10^{power} it would be {shifted}: the "
                "declared amount, its unit or its mass may be a factor 10^{power} off; check the dataset "
                "before use",
                power=found.slip,
                shifted=shifted,
                **params,
            )
        else:
            finding = Message(
                "A1-A3 GWP-total is {value} kg CO2e per kg of material, outside the plausible range {low} to "
                "{high} kg CO2e/kg of category {category}; multiplied by 10^{power} it would be {shifted}: "
                "the declared amount, its unit or its mass may be a factor 10^{power} off; check the "
                "dataset before use",
                power=-found.slip,
                shifted=shifted,
                **params,
            )
    return Message("dataset {dataset}: {problem}", dataset=dataset, problem=finding)


def corrected(dataset: str, found: float, fixed: float) -> Message:
    """The note of a documented source correction of a dataset's declared amount."""
    return Message(
        "dataset {dataset}: declared amount {found} corrected to {fixed}, a documented source error "
        "(datasets/factors/source_corrections.csv)",
        dataset=dataset,
        found=General(found),
        fixed=General(fixed),
    )
