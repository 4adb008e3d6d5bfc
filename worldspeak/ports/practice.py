"""Conversation practice data: conversations, their messages, the script library and the end of a conversation.

One learner's view (their token, RLS decides), in both modes. Rows are plain dicts with the
columns' names; `services.practice` turns them into value types.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol


class PracticeData(Protocol):
    user_id: str  # from the verified token

    def learner_setup(self) -> dict[str, Any]:
        """{"profile": {...} | None, "language_settings": [...], "allowance": {...} | None}."""
        ...

    def script_library(self, language: str | None = None) -> list[dict[str, Any]]:
        """Every script's card (no segments), premium ones included, each with `locked` for this learner."""
        ...

    def script(self, script_id: str) -> dict[str, Any] | None:
        """The full script if this learner may read it (premium needs a paid plan), else None."""
        ...

    def start_conversation(self, row: dict[str, Any]) -> dict[str, Any]: ...

    def conversation(self, conversation_id: str) -> dict[str, Any] | None:
        """The learner's own conversation, or None (another learner's looks exactly like a missing one)."""
        ...

    def unfinished_conversations(self, limit: int = 5) -> list[dict[str, Any]]: ...

    def messages(self, conversation_id: str) -> list[dict[str, Any]]: ...

    def add_message(self, row: dict[str, Any]) -> dict[str, Any]:
        """Insert (RLS: own, unfinished conversation); returns the row with id and created_at."""
        ...

    def replace_message(self, message_id: str, created_at: Any, row: dict[str, Any]) -> dict[str, Any]:
        """Swap a message for a new version with the same id, created now (its text is not updatable in place)."""
        ...

    def delete_message(self, message_id: str, created_at: Any) -> None:
        """Remove a turn that was never taken (a recording the metering refused)."""
        ...

    def update_message(self, message_id: str, created_at: Any, fields: dict[str, Any]) -> None: ...

    def record_microphone_usage(self, seconds: int, language: str, feature: str = "conversation") -> dict[str, Any]:
        """The existing atomic metering; DataError('monthly_limit_reached') when it does not fit."""
        ...

    def earned_achievements(self) -> list[dict[str, Any]]:
        """[{code, name, description, earned_at}] for this learner's earned achievements."""
        ...

    def end_conversation(
        self, conversation_id: str, scores: dict[str, Any], ended_at: datetime | None = None
    ) -> dict[str, Any]:
        """Write the server's scores and end it once; returns the ended row. DataError('conversation_ended').

        `ended_at` (an idle conversation ends at its last activity) is kept between its start and now;
        None is now."""
        ...
