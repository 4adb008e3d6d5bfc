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

    def _call(self, function: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        try:
            return list(self._rest.rpc(function, params).execute().data or [])
        except (APIError, httpx.HTTPError) as error:
            raise as_data_error(error) from error

    def home_dashboard(self) -> dict[str, Any]:
        allowance = self._call("microphone_allowance", {})
        return {
            "allowance": allowance[0] if allowance else None,
            "progress": self._rows(
                self._rest.table("learning_progress")
                .select(
                    "language_code, speaking_level, fluency_score, total_study_time_minutes, consecutive_days,"
                    " last_study_date, weekly_goal_minutes, weekly_achieved_minutes"
                )
                .order("language_code")
            ),
            "recent_conversations": self._rows(
                self._rest.table("conversations")
                .select("id, title, scenario, target_language, started_at, ended_at, overall_score")
                .order("created_at", desc=True)
                .limit(5)
            ),
            "achievements_earned": len(self._rows(self._rest.table("achievements").select("id").eq("is_earned", True))),
        }

    def conversations(self, limit: int = 20, before: str | None = None) -> list[dict[str, Any]]:
        query = (
            self._rest.table("conversations")
            .select(
                "id, title, scenario, target_language, script_id, started_at, ended_at, message_count,"
                " overall_score, created_at"
            )
            .order("created_at", desc=True)
            .limit(max(1, min(limit, 100)))
        )
        if before:
            query = query.lt("created_at", before)
        return self._rows(query)

    def conversation_messages(self, conversation_id: str) -> list[dict[str, Any]]:
        return self._rows(
            self._rest.table("messages")
            .select(
                "id, content, language, is_ai, message_type, audio_url, audio_duration_ms, translated_content,"
                " pronunciation_analysis, grammar_corrections, vocabulary_highlights, created_at"
            )
            .eq("conversation_id", conversation_id)
            .order("created_at")
        )

    def microphone_allowance(self) -> dict[str, Any] | None:
        rows = self._call("microphone_allowance", {})
        return rows[0] if rows else None

    def record_microphone_usage(self, seconds: int, language: str, feature: str = "conversation") -> dict[str, Any]:
        rows = self._call(
            "record_microphone_usage", {"recorded_seconds": seconds, "language_code": language, "feature": feature}
        )
        return rows[0]


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
