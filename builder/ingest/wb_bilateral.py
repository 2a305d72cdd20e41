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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

import openpyxl

from .. import errors
from ..issues import Issue, did_you_mean, relpath
from . import metadata, reference
from .common import IngestError, column, indicator_sidecar, require, sha256, write_table
from .corrections import Ledger

SOURCE = "wb-bilateral-2017"
REMITTANCES = "wb-bilateral-2017/WB_Bilateral_Remittance_Estimates_2017.xlsx"
STOCKS = "wb-bilateral-2017/WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx"
FILES = (REMITTANCES, STOCKS)

YEAR = 2017
TOLERANCE = 0.01  # a published total may differ from the sum of its cells by up to 1 %
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


def _name_index(ref: reference.Reference) -> tuple[dict[str, str], list[str]]:
    """Normalised name, official name or alias → iso3 from the reference (ambiguous ones dropped) and
    WB_NAMES; and the names as written, for "did you mean" hints."""
    found: dict[str, set[str]] = {}
    shown: set[str] = set(WB_NAMES) | {c.name for c in ref.countries.values()}
    for iso3 in ref.countries:
        for name in ref.names(iso3):
            if name.strip():
                found.setdefault(_norm(name), set()).add(iso3)
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
    if code not in countries:
        return ("outside", code) if code in OUTSIDE_REFERENCE else ("not-listed", code)
    return "country", code


