"""Billing fixtures: the real webhook route (Starlette TestClient) over the real test database."""

from __future__ import annotations

import secrets
import uuid

import pytest
from starlette.responses import PlainTextResponse
from starlette.testclient import TestClient

from tests.billing import events
from tests.support.actors import as_learner, create_user
from worldspeak import billing_webhook, providers
from worldspeak.adapters.local_billing import LOCAL_PRICES, LocalBilling
from worldspeak.adapters.local_billing_store import LocalBillingStore
from worldspeak.adapters.local_data import LocalPostgres
from worldspeak.api import with_api_routes
from worldspeak.domain.billing import PriceBook

WEBHOOK_SECRET = "whsec_test_" + "b" * 32
TEST_JWT_SECRET = "test-only-secret-" + "x" * 32


@pytest.fixture(scope="session")
def billing_pool(cluster, test_db):
    pool = LocalPostgres(cluster.url(dbname=test_db, user="authenticator"), TEST_JWT_SECRET)
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def store(billing_pool) -> LocalBillingStore:
    return LocalBillingStore(billing_pool)


@pytest.fixture
def prices() -> PriceBook:
    return PriceBook(dict(LOCAL_PRICES))


@pytest.fixture
def pushed(monkeypatch) -> list[str]:
    """The learners whose open tabs the webhook pushed to (the Reflex app is not running here)."""
    calls: list[str] = []

    async def record(user_id: str) -> None:
        calls.append(user_id)

    monkeypatch.setattr(billing_webhook, "_push", record)
    return calls


@pytest.fixture
def client(store, prices, pushed, monkeypatch):
    """The app's real route table (`with_api_routes`) wired to the test database."""
    monkeypatch.setattr(providers, "billing_store", lambda: store)
    monkeypatch.setattr(providers, "billing_prices", lambda: prices)
    monkeypatch.setattr(providers, "stripe_webhook_secret", lambda: WEBHOOK_SECRET)
    app = with_api_routes(PlainTextResponse("the Reflex app"))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def send(client):
    """POST one event, signed with the webhook secret (or as told)."""

    def post(evt: dict, secret: str = WEBHOOK_SECRET, timestamp: int | None = None, signature: str | None = None):
        body = events.body_of(evt)
        headers = {"Content-Type": "application/json"}
        sig = signature if signature is not None else events.signed(body, secret, timestamp)
        if sig:
            headers["Stripe-Signature"] = sig
        return client.post("/api/stripe/webhook", content=body, headers=headers)

    return post


@pytest.fixture
def local_billing(client, tmp_path) -> LocalBilling:
    """The local twin, delivering over HTTP (TestClient) to the same webhook route."""

    def deliver(body: bytes, signature: str) -> int:
        return client.post("/api/stripe/webhook", content=body, headers={"Stripe-Signature": signature}).status_code

    return LocalBilling(tmp_path / "local_billing" / "state.json", WEBHOOK_SECRET, deliver)


class Learner:
    """A learner with Stripe-side ids, and helpers to read their row and record speech."""

    def __init__(self, db, user_id: uuid.UUID) -> None:
        self.db = db
        self.user_id = user_id
        self.customer = f"cus_test_{secrets.token_hex(6)}"
        self.sub_id = f"sub_test_{secrets.token_hex(6)}"

    @property
    def id(self) -> str:
        return str(self.user_id)

    def row(self) -> dict:
        return self.db.execute("select * from subscriptions where user_id = %s", (self.user_id,)).fetchone()

    def record(self, seconds: int):
        with as_learner(self.db, self.user_id, commit=True) as conn:
            return conn.execute("select * from record_microphone_usage(%s, 'en')", (seconds,)).fetchone()

    def subscription(self, **kwargs) -> dict:
        return events.subscription(self.sub_id, self.customer, self.id, **kwargs)

    def events_count(self) -> int:
        return self.db.execute("select count(*) as n from stripe_events").fetchone()["n"]


@pytest.fixture
def learner(db) -> Learner:
    return Learner(db, create_user(db))
