"""Shared fixtures: the repo's seeds and the optional ../shared folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"


def shared_or_skip(*parts: str) -> Path:
    """A path under ../shared, or skip the test where that folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present (../shared sits beside the checkout only)")
    return path


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of the seed corpus that a test may change like a corpus update."""
    dest = tmp_path / "corpus"
    shutil.copytree(SEEDS, dest)
    return dest
