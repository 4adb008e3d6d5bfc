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
from typing import Any

import jwt
import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool

from worldspeak.ports import AuthError, DataError, OnboardingAnswers

# SQLSTATEs our migrations raise on purpose, mapped to the codes the UI translates.
KNOWN_SQLSTATES = {
    "WSLIM": "monthly_limit_reached",
    "WSPER": "subscription_inactive",
    "22023": "invalid_value",
    "23514": "invalid_value",
    "23505": "already_exists",
    "42501": "not_allowed",
}


def as_data_error(error: psycopg.Error) -> DataError:
    code = KNOWN_SQLSTATES.get(error.sqlstate or "", "database_error")
    return DataError(code, error.diag.message_primary or str(error))


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
    def as_role(self, role: str, claims: dict[str, Any], read_only: bool = False) -> Iterator[psycopg.Connection]:
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
                yield conn
        except psycopg.OperationalError as error:
            raise DataError("database_unavailable", str(error)) from error

    @contextmanager
    def as_learner(self, access_token: str, read_only: bool = False) -> Iterator[psycopg.Connection]:
        claims = self.claims_from_token(access_token)
        if claims.get("role") != "authenticated":
            raise AuthError("invalid_token")
        with self.as_role("authenticated", claims, read_only=read_only) as conn:
            yield conn

    @contextmanager
    def as_service(self) -> Iterator[psycopg.Connection]:
        with self.as_role("service_role", {"role": "service_role"}) as conn:
            yield conn


class LocalLearnerData:
    def __init__(self, db: LocalPostgres, access_token: str) -> None:
        self._db = db
        self._token = access_token

    def _read(self, query: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        try:
            with self._db.as_learner(self._token, read_only=True) as conn:
                return conn.execute(query, params).fetchall()
        except psycopg.Error as error:
            raise as_data_error(error) from error

    def profile(self) -> dict[str, Any] | None:
        rows = self._read("select * from public.profiles where id = (select auth.uid())")
        return rows[0] if rows else None

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
            raise as_data_error(error) from error

    def language_settings(self) -> list[dict[str, Any]]:
        return self._read("select * from public.language_settings order by language_code")

    def subscription(self) -> dict[str, Any] | None:
        rows = self._read("select * from public.subscriptions where user_id = (select auth.uid())")
        return rows[0] if rows else None

    def home_dashboard(self) -> dict[str, Any]:
        try:
            with self._db.as_learner(self._token, read_only=True) as conn:
                return {
                    "allowance": conn.execute("select * from public.microphone_allowance()").fetchone(),
                    "progress": conn.execute(
                        "select language_code, speaking_level, fluency_score, total_study_time_minutes,"
                        " consecutive_days, last_study_date, weekly_goal_minutes, weekly_achieved_minutes"
                        " from public.learning_progress where user_id = (select auth.uid()) order by language_code"
                    ).fetchall(),
                    "recent_conversations": conn.execute(
                        "select id, title, scenario, target_language, started_at, ended_at, overall_score"
                        " from public.conversations where user_id = (select auth.uid())"
                        " order by created_at desc limit 5"
                    ).fetchall(),
                    "achievements_earned": conn.execute(
                        "select count(*) as n from public.achievements"
                        " where user_id = (select auth.uid()) and is_earned"
                    ).fetchone()["n"],
                }
        except psycopg.Error as error:
            raise as_data_error(error) from error

    def conversations(self, limit: int = 20, before: str | None = None) -> list[dict[str, Any]]:
        return self._read(
            "select id, title, scenario, target_language, script_id, started_at, ended_at, message_count,"
            " overall_score, created_at from public.conversations"
            " where user_id = (select auth.uid()) and (%s::timestamptz is null or created_at < %s::timestamptz)"
            " order by created_at desc limit %s",
            (before, before, max(1, min(limit, 100))),
        )

    def conversation_messages(self, conversation_id: str) -> list[dict[str, Any]]:
        return self._read(
            "select id, content, language, is_ai, message_type, audio_url, audio_duration_ms, translated_content,"
            " pronunciation_analysis, grammar_corrections, vocabulary_highlights, created_at"
            " from public.messages m where m.conversation_id = %s"
            # Bounding created_at lets PostgreSQL skip the months before the conversation began.
            " and m.created_at >= (select c.started_at - interval '1 day' from public.conversations c where c.id = %s)"
            " order by m.created_at",
            (conversation_id, conversation_id),
        )

    def microphone_allowance(self) -> dict[str, Any] | None:
        rows = self._read("select * from public.microphone_allowance()")
        return rows[0] if rows else None

    def record_microphone_usage(self, seconds: int, language: str, feature: str = "conversation") -> dict[str, Any]:
        try:
            with self._db.as_learner(self._token) as conn:
                return conn.execute(
                    "select * from public.record_microphone_usage(%s, %s, %s)", (seconds, language, feature)
                ).fetchone()
        except psycopg.Error as error:
            raise as_data_error(error) from error


class LocalServiceData:
    def __init__(self, db: LocalPostgres) -> None:
        self._db = db

    def database_status(self) -> str:
        try:
            with self._db.as_service() as conn:
                conn.execute("select 1")
            return "ok"
        except DataError:
            return "unavailable"

    def set_app_metadata(self, user_id: str, app_metadata: dict[str, Any]) -> None:
        with self._db.as_service() as conn:
            conn.execute(
                "update auth.users set raw_app_meta_data = coalesce(raw_app_meta_data, '{}'::jsonb) || %s,"
                " updated_at = now() where id = %s",
                (Jsonb(app_metadata), user_id),
            )

    def find_user_id(self, email: str) -> str | None:
        with self._db.as_service() as conn:
            row = conn.execute("select id from auth.users where email = lower(%s)", (email,)).fetchone()
        return str(row["id"]) if row else None

    def delete_user(self, user_id: str) -> None:
        with self._db.as_service() as conn:
            conn.execute("delete from auth.users where id = %s", (user_id,))


class LocalDataGateway:
    def __init__(self, db: LocalPostgres) -> None:
        self._db = db

    def for_learner(self, access_token: str) -> LocalLearnerData:
        return LocalLearnerData(self._db, access_token)

    def service(self) -> LocalServiceData:
        return LocalServiceData(self._db)
