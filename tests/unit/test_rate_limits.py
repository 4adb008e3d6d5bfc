"""The rate-limit rule (worldspeak.domain.rate_limits.decide), the client IP rule, and the wait message."""

from __future__ import annotations

import pytest

from worldspeak.domain.rate_limits import (
    SIGN_IN_PER_ACCOUNT,
    Counter,
    RateLimit,
    TooManyAttempts,
    counter_key,
    decide,
    growing,
    wait_message_key,
    wait_minutes,
)
from worldspeak.i18n import translate
from worldspeak.web_guards import client_ip

LOCKING = RateLimit("test_locking", limit=3, window_seconds=60, cooldowns=(10, 20, 40), forget_strikes_after=1000)
THROTTLE = RateLimit("test_throttle", limit=2, window_seconds=30)


def run(policy: RateLimit, times: list[float], counter: Counter | None = None):
    verdicts = []
    for now in times:
        counter, verdict = decide(policy, counter, now)
        verdicts.append(verdict)
    return counter, verdicts


def test_hits_within_the_limit_are_allowed_and_count_down():
    _, verdicts = run(LOCKING, [0, 1, 2])
    assert [v.allowed for v in verdicts] == [True, True, True]
    assert [v.remaining for v in verdicts] == [2, 1, 0]


def test_the_hit_past_the_limit_locks_for_the_first_cooldown_and_locked_hits_change_nothing():
    counter, verdicts = run(LOCKING, [0, 1, 2, 3])
    assert not verdicts[-1].allowed and verdicts[-1].retry_after_seconds == 10
    assert counter.locked_until == 13 and counter.strikes == 1
    after, verdict = decide(LOCKING, counter, 8.5)
    assert not verdict.allowed and verdict.retry_after_seconds == 5  # rounded up: 4.5 s -> 5
    assert after == counter


def test_after_the_cooldown_a_fresh_window_starts_and_the_next_lock_is_longer():
    counter, _ = run(LOCKING, [0, 1, 2, 3])  # locked until 13
    counter, verdicts = run(LOCKING, [13, 14, 15, 16], counter)
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert verdicts[-1].retry_after_seconds == 20
    counter, verdicts = run(LOCKING, [36, 37, 38, 39], counter)
    assert verdicts[-1].retry_after_seconds == 40
    counter, verdicts = run(LOCKING, [79, 80, 81, 82], counter)
    assert verdicts[-1].retry_after_seconds == 40  # the last cool-down repeats


def test_strikes_are_forgotten_long_after_the_last_lock():
    counter, _ = run(LOCKING, [0, 1, 2, 3])
    counter, verdicts = run(LOCKING, [2000, 2001, 2002, 2003], counter)
    assert verdicts[-1].retry_after_seconds == 10


def test_a_window_that_ended_starts_again_at_zero():
    counter, _ = run(LOCKING, [0, 1])
    _, verdicts = run(LOCKING, [61, 62, 63], counter)
    assert all(v.allowed for v in verdicts)


def test_a_throttle_refuses_until_the_window_ends_and_does_not_count_refusals():
    counter, verdicts = run(THROTTLE, [0, 1, 2, 29])
    assert [v.allowed for v in verdicts] == [True, True, False, False]
    assert verdicts[2].retry_after_seconds == 28 and verdicts[3].retry_after_seconds == 1
    assert counter.hits == 2 and counter.strikes == 0
    _, verdicts = run(THROTTLE, [30, 31, 32], counter)
    assert [v.allowed for v in verdicts] == [True, True, False]


def test_a_counter_expires_when_nothing_about_it_matters_any_more():
    counter, _ = run(THROTTLE, [100])
    assert counter.expires_at(THROTTLE) == 130
    locked, _ = run(LOCKING, [0, 1, 2, 3])
    assert locked.expires_at(LOCKING) == 3 + 1000  # strikes are remembered until forgotten


def test_growing_cooldowns_double_up_to_the_longest():
    assert growing(60, 1800) == (60, 120, 240, 480, 960, 1800)
    assert SIGN_IN_PER_ACCOUNT.cooldowns[0] == 60 and SIGN_IN_PER_ACCOUNT.cooldowns[-1] == 1800


def test_impossible_policies_are_refused():
    with pytest.raises(ValueError):
        RateLimit("x", 0, 60)
    with pytest.raises(ValueError):
        RateLimit("x", 1, 60, (0,))


def test_keys_are_hashes_per_policy_and_ignore_case_and_spaces():
    key = counter_key(SIGN_IN_PER_ACCOUNT, " Aiko@Example.com ")
    assert key == counter_key(SIGN_IN_PER_ACCOUNT, "aiko@example.com")
    assert len(key) == 64 and "aiko" not in key
    assert key != counter_key(LOCKING, "aiko@example.com")


def test_the_learner_reads_the_wait_in_whole_minutes_in_their_language():
    assert [wait_minutes(s) for s in (1, 59, 60, 61, 120, 1800)] == [1, 1, 1, 2, 2, 30]
    assert TooManyAttempts(61).wait_minutes == 2 and TooManyAttempts(61).code == "too_many_attempts"
    assert translate("en", wait_message_key(30)) == "Too many attempts. Please try again in a minute."
    assert translate("en", wait_message_key(120), minutes=2) == "Too many attempts. Please try again in 2 minutes."
    assert translate("ja", wait_message_key(120), minutes=2) == "試行回数が多すぎます。2分後にもう一度お試しください。"


def test_the_client_ip_comes_from_the_socket_unless_a_proxy_is_trusted():
    forged = "6.6.6.6"
    assert client_ip("10.0.0.5", forged, trusted_proxy_hops=0) == "10.0.0.5"
    # One trusted proxy appends the address it saw: the rightmost entry.
    assert client_ip("10.0.0.1", f"{forged}, 203.0.113.7", trusted_proxy_hops=1) == "203.0.113.7"
    assert client_ip("10.0.0.1", f"{forged}, 203.0.113.7, 10.0.0.2", trusted_proxy_hops=2) == "203.0.113.7"
    # Fewer entries than trusted hops: the header is not what our proxies write; keep the socket.
    assert client_ip("10.0.0.1", "", trusted_proxy_hops=1) == "10.0.0.1"
