"""Read a data file as text, safely: size checked before reading, UTF-8 checked with the place
of the first bad byte, a byte-order mark dropped. CRLF line endings are left to the parsers."""

from __future__ import annotations

from pathlib import Path

from . import errors
from .issues import Issue, relpath

MAX_BYTES = 50 * 1024 * 1024  # per file: a table larger than this is a mistake, not data
BOM = "\ufeff"


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
    start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    before = data[start:offset].decode("utf-8", errors="replace").removeprefix(BOM)
    return line, len(before) + 1
