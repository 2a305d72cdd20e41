"""``factbook serve``: MkDocs' live-reloading server plus a watcher that regenerates pages.

MkDocs watches site_src/ (hand-written and generated pages) and mkdocs.yml; this watcher
regenerates the generated sections when data/ or templates/ change, which MkDocs then picks up.
"""

from __future__ import annotations

import logging
import threading

from mkdocs.commands.serve import serve as mkdocs_serve
from watchfiles import watch

from . import build, paths, urls
from .issues import DataError


def _regenerate() -> None:
    try:
        build.build(build.Options(assemble=False, manifest=urls.MANIFEST, redirects=urls.REDIRECTS))
        print("Regenerated pages from data/ and templates/.", flush=True)
    except DataError as exc:
        for issue in exc.issues:
            print(issue.format(), flush=True)
        print("The data have errors: the preview keeps the previous pages.", flush=True)


def _watch_inputs(stop: threading.Event) -> None:
    for _changes in watch(paths.DATA, paths.TEMPLATES, stop_event=stop):
        _regenerate()


def serve(port: int = 8000) -> None:
    log = logging.getLogger("mkdocs")
    if not log.handlers:  # show MkDocs' own messages ("Serving on http://127.0.0.1:8000/", rebuilds)
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    print(f"Building the pages, then serving on http://127.0.0.1:{port}/ …", flush=True)
    _regenerate()
    stop = threading.Event()
    watcher = threading.Thread(target=_watch_inputs, args=(stop,), daemon=True)
    watcher.start()
    try:
        mkdocs_serve(config_file=str(paths.MKDOCS_YML), dev_addr=f"127.0.0.1:{port}", livereload=True)
    finally:
        stop.set()
