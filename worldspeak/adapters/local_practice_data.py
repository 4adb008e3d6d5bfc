"""Practice data in local mode: the local cluster, each query run as the learner (RLS decides).

Only two steps use the service role, both after the learner's own read has proven the
conversation is theirs: writing the server's scores when a conversation ends (learners may not
write scores: achievements are granted from them), in the same statement that ends it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from worldspeak.adapters.errors import data_error
from worldspeak.adapters.local_data import DictConnection, LocalPostgres
from worldspeak.domain.errors import DataError

MESSAGE_COLUMNS = (
    "id, conversation_id, content, language, translated_content, is_ai, message_type, audio_url,"
    " audio_duration_ms, pronunciation_analysis, grammar_corrections, vocabulary_highlights, created_at, metadata"
)
CONVERSATION_COLUMNS = (
    "id, user_id, title, language_pair, target_language, scenario, specialization, difficulty_level, script_id,"
    " script_enabled, script_adherence_score, started_at, ended_at, duration_seconds, actual_speaking_time,"
    " message_count, user_message_count, ai_message_count, words_spoken, unique_words_used, fluency_score,"
    " accuracy_score, pronunciation_score, overall_score, created_at, updated_at, metadata"
)
JSON_COLUMNS = {
    "language_pair",
    "metadata",
    "translated_content",
    "pronunciation_analysis",
    "grammar_corrections",
    "vocabulary_highlights",
}
MESSAGE_INSERT_COLUMNS = (
    "id",
    "conversation_id",
    "user_id",
    "content",
    "language",
    "translated_content",
    "is_ai",
    "message_type",
    "audio_url",
    "audio_duration_ms",
    "pronunciation_analysis",
    "grammar_corrections",
    "vocabulary_highlights",
    "metadata",
)
MESSAGE_UPDATE_COLUMNS = {
    "translated_content",
    "pronunciation_analysis",
    "grammar_corrections",
    "vocabulary_highlights",
    "metadata",
}
SCORE_COLUMNS = (
    "fluency_score",
    "accuracy_score",
    "pronunciation_score",
    "overall_score",
    "script_adherence_score",
)


def _one(row: dict[str, Any] | None, what: str) -> dict[str, Any]:
    if row is None:  # an INSERT ... RETURNING or a set-returning function gave nothing back
        raise DataError("database_error", f"no {what} row returned")
    return row


def _value(column: str, value: Any) -> Any:
    return Jsonb(value) if column in JSON_COLUMNS and value is not None else value


class LocalPracticeData:
    def __init__(self, db: LocalPostgres, access_token: str) -> None:
        self._db = db
        self._token = access_token
        self.user_id = str(db.claims_from_token(access_token)["sub"])

    @contextmanager
    def _learner(self, context: str, read_only: bool = False) -> Iterator[DictConnection]:
        try:
            with self._db.as_learner(self._token, read_only=read_only) as conn:
                yield conn
        except psycopg.Error as error:
            raise data_error(error.sqlstate, error.diag.message_primary or str(error), context) from error

    def learner_setup(self) -> dict[str, Any]:
        with self._learner("practice.learner_setup", read_only=True) as conn:
            return {
                "profile": conn.execute(
                    "select id, full_name, native_language, target_languages, current_language_pair, preferences"
                    " from public.profiles where id = (select auth.uid())"
                ).fetchone(),
                "language_settings": conn.execute(
                    "select language_code, proficiency_level, speech_rate, preferred_voice_id"
                    " from public.language_settings where user_id = (select auth.uid()) order by language_code"
                ).fetchall(),
                "allowance": conn.execute("select * from public.microphone_allowance()").fetchone(),
            }

    def script_library(self, language: str | None = None) -> list[dict[str, Any]]:
        with self._learner("practice.script_library", read_only=True) as conn:
            return conn.execute("select * from public.script_library(%s)", (language,)).fetchall()

    def script(self, script_id: str) -> dict[str, Any] | None:
        with self._learner("practice.script", read_only=True) as conn:
            return conn.execute(
                "select id, title, description, target_language, language_pair, scenario, difficulty_level,"
                " script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium"
                " from public.conversation_scripts where id = %s",
                (script_id,),
            ).fetchone()

    def start_conversation(self, row: dict[str, Any]) -> dict[str, Any]:
        columns = [c for c in row if c != "user_id"]
        with self._learner("practice.start_conversation") as conn:
            created = conn.execute(
                f"insert into public.conversations (user_id, {', '.join(columns)})"
                f" values ((select auth.uid()), {', '.join(['%s'] * len(columns))})"
                f" returning {CONVERSATION_COLUMNS}",
                tuple(_value(c, row[c]) for c in columns),
            ).fetchone()
            return _one(created, "conversation")

    def conversation(self, conversation_id: str) -> dict[str, Any] | None:
        with self._learner("practice.conversation", read_only=True) as conn:
            return conn.execute(
                f"select {CONVERSATION_COLUMNS} from public.conversations"
                " where id = %s and user_id = (select auth.uid())",
                (conversation_id,),
            ).fetchone()

    def unfinished_conversations(self, limit: int = 5) -> list[dict[str, Any]]:
        with self._learner("practice.unfinished_conversations", read_only=True) as conn:
            return conn.execute(
                f"select {CONVERSATION_COLUMNS} from public.conversations"
                " where user_id = (select auth.uid()) and ended_at is null"
                " order by updated_at desc limit %s",
                (max(1, min(limit, 50)),),
            ).fetchall()

    def messages(self, conversation_id: str) -> list[dict[str, Any]]:
        with self._learner("practice.messages", read_only=True) as conn:
            return conn.execute(
                f"select {MESSAGE_COLUMNS} from public.messages m"
                " where m.conversation_id = %s and m.user_id = (select auth.uid())"
                # Bounding created_at lets PostgreSQL skip the months before the conversation began.
                " and m.created_at >= (select c.started_at - interval '1 day' from public.conversations c"
                " where c.id = %s)"
                " order by m.created_at, m.is_ai",
                (conversation_id, conversation_id),
            ).fetchall()

    def _insert_message(self, conn: DictConnection, row: dict[str, Any]) -> dict[str, Any]:
        columns = [c for c in MESSAGE_INSERT_COLUMNS if c in row and c != "user_id"]
        inserted = conn.execute(
            f"insert into public.messages (user_id, {', '.join(columns)})"
            f" values ((select auth.uid()), {', '.join(['%s'] * len(columns))})"
            f" returning {MESSAGE_COLUMNS}",
            tuple(_value(c, row[c]) for c in columns),
        ).fetchone()
        return _one(inserted, "message")

    def add_message(self, row: dict[str, Any]) -> dict[str, Any]:
        with self._learner("practice.add_message") as conn:
            return self._insert_message(conn, row)

    def replace_message(self, message_id: str, created_at: Any, row: dict[str, Any]) -> dict[str, Any]:
        # Learners may not update a message's text in place (the counters follow inserts and
        # deletes), nor choose its time: swap the row in one transaction, keeping its id.
        with self._learner("practice.replace_message") as conn:
            gone = conn.execute(
                "delete from public.messages where id = %s and created_at = %s returning id", (message_id, created_at)
            ).fetchone()
            if gone is None:
                raise DataError("not_found", f"message {message_id}")
            fresh = {k: v for k, v in row.items() if k != "created_at"}
            return self._insert_message(conn, {**fresh, "id": message_id})

    def delete_message(self, message_id: str, created_at: Any) -> None:
        with self._learner("practice.delete_message") as conn:
            conn.execute("delete from public.messages where id = %s and created_at = %s", (message_id, created_at))

    def update_message(self, message_id: str, created_at: Any, fields: dict[str, Any]) -> None:
        columns = [c for c in fields if c in MESSAGE_UPDATE_COLUMNS]
        if not columns:
            return
        with self._learner("practice.update_message") as conn:
            conn.execute(
                f"update public.messages set {', '.join(f'{c} = %s' for c in columns)}"
                " where id = %s and created_at = %s",
                (*(_value(c, fields[c]) for c in columns), message_id, created_at),
            )

    def record_microphone_usage(self, seconds: int, language: str, feature: str = "conversation") -> dict[str, Any]:
        with self._learner("practice.record_microphone_usage") as conn:
            charged = conn.execute(
                "select * from public.record_microphone_usage(%s, %s, %s)", (seconds, language, feature)
            ).fetchone()
        return _one(charged, "usage")

    def earned_achievements(self) -> list[dict[str, Any]]:
        with self._learner("practice.earned_achievements", read_only=True) as conn:
            return conn.execute(
                "select a.achievement_code as code, c.name, c.description, c.icon, a.earned_at"
                " from public.achievements a join public.achievement_catalog c on c.code = a.achievement_code"
                " where a.user_id = (select auth.uid()) and a.is_earned order by c.display_order"
            ).fetchall()

    def end_conversation(
        self, conversation_id: str, scores: dict[str, Any], ended_at: datetime | None = None
    ) -> dict[str, Any]:
        if self.conversation(conversation_id) is None:  # as the learner: RLS proves it is theirs
            raise DataError("conversation_not_found", conversation_id)
        values = {c: scores.get(c) for c in SCORE_COLUMNS}
        try:
            with self._db.as_service() as conn:
                row = conn.execute(
                    f"update public.conversations set {', '.join(f'{c} = %s' for c in SCORE_COLUMNS)},"
                    " metadata = metadata || %s, ended_at = least(now(), greatest(started_at, coalesce(%s, now())))"
                    " where id = %s and user_id = %s and ended_at is null"
                    f" returning {CONVERSATION_COLUMNS}",
                    (
                        *(values[c] for c in SCORE_COLUMNS),
                        Jsonb(scores.get("metadata") or {}),
                        ended_at,
                        conversation_id,
                        self.user_id,
                    ),
                ).fetchone()
        except psycopg.Error as error:
            raise data_error(error.sqlstate, error.diag.message_primary or str(error), "practice.end") from error
        if row is None:
            raise DataError("conversation_ended", conversation_id)
        return row


class LocalPracticeGateway:
    def __init__(self, db: LocalPostgres) -> None:
        self._db = db

    def for_learner(self, access_token: str) -> LocalPracticeData:
        return LocalPracticeData(self._db, access_token)
