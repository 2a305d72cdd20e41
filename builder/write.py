"""Stage 6 — write: the only stage that touches the output tree.

Generated sections of the docs dir are built in a staging folder and swapped in whole, so a
reader of the docs dir never sees half of a build. A generated file at the root of the docs dir
(the home page, ``index.md``) cannot be swapped with a folder: it is staged like the rest and
renamed over the current one (``os.replace``, atomic on one file system: a reader sees the old
file or the new one, never a part), and a generated root file that this build did not write is
removed, as a section's stale files are.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from . import routes


def write_generated(docs_dir: Path, files: dict[str, bytes | str],
                    sections: tuple[str, ...] = routes.GENERATED_SECTIONS,
                    root_files: tuple[str, ...] = routes.GENERATED_FILES) -> None:
    """Replace every generated section and root file of ``docs_dir`` with ``files`` (paths relative to it)."""
    for name in root_files:
        if "/" in name or name.startswith(".") or name in sections:
            raise ValueError(f"{name} is not a file name at the root of the docs dir")
    for rel in files:
        if rel not in root_files and not any(rel == s or rel.startswith(s + "/") for s in sections):
            raise ValueError(f"{rel} is outside the generated sections {sections} and files {root_files}")
    docs_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=docs_dir))
    try:
        for rel, content in sorted(files.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            target.write_bytes(data)
        for section in sections:
            new, current = staging / section, docs_dir / section
            new.mkdir(parents=True, exist_ok=True)
            current.parent.mkdir(parents=True, exist_ok=True)
            old = staging / f".old-{section.replace('/', '-')}"
            if current.exists():
                current.replace(old)
            new.replace(current)
        for name in root_files:
            new, current = staging / name, docs_dir / name
            if name in files:
                new.replace(current)  # one rename over the old file: never missing, never half written
            elif current.is_file() or current.is_symlink():
                current.replace(staging / f".old-{name}")  # stale: goes with the staging folder
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_file(path: Path, text: str) -> None:
    """Write one text file whole (a temporary file renamed over it), and only when its content changes."""
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f".{path.name}.tmp")
    staged.write_bytes(data)
    staged.replace(path)
