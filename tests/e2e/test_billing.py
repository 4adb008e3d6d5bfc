"""Billing end to end, local mode, in Chromium at desktop and 375 px.

A free learner at the limit upgrades through the local (test) checkout; a second open tab shows
the new limit without a reload (pushed by the webhook); the learner can record again; then they
cancel in the local portal and /pricing says "Cancels on <date>".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_no_horizontal_overflow, open_page, settles, track_hydration, url_path

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).parent / "artifacts" / "billing"


def _shot(page: Page, viewport: str, step: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{viewport}-{step}.png"), full_page=True)


def test_a_free_learner_at_the_limit_upgrades_sees_the_new_limit_everywhere_and_cancels(
    page: Page, context, signed_in, e2e_db, e2e_auth, viewport
):
    learner = signed_in()
    e2e_db.execute("update subscriptions set seconds_used = 3600 where user_id = %s", (learner.user_id,))

    # A second tab of the same learner, left open on /pricing.
    other_tab = context.new_page()
    track_hydration(other_tab)
    open_page(other_tab, "/pricing")
    expect(other_tab.locator("#usage-text")).to_have_text("60 of 60 min used")
    home_tab = context.new_page()
    track_hydration(home_tab)
    open_page(home_tab, "/home")
    expect(home_tab.locator("#minutes-left")).to_have_text("0 of 60 min")

    open_page(page, "/pricing")
    expect(page.locator("#limit-reached")).to_be_visible()
    expect(page.locator("#current-plan-free")).to_be_visible()
    expect(page.locator("#usage-text")).to_have_text("60 of 60 min used")
    assert_no_horizontal_overflow(page)
    _shot(page, viewport, "1-at-the-limit")

    # Upgrade: the local checkout, clearly a test payment.
    with settles(page):
        page.locator("#upgrade-standard").click()
    expect(page).to_have_url(url_path("/billing/local/checkout"))
    expect(page.locator("#test-payment-badge")).to_be_visible()
    page.locator("#decline").click()
    expect(page.locator("#checkout-error")).to_contain_text("declined")
    _shot(page, viewport, "2-local-checkout")
    with settles(page):
        page.locator("#pay").click()
    expect(page).to_have_url(url_path("/billing/success"))
    expect(page.locator("#payment-confirmed")).to_contain_text("Standard")
    expect(page.locator("#payment-confirmed")).to_contain_text("900")
    _shot(page, viewport, "3-success")

    # The other tab got the new limit without a reload.
    expect(other_tab.locator("#usage-text")).to_have_text("0 of 900 min used")
    expect(other_tab.locator("#current-plan-standard")).to_be_visible()
    expect(other_tab.locator("#can-record")).to_be_visible()
    _shot(other_tab, viewport, "4-other-tab-pushed")
    expect(home_tab.locator("#minutes-left")).to_have_text("900 of 900 min")
    expect(home_tab.locator("#plan-badge")).to_have_text("Standard")
    home_tab.close()

    # ... and the learner can record again (the same metering the microphone uses).
    auth, gateway = e2e_auth
    session = auth.sign_in(learner.email, learner.password)
    recorded = gateway.for_learner(session.access_token).record_microphone_usage(30, "en")
    assert recorded.monthly_seconds_limit == 900 * 60

    # Cancel in the (local) portal, then /pricing says when it ends.
    with settles(page):
        page.locator("#back-to-plans").click()
    with settles(page):
        page.locator("#manage-billing").click()
    expect(page).to_have_url(url_path("/billing/local/portal"))
    expect(page.locator("#portal-status")).to_contain_text("Standard")
    page.locator("#portal-cancel").click()
    expect(page.locator("#portal-cancels-on")).to_be_visible()
    _shot(page, viewport, "5-portal-canceled")
    period_end = e2e_db.execute(
        "select (current_period_end at time zone 'UTC')::date as d, cancel_at_period_end from subscriptions"
        " where user_id = %s",
        (learner.user_id,),
    ).fetchone()
    assert period_end["cancel_at_period_end"] is True
    expect(other_tab.locator("#cancels-on")).to_have_text(f"Cancels on {period_end['d'].isoformat()}")
    with settles(page):
        page.locator("#portal-return").click()
    expect(page).to_have_url(url_path("/pricing"))
    expect(page.locator("#cancels-on")).to_have_text(f"Cancels on {period_end['d'].isoformat()}")
    expect(page.locator("#current-plan-standard")).to_be_visible()
    assert_no_horizontal_overflow(page)
    _shot(page, viewport, "6-cancels-on")
    other_tab.close()


def test_a_failed_payment_shows_the_past_due_banner_and_a_new_card_clears_it(
    page: Page, signed_in, cluster, e2e_database, viewport
):
    from tests.e2e.helpers import BASE_URL
    from worldspeak.adapters.local_billing import LOCAL_PRICES, LocalBilling, http_delivery
    from worldspeak.adapters.local_billing_store import LocalBillingStore
    from worldspeak.adapters.local_data import LocalPostgres
    from worldspeak.domain.billing import PriceBook
    from worldspeak.services import billing as billing_service
    from worldspeak.settings import get_settings

    settings = get_settings()
    # The app's own local twin: the same state file and webhook secret, delivering to the running app.
    local = LocalBilling(
        settings.data_dir / "local_billing" / "state.json",
        settings.webhook_secret,
        http_delivery(f"{BASE_URL}/api/stripe/webhook"),
    )
    pool = LocalPostgres(cluster.url(dbname=e2e_database, user="authenticator"), settings.jwt_secret)
    try:
        learner = signed_in()
        store = LocalBillingStore(pool)
        url = billing_service.start_checkout(
            local, store, PriceBook(dict(LOCAL_PRICES)), learner.user_id, "premium", BASE_URL
        )
        billing_service.local_pay(local, url.split("session=")[1], learner.user_id)

        open_page(page, "/home")
        expect(page.locator("#plan-badge")).to_have_text("Premium")
        expect(page.locator("#past-due-banner")).to_have_count(0)

        local.fail_payment(learner.user_id)  # what `python -m worldspeak billing fail-payment EMAIL` does
        banner = page.locator("#past-due-banner")
        expect(banner).to_be_visible()  # pushed: no reload
        expect(banner).to_contain_text("Your last payment failed")
        _shot(page, viewport, "7-past-due-banner")

        with settles(page):
            page.locator("#fix-card").click()
        expect(page.locator("#manage")).to_be_visible()
        with settles(page):
            page.locator("#manage-billing").click()
        page.locator("#portal-update-card").click()
        with settles(page):
            page.locator("#portal-return").click()
        expect(page.locator("#past-due-banner")).to_have_count(0)
        expect(page.locator("#current-plan-premium")).to_be_visible()
        _shot(page, viewport, "8-card-updated")
    finally:
        pool.close()


def test_the_running_app_refuses_a_forged_webhook_and_ignores_a_replay(app_server):
    import json
    import secrets
    import time

    import httpx
    import stripe

    from worldspeak.domain.billing import STRIPE_API_VERSION
    from worldspeak.settings import get_settings

    event = {
        "id": f"evt_e2e_{secrets.token_hex(8)}",
        "object": "event",
        "api_version": STRIPE_API_VERSION,
        "created": int(time.time()),
        "type": "customer.updated",
        "data": {"object": {"id": "cus_e2e", "object": "customer"}},
    }
    body = json.dumps(event)
    url = f"{app_server}/api/stripe/webhook"
    forged = stripe.WebhookSignature.generate_signature_header(body, "whsec_not_the_apps_secret")
    assert httpx.post(url, content=body, headers={"Stripe-Signature": forged}).status_code == 400
    genuine = stripe.WebhookSignature.generate_signature_header(body, get_settings().webhook_secret)
    first = httpx.post(url, content=body, headers={"Stripe-Signature": genuine})
    assert (first.status_code, first.json()["outcome"]) == (200, "ignored")
    replay = httpx.post(url, content=body, headers={"Stripe-Signature": genuine})
    assert (replay.status_code, replay.json()["outcome"]) == (200, "duplicate")
