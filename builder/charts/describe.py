"""Text descriptions of charts, generated from their data (alt text, captions, screen readers)."""

from __future__ import annotations

import pandas as pd

from .. import formatting


def trend(frame: pd.DataFrame, *, what: str, place: str | None, unit: str, preposition: str = "in") -> str:
    """"Immigrants in Mexico rose from 701.5 thousand in 1990 to 1.7 million in 2024." (place None: no place)."""
    rows = frame.dropna(subset=["value"]).sort_values("year")
    subject = f"{what} {preposition} {place}" if place else what
    if rows.empty:
        return f"No data on {subject[0].lower() + subject[1:]}."
    first, last = rows.iloc[0], rows.iloc[-1]
    fmt = lambda v: formatting.value(float(v), unit)  # noqa: E731
    if len(rows) == 1:
        return f"{subject}: {fmt(last['value'])} in {int(last['year'])}."
    change = float(last["value"]) - float(first["value"])
    verb = "rose" if change > 0 else "fell" if change < 0 else "stayed the same,"
    text = (f"{subject} {verb} from {fmt(first['value'])} in {int(first['year'])} "
            f"to {fmt(last['value'])} in {int(last['year'])}.")
    peak = rows.loc[rows["value"].idxmax()]
    if int(peak["year"]) not in (int(first["year"]), int(last["year"])):
        text += f" The highest value was {fmt(peak['value'])} in {int(peak['year'])}."
    return text


def ranking(frame: pd.DataFrame, *, what: str, year: int | None, unit: str, shown: int = 3) -> str:
    """"Largest …: India (US$ 111.2 billion), Mexico (…), …"."""
    rows = frame.sort_values("value", ascending=False).head(shown)
    if rows.empty:
        return f"No data on {what.lower()}."
    items = ", ".join(f"{r['name']} ({formatting.value(float(r['value']), unit)})" for _, r in rows.iterrows())
    when = f" in {year}" if year else ""
    return f"{what}{when}, highest first: {items}."
