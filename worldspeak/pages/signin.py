"""`/signin`."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from worldspeak.components.layout import app_page
from worldspeak.pages.auth_forms import CredentialsFormState, credentials_form
from worldspeak.ports import AuthSession
from worldspeak.providers import auth_provider


class SignInState(CredentialsFormState, rx.State):
    shows_sign_out_reason: ClassVar[bool] = True

    def authenticate(self, email: str, password: str) -> AuthSession:
        return auth_provider().sign_in(email, password)


@rx.page(route="/signin", title="Sign in · WorldSpeak", on_load=SignInState.open)
@app_page()
def signin() -> rx.Component:
    return credentials_form(
        SignInState, "signin", "sign_in_title", "sign_in", "no_account", "/signup", "current-password"
    )
