"""In-memory fakes of our own ports, for fast service tests (no database, no network).

The contract suite (tests/contract) keeps the real adapters to the same behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from worldspeak.domain.accounts import AuthSession
from worldspeak.domain.errors import AuthError, DataError
from worldspeak.domain.learner import HomeDashboard, LanguageProgress, LanguageSetting, Profile
from worldspeak.domain.onboarding import OnboardingAnswers
from worldspeak.domain.plans import Allowance


def profile_for(user_id: str, onboarded: bool = True, full_name: str = "Aiko") -> Profile:
    return Profile(
        user_id=user_id,
        email=f"{user_id}@example.com",
        full_name=full_name,
        native_language="ja" if onboarded else None,
        target_languages=("en",) if onboarded else (),
        proficiency_levels={"en": "beginner"} if onboarded else {},
        timezone="Asia/Tokyo",
        learning_style="auditory" if onboarded else None,
        onboarding_completed_at=datetime(2026, 11, 1, tzinfo=UTC) if onboarded else None,
        preferences={},
    )


@dataclass
class FakeAuth:
    """Tokens are "live:<user>", "expired:<user>" or anything else (invalid)."""

    admins: set[str] = field(default_factory=set)
    revoked_refresh: set[str] = field(default_factory=set)
    refreshed: list[str] = field(default_factory=list)
    signed_out: list[str] = field(default_factory=list)
    unavailable: bool = False

    def _session(self, user_id: str) -> AuthSession:
        return AuthSession(
            f"live:{user_id}",
            f"refresh:{user_id}:{len(self.refreshed)}",
            0,
            user_id,
            f"{user_id}@example.com",
            app_metadata={"role": "admin"} if user_id in self.admins else {},
        )

    def sign_in(self, email: str, password: str) -> AuthSession:
        if password != "right":
            raise AuthError("invalid_credentials")
        return self._session(email.split("@")[0])

    def sign_up(self, email: str, password: str, full_name: str = "") -> AuthSession:
        return self._session(email.split("@")[0])

    def refresh(self, refresh_token: str) -> AuthSession:
        if refresh_token in self.revoked_refresh or not refresh_token.startswith("refresh:"):
            raise AuthError("session_revoked")
        self.refreshed.append(refresh_token)
        return self._session(refresh_token.split(":")[1])

    def sign_out(self, access_token: str) -> None:
        if self.unavailable:
            raise AuthError("provider_unavailable")
        self.signed_out.append(access_token)

    def verify(self, access_token: str) -> dict[str, Any]:
        if self.unavailable:
            raise DataError("database_unavailable")
        kind, _, user_id = access_token.partition(":")
        if kind == "expired":
            raise AuthError("session_expired")
        if kind != "live":
            raise AuthError("invalid_token")
        return {
            "sub": user_id,
            "email": f"{user_id}@example.com",
            "app_metadata": {"role": "admin"} if user_id in self.admins else {},
        }


@dataclass
class FakeLearnerData:
    user_id: str
    store: FakeStore

    def profile(self) -> Profile | None:
        if self.store.failing:
            raise DataError("database_unavailable")
        return self.store.profiles.get(self.user_id)

    def complete_onboarding(self, answers: OnboardingAnswers) -> None:
        if self.store.failing:
            raise DataError("database_unavailable")
        self.store.onboarded.append((self.user_id, answers))
        current = self.store.profiles.get(self.user_id) or profile_for(self.user_id, onboarded=False)
        self.store.profiles[self.user_id] = replace(
            current, full_name=answers.full_name, onboarding_completed_at=datetime.now(UTC)
        )

    def language_settings(self) -> tuple[LanguageSetting, ...]:
        return self.store.languages.get(self.user_id, ())

    def home_dashboard(self) -> HomeDashboard:
        return self.store.dashboards[self.user_id]


@dataclass
class FakeStore:
    profiles: dict[str, Profile] = field(default_factory=dict)
    languages: dict[str, tuple[LanguageSetting, ...]] = field(default_factory=dict)
    dashboards: dict[str, HomeDashboard] = field(default_factory=dict)
    onboarded: list[tuple[str, OnboardingAnswers]] = field(default_factory=list)
    failing: bool = False


@dataclass
class FakeGateway:
    store: FakeStore = field(default_factory=FakeStore)

    def for_learner(self, access_token: str) -> FakeLearnerData:
        return FakeLearnerData(access_token.partition(":")[2], self.store)


def dashboard(streaks: dict[str, int], used_seconds: int = 600) -> HomeDashboard:
    return HomeDashboard(
        allowance=Allowance("free", 3600, used_seconds, datetime.now(UTC) + timedelta(days=10)),
        progress=tuple(
            LanguageProgress(code, 10.0, 50.0, 30, days, None, 210, 30) for code, days in sorted(streaks.items())
        ),
        recent_conversations=(),
        achievements_earned=2,
    )
