"""Results kept under a key of their inputs (builder/keyed.py): made once, remade when any input changes."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from builder import build, keyed
from builder.issues import DataError


def test_a_result_is_made_once_per_key_and_again_for_a_new_key(tmp_path):
    calls: list[int] = []

    def make(value: int):
        calls.append(value)
        return {"value": value}

    assert keyed.kept(tmp_path, "x", "k1", lambda: make(1)) == {"value": 1}
    assert keyed.kept(tmp_path, "x", "k1", lambda: make(2)) == {"value": 1}  # kept
    assert keyed.kept(tmp_path, "x", "k2", lambda: make(3)) == {"value": 3}  # new key: made again
    assert calls == [1, 3]
    assert [p.name for p in (tmp_path / "keyed").iterdir()] == ["x-k2.pickle"]  # one result kept per name


def test_an_unreadable_result_is_made_again(tmp_path):
    keyed.kept(tmp_path, "x", "k", lambda: 1)
    (tmp_path / "keyed" / "x-k.pickle").write_bytes(b"torn")
    assert keyed.kept(tmp_path, "x", "k", lambda: 2) == 2


def test_without_a_cache_dir_nothing_is_kept(tmp_path):
    calls: list[int] = []
    for _ in range(2):
        keyed.kept(None, "x", "k", lambda: calls.append(1))
    assert calls == [1, 1]


def test_the_tree_digest_changes_with_any_byte_or_name(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "t.csv").write_text("x\n1\n", encoding="utf-8")
    first = keyed.digest_tree(tmp_path)
    assert keyed.digest_tree(tmp_path) == first
    (tmp_path / "a" / "t.csv").write_text("x\n2\n", encoding="utf-8")
    second = keyed.digest_tree(tmp_path)
    assert second != first
    (tmp_path / "a" / "t.csv").rename(tmp_path / "a" / "u.csv")
    assert keyed.digest_tree(tmp_path) not in (first, second)


def test_page_models_are_derived_again_when_a_data_cell_changes(tmp_path, tiny):
    cache = tmp_path / "cache"
    catalog, _ = build.check(tiny)
    assert catalog is not None
    first = build.derived(catalog, tiny, cache)
    again = build.derived(catalog, tiny, cache)
    mexico = next(p for p in again.countries if p.country.slug == "mexico")
    assert again is not first and mexico == next(p for p in first.countries if p.country.slug == "mexico")
    kept = sorted((cache / "keyed").glob("site-*.pickle"))
    assert len(kept) == 1

    changed = tmp_path / "changed"
    shutil.copytree(tiny, changed)
    stock = changed / "indicators" / "migrant_stock.csv"
    lines = stock.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("MEX,"))
    cells = lines[row].split(",")
    cells[2] = str(int(float(cells[2])) + 1)
    lines[row] = ",".join(cells)
    stock.write_text("\n".join(lines) + "\n", encoding="utf-8")
    catalog2, _ = build.check(changed)
    assert catalog2 is not None
    fresh = build.derived(catalog2, changed, cache)
    assert sorted((cache / "keyed").glob("site-*.pickle")) != kept  # a new key, a new result
    def mexico_charts(site):
        return [c.spec for c in site.charts() if c.id.startswith("country-mex-")]
    assert mexico_charts(fresh) != mexico_charts(first)  # the changed figure is in Mexico's charts


def test_the_builder_version_covers_its_own_code():
    assert len(keyed.builder_version()) == 64
    assert Path(keyed.__file__).parent == keyed.PACKAGE


def _tiny_options(tmp: Path, data: Path) -> build.Options:
    from tests.conftest import copy_docs

    if not (tmp / "docs").is_dir():
        copy_docs(tmp / "docs")
    return build.Options(data_dir=data, docs_dir=tmp / "docs", site_dir=tmp / "site", cache_dir=tmp / "cache",
                         vendor=False, skip_unchanged=True)


def test_a_build_with_nothing_changed_does_nothing_and_any_change_builds_again(tmp_path, tiny, monkeypatch):
    options = _tiny_options(tmp_path, tiny)
    assert build.build(options) is not None  # first build
    assert build.build(options) is None  # nothing changed: skipped
    index = tmp_path / "site" / "countries" / "mexico" / "index.html"

    stock = tiny / "indicators" / "migrant_stock.csv"  # a data cell
    stock.write_text(stock.read_text(encoding="utf-8").replace("MEX,2000,526172", "MEX,2000,526173"), encoding="utf-8")
    assert build.build(options) is not None
    assert build.build(options) is None
    before = index.read_bytes()

    index.write_text("tampered", encoding="utf-8")  # an output touched by hand
    assert build.build(options) is not None
    assert index.read_bytes() == before
    assert build.build(options) is None

    (tmp_path / "docs" / "about.md").write_text("# About\n\nChanged.\n", encoding="utf-8")  # a hand-written page
    assert build.build(options) is not None
    assert build.build(options) is None

    monkeypatch.setattr(build.keyed, "builder_version", lambda: "another builder")  # the builder's code
    assert build.build(options) is not None
    assert build.build(options) is None

    assert build.build(replace(options, site_url="https://example.org/")) is not None  # an option

    shutil.rmtree(tmp_path / "site")  # the output gone
    assert build.build(options) is not None and index.is_file()


def test_a_failed_build_leaves_no_stamp(tmp_path, tiny):
    options = _tiny_options(tmp_path, tiny)
    build.build(options)
    stock = tiny / "indicators" / "migrant_stock.csv"
    good = stock.read_text(encoding="utf-8")
    stock.write_text(good.replace("MEX,2000", "MXE,2000"), encoding="utf-8")
    with pytest.raises(DataError):
        build.build(options)
    stock.write_text(good, encoding="utf-8")  # back to the inputs of the last good build: its outputs are intact
    assert build.build(options) is None
