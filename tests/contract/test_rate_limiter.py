"""The rate-limiter port against its real stores: the local PostgreSQL adapter always, the Supabase
adapter (the same SQL function over the Data API) when SUPABASE_TEST_* are set.

Windows and cool-downs here are a second or two long, so the rule runs on the store's real clock.
Each test uses fresh subjects, so tests never share a counter.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import uuid

import pytest

from worldspeak.adapters.postgres_rate_limit import PostgresRateLimiter
from worldspeak.domain.rate_limits import RateLimit

SUPABASE_VARIABLES = ("SUPABASE_TEST_URL", "SUPABASE_TEST_ANON_KEY", "SUPABASE_TEST_SERVICE_ROLE_KEY")
LOCKING = RateLimit("contract_locking", limit=3, window_seconds=30, cooldowns=(1, 2))
THROTTLE = RateLimit("contract_throttle", limit=2, window_seconds=2)
CONCURRENT = RateLimit("contract_concurrent", limit=10, window_seconds=60, cooldowns=(60,))


def subject() -> str:
    return f"subject-{uuid.uuid4().hex}"


@pytest.fixture(params=["local", "supabase"])
def limiters(request, cluster, test_db):
    """Two limiter instances with separate connections to one store: two app workers."""
    if request.param == "local":
        local = [PostgresRateLimiter(cluster.url(dbname=test_db, user="authenticator")) for _ in range(2)]
        yield local
        for limiter in local:
            limiter.close()
        return
    missing = [name for name in SUPABASE_VARIABLES if not os.environ.get(name)]
    if missing:
        pytest.skip(f"Supabase leg: set {', '.join(missing)} to run it against a hosted project")
    from worldspeak.adapters.supabase_project import SupabaseProject
    from worldspeak.adapters.supabase_rate_limit import SupabaseRateLimiter

    projects = [SupabaseProject(*(os.environ[name] for name in SUPABASE_VARIABLES)) for _ in range(2)]
    yield [SupabaseRateLimiter(project) for project in projects]


def test_hits_within_the_limit_pass_then_the_key_is_locked(limiters):
    limiter, _ = limiters
    who = subject()
    verdicts = [limiter.hit(LOCKING, who) for _ in range(5)]
    assert [v.allowed for v in verdicts] == [True, True, True, False, False]
    assert [v.remaining for v in verdicts[:3]] == [2, 1, 0]
    assert verdicts[3].retry_after_seconds == 1 and verdicts[4].retry_after_seconds == 1


def test_after_a_cooldown_the_next_lock_out_is_longer(limiters):
    limiter, other_worker = limiters
    who = subject()
    for _ in range(4):
        limiter.hit(LOCKING, who)
    time.sleep(1.2)
    verdicts = [other_worker.hit(LOCKING, who) for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert verdicts[-1].retry_after_seconds == 2


def test_a_throttle_refuses_until_its_window_ends(limiters):
    limiter, _ = limiters
    who = subject()
    verdicts = [limiter.hit(THROTTLE, who) for _ in range(3)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    assert 1 <= verdicts[2].retry_after_seconds <= 2
    time.sleep(2.1)
    assert limiter.hit(THROTTLE, who).allowed


def test_subjects_and_policies_have_their_own_counters(limiters):
    limiter, _ = limiters
    who = subject()
    for _ in range(4):
        limiter.hit(LOCKING, who)
    assert not limiter.hit(LOCKING, who).allowed
    assert limiter.hit(LOCKING, subject()).allowed
    assert limiter.hit(THROTTLE, who).allowed


def test_reset_forgets_a_counter(limiters):
    limiter, other_worker = limiters
    who = subject()
    for _ in range(4):
        limiter.hit(LOCKING, who)
    other_worker.reset(LOCKING, who)
    assert limiter.hit(LOCKING, who).allowed


def test_two_workers_hitting_one_counter_at_once_let_exactly_the_limit_through(limiters):
    who = subject()
    start = threading.Barrier(8)
    allowed: list[bool] = []
    lock = threading.Lock()

    def worker(limiter) -> None:
        start.wait()
        for _ in range(5):
            verdict = limiter.hit(CONCURRENT, who)
            with lock:
                allowed.append(verdict.allowed)

    threads = [threading.Thread(target=worker, args=(limiters[i % 2],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(allowed) == 40
    assert allowed.count(True) == CONCURRENT.limit


def _process_worker(conninfo: str, who: str, start, results) -> None:
    limiter = PostgresRateLimiter(conninfo)
    start.wait()
    results.extend([limiter.hit(CONCURRENT, who).allowed for _ in range(10)])
    limiter.close()


def test_two_app_processes_share_the_counters(cluster, test_db):
    """The local store with two OS processes (as two Reflex workers would be), not just two pools."""
    context = multiprocessing.get_context("spawn")
    manager = context.Manager()
    start, results = manager.Barrier(2), manager.list()
    who = subject()
    conninfo = cluster.url(dbname=test_db, user="authenticator")
    processes = [context.Process(target=_process_worker, args=(conninfo, who, start, results)) for _ in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    assert [process.exitcode for process in processes] == [0, 0]
    assert len(results) == 20
    assert list(results).count(True) == CONCURRENT.limit
    manager.shutdown()
