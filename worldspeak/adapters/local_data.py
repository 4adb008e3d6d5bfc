"""Data adapter for local mode: psycopg against the local cluster, run the way PostgREST runs it.

Every learner operation is one transaction that first sets
`role = authenticated` and `request.jwt.claims` (both LOCAL to the
transaction), so the same RLS policies decide as on hosted Supabase. The
service path sets `role = service_role` (BYPASSRLS) and is used only by the
auth server code, webhooks and admin jobs.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, cast

import jwt
import psycopg
from psycopg.rows import DictRow, dict_row
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool

from worldspeak.adapters import rows
from worldspeak.adapters.errors import data_error, log
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


def as_data_error(error: psycopg.Error, context: str) -> DataError:
    return data_error(error.sqlstate, error.diag.message_primary or str(error), context)


# The learner queries, named so the benchmark EXPLAINs exactly what the app runs. Each filters on
# the caller's own id: RLS would let an admin read everyone's rows.
PROFILE_SQL = "select * from public.profiles where id = (select auth.uid())"
LANGUAGE_SETTINGS_SQL = (
    "select language_code, proficiency_level, daily_target_minutes, speech_rate from public.language_settings"
    " where user_id = (select auth.uid()) order by language_code"
)
SUBSCRIPTION_SQL = (
    "select user_id, plan_type, status, monthly_seconds_limit, seconds_used, current_period_start, current_period_end,"
    " cancel_at_period_end"
    " from public.subscriptions where user_id = (select auth.uid())"
)
ALLOWANCE_SQL = "select * from public.microphone_allowance()"
PROGRESS_SQL = (
    "select language_code, speaking_level, fluency_score, total_study_time_minutes,"
    " consecutive_days, last_study_date, weekly_goal_minutes, weekly_achieved_minutes"
    " from public.learning_progress where user_id = (select auth.uid()) order by language_code"
)
CONVERSATION_COLUMNS = (
    "id, title, scenario, target_language, script_id, started_at, ended_at, message_count, overall_score, created_at"
)
RECENT_CONVERSATIONS_SQL = (
    f"select {CONVERSATION_COLUMNS} from public.conversations"
    " where user_id = (select auth.uid()) order by created_at desc limit 5"
)
ACHIEVEMENTS_EARNED_SQL = (
    "select count(*) as n from public.achievements where user_id = (select auth.uid()) and is_earned"
)
CONVERSATIONS_SQL = (
    f"select {CONVERSATION_COLUMNS} from public.conversations"
    " where user_id = (select auth.uid()) and (%s::timestamptz is null or created_at < %s::timestamptz)"
    " order by created_at desc limit %s"
)
MESSAGES_SQL = (
    "select id, content, language, is_ai, message_type, audio_url, audio_duration_ms, translated_content,"
    " pronunciation_analysis, grammar_corrections, vocabulary_highlights, created_at"
    " from public.messages m where m.conversation_id = %s"
    # Bounding created_at lets PostgreSQL skip the months before the conversation began.
    " and m.created_at >= (select c.started_at - interval '1 day' from public.conversations c"
    " where c.id = %s and c.user_id = (select auth.uid()))"
    " order by m.created_at"
)
RECORD_USAGE_SQL = "select * from public.record_microphone_usage(%s, %s, %s)"


DictConnection = psycopg.Connection[DictRow]


class LocalPostgres:
    """A small pool of `authenticator` connections, like PostgREST's."""

    def __init__(self, conninfo: str, jwt_secret: str, max_size: int = 10, wait_seconds: float = 10.0) -> None:
        self._conninfo = conninfo
        self._jwt_secret = jwt_secret
        self._max_size = max_size
        self._wait_seconds = wait_seconds
        self._pool: ConnectionPool | None = None
        self._lock = threading.Lock()

    def _get_pool(self) -> ConnectionPool:
        with self._lock:
            if self._pool is None:
                self._pool = ConnectionPool(
                    self._conninfo,
                    min_size=1,
                    max_size=self._max_size,
                    kwargs={"row_factory": dict_row, "autocommit": False},
                    open=True,
                    timeout=self._wait_seconds,
                )
            return self._pool

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    def claims_from_token(self, access_token: str) -> dict[str, Any]:
        """Verify the JWT exactly as PostgREST would: signature, expiry, audience."""
        try:
            return jwt.decode(access_token, self._jwt_secret, algorithms=["HS256"], audience="authenticated")
        except jwt.ExpiredSignatureError as error:
            raise AuthError("session_expired") from error
        except jwt.InvalidTokenError as error:
            raise AuthError("invalid_token") from error

    @contextmanager
    def as_role(self, role: str, claims: dict[str, Any], read_only: bool = False) -> Iterator[DictConnection]:
        pool = self._get_pool()
        try:
            with pool.connection() as conn, conn.transaction():
                if read_only:
                    conn.execute("set transaction read only")
                conn.execute(
                    "select set_config('search_path', 'public, extensions', true),"
                    " set_config('role', %s, true),"
                    " set_config('request.jwt.claims', %s, true)",
                    (role, json.dumps(claims)),
                )
                # The pool hands out dict_row connections (see _get_pool).
                yield cast(DictConnection, conn)
        except psycopg.OperationalError as error:
            log.warning("database unavailable (%s): %s", role, error)
            raise DataError("database_unavailable", str(error)) from error

    @contextmanager
    def as_learner(self, access_token: str, read_only: bool = False) -> Iterator[DictConnection]:
        claims = self.claims_from_token(access_token)
        if claims.get("role") != "authenticated":
            raise AuthError("invalid_token")
        with self.as_role("authenticated", claims, read_only=read_only) as conn:
            yield conn

    @contextmanager
    def as_service(self) -> Iterator[DictConnection]:
        with self.as_role("service_role", {"role": "service_role"}) as conn:
            yield conn


