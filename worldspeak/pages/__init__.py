"""Importing a page module registers its route (each uses @rx.page)."""

from worldspeak.pages import home, landing, onboarding, signin, signup

__all__ = ["home", "landing", "onboarding", "signin", "signup"]
