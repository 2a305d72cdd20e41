"""Escaping: every value from data/ is made inert for the context it is written into.

The templates write Markdown that MkDocs turns into HTML, with raw HTML blocks inside it, so a
text value must be inert twice: as HTML (no tag, no attribute break-out) and as Markdown (no link,
image, attribute list or code span of its own). ``text`` does both by writing the characters that
matter as HTML character references, which both Markdown and HTML show as the plain character.

A value is trusted (written as it is) only when it is a ``Markup`` object, and only this module,
``builder.pages`` and the templates' ``{% set %}`` blocks make those: each says why at that place.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup

# Characters that mean something to HTML or to Python-Markdown and its extensions (attr_list's
# "{ ... }", links' "[...]", emphasis, code spans, tables' "|", headings' "#", backslash escapes).
_ALWAYS = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\\": "&#92;", "`": "&#96;", "*": "&#42;",
           "{": "&#123;", "}": "&#125;", "[": "&#91;", "]": "&#93;", "|": "&#124;", "#": "&#35;"}
_TABLE = str.maketrans(_ALWAYS)
# "_" stays between two letters or digits (ids and file names use it), where Python-Markdown's smart
# emphasis ignores it; anywhere else it could open or close emphasis or make a rule ("___").
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# At the start of a line (after at most the one space left) these open a block: list item,
# horizontal rule ("---", "-- -"), ordered list, setext heading underline, admonition ("!!!").
_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # not \s: a no-break space stays
_LINE_START = re.compile(r"^( ?)(?:(-)(?=[-\s])|(\+)(?=\s)|(\d+)([.)])(?=\s|$)|(=)(?==*\s*$)|(!)(?=!!))")


def _line_start(m: re.Match[str]) -> str:
    space, dash, plus, digits, mark, equals, bang = m.groups()
    if digits:
        return f"{space}{digits}&#{ord(mark)};"
    return f"{space}&#{ord(dash or plus or equals or bang)};"


def text(value: Any) -> Markup:
    """``value`` as inert text for Markdown and HTML (element content or a double-quoted attribute).

    Each run of whitespace, line breaks included, becomes one space: a value never opens a block.
    ``Markup`` passes unchanged (it was escaped or is trusted already).
    """
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    s = _SPACE.sub(" ", str(value)).translate(_TABLE)
    s = _UNDERSCORE.sub("&#95;", s)
    s = _LINE_START.sub(_line_start, s)
    return Markup(s)


def join(values: Any, separator: str = "") -> Markup:
    """Jinja's ``join``, escaping each item with ``text`` (the built-in escapes for HTML only)."""
    return Markup(text(separator)).join(text(v) for v in values)


SAFE_SCHEMES = ("http", "https", "mailto")


def url(value: Any) -> Markup:
    """A link target: http(s), mailto or a relative address, percent-encoded so it cannot end the link.

    Any other scheme (``javascript:``, ``data:``) is refused with ValueError: validation lets none
    through, so meeting one here is a bug, not bad data.
    """
    if isinstance(value, Markup):
        return value
    s = str(value).strip()
    # an href attribute decodes character references first: "javascript&colon;" is javascript:
    schemes = {urlsplit(s).scheme.lower(), urlsplit(html.unescape(s)).scheme.lower()} - {""}
    if schemes - set(SAFE_SCHEMES):
        raise ValueError(f"refusing to link to {s!r}: only {', '.join(SAFE_SCHEMES)} or relative addresses")
    return Markup(quote(s, safe="/:?#=&%@+,;~!$'-._"))


def code(value: Any) -> Markup:
    """Inline code (a file name, a checksum) as an HTML ``<code>`` element with inert content."""
    return Markup("<code>") + text(value) + Markup("</code>")


def front_matter(value: Any) -> str:
    """A YAML scalar for a page's front matter, HTML-escaped.

    MkDocs and Material write ``title`` and ``description`` into the page without escaping (the
    navigation, ``<title>``, ``<meta name="description">``, the search index), so they get HTML
    character references here. JSON strings are valid YAML.
    """
    s = " ".join(str(value).split())
    for char, ref in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        s = s.replace(char, ref)
    return json.dumps(s, ensure_ascii=False)


def json_text(data: Any, **kwargs: Any) -> str:
    """JSON with ``<``, ``>`` and ``&`` written as ``\\u`` escapes: no tag survives even if the file is sniffed as HTML."""
    out = json.dumps(data, **kwargs)
    return out.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# A cell that a spreadsheet would run as a formula (OWASP "CSV injection").
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$")


def csv_cell(value: Any) -> Any:
    """A text cell starting like a formula gets a leading apostrophe; numbers and other values stay."""
    if isinstance(value, str) and value.startswith(_FORMULA) and not _NUMBER.match(value.strip()):
        return "'" + value
    return value


def needs_csv_escape(value: Any) -> bool:
    return csv_cell(value) is not value


def csv_text(rows: Iterable[Sequence[str]]) -> str:
    """CSV text with "\n" line ends; a row holding a lone CR is written fully quoted (the csv writer
    would leave it bare with this terminator, and readers take it for a line break)."""
    out = io.StringIO()
    plain = csv.writer(out, lineterminator="\n")
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        (quoted if any("\r" in c for c in row) else plain).writerow(row)
    return out.getvalue()


def inert_csv(data: bytes) -> bytes:
    """A CSV file's bytes with formula cells neutralised; the same bytes when no cell needs it."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    if not any(needs_csv_escape(cell) for row in rows for cell in row):
        return data
    return csv_text([csv_cell(c) for c in row] for row in rows).encode("utf-8")
