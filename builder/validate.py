"""Stage 2 — validate: check tables against each other and build the typed catalog.

Every problem of every table is collected; the catalog is returned only when there are none.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import fields
from typing import Any

import pandas as pd

from . import errors, evidence_checks
from .catalog import (
    Agency,
    Catalog,
    Correction,
    Country,
    Document,
    Fact,
    GlossaryTerm,
    Indicator,
    Region,
    Section,
    SourceTable,
    Statement,
    Theme,
    WorldMap,
)
from .issues import Issue, did_you_mean
from .tables import Table

RECORDS = {
    "countries": Country, "regions": Region, "agencies": Agency, "themes": Theme,
    "documents": Document, "facts": Fact, "statements": Statement, "sections": Section,
    "corrections": Correction, "glossary": GlossaryTerm,
}
KEY = {"countries": "iso3"}  # every other reference kind is keyed by "id"
INDICATOR_COLUMNS = ("country", "year", "value")
AGGREGATE_COLUMNS = ("region", "year", "value")
SOURCE_TABLE_COLUMNS = ("row", "column", "value", "as_printed", "line", "fact")
MAP_COLUMNS = ("country", "shown", "reason")
UNKNOWN = {"countries": "unknown-country", "regions": "unknown-region", "agencies": "unknown-agency",
           "themes": "unknown-theme", "documents": "unknown-document", "facts": "unknown-fact",
           "glossary": "unknown-term"}
SINGULAR = {"countries": "country", "regions": "region", "agencies": "agency", "themes": "theme",
            "documents": "document", "facts": "fact", "sections": "section", "corrections": "correction",
            "glossary": "term"}


def required_columns(kind: str) -> tuple[str, ...]:
    if kind == "indicator":
        return INDICATOR_COLUMNS
    if kind == "aggregate":
        return AGGREGATE_COLUMNS
    if kind == "source-table":
        return SOURCE_TABLE_COLUMNS
    if kind == "map":
        return MAP_COLUMNS
    return tuple(f.name for f in fields(RECORDS[kind]))


def _check_kind_columns(tables: list[Table]) -> list[Issue]:
    issues = []
    for table in tables:
        declared = [c.name for c in table.sidecar.columns]
        for name in required_columns(table.sidecar.kind):
            if name not in declared:
                issues.append(errors.issue("kind-missing-column", table.sidecar.path, kind=table.sidecar.kind,
                                           name=name))
    return issues


def _ids(tables: list[Table], kind: str) -> dict[str, tuple[Table, int]]:
    key = KEY.get(kind, "id")
    found: dict[str, tuple[Table, int]] = {}
    for table in tables:
        if table.sidecar.kind != kind:
            continue
        for i, row in enumerate(table.rows):
            if row.get(key) is not None:
                found.setdefault(row[key], (table, i))
    return found


def _check_unique_ids(tables: list[Table]) -> list[Issue]:
    """Ids must be unique across all the tables of one kind (e.g. several facts files)."""
    issues = []
    for kind in RECORDS:
        key = KEY.get(kind, "id")
        seen: dict[str, str] = {}
        for table in tables:
            if table.sidecar.kind != kind:
                continue
            for i, row in enumerate(table.rows):
                value = row.get(key)
                if value is None:
                    continue
                line, col = table.position(i, key)
                where = f"{table.path}:{line}"
                if value in seen and not seen[value].startswith(table.path + ":"):
                    issues.append(errors.issue("duplicate-id", table.path, line, col,
                                               kind=SINGULAR[kind].capitalize(), value=value, first=seen[value]))
                seen.setdefault(value, where)
        slugs: dict[str, str] = {}
        for table in tables:
            if table.sidecar.kind != kind or "slug" not in [c.name for c in table.sidecar.columns]:
                continue
            for i, row in enumerate(table.rows):
                slug = row.get("slug")
                if slug is None:
                    continue
                line, col = table.position(i, "slug")
                if slug in slugs:
                    issues.append(errors.issue("duplicate-slug", table.path, line, col, value=slug,
                                               first=slugs[slug]))
                slugs.setdefault(slug, f"{table.path}:{line}")
    return issues


def _labels(tables: list[Table], kind: str) -> dict[str, str]:
    key = KEY.get(kind, "id")
    out = {}
    for table in tables:
        if table.sidecar.kind == kind:
            for row in table.rows:
                if row.get(key) is not None and row.get("name"):
                    out[row[key]] = row["name"]
    return out


def _reference_targets(table: Table) -> Iterable[tuple[str, str]]:
    for column in table.sidecar.columns:
        target = column.references or ("countries" if column.type == "iso3" else None)
        if target:
            yield column.name, target
    if table.sidecar.kind == "agencies":
        yield "parent", "agencies"
    if table.sidecar.kind == "regions":
        yield "parent", "regions"
    if table.sidecar.kind == "facts":
        yield "disagrees_with", "facts"
    if table.sidecar.kind == "source-table":
        yield "fact", "facts"


def _check_references(tables: list[Table]) -> list[Issue]:
    known = {kind: _ids(tables, kind) for kind in RECORDS}
    labels = {kind: _labels(tables, kind) for kind in RECORDS}
    issues = []
    for table in tables:
        targets = list(_reference_targets(table))
        for i, row in enumerate(table.rows):
            for column, target in targets:
                value = row.get(column)
                values = value if isinstance(value, tuple) else (value,)
                for item in values:
                    if item is None or item in known[target]:
                        continue
                    line, col = table.position(i, column)
                    hint = did_you_mean(str(item), known[target], labels[target])
                    issues.append(errors.issue(UNKNOWN[target], table.path, line, col, value=item, suggestion=hint))
            if table.sidecar.kind == "statements" and row.get("subject"):
                kind, _, ident = row["subject"].partition(":")
                subject = {"agency": "agencies", "theme": "themes"}.get(kind)
                line, col = table.position(i, "subject")
                if subject is None:
                    issues.append(errors.issue("bad-subject", table.path, line, col, value=row["subject"]))
                elif ident not in known[subject]:
                    issues.append(errors.issue(UNKNOWN[subject], table.path, line, col, value=ident,
                                               suggestion=did_you_mean(ident, known[subject], labels[subject])))
    return issues


def _check_mutual_disagreements(tables: list[Table]) -> list[Issue]:
    """Every ``disagrees_with`` link is named on both sides: a fact that disagrees with another is
    disagreed with by it (reported at the cell of the side that names the other)."""
    links = {row["id"]: set(row.get("disagrees_with") or ()) for table in tables if table.sidecar.kind == "facts"
             for row in table.rows if row.get("id")}
    issues = []
    for table in tables:
        if table.sidecar.kind != "facts":
            continue
        for i, row in enumerate(table.rows):
            for other in row.get("disagrees_with") or ():
                if other in links and row.get("id") not in links[other]:  # an unknown id is unknown-fact
                    line, col = table.position(i, "disagrees_with")
                    issues.append(errors.issue("disagreement-one-way", table.path, line, col, value=row["id"],
                                               other=other))
    return issues


PRODUCER_KINDS = ("indicator", "aggregate")  # the tables whose producer must be an agency (for its page)


def _check_producers(tables: list[Table]) -> list[Issue]:
    """agencies.csv 'producers' maps each data table's source.producer to one agency, word for word."""
    agencies = [t for t in tables if t.sidecar.kind == "agencies"]
    if not agencies:
        return []
    issues = []
    claimed: dict[str, tuple[str, str]] = {}  # producer → (agency id, where)
    for table in agencies:
        for i, row in enumerate(table.rows):
            for producer in row.get("producers") or ():
                line, col = table.position(i, "producers")
                if producer in claimed:
                    issues.append(errors.issue("duplicate-producer", table.path, line, col, value=producer,
                                               first=claimed[producer][1]))
                else:
                    claimed[producer] = (row["id"], f"{table.path}:{line}")
    for table in tables:
        source = table.sidecar.source
        if table.sidecar.kind not in PRODUCER_KINDS or not source or source.get("producer") in claimed:
            continue
        value = str(source.get("producer"))
        close = difflib.get_close_matches(value, list(claimed), n=1, cutoff=0.6)
        hint = {}
        if close:
            agency, where = claimed[close[0]]
            hint = {"suggestion": f"Did you mean '{close[0]}' (the producers of {agency}, {where})?"}
        line, col = table.sidecar.position("source.producer")
        issues.append(errors.issue("unmapped-producer", table.sidecar.path, line, col, value=value, **hint))
    return issues


