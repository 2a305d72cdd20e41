"""The catalogue of every error code: each defined once, with its message, hint and an example.

Checks create issues by code name, ``errors.issue("unknown-country", path, line, column,
value="MXE", suggestion=...)``; an unknown code, a missing placeholder or an unexpected one
raises at once. ``python -m builder.errors`` prints docs/error-codes.md.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from .issues import Issue


@dataclass(frozen=True)
class Code:
    name: str
    area: str  # which stage reports it (a heading of docs/error-codes.md)
    message: str  # str.format template
    hint: str = ""  # str.format template
    example: dict[str, str] = field(default_factory=dict)  # values for the placeholders
    defaults: dict[str, str] = field(default_factory=dict)  # placeholders a call may leave out

    def placeholders(self) -> set[str]:
        return {f for text in (self.message, self.hint)
                for _, f, _, _ in string.Formatter().parse(text) if f}


FILES, TABLES, SIDECARS, REFERENCES, EVIDENCE, IMPORTERS, URLS = (
    "Files", "Table cells", "Sidecars", "Ids and references", "Evidence (with ../shared/seeds)", "Importers",
    "Published URLs (urls/)")
SUGGEST = {"suggestion": ""}  # a "Did you mean …?" hint, computed by the check

CODES: tuple[Code, ...] = (
    # Files
    Code("missing-sidecar", FILES, "No metadata sidecar for this table.",
         "Create {sidecar} (see docs/data-format.md).", {"sidecar": "data/indicators/x.meta.yml"}),
    Code("orphan-sidecar", FILES, "This sidecar has no CSV table beside it.",
         "Add {table} or delete the sidecar.", {"table": "data/indicators/x.csv"}),
    Code("file-too-large", FILES, "The file has {size} bytes, more than the limit of {limit}.",
         "Split the table, or check that this is the file you meant to add.",
         {"size": "73400320", "limit": "52428800"}),
    Code("not-utf8", FILES, "Byte {byte} is not valid UTF-8: the file must be saved as UTF-8.",
         "Re-save it as UTF-8 (in a spreadsheet: CSV UTF-8).", {"byte": "0xe9"}),
    Code("empty-file", FILES, "The file is empty: it needs at least a header row.", "", {}),
    Code("csv-syntax", FILES, "CSV syntax error: {problem}.", "", {"problem": "unexpected end of data"}),
    Code("unclosed-quote", FILES, "A quoted field opened here is never closed.",
         "Close the quote, or double it (\"\") inside a quoted field.", {}),
    Code("missing-header", FILES, "Line 1 is not a header row: none of its fields is a column of {sidecar}.",
         "Add the header: {columns}.", {"sidecar": "x.meta.yml", "columns": "country,year,value"}),
    Code("duplicate-column", FILES, "Column '{name}' appears twice in the header (first at column {first}).",
         "", {"name": "year", "first": "5"}),
    Code("unknown-column", FILES, "Column '{name}' is not declared in {sidecar}.", "{suggestion}",
         {"name": "yeer", "sidecar": "x.meta.yml", "suggestion": "Did you mean 'year'?"}, SUGGEST),
    Code("missing-column", FILES, "Column '{name}' declared in {sidecar} is missing from the header.", "{suggestion}",
         {"name": "year", "sidecar": "x.meta.yml"}, SUGGEST),
    Code("geometry-missing", FILES, "The geometry file {file} named by this sidecar does not exist.",
         "Run 'factbook ingest world-atlas', or fix the sidecar's 'geometry' field.",
         {"file": "world_110m.topo.json"}),
    Code("json-syntax", FILES, "JSON syntax error: {problem}.", "", {"problem": "Expecting ',' delimiter"}),
    Code("geometry-layout", FILES, "{detail}",
         "A geometry file is a quantized TopoJSON Topology with a GeometryCollection 'countries' "
         "(see docs/data-format.md).", {"detail": "objects.countries is not a GeometryCollection."}),
    Code("row-length", FILES, "Row has {found} fields; the header has {expected}.",
         "Every row needs one field per column (an empty field for a missing value).",
         {"found": "4", "expected": "3"}),
    # Table cells
    Code("missing-value", TABLES, "{what} is required but empty.", "", {"what": "Column 'value'"}),
    Code("bad-id", TABLES, "'{value}' is not a valid id (lowercase letters, digits and hyphens).", "",
         {"value": "World_Bank"}),
    Code("bad-slug", TABLES, "Slug '{value}' is not URL-safe.",
         "Use lowercase letters and digits in words joined by single hyphens (united-states).",
         {"value": "../x"}),
    Code("bad-iso3", TABLES, "'{value}' is not an ISO 3166-1 alpha-3 code (three capital letters).", "",
         {"value": "Mexico"}),
    Code("bad-integer", TABLES, "{what}'{value}' is not a whole number.", "{advice}",
         {"what": "", "value": "957593x"}, {"what": "", "advice": "Write digits only: no separators, no decimals."}),
    Code("bad-number", TABLES, "{what}'{value}' is not a number.", "{advice}", {"what": "", "value": "1,5"},
         {"what": "", "advice": "Use '.' for decimals and no thousands separator."}),
    Code("bad-year", TABLES, "'{value}' is not a four-digit year.", "", {"value": "20x0"}),
    Code("bad-boolean", TABLES, "'{value}' is not a boolean (write true or false).", "", {"value": "yes"}),
    Code("bad-date", TABLES, "'{value}' is not a date (YYYY-MM-DD).", "", {"value": "2025-13-01"}),
    Code("bad-url", TABLES, "'{value}' is not a web address (http:// or https://).", "", {"value": "www.iom.int"}),
    Code("not-in-enum", TABLES, "'{value}' is not allowed in {what}.", "{suggestion}",
         {"value": "intergov", "what": "column 'type'", "suggestion": "Did you mean 'intergovernmental'?"}, SUGGEST),
    Code("negative-value", TABLES, "{what}{value} is negative.", "A count or amount cannot be below 0.",
         {"what": "", "value": "-1335154"}, {"what": ""}),
    Code("out-of-range", TABLES, "{what}{value} is {bound}.", "", {
        "what": "Column 'year': ", "value": "3024", "bound": "above the maximum 2027"}, {"what": ""}),
    Code("duplicate-key", TABLES, "Duplicate key ({key}); first seen {first}.", "{advice}",
         {"key": "country=MEX, year=2020", "first": "on line 5"},
         {"advice": "Each row needs its own key: remove or merge the repeated row."}),
    # Sidecars
    Code("yaml-syntax", SIDECARS, "YAML syntax error: {problem}.", "", {"problem": "found duplicate key 'title'"}),
    Code("sidecar-not-mapping", SIDECARS, "A sidecar must be a YAML mapping of fields.", "", {}),
    Code("sidecar-missing-field", SIDECARS, "{where}: '{field}' is a required field.", "",
         {"where": "source.licence", "field": "url"}),
    Code("sidecar-unknown-field", SIDECARS, "{where}: '{field}' is not a field of a sidecar.",
         "{suggestion}", {"where": "source", "field": "licens", "suggestion": "Did you mean 'licence'?"}, SUGGEST),
    Code("sidecar-bad-value", SIDECARS, "{where}: {problem}.", "{suggestion}",
         {"where": "unit", "problem": "'peple' is not one of ['people', 'percent', …]",
          "suggestion": "Did you mean 'people'?"}, SUGGEST),
    Code("sidecar-bad-key", SIDECARS, "primary_key column '{name}' is not among the columns.", "{suggestion}",
         {"name": "yaer", "suggestion": "Did you mean 'year'?"}, SUGGEST),
    Code("sidecar-id-mismatch", SIDECARS, "id '{id}' differs from the file stem '{stem}'.", "Use id: {stem}",
         {"id": "topics", "stem": "themes"}),
    Code("kind-missing-column", SIDECARS, "A '{kind}' table needs a column '{name}'.",
         "See docs/data-format.md for the columns of each kind.", {"kind": "indicator", "name": "value"}),
    # Ids and references
    Code("duplicate-id", REFERENCES, "{kind} id '{value}' is already used at {first}.", "",
         {"kind": "Fact", "value": "003-24-1", "first": "data/evidence/facts-003.csv:3"}),
    Code("duplicate-slug", REFERENCES, "Slug '{value}' is already used at {first}: URLs would collide.", "",
         {"value": "mexico", "first": "data/reference/countries.csv:2"}),
    *(Code(f"unknown-{kind}", REFERENCES, f"'{{value}}' is not a known {kind}{{detail}}.", "{suggestion}",
           {"value": value, "suggestion": hint}, {"detail": "", "suggestion": ""})
      for kind, value, hint in (
          ("country", "MXE", "Did you mean 'MEX' (Mexico)?"), ("region", "carribean", "Did you mean 'caribbean'?"),
          ("agency", "iomm", "Did you mean 'iom'?"), ("theme", "return-migraton", "Did you mean 'return-migration'?"),
          ("document", "hagan-return-mexico", ""), ("fact", "003-99-1", ""),
          ("indicator", "migrant_stok", "Did you mean 'migrant_stock'?"),
          ("term", "asylum-seker", "Did you mean 'asylum-seeker'?"))),
    Code("map-coverage", REFERENCES, "{detail}", "{advice}",
         {"detail": "MEX is listed as shown but world_110m.topo.json has no shape with id 'MEX'."},
         {"advice": "The table says which countries the geometry draws: re-run 'factbook ingest world-atlas'."}),
    Code("bad-phrase", REFERENCES, "Hover phrase '{value}' may hold only letters, digits, spaces, hyphens and "
         "apostrophes, and must be unique.", "It is matched word for word in the pages' text.",
         {"value": "refugees [UNHCR]"}),
    Code("unmapped-producer", REFERENCES, "No agency of agencies.csv publishes '{value}' (source.producer).",
         "{suggestion}", {"value": "World Bank", "suggestion": "Did you mean 'World Bank' (the producers of "
                          "world-bank, data/reference/agencies.csv:19)?"},
         {"suggestion": "Add it, word for word, to the column 'producers' of the agency that publishes this table."}),
    Code("duplicate-producer", REFERENCES, "Producer '{value}' is already given to another agency at {first}.",
         "A producer is mapped to one agency only.", {"value": "World Bank", "first": "data/reference/agencies.csv:19"}),
    Code("bad-subject", REFERENCES, "Subject '{value}' must be 'agency:<id>' or 'theme:<id>'.", "",
         {"value": "org:iom"}),
    # Evidence
    Code("locator-line", EVIDENCE, "Line {line} does not exist in {file} ({lines} lines).", "",
         {"line": "9999", "file": "003_ecef214700ac72a7.txt", "lines": "1200"}),
    Code("locator-number", EVIDENCE, "'{value}' is not {where} of {file}.", "{advice}",
         {"value": "175 million", "where": "on line 30 (or 31)", "file": "003_ecef214700ac72a7.txt",
          "advice": "It is printed on line 24."}, {"advice": "Check the line and the number."}),
    Code("copied-text", EVIDENCE, "{what}repeats a source document word for word (\"{window} …\").",
         "Write it in your own words: facts carry over, sentences do not.",
         {"what": "title ", "window": "the number of international migrants has doubled since 1975 …"},
         {"what": ""}),
    Code("disagreement-one-way", REFERENCES, "Fact {value} is said to disagree with fact {other}, but {other} does not "
         "name {value} in its disagrees_with.", "A disagreement is recorded on both sides: add {value} to {other}'s "
         "disagrees_with (or remove {other} here).", {"value": "001-99-1", "other": "001-3994-1"}),
    # Importers
    Code("raw-file-missing", IMPORTERS, "Raw file not found.",
         "Pass --from with the folder holding the official releases.", {}),
    Code("reference-missing", IMPORTERS, "{what} is needed to map the rows, but is missing or empty.",
         "Run the 'countries' importer first (or copy data/reference).", {"what": "countries.csv"}),
    Code("layout-changed", IMPORTERS, "{detail}", "{advice}",
         {"detail": "Sheet 'Table 1' not found.", "advice": ""},
         {"advice": "The importer reads the published layout: check the release and update the importer."}),
    Code("edition-mismatch", IMPORTERS, "{what} is based on {found}; the importer expects {expected}.", "{advice}",
         {"what": "CLASS.xlsx", "found": "2024 GNI per capita", "expected": "2023"}, {"advice": ""}),
    Code("name-mismatch", IMPORTERS, "Code {code} is named '{found}', not '{expected}': the mapping {code} → {iso3} "
         "does not apply.", "Check {mapping}.",
         {"code": "XKX", "found": "Kosovo", "expected": "Serbia", "iso3": "SRB",
          "mapping": "WB_CODES in builder/ingest/income_groups.py"}),
    Code("unknown-shape", IMPORTERS, "Shape {index} ('{name}') has the M49 code {code}, which is no country of "
         "countries.csv and not declared as other land.",
         "Add the country to the reference, or declare the shape in {mapping}.",
         {"index": "42", "name": "Kosovo", "code": "412", "mapping": "OTHER_LAND in builder/ingest/world_atlas.py"}),
    Code("missing-total", IMPORTERS, "Total of {name} is '{published}', not a number (a formula without a saved "
         "value?).", "Open and save the workbook in a spreadsheet.", {"name": "Mexico", "published": "=SUM(B3:HJ3)"}),
    Code("total-mismatch", IMPORTERS, "{detail}", "", {"detail": "Table 1: 'Mexico' 1990: both sexes 701513 but "
                                                       "males + females = 701512 (difference 1)."}),
    Code("inconsistent-share", IMPORTERS, "{detail}", "",
         {"detail": "Table 4: 'Mexico' 1990: 49.5% female, but Table 1 gives 48.9000%."}),
    Code("sources-disagree", IMPORTERS, "{detail}", "",
         {"detail": "MEX 2023: upper middle income here but high income in OGHIST.xlsx."}),
    Code("conflicting-aggregate", IMPORTERS, "{sheet}: '{name}' (code {code}) and row {line} (code {other}) both map "
         "to region '{region}' but their figures differ.", "",
         {"sheet": "Table 1", "name": "LATIN AMERICA AND THE CARIBBEAN", "code": "1830", "line": "40",
          "other": "904", "region": "latin-america-and-the-caribbean"}),
    Code("undeclared-correction", IMPORTERS, "{source} needs the correction '{id}' ({where}: '{published}'), which "
         "is not declared.", "Declare it with its reason in data/corrections/corrections.csv.",
         {"source": "wdi", "id": "wdi-x", "where": "row 3", "published": "-"}),
    Code("correction-guard", IMPORTERS, "Correction '{id}' was written for '{expected}' but the raw file now shows "
         "'{published}' ({where}).", "The upstream value changed: check the release and update or remove the "
         "correction.", {"id": "wdi-x", "expected": "-", "published": "0", "where": "row 3"}),
    Code("correction-unused", IMPORTERS, "Correction '{id}' of {source} was not needed by this release.",
         "Check the release and remove the correction if the problem is gone.", {"id": "wdi-x", "source": "wdi"}),
)
URL_CODES: tuple[Code, ...] = (
    Code("url-lost", URLS, "{url} was published and this build no longer has it.",
         "Restore it, or keep it working with a redirect in urls/redirects.yml (docs/urls.md).",
         {"url": "/countries/mexico/"}),
    Code("bad-redirect", URLS, "Redirect from {source}: {problem}.", "{advice}",
         {"source": "/countries/old-name/", "problem": "its target /countries/new-name/ is no page of the site"},
         {"advice": "Each entry is {from: /old/url/, to: /a/page/of/the/site/, reason: why it moved}."}),
)
CODES += URL_CODES
CATALOGUE: dict[str, Code] = {c.name: c for c in CODES}
assert len(CATALOGUE) == len(CODES), "a code is defined twice"


def issue(code: str, path: str, line: int = 0, column: int = 0, /, *, severity: str = "error",
          **values: object) -> Issue:
    """The issue ``code`` at ``path:line:column``, its message and hint filled from ``values``."""
    entry = CATALOGUE.get(code)
    if entry is None:
        raise KeyError(f"'{code}' is not in the error catalogue (builder/errors.py)")
    expected = entry.placeholders()
    given = {**entry.defaults, **values}
    if set(given) != expected:
        raise TypeError(f"error[{code}] takes {sorted(expected)}; got {sorted(values)}")
    text = {k: str(v) for k, v in given.items()}
    return Issue(path, line, column, code, entry.message.format(**text), entry.hint.format(**text).strip(), severity)


def markdown() -> str:
    """docs/error-codes.md: every code, grouped by where it is reported, with an example."""
    out = ["# Error codes", "",
           "<!-- Generated from builder/errors.py by `python -m builder.errors > docs/error-codes.md`;",
           "     tests/test_error_catalogue.py fails when this file is out of date. -->", "",
           "`factbook check`, `factbook build` and `factbook ingest` report every problem as",
           "`path:line:column: error[code] message hint` and exit with status 1. Line and column are 1-based;",
           "0 means the whole file (or an unknown column). Each code below is defined once, in",
           "`builder/errors.py`.", ""]
    for area in dict.fromkeys(c.area for c in CODES):
        out += [f"## {area}", "", "| code | message | hint | example |", "| --- | --- | --- | --- |"]
        for c in CODES:
            if c.area != area:
                continue
            shown = issue(c.name, "data/x.csv", 3, 1, **{**c.defaults, **c.example})
            example = " ".join(p for p in (shown.message, shown.hint) if p)
            out.append("| " + " | ".join(_cell(s) for s in (f"`{c.name}`", c.message, c.hint, example)) + " |")
        out.append("")
    return "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or "—"


if __name__ == "__main__":
    print(markdown(), end="")
