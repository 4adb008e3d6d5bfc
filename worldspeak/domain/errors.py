"""The errors a learner (or an admin) can act on, and the one list of their codes.

Each code keys a UI message `err_<code>` in every locale; a unit test reads every code raised or
mapped anywhere in `worldspeak/` and fails when one is missing here or has no message.
"""

from __future__ import annotations


class WorldSpeakError(Exception):
    """A problem with a stable `code` the UI translates, and a `detail` for the log."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code
        self.detail = detail


class AuthError(WorldSpeakError):
    """A sign-in or session problem."""


class DataError(WorldSpeakError):
    """A data operation refused or failed (bad value, limit reached, database down)."""


class InputError(WorldSpeakError):
    """What the learner sent cannot be used (not audio, silent, too long, empty text ...)."""


class ProviderError(WorldSpeakError):
    """An external service (speech, tutor, billing, storage) failed or timed out."""


ERROR_CODES: frozenset[str] = frozenset(
    {
        # accounts and sessions
        "invalid_email",
        "password_too_short",
        "password_too_long",
        "email_taken",
        "invalid_credentials",
        "email_confirmation_required",
        "account_disabled",
        "session_expired",
        "session_revoked",
        "invalid_token",
        "provider_unavailable",
        "too_many_attempts",
        # data
        "database_unavailable",
        "database_error",
        "monthly_limit_reached",
        "subscription_inactive",
        "invalid_value",
        "already_exists",
        "not_allowed",
        "not_found",
        # audio and speech
        "not_audio",
        "audio_empty",
        "audio_silent",
        "audio_too_long",
        "audio_too_large",
        "language_unsupported",
        "speech_unavailable",
        # conversation practice
        "tutor_unavailable",
        "storage_unavailable",
        "text_empty",
        "text_too_long",
        "conversation_not_found",
        "conversation_ended",
        # billing
        "billing_unavailable",
        # operations (backup and restore)
        "backup_failed",
        "backup_invalid",
        "backup_mismatch",
        "database_not_empty",
    }
)
