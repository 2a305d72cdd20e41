"""Read a tidy CSV file, check each cell against its sidecar's column types, keep positions."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .issues import Issue, did_you_mean, relpath
from .sidecar import Column, Sidecar

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ISO3_RE = re.compile(r"^[A-Z]{3}$")
YEAR_RE = re.compile(r"^[0-9]{4}$")
INT_RE = re.compile(r"^-?[0-9]+$")
NUM_RE = re.compile(r"^-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$")


@dataclass
class Table:
    """A validated table: typed rows plus where each cell came from."""

    sidecar: Sidecar
    path: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # line of each row
    offsets: list[dict[str, int]] = field(default_factory=list)  # char column of each cell

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


def _convert(column: Column, text: str) -> tuple[Any, str | None, str]:
    """Typed value of ``text`` for ``column``, or (None, code, message) when it does not parse."""
    kind = column.type
    if kind in ("string", "text"):
        return text, None, ""
    if kind == "id":
        return (text, None, "") if ID_RE.match(text) else (
            None, "bad-id", f"'{text}' is not a valid id (lowercase letters, digits and hyphens).")
    if kind == "iso3":
        return (text, None, "") if ISO3_RE.match(text) else (
            None, "bad-iso3", f"'{text}' is not an ISO 3166-1 alpha-3 code (three capital letters).")
    if kind == "integer":
        return (int(text), None, "") if INT_RE.match(text) else (
            None, "bad-integer", f"'{text}' is not a whole number (no separators, no decimals).")
    if kind == "number":
        return (float(text), None, "") if NUM_RE.match(text) else (
            None, "bad-number", f"'{text}' is not a number (use '.' for decimals, no separators).")
    if kind == "year":
        return (int(text), None, "") if YEAR_RE.match(text) else (
            None, "bad-year", f"'{text}' is not a four-digit year.")
    if kind == "boolean":
        if text in ("true", "false"):
            return text == "true", None, ""
        return None, "bad-boolean", f"'{text}' is not a boolean (write true or false)."
    if kind == "date":
        try:
            return dt.date.fromisoformat(text).isoformat(), None, ""
        except ValueError:
            return None, "bad-date", f"'{text}' is not a date (YYYY-MM-DD)."
    if kind == "url":
        return (text, None, "") if text.startswith(("http://", "https://")) else (
            None, "bad-url", f"'{text}' is not a web address (http:// or https://).")
    if kind == "list":
        return tuple(p.strip() for p in text.split("|") if p.strip()), None, ""
    raise ValueError(f"unknown column type {kind}")  # the schema prevents this


def _check_range(column: Column, value: Any) -> tuple[str, str] | None:
    if column.minimum is not None and isinstance(value, (int, float)) and value < column.minimum:
        code = "negative-value" if column.minimum == 0 else "below-minimum"
        return code, f"{value:g} is below the minimum {column.minimum:g} of column '{column.name}'."
    if column.maximum is not None and isinstance(value, (int, float)) and value > column.maximum:
        return "above-maximum", f"{value:g} is above the maximum {column.maximum:g} of column '{column.name}'."
    return None


def read_table(file: Path, sidecar: Sidecar) -> tuple[Table, list[Issue]]:
    """Read ``file`` as described by ``sidecar``; return the table and every problem found."""
    path = relpath(file)
    table = Table(sidecar, path)
    issues: list[Issue] = []
    text = file.read_text(encoding="utf-8-sig")
    raw_lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return table, [Issue(path, 1, 1, "empty-file", "The file is empty: it needs at least a header row.")]
    expected = [c.name for c in sidecar.columns]
    header_cols = _field_offsets(raw_lines[0]) if raw_lines else []
    for i, name in enumerate(header):
        if name not in expected:
            col = header_cols[i] if i < len(header_cols) else 1
            issues.append(Issue(path, 1, col, "unknown-column",
                                f"Column '{name}' is not declared in {sidecar.path}.", did_you_mean(name, expected)))
    for name in expected:
        if name not in header:
            issues.append(Issue(path, 1, 1, "missing-column",
                                f"Column '{name}' declared in {sidecar.path} is missing from the header.",
                                did_you_mean(name, header)))
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
            issues.append(Issue(path, reader.line_num, 1, "csv-syntax", f"CSV syntax error: {exc}"))
            break
        start = line_no + 1
        line_no = reader.line_num
        if not record or all(not f.strip() for f in record):
            continue
        raw = raw_lines[start - 1] if start - 1 < len(raw_lines) else ""
        starts = _field_offsets(raw)
        if len(record) != len(header):
            issues.append(Issue(path, start, 1, "row-length",
                                f"Row has {len(record)} fields; the header has {len(header)}."))
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
                    issues.append(Issue(path, start, col, "missing-value",
                                        f"Column '{name}' is required but empty."))
                continue
            value, code, message = _convert(column, cell)
            if code:
                issues.append(Issue(path, start, col, code, message))
                row[name] = None
                continue
            problem = _check_range(column, value)
            if problem:
                issues.append(Issue(path, start, col, problem[0], problem[1]))
            if column.enum is not None and cell not in column.enum:
                issues.append(Issue(path, start, col, "not-in-enum",
                                    f"'{cell}' is not allowed in column '{name}'.",
                                    did_you_mean(cell, [e for e in column.enum if e]) or
                                    "Allowed: " + ", ".join(e or "(empty)" for e in column.enum)))
            row[name] = value
        key = tuple(row.get(k) for k in sidecar.primary_key)
        if None not in key:
            if key in seen_keys:
                shown = ", ".join(f"{k}={v}" for k, v in zip(sidecar.primary_key, key, strict=True))
                issues.append(Issue(path, start, offsets.get(sidecar.primary_key[0], 1), "duplicate-key",
                                    f"Duplicate key ({shown}); first seen on line {seen_keys[key]}."))
            else:
                seen_keys[key] = start
        table.rows.append(row)
        table.lines.append(start)
        table.offsets.append(offsets)
    return table, issues

