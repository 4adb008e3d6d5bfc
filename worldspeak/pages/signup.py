"""`/signup`."""

from __future__ import annotations

import reflex as rx

from worldspeak.components.layout import app_page
from worldspeak.pages.auth_forms import CredentialsFormState, credentials_form
from worldspeak.ports import AuthSession
from worldspeak.providers import auth_provider


class SignUpState(CredentialsFormState, rx.State):
    def authenticate(self, email: str, password: str) -> AuthSession:
        return auth_provider().sign_up(email, password)


@rx.page(route="/signup", title="Create account · WorldSpeak", on_load=SignUpState.open)
@app_page()
def signup() -> rx.Component:
    return credentials_form(
        SignUpState, "signup", "sign_up_title", "sign_up", "already_account", "/signin", "new-password"
    )
