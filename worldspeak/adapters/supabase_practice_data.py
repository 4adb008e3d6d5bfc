"""Practice data in Supabase mode: the Data API with the learner's own token (RLS decides).

As in local mode, only the end of a conversation uses the service role, after the learner's own
read proved the conversation is theirs: scores are the server's to write. The Data API has no
multi-statement transaction, so `replace_message` is a delete then an insert (a failure between
them leaves the turn's placeholder gone; the service marks the turn failed and retry re-inserts).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
from postgrest import APIError

from worldspeak.adapters.local_practice_data import CONVERSATION_COLUMNS, MESSAGE_COLUMNS, SCORE_COLUMNS
from worldspeak.adapters.supabase_data import _subject, as_data_error
from worldspeak.adapters.supabase_project import SupabaseProject
from worldspeak.domain.errors import DataError


def _columns(listing: str) -> str:
    return ",".join(part.strip() for part in listing.split(","))


class SupabasePracticeData:
    def __init__(self, project: SupabaseProject, access_token: str) -> None:
        self._project = project
        self._rest = project.rest(access_token)
        self.user_id = _subject(access_token)

    def _run(self, context: str, query: Any) -> list[dict[str, Any]]:
        try:
            return list(query.execute().data or [])
        except (APIError, httpx.HTTPError) as error:
            raise as_data_error(error, context) from error

    def learner_setup(self) -> dict[str, Any]:
        profile = self._run(
            "practice.profile",
            self._rest.table("profiles")
            .select("id,full_name,native_language,target_languages,current_language_pair,preferences")
            .eq("id", self.user_id),
        )
        settings = self._run(
            "practice.language_settings",
            self._rest.table("language_settings")
            .select("language_code,proficiency_level,speech_rate,preferred_voice_id")
            .eq("user_id", self.user_id)
            .order("language_code"),
        )
        allowance = self._run("practice.allowance", self._rest.rpc("microphone_allowance", {}))
        return {"profile": profile[0] if profile else None, "language_settings": settings,
                "allowance": allowance[0] if allowance else None}  # fmt: skip

    def script_library(self, language: str | None = None) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"for_language": language}
        return self._run("practice.script_library", self._rest.rpc("script_library", params))

    def script(self, script_id: str) -> dict[str, Any] | None:
        rows = self._run(
            "practice.script",
            self._rest.table("conversation_scripts")
            .select(
                "id,title,description,target_language,language_pair,scenario,difficulty_level,script_segments,"
                "cultural_notes,vocabulary_focus,category,tags,specialization,is_premium"
            )
            .eq("id", script_id),
        )
        return rows[0] if rows else None

    def start_conversation(self, row: dict[str, Any]) -> dict[str, Any]:
        rows = self._run(
            "practice.start_conversation", self._rest.table("conversations").insert({**row, "user_id": self.user_id})
        )
        return rows[0]

    def conversation(self, conversation_id: str) -> dict[str, Any] | None:
        rows = self._run(
            "practice.conversation",
            self._rest.table("conversations")
            .select(_columns(CONVERSATION_COLUMNS))
            .eq("id", conversation_id)
            .eq("user_id", self.user_id),
        )
        return rows[0] if rows else None

    def unfinished_conversations(self, limit: int = 5) -> list[dict[str, Any]]:
        return self._run(
            "practice.unfinished",
            self._rest.table("conversations")
            .select(_columns(CONVERSATION_COLUMNS))
            .eq("user_id", self.user_id)
            .is_("ended_at", "null")
            .order("updated_at", desc=True)
            .limit(max(1, min(limit, 50))),
        )

    def messages(self, conversation_id: str) -> list[dict[str, Any]]:
        return self._run(
            "practice.messages",
            self._rest.table("messages")
            .select(_columns(MESSAGE_COLUMNS))
            .eq("conversation_id", conversation_id)
            .eq("user_id", self.user_id)
            .order("created_at")
            .order("is_ai"),
        )

    def add_message(self, row: dict[str, Any]) -> dict[str, Any]:
        clean = {k: v for k, v in row.items() if k != "created_at" and v is not None}
        return self._run(
            "practice.add_message", self._rest.table("messages").insert({**clean, "user_id": self.user_id})
        )[0]

    def replace_message(self, message_id: str, created_at: Any, row: dict[str, Any]) -> dict[str, Any]:
        self.delete_message(message_id, created_at)
        return self.add_message({**row, "id": message_id})

    def delete_message(self, message_id: str, created_at: Any) -> None:
        self._run(
            "practice.delete_message",
            self._rest.table("messages").delete().eq("id", message_id).eq("created_at", _iso(created_at)),
        )

    def update_message(self, message_id: str, created_at: Any, fields: dict[str, Any]) -> None:
        allowed = {"translated_content", "pronunciation_analysis", "grammar_corrections", "vocabulary_highlights",
                   "metadata"}  # fmt: skip
        values = {k: v for k, v in fields.items() if k in allowed}
        if values:
            self._run(
                "practice.update_message",
                self._rest.table("messages").update(values).eq("id", message_id).eq("created_at", _iso(created_at)),
            )

    def record_microphone_usage(self, seconds: int, language: str, feature: str = "conversation") -> dict[str, Any]:
        usage: dict[str, Any] = {"recorded_seconds": seconds, "language_code": language, "feature": feature}
        rows = self._run(
            "practice.record_microphone_usage",
            self._rest.rpc("record_microphone_usage", usage),
        )
        return rows[0] if rows else {}

    def earned_achievements(self) -> list[dict[str, Any]]:
        rows = self._run(
            "practice.achievements",
            self._rest.table("achievements")
            .select("achievement_code,earned_at,achievement_catalog(name,description,icon,display_order)")
            .eq("user_id", self.user_id)
            .eq("is_earned", True),
        )
        found = []
        for row in rows:
            catalog = row.get("achievement_catalog") or {}
            found.append({"code": row["achievement_code"], "name": catalog.get("name"),
                          "description": catalog.get("description"), "icon": catalog.get("icon"),
                          "earned_at": row.get("earned_at"), "order": catalog.get("display_order") or 0})  # fmt: skip
        return sorted(found, key=lambda item: item["order"])

    def end_conversation(
        self, conversation_id: str, scores: dict[str, Any], ended_at: datetime | None = None
    ) -> dict[str, Any]:
        mine = self.conversation(conversation_id)  # as the learner: RLS proves it is theirs
        if mine is None:
            raise DataError("conversation_not_found", conversation_id)
        if mine.get("ended_at"):
            raise DataError("conversation_ended", conversation_id)
        service = self._project.rest(self._project.service_role_key, api_key=self._project.service_role_key)
        values = {column: scores.get(column) for column in SCORE_COLUMNS}
        values["metadata"] = {**(mine.get("metadata") or {}), **(scores.get("metadata") or {})}
        now = datetime.now(UTC)
        started = _as_datetime(mine.get("started_at")) or now
        values["ended_at"] = min(now, max(started, ended_at or now)).isoformat()
        rows = self._run(
            "practice.end",
            service.table("conversations")
            .update(values)
            .eq("id", conversation_id)
            .eq("user_id", self.user_id)
            .is_("ended_at", "null"),
        )
        if not rows:
            raise DataError("conversation_ended", conversation_id)
        return self.conversation(conversation_id) or rows[0]


def _as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


class SupabasePracticeGateway:
    def __init__(self, project: SupabaseProject) -> None:
        self._project = project

    def for_learner(self, access_token: str) -> SupabasePracticeData:
        return SupabasePracticeData(self._project, access_token)
