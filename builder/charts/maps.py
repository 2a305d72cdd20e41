"""Map recipes: a world choropleth of one indicator in one year, and a small locator map of a country.

Pure like the other recipes (``recipes.py``): the same table, geometry and year give the same
spec, byte for byte. The geometry goes into the spec inline, TopoJSON as ``data/maps/`` holds it
(vl-convert renders without fetching anything), with each shape's name, class and value written
into its ``properties``. Countries the map cannot draw (small states and territories, see
``data/maps/world_110m.csv``) are returned beside the spec (``MapSpec.not_shown``), to be listed
next to the map with their values.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

import altair as alt
import pandas as pd
from altair.utils import schemapi

from .. import formatting, geometry
from ..catalog import Country, WorldMap
from ..text import t
from . import describe, theme
from .recipes import ChartSpec

P = ParamSpec("P")
R = TypeVar("R")

CLASSES = len(theme.SEQUENTIAL)
# Douglas–Peucker tolerance of the world map, in grid units of data/maps/ (0.036°): about 0.4 px at
# 640 px wide, a quarter off the SVG with no visible change.
WORLD_TOLERANCE = 6


@dataclass(frozen=True)
class NotShown:
    """A country or area the map has no shape for: listed beside it."""

    iso3: str
    name: str
    reason: str  # the reason in words (charts.map.reasons)
    label: str | None  # its value in the map's year, formatted; None when it has no data


@dataclass(frozen=True)
class MapSpec(ChartSpec):
    not_shown: tuple[NotShown, ...] = ()


def _unchecked(recipe: Callable[P, R]) -> Callable[P, R]:
    """Built without Altair's schema check as it goes, like ``recipes._unchecked`` (tests validate)."""
    @functools.wraps(recipe)
    def build(*args: P.args, **kwargs: P.kwargs) -> R:
        with schemapi.debug_mode(False):
            return recipe(*args, **kwargs)
    return build


def _nice(value: float) -> float:
    """``value`` rounded to one significant digit (37,412 → 40,000; 0.37 → 0.4)."""
    if value == 0 or not math.isfinite(value):
        return 0.0
    power = 10 ** math.floor(math.log10(abs(value)))
    return float(round(value / power) * power)


def breaks(values: list[float], classes: int = CLASSES) -> list[float]:
    """At most ``classes - 1`` increasing thresholds: the quantiles of ``values``, rounded to one digit."""
    if len(set(values)) < 2:
        return []
    series = pd.Series(sorted(values), dtype="float64")
    low, high = float(series.min()), float(series.max())
    cuts = [_nice(float(series.quantile(i / classes))) for i in range(1, classes)]
    return sorted({c for c in cuts if low < c <= high})


def diverging_breaks(values: list[float]) -> list[float]:
    """Thresholds for figures of both signs: 0, and the typical size of each side (its median, one digit)."""
    below = [-v for v in values if v < 0]
    above = [v for v in values if v > 0]
    cuts = {0.0}
    if below:
        cuts.add(-_nice(float(pd.Series(below).median())))
    if above:
        cuts.add(_nice(float(pd.Series(above).median())))
    return sorted(cuts)


def _label(value: float, unit: str) -> str:
    return formatting.value(value, unit, decimals=0 if float(value).is_integer() else 1)


def class_labels(cuts: list[float], unit: str) -> list[str]:
    """Legend entries: "Under 1 million", "1 million to 5 million", …, "50 million or more"."""
    if not cuts:
        return []
    labels = [t("charts.map.under", value=_label(cuts[0], unit))]
    labels += [t("charts.map.between", low=_label(a, unit), high=_label(b, unit)) for a, b in itertools.pairwise(cuts)]
    labels.append(t("charts.map.over", value=_label(cuts[-1], unit)))
    return labels


def _class(value: float, cuts: list[float], labels: list[str]) -> str:
    return labels[sum(1 for c in cuts if value >= c)]


