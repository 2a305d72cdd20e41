from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from builder import csp, paths, routes

# Property tests (tests/test_properties.py). "ci" replays the same examples on every run, so a red
# CI is always reproducible and never a dice roll; "dev" explores new examples on each run and keeps
# the failing ones in .hypothesis/ (git-ignored). No deadline: two shared cores make timings noisy.
# "ci" is the default, so `make test` on any machine replays the same examples;
# HYPOTHESIS_PROFILE=dev picks the exploring one (`make test-explore`).
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "ci")

TINY = Path(__file__).parent / "fixtures" / "tiny" / "data"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A writable copy of the tiny fixture data package."""
    target = tmp_path / "data"
    shutil.copytree(TINY, target)
    return target


def copy_docs(target: Path) -> Path:
    """The hand-written part of the MkDocs sources (site_src/ without what the builder generates)."""
    shutil.copytree(paths.DOCS_DIR, target, ignore=shutil.ignore_patterns(
        *[s for s in routes.GENERATED_SECTIONS if "/" not in s], "vendor", ".staging*"))
    for name in routes.GENERATED_FILES:  # the generated home page, when a build has written it
        (target / name).unlink(missing_ok=True)
    return target


@pytest.fixture(scope="session")
def data_catalog():
    """The catalog of data/, checked once per test run (read only: its records are frozen)."""
    from builder import build

    catalog, issues = build.check(paths.DATA)
    assert catalog is not None, [i.format() for i in issues]
    return catalog


@pytest.fixture(scope="session")
def data_site(data_catalog):
    """Every page model of data/, derived once per test run (about 30 s on two cores), or read back from the
    cache when the real site's build (or an earlier run) derived them from the same data and code."""
    from builder import build

    return build.derived(data_catalog, paths.DATA, paths.CACHE)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The whole site built once from data/, shared by every test module that needs it."""
    from builder import build

    root = tmp_path_factory.mktemp("real")
    build.build(build.Options(docs_dir=copy_docs(root / "docs"), site_dir=root / "site", cache_dir=paths.CACHE))
    return root / "site"


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site as a host would, with the strict Content-Security-Policy of builder/csp.py."""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", csp.policy(self.path.split("?")[0]))
        super().end_headers()

    def log_message(self, *args: object) -> None:
        pass


def serve(directory: Path):
    """A server of ``directory`` on 127.0.0.1 (a free port) in a thread; returns (base URL, server)."""
    handler = functools.partial(_SiteHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}", httpd


@pytest.fixture(scope="session")
def site_server(real_site):
    """The real site served on 127.0.0.1 under the strict CSP, for every browser test."""
    url, httpd = serve(real_site)
    yield url
    httpd.shutdown()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, headless, driven by Playwright; one per test run."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


needs_shared_datasets = pytest.mark.skipif(not paths.DATASETS.is_dir(), reason="../shared/datasets not present")
needs_seeds = pytest.mark.skipif(not paths.SEEDS.is_dir(), reason="../shared/seeds not present")


def copy_corrections(target: Path, *sources: str) -> None:
    """The project's declared corrections of the given importers, into a data package under test."""
    import csv

    folder = target / "corrections"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(paths.DATA / "corrections" / "corrections.meta.yml", folder)
    with (paths.DATA / "corrections" / "corrections.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = [r for r in reader if r["source"] in sources]
        fields = reader.fieldnames or []
    with (folder / "corrections.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
