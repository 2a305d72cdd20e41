"""One small fixture per failure mode: a copy of the tiny package with one defect, and the
(file, line, code) the checker must report for it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from builder import build, paths
from builder.issues import Issue
from builder.sidecar import Column
from builder.tables import _convert

from .conftest import needs_seeds


def edit(data: Path, rel: str, old: str, new: str) -> None:
    path = data / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def found(data: Path) -> set[tuple[str, int, str]]:
    catalog, issues = build.check(data)
    assert catalog is None, "a defect must make the catalog unavailable"
    return {(Path(i.path).relative_to(data).as_posix(), i.line, i.code) for i in issues}


CASES = [
    # (name, file, old, new, expected file, line, code)
    ("unknown-country", "indicators/migrant_stock.csv", "MEX,2000", "MXE,2000",
     "indicators/migrant_stock.csv", 3, "unknown-country"),
    ("bad-integer", "indicators/migrant_stock.csv", "957593", "957593x", "indicators/migrant_stock.csv", 4, "bad-integer"),
    ("negative-value", "indicators/migrant_stock.csv", "1335154", "-1335154",
     "indicators/migrant_stock.csv", 5, "negative-value"),
    ("duplicate-key", "indicators/migrant_stock.csv", "MEX,2024", "MEX,2020",
     "indicators/migrant_stock.csv", 6, "duplicate-key"),
    ("missing-value", "indicators/migrant_stock.csv", "USA,1990,23266147", "USA,1990,",
     "indicators/migrant_stock.csv", 7, "missing-value"),
    ("bad-year", "indicators/migrant_stock.csv", "USA,2000", "USA,20x0", "indicators/migrant_stock.csv", 8, "bad-year"),
    ("row-length", "indicators/migrant_stock.csv", "USA,2010,43947211", "USA,2010,43947211,1",
     "indicators/migrant_stock.csv", 9, "row-length"),
    ("unknown-column", "indicators/migrant_stock.csv", "country,year,value", "country,yeer,value",
     "indicators/migrant_stock.csv", 1, "unknown-column"),
    ("unknown-theme", "evidence/facts-003.csv", "return-migration|development", "return-migraton|development",
     "evidence/facts-003.csv", 2, "unknown-theme"),
    ("unknown-document", "evidence/statements.csv", "agency:iom,activity,Fixture statement about the agency's work "
     "with returnees.,context,hagan-wassink-return-mexico", "agency:iom,activity,Fixture statement about the agency's "
     "work with returnees.,context,hagan-return-mexico", "evidence/statements.csv", 2, "unknown-document"),
    ("unknown-agency", "evidence/statements.csv", "agency:iom", "agency:iomm", "evidence/statements.csv", 2,
     "unknown-agency"),
    ("unknown-fact", "evidence/facts-003.csv", "financial crisis.\",detail,", "financial crisis.\",detail,003-99-1",
     "evidence/facts-003.csv", 2, "unknown-fact"),
    # a disagreement is recorded on both sides: a one-way link is reported at the cell that makes it
    ("disagreement-one-way", "evidence/facts-003.csv", "financial crisis.\",detail,", "financial crisis.\",detail,003-24-1",
     "evidence/facts-003.csv", 2, "disagreement-one-way"),
    ("duplicate-slug", "reference/countries.csv", "united-states", "mexico", "reference/countries.csv", 3,
     "duplicate-slug"),
    ("not-in-enum", "reference/agencies.csv", ",intergovernmental,", ",intergov,", "reference/agencies.csv", 2,
     "not-in-enum"),
    ("bad-boolean", "reference/documents.csv", ",2016,true,", ",2016,yes,", "reference/documents.csv", 2,
     "bad-boolean"),
    ("sidecar-missing-field", "reference/themes.meta.yml", "title: Themes\n", "", "reference/themes.meta.yml", 1,
     "sidecar-missing-field"),
    ("sidecar-bad-value", "reference/themes.meta.yml", "kind: themes", "kind: theme", "reference/themes.meta.yml", 1,
     "sidecar-bad-value"),
    ("sidecar-unknown-field", "reference/themes.meta.yml", "title: Themes\n", "title: Themes\ntitel: x\n",
     "reference/themes.meta.yml", 4, "sidecar-unknown-field"),
    ("yaml-syntax", "reference/themes.meta.yml", "columns:\n", "columns:\n  - {name: [\n",
     "reference/themes.meta.yml", 8, "yaml-syntax"),
    # a repeated key would silently replace the first value: it is an error at the repeat
    ("yaml-duplicate-key", "reference/themes.meta.yml", "title: Themes\n", "title: Themes\ntitle: Topics\n",
     "reference/themes.meta.yml", 4, "yaml-syntax"),
    ("sidecar-id-mismatch", "reference/themes.meta.yml", "id: themes", "id: topics", "reference/themes.meta.yml", 2,
     "sidecar-id-mismatch"),
    ("year-out-of-range", "indicators/migrant_stock.csv", "MEX,2000", "MEX,3024", "indicators/migrant_stock.csv", 3,
     "out-of-range"),
    ("year-not-whole", "indicators/migrant_stock.csv", "MEX,2000", "MEX,2000.5", "indicators/migrant_stock.csv", 3,
     "bad-year"),
    ("unclosed-quote", "indicators/migrant_stock.csv", "MEX,2000,526172", 'MEX,2000,"526172',
     "indicators/migrant_stock.csv", 3, "unclosed-quote"),
    ("duplicate-column", "indicators/migrant_stock.csv", "country,year,value", "country,year,year",
     "indicators/migrant_stock.csv", 1, "duplicate-column"),
    ("short-row", "indicators/migrant_stock.csv", "MEX,2000,526172", "MEX,2000", "indicators/migrant_stock.csv", 3,
     "row-length"),
    ("bad-slug", "reference/countries.csv", ",united-states,", ",united_states,", "reference/countries.csv", 3,
     "bad-slug"),
    ("slug-escapes-output", "reference/countries.csv", ",united-states,", ",../../etc,", "reference/countries.csv", 3,
     "bad-slug"),
    ("non-numeric-count", "indicators/migrant_stock.csv", "526172", "many", "indicators/migrant_stock.csv", 3,
     "bad-integer"),
    ("header-row-missing", "indicators/migrant_stock.csv", "country,year,value\n", "",
     "indicators/migrant_stock.csv", 1, "missing-header"),
    ("column-missing", "indicators/migrant_stock.csv", "country,year,value", "country,year,valeu",
     "indicators/migrant_stock.csv", 1, "missing-column"),
    ("bad-id", "reference/agencies.csv", "iom,iom,International", "IOM_1,iom,International",
     "reference/agencies.csv", 2, "bad-id"),
    ("bad-url", "reference/documents.csv", ",https://www.un.org/development", ",www.un.org/development",
     "reference/documents.csv", 3, "bad-url"),
    ("bad-subject", "evidence/statements.csv", "s-iom-1,agency:iom", "s-iom-1,org:iom", "evidence/statements.csv",
     2, "bad-subject"),
    # the glossary: its agency, indicators and related terms must exist; hover phrases are plain words
    ("glossary-unknown-agency", "glossary/glossary.csv", "at one moment.\",iom,", "at one moment.\",iomm,",
     "glossary/glossary.csv", 2, "unknown-agency"),
    ("glossary-unknown-indicator", "glossary/glossary.csv", ",migrant_stock,", ",migrant_stok,",
     "glossary/glossary.csv", 2, "unknown-indicator"),
    ("glossary-unknown-see-also", "glossary/glossary.csv", ",international-migrant-stock,personal",
     ",international-migrant-stok,personal", "glossary/glossary.csv", 3, "unknown-term"),
    ("glossary-bad-hover-phrase", "glossary/glossary.csv", "|International migrant stock",
     "|International migrant stock [UN]", "glossary/glossary.csv", 2, "bad-phrase"),
    ("glossary-hover-phrase-twice", "glossary/glossary.csv", ",personal remittances\n",
     ",international migrant stock\n", "glossary/glossary.csv", 3, "bad-phrase"),
    ("glossary-bad-source-url", "glossary/glossary.csv", ",https://www.imf.org", ",www.imf.org",
     "glossary/glossary.csv", 3, "bad-url"),
    # agencies.csv 'producers': each data table's source.producer belongs to exactly one agency, word for word
    ("unmapped-producer", "indicators/remittances_received.meta.yml", "producer: World Bank",
     "producer: The World Bank", "indicators/remittances_received.meta.yml", 31, "unmapped-producer"),
    ("misspelt-producer", "reference/agencies.csv", ',,,"World Bank|', ',,,"Wrld Bank|',
     "indicators/remittances_received.meta.yml", 31, "unmapped-producer"),
    ("duplicate-producer", "reference/agencies.csv", "development,hagan-wassink-return-mexico,20,\n",
     "development,hagan-wassink-return-mexico,20,World Bank\n", "reference/agencies.csv", 4,
     "duplicate-producer"),
    ("producer-mapped-to-no-agency", "reference/agencies.csv", ',,,"World Bank|', ',,,"',
     "indicators/remittances_received.meta.yml", 31, "unmapped-producer"),
    # an indicator's themes (theme pages link the indicators filed under them)
    ("indicator-unknown-theme", "indicators/remittances_received.meta.yml", "- remittances\n", "- remitances\n",
     "indicators/remittances_received.meta.yml", 46, "unknown-theme"),
    ("kind-missing-column", "indicators/migrant_stock.meta.yml", "- name: value\n  type: integer",
     "- name: amount\n  type: integer", "indicators/migrant_stock.meta.yml", 0, "kind-missing-column"),
]


@pytest.mark.parametrize(("name", "rel", "old", "new", "file", "line", "code"), CASES, ids=[c[0] for c in CASES])
def test_each_failure_mode_points_at_its_cell(tiny, name, rel, old, new, file, line, code):
    edit(tiny, rel, old, new)
    assert (file, line, code) in found(tiny)


def test_the_tiny_fixture_is_valid(tiny):
    catalog, issues = build.check(tiny)
    assert issues == []
    assert catalog is not None and set(catalog.countries) == {"MEX", "USA"}


def test_unknown_country_suggests_the_code_and_name(tiny):
    edit(tiny, "indicators/migrant_stock.csv", "MEX,2000", "Mexico,2000")
    _, issues = build.check(tiny)
    issue = next(i for i in issues if i.code == "bad-iso3")
    assert issue.line == 3 and issue.column == 1
    edit(tiny, "indicators/migrant_stock.csv", "Mexico,2000", "MXE,2000")
    _, issues = build.check(tiny)
    issue = next(i for i in issues if i.code == "unknown-country")
    assert issue.hint == "Did you mean 'MEX' (Mexico)?"
    assert re.fullmatch(r".*indicators/migrant_stock\.csv:3:1: error\[unknown-country\] 'MXE' is not a known "
                        r"country\. Did you mean 'MEX' \(Mexico\)\?", issue.format())


def test_unmapped_producer_points_at_the_close_name_in_agencies(tiny):
    edit(tiny, "reference/agencies.csv", ',,,"World Bank|', ',,,"Wrld Bank|')
    _, issues = build.check(tiny)
    issue = next(i for i in issues if i.code == "unmapped-producer")
    assert (issue.line, issue.column) == (31, 3)
    assert issue.hint.startswith("Did you mean 'Wrld Bank' (the producers of world-bank, ")
    assert issue.hint.endswith("reference/agencies.csv:4)?")


def test_column_is_the_character_position_of_the_cell(tiny):
    edit(tiny, "indicators/migrant_stock.csv", "957593", "957593x")
    _, issues = build.check(tiny)
    issue = next(i for i in issues if i.code == "bad-integer")
    assert issue.column == len("MEX,2010,") + 1


def test_all_problems_are_reported_not_just_the_first(tiny):
    edit(tiny, "indicators/migrant_stock.csv", "MEX,2000", "MXE,2000")
    edit(tiny, "indicators/migrant_stock.csv", "957593", "957593x")
    edit(tiny, "reference/agencies.csv", ",intergovernmental,", ",intergov,")
    codes = {code for _, _, code in found(tiny)}
    assert {"unknown-country", "bad-integer", "not-in-enum"} <= codes


def test_missing_sidecar_and_orphan_sidecar(tiny):
    (tiny / "indicators" / "migrant_stock.meta.yml").unlink()
    (tiny / "reference" / "extra.meta.yml").write_text("kind: themes\n", encoding="utf-8")
    issues = found(tiny)
    assert ("indicators/migrant_stock.csv", 0, "missing-sidecar") in issues
    assert ("reference/extra.meta.yml", 0, "orphan-sidecar") in issues


def test_indicator_sidecar_needs_its_source(tiny):
    path = tiny / "indicators" / "migrant_stock.meta.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("source:")], encoding="utf-8")
    assert ("indicators/migrant_stock.meta.yml", 1, "sidecar-missing-field") in found(tiny)


def test_column_without_name_and_unknown_key_are_both_reported(tiny):
    # A column with no name once put None among the names that "Did you mean" compares the key with.
    edit(tiny, "indicators/migrant_stock.meta.yml", "- name: value\n  type: integer", "- type: integer")
    edit(tiny, "indicators/migrant_stock.meta.yml", "primary_key:\n- country\n- year", "primary_key:\n- country\n- yeer")
    issues = found(tiny)
    assert ("indicators/migrant_stock.meta.yml", 21, "sidecar-missing-field") in issues
    assert ("indicators/migrant_stock.meta.yml", 27, "sidecar-bad-key") in issues


@needs_seeds
def test_locator_must_point_at_the_printed_number(tiny):
    edit(tiny, "evidence/facts-003.csv", "003-24-1,hagan-wassink-return-mexico,24,", "003-24-1,hagan-wassink-return-mexico,30,")
    _, issues = build.check(tiny)
    issue = next(i for i in issues if i.code == "locator-number")
    assert (issue.line, issue.hint) == (3, "Check the line and the number.") or issue.line == 3


@needs_seeds
def test_locator_line_must_exist(tiny):
    edit(tiny, "evidence/facts-003.csv", "003-24-1,hagan-wassink-return-mexico,24,", "003-24-1,hagan-wassink-return-mexico,9999,")
    assert ("evidence/facts-003.csv", 3, "locator-line") in found(tiny)


@needs_seeds
def test_copied_sentences_are_refused(tiny):
    from builder import paths
    words = re.findall(r"[A-Za-z0-9]+", (paths.SEEDS / "003_ecef214700ac72a7.txt").read_text(encoding="utf-8"))[200:215]
    edit(tiny, "evidence/facts-003.csv", "The mid-1990s crisis was Mexico's third financial crisis within ten years.",
         " ".join(words))
    assert ("evidence/facts-003.csv", 3, "copied-text") in found(tiny)


@needs_seeds
def test_copied_sentences_are_refused_across_a_hyphenated_line_break(tiny):
    """Hagan and Wassink break "thou-/sand" over two lines (003, lines 462-463); a copy that writes the
    word whole is still a copy."""
    from builder import evidence_checks, paths
    lines = (paths.SEEDS / "003_ecef214700ac72a7.txt").read_text(encoding="utf-8").splitlines()
    assert lines[461].rstrip().endswith("thou-") and lines[462].startswith("sand")
    copied = "Returnees who bring home a few thousand or even a few hundred dollars can start a small business."
    assert "thousand" in evidence_checks.join_broken_words("\n".join(lines[460:463]))
    edit(tiny, "evidence/facts-003.csv", "The mid-1990s crisis was Mexico's third financial crisis within ten years.",
         copied)
    assert ("evidence/facts-003.csv", 3, "copied-text") in found(tiny)


def test_a_hyphen_that_ends_a_line_joins_only_a_broken_word():
    from builder.evidence_checks import join_broken_words
    assert join_broken_words("they re-\nturned home") == "they returned home"
    assert join_broken_words("San Miguel de Allen-\n\nde, a city") == "San Miguel de Allende, a city"
    assert join_broken_words("1990-\n2000 and a list:\n-\nItem") == "1990-\n2000 and a list:\n-\nItem"


def test_issue_format():
    issue = Issue("data/x.csv", 12, 4, "unknown-country", "'Turkiye' is not a known country.", "Did you mean 'TUR'?")
    assert issue.format() == ("data/x.csv:12:4: error[unknown-country] 'Turkiye' is not a known country. "
                              "Did you mean 'TUR'?")


@needs_seeds
def test_copied_titles_of_evidence_tables_are_refused(tiny):
    from builder import paths
    words = re.findall(r"[A-Za-z0-9]+", (paths.SEEDS / "003_ecef214700ac72a7.txt").read_text(encoding="utf-8"))[300:314]
    edit(tiny, "evidence/facts-003.meta.yml", 'title: "Facts from Hagan and Wassink (fixture)"',
         f'title: "{" ".join(words)}"')
    assert ("evidence/facts-003.meta.yml", 0, "copied-text") in found(tiny)


def test_empty_file(tiny):
    (tiny / "indicators" / "migrant_stock.csv").write_text("", encoding="utf-8")
    assert ("indicators/migrant_stock.csv", 1, "empty-file") in found(tiny)


def test_invalid_utf8_names_the_file_line_and_column(tiny):
    path = tiny / "indicators" / "migrant_stock.csv"
    path.write_bytes(path.read_bytes().replace(b"MEX,2000", b"M\xe9X,2000", 1))
    _, issues = build.check(tiny)
    issue = next(i for i in issues if i.code == "not-utf8")
    assert (Path(issue.path).name, issue.line, issue.column) == ("migrant_stock.csv", 3, 2)


def test_invalid_utf8_in_a_sidecar(tiny):
    path = tiny / "reference" / "themes.meta.yml"
    path.write_bytes(path.read_bytes().replace(b"title: Themes", b"title: Th\xe8mes", 1))
    assert any(f == "reference/themes.meta.yml" and c == "not-utf8" for f, _, c in found(tiny))


def test_oversized_file_is_refused_before_reading(tiny, monkeypatch):
    from builder import textfile

    limit = max(f.stat().st_size for f in tiny.rglob("*")) + 1  # every file of the fixture fits
    monkeypatch.setattr(textfile, "MAX_BYTES", limit)
    with (tiny / "indicators" / "migrant_stock.csv").open("a", encoding="utf-8") as fh:
        fh.write("\n" * limit)  # blank lines: only the size is wrong
    assert ("indicators/migrant_stock.csv", 0, "file-too-large") in found(tiny)


def test_byte_order_mark_and_crlf_read_as_the_same_data(tiny):
    before, issues = build.check(tiny)
    assert before is not None and not issues
    for file in list(tiny.rglob("*.csv")) + list(tiny.rglob("*.meta.yml")):
        text = file.read_text(encoding="utf-8")
        file.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    after, issues = build.check(tiny)
    assert after is not None and not issues
    assert after.countries == before.countries and after.facts == before.facts
    assert after.statements == before.statements and after.documents == before.documents
    for ident, indicator in before.indicators.items():
        assert indicator.data.equals(after.indicators[ident].data), ident


def test_bad_data_writes_nothing_and_keeps_the_previous_output(tiny, tmp_path):
    from builder.issues import DataError

    docs = tmp_path / "docs"
    build.build(build.Options(data_dir=tiny, docs_dir=docs, cache_dir=None, assemble=False, vendor=False))
    snapshot = {p.relative_to(docs): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}
    assert snapshot
    edit(tiny, "indicators/migrant_stock.csv", "MEX,2000", "MEX,3024")
    with pytest.raises(DataError):
        build.build(build.Options(data_dir=tiny, docs_dir=docs, cache_dir=None, assemble=False, vendor=False))
    assert {p.relative_to(docs): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()} == snapshot


def test_factbook_check_exits_1_on_bad_data(tiny):
    from click.testing import CliRunner

    from builder.cli import main

    edit(tiny, "indicators/migrant_stock.csv", "MEX,2000", "MEX,3024")
    result = CliRunner().invoke(main, ["check", "--data", str(tiny)])
    assert result.exit_code == 1
    assert "error[out-of-range]" in result.output


def test_a_cell_longer_than_the_csv_field_limit(tiny):
    edit(tiny, "indicators/migrant_stock.csv", "MEX,2000,526172", 'MEX,2000,"' + "9" * 200_000 + '"')
    assert ("indicators/migrant_stock.csv", 3, "csv-syntax") in found(tiny)


def test_the_field_limit_holds_whatever_another_library_set(tiny):
    """The limit is global to the process (frictionless raises it): the reader sets its own and restores it."""
    import csv

    previous = csv.field_size_limit(10**9)
    try:
        edit(tiny, "indicators/migrant_stock.csv", "MEX,2000,526172", 'MEX,2000,"' + "9" * 200_000 + '"')
        assert ("indicators/migrant_stock.csv", 3, "csv-syntax") in found(tiny)
        assert csv.field_size_limit() == 10**9
    finally:
        csv.field_size_limit(previous)


def test_a_sidecar_that_is_not_a_mapping(tiny):
    (tiny / "reference" / "themes.meta.yml").write_text("- kind\n- themes\n", encoding="utf-8")
    assert ("reference/themes.meta.yml", 1, "sidecar-not-mapping") in found(tiny)


def test_an_id_used_in_two_files_of_one_kind(tiny):
    facts = tiny / "evidence" / "facts-003.csv"
    lines = facts.read_text(encoding="utf-8").splitlines(keepends=True)
    (tiny / "evidence" / "facts-003b.csv").write_text(lines[0] + lines[1], encoding="utf-8")
    (tiny / "evidence" / "facts-003b.meta.yml").write_text(
        (tiny / "evidence" / "facts-003.meta.yml").read_text(encoding="utf-8").replace("id: facts-003", "id: facts-003b"),
        encoding="utf-8")
    found_issues = found(tiny)
    assert any(code == "duplicate-id" and line == 2 and file.startswith("evidence/facts-003")
               for file, line, code in found_issues), found_issues


def test_a_correction_naming_an_unknown_indicator(tiny):
    folder = tiny / "corrections"
    folder.mkdir()
    shutil.copy(paths.DATA / "corrections" / "corrections.meta.yml", folder)
    (folder / "corrections.csv").write_text(
        "id,source,raw_file,location,published,used,reason,indicators\n"
        "wdi-x,wdi,iom-gdidata/wdi.csv,row 3,-,,A fixture correction.,migrant_stok\n", encoding="utf-8")
    assert ("corrections/corrections.csv", 2, "unknown-indicator") in found(tiny)


@pytest.mark.parametrize(("kind", "text", "code"), [
    ("date", "2025-13-01", "bad-date"), ("date", "20250101", "bad-date"), ("date", "2025-W01-1", "bad-date"),
    ("number", "1e400", "bad-number"), ("number", "nan", "bad-number"), ("iso3", "MEX\n", "bad-iso3"),
])
def test_cells_that_only_look_valid_are_refused(kind, text, code):
    value, issue = _convert(Column("x", kind), text)
    assert value is None and issue is not None and issue.code == code


def test_a_valid_date_and_a_large_finite_number_are_read():
    assert _convert(Column("x", "date"), "2025-02-28") == ("2025-02-28", None)
    assert _convert(Column("x", "number"), "1e300") == (1e300, None)


def test_a_one_way_disagreement_names_both_facts_at_its_cell_and_a_mutual_one_passes(tiny):
    rel = "evidence/facts-003.csv"
    edit(tiny, rel, "financial crisis.\",detail,", "financial crisis.\",detail,003-24-1")
    _, issues = build.check(tiny)
    one_way = [i for i in issues if i.code == "disagreement-one-way"]
    assert len(one_way) == 1
    row = (tiny / rel).read_text(encoding="utf-8").splitlines()[1]
    assert one_way[0].column == row.index("003-24-1") + 1
    assert "003-20-1" in one_way[0].message and "003-24-1" in one_way[0].message
    edit(tiny, rel, "ten years.,finding,", "ten years.,finding,003-20-1")
    catalog, issues = build.check(tiny)
    assert catalog is not None and not [i for i in issues if i.code == "disagreement-one-way"]
