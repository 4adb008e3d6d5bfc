"""Importing a page module registers its route (each uses @rx.page)."""

from worldspeak.pages import conversation, home, landing, local_billing, onboarding, practice, pricing, signin, signup

__all__ = [
    "conversation",
    "home",
    "landing",
    "local_billing",
    "onboarding",
    "practice",
    "pricing",
    "signin",
    "signup",
]
