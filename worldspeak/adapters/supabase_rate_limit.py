"""Rate-limit counters in supabase mode: the same `public.rate_limit_hit` function, over the Data API.

The app has no direct database connection in this mode, so it calls the RPC with the service-role
key (the function is executable by the service role only; learners and anon cannot reach it).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

import httpx
from postgrest import APIError

from worldspeak.domain.rate_limits import RateLimit, Verdict, counter_key

if TYPE_CHECKING:
    from worldspeak.adapters.supabase_project import SupabaseProject

log = logging.getLogger(__name__)


class SupabaseRateLimiter:
    def __init__(self, project: SupabaseProject) -> None:
        self._project = project

    def _rpc(self, function: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        rest = self._project.rest(self._project.service_role_key, self._project.service_role_key)
        return cast(list[dict[str, Any]], rest.rpc(function, params).execute().data or [])

    def hit(self, policy: RateLimit, subject: str, cost: int = 1) -> Verdict:
        params = {
            "bucket": policy.name,
            "key_hash": counter_key(policy, subject),
            "hit_limit": policy.limit,
            "window_seconds": policy.window_seconds,
            "cooldowns": list(policy.cooldowns),
            "forget_seconds": policy.forget_strikes_after,
            "cost": cost,
        }
        try:
            rows = self._rpc("rate_limit_hit", params)
        except (APIError, httpx.HTTPError):
            log.exception("rate limiter unavailable; allowing %s", policy.name)
            return Verdict(True, 0, 0)
        row = rows[0]
        return Verdict(bool(row["allowed"]), int(row["retry_after_seconds"]), int(row["remaining"]))

    def reset(self, policy: RateLimit, subject: str) -> None:
        try:
            self._rpc("rate_limit_reset", {"bucket": policy.name, "key_hash": counter_key(policy, subject)})
        except (APIError, httpx.HTTPError):
            log.exception("rate limiter unavailable; %s not reset", policy.name)