def _check_indicator_themes(tables: list[Table]) -> list[Issue]:
    """The themes an indicator's sidecar lists must exist: theme pages link the indicators filed under them."""
    themes = _ids(tables, "themes")
    if not themes:
        return []
    labels = _labels(tables, "themes")
    issues = []
    for table in tables:
        if table.sidecar.kind not in ("indicator", "aggregate"):
            continue
        for i, theme in enumerate(table.sidecar.meta.get("themes") or ()):
            if theme not in themes:
                line, col = table.sidecar.position(f"themes.{i}")
                issues.append(errors.issue("unknown-theme", table.sidecar.path, line, col, value=theme,
                                           suggestion=did_you_mean(str(theme), themes, labels)))
    return issues


def _check_source_tables(tables: list[Table]) -> list[Issue]:
    """A source table names the document that prints it."""
    documents = _ids(tables, "documents")
    return [errors.issue("unknown-document", t.sidecar.path, 0, 0,
                         value=t.sidecar.meta["document"],
                         suggestion=did_you_mean(str(t.sidecar.meta["document"]), documents))
            for t in tables if t.sidecar.kind == "source-table" and t.sidecar.meta.get("document") not in documents]


def _check_correction_targets(tables: list[Table]) -> list[Issue]:
    """A correction names the indicator tables it affects, a glossary term those that measure it: they must exist."""
    known = {t.sidecar.id for t in tables if t.sidecar.kind in ("indicator", "aggregate")}
    issues = []
    for table in tables:
        if table.sidecar.kind not in ("corrections", "glossary"):
            continue
        for i, row in enumerate(table.rows):
            for ident in row.get("indicators") or ():
                if ident not in known:
                    line, col = table.position(i, "indicators")
                    issues.append(errors.issue("unknown-indicator", table.path, line, col, value=ident,
                                               suggestion=did_you_mean(ident, known)))
    return issues


