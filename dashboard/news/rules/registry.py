"""The named extraction rules, so each can be switched off and its support counted.

A rule stands when at least three corpus documents need it (switching it off changes their record), or
when it encodes a general pattern of the language, stated in ``general``. ``tests/test_news_rule_audit.py``
switches every rule off in turn over the tuning part of the corpus and fails on a rule that neither has
three supporting documents nor a stated reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    name: str
    what: str
    general: str | None = None  # why the rule stands whatever the corpus count


RULES: dict[str, Rule] = {}
# Switched-off rules of the current context (the audit's toggles); a context variable, not a module global
# that sessions would share.
_OFF: ContextVar[frozenset[str]] = ContextVar("news_rules_off", default=frozenset())


def rule(name: str, what: str, general: str | None = None) -> str:
    """Declare a rule once, at import; returns its name for the ``on(name)`` checks."""
    if name in RULES:
        raise ValueError(f"rule {name!r} declared twice")
    RULES[name] = Rule(name, what, general)
    return name


def on(name: str) -> bool:
    """Whether the rule applies (always, except inside ``switched_off``)."""
    return name not in _OFF.get()


@contextmanager
def switched_off(*names: str) -> Iterator[None]:
    """Run extraction with the named rules off (the rule-support audit)."""
    unknown = set(names) - set(RULES)
    if unknown:
        raise KeyError(f"unknown rules: {sorted(unknown)}")
    token = _OFF.set(_OFF.get() | frozenset(names))
    try:
        yield
    finally:
        _OFF.reset(token)
