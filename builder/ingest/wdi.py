"""World Bank World Development Indicators (via iom/gdidata) → remittances, GDP, population, net migration."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import errors
from ..issues import relpath
from . import metadata, zeros
from .common import (
    IngestError,
    duplicates,
    indicator_sidecar,
    known_countries,
    percent_of,
    require,
    sha256,
    write_table,
)
from .corrections import Ledger

SOURCE = "wdi"
WDI = "iom-gdidata/wdi.csv"
FILES = (WDI,)

# var in the raw file → (indicator id, title, short title, description, unit, series code, release in wdi.yml,
#                        themes, minimum)
SERIES = {
    "remin": ("remittances_received", "Personal remittances received", "Remittances received",
              "Personal transfers and compensation of employees received by residents from abroad, in current US$.",
              "usd", "BX.TRF.PWKR.CD.DT", "wdi", ["remittances"], 0),
    "remout": ("remittances_paid", "Personal remittances paid", "Remittances paid",
               "Personal transfers and compensation of employees paid by residents to people abroad, in current US$.",
               "usd", "BM.TRF.PWKR.CD.DT", "wdi", ["remittances"], 0),
    "gdp": ("gdp", "Gross domestic product", "GDP", "Gross domestic product in current US$.",
            "usd", "NY.GDP.MKTP.CD", "wdi", ["development"], 0),
    "nmig": ("net_migration", "Net migration", "Net migration",
             "Immigrants minus emigrants over the year, citizens and non-citizens together.",
             "people", "SM.POP.NETM", "wdi", ["demography"], None),
    "pop": ("population", "Total population", "Population", "Total population at mid-year.",
            "people", "UN WPP 2024 total population (not WDI SP.POP.TOTL)", "wpp", ["demography"], 0),
}

ZERO_SERIES = ("remin", "remout")  # amounts of money where a zero means "no estimate" (see zeros.py)


def _drop_zeros(rows: pd.DataFrame, var: str, out: Path, ledger: Ledger) -> pd.DataFrame:
    """``rows`` without the suspicious zeros of ``var``, each kind of zero applied as its declared correction."""
    found = zeros.classify(rows, zeros.bilateral_totals(out, var))
    for kind in zeros.KINDS:
        mine = [z for z in found if z.kind == kind]
        if mine:
            where = zeros.location(var, mine)
            ledger.apply(zeros.correction_id(var, kind), "0", where, location=where)
    dropped = {(z.country, z.year) for z in found}
    return rows[[(g, int(t)) not in dropped for g, t in zip(rows["geo"], rows["t"], strict=True)]]


def run(datasets: Path, out: Path) -> list[Path]:
    (path,) = require(datasets, FILES)
    frame = pd.read_csv(path, dtype={"geo": str, "var": str})
    frame = frame.dropna(subset=["v"])
    countries = known_countries(out)
    issues = [errors.issue("duplicate-key", relpath(path), i + 2, 1, key=key, first=first)
              for i, key, first in duplicates(frame, ["geo", "var", "t"])]
    if issues:
        raise IngestError(issues)
    checksum = sha256(path)
    written: list[Path] = []
    folder = out / "indicators"
    keep = frame[frame["geo"].isin(countries)]
    ledger = Ledger(SOURCE, out)
    cleaned = {var: _drop_zeros(keep[keep["var"] == var], var, out, ledger) for var in ZERO_SERIES}
    issues = ledger.unused()
    if issues:
        raise IngestError(issues)
    keep = pd.concat([keep[~keep["var"].isin(ZERO_SERIES)], *cleaned.values()])
    for var, (ident, title, short, description, unit, code, release, themes, minimum) in SERIES.items():
        rows = keep[keep["var"] == var].sort_values(["geo", "t"])
        negatives = rows[(rows["v"] < 0)] if minimum == 0 else rows.iloc[0:0]
        if not negatives.empty:
            i = negatives.index[0]
            raise IngestError([errors.issue("negative-value", relpath(path), int(i) + 2, 4,
                                            what=f"{var} for {rows.at[i, 'geo']!s} {rows.at[i, 't']!s}: ",
                                            value=rows.at[i, "v"])])
        source = metadata.source(__name__, release, raw_file=WDI, sha256=checksum,
                                 via=f"iom/gdidata@c9e4cc69 (data/wdi.rda, var '{var}')")
        notes = (f"Series {code}, copied as published for every country of countries.csv "
                 "(aggregates such as regions and income groups are not imported).")
        if var in ZERO_SERIES:
            notes += (" Zeros that stand for a missing estimate are left out (no row), as declared in the "
                      "corrections ledger (data/corrections/corrections.csv).")
        written += write_table(folder, ident, ["country", "year", "value"],
                               ({"country": geo, "year": int(t), "value": v}
                                for geo, t, v in rows[["geo", "t", "v"]].itertuples(index=False, name=None)),
                               indicator_sidecar(ident, title, description, unit, "minor", notes, source,
                                                 minimum=minimum, themes=themes, short_title=short))
    # Derived: remittances received as a share of GDP.
    rem = keep[keep["var"] == "remin"].rename(columns={"v": "rem"})
    gdp = keep[keep["var"] == "gdp"].rename(columns={"v": "gdp"})
    share = rem.merge(gdp, on=["geo", "t"])
    share = share[share["gdp"] > 0].sort_values(["geo", "t"])
    source = metadata.source(__name__, "wdi", raw_file=WDI, sha256=checksum,
                             via="iom/gdidata@c9e4cc69 (data/wdi.rda, vars 'remin', 'gdp')")
    written += write_table(folder, "remittances_received_gdp", ["country", "year", "value"],
                           ({"country": geo, "year": int(t), "value": percent_of(rem, gdp)}
                            for geo, t, rem, gdp
                            in share[["geo", "t", "rem", "gdp"]].itertuples(index=False, name=None)),
                           indicator_sidecar("remittances_received_gdp", "Personal remittances received (% of GDP)",
                                             "Personal remittances received as a percentage of gross domestic product.",
                                             "percent", "major", "BX.TRF.PWKR.CD.DT divided by NY.GDP.MKTP.CD, "
                                             "times 100, cut (not rounded) to four decimals so that rounding it for "
                                             "display rounds the exact ratio once (a positive share too small for "
                                             "four decimals keeps two significant digits, so that it is not stored "
                                             "as zero; the World Bank also publishes this ratio as "
                                             "BX.TRF.PWKR.DT.GD.ZS). Years whose remittances were left out as "
                                             "missing estimates have no row.", source, themes=["remittances"],
                                             short_title="Remittances (% of GDP)"))
    return written
