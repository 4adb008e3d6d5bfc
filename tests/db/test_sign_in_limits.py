"""Sign-in, sign-up and token refresh under the rate limits: services.session with the real local auth
adapter and the real PostgreSQL counters.

Waiting out a cool-down is done by moving the counter's clock back (`time_passes`), as the
superuser arranging data; the rule itself runs in the database as in production.
"""

from __future__ import annotations

import uuid

import pytest

from worldspeak.adapters.local_auth import LocalAuth
from worldspeak.adapters.postgres_rate_limit import PostgresRateLimiter
from worldspeak.domain.errors import AuthError
from worldspeak.domain.rate_limits import (
    REFRESH_PER_SESSION,
    SIGN_IN_PER_ACCOUNT,
    SIGN_IN_PER_IP,
    SIGN_UP_PER_IP,
    RateLimit,
    TooManyAttempts,
    counter_key,
)
from worldspeak.services import session as sessions

PASSWORD = "right-password-123"


@pytest.fixture(scope="module")
def limiter(cluster, test_db):
    store = PostgresRateLimiter(cluster.url(dbname=test_db, user="authenticator"))
    yield store
    store.close()


@pytest.fixture
def ip() -> str:
    """A client address of its own per test, so per-IP counters never leak between tests."""
    return f"198.51.100.{uuid.uuid4().int % 250 + 1}-{uuid.uuid4().hex[:6]}"


@pytest.fixture
def learner(local_auth) -> str:
    email = f"limits-{uuid.uuid4().hex[:10]}@example.com"
    local_auth.sign_up(email, PASSWORD)
    return email


@pytest.fixture
def time_passes(db):
    def shift(policy: RateLimit, subject: str, seconds: int) -> None:
        db.execute(
            "update private.rate_limit_counters set"
            " window_started_at = window_started_at - make_interval(secs => %(s)s),"
            " locked_until = locked_until - make_interval(secs => %(s)s),"
            " last_locked_at = last_locked_at - make_interval(secs => %(s)s),"
            " expires_at = expires_at - make_interval(secs => %(s)s)"
            " where bucket = %(bucket)s and key_hash = %(key)s",
            {"s": seconds, "bucket": policy.name, "key": counter_key(policy, subject)},
        )

    return shift


class CountingAuth:
    """The real adapter, counting how often the service asks it to check a password."""

    def __init__(self, auth: LocalAuth) -> None:
        self._auth = auth
        self.sign_ins = 0

    def sign_in(self, email: str, password: str):
        self.sign_ins += 1
        return self._auth.sign_in(email, password)

    def __getattr__(self, name):
        return getattr(self._auth, name)


def attempt(auth, gateway, limiter, email: str, password: str, ip: str) -> str:
    """The outcome as the learner would read it: "ok", an error code, or "wait <seconds>"."""
    try:
        sessions.sign_in(auth, gateway, email, password, limiter, ip)
    except TooManyAttempts as refusal:
        return f"wait {refusal.retry_after_seconds}"
    except AuthError as error:
        return error.code
    return "ok"


def test_a_guessing_loop_is_cut_off_and_the_right_password_waits_for_the_cooldown(
    local_auth, local_gateway, limiter, learner, ip, time_passes
):
    guesses = [attempt(local_auth, local_gateway, limiter, learner, f"guess-{n}-xxxx", ip) for n in range(8)]
    assert guesses == ["invalid_credentials"] * 5 + ["wait 60", "wait 60", "wait 60"]

    assert attempt(local_auth, local_gateway, limiter, learner, PASSWORD, ip) == "wait 60"
    time_passes(SIGN_IN_PER_ACCOUNT, learner, 30)
    assert attempt(local_auth, local_gateway, limiter, learner, PASSWORD, ip) == "wait 30"

    time_passes(SIGN_IN_PER_ACCOUNT, learner, 31)
    assert attempt(local_auth, local_gateway, limiter, learner, PASSWORD, ip) == "ok"


def test_the_second_lock_out_is_longer(local_auth, local_gateway, limiter, learner, ip, time_passes):
    for n in range(6):
        attempt(local_auth, local_gateway, limiter, learner, f"guess-{n}-xxxx", ip)
    time_passes(SIGN_IN_PER_ACCOUNT, learner, 61)
    guesses = [attempt(local_auth, local_gateway, limiter, learner, f"again-{n}-xxxx", ip) for n in range(6)]
    assert guesses == ["invalid_credentials"] * 5 + ["wait 120"]


def test_a_successful_sign_in_clears_the_account_count(local_auth, local_gateway, limiter, learner, ip):
    for n in range(4):
        attempt(local_auth, local_gateway, limiter, learner, f"typo-{n}-xxxx", ip)
    assert attempt(local_auth, local_gateway, limiter, learner, PASSWORD, ip) == "ok"
    guesses = [attempt(local_auth, local_gateway, limiter, learner, f"typo-{n}-xxxx", ip) for n in range(5)]
    assert guesses == ["invalid_credentials"] * 5


