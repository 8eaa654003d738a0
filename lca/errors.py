"""Exceptions, warnings and the issue records collected while reading and computing a project.

Every error names where the problem is (file, sheet, row, column), what was found and what was
expected. Line-level problems do not raise: they become :class:`Issue` records on the results, so
that one bad line never stops the rest of the project from computing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

Level = Literal["error", "warning", "info"]


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
        What was found, what was expected and how to fix it.
    file, sheet, row, column
        Where the problem is; ``row`` is the row number a spreadsheet program shows.
    value
        The offending value.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: Any = None,
    ) -> None:
        self.message = message
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.value = value
        where = _where(file, sheet, row, column)
        super().__init__(f"{where}: {message}" if where else message)

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else self.message


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

    def to_dict(self) -> dict[str, Any]:
        """The issue as a JSON-ready dict (``extra`` left out)."""
        value = self.value
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        elif isinstance(value, float) and not math.isfinite(value):  # JSON has no nan or inf
            value = None if math.isnan(value) else str(value)
        return {
            "level": self.level,
            "message": self.message,
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
        return cls(level, err.message, err.sheet, err.row, err.column, err.value, line_id, err.file)

    def __str__(self) -> str:
        where = _where(None, self.sheet, self.row, self.column)
        if self.line_id and self.row is None:
            where = f"line {self.line_id}, {where}" if where else f"line {self.line_id}"
        return f"[{self.level}] {where + ': ' if where else ''}{self.message}"


class LineIssues(Protocol):
    """Something that records a note on an inventory line (its row in the lines table)."""

    def warning(self, i: Any, column: str, value: object, message: str) -> None: ...