@_unchecked
def choropleth(chart_id: str, frame: pd.DataFrame, world: WorldMap, names: Mapping[str, str], *, year: int,
               title: str, what: str, unit: str, source: str, categories: Sequence[str] = ()) -> MapSpec:
    """Countries coloured by ``frame``'s value in ``year`` (``frame``: country, year, value).

    Numbers are put in classes (quantiles; split at zero when some are negative). A classification
    (``unit`` "text") is drawn by its own ``categories``, in their order, on the same sequential scale.
    Countries without a value are drawn in the "no data" grey, never as zero; so is land that is no
    country of the reference (Antarctica). The legend names each class and "No data".
    """
    if unit == "text" and not categories:
        raise ValueError(f"{chart_id}: a classification map needs its categories in order")
    rows = frame[frame["year"] == year][["country", "value"]].dropna().sort_values("country")
    values: dict[str, Any] = {str(c): v if unit == "text" else float(v)
                              for c, v in rows.itertuples(index=False, name=None)}
    if unit == "text":
        cuts: list[float] = []
        labels = list(categories)
        palette = theme.ordinal(len(labels))
    else:
        diverging = any(v < 0 for v in values.values())
        cuts = diverging_breaks(list(values.values())) if diverging else breaks(list(values.values()))
        palette = theme.DIVERGING if diverging else theme.SEQUENTIAL
        labels = class_labels(cuts, unit) if cuts else ([_label(next(iter(values.values())), unit)] if values else [])
    no_data = t("charts.map.no_data")
    shown = set(world.shown)

    def label(value: Any) -> str:
        return str(value) if unit == "text" else formatting.value(value, unit)

    def cls(value: Any) -> str:
        if unit == "text":
            return str(value)
        return _class(value, cuts, labels) if cuts else labels[0]

    def properties(iso3: str | None) -> dict[str, Any]:
        if iso3 is None:
            return {"cls": no_data}
        name = names.get(iso3, iso3)
        if iso3 in values:
            text = label(values[iso3])
            return {"cls": cls(values[iso3]), "name": name, "label": text, "text": f"{name}: {text}"}
        return {"cls": no_data, "name": name, "label": no_data, "text": f"{name}: {no_data}"}

    topology = geometry.simplify(world.topology, WORLD_TOLERANCE)
    topology["objects"] = {geometry.OBJECT: {"type": "GeometryCollection", "geometries": [
        {**shape, "properties": properties(shape.get("id"))} for shape in geometry.shapes(world.topology)]}}
    drawn_with_data = [i for i in values if i in shown]
    not_shown = tuple(NotShown(iso3, names.get(iso3, iso3), t(f"charts.map.reasons.{reason}"),
                               label(values[iso3]) if iso3 in values else None)
                      for iso3, reason in world.not_shown)
    named = pd.DataFrame({"name": [names.get(i, i) for i in values], "value": list(values.values())})
    description = describe.choropleth(named, what=what, year=year, unit=unit, categories=categories,
                                      no_data=len(shown) - len(drawn_with_data), not_shown=len(not_shown))
    legend_title = t("charts.map.legend", unit=what if unit == "text" else t(f"charts.map.units.{unit}"), year=year)
    chart = alt.Chart(
        alt.InlineData(values=topology, format=alt.DataFormat(type="topojson", feature=geometry.OBJECT)),
        title=alt.Title(title, subtitle=source), description=description, width="container",
        height=theme.MAP_HEIGHT, usermeta={"svgDigits": theme.SVG_DIGITS, "aspect": theme.MAP_ASPECT},
    ).mark_geoshape(stroke=theme.MAP_STROKE, strokeWidth=theme.MAP_STROKE_WIDTH).encode(
        color=alt.Color("properties.cls:N", title=legend_title,
                        scale=alt.Scale(domain=[*labels, no_data], range=[*palette[:len(labels)],
                                                                          theme.NO_DATA]),
                        legend=alt.Legend(symbolType=theme.MAP_LEGEND_SYMBOL, columns=theme.MAP_LEGEND_COLUMNS,
                                          columnPadding=theme.MAP_LEGEND_COLUMN_PADDING)),
        tooltip=[alt.Tooltip("properties.name:N", title=t("charts.country")),
                 alt.Tooltip("properties.label:N", title=what)],
        description=alt.Description("properties.text:N"),
    ).project(type=theme.MAP_PROJECTION)
    if unit == "text":  # by class in the classification's order (highest class first), then by name
        order = {c: i for i, c in enumerate(reversed(categories))}
        table = named.assign(_o=named["value"].map(order)).sort_values(["_o", "name"]).drop(columns="_o")
        table = table.reset_index(drop=True)
    else:
        table = named.sort_values(["value", "name"], ascending=[False, True]).reset_index(drop=True)
    table = table.rename(columns={"name": t("charts.country"), "value": f"{what} ({year})"})
    return MapSpec(chart_id, title, description, source, chart.to_dict(validate=False), table,
                   unit=unit, year=year, not_shown=not_shown)


