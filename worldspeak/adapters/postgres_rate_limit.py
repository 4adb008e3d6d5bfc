"""Rate-limit counters in PostgreSQL (local mode): `public.rate_limit_hit` through the service path.

Every worker shares the cluster, so the limit holds however many app processes run. The rule is
applied inside the database, atomically (see migration `..._rate_limits.sql`).
"""

from __future__ import annotations

import logging

import psycopg

from worldspeak.adapters.local_data import LocalPostgres
from worldspeak.domain.errors import DataError
from worldspeak.domain.rate_limits import RateLimit, Verdict, counter_key

log = logging.getLogger(__name__)

HIT_SQL = "select allowed, retry_after_seconds, remaining from public.rate_limit_hit(%s, %s, %s, %s, %s, %s, %s)"


class PostgresRateLimiter:
    def __init__(self, db: LocalPostgres) -> None:
        self._db = db

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
            with self._db.as_service() as conn:
                row = conn.execute(HIT_SQL, params).fetchone()
        except (psycopg.Error, DataError):
            # Fail open: a limiter outage must not lock every learner out. Logged loudly.
            log.exception("rate limiter unavailable; allowing %s", policy.name)
            return Verdict(True, 0, 0)
        return Verdict(bool(row["allowed"]), int(row["retry_after_seconds"]), int(row["remaining"]))

    def reset(self, policy: RateLimit, subject: str) -> None:
        try:
            with self._db.as_service() as conn:
                conn.execute("select public.rate_limit_reset(%s, %s)", (policy.name, counter_key(policy, subject)))
        except (psycopg.Error, DataError):
            log.exception("rate limiter unavailable; %s not reset", policy.name)
