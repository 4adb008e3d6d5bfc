"""What the app reads about one learner, as plain typed values (the data ports return these)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from worldspeak.domain.plans import Allowance


@dataclass(frozen=True)
class Profile:
    user_id: str
    email: str
    full_name: str
    native_language: str | None
    target_languages: tuple[str, ...]
    proficiency_levels: dict[str, str]
    timezone: str
    learning_style: str | None
    onboarding_completed_at: datetime | None
    preferences: dict[str, object]

    @property
    def onboarded(self) -> bool:
        return self.onboarding_completed_at is not None


@dataclass(frozen=True)
class LanguageSetting:
    language_code: str
    proficiency_level: str
    daily_target_minutes: int
    speech_rate: float


@dataclass(frozen=True)
class HomeDashboard:
    allowance: Allowance | None
    progress: tuple[LanguageProgress, ...]
    recent_conversations: tuple[ConversationSummary, ...]
    achievements_earned: int


@dataclass(frozen=True)
class Subscription:
    user_id: str
    plan_type: str
    status: str
    monthly_seconds_limit: int
    seconds_used: int
    current_period_start: datetime | None
    current_period_end: datetime | None
    cancel_at_period_end: bool


@dataclass(frozen=True)
class LanguageProgress:
    language_code: str
    speaking_level: float
    fluency_score: float
    total_study_time_minutes: int
    consecutive_days: int
    last_study_date: date | None
    weekly_goal_minutes: int
    weekly_achieved_minutes: int


@dataclass(frozen=True)
class ConversationSummary:
    id: str
    title: str | None
    scenario: str | None
    target_language: str
    script_id: str | None
    started_at: datetime
    ended_at: datetime | None
    message_count: int
    overall_score: float | None


@dataclass(frozen=True)
class MeteredUsage:
    """The allowance after an accepted recording was metered."""

    seconds_used: int
    monthly_seconds_limit: int

    @property
    def remaining_seconds(self) -> int:
        return max(self.monthly_seconds_limit - self.seconds_used, 0)
