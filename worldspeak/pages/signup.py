"""`/signup`."""

from __future__ import annotations

import reflex as rx

from worldspeak.components.layout import app_page
from worldspeak.pages.auth_forms import CredentialsFormState, credentials_form
from worldspeak.providers import auth_provider, data_gateway, rate_limiter
from worldspeak.services import session as sessions
from worldspeak.services.session import Admission


class SignUpState(CredentialsFormState, rx.State):
    def _authenticate(self, email: str, password: str, client_ip: str) -> Admission:
        return sessions.sign_up(auth_provider(), data_gateway(), email, password, rate_limiter(), client_ip)


@rx.page(route="/signup", title="Create account · WorldSpeak", on_load=SignUpState.open)
@app_page()
def signup() -> rx.Component:
    return credentials_form(
        SignUpState, "signup", "sign_up_title", "sign_up", "already_account", "/signin", "new-password"
    )
