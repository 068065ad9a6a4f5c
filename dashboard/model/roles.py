"""Who may do what: identities (an email, or a group claim of the ID token) mapped to roles.

Three roles, each including the ones before it: ``viewer`` (reads), ``reviewer`` (also confirms, corrects or
rejects extracted facts), ``admin`` (also loads files from the app). The mapping lives in a TOML file (the
access file, see :func:`load_access`), never in code; secrets of the sign-in provider never go there.

Pure Python: the Streamlit side (who is signed in) is ``dashboard.auth``; the checks that guard a write are
:func:`require_role`, called inside every write path, so a request that bypasses the UI is refused too.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.errors import DashboardError

ROLES = ("viewer", "reviewer", "admin")  # in increasing power
ACCESS_ENV = "DASHBOARD_ACCESS"
DEFAULT_ACCESS_FILE = Path(__file__).resolve().parents[2] / "config" / "access.toml"


class PermissionDenied(DashboardError):
    """A writing action asked for by someone whose role does not allow it."""


class AccessConfigError(DashboardError):
    """The access file cannot be read or names an unknown role."""


@dataclass(frozen=True)
class Identity:
    """The person behind a request: anonymous, or signed in with an email and the groups of the ID token."""

    email: str | None = None
    groups: tuple[str, ...] = ()
    signed_in: bool = False

    @property
    def label(self) -> str:
        """How the person is recorded in the reviews table."""
        return self.email or "anonymous"


ANONYMOUS = Identity()


@dataclass(frozen=True)
class AccessConfig:
    """The access file, read. Emails and group ids are kept case-folded."""

    require_sign_in: bool = False
    group_claim: str = "groups"
    default_role: str = "viewer"
    users: Mapping[str, str] = field(default_factory=dict)
    groups: Mapping[str, str] = field(default_factory=dict)


def _check_role(role: str, where: str) -> str:
    if role not in ROLES:
        raise AccessConfigError(f"{where}: unknown role {role!r}; roles are {', '.join(ROLES)}")
    return role


def parse_access(data: Mapping[str, object], source: str = "access file") -> AccessConfig:
    """An AccessConfig from the parsed TOML of an access file (see ``config/access.example.toml``)."""
    access = data.get("access", {})
    if not isinstance(access, Mapping):
        raise AccessConfigError(f"{source}: [access] must be a table")
    users = data.get("users", {})
    groups = data.get("groups", {})
    if not isinstance(users, Mapping) or not isinstance(groups, Mapping):
        raise AccessConfigError(f"{source}: [users] and [groups] must be tables of identity = role")
    return AccessConfig(
        require_sign_in=bool(access.get("require_sign_in", False)),
        group_claim=str(access.get("group_claim", "groups")),
        default_role=_check_role(str(access.get("default_role", "viewer")), f"{source}: default_role"),
        users={str(k).casefold(): _check_role(str(v), f"{source}: users.{k}") for k, v in users.items()},
        groups={str(k).casefold(): _check_role(str(v), f"{source}: groups.{k}") for k, v in groups.items()},
    )


def access_file() -> Path:
    """The access file in use: ``$DASHBOARD_ACCESS``, else ``config/access.toml`` of the repository."""
    named = os.environ.get(ACCESS_ENV, "").strip()
    return Path(named).expanduser() if named else DEFAULT_ACCESS_FILE


def load_access(path: Path | None = None) -> AccessConfig:
    """Read the access file; a missing file means the defaults (open viewing, nobody listed, so no writer)."""
    path = path or access_file()
    if not path.exists():
        return AccessConfig()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise AccessConfigError(f"{path}: cannot be read: {exc}") from exc
    return parse_access(data, str(path))


def role_of(identity: Identity, config: AccessConfig) -> str | None:
    """The role of ``identity``: the highest role its email or any of its groups is given.

    A person who is not signed in is a viewer when viewing is open, and has no role at all (None) when the
    access file requires sign-in. A signed-in person not listed gets ``default_role``.
    """
    if not identity.signed_in:
        return None if config.require_sign_in else "viewer"
    found = [config.default_role]
    if identity.email and identity.email.casefold() in config.users:
        found.append(config.users[identity.email.casefold()])
    found += [config.groups[g.casefold()] for g in identity.groups if g.casefold() in config.groups]
    return max(found, key=ROLES.index)


def has_role(identity: Identity, config: AccessConfig, needed: str) -> bool:
    """True when ``identity``'s role is ``needed`` or a more powerful one."""
    role = role_of(identity, config)
    return role is not None and ROLES.index(role) >= ROLES.index(_check_role(needed, "required role"))


def require_role(identity: Identity, config: AccessConfig, needed: str, action: str) -> None:
    """Raise PermissionDenied unless ``identity`` may do ``action`` (needs role ``needed``).

    Called inside every write path each time it runs: hiding a widget is not a check.
    """
    if not has_role(identity, config, needed):
        role = role_of(identity, config) or "no role"
        raise PermissionDenied(f"{identity.label} ({role}) may not {action}: it needs the {needed} role")
