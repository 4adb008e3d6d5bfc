"""Rows -> the port's typed values, shared by both data adapters.

psycopg hands over datetimes and dicts; the Data API hands over ISO strings and JSON. Both end
up as the same frozen dataclasses.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from worldspeak.domain.learner import (
    ConversationSummary,
    LanguageProgress,
    LanguageSetting,
    MeteredUsage,
    Profile,
    Subscription,
)
from worldspeak.domain.plans import Allowance

Row = dict[str, Any]


def timestamp(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def profile(row: Row) -> Profile:
    return Profile(
        user_id=str(row["id"]),
        email=row["email"],
        full_name=row.get("full_name") or "",
        native_language=row.get("native_language"),
        target_languages=tuple(row.get("target_languages") or ()),
        proficiency_levels=dict(row.get("proficiency_levels") or {}),
        timezone=row.get("timezone") or "UTC",
        learning_style=row.get("learning_style"),
        onboarding_completed_at=timestamp(row.get("onboarding_completed_at")),
        preferences=dict(row.get("preferences") or {}),
    )


def language_setting(row: Row) -> LanguageSetting:
    return LanguageSetting(
        language_code=row["language_code"],
        proficiency_level=row["proficiency_level"],
        daily_target_minutes=int(row["daily_target_minutes"]),
        speech_rate=float(row["speech_rate"]),
    )


def subscription(row: Row) -> Subscription:
    return Subscription(
        user_id=str(row["user_id"]),
        plan_type=row["plan_type"],
        status=row["status"],
        monthly_seconds_limit=int(row["monthly_seconds_limit"]),
        seconds_used=int(row["seconds_used"]),
        current_period_start=timestamp(row.get("current_period_start")),
        current_period_end=timestamp(row.get("current_period_end")),
        cancel_at_period_end=bool(row.get("cancel_at_period_end")),
    )


def allowance(row: Row) -> Allowance:
    """From a `microphone_allowance()` row."""
    period_end = timestamp(row["current_period_end"])
    assert period_end is not None  # the function always returns the period's end
    return Allowance(
        plan_type=row["plan_type"],
        limit_seconds=int(row["monthly_seconds_limit"]),
        used_seconds=int(row["seconds_used"]),
        period_end=period_end,
        can_record=bool(row.get("can_record", True)),
    )


def language_progress(row: Row) -> LanguageProgress:
    return LanguageProgress(
        language_code=row["language_code"],
        speaking_level=float(row.get("speaking_level") or 0),
        fluency_score=float(row.get("fluency_score") or 0),
        total_study_time_minutes=int(row.get("total_study_time_minutes") or 0),
        consecutive_days=int(row.get("consecutive_days") or 0),
        last_study_date=day(row.get("last_study_date")),
        weekly_goal_minutes=int(row.get("weekly_goal_minutes") or 0),
        weekly_achieved_minutes=int(row.get("weekly_achieved_minutes") or 0),
    )


def conversation_summary(row: Row) -> ConversationSummary:
    started_at = timestamp(row["started_at"])
    assert started_at is not None
    return ConversationSummary(
        id=str(row["id"]),
        title=row.get("title"),
        scenario=row.get("scenario"),
        target_language=row["target_language"],
        script_id=str(row["script_id"]) if row.get("script_id") else None,
        started_at=started_at,
        ended_at=timestamp(row.get("ended_at")),
        message_count=int(row.get("message_count") or 0),
        overall_score=_number(row.get("overall_score")),
    )


def metered_usage(row: Row) -> MeteredUsage:
    return MeteredUsage(seconds_used=int(row["seconds_used"]), monthly_seconds_limit=int(row["monthly_seconds_limit"]))
