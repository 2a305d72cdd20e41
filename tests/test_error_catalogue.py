"""The error catalogue: one definition per code, the docs generated from it, every code in use defined.

The importers (builder/ingest/) still build their issues by hand; converting them is the next step."""

from __future__ import annotations

import re

from builder import errors, paths


def test_docs_page_is_generated_from_the_catalogue():
    committed = (paths.ROOT / "docs" / "error-codes.md").read_text(encoding="utf-8")
    assert committed.rstrip("\n") == errors.markdown().rstrip("\n"), \
        "docs/error-codes.md is out of date: run `python -m builder.errors > docs/error-codes.md`"


def test_every_code_passed_to_the_catalogue_is_defined():
    used: set[str] = set()
    for file in sorted((paths.ROOT / "builder").rglob("*.py")):
        used |= set(re.findall(r"errors\.issue\(\s*\"([a-z0-9-]+)\"", file.read_text(encoding="utf-8")))
    assert used, "no call of errors.issue found"
    assert used <= set(errors.CATALOGUE), f"undefined: {sorted(used - set(errors.CATALOGUE))}"


def test_an_unknown_code_fails_at_once():
    import pytest

    with pytest.raises((KeyError, ValueError)):
        errors.issue("no-such-code", "data/x.csv", 1, 1)
