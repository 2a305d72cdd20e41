"""The home page: world figures equal data/aggregates, no remittance total, every country in the finder,
no script or style attribute, the world map among the charts, and the build writes index.md at the root."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import write


# --- the writer: a generated file at the root of the docs dir ---------------------------------------


def test_a_generated_root_file_replaces_the_old_one_and_a_stale_one_goes(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "about.md").write_text("hand-written\n", encoding="utf-8")
    (docs / "index.md").write_text("old home\n", encoding="utf-8")
    write.write_generated(docs, {"index.md": "new home\n", "countries/mexico.md": "Mexico\n"},
                          sections=("countries",), root_files=("index.md",))
    assert (docs / "index.md").read_text(encoding="utf-8") == "new home\n"
    assert (docs / "about.md").read_text(encoding="utf-8") == "hand-written\n"
    write.write_generated(docs, {"countries/mexico.md": "Mexico\n"}, sections=("countries",),
                          root_files=("index.md",))
    assert not (docs / "index.md").exists()  # the build no longer writes it: stale, removed
    assert (docs / "about.md").is_file()
    assert sorted(p.name for p in docs.iterdir()) == ["about.md", "countries"]  # no staging folder left


def test_only_listed_root_files_are_written(tmp_path: Path):
    with pytest.raises(ValueError, match="about.md"):
        write.write_generated(tmp_path, {"about.md": "x"}, sections=("countries",), root_files=("index.md",))
    with pytest.raises(ValueError, match="not a file name"):
        write.write_generated(tmp_path, {}, sections=("countries",), root_files=("sub/index.md",))
    assert list(tmp_path.iterdir()) == []
