"""The build's speed and the site's weight, measured in one run on a copy of the project's inputs.

Usage: make bench   (or: python benchmarks/build_time.py [--skip-naive] [--skip-lighthouse])

In the same run, on the same data: a full cold build (empty cache), a rebuild with nothing changed, a
rebuild after one country's figure changed, a rebuild after one template changed, and the naive pipeline
(no cache, one process). Then the output's size, the search index's size (gzip), the first-load weight of
the heaviest country page (HTML, CSS, JS and the images that are not lazy-loaded, gzip) and Lighthouse's
mobile performance and accessibility scores for a country page (npm lighthouse 12.2.3, Debian's Chromium).
Prints a table with the targets of docs/performance.md and writes benchmarks/results/latest.json (git-ignored).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from builder import build, paths, routes

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / ".tools" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HEAVY_PAGE = "countries/united-states"  # the heaviest country page (most charts, partners, evidence)
CHANGED_COUNTRY = "MEX"
TARGETS = {  # seconds, KB, score — the targets of issue 19 (docs/performance.md)
    "cold": 60.0, "nothing changed": 3.0, "one country changed": 10.0,
}


def copy_inputs(root: Path) -> build.Options:
    """A private copy of data/, templates/ and the hand-written part of site_src/, so the benchmark may edit them."""
    shutil.copytree(paths.DATA, root / "data")
    shutil.copytree(paths.TEMPLATES, root / "templates")
    shutil.copytree(paths.DOCS_DIR, root / "docs", ignore=shutil.ignore_patterns(
        *[s for s in routes.GENERATED_SECTIONS if "/" not in s], "vendor", ".staging*"))
    for name in routes.GENERATED_FILES:
        (root / "docs" / name).unlink(missing_ok=True)
    return build.Options(data_dir=root / "data", template_dir=root / "templates", docs_dir=root / "docs",
                         site_dir=root / "site", cache_dir=root / "cache", skip_unchanged=True)


def timed(label: str, options: build.Options) -> float:
    started = time.perf_counter()
    site = build.build(options)
    elapsed = time.perf_counter() - started
    what = "skipped: up to date" if site is None else f"{len(site.pages())} pages, {len(site.charts())} charts"
    print(f"  {label:<28} {elapsed:7.1f} s   ({what})", flush=True)
    return elapsed


def change_one_country(data: Path) -> None:
    """One figure of one country, as a maintainer's fix would be: its newest immigrant count, plus one."""
    table = data / "indicators" / "migrant_stock.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    row = max(i for i, line in enumerate(lines) if line.startswith(CHANGED_COUNTRY + ","))
    cells = lines[row].split(",")
    cells[-1] = str(int(float(cells[-1])) + 1)
    lines[row] = ",".join(cells)
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")


def change_one_template(templates: Path) -> None:
    page = templates / "country.md.j2"
    page.write_text(page.read_text(encoding="utf-8") + "\n<!-- benchmark: one template changed -->\n", encoding="utf-8")


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def first_load(site: Path, page: str) -> dict[str, int]:
    """Bytes (gzip) a first visit to ``page`` loads before any scrolling: the HTML, its stylesheets and
    scripts, and the images without loading="lazy"."""
    html_file = site / page / "index.html"
    html = html_file.read_text(encoding="utf-8")
    weight = {"html": gz(html.encode("utf-8")), "css": 0, "js": 0, "images": 0}

    def local(ref: str) -> Path | None:
        if re.match(r"^[a-z]+:|^//", ref):
            return None
        target = (html_file.parent / ref.split("#")[0].split("?")[0]).resolve()
        return target if target.is_file() else None

    for ref in re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html):
        if (f := local(ref)) is not None:
            weight["css"] += gz(f.read_bytes())
    for ref in re.findall(r'<script[^>]+src="([^"]+)"', html):
        if (f := local(ref)) is not None:
            weight["js"] += gz(f.read_bytes())
    for tag in re.findall(r"<img\b[^>]*>", html):
        src = re.search(r'src="([^"]+)"', tag)
        if src and 'loading="lazy"' not in tag and (f := local(src.group(1))) is not None:
            weight["images"] += gz(f.read_bytes())
    weight["total"] = sum(weight.values())
    return weight


