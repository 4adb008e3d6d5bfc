"""The learner's home: plan and allowance, streak, languages and recent practice."""

from __future__ import annotations

from dataclasses import dataclass

from worldspeak.domain.learner import ConversationSummary, LanguageProgress, LanguageSetting
from worldspeak.domain.plans import Allowance
from worldspeak.ports import LearnerData


@dataclass(frozen=True)
class HomeSummary:
    allowance: Allowance | None
    streak_days: int
    languages: tuple[LanguageSetting, ...]
    progress: tuple[LanguageProgress, ...]
    recent_conversations: tuple[ConversationSummary, ...]
    achievements_earned: int


def current_streak(progress: tuple[LanguageProgress, ...]) -> int:
    """The longest run of consecutive study days over the learner's languages."""
    return max((row.consecutive_days for row in progress), default=0)


def home_summary(data: LearnerData) -> HomeSummary:
    dashboard = data.home_dashboard()
    return HomeSummary(
        allowance=dashboard.allowance,
        streak_days=current_streak(dashboard.progress),
        languages=data.language_settings(),
        progress=dashboard.progress,
        recent_conversations=dashboard.recent_conversations,
        achievements_earned=dashboard.achievements_earned,
    )
