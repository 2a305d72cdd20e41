"""Stage 4 — charts: the files of every chart (static SVGs, light and dark, wide and narrow; PNG; Vega-Lite JSON;
CSV), the theme's dark colours and the vendor script.

Returns {output path inside the docs dir: bytes}. SVGs and PNGs are cached by content hash; the ones
not cached yet are rendered on every core. docs/charts.md describes each file.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd

from .. import escape, formatting, routes
from ..text import t
from . import render, theme
from .recipes import ChartSpec

VENDOR_BUNDLE = routes.vendor(routes.VENDOR_FILE)


PARALLEL_FROM = 40  # below this many charts to render, a process pool costs more than it saves


def _render_one(args: tuple[dict[str, Any], Path | None, bool]) -> str:
    spec, cache_dir, narrow = args
    return render.to_svg(spec, cache_dir, narrow)


def _render_png(args: tuple[str, str, Path | None]) -> bytes:
    svg, key, cache_dir = args
    return render.to_png(svg, key, cache_dir)


def _fill(results: list[Any], jobs: dict[int, tuple[Any, ...]], work: Callable[[Any], Any], workers: int | None,
          progress: Callable[[int], None] | None) -> None:
    """``results[i] = work(jobs[i])`` for every job: in a process pool on every core when there are enough,
    else here. ``work`` is a module-level function (the pool pickles it)."""
    todo = list(jobs)
    workers = workers or os.cpu_count() or 1
    if len(todo) >= PARALLEL_FROM and workers > 1:
        context = multiprocessing.get_context("spawn")  # vl-convert runs threads: never fork it
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            done = zip(todo, pool.map(work, (jobs[i] for i in todo), chunksize=16), strict=True)
            for i, result in done:
                results[i] = result
                if progress:
                    progress(1)
        return
    for i in todo:
        results[i] = work(jobs[i])
        if progress:
            progress(1)


def render_svgs(specs: list[ChartSpec], cache_dir: Path | None, workers: int | None = None,
                progress: Callable[[int], None] | None = None, narrow: bool = False) -> list[str]:
    """Light SVG of every spec, in order (``narrow``: the narrow variant, "" for a chart without one):
    cached ones read, the others rendered on every core."""
    wanted = [not narrow or s.narrow for s in specs]
    svgs: list[str | None] = [render.cached_svg(s.spec, cache_dir, narrow) if w else ""
                              for s, w in zip(specs, wanted, strict=True)]
    jobs = {i: (specs[i].spec, cache_dir, narrow) for i, svg in enumerate(svgs) if svg is None}
    if progress:
        progress(sum(wanted) - len(jobs))
    _fill(svgs, jobs, _render_one, workers, progress)
    return [svg or "" for svg in svgs]


def render_pngs(specs: list[ChartSpec], svgs: list[str], cache_dir: Path | None, workers: int | None = None,
                progress: Callable[[int], None] | None = None) -> list[bytes]:
    """PNG of every chart, in order, from its SVG: cached ones read, the others rasterised on every core."""
    keys = [render.png_key(s.spec) for s in specs]
    pngs: list[bytes | None] = [render.cached_png(k, cache_dir) for k in keys]
    jobs = {i: (svgs[i], keys[i], cache_dir) for i, png in enumerate(pngs) if png is None}
    if progress:
        progress(len(specs) - len(jobs))
    _fill(pngs, jobs, _render_png, workers, progress)
    return [png or b"" for png in pngs]


def renders(specs: Iterable[ChartSpec]) -> int:
    """How many SVGs ``chart_files`` renders (or reads from the cache): one per chart, two for one that fills its column."""
    return sum(2 if s.narrow else 1 for s in specs)


def chart_files(specs: Iterable[ChartSpec], cache_dir: Path | None, workers: int | None = None,
                progress: Callable[[int], None] | None = None,
                png_progress: Callable[[int], None] | None = None) -> dict[str, bytes]:
    """Every chart's files: its light and dark SVG (and narrow ones when it fills its column), its PNG (from the
    wide light SVG), its spec, its data; and the theme's dark colours for the interactive view."""
    specs = list(specs)
    out: dict[str, bytes] = {routes.chart_theme(): theme.dark_json().encode("utf-8")}
    wide = render_svgs(specs, cache_dir, workers, progress)
    narrow = render_svgs(specs, cache_dir, workers, progress, narrow=True)
    pngs = render_pngs(specs, wide, cache_dir, workers, png_progress)
    for spec, svg, small, png in zip(specs, wide, narrow, pngs, strict=True):
        if routes.chart(spec.id, "svg") in out:
            raise ValueError(f"two charts share the id {spec.id}")
        variants = {"svg": svg, **({"narrow.svg": small} if spec.narrow else {})}
        for ext, light in variants.items():
            out[routes.chart(spec.id, ext)] = light.encode("utf-8")
            out[routes.chart(spec.id, routes.dark(ext))] = theme.dark_svg(light).encode("utf-8")
        out[routes.chart(spec.id, "png")] = png
        out[routes.chart(spec.id, "vl.json")] = spec.to_json().encode("utf-8")
        out[routes.chart(spec.id, "csv")] = csv_download(spec)
    return out


