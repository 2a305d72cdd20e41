"""Maps: the world-atlas importer, the geometry check, the choropleth and locator recipes, their SVG."""

from __future__ import annotations

import copy
import csv
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from builder import build, geometry, paths
from builder.charts import maps, render, theme
from builder.ingest import world_atlas
from builder.ingest.common import IngestError

from .conftest import needs_shared_datasets

TINY = Path(__file__).parent / "fixtures" / "tiny" / "data"
NO_DATA = "No data"


# --- a tiny release in the published layout ----------------------------------------------------------


def square(x: int, y: int) -> list[list[int]]:
    """A closed arc, delta-encoded: a 10 × 10 square with its corner at (x, y) of the grid."""
    return [[x, y], [10, 0], [0, 10], [-10, 0], [0, -10]]


def release(shapes: list[dict], arcs: list[list[list[int]]]) -> str:
    return json.dumps({"type": "Topology", "bbox": [-180, -90, 180, 90],
                       "transform": {"scale": [1, 1], "translate": [-180, -90]},
                       "objects": {"countries": {"type": "GeometryCollection", "geometries": shapes},
                                   "land": {"type": "GeometryCollection", "geometries": []}},
                       "arcs": arcs}, separators=(",", ":"))


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    d = tmp_path / "datasets"
    (d / world_atlas.ATLAS).parent.mkdir(parents=True)
    (d / world_atlas.ATLAS).write_text(release([
        {"type": "Polygon", "arcs": [[0]], "id": "484", "properties": {"name": "Mexico"}},
        {"type": "Polygon", "arcs": [[1]], "id": "010", "properties": {"name": "Antarctica"}},
        {"type": "Polygon", "arcs": [[2]], "properties": {"name": "Kosovo"}},
    ], [square(80, 100), square(0, 0), square(200, 130)]), encoding="utf-8")
    (d / world_atlas.ATLAS_50M).write_text(release([
        {"type": "Polygon", "arcs": [[0]], "id": "484", "properties": {"name": "Mexico"}},
        {"type": "Polygon", "arcs": [[1]], "id": "840", "properties": {"name": "United States"}},
    ], [square(80, 100), square(60, 120)]), encoding="utf-8")
    return d


