"""UN DESA International Migrant Stock 2020, destination workbook → 2020-edition stock indicators.

Reads the official workbook ``International Migrant Stock 2020: Destination``
(POP/DB/MIG/Stock/Rev.2020) in its published layout: one sheet per table, titles in rows 2–6,
column-block titles in row 8, the header in row 11 (``skiprows=10``) and one row per world,
region, group, country or area from row 12, keyed by UN DESA's location code (the UN M49
numeric code for countries and areas; codes of 900 and above are aggregates).

Writes, for the years 1990, 1995, …, 2020:

- ``indicators/``: ``migrant_stock_2020`` (Table 1, both sexes), ``migrant_stock_share_population``
  (Table 3), ``migrant_stock_female_share_2020`` (Table 4), ``undesa_refugees_estimate`` (Table 6);
- ``aggregates/``: the same four measures for the world and each workbook aggregate whose name is
  a region of ``reference/regions.csv`` (``<id>_regions``), copied from the workbook's own rows.

Checks: sheet layout, location codes, duplicate rows, unknown countries that carry data, cells that
are neither numbers nor the workbook's missing-value marks, negative counts, percentages outside
0–100, both sexes = males + females (Table 1), WORLD = sum of the countries (Tables 1 and 6), and
the published percentages against the counts they are derived from (Tables 3 and 4).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

from .. import errors
from ..issues import Issue, relpath
from . import metadata, reference
from .common import IngestError, aggregate_sidecar, indicator_sidecar, require, sha256, write_table

SOURCE = "undesa-ims-2020"
WORKBOOK = "undesa-ims-stepladder/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
FILES = (WORKBOOK,)

YEARS = (1990, 1995, 2000, 2005, 2010, 2015, 2020)
BLOCK_ROW, HEADER_ROW, FIRST_ROW = 8, 11, 12  # 1-based Excel rows (header: skiprows=10)
NAME_COL, CODE_COL = 2, 4  # 1-based Excel columns B, D
NAME_HEADER = "Region, development group, country or area"
CODE_HEADER = "Location code"
AGGREGATE_CODES = 900  # location codes >= 900 are the world, regions and groups
WORLD_CODE = 900

# Cells that mean "no figure" (workbook's Notes sheet). None of them is ever written as 0.
MISSING = {
    "..": "marked '..' (data not available or not reported separately)",
    "~": "marked '~' (protected for privacy: fewer than five)",
    "\u2014": "marked '\u2014' (not zero but less than half of the unit)",
    "": "left blank",
}
TOLERANCE = 1  # people, for totals against the sum of their parts
SHARE_TOLERANCE = 0.01  # percentage points, for published percentages against their counts
SUPPRESSED_MAX = 5  # a '~' cell stands for fewer than five people

# sheet → [(first column of a block of seven years, words the block's title in row 8 contains)]; only the
# blocks read are listed (Table 5, rates of change, is checked for presence only)
SHEETS: dict[str, list[tuple[int, str]]] = {
    "Table 1": [(6, "international migrant stock at mid-year, both sexes"), (13, "international migrant stock at "
                "mid-year, males"), (20, "international migrant stock at mid-year, females")],
    "Table 2": [(6, "total population at mid-year, both sexes combined (thousands)")],
    "Table 3": [(6, "international migrant stock as a percentage of the total population, both sexes")],
    "Table 4": [(6, "female migrants as a percentage of the international migrant stock")],
    "Table 6": [(6, "refugee and asylum seekers at mid-year, both sexes")],
}
OTHER_SHEETS = ("Table of contents", "Table 5", "Notes")  # part of the layout, not read

# Published measures: (table id, sheet, unit, value type, title, short title, description, themes)
MEASURES = [
    ("migrant_stock_2020", "Table 1", "people", "integer",
     "International migrant stock (2020 edition)", "Immigrants (2020 edition)",
     "People living in a country or area other than the one where they were born (or, where birthplace is not "
     "recorded, of which they are not citizens), at mid-year, as estimated in UN DESA's International Migrant Stock "
     "2020. This 2020 edition is kept beside the 2024 edition (migrant_stock): the 2024 revision re-estimates the "
     "same years, so figures for one year can differ between the two.",
     ["migration-data"]),
    ("migrant_stock_share_population", "Table 3", "percent", "number",
     "International migrants as a share of the population", "Immigrants (% of population)",
     "International migrants as a percentage of the total population of the country or area at mid-year "
     "(International Migrant Stock 2020).",
     ["migration-data", "demography"]),
    ("migrant_stock_female_share_2020", "Table 4", "percent", "number",
     "Women among international migrants (2020 edition)", "Female share of immigrants (2020 edition)",
     "Female international migrants as a percentage of all international migrants in the country or area at "
     "mid-year, as published in International Migrant Stock 2020 (the 2024-edition share is "
     "migrant_stock_female_share).",
     ["gender"]),
    ("undesa_refugees_estimate", "Table 6", "people", "integer",
     "Refugees and asylum seekers in the migrant stock", "Refugees in migrant stock",
     "Estimated refugees and asylum seekers at mid-year that UN DESA includes in the international migrant stock "
     "of the country or area (International Migrant Stock 2020). An estimate made for the migrant stock, not "
     "UNHCR's own end-of-year statistics (see refugees_hosted).",
     ["refugees"]),
]
TABLE_TITLES = {
    "Table 1": "Table 1 (international migrant stock at mid-year, both sexes combined)",
    "Table 3": "Table 3 (international migrant stock as a percentage of the total population, both sexes combined)",
    "Table 4": "Table 4 (female migrants as a percentage of the international migrant stock)",
    "Table 6": "Table 6 (estimated refugee stock, including asylum seekers, at mid-year, both sexes combined)",
}
@dataclass
class Row:
    line: int  # Excel row
    name: str  # as printed, without indentation and note marks ('*')
    code: int
    blocks: list[list[float | None]]  # one list of seven values (None = no figure) per column block
    marks: list[list[str | None]]  # the missing-value mark of each empty cell (None when a number)


@dataclass
class Sheet:
    name: str
    rows: list[Row] = field(default_factory=list)

    def by_code(self) -> dict[int, Row]:
        return {r.code: r for r in self.rows}


def _clean(name: Any) -> str:
    return " ".join(str(name or "").split()).rstrip("*").strip()


def _value(raw: Any) -> tuple[float | None, str | None, bool]:
    """(number, missing mark, is an error) of one cell."""
    if isinstance(raw, bool):
        return None, None, True
    if isinstance(raw, (int, float)):
        return (None, None, True) if raw != raw else (raw, None, False)
    text = "" if raw is None else str(raw).strip()
    if text in MISSING:
        return None, text, False
    try:
        number = float(text)
    except ValueError:
        return None, None, True
    return (None, None, True) if number != number else (number, None, False)


def _read_sheet(rows: list[tuple[Any, ...]], sheet: str, where: str, issues: list[Issue]) -> Sheet | None:
    """Check the layout of one table sheet and read its rows; None when the layout is not the published one."""
    def cell(line: int, col: int) -> Any:
        return rows[line - 1][col - 1] if line <= len(rows) and col <= len(rows[line - 1]) else None

    before = len(issues)
    for col, expected in ((NAME_COL, NAME_HEADER), (CODE_COL, CODE_HEADER)):
        if _clean(cell(HEADER_ROW, col)).lower() != expected.lower():
            issues.append(errors.issue("layout-changed", where, HEADER_ROW, col,
                                       detail=f"{sheet}: expected the header '{expected}' here, found "
                                       f"{cell(HEADER_ROW, col)!r}.",
                                       advice="The importer reads the published layout (header in row 11): check "
                                       "the release and update the importer."))
    for first, words in SHEETS[sheet]:
        if words not in _clean(cell(BLOCK_ROW, first)).lower():
            issues.append(errors.issue("layout-changed", where, BLOCK_ROW, first,
                                       detail=f"{sheet}: expected a column block titled like '{words}', "
                                       f"found {cell(BLOCK_ROW, first)!r}."))
        for k, year in enumerate(YEARS):
            found = cell(HEADER_ROW, first + k)
            if str(found).strip() != str(year):
                issues.append(errors.issue("layout-changed", where, HEADER_ROW, first + k,
                                           detail=f"{sheet}: expected the year {year} in the header, found {found!r}."))
    if len(issues) > before:
        return None
    out = Sheet(sheet)
    for line in range(FIRST_ROW, len(rows) + 1):
        name, code = cell(line, NAME_COL), cell(line, CODE_COL)
        if name is None and code is None:
            continue
        if isinstance(code, bool) or not isinstance(code, (int, float)) or code != int(code):
            issues.append(errors.issue("bad-integer", where, line, CODE_COL,
                                       what=f"{sheet}: location code of '{_clean(name)}': ", value=code,
                                       advice=""))
            continue
        blocks, marks = [], []
        for first, _ in SHEETS[sheet]:
            values, block_marks = [], []
            for k, year in enumerate(YEARS):
                raw = cell(line, first + k)
                number, mark, bad = _value(raw)
                if bad:
                    issues.append(errors.issue("bad-number", where, line, first + k,
                                               what=f"{sheet}: '{_clean(name)}' {year}: ", value=raw,
                                               advice="Nor is it a missing-value mark: marks read as missing are "
                                               + ", ".join(repr(m) for m in MISSING if m) + " and blank cells."))
                values.append(number)
                block_marks.append(mark)
            blocks.append(values)
            marks.append(block_marks)
        out.rows.append(Row(line, _clean(name), int(code), blocks, marks))
    return out


def _reference(out: Path) -> tuple[dict[int, str], dict[str, str]]:
    """M49 code → ISO3 (countries.csv) and lower-case name → region id (regions.csv), validated."""
    ref = reference.load(out)
    return ref.by_m49(), {_clean(r.name).lower(): r.id for r in ref.regions.values()}


def _check_values(sheet: Sheet, unit: str, where: str, issues: list[Issue]) -> None:
    for row in sheet.rows:
        for b, (first, _) in enumerate(SHEETS[sheet.name]):
            for k, value in enumerate(row.blocks[b]):
                if value is None:
                    continue
                at = (where, row.line, first + k)
                if unit in ("people", "thousands") and value < 0:
                    issues.append(errors.issue("negative-value", *at, what=f"{sheet.name}: '{row.name}' {YEARS[k]}: "
                                               "count ", value=f"{value:g}"))
                elif unit == "people" and value != int(value):
                    issues.append(errors.issue("bad-integer", *at, what=f"{sheet.name}: '{row.name}' {YEARS[k]}: "
                                               "count ", value=value, advice=""))
                elif unit == "percent" and not 0 <= value <= 100:
                    issues.append(errors.issue("out-of-range", *at, what=f"{sheet.name}: '{row.name}' {YEARS[k]}: ",
                                               value=f"{value:g}", bound="not a percentage between 0 and 100"))


def _check_totals(sheets: dict[str, Sheet], where: str, issues: list[Issue]) -> None:
    t1 = sheets["Table 1"]
    for row in t1.rows:  # both sexes = males + females
        for k, year in enumerate(YEARS):
            total, male, female = (row.blocks[b][k] for b in range(3))
            if (total is not None and male is not None and female is not None
                    and abs(total - male - female) > TOLERANCE):
                issues.append(errors.issue("total-mismatch", where, row.line, SHEETS["Table 1"][0][0] + k,
                                           detail=f"Table 1: '{row.name}' {year}: both sexes {total:g} but males + "
                                           f"females = {male + female:g} (difference {total - male - female:g})."))
    for name in ("Table 1", "Table 6"):  # WORLD = sum of the countries and areas
        sheet = sheets[name]
        world = sheet.by_code().get(WORLD_CODE)
        if world is None:
            issues.append(errors.issue("layout-changed", where, 0, 0,
                                       detail=f"{name}: no WORLD row (location code {WORLD_CODE})."))
            continue
        for k, year in enumerate(YEARS):
            world_total = world.blocks[0][k]
            if world_total is None:
                continue
            parts = [r for r in sheet.rows if r.code < AGGREGATE_CODES]
            total = sum(r.blocks[0][k] or 0 for r in parts)
            suppressed = sum(1 for r in parts if r.marks[0][k] == "~")
            gap = world_total - total
            if not -TOLERANCE <= gap <= TOLERANCE + SUPPRESSED_MAX * suppressed:
                issues.append(errors.issue("total-mismatch", where, world.line, SHEETS[name][0][0] + k,
                                           detail=f"{name}: WORLD {year} is {world.blocks[0][k]:g} but its countries "
                                           f"and areas add up to {total:g} ({suppressed} cell(s) suppressed as "
                                           "'~')."))
    pop, t3, t4 = sheets["Table 2"].by_code(), sheets["Table 3"].by_code(), sheets["Table 4"].by_code()
    for row in t1.rows:  # published percentages against the counts they come from
        for k, year in enumerate(YEARS):
            total, female = row.blocks[0][k], row.blocks[2][k]
            share = t4[row.code].blocks[0][k] if row.code in t4 else None
            if share is not None and total and female is not None and \
                    abs(female / total * 100 - share) > SHARE_TOLERANCE:
                issues.append(errors.issue("inconsistent-share", where, t4[row.code].line,
                                           SHEETS["Table 4"][0][0] + k, detail=f"Table 4: '{row.name}' {year}: "
                                           f"{share:g}% female, but Table 1 gives {female / total * 100:.4f}%."))
            people = pop[row.code].blocks[0][k] if row.code in pop else None
            share = t3[row.code].blocks[0][k] if row.code in t3 else None
            if share is not None and total is not None and people and \
                    abs(total / (people * 1000) * 100 - share) > SHARE_TOLERANCE:
                issues.append(errors.issue("inconsistent-share", where, t3[row.code].line,
                                           SHEETS["Table 3"][0][0] + k, detail=f"Table 3: '{row.name}' {year}: "
                                           f"{share:g}% of the population, but Tables 1 and 2 give "
                                           f"{total / (people * 1000) * 100:.4f}%."))


@dataclass
class Mapped:
    countries: dict[str, Row] = field(default_factory=dict)
    regions: dict[str, Row] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # aggregates that are not a region of regions.csv
    unlisted: list[str] = field(default_factory=list)  # areas not in countries.csv, without any figure
    marks: Counter[str] = field(default_factory=Counter)  # missing-value marks met in country rows
    absent: list[str] = field(default_factory=list)  # regions of regions.csv with no figure in the workbook
    empty: list[str] = field(default_factory=list)  # countries of countries.csv without any figure


def _map(sheet: Sheet, m49: dict[int, str], regions: dict[str, str], where: str, issues: list[Issue]) -> Mapped:
    mapped = Mapped()
    for row in sheet.rows:
        values = row.blocks[0]
        if row.code >= AGGREGATE_CODES:
            region = regions.get(row.name.lower())
            if region is None:
                if row.name not in mapped.skipped:
                    mapped.skipped.append(row.name)
                continue
            seen = mapped.regions.get(region)
            if seen is None:
                mapped.regions[region] = row
            elif seen.blocks[0] != values:
                issues.append(errors.issue("conflicting-aggregate", where, row.line, CODE_COL, sheet=sheet.name,
                                           name=row.name, code=row.code, line=seen.line, other=seen.code,
                                           region=region))
            continue
        iso3 = m49.get(row.code)
        if iso3 is None:
            if any(v is not None for v in values):
                issues.append(errors.issue("unknown-country", where, row.line, CODE_COL, value=row.code,
                                           detail=f" code ({sheet.name}: '{row.name}' has figures, but no "
                                           "country of countries.csv has this M49 code)",
                                           suggestion="Add the country to data/reference/countries.csv or fix the "
                                           "code."))
            elif f"{row.name} ({row.code})" not in mapped.unlisted:
                mapped.unlisted.append(f"{row.name} ({row.code})")
            continue
        if iso3 in mapped.countries:
            issues.append(errors.issue("duplicate-key", where, row.line, CODE_COL,
                                       key=f"{sheet.name}: location code {row.code}, {iso3}",
                                       first=f"on row {mapped.countries[iso3].line}"))
            continue
        mapped.countries[iso3] = row
        mapped.marks.update(m for m in row.marks[0] if m is not None)
        if all(v is None for v in values):
            mapped.empty.append(row.name)
    with_figures = {r for r, row in mapped.regions.items() if any(v is not None for v in row.blocks[0])}
    mapped.absent = sorted(set(regions.values()) - with_figures)
    return mapped


def _series(rows: dict[str, Row], unit: str, key: str) -> list[dict[str, Any]]:
    """Tidy rows (key, year, value) sorted by key and year; cells without a figure give no row."""
    out = []
    for ident in sorted(rows):
        for k, year in enumerate(YEARS):
            value = rows[ident].blocks[0][k]
            if value is not None:
                out.append({key: ident, "year": year, "value": int(value) if unit == "people" else value})
    return out


def _notes(sheet: str, mapped: Mapped, level: str) -> str:
    missing = "; ".join(f"{n} cell{'s' if n > 1 else ''} {MISSING[m]}" for m, n in sorted(mapped.marks.items()))
    text = (f"Copied as published from {TABLE_TITLES[sheet]} of the workbook, years {YEARS[0]}–{YEARS[-1]}"
            + (" (percentages kept to six decimals)" if sheet in ("Table 3", "Table 4") else "") + ". ")
    if level == "country":
        text += ("Rows are matched to countries by the workbook's location code (the UN M49 numeric code); codes "
                 f"of {AGGREGATE_CODES} and above are aggregates and go to the regional table. ")
        if missing:
            text += f"Cells without a figure give no row, never a zero: {missing}. "
        if mapped.empty:
            text += "No figure at all for: " + "; ".join(mapped.empty) + ". "
        if mapped.unlisted:
            text += ("Areas of the workbook that are not in countries.csv and have no figure: "
                     + "; ".join(mapped.unlisted) + ". ")
        if sheet == "Table 6":
            text += ("Figures under five are suppressed ('~') for privacy, so the published world total exceeds the "
                     "sum of the countries by a few people. ")
    else:
        text += ("The world and regional figures are UN DESA's own rows of the workbook (not re-summed here), kept "
                 "for each aggregate whose name is a region of regions.csv (case-insensitive; rows listed twice, "
                 "such as an SDG region that is also a geographic one, have identical figures and are written once). "
                 "Aggregates skipped because they are not regions of regions.csv: " + "; ".join(mapped.skipped)
                 + ". ")
        if mapped.absent:
            text += "Regions of regions.csv without a figure in this table: " + ", ".join(mapped.absent) + ". "
        if sheet == "Table 6":
            text += ("The world total includes the figures under five that UN DESA suppresses ('~') in the country "
                     "rows, so it exceeds their sum by a few people. ")
    return text.strip()


def _limit(meta: dict[str, Any], unit: str) -> dict[str, Any]:
    if unit == "percent":
        for col in meta["columns"]:
            if col["name"] == "value":
                col["maximum"] = 100
    return meta


def _indicator(ident: str, title: str, description: str, unit: str, value_type: str, short: str,
               themes: list[str], notes: str, source: dict[str, Any]) -> dict[str, Any]:
    return _limit(indicator_sidecar(ident, title, description, unit, "minor", notes, source, value_type=value_type,
                                    themes=themes, short_title=short), unit)


def _aggregate(ident: str, title: str, description: str, unit: str, value_type: str, short: str,
               themes: list[str], notes: str, source: dict[str, Any]) -> dict[str, Any]:
    """Sidecar of a world-and-regions table (kind aggregate); the figures are the publisher's own."""
    return _limit(aggregate_sidecar(ident, title, description, unit, notes, source, value_type=value_type,
                                    short_title=short, themes=themes, level="minor", decimals=1), unit)


