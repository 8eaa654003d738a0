"""The report's cell writer (XlsxWriter): text is always text, numbers are numbers with a number format.

Every text cell is written as a string — a cell starting with ``= + - @`` gets a hidden quote prefix and
can never become a formula (formula injection). Sheets are written from top to bottom, row after row
(XlsxWriter's ``constant_memory`` mode streams each finished row to disk: a million-line Lines sheet
does not stay in memory).
"""

from __future__ import annotations

import math
import struct
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lca.errors import InputError
from lca.i18n import Message

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 1_000_000  # Excel holds 1,048,576 rows per sheet
MAX_TEXT = 32_767  # characters in a cell, as Excel allows
_STYLES: dict[str, dict[str, Any]] = {
    "bold": {"bold": True},
    "italic": {"italic": True},
    "header": {"bold": True, "bg_color": "#DDE5F0", "pattern": 1},
    "title": {"bold": True, "font_size": 12},
    "big": {"bold": True, "font_size": 14},
}


def number_format(value: float) -> str:
    """A number format that shows enough digits: integers, 2 decimals below 1000, 3 significant digits
    below 1, scientific below 0.01. Excel shows the separators of the reader's locale."""
    size = abs(value)
    if size == 0 or size >= 1000 or float(value).is_integer():
        return "#,##0"
    if size >= 1:
        return "#,##0.00"
    return "0.000" if size >= 0.01 else "0.00E+00"


class Book:
    """The report's workbook: sheets in the order they are added, cached cell formats, fixed dates.

    Parameters
    ----------
    path
        The ``.xlsx`` file written by :meth:`close`.
    stamp
        The workbook's created/modified date (1 January 1980 without one), so that the same report is
        the same file.
    """

    def __init__(self, path: Path, stamp: datetime | None) -> None:
        import xlsxwriter

        self.path = path
        options = {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        }
        self.book = xlsxwriter.Workbook(str(path), options)
        when = (stamp or datetime(1980, 1, 1, tzinfo=UTC)).astimezone(UTC).replace(tzinfo=None, microsecond=0)
        self.book.set_properties({"created": max(when, datetime(1980, 1, 1))})
        self._formats: dict[tuple[str | None, str | None, bool], Format] = {}

    def sheet(self, name: str) -> Sheet:
        """A new sheet named ``name`` (at most 31 characters, as Excel allows)."""
        return Sheet(self, self.book.add_worksheet(name[:31]))

    def format(self, style: str | None = None, number: str | None = None, quote: bool = False) -> Format:
        key = (style, number, quote)
        if key not in self._formats:
            props = dict(_STYLES[style]) if style else {}
            if number:
                props["num_format"] = number
            if quote:
                props["quote_prefix"] = True  # shown without the quote, kept as text if the user edits it
            self._formats[key] = self.book.add_format(props)
        return self._formats[key]

    def close(self) -> None:
        """Write the file; an unwritable path is an :class:`~lca.errors.InputError`."""
        from xlsxwriter.exceptions import FileCreateError

        try:
            self.book.close()
        except (FileCreateError, OSError) as err:
            cause = err.args[0] if err.args and isinstance(err.args[0], OSError) else err
            reason = getattr(cause, "strerror", None) or str(cause)
            raise InputError(
                Message("cannot write the report: {reason}", reason=reason), file=str(self.path)
            ) from err


