"""Checks of the evidence against the source documents, run when ../shared/seeds is present.

- every locator (document + line) exists, and a fact's number as written is printed on that
  line or the next one;
- no prose field repeats twelve consecutive words of a source document (a word the source breaks
  across lines with a hyphen counts as one word).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from . import errors, paths
from .issues import Issue
from .tables import Table

WINDOW = 12
PROSE_SIDECARS = ("source-table", "facts", "statements", "sections")  # their titles and notes are ours
WORD_RE = re.compile(r"[a-z0-9]+")
# A word broken at the end of a line by a hyphen: a letter, "-", the line break (and any blank lines), a lower-case letter.
BROKEN_WORD = re.compile(r"([A-Za-z])-[ \t]*\r?\n(?:[ \t]*\r?\n)*[ \t]*([a-z])")


def _words(text: str) -> list[str]:
    return WORD_RE.findall(text.lower())


@lru_cache(maxsize=8)
def _lines(file: Path) -> tuple[str, ...]:
    return tuple(file.read_text(encoding="utf-8", errors="replace").splitlines())


def join_broken_words(text: str) -> str:
    """Words the source splits across a line break with a hyphen, joined: "re-\nturned" → "returned"
    (blank lines between the halves too, as the text extraction leaves them)."""
    return BROKEN_WORD.sub(r"\1\2", text)


@lru_cache(maxsize=2)
def _grams(seeds: Path) -> frozenset[str]:
    """Every run of WINDOW words of the sources, read both with the line-break hyphens joined and as
    printed (a compound such as "entry-level" may be broken at its own hyphen)."""
    grams: set[str] = set()
    for file in sorted(seeds.glob("*.txt")):
        text = file.read_text(encoding="utf-8", errors="replace")
        for w in (_words(text), _words(join_broken_words(text))):
            grams.update(" ".join(w[i:i + WINDOW]) for i in range(len(w) - WINDOW + 1))
    return frozenset(grams)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def _document_files(tables: list[Table]) -> dict[str, str]:
    return {row["id"]: row["file"] for t in tables if t.sidecar.kind == "documents"
            for row in t.rows if row.get("id") and row.get("file")}


def check_locators(tables: list[Table], seeds: Path) -> list[Issue]:
    files = _document_files(tables)
    issues = []
    for table in tables:
        if table.sidecar.kind not in ("facts", "statements", "agencies"):
            continue
        doc_col = "source" if table.sidecar.kind == "agencies" else "document"
        for i, row in enumerate(table.rows):
            doc, line = row.get(doc_col), row.get("line")
            if doc is None or line is None or doc not in files:
                continue  # unknown documents are reported by the reference check
            lines = _lines(seeds / files[doc])
            at, col = table.position(i, "line")
            if not 1 <= line <= len(lines):
                issues.append(errors.issue("locator-line", table.path, at, col, line=line, file=files[doc],
                                           lines=len(lines)))
                continue
            if table.sidecar.kind != "facts" or not row.get("as_written"):
                continue
            here = _normalise(lines[line - 1] + " " + (lines[line] if line < len(lines) else ""))
            if _normalise(row["as_written"]) not in here:
                near = [n for n in range(max(1, line - 3), min(len(lines), line + 3) + 1)
                        if _normalise(row["as_written"]) in _normalise(lines[n - 1])]
                advice = {"advice": f"It is printed on line {near[0]}."} if near else {}
                at, col = table.position(i, "as_written")
                issues.append(errors.issue("locator-number", table.path, at, col, value=row["as_written"],
                                           where=f"on line {line} (or {line + 1})", file=files[doc], **advice))
    return issues


def check_source_tables(tables: list[Table], seeds: Path) -> list[Issue]:
    """Every cell of a source table is printed, as given, on its line."""
    files = _document_files(tables)
    issues = []
    for table in tables:
        if table.sidecar.kind != "source-table" or table.sidecar.meta.get("document") not in files:
            continue
        lines = _lines(seeds / files[table.sidecar.meta["document"]])
        for i, row in enumerate(table.rows):
            line, printed = row.get("line"), row.get("as_printed")
            if line is None or not printed:
                continue
            at, col = table.position(i, "as_printed")
            here = _normalise(lines[line - 1]) if 1 <= line <= len(lines) else ""
            found = printed in here.split() if " " not in printed else _normalise(printed) in here
            if not found:
                issues.append(errors.issue("locator-number", table.path, at, col, value=printed,
                                           where=f"printed as a value on line {line}",
                                           file=files[table.sidecar.meta["document"]]))
    return issues


def check_copied_text(tables: list[Table], seeds: Path) -> list[Issue]:
    grams = _grams(seeds)
    issues = []
    for table in tables:
        if table.sidecar.kind in PROSE_SIDECARS:
            for key in ("title", "description", "source_note"):
                words = _words(str(table.sidecar.meta.get(key) or ""))
                window = next((" ".join(words[k:k + WINDOW]) for k in range(len(words) - WINDOW + 1)
                               if " ".join(words[k:k + WINDOW]) in grams), None)
                if window:
                    issues.append(errors.issue("copied-text", table.sidecar.path, what=f"{key} ", window=window))
        prose = [c.name for c in table.sidecar.columns
                 if c.type == "text" or (table.sidecar.kind == "sections" and c.name == "title")]
        for i, row in enumerate(table.rows):
            for name in prose:
                words = _words(row.get(name) or "")
                for k in range(len(words) - WINDOW + 1):
                    window = " ".join(words[k:k + WINDOW])
                    if window in grams:
                        line, col = table.position(i, name)
                        issues.append(errors.issue("copied-text", table.path, line, col, what=f"{name} ",
                                                   window=window))
                        break
    return issues


def check(tables: list[Table], seeds: Path | None = None) -> list[Issue]:
    seeds = seeds or paths.SEEDS
    if not seeds.is_dir():
        return []
    return check_locators(tables, seeds) + check_source_tables(tables, seeds) + check_copied_text(tables, seeds)
