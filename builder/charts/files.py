"""Stage 4 — charts: the files of every chart (static SVGs, light and dark, wide and narrow; Vega-Lite JSON;
CSV), the theme's dark colours and the vendor script.

Returns {output path inside the docs dir: bytes}. SVGs are cached by content hash; the ones
not cached yet are rendered on every core.
"""

from __future__ import annotations

import csv
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd

from .. import escape, routes
from . import render, theme
from .recipes import ChartSpec

VENDOR_BUNDLE = routes.vendor(routes.VENDOR_FILE)


PARALLEL_FROM = 40  # below this many charts to render, a process pool costs more than it saves


def _render_one(args: tuple[dict[str, Any], Path | None, bool]) -> str:
    spec, cache_dir, narrow = args
    return render.to_svg(spec, cache_dir, narrow)


def render_svgs(specs: list[ChartSpec], cache_dir: Path | None, workers: int | None = None,
                progress: Callable[[int], None] | None = None, narrow: bool = False) -> list[str]:
    """Light SVG of every spec, in order (``narrow``: the narrow variant, "" for a chart without one):
    cached ones read, the others rendered on every core."""
    wanted = [not narrow or s.narrow for s in specs]
    svgs: list[str | None] = [render.cached_svg(s.spec, cache_dir, narrow) if w else ""
                              for s, w in zip(specs, wanted, strict=True)]
    todo = [i for i, svg in enumerate(svgs) if svg is None]
    if progress:
        progress(sum(wanted) - len(todo))
    workers = workers or os.cpu_count() or 1
    if len(todo) >= PARALLEL_FROM and workers > 1:
        context = multiprocessing.get_context("spawn")  # vl-convert runs threads: never fork it
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            jobs = ((specs[i].spec, cache_dir, narrow) for i in todo)
            for i, svg in zip(todo, pool.map(_render_one, jobs, chunksize=16), strict=True):
                svgs[i] = svg
                if progress:
                    progress(1)
    else:
        for i in todo:
            svgs[i] = render.to_svg(specs[i].spec, cache_dir, narrow)
            if progress:
                progress(1)
    return [svg or "" for svg in svgs]


def renders(specs: Iterable[ChartSpec]) -> int:
    """How many SVGs ``chart_files`` renders (or reads from the cache): one per chart, two for one that fills its column."""
    return sum(2 if s.narrow else 1 for s in specs)


def chart_files(specs: Iterable[ChartSpec], cache_dir: Path | None, workers: int | None = None,
                progress: Callable[[int], None] | None = None) -> dict[str, bytes]:
    """Every chart's files: its light and dark SVG (and narrow ones when it fills its column), its spec, its
    data; and the theme's dark colours for the interactive view."""
    specs = list(specs)
    out: dict[str, bytes] = {routes.chart_theme(): theme.dark_json().encode("utf-8")}
    wide = render_svgs(specs, cache_dir, workers, progress)
    narrow = render_svgs(specs, cache_dir, workers, progress, narrow=True)
    for spec, svg, small in zip(specs, wide, narrow, strict=True):
        if routes.chart(spec.id, "svg") in out:
            raise ValueError(f"two charts share the id {spec.id}")
        variants = {"svg": svg, **({"narrow.svg": small} if spec.narrow else {})}
        for ext, light in variants.items():
            out[routes.chart(spec.id, ext)] = light.encode("utf-8")
            out[routes.chart(spec.id, routes.dark(ext))] = theme.dark_svg(light).encode("utf-8")
        out[routes.chart(spec.id, "vl.json")] = spec.to_json().encode("utf-8")
        out[routes.chart(spec.id, "csv")] = csv_download(spec.table)
    return out


def csv_download(frame: pd.DataFrame) -> bytes:
    """The chart's data table as CSV, with text cells that a spreadsheet would run as formulas made inert."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(escape.csv_cell)
    safe.columns = [escape.csv_cell(str(c)) for c in safe.columns]
    # with a "\n" terminator a lone CR would be left unquoted, and readers take it for a line break
    has_cr = any("\r" in str(v) for v in [*safe.columns, *safe.select_dtypes(exclude="number").to_numpy().ravel()])
    return safe.to_csv(index=False, lineterminator="\n",
                       quoting=csv.QUOTE_ALL if has_cr else csv.QUOTE_MINIMAL).encode("utf-8")


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