def test_another_account_from_the_same_ip_still_works_within_its_own_limit(
    local_auth, local_gateway, limiter, learner, ip
):
    for n in range(7):
        attempt(local_auth, local_gateway, limiter, learner, f"guess-{n}-xxxx", ip)
    other = f"limits-other-{uuid.uuid4().hex[:8]}@example.com"
    local_auth.sign_up(other, PASSWORD)
    assert [attempt(local_auth, local_gateway, limiter, other, "wrong-password-x", ip) for _ in range(4)] == [
        "invalid_credentials"
    ] * 4
    assert attempt(local_auth, local_gateway, limiter, other, PASSWORD, ip) == "ok"


def test_a_locked_account_is_no_oracle_for_whether_the_email_exists(local_auth, local_gateway, limiter, learner, ip):
    """Same answers, in the same order, for a real and an unknown email; once locked, the password
    is not even checked (so the answer cannot take longer for a real account). Before the lock,
    an unknown email pays for a bcrypt check against the dummy hash (adapters/local_auth.py)."""
    unknown = f"nobody-{uuid.uuid4().hex[:10]}@example.com"
    outcomes = {}
    for email in (learner, unknown):
        auth = CountingAuth(local_auth)
        outcomes[email] = [attempt(auth, local_gateway, limiter, email, f"guess-{n}-xxxx", ip) for n in range(7)]
        assert auth.sign_ins == 5, "refused attempts must never reach the password check"
    assert outcomes[learner] == outcomes[unknown] == ["invalid_credentials"] * 5 + ["wait 60", "wait 60"]


def test_the_account_key_is_the_address_as_stored(local_auth, local_gateway, limiter, learner, ip):
    variants = [learner.upper(), f"  {learner}", learner.capitalize(), learner, learner.upper(), learner]
    assert [attempt(local_auth, local_gateway, limiter, email, "wrong-password-x", ip) for email in variants] == [
        "invalid_credentials"
    ] * 5 + ["wait 60"]


def test_one_ip_spraying_many_accounts_is_cut_off(local_auth, local_gateway, limiter, ip):
    answers = [
        attempt(local_auth, local_gateway, limiter, f"spray-{n}-{uuid.uuid4().hex[:6]}@example.com", "123456789", ip)
        for n in range(SIGN_IN_PER_IP.limit + 2)
    ]
    assert answers[: SIGN_IN_PER_IP.limit] == ["invalid_credentials"] * SIGN_IN_PER_IP.limit
    assert answers[SIGN_IN_PER_IP.limit :] == [f"wait {SIGN_IN_PER_IP.cooldowns[0]}"] * 2


def test_sign_up_is_limited_per_ip(local_auth, local_gateway, limiter, ip, db):
    # Spend all but one of this IP's sign-ups without creating accounts (the counter is what counts).
    for _ in range(SIGN_UP_PER_IP.limit - 1):
        assert limiter.hit(SIGN_UP_PER_IP, ip).allowed
    email = f"limits-new-{uuid.uuid4().hex[:8]}@example.com"
    assert sessions.sign_up(local_auth, local_gateway, email, PASSWORD, limiter, ip).session is not None
    second = f"limits-new-{uuid.uuid4().hex[:8]}@example.com"
    with pytest.raises(TooManyAttempts) as refused:
        sessions.sign_up(local_auth, local_gateway, second, PASSWORD, limiter, ip)
    assert refused.value.retry_after_seconds == SIGN_UP_PER_IP.cooldowns[0]
    assert db.execute("select count(*) as n from auth.users where email = %s", (second,)).fetchone()["n"] == 0
    # Another address is unaffected.
    third = f"limits-new-{uuid.uuid4().hex[:8]}@example.com"
    assert sessions.sign_up(local_auth, local_gateway, third, PASSWORD, limiter, f"{ip}-b").session is not None


def test_refreshing_one_session_in_a_loop_signs_it_out_with_a_notice(local_postgres, local_gateway, limiter):
    from tests.db.conftest import TEST_JWT_SECRET

    # Access tokens that are born expired: every verification has to refresh.
    auth = LocalAuth(local_postgres, TEST_JWT_SECRET, access_token_seconds=-30, refresh_token_days=1)
    session = auth.sign_up(f"limits-refresh-{uuid.uuid4().hex[:8]}@example.com", PASSWORD)
    access, refresh = session.access_token, session.refresh_token
    for _ in range(REFRESH_PER_SESSION.limit):
        admission = sessions.verify_session(auth, access, refresh, limiter)
        assert admission.session is not None
        access, refresh = admission.session.access_token, admission.session.refresh_token
    refused = sessions.verify_session(auth, access, refresh, limiter)
    assert refused.session is None and refused.notice == "refresh_limited_notice"
    # Another session of the same learner is its own counter.
    fresh = auth.sign_in(session.email, PASSWORD)
    assert sessions.verify_session(auth, fresh.access_token, fresh.refresh_token, limiter).session is not None
