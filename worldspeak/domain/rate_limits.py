"""How many attempts are allowed, and how long a refused client waits. Plain rules, no storage.

A counter counts hits in a fixed window. A policy with cool-downs locks its key once the window's
limit is passed: the first lock-out lasts `cooldowns[0]`, the next `cooldowns[1]`, ... (the last
one repeats), and the lock-outs are forgotten `forget_strikes_after` seconds after the last one.
A policy without cool-downs only throttles: a refused hit waits for the window to end and does not
count. `decide` is the reference of that rule; the PostgreSQL function `public.rate_limit_hit`
(migration `..._rate_limits.sql`) applies the same rule atomically and is held to it by
`tests/contract/test_rate_limiter.py`.

Counters are keyed by `counter_key(policy, subject)`: a hash, so no email or IP is stored.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, replace

from worldspeak.domain.errors import AuthError


@dataclass(frozen=True)
class RateLimit:
    """`limit` hits per `window_seconds` for one subject (an account, an IP, a session, a learner)."""

    name: str
    limit: int
    window_seconds: int
    # Lock-out lengths by strike (1st, 2nd, ...); the last repeats. Empty: throttle only.
    cooldowns: tuple[int, ...] = ()
    forget_strikes_after: int = 24 * 3600

    def __post_init__(self) -> None:
        if self.limit < 1 or self.window_seconds < 1 or any(c < 1 for c in self.cooldowns):
            raise ValueError(f"impossible rate limit {self}")

    def cooldown(self, strike: int) -> int:
        return self.cooldowns[min(strike, len(self.cooldowns)) - 1]


def growing(first_seconds: int, longest_seconds: int) -> tuple[int, ...]:
    """Cool-downs that double from `first_seconds` up to `longest_seconds`."""
    steps = [first_seconds]
    while steps[-1] < longest_seconds:
        steps.append(min(steps[-1] * 2, longest_seconds))
    return tuple(steps)


MINUTE = 60

# Sign-in: per account (the email as typed, normalised; counted whether or not it exists) and per
# client IP. A successful sign-in clears the account's counter, never the IP's.
SIGN_IN_PER_ACCOUNT = RateLimit("sign_in_account", 5, 15 * MINUTE, growing(1 * MINUTE, 30 * MINUTE))
SIGN_IN_PER_IP = RateLimit("sign_in_ip", 30, 5 * MINUTE, growing(5 * MINUTE, 60 * MINUTE))
SIGN_UP_PER_IP = RateLimit("sign_up_ip", 30, 15 * MINUTE, growing(15 * MINUTE, 60 * MINUTE))
# Refreshing a session's tokens happens about once an hour; a loop is a bug or a replay.
REFRESH_PER_SESSION = RateLimit("refresh_session", 10, 5 * MINUTE, (5 * MINUTE,))

# The app's own HTTP routes (worldspeak.web_guards): throttles, answered with 429 + Retry-After.
API_HEALTH_PER_IP = RateLimit("api_health_ip", 120, MINUTE)
API_UPLOAD_PER_LEARNER = RateLimit("api_upload_learner", 30, MINUTE)
API_TURN_PER_LEARNER = RateLimit("api_turn_learner", 20, MINUTE)
API_WEBHOOK_PER_IP = RateLimit("api_webhook_ip", 300, MINUTE)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    # Whole seconds to wait before the next hit can succeed (0 when allowed).
    retry_after_seconds: int = 0
    remaining: int = 0


@dataclass(frozen=True)
class Counter:
    """One key's state; times are seconds (any epoch, as long as it is the same for all)."""

    hits: int = 0
    window_started_at: float = 0.0
    locked_until: float = 0.0
    strikes: int = 0
    last_locked_at: float = 0.0

    def expires_at(self, policy: RateLimit) -> float:
        """After this the counter means nothing any more and may be deleted."""
        ends = [self.window_started_at + policy.window_seconds, self.locked_until]
        if self.strikes:
            ends.append(self.last_locked_at + policy.forget_strikes_after)
        return max(ends)


def _wait(until: float, now: float) -> int:
    return max(1, math.ceil(until - now))


def decide(policy: RateLimit, counter: Counter | None, now: float, cost: int = 1) -> tuple[Counter, Verdict]:
    """The counter after one hit at `now`, and whether that hit is allowed."""
    state = counter or Counter(window_started_at=now)
    if state.locked_until > now:
        return state, Verdict(False, _wait(state.locked_until, now))
    if state.strikes and state.last_locked_at + policy.forget_strikes_after <= now:
        state = replace(state, strikes=0)
    if state.window_started_at + policy.window_seconds <= now:
        state = replace(state, hits=0, window_started_at=now)
    if state.hits + cost <= policy.limit:
        state = replace(state, hits=state.hits + cost)
        return state, Verdict(True, 0, policy.limit - state.hits)
    if not policy.cooldowns:
        return state, Verdict(False, _wait(state.window_started_at + policy.window_seconds, now))
    strikes = state.strikes + 1
    until = now + policy.cooldown(strikes)
    # The lock-out ends with a fresh window.
    state = Counter(hits=0, window_started_at=until, locked_until=until, strikes=strikes, last_locked_at=now)
    return state, Verdict(False, _wait(until, now))


def counter_key(policy: RateLimit, subject: str) -> str:
    """What the store keys on: no email or IP address is kept in clear."""
    return hashlib.sha256(f"{policy.name}\x00{subject.strip().lower()}".encode()).hexdigest()


class TooManyAttempts(AuthError):
    """Refused by a rate limit; the learner waits `retry_after_seconds`."""

    def __init__(self, retry_after_seconds: int, detail: str = "") -> None:
        super().__init__("too_many_attempts", detail)
        self.retry_after_seconds = retry_after_seconds

    @property
    def wait_minutes(self) -> int:
        return wait_minutes(self.retry_after_seconds)


def wait_minutes(seconds: int) -> int:
    """The wait as the learner reads it: whole minutes, rounded up, at least one."""
    return max(1, math.ceil(seconds / 60))


def wait_message_key(seconds: int) -> str:
    """The i18n key for "try again in N minutes" (its own key for one minute: no "1 minutes")."""
    return "too_many_attempts_one_minute" if wait_minutes(seconds) == 1 else "err_too_many_attempts"
