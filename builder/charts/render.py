"""Render chart specs to static SVG at build time (vl-convert, no browser), with a cache.

Each SVG is keyed by the SHA-256 of exactly what it depends on — the static spec (``theme.static``: the
spec with the theme's config, at the variant's width) and the renderer's versions — so an unchanged chart
is never rendered twice (the start of incremental builds). A chart that fills its column has two
renders, wide and narrow; the dark variant of each is derived from it (``theme.dark_svg``), never rendered.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import struct
from importlib.metadata import version
from pathlib import Path
from typing import Any

import vl_convert as vlc
from PIL import Image

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


# PNG: rasterised from the chart's (cached) SVG, which is cheaper than rendering the spec again. Scale 1.5 of a
# 640-px chart is about 1,000 px wide: sharp on a slide, and a large link preview (Open Graph and X take 600 px
# and more; 1,200 px is recommended but scale 2 costs 60% more time for the 2,600 charts; the SVG is there for print). vl-convert writes 8-bit RGBA; a chart has few colours (most fewer than 256, with
# the anti-aliasing), so it is written again as an indexed PNG: about 9 times smaller than vl-convert's
# (docs/charts.md has the sizes).
PNG_SCALE = 1.5
PNG_COMPRESSION = 6  # level 9 with Pillow's optimize: 13% smaller, twice the time
PNG_COLOURS = 256  # an indexed PNG's palette; the rare colours beyond it take the nearest of these
PNG_FORMAT = "pillow-mediancut-2"  # the version of the writing below: part of the cache key


def png_key(spec: dict[str, Any]) -> str:
    """The PNG's cache key: its SVG's key, the scale, the compression, the background and vl-convert's version."""
    parts = ("png", cache_key(spec), str(PNG_SCALE), str(PNG_COMPRESSION), PNG_FORMAT, str(PNG_COLOURS),
             theme.PNG_BACKGROUND, str(theme.PNG_MARGIN), VL_CONVERT_VERSION)
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


def cached_png(key: str, cache_dir: Path | None) -> bytes | None:
    if cache_dir is None:
        return None
    cached = cache_dir / f"{key}.png"
    return cached.read_bytes() if cached.is_file() else None


_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def _opaque(svg: str) -> str:
    """The SVG on the PNG's background with a margin of ``theme.PNG_MARGIN`` px (the page's SVG is transparent,
    to sit on either colour scheme, and ends at its outermost label; an image pasted into a slide needs both)."""
    opening = _SVG_OPEN.search(svg)
    width, height = svg_size(svg)
    if opening is None or not width or not height:
        return svg
    pad = theme.PNG_MARGIN
    tag = re.sub(r'\s(width|height|viewBox)="[^"]*"', "", opening.group(0)[:-1]).rstrip("/")
    tag += f' width="{width + 2 * pad}" height="{height + 2 * pad}" viewBox="{-pad} {-pad} {width + 2 * pad} {height + 2 * pad}">'
    rect = f'<rect x="{-pad}" y="{-pad}" width="{width + 2 * pad}" height="{height + 2 * pad}" fill="{theme.PNG_BACKGROUND}"/>'
    return svg[: opening.start()] + tag + rect + svg[opening.end():]


def compact_png(png: bytes) -> bytes:
    """vl-convert's RGBA PNG made small with Pillow: an indexed PNG, exact when the chart has at most
    ``PNG_COLOURS`` colours (median cut then gives each colour its own entry), else the nearest of
    ``PNG_COLOURS`` for the rare anti-aliased edge pixels; no dithering (flat colours stay flat)."""
    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
    indexed = rgb.quantize(colors=PNG_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    indexed.save(out, format="PNG", compress_level=PNG_COMPRESSION)
    return out.getvalue()


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels, from the PNG's header."""
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def to_png(svg: str, key: str, cache_dir: Path | None = None) -> bytes:
    """The PNG of a rendered SVG (``key``: ``png_key`` of its spec), cached like the SVGs."""
    found = cached_png(key, cache_dir)
    if found is not None:
        return found
    png = compact_png(vlc.svg_to_png(_opaque(svg), scale=PNG_SCALE))
    if cache_dir is not None:
        cached = cache_dir / f"{key}.png"
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        tmp.write_bytes(png)
        tmp.replace(cached)
    return png


def svg_size(svg: str) -> tuple[int, int]:
    """(width, height) of a rendered SVG, from its root element (0, 0 when it has none)."""
    opening = _SVG_OPEN.search(svg)
    found = {k: v for k, v in re.findall(r'\s(width|height)="([\d.]+)"', opening.group(0))} if opening else {}
    return round(float(found.get("width", 0))), round(float(found.get("height", 0)))


def javascript_bundle() -> str:
    """One self-hosted script with vega, vega-lite and vega-embed (no CDN)."""
    # The stubs make snippet required; the default (None) assigns the libraries to window, as wanted.
    return vlc.javascript_bundle()  # type: ignore[call-arg]
