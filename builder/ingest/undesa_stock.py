"""UN DESA International Migrant Stock 2024 (bilateral, by sex) → stock indicators per country."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import errors
from ..issues import Issue, relpath
from . import metadata
from .common import (
    IngestError,
    aggregate_sidecar,
    column,
    duplicates,
    indicator_sidecar,
    known_countries,
    percent_of,
    region_totals,
    require,
    sha256,
    write_table,
)

SOURCE = "undesa-ims-2024"
STOCKS = "iom-gdidata/undesa_stocks.csv"
FILES = (STOCKS,)


def _check(frame: pd.DataFrame, path: Path, countries: set[str]) -> list[Issue]:
    issues = []
    where = relpath(path)
    for i in frame.index[frame["n"] < 0][:20]:
        issues.append(errors.issue("negative-value", where, int(i) + 2, 5, what="Migrant stock ",
                                   value=frame.at[i, "n"]))
    unknown = sorted(set(frame["geo"]) - countries)
    for code in unknown[:20]:
        line = int(frame.index[frame["geo"] == code][0]) + 2
        issues.append(errors.issue("unknown-country", where, line, 1, value=code,
                                   detail=" (destination, not in countries.csv)"))
    for i, key, first in duplicates(frame, ["geo", "t", "from", "sex"]):
        issues.append(errors.issue("duplicate-key", where, i + 2, 1, key=key, first=first))
    return issues


def run(datasets: Path, out: Path) -> list[Path]:
    (path,) = require(datasets, FILES)
    frame = pd.read_csv(path, dtype={"geo": str, "from": str, "sex": str})
    issues = _check(frame, path, known_countries(out))
    if issues:
        raise IngestError(issues)
    source = metadata.source(__name__, "ims-2024", raw_file=STOCKS, sha256=sha256(path))
    folder = out / "indicators"
    total = frame.groupby(["geo", "t"], as_index=False)["n"].sum()
    female = frame[frame["sex"] == "female"].groupby(["geo", "t"], as_index=False)["n"].sum()
    emig = frame[frame["from"] != "OOO"].groupby(["from", "t"], as_index=False)["n"].sum()
    share = total.merge(female, on=["geo", "t"], suffixes=("", "_f"))
    share = share[share["n"] > 0]
    written = []
    written += write_table(folder, "migrant_stock", ["country", "year", "value"],
                           ({"country": r.geo, "year": r.t, "value": r.n} for r in total.itertuples()),
                           indicator_sidecar(
                               "migrant_stock", "International migrant stock", "People living in a country or area "
                               "other than the one where they were born (or, where birthplace is not recorded, of "
                               "which they are not citizens), at mid-year.", "people", "major",
                               "Sum over all origins and both sexes of the bilateral table for each destination.",
                               source, value_type="integer", themes=["migration-data"], short_title="Immigrants"))
    written += write_table(folder, "migrant_stock_female_share", ["country", "year", "value"],
                           ({"country": r.geo, "year": r.t, "value": percent_of(r.n_f, r.n)} for r in share.itertuples()),
                           indicator_sidecar(
                               "migrant_stock_female_share", "Women among international migrants",
                               "Female international migrants as a percentage of all international migrants in "
                               "the country or area.", "percent", "major",
                               "Female stock divided by total stock, times 100, cut (not rounded) to four decimals: "
                               "rounding the stored value to one decimal then rounds the exact ratio once.",
                               source, themes=["gender"], short_title="Female share of immigrants"))
    for sex, word in (("female", "Women"), ("male", "Men")):
        by_sex = frame[frame["sex"] == sex].groupby(["geo", "t"], as_index=False)["n"].sum()
        ident = f"migrant_stock_{sex}"
        written += write_table(folder, ident, ["country", "year", "value"],
                               ({"country": r.geo, "year": r.t, "value": r.n} for r in by_sex.itertuples()),
                               indicator_sidecar(
                                   ident, f"International migrant stock, {word.lower()}",
                                   f"{word} living in a country or area other than the one where they were born (or, "
                                   "where birthplace is not recorded, of which they are not citizens), at mid-year.",
                                   "people", "major", f"Sum over all origins of the {sex} rows of the bilateral table "
                                   "for each destination.", source, value_type="integer", themes=["gender"],
                                   short_title=f"{word} immigrants"))
    written += write_table(folder, "emigrant_stock", ["country", "year", "value"],
                           ({"country": r._1, "year": r.t, "value": r.n} for r in emig.itertuples()),
                           indicator_sidecar(
                               "emigrant_stock", "Emigrants living abroad", "People born in the country (or its "
                               "citizens) who live in another country or area, as counted by the destinations.",
                               "people", "major", "Sum over all destinations and both sexes of the bilateral table "
                               "for each origin. Migrants of unknown origin ('OOO') are not attributed to any country.",
                               source, value_type="integer", themes=["diasporas"], short_title="Emigrants"))
    bilateral = frame[frame["from"] != "OOO"].groupby(["geo", "from", "t"], as_index=False)["n"].sum()
    bilateral = bilateral[bilateral["n"] > 0].sort_values(["geo", "from", "t"])
    meta = indicator_sidecar(
        "bilateral_migrant_stock", "International migrant stock by origin and destination",
        "People living in a country (country) who were born in another country (partner), at mid-year.",
        "people", "major", "Both sexes added for each destination, origin and year. Pairs with no migrants are "
        "left out; migrants of unknown origin ('OOO') are counted in each destination's total but have no row "
        "here.", source, value_type="integer", themes=["migration-data"], short_title="Migrants by origin")
    meta["columns"].insert(1, column("partner", "iso3", "Country or area of origin (birth or citizenship)"))
    meta["primary_key"] = ["country", "partner", "year"]
    written += write_table(folder, "bilateral_migrant_stock", ["country", "partner", "year", "value"],
                           ({"country": r.geo, "partner": r._2, "year": r.t, "value": r.n}
                            for r in bilateral.itertuples()), meta)
    notes = ("Sum over the countries and areas of each region (UN M49). UN DESA estimates every country and area, so "
             "the sums are complete; the world total equals the sum of all destinations.")
    written += write_table(out / "aggregates", "migrant_stock_regions", ["region", "year", "value"],
                           region_totals(((r.geo, int(r.t), r.n) for r in total.itertuples()), out),
                           aggregate_sidecar("migrant_stock_regions", "International migrant stock, world and regions",
                                             "People living outside their country of birth (or citizenship), by "
                                             "region of residence.", "people", notes, source, "integer",
                                             short_title="Immigrants", themes=["migration-data"]))
    emig_notes = ("Sum of the emigrants of the countries and areas of each region (UN M49), wherever they live, "
                  "including in the same region. The world total counts every migrant whose origin is known.")
    written += write_table(out / "aggregates", "emigrant_stock_regions", ["region", "year", "value"],
                           region_totals(((r._1, int(r.t), r.n) for r in emig.itertuples()), out),
                           aggregate_sidecar("emigrant_stock_regions", "Emigrants living abroad, world and regions",
                                             "People born in the region's countries (or their citizens) who live in "
                                             "another country or area.", "people", emig_notes, source, "integer",
                                             short_title="Emigrants", themes=["diasporas"]))
    return written
