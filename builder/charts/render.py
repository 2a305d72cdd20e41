"""Render chart specs to static SVG at build time (vl-convert, no browser), with a cache.

Each SVG is keyed by the SHA-256 of exactly what it depends on — the spec and the renderer's
versions — so an unchanged chart is never rendered twice (the start of incremental builds).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import struct
import zlib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import vl_convert as vlc

from . import theme

# vl_convert's stubs do not declare its __version__; the installed distribution's is the same.
VL_CONVERT_VERSION = version("vl-convert-python")


def _static(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with a fixed width (the browser view fills its container instead)."""
    out = copy.deepcopy(spec)
    if out.get("width") == "container":
        out["width"] = theme.WIDTH
    return out


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


def cache_key(spec: dict[str, Any]) -> str:
    payload = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    versions = f"{VL_CONVERT_VERSION}|{theme.VEGA_LITE_VERSION}"
    return hashlib.sha256((versions + "|" + payload).encode("utf-8")).hexdigest()


def cached_svg(spec: dict[str, Any], cache_dir: Path | None) -> str | None:
    if cache_dir is None:
        return None
    cached = cache_dir / f"{cache_key(spec)}.svg"
    return cached.read_text(encoding="utf-8") if cached.is_file() else None


def to_svg(spec: dict[str, Any], cache_dir: Path | None = None) -> str:
    found = cached_svg(spec, cache_dir)
    if found is not None:
        return found
    svg = _rounded(vlc.vegalite_to_svg(_static(spec), vl_version=theme.VEGA_LITE_VERSION), spec)
    if cache_dir is not None:
        cached = cache_dir / f"{cache_key(spec)}.svg"
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")  # unique per process
        tmp.write_text(svg, encoding="utf-8")
        tmp.replace(cached)
    return svg


# PNG: rasterised from the chart's (cached) SVG, which is cheaper than rendering the spec again. Scale 2 of a
# 640-px chart is about 1,400 px wide: sharp on slides and in print, and wide enough for a link preview
# (og:image wants 1,200 px). vl-convert writes 8-bit RGBA; a chart has few colours (most fewer than 256, with
# the anti-aliasing), so it is written again as an indexed PNG: about 9 times smaller than vl-convert's
# (docs/charts.md has the sizes).
PNG_SCALE = 2.0
PNG_COMPRESSION = 9
PNG_COLOURS = 256  # an indexed PNG's palette; the rare colours beyond it take the nearest of these
PNG_FORMAT = "indexed-1"  # the version of the writing below: part of the cache key


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


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    out, pos = [], 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        out.append((png[pos + 4:pos + 8], png[pos + 8:pos + 8 + length]))
        pos += 12 + length
    return out


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _recompressed(png: bytes) -> bytes:
    """The same image with its pixel data deflated again at ``PNG_COMPRESSION`` (one IDAT chunk)."""
    chunks = _chunks(png)
    pixels = zlib.decompress(b"".join(data for kind, data in chunks if kind == b"IDAT"))
    out, written = [png[:8]], False
    for kind, data in chunks:
        if kind == b"IDAT":
            if not written:
                out.append(_chunk(b"IDAT", zlib.compress(pixels, PNG_COMPRESSION)))
                written = True
            continue
        out.append(_chunk(kind, data))
    return b"".join(out)


def _rgb(png: bytes) -> np.ndarray | None:
    """The pixels of an opaque 8-bit RGBA PNG as (height, width, 3), when its rows use the filters None or Sub
    (vl-convert's); None otherwise."""
    chunks = _chunks(png)
    header = next((data for kind, data in chunks if kind == b"IHDR"), b"")
    if len(header) != 13:
        return None
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if (depth, colour, interlace) != (8, 6, 0):
        return None
    raw = np.frombuffer(zlib.decompress(b"".join(data for kind, data in chunks if kind == b"IDAT")), np.uint8)
    if raw.size != height * (width * 4 + 1):
        return None
    rows = raw.reshape(height, width * 4 + 1)
    filters = rows[:, 0]
    if not np.isin(filters, (0, 1)).all():
        return None
    pixels = rows[:, 1:].reshape(height, width, 4)
    sub = filters == 1  # Sub: each byte adds the byte of the pixel to its left, so a row is a running sum
    pixels = np.where(sub[:, None, None], np.cumsum(pixels, axis=1, dtype=np.uint8), pixels)
    if not (pixels[:, :, 3] == 255).all():
        return None
    return pixels[:, :, :3]


def _indexed(rgb: np.ndarray) -> bytes:
    """An indexed PNG of ``rgb``: exact when it has ``PNG_COLOURS`` colours or fewer; otherwise the most frequent
    colours make the palette and each other colour (anti-aliased edge pixels, a fraction of a per cent) takes the
    nearest of them."""
    height, width, _ = rgb.shape
    if not len(rgb):
        return b""
    wide = rgb.astype(np.uint32)
    keys = (wide[:, :, 0] << 16 | wide[:, :, 1] << 8 | wide[:, :, 2]).ravel()
    inverse, colours = pd.factorize(keys)  # a hash table: several times faster than np.unique's sort
    counts = np.bincount(inverse)
    palette = np.stack([colours >> 16 & 255, colours >> 8 & 255, colours & 255], axis=1).astype(np.int32)
    if len(colours) > PNG_COLOURS:
        order = np.argsort(-counts, kind="stable")
        kept, rest = order[:PNG_COLOURS], order[PNG_COLOURS:]
        distance = ((palette[rest][:, None, :] - palette[kept][None, :, :]) ** 2).sum(axis=2)
        remap = np.empty(len(colours), np.int64)
        remap[kept] = np.arange(len(kept))
        remap[rest] = distance.argmin(axis=1)
        inverse, palette = remap[inverse], palette[kept]
    index = inverse.astype(np.uint8).reshape(height, width)
    rows = np.concatenate([np.zeros((height, 1), np.uint8), index], axis=1)  # filter None: best for a palette
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"PLTE", palette.astype(np.uint8).tobytes())
            + _chunk(b"IDAT", zlib.compress(rows.tobytes(), PNG_COMPRESSION)) + _chunk(b"IEND", b""))


def compact_png(png: bytes) -> bytes:
    """vl-convert's PNG made small: indexed when it can be read as written (8-bit RGBA, opaque, filters None or
    Sub), else the same pixels deflated again."""
    rgb = _rgb(png)
    return _recompressed(png) if rgb is None else _indexed(rgb)


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
