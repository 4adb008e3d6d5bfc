"""Auth adapter for supabase mode: Supabase Auth (GoTrue) through supabase-py.

A fresh, stateless client per call: the server handles many learners, so no
session may be kept inside a shared client.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

import httpx
import jwt
from supabase_auth import SyncGoTrueClient
from supabase_auth.errors import AuthApiError
from supabase_auth.errors import AuthError as GoTrueError
from supabase_auth.types import SignUpWithEmailAndPasswordCredentials

from worldspeak.adapters.errors import log
from worldspeak.adapters.supabase_project import SupabaseProject
from worldspeak.domain.credentials import normalise_email, password_problem
from worldspeak.domain.rate_limits import TooManyAttempts
from worldspeak.ports import AuthError, AuthSession

# GoTrue's error codes -> the codes our UI translates.
# GoTrue's own rate limits; it does not say for how long, so the learner is told to wait a minute.
GOTRUE_RATE_LIMITS = {"over_request_rate_limit", "over_email_send_rate_limit"}
GOTRUE_RETRY_SECONDS = 60
GOTRUE_CODES = {
    "user_already_exists": "email_taken",
    "email_exists": "email_taken",
    "invalid_credentials": "invalid_credentials",
    "email_address_invalid": "invalid_email",
    "validation_failed": "invalid_email",
    "weak_password": "password_too_short",
    "user_banned": "account_disabled",
    "session_not_found": "session_revoked",
    "refresh_token_not_found": "session_revoked",
    "refresh_token_already_used": "session_revoked",
    "bad_jwt": "invalid_token",
    "no_authorization": "invalid_token",
    "user_not_found": "session_revoked",
}


def _client(project: SupabaseProject) -> SyncGoTrueClient:
    return SyncGoTrueClient(
        url=f"{project.url}/auth/v1",
        headers={"apikey": project.anon_key, "Authorization": f"Bearer {project.anon_key}"},
        auto_refresh_token=False,
        persist_session=False,
        http_client=project.http,
    )


def _translate(error: Exception) -> AuthError:
    if isinstance(error, GoTrueError) and getattr(error, "code", None) in GOTRUE_RATE_LIMITS:
        return TooManyAttempts(GOTRUE_RETRY_SECONDS, str(error))
    if isinstance(error, GoTrueError):
        code = GOTRUE_CODES.get(getattr(error, "code", None) or "")
        if code is None and isinstance(error, AuthApiError) and error.status in (401, 403):
            code = "invalid_token"
        if code is None:
            log.error("GoTrue answered with an unexpected error %r: %s", getattr(error, "code", None), error)
        return AuthError(code or "provider_unavailable", str(error))
    if isinstance(error, httpx.HTTPError):
        log.warning("GoTrue is unreachable: %s", error)
        return AuthError("provider_unavailable", str(error))
    raise error


def _session(response: Any) -> AuthSession:
    session, user = response.session, response.user
    if session is None or user is None:
        # Email confirmation is on for this project: there is no session until the learner confirms.
        raise AuthError("email_confirmation_required")
    return AuthSession(
        access_token=session.access_token,
        refresh_token=session.refresh_token,
        expires_at=int(session.expires_at or 0),
        user_id=str(user.id),
        email=user.email or "",
        app_metadata=dict(user.app_metadata or {}),
        user_metadata=dict(user.user_metadata or {}),
    )


class SupabaseAuth:
    def __init__(self, project: SupabaseProject) -> None:
        self._project = project

    def sign_up(self, email: str, password: str, full_name: str = "") -> AuthSession:
        address = normalise_email(email)
        problem = password_problem(password)
        if problem:
            raise AuthError(problem)
        credentials: SignUpWithEmailAndPasswordCredentials = {"email": address, "password": password}
        if full_name:
            credentials["options"] = {"data": {"full_name": full_name}}
        try:
            return _session(_client(self._project).sign_up(credentials))
        except (GoTrueError, httpx.HTTPError) as error:
            raise _translate(error) from error

    def sign_in(self, email: str, password: str) -> AuthSession:
        address = normalise_email(email)
        try:
            return _session(_client(self._project).sign_in_with_password({"email": address, "password": password}))
        except (GoTrueError, httpx.HTTPError) as error:
            raise _translate(error) from error

    def refresh(self, refresh_token: str) -> AuthSession:
        if not refresh_token:
            raise AuthError("session_expired")
        try:
            return _session(_client(self._project).refresh_session(refresh_token))
        except (GoTrueError, httpx.HTTPError) as error:
            raise _translate(error) from error

    def sign_out(self, access_token: str) -> None:
        # If this fails the token is already unusable; the client drops it either way.
        with contextlib.suppress(GoTrueError, httpx.HTTPError):
            self._project.auth_admin().sign_out(access_token, scope="local")

    def verify(self, access_token: str) -> dict[str, Any]:
        try:
            claims = jwt.decode(access_token, options={"verify_signature": False})
        except jwt.InvalidTokenError as error:
            raise AuthError("invalid_token") from error
        if int(claims.get("exp", 0)) <= time.time():
            raise AuthError("session_expired")
        # Only GoTrue knows the project's signing key and whether the session still exists.
        try:
            response = _client(self._project).get_user(access_token)
        except (GoTrueError, httpx.HTTPError) as error:
            raise _translate(error) from error
        if response is None or response.user is None:
            raise AuthError("invalid_token")
        return claims
