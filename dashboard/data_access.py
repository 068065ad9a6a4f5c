"""The one module that reads the store and owns the app's caches.

The store folder is named by the environment variable ``DASHBOARD_STORE`` (default: the bundled
``data/store``), read at every run, so one server process can be pointed at another store. Caches are keyed
on small values only (store path, store version, the frozen ``Filters``, a transform's name), bounded by
``max_entries``, and never cleared from a user action: a new store version simply misses the cache.
Aggregates live in ``st.cache_data`` (small, copied per hit); the bundles and built figures in
``st.cache_resource`` (large or costly to copy, shared read-only).

Pages ask for *aggregates*: ``aggregate(fn, filters, *args)`` runs the pure transform ``fn`` on the filtered
bundle once per (store, version, filters, args) and caches its (small) result, so a warm rerun never touches
the raw tables; ``figure(build, fn, filters, ...)`` does the same for the chart built from it.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from dashboard.errors import StoreDamaged
from dashboard.i18n import current_language
from dashboard.model.filters import Filters
from dashboard.store import store_version
from dashboard.transform.bundle import StoreBundle, read_bundle
from dashboard.transform.filtering import apply_filters

STORE_ENV = "DASHBOARD_STORE"
BUNDLED_STORE = Path(__file__).resolve().parents[1] / "data" / "store"

T = TypeVar("T")


def store_dir() -> Path:
    """The store folder for this run: ``$DASHBOARD_STORE``, else the bundled ``data/store``."""
    named = os.environ.get(STORE_ENV, "").strip()
    return Path(named).expanduser().resolve() if named else BUNDLED_STORE


def current_version(path: Path | None = None) -> str:
    """The store's version (changes whenever the store is rewritten); "absent" when there is no store."""
    path = path or store_dir()
    return store_version(path) if path.is_dir() else "absent"


# The raw and filtered bundles are held as shared read-only resources, not data-cache copies: st.cache_data
# pickles on every hit, which cost 0.4 s per read (1.7 s per write) at 300,000 transactions. The frames are
# never modified in place (transforms are pure, and pandas copy-on-write keeps derived frames apart).
@st.cache_resource(max_entries=2, show_spinner="Reading the store…")
def _bundle(path: str, version: str) -> StoreBundle:
    # version is part of the key only: a rewritten store has a new version and misses the cache.
    return read_bundle(Path(path))


# Few filtered bundles: each can be nearly as large as the store (130 MB at 300,000 transactions), and a
# warm rerun never needs one, since aggregates and figures are cached on their own.
@st.cache_resource(max_entries=4, show_spinner=False)
def _filtered(path: str, version: str, filters: Filters) -> StoreBundle:
    return apply_filters(_bundle(path, version), filters)


def load_bundle(filters: Filters | None = None) -> StoreBundle:
    """The whole store (or the part ``filters`` selects). Prefer :func:`aggregate` in pages."""
    path = store_dir()
    version = current_version(path)
    if filters is None or filters.is_empty():
        return _bundle(str(path), version)
    return _filtered(str(path), version, filters)


def store_problem() -> str | None:
    """Why the store cannot be read (a damaged table or manifest), or None when it reads.

    The read is the cached bundle every page uses, so asking costs nothing on a healthy store; a failed read
    is not cached, so a repaired store is read again on the next run.
    """
    try:
        load_bundle()
    except StoreDamaged as exc:
        return str(exc)
    return None


def _by_name(name: str) -> Callable[..., Any]:
    module_name, _, qualname = name.partition(":")
    if not module_name.startswith("dashboard."):
        raise ValueError(f"not a dashboard transform: {name}")
    target: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target


@st.cache_data(max_entries=512, show_spinner=False)
def _aggregate(path: str, version: str, filters: Filters, transform: str, args: tuple) -> Any:
    bundle = _filtered(path, version, filters) if not filters.is_empty() else _bundle(path, version)
    return _by_name(transform)(bundle, *args)


@st.cache_resource(max_entries=256, show_spinner=False)
def _figure(
    path: str, version: str, filters: Filters, transform: str, args: tuple, builder: str, builder_args: tuple,
    language: str,
) -> Any:
    # language is part of the key only: a figure's titles and labels are drawn in the run's language.
    # A resource cache, not a data cache: building a Plotly figure costs far more than serving it, and
    # unpickling a cached figure would re-validate it. Figures are never mutated after this point.
    data = _aggregate(path, version, filters, transform, args)
    return _by_name(builder)(data, *builder_args)


def _name(func: Callable[..., Any]) -> str:
    return f"{func.__module__}:{func.__qualname__}"


def figure(
    builder: Callable[..., T],
    transform: Callable[..., Any],
    filters: Filters,
    *args: Hashable,
    builder_args: tuple = (),
) -> T:
    """``builder(aggregate(transform, filters, *args), *builder_args)``, built once per key and reused.

    Use for every chart: a warm rerun then skips Plotly's (slow) figure construction too.
    """
    path = store_dir()
    return _figure(
        str(path),
        current_version(path),
        filters,
        _name(transform),
        tuple(args),
        _name(builder),
        tuple(builder_args),
        current_language(),
    )


def aggregate(transform: Callable[..., T], filters: Filters, *args: Hashable) -> T:
    """``transform(filtered_bundle, *args)``, cached per (store, version, filters, transform, args).

    ``transform`` must be a module-level pure function of the ``dashboard`` package that takes the bundle
    first and returns something small (an aggregate, not a raw table).
    """
    path = store_dir()
    return _aggregate(str(path), current_version(path), filters, _name(transform), tuple(args))
