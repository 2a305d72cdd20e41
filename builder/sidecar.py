"""Read a YAML metadata sidecar and check it against the JSON Schema, with line numbers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from . import errors, paths, textfile
from .issues import Issue, did_you_mean, relpath


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool = False
    description: str = ""
    references: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    enum: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Sidecar:
    path: str
    kind: str
    id: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    meta: dict[str, Any] = field(default_factory=dict)  # everything, as plain data
    # (line, column) of every key and list item, by dotted path ("source.producer", "themes.0"), for later checks
    positions: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)

    def position(self, dotted: str) -> tuple[int, int]:
        """1-based (line, column) of a field, or (0, 0) when it is not there."""
        return self.positions.get(dotted, (0, 0))

    @property
    def source(self) -> dict[str, Any] | None:
        return self.meta.get("source")


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads((paths.SCHEMAS / "sidecar.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _position(doc: Any, path: list[Any]) -> tuple[int, int]:
    """1-based (line, column) of the YAML node at ``path`` (or of its nearest parent)."""
    line, col = 1, 1
    node = doc
    for key in path:
        if isinstance(node, CommentedMap) and key in node:
            ln, cl = node.lc.key(key)
            line, col = ln + 1, cl + 1
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
            ln, cl = node.lc.item(key)
            line, col = ln + 1, cl + 1
            node = node[key]
        else:
            break
    return line, col


def _positions(node: Any, prefix: str = "") -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            ln, cl = node.lc.key(key)
            out[prefix + str(key)] = (ln + 1, cl + 1)
            out.update(_positions(value, f"{prefix}{key}."))
    elif isinstance(node, CommentedSeq):
        for i, value in enumerate(node):
            ln, cl = node.lc.item(i)
            out[f"{prefix}{i}"] = (ln + 1, cl + 1)
            out.update(_positions(value, f"{prefix}{i}."))
    return out


def _schema_issue(path: str, doc: Any, error: jsonschema.ValidationError) -> Issue:
    where = list(error.absolute_path)
    line, col = _position(doc, where)
    dotted = ".".join(str(p) for p in where) or "(top level)"
    # The error's instance, schema and validator value are typed "or unset"; for the validators
    # handled here they are the mapping checked, its schema and the list of field names or values.
    instance = error.instance if isinstance(error.instance, dict) else {}
    listed = error.validator_value if isinstance(error.validator_value, list) else []
    if error.validator == "required":
        missing = [k for k in listed if k not in instance]
        return errors.issue("sidecar-missing-field", path, line, col, where=dotted,
                            field=missing[0] if missing else error.message)
    if error.validator == "additionalProperties":
        known = list(error.schema.get("properties", {})) if isinstance(error.schema, Mapping) else []
        extra = [str(k) for k in instance if k not in known]
        if extra:
            line, col = _position(doc, [*where, extra[0]])
        return errors.issue("sidecar-unknown-field", path, line, col, where=dotted,
                            field="', '".join(extra) or error.message,
                            suggestion=did_you_mean(extra[0], known) if extra else "")
    hint = ""
    if error.validator == "enum":
        hint = did_you_mean(str(error.instance), [str(v) for v in listed])
    return errors.issue("sidecar-bad-value", path, line, col, where=dotted, problem=error.message.rstrip("."),
                        suggestion=hint)


def load_sidecar(file: Path) -> tuple[Sidecar | None, list[Issue]]:
    """Parse and validate one sidecar. Returns (sidecar or None, issues)."""
    path = relpath(file)
    text, unreadable = textfile.read_text(file)
    if text is None:
        return None, unreadable
    yaml = YAML(typ="rt")
    try:
        doc = yaml.load(text)
    except MarkedYAMLError as exc:
        # where the broken construct starts; for a repeated key, the repeat itself
        mark = exc.problem_mark if isinstance(exc, DuplicateKeyError) else exc.context_mark or exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = " ".join(str(exc.problem or exc.context or "unreadable YAML").split())
        return None, [errors.issue("yaml-syntax", path, line, col, problem=problem.rstrip("."))]
    except YAMLError as exc:
        return None, [errors.issue("yaml-syntax", path, 1, 1, problem=" ".join(str(exc).split()).rstrip("."))]
    if not isinstance(doc, CommentedMap):
        return None, [errors.issue("sidecar-not-mapping", path, 1, 1)]
    data = _plain(doc)
    issues = [_schema_issue(path, doc, e) for e in _validator().iter_errors(data)]
    # A column without a (string) name is reported by the schema; it is no candidate for a key.
    names = [c["name"] for c in data.get("columns", []) if isinstance(c, dict) and isinstance(c.get("name"), str)]
    for i, key in enumerate(data.get("primary_key", []) if isinstance(data.get("primary_key"), list) else []):
        if key not in names:
            line, col = _position(doc, ["primary_key", i])
            issues.append(errors.issue("sidecar-bad-key", path, line, col, name=key,
                                       suggestion=did_you_mean(str(key), names)))
    expected = file.name[: -len(".meta.yml")]
    if isinstance(data.get("id"), str) and data["id"] != expected:
        line, col = _position(doc, ["id"])
        issues.append(errors.issue("sidecar-id-mismatch", path, line, col, id=data["id"], stem=expected))
    if issues:
        return None, issues
    columns = tuple(
        Column(
            name=c["name"], type=c["type"], required=c.get("required", False),
            description=c.get("description", ""), references=c.get("references"),
            minimum=c.get("minimum"), maximum=c.get("maximum"),
            enum=tuple(c["enum"]) if "enum" in c else None,
        )
        for c in data["columns"]
    )
    return Sidecar(path, data["kind"], data["id"], data["title"], data["description"], columns,
                   tuple(data["primary_key"]), data, _positions(doc)), []
