"""Shared fixtures. ``shared_dir`` is the team's source-data folder beside the clone: tests that need
it skip with a reason when it is absent (a user's fresh clone has none)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` next to the repository, or skip."""
    if not (SHARED / "data").is_dir():
        pytest.skip(f"source data folder {SHARED} is absent (it exists for developers and CI only)")
    return SHARED
