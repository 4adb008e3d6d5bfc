"""The rate-limit port: one shared counter store for every worker. Adapters: PostgreSQL (local),
the Supabase Data API (service role); see `worldspeak.providers.rate_limiter`."""

from __future__ import annotations

from typing import Protocol

from worldspeak.domain.rate_limits import RateLimit, Verdict


class RateLimiter(Protocol):
    def hit(self, policy: RateLimit, subject: str, cost: int = 1) -> Verdict:
        """Count one attempt by `subject` (an email, an IP, a session id, a learner id) and decide it.

        Atomic across workers: of N concurrent hits on one counter, exactly the allowed ones are
        allowed. When the store cannot be reached the hit is allowed and the failure logged (the
        limiter must not take sign-in down with it).
        """
        ...

    def reset(self, policy: RateLimit, subject: str) -> None:
        """Forget `subject`'s counter (e.g. after a successful sign-in clears the account's failures)."""
        ...
