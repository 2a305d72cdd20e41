"""Known problems of the official releases, declared in data/corrections/corrections.csv.

An importer never patches a value silently: it asks the ledger for the declared correction,
which fails when the correction is not declared, or when the raw file no longer shows the
value the correction was written for (the upstream problem changed: a person must look again).
Every declared correction is shown on the site's sources page.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .. import errors, paths
from ..catalog import Correction
from ..issues import Issue, relpath
from .common import IngestError

TABLE = Path("corrections") / "corrections.csv"


class Ledger:
    """The corrections declared for one importer, and the ones it actually applied."""

    def __init__(self, source: str, data: Path = paths.DATA):
        self.source = source
        self.path = data / TABLE
        self.declared: dict[str, Correction] = {}
        if self.path.is_file():
            with self.path.open(encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    if row["source"] == source:
                        indicators = tuple(i for i in row.get("indicators", "").split("|") if i)
                        self.declared[row["id"]] = Correction(
                            row["id"], row["source"], row["raw_file"], row["location"], row["published"],
                            row["used"], row["reason"], indicators)
        self.applied: set[str] = set()

    def apply(self, ident: str, published: str, where: str = "", *, location: str | None = None) -> str:
        """The value to use instead of ``published``, as declared under ``ident``.

        ``location``, when given, must equal the declared location too: a correction that covers many
        cells (the zeros of a series) lists them there, and a release that moves them needs a person."""
        correction = self.declared.get(ident)
        if correction is None:
            raise IngestError([errors.issue("undeclared-correction", relpath(self.path), 0, 0, source=self.source,
                                            id=ident, where=where, published=published)])
        if correction.published != published:
            raise IngestError([errors.issue("correction-guard", relpath(self.path), 0, 0, id=ident,
                                            expected=correction.published, published=published, where=where)])
        if location is not None and correction.location != location:
            raise IngestError([errors.issue("correction-guard", relpath(self.path), 0, 0, id=ident,
                                            expected=correction.location, published=location, where="location")])
        self.applied.add(ident)
        return correction.used or ""

    def unused(self) -> list[Issue]:
        """Declared corrections the last run did not need: upstream fixed or changed them."""
        return [errors.issue("correction-unused", relpath(self.path), 0, 0, id=c.id, source=self.source)
                for c in self.declared.values() if c.id not in self.applied]
