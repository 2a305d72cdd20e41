"""Chart recipes: pure functions from a table and its metadata to a chart (no I/O, no globals).

Each returns a :class:`ChartSpec` — the Vega-Lite spec plus everything a page shows around
it: a stable id, a title, a text description generated from the data, the source line and the
data table offered for download.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import pandas as pd
from altair.utils import schemapi

from .. import escape, formatting
from ..text import t
from . import describe, scale, theme  # noqa: F401  (theme registers the config)


@dataclass(frozen=True)
class Credit:
    """Who published a chart's data, and which release: from the ``source`` block of a sidecar."""

    producer: str  # "UN DESA"
    title: str  # "International Migrant Stock 2024"
    edition: str  # "2024 (POP/DB/MIG/Stock/Rev.2024)"

    @classmethod
    def of(cls, source: dict[str, Any]) -> Credit:
        return cls(str(source["producer"]), str(source["title"]), str(source["edition"]))

    def text(self) -> str:
        """"UN DESA, International Migrant Stock 2024, edition 2024 (POP/DB/MIG/Stock/Rev.2024)"."""
        return t("charts.credit", producer=self.producer, title=self.title, edition=self.edition)


@dataclass(frozen=True)
class ChartSpec:
    id: str  # stable: pages refer to charts by id; files are charts/<id>.*
    title: str
    description: str
    source: str  # the source line, computed from indicator metadata
    spec: dict[str, Any] = field(compare=False)
    table: pd.DataFrame = field(compare=False)
    indicators: tuple[str, ...] = ()  # the indicator tables it shows (for source lists)
    unit: str = ""  # the unit of its values (an indicator's ``unit``: people, usd, percent, text); "" for none
    year: int | None = None  # the one year of a chart that is not over the years (a ranking, a map)
    credits: tuple[Credit, ...] = ()  # the releases its data come from (derive sets them: ``common.credited``)

    @property
    def narrow(self) -> bool:
        """Whether the chart fills its column, and so has a narrow static SVG for small screens."""
        return theme.responsive(self.spec)

    def to_json(self) -> str:
        return escape.json_text(self.spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def source_line(self) -> str:
        """The source line under the chart, with the edition of each release: "Source: UN DESA, International
        Migrant Stock 2024, edition 2024 (POP/DB/MIG/Stock/Rev.2024)." (the subtitle's short line without credits)."""
        if not self.credits:
            return self.source
        return t("charts.source_line", sources="; ".join(c.text() for c in self.credits))


def _unchecked(recipe: Callable[..., ChartSpec]) -> Callable[..., ChartSpec]:
    """Build without Altair's check of every object against the Vega-Lite schema as it is made.

    That check (Altair's debug mode) took about 25 s of each build for some 2,400 charts; the
    tests validate what every recipe returns against the schema instead (tests/test_charts.py).
    """
    @functools.wraps(recipe)
    def build(*args: object, **kwargs: object) -> ChartSpec:
        with schemapi.debug_mode(False):
            return recipe(*args, **kwargs)
    return build


def _inline(frame: pd.DataFrame) -> alt.InlineData:
    """Data inline in the spec (skips Altair's hashing data transformer; same bytes for same data)."""
    return alt.InlineData(values=[{str(k): v for k, v in row.items()} for row in frame.to_dict("records")])


def _labelled(frame: pd.DataFrame, unit: str, axis: scale.AxisScale) -> pd.DataFrame:
    out = frame.copy()
    out["scaled"] = out["value"] * axis.factor
    out["label"] = [formatting.value(float(v), unit) for v in out["value"]]
    return out


def _title(title: str, subject: str | None, source: str) -> alt.Title:
    """The chart's title; the place goes on the first subtitle line so that long names never get cut."""
    return alt.Title(title, subtitle=[subject, source] if subject else source)


@_unchecked
def time_series(chart_id: str, frame: pd.DataFrame, *, title: str, what: str, place: str, unit: str,
                source: str, preposition: str = "in", subject: str | None = None) -> ChartSpec:
    """A line over the years (``frame``: year, value)."""
    rows = frame[["year", "value"]].dropna().sort_values("year").reset_index(drop=True)
    axis = scale.choose(unit, float(rows["value"].abs().max()) if not rows.empty else 0.0)
    data = _labelled(rows, unit, axis)
    description = describe.trend(rows, what=what, place=place, unit=unit, preposition=preposition)
    base = alt.Chart(_inline(data[["year", "scaled", "label"]]), description=description)
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1))
    y = alt.Y("scaled:Q", title=scale.unit_title(unit, axis), axis=alt.Axis(format=axis.format),
              scale=alt.Scale(zero=True))
    tooltip = [alt.Tooltip("year:Q", title=t("charts.year"), format="d"), alt.Tooltip("label:N", title=what)]
    chart = alt.layer(base.mark_line(), base.mark_point(), title=_title(title, subject, source),
                      width="container", description=description).encode(x=x, y=y, tooltip=tooltip)
    table = rows.rename(columns={"year": t("charts.year"), "value": what})
    full = f"{title}, {subject}" if subject else title
    return ChartSpec(chart_id, full, description, source, chart.to_dict(validate=False), table, unit=unit)