def _check_maps(tables: list[Table]) -> list[Issue]:
    """A map's geometry draws exactly the countries its table lists as shown, and only known countries."""
    countries = _ids(tables, "countries")
    issues = []
    for table in tables:
        geo = table.geometry
        if table.sidecar.kind != "map" or geo is None:
            continue
        name = geo.path.rsplit("/", 1)[-1]
        listed = {row["country"]: i for i, row in enumerate(table.rows) if row.get("country")}
        for iso3 in geo.ids:
            line, col = geo.positions.get(iso3, (0, 0))
            if iso3 not in countries:
                issues.append(errors.issue("unknown-country", geo.path, line, col, value=iso3,
                                           suggestion=did_you_mean(iso3, countries)))
            elif iso3 not in listed or not table.rows[listed[iso3]].get("shown"):
                issues.append(errors.issue("map-coverage", geo.path, line, col,
                                           detail=f"{name} draws {iso3}, but {table.path} does not list it as shown."))
        drawn = set(geo.ids)
        for iso3, i in listed.items():
            row = table.rows[i]
            if row.get("shown") and iso3 not in drawn:
                line, col = table.position(i, "shown")
                issues.append(errors.issue("map-coverage", table.path, line, col,
                                           detail=f"{iso3} is listed as shown but {name} has no shape with id "
                                                  f"'{iso3}'."))
            elif not row.get("shown") and not row.get("reason"):
                line, col = table.position(i, "reason")
                issues.append(errors.issue("map-coverage", table.path, line, col,
                                           detail=f"{iso3} is not shown: say why in column 'reason'.",
                                           advice="Write too-small or not-in-natural-earth."))
        if countries:
            missing = sorted(set(countries) - set(listed))
            if missing:
                issues.append(errors.issue("map-coverage", table.path, 0, 0,
                                           detail=f"{len(missing)} countries of countries.csv are not listed "
                                                  f"({', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}).",
                                           advice="List every country, shown or not."))
    return issues


def _world_map(table: Table) -> WorldMap:
    assert table.geometry is not None  # validated: a map table without its geometry is an error
    rows = sorted(table.rows, key=lambda r: r["country"])
    return WorldMap(
        id=table.sidecar.id, title=table.sidecar.title, path=table.path, geometry_path=table.geometry.path,
        source=table.sidecar.meta["source"], topology=table.geometry.topology,
        shown=tuple(r["country"] for r in rows if r.get("shown")),
        not_shown=tuple((r["country"], r.get("reason") or "") for r in rows if not r.get("shown")),
    )


PHRASE = re.compile(r"[^\W_]+(?:[ '-][^\W_]+)*")


def _check_hover_phrases(tables: list[Table]) -> list[Issue]:
    """Hover phrases become Markdown abbreviation definitions: plain words only, each phrase once."""
    issues, seen = [], set()
    for table in tables:
        if table.sidecar.kind != "glossary":
            continue
        for i, row in enumerate(table.rows):
            for phrase in row.get("hover") or ():
                if not PHRASE.fullmatch(phrase) or phrase in seen:
                    line, col = table.position(i, "hover")
                    issues.append(errors.issue("bad-phrase", table.path, line, col, value=phrase))
                seen.add(phrase)
    return issues


