"""A new auth.users row gets its profile and a free subscription (…_new_user_signup.sql)."""

import psycopg
import pytest

from tests.support.actors import as_learner, create_user


def test_new_user_gets_profile_and_free_subscription(db):
    user_id = create_user(db, email="New.Learner@Example.com", full_name="New Learner")
    profile = db.execute("select * from profiles where id = %s", (user_id,)).fetchone()
    assert profile["email"] == "new.learner@example.com"
    assert profile["full_name"] == "New Learner"
    assert profile["timezone"] == "UTC"
    assert profile["onboarding_completed_at"] is None
    assert profile["preferences"]["auto_play_responses"] is True
    subscription = db.execute("select * from subscriptions where user_id = %s", (user_id,)).fetchone()
    assert subscription["plan_type"] == "free"
    assert subscription["status"] == "active"
    assert subscription["monthly_seconds_limit"] == 60 * 60
    assert subscription["seconds_used"] == 0
    period = db.execute(
        "select current_period_start = date_trunc('month', now() at time zone 'UTC') at time zone 'UTC' as starts_at_month,"
        " current_period_end = current_period_start + interval '1 month' as one_month"
        " from subscriptions where user_id = %s",
        (user_id,),
    ).fetchone()
    assert period == {"starts_at_month": True, "one_month": True}


def test_the_new_learner_sees_their_rows_through_rls(db):
    user_id = create_user(db)
    with as_learner(db, user_id) as conn:
        assert conn.execute("select count(*) as n from profiles").fetchone()["n"] == 1
        assert conn.execute("select plan_type from subscriptions").fetchone()["plan_type"] == "free"


def test_email_change_is_copied_to_the_profile(db):
    user_id = create_user(db)
    db.execute("update auth.users set email = 'Changed@Example.com' where id = %s", (user_id,))
    assert (
        db.execute("select email from profiles where id = %s", (user_id,)).fetchone()["email"] == "changed@example.com"
    )


def test_deleting_the_auth_user_removes_everything_it_owns(db):
    user_id = create_user(db)
    db.execute("delete from auth.users where id = %s", (user_id,))
    assert db.execute("select count(*) as n from profiles where id = %s", (user_id,)).fetchone()["n"] == 0
    assert db.execute("select count(*) as n from subscriptions where user_id = %s", (user_id,)).fetchone()["n"] == 0


def test_an_overlong_metadata_name_is_trimmed_not_fatal(db):
    user_id = create_user(db, full_name="x" * 500)
    assert len(db.execute("select full_name from profiles where id = %s", (user_id,)).fetchone()["full_name"]) == 120


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/Argentina/Buenos_Aires", "Etc/GMT+9", "UTC"])
def test_real_time_zones_are_accepted(db, zone):
    user_id = create_user(db)
    db.execute("update profiles set timezone = %s where id = %s", (zone, user_id))


@pytest.mark.parametrize("zone", ["UTC+3", "Mars/Olympus_Mons", "", "Asia/Tokyo; drop table profiles", "../etc"])
def test_bad_time_zones_are_refused(db, zone):
    user_id = create_user(db)
    with pytest.raises(psycopg.Error) as caught:
        db.execute("update profiles set timezone = %s where id = %s", (zone, user_id))
    assert caught.value.sqlstate == "22023"
