"""Data adapter for supabase mode: the hosted Data API (PostgREST), with each learner's own token.

The learner's access token goes on every request, so the same RLS policies decide as in local
mode. Every learner-scoped read also filters on the learner's own id (from the token PostgREST
verifies), because an admin's RLS lets them read everyone's rows. The service-role key is used
only on the service path.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import jwt
from postgrest import APIError

from worldspeak.adapters import rows
from worldspeak.adapters.errors import data_error, log
from worldspeak.adapters.supabase_project import SupabaseProject
from worldspeak.domain.learner import (
    ConversationSummary,
    HomeDashboard,
    LanguageSetting,
    MeteredUsage,
    Profile,
    Subscription,
)
from worldspeak.domain.plans import Allowance
from worldspeak.ports import AuthError, DataError, OnboardingAnswers

# PostgREST's own codes for a token it will not accept.
POSTGREST_TOKEN_CODES = {"PGRST301": "invalid_token", "PGRST302": "invalid_token", "PGRST303": "session_expired"}
CONVERSATION_COLUMNS = (
    "id, title, scenario, target_language, script_id, started_at, ended_at, message_count, overall_score, created_at"
)


def as_data_error(error: Exception, context: str) -> DataError | AuthError:
    if isinstance(error, APIError) and error.code in POSTGREST_TOKEN_CODES:
        return AuthError(POSTGREST_TOKEN_CODES[error.code], error.message or "")
    if isinstance(error, APIError):
        return data_error(error.code, error.message or str(error), context)
    if isinstance(error, httpx.HTTPError):
        log.warning("%s: the Data API is unreachable: %s", context, error)
        return DataError("database_unavailable", str(error))
    raise error


def _subject(access_token: str) -> str:
    """The learner's id, for filtering. PostgREST verifies the token itself on every request."""
    try:
        return str(jwt.decode(access_token, options={"verify_signature": False})["sub"])
    except (jwt.InvalidTokenError, KeyError) as error:
        raise AuthError("invalid_token") from error


def _records(data: Any) -> list[dict[str, Any]]:
    """The Data API's JSON body as rows (a function returning a table answers with a list)."""
    return list(data or [])


