"""Rate-limit counters in PostgreSQL (local mode): one call to `public.rate_limit_hit` per hit.

Every worker shares the cluster, so the limit holds however many app processes run; the rule is
applied inside the database, atomically (migration `..._rate_limits.sql`).

Why a pool of its own rather than `LocalPostgres.as_service()`: a hit sits in front of every
sign-in and every guarded API request, and the service path costs four round trips (BEGIN,
set_config(role), the call, COMMIT) where one autocommit statement does the same job. These
connections log in as `authenticator` and take `service_role` for the whole session, the role the
function is granted to (nothing else runs on them). Measured in bench/limits.py.
"""

from __future__ import annotations

import logging
import threading

import psycopg
from psycopg_pool import ConnectionPool

from worldspeak.domain.rate_limits import RateLimit, Verdict, counter_key

log = logging.getLogger(__name__)

HIT_SQL = "select allowed, retry_after_seconds, remaining from public.rate_limit_hit(%s, %s, %s, %s, %s, %s, %s)"
RESET_SQL = "select public.rate_limit_reset(%s, %s)"
# A limiter that cannot answer quickly is treated as down (fail open), never waited on.
SESSION_OPTIONS = "-c role=service_role -c statement_timeout=2000 -c lock_timeout=1000"


class PostgresRateLimiter:
    def __init__(self, conninfo: str, max_size: int = 4, wait_seconds: float = 2.0) -> None:
        self._conninfo = conninfo
        self._max_size = max_size
        self._wait_seconds = wait_seconds
        self._pool: ConnectionPool | None = None
        self._lock = threading.Lock()

    def _get_pool(self) -> ConnectionPool:
        with self._lock:
            if self._pool is None:
                self._pool = ConnectionPool(
                    self._conninfo,
                    min_size=1,
                    max_size=self._max_size,
                    kwargs={"autocommit": True, "options": SESSION_OPTIONS},
                    open=True,
                    timeout=self._wait_seconds,
                )
            return self._pool

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    def hit(self, policy: RateLimit, subject: str, cost: int = 1) -> Verdict:
        params = (
            policy.name,
            counter_key(policy, subject),
            policy.limit,
            policy.window_seconds,
            list(policy.cooldowns),
            policy.forget_strikes_after,
            cost,
        )
        try:
            with self._get_pool().connection() as conn:
                row = conn.execute(HIT_SQL, params).fetchone()
        except psycopg.Error as error:  # PoolTimeout included
            # Fail open: a limiter outage must not lock every learner out. Logged loudly.
            log.error("rate limiter unavailable; allowing %s: %s", policy.name, error)
            return Verdict(True, 0, 0)
        if row is None:  # the function always returns one row
            raise RuntimeError("public.rate_limit_hit returned no row")
        allowed, retry_after_seconds, remaining = row
        return Verdict(bool(allowed), int(retry_after_seconds), int(remaining))

    def reset(self, policy: RateLimit, subject: str) -> None:
        try:
            with self._get_pool().connection() as conn:
                conn.execute(RESET_SQL, (policy.name, counter_key(policy, subject)))
        except psycopg.Error as error:  # PoolTimeout included
            log.error("rate limiter unavailable; %s not reset: %s", policy.name, error)