class Sheet:
    """Writes titled tables one below the other and remembers the column widths."""

    def __init__(self, book: Book, ws: Worksheet) -> None:
        self.book, self.ws = book, ws
        self.row = 0  # the next row to write (0-based)
        self.widths: dict[int, int] = {}

    def put(
        self, row: int, column: int, value: Any, style: str | None = None, number: str | None = None
    ) -> None:
        """Write one cell (0-based): nothing for None/NaN/inf, a number with ``number`` (else a format
        of its size), anything else as text."""
        if value is None or value is pd.NA:
            return
        if isinstance(value, (np.integer, np.floating, np.bool_)):
            value = value.item()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if math.isfinite(value):
                self.ws.write_number(
                    row, column, value, self.book.format(style, number or number_format(value))
                )
            return
        text = str(value)
        if not text:
            return
        if len(text) > MAX_TEXT:
            text = text[: MAX_TEXT - 1] + "…"
        quote = text.startswith(_TRIGGERS)
        self.ws.write_string(
            row, column, text, self.book.format(style, None, quote) if style or quote else None
        )

    def title(self, text: str, style: str = "title") -> None:
        self.put(self.row, 0, text, style)
        self.row += 1

    def pairs(self, items: list[tuple[str, Any]]) -> None:
        """Label (bold) and value pairs, one per row."""
        for key, value in items:
            self.put(self.row, 0, key, "bold")
            self.put(self.row, 1, value)
            self._width(0, key)
            self.row += 1
        self.row += 1

    def table(
        self,
        frame: pd.DataFrame,
        *,
        percent: tuple[str, ...] = (),
        filter: bool = False,
        freeze: bool = False,
    ) -> int:
        """Write ``frame`` with a header row; columns named in ``percent`` hold % values (0–100).

        Returns
        -------
        int
            The header's row (0-based).
        """
        header_row = self.row
        for j, name in enumerate(frame.columns):
            self.put(header_row, j, str(name), "header")
            self._width(j, name)
        pct = {j for j, name in enumerate(frame.columns) if name in percent}
        values = frame.to_numpy(dtype=object)
        put = self.put
        for i, record in enumerate(values, start=header_row + 1):
            for j, value in enumerate(record):
                if j in pct and isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
                    put(i, j, float(value) / 100.0, None, "0.0%")
                else:
                    put(i, j, value)
        for j in range(frame.shape[1]):
            for value in values[:200, j]:
                self._width(j, value)
        last = header_row + len(frame)
        if filter and frame.shape[1]:
            self.ws.autofilter(header_row, 0, last, frame.shape[1] - 1)
        if freeze:
            self.ws.freeze_panes(header_row + 1, 0)
        self.row = last + 2
        return header_row

    def note(self, text: str) -> None:
        self.put(self.row, 0, text, "italic")
        self.row += 2

    def image(self, png: bytes, row: int, column: int, width: float) -> float:
        """Show ``png`` at ``(row, column)``, ``width`` pixels wide (at 96 px per inch); returns its
        height [px]."""
        (pixels_x, pixels_y), dpi = png_size(png)
        scale = width / (pixels_x * 96.0 / dpi)  # XlsxWriter shows a PNG at its own resolution
        options = {"image_data": BytesIO(png), "x_scale": scale, "y_scale": scale}
        self.ws.insert_image(row, column, f"chart{row + 1}.png", options)
        return pixels_y * 96.0 / dpi * scale

    def _width(self, column: int, value: Any) -> None:
        if isinstance(value, str):
            text = value
        else:
            text = f"{value:,.2f}" if isinstance(value, float) else str(value)
        self.widths[column] = max(self.widths.get(column, 8), min(len(text) + 2, 60))

    def finish(self, minimum: dict[int, int] | None = None) -> None:
        """Set the column widths (at least ``minimum[column]``)."""
        for column, width in self.widths.items():
            self.ws.set_column(column, column, max(width, (minimum or {}).get(column, 0)))


def png_size(png: bytes) -> tuple[tuple[int, int], float]:
    """Width and height [px] and horizontal resolution [dots per inch] of a PNG (96 when it does not
    say), read from its IHDR and pHYs chunks as XlsxWriter reads them."""
    width, height = struct.unpack(">II", png[16:24])
    at = png.find(b"pHYs", 33)
    if at > 0:
        x, _, unit = struct.unpack(">IIB", png[at + 4 : at + 13])
        if unit == 1 and x:  # dots per metre
            return (width, height), x * 0.0254
    return (width, height), 96.0


__all__ = ["MAX_ROWS", "Book", "Sheet", "number_format", "png_size"]
