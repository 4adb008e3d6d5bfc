"""`/signin`."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from worldspeak.components.layout import app_page
from worldspeak.pages.auth_forms import CredentialsFormState, credentials_form
from worldspeak.providers import auth_provider, data_gateway, rate_limiter
from worldspeak.services import session as sessions
from worldspeak.services.session import Admission


class SignInState(CredentialsFormState, rx.State):
    shows_sign_out_reason: ClassVar[bool] = True

    def _authenticate(self, email: str, password: str, client_ip: str) -> Admission:
        return sessions.sign_in(auth_provider(), data_gateway(), email, password, rate_limiter(), client_ip)


@rx.page(route="/signin", title="Sign in · WorldSpeak", on_load=SignInState.open)
@app_page()
def signin() -> rx.Component:
    return credentials_form(
        SignInState, "signin", "sign_in_title", "sign_in", "no_account", "/signup", "current-password"
    )