class LocalLearnerData:
    def __init__(self, db: LocalPostgres, access_token: str) -> None:
        self._db = db
        self._token = access_token

    def _read(self, context: str, query: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        try:
            with self._db.as_learner(self._token, read_only=True) as conn:
                return conn.execute(query, params).fetchall()
        except psycopg.Error as error:
            raise as_data_error(error, context) from error

    def profile(self) -> Profile | None:
        found = self._read("profile", PROFILE_SQL)
        return rows.profile(found[0]) if found else None

    def complete_onboarding(self, answers: OnboardingAnswers) -> None:
        targets = [{"language": t.language, "level": t.level} for t in answers.targets]
        try:
            with self._db.as_learner(self._token) as conn:
                conn.execute(
                    "select public.complete_onboarding(%s, %s, %s, %s, %s, %s)",
                    (
                        answers.full_name,
                        answers.native_language,
                        Jsonb(targets),
                        answers.timezone,
                        answers.learning_style,
                        answers.daily_target_minutes,
                    ),
                )
        except psycopg.Error as error:
            raise as_data_error(error, "complete_onboarding") from error

    def language_settings(self) -> tuple[LanguageSetting, ...]:
        return tuple(rows.language_setting(row) for row in self._read("language_settings", LANGUAGE_SETTINGS_SQL))

    def subscription(self) -> Subscription | None:
        found = self._read("subscription", SUBSCRIPTION_SQL)
        return rows.subscription(found[0]) if found else None

    def home_dashboard(self) -> HomeDashboard:
        try:
            with self._db.as_learner(self._token, read_only=True) as conn:
                allowance = conn.execute(ALLOWANCE_SQL).fetchone()
                progress = conn.execute(PROGRESS_SQL).fetchall()
                recent = conn.execute(RECENT_CONVERSATIONS_SQL).fetchall()
                earned = conn.execute(ACHIEVEMENTS_EARNED_SQL).fetchone()
        except psycopg.Error as error:
            raise as_data_error(error, "home_dashboard") from error
        return HomeDashboard(
            allowance=rows.allowance(allowance) if allowance else None,
            progress=tuple(rows.language_progress(row) for row in progress),
            recent_conversations=tuple(rows.conversation_summary(row) for row in recent),
            achievements_earned=int(earned["n"]) if earned else 0,
        )

    def conversations(self, limit: int = 20, before: datetime | None = None) -> tuple[ConversationSummary, ...]:
        found = self._read("conversations", CONVERSATIONS_SQL, (before, before, max(1, min(limit, 100))))
        return tuple(rows.conversation_summary(row) for row in found)

    def conversation_messages(self, conversation_id: str) -> list[dict[str, Any]]:
        return self._read("conversation_messages", MESSAGES_SQL, (conversation_id, conversation_id))

    def microphone_allowance(self) -> Allowance | None:
        found = self._read("microphone_allowance", ALLOWANCE_SQL)
        return rows.allowance(found[0]) if found else None

    def record_microphone_usage(self, seconds: int, language: str, feature: str = "conversation") -> MeteredUsage:
        try:
            with self._db.as_learner(self._token) as conn:
                row = conn.execute(RECORD_USAGE_SQL, (seconds, language, feature)).fetchone()
        except psycopg.Error as error:
            raise as_data_error(error, "record_microphone_usage") from error
        assert row is not None  # the function returns one row or raises
        return rows.metered_usage(row)


class LocalServiceData:
    def __init__(self, db: LocalPostgres) -> None:
        self._db = db

    def _run(self, context: str, query: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        try:
            with self._db.as_service() as conn:
                cursor = conn.execute(query, params)
                return cursor.fetchall() if cursor.description else []
        except psycopg.Error as error:
            raise as_data_error(error, context) from error

    def database_status(self) -> str:
        try:
            self._run("database_status", "select 1")
            return "ok"
        except DataError:
            return "unavailable"

    def set_app_metadata(self, user_id: str, app_metadata: dict[str, Any]) -> None:
        self._run(
            "set_app_metadata",
            "update auth.users set raw_app_meta_data = coalesce(raw_app_meta_data, '{}'::jsonb) || %s,"
            " updated_at = now() where id = %s",
            (Jsonb(app_metadata), user_id),
        )

    def find_user_id(self, email: str) -> str | None:
        found = self._run("find_user_id", "select id from auth.users where email = lower(%s)", (email,))
        return str(found[0]["id"]) if found else None

    def delete_user(self, user_id: str) -> None:
        self._run("delete_user", "delete from auth.users where id = %s", (user_id,))


class LocalDataGateway:
    def __init__(self, db: LocalPostgres) -> None:
        self._db = db

    def for_learner(self, access_token: str) -> LocalLearnerData:
        return LocalLearnerData(self._db, access_token)

    def service(self) -> LocalServiceData:
        return LocalServiceData(self._db)