def run(datasets: Path, out: Path) -> list[Path]:
    (path,) = require(datasets, FILES)
    where = relpath(path)
    m49, regions = _reference(out)
    issues: list[Issue] = []
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        missing = [s for s in (*SHEETS, *OTHER_SHEETS) if s not in book.sheetnames]
        issues += [errors.issue("layout-changed", where, 0, 0, detail=f"The workbook has no sheet '{s}'.",
                                advice="Expected the published sheets: " + ", ".join((*SHEETS, *OTHER_SHEETS)) + ".")
                   for s in missing]
        sheets: dict[str, Sheet] = {}
        for name in SHEETS:
            if name in book.sheetnames:
                read = _read_sheet(list(book[name].iter_rows(values_only=True)), name, where, issues)
                if read is not None:
                    sheets[name] = read
    finally:
        book.close()
    if issues and len(sheets) < len(SHEETS):  # a sheet is not in the published layout: nothing more to check
        raise IngestError(issues)
    units = {sheet: unit for _, sheet, unit, *_ in MEASURES} | {"Table 2": "thousands"}
    for name, parsed in sheets.items():
        _check_values(parsed, units[name], where, issues)
    _check_totals(sheets, where, issues)
    mapped = {name: _map(sheets[name], m49, regions, where, issues) for _, name, *_ in MEASURES}
    if issues:
        raise IngestError(issues)

    source = metadata.source(__name__, "ims-2020", raw_file=WORKBOOK, sha256=sha256(path))
    written: list[Path] = []
    for ident, sheet, unit, value_type, title, short, description, themes in MEASURES:
        found = mapped[sheet]
        written += write_table(out / "indicators", ident, ["country", "year", "value"],
                               _series(found.countries, unit, "country"),
                               _indicator(ident, title, description, unit, value_type, short, themes,
                                          _notes(sheet, found, "country"), source))
        written += write_table(out / "aggregates", f"{ident}_regions", ["region", "year", "value"],
                               _series(found.regions, unit, "region"),
                               _aggregate(f"{ident}_regions", f"{title}, world and regions",
                                          description.replace("the country or area", "the world or region"), unit,
                                          value_type, short, themes, _notes(sheet, found, "region"), source))
    return written
