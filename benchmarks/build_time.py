"""Time a full build (empty chart cache) and a rebuild with nothing changed; print both.

Usage: make bench   (or: python benchmarks/build_time.py)
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from builder import build, paths, routes


def timed(options: build.Options) -> float:
    started = time.perf_counter()
    site = build.build(options)
    elapsed = time.perf_counter() - started
    if site is not None:
        print(f"  {len(site.countries)} country pages, {len(site.charts())} charts")
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(paths.DOCS_DIR, root / "docs", ignore=shutil.ignore_patterns(
            *[s for s in routes.GENERATED_SECTIONS if "/" not in s], "vendor", ".staging*"))
        for name in routes.GENERATED_FILES:
            (root / "docs" / name).unlink(missing_ok=True)
        options = build.Options(docs_dir=root / "docs", site_dir=root / "site", cache_dir=root / "cache")
        full = timed(options)
        print(f"full build (cold chart cache): {full:.1f} s")
        again = timed(options)
        print(f"rebuild, nothing changed:      {again:.1f} s")


if __name__ == "__main__":
    main()