def _cell(value: Any, year_column: bool) -> str:
    """A cell as the chart's data table shows it, without grouping: numbers rounded once (formatting.table_decimals),
    years whole, a missing value empty; text made inert for spreadsheets (escape.csv_cell)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if year_column and isinstance(value, (int, float)):
        return str(int(value))
    if isinstance(value, int) or (hasattr(value, "dtype") and pd.api.types.is_integer_dtype(value.dtype)):
        return str(int(value))
    if isinstance(value, float):
        return formatting.plain(value, formatting.table_decimals(value))
    return str(escape.csv_cell(str(value)))


def csv_rows(spec: ChartSpec) -> list[list[str]]:
    """The chart's data table for reuse: its columns as the page's table shows them, then the columns that say
    what the figures are — the year (when the chart is not over the years), the unit, the source and its edition.

    Values are the raw figures in their unit (people, US dollars, per cent), rounded as the table shows them.
    The layout is documented in docs/charts.md.
    """
    frame = spec.table
    year_header = t("charts.year")
    by_year = year_header in frame.columns
    extra: list[tuple[str, str]] = []
    if spec.year is not None and not by_year:
        extra.append((t("charts.csv.year"), str(spec.year)))
    if spec.unit and spec.unit != "text":
        extra.append((t("charts.csv.unit"), _unit(spec.unit)))
    if spec.credits:
        extra.append((t("charts.csv.source"), "; ".join(dict.fromkeys(
            t("charts.csv.source_value", producer=c.producer, title=c.title) for c in spec.credits))))
        extra.append((t("charts.csv.edition"), "; ".join(dict.fromkeys(c.edition for c in spec.credits))))
    header = [str(escape.csv_cell(str(c))) for c in frame.columns] + [name for name, _ in extra]
    years = [c == year_header for c in frame.columns]
    constant = [str(escape.csv_cell(value)) for _, value in extra]
    rows = [[_cell(v, y) for v, y in zip(values, years, strict=True)] + constant
            for values in frame.itertuples(index=False, name=None)]
    return [header, *rows]


def _unit(unit: str) -> str:
    """The unit in words ("people", "current US dollars", "per cent"); the key itself when it has none."""
    try:
        return t(f"units.{unit}")
    except KeyError:
        return unit


def csv_download(spec: ChartSpec) -> bytes:
    """The chart's CSV (``csv_rows``), with text cells that a spreadsheet would run as formulas made inert."""
    return escape.csv_text(csv_rows(spec)).encode("utf-8")


def vendor_bundle(cache_dir: Path | None) -> dict[str, bytes]:
    """vega + vega-lite + vega-embed in one script served by the site itself (no CDN)."""
    key = hashlib.sha256(f"bundle|{render.VL_CONVERT_VERSION}".encode()).hexdigest()[:16]
    cached = cache_dir / f"vega-bundle-{key}.js" if cache_dir else None
    if cached and cached.is_file():
        return {VENDOR_BUNDLE: cached.read_bytes()}
    data = render.javascript_bundle().encode("utf-8")
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(data)
    return {VENDOR_BUNDLE: data}
