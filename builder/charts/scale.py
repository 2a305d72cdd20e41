"""Choose a readable axis scale for a unit: values in millions or billions, with a label."""

from __future__ import annotations

from dataclasses import dataclass

from ..text import t


@dataclass(frozen=True)
class AxisScale:
    factor: float
    size: str  # "million", "billion"… (a key of charts.axis.sizes), or "" for none
    format: str  # d3 format of the scaled axis labels


def choose(unit: str, maximum: float) -> AxisScale:
    if unit == "percent":
        return AxisScale(1.0, "", ",.1~f")
    if unit == "usd_million":
        maximum *= 1e6
    factor = 1e6 if unit == "usd_million" else 1.0
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if abs(maximum) >= size:
            return AxisScale(factor / size, word, ",.1~f")
    return AxisScale(factor, "", ",.0f")


def unit_title(unit: str, scale: AxisScale) -> str:
    size = t(f"charts.axis.sizes.{scale.size}") if scale.size else ""
    if unit in ("usd", "usd_million"):
        return t("charts.axis.usd_scaled", size=size) if size else t("charts.axis.usd")
    if unit == "percent":
        return t("charts.axis.percent")
    if unit == "people":
        return t("charts.axis.people_scaled", size=size) if size else t("charts.axis.people")
    return size
