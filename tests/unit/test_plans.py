from datetime import UTC, datetime

from worldspeak.domain.plans import MONTHLY_MINUTES, allowance_from_subscription


def row(**overrides):
    values = {
        "plan_type": "free",
        "monthly_seconds_limit": 3600,
        "seconds_used": 59,
        "current_period_end": datetime(2026, 12, 1, tzinfo=UTC),
    }
    values.update(overrides)
    return values


def test_seconds_are_never_lost_and_minutes_round_down():
    allowance = allowance_from_subscription(row(), now=datetime(2026, 11, 22, tzinfo=UTC))
    assert allowance.remaining_seconds == 3541
    assert allowance.remaining_minutes == 59  # 59 min 1 s left: show 59, never promise 60


def test_an_ended_free_period_shows_a_fresh_allowance():
    allowance = allowance_from_subscription(row(seconds_used=3600), now=datetime(2026, 12, 1, tzinfo=UTC))
    assert allowance.remaining_seconds == 3600


def test_a_paid_plan_keeps_its_usage_until_stripe_renews_it():
    allowance = allowance_from_subscription(
        row(plan_type="standard", monthly_seconds_limit=54000, seconds_used=54000),
        now=datetime(2026, 12, 2, tzinfo=UTC),
    )
    assert allowance.remaining_seconds == 0
    assert allowance.used_fraction == 1.0


def test_iso_strings_from_the_data_api_are_understood():
    allowance = allowance_from_subscription(
        row(current_period_end="2026-12-01T00:00:00Z"), now=datetime(2026, 11, 1, tzinfo=UTC)
    )
    assert allowance.period_end == datetime(2026, 12, 1, tzinfo=UTC)


def test_plan_minutes_match_the_product():
    assert MONTHLY_MINUTES == {"free": 60, "standard": 900, "premium": 3000}
