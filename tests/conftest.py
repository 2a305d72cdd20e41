from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from builder import paths

# Property tests (tests/test_properties.py). "ci" replays the same examples on every run, so a red
# CI is always reproducible and never a dice roll; "dev" explores new examples on each run and keeps
# the failing ones in .hypothesis/ (git-ignored). No deadline: two shared cores make timings noisy.
# HYPOTHESIS_PROFILE=dev (or ci) picks one explicitly; CI=true picks "ci".
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

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
