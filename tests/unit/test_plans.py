from datetime import UTC, datetime

from worldspeak.adapters.rows import allowance


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
    left = allowance(row())
    assert left.remaining_seconds == 3541
    assert left.remaining_minutes == 59  # 59 min 1 s left: show 59, never promise 60
    assert left.limit_minutes == 60


def test_used_up_allowance():
    left = allowance(row(plan_type="standard", monthly_seconds_limit=54000, seconds_used=54000))
    assert left.remaining_seconds == 0
    assert left.used_fraction == 1.0


def test_iso_strings_from_the_data_api_are_understood():
    left = allowance(row(current_period_end="2026-12-01T00:00:00Z", can_record=False))
    assert left.period_end == datetime(2026, 12, 1, tzinfo=UTC)
    assert left.can_record is False
