"""Protection of exported spreadsheets and CSV files against formula injection (OWASP CSV injection)."""

from __future__ import annotations

import pandas as pd

#: Leading characters that make a spreadsheet read a cell as a formula, full-width forms included.
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise_text(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; anything else is kept."""
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot start a formula (numbers are left as they are)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or isinstance(
            out[column].dtype, (pd.StringDtype, pd.CategoricalDtype)
        ):
            out[column] = out[column].astype(object).map(neutralise_text)
    return out
