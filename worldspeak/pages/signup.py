"""`/signup`."""

from __future__ import annotations

import asyncio

import reflex as rx

from worldspeak.components.layout import app_page
from worldspeak.pages.auth_forms import credentials_form
from worldspeak.ports import AuthError, DataError
from worldspeak.providers import auth_provider
from worldspeak.session import SessionState


class SignUpState(rx.State):
    error: str = ""
    working: bool = False

    @rx.event
    async def submit(self, form: dict):
        self.error = ""
        self.working = True
        yield
        try:
            session = await asyncio.to_thread(auth_provider().sign_up, form.get("email", ""), form.get("password", ""))
        except AuthError as error:
            self.error = f"err_{error.code}"
            return
        except DataError:
            self.error = "err_provider_unavailable"
            return
        finally:
            self.working = False
        shared = await self.get_state(SessionState)
        yield shared.start_session(session)


@rx.page(route="/signup", title="Create account · WorldSpeak", on_load=SessionState.open_guest_page)
@app_page()
def signup() -> rx.Component:
    return credentials_form(
        "signup",
        "sign_up_title",
        "sign_up",
        SignUpState.submit,
        SignUpState.error,
        SignUpState.working,
        "already_account",
        "/signin",
        "new-password",
    )
