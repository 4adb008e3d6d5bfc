"""Sign-up, onboarding, sign-in, sign-out and sessions, in a real browser, at desktop and phone sizes."""

from __future__ import annotations

import time
import warnings

import jwt
import pytest
from jwt.warnings import InsecureKeyLengthWarning
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    BROWSER_TIMEZONE,
    Learner,
    answered,
    complete_onboarding,
    fill_credentials,
    local_storage,
    onboard_directly,
    open_page,
    reload,
    set_local_storage,
    settles,
    sign_in,
    sign_up,
    sign_up_and_onboard,
    submit_sign_up,
    track_hydration,
    unique_email,
    url_path,
    wait_until_storage_empty,
)

pytestmark = pytest.mark.e2e


def expect_home_for(page: Page, learner: Learner) -> None:
    expect(page).to_have_url(url_path("/home"))
    expect(page.locator("#home-greeting")).to_contain_text(learner.name)
    expect(page.locator("#sign-out")).to_be_visible()


def test_sign_up_and_onboarding_lead_to_home(page: Page, e2e_db):
    open_page(page, "/")
    with settles(page):
        page.locator("#cta-sign-up").click()
    expect(page).to_have_url(url_path("/signup"))

    learner = Learner()
    fill_credentials(page, "signup", learner.email, learner.password)
    with settles(page):
        page.locator("#signup-submit").click()
    expect(page).to_have_url(url_path("/onboarding"))
    assert local_storage(page, "ws_access_token"), "sign-up should keep an access token"
    assert local_storage(page, "ws_refresh_token"), "sign-up should keep a refresh token"

    complete_onboarding(page, learner)

    expect(page.locator("#home-greeting")).to_contain_text(learner.name)
    expect(page.locator("#plan-badge")).to_have_text("Free")
    expect(page.locator("#minutes-left")).to_have_text("60 of 60 min")
    languages = page.locator("#home-languages")
    for _code, (_level, level_label, own_name) in learner.targets.items():
        chip = languages.locator(".rt-Card").filter(has_text=own_name)
        expect(chip).to_have_count(1)
        expect(chip).to_contain_text(level_label)
    expect(languages.locator(".rt-Card")).to_have_count(len(learner.targets))

    # Every answer reached the database, not only the ones /home shows.
    profile = e2e_db.execute(
        "select id, full_name, native_language, target_languages, proficiency_levels, timezone, learning_style,"
        " onboarding_completed_at from public.profiles where email = %s",
        (learner.email,),
    ).fetchone()
    assert profile is not None
    assert profile["full_name"] == learner.name
    assert profile["native_language"] == "ja"
    assert sorted(profile["target_languages"]) == ["en", "es"]
    assert profile["proficiency_levels"] == {"es": "beginner", "en": "intermediate"}
    assert profile["timezone"] == BROWSER_TIMEZONE
    assert profile["learning_style"] == learner.learning_style
    assert profile["onboarding_completed_at"] is not None
    settings = e2e_db.execute(
        "select language_code, proficiency_level, daily_target_minutes from public.language_settings"
        " where user_id = %s order by language_code",
        (profile["id"],),
    ).fetchall()
    assert [(row["language_code"], row["proficiency_level"], row["daily_target_minutes"]) for row in settings] == [
        ("en", "intermediate", learner.daily_minutes),
        ("es", "beginner", learner.daily_minutes),
    ]


def test_sign_out_then_sign_in_again(page: Page):
    learner = sign_up_and_onboard(page)

    with settles(page):
        page.locator("#sign-out").click()
    expect(page).to_have_url(url_path("/signin"))
    expect(page.locator("#signin-notice")).to_have_text("You have signed out.")
    expect(page.locator("#nav-sign-in")).to_be_visible()
    assert not local_storage(page, "ws_access_token")
    assert not local_storage(page, "ws_refresh_token")

    # Signed out means signed out: /home sends the visitor back to sign in.
    open_page(page, "/home")
    expect(page).to_have_url(url_path("/signin"))

    sign_in(page, learner)
    expect_home_for(page, learner)
    expect(page.locator("#plan-badge")).to_have_text("Free")


def test_reload_and_new_tab_keep_the_session(page: Page, context, signed_in):
    learner = signed_in()
    open_page(page, "/home")
    expect_home_for(page, learner)

    reload(page)
    expect_home_for(page, learner)

    second = context.new_page()
    track_hydration(second)
    open_page(second, "/home")
    expect_home_for(second, learner)
    expect(second.locator("#minutes-left")).to_have_text("60 of 60 min")
    second.close()


def test_wrong_password_shows_a_clear_error_and_keeps_the_email(page: Page):
    learner = sign_up_and_onboard(page)
    with settles(page):
        page.locator("#sign-out").click()

    open_page(page, "/signin")
    fill_credentials(page, "signin", learner.email, "not-the-right-password")
    page.locator("#signin-submit").click()

    error = page.locator("#signin-error")
    expect(error).to_contain_text("That email and password don't match")
    expect(error).to_have_attribute("role", "alert")
    expect(page).to_have_url(url_path("/signin"))
    expect(page.locator("#signin-email")).to_have_value(learner.email)
    expect(page.locator("#signin-submit")).to_be_enabled()
    assert not local_storage(page, "ws_access_token")

    # The learner can correct the password and carry on.
    page.locator("#signin-password").fill(learner.password)
    with settles(page):
        page.locator("#signin-submit").click()
    expect_home_for(page, learner)


