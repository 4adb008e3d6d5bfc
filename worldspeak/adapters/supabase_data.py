"""Data adapter for supabase mode: the hosted Data API (PostgREST), with each learner's own token.

The learner's access token goes on every request, so the same RLS policies
decide as in local mode. The service-role key is used only on the service path.
"""

from __future__ import annotations

from typing import Any

import httpx
from postgrest import APIError, SyncPostgrestClient

from worldspeak.adapters.local_data import KNOWN_SQLSTATES
from worldspeak.ports import AuthError, DataError, OnboardingAnswers

REQUEST_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


class SupabaseProject:
    """Where the project is, and its keys. One shared HTTP connection pool."""

    def __init__(self, url: str, anon_key: str, service_role_key: str) -> None:
        self.url = url.rstrip("/")
        self.anon_key = anon_key
        self.service_role_key = service_role_key
        self.http = httpx.Client(timeout=REQUEST_TIMEOUT)

    def rest(self, bearer: str, api_key: str | None = None) -> SyncPostgrestClient:
        return SyncPostgrestClient(
            f"{self.url}/rest/v1",
            headers={"apikey": api_key or self.anon_key, "Authorization": f"Bearer {bearer}"},
            http_client=self.http,
        )


# PostgREST's own codes for a token it will not accept.
POSTGREST_TOKEN_CODES = {"PGRST301": "invalid_token", "PGRST302": "invalid_token", "PGRST303": "session_expired"}


def as_data_error(error: Exception) -> DataError | AuthError:
    if isinstance(error, APIError) and error.code in POSTGREST_TOKEN_CODES:
        return AuthError(POSTGREST_TOKEN_CODES[error.code], error.message or "")
    if isinstance(error, APIError):
        return DataError(KNOWN_SQLSTATES.get(error.code or "", "database_error"), error.message or str(error))
    if isinstance(error, httpx.HTTPError):
        return DataError("database_unavailable", str(error))
    raise error


class SupabaseLearnerData:
    def __init__(self, project: SupabaseProject, access_token: str) -> None:
        self._rest = project.rest(access_token)

    def _rows(self, query) -> list[dict[str, Any]]:
        try:
            return list(query.execute().data or [])
        except (APIError, httpx.HTTPError) as error:
            raise as_data_error(error) from error

    def profile(self) -> dict[str, Any] | None:
        rows = self._rows(self._rest.table("profiles").select("*").limit(1))
        return rows[0] if rows else None

    def complete_onboarding(self, answers: OnboardingAnswers) -> None:
        params = {
            "p_full_name": answers.full_name,
            "p_native_language": answers.native_language,
            "p_targets": [{"language": t.language, "level": t.level} for t in answers.targets],
            "p_timezone": answers.timezone,
            "p_learning_style": answers.learning_style,
            "p_daily_target_minutes": answers.daily_target_minutes,
        }
        try:
            self._rest.rpc("complete_onboarding", params).execute()
        except (APIError, httpx.HTTPError) as error:
            raise as_data_error(error) from error

    def language_settings(self) -> list[dict[str, Any]]:
        return self._rows(self._rest.table("language_settings").select("*").order("language_code"))

    def subscription(self) -> dict[str, Any] | None:
        rows = self._rows(self._rest.table("subscriptions").select("*").limit(1))
        return rows[0] if rows else None


class SupabaseServiceData:
    def __init__(self, project: SupabaseProject) -> None:
        self._project = project
        self._rest = project.rest(project.service_role_key, api_key=project.service_role_key)

    def _admin(self):
        from worldspeak.adapters.supabase_auth import admin_client

        return admin_client(self._project)

    def database_status(self) -> str:
        try:
            self._rest.table("plans").select("plan_type").limit(1).execute()
            return "ok"
        except (APIError, httpx.HTTPError):
            return "unavailable"

    def set_app_metadata(self, user_id: str, app_metadata: dict[str, Any]) -> None:
        self._admin().update_user_by_id(user_id, {"app_metadata": app_metadata})

    def find_user_id(self, email: str) -> str | None:
        rows = self._rest.table("profiles").select("id").eq("email", email.lower()).limit(1).execute().data
        return str(rows[0]["id"]) if rows else None

    def delete_user(self, user_id: str) -> None:
        self._admin().delete_user(user_id)


class SupabaseDataGateway:
    def __init__(self, project: SupabaseProject) -> None:
        self._project = project

    def for_learner(self, access_token: str) -> SupabaseLearnerData:
        return SupabaseLearnerData(self._project, access_token)

    def service(self) -> SupabaseServiceData:
        return SupabaseServiceData(self._project)
