"""Golden files: the generated Markdown, chart JSON and CSV of the tiny fixture package.

Regenerate after an intended change with ``make golden`` (``python -m tests.golden --update``)
and read the diff before committing it.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from builder import build, routes

FIXTURE = Path(__file__).parent / "fixtures" / "tiny" / "data"
GOLDEN = Path(__file__).parent / "golden" / "tiny"
COMPARED = (".md", ".json", ".csv", ".yml")  # SVGs depend on the renderer's fonts: checked elsewhere


def generate(docs_dir: Path) -> dict[str, str]:
    """Build the fixture's generated sections into ``docs_dir``; return {path: text} of compared files."""
    build.build(build.Options(data_dir=FIXTURE, docs_dir=docs_dir, cache_dir=None, assemble=False, vendor=False,
                              changelog=FIXTURE.parent / "CHANGELOG.md", site_url=None))
    out = {name: (docs_dir / name).read_text(encoding="utf-8") for name in routes.GENERATED_FILES}
    for section in routes.GENERATED_SECTIONS:
        for file in sorted((docs_dir / section).rglob("*")):
            if file.is_file() and file.name.endswith(COMPARED):
                out[file.relative_to(docs_dir).as_posix()] = file.read_text(encoding="utf-8")
    return out


def update() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = generate(Path(tmp))
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for rel, text in files.items():
        target = GOLDEN / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} golden files into {GOLDEN}")


if __name__ == "__main__":
    if "--update" in sys.argv:
        update()
    else:
        print(__doc__)
