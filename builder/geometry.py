"""World map geometry: the TopoJSON files of data/maps/, read and checked, and pure helpers on them.

A map table's sidecar (``kind: map``) names its geometry file beside it (``geometry:
world_110m.topo.json``): a TopoJSON Topology, quantized, whose object ``countries`` is a
GeometryCollection of Polygons and MultiPolygons. A shape's ``id`` is the ISO3 code of a country of
``reference/countries.csv``; a shape without ``id`` is land that is no country of the reference
(Antarctica, areas the sources count within another country), drawn so that the map has no holes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import errors, textfile
from .issues import Issue, relpath

OBJECT = "countries"
SHAPES = ("Polygon", "MultiPolygon")
_ID = re.compile(r'"id"\s*:\s*"([^"\\]*)"')

Topology = dict[str, Any]
BBox = tuple[float, float, float, float]  # west, south, east, north (degrees)


@dataclass(frozen=True)
class Geometry:
    path: str  # as shown in messages
    topology: Topology = field(repr=False)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict, repr=False)  # id → (line, column)

    @property
    def ids(self) -> list[str]:
        return [g["id"] for g in shapes(self.topology) if "id" in g]


def shapes(topology: Topology) -> list[dict[str, Any]]:
    geometries: list[dict[str, Any]] = topology["objects"][OBJECT]["geometries"]
    return geometries


def _number_pair(value: Any) -> bool:
    return (isinstance(value, list) and len(value) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value))


def layout_problem(topology: Any, unique: bool = True) -> str | None:
    """What keeps ``topology`` from being a map geometry file, or None (``unique``: ids must be)."""
    if not isinstance(topology, dict) or topology.get("type") != "Topology":
        return "The file is not a TopoJSON Topology (no \"type\": \"Topology\")."
    transform = topology.get("transform")
    if not (isinstance(transform, dict) and _number_pair(transform.get("scale"))
            and _number_pair(transform.get("translate"))):
        return "The topology is not quantized (no transform with scale and translate)."
    arcs = topology.get("arcs")
    if not isinstance(arcs, list) or not all(isinstance(a, list) and all(_number_pair(p) for p in a) for a in arcs):
        return "'arcs' is not a list of arcs of [x, y] positions."
    collection = topology.get("objects", {}).get(OBJECT) if isinstance(topology.get("objects"), dict) else None
    if not isinstance(collection, dict) or collection.get("type") != "GeometryCollection" \
            or not isinstance(collection.get("geometries"), list):
        return f"objects.{OBJECT} is not a GeometryCollection."
    seen: set[str] = set()
    for i, shape in enumerate(collection["geometries"]):
        if not isinstance(shape, dict) or shape.get("type") not in SHAPES:
            return f"Shape {i} of objects.{OBJECT} is not a Polygon or MultiPolygon."
        if "id" in shape and not isinstance(shape["id"], str):
            return f"Shape {i} has an id that is not a string."
        if unique and shape.get("id") in seen:
            return f"Two shapes have the id '{shape['id']}'."
        seen.add(shape.get("id", ""))
        indices = list(_arc_indices(shape.get("arcs")))
        if not indices or not all(isinstance(a, int) and -len(arcs) <= a < len(arcs) for a in indices):
            return f"Shape {i} refers to arcs that the topology does not have."
    return None


def read(file: Path, named_by: str) -> tuple[Geometry | None, list[Issue]]:
    """The geometry file ``file`` (checked), or None and the problems that stop it; a missing file is
    reported at ``named_by``, the sidecar that names it."""
    path = relpath(file)
    if not file.is_file():
        return None, [errors.issue("geometry-missing", named_by, file=file.name)]
    text, unreadable = textfile.read_text(file)
    if text is None:
        return None, unreadable
    try:
        topology = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [errors.issue("json-syntax", path, exc.lineno, exc.colno, problem=exc.msg)]
    problem = layout_problem(topology)
    if problem:
        return None, [errors.issue("geometry-layout", path, 1, 1, detail=problem)]
    positions: dict[str, tuple[int, int]] = {}
    for match in _ID.finditer(text):
        start = match.start(1) - 1
        positions.setdefault(match.group(1), (text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)))
    return Geometry(path, topology, positions), []


# Pure helpers on topologies -------------------------------------------------------------------------------


def _arc_indices(arcs: Any) -> Iterable[Any]:
    if isinstance(arcs, list):
        for item in arcs:
            yield from _arc_indices(item) if isinstance(item, list) else (item,)


def decode(topology: Topology) -> list[list[tuple[float, float]]]:
    """Every arc as (longitude, latitude) points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def quantize(topology: Topology, size: int) -> Topology:
    """The topology on a grid of ``size`` × ``size`` positions over its bounding box (like topojson's
    ``quantize``): consecutive positions that fall on one grid point are merged, each arc keeps two."""
    points = decode(topology)
    xs = [p[0] for arc in points for p in arc]
    ys = [p[1] for arc in points for p in arc]
    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    kx, ky = (x1 - x0) / (size - 1) or 1.0, (y1 - y0) / (size - 1) or 1.0
    arcs = []
    for arc in points:
        grid: list[tuple[int, int]] = []
        for x, y in arc:
            q = (round((x - x0) / kx), round((y - y0) / ky))
            if not grid or grid[-1] != q:
                grid.append(q)
        if len(grid) == 1:
            grid.append(grid[0])
        deltas, last = [], (0, 0)
        for q in grid:
            deltas.append([q[0] - last[0], q[1] - last[1]])
            last = q
        arcs.append(deltas)
    out = dict(topology)
    out.update(arcs=arcs, transform={"scale": [kx, ky], "translate": [x0, y0]})
    return out


