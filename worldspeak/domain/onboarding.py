"""What onboarding accepts, checked before anything is saved."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from worldspeak.domain.languages import (
    DAILY_TARGET_MINUTES,
    LANGUAGES,
    LEARNING_STYLES,
    MAX_TARGET_LANGUAGES,
    TARGET_LEVELS,
)

MAX_NAME_LENGTH = 120  # profiles.full_name's check constraint


@dataclass(frozen=True)
class TargetLanguage:
    language: str
    level: str


@dataclass(frozen=True)
class OnboardingAnswers:
    full_name: str
    native_language: str
    targets: tuple[TargetLanguage, ...]
    timezone: str
    learning_style: str
    daily_target_minutes: int


def valid_timezone(name: str) -> str:
    """The browser's zone if we know it, else UTC (a wrong zone would skew streaks)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return "UTC"
    return name


def onboarding_problems(answers: OnboardingAnswers) -> list[str]:
    """Codes of every problem with the answers, in the order the form shows them."""
    problems = []
    name = answers.full_name.strip()
    if not name:
        problems.append("name_required")
    elif len(name) > MAX_NAME_LENGTH or any(ord(ch) < 32 for ch in name):
        problems.append("name_invalid")
    if answers.native_language not in LANGUAGES:
        problems.append("native_language_required")
    if not answers.targets:
        problems.append("target_required")
    elif len(answers.targets) > MAX_TARGET_LANGUAGES:
        problems.append("too_many_targets")
    for target in answers.targets:
        if target.language not in LANGUAGES or target.level not in TARGET_LEVELS:
            problems.append("target_invalid")
            break
        if target.language == answers.native_language:
            problems.append("target_is_native")
            break
    if answers.learning_style not in LEARNING_STYLES:
        problems.append("learning_style_required")
    low, high = DAILY_TARGET_MINUTES
    if not low <= answers.daily_target_minutes <= high:
        problems.append("daily_target_invalid")
    return problems


def build_answers(
    full_name: str,
    native_language: str,
    targets: dict[str, str],
    timezone: str,
    learning_style: str,
    daily_target_minutes: int,
) -> OnboardingAnswers:
    return OnboardingAnswers(
        full_name=full_name.strip(),
        native_language=native_language,
        targets=tuple(TargetLanguage(code, level) for code, level in sorted(targets.items())),
        timezone=valid_timezone(timezone),
        learning_style=learning_style,
        daily_target_minutes=daily_target_minutes,
    )
