"""Every fact of data/ is shown at the precision its source prints, and every recorded disagreement
is shown, on both sides and in the lists of the sources and methodology pages, with both figures.

The checks read the shown text back (numbers, decimals, scale words) and compare it with
``as_written``, independently of how builder/printed.py chose the form.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from builder import pages
from builder.catalog import Fact

from .conftest import needs_seeds

SHOWN_NUMBER = re.compile(r"(?<![\w.])(-?\d[\d,]*(?:\.\d+)?)(?:\s(thousand|million|billion|trillion)\b)?")
PRINTED_NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?|\.\d+)")
SCALE = {None: 1, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


@pytest.fixture(scope="module")
def site(data_site):
    return data_site


def decimals(token: str) -> int:
    """Digits after the point; a printed "008" lost its point in print, so its three digits are decimals."""
    token = token.lstrip("-")
    if "." in token:
        return len(token.split(".")[1])
    return len(token) if len(token) > 1 and token.startswith("0") else 0


def magnitude(token: str) -> Decimal:
    token = token.lstrip("-").replace(",", "")
    return Decimal("0." + token) if len(token) > 1 and token.startswith("0") and "." not in token else Decimal(token)


def shown_numbers(fact: Fact) -> list[tuple[str, int]]:
    """The numbers of the shown figure, each with its scale ("US$ 3,775 million" → [("3,775", 10**6)])."""
    text = pages.fact_value(fact)
    if fact.unit_label and text.endswith(fact.unit_label):
        text = text[: -len(fact.unit_label)]
    return [(n, SCALE[s or None]) for n, s in SHOWN_NUMBER.findall(text)]


def test_every_fact_is_shown_at_the_precision_it_is_printed(site):
    wrong = []
    for fact in site.catalog.facts:
        shown, text = shown_numbers(fact), pages.fact_value(fact)
        printed = PRINTED_NUMBER.findall(fact.as_written)
        amounts = [fact.value] + ([fact.value_high] if fact.value_high is not None else [])
        if not printed:
            # in words: the source's words, or (for a whole number in words) the whole number itself
            if fact.as_written.strip().lower() not in text.lower() and not (
                    len(shown) == len(amounts) == 1 and "." not in shown[0][0]
                    and magnitude(shown[0][0]) * shown[0][1] == Decimal(repr(fact.value))):
                wrong.append((fact.id, fact.as_written, text))
            continue
        if re.search(r"\d0s\b", fact.as_written):  # a decade is said as printed ("the 1990s"), never as a year
            if fact.as_written.strip().lower() not in text.lower():
                wrong.append((fact.id, fact.as_written, text))
            continue
        if len(shown) != len(amounts):
            wrong.append((fact.id, fact.as_written, text))
            continue
        for (number, scale), amount in zip(shown, amounts, strict=True):
            same_value = magnitude(number) * scale == abs(Decimal(repr(amount)))
            as_printed = any(magnitude(p) == magnitude(number) and decimals(p) == decimals(number) for p in printed)
            if not (same_value and as_printed):
                wrong.append((fact.id, fact.as_written, text))
    assert not wrong, f"{len(wrong)} facts shown at another precision than printed, e.g. {wrong[:10]}"


@needs_seeds
def test_every_source_table_cell_and_its_fact_show_the_same_digits(site):
    facts = {f.id: f for f in site.catalog.facts}
    wrong = []
    for table in site.catalog.source_tables:
        for cell in table.cells:
            if not cell.get("fact") or cell.get("value") is None:
                continue
            printed = PRINTED_NUMBER.findall(cell["as_printed"])
            numbers = shown_numbers(facts[cell["fact"]])
            if not printed or not any(decimals(n) == decimals(p) and magnitude(n) == magnitude(p)
                                      for n, _ in numbers for p in printed):
                wrong.append((table.id, cell["row"], cell["column"], cell["as_printed"],
                              pages.fact_value(facts[cell["fact"]])))
    assert not wrong, f"{len(wrong)} cells whose fact shows other digits, e.g. {wrong[:10]}"


def test_the_figures_found_wrong_are_shown_as_the_sources_print_them(site):
    facts = {f.id: f for f in site.catalog.facts}
    shown = {i: pages.fact_value(facts[i]) for i in ("003-463-1", "003-504-1", "000-54-1", "000-145-1", "001-4273-1")}
    # a vague amount is said in words, with no invented bounds
    assert shown["003-463-1"] == "a few hundred dollars"
    assert shown["003-504-1"] == "a few hundred to a few thousand dollars"
    assert not re.search(r"\d", shown["003-463-1"] + shown["003-504-1"])
    assert shown["000-54-1"] == "US$\u00a02.90"
    assert shown["000-145-1"].startswith("0.440 ")  # Portes' Table 2 prints three decimals
    assert shown["001-4273-1"] == "US$\u00a03,775 million"  # printed in millions, not rounded to billions
    table = next(t for t in site.catalog.source_tables if t.id == "000-table-2")
    coefficients = [facts[c["fact"]] for c in table.cells if c.get("fact") and facts[c["fact"]].unit != "percent"]
    assert len(coefficients) == 32  # the coefficients and changes in probability, shown as "0.0" before
    assert not [f.id for f in coefficients if pages.fact_value(f).startswith(("0.0 ", "-0.0 "))]


def test_the_adoption_and_issue_dates_of_resolution_58_208_are_recorded_as_a_disagreement(site):
    facts = {f.id: f for f in site.catalog.facts}
    assert "adopted" not in facts["001-99-1"].statement.split("not the day it was adopted")[0]
    assert {"001-3994-1", "001-6248-1"} <= set(facts["001-99-1"].disagrees_with)
    assert "001-99-1" in facts["001-3994-1"].disagrees_with


def test_every_disagreement_is_mutual_and_shown_with_both_figures_on_both_sides(site):
    facts = {f.id: f for f in site.catalog.facts}
    pairs = {frozenset((f.id, o)) for f in site.catalog.facts for o in f.disagrees_with}
    assert pairs, "the data record disagreements"
    for f in site.catalog.facts:
        for other in f.disagrees_with:
            assert f.id in facts[other].disagrees_with, (f.id, other)
    assert {frozenset((d.first.fact.id, d.second.fact.id)) for d in site.disagreements} == pairs

    env, shared = pages.environment(), {**pages.shared_context(site), **pages.site_context()}
    rendered = {p.path: env.get_template("document.md.j2").render(page=p, here=p.path, **shared)
                for p in site.documents}
    sources = next(p for p in site.indexes if p.kind == "sources")
    methodology = next(p for p in site.reference if p.kind == "methodology")
    lists = [env.get_template(f"{p.kind}_index.md.j2" if p is sources else f"{p.kind}.md.j2")
             .render(page=p, here=p.path, **shared) for p in (sources, methodology)]
    homes = site.fact_homes()

    def figure(fact_id: str) -> str:
        return str(pages.escape.text(pages.fact_value(facts[fact_id])))

    for pair in pairs:
        a, b = sorted(pair)
        for this, other in ((a, b), (b, a)):  # on each fact's own line, the other figure and its link
            page = rendered[homes[this]]
            block = page[page.index(f'id="fact-{this}"'):]
            block = block[: block.index("</div>")]
            line = next((s for s in re.findall(r'<span class="fb-fact__disagree">(.*?)</span>', block)
                         if f"#fact-{other})" in s), None)
            assert line is not None, (this, other)
            assert f"[{figure(this)}]" in line and f"[{figure(other)}]" in line, line
            assert other not in re.sub(r"\(([^)]*#fact-[^)]*)\)", "", line), "no raw id shown"
        for text in lists:  # and once in the lists of the sources and methodology pages
            item = [s for s in text.splitlines() if f"#fact-{a})" in s and f"#fact-{b})" in s]
            assert len(item) == 1 and f"[{figure(a)}]" in item[0] and f"[{figure(b)}]" in item[0], (a, b)


def test_the_printed_form_of_a_number_is_read_from_as_written():
    from builder import printed
    from builder.printed import Printed
    assert printed.printed(2.9, "2.90") == Printed(2, 1)
    assert printed.printed(0.44, ".440") == Printed(3, 1)
    assert printed.printed(-0.008, "008") == Printed(3, 1)  # the point lost in print
    assert printed.printed(3.775e9, "3,775 million dollars") == Printed(0, 10**6)
    assert printed.printed(1.28e9, "$739 million and $1.28 billion") == Printed(2, 10**9)
    assert printed.printed(2e6, "two million") == Printed(0, 10**6)
    assert printed.printed(5.0, "4 or 5 to 1") == Printed(0, 1)
    assert printed.printed(6.0, "4 or 5 to 1") is None  # no printed number gives it
    assert (printed.cardinal("Fifty-two"), printed.cardinal("twenty four hours"), printed.cardinal("a year")) == (52, 24, 1)
    assert printed.cardinal("half") is None
    assert printed.in_words("1990s", (1990, 1999)) and printed.in_words("one-third", (33.3,))
    assert printed.in_words("one of two ways", (2,)) and not printed.in_words("two", (2,))
    assert printed.vague("a few hundred dollars") and not printed.vague("175 millions")
