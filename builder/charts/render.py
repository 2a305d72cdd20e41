"""Render chart specs to static SVG at build time (vl-convert, no browser), with a cache.

Each SVG is keyed by the SHA-256 of exactly what it depends on — the static spec (``theme.static``: the
spec with the theme's config, at the variant's width) and the renderer's versions — so an unchanged chart
is never rendered twice (the start of incremental builds). A chart that fills its column has two
renders, wide and narrow; the dark variant of each is derived from it (``theme.dark_svg``), never rendered.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from importlib.metadata import version
from pathlib import Path
from typing import Any

import vl_convert as vlc

from . import theme

# vl_convert's stubs do not declare its __version__; the installed distribution's is the same.
VL_CONVERT_VERSION = version("vl-convert-python")


_PATH_DATA = re.compile(r'(?<= d=")[^"]*')


def _rounded(svg: str, spec: dict[str, Any]) -> str:
    """Path coordinates rounded to ``usermeta.svgDigits`` decimals when the spec asks (maps, whose
    thousands of points written to a thousandth of a pixel are a quarter of the file)."""
    digits = spec.get("usermeta", {}).get("svgDigits") if isinstance(spec.get("usermeta"), dict) else None
    if not isinstance(digits, int) or isinstance(digits, bool) or not 0 <= digits < 3:
        return svg
    longer = re.compile(rf"\d+\.\d{{{digits + 1},}}")

    def cut(number: re.Match[str]) -> str:
        text = f"{float(number.group(0)):.{digits}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return _PATH_DATA.sub(lambda m: longer.sub(cut, m.group(0)), svg)


def cache_key(spec: dict[str, Any], narrow: bool = False) -> str:
    payload = json.dumps(theme.static(spec, narrow), sort_keys=True, separators=(",", ":"))
    versions = f"{VL_CONVERT_VERSION}|{theme.VEGA_LITE_VERSION}"
    return hashlib.sha256((versions + "|" + payload).encode("utf-8")).hexdigest()


def cached_svg(spec: dict[str, Any], cache_dir: Path | None, narrow: bool = False) -> str | None:
    if cache_dir is None:
        return None
    cached = cache_dir / f"{cache_key(spec, narrow)}.svg"
    return cached.read_text(encoding="utf-8") if cached.is_file() else None


def to_svg(spec: dict[str, Any], cache_dir: Path | None = None, narrow: bool = False) -> str:
    """The light static SVG of ``spec`` (``narrow``: its narrow variant), from the cache when it is there."""
    found = cached_svg(spec, cache_dir, narrow)
    if found is not None:
        return found
    svg = _rounded(vlc.vegalite_to_svg(theme.static(spec, narrow), vl_version=theme.VEGA_LITE_VERSION), spec)
    if cache_dir is not None:
        cached = cache_dir / f"{cache_key(spec, narrow)}.svg"
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")  # unique per process
        tmp.write_text(svg, encoding="utf-8")
        tmp.replace(cached)
    return svg


def javascript_bundle() -> str:
    """One self-hosted script with vega, vega-lite and vega-embed (no CDN)."""
    # The stubs make snippet required; the default (None) assigns the libraries to window, as wanted.
    return vlc.javascript_bundle()  # type: ignore[call-arg]
