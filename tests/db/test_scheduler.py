"""The app scheduler (local mode): each job runs, once across workers, failures are recorded and contained."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from worldspeak.adapters.local_operations import LocalMaintenance
from worldspeak.services import operations
from worldspeak.services.operations import Job


@pytest.fixture
def maintenance(local_postgres, db) -> LocalMaintenance:
    db.execute("delete from private.scheduled_job_runs")
    yield LocalMaintenance(local_postgres)
    db.execute("delete from private.scheduled_job_runs")


def runs(db, job: str | None = None) -> list[dict]:
    return db.execute(
        "select job, outcome, error, worker from private.scheduled_job_runs"
        " where %s::text is null or job = %s order by id",
        (job, job),
    ).fetchall()


def test_each_default_job_runs_and_is_recorded(maintenance, db):
    db.execute("update private.admin_dashboard_snapshot set refreshed_at = now() - interval '1 hour'")

    outcomes = operations.run_due_jobs(maintenance, operations.default_jobs(), datetime.now(UTC), "worker-a")

    assert outcomes == {
        "refresh_statistics": "succeeded",
        "message_partitions": "succeeded",
        "prune_job_runs": "succeeded",
        "purge_rate_limit_counters": "succeeded",
    }
    assert [(run["job"], run["outcome"], run["worker"]) for run in runs(db)] == [
        ("refresh_statistics", "succeeded", "worker-a"),
        ("message_partitions", "succeeded", "worker-a"),
        ("prune_job_runs", "succeeded", "worker-a"),
        ("purge_rate_limit_counters", "succeeded", "worker-a"),
    ]
    refreshed = db.execute(
        "select refreshed_at > now() - interval '1 minute' as fresh from private.admin_dashboard_snapshot"
    )
    assert refreshed.fetchone()["fresh"]
    finished = db.execute("select bool_and(finished_at >= started_at) as ok from private.scheduled_job_runs").fetchone()
    assert finished["ok"]


def test_a_job_runs_again_only_when_it_is_due(maintenance, db):
    jobs = operations.default_jobs(timedelta(minutes=10))
    now = datetime.now(UTC)
    operations.run_due_jobs(maintenance, jobs, now, "w")

    again = operations.run_due_jobs(maintenance, jobs, now + timedelta(minutes=1), "w")
    later = operations.run_due_jobs(maintenance, jobs, now + timedelta(minutes=10), "w")

    assert set(again.values()) == {"not_due"}
    assert later == {
        "refresh_statistics": "succeeded",
        "message_partitions": "not_due",
        "prune_job_runs": "not_due",
        "purge_rate_limit_counters": "succeeded",
    }


def test_two_workers_racing_run_a_job_once(maintenance, db):
    start = threading.Barrier(2)

    def slow_refresh(session, now):
        session.refresh_statistics()
        time.sleep(1.0)  # the other worker arrives while this one holds the lock

    job = Job("refresh_statistics", timedelta(minutes=10), slow_refresh)
    now = datetime.now(UTC)
    outcomes: dict[str, str] = {}

    def worker(name: str) -> None:
        start.wait()
        outcomes[name] = operations.run_due_jobs(maintenance, [job], now, name)[job.name]

    threads = [threading.Thread(target=worker, args=(name,)) for name in ("worker-a", "worker-b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["busy", "succeeded"]
    assert len(runs(db, "refresh_statistics")) == 1

    # A worker that arrives after the run finished finds it done, not merely locked.
    late = operations.run_due_jobs(maintenance, [job], now + timedelta(seconds=30), "worker-c")
    assert late == {"refresh_statistics": "not_due"}


def test_a_failing_job_is_recorded_and_does_not_stop_the_others(maintenance, db):
    def broken(session, now):
        session.ensure_message_partition(now.date())
        raise RuntimeError("disk on fire")

    jobs = [Job("broken", timedelta(minutes=1), broken), *operations.default_jobs()]

    outcomes = operations.run_due_jobs(maintenance, jobs, datetime.now(UTC), "w")

    assert outcomes["broken"] == "failed"
    assert outcomes["refresh_statistics"] == outcomes["message_partitions"] == "succeeded"
    failed = runs(db, "broken")
    assert failed == [{"job": "broken", "outcome": "failed", "error": "RuntimeError: disk on fire", "worker": "w"}]


def test_a_failing_job_undoes_its_own_work_but_its_run_is_kept(maintenance, db):
    def half_done(session, now):
        session.ensure_message_partition(datetime(2099, 1, 1).date())
        raise ValueError("changed my mind")

    job = Job("half_done", timedelta(minutes=1), half_done)
    outcome = operations.run_due_jobs(maintenance, [job], datetime.now(UTC), "w")

    assert outcome == {"half_done": "failed"}
    assert not partition_exists(db, datetime(2099, 1, 1)), "the failed job's partition was rolled back"
    assert runs(db, "half_done")[0]["error"] == "ValueError: changed my mind"


def partition_exists(db, month: datetime) -> bool:
    name = f"private.messages_p{month:%Y_%m}"
    return db.execute("select to_regclass(%s) is not null as present", (name,)).fetchone()["present"]


def test_partitions_exist_three_months_ahead_after_a_clock_jump(maintenance, db):
    jumped = datetime.now(UTC) + timedelta(days=400)
    months = operations.months_to_cover(jumped)
    created = [month for month in months if not partition_exists(db, datetime(month.year, month.month, 1))]
    try:
        outcome = operations.run_due_jobs(maintenance, operations.default_jobs(), jumped, "w")
        assert outcome["message_partitions"] == "succeeded"
        assert len(months) == 5 and months[1] == jumped.date().replace(day=1)
        for month in months:
            assert partition_exists(db, datetime(month.year, month.month, 1)), month
        # A message written in the jumped-to month has somewhere to go.
        learner = db.execute(
            "insert into auth.users (id, aud, role, email, encrypted_password, raw_app_meta_data, raw_user_meta_data)"
            " values (gen_random_uuid(), 'authenticated', 'authenticated', 'jump-' || gen_random_uuid() || '@example.com',"
            " 'x', '{}', '{}') returning id"
        ).fetchone()["id"]
        conversation = db.execute(
            "insert into public.conversations (user_id, language_pair, scenario) values (%s, '{\"target\": \"en\"}', 'x')"
            " returning id",
            (learner,),
        ).fetchone()["id"]
        last_month = months[-1]
        db.execute(
            "insert into public.messages (conversation_id, user_id, content, language, created_at)"
            " values (%s, %s, 'from the future', 'en', %s)",
            (conversation, learner, datetime(last_month.year, last_month.month, 15, tzinfo=UTC)),
        )
        db.execute("delete from auth.users where id = %s", (learner,))
    finally:
        for month in created:
            db.execute(f"drop table if exists private.messages_p{month:%Y_%m}")


def test_the_app_loop_runs_a_pass_and_stops_when_cancelled(db, local_postgres, monkeypatch):
    from worldspeak import scheduler

    db.execute("delete from private.scheduled_job_runs")
    monkeypatch.setattr("worldspeak.providers.maintenance", lambda: LocalMaintenance(local_postgres))

    async def one_pass() -> None:
        task = asyncio.create_task(scheduler.run_scheduler(tick_seconds=0.05))
        for _ in range(200):
            await asyncio.sleep(0.05)
            if len(runs(db)) >= 4:
                break
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(one_pass())
    assert {run["job"] for run in runs(db)} == {
        "refresh_statistics",
        "message_partitions",
        "prune_job_runs",
        "purge_rate_limit_counters",
    }
    assert len(runs(db)) == 4, "ticks after the first found nothing due"
    db.execute("delete from private.scheduled_job_runs")


def test_the_rate_limit_purge_job_deletes_only_expired_counters(maintenance, db):
    db.execute("delete from private.rate_limit_counters where bucket = 'scheduler_probe'")
    for key, expires in (("a" * 64, "now() - interval '1 minute'"), ("b" * 64, "now() + interval '1 hour'")):
        db.execute(
            "insert into private.rate_limit_counters (bucket, key_hash, hits, window_started_at, expires_at)"
            f" values ('scheduler_probe', %s, 1, now(), {expires})",
            (key,),
        )
    job = next(job for job in operations.default_jobs() if job.name == "purge_rate_limit_counters")

    assert operations.run_due_jobs(maintenance, [job], datetime.now(UTC), "w") == {job.name: "succeeded"}

    left = db.execute("select key_hash from private.rate_limit_counters where bucket = 'scheduler_probe'").fetchall()
    assert left == [{"key_hash": "b" * 64}]
    db.execute("delete from private.rate_limit_counters where bucket = 'scheduler_probe'")
