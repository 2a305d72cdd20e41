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


@pytest.fixture
def docs_copy(tmp_path: Path) -> Path:
    """A copy of the hand-written part of site_src/ (generated sections are written by the build)."""
    target = tmp_path / "docs"
    shutil.copytree(paths.DOCS_DIR, target, ignore=shutil.ignore_patterns(*[s.split("/")[0] for s in
                                                                           paths.GENERATED_SECTIONS
                                                                           if "/" not in s], "vendor", ".staging*"))
    return target


needs_shared_datasets = pytest.mark.skipif(not paths.DATASETS.is_dir(), reason="../shared/datasets not present")
needs_seeds = pytest.mark.skipif(not paths.SEEDS.is_dir(), reason="../shared/seeds not present")
