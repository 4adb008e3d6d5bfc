"""Importing a page module registers its route (each uses @rx.page)."""

from worldspeak.pages import (
    admin,
    admin_health,
    admin_scripts,
    conversation,
    home,
    landing,
    local_billing,
    onboarding,
    practice,
    pricing,
    signin,
    signup,
)

__all__ = [
    "admin",
    "admin_health",
    "admin_scripts",
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
