"""The small interfaces the app talks to. Adapters implement them per mode.

Nothing here knows about SQL, HTTP or Reflex; `worldspeak.providers` picks the adapters from
configuration. Auth and data live here; each further external service has a module of its own
in this package (`ports.speech`, ...). The value types and errors the ports speak are plain
domain types (`worldspeak.domain`), re-exported here for the adapters' convenience.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from worldspeak.domain.accounts import AuthSession
from worldspeak.domain.errors import AuthError, DataError, InputError, ProviderError
from worldspeak.domain.learner import (
    ConversationSummary,
    HomeDashboard,
    LanguageSetting,
    MeteredUsage,
    Profile,
    Subscription,
)
from worldspeak.domain.onboarding import OnboardingAnswers, TargetLanguage
from worldspeak.domain.plans import Allowance

__all__ = [
    "AuthError",
    "AuthProvider",
    "AuthSession",
    "DataError",
    "DataGateway",
    "InputError",
    "LearnerData",
    "OnboardingAnswers",
    "ProviderError",
    "ServiceData",
    "TargetLanguage",
]


class AuthProvider(Protocol):
    def sign_up(self, email: str, password: str, full_name: str = "") -> AuthSession: ...

    def sign_in(self, email: str, password: str) -> AuthSession: ...

    def refresh(self, refresh_token: str) -> AuthSession: ...

    def sign_out(self, access_token: str) -> None: ...

    def verify(self, access_token: str) -> dict[str, Any]:
        """The token's claims if it is genuine, unexpired and not revoked; else AuthError."""
        ...


class LearnerData(Protocol):
    """Everything the app reads or writes as one signed-in learner.

    RLS is the guard; every read also filters on the learner's own id, because an admin's RLS
    lets them read everyone's rows and "my languages" must still mean theirs.
    """

    def profile(self) -> Profile | None: ...

    def complete_onboarding(self, answers: OnboardingAnswers) -> None: ...

    def language_settings(self) -> tuple[LanguageSetting, ...]: ...

    def subscription(self) -> Subscription | None: ...

    def home_dashboard(self) -> HomeDashboard:
        """Plan and allowance, per-language progress, recent conversations and earned achievements."""
        ...

    def conversations(self, limit: int = 20, before: datetime | None = None) -> tuple[ConversationSummary, ...]:
        """Newest first; `before` is the created_at of the last row of the previous page."""
        ...

    def conversation_messages(self, conversation_id: str) -> list[dict[str, Any]]: ...

    def microphone_allowance(self) -> Allowance | None: ...

    def record_microphone_usage(self, seconds: int, language: str, feature: str = "conversation") -> MeteredUsage:
        """Meter an accepted recording; DataError('monthly_limit_reached') when it does not fit."""
        ...


class ServiceData(Protocol):
    """The service-role path: webhooks, admin jobs and ops. Bypasses RLS."""

    def database_status(self) -> str: ...

    def set_app_metadata(self, user_id: str, app_metadata: dict[str, Any]) -> None: ...

    def find_user_id(self, email: str) -> str | None: ...

    def delete_user(self, user_id: str) -> None: ...


class DataGateway(Protocol):
    def for_learner(self, access_token: str) -> LearnerData: ...

    def service(self) -> ServiceData: ...
