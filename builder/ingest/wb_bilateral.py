"""World Bank/KNOMAD bilateral matrices for 2017 (April 2018 version) → remittances and migrants by corridor.

Two workbooks, each one sheet holding a square matrix of World Bank country names:

* ``WB_Bilateral_Remittance_Estimates_2017.xlsx``, sheet ``Bilateral_Remittances_2017``: row 1 the title,
  row 2 ``receiving (across) / sending (down)`` then the receiving countries and ``WORLD``; one row per
  sending country (US$ million), then the ``WORLD`` row and notes. Cells marked ``-`` are corridors the
  World Bank did not estimate. The sheet ``remshare`` was added by the redistributor and is not read.
* ``WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx``, sheet ``Bilateral_Migration_2017``: same layout,
  ``destination (across) / origin (down)``, with the residual groups ``Other North`` and ``Other South``
  and the ``World`` totals (people). The sheet ``countries-comparison`` was added by the redistributor and
  is not read.

Names are matched to ISO3 codes through ``reference/countries.csv`` (name, official name, aliases) and
``WB_NAMES`` below. A name that matches nothing is an error; residual groups and the two areas that
countries.csv does not list (``OUTSIDE_REFERENCE``) are left out and named in the processing notes.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

import openpyxl

from ..issues import Issue, did_you_mean, relpath
from .common import IngestError, column, indicator_sidecar, known_countries, require, sha256, write_table
from .corrections import Ledger

SOURCE = "wb-bilateral-2017"
REMITTANCES = "wb-bilateral-2017/WB_Bilateral_Remittance_Estimates_2017.xlsx"
STOCKS = "wb-bilateral-2017/WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx"
FILES = (REMITTANCES, STOCKS)

YEAR = 2017
TOLERANCE = 0.01  # a published total may differ from the sum of its cells by up to 1 %
# The redistribution commit has no date in PROVENANCE.md: this is the day the files were staged
# into ../shared/datasets (their timestamps). The workbooks were last saved by the redistributor on 2021-08-16.
DATE_ACCESSED = "2026-11-23"
VIA = "hbenveniste/mig-scenarios@38feb367 (data/rem_wb/{name})"
URL = "https://www.worldbank.org/en/topic/migrationremittancesdiasporaissues/brief/migration-remittances-data"
LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}

# World Bank spellings that countries.csv does not know under these names.
WB_NAMES = {
    "Bahamas, The": "BHS",
    "Channel Islands": "XCX",  # UN DESA's code for Guernsey and Jersey together
    "Congo, Dem. Rep.": "COD",
    "Congo, Rep.": "COG",
    "Cote d'Ivoire": "CIV",
    "Curacao": "CUW",
    "Czech Republic": "CZE",
    "Egypt, Arab Rep.": "EGY",
    "Faeroe Islands": "FRO",
    "Gambia, The": "GMB",
    "Hong Kong SAR, China": "HKG",
    "Iran, Islamic Rep.": "IRN",
    "Korea, Dem. Rep.": "PRK",
    "Korea, Rep.": "KOR",
    "Kosovo": "XKX",
    "Kyrgyz Republic": "KGZ",
    "Lao PDR": "LAO",
    "Macao SAR, China": "MAC",
    "Macedonia, FYR": "MKD",
    "Micronesia, Fed. Sts.": "FSM",
    "Slovak Republic": "SVK",
    "St. Kitts and Nevis": "KNA",
    "St. Lucia": "LCA",
    "St. Martin (French part)": "MAF",
    "St. Vincent and the Grenadines": "VCT",
    "Swaziland": "SWZ",
    "Turkey": "TUR",
    "Venezuela, RB": "VEN",
    "Virgin Islands (U.S.)": "VIR",
    "West Bank and Gaza": "PSE",
    "Yemen, Rep.": "YEM",
}
# Areas of the World Bank matrices that countries.csv (UN DESA's list of areas) does not list: their cells are
# left out, and named in the processing notes, for as long as countries.csv does not list them.
OUTSIDE_REFERENCE = {
    "XKX": "Kosovo (UN DESA counts it within Serbia)",
    "MAF": "St. Martin (French part) (UN DESA lists no separate area for it)",
}
GROUPS = ("Other North", "Other South")  # residual origins/destinations of the migration matrix: not countries
TOTALS = ("WORLD", "World")
NOT_ESTIMATED = "-"
NOT_ESTIMATED_CORRECTION = "wb-bilateral-not-estimated"  # declared in data/corrections/corrections.csv


@dataclass(frozen=True)
class Layout:
    sheet: str
    title: str  # what cell A1 starts with
    corner: str  # what cell A2 starts with
    unit: str  # for messages and notes
    row_word: str  # what a row is
    col_word: str  # what a column is


REMITTANCE_LAYOUT = Layout("Bilateral_Remittances_2017",
                           "Bilateral Remittance Estimates for 2017", "receiving (across) / sending (down)",
                           "US$ million", "sender", "receiver")
STOCK_LAYOUT = Layout("Bilateral_Migration_2017", "Bilateral Estimates of Migrant Stocks in 2017",
                      "destination (across) / origin (down)", "people", "origin", "destination")


@dataclass
class Matrix:
    """What one sheet holds: kept cells by (column iso3, row iso3) and what was left out, with reasons."""

    cells: dict[tuple[str, str], float] = field(default_factory=dict)  # (column code, row code) → value
    not_estimated: list[tuple[str, str]] = field(default_factory=list)  # (row name, column name)
    blank: list[tuple[str, str]] = field(default_factory=list)
    diagonal: list[tuple[str, float]] = field(default_factory=list)
    outside: dict[str, list[float]] = field(default_factory=dict)  # name → [row sum, column sum]
    groups: dict[str, list[float]] = field(default_factory=dict)
    unallocated: list[tuple[str, float, float]] = field(default_factory=list)  # (where, published, cell sum)


def _norm(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).casefold()


def _name_index(out: Path) -> tuple[dict[str, str], list[str]]:
    """Normalised name, official name or alias → iso3 from reference/countries.csv (ambiguous ones dropped) and
    WB_NAMES; and the names as written, for "did you mean" hints."""
    path = out / "reference" / "countries.csv"
    found: dict[str, set[str]] = {}
    shown: set[str] = set(WB_NAMES)
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                names = [row.get("name") or "", row.get("official_name") or ""] + (row.get("aliases") or "").split("|")
                shown.add(row.get("name") or "")
                for name in names:
                    if name.strip():
                        found.setdefault(_norm(name), set()).add(row["iso3"])
    index = {k: next(iter(v)) for k, v in found.items() if len(v) == 1}
    index.update({_norm(k): v for k, v in WB_NAMES.items()})
    return index, sorted(shown - {""})


def _label(name: str, index: dict[str, str], countries: set[str]) -> tuple[str, str]:
    """('total'|'group'|'outside'|'country'|'unknown'|'not-listed', iso3 or '')."""
    key = _norm(name)
    if key in {_norm(t) for t in TOTALS}:
        return "total", ""
    if key in {_norm(g) for g in GROUPS}:
        return "group", ""
    code = index.get(key, "")
    if not code:
        return "unknown", ""
    if countries and code not in countries:
        return ("outside", code) if code in OUTSIDE_REFERENCE else ("not-listed", code)
    return "country", code


def _number(value: object) -> TypeGuard[float]:
    """An int or a float (a bool is no number here); the checker then knows the value is one."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _read(path: Path, layout: Layout, out: Path, issues: list[Issue], ledger: Ledger | None = None) -> Matrix:
    where = relpath(path)
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        if layout.sheet not in book.sheetnames:
            issues.append(Issue(where, 0, 0, "layout-changed", f"Sheet '{layout.sheet}' not found "
                                f"(sheets: {', '.join(book.sheetnames)})."))
            return Matrix()
        rows = [list(r) for r in book[layout.sheet].iter_rows(values_only=True)]
    finally:
        book.close()
    width = max((len(r) for r in rows), default=0)
    rows = [r + [None] * (width - len(r)) for r in rows]

    def text(r: int, c: int) -> str:
        value = rows[r - 1][c - 1] if r <= len(rows) and c <= width else None
        return str(value).strip() if value is not None else ""

    if not text(1, 1).startswith(layout.title):
        issues.append(Issue(where, 1, 1, "layout-changed", f"Cell A1 should start with '{layout.title}'."))
    if not _norm(text(2, 1)).startswith(_norm(layout.corner)):
        issues.append(Issue(where, 2, 1, "layout-changed", f"Cell A2 should read '{layout.corner}'."))
    if issues and any(i.path == where for i in issues):
        return Matrix()

    countries = known_countries(out)
    index, shown = _name_index(out)
    matrix = Matrix()

    def classify(name: str, line: int, col: int, axis: str) -> tuple[str, str]:
        kind, code = _label(name, index, countries)
        if kind == "unknown":
            issues.append(Issue(where, line, col, "unknown-country",
                                f"{axis} '{name}' matches no country of countries.csv, no World Bank spelling "
                                "of WB_NAMES and no group or total.",
                                did_you_mean(name, shown)
                                or "Add the spelling to WB_NAMES in builder/ingest/wb_bilateral.py."))
        elif kind == "not-listed":
            issues.append(Issue(where, line, col, "unknown-country",
                                f"{axis} '{name}' maps to {code}, which is not in countries.csv.",
                                "Add the country to countries.csv or to OUTSIDE_REFERENCE."))
        elif kind in ("outside", "group"):
            (matrix.outside if kind == "outside" else matrix.groups).setdefault(name, [0.0, 0.0])
        return kind, code

    # Header row 2: receiving/destination names, then the total column; nothing after it.
    columns: dict[int, tuple[str, str, str]] = {}  # column number → (name, kind, code)
    total_col = 0
    for c in range(2, width + 1):
        name = text(2, c)
        if not name:
            continue
        if total_col:
            issues.append(Issue(where, 2, c, "layout-changed", f"Column '{name}' after the total column."))
            continue
        kind, code = classify(name, 2, c, "Column")
        if kind == "total":
            total_col = c
        else:
            columns[c] = (name, kind, code)
    if not total_col:
        issues.append(Issue(where, 2, 0, "layout-changed", "No WORLD/World total column in row 2."))

    # Body: from row 3 to the total row; below it only notes.
    body: dict[int, tuple[str, str, str]] = {}
    total_row = 0
    for r in range(3, len(rows) + 1):
        name = text(r, 1)
        values = [rows[r - 1][c - 1] for c in range(2, width + 1)]
        if not name:
            if any(v is not None for v in values):
                issues.append(Issue(where, r, 1, "layout-changed", "Row with values but no name."))
            continue
        kind, code = classify(name, r, 1, "Row")
        if kind == "total":
            total_row = r
            break
        body[r] = (name, kind, code)
    if not total_row:
        issues.append(Issue(where, 0, 0, "layout-changed", "No WORLD/World total row below the matrix."))

    for axis, labels in (("column", columns), ("row", body)):
        seen: dict[str, int] = {}
        for pos, (name, _kind, code) in labels.items():
            if code and code in seen:
                line, col = (2, pos) if axis == "column" else (pos, 1)
                issues.append(Issue(where, line, col, "duplicate-key", f"'{name}' is a second {axis} for {code}."))
            seen.setdefault(code, pos)
    if issues and any(i.path == where for i in issues):
        return Matrix()

    row_sum = {r: 0.0 for r in body}
    col_sum = {c: 0.0 for c in columns}
    blanked_rows: set[int] = set()
    blanked_cols: set[int] = set()
    for r, (rname, rkind, rcode) in body.items():
        for c in range(2, width + 1):
            value = rows[r - 1][c - 1]
            if c == total_col:
                continue
            if c not in columns:
                if value is not None:
                    issues.append(Issue(where, r, c, "layout-changed", "Value in a column without a name."))
                continue
            cname, ckind, ccode = columns[c]
            if value is None:
                matrix.blank.append((rname, cname))
                continue
            if isinstance(value, str) and value.strip() == NOT_ESTIMATED:
                if ledger is None or ledger.apply(NOT_ESTIMATED_CORRECTION, NOT_ESTIMATED, f"{rname} × {cname}"):
                    issues.append(Issue(where, r, c, "not-a-number", f"{rname} × {cname}: '-' has no declared "
                                        "reading.", "Declare it in data/corrections/corrections.csv."))
                    continue
                matrix.not_estimated.append((rname, cname))
                blanked_rows.add(r)
                blanked_cols.add(c)
                continue
            if not _number(value):
                issues.append(Issue(where, r, c, "not-a-number", f"{rname} × {cname}: '{value}' is not a number."))
                continue
            if value < 0:
                issues.append(Issue(where, r, c, "negative-value",
                                    f"{rname} × {cname}: negative value {value} ({layout.unit})."))
                continue
            if layout.unit == "people" and value != int(value):
                issues.append(Issue(where, r, c, "not-an-integer", f"{rname} × {cname}: {value} is not a whole "
                                    "number of people."))
                continue
            row_sum[r] += value
            col_sum[c] += value
            if value == 0:
                continue
            for name, kind, side in ((rname, rkind, 0), (cname, ckind, 1)):
                if kind in ("outside", "group"):
                    bucket = matrix.outside if kind == "outside" else matrix.groups
                    bucket[name][side] += value
            if rkind == "country" and ckind == "country":
                if rcode == ccode:
                    matrix.diagonal.append((rname, value))
                else:
                    matrix.cells[(ccode, rcode)] = value
    if issues and any(i.path == where for i in issues):
        return matrix

    # Totals: the total column (per row) and the total row (per column) against the sums of their cells.
    checks = [(r, total_col, f"{body[r][0]} as {layout.row_word}", row_sum[r], r in blanked_rows) for r in body]
    checks += [(total_row, c, f"{columns[c][0]} as {layout.col_word}", col_sum[c], c in blanked_cols)
               for c in columns]
    checks.append((total_row, total_col, "world total", sum(row_sum.values()), bool(blanked_rows)))
    for line, col, name, cell_sum, has_blanked in checks:
        published = rows[line - 1][col - 1]
        if published is None and cell_sum == 0:
            continue
        if not _number(published):
            issues.append(Issue(where, line, col, "missing-total", f"Total of {name} is '{published}', not a number "
                                "(a formula without a saved value?).", "Open and save the workbook in a spreadsheet."))
            continue
        gap = published - cell_sum
        if abs(gap) <= 1e-9 * max(abs(published), 1.0):
            continue
        if abs(gap) > TOLERANCE * max(abs(cell_sum), 1e-9) and not (has_blanked and gap > 0):
            issues.append(Issue(where, line, col, "total-mismatch",
                                f"Total of {name} is {published:,.6g} but its cells add up to {cell_sum:,.6g} "
                                f"({layout.unit}).", f"More than {TOLERANCE:.0%} apart."))
            continue
        matrix.unallocated.append((name, published, cell_sum))
    return matrix


