from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder import paths

TINY = Path(__file__).parent / "fixtures" / "tiny" / "data"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A writable copy of the tiny fixture data package."""
    target = tmp_path / "data"
    shutil.copytree(TINY, target)
    return target


needs_shared_datasets = pytest.mark.skipif(not paths.DATASETS.is_dir(), reason="../shared/datasets not present")
needs_seeds = pytest.mark.skipif(not paths.SEEDS.is_dir(), reason="../shared/seeds not present")
