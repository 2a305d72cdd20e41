"""Problems found in the data, reported all at once and pointing at the cell.

Printed as ``data/x/y.csv:123:4: error[unknown-country] message. hint`` so that editors and CI
logs can jump to the place. Checks *return* issues; they never raise on bad data.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import paths


@dataclass(frozen=True, order=True)
class Issue:
    path: str  # relative to the project root, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based character column; 0 when unknown
    code: str  # stable identifier, e.g. "unknown-country"
    message: str
    hint: str = ""
    severity: str = "error"

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        text = f"{where}: {self.severity}[{self.code}] {self.message}"
        if self.hint:
            text += f" {self.hint}"
        return text


class DataError(Exception):
    """Raised by the build when validation found errors; carries every issue."""

    def __init__(self, issues: list[Issue]):
        self.issues = sorted(issues)
        super().__init__(f"{len(self.issues)} problem(s) in the data")


def relpath(path: Path | str) -> str:
    """A path as shown in messages: relative to the project root when inside it."""
    p = Path(path).resolve()
    try:
        return p.relative_to(paths.ROOT).as_posix()
    except ValueError:
        return p.as_posix()


def did_you_mean(value: str, choices: Iterable[str], labels: dict[str, str] | None = None) -> str:
    """A "Did you mean …?" hint for ``value`` among ``choices`` (and their labels), or ''."""
    labels = labels or {}
    lookup: dict[str, str] = {}
    for choice in choices:
        lookup.setdefault(choice.lower(), choice)
        label = labels.get(choice)
        if label:
            lookup.setdefault(label.lower(), choice)
    matches = difflib.get_close_matches(value.lower(), list(lookup), n=1, cutoff=0.6)
    if not matches:
        return ""
    best = lookup[matches[0]]
    label = labels.get(best)
    return f"Did you mean '{best}' ({label})?" if label else f"Did you mean '{best}'?"


def errors(issues: Iterable[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == "error"]