def _amount(value: float, unit: str) -> str:
    if unit == "people":
        return f"{value:,.0f} people"
    if value < 0.01:
        return f"US${value * 1_000_000:,.0f}"
    return f"US${value:,.2f} million"


def _sides(values: list[float], unit: str, row_word: str, col_word: str) -> str:
    sides = [f"{_amount(v, unit)} as {word}" for v, word in zip(values, (row_word, col_word), strict=True) if v]
    return ", ".join(sides) or "no non-zero cell"


def _left_out(matrix: Matrix, layout: Layout) -> str:
    row_word, col_word = layout.row_word, layout.col_word
    parts = []
    for name, why in sorted(((n, OUTSIDE_REFERENCE[c]) for n, c in WB_NAMES.items()
                             if n in matrix.outside and c in OUTSIDE_REFERENCE)):
        parts.append(f"{why}: {_sides(matrix.outside[name], layout.unit, row_word, col_word)}")
    if parts:
        text = "Left out because countries.csv does not list them: " + "; ".join(parts) + "."
    else:
        text = ""
    if matrix.groups:
        groups = "; ".join(f"'{n}' ({_sides(v, layout.unit, row_word, col_word)})"
                           for n, v in sorted(matrix.groups.items()))
        text += f" Left out because they are residual groups, not countries: {groups}."
    if matrix.diagonal:
        pairs = "; ".join(f"{n} → {n} ({_amount(v, layout.unit)})" for n, v in matrix.diagonal)
        text += f" Left out because a country cannot be its own partner: {pairs}."
    if matrix.not_estimated:
        pairs = ", ".join(f"{r} → {c}" for r, c in matrix.not_estimated)
        text += (f" The {len(matrix.not_estimated)} cells marked '-' (corridors the World Bank did not estimate: "
                 f"{pairs}) have no row.")
    if matrix.blank:
        pairs = ", ".join(f"{r} → {c}" for r, c in matrix.blank)
        text += f" Blank cells (no estimate, not zero) have no row: {pairs}."
    return text.strip()


