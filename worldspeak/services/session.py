"""Signing in and out, and admitting a learner to a page: verify the token, refresh it, or sign out.

Every protected page load re-verifies the access token with the auth provider on the server; an
expired one is refreshed silently, and a forged, revoked or unrefreshable one ends the session
with a reason the sign-in page shows. Authorization (is this learner an admin?) comes from the
verified claims here, never from anything the browser holds.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from worldspeak.domain.accounts import AuthSession
from worldspeak.domain.errors import AuthError, DataError
from worldspeak.domain.learner import Profile
from worldspeak.ports import AuthProvider, DataGateway

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VerifiedSession:
    """A live session: the tokens to keep (refreshed when they had expired) and who it is."""

    access_token: str
    refresh_token: str
    user_id: str
    email: str
    is_admin: bool


@dataclass(frozen=True)
class Admission:
    """The outcome of a page guard. `session` is None when the learner must sign in again."""

    session: VerifiedSession | None
    # Why the session ended (an i18n key such as "err_session_expired"), or "".
    notice: str = ""
    profile: Profile | None = None

    @property
    def onboarded(self) -> bool:
        return self.profile is not None and self.profile.onboarded


def _from_claims(claims: dict, access_token: str, refresh_token: str) -> VerifiedSession:
    return VerifiedSession(
        access_token=access_token,
        refresh_token=refresh_token,
        user_id=claims["sub"],
        email=claims.get("email", ""),
        is_admin=(claims.get("app_metadata") or {}).get("role") == "admin",
    )


def _from_auth_session(session: AuthSession) -> VerifiedSession:
    return VerifiedSession(
        session.access_token, session.refresh_token, session.user_id, session.email, session.is_admin
    )


def verify_session(auth: AuthProvider, access_token: str, refresh_token: str) -> Admission:
    """Verify (or refresh) the tokens the browser holds. Never raises for a bad token: it signs out."""
    if not access_token:
        return Admission(None, "err_session_expired")
    try:
        claims = auth.verify(access_token)
    except AuthError as error:
        if error.code != "session_expired":
            return Admission(None, f"err_{error.code}")
        try:
            return Admission(_from_auth_session(auth.refresh(refresh_token)))
        except AuthError as refresh_error:
            return Admission(None, f"err_{refresh_error.code}")
    except DataError:
        log.exception("could not verify the session")
        return Admission(None, "err_database_unavailable")
    return Admission(_from_claims(claims, access_token, refresh_token))


def admit(auth: AuthProvider, gateway: DataGateway, access_token: str, refresh_token: str) -> Admission:
    """For pages that need a signed-in learner: the verified session and their profile."""
    admission = verify_session(auth, access_token, refresh_token)
    if admission.session is None:
        return admission
    return with_profile(gateway, admission.session)


def with_profile(gateway: DataGateway, session: VerifiedSession) -> Admission:
    try:
        profile = gateway.for_learner(session.access_token).profile()
    except (DataError, AuthError):
        log.exception("could not load the profile of %s", session.user_id)
        return Admission(None, "err_database_unavailable")
    return Admission(session, profile=profile)


def sign_in(auth: AuthProvider, gateway: DataGateway, email: str, password: str) -> Admission:
    """AuthError for the learner to read (wrong password, ...)."""
    return with_profile(gateway, _from_auth_session(auth.sign_in(email, password)))


def sign_up(auth: AuthProvider, gateway: DataGateway, email: str, password: str) -> Admission:
    return with_profile(gateway, _from_auth_session(auth.sign_up(email, password)))


def sign_out(auth: AuthProvider, access_token: str) -> None:
    """Revoke the session on the server; when that fails the browser drops the tokens anyway."""
    if not access_token:
        return
    try:
        auth.sign_out(access_token)
    except (AuthError, DataError):
        log.warning("sign-out could not reach the auth server; tokens dropped locally")
