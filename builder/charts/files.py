"""Stage 4 — charts: the files of every chart (static SVG, Vega-Lite JSON, CSV) and the vendor script.

Returns {output path inside the docs dir: bytes}; rendering is cached and runs in threads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import vl_convert as vlc

from . import render
from .recipes import ChartSpec

VENDOR_BUNDLE = "assets/vendor/vega-bundle.js"


def chart_files(specs: Iterable[ChartSpec], cache_dir: Path | None, workers: int = 2,
                progress: Callable[[int], None] | None = None) -> dict[str, bytes]:
    specs = list(specs)
    out: dict[str, bytes] = {}

    def one(spec: ChartSpec) -> tuple[ChartSpec, str]:
        return spec, render.to_svg(spec.spec, cache_dir)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for spec, svg in pool.map(one, specs):
            base = f"charts/{spec.id}"
            for path in (base + ".svg", base + ".vl.json", base + ".csv"):
                if path in out:
                    raise ValueError(f"two charts share the id {spec.id}")
            out[base + ".svg"] = svg.encode("utf-8")
            out[base + ".vl.json"] = spec.to_json().encode("utf-8")
            out[base + ".csv"] = spec.table.to_csv(index=False, lineterminator="\n").encode("utf-8")
            if progress:
                progress(1)
    return out


def vendor_bundle(cache_dir: Path | None) -> dict[str, bytes]:
    """vega + vega-lite + vega-embed in one script served by the site itself (no CDN)."""
    key = hashlib.sha256(f"bundle|{vlc.__version__}".encode()).hexdigest()[:16]
    cached = cache_dir / f"vega-bundle-{key}.js" if cache_dir else None
    if cached and cached.is_file():
        return {VENDOR_BUNDLE: cached.read_bytes()}
    data = render.javascript_bundle().encode("utf-8")
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(data)
    return {VENDOR_BUNDLE: data}
