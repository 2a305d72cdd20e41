"""Stage 1 — load: find every table of data/, read its sidecar and its CSV (and a map's geometry file)."""

from __future__ import annotations

from pathlib import Path

from . import errors, geometry
from .issues import Issue, relpath
from .sidecar import load_sidecar
from .tables import Table, read_table

SIDECAR_SUFFIX = ".meta.yml"


def discover(data_dir: Path) -> tuple[list[tuple[Path, Path]], list[Issue]]:
    """Pairs of (csv, sidecar) under ``data_dir``, and issues for files without their pair."""
    pairs, issues = [], []
    csvs = sorted(data_dir.rglob("*.csv"))
    sidecars = sorted(data_dir.rglob("*" + SIDECAR_SUFFIX))
    stems = {s.with_name(s.name[: -len(SIDECAR_SUFFIX)]) for s in sidecars}
    for csv_file in csvs:
        stem = csv_file.with_suffix("")
        sidecar = stem.with_name(stem.name + SIDECAR_SUFFIX)
        if stem in stems:
            pairs.append((csv_file, sidecar))
        else:
            issues.append(errors.issue("missing-sidecar", relpath(csv_file), sidecar=relpath(sidecar)))
    csv_stems = {c.with_suffix("") for c in csvs}
    for sidecar in sidecars:
        stem = sidecar.with_name(sidecar.name[: -len(SIDECAR_SUFFIX)])
        if stem not in csv_stems:
            issues.append(errors.issue("orphan-sidecar", relpath(sidecar), table=relpath(stem.with_suffix(".csv"))))
    return pairs, issues


def load_tables(data_dir: Path) -> tuple[list[Table], list[Issue]]:
    """Every table of ``data_dir`` that could be read, and every problem met on the way."""
    pairs, issues = discover(data_dir)
    tables = []
    for csv_file, sidecar_file in pairs:
        sidecar, sidecar_issues = load_sidecar(sidecar_file)
        issues.extend(sidecar_issues)
        if sidecar is None:
            continue
        table, table_issues = read_table(csv_file, sidecar)
        issues.extend(table_issues)
        if sidecar.kind == "map":
            table.geometry, geometry_issues = geometry.read(csv_file.parent / sidecar.meta["geometry"], sidecar.path)
            issues.extend(geometry_issues)
        tables.append(table)
    return tables, issues