def _totals(matrix: Matrix, layout: Layout, total: str) -> str:
    if not matrix.unallocated:
        return (f"Every published {total} total (row and column) equals the sum of its cells, so no flow is "
                "unallocated.")
    listed = "; ".join(f"{n}: {_amount(p, layout.unit)} published, {_amount(s, layout.unit)} in the cells"
                       for n, p, s in matrix.unallocated)
    return (f"Published {total} totals that differ from the sum of their cells (within {TOLERANCE:.0%}, or above "
            f"their cells in a line with cells marked '-': presumably the amounts of those corridors, counted in the "
            f"total but allocated to no cell): {listed}. Every other total equals the sum of its cells.")


def _source(path: Path, raw: str, title: str, edition: str, date: str, citation: str, note: str) -> dict[str, Any]:
    return {
        "producer": "World Bank, Global Knowledge Partnership on Migration and Development (KNOMAD)",
        "attribution": "World Bank/KNOMAD (2018)",
        "title": title, "edition": edition, "date_published": date, "date_accessed": DATE_ACCESSED,
        "url": URL, "licence": LICENCE, "citation": citation,
        "raw_file": raw, "sha256": sha256(path), "via": VIA.format(name=Path(raw).name) + note,
    }


def _bilateral_meta(ident: str, title: str, short: str, description: str, unit: str, notes: str,
                    source: dict[str, Any], themes: list[str], country: str, partner: str) -> dict[str, Any]:
    meta = indicator_sidecar(ident, title, description, unit, "minor", notes, source, value_type="integer",
                             decimals=0, themes=themes, short_title=short)
    meta["columns"][0] = column("country", "iso3", country)
    meta["columns"].insert(1, column("partner", "iso3", partner))
    meta["columns"][2] = column("year", "year", "Year the estimate refers to (2017)")
    meta["primary_key"] = ["country", "partner", "year"]
    return meta


