"""Who published each release: read from the YAML file beside its importer (``wdi.py`` → ``wdi.yml``).

The YAML holds, per named release, the fields of a sidecar's ``source`` block that do not depend on
the raw file (producer, title, edition, dates, URL, licence, citation, and ``via`` where it is fixed).
``source()`` adds what the importer measures (``raw_file``, ``sha256``, a per-table ``via``) and
checks the whole block against the sidecar schema, so a typo in a YAML key stops the import with
the file, line and field instead of vanishing from the published metadata.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from .. import errors, paths
from ..issues import relpath
from ..sidecar import _plain, _schema_issue
from .common import IngestError

HERE = Path(__file__).parent
MEASURED = ("raw_file", "sha256")  # set by the importer, placed before ``via`` as in every sidecar


@cache
def _releases(module: str) -> CommentedMap:
    path = HERE / f"{module.rsplit('.', 1)[-1]}.yml"
    try:
        doc = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError) as exc:
        raise IngestError([errors.issue("yaml-syntax", relpath(path), problem=" ".join(str(exc).split()))]) from exc
    if not isinstance(doc, CommentedMap):
        raise IngestError([errors.issue("sidecar-not-mapping", relpath(path), 1, 1)])
    return doc


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads((paths.SCHEMAS / "sidecar.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator({"$defs": schema["$defs"], "type": "object",
                                            "additionalProperties": {"$ref": "#/$defs/source"}})


def source(module: str, release: str, *, raw_file: str, sha256: str, via: str | None = None) -> dict[str, Any]:
    """The ``source`` block of a sidecar for ``release`` of the importer ``module`` (its ``__name__``)."""
    releases = _releases(module)
    path = relpath(HERE / f"{module.rsplit('.', 1)[-1]}.yml")
    if release not in releases:
        raise IngestError([errors.issue("sidecar-missing-field", path, 1, 1, where="(top level)", field=release)])
    fixed = _plain(releases[release])
    block = {k: v for k, v in fixed.items() if k != "via"}
    block.update(raw_file=raw_file, sha256=sha256)
    if via is not None or "via" in fixed:
        block["via"] = via if via is not None else fixed["via"]
    problems = [_schema_issue(path, releases, e) for e in _validator().iter_errors({release: block})]
    if problems:
        raise IngestError(sorted(problems))
    return block
