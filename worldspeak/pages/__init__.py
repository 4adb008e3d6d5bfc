"""Importing a page module registers its route (each uses @rx.page)."""

from worldspeak.pages import home, landing, local_billing, onboarding, pricing, signin, signup

__all__ = ["home", "landing", "local_billing", "onboarding", "pricing", "signin", "signup"]
