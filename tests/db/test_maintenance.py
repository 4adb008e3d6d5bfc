"""Partitions ahead, inserts across month boundaries, and the admin statistics refresh."""

import threading
from datetime import UTC, datetime

import psycopg
import pytest

from tests.support.actors import as_learner, create_user


def partition_of(db, message_id):
    return db.execute("select tableoid::regclass::text as p from messages where id = %s", (message_id,)).fetchone()["p"]


def test_messages_land_in_their_months_partition_across_the_boundary(db):
    learner = create_user(db)
    conversation = db.execute(
        "insert into conversations (user_id, language_pair, scenario, started_at)"
        " values (%s, '{\"target\": \"en\"}', 'cafe', '2026-11-30 23:58:00+00') returning id",
        (learner,),
    ).fetchone()["id"]
    db.execute("select private.ensure_message_partition('2026-11-01'), private.ensure_message_partition('2026-12-01')")
    ids = []
    for moment in ("2026-11-30 23:59:59.999999+00", "2026-12-01 00:00:00+00"):
        ids.append(
            db.execute(
                "insert into messages (conversation_id, user_id, content, language, created_at)"
                " values (%s, %s, 'tick', 'en', %s) returning id",
                (conversation, learner, moment),
            ).fetchone()["id"]
        )
    assert [partition_of(db, i) for i in ids] == ["private.messages_p2026_11", "private.messages_p2026_12"]
    with as_learner(db, learner) as c:
        rows = c.execute(
            "select id from messages where conversation_id = %s order by created_at", (conversation,)
        ).fetchall()
    assert [r["id"] for r in rows] == ids
    assert (
        db.execute("select message_count from conversations where id = %s", (conversation,)).fetchone()["message_count"]
        == 2
    )


def test_partitions_are_created_ahead_and_idempotently(db):
    existing = db.execute(
        "select count(*) as n from pg_inherits where inhparent = 'public.messages'::regclass"
    ).fetchone()["n"]
    created = [r["p"] for r in db.execute("select private.create_message_partitions(3) as p").fetchall()]
    assert len(created) == 5  # last month, this month and three ahead
    assert (
        db.execute("select count(*) as n from pg_inherits where inhparent = 'public.messages'::regclass").fetchone()[
            "n"
        ]
        == existing
    )
    now = datetime.now(UTC)
    assert f"messages_p{now:%Y_%m}" in created


def test_a_month_without_a_partition_is_a_clear_error_not_a_default_bucket(db):
    learner = create_user(db)
    conversation = db.execute(
        "insert into conversations (user_id, language_pair, scenario)"
        " values (%s, '{\"target\": \"en\"}', 'cafe') returning id",
        (learner,),
    ).fetchone()["id"]
    with pytest.raises(psycopg.errors.CheckViolation, match="no partition"):
        db.execute(
            "insert into messages (conversation_id, user_id, content, language, created_at)"
            " values (%s, %s, 'from the past', 'en', '1999-01-15')",
            (conversation, learner),
        )


def test_statistics_refresh_concurrently_without_blocking_admin_reads(db, cluster, test_db):
    learner = create_user(db, full_name="Stats Learner")
    db.execute(
        "insert into conversations (user_id, language_pair, scenario, started_at, ended_at)"
        " values (%s, '{\"target\": \"en\"}', 'cafe', now() - interval '20 minutes', now())",
        (learner,),
    )
    db.execute("select private.refresh_user_statistics()")
    row = db.execute("select * from private.user_statistics where user_id = %s", (learner,)).fetchone()
    assert (row["total_conversations"], row["total_minutes"], row["full_name"]) == (1, 20, "Stats Learner")

    # A reader holds the view open in a transaction; a concurrent refresh must not block it (or vice versa).
    with psycopg.connect(cluster.url(dbname=test_db)) as reader:
        reader.execute("begin")
        reader.execute("select count(*) from private.user_statistics").fetchone()
        finished = threading.Event()

        def refresh():
            with psycopg.connect(cluster.url(dbname=test_db), autocommit=True) as conn:
                conn.execute("select private.refresh_user_statistics()")
            finished.set()

        worker = threading.Thread(target=refresh)
        worker.start()
        assert finished.wait(timeout=20), "concurrent refresh was blocked by a reader"
        assert reader.execute("select count(*) from private.user_statistics").fetchone()[0] >= 1
        reader.execute("commit")
        worker.join()


def test_admin_statistics_filter_and_page(db):
    admin = create_user(db, app_metadata={"role": "admin"})
    tag = "pagetest"
    for i in range(7):
        create_user(db, email=f"{tag}-{i}@example.com")
    db.execute("select private.refresh_user_statistics()")
    with as_learner(db, admin, admin=True) as c:
        first = c.execute("select * from admin_user_statistics(%s, null, 5, 0)", (tag,)).fetchall()
        second = c.execute("select * from admin_user_statistics(%s, null, 5, 5)", (tag,)).fetchall()
        paid = c.execute("select * from admin_user_statistics(%s, 'premium', 5, 0)", (tag,)).fetchall()
        total = c.execute("select admin_user_statistics_count(%s, null) as n", (tag,)).fetchone()["n"]
        literal = c.execute("select admin_user_statistics_count('pagetest_%%', null) as n").fetchone()["n"]
        with pytest.raises(psycopg.Error) as caught:
            c.execute("select * from admin_user_statistics(null, null, 10000, 0)")
    assert len(first) == 5 and len(second) == 2 and paid == []
    assert total == 7
    assert literal == 0, "an underscore typed in the search is a character, not a wildcard"
    assert {r["email"] for r in first} | {r["email"] for r in second} == {f"{tag}-{i}@example.com" for i in range(7)}
    assert caught.value.sqlstate == "22023"


def test_run_maintenance_does_both_jobs(db):
    db.execute("select private.run_maintenance()")
    assert (
        db.execute("select ispopulated from pg_matviews where matviewname = 'user_statistics'").fetchone()[
            "ispopulated"
        ]
        is True
    )
