"""World Bank country classifications by income (OGHIST FY89–FY24 and CLASS FY2025) → income_group.

The World Bank sets an income group for each economy on 1 July, for its fiscal year, from GNI per
capita (Atlas method) of the previous calendar year: FY2025 (July 2024–June 2025) uses 2023 data,
FY24 uses 2022, …, FY89 uses 1987. The table is keyed on that data year.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from .. import errors
from ..issues import Issue, relpath
from . import metadata
from .common import IngestError, indicator_sidecar, known_countries, require, sha256, write_table
from .corrections import Ledger

SOURCE = "wb-income"
OGHIST = "wb-income-groups/OGHIST.xlsx"
CLASS = "wb-income-groups/CLASS.xlsx"
FILES = (OGHIST, CLASS)

HISTORY_SHEET = "Country Analytical History"
LIST_SHEET = "List of economies"
COMPOSITION_SHEET = "compositions"
NOTES_SHEET = "Notes"
CLASS_DATA_YEAR = 2023  # CLASS.xlsx is the FY2025 classification, based on 2023 GNI per capita

LABELS = {"L": "Low income", "LM": "Lower-middle income", "UM": "Upper-middle income", "H": "High income"}
CLASS_GROUPS = {"Low income": "L", "Lower middle income": "LM", "Upper middle income": "UM", "High income": "H"}
COMPOSITION_GROUPS = {"LIC": "L", "LMC": "LM", "UMC": "UM", "HIC": "H"}
UNCLASSIFIED = ("", "..")  # and empty cells

# World Bank codes that are not the code countries.csv uses for the same economy: code → (iso3, WB name).
WB_CODES = {
    "CHI": ("XCX", "Channel Islands"),  # World Bank code; countries.csv uses UN DESA's XCX (no ISO 3166 code)
    "SCG": ("SRB", "Serbia"),  # CLASS.xlsx FY2025 lists Serbia as SCG; its compositions sheet and OGHIST use SRB
}
WB_CODE_NOTES = {
    "CHI": "the World Bank's code; countries.csv uses UN DESA's XCX, as ISO 3166 has none",
    "SCG": "CLASS.xlsx lists Serbia as SCG while its compositions sheet and OGHIST.xlsx use SRB",
}
# Economies of the World Bank files that countries.csv does not have: not imported, named in the notes.
NOT_IN_COUNTRIES = {
    "XKX": "Kosovo",
    "MAF": "St. Martin (French part)",
    "ANT": "Netherlands Antilles (former)",
    "CSK": "Czechoslovakia (former)",
    "SUN": "USSR (former)",
    "YUG": "Serbia and Montenegro (former)",
    "YUGf": "Yugoslavia (former)",
}
# Footnoted cells of OGHIST: (code, cell) → code written, and why.
FOOTNOTED = {
    ("YEM", "LM*"): ("LM", "the sheet's footnote says Yemen was then two states, Yemen PDR (L) and Yemen, Arab "
                           "Rep. (LM), which combined would have been lower middle income"),
}

# Corrections declared in data/corrections/corrections.csv: what the raw file shows → correction id.
CORRECTIONS = {
    ("SCG",): "wb-income-serbia-code",
    ("YEM", "LM*"): "wb-income-yemen-1987",
}


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _norm(name: Any) -> str:
    return " ".join(_text(name).casefold().split())


def _col(index: int) -> str:
    return get_column_letter(index)


def _fiscal_year(label: str) -> int | None:
    match = re.fullmatch(r"FY\s*(\d{2}|\d{4})", label)
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 4:
        return int(digits)
    return (1900 if int(digits) >= 50 else 2000) + int(digits)


def _spans(years: Iterable[int]) -> str:
    """1994, 1995, 1996, 2001 → '1994–1996, 2001'."""
    out: list[str] = []
    ys = sorted(years)
    start: int | None = None
    prev: int | None = None
    for y in [*ys, None]:
        if start is None:
            start = prev = y
        elif y is not None and prev is not None and y == prev + 1:
            prev = y
        else:
            out.append(str(start) if start == prev else f"{start}–{prev}")
            start = prev = y
    return ", ".join(out)


class _Economy:
    """One economy row of a World Bank file: code as published, name, row, and group per data year."""

    def __init__(self, code: str, name: str, row: int):
        self.code, self.name, self.row = code, name, row
        self.groups: dict[int, str] = {}
        self.footnoted: list[int] = []


def _read_history(path: Path, ledger: Ledger) -> tuple[list[_Economy], list[int], list[Issue]]:
    where = relpath(path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)  # cached values of the header formulas
    if HISTORY_SHEET not in wb.sheetnames:
        return [], [], [errors.issue("layout-changed", where, 0, 0, detail=f"Sheet '{HISTORY_SHEET}' not found.")]
    rows = [list(r) for r in wb[HISTORY_SHEET].iter_rows(values_only=True)]
    wb.close()
    issues: list[Issue] = []
    head = next((i for i, r in enumerate(rows[:30]) if len(r) > 1 and _norm(r[1]).startswith("bank's fiscal year")),
                None)
    if head is None or head + 1 >= len(rows) or not _norm(rows[head + 1][1]).startswith("data for calendar year"):
        return [], [], [errors.issue("layout-changed", where, 0, 0, detail=f"Sheet '{HISTORY_SHEET}': the rows "
                                     "\"Bank's fiscal year:\" and \"Data for calendar year :\" were not found in "
                                     "column B.")]
    labels, data_years = rows[head], rows[head + 1]
    columns: dict[int, int] = {}  # 0-based column → data year
    for c in range(2, len(labels)):
        label = _text(labels[c])
        year_cell = data_years[c] if c < len(data_years) else None
        if not label and year_cell is None:
            continue
        fy = _fiscal_year(label)
        if fy is None:
            issues.append(errors.issue("layout-changed", where, head + 1, c + 1,
                                       detail=f"Column {_col(c + 1)}: '{label}' is not a fiscal year (FYnn)."))
            continue
        if isinstance(year_cell, (int, float)) and not isinstance(year_cell, bool):
            year = int(year_cell)
            if year != fy - 2:
                issues.append(errors.issue("layout-changed", where, head + 2, c + 1,
                                           detail=f"{label} is shown with data year {year}; the fiscal year FY{fy} "
                                           f"uses data for {fy - 2}."))
                continue
        elif year_cell is None:
            year = fy - 2  # formula without a cached value: the fiscal year gives the data year
        else:
            issues.append(errors.issue("layout-changed", where, head + 2, c + 1,
                                       detail=f"Data year of {label} is '{year_cell}', not a year."))
            continue
        if year in columns.values():
            first = next(k for k, y in columns.items() if y == year)
            issues.append(errors.issue("duplicate-key", where, head + 1, c + 1, key=f"data year {year}, {label}",
                                       first=f"in column {_col(first + 1)}",
                                       advice="Each data year needs one column: remove the repeated one."))
            continue
        columns[c] = year
    economies: list[_Economy] = []
    for i in range(head + 2, len(rows)):
        r = rows[i]
        code = _text(r[0]) if r else ""
        if not code:
            continue
        economy = _Economy(code, _text(r[1]) if len(r) > 1 else "", i + 1)
        for c, year in columns.items():
            cell = _text(r[c]) if c < len(r) else ""
            if cell in UNCLASSIFIED:
                continue
            if cell in LABELS:
                economy.groups[year] = cell
            elif (code, cell) in FOOTNOTED:
                economy.groups[year] = ledger.apply(CORRECTIONS[(code, cell)], cell, f"{code} {year}")
                economy.footnoted.append(year)
            else:
                issues.append(errors.issue("not-in-enum", where, i + 1, c + 1, value=cell,
                                           what=f"the income group code of {code} {year}",
                                           suggestion="Expected L, LM, UM, H, '..' or an empty cell."))
        economies.append(economy)
    return economies, sorted(columns.values()), issues


def _read_class(path: Path) -> tuple[list[_Economy], list[str], list[Issue]]:
    where = relpath(path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    missing = [s for s in (LIST_SHEET, COMPOSITION_SHEET, NOTES_SHEET) if s not in wb.sheetnames]
    if missing:
        wb.close()
        return [], [], [errors.issue("layout-changed", where, 0, 0, detail=f"Sheet '{s}' not found.") for s in missing]
    listing = [list(r) for r in wb[LIST_SHEET].iter_rows(values_only=True)]
    compositions = [list(r) for r in wb[COMPOSITION_SHEET].iter_rows(values_only=True)]
    notes = " ".join(_text(c) for r in wb[NOTES_SHEET].iter_rows(values_only=True) for c in r)
    wb.close()
    issues: list[Issue] = []
    match = re.search(r"according to (\d{4}) gross national income", notes)
    if not match:
        issues.append(errors.issue("layout-changed", where, 0, 0, detail=f"Sheet '{NOTES_SHEET}' does not say which "
                                   "year's GNI per capita the classification uses."))
    elif int(match.group(1)) != CLASS_DATA_YEAR:
        issues.append(errors.issue("edition-mismatch", where, 0, 0, what="CLASS.xlsx",
                                   found=f"{match.group(1)} GNI per capita", expected=CLASS_DATA_YEAR,
                                   advice="Update CLASS_DATA_YEAR and the source metadata in "
                                   "builder/ingest/income_groups.py."))
    header = [_norm(c) for c in (listing[0] if listing else [])]
    need = ["economy", "code", "region", "income group"]
    if any(n not in header for n in need):
        issues.append(errors.issue("layout-changed", where, 1, 0, detail=f"Sheet '{LIST_SHEET}': expected the "
                                   "columns Economy, Code, Region, Income group in row 1, found "
                                   f"{listing[0] if listing else []}."))
        return [], [], issues
    ie, ic, ir, ig = (header.index(n) for n in need)
    economies: list[_Economy] = []
    aggregates: list[str] = []
    for i, r in enumerate(listing[1:], start=2):
        def cell(j: int, r: list[Any] = r) -> str:
            return _text(r[j]) if j < len(r) else ""
        code, region, group = cell(ic), cell(ir), cell(ig)
        if not code:
            if cell(ie) or group:
                issues.append(errors.issue("missing-value", where, i, ic + 1, what=f"The code of '{cell(ie)}'"))
            continue
        if not region and not group:
            aggregates.append(code)  # regions, income and lending groups: no region, no income group
            continue
        economy = _Economy(code, cell(ie), i)
        if group in CLASS_GROUPS:
            economy.groups[CLASS_DATA_YEAR] = CLASS_GROUPS[group]
        elif group not in UNCLASSIFIED:
            issues.append(errors.issue("not-in-enum", where, i, ig + 1, value=group, what=f"the income group of {code}",
                                       suggestion=f"Expected one of {', '.join(CLASS_GROUPS)} or an empty cell."))
        economies.append(economy)
    # The compositions sheet lists the members of LIC, LMC, UMC and HIC: they must agree with the list.
    members: dict[str, tuple[str, int]] = {}
    for i, r in enumerate(compositions[1:], start=2):
        group, code = (_text(r[0]), _text(r[2])) if len(r) > 2 else ("", "")
        if group in COMPOSITION_GROUPS:
            iso = WB_CODES.get(code, (code,))[0]
            if iso in members:
                issues.append(errors.issue("duplicate-key", where, i, 3, key=f"{code} in '{COMPOSITION_SHEET}'",
                                           first=f"on row {members[iso][1]}",
                                           advice="An economy is in one income group only."))
            members[iso] = (COMPOSITION_GROUPS[group], i)
    listed = {WB_CODES.get(e.code, (e.code,))[0]: e for e in economies}
    for iso in sorted(set(members) | {k for k, e in listed.items() if e.groups}):
        in_list = listed[iso].groups.get(CLASS_DATA_YEAR) if iso in listed else None
        in_comp = members.get(iso, (None, 0))[0]
        if in_list != in_comp:
            row = listed[iso].row if iso in listed else members[iso][1]
            issues.append(errors.issue("sources-disagree", where, row, ig + 1, detail=f"{iso}: income group "
                                       f"{LABELS.get(in_list or '', 'none')} in '{LIST_SHEET}' but "
                                       f"{LABELS.get(in_comp or '', 'none')} in '{COMPOSITION_SHEET}'."))
    return economies, aggregates, issues


def _resolve(economies: list[_Economy], path: Path, countries: set[str], dropped: dict[str, set[int]],
             ledger: Ledger) -> tuple[dict[str, _Economy], list[Issue]]:
    """Economies keyed by the iso3 of countries.csv; the ones countries.csv lacks go to ``dropped``."""
    where = relpath(path)
    out: dict[str, _Economy] = {}
    issues: list[Issue] = []
    for e in economies:
        iso = e.code
        if e.code in WB_CODES:
            iso, name = WB_CODES[e.code]
            if (e.code,) in CORRECTIONS and _norm(e.name) == _norm(name):
                iso = ledger.apply(CORRECTIONS[(e.code,)], e.code, f"{e.name}, row {e.row}")
            if _norm(e.name) != _norm(name):
                issues.append(errors.issue("name-mismatch", where, e.row, 1, code=e.code, found=e.name,
                                           expected=name, iso3=iso,
                                           mapping="WB_CODES in builder/ingest/income_groups.py"))
                continue
        if iso not in countries:
            if e.code in NOT_IN_COUNTRIES:
                dropped.setdefault(e.code, set()).update(e.groups)
            else:
                issues.append(errors.issue("unknown-country", where, e.row, 1, value=e.code,
                                           detail=f" ({e.name}, not in countries.csv)",
                                           suggestion="Map it in WB_CODES or list it in NOT_IN_COUNTRIES "
                                           "(builder/ingest/income_groups.py)."))
            continue
        if iso in out:
            issues.append(errors.issue("duplicate-key", where, e.row, 1, key=iso, first=f"on row {out[iso].row}",
                                       advice="Each economy needs one row: remove or merge the repeated row."))
            continue
        out[iso] = e
    return out, issues


def _notes(history_years: list[int], rows: list[dict[str, Any]], dropped: dict[str, set[int]],
           footnoted: dict[str, list[int]], aggregates: list[str], countries: set[str], skipped_cells: int,
           overlap: list[int]) -> str:
    first, last = history_years[0], history_years[-1]
    by_country: dict[str, set[int]] = {}
    for r in rows:
        by_country.setdefault(r["country"], set()).add(r["year"])
    end = max(max(history_years), CLASS_DATA_YEAR)
    gaps = []
    for iso, years in sorted(by_country.items()):
        missing = set(range(min(years), end + 1)) - years
        if missing:
            gaps.append(f"{iso} {_spans(missing)}")
    never = sorted(countries - set(by_country))
    parts = [
        "World Bank analytical income group by the calendar year of the GNI per capita (Atlas method) it is "
        "based on: the classification of fiscal year FYnn, set on 1 July, uses data of the year two years "
        "earlier (FY2025 → 2023, FY24 → 2022, …, FY89 → 1987).",
        f"{first}–{last} come from OGHIST.xlsx (sheet '{HISTORY_SHEET}', codes L, LM, UM, H) and "
        f"{CLASS_DATA_YEAR} from CLASS.xlsx (sheet '{LIST_SHEET}', column 'Income group'); "
        + (f"where both cover a year ({_spans(overlap)}) they agree and CLASS.xlsx is used."
           if overlap else "the two files do not overlap."),
        "Codes are written as Low income, Lower-middle income, Upper-middle income and High income.",
        f"Cells with '..' or left empty mean that the economy was not classified that year and give no row "
        f"({skipped_cells} such cells for the economies written).",
    ]
    if gaps:
        parts.append("Years without a classification after an economy's first one: " + "; ".join(gaps) + ".")
    parts.append("Codes mapped: " + "; ".join(f"{wb} → {iso} ({name}: {WB_CODE_NOTES[wb]})"
                                              for wb, (iso, name) in WB_CODES.items()) + ".")
    if dropped:
        parts.append("Not imported because countries.csv does not have them: " + "; ".join(
            f"{code} {NOT_IN_COUNTRIES[code]}" + (f" ({_spans(years)})" if years else " (never classified)")
            for code, years in sorted(dropped.items())) + ".")
    for code, marked in sorted(footnoted.items()):
        (reason,) = {why for (c, _), (_, why) in FOOTNOTED.items() if c == code}
        parts.append(f"{code} {_spans(marked)} is marked with an asterisk in OGHIST.xlsx: {reason}; written as "
                     "Lower-middle income.")
    if aggregates:
        parts.append(f"The {len(aggregates)} aggregate rows of CLASS.xlsx (regions, income and lending groups: "
                     f"{', '.join(sorted(aggregates))}) are not economies and are skipped.")
    parts.append("CLASS.xlsx income groups were checked against its compositions sheet (LIC, LMC, UMC, HIC). "
                 "Income thresholds are not imported.")
    if never:
        parts.append("Areas of countries.csv that neither file classifies (no rows): " + ", ".join(never) + ".")
    return " ".join(parts)


def run(datasets: Path, out: Path) -> list[Path]:
    history_path, class_path = require(datasets, FILES)
    countries = known_countries(out)  # validated; raises when missing, empty or invalid
    ledger = Ledger(SOURCE, out)
    history, history_years, issues = _read_history(history_path, ledger)
    latest, aggregates, class_issues = _read_class(class_path)
    issues += class_issues
    dropped: dict[str, set[int]] = {}
    by_iso_history, more = _resolve(history, history_path, countries, dropped, ledger)
    issues += more
    by_iso_class, more = _resolve(latest, class_path, countries, dropped, ledger)
    issues += more
    for code in aggregates:
        if WB_CODES.get(code, (code,))[0] in countries:
            issues.append(errors.issue("sources-disagree", relpath(class_path), 0, 0, detail=f"{code} is a country "
                                       "of countries.csv but has neither region nor income group in CLASS.xlsx (read "
                                       "as an aggregate)."))
    overlap = [CLASS_DATA_YEAR] if CLASS_DATA_YEAR in history_years else []
    for iso in sorted(set(by_iso_history) & set(by_iso_class)) if overlap else []:
        old = by_iso_history[iso].groups.get(CLASS_DATA_YEAR)
        new = by_iso_class[iso].groups.get(CLASS_DATA_YEAR)
        if old and new and old != new:
            issues.append(errors.issue("sources-disagree", relpath(class_path), by_iso_class[iso].row, 4,
                                       detail=f"{iso} {CLASS_DATA_YEAR}: {LABELS[new]} here but {LABELS[old]} in "
                                       "OGHIST.xlsx."))
    issues += ledger.unused()
    if issues:
        raise IngestError(issues)
    groups: dict[tuple[str, int], str] = {}
    skipped = 0
    for iso, e in by_iso_history.items():
        for year in history_years:
            if year in e.groups:
                groups[(iso, year)] = e.groups[year]
            else:
                skipped += 1
    for iso, e in by_iso_class.items():
        if CLASS_DATA_YEAR in e.groups:
            groups[(iso, CLASS_DATA_YEAR)] = e.groups[CLASS_DATA_YEAR]  # the newer file wins
        else:
            skipped += 1
    rows = [{"country": iso, "year": year, "value": LABELS[code]} for (iso, year), code in sorted(groups.items())]
    footnoted = {e.code: e.footnoted for e in history if e.footnoted}
    notes = _notes(history_years, rows, dropped, footnoted, aggregates, countries, skipped, overlap)
    source = metadata.source(
        __name__, "classification", raw_file=f"{OGHIST}; {CLASS}", sha256=sha256(history_path),
        via=f"josh-greene-54/IDS-proj-grp@d333fb62 (data/OGHIST.xlsx, checksum in sha256); "
            f"leonardoy99/EDGAR@0cfbbc17 (CLASS.xlsx, sha256 {sha256(class_path)})")
    meta = indicator_sidecar(
        "income_group", "World Bank income group",
        "Income group of the economy in the World Bank's analytical classification, set from its gross national "
        "income (GNI) per capita, Atlas method, in the year shown; it applies for the World Bank fiscal year that "
        "starts on 1 July of the following year (2023 data → FY2025, July 2024 to June 2025).",
        "text", "minor", notes, source, value_type="string", minimum=None, decimals=0, themes=["development"],
        short_title="Income group")
    meta["columns"] = [dict(c) for c in meta["columns"]]  # do not alter the shared column definitions
    meta["columns"][1]["description"] = "Year of the GNI per capita data the classification is based on"
    meta["columns"][2]["description"] = "World Bank income group"
    meta["columns"][2]["enum"] = list(LABELS.values())
    return write_table(out / "indicators", "income_group", ["country", "year", "value"], rows, meta)
