"""Results keyed by a hash of exactly what they depend on, kept in the cache dir between builds.

A key is the SHA-256 of its inputs' bytes: the files of the data package, the builder's own code (every
module, schema and string catalogue of this package) and the versions of the libraries that shape the
result. A result is read back only under the same key, so a change of any input — a data cell, a string,
a line of code, a library upgrade — makes a new key and the result is made again: the cache cannot serve
a stale one. The cache lives outside git (``.cache/``) and may be deleted at any time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

PACKAGE = Path(__file__).parent
# the libraries whose behaviour is part of a derived result (frames, chart specs, formatted text)
LIBRARIES = ("pandas", "numpy", "altair", "babel", "pyyaml", "jinja2", "vl-convert-python", "mkdocs", "mkdocs-material")


def _files(root: Path, skip: Callable[[str], bool] | None = None) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return [(root.name, root)] if root.is_file() else []
    found = [(p.relative_to(root).as_posix(), p) for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted((rel, p) for rel, p in found if not (skip and skip(rel)))


def digest_tree(root: Path, skip: Callable[[str], bool] | None = None) -> str:
    """The SHA-256 of every file under ``root`` (or of ``root``, a file): each path relative to ``root`` and its
    bytes, in path order; ``skip(relative path)`` leaves files out."""
    h = hashlib.sha256()
    for rel, path in _files(root, skip):
        h.update(rel.encode("utf-8") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def stat_tree(root: Path, skip: Callable[[str], bool] | None = None) -> str:
    """A cheap fingerprint of what is under ``root`` now (paths, sizes, modification times; no bytes read): any file
    added, removed, rewritten or touched changes it. For outputs, which only the build writes."""
    h = hashlib.sha256()
    for rel, path in _files(root, skip):
        stat = path.stat()
        h.update(f"{rel}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return h.hexdigest()


@cache
def builder_version() -> str:
    """The builder's own version: its code, schemas and strings, the Python and the libraries it runs on."""
    libraries = "|".join(f"{name}={version(name)}" for name in LIBRARIES)
    return hashlib.sha256(f"{sys.version}|{libraries}|{digest_tree(PACKAGE)}".encode()).hexdigest()


def key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def kept(cache_dir: Path | None, name: str, key_: str, make: Callable[[], T]) -> T:
    """``make()``, or the result kept under ``key_`` by an earlier call. One result is kept per ``name``
    (a new key replaces the old file), written atomically so a killed build leaves no half-written result."""
    if cache_dir is None:
        return make()
    folder = cache_dir / "keyed"
    path = folder / f"{name}-{key_}.pickle"
    if path.is_file():
        try:
            with path.open("rb") as f:
                found: T = pickle.load(f)  # our own file, written below under this key
                return found
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            path.unlink(missing_ok=True)  # unreadable (a newer format, a torn disk): make it again
    result = make()
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    for old in folder.glob(f"{name}-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
    return result