@_unchecked
def ranking(chart_id: str, frame: pd.DataFrame, *, title: str, what: str, unit: str, year: int | None,
            source: str, top: int = 10) -> ChartSpec:
    """Horizontal bars, largest first (``frame``: name, value)."""
    rows = frame[["name", "value"]].dropna().sort_values(["value", "name"], ascending=[False, True]).head(top)
    rows = rows.reset_index(drop=True)
    axis = scale.choose(unit, float(rows["value"].abs().max()) if not rows.empty else 0.0)
    data = _labelled(rows, unit, axis)
    description = describe.ranking(rows, what=what, year=year, unit=unit)
    chart = alt.Chart(_inline(data[["name", "scaled", "label"]]), description=description,
                      title=alt.Title(title, subtitle=source), width="container",
                      height=theme.BAR_STEP * max(len(rows), 1)).mark_bar().encode(
        y=alt.Y("name:N", title=None, sort="-x"),
        x=alt.X("scaled:Q", title=scale.unit_title(unit, axis), axis=alt.Axis(format=axis.format)),
        tooltip=[alt.Tooltip("name:N", title=t("charts.country")), alt.Tooltip("label:N", title=what)],
    )
    table = rows.rename(columns={"name": t("charts.country"), "value": what})
    return ChartSpec(chart_id, title, description, source, chart.to_dict(validate=False), table, unit=unit, year=year)


@_unchecked
def multi_series(chart_id: str, frame: pd.DataFrame, *, title: str, place: str, unit: str,
                 source: str, subject: str | None = None) -> ChartSpec:
    """Several lines over the years (``frame``: year, series, value), e.g. received and paid."""
    order = list(dict.fromkeys(frame["series"]))
    rows = frame[["year", "series", "value"]].dropna()
    rows = rows.assign(_order=rows["series"].map(order.index)).sort_values(["_order", "year"])
    rows = rows.drop(columns="_order").reset_index(drop=True)
    axis = scale.choose(unit, float(rows["value"].abs().max()) if not rows.empty else 0.0)
    data = _labelled(rows, unit, axis)
    parts = [describe.trend(group, what=str(name), place=None, unit=unit)
             for name, group in rows.groupby("series", sort=False)]
    description = f"{place}: " + " ".join(parts)
    if len(order) > min(len(theme.PALETTE), len(theme.DASHES), len(theme.SHAPES)):
        raise ValueError(f"{chart_id}: {len(order)} series, more than the theme tells apart")
    base = alt.Chart(_inline(data[["year", "series", "scaled", "label"]]), description=description)
    # Series differ by dash and point shape as well as colour; the legend shows all three.
    n = len(order)
    colour = alt.Color("series:N", title=None, sort=order, scale=alt.Scale(domain=order, range=theme.PALETTE[:n]))
    dash = alt.StrokeDash("series:N", title=None, sort=order, scale=alt.Scale(domain=order, range=theme.DASHES[:n]))
    shape = alt.Shape("series:N", title=None, sort=order, scale=alt.Scale(domain=order, range=theme.SHAPES[:n]))
    chart = alt.layer(base.mark_line().encode(strokeDash=dash), base.mark_point().encode(shape=shape),
                      title=_title(title, subject, source), width="container", description=description).encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("scaled:Q", title=scale.unit_title(unit, axis), axis=alt.Axis(format=axis.format),
                scale=alt.Scale(zero=True)),
        color=colour,
        tooltip=[alt.Tooltip("series:N", title=" "), alt.Tooltip("year:Q", title=t("charts.year"), format="d"),
                 alt.Tooltip("label:N", title=t("charts.value"))],
    )
    table = rows.pivot(index="year", columns="series", values="value").reset_index()
    table = table[["year", *[s for s in order if s in table.columns]]].rename(columns={"year": t("charts.year")})
    table.columns.name = None
    full = f"{title}, {subject}" if subject else title
    return ChartSpec(chart_id, full, description, source, chart.to_dict(validate=False), table, unit=unit)