class SupabaseLearnerData:
    def __init__(self, project: SupabaseProject, access_token: str) -> None:
        self._rest = project.rest(access_token)
        self._user_id = _subject(access_token)

    def _rows(self, context: str, query: Any) -> list[dict[str, Any]]:
        try:
            return _records(query.execute().data)
        except (APIError, httpx.HTTPError) as error:
            raise as_data_error(error, context) from error

    def _call(self, function: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        try:
            return _records(self._rest.rpc(function, params).execute().data)
        except (APIError, httpx.HTTPError) as error:
            raise as_data_error(error, function) from error

    def _mine(self, table: str, columns: str, owner_column: str = "user_id") -> Any:
        return self._rest.table(table).select(columns).eq(owner_column, self._user_id)

    def profile(self) -> Profile | None:
        found = self._rows("profile", self._mine("profiles", "*", owner_column="id").limit(1))
        return rows.profile(found[0]) if found else None

    def complete_onboarding(self, answers: OnboardingAnswers) -> None:
        self._call(
            "complete_onboarding",
            {
                "p_full_name": answers.full_name,
                "p_native_language": answers.native_language,
                "p_targets": [{"language": t.language, "level": t.level} for t in answers.targets],
                "p_timezone": answers.timezone,
                "p_learning_style": answers.learning_style,
                "p_daily_target_minutes": answers.daily_target_minutes,
            },
        )

    def language_settings(self) -> tuple[LanguageSetting, ...]:
        query = self._mine(
            "language_settings", "language_code, proficiency_level, daily_target_minutes, speech_rate"
        ).order("language_code")
        return tuple(rows.language_setting(row) for row in self._rows("language_settings", query))

    def subscription(self) -> Subscription | None:
        query = self._mine(
            "subscriptions",
            "user_id, plan_type, status, monthly_seconds_limit, seconds_used, current_period_start,"
            " current_period_end, cancel_at_period_end",
        ).limit(1)
        found = self._rows("subscription", query)
        return rows.subscription(found[0]) if found else None

    def home_dashboard(self) -> HomeDashboard:
        progress = self._mine(
            "learning_progress",
            "language_code, speaking_level, fluency_score, total_study_time_minutes, consecutive_days,"
            " last_study_date, weekly_goal_minutes, weekly_achieved_minutes",
        ).order("language_code")
        recent = self._mine("conversations", CONVERSATION_COLUMNS).order("created_at", desc=True).limit(5)
        earned = self._mine("achievements", "id").eq("is_earned", True)
        return HomeDashboard(
            allowance=self.microphone_allowance(),
            progress=tuple(rows.language_progress(row) for row in self._rows("home_dashboard", progress)),
            recent_conversations=tuple(rows.conversation_summary(row) for row in self._rows("home_dashboard", recent)),
            achievements_earned=len(self._rows("home_dashboard", earned)),
        )

    def conversations(self, limit: int = 20, before: datetime | None = None) -> tuple[ConversationSummary, ...]:
        query = self._mine("conversations", CONVERSATION_COLUMNS).order("created_at", desc=True)
        query = query.limit(max(1, min(limit, 100)))
        if before is not None:
            query = query.lt("created_at", before.isoformat())
        return tuple(rows.conversation_summary(row) for row in self._rows("conversations", query))

    def conversation_messages(self, conversation_id: str) -> list[dict[str, Any]]:
        # Messages carry no user id: the conversation must be the learner's own.
        owned = self._mine("conversations", "id").eq("id", conversation_id).limit(1)
        if not self._rows("conversation_messages", owned):
            return []
        query = (
            self._rest.table("messages")
            .select(
                "id, content, language, is_ai, message_type, audio_url, audio_duration_ms, translated_content,"
                " pronunciation_analysis, grammar_corrections, vocabulary_highlights, created_at"
            )
            .eq("conversation_id", conversation_id)
            .order("created_at")
        )
        return self._rows("conversation_messages", query)

    def microphone_allowance(self) -> Allowance | None:
        found = self._call("microphone_allowance", {})
        return rows.allowance(found[0]) if found else None

    def record_microphone_usage(self, seconds: int, language: str, feature: str = "conversation") -> MeteredUsage:
        found = self._call(
            "record_microphone_usage", {"recorded_seconds": seconds, "language_code": language, "feature": feature}
        )
        return rows.metered_usage(found[0])


class SupabaseServiceData:
    def __init__(self, project: SupabaseProject) -> None:
        self._project = project
        self._rest = project.rest(project.service_role_key, api_key=project.service_role_key)

    def database_status(self) -> str:
        try:
            self._rest.table("plans").select("plan_type").limit(1).execute()
            return "ok"
        except (APIError, httpx.HTTPError) as error:
            log.warning("database_status: the Data API is unavailable: %s", error)
            return "unavailable"

    def set_app_metadata(self, user_id: str, app_metadata: dict[str, Any]) -> None:
        self._admin_call(
            "set_app_metadata", lambda admin: admin.update_user_by_id(user_id, {"app_metadata": app_metadata})
        )

    def find_user_id(self, email: str) -> str | None:
        query = self._rest.table("profiles").select("id").eq("email", email.lower()).limit(1)
        try:
            found = _records(query.execute().data)
        except (APIError, httpx.HTTPError) as error:
            raise as_data_error(error, "find_user_id") from error
        return str(found[0]["id"]) if found else None

    def delete_user(self, user_id: str) -> None:
        self._admin_call("delete_user", lambda admin: admin.delete_user(user_id))

    def _admin_call(self, context: str, call: Any) -> None:
        from supabase_auth.errors import AuthError as GoTrueError

        try:
            call(self._project.auth_admin())
        except (GoTrueError, httpx.HTTPError) as error:
            log.error("%s: the auth admin API refused: %s", context, error)
            raise DataError(
                "database_unavailable" if isinstance(error, httpx.HTTPError) else "database_error"
            ) from error


class SupabaseDataGateway:
    def __init__(self, project: SupabaseProject) -> None:
        self._project = project

    def for_learner(self, access_token: str) -> SupabaseLearnerData:
        return SupabaseLearnerData(self._project, access_token)

    def service(self) -> SupabaseServiceData:
        return SupabaseServiceData(self._project)
