"""Every process-wide cache keyed by its arguments is bounded, unless its keys come from a closed set.

A cache on a function called with strings from uploaded files or URLs is shared by every session of the
server; without a bound it grows with every new string. Caches of reference tables (no argument) and of
lookups keyed only by the package's own constants are listed here with the reason their keys are few.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "dashboard"

CLOSED_KEYS = {
    "dashboard/model/schemas.py:_empty_template": "keyed by the contract's table names",
    "dashboard/model/codelists.py:codelist": "keyed by the names of the bundled IATI codelists",
    "dashboard/model/codelists.py:withdrawn_codes": "keyed by the names of the bundled IATI codelists",
    "dashboard/store.py:_schema": "keyed by the contract's table names",
    "dashboard/i18n.py:_translations": "keyed by the three supported language codes",
    "dashboard/model/codelists.py:codelist_names_in": "keyed by codelist names and language codes",
}


def _unbounded(decorator: ast.expr) -> bool:
    """``@cache``, ``@functools.cache``, ``@lru_cache(None)`` or ``@lru_cache(maxsize=None)``."""
    name = decorator.func if isinstance(decorator, ast.Call) else decorator
    tail = name.attr if isinstance(name, ast.Attribute) else name.id if isinstance(name, ast.Name) else ""
    if tail == "cache":
        return True
    if tail == "lru_cache" and isinstance(decorator, ast.Call):
        sizes = [*decorator.args[:1], *(k.value for k in decorator.keywords if k.arg == "maxsize")]
        return any(isinstance(s, ast.Constant) and s.value is None for s in sizes)
    return False


def _unbounded_caches_with_arguments() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if any(map(_unbounded, node.decorator_list)):
                params = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
                if [p for p in params if p.arg not in ("self", "cls")] or node.args.vararg or node.args.kwarg:
                    found.append(f"{path.relative_to(PACKAGE.parent)}:{node.name}")
    return found


def test_caches_keyed_by_input_are_bounded() -> None:
    unbounded = [f for f in _unbounded_caches_with_arguments() if f not in CLOSED_KEYS]
    assert not unbounded, f"use lru_cache(maxsize=...) for these (or list a closed key set): {unbounded}"


def test_the_list_of_closed_key_caches_is_current() -> None:
    assert set(CLOSED_KEYS) <= set(_unbounded_caches_with_arguments())


def test_the_checker_sees_each_form() -> None:
    tree = ast.parse("@cache\ndef a(x): ...\n@functools.lru_cache(maxsize=None)\ndef b(x): ...\n"
                     "@lru_cache(maxsize=8)\ndef c(x): ...")
    flags = [any(map(_unbounded, f.decorator_list)) for f in tree.body if isinstance(f, ast.FunctionDef)]
    assert flags == [True, True, False]
