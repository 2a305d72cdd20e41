"""Publisher metadata lives in a YAML file beside each importer and is checked like a sidecar."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.ingest import IMPORTERS, metadata
from builder.ingest.common import IngestError

GOOD = """\
release:
  producer: A statistics office
  attribution: Office (2025)
  title: A release
  edition: '2025'
  date_published: 2025-02
  date_accessed: '2025-06-19'
  url: https://example.org/release
  licence: {name: CC BY 4.0, url: 'https://creativecommons.org/licenses/by/4.0/'}
  citation: Office (2025). A release.
"""


@pytest.fixture
def importer(tmp_path, monkeypatch):
    monkeypatch.setattr(metadata, "HERE", tmp_path)
    metadata._releases.cache_clear()
    yield tmp_path / "fake.yml"
    metadata._releases.cache_clear()


def test_the_block_gets_the_measured_fields_before_via(importer):
    importer.write_text(GOOD, encoding="utf-8")
    block = metadata.source("builder.ingest.fake", "release", raw_file="x/raw.csv", sha256="0" * 64, via="repo@1")
    assert list(block)[-3:] == ["raw_file", "sha256", "via"]
    assert block["licence"]["name"] == "CC BY 4.0" and block["date_published"] == "2025-02"


def test_a_misspelt_key_is_an_error_at_its_line_not_a_dropped_field(importer):
    importer.write_text(GOOD.replace("  citation:", "  citaton:"), encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        metadata.source("builder.ingest.fake", "release", raw_file="r", sha256="0" * 64)
    found = {(i.code, i.line, i.hint) for i in caught.value.issues}
    assert found == {("sidecar-unknown-field", 10, "Did you mean 'citation'?"), ("sidecar-missing-field", 1, "")}


def test_a_bad_value_and_an_unknown_release_are_errors(importer):
    importer.write_text(GOOD.replace("https://example.org/release", "example.org"), encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        metadata.source("builder.ingest.fake", "release", raw_file="r", sha256="0" * 64)
    assert [(i.code, i.line) for i in caught.value.issues] == [("sidecar-bad-value", 8)]
    with pytest.raises(IngestError) as caught:
        metadata.source("builder.ingest.fake", "other", raw_file="r", sha256="0" * 64)
    assert caught.value.issues[0].code == "sidecar-missing-field"


def test_every_importer_has_its_metadata_file_and_every_release_in_it_is_valid():
    metadata._releases.cache_clear()
    for module in IMPORTERS.values():
        path = Path(module.__file__).with_suffix(".yml")
        assert path.is_file(), f"{path.name} is missing beside {Path(module.__file__).name}"
        for release in metadata._releases(module.__name__):
            metadata.source(module.__name__, release, raw_file="raw", sha256="0" * 64, via="via")
