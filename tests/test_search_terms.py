"""The search names of each page (builder/search.py) and the reviewed list of names (country_names.yml)."""

from __future__ import annotations

import csv
import json

from ruamel.yaml import YAML

from builder import paths, search
from builder.ingest import countries as countries_ingest


def test_words_split_like_the_search_box_and_drop_accents_and_filler_words():
    assert search.words("Côte d’Ivoire") == ["côte", "cote", "d'ivoire"]
    assert search.words("Bolivia (Plurinational State of)") == ["bolivia", "plurinational", "state"]
    assert search.words("Congo - Kinshasa") == ["congo", "kinshasa"]
    assert search.words("IN") == ["in"] and search.words("US") == ["us"]  # codes are kept, whatever the word
    assert search.words("in") == []


def _tiers(fields: dict[str, str]) -> dict[str, list[str]]:
    return {tier: fields.get(tier, "").split() for tier in (search.CODES, search.NAMES, search.PARTIAL)}


def test_a_name_that_begins_another_pages_name_keeps_the_exact_match_first():
    ranked = search.rank({
        "countries/niger/": ["Niger", "NER", "NE"],
        "countries/nigeria/": ["Nigeria", "Nigerian", "NGA", "NG"],
        "countries/united-kingdom/": ["United Kingdom", "UK", "GBR", "GB"],
        "countries/ukraine/": ["Ukraine", "UKR", "UA"],
    })
    niger, nigeria = _tiers(ranked["countries/niger/"]), _tiers(ranked["countries/nigeria/"])
    assert "niger" in niger[search.NAMES]
    # "niger" would reach Nigeria's names by completion: they are one tier lower there.
    assert {"nigeria", "nigerian"} <= set(nigeria[search.PARTIAL]) and "nigeria" not in nigeria[search.NAMES]
    uk, ukraine = _tiers(ranked["countries/united-kingdom/"]), _tiers(ranked["countries/ukraine/"])
    assert "uk" in uk[search.CODES]
    assert "ukr" in ukraine[search.NAMES] and "ukr" not in ukraine[search.CODES]  # a code only begun: demoted
    assert "ukraine" in ukraine[search.NAMES]  # codes demote codes, not names


def test_a_page_that_has_the_shorter_word_itself_is_not_demoted():
    ranked = search.rank({"countries/guinea/": ["Guinea", "Guinean"], "countries/papua-new-guinea/": ["Papua New Guinea"]})
    guinea = _tiers(ranked["countries/guinea/"])
    assert "guinean" in guinea[search.NAMES]


def test_a_one_word_name_weighs_more_than_the_same_word_in_a_longer_name():
    ranked = search.rank({"countries/guinea/": ["Guinea", "Republic of Guinea"],
                          "countries/papua-new-guinea/": ["Papua New Guinea"],
                          "indicators/net-migration/": ["Net migration"]})
    guinea, papua = _tiers(ranked["countries/guinea/"]), _tiers(ranked["countries/papua-new-guinea/"])
    assert guinea[search.NAMES].count("guinea") > papua[search.NAMES].count("guinea") == 1
    assert _tiers(ranked["indicators/net-migration/"])[search.NAMES].count("net") == 2


def test_the_fields_join_the_entry_of_the_page_not_its_sections(tmp_path):
    index = tmp_path / "search_index.json"
    index.write_text(json.dumps({"config": {}, "docs": [
        {"location": "countries/mexico/", "title": "Mexico", "text": ""},
        {"location": "countries/mexico/#key-figures", "title": "Key figures", "text": ""}]}), encoding="utf-8")
    assert search.add_to_index(index, {"countries/mexico/": {search.NAMES: "mexican mexican mexican"}}) == 1
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    assert docs[0][search.NAMES] == "mexican mexican mexican" and search.NAMES not in docs[1]
    assert search.add_to_index(tmp_path / "missing.json", {}) == 0


def test_every_country_page_gets_its_codes_and_the_reviewed_names(tiny):
    from builder import build

    catalog, issues = build.check(tiny)
    assert catalog is not None and issues == []
    fields = search.fields(catalog)
    mexico = _tiers(fields["countries/mexico/"])
    assert {"mex", "mx"} <= set(mexico[search.CODES]) and "mexican" in mexico[search.NAMES]
    assert set(fields) >= {"countries/mexico/", "countries/united-states/"}


def test_the_reviewed_list_is_short_gives_a_reason_and_reaches_countries_csv():
    data = YAML(typ="safe").load(countries_ingest.REVIEWED.read_text(encoding="utf-8"))
    with (paths.DATA / "reference" / "countries.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["iso3"]: r for r in csv.DictReader(fh)}
    assert len(data["names"]) <= 25 and len(data["demonyms"]) <= 60
    for entry in data["names"]:
        assert entry["reason"].strip() and entry["iso3"] in rows
        assert set(entry["names"]) <= set(rows[entry["iso3"]]["aliases"].split("|"))
    for iso3, demonyms in data["demonyms"].items():
        assert rows[iso3]["demonyms"].split("|") == demonyms
