"""The UI language switch, and pages that fit the screen, at desktop and phone sizes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    Learner,
    assert_no_horizontal_overflow,
    fill_onboarding,
    horizontal_overflow,
    local_storage,
    open_page,
    reload,
    settles,
    sign_up,
    submit_onboarding,
    url_path,
)

pytestmark = pytest.mark.e2e


def test_language_switch_turns_the_sign_in_page_japanese_and_persists(page: Page):
    open_page(page, "/signin")
    submit = page.locator("#signin-submit")
    expect(submit).to_have_text("Sign in")

    page.locator("#locale-ja").click()
    expect(submit).to_have_text("ログイン")
    expect(page.locator("#nav-sign-in")).to_have_text("ログイン")
    expect(page.get_by_role("heading", name="おかえりなさい")).to_be_visible()
    expect(page.locator("#signin-switch")).to_have_text("はじめての方はアカウントを作成")
    assert local_storage(page, "ws_locale") == "ja"

    reload(page)
    expect(submit).to_have_text("ログイン")
    expect(page.get_by_role("heading", name="おかえりなさい")).to_be_visible()

    # Other pages follow, and English comes back on request.
    with settles(page):
        page.locator("#signin-switch").click()
    expect(page).to_have_url(url_path("/signup"))
    expect(page.locator("#signup-submit")).to_have_text("アカウント作成")
    page.locator("#locale-en").click()
    expect(page.locator("#signup-submit")).to_have_text("Create account")
    assert local_storage(page, "ws_locale") == "en"


def test_pages_fit_the_screen_without_horizontal_scrolling(page: Page, viewport: str):
    expected_width = {"desktop": 1280, "phone": 375}[viewport]

    def check(path: str) -> None:
        expect(page).to_have_url(url_path(path))
        sizes = horizontal_overflow(page)
        # A phone lays the page out at its own width (the page declares a device-width viewport).
        assert sizes["innerWidth"] == expected_width, sizes
        assert_no_horizontal_overflow(page)

    open_page(page, "/")
    expect(page.locator("#cta-sign-up")).to_be_visible()
    check("/")

    open_page(page, "/signin")
    expect(page.locator("#signin-submit")).to_be_visible()
    check("/signin")

    # /onboarding at its widest: every field filled, two target languages with their level selects.
    learner = Learner()
    sign_up(page, learner)
    check("/onboarding")
    fill_onboarding(page, learner)
    expect(page.locator("#level-en")).to_be_visible()
    check("/onboarding")

    submit_onboarding(page)
    expect(page.locator("#home-greeting")).to_contain_text(learner.name)
    expect(page.locator("#home-languages .rt-Card")).to_have_count(2)
    check("/home")

    # Japanese strings are longer in places; they must fit too.
    page.locator("#locale-ja").click()
    expect(page.locator("#sign-out")).to_have_text("ログアウト")
    check("/home")