def subset(topology: Topology, keep: Callable[[dict[str, Any]], bool]) -> Topology:
    """The topology with only the shapes ``keep`` accepts and the arcs they use (renumbered)."""
    kept = [s for s in shapes(topology) if keep(s)]
    used = sorted({a if a >= 0 else ~a for s in kept for a in _arc_indices(s["arcs"])})
    new = {old: i for i, old in enumerate(used)}

    def renumber(arcs: Any) -> Any:
        if isinstance(arcs, list):
            return [renumber(a) for a in arcs]
        return new[arcs] if arcs >= 0 else ~new[~arcs]

    out = {k: v for k, v in topology.items() if k not in ("arcs", "objects", "bbox")}
    out["arcs"] = [topology["arcs"][i] for i in used]
    out["objects"] = {OBJECT: {"type": "GeometryCollection",
                               "geometries": [{**s, "arcs": renumber(s["arcs"])} for s in kept]}}
    return out


def _rings(shape: dict[str, Any]) -> list[list[int]]:
    """The outer ring of each polygon of ``shape`` (a list of arc indices)."""
    polygons = [shape["arcs"]] if shape["type"] == "Polygon" else shape["arcs"]
    return [polygon[0] for polygon in polygons if polygon]


def _ring_points(ring: list[int], points: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a in ring:
        out += points[a] if a >= 0 else points[~a][::-1]
    return out


def _box(pts: list[tuple[float, float]]) -> BBox:
    return (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))


def bbox(shape: dict[str, Any], points: list[list[tuple[float, float]]]) -> BBox:
    """Bounding box of the whole shape (``points``: the decoded arcs)."""
    return _box([p for ring in _rings(shape) for p in _ring_points(ring, points)])


def main_bbox(shape: dict[str, Any], points: list[list[tuple[float, float]]]) -> BBox:
    """Bounding box of the shape's largest polygon: the main land, so that Alaska's islands beyond the
    antimeridian do not stretch a frame round the globe. A polygon that crosses the antimeridian (part
    of Fiji, Chukotka) gets its box in longitudes 0 to 360: its east is then above 180."""
    def area(pts: list[tuple[float, float]]) -> float:
        return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True))) / 2
    ring = max((_ring_points(r, points) for r in _rings(shape)), key=area)
    box = _box(ring)
    if box[2] - box[0] > 180:
        box = _box([(x + 360 if x < 0 else x, y) for x, y in ring])
    return box


def union(boxes: list[BBox]) -> BBox:
    """The smallest box holding ``boxes``, round the antimeridian when that is narrower (west may then
    be above 180, or east above 180)."""
    def joined(shifted: list[BBox]) -> BBox:
        return (min(b[0] for b in shifted), min(b[1] for b in shifted),
                max(b[2] for b in shifted), max(b[3] for b in shifted))
    plain = joined(boxes)
    pacific = joined([(b[0] + 360, b[1], b[2] + 360, b[3]) if b[0] < 0 else b for b in boxes])
    return plain if plain[2] - plain[0] <= pacific[2] - pacific[0] else pacific


def intersects(a: BBox, b: BBox) -> bool:
    """Whether two boxes overlap, with longitudes taken round the globe."""
    return any(a[0] <= b[2] + k and b[0] + k <= a[2] for k in (-360, 0, 360)) and a[1] <= b[3] and b[1] <= a[3]


def _douglas_peucker(points: list[tuple[int, int]], tolerance: float) -> list[tuple[int, int]]:
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = points[first], points[last]
        dx, dy = x1 - x0, y1 - y0
        length = (dx * dx + dy * dy) ** 0.5
        best, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = points[i]
            d = abs(dy * (x - x0) - dx * (y - y0)) / length if length else ((x - x0) ** 2 + (y - y0) ** 2) ** 0.5
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify(topology: Topology, tolerance: float) -> Topology:
    """Each arc simplified (Douglas–Peucker) to ``tolerance`` grid units of the quantized topology.

    Shared borders are one arc, so neighbours stay joined; an arc keeps its ends, and a closed arc (an
    island) keeps at least four points so that it stays a ring.
    """
    arcs = []
    for arc in topology["arcs"]:
        absolute, x, y = [], 0, 0
        for dx, dy in arc:
            x, y = x + dx, y + dy
            absolute.append((x, y))
        kept = _douglas_peucker(absolute, tolerance) if len(absolute) > 2 else absolute
        if absolute[0] == absolute[-1] and len(kept) < 4 <= len(absolute):
            step = (len(absolute) - 1) / 3
            kept = [absolute[round(i * step)] for i in range(4)]
        deltas, last = [], (0, 0)
        for p in kept:
            deltas.append([p[0] - last[0], p[1] - last[1]])
            last = p
        arcs.append(deltas)
    return {**topology, "arcs": arcs}
