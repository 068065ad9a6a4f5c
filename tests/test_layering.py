"""The one-way flow of ARCHITECTURE.md, checked on every import of the package, function-local ones too.

Each module belongs to one layer; a layer may import only the layers listed for it. A new module that fits
no layer fails until it is placed. Upward imports that are known and not yet mended are listed, each with
what mending it means: a new one fails the test, and so does a listed one that has gone (shorten the list).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "dashboard"

# Layer of a module, by the longest matching prefix of its dotted name.
LAYER_OF = {
    "dashboard": "root",
    "dashboard.__main__": "entry",
    "dashboard.cli": "entry",
    "dashboard.brief.cli": "entry",
    "dashboard.errors": "model",
    "dashboard.i18n": "model",  # the interface's languages: every layer may translate
    "dashboard.model": "model",
    "dashboard.reference": "model",
    "dashboard.news": "news",
    "dashboard.loaders": "loaders",
    "dashboard.synth": "synth",
    "dashboard.store": "store",
    # Every write path: ingest and what writes through it (uploads, reviews), each checking its role.
    "dashboard.ingest": "ingest",
    "dashboard.ingest_incremental": "ingest",
    "dashboard.ingest_status": "ingest",
    "dashboard.uploads": "ingest",
    "dashboard.reviews": "ingest",
    "dashboard.review_scores": "ingest",
    "dashboard.sources": "sources",
    "dashboard.transform": "transform",
    "dashboard.components": "components",
    "dashboard.brief": "brief",
    # The app's gateway: the one cache and reader of the store, and who the viewer is.
    "dashboard.data_access": "gateway",
    "dashboard.auth": "gateway",
    "dashboard.app_pages": "pages",
    "dashboard.app": "pages",
}

# What each layer may import besides itself: the arrows of ARCHITECTURE.md, read backwards.
MAY_IMPORT = {
    "model": set(),
    "news": {"model"},
    "loaders": {"model", "news"},  # loaders/news.py reads news files through the news package
    "synth": {"model", "news"},  # synthetic releases use the news record's keys and vocabulary
    "store": {"model"},
    "ingest": {"model", "loaders", "news", "store"},
    "sources": {"model", "store", "ingest"},
    "transform": {"model"},
    "components": {"model", "transform"},
    "brief": {"model", "transform", "components"},
    "gateway": {"model", "store", "transform", "components"},
    # Pages compose; the write paths they call (upload, review) check the role themselves.
    "pages": {"model", "transform", "components", "brief", "gateway", "ingest"},
    "entry": {"model", "loaders", "news", "synth", "store", "ingest", "sources", "transform", "brief",
              "gateway"},
}

# Upward imports known today (issue 17), as (importing module, imported module): what mending each means.
NOT_YET_MENDED = {
    ("dashboard.components.kpi", "dashboard.data_access"):
        "the page fetches the KPI figures through data_access and hands them to the card builder",
    ("dashboard.components.sidebar", "dashboard.data_access"):
        "app.py fetches the filter options and hands them to the sidebar",
    ("dashboard.ingest", "dashboard.transform.linking"):
        "event-to-project linking moves below ingest (it derives a table at ingest time)",
    ("dashboard.ingest_incremental", "dashboard.transform.linking"):
        "the same move: incremental relinking reads the linker's blocking limits",
    ("dashboard.transform.bundle", "dashboard.store"):
        "the store is read in data_access and the bundle stays a pure container",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> tuple[str, str] | None:
    """(matching prefix, layer) of ``module``, or None when no prefix of LAYER_OF matches."""
    matches = [(p, layer) for p, layer in LAYER_OF.items() if module == p or module.startswith(p + ".")]
    return max(matches, key=lambda m: len(m[0])) if matches else None


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every project module a file imports, anywhere in the file (function-local imports included)."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("dashboard")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.startswith("dashboard"):
                # "from dashboard.x import y" may name a submodule y: the longest known prefix decides.
                found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


def _module_of(target: str) -> str:
    """The module an import names: "dashboard.x.y.name" -> "dashboard.x.y" when y is a module."""
    parts = target.split(".")
    while len(parts) > 1:
        base = PACKAGE.parent.joinpath(*parts)
        if base.with_suffix(".py").is_file() or (base / "__init__.py").is_file():
            break
        parts.pop()
    return ".".join(parts)


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _upward_imports() -> dict[tuple[str, str], str]:
    """(importing module, imported module) -> where, for every import against the arrows."""
    found = {}
    for path in _sources():
        source = _module_name(path)
        mine = _layer(source)
        for line, target in _imports(path):
            theirs = _layer(target)
            if mine is None or theirs is None or mine[1] in ("root", theirs[1]) or theirs[1] == "root":
                continue
            if theirs[1] not in MAY_IMPORT[mine[1]]:
                where = f"{path.relative_to(PACKAGE.parent)}:{line} -> {target}"
                found.setdefault((source, _module_of(target)), where)
    return found


def test_every_module_has_a_layer() -> None:
    names = [_module_name(p) for p in _sources()]
    unplaced = [n for n in names if n != "dashboard" and _layer(n) in (None, ("dashboard", "root"))]
    assert not unplaced, f"place these modules in LAYER_OF: {unplaced}"


def test_imports_follow_the_one_way_flow() -> None:
    found = _upward_imports()
    new = {pair: where for pair, where in found.items() if pair not in NOT_YET_MENDED}
    assert not new, "imports against ARCHITECTURE.md's arrows:\n" + "\n".join(new.values())


def test_the_list_of_unmended_imports_only_shrinks() -> None:
    mended = sorted(set(NOT_YET_MENDED) - set(_upward_imports()))
    assert not mended, f"these are mended: remove them from NOT_YET_MENDED: {mended}"


def test_the_checker_sees_function_local_and_relative_imports(tmp_path: Path) -> None:
    path = PACKAGE / "transform" / "bundle.py"
    assert any(t.startswith("dashboard.store") for _, t in _imports(path))
    assert _layer("dashboard.transform.linking") == ("dashboard.transform", "transform")
    assert _layer("dashboard.brief.cli") == ("dashboard.brief.cli", "entry")
