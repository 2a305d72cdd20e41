"""Country and region reference from UN M49 (via iom/gdidata) and datasets/country-codes.

Writes data/reference/countries.csv (every country or area of UN DESA's migrant stock tables)
and data/reference/regions.csv (the world, M49 regions and sub-regions).

A country's aliases (what readers search for) come from the reference tables: its UN M49 names, the
UN Protocol's short and formal names (UNTERM) in English, French and Spanish, the CLDR customary English
name (country-codes.csv) and the M49 overview's name (UNSD-en.csv); then the few common and former names
of the reviewed list ``country_names.yml``, which also holds the demonyms (column ``demonyms``).
lukes' all.csv adds no name these lack, and its CC BY-SA licence would bind the data: it is not read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
from ruamel.yaml import YAML

from ..tables import slugify
from . import metadata, reference
from .common import column, require, sha256, write_table

SOURCE = "countries"
NAMES = "iom-gdidata/countrynames.csv"
CODES = "country-metadata/country-codes.csv"
STOCKS = "iom-gdidata/undesa_stocks.csv"
UNSD = "country-metadata/UNSD-en.csv"
FILES = (NAMES, CODES, STOCKS, UNSD)
REVIEWED = Path(__file__).with_name("country_names.yml")  # common and former names, demonyms: each with its reason


def reviewed(path: Path = REVIEWED) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The reviewed list: ISO3 → extra names, ISO3 → demonyms."""
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    names: dict[str, list[str]] = {}
    for entry in data["names"]:
        names.setdefault(entry["iso3"], []).extend(entry["names"])
    return names, {iso3: list(values) for iso3, values in data["demonyms"].items()}


def _existing_slugs(out: Path) -> dict[str, str]:
    """Published slugs never change: keep those of the current countries.csv (read through the validator)."""
    ref = reference.load_if_present(out)
    return {c.iso3: c.slug for c in ref.countries.values()} if ref else {}


def _aliases(values: list[str], name: str) -> list[str]:
    seen, out = {name.lower()}, []
    for value in values:
        value = re.sub(r"\s*\((the|l'|l’|el|la|las|los|le|les)\)\s*\*?$", "", str(value)).strip()
        value = re.sub(r"^the\s+", "", value)  # UNTERM formal names: "the Czech Republic"
        if value and value.lower() not in seen and value.lower() != "nan":
            seen.add(value.lower())
            out.append(value)
    return out


def run(datasets: Path, out: Path) -> list[Path]:
    names_path, codes_path, stocks_path, unsd_path = require(datasets, FILES)
    names = pd.read_csv(names_path, dtype=str, keep_default_na=False)
    codes = pd.read_csv(codes_path, dtype=str, keep_default_na=False).set_index("ISO3166-1-Alpha-3")
    areas = set(pd.read_csv(stocks_path, usecols=["geo"], dtype=str)["geo"])
    unsd = pd.read_csv(unsd_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    unsd_names = dict(zip(unsd["ISO-alpha3 Code"], unsd["Country or Area"], strict=True))
    more_names, demonyms = reviewed()
    slugs = _existing_slugs(out)
    regions: dict[str, dict[str, object]] = {
        "world": {"id": "world", "slug": "world", "name": "World", "level": "world", "parent": "", "m49": 1}}
    rows = []
    for _, r in names[names["iso3"].isin(areas)].sort_values("iso3").iterrows():
        iso3 = r["iso3"]
        name = r["name_text"] or r["name"]
        region_id, sub_id = slugify(r["region"]), slugify(r["subregion"])
        regions.setdefault(region_id, {"id": region_id, "slug": region_id, "name": r["region"], "level": "region",
                                       "parent": "world", "m49": int(float(r["region_code"]))})
        regions.setdefault(sub_id, {"id": sub_id, "slug": sub_id, "name": r["subregion"], "level": "subregion",
                                    "parent": region_id, "m49": int(float(r["subregion_code"]))})
        extra = []
        if iso3 in codes.index:
            c = codes.loc[iso3]
            extra = [c["CLDR display name"], c["UNTERM English Short"], c["official_name_en"],
                     c["UNTERM French Short"], c["UNTERM Spanish Short"], c["official_name_fr"], c["official_name_es"]]
        # Appended after the aliases of earlier imports, so that a published alias keeps its place.
        later = [c["UNTERM English Formal"], unsd_names.get(iso3, "")] if iso3 in codes.index else []
        alias_list = _aliases([r["name_sort"], r["name"], *extra, iso3, r["iso2"], *later,
                               *more_names.get(iso3, [])], name)
        rows.append({
            "iso3": iso3, "m49": int(float(r["m49"])) if r["m49"] else None, "iso2": r["iso2"] or None,
            "slug": slugs.get(iso3) or slugify(name), "name": name, "official_name": r["name"],
            "aliases": alias_list, "region": region_id, "subregion": sub_id,
            "demonyms": demonyms.get(iso3, []),
        })
    source = metadata.source(__name__, "m49", raw_file=f"{NAMES}; {CODES}; {UNSD}", sha256=sha256(names_path))
    countries_meta: dict[str, Any] = {
        "kind": "countries", "id": "countries", "title": "Countries and areas",
        "description": "Every country or area for which UN DESA publishes international migrant stock, "
                       "with its codes, names, search aliases and UN M49 region.",
        "processing": {"level": "minor", "notes": "Areas limited to the destinations of UN DESA International "
                       "Migrant Stock 2024. Slugs are made once from the name and then kept, so URLs last."},
        "columns": [
            column("iso3", "iso3", "ISO 3166-1 alpha-3 code (UN DESA code for areas without one)"),
            column("m49", "integer", "UN M49 numeric code", required=False),
            column("iso2", "string", "ISO 3166-1 alpha-2 code", required=False),
            column("slug", "id", "URL segment: /countries/<slug>/ (never changes once published)"),
            column("name", "string", "Name shown on pages"),
            column("official_name", "string", "Official UN name"),
            column("aliases", "list", "Other names, codes and translations readers search for", required=False),
            column("region", "id", "UN M49 region", references="regions"),
            column("subregion", "id", "UN M49 sub-region", references="regions"),
            column("demonyms", "list", "What its people are called in English, as readers search for them "
                   "(builder/ingest/country_names.yml)", required=False),
        ],
        "primary_key": ["iso3"], "source": source,
    }
    regions_meta: dict[str, Any] = {
        "kind": "regions", "id": "regions", "title": "World, regions and sub-regions",
        "description": "The UN M49 geographic regions and sub-regions the countries belong to.",
        "processing": {"level": "minor", "notes": "Taken from the M49 classification of each country."},
        "columns": [
            column("id", "id", "Stable id"), column("slug", "id", "URL segment"),
            column("name", "string", "Name"),
            column("level", "string", "world, region or subregion", enum=["world", "region", "subregion"]),
            column("parent", "id", "Enclosing region", required=False),
            column("m49", "integer", "UN M49 code", required=False),
        ],
        "primary_key": ["id"], "source": source,
    }
    ref = out / "reference"
    written = write_table(ref, "countries", [c["name"] for c in countries_meta["columns"]], rows, countries_meta)
    region_rows = sorted(regions.values(), key=lambda x: (str(x["level"]) != "world", str(x["id"])))
    written += write_table(ref, "regions", [c["name"] for c in regions_meta["columns"]], region_rows, regions_meta)
    return written
