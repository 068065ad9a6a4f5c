"""Sign-in for the app: Streamlit's own OpenID Connect (``st.login``, ``st.user``); roles from the access
file.

Sign-in is configured by an ``[auth]`` section in ``.streamlit/secrets.toml`` (never in the repository); the
roles by the access file (``dashboard.model.roles``). Without ``[auth]`` nobody is signed in, so everyone is
an anonymous viewer and the app offers no writing action. The identity comes from ``st.user``, which
Streamlit fills on the server from its signed cookie: a browser cannot claim another identity.

This module only tells pages who is there and draws the account box; the write paths themselves
(``uploads.ingest_upload``, ``reviews.append_reviews``) check the role again with the identity given here.
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from dashboard.i18n import _
from dashboard.model.roles import ANONYMOUS, AccessConfig, Identity, has_role, load_access, role_of


def sign_in_configured() -> bool:
    """True when ``.streamlit/secrets.toml`` has an ``[auth]`` section (an OpenID Connect provider)."""
    try:
        return "auth" in st.secrets
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return False


def access_config() -> AccessConfig:
    """The access file, read at every run so a changed role applies at once (it is a few lines)."""
    return load_access()


def _groups(claim: object) -> tuple[str, ...]:
    if isinstance(claim, str):
        return (claim,)
    if isinstance(claim, Iterable):
        return tuple(str(g) for g in claim)
    return ()


def current_identity(access: AccessConfig | None = None) -> Identity:
    """Who is using this session: the signed-in person of ``st.user``, else anonymous."""
    user = st.user
    if user.get("is_logged_in") is not True:
        return ANONYMOUS
    access = access or access_config()
    # Entra ID may leave "email" out of the ID token; its sign-in name is then "preferred_username".
    email = user.get("email") or user.get("preferred_username") or user.get("sub")
    return Identity(email=str(email) if email else None, groups=_groups(user.get(access.group_claim)),
                    signed_in=True)


def current_role(access: AccessConfig | None = None) -> str | None:
    """The role of this session's person (None: sign-in is required and nobody is signed in)."""
    access = access or access_config()
    return role_of(current_identity(access), access)


def may(role: str, access: AccessConfig | None = None) -> bool:
    """True when this session's person has ``role`` or a more powerful one."""
    access = access or access_config()
    return has_role(current_identity(access), access, role)


def draw_account_box(access: AccessConfig) -> None:
    """Sign-in / sign-out in the sidebar, and who is signed in with which role (as plain text)."""
    if not sign_in_configured():
        return
    identity = current_identity(access)
    with st.sidebar:
        st.subheader(_("Account"))
        if identity.signed_in:
            st.text(f"{identity.label}\n" + _("role: {role}").format(role=role_of(identity, access)))
            if st.button(_("Sign out"), key="sign_out", icon=":material/logout:"):
                st.logout()
        elif st.button(_("Sign in"), key="sign_in", icon=":material/login:"):
            st.login()


def require_viewing(access: AccessConfig) -> None:
    """Stop the run with a sign-in button when the access file requires sign-in and nobody is signed in."""
    if role_of(current_identity(access), access) is not None:
        return
    st.title(_("IOM activities dashboard"))
    st.info(_("Sign in to see the dashboard."), icon=":material/lock:")
    if sign_in_configured():
        if st.button(_("Sign in"), key="sign_in_required", icon=":material/login:"):
            st.login()
    else:
        st.error(_("The access file requires sign-in, but no sign-in provider is configured "
                   "([auth] in .streamlit/secrets.toml)."))
    st.stop()
