"""User-facing strings: one catalogue per language in builder/strings/<lang>.yml."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ruamel.yaml import YAML

from . import paths


@lru_cache(maxsize=4)
def catalogue(lang: str = "en") -> dict[str, Any]:
    strings: dict[str, Any] = YAML(typ="safe").load((paths.STRINGS / f"{lang}.yml").read_text(encoding="utf-8"))
    return strings


def t(key: str, lang: str = "en", **values: Any) -> str:
    """The string ``key`` (dotted for nested keys), with ``{placeholders}`` filled in.

    A missing key raises KeyError, so a typo fails the build instead of showing up on a page.
    """
    node: Any = catalogue(lang)
    for part in key.split("."):
        node = node[part]
    return str(node).format(**values) if values else str(node)
