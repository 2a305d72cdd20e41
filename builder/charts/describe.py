"""Text descriptions of charts, generated from their data (alt text, captions, screen readers)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .. import formatting
from ..text import t


def trend(frame: pd.DataFrame, *, what: str, place: str | None, unit: str, preposition: str = "in") -> str:
    """"Immigrants in Mexico rose from 701.5 thousand in 1990 to 1.7 million in 2024." (place None: no place).

    ``preposition`` ("in" or "from") picks the string charts.subject_<preposition> of the catalogue.
    """
    rows = frame.dropna(subset=["value"]).sort_values("year")
    subject = t(f"charts.subject_{preposition}", what=what, place=place) if place else what
    if rows.empty:
        return t("charts.no_data", subject=subject[0].lower() + subject[1:])
    first, last = rows.iloc[0], rows.iloc[-1]
    fmt = lambda v: formatting.value(float(v), unit)  # noqa: E731
    if len(rows) == 1:
        return t("charts.one_value", subject=subject, value=fmt(last["value"]), year=int(last["year"]))
    change = float(last["value"]) - float(first["value"])
    key = "charts.rose" if change > 0 else "charts.fell" if change < 0 else "charts.unchanged"
    text = t(key, subject=subject, first=fmt(first["value"]), first_year=int(first["year"]),
             last=fmt(last["value"]), last_year=int(last["year"]))
    peak = rows.iloc[int(rows["value"].argmax())]  # by position: the index may repeat a label
    if int(peak["year"]) not in (int(first["year"]), int(last["year"])):
        text += " " + t("charts.peak", value=fmt(peak["value"]), year=int(peak["year"]))
    return text


def ranking(frame: pd.DataFrame, *, what: str, year: int | None, unit: str, shown: int = 3) -> str:
    """"Largest …: India (US$ 111.2 billion), Mexico (…), …"."""
    rows = frame.sort_values("value", ascending=False).head(shown)
    if rows.empty:
        return t("charts.no_data", subject=what.lower())
    items = ", ".join(f"{r['name']} ({formatting.value(float(r['value']), unit)})" for _, r in rows.iterrows())
    if year:
        return t("charts.ranking_in_year", what=what, year=year, items=items)
    return t("charts.ranking", what=what, items=items)


def choropleth(frame: pd.DataFrame, *, what: str, year: int, unit: str, no_data: int, not_shown: int,
               shown: int = 3, categories: Sequence[str] = ()) -> str:
    """"World map of immigrants in 2024, by country. Highest: United States (52.4 million), … 233 …".

    For a classification (``categories``, in order) it counts the countries of each class instead."""
    lowered = what if what[:2].isupper() else what[:1].lower() + what[1:]  # "GDP" stays
    parts = [t("charts.map.describe", what=lowered, year=year)]
    if categories:  # a classification: how many countries in each class, in the classification's order
        counts = frame["value"].value_counts()
        parts.append(t("charts.map.classes", items=", ".join(
            t("charts.map.class_count", label=c, count=int(counts.get(c, 0))) for c in categories)))
    else:
        rows = frame.sort_values(["value", "name"], ascending=[False, True]).head(shown)
        if not rows.empty:
            parts.append(t("charts.map.highest", items=", ".join(
                f"{r['name']} ({formatting.value(float(r['value']), unit)})" for _, r in rows.iterrows())))
    parts.append(t("charts.map.coverage", with_data=len(frame), no_data=no_data) if no_data
                 else t("charts.map.coverage_all", with_data=len(frame)))
    if not_shown:
        parts.append(t("charts.map.not_shown", count=not_shown))
    return " ".join(parts)
