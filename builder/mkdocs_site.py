"""Stage 7 — assemble: MkDocs (Material) turns the docs dir into the static site, atomically.

MkDocs builds into a temporary folder beside ``site/``; only a successful strict build
replaces ``site/``, so a failed build leaves the previous site untouched. Before the swap, each page's
search names (builder/search.py) join the search index MkDocs wrote.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from . import csp, paths, search

SEARCH_INDEX = Path("search") / "search_index.json"  # where Material's search plugin writes its index


def build_site(site_dir: Path = paths.SITE, config_file: Path = paths.MKDOCS_YML, docs_dir: Path | None = None,
               source_date_epoch: int | None = None, footer: str | None = None, site_url: str | None = None,
               search_terms: Mapping[str, Mapping[str, str]] | None = None) -> None:
    """``footer``: the text of the footer line (Material shows ``copyright``): the release and data date.
    ``site_url``: the published address (canonical links, sitemap); None keeps mkdocs.yml's (``SITE_URL``).
    ``search_terms``: the extra ranked fields of the search index (builder/search.py), by page location."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if source_date_epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch)  # reproducible sitemap dates
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        # load_config leaves out an option given as None: docs_dir then comes from the config file.
        config = load_config(str(config_file), site_dir=str(tmp), strict=True,
                             docs_dir=str(docs_dir) if docs_dir is not None else None,
                             copyright=html.escape(footer) if footer is not None else None, site_url=site_url)
        config.extra["csp"] = csp.META_POLICY  # the <meta> policy of every page (overrides/main.html)
        mkdocs_build(config)
        if search_terms:
            search.add_to_index(tmp / SEARCH_INDEX, search_terms)
        old = site_dir.with_name(site_dir.name + ".old")
        if site_dir.exists():
            shutil.rmtree(old, ignore_errors=True)
            site_dir.replace(old)
        tmp.replace(site_dir)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if source_date_epoch is not None:
            if previous is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = previous
