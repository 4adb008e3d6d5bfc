"""Conversation practice in Chromium (desktop and 375 px), with a fake microphone fed a WAV made here.

Chromium needs its fake-media flags at launch, so this module launches its own browser. The WAV is
the script's expected line, spoken by the app's own offline voice, so recognition really hears it.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.flaky_tutor import FAIL_ONCE_MARKER
from tests.e2e.helpers import (
    RECORD_STREAMED_CLIPS,
    clip_paths_of,
    fake_microphone_browser,
    open_page,
    shot,
    spoken_line_wav,
    streamed_clip_paths,
    url_path,
)
from worldspeak.domain.tutor import split_sentences

# The e2e app server (session fixture, started later) copies this environment: it makes the app
# use the test-only flaky partner, which behaves exactly like the offline one unless told to fail.
os.environ["WORLDSPEAK_E2E_FLAKY_TUTOR"] = "1"

pytestmark = pytest.mark.e2e
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "practice"
CAFE_SCRIPT = "5c000000-0000-4000-8000-000000000001"
TURN_TIMEOUT_MS = 90_000


@pytest.fixture(scope="module")
def browser(playwright_driver, tmp_path_factory):
    wav = spoken_line_wav(tmp_path_factory.mktemp("mic") / "latte.wav", "Can I have a latte, please?", "en")
    launched = fake_microphone_browser(playwright_driver, wav)
    yield launched
    launched.close()


def start_from_practice(page: Page, button: str) -> None:
    open_page(page, "/practice")
    expect(page.locator("#scenario-list")).to_be_visible()
    page.locator(button).first.click()
    expect(page).to_have_url(re.compile(r"/practice/[0-9a-f-]{36}$"), timeout=30_000)
    expect(page.locator(".bubble.partner").first).to_be_visible(timeout=30_000)


def test_script_conversation_spoken_turn_shows_transcript_coloured_words_and_feedback(page: Page, signed_in, request):
    signed_in()
    open_page(page, "/practice")
    shot(page, request, ARTIFACTS, "1-practice")
    expect(page.locator(".script-card.locked").first).to_be_visible()
    expect(page.locator(".script-upgrade").first).to_have_attribute("href", "/pricing")
    start_from_practice(page, f"#start-script-{CAFE_SCRIPT}")
    expect(page.locator("#expected-line")).to_be_visible()
    shot(page, request, ARTIFACTS, "2-conversation")
    page.locator("#record-button").click()
    expect(page.locator("#stop-button")).to_be_visible()
    page.wait_for_timeout(3500)
    page.locator("#stop-button").click()
    expect(page.locator("#turn-steps")).to_be_visible()
    shot(page, request, ARTIFACTS, "3-steps")
    learner = page.locator(".bubble.learner").first
    expect(learner.locator(".message-text")).to_contain_text(re.compile("latte|have", re.I), timeout=TURN_TIMEOUT_MS)
    expect(learner.locator(".pronunciation-words button").first).to_be_visible(timeout=TURN_TIMEOUT_MS)
    expect(learner.locator(".adherence-score")).to_be_visible()
    expect(page.locator(".bubble.partner")).to_have_count(2, timeout=TURN_TIMEOUT_MS)
    shot(page, request, ARTIFACTS, "4-feedback")


def test_typed_turn_in_a_free_scenario_gets_a_reply_with_audio_then_the_summary(page: Page, signed_in, request):
    signed_in()
    page.add_init_script(RECORD_STREAMED_CLIPS)
    start_from_practice(page, "#start-scenario-cafe_order")
    # The opening line is voiced as the page opens, and each of its sentences streamed to the player.
    opening = page.locator(".bubble.partner audio").first
    expect(opening).to_have_attribute("src", re.compile(r"/api/audio/"), timeout=TURN_TIMEOUT_MS)
    opening_clips = clip_paths_of(opening)
    assert opening_clips and streamed_clip_paths(page) == opening_clips
    page.locator("#typed-answer").fill("Hi! Can I have a coffee, please? <b>bold</b>")
    page.locator("#send-typed").click()
    expect(page.locator(".bubble.partner")).to_have_count(2, timeout=TURN_TIMEOUT_MS)
    learner = page.locator(".bubble.learner").first
    expect(learner.locator(".message-text")).to_have_text("Hi! Can I have a coffee, please? <b>bold</b>")
    reply = page.locator(".bubble.partner").nth(1)
    audio = reply.locator("audio")
    expect(audio).to_have_attribute("src", re.compile(r"/api/audio/"), timeout=TURN_TIMEOUT_MS)
    reply_text = reply.locator(".message-text").inner_text()
    reply_clips = clip_paths_of(audio)
    assert len(reply_clips) == len(split_sentences(reply_text)), "a clip per sentence"
    page.wait_for_function(f"window.__streamedClips.length >= {len(opening_clips) + len(reply_clips)}")
    assert streamed_clip_paths(page) == opening_clips + reply_clips, "each sentence streamed, in order, once"
    for clip in audio.get_attribute("data-clips").split():
        response = page.request.get(clip, headers={"Range": "bytes=0-99"})
        assert response.status == 206 and response.headers["content-type"].startswith("audio/")
    shot(page, request, ARTIFACTS, "1-reply")
    page.locator(".bubble.partner .translate").first.click()
    expect(page.locator(".bubble.partner .translation").first).to_be_visible()
    page.locator("#end-conversation").click()
    expect(page.locator("#conversation-summary")).to_be_visible(timeout=30_000)
    expect(page.locator(".summary-score-overall")).to_be_visible()
    expect(page.locator("#summary-achievements")).to_contain_text("First Conversation")
    shot(page, request, ARTIFACTS, "2-summary")


def test_at_the_limit_recording_is_refused_with_the_upgrade_link(page: Page, signed_in, e2e_db, request):
    learner = signed_in()
    e2e_db.execute(
        "update subscriptions set seconds_used = monthly_seconds_limit where user_id = %s", (learner.user_id,)
    )
    start_from_practice(page, "#start-scenario-cafe_order")
    expect(page.locator("#limit-reached")).to_be_visible()
    expect(page.locator("#upgrade-link")).to_have_attribute("href", "/pricing")
    expect(page.locator("#record-button")).to_be_disabled()
    shot(page, request, ARTIFACTS, "1-limit")


def test_a_failing_partner_shows_retry_and_the_retry_succeeds(page: Page, signed_in, request):
    signed_in()
    start_from_practice(page, "#start-scenario-cafe_order")
    # The flaky partner fails once per distinct text, for the whole server: make this run's text its own.
    page.locator("#typed-answer").fill(f"A coffee please {FAIL_ONCE_MARKER} {uuid.uuid4().hex[:8]}")
    page.locator("#send-typed").click()
    expect(page.locator("#retry-turn")).to_be_visible(timeout=TURN_TIMEOUT_MS)
    expect(page.locator(".turn-failed")).to_be_visible()
    shot(page, request, ARTIFACTS, "1-failed")
    page.locator("#retry-turn").click()
    expect(page.locator(".bubble.partner")).to_have_count(2, timeout=TURN_TIMEOUT_MS)
    expect(page.locator("#retry-turn")).to_have_count(0)
    shot(page, request, ARTIFACTS, "2-retried")


def test_another_learners_conversation_is_not_found(page: Page, signed_in):
    signed_in()
    open_page(page, "/practice/00000000-0000-4000-8000-000000000000")
    expect(page.locator("#not-found")).to_be_visible()
    expect(page).to_have_url(url_path("/practice/00000000-0000-4000-8000-000000000000"))
