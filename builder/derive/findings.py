"""Findings first: a page's facts as a few key findings, then the rest by document, details folded away.

The salience of each fact is data (``salience`` column, rule in docs/evidence.md); which findings
lead a page is this module's rule, the same on country, agency and theme pages:

1. only facts whose salience is ``finding`` can be key findings;
2. on a country page, facts about the country come before those where it is only the partner;
3. statistics (people, money, shares) come before years and counts, newer figures before older, undated last;
4. documents take turns, so that the block is across documents, not the first document's top five;
5. within one document, the order of the document.
"""

from __future__ import annotations

from .models import CitedFact, Evidence, EvidenceGroup

KEY_FINDINGS_MAX = 5
# Units of a statistic about people or money, in order of preference; every other unit comes after.
STATISTIC_UNITS = ("people", "usd", "percent", "ratio")


def _rank(cited: CitedFact, focus: str | None) -> tuple[int, int, int, str, int]:
    fact = cited.fact
    about_other = 1 if focus is not None and fact.country != focus else 0
    unit = STATISTIC_UNITS.index(fact.unit) // 2 if fact.unit in STATISTIC_UNITS else 2
    newest = -(fact.year_end or fact.year or 0)  # undated last
    return about_other, unit, newest, fact.document, fact.line


def key_findings(facts: tuple[CitedFact, ...], focus: str | None = None,
                 limit: int = KEY_FINDINGS_MAX) -> tuple[CitedFact, ...]:
    """The few findings that lead a page: the best of each document in turn (rules 1–5 above)."""
    by_document: dict[str, list[CitedFact]] = {}
    for cited in sorted((c for c in facts if c.fact.salience == "finding"), key=lambda c: _rank(c, focus)):
        by_document.setdefault(cited.fact.document, []).append(cited)
    queues = sorted(by_document.values(), key=lambda q: _rank(q[0], focus))
    chosen: list[CitedFact] = []
    while queues and len(chosen) < limit:
        for queue in queues:
            if len(chosen) < limit:
                chosen.append(queue.pop(0))
        queues = [q for q in queues if q]
    return tuple(chosen)


def arrange(facts: tuple[CitedFact, ...], focus: str | None = None) -> Evidence:
    """The key findings, then every other fact under its document (in document order), details apart."""
    key = key_findings(facts, focus)
    chosen = {c.fact.id for c in key}
    rest: dict[str, list[CitedFact]] = {}
    for cited in sorted(facts, key=lambda c: (c.fact.document, c.fact.line, c.fact.id)):
        if cited.fact.id not in chosen:
            rest.setdefault(cited.fact.document, []).append(cited)
    # The documents with the most to say about the page first.
    ordered = sorted(rest.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    groups = tuple(EvidenceGroup(doc, tuple(c for c in items if c.fact.salience != "detail"),
                                 tuple(c for c in items if c.fact.salience == "detail"))
                   for doc, items in ordered)
    return Evidence(key, groups)
