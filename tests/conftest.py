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


def copy_corrections(target: Path, *sources: str) -> None:
    """The project's declared corrections of the given importers, into a data package under test."""
    import csv

    folder = target / "corrections"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(paths.DATA / "corrections" / "corrections.meta.yml", folder)
    with (paths.DATA / "corrections" / "corrections.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = [r for r in reader if r["source"] in sources]
        fields = reader.fieldnames or []
    with (folder / "corrections.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
