"""Shared helpers of the importers: checksums, deterministic CSV and sidecar writing."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal, localcontext
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from .. import errors, escape
from ..issues import Issue, relpath


class IngestError(Exception):
    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__(f"{len(issues)} problem(s) in the raw file")


SHARE_DECIMALS = 4  # digits kept of a share computed from two published figures (pages show one or two)


def percent_of(part: float, whole: float, decimals: int = SHARE_DECIMALS) -> float:
    """``part`` as a percentage of ``whole``, from their printed digits, cut (not rounded) to ``decimals``.

    Cutting keeps a value on the side of every rounding boundary of fewer decimals where the exact ratio
    lies (a boundary such as 50.65 is a multiple of the last kept digit, so the cut value reaches it only
    when the ratio does), so rounding the stored value for display, half up, rounds the exact ratio once:
    50.65537…% is stored as 50.6553 and shown as 50.7%. Rounding to two decimals here, as before, rounded
    twice (50.655… → 50.65 → 50.6). A positive ratio below the last kept digit keeps two significant digits
    (0.000042), so that it is never stored, nor shown, as 0."""
    with localcontext(prec=60):
        exact = Decimal(repr(float(part))) * 100 / Decimal(repr(float(whole)))
        quantum = Decimal(1).scaleb(-decimals)
        if 0 < abs(exact) < quantum:
            quantum = Decimal(1).scaleb(exact.adjusted() - 1)
        return float(exact.quantize(quantum, rounding=ROUND_DOWN))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def require(datasets: Path, files: Iterable[str]) -> list[Path]:
    paths = [datasets / f for f in files]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise IngestError([errors.issue("raw-file-missing", relpath(p), 0, 0) for p in missing])
    return paths


def duplicates(frame: Any, keys: list[str], limit: int = 20) -> list[tuple[int, str, str]]:
    """The first ``limit`` repeated rows of a pandas ``frame`` read from a CSV: (index, key as text, line of the
    first row with that key, as text)."""
    repeated = frame.duplicated(keys)
    if not repeated.any():
        return []
    firsts = frame[~repeated & frame.duplicated(keys, keep=False)]
    first_line = {tuple(r[keys]): int(i) + 2 for i, r in firsts.iterrows()}
    out = []
    for i in frame.index[repeated][:limit]:
        key = tuple(frame.loc[i, keys])
        line = first_line.get(key)
        out.append((int(i), ", ".join(f"{k}={v}" for k, v in zip(keys, key, strict=True)),
                    f"on line {line}" if line else "earlier in the file"))
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        value = round(value, 6)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text else text  # 2.9e-05 → 0.000029: no exponents in data/
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    return str(value)


def write_table(folder: Path, stem: str, columns: list[str], rows: Iterable[dict[str, Any]],
                sidecar: dict[str, Any]) -> list[Path]:
    """Write ``stem.csv`` and ``stem.meta.yml`` atomically (both or neither are replaced)."""
    folder.mkdir(parents=True, exist_ok=True)
    table = escape.csv_text([columns, *([_cell(row.get(c)) for c in columns] for row in rows)])
    meta = io.StringIO()
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.dump(sidecar, meta)
    targets = [(folder / f"{stem}.csv", table), (folder / f"{stem}.meta.yml", meta.getvalue())]
    for target, text in targets:
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
    for target, _ in targets:
        target.with_suffix(target.suffix + ".tmp").replace(target)
    return [t for t, _ in targets]


def column(name: str, type_: str, description: str, required: bool = True, **extra: Any) -> dict[str, Any]:
    out = {"name": name, "type": type_, "required": required, "description": description}
    out.update(extra)
    return out


INDICATOR_COLUMNS = [
    column("country", "iso3", "Country or area (ISO 3166-1 alpha-3)"),
    column("year", "year", "Year the figure refers to"),
]


def indicator_sidecar(ident: str, title: str, description: str, unit: str, level: str, notes: str,
                      source: dict[str, Any], value_type: str = "number", minimum: float | None = 0,
                      decimals: int = 1, themes: list[str] | None = None,
                      short_title: str | None = None) -> dict[str, Any]:
    value = column("value", value_type, f"Value ({unit})")
    if minimum is not None:
        value["minimum"] = minimum
    meta: dict[str, Any] = {
        "kind": "indicator", "id": ident, "title": title}
    if short_title:
        meta["short_title"] = short_title
    meta.update({
        "description": description, "unit": unit, "decimals": decimals,
        "processing": {"level": level, "notes": notes},
        "columns": INDICATOR_COLUMNS + [value], "primary_key": ["country", "year"],
        "source": source,
    })
    if themes:
        meta["themes"] = themes
    return meta


def known_countries(data: Path) -> set[str]:
    """ISO3 codes of data/reference/countries.csv, read through the validator (raises if missing or invalid)."""
    from . import reference  # imports this module

    return set(reference.load(data).iso3)


def country_regions(data: Path) -> dict[str, tuple[str | None, str | None]]:
    """ISO3 → (region id, sub-region id) of data/reference/countries.csv (raises if missing or invalid)."""
    from . import reference

    ref = reference.load(data)
    return {iso3: ref.region_of(iso3) for iso3 in ref.countries}


def region_totals(rows: Iterable[tuple[str, int, float]], data: Path,
                  world: dict[int, float] | None = None) -> list[dict[str, Any]]:
    """Sums of (country, year, value) rows for the world, each region and each sub-region.

    ``world`` gives the world total per year when the source publishes more than the sum of
    countries (e.g. people of unknown origin); otherwise the world is the sum of countries.
    """
    regions = country_regions(data)
    sums: dict[tuple[str, int], float] = {}
    for country, year, value in rows:
        if country not in regions:
            continue
        for key in ([] if world else ["world"]) + [r for r in regions[country] if r]:
            sums[(key, year)] = sums.get((key, year), 0) + value
    if world:
        for year, value in world.items():
            sums[("world", year)] = value
    return [{"region": r, "year": y, "value": v} for (r, y), v in sorted(sums.items())]


def aggregate_sidecar(ident: str, title: str, description: str, unit: str, notes: str,
                      source: dict[str, Any], value_type: str = "number", short_title: str | None = None,
                      themes: list[str] | None = None, level: str = "major",
                      decimals: int | None = None) -> dict[str, Any]:
    """Sidecar of a world-and-regions table: sums made here (level major) or the publisher's own (minor)."""
    meta: dict[str, Any] = {"kind": "aggregate", "id": ident, "title": title}
    if short_title:
        meta["short_title"] = short_title
    meta.update({"description": description, "unit": unit})
    if decimals is not None:
        meta["decimals"] = decimals
    meta.update({
        "processing": {"level": level, "notes": notes},
        "columns": [column("region", "id", "World, UN M49 region or sub-region", references="regions"),
                    column("year", "year", "Year the figure refers to"),
                    column("value", value_type, f"Value ({unit})", minimum=0)],
        "primary_key": ["region", "year"], "source": source,
    })
    if themes:
        meta["themes"] = themes
    return meta
