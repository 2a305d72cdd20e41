"""The data for reuse: every CSV download of the site as one Frictionless Data Package (v2).

``package(catalog, files, created)`` is a pure function of the catalog and the published bytes
(``files``: docs-relative path → bytes, as the build writes them): each resource's Table Schema is
made from the sidecar published beside it (``<id>.meta.yml``), its hash and size from the CSV's
published bytes, its licence and sources from the sidecar's ``source`` (a source document's table
names its document). Same inputs, same bytes: sorted keys, resources in a fixed order, ``created``
from the data's date (never the clock). Spec: https://datapackage.org/ (Data Package v2).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML

from . import __version__, escape, routes
from .catalog import Catalog
from .text import t

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
NAME = "migration-factbook"
# Sidecar column types (builder/sidecar.py) → Table Schema field types and their extra properties.
FIELD_TYPES: dict[str, dict[str, str]] = {
    "string": {"type": "string"}, "text": {"type": "string"}, "id": {"type": "string"},
    "iso3": {"type": "string"}, "url": {"type": "string", "format": "uri"},
    "integer": {"type": "integer"}, "number": {"type": "number"}, "year": {"type": "integer"},
    "boolean": {"type": "boolean"}, "date": {"type": "date"},
    "list": {"type": "list", "delimiter": "|", "itemType": "string"},
}


def _sidecar(files: Mapping[str, bytes | str], csv_path: str) -> dict[str, Any]:
    """The published sidecar of a published CSV (``x.csv`` → ``x.meta.yml``), as plain data."""
    raw = files[csv_path.removesuffix(".csv") + ".meta.yml"]
    meta: dict[str, Any] = YAML(typ="safe").load(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    return meta


def _field(column: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"name": column["name"], **FIELD_TYPES[column["type"]]}
    if column.get("description"):
        out["description"] = column["description"]
    constraints: dict[str, Any] = {key: column[key] for key in ("minimum", "maximum", "enum") if key in column}
    if column.get("required"):
        constraints["required"] = True
    if constraints:
        out["constraints"] = constraints
    return out


def _target(column: dict[str, Any]) -> str | None:
    """The reference table a column points to: declared by ``references``, or countries for ``iso3``."""
    target = column.get("references") or ("countries" if column["type"] == "iso3" else None)
    return target if isinstance(target, str) else None


def _schema(meta: dict[str, Any], keys: Mapping[str, str]) -> dict[str, Any]:
    """The Table Schema of a sidecar; ``keys``: reference table in the package → its primary key field."""
    schema: dict[str, Any] = {"fields": [_field(c) for c in meta["columns"]], "primaryKey": list(meta["primary_key"])}
    foreign = []
    for column in meta["columns"]:
        target = _target(column)
        if target is None or target not in keys or column["type"] == "list":
            continue  # a list of ids, or a table the package does not hold (agencies, facts…)
        if target == meta["id"] and column["name"] == keys[target]:
            continue  # the table's own key
        foreign.append({"fields": [column["name"]], "reference": {"resource": target, "fields": [keys[target]]}})
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def _licence(source: Mapping[str, Any]) -> list[dict[str, str]]:
    licence = source.get("licence")
    return [{"title": licence["name"], "path": licence["url"]}] if isinstance(licence, dict) else []


def _source(source: Mapping[str, Any]) -> dict[str, str]:
    out = {"title": source["title"], "path": source.get("url"), "version": source.get("edition"),
           "publisher": source.get("producer")}
    return {k: str(v) for k, v in out.items() if v}


def _resource(path: str, data: bytes | str, meta: dict[str, Any], keys: Mapping[str, str],
              sources: list[dict[str, str]], licences: list[dict[str, str]], description: str) -> dict[str, Any]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    out: dict[str, Any] = {
        "name": meta["id"], "type": "table", "path": path, "title": meta["title"], "description": description,
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "bytes": len(raw),
        "hash": "sha256:" + hashlib.sha256(raw).hexdigest(), "schema": _schema(meta, keys), "sources": sources,
    }
    if licences:
        out["licenses"] = licences
    return out


def _csv_paths(catalog: Catalog) -> list[str]:
    """Every CSV download, in the package's order: reference tables, indicators, aggregates, source tables."""
    return [*(routes.reference_download(m["id"], "csv") for kind in routes.REFERENCE_DOWNLOADS
              for m in catalog.tables.get(kind, [])),
            *(routes.download(i, "csv") for i in sorted(catalog.indicators)),
            *(routes.download(i, "csv") for i in sorted(catalog.aggregates)),
            *(routes.table_download(s.id, "csv") for s in sorted(catalog.source_tables, key=lambda s: s.id))]


def resources(catalog: Catalog, files: Mapping[str, bytes | str]) -> list[dict[str, Any]]:
    metas = {path: _sidecar(files, path) for path in _csv_paths(catalog)}
    keys = {m["id"]: m["primary_key"][0] for m in metas.values()
            if m["kind"] in routes.REFERENCE_DOWNLOADS and len(m["primary_key"]) == 1}
    out = []
    for path, meta in metas.items():
        source = meta.get("source")
        if isinstance(source, dict):
            sources, licences, description = [_source(source)], _licence(source), meta["description"]
        else:  # a table printed in a source document: the document is its source
            doc = catalog.documents[meta["document"]]
            sources = [{k: v for k, v in {"title": doc.title, "path": doc.url or "", "version": str(doc.year or ""),
                                          "publisher": doc.publisher or ""}.items() if v}]
            licences = []
            description = t("datapackage.source_table", description=meta["description"], document=doc.title,
                            line=meta["line"])
        out.append(_resource(path, files[path], meta, keys, sources, licences, description))
    return out


def _distinct(items: list[dict[str, str]]) -> list[dict[str, str]]:
    unique = {tuple(sorted(i.items())): i for i in items}
    return [unique[k] for k in sorted(unique)]


def package(catalog: Catalog, files: Mapping[str, bytes | str], created: int, homepage: str | None = None) -> dict[str, Any]:
    """The descriptor of ``datapackage.json``; ``created``: the data's date (seconds since the epoch, UTC)."""
    listed = resources(catalog, files)
    out: dict[str, Any] = {
        "$schema": PROFILE, "name": NAME, "title": t("site_name"), "description": t("datapackage.description"),
        "version": __version__,
        "created": dt.datetime.fromtimestamp(created, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "contributors": [{"title": t("site_name"), "roles": ["publisher"]}],
        "keywords": t("datapackage.keywords").split(", "),
        "licenses": _distinct([lic for r in listed for lic in r.get("licenses", [])]),
        "sources": _distinct([s for r in listed for s in r["sources"]]),
        "resources": listed,
    }
    if homepage:
        out["homepage"] = homepage
    return out


def render(descriptor: dict[str, Any]) -> str:
    """``datapackage.json``: sorted keys, two-space indent, no tag even if sniffed as HTML."""
    return escape.json_text(descriptor, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