def _records(tables: list[Table], kind: str) -> list[Any]:
    record = RECORDS[kind]
    names = [f.name for f in fields(record)]
    out = []
    for table in tables:
        if table.sidecar.kind == kind:
            for row in table.rows:
                values = {n: row.get(n) for n in names}
                for f in fields(record):
                    if f.type.startswith("tuple") and values[f.name] is None:
                        values[f.name] = ()
                    if f.type == "bool":
                        values[f.name] = bool(values[f.name])
                out.append(record(**values))
    return out


def _indicator(table: Table) -> Indicator:
    meta = table.sidecar.meta
    key = "region" if table.sidecar.kind == "aggregate" else "country"
    frame = pd.DataFrame(table.rows, columns=[c.name for c in table.sidecar.columns])
    sort = [key, "partner", "year"] if "partner" in frame.columns else [key, "year"]
    frame = frame.dropna(subset=["value"]).sort_values(sort).reset_index(drop=True)
    return Indicator(
        id=table.sidecar.id, title=table.sidecar.title, description=table.sidecar.description,
        unit=meta["unit"], processing=meta["processing"], source=meta["source"], path=table.path,
        decimals=meta.get("decimals", 1), short_title=meta.get("short_title", table.sidecar.title), data=frame,
        key=key, themes=tuple(meta.get("themes", ())),
        categories=next((c.enum or () for c in table.sidecar.columns if c.name == "value"), ()),
    )


def _source_table(table: Table) -> SourceTable:
    meta = table.sidecar.meta
    return SourceTable(table.sidecar.id, table.sidecar.title, table.sidecar.description, meta["document"],
                       meta["line"], meta["unit"], meta.get("source_note", ""), meta["processing"]["notes"],
                       table.path, tuple(dict(r) for r in table.rows))


def build_catalog(tables: list[Table]) -> Catalog:
    def by_key(kind: str) -> dict[str, Any]:
        key = KEY.get(kind, "id")
        return {getattr(r, key): r for r in _records(tables, kind)}

    facts = sorted(_records(tables, "facts"), key=lambda f: (f.document, f.line, f.id))
    statements = sorted(_records(tables, "statements"), key=lambda s: (s.subject, s.id))
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for table in tables:
        grouped[table.sidecar.kind].append(table.sidecar.meta)
    return Catalog(
        countries=by_key("countries"), regions=by_key("regions"), agencies=by_key("agencies"),
        themes=by_key("themes"), documents=by_key("documents"),
        indicators={t.sidecar.id: _indicator(t) for t in tables if t.sidecar.kind == "indicator"},
        aggregates={t.sidecar.id: _indicator(t) for t in tables if t.sidecar.kind == "aggregate"},
        facts=tuple(facts), statements=tuple(statements), tables=dict(grouped),
        paths={t.sidecar.id: t.path for t in tables},
        sections=tuple(sorted(_records(tables, "sections"), key=lambda s: (s.document, s.line))),
        corrections=tuple(sorted(_records(tables, "corrections"), key=lambda c: c.id)),
        source_tables=tuple(_source_table(t) for t in sorted(tables, key=lambda t: t.sidecar.id)
                            if t.sidecar.kind == "source-table"),
        maps={t.sidecar.id: _world_map(t) for t in tables if t.sidecar.kind == "map" and t.geometry is not None},
        glossary=tuple(sorted(_records(tables, "glossary"), key=lambda g: g.term.lower())),
    )


def validate(tables: list[Table], load_issues: list[Issue]) -> tuple[Catalog | None, list[Issue]]:
    """Cross-table checks; the catalog when the data has no error, else None. Issues sorted."""
    issues = list(load_issues)
    issues += _check_kind_columns(tables)
    issues += _check_unique_ids(tables)
    issues += _check_references(tables)
    issues += _check_mutual_disagreements(tables)
    issues += _check_correction_targets(tables)
    issues += _check_source_tables(tables)
    issues += _check_producers(tables)
    issues += _check_indicator_themes(tables)
    issues += _check_maps(tables)
    issues += _check_hover_phrases(tables)
    issues += evidence_checks.check(tables)
    issues = sorted(set(issues))
    if any(i.severity == "error" for i in issues):
        return None, issues
    return build_catalog(tables), issues
