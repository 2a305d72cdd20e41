"""Stage 6 — write: the only stage that touches the output tree.

Generated sections of the docs dir are built in a staging folder and swapped in whole, so a
reader of the docs dir never sees half of a build.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from . import routes


def write_generated(docs_dir: Path, files: dict[str, bytes | str],
                    sections: tuple[str, ...] = routes.GENERATED_SECTIONS) -> None:
    """Replace every generated section of ``docs_dir`` with ``files`` (paths relative to it)."""
    for rel in files:
        if not any(rel == s or rel.startswith(s + "/") for s in sections):
            raise ValueError(f"{rel} is outside the generated sections {sections}")
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
    finally:
        shutil.rmtree(staging, ignore_errors=True)
