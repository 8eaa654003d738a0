"""Where the shipped data live: ``datasets/`` in a source tree, ``lca/datasets/`` once installed."""

from __future__ import annotations

from pathlib import Path

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
