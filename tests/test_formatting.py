import math

import pytest

from builder import formatting


@pytest.mark.parametrize(("value", "expected"), [
    (52_400_000, "52.4 million"),
    (1_726_089, "1.7 million"),
    (280_598_105, "280.6 million"),
    (3_490_000_000, "3.5 billion"),
    (85_969, "85,969"),
    (0, "0"),
])
def test_people(value, expected):
    assert formatting.people(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (66_237_847_600, "US$\u00a066.2 billion"),
    (111_220_000_000, "US$\u00a0111.2 billion"),
    (27_720_000_000_000, "US$\u00a027.7 trillion"),
    (-5_000_000, "-US$\u00a05 million"),
])
def test_usd(value, expected):
    assert formatting.usd(value) == expected


def test_usd_million_scales_before_formatting():
    assert formatting.usd_million(68_968) == "US$\u00a069 billion"


@pytest.mark.parametrize(("value", "decimals", "expected"), [(3.14159, 1, "3.1%"), (50, 0, "50%"), (0.04, 2, "0.04%")])
def test_percent(value, decimals, expected):
    assert formatting.percent(value, decimals) == expected


@pytest.mark.parametrize("missing", [None, math.nan])
def test_missing_values_show_a_dash(missing):
    assert formatting.people(missing) == "–"
    assert formatting.usd(missing) == "–"
    assert formatting.percent(missing) == "–"


def test_value_dispatches_on_unit():
    assert formatting.value(1990, "year") == "1990"
    assert formatting.value(2_500_000, "people") == "2.5 million"
    assert formatting.value(12.5, "percent") == "12.5%"
    assert formatting.value(27, "count") == "27"


def test_table_cells_are_formatted_by_their_column_not_their_value():
    """A count between 1,000 and 2,100 keeps its separator; only the year column shows plain years."""
    import pandas as pd

    from builder.pages import markdown_table
    from builder.text import t

    frame = pd.DataFrame({t("charts.country"): ["Chad", "Niger"], "Immigrants": [1947, 2100],
                          t("charts.year"): [2024, 1995]})
    rows = str(markdown_table(frame)).splitlines()[2:]
    assert rows == ["| Chad | 1,947 | 2024 |", "| Niger | 2,100 | 1995 |"]


def test_a_positive_share_below_the_shown_precision_is_said_not_shown_as_zero():
    from builder import formatting

    assert formatting.percent(0.04) == "less than 0.1%"
    assert formatting.percent(0.049) == "less than 0.1%"
    assert formatting.percent(0.05) == "0.1%"  # half up, from the printed digits: 0.05 is not below 0.1
    assert formatting.percent(0.06) == "0.1%" and formatting.percent(0.0) == "0.0%"
    assert formatting.value(0.004, "percent", 2) == "less than 0.01%"
