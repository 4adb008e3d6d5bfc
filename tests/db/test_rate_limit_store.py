"""The counter store (migration 20261201004000_rate_limits.sql) as a specification: who may touch it,
and that it stays small.
"""

from __future__ import annotations

import uuid

import psycopg
import pytest

from tests.support.actors import acting_as, as_anon, as_learner, create_user

KEY = "a" * 64
HIT = "select * from public.rate_limit_hit('spec_bucket', %s, 3, 60, '{60}', 3600, 1)"


def test_learners_and_anon_can_neither_call_the_limiter_nor_see_its_table(db):
    learner = create_user(db)
    for actor in (as_anon(db), as_learner(db, learner)):
        with actor as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(HIT, (KEY,))
    for actor in (as_anon(db), as_learner(db, learner)):
        with actor as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select public.rate_limit_reset('spec_bucket', %s)", (KEY,))
    for actor in (as_anon(db), as_learner(db, learner)):
        with actor as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select * from private.rate_limit_counters").fetchall()


def test_the_service_role_calls_it_and_only_hashes_are_stored(db):
    key = uuid.uuid4().hex * 2
    with acting_as(db, "service_role", {"role": "service_role"}) as conn:
        first = conn.execute(HIT, (key,)).fetchone()
        assert first == {"allowed": True, "retry_after_seconds": 0, "remaining": 2}
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute(HIT, ("aiko@example.com",))


def test_impossible_limits_are_refused(db):
    with (
        acting_as(db, "service_role", {"role": "service_role"}) as conn,
        pytest.raises(psycopg.errors.InvalidParameterValue),
    ):
        conn.execute("select * from public.rate_limit_hit('spec_bucket', %s, 0, 60)", (KEY,))


def test_expired_counters_are_purged_and_live_ones_kept(db):
    bucket = f"spec_purge_{uuid.uuid4().hex[:8]}"
    db.execute(
        "insert into private.rate_limit_counters (bucket, key_hash, window_started_at, expires_at)"
        " select %s, md5(n::text) || md5(n::text), now() - interval '1 hour', now() - interval '1 minute'"
        " from generate_series(1, 50) n",
        (bucket,),
    )
    db.execute(
        "insert into private.rate_limit_counters (bucket, key_hash, window_started_at, expires_at)"
        " values (%s, %s, now(), now() + interval '10 minutes')",
        (bucket, "b" * 64),
    )
    with acting_as(db, "service_role", {"role": "service_role"}, commit=True) as conn:
        purged = conn.execute("select private.purge_rate_limit_counters()").fetchone()["purge_rate_limit_counters"]
    assert purged >= 50
    left = db.execute("select key_hash from private.rate_limit_counters where bucket = %s", (bucket,)).fetchall()
    assert [row["key_hash"] for row in left] == ["b" * 64]


def test_every_counter_carries_an_expiry_past_its_window_or_lock_out(db):
    key = uuid.uuid4().hex * 2
    with acting_as(db, "service_role", {"role": "service_role"}, commit=True) as conn:
        for _ in range(4):
            conn.execute(HIT, (key,))
    row = db.execute(
        "select locked_until, expires_at, strikes, last_locked_at from private.rate_limit_counters"
        " where bucket = 'spec_bucket' and key_hash = %s",
        (key,),
    ).fetchone()
    assert row["strikes"] == 1
    # A locked key is remembered until its strikes are forgotten (an hour here), then it may go.
    assert abs((row["expires_at"] - row["last_locked_at"]).total_seconds() - 3600) < 1
