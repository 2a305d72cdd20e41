"""Findings first: the key findings that lead country, agency and theme pages (derive/findings.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from builder.catalog import Fact
from builder.derive.findings import KEY_FINDINGS_MAX, arrange, key_findings
from builder.derive.models import CitedFact

BASE = Fact(id="", document="", line=1, section=None, value=1.0, value_high=None, unit="people", unit_label=None,
            qualifier=None, as_written="1", year=2000, year_end=None, country="MEX", partner=None, group=None,
            themes=(), agency=None, statement="A figure.", salience="finding", disagrees_with=())


def cited(ident: str, document: str, line: int, **changes) -> CitedFact:
    return CitedFact(replace(BASE, id=ident, document=document, line=line, **changes), None)


def ids(facts) -> list[str]:
    return [c.fact.id for c in facts]


def test_only_findings_lead_and_documents_take_turns():
    facts = (cited("a1", "a", 1), cited("a2", "a", 2), cited("a3", "a", 3), cited("b1", "b", 5),
             cited("ac", "a", 0, salience="context"), cited("ad", "a", 0, salience="detail"))
    assert ids(key_findings(facts)) == ["a1", "b1", "a2", "a3"]


def test_statistics_about_the_page_come_first():
    facts = (cited("year", "a", 1, unit="year"), cited("partner", "a", 2, country="USA", partner="MEX"),
             cited("share", "a", 3, unit="percent"), cited("undated", "a", 4, year=None), cited("people", "a", 5),
             cited("newer", "a", 6, year=2010))
    assert ids(key_findings(facts, focus="MEX")) == ["newer", "people", "undated", "share", "year"]
    # Without a focus (agency and theme pages) the country does not count.
    assert ids(key_findings(facts))[:3] == ["newer", "partner", "people"]


def test_the_block_is_short():
    facts = tuple(cited(f"f{i}", f"d{i % 3}", i) for i in range(20))
    assert len(key_findings(facts)) == KEY_FINDINGS_MAX


def test_every_fact_is_shown_once_details_apart():
    facts = tuple(cited(f"f{i}", f"d{i % 2}", i, salience=("finding", "context", "detail")[i % 3])
                  for i in range(30))
    evidence = arrange(facts)
    shown = ids(evidence.key) + [i for g in evidence.groups for i in ids(g.facts) + ids(g.details)]
    assert sorted(shown) == sorted(ids(facts))
    for group in evidence.groups:
        assert all(c.fact.salience == "detail" for c in group.details)
        assert all(c.fact.salience != "detail" for c in group.facts)
        assert [c.fact.line for c in group.facts] == sorted(c.fact.line for c in group.facts)


def test_mexico_leads_with_findings_not_the_case_study(data_site):
    mexico = next(p for p in data_site.countries if p.country.iso3 == "MEX")
    assert mexico.evidence.key
    assert all(c.fact.salience == "finding" and not (c.fact.group or "").endswith("(case study)")
               for c in mexico.evidence.key)
    assert len({c.fact.document for c in mexico.evidence.key}) > 1


@pytest.mark.slow
def test_every_country_page_with_findings_opens_its_evidence_with_them(real_site: Path, data_catalog):
    catalog = data_catalog
    with_findings = {c for f in catalog.facts if f.salience == "finding" for c in (f.country, f.partner) if c}
    checked = 0
    for country in catalog.countries.values():
        html = (real_site / "countries" / country.slug / "index.html").read_text(encoding="utf-8")
        evidence = html.split('id="evidence"', 1)[1]
        first = re.search(r"<h3 id=\"([^\"]+)\"", evidence)
        if country.iso3 in with_findings:
            assert first is not None and first.group(1) == "key-findings", country.slug
            checked += 1
        else:
            assert 'id="key-findings"' not in html, country.slug
    assert checked == len(with_findings & set(catalog.countries)) > 20
