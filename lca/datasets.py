"""Where the shipped data live: ``datasets/`` in a source tree, ``lca/datasets/`` once installed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

_INSTALLED = Path(__file__).with_name("datasets")
_SOURCE_TREE = Path(__file__).resolve().parent.parent / "datasets"


def dataset_dir() -> Path:
    """The folder of shipped data (factor tables, RE2020 tables, examples)."""
    return _INSTALLED if _INSTALLED.is_dir() else _SOURCE_TREE


def dataset_path(*parts: str) -> Path:
    """Path of a shipped file, e.g. ``dataset_path("factors", "transport.csv")``.

    Raises
    ------
    FileNotFoundError
        Listing the files that do exist in that folder.
    """
    path = dataset_dir().joinpath(*parts)
    if not path.exists():
        folder = path.parent
        found = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
        raise FileNotFoundError(f"no shipped file {'/'.join(parts)!r}; {folder} holds: {found}")
    return path


def read_table(parts: tuple[str, ...], columns: list[str] | tuple[str, ...]) -> tuple[pd.DataFrame, Path]:
    """A shipped CSV table (UTF-8, a header row) and its path, every cell as text (an empty cell is ``""``),
    every column of ``columns`` present. Read with the csv module: these tables have a few hundred rows,
    and the first pandas ``read_csv`` of a process costs 3 ms of ``lca run``.

    Raises
    ------
    InputError
        Naming the file, the missing columns and the expected ones.
    """
    import csv

    import pandas as pd

    from lca._text import Message
    from lca.errors import InputError

    path = dataset_path(*parts)
    with open(path, newline="", encoding="utf-8-sig") as file:
        header, *rows = list(csv.reader(file)) or [[]]  # an empty file: no column
    table = pd.DataFrame(rows, columns=header, dtype=str) if rows else pd.DataFrame(columns=header, dtype=str)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InputError(
            Message(
                "missing columns {missing}; expected {expected}",
                missing=", ".join(missing),
                expected=", ".join(columns),
            ),
            file=str(path),
        )
    return table, path
