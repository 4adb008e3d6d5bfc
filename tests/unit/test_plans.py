from datetime import UTC, datetime

from worldspeak.domain.plans import MONTHLY_MINUTES, allowance_from_row


def row(**overrides):
    values = {
        "plan_type": "free",
        "monthly_seconds_limit": 3600,
        "seconds_used": 59,
        "current_period_end": datetime(2026, 12, 1, tzinfo=UTC),
        "can_record": True,
    }
    values.update(overrides)
    return values


def test_seconds_are_never_lost_and_minutes_round_down():
    allowance = allowance_from_row(row())
    assert allowance.remaining_seconds == 3541
    assert allowance.remaining_minutes == 59  # 59 min 1 s left: show 59, never promise 60
    assert allowance.limit_minutes == 60


def test_used_up_allowance():
    allowance = allowance_from_row(row(plan_type="standard", monthly_seconds_limit=54000, seconds_used=54000))
    assert allowance.remaining_seconds == 0
    assert allowance.used_fraction == 1.0


def test_iso_strings_from_the_data_api_are_understood():
    allowance = allowance_from_row(row(current_period_end="2026-12-01T00:00:00Z", can_record=False))
    assert allowance.period_end == datetime(2026, 12, 1, tzinfo=UTC)
    assert allowance.can_record is False


def test_plan_minutes_match_the_plans_migration():
    assert MONTHLY_MINUTES == {"free": 60, "standard": 900, "premium": 3000}
