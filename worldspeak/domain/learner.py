"""What the app reads about one learner, as plain typed values (the data ports return these)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


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
    daily_target_minutes: int
    onboarding_completed_at: datetime | None

    @property
    def onboarded(self) -> bool:
        return self.onboarding_completed_at is not None


@dataclass(frozen=True)
class LanguageSetting:
    language_code: str
    proficiency_level: str


@dataclass(frozen=True)
class Subscription:
    plan_type: str
    status: str
    monthly_seconds_limit: int
    current_period_start: datetime | None
    current_period_end: datetime | None
    cancel_at_period_end: bool


@dataclass(frozen=True)
class LanguageProgress:
    language_code: str
    speaking_level: int
    fluency_score: float | None
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