def lighthouse(site: Path, page: str) -> dict[str, float] | None:
    if not LIGHTHOUSE.is_file() or CHROMIUM is None or shutil.which("node") is None:
        print("  (Lighthouse skipped: run scripts/ensure-lighthouse.sh)")
        return None
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/{page}/"
        out = subprocess.run(["node", str(LIGHTHOUSE), url, "--output=json", "--quiet",
                              "--only-categories=performance,accessibility", "--form-factor=mobile",
                              f"--chrome-path={CHROMIUM}", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                             capture_output=True, text=True, timeout=300, check=False)
        if out.returncode != 0:
            print(f"  (Lighthouse failed: {out.stderr.strip()[-300:]})")
            return None
        report = json.loads(out.stdout)
        return {name: round(cat["score"] * 100) for name, cat in report["categories"].items()}
    finally:
        httpd.shutdown()


def machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text(encoding="utf-8"))
        model = found.group(1).strip() if found else ""
    return f"{os.cpu_count()} cores {model} · Python {platform.python_version()} · {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-naive", action="store_true", help="leave out the naive pipeline (the slowest run)")
    parser.add_argument("--skip-lighthouse", action="store_true")
    args = parser.parse_args()
    print(f"Machine: {machine()}", flush=True)
    results: dict[str, object] = {"machine": machine()}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        options = copy_inputs(root)
        times = {"cold": timed("full build, cold cache", options),
                 "nothing changed": timed("rebuild, nothing changed", options)}
        change_one_country(options.data_dir)
        times["one country changed"] = timed(f"rebuild, one {CHANGED_COUNTRY} figure", options)
        change_one_template(options.template_dir)
        times["one template changed"] = timed("rebuild, country template", options)
        site = options.site_dir
        results["output_mb"] = round(size_of(site) / 1e6, 1)
        index = site / "search" / "search_index.json"
        results["search_index_gzip_kb"] = round(gz(index.read_bytes()) / 1e3) if index.is_file() else None
        results["first_load_kb"] = {k: round(v / 1e3, 1) for k, v in first_load(site, HEAVY_PAGE).items()}
        results["lighthouse"] = None if args.skip_lighthouse else lighthouse(site, "countries/mexico")
        if not args.skip_naive:
            naive = build.Options(data_dir=options.data_dir, template_dir=options.template_dir,
                                  docs_dir=options.docs_dir, site_dir=root / "site-naive", cache_dir=None, workers=1)
            times["naive"] = timed("naive: no cache, one process", naive)
    results["seconds"] = {k: round(v, 1) for k, v in times.items()}
    print("\nResult                          value      target")
    for name, seconds in times.items():
        target = TARGETS.get(name)
        mark = "" if target is None else ("  ok" if seconds <= target else "  MISSED")
        print(f"  {name:<28} {seconds:7.1f} s  {'' if target is None else f'≤ {target:.0f} s'}{mark}")
    if "naive" in times:
        ratio = times["naive"] / times["cold"]
        results["naive_over_cold"] = round(ratio, 2)
        print(f"  {'naive / cold':<28} {ratio:7.2f} ×  ≥ 3 ×{'  ok' if ratio >= 3 else '  MISSED'}")
    load = results["first_load_kb"]
    assert isinstance(load, dict)
    print(f"  {'output size':<28} {results['output_mb']:7.1f} MB")
    print(f"  {'search index (gzip)':<28} {results['search_index_gzip_kb']} KB  ≤ 1000 KB")
    print(f"  {'first load, ' + HEAVY_PAGE.split('/')[-1]:<28} {load['total']:7.1f} KB  ≤ 75 KB (gzip)  {load}")
    print(f"  {'Lighthouse (mobile, mexico)':<28} {results['lighthouse']}  performance ≥ 95, accessibility 100")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
