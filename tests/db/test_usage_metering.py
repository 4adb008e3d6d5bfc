"""Microphone metering (…_usage_metering.sql): exact seconds, one atomic decision, resets per period."""

import json
import threading
import uuid

import psycopg
import pytest
from psycopg.rows import dict_row

from tests.support.actors import as_learner, claims_for, create_user


def record(conn, user_id, seconds, language="en", feature="conversation"):
    with as_learner(conn, user_id, commit=True) as c:
        return c.execute("select * from record_microphone_usage(%s, %s, %s)", (seconds, language, feature)).fetchone()


def used(db, user_id):
    return db.execute("select seconds_used from subscriptions where user_id = %s", (user_id,)).fetchone()[
        "seconds_used"
    ]


def test_59_seconds_are_counted_not_rounded_away(db):
    learner = create_user(db)
    assert record(db, learner, 59)["seconds_used"] == 59
    assert used(db, learner) == 59


def test_the_limit_holds_to_the_second(db):
    learner = create_user(db)
    record(db, learner, 3599)
    assert record(db, learner, 1)["remaining_seconds"] == 0
    with pytest.raises(psycopg.Error) as caught:
        record(db, learner, 1)
    assert caught.value.sqlstate == "WSLIM"
    assert caught.value.diag.message_primary == "monthly_limit_reached"
    assert used(db, learner) == 3600


def test_a_recording_that_does_not_fit_is_refused_whole(db):
    learner = create_user(db)
    record(db, learner, 3500)
    with pytest.raises(psycopg.Error) as caught:
        record(db, learner, 101)
    assert caught.value.sqlstate == "WSLIM"
    assert used(db, learner) == 3500
    assert (
        db.execute("select sum(microphone_seconds) as s from usage_tracking where user_id = %s", (learner,)).fetchone()[
            "s"
        ]
        == 3500
    )


def test_two_recordings_in_the_same_hour_both_count_with_breakdowns(db):
    learner = create_user(db)
    record(db, learner, 30, "en", "conversation")
    record(db, learner, 45, "es", "pronunciation_check")
    record(db, learner, 5, "en", "conversation")
    rows = db.execute("select * from usage_tracking where user_id = %s", (learner,)).fetchall()
    assert len(rows) == 1
    assert rows[0]["microphone_seconds"] == 80
    assert rows[0]["message_count"] == 3
    assert rows[0]["language_breakdown"] == {"en": 35, "es": 45}
    assert rows[0]["feature_usage"] == {"conversation": 35, "pronunciation_check": 45}
    assert rows[0]["bucket_start"].minute == 0 and rows[0]["bucket_start"].second == 0


@pytest.mark.parametrize("seconds", [0, -1, -3600, 3601, None])
def test_impossible_amounts_are_refused(db, seconds):
    learner = create_user(db)
    with pytest.raises(psycopg.Error) as caught:
        record(db, learner, seconds)
    assert caught.value.sqlstate == "22023"
    assert used(db, learner) == 0


@pytest.mark.parametrize(("language", "feature"), [("english!", "conversation"), ("en", "drop table;"), ("", "x")])
def test_hostile_keys_never_reach_the_breakdowns(db, language, feature):
    learner = create_user(db)
    with pytest.raises(psycopg.Error) as caught:
        record(db, learner, 10, language, feature)
    assert caught.value.sqlstate == "22023"


