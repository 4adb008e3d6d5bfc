"""Helpers for driving WorldSpeak in a browser.

Reflex pages are prerendered HTML that React hydrates, after which the page talks to the backend
over a websocket. The backend ends the page's on_load chain with a delta setting
`is_hydrated` to true; `track_hydration` counts those frames so a test can wait until a page (or
a client-side redirect) has finished loading instead of sleeping.
"""

from __future__ import annotations

import io
import json
import re
import time
import uuid
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from weakref import WeakKeyDictionary

import numpy as np
from playwright.sync_api import Page, expect

APP_PORT = 3100
BASE_URL = f"http://localhost:{APP_PORT}"
E2E_DB_NAME = "worldspeak_e2e"
BROWSER_LOCALE = "en-US"
BROWSER_TIMEZONE = "Asia/Tokyo"
EXPECT_TIMEOUT_MS = 15_000
PASSWORD = "correct-horse-battery-staple"

MAIN_STATE = "reflex___state____state"
_EVENT_PREFIX = "42/_event,"


# -- waiting for Reflex --------------------------------------------------------------
class _Hydrations:
    def __init__(self) -> None:
        self.count = 0
        self.frames: list[str] = []  # every state update the backend sent, in order

    def on_websocket(self, websocket) -> None:
        websocket.on("framereceived", self.on_frame)

    def on_frame(self, payload) -> None:
        if not isinstance(payload, str) or not payload.startswith(_EVENT_PREFIX):
            return
        self.frames.append(payload)
        if '"is_hydrated_rx_state_":true' not in payload:
            return
        try:
            message = json.loads(payload[len(_EVENT_PREFIX) :])
            delta = message[1]["delta"]
        except (ValueError, LookupError, TypeError):
            return
        if delta.get(MAIN_STATE, {}).get("is_hydrated_rx_state_") is True:
            self.count += 1


_HYDRATIONS: WeakKeyDictionary[Page, _Hydrations] = WeakKeyDictionary()


def track_hydration(page: Page) -> None:
    """Start counting finished page loads on this page (idempotent)."""
    if page in _HYDRATIONS:
        return
    tracker = _HYDRATIONS[page] = _Hydrations()
    page.on("websocket", tracker.on_websocket)


def hydration_count(page: Page) -> int:
    return _HYDRATIONS[page].count


def wait_for_hydration(page: Page, after: int, timeout_ms: int = EXPECT_TIMEOUT_MS) -> None:
    """Wait until the page has finished loading (on_load done) more than `after` times."""
    deadline = time.monotonic() + timeout_ms / 1000
    while hydration_count(page) <= after:
        if time.monotonic() > deadline:
            raise AssertionError(f"{page.url} did not finish loading (no hydration) within {timeout_ms} ms")
        page.wait_for_timeout(50)  # lets Playwright dispatch the websocket frames it has received


@contextmanager
def settles(page: Page) -> Iterator[None]:
    """Run the block (a navigation, or a click that redirects), then wait until the new page has loaded."""
    before = hydration_count(page)
    yield
    wait_for_hydration(page, before)


@contextmanager
def answered(page: Page, fragment: str, timeout_ms: int = EXPECT_TIMEOUT_MS) -> Iterator[None]:
    """Run the block (e.g. a submit), then wait for a state update containing `fragment`.

    For actions whose visible outcome may already be on screen (the same error twice), so that
    the assertions that follow see the answer to *this* action.
    """
    frames = _HYDRATIONS[page].frames
    start = len(frames)
    yield
    deadline = time.monotonic() + timeout_ms / 1000
    while not any(fragment in frame for frame in frames[start:]):
        if time.monotonic() > deadline:
            raise AssertionError(f"no state update containing {fragment!r} within {timeout_ms} ms on {page.url}")
        page.wait_for_timeout(50)


def open_page(page: Page, path: str) -> None:
    with settles(page):
        page.goto(path)


def reload(page: Page) -> None:
    with settles(page):
        page.reload()


def url_path(path: str) -> re.Pattern[str]:
    """Matches the app's URL for `path`, with or without a trailing slash."""
    return re.compile(rf"^http://localhost:{APP_PORT}{re.escape(path.rstrip('/'))}/?(\?.*)?$")


def local_storage(page: Page, key: str) -> str | None:
    return page.evaluate("key => window.localStorage.getItem(key)", key)


