"""World map: Natural Earth's countries at 1:110 million, from the npm package world-atlas 2.0.2.

Writes ``data/maps/world_110m.topo.json`` — the release's TopoJSON with each shape keyed by the
ISO3 code of its country (M49 → ISO3 through ``reference/countries.csv``), names and the ``land``
object dropped, quantized to a grid fine enough for any screen (1e4 positions per side, about
4 km) — and ``data/maps/world_110m.csv`` with its sidecar: for every country of the reference,
whether the map shows it and, if not, why (too small at this scale, or no separate shape in
Natural Earth). Shapes that are no country of the reference (Antarctica, the French Southern
Territories, and three shapes the release leaves without a code) stay in as unnamed land, so that
the map has no holes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .. import errors, geometry
from ..issues import Issue, relpath
from . import metadata, reference
from .common import IngestError, column, require, sha256, write_table

SOURCE = "world-atlas"
ATLAS = "npm/world-atlas/countries-110m.json"
ATLAS_50M = "npm/world-atlas/countries-50m.json"  # read only to tell "too small at 1:110m" apart
FILES = (ATLAS, ATLAS_50M)
STEM = "world_110m"
GEOMETRY = f"{STEM}.topo.json"
GRID = 10_000  # quantization: positions per side of the bounding box
TOO_SMALL, NOT_IN_NATURAL_EARTH = "too-small", "not-in-natural-earth"

# Shapes of the 110m release that are no country or area of countries.csv: kept as unnamed land.
OTHER_LAND = {"010": "Antarctica", "260": "Fr. S. Antarctic Lands"}
# Shapes the release publishes without an M49 code (areas the UN counts within another country).
UNCODED = ("N. Cyprus", "Somaliland", "Kosovo")
_CODE = re.compile(r"^[0-9]{3}$")


def _read(path: Path, unique: bool = True) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    try:
        topology = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError([errors.issue("layout-changed", relpath(path), exc.lineno, exc.colno,
                                        detail=f"Not JSON: {exc.msg}.")]) from exc
    problem = geometry.layout_problem(topology, unique)
    if problem:
        raise IngestError([errors.issue("layout-changed", relpath(path), 1, 1, detail=problem)])
    return topology, text


def _position(text: str, code: str | None, name: str) -> tuple[int, int]:
    """(line, column) of the shape's id (or name) in the raw file."""
    needle = f'"id":"{code}"' if code is not None else json.dumps(name, ensure_ascii=False)
    start = text.find(needle)
    if start < 0:
        return 0, 0
    return text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)


def _iso3_of(shape: dict[str, Any], by_m49: dict[int, str]) -> str | None:
    code = shape.get("id")
    return by_m49.get(int(code)) if isinstance(code, str) and _CODE.match(code) else None


def run(datasets: Path, out: Path) -> list[Path]:
    atlas, atlas_50m = require(datasets, FILES)
    ref = reference.load(out)
    by_m49 = ref.by_m49()
    topology, text = _read(atlas)
    issues: list[Issue] = []
    drawn: dict[str, dict[str, Any]] = {}
    other: list[dict[str, Any]] = []
    for i, shape in enumerate(geometry.shapes(topology)):
        code, name = shape.get("id"), str(shape.get("properties", {}).get("name", ""))
        iso3 = _iso3_of(shape, by_m49)
        clean = {"type": shape["type"], "arcs": shape["arcs"]}
        if iso3 is not None:
            drawn[iso3] = {**clean, "id": iso3}
        elif (code is None and name in UNCODED) or code in OTHER_LAND:
            other.append(clean)
        else:
            line, col = _position(text, code, name)
            issues.append(errors.issue("unknown-shape", relpath(atlas), line, col, index=i, name=name,
                                       code="(none)" if code is None else code,
                                       mapping="OTHER_LAND in builder/ingest/world_atlas.py"))
    if issues:
        raise IngestError(issues)
    topology_50m, _ = _read(atlas_50m, unique=False)  # its Australia has two shapes
    at_50m = {iso3 for s in geometry.shapes(topology_50m) if (iso3 := _iso3_of(s, by_m49))}

    compact = geometry.quantize({
        "type": "Topology", "arcs": topology["arcs"], "transform": topology["transform"],
        "objects": {geometry.OBJECT: {"type": "GeometryCollection",
                                      "geometries": [drawn[k] for k in sorted(drawn)] + other}},
    }, GRID)
    points = geometry.decode(compact)
    boxes = [geometry.bbox(s, points) for s in geometry.shapes(compact)]
    compact["bbox"] = [round(min(b[0] for b in boxes), 6), round(min(b[1] for b in boxes), 6),
                       round(max(b[2] for b in boxes), 6), round(max(b[3] for b in boxes), 6)]
    folder = out / "maps"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / GEOMETRY
    tmp = target.with_suffix(target.suffix + ".tmp")
    tmp.write_text(json.dumps(compact, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")

    rows = [{"country": iso3, "shown": iso3 in drawn,
             "reason": None if iso3 in drawn else TOO_SMALL if iso3 in at_50m else NOT_IN_NATURAL_EARTH}
            for iso3 in sorted(ref.countries)]
    source = metadata.source(__name__, "world-atlas", raw_file=ATLAS, sha256=sha256(atlas))
    notes = (f"Shapes of {Path(ATLAS).name} keyed by ISO3 (UN M49 code → countries.csv); names and the "
             f"'land' object dropped; quantized to {GRID:,} positions per side. Shapes of no country of the "
             f"reference are kept without id ({', '.join([*OTHER_LAND.values(), *UNCODED])}). A country "
             f"without shape is '{TOO_SMALL}' when Natural Earth draws it at 1:50 million "
             f"({Path(ATLAS_50M).name}, sha256 {sha256(atlas_50m)}), else '{NOT_IN_NATURAL_EARTH}' (drawn "
             "within another country's shape, such as French Guiana within France, or too small even at "
             "1:50 million).")
    sidecar = {
        "kind": "map", "id": STEM, "title": "World map at 1:110 million: the countries it shows",
        "description": ("For every country or area of the fact book, whether the world map (Natural Earth at "
                        "1:110 million) draws it, and if not, why. The shapes are in the geometry file."),
        "geometry": GEOMETRY,
        "processing": {"level": "major", "notes": notes},
        "columns": [column("country", "iso3", "Country or area (ISO 3166-1 alpha-3)"),
                    column("shown", "boolean", "The map draws a shape for it"),
                    column("reason", "string", "Why the map does not show it", required=False,
                           enum=[TOO_SMALL, NOT_IN_NATURAL_EARTH])],
        "primary_key": ["country"], "source": source,
    }
    written = write_table(folder, STEM, ["country", "shown", "reason"], rows, sidecar)
    tmp.replace(target)
    return [target, *written]
