"""Admin console adapter for local mode: psycopg as the admin's own token (RLS and the admin checks decide)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from worldspeak.adapters.errors import data_error
from worldspeak.adapters.local_data import LocalPostgres
from worldspeak.domain.errors import DataError

# The script columns an admin writes; JSON ones are wrapped for psycopg.
SCRIPT_COLUMNS = (
    "title",
    "description",
    "language_pair",
    "scenario",
    "difficulty_level",
    "estimated_duration_minutes",
    "script_segments",
    "cultural_notes",
    "vocabulary_focus",
    "category",
    "tags",
    "specialization",
    "is_premium",
)
JSON_COLUMNS = {"language_pair", "script_segments", "cultural_notes", "vocabulary_focus"}
LEARNER_COLUMNS = (
    "user_id, email, full_name, plan_type, period_seconds_used, total_conversations, finished_conversations,"
    " total_minutes, active_days, last_conversation_at, last_active_at, joined_at"
)


def _refused(error: psycopg.Error) -> DataError:
    return data_error(error.sqlstate, error.diag.message_primary or str(error), "admin console")


def _value(column: str, value: Any) -> Any:
    return Jsonb(value) if column in JSON_COLUMNS and value is not None else value


class LocalAdminData:
    def __init__(self, db: LocalPostgres, access_token: str) -> None:
        self._db = db
        self._token = access_token

    def _rows(self, query: str, params: tuple[Any, ...] = (), read_only: bool = True) -> list[dict[str, Any]]:
        try:
            with self._db.as_learner(self._token, read_only=read_only) as conn:
                return conn.execute(query, params).fetchall()
        except psycopg.Error as error:
            raise _refused(error) from error

    def _write(self, query: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
        """A script change: refused outright (not_allowed) for anyone but an admin, before RLS filters."""
        try:
            with self._db.as_learner(self._token) as conn:
                conn.execute("select private.require_admin()")
                return conn.execute(query, params).fetchall()
        except psycopg.Error as error:
            raise _refused(error) from error

    def dashboard(self) -> dict[str, Any]:
        return self._rows("select public.admin_dashboard() as data")[0]["data"] or {}

    def refresh_statistics(self) -> datetime:
        return self._rows("select public.admin_refresh_statistics() as at", read_only=False)[0]["at"]

    def learners(
        self, search: str | None, sort_by: str, descending: bool, page_size: int, page_offset: int
    ) -> list[dict[str, Any]]:
        return self._rows(
            f"select {LEARNER_COLUMNS} from public.admin_learners(%s, %s, %s, %s, %s)",
            (search or None, sort_by, descending, page_size, page_offset),
        )

    def learners_count(self, search: str | None) -> int:
        return self._rows("select public.admin_user_statistics_count(%s) as n", (search or None,))[0]["n"]

    def learners_csv(self, search: str | None, sort_by: str, descending: bool) -> Iterator[str]:
        # PostgreSQL writes the CSV itself (COPY ... TO STDOUT) and it streams in blocks: no row is
        # turned into Python objects, and memory stays flat whatever the number of learners.
        try:
            with self._db.as_learner(self._token, read_only=True) as conn:
                # COPY sends its header before the function runs: refuse before any byte goes out.
                conn.execute("select private.require_admin()")
                with (
                    conn.cursor() as cursor,
                    cursor.copy(
                        "copy (select * from public.admin_learners_export(%s, %s, %s))"
                        " to stdout with (format csv, header)",
                        (search or None, sort_by, descending),
                    ) as copy,
                ):
                    for block in copy:
                        yield bytes(block).decode("utf-8")
        except psycopg.Error as error:
            raise _refused(error) from error

    def audit_log(
        self,
        table: str | None,
        action: str | None,
        actor: str | None,
        since: datetime | None,
        until: datetime | None,
        page_size: int,
        page_offset: int,
    ) -> list[dict[str, Any]]:
        return self._rows(
            "select * from public.admin_audit_log(%s, %s, %s, %s, %s, %s, %s)",
            (table or None, action or None, actor or None, since, until, page_size, page_offset),
        )

    def scripts(self) -> list[dict[str, Any]]:
        return self._rows(
            "select id, title, target_language, category, difficulty_level, is_premium, usage_count, retired_at,"
            " updated_at from public.conversation_scripts order by retired_at nulls first, updated_at desc"
        )

    def script(self, script_id: str) -> dict[str, Any] | None:
        rows = self._rows("select * from public.conversation_scripts where id = %s", (script_id,))
        return rows[0] if rows else None

    def create_script(self, fields: dict[str, Any]) -> str:
        columns = [column for column in SCRIPT_COLUMNS if column in fields]
        placeholders = ", ".join(["%s"] * len(columns))
        rows = self._write(
            f"insert into public.conversation_scripts ({', '.join(columns)}, created_by)"
            f" values ({placeholders}, (select auth.uid())) returning id",
            tuple(_value(column, fields[column]) for column in columns),
        )
        return str(rows[0]["id"])

    def update_script(self, script_id: str, fields: dict[str, Any]) -> None:
        columns = [column for column in SCRIPT_COLUMNS if column in fields]
        assignments = ", ".join(f"{column} = %s" for column in columns)
        rows = self._write(
            f"update public.conversation_scripts set {assignments} where id = %s returning id",
            (*(_value(column, fields[column]) for column in columns), script_id),
        )
        if not rows:
            raise DataError("not_found", "no such script, or not visible to this account")

    def retire_script(self, script_id: str) -> None:
        rows = self._write(
            "update public.conversation_scripts set retired_at = coalesce(retired_at, now()) where id = %s"
            " returning id",
            (script_id,),
        )
        if not rows:
            raise DataError("not_found", "no such script, or not visible to this account")

    def health(self) -> dict[str, Any]:
        return self._rows("select public.admin_health() as data")[0]["data"] or {}


class LocalAdminAccounts:
    def __init__(self, db: LocalPostgres) -> None:
        self._db = db

    def find_account(self, email: str) -> dict[str, Any] | None:
        with self._db.as_service() as conn:
            row = conn.execute(
                "select id, email, raw_app_meta_data ->> 'role' as role from auth.users"
                " where email = lower(%s) and deleted_at is null",
                (email.strip(),),
            ).fetchone()
        return None if row is None else {"id": str(row["id"]), "email": row["email"], "role": row["role"]}

    def set_admin(self, user_id: str, admin: bool) -> None:
        # The role-change trigger writes the audit row (actor: the service role).
        with self._db.as_service() as conn:
            conn.execute(
                "update auth.users set raw_app_meta_data = case when %s"
                " then coalesce(raw_app_meta_data, '{}'::jsonb) || '{\"role\": \"admin\"}'::jsonb"
                " else coalesce(raw_app_meta_data, '{}'::jsonb) - 'role' end, updated_at = now() where id = %s",
                (admin, user_id),
            )


class LocalAdminGateway:
    def __init__(self, db: LocalPostgres) -> None:
        self._db = db

    def for_admin(self, access_token: str) -> LocalAdminData:
        return LocalAdminData(self._db, access_token)

    def accounts(self) -> LocalAdminAccounts:
        return LocalAdminAccounts(self._db)