def set_local_storage(page: Page, key: str, value: str) -> None:
    page.evaluate("([key, value]) => window.localStorage.setItem(key, value)", [key, value])


def wait_until_storage_empty(page: Page, key: str) -> None:
    page.wait_for_function("key => !window.localStorage.getItem(key)", arg=key, timeout=EXPECT_TIMEOUT_MS)


def horizontal_overflow(page: Page) -> dict:
    return page.evaluate(
        "() => ({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,"
        " path: window.location.pathname})"
    )


_CUT_OFF_ELEMENTS = """() => {
  const width = window.innerWidth;
  const cut = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > width + 1 || box.left < -1) {
      cut.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} [${Math.round(box.left)}, ${Math.round(box.right)}]`);
    }
  }
  return cut;
}"""


def assert_no_horizontal_overflow(page: Page) -> None:
    """The page does not scroll sideways, and nothing sticks out of the screen.

    The page frame has overflow-x: hidden, which would hide a too-wide element from the scroll
    width (cut off instead of scrollable), so element boxes are checked as well.
    """
    sizes = horizontal_overflow(page)
    assert sizes["scrollWidth"] <= sizes["innerWidth"], f"horizontal overflow on {sizes['path']}: {sizes}"
    cut_off = page.evaluate(_CUT_OFF_ELEMENTS)
    assert not cut_off, f"elements wider than the screen on {sizes['path']} ({sizes['innerWidth']} px): {cut_off[:10]}"


# -- a learner -----------------------------------------------------------------------
def unique_email() -> str:
    return f"e2e-{uuid.uuid4().hex}@example.com"


@dataclass
class Learner:
    email: str = field(default_factory=unique_email)
    password: str = PASSWORD
    name: str = field(default_factory=lambda: f"Aiko {uuid.uuid4().hex[:6]}")
    native_language: str = "ja"
    native_label: str = "日本語 (ja)"
    # code -> (level value, level label in English, language's own name as /home shows it)
    targets: dict[str, tuple[str, str, str]] = field(
        default_factory=lambda: {
            "es": ("beginner", "Beginner", "Español"),
            "en": ("intermediate", "Intermediate", "English"),
        }
    )
    learning_style: str = "auditory"
    daily_minutes: int = 15
    user_id: str = ""


def fill_credentials(page: Page, prefix: str, email: str, password: str) -> None:
    page.locator(f"#{prefix}-email").fill(email)
    page.locator(f"#{prefix}-password").fill(password)


def submit_sign_up(page: Page, email: str, password: str) -> None:
    """Open /signup and submit the form (no expectation about the outcome)."""
    open_page(page, "/signup")
    fill_credentials(page, "signup", email, password)
    page.locator("#signup-submit").click()


def sign_up(page: Page, learner: Learner) -> None:
    """Create the account; ends on /onboarding once it has loaded."""
    open_page(page, "/signup")
    fill_credentials(page, "signup", learner.email, learner.password)
    with settles(page):
        page.locator("#signup-submit").click()
    expect(page).to_have_url(url_path("/onboarding"))


def sign_in(page: Page, learner: Learner) -> None:
    """Sign in from /signin; ends on /home once it has loaded."""
    open_page(page, "/signin")
    fill_credentials(page, "signin", learner.email, learner.password)
    with settles(page):
        page.locator("#signin-submit").click()
    expect(page).to_have_url(url_path("/home"))


def choose_option(page: Page, trigger_selector: str, option_name: str) -> None:
    """Pick an item of a Radix select."""
    trigger = page.locator(trigger_selector)
    trigger.click()
    page.get_by_role("option", name=option_name, exact=True).click()
    expect(trigger).to_contain_text(option_name)


def fill_onboarding(page: Page, learner: Learner) -> None:
    """Fill every onboarding field (the page must be open and loaded)."""
    # The time zone comes from the browser, so the page has run its on_load once it shows.
    expect(page.locator("#onboarding-timezone")).to_have_value(BROWSER_TIMEZONE)
    page.locator("#onboarding-name").fill(learner.name)
    choose_option(page, "#native-language", learner.native_label)
    # The native language is no longer offered as a target.
    expect(page.locator(f"#target-{learner.native_language}")).to_have_count(0)
    for code, (_level, level_label, _name) in learner.targets.items():
        checkbox = page.locator(f"#target-{code}")
        checkbox.click()
        expect(checkbox).to_be_checked()
        choose_option(page, f"#level-{code}", level_label)
    style = page.locator(f"#style-{learner.learning_style}")
    style.click()
    expect(style).to_be_checked()
    choose_option(page, "#daily-target", f"{learner.daily_minutes} minutes a day")
    expect(page.locator("#onboarding-name")).to_have_value(learner.name)


