from pathlib import Path

from . import golden


def test_generated_pages_and_charts_match_the_golden_files(tmp_path: Path):
    files = golden.generate(tmp_path / "docs")
    expected = {p.relative_to(golden.GOLDEN).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(golden.GOLDEN.rglob("*")) if p.is_file()}
    assert sorted(files) == sorted(expected), "generated file list changed: run `make golden` and review the diff"
    for rel, text in expected.items():
        assert files[rel] == text, f"{rel} differs from its golden copy: run `make golden` and review the diff"
