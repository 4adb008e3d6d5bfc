"""Handlers never block Reflex's event loop: one learner's slow call does not hold up another's event.

Both learners' pages run on one event loop, as in the app. Learner A's data calls are slow and
blocking (a sleeping fake, like a slow query); learner B's are instant. If a handler called a
port on the loop, B would wait for A and the loop's heartbeat would stall.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import pytest
import reflex as rx

from tests.services.fakes import FakeAuth, FakeGateway, dashboard, profile_for
from worldspeak.pages.home import HomeState
from worldspeak.pages.onboarding import OnboardingState
from worldspeak.session import SessionState

SLOW_SECONDS = 0.6


@dataclass
class SlowAuth(FakeAuth):
    """Verifying learner "slow" blocks its thread, as a slow auth server would."""

    def verify(self, access_token: str):
        if access_token == "live:slow":
            time.sleep(SLOW_SECONDS)
        return super().verify(access_token)


@pytest.fixture
def fakes(monkeypatch):
    auth, gateway = SlowAuth(), FakeGateway()
    for user in ("slow", "quick"):
        gateway.store.profiles[user] = profile_for(user)
        gateway.store.dashboards[user] = dashboard({"en": 1})
    for module in ("worldspeak.session", "worldspeak.pages.home"):
        monkeypatch.setattr(f"{module}.data_gateway", lambda: gateway, raising=False)
    monkeypatch.setattr("worldspeak.session.auth_provider", lambda: auth)
    return auth, gateway


def page_state(state_class: type[rx.State], user: str) -> rx.State:
    """A fresh state tree for one browser tab of `user`, signed in."""
    root = rx.State()
    session = root.get_substate(SessionState.get_full_name().split(".")[1:])
    session.access_token, session.refresh_token = f"live:{user}", f"refresh:{user}:0"
    return root.get_substate(state_class.get_full_name().split(".")[1:])


async def heartbeat(stop: asyncio.Event) -> float:
    """The longest the loop went without running this coroutine."""
    worst, last = 0.0, time.perf_counter()
    while not stop.is_set():
        await asyncio.sleep(0.01)
        now = time.perf_counter()
        worst, last = max(worst, now - last), now
    return worst


async def race(slow_handler, quick_handler) -> tuple[float, float, float]:
    stop = asyncio.Event()
    beat = asyncio.create_task(heartbeat(stop))
    started = time.perf_counter()

    async def timed(handler) -> float:
        await handler()
        return time.perf_counter() - started

    slow = asyncio.create_task(timed(slow_handler))
    await asyncio.sleep(0.05)  # the slow call is under way
    quick_elapsed = await timed(quick_handler)
    slow_elapsed = await slow
    stop.set()
    return slow_elapsed, quick_elapsed, await beat


@pytest.mark.parametrize("state_class", [HomeState, OnboardingState], ids=["home", "onboarding"])
def test_a_slow_learner_does_not_hold_up_another(fakes, state_class):
    slow_page, quick_page = page_state(state_class, "slow"), page_state(state_class, "quick")
    slow_elapsed, quick_elapsed, worst_gap = asyncio.run(race(slow_page.open, quick_page.open))
    assert slow_elapsed >= SLOW_SECONDS
    assert quick_elapsed < SLOW_SECONDS / 2, "the quick learner waited for the slow one"
    assert worst_gap < 0.2, f"the event loop stalled for {worst_gap:.2f} s"
