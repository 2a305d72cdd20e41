"""Read a tidy CSV file, check each cell against its sidecar's column types, keep positions."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import errors, textfile
from .geometry import Geometry
from .issues import Issue, did_you_mean, relpath
from .sidecar import Column, Sidecar

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # one URL segment: no dots, slashes or stray hyphens


def slugify(text: str) -> str:
    """A name as one URL segment: ASCII letters and digits joined by hyphens ("Côte d'Ivoire" → "cote-divoire")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
ISO3_RE = re.compile(r"^[A-Z]{3}$")
YEAR_RE = re.compile(r"^[0-9]{4}$")
INT_RE = re.compile(r"^-?[0-9]+$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
NUM_RE = re.compile(r"^-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$")
LINE_RE = re.compile(r"\r\n|\n|\r")  # the line breaks the csv module counts
FIRST_YEAR = 1800  # years outside FIRST_YEAR .. this year + 1 are typing errors unless a column says otherwise


@dataclass
class Table:
    """A validated table: typed rows plus where each cell came from."""

    sidecar: Sidecar
    path: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # line of each row
    offsets: list[dict[str, int]] = field(default_factory=list)  # char column of each cell
    geometry: Geometry | None = None  # map tables (kind: map): the geometry file their sidecar names

    def position(self, index: int, column: str) -> tuple[int, int]:
        return self.lines[index], self.offsets[index].get(column, 1)


def _field_offsets(raw_line: str) -> list[int]:
    """1-based character columns where each field of a CSV line starts."""
    starts, quoted, i = [1], False, 0
    while i < len(raw_line):
        ch = raw_line[i]
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            starts.append(i + 2)
        i += 1
    return starts


def _convert(column: Column, text: str) -> tuple[Any, Issue | None]:
    """Typed value of ``text`` for ``column``, or (None, issue without its place) when it does not parse."""
    kind = column.type

    def bad(code: str) -> tuple[None, Issue]:
        return None, errors.issue(code, "", value=text)

    if kind in ("string", "text"):
        return text, None
    if kind == "id":
        if column.name == "slug":
            return (text, None) if SLUG_RE.fullmatch(text) else bad("bad-slug")  # $ alone lets "x\n" by
        return (text, None) if ID_RE.fullmatch(text) else bad("bad-id")
    if kind == "iso3":
        return (text, None) if ISO3_RE.fullmatch(text) else bad("bad-iso3")
    if kind == "integer":
        return (int(text), None) if INT_RE.fullmatch(text) else bad("bad-integer")
    if kind == "number":
        if not NUM_RE.fullmatch(text) or not math.isfinite(float(text)):  # 1e400 would be infinity
            return bad("bad-number")
        return float(text), None
    if kind == "year":
        return (int(text), None) if YEAR_RE.fullmatch(text) else bad("bad-year")
    if kind == "boolean":
        return (text == "true", None) if text in ("true", "false") else bad("bad-boolean")
    if kind == "date":
        try:  # fromisoformat alone also takes 20250101 and 2025-W01-1
            return (dt.date.fromisoformat(text).isoformat(), None) if DATE_RE.fullmatch(text) else bad("bad-date")
        except ValueError:
            return bad("bad-date")
    if kind == "url":
        return (text, None) if text.startswith(("http://", "https://")) else bad("bad-url")
    if kind == "list":
        return tuple(p.strip() for p in text.split("|") if p.strip()), None
    raise ValueError(f"unknown column type {kind}")  # the schema prevents this


def bounds(column: Column) -> tuple[float | None, float | None]:
    """The allowed range of ``column``: declared, or FIRST_YEAR .. next year for years."""
    low, high = column.minimum, column.maximum
    if column.type == "year":
        low = FIRST_YEAR if low is None else low
        high = dt.date.today().year + 1 if high is None else high
    return low, high


def _check_range(column: Column, value: Any, path: str, line: int, col: int) -> Issue | None:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    low, high = bounds(column)
    what = f"Column '{column.name}': "
    if low == 0 and value < 0:
        return errors.issue("negative-value", path, line, col, what=what, value=f"{value:g}")
    if low is not None and value < low:
        return errors.issue("out-of-range", path, line, col, what=what, value=f"{value:g}",
                            bound=f"below the minimum {low:g}")
    if high is not None and value > high:
        return errors.issue("out-of-range", path, line, col, what=what, value=f"{value:g}",
                            bound=f"above the maximum {high:g}")
    return None


def _check_header(header: list[str], sidecar: Sidecar, path: str, raw_header: str) -> list[Issue]:
    expected = [c.name for c in sidecar.columns]
    starts = _field_offsets(raw_header)
    if not set(header) & set(expected):
        return [errors.issue("missing-header", path, 1, 1, sidecar=sidecar.path, columns=",".join(expected))]
    issues = []
    first: dict[str, int] = {}
    for i, name in enumerate(header):
        col = starts[i] if i < len(starts) else 1
        if name in first:
            issues.append(errors.issue("duplicate-column", path, 1, col, name=name, first=first[name]))
            continue
        first[name] = col
        if name not in expected:
            issues.append(errors.issue("unknown-column", path, 1, col, name=name, sidecar=sidecar.path,
                                       suggestion=did_you_mean(name, expected)))
    for name in expected:
        if name not in header:
            issues.append(errors.issue("missing-column", path, 1, 1, name=name, sidecar=sidecar.path,
                                       suggestion=did_you_mean(name, header)))
    return issues


def read_table(file: Path, sidecar: Sidecar) -> tuple[Table, list[Issue]]:
    """Read ``file`` as described by ``sidecar``; return the table and every problem found."""
    path = relpath(file)
    table = Table(sidecar, path)
    text, unreadable = textfile.read_text(file)
    if text is None:
        return table, unreadable
    raw_lines = LINE_RE.split(text)
    with _field_limit(FIELD_LIMIT):
        return _read_rows(table, text, raw_lines, sidecar, path)


# The longest cell a table may hold: Python's default, set for each read because the limit is global to the
# process and a library (frictionless, in the tests) may have raised it; a longer cell is a csv-syntax error.
FIELD_LIMIT = 131_072


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _read_rows(table: Table, text: str, raw_lines: list[str], sidecar: Sidecar, path: str) -> tuple[Table, list[Issue]]:
    issues: list[Issue] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return table, [errors.issue("empty-file", path, 1, 1)]
    except csv.Error as exc:
        return table, [_csv_error(exc, path, 1, raw_lines)]
    issues = _check_header(header, sidecar, path, raw_lines[0])
    if issues:
        return table, issues
    columns = {c.name: c for c in sidecar.columns}
    seen_keys: dict[tuple[Any, ...], int] = {}
    line_no = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            issues.append(_csv_error(exc, path, line_no + 1, raw_lines, reader.line_num))
            break
        start = line_no + 1
        line_no = reader.line_num
        if not record or all(not f.strip() for f in record):
            continue
        raw = raw_lines[start - 1] if start - 1 < len(raw_lines) else ""
        starts = _field_offsets(raw)
        if len(record) != len(header):
            issues.append(errors.issue("row-length", path, start, 1, found=len(record), expected=len(header)))
            continue
        row: dict[str, Any] = {}
        offsets: dict[str, int] = {}
        for i, (name, cell) in enumerate(zip(header, record, strict=True)):
            column = columns[name]
            col = starts[i] if i < len(starts) else 1
            offsets[name] = col
            cell = cell.strip()
            if cell == "":
                row[name] = () if column.type == "list" else None
                if column.required:
                    issues.append(errors.issue("missing-value", path, start, col, what=f"Column '{name}'"))
                continue
            value, problem = _convert(column, cell)
            if problem:
                issues.append(Issue(path, start, col, problem.code, problem.message, problem.hint))
                row[name] = None
                continue
            out_of_range = _check_range(column, value, path, start, col)
            if out_of_range:
                issues.append(out_of_range)
            if column.enum is not None and cell not in column.enum:
                issues.append(errors.issue("not-in-enum", path, start, col, value=cell, what=f"column '{name}'",
                                           suggestion=did_you_mean(cell, [e for e in column.enum if e]) or
                                           "Allowed: " + ", ".join(e or "(empty)" for e in column.enum)))
            row[name] = value
        key = tuple(row.get(k) for k in sidecar.primary_key)
        if None not in key:
            if key in seen_keys:
                shown = ", ".join(f"{k}={v}" for k, v in zip(sidecar.primary_key, key, strict=True))
                issues.append(errors.issue("duplicate-key", path, start, offsets.get(sidecar.primary_key[0], 1),
                                           key=shown, first=f"on line {seen_keys[key]}"))
            else:
                seen_keys[key] = start
        table.rows.append(row)
        table.lines.append(start)
        table.offsets.append(offsets)
    return table, issues


def _csv_error(exc: csv.Error, path: str, start: int, raw_lines: list[str], at: int | None = None) -> Issue:
    """A CSV syntax error: an unclosed quote points at the line where the quoted field opens."""
    if "unexpected end of data" in str(exc):
        raw = raw_lines[start - 1] if start - 1 < len(raw_lines) else ""
        return errors.issue("unclosed-quote", path, start, raw.find('"') + 1 if '"' in raw else 1)
    return errors.issue("csv-syntax", path, at or start, 1, problem=str(exc).rstrip("."))