def run(datasets: Path, out: Path) -> list[Path]:
    rem_path, stock_path = require(datasets, FILES)
    reference = out / "reference" / "countries.csv"
    if not reference.is_file():
        raise IngestError([Issue(relpath(reference), 0, 0, "reference-missing", "countries.csv not found: the "
                                 "World Bank names cannot be matched to codes.", "Run the 'countries' importer first.")])
    issues: list[Issue] = []
    ledger = Ledger(SOURCE, out)
    remittances = _read(rem_path, REMITTANCE_LAYOUT, out, issues, ledger)
    stocks = _read(stock_path, STOCK_LAYOUT, out, issues, ledger)
    issues += ledger.unused()
    if issues:
        raise IngestError(issues)
    folder = out / "indicators"
    written: list[Path] = []

    rem_rows = []
    too_small = 0
    for (country, partner), value in sorted(remittances.cells.items()):
        dollars = round(value * 1_000_000)
        if dollars == 0:
            too_small += 1
            continue
        rem_rows.append({"country": country, "partner": partner, "year": YEAR, "value": dollars})
    notes = ("Estimates for 2017, read from the sheet 'Bilateral_Remittances_2017' (rows: sending country, columns: "
             "receiving country, US$ million); the sheet 'remshare', added by the redistributor, is not read. Each "
             "non-zero cell is one row: country = receiving country, partner = sending country, value = cell × "
             "1,000,000 rounded to whole US dollars. Zero cells have no row. World Bank names are matched to codes "
             "through countries.csv and the importer's table of World Bank spellings. "
             + _left_out(remittances, REMITTANCE_LAYOUT)
             + (f" {too_small} cells below half a dollar have no row." if too_small else "")
             + " " + _totals(remittances, REMITTANCE_LAYOUT, "WORLD"))
    source = _source(rem_path, REMITTANCES,
                     "Bilateral Remittance Estimates for 2017 using Migrant Stocks, Host Country Incomes, and Origin "
                     "Country Incomes", "April 2018 version (estimates for 2017)", "2018-04",
                     "World Bank (2018). Bilateral Remittance Estimates for 2017 using Migrant Stocks, Host Country "
                     "Incomes, and Origin Country Incomes (millions of US$), April 2018 version. Washington, DC: "
                     "World Bank, KNOMAD. Method: Ratha, D. and W. Shaw (2007), South-South Migration and "
                     "Remittances, World Bank Working Paper 102.", "; sheet 'remshare' added there, not read")
    written += write_table(folder, "bilateral_remittances_2017", ["country", "partner", "year", "value"], rem_rows,
                           _bilateral_meta(
                               "bilateral_remittances_2017", "Remittances by corridor: World Bank estimates for 2017",
                               "Remittances by sending country (2017 est.)",
                               "World Bank estimates for 2017 of the remittances that migrants living in one country "
                               "(partner) send to another (country), in US$. They are model estimates (Ratha–Shaw "
                               "method: each country's recorded remittances shared out by migrant stocks and incomes), "
                               "not reported data.", "usd", notes, source, ["remittances"],
                               "Receiving country (ISO 3166-1 alpha-3)", "Sending country (ISO 3166-1 alpha-3)"))

    stock_rows = [{"country": country, "partner": partner, "year": YEAR, "value": int(value)}
                  for (country, partner), value in sorted(stocks.cells.items())]
    notes = ("Estimates for 2017, read from the sheet 'Bilateral_Migration_2017' (rows: country of origin, columns: "
             "country of destination, people); the sheet 'countries-comparison', added by the redistributor, is not "
             "read. Each non-zero cell is one row: country = destination, partner = origin, value copied unchanged. "
             "Zero cells have no row. World Bank names are matched to codes through countries.csv and the importer's "
             "table of World Bank spellings. "
             + _left_out(stocks, STOCK_LAYOUT)
             + " " + _totals(stocks, STOCK_LAYOUT, "World"))
    source = _source(stock_path, STOCKS, "Bilateral Estimates of Migrant Stocks in 2017 (Bilateral Migration "
                     "Matrix 2017)", "2017 estimates (released with the April 2018 remittance estimates)", "2018",
                     "World Bank (2018). Bilateral Estimates of Migrant Stocks in 2017 (Bilateral Migration Matrix "
                     "2017). World Bank staff estimates based on UN Population Division, OECD and national "
                     "statistical offices. Washington, DC: World Bank, KNOMAD.",
                     "; sheet 'countries-comparison' added there, not read")
    written += write_table(folder, "bilateral_migrant_stock_2017", ["country", "partner", "year", "value"], stock_rows,
                           _bilateral_meta(
                               "bilateral_migrant_stock_2017", "Migrants by origin: World Bank estimates for 2017",
                               "Migrants by origin (World Bank 2017 est.)",
                               "World Bank staff estimates for 2017 of the people from one country (partner, the "
                               "country of origin) who live in another (country). They are estimates built from "
                               "UN DESA, OECD and national census data, not a count, and differ from UN DESA's own "
                               "figures.", "people", notes, source,
                               ["migration-data", "diasporas"], "Country of destination (ISO 3166-1 alpha-3)",
                               "Country of origin (ISO 3166-1 alpha-3)"))
    return written
