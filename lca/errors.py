"""Exceptions, warnings and the issue records collected while reading and computing a project.

Every error names where the problem is (file, sheet, row, column), what was found and what was
expected. Line-level problems do not raise: they become :class:`Issue` records on the results, so
that one bad line never stops the rest of the project from computing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from lca.i18n import Message

Level = Literal["error", "warning", "info"]


#: The function that renders an issue or error in a language: :func:`lca.i18n.render_issue`, registered by
#: :mod:`lca.i18n` when it loads (``import lca`` loads it), so that this module imports nothing above it.
_RENDERER: list[Callable[[Any, str | None], str]] = []


def set_renderer(render: Callable[[Any, str | None], str]) -> None:
    """Register the function :meth:`Issue.render` and :meth:`LCAError.render` delegate to."""
    _RENDERER[:] = [render]


def _render(issue: Any, lang: str | None) -> str:
    if not _RENDERER:  # lca/__init__.py imports lca.i18n, which registers it: cannot happen
        raise RuntimeError("lca.i18n has not registered its renderer")
    return _RENDERER[0](issue, lang)


def _where(file: str | None, sheet: str | None, row: int | None, column: str | None) -> str:
    parts = []
    if file:
        parts.append(str(file))
    if sheet:
        parts.append(f"sheet {sheet!r}")
    if row is not None:
        parts.append(f"row {row}")
    if column:
        parts.append(f"column {column!r}")
    return ", ".join(parts)


class LCAError(Exception):
    """Base class of every error raised by lca.

    Parameters
    ----------
    message
        What was found, what was expected and how to fix it: an English text, or a
        :class:`lca.i18n.Message` rendered in the user's language by :meth:`render`.
    file, sheet, row, column
        Where the problem is; ``row`` is the row number a spreadsheet program shows.
    value
        The offending value.
    """

    def __init__(
        self,
        message: str | Message,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: Any = None,
    ) -> None:
        self.msg = None if isinstance(message, str) else message
        self.message = message if isinstance(message, str) else message.render("en")
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.value = value
        where = _where(file, sheet, row, column)
        super().__init__(f"{where}: {self.message}" if where else self.message)

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else self.message

    def render(self, lang: str | None = None) -> str:
        """The error in ``lang`` (default: the current language), its location first."""
        return _render(self, lang)


class InputError(LCAError, ValueError):
    """A file, sheet or value cannot be used as given."""


class UnitError(LCAError, ValueError):
    """A unit is unknown, or a quantity cannot be converted into the unit required."""


class FactorNotFoundError(LCAError, KeyError):
    """A ``factor_id`` is in none of the factor tables."""


class LCAWarning(UserWarning):
    """A data-quality note: the result is computed, but a reader should know this."""


@dataclass(frozen=True)
class Issue:
    """One problem found in the input, located as a spreadsheet user would look for it.

    ``row`` is the row number the spreadsheet program shows (header = 1); ``column`` is the header
    as the user typed it.
    """

    level: Level
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: Any = None
    line_id: str | None = None
    file: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    msg: Message | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(
        cls,
        level: Level,
        msg: Message,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: Any = None,
        line_id: str | None = None,
        file: str | None = None,
        **extra: Any,
    ) -> Issue:
        """An issue whose text is rendered in the language of the output (``message`` keeps the English)."""
        return cls(level, msg.render("en"), sheet, row, column, value, line_id, file, extra, msg)

    def text(self, lang: str | None = None) -> str:
        """The message alone, in ``lang`` (default: the current language) when it has a translation."""
        return self.msg.render(lang) if self.msg is not None else self.message

    def render(self, lang: str | None = None) -> str:
        """Level, location and message in ``lang``: ``[avertissement] feuille « Matériaux », ligne 12 : …``.

        Default: the current language.
        """
        return _render(self, lang)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The issue as a JSON-ready dict (``extra`` left out); keys are English, ``message`` in ``lang``."""
        value = self.value
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        elif isinstance(value, float) and not math.isfinite(value):  # JSON has no nan or inf
            value = None if math.isnan(value) else str(value)
        return {
            "level": self.level,
            "message": self.text(lang),
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": value,
            "line_id": self.line_id,
            "file": self.file,
        }

    @classmethod
    def from_error(cls, err: LCAError, level: Level = "error", line_id: str | None = None) -> Issue:
        """An issue carrying the location and message of ``err``."""
        return cls(
            level, err.message, err.sheet, err.row, err.column, err.value, line_id, err.file, msg=err.msg
        )

    def __str__(self) -> str:
        where = _where(None, self.sheet, self.row, self.column)
        if self.line_id and self.row is None:
            where = f"line {self.line_id}, {where}" if where else f"line {self.line_id}"
        return f"[{self.level}] {where + ': ' if where else ''}{self.message}"


class LineIssues(Protocol):
    """Something that records a note on an inventory line (its row in the lines table)."""

    def warning(self, i: Any, column: str, value: object, message: str | Message) -> None: ...
