"""Read a data file as text, safely: size checked before reading, UTF-8 checked with the place
of the first bad byte, a byte-order mark dropped. CRLF line endings are left to the parsers."""

from __future__ import annotations

import re
from pathlib import Path

from . import errors
from .issues import Issue, relpath

MAX_BYTES = 50 * 1024 * 1024  # per file: a table larger than this is a mistake, not data
BOM = "\ufeff"
_LINE_BREAK = re.compile(rb"\r\n|\n|\r")


def read_text(file: Path, limit: int | None = None) -> tuple[str | None, list[Issue]]:
    """The text of ``file``, or None and the issue that prevents reading it."""
    path = relpath(file)
    limit = MAX_BYTES if limit is None else limit
    size = file.stat().st_size
    if size > limit:
        return None, [errors.issue("file-too-large", path, 0, 0, size=f"{size:,}", limit=f"{limit:,}")]
    data = file.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = position(data, exc.start)
        return None, [errors.issue("not-utf8", path, line, column, byte=f"0x{data[exc.start]:02x}")]
    return text.removeprefix(BOM), []


def position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, character column) of byte ``offset`` of ``data``, counting characters
    of the valid UTF-8 before it on its line."""
    # lines as the csv module and YAML count them (CRLF, LF or a lone CR), like every other issue
    breaks = list(_LINE_BREAK.finditer(data, 0, offset))
    start = breaks[-1].end() if breaks else 0
    before = data[start:offset].decode("utf-8", errors="replace").removeprefix(BOM)
    return len(breaks) + 1, len(before) + 1