@pytest.fixture
def out(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(TINY, target)
    return target


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_importer_keys_shapes_by_iso3_and_lists_every_country(raw, out):
    written = world_atlas.run(raw, out)
    assert sorted(p.name for p in written) == ["world_110m.csv", "world_110m.meta.yml", "world_110m.topo.json"]
    topo = json.loads((out / "maps" / world_atlas.GEOMETRY).read_text(encoding="utf-8"))
    assert set(topo["objects"]) == {"countries"}  # the 'land' object is dropped
    shapes = topo["objects"]["countries"]["geometries"]
    assert [s.get("id") for s in shapes] == ["MEX", None, None]  # other land kept, unnamed
    assert all(set(s) <= {"type", "arcs", "id"} for s in shapes)  # no names, no properties
    assert rows(out / "maps" / "world_110m.csv") == [
        {"country": "MEX", "shown": "true", "reason": ""},
        {"country": "USA", "shown": "false", "reason": "too-small"}]  # at 1:50m only
    meta = (out / "maps" / "world_110m.meta.yml").read_text(encoding="utf-8")
    assert "geometry: world_110m.topo.json" in meta and "edition: world-atlas 2.0.2" in meta
    assert "raw_file: npm/world-atlas/countries-110m.json" in meta and "licence:" in meta
    catalog, issues = build.check(out)
    assert [i for i in issues if i.severity == "error"] == [] and catalog is not None
    assert catalog.maps["world_110m"].shown == ("MEX",)
    assert catalog.maps["world_110m"].not_shown == (("USA", "too-small"),)


def test_importer_reproduces_its_files_byte_for_byte(raw, out):
    first = {p: p.read_bytes() for p in world_atlas.run(raw, out)}
    second = {p: p.read_bytes() for p in world_atlas.run(raw, out)}
    assert first == second


def test_missing_raw_files_are_named_and_nothing_is_written(tmp_path, out):
    with pytest.raises(IngestError) as caught:
        world_atlas.run(tmp_path / "empty", out)
    assert sorted((Path(i.path).name, i.code) for i in caught.value.issues) == [
        ("countries-110m.json", "raw-file-missing"), ("countries-50m.json", "raw-file-missing")]
    assert not (out / "maps").exists()


def test_an_m49_code_without_country_stops_the_import_at_its_place(raw, out):
    path = raw / world_atlas.ATLAS
    text = path.read_text(encoding="utf-8").replace('"id":"010"', '"id":"999"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        world_atlas.run(raw, out)
    (problem,) = caught.value.issues
    assert (Path(problem.path).name, problem.code, problem.line) == ("countries-110m.json", "unknown-shape", 1)
    assert problem.column == text.index('"id":"999"') + 1
    assert "999" in problem.message and "Antarctica" in problem.message
    assert not (out / "maps").exists()


def test_an_uncoded_shape_not_declared_stops_the_import(raw, out):
    path = raw / world_atlas.ATLAS
    path.write_text(path.read_text(encoding="utf-8").replace("Kosovo", "Atlantis"), encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        world_atlas.run(raw, out)
    assert [(i.code, "(none)" in i.message) for i in caught.value.issues] == [("unknown-shape", True)]


def test_a_release_in_another_layout_is_refused(raw, out):
    (raw / world_atlas.ATLAS).write_text('{"type": "FeatureCollection"}', encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        world_atlas.run(raw, out)
    assert [(Path(i.path).name, i.code) for i in caught.value.issues] == [("countries-110m.json", "layout-changed")]


# --- factbook check on the geometry -------------------------------------------------------------------


def codes(data: Path) -> list[tuple[str, int, str]]:
    _, issues = build.check(data)
    return [(Path(i.path).name, i.line, i.code) for i in issues if i.severity == "error"]


def test_check_reports_a_missing_or_broken_geometry_file(raw, out):
    world_atlas.run(raw, out)
    geo = out / "maps" / world_atlas.GEOMETRY
    text = geo.read_text(encoding="utf-8")
    geo.unlink()
    assert codes(out) == [("world_110m.meta.yml", 0, "geometry-missing")]
    geo.write_text(text[:-20], encoding="utf-8")
    assert [(n, c) for n, _, c in codes(out)] == [("world_110m.topo.json", "json-syntax")]
    geo.write_text(json.dumps({"type": "Topology", "objects": {}}), encoding="utf-8")
    assert codes(out) == [("world_110m.topo.json", 1, "geometry-layout")]


def test_check_reports_unknown_ids_and_a_table_that_disagrees_with_the_shapes(raw, out):
    world_atlas.run(raw, out)
    geo = out / "maps" / world_atlas.GEOMETRY
    geo.write_text(geo.read_text(encoding="utf-8").replace('"id":"MEX"', '"id":"MXE"'), encoding="utf-8")
    found = codes(out)
    assert ("world_110m.topo.json", 1, "unknown-country") in found
    assert ("world_110m.csv", 2, "map-coverage") in found  # MEX listed as shown, no shape left
    table = out / "maps" / "world_110m.csv"
    table.write_text("country,shown,reason\nMEX,true,\n", encoding="utf-8")  # USA not listed
    geo.write_text(geo.read_text(encoding="utf-8").replace('"id":"MXE"', '"id":"MEX"'), encoding="utf-8")
    assert codes(out) == [("world_110m.csv", 0, "map-coverage")]


def test_the_schema_requires_the_geometry_field_of_a_map(raw, out):
    world_atlas.run(raw, out)
    meta = out / "maps" / "world_110m.meta.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("geometry: world_110m.topo.json\n", ""),
                    encoding="utf-8")
    assert codes(out) == [("world_110m.meta.yml", 1, "sidecar-missing-field")]


# --- the committed map and the recipes ----------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog(data_catalog):
    return data_catalog


@pytest.fixture(scope="module")
def names(catalog):
    return {c.iso3: c.name for c in catalog.countries.values()}


@pytest.fixture(scope="module")
def frame(catalog):
    """Values for every other country the map draws, none for the rest; a zero among them."""
    world = catalog.maps["world_110m"]
    with_data = [*world.shown[::2], *[iso3 for iso3, _ in world.not_shown[:3]]]
    values = [float(i * 1000) for i in range(len(with_data))]  # the first is 0: data, not "no data"
    return pd.DataFrame({"country": with_data, "year": 2024, "value": values})


def choropleth(catalog, names, frame):
    return maps.choropleth("map-test", frame, catalog.maps["world_110m"], names, year=2024,
                           title="Immigrants, 2024", what="Immigrants", unit="people",
                           source="Source: UN DESA (2024)")


def spec_shapes(spec: dict) -> list[dict]:
    (topology,) = [d for d in spec.get("datasets", {}).values()] or [spec["data"]["values"]]
    return geometry.shapes(topology)


def test_committed_geometry_is_compact_and_keyed_by_known_countries(catalog):
    world = catalog.maps["world_110m"]
    geo = paths.DATA / "maps" / "world_110m.topo.json"
    assert geo.stat().st_size < 100_000
    ids = [s["id"] for s in geometry.shapes(world.topology) if "id" in s]
    assert sorted(ids) == list(world.shown) and set(ids) <= set(catalog.countries)
    assert len(world.shown) + len(world.not_shown) == len(catalog.countries)


def test_the_not_shown_list_is_the_countries_the_table_marks_not_shown(catalog, names, frame):
    table = {r["country"]: r for r in rows(paths.DATA / "maps" / "world_110m.csv")}
    hidden = sorted(c for c, r in table.items() if r["shown"] == "false")
    spec = choropleth(catalog, names, frame)
    assert [n.iso3 for n in spec.not_shown] == hidden
    assert all(n.name == names[n.iso3] and n.reason for n in spec.not_shown)
    assert {"SGP", "MLT", "MDV", "TUV"} <= set(hidden) and "FRA" not in hidden
    given = dict(zip(frame["country"], frame["value"], strict=True))
    assert [n.label is not None for n in spec.not_shown] == [n.iso3 in given for n in spec.not_shown]


def test_countries_with_data_get_a_scale_colour_and_the_others_no_data(catalog, names, frame):
    made = choropleth(catalog, names, frame)
    spec = made.spec
    colour = spec["encoding"]["color"]
    domain, colours = colour["scale"]["domain"], colour["scale"]["range"]
    assert domain[-1] == NO_DATA and colours[-1] == theme.NO_DATA
    assert set(colours[:-1]) <= set(theme.SEQUENTIAL) and theme.NO_DATA not in theme.SEQUENTIAL
    assert colour["title"] == "Number of people, 2024"
    assert spec["projection"]["type"] == "equalEarth"
    with_data = set(frame["country"])
    shown = set(catalog.maps["world_110m"].shown)
    classes = {s["id"]: s["properties"]["cls"] for s in spec_shapes(spec) if "id" in s}
    assert set(classes) == shown
    for iso3, cls in classes.items():
        assert (cls in domain[:-1]) if iso3 in with_data else (cls == NO_DATA), iso3
    assert classes[frame["country"].iloc[0]] == domain[0]  # a zero is the lowest class, never "no data"
    assert all(s["properties"]["cls"] == NO_DATA for s in spec_shapes(spec) if "id" not in s)  # other land
    assert "Highest:" in made.description and "No data" in made.description


def test_the_map_renders_to_svg_with_a_filled_path_per_country(catalog, names, frame):
    made = choropleth(catalog, names, frame)
    svg = render.to_svg(made.spec)
    paths_ = re.findall(r'<path aria-label="([^"]*)"[^>]*? d="[^"]+"[^>]*? fill="(#[0-9a-f]{6})"', svg)
    fills = {label.rsplit(": ", 1)[0]: fill for label, fill in paths_ if ": " in label}
    shown = set(catalog.maps["world_110m"].shown)
    with_data = set(frame["country"]) & shown
    for iso3 in shown:
        expected = theme.SEQUENTIAL if iso3 in with_data else [theme.NO_DATA]
        assert fills.get(names[iso3]) in expected, iso3
    assert sum(1 for fill in fills.values() if fill in theme.SEQUENTIAL) == len(with_data)
    assert ">No data<" in svg and ">Number of people, 2024<" in svg
    assert not re.search(r' d="[^"]*\d\.\d{2}', svg)  # coordinates rounded to a tenth of a pixel
    assert len(svg) < 160_000


def test_recipes_are_pure_and_deterministic(catalog, names, frame):
    world = catalog.maps["world_110m"]
    before = copy.deepcopy(world.topology)
    first = choropleth(catalog, names, frame).to_json().encode("utf-8")
    assert choropleth(catalog, names, frame).to_json().encode("utf-8") == first
    locate = lambda: maps.locator("locator-mex", world, "MEX", catalog.countries, "Latin America")  # noqa: E731
    assert locate().to_json() == locate().to_json()
    assert world.topology == before  # the geometry is never changed in place


@pytest.mark.parametrize("which", ["choropleth", "locator"])
def test_map_specs_are_valid_vega_lite(catalog, names, frame, which):
    import altair as alt
    from altair.utils import schemapi

    made = choropleth(catalog, names, frame) if which == "choropleth" else maps.locator(
        "locator-fra", catalog.maps["world_110m"], "FRA", catalog.countries, "Western Europe")
    assert made is not None
    schemapi.validate_jsonschema(made.spec, alt.vegalite.v6.schema.core.load_schema())


def test_locator_highlights_the_country_in_its_region(catalog):
    world = catalog.maps["world_110m"]
    made = maps.locator("locator-fra", world, "FRA", catalog.countries, "Western Europe")
    assert made is not None
    roles = {s.get("id"): s["properties"]["role"] for s in spec_shapes(made.spec)}
    assert roles["FRA"] == "country"
    region = {c for c, r in catalog.countries.items() if r.subregion == catalog.countries["FRA"].subregion}
    assert {c for c, role in roles.items() if role == "region"} == (region & set(world.shown)) - {"FRA"}
    assert "AUS" not in roles  # only the shapes near the frame
    svg = render.to_svg(made.spec)
    assert svg.count(f'fill="{theme.LOCATOR["country"]}"') == 1
    assert len(svg) < 20_000 and "France" in made.description
    assert maps.locator("locator-sgp", world, "SGP", catalog.countries, "South-eastern Asia") is None


def test_locator_frames_a_country_across_the_antimeridian(catalog):
    made = maps.locator("locator-fji", catalog.maps["world_110m"], "FJI", catalog.countries, "Melanesia")
    assert made is not None
    lon = [p[0] for p in made.spec["projection"]["fit"]["geometry"]["coordinates"]]
    assert max(lon) - min(lon) < 90  # not the whole globe


def test_class_breaks_are_round_and_increasing():
    cuts = maps.breaks([0, 12, 130, 1_400, 15_000, 160_000, 1_700_000, 52_000_000])
    assert cuts == sorted(set(cuts)) and all(float(f"{c:.0e}") == c for c in cuts)
    assert maps.breaks([5.0, 5.0]) == []
    labels = maps.class_labels([1e6, 5e6], "people")
    assert labels == ["Under 1 million", "1 million to 5 million", "5 million or more"]


@needs_shared_datasets
def test_the_real_release_reproduces_the_committed_map(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(paths.DATA / "reference", target / "reference")
    for path in world_atlas.run(paths.DATASETS, target):
        committed = paths.DATA / path.relative_to(target)
        assert committed.read_bytes() == path.read_bytes(), f"{committed} differs from a fresh import"


def test_svg_path_coordinates_are_rounded_only_when_the_spec_asks():
    svg = '<path d="M1.234,10.05L100.04,3.96Z"/><text x="1.234">'
    assert render._rounded(svg, {"usermeta": {"svgDigits": 1}}) == '<path d="M1.2,10.1L100,4Z"/><text x="1.234">'
    assert render._rounded(svg, {}) == svg  # other charts are written as vl-convert makes them


def test_the_description_does_not_count_zero_countries_without_data():
    import pandas as pd

    from builder.charts import describe

    frame = pd.DataFrame({"name": ["A", "B"], "value": [2.0, 1.0]})
    full = describe.choropleth(frame, what="Immigrants", year=2024, unit="people", no_data=0, not_shown=0)
    assert "0 drawn" not in full and "every country drawn on the map has a figure" in full
    partial = describe.choropleth(frame, what="Immigrants", year=2024, unit="people", no_data=3, not_shown=0)
    assert "3 drawn on the map have none" in partial


def test_figures_of_both_signs_get_a_diverging_scale_split_at_zero():
    from builder.charts import maps, theme

    cuts = maps.diverging_breaks([-120_000.0, -30_000.0, -5_000.0, 2_000.0, 40_000.0, 900_000.0])
    assert cuts == [-30_000.0, 0.0, 40_000.0]  # the median size of each side, one digit
    labels = maps.class_labels(cuts, "people")
    assert maps._class(-50_000, cuts, labels) == labels[0] and maps._class(-1, cuts, labels) == labels[1]
    assert maps._class(0, cuts, labels) == labels[2] and maps._class(10**6, cuts, labels) == labels[3]
    assert len(theme.DIVERGING) == len(labels)


def test_a_classification_is_mapped_by_its_own_classes_in_order(catalog, names):
    income = catalog.indicators["income_group"]
    assert income.categories[0] == "Low income" and income.categories[-1] == "High income"
    year = int(income.data["year"].max())
    made = maps.choropleth("income-test", income.data, catalog.maps["world_110m"], names, year=year,
                           title="Income group", what="Income group", unit="text", source="Source: World Bank",
                           categories=income.categories)
    colour = made.spec["encoding"]["color"]
    assert colour["scale"]["domain"] == [*income.categories, NO_DATA]
    assert colour["scale"]["range"][-1] == theme.NO_DATA and len(set(colour["scale"]["range"])) == 5
    assert colour["title"] == f"Income group, {year}"
    given = dict(zip(*(income.data[income.data["year"] == year][c] for c in ("country", "value")), strict=True))
    classes = {s["id"]: s["properties"]["cls"] for s in spec_shapes(made.spec) if "id" in s}
    for iso3, cls in classes.items():
        assert cls == given.get(iso3, NO_DATA), iso3
    counts = {c: sum(1 for v in given.values() if v == c) for c in income.categories}
    for cls, count in counts.items():
        assert f"{cls}: {count}" in made.description
    # The table lists the highest class first, as a ranking would.
    assert made.table.iloc[0, 1] == "High income" and made.table.iloc[-1, 1] == "Low income"
    with pytest.raises(ValueError):
        maps.choropleth("income-test", income.data, catalog.maps["world_110m"], names, year=year, title="",
                        what="", unit="text", source="")
