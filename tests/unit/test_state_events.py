"""Reflex exposes every public method of a State as an event the browser may call: the list is pinned.

A new public method fails this test until it is added here, so exposing one is a deliberate
choice. Helpers start with `_`. Reflex's own `setvar` lets the browser set any var, which is why
nothing is ever authorized from a var (see worldspeak/session.py).
"""

from __future__ import annotations

import reflex as rx

import worldspeak.pages  # noqa: F401  (registers every page's state)

EVENTS: dict[str, set[str]] = {
    "worldspeak.session.SessionState": {"choose_locale", "open_public_page", "sign_out"},
    "worldspeak.pages.home.HomeState": {"open"},
    "worldspeak.pages.practice.PracticeState": {
        "open",
        "set_difficulty",
        "set_filter",
        "set_specialization",
        "set_target_language",
        "start_scenario",
        "start_script",
    },
    "worldspeak.pages.conversation.ConversationState": {
        "begin_upload",
        "end",
        "hear_word",
        "open",
        "recording_started",
        "recording_uploaded",
        "retry",
        "send_typed",
        "set_draft",
        "take_spoken_turn",
        "toggle_translation",
        "voice_partner",
    },
    "worldspeak.pages.admin.AdminState": {
        "audit_step",
        "export_learners",
        "filter_audit",
        "learners_page",
        "open",
        "refresh_now",
        "search_learners",
        "sort_learners",
    },
    "worldspeak.pages.admin_scripts.AdminScriptsState": {
        "add_segment",
        "cancel",
        "edit_script",
        "move_segment",
        "new_script",
        "open",
        "remove_segment",
        "retire",
        "save",
        "set_field",
        "set_premium",
        "set_segment",
        "toggle_preview",
    },
    "worldspeak.pages.admin_health.AdminHealthState": {"open"},
    "worldspeak.components.plan_status.PlanState": {"watch"},
    "worldspeak.pages.pricing.PricingState": {"manage", "upgrade"},
    "worldspeak.pages.local_billing.LocalCheckoutState": {"decline", "open", "pay"},
    "worldspeak.pages.local_billing.LocalPortalState": {"cancel", "change_plan", "open", "resume", "update_card"},
    "worldspeak.pages.signin.SignInState": {"open", "submit"},
    "worldspeak.pages.signup.SignUpState": {"open", "submit"},
    "worldspeak.pages.onboarding.OnboardingState": {
        "open",
        "save",
        "set_daily_target",
        "set_full_name",
        "set_learning_style",
        "set_level",
        "set_native_language",
        "set_timezone",
        "take_browser_timezone",
        "toggle_target",
    },
}


def app_states() -> dict[str, type[rx.State]]:
    found: dict[str, type[rx.State]] = {}
    pending = list(rx.State.get_substates())
    while pending:
        state = pending.pop()
        pending.extend(state.get_substates())
        if state.__module__.startswith("worldspeak."):
            found[f"{state.__module__}.{state.__name__}"] = state
    return found


def test_every_state_s_events_are_the_pinned_ones():
    exposed = {name: set(state.event_handlers) - {"setvar"} for name, state in app_states().items()}
    assert exposed == EVENTS
