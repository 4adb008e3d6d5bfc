"""Signing in and out, and admitting a learner to a page: verify the token, refresh it, or sign out.

Every protected page load re-verifies the access token with the auth provider on the server; an
expired one is refreshed silently, and a forged, revoked or unrefreshable one ends the session
with a reason the sign-in page shows. Authorization (is this learner an admin?) comes from the
verified claims here, never from anything the browser holds.

Rate limits (worldspeak.domain.rate_limits) guard the doors: sign-in per account and per client
IP, sign-up per IP, token refresh per session. A refused attempt raises `TooManyAttempts` before
the auth provider is asked anything, so a locked-out account answers the same, equally fast,
whether or not the email exists; a failure for an unknown email counts exactly like one for a
real account.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import jwt

from worldspeak.domain.accounts import AuthSession
from worldspeak.domain.credentials import normalise_email
from worldspeak.domain.errors import AuthError, DataError
from worldspeak.domain.learner import Profile
from worldspeak.domain.rate_limits import (
    REFRESH_PER_SESSION,
    SIGN_IN_PER_ACCOUNT,
    SIGN_IN_PER_IP,
    SIGN_UP_PER_IP,
    RateLimit,
    TooManyAttempts,
)
from worldspeak.ports import AuthProvider, DataGateway
from worldspeak.ports.rate_limit import RateLimiter

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


def _enforce(limiter: RateLimiter | None, policy: RateLimit, subject: str) -> None:
    if limiter is None or not subject:
        return
    verdict = limiter.hit(policy, subject)
    if not verdict.allowed:
        raise TooManyAttempts(verdict.retry_after_seconds, f"{policy.name} limit reached")


def _account_subject(email: str) -> str:
    """The account a sign-in attempt aims at: the address as typed, in the form we store it."""
    try:
        return normalise_email(email)
    except AuthError:
        return (email or "").strip().lower()


def _session_subject(access_token: str, refresh_token: str) -> str:
    """Which session a refresh is for: its id from the (expired) access token, else the refresh token."""
    try:
        claims = jwt.decode(access_token, options={"verify_signature": False, "verify_exp": False})
    except jwt.InvalidTokenError:
        claims = {}
    return str(claims.get("session_id") or "") or refresh_token


def verify_session(
    auth: AuthProvider, access_token: str, refresh_token: str, limiter: RateLimiter | None = None
) -> Admission:
    """Verify (or refresh) the tokens the browser holds. Never raises for a bad token: it signs out.

    With a limiter, refreshing is limited per session; past the limit the learner is signed out
    with a notice (a refresh loop is a bug or a replay, not a learner).
    """
    if not access_token:
        return Admission(None, "err_session_expired")
    try:
        claims = auth.verify(access_token)
    except AuthError as error:
        if error.code != "session_expired":
            return Admission(None, f"err_{error.code}")
        try:
            _enforce(limiter, REFRESH_PER_SESSION, _session_subject(access_token, refresh_token))
            return Admission(_from_auth_session(auth.refresh(refresh_token)))
        except TooManyAttempts:
            return Admission(None, "refresh_limited_notice")
        except AuthError as refresh_error:
            return Admission(None, f"err_{refresh_error.code}")
    except DataError:
        log.exception("could not verify the session")
        return Admission(None, "err_database_unavailable")
    return Admission(_from_claims(claims, access_token, refresh_token))


def admit(
    auth: AuthProvider,
    gateway: DataGateway,
    access_token: str,
    refresh_token: str,
    limiter: RateLimiter | None = None,
) -> Admission:
    """For pages that need a signed-in learner: the verified session and their profile."""
    admission = verify_session(auth, access_token, refresh_token, limiter)
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


def sign_in(
    auth: AuthProvider,
    gateway: DataGateway,
    email: str,
    password: str,
    limiter: RateLimiter | None = None,
    client_ip: str = "",
) -> Admission:
    """AuthError for the learner to read (wrong password, ...); TooManyAttempts past a limit.

    Every attempt counts against the client IP and the account (pages pass the app's limiter;
    None is for tests and scripts). Success clears the account's count, never the IP's, so
    signing in to one's own account between guesses at others buys an attacker nothing.
    """
    account = _account_subject(email)
    _enforce(limiter, SIGN_IN_PER_IP, client_ip)
    _enforce(limiter, SIGN_IN_PER_ACCOUNT, account)
    session = auth.sign_in(email, password)
    if limiter is not None:
        limiter.reset(SIGN_IN_PER_ACCOUNT, account)
    return with_profile(gateway, _from_auth_session(session))


def sign_up(
    auth: AuthProvider,
    gateway: DataGateway,
    email: str,
    password: str,
    limiter: RateLimiter | None = None,
    client_ip: str = "",
) -> Admission:
    """Every attempt counts against the client IP; TooManyAttempts past the limit."""
    _enforce(limiter, SIGN_UP_PER_IP, client_ip)
    return with_profile(gateway, _from_auth_session(auth.sign_up(email, password)))


def sign_out(auth: AuthProvider, access_token: str) -> None:
    """Revoke the session on the server; when that fails the browser drops the tokens anyway."""
    if not access_token:
        return
    try:
        auth.sign_out(access_token)
    except (AuthError, DataError):
        log.warning("sign-out could not reach the auth server; tokens dropped locally")