def _number(value: object) -> TypeGuard[float]:
    """An int or a float (a bool is no number here); the checker then knows the value is one."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass
class _Sheet:
    """The cells of one sheet, padded to a rectangle; rows and columns are 1-based, as in Excel."""

    where: str  # the workbook, as shown in messages
    rows: list[list[Any]]
    width: int

    def value(self, r: int, c: int) -> Any:
        return self.rows[r - 1][c - 1]

    def text(self, r: int, c: int) -> str:
        value = self.rows[r - 1][c - 1] if r <= len(self.rows) and c <= self.width else None
        return str(value).strip() if value is not None else ""


@dataclass
class _Names:
    """What a row or column name can match: countries.csv, its names and aliases, and WB_NAMES."""

    index: dict[str, str]  # normalised name → iso3
    shown: list[str]  # names as written, for "did you mean" hints
    countries: set[str]

    @classmethod
    def load(cls, out: Path) -> _Names:
        ref = reference.load(out)  # validated; raises when missing, empty or invalid
        index, shown = _name_index(ref)
        return cls(index, shown, set(ref.iso3))


Label = tuple[str, str, str]  # (name, kind, code) of a row or column; kinds as _label gives them


@dataclass
class _Axes:
    """The named columns of row 2 and the named rows of column A, and where their totals are."""

    columns: dict[int, Label] = field(default_factory=dict)  # column number → label
    total_col: int = 0
    body: dict[int, Label] = field(default_factory=dict)  # row number → label
    total_row: int = 0


@dataclass
class _Sums:
    """Sums of the cells read per row and per column, and the lines holding a cell marked '-'."""

    rows: dict[int, float]
    cols: dict[int, float]
    blanked_rows: set[int] = field(default_factory=set)
    blanked_cols: set[int] = field(default_factory=set)


def _failed(issues: list[Issue], where: str) -> bool:
    """Whether this workbook has an issue already (the other workbook's issues do not count)."""
    return bool(issues) and any(i.path == where for i in issues)


def _load(path: Path, layout: Layout, issues: list[Issue]) -> _Sheet | None:
    """The sheet of ``layout``, or None (and an issue) when the workbook does not have it."""
    where = relpath(path)
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        if layout.sheet not in book.sheetnames:
            issues.append(errors.issue("layout-changed", where, 0, 0, detail=f"Sheet '{layout.sheet}' not found "
                                       f"(sheets: {', '.join(book.sheetnames)})."))
            return None
        rows = [list(r) for r in book[layout.sheet].iter_rows(values_only=True)]
    finally:
        book.close()
    width = max((len(r) for r in rows), default=0)
    return _Sheet(where, [r + [None] * (width - len(r)) for r in rows], width)


def _check_titles(sheet: _Sheet, layout: Layout, issues: list[Issue]) -> None:
    """Cell A1 holds the title of the release and cell A2 the corner label of the matrix."""
    if not sheet.text(1, 1).startswith(layout.title):
        issues.append(errors.issue("layout-changed", sheet.where, 1, 1,
                                   detail=f"Cell A1 should start with '{layout.title}'."))
    if not _norm(sheet.text(2, 1)).startswith(_norm(layout.corner)):
        issues.append(errors.issue("layout-changed", sheet.where, 2, 1,
                                   detail=f"Cell A2 should read '{layout.corner}'."))


def _classify(name: str, where: str, line: int, col: int, axis: str, names: _Names, matrix: Matrix,
              issues: list[Issue]) -> tuple[str, str]:
    """The kind and code of a row or column name; an issue when it matches no country; left-out areas and
    groups get their entry in ``matrix``."""
    kind, code = _label(name, names.index, names.countries)
    if kind == "unknown":
        issues.append(errors.issue("unknown-country", where, line, col, value=name,
                                   detail=f" name ({axis.lower()}: it matches no country of countries.csv, no "
                                   "World Bank spelling of WB_NAMES and no group or total)",
                                   suggestion=did_you_mean(name, names.shown)
                                   or "Add the spelling to WB_NAMES in builder/ingest/wb_bilateral.py."))
    elif kind == "not-listed":
        issues.append(errors.issue("unknown-country", where, line, col, value=code,
                                   detail=f" ({axis.lower()} '{name}' maps to it, but it is not in countries.csv)",
                                   suggestion="Add the country to countries.csv or to OUTSIDE_REFERENCE."))
    elif kind in ("outside", "group"):
        (matrix.outside if kind == "outside" else matrix.groups).setdefault(name, [0.0, 0.0])
    return kind, code


def _read_columns(sheet: _Sheet, names: _Names, matrix: Matrix, axes: _Axes, issues: list[Issue]) -> None:
    """Header row 2: receiving/destination names, then the total column; nothing after it."""
    for c in range(2, sheet.width + 1):
        name = sheet.text(2, c)
        if not name:
            continue
        if axes.total_col:
            issues.append(errors.issue("layout-changed", sheet.where, 2, c,
                                       detail=f"Column '{name}' after the total column."))
            continue
        kind, code = _classify(name, sheet.where, 2, c, "Column", names, matrix, issues)
        if kind == "total":
            axes.total_col = c
        else:
            axes.columns[c] = (name, kind, code)
    if not axes.total_col:
        issues.append(errors.issue("layout-changed", sheet.where, 2, 0, detail="No WORLD/World total column in row 2."))


def _read_rows(sheet: _Sheet, names: _Names, matrix: Matrix, axes: _Axes, issues: list[Issue]) -> None:
    """Body: from row 3 to the total row; below it only notes."""
    for r in range(3, len(sheet.rows) + 1):
        name = sheet.text(r, 1)
        if not name:
            if any(sheet.value(r, c) is not None for c in range(2, sheet.width + 1)):
                issues.append(errors.issue("layout-changed", sheet.where, r, 1, detail="Row with values but no name."))
            continue
        kind, code = _classify(name, sheet.where, r, 1, "Row", names, matrix, issues)
        if kind == "total":
            axes.total_row = r
            break
        axes.body[r] = (name, kind, code)
    if not axes.total_row:
        issues.append(errors.issue("layout-changed", sheet.where, 0, 0,
                                   detail="No WORLD/World total row below the matrix."))


def _check_duplicates(where: str, axes: _Axes, issues: list[Issue]) -> None:
    """No country has two columns or two rows."""
    for axis, labels in (("column", axes.columns), ("row", axes.body)):
        seen: dict[str, int] = {}
        for pos, (name, _kind, code) in labels.items():
            if code and code in seen:
                line, col = (2, pos) if axis == "column" else (pos, 1)
                issues.append(errors.issue("duplicate-key", where, line, col, key=f"{axis} for {code}: '{name}'",
                                           first=f"in {axis} {seen[code]}",
                                           advice="Each country has one row and one column in the matrix."))
            seen.setdefault(code, pos)


def _read_axes(sheet: _Sheet, names: _Names, matrix: Matrix, issues: list[Issue]) -> _Axes:
    axes = _Axes()
    _read_columns(sheet, names, matrix, axes, issues)
    _read_rows(sheet, names, matrix, axes, issues)
    _check_duplicates(sheet.where, axes, issues)
    return axes


def _parse(value: Any, where: str, r: int, c: int, rname: str, cname: str, layout: Layout, ledger: Ledger | None,
           issues: list[Issue]) -> str:
    """What the cell of a named row and column holds: 'blank', 'not-estimated' (a '-' declared as a
    correction), 'number' (a count or amount that can be used), or 'bad' (an issue was added)."""
    if value is None:
        return "blank"
    if isinstance(value, str) and value.strip() == NOT_ESTIMATED:
        if ledger is None or ledger.apply(NOT_ESTIMATED_CORRECTION, NOT_ESTIMATED, f"{rname} × {cname}"):
            issues.append(errors.issue("bad-number", where, r, c, what=f"{rname} × {cname}: ",
                                       value=NOT_ESTIMATED, advice="It has no declared reading: declare it "
                                       "in data/corrections/corrections.csv."))
            return "bad"
        return "not-estimated"
    if not _number(value):
        issues.append(errors.issue("bad-number", where, r, c, what=f"{rname} × {cname}: ", value=value, advice=""))
        return "bad"
    if value < 0:
        issues.append(errors.issue("negative-value", where, r, c,
                                   what=f"{rname} × {cname} ({layout.unit}): ", value=value))
        return "bad"
    if layout.unit == "people" and value != int(value):
        issues.append(errors.issue("bad-integer", where, r, c, what=f"{rname} × {cname} (people): ",
                                   value=value, advice=""))
        return "bad"
    return "number"


def _keep(matrix: Matrix, value: float, row: Label, col: Label) -> None:
    """A non-zero cell: into the left-out areas and groups it belongs to, the diagonal or the kept cells."""
    (rname, rkind, rcode), (cname, ckind, ccode) = row, col
    for name, kind, side in ((rname, rkind, 0), (cname, ckind, 1)):
        if kind in ("outside", "group"):
            bucket = matrix.outside if kind == "outside" else matrix.groups
            bucket[name][side] += value
    if rkind == "country" and ckind == "country":
        if rcode == ccode:
            matrix.diagonal.append((rname, value))
        else:
            matrix.cells[(ccode, rcode)] = value


def _read_cells(sheet: _Sheet, layout: Layout, axes: _Axes, matrix: Matrix, ledger: Ledger | None,
                issues: list[Issue]) -> _Sums:
    """Every cell of a named row and column, into ``matrix``; the sums of each row and column."""
    sums = _Sums({r: 0.0 for r in axes.body}, {c: 0.0 for c in axes.columns})
    for r, row in axes.body.items():
        for c in range(2, sheet.width + 1):
            value = sheet.value(r, c)
            if c == axes.total_col:
                continue
            if c not in axes.columns:
                if value is not None:
                    issues.append(errors.issue("layout-changed", sheet.where, r, c,
                                               detail="Value in a column without a name."))
                continue
            col = axes.columns[c]
            kind = _parse(value, sheet.where, r, c, row[0], col[0], layout, ledger, issues)
            if kind == "blank":
                matrix.blank.append((row[0], col[0]))
            elif kind == "not-estimated":
                matrix.not_estimated.append((row[0], col[0]))
                sums.blanked_rows.add(r)
                sums.blanked_cols.add(c)
            elif kind == "number":
                sums.rows[r] += value
                sums.cols[c] += value
                if value != 0:
                    _keep(matrix, value, row, col)
    return sums


def _check_totals(sheet: _Sheet, layout: Layout, axes: _Axes, sums: _Sums, matrix: Matrix,
                  issues: list[Issue]) -> None:
    """The total column (per row) and the total row (per column) against the sums of their cells; totals a
    little apart (or above their cells in a line with cells marked '-') go to ``matrix.unallocated``."""
    checks = [(r, axes.total_col, f"{label[0]} as {layout.row_word}", sums.rows[r], r in sums.blanked_rows)
              for r, label in axes.body.items()]
    checks += [(axes.total_row, c, f"{label[0]} as {layout.col_word}", sums.cols[c], c in sums.blanked_cols)
               for c, label in axes.columns.items()]
    checks.append((axes.total_row, axes.total_col, "world total", sum(sums.rows.values()), bool(sums.blanked_rows)))
    for line, col, name, cell_sum, has_blanked in checks:
        published = sheet.value(line, col)
        if published is None and cell_sum == 0:
            continue
        if not _number(published):
            issues.append(errors.issue("missing-total", sheet.where, line, col, name=name, published=published))
            continue
        gap = published - cell_sum
        if abs(gap) <= 1e-9 * max(abs(published), 1.0):
            continue
        if abs(gap) > TOLERANCE * max(abs(cell_sum), 1e-9) and not (has_blanked and gap > 0):
            issues.append(errors.issue("total-mismatch", sheet.where, line, col,
                                       detail=f"Total of {name} is {published:,.6g} but its cells add up to "
                                       f"{cell_sum:,.6g} ({layout.unit}): more than {TOLERANCE:.0%} apart."))
            continue
        matrix.unallocated.append((name, published, cell_sum))


def _read(path: Path, layout: Layout, out: Path, issues: list[Issue], ledger: Ledger | None = None) -> Matrix:
    """The matrix of one workbook; its problems are added to ``issues``. Each stage runs only when the
    previous ones found nothing wrong in this workbook."""
    sheet = _load(path, layout, issues)
    if sheet is None:
        return Matrix()
    _check_titles(sheet, layout, issues)
    if _failed(issues, sheet.where):
        return Matrix()
    matrix = Matrix()
    axes = _read_axes(sheet, _Names.load(out), matrix, issues)
    if _failed(issues, sheet.where):
        return Matrix()
    sums = _read_cells(sheet, layout, axes, matrix, ledger, issues)
    if _failed(issues, sheet.where):
        return matrix
    _check_totals(sheet, layout, axes, sums, matrix, issues)
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
    source = metadata.source(__name__, "remittances", raw_file=REMITTANCES, sha256=sha256(rem_path))
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
    source = metadata.source(__name__, "stocks", raw_file=STOCKS, sha256=sha256(stock_path))
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
