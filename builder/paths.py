"""Every root path of the project. Imports nothing from the builder."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TEMPLATES = ROOT / "templates"
DOCS_DIR = ROOT / "site_src"  # MkDocs docs_dir: hand-written pages + generated sections
SITE = ROOT / "site"
CACHE = ROOT / ".cache"
MKDOCS_YML = ROOT / "mkdocs.yml"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
STRINGS = Path(__file__).resolve().parent / "strings"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DATASETS = SHARED / "datasets"