def submit_onboarding(page: Page) -> None:
    """Save the filled onboarding form; ends on /home once it has loaded."""
    with settles(page):
        page.locator("#onboarding-submit").click()
    expect(page).to_have_url(url_path("/home"))


def complete_onboarding(page: Page, learner: Learner) -> None:
    fill_onboarding(page, learner)
    submit_onboarding(page)


def sign_up_and_onboard(page: Page, learner: Learner | None = None) -> Learner:
    """A new learner, signed up and onboarded; ends on /home, signed in."""
    learner = learner or Learner()
    sign_up(page, learner)
    complete_onboarding(page, learner)
    expect(page.locator("#home-greeting")).to_contain_text(learner.name)
    return learner


def onboard_directly(data, learner: Learner) -> None:
    """Save the learner's onboarding answers through the data port (no UI)."""
    from worldspeak.domain.onboarding import build_answers

    targets = {code: level for code, (level, _label, _name) in learner.targets.items()}
    data.complete_onboarding(
        build_answers(
            learner.name,
            learner.native_language,
            targets,
            BROWSER_TIMEZONE,
            learner.learning_style,
            learner.daily_minutes,
        )
    )


def session_init_script(access_token: str, refresh_token: str) -> str:
    """Runs before any page script: puts the tokens where the app keeps them, once per tab.

    Once per tab (a sessionStorage mark), so a test that signs out is not signed in again by
    its next page load.
    """
    return (
        "if (!window.sessionStorage.getItem('ws_fixture_session')) {"
        " window.sessionStorage.setItem('ws_fixture_session', '1');"
        f" window.localStorage.setItem('ws_access_token', {json.dumps(access_token)});"
        f" window.localStorage.setItem('ws_refresh_token', {json.dumps(refresh_token)}); }}"
    )


# -- conversation practice: a fake microphone and the partner's streamed voice ------------------------
def spoken_line_wav(path: Path, text: str, language: str) -> Path:
    """`text` in the app's own offline voice for `language`, as 48 kHz 16-bit WAV with a second of
    silence before and after (Chromium's fake microphone loops the file)."""
    from worldspeak.adapters.audio_decoding import decode_audio, samples_of
    from worldspeak.providers import text_to_speech

    speech = text_to_speech().synthesize(text, language)
    samples = samples_of(decode_audio(speech.audio))
    pause = np.zeros(16000, dtype=np.float32)
    signal = np.concatenate([pause, samples, pause])
    upsampled = np.interp(np.arange(0, len(signal), 1 / 3), np.arange(len(signal)), signal)
    pcm = (np.clip(upsampled, -1, 1) * 32767).astype("<i2").tobytes()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(48000)
        out.writeframes(pcm)
    path.write_bytes(buffer.getvalue())
    return path


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def fake_microphone_browser(playwright_driver, wav: Path):
    """Debian's Chromium with a fake microphone that plays `wav`, and autoplay allowed."""
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    args = [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}",
        "--autoplay-policy=no-user-gesture-required",
    ]
    return playwright_driver.chromium.launch(executable_path=CHROMIUM, args=args)


# Records every clip the app streams to the page's player (window.wsRecorder.queueClip), in order.
RECORD_STREAMED_CLIPS = """
window.__streamedClips = [];
let recorder;
Object.defineProperty(window, "wsRecorder", {
  configurable: true,
  get() { return recorder; },
  set(value) {
    const queueClip = value.queueClip;
    value.queueClip = (url) => { window.__streamedClips.push(url); return queueClip(url); };
    recorder = value;
  },
});
"""


def streamed_clip_paths(page: Page) -> list[str]:
    return [url.split("?")[0] for url in page.evaluate("window.__streamedClips")]


def clip_paths_of(audio) -> list[str]:
    return [url.split("?")[0] for url in (audio.get_attribute("data-clips") or "").split()]


def shot(page: Page, request, artifacts: Path, step: str) -> None:
    """A full-page screenshot kept as a test artifact (git-ignored)."""
    artifacts.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    page.screenshot(path=str(artifacts / f"{name}-{step}.png"), full_page=True)