def run_concurrently(url, learner, amounts):
    """One connection per recording, all released at once. Returns (accepted, refused)."""
    barrier = threading.Barrier(len(amounts))
    accepted, refused, failures = [], [], []

    def one(seconds):
        try:
            with psycopg.connect(url, row_factory=dict_row) as conn:
                barrier.wait(timeout=30)
                with conn.transaction():
                    conn.execute(
                        "select set_config('role', 'authenticated', true), set_config('request.jwt.claims', %s, true)",
                        (json.dumps(claims_for(learner)),),
                    )
                    conn.execute("select * from record_microphone_usage(%s, 'en')", (seconds,))
            accepted.append(seconds)
        except psycopg.Error as error:
            (refused if error.sqlstate == "WSLIM" else failures).append(error)

    threads = [threading.Thread(target=one, args=(seconds,)) for seconds in amounts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    return accepted, refused


def test_50_concurrent_sessions_land_exactly_at_the_limit(db, cluster, test_db):
    learner = create_user(db)
    accepted, refused = run_concurrently(cluster.url(dbname=test_db), learner, [100] * 50)
    assert len(accepted) == 36 and len(refused) == 14
    assert used(db, learner) == 3600
    assert (
        db.execute("select sum(microphone_seconds) as s from usage_tracking where user_id = %s", (learner,)).fetchone()[
            "s"
        ]
        == 3600
    )


def test_concurrent_uneven_recordings_never_overshoot(db, cluster, test_db):
    learner = create_user(db)
    amounts = [37 + (i * 53) % 211 for i in range(50)]  # 37..247 s, total far above 3600
    accepted, refused = run_concurrently(cluster.url(dbname=test_db), learner, amounts)
    assert refused, "some recordings must have been refused"
    assert sum(accepted) <= 3600
    assert used(db, learner) == sum(accepted)
    # Every refused recording really did not fit when it was decided.
    assert all(
        3600 - sum(accepted) < error_amount
        for error_amount in [int(e.diag.message_detail.split("needs ")[1]) for e in refused]
    )


def test_a_free_period_rolls_over_at_the_calendar_month(db):
    learner = create_user(db)
    db.execute(
        "update subscriptions set current_period_start = date_trunc('month', now()) - interval '1 month',"
        " current_period_end = date_trunc('month', now()), seconds_used = 3600 where user_id = %s",
        (learner,),
    )
    with as_learner(db, learner) as c:
        before = c.execute("select * from microphone_allowance()").fetchone()
    assert before["remaining_seconds"] == 3600 and before["can_record"] is True
    after = record(db, learner, 10)
    assert after["seconds_used"] == 10
    period = db.execute(
        "select current_period_start, current_period_end,"
        " current_period_start = date_trunc('month', now() at time zone 'UTC') at time zone 'UTC' as ok"
        " from subscriptions where user_id = %s",
        (learner,),
    ).fetchone()
    assert period["ok"] is True


def test_a_paid_period_follows_stripe_and_restarts_at_zero(db):
    learner = create_user(db)
    db.execute(
        "update subscriptions set plan_type = 'standard', current_period_start = now() - interval '3 days',"
        " current_period_end = now() + interval '27 days' where user_id = %s",
        (learner,),
    )
    assert (
        db.execute("select monthly_seconds_limit from subscriptions where user_id = %s", (learner,)).fetchone()[
            "monthly_seconds_limit"
        ]
        == 900 * 60
    )
    record(db, learner, 600)
    # Stripe renews: the webhook (service role) moves the period; usage starts again.
    db.execute(
        "update subscriptions set current_period_start = now() - interval '1 minute',"
        " current_period_end = now() + interval '30 days' where user_id = %s",
        (learner,),
    )
    assert used(db, learner) == 0
    assert record(db, learner, 5)["seconds_used"] == 5


def test_a_lapsed_paid_period_refuses_with_a_distinct_error(db):
    learner = create_user(db)
    db.execute(
        "update subscriptions set plan_type = 'premium', current_period_start = now() - interval '40 days',"
        " current_period_end = now() - interval '10 days' where user_id = %s",
        (learner,),
    )
    with pytest.raises(psycopg.Error) as caught:
        record(db, learner, 5)
    assert caught.value.sqlstate == "WSPER"
    db.execute(
        # (past_due records within the grace rule of …_billing.sql; a canceled row does not)
        "update subscriptions set status = 'canceled', current_period_end = now() + interval '1 day'"
        " where user_id = %s",
        (learner,),
    )
    with pytest.raises(psycopg.Error) as caught:
        record(db, learner, 5)
    assert caught.value.sqlstate == "WSPER"


def test_plan_limits_follow_the_plans_table(db):
    learner = create_user(db)
    for plan, minutes in (("premium", 3000), ("standard", 900), ("free", 60)):
        db.execute("update subscriptions set plan_type = %s where user_id = %s", (plan, learner))
        assert (
            db.execute("select monthly_seconds_limit from subscriptions where user_id = %s", (learner,)).fetchone()[
                "monthly_seconds_limit"
            ]
            == minutes * 60
        )
    with pytest.raises(psycopg.Error):
        db.execute(
            "update subscriptions set plan_type = 'enterprise', monthly_seconds_limit = null where user_id = %s",
            (learner,),
        )
    db.execute(
        "update subscriptions set plan_type = 'enterprise', monthly_seconds_limit = 720000 where user_id = %s",
        (learner,),
    )
    assert (
        db.execute("select monthly_seconds_limit from subscriptions where user_id = %s", (learner,)).fetchone()[
            "monthly_seconds_limit"
        ]
        == 720000
    )


def test_usage_of_one_learner_never_touches_another(db):
    first, second = create_user(db), create_user(db)
    record(db, first, 120)
    assert used(db, second) == 0
    with as_learner(db, second) as c:
        assert c.execute("select count(*) as n from usage_tracking").fetchone()["n"] == 0


def test_an_unknown_user_cannot_record(db):
    with as_learner(db, uuid.uuid4()) as c, pytest.raises(psycopg.Error) as caught:
        c.execute("select * from record_microphone_usage(10, 'en')")
    assert caught.value.sqlstate == "WSPER"