@_unchecked
def locator(chart_id: str, world: WorldMap, iso3: str, countries: Mapping[str, Country],
            region_name: str) -> MapSpec | None:
    """A small map of ``iso3``'s sub-region with the country highlighted; None when the map cannot draw
    the country (it is then listed in ``world.not_shown``)."""
    if iso3 not in world.shown:
        return None
    country = countries[iso3]
    points = geometry.decode(world.topology)
    by_id = {s["id"]: s for s in geometry.shapes(world.topology) if "id" in s}
    members = [c for c, record in countries.items() if c in by_id and record.subregion == country.subregion
               and country.subregion is not None] or [iso3]
    west, south, east, north = geometry.union([geometry.main_bbox(by_id[c], points) for c in members])
    if east - west > 120:  # a sub-region across half the globe: frame the country alone
        west, south, east, north = geometry.main_bbox(by_id[iso3], points)
    pad = max(east - west, north - south, 8.0) * 0.15
    frame = (west - pad, max(south - pad, -90.0), east + pad, min(north + pad, 90.0))
    role = {c: "region" for c in members} | {iso3: "country"}
    keep = geometry.subset(world.topology, lambda s: geometry.intersects(geometry.bbox(s, points), frame))
    w, h = theme.LOCATOR_WIDTH, theme.LOCATOR_HEIGHT
    # a grid of about a pixel of this map (less away from the equator): the points that fall together merge
    keep = geometry.quantize(keep, max(500, min(10_000, int(360 * w / (frame[2] - frame[0])))))
    keep = geometry.simplify(keep, 0.5)
    shapes = [{**s, "properties": {"role": role.get(s.get("id", ""), "land")}} for s in geometry.shapes(keep)]
    # the country drawn last, on top of its neighbours' borders
    shapes.sort(key=lambda s: ("land", "region", "country").index(s["properties"]["role"]))
    keep["objects"] = {geometry.OBJECT: {"type": "GeometryCollection", "geometries": shapes}}
    cx, cy = (frame[0] + frame[2]) / 2, (frame[1] + frame[3]) / 2
    corners = [[x, y] for x in (frame[0], cx, frame[2]) for y in (frame[1], cy, frame[3])]
    name = country.name
    description = t("charts.map.locator", region=region_name, name=name)
    title = t("charts.map.locator_title", name=name)
    chart = alt.Chart(
        alt.InlineData(values=keep, format=alt.DataFormat(type="topojson", feature=geometry.OBJECT)),
        description=description, width=w, height=h, usermeta={"svgDigits": theme.SVG_DIGITS},
    ).mark_geoshape(clip=True, aria=False, stroke=theme.MAP_STROKE,
                         strokeWidth=theme.MAP_STROKE_WIDTH).encode(
        color=alt.Color("properties.role:N", legend=None,
                        scale=alt.Scale(domain=list(theme.LOCATOR), range=list(theme.LOCATOR.values()))),
    ).project(type=theme.LOCATOR_PROJECTION, rotate=[-round(cx, 3), -round(cy, 3), 0],
              fit={"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": corners}}, clipExtent=[[0, 0], [w, h]])
    table = pd.DataFrame({t("charts.country"): [name]})
    return MapSpec(chart_id, title, description, "", chart.to_dict(validate=False), table)