def test_duplicate_email_on_sign_up_shows_a_clear_error(page: Page):
    learner = Learner()
    sign_up(page, learner)
    with settles(page):
        page.locator("#sign-out").click()
    expect(page).to_have_url(url_path("/signin"))

    submit_sign_up(page, learner.email, "another-long-password")

    error = page.locator("#signup-error")
    expect(error).to_contain_text("An account with this email already exists")
    expect(error).to_have_attribute("role", "alert")
    expect(page).to_have_url(url_path("/signup"))
    expect(page.locator("#signup-email")).to_have_value(learner.email)
    assert not local_storage(page, "ws_access_token")

    # The same address in other letter case is the same account.
    page.locator("#signup-email").fill(learner.email.upper())
    with answered(page, '"working_rx_state_":false'):
        page.locator("#signup-submit").click()
    expect(error).to_contain_text("An account with this email already exists")
    expect(page).to_have_url(url_path("/signup"))
    assert not local_storage(page, "ws_access_token")


def test_forged_token_signs_the_learner_out(page: Page, signed_in):
    learner = signed_in()
    open_page(page, "/home")
    expect_home_for(page, learner)
    genuine = local_storage(page, "ws_access_token")
    assert genuine
    claims = jwt.decode(genuine, options={"verify_signature": False})
    with warnings.catch_warnings():  # the short key is the point: it is simply not the app's secret
        warnings.simplefilter("ignore", InsecureKeyLengthWarning)
        forged = jwt.encode(
            {
                "sub": claims["sub"],
                "role": "authenticated",
                "aud": "authenticated",
                "exp": int(time.time()) + 3600,
                "email": claims["email"],
                "app_metadata": {},
                "user_metadata": {},
                "session_id": claims["session_id"],
            },
            "not-the-secret",
            algorithm="HS256",
        )
    set_local_storage(page, "ws_access_token", forged)

    reload(page)

    expect(page).to_have_url(url_path("/signin"))
    expect(page.locator("#signin-notice")).to_contain_text("Your session is no longer valid")
    expect(page.locator("#nav-sign-in")).to_be_visible()
    wait_until_storage_empty(page, "ws_access_token")
    assert not local_storage(page, "ws_access_token")
    assert not local_storage(page, "ws_refresh_token")


def test_sign_up_rejects_a_short_password_and_an_invalid_email(page: Page):
    email = unique_email()
    submit_sign_up(page, email, "short12")
    error = page.locator("#signup-error")
    expect(error).to_contain_text("at least 8 characters")
    expect(page).to_have_url(url_path("/signup"))
    expect(page.locator("#signup-email")).to_have_value(email)

    # The browser accepts "user@localhost" (type=email), the server's email validator does not.
    page.locator("#signup-email").fill("user@localhost")
    page.locator("#signup-password").fill("long-enough-password")
    assert page.locator("#signup-email").evaluate("el => el.checkValidity()"), "the browser should let it through"
    page.locator("#signup-submit").click()
    expect(error).to_contain_text("valid email address")
    expect(page).to_have_url(url_path("/signup"))
    expect(page.locator("#signup-email")).to_have_value("user@localhost")
    assert not local_storage(page, "ws_access_token")


def test_messages_are_shown_once_and_never_go_stale(page: Page):
    learner = sign_up_and_onboard(page)
    with settles(page):
        page.locator("#sign-out").click()
    expect(page.locator("#signin-notice")).to_have_text("You have signed out.")

    # The reason is shown once: not on the sign-up page, not after a reload.
    open_page(page, "/signup")
    expect(page.locator("#signup-submit")).to_be_visible()
    expect(page.locator("#signup-notice")).to_have_count(0)
    open_page(page, "/signin")
    expect(page.locator("#signin-submit")).to_be_visible()
    expect(page.locator("#signin-notice")).to_have_count(0)

    # An old error does not come back when the learner returns to the page.
    fill_credentials(page, "signin", learner.email, "not-the-right-password")
    with answered(page, "sign_in_state"):
        page.locator("#signin-submit").click()
    expect(page.locator("#signin-error")).to_be_visible()
    open_page(page, "/signup")
    open_page(page, "/signin")
    expect(page.locator("#signin-submit")).to_be_visible()
    expect(page.locator("#signin-error")).to_have_count(0)


def test_an_admin_s_home_shows_only_the_admin_s_own_languages(page: Page, signed_in, e2e_auth):
    # Another learner with languages of their own exists; RLS lets an admin read their rows.
    auth, gateway = e2e_auth
    other = Learner(targets={"fr": ("advanced", "Advanced", "Français")})
    session = auth.sign_up(other.email, other.password, other.name)
    onboard_directly(gateway.for_learner(session.access_token), other)

    admin = signed_in(Learner(targets={"de": ("elementary", "Elementary", "Deutsch")}), admin=True)
    open_page(page, "/home")
    expect_home_for(page, admin)
    expect(page.locator("#admin-badge")).to_be_visible()
    chips = page.locator("#home-languages .rt-Card")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text("Deutsch")
    expect(page.locator("#home-languages")).not_to_contain_text("Français")
