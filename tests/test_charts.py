import json

import pandas as pd
import pytest

from builder.charts import describe, recipes, render, scale

SERIES = pd.DataFrame({"year": [1990, 2000, 2010, 2020, 2024], "value": [701513, 526172, 957593, 1335154, 1726089]})


def chart():
    return recipes.time_series("country-mex-migrant-stock", SERIES, title="Immigrants, Mexico", what="Immigrants",
                               place="Mexico", unit="people", source="Source: UN DESA (2024)")


def test_time_series_spec_is_vega_lite_with_description_and_source():
    spec = chart().spec
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    assert spec["description"] == "Immigrants in Mexico rose from 701.5 thousand in 1990 to 1.7 million in 2024."
    assert spec["title"]["subtitle"] == "Source: UN DESA (2024)"
    values = next(iter(spec["datasets"].values()))
    assert [v["year"] for v in values] == [1990, 2000, 2010, 2020, 2024]
    assert values[-1]["label"] == "1.7 million"
    assert spec["config"]["background"] == "transparent"  # the registered theme is applied


def test_recipes_are_pure_and_deterministic():
    assert chart().to_json() == chart().to_json()
    assert json.loads(chart().to_json()) == chart().spec


def test_the_table_offered_for_download_keeps_raw_values():
    table = chart().table
    assert list(table.columns) == ["Year", "Immigrants"]
    assert table["Immigrants"].tolist() == SERIES["value"].tolist()


def test_ranking_sorts_largest_first():
    frame = pd.DataFrame({"name": ["A", "B", "C"], "value": [5e9, 9e9, 1e9]})
    spec = recipes.ranking("theme-x", frame, title="T", what="Remittances received", unit="usd", year=2023,
                           source="Source: World Bank")
    assert spec.description.startswith("Remittances received in 2023, highest first: B (US$\u00a09 billion), A")
    assert spec.table["Country"].tolist() == ["B", "A", "C"]


@pytest.mark.parametrize(("unit", "maximum", "factor", "title"), [
    ("people", 52_000_000, 1e-6, "People (million)"),
    ("usd", 66e9, 1e-9, "US$ billion"),
    ("percent", 45.0, 1.0, "%"),
    ("people", 800, 1.0, "People"),
])
def test_axis_scale(unit, maximum, factor, title):
    axis = scale.choose(unit, maximum)
    assert axis.factor == pytest.approx(factor)
    assert scale.unit_title(unit, axis) == title


def test_describe_mentions_a_peak_between_first_and_last():
    frame = pd.DataFrame({"year": [2000, 2010, 2020], "value": [10.0, 50.0, 20.0]})
    text = describe.trend(frame, what="Refugees hosted", place="Chad", unit="people")
    assert text == "Refugees hosted in Chad rose from 10 in 2000 to 20 in 2020. The highest value was 50 in 2010."


def test_describe_finds_the_peak_by_position_when_index_labels_repeat():
    # A frame concatenated from parts repeats index labels; .loc[idxmax()] then returned several rows.
    frame = pd.DataFrame({"year": [2000, 2010, 2020], "value": [10.0, 50.0, 20.0]}, index=[0, 0, 1])
    text = describe.trend(frame, what="Refugees hosted", place="Chad", unit="people")
    assert text.endswith("The highest value was 50 in 2010.")


def test_static_svg_renders_and_is_cached(tmp_path):
    spec = chart().spec
    svg = render.to_svg(spec, tmp_path)
    assert svg.startswith("<svg") and "Immigrants, Mexico" in svg
    assert len(list(tmp_path.glob("*.svg"))) == 1
    assert render.to_svg(spec, tmp_path) == svg


@pytest.mark.parametrize("recipe", ["time_series", "ranking", "multi_series"])
def test_every_recipe_returns_a_spec_valid_against_the_vega_lite_schema(recipe):
    """The build skips Altair's check as objects are made (it is slow); the schema check is here instead."""
    import altair as alt
    from altair.utils import schemapi

    made = {
        "time_series": chart,
        "ranking": lambda: recipes.ranking(
            "r", pd.DataFrame({"name": ["A", "B"], "value": [2.0, 1.0]}), title="T", what="Refugees hosted",
            unit="people", year=2024, source="Source: UNHCR (2025)"),
        "multi_series": lambda: recipes.multi_series(
            "m", pd.DataFrame({"year": [2000, 2010, 2000, 2010], "series": ["Received", "Received", "Paid", "Paid"],
                               "value": [1e9, 2e9, 5e8, 6e8]}),
            title="Remittances", place="Mexico", unit="usd", source="Source: World Bank (2025)"),
    }[recipe]
    spec = made().spec
    schema = alt.vegalite.v6.schema.core.load_schema()
    schemapi.validate_jsonschema(spec, schema)  # raises on an invalid spec
    broken = {**spec, "width": {"not": "a width"}}
    with pytest.raises(Exception, match="width|valid"):
        schemapi.validate_jsonschema(broken, schema)


def test_a_csv_download_keeps_a_carriage_return_inside_its_cell():
    import csv
    import io

    import pandas as pd

    from builder.charts.files import csv_download
    from builder.charts.recipes import ChartSpec

    frame = pd.DataFrame({"country": ["Line\ronetwo", "=SUM(A1)"], "value": [1.5, 2]})
    chart = ChartSpec("x", "A title", "A description", "Source: x", {}, frame)
    rows = list(csv.reader(io.StringIO(csv_download(chart).decode("utf-8"), newline="")))
    # numbers as the page's data table shows them (1.50, 2), text made inert
    assert rows == [["country", "value"], ["Line\ronetwo", "1.50"], ["'=SUM(A1)", "2"]]
