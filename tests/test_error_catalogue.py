"""The error catalogue: one definition per code, the docs generated from it, every code in use defined and
every defined code in use."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from builder import errors, paths


def test_docs_page_is_generated_from_the_catalogue():
    committed = (paths.ROOT / "docs" / "error-codes.md").read_text(encoding="utf-8")
    assert committed.rstrip("\n") == errors.markdown().rstrip("\n"), \
        "docs/error-codes.md is out of date: run `python -m builder.errors > docs/error-codes.md`"


def test_every_code_passed_to_the_catalogue_is_defined():
    used: set[str] = set()
    for file in sorted((paths.ROOT / "builder").rglob("*.py")):
        used |= set(re.findall(r"errors\.issue\(\s*\"([a-z0-9-]+)\"", file.read_text(encoding="utf-8")))
    assert used, "no call of errors.issue found"
    assert used <= set(errors.CATALOGUE), f"undefined: {sorted(used - set(errors.CATALOGUE))}"


def test_an_unknown_code_fails_at_once():
    import pytest

    with pytest.raises((KeyError, ValueError)):
        errors.issue("no-such-code", "data/x.csv", 1, 1)


def _sources() -> dict[Path, ast.Module]:
    """Every module of builder/ but the catalogue itself, parsed."""
    return {file: ast.parse(file.read_text(encoding="utf-8"), str(file))
            for file in sorted((paths.ROOT / "builder").rglob("*.py")) if file.name != "errors.py"}


def _strings(node: ast.AST | None, constants: dict[str, ast.AST]) -> set[str]:
    """The string literals an expression passed as a code can evaluate to: a literal, a conditional of
    literals, or a subscript of a module-level dict of literals (``UNKNOWN[target]``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body, constants) | _strings(node.orelse, constants)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in constants:
        table = constants[node.value.id]
        if isinstance(table, ast.Dict):
            return set().union(*(_strings(v, constants) for v in table.values))
    return set()


def _codes_passed(tree: ast.Module) -> set[str]:
    """Codes named in calls that create an issue: ``errors.issue(code, …)``, the helper ``bad(code, …)`` of
    tables.py, and a hand-made ``Issue(path, line, column, code, …)``."""
    constants = {t.id: node.value for node in tree.body if isinstance(node, ast.Assign)
                 for t in node.targets if isinstance(t, ast.Name)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name in ("issue", "bad") and node.args:
            found |= _strings(node.args[0], constants)
        elif name == "Issue":
            code = node.args[3] if len(node.args) > 3 else next((k.value for k in node.keywords if k.arg == "code"),
                                                                 None)
            found |= _strings(code, constants)
    return found


def _used() -> dict[str, list[str]]:
    """Code → the modules of builder/ that create an issue with it."""
    used: dict[str, list[str]] = {}
    for file, tree in _sources().items():
        for code in _codes_passed(tree):
            used.setdefault(code, []).append(file.relative_to(paths.ROOT).as_posix())
    return used


def test_every_catalogue_code_is_used_in_builder():
    used = _used()
    assert len(used) > 40, "the scan found too few codes: has the way issues are created changed?"
    unused = sorted(set(errors.CATALOGUE) - set(used))
    assert not unused, f"catalogue codes no check reports (remove them from builder/errors.py): {unused}"


def test_every_code_used_in_builder_is_in_the_catalogue():
    undefined = {code: where for code, where in _used().items() if code not in errors.CATALOGUE}
    assert not undefined, f"codes not in builder/errors.py: {undefined}"


def test_issues_are_created_only_through_the_catalogue():
    """A hand-made Issue(...) may only copy the code of an issue the catalogue made (tables.py places one)."""
    made: list[str] = []
    for file, tree in _sources().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Issue":
                code = node.args[3] if len(node.args) > 3 else None
                if not (isinstance(code, ast.Attribute) and code.attr == "code"):
                    made.append(f"{file.relative_to(paths.ROOT).as_posix()}:{node.lineno}")
    assert not made, f"build these issues with errors.issue(...): {made}"
