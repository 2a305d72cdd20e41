"""The corrections ledger: importers apply only declared corrections, guarded by the published value."""

from pathlib import Path

import pytest

from builder.ingest.common import IngestError
from builder.ingest.corrections import Ledger

TABLE = """id,source,raw_file,location,published,used,reason,indicators
fix-code,demo,raw.csv,"row 3, column code",SCG,SRB,"The release uses a retired code for Serbia.",income_group
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    (tmp_path / "corrections").mkdir()
    (tmp_path / "corrections" / "corrections.csv").write_text(TABLE, encoding="utf-8")
    return tmp_path


def test_a_declared_correction_gives_the_value_to_use(data):
    ledger = Ledger("demo", data)
    assert ledger.apply("fix-code", "SCG", "row 3") == "SRB"
    assert ledger.unused() == []


def test_an_undeclared_correction_is_refused(data):
    with pytest.raises(IngestError) as caught:
        Ledger("demo", data).apply("other-fix", "X", "row 9")
    assert [i.code for i in caught.value.issues] == ["undeclared-correction"]


def test_the_guard_fails_when_the_release_changed(data):
    with pytest.raises(IngestError) as caught:
        Ledger("demo", data).apply("fix-code", "SRB", "row 3")
    assert [i.code for i in caught.value.issues] == ["correction-guard"]


def test_a_correction_the_release_no_longer_needs_is_reported(data):
    assert [i.code for i in Ledger("demo", data).unused()] == ["correction-unused"]
    assert Ledger("another-source", data).unused() == []
