"""The email-and-password form and its state, shared by sign-in and sign-up."""

from __future__ import annotations

import asyncio
from typing import ClassVar

import reflex as rx

from worldspeak.components.feedback import labelled, notice_callout
from worldspeak.domain.errors import AuthError, DataError
from worldspeak.domain.rate_limits import TooManyAttempts, wait_message_key
from worldspeak.services.session import Admission
from worldspeak.session import SessionState

T = SessionState.t


class CredentialsFormState(rx.State, mixin=True):
    """Each page that mixes this in gets its own copy of these vars and handlers."""

    error: str = ""
    # Minutes to wait, for the "too many attempts" message ({minutes} in its text).
    retry_minutes: int = 0
    notice: str = ""
    working: bool = False
    # Plain class setting, not state: only the sign-in page explains a sign-out.
    shows_sign_out_reason: ClassVar[bool] = False

    def _authenticate(self, email: str, password: str, client_ip: str) -> Admission:
        """Sign in or sign up through `services.session` (runs in a worker thread).

        `client_ip` is the socket's address, or X-Forwarded-For's when REFLEX_TRUSTED_PROXY_HOPS says
        which proxies to trust (Reflex resolves it once per connection).
        """
        raise NotImplementedError

    @rx.event
    async def open(self):
        """on_load: start clean (no stale error); the sign-in page shows why the learner was signed out, once."""
        shared = await self.get_state(SessionState)
        self.error = ""
        self.working = False
        reason = shared._take_notice()
        self.notice = reason if self.shows_sign_out_reason else ""
        return await shared._open_guest_page()

    @rx.event
    async def submit(self, form: dict):
        self.error = ""
        self.notice = ""
        self.working = True
        yield
        client_ip = self.router.session.client_ip
        try:
            admission = await asyncio.to_thread(
                self._authenticate, form.get("email", ""), form.get("password", ""), client_ip
            )
        except TooManyAttempts as refusal:
            self.error = wait_message_key(refusal.retry_after_seconds)
            self.retry_minutes = refusal.wait_minutes
            return
        except AuthError as error:
            self.error = f"err_{error.code}"
            return
        except DataError:
            self.error = "err_provider_unavailable"
            return
        finally:
            self.working = False
        shared = await self.get_state(SessionState)
        yield shared._start(admission)


def credentials_form(
    form_state: type[CredentialsFormState],
    prefix: str,
    title_key: str,
    submit_key: str,
    switch_key: str,
    switch_href: str,
    password_autocomplete: str,
) -> rx.Component:
    error, working = form_state.error, form_state.working
    message = T[error].to(str).replace("{minutes}", form_state.retry_minutes.to_string())
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(T[title_key], size="6"),
                notice_callout(form_state.notice, f"{prefix}-notice"),
                rx.cond(
                    error != "",
                    rx.callout(
                        message,
                        icon="triangle-alert",
                        color_scheme="red",
                        role="alert",
                        id=f"{prefix}-error",
                        width="100%",
                    ),
                ),
                labelled(
                    T["email"],
                    rx.input(
                        name="email",
                        id=f"{prefix}-email",
                        type="email",
                        required=True,
                        auto_complete="email",
                        size="3",
                        width="100%",
                    ),
                ),
                labelled(
                    T["password"],
                    rx.input(
                        name="password",
                        id=f"{prefix}-password",
                        type="password",
                        required=True,
                        auto_complete=password_autocomplete,
                        size="3",
                        width="100%",
                    ),
                    T["password_hint"] if prefix == "signup" else None,
                ),
                rx.button(
                    rx.cond(working, T["working"], T[submit_key]),
                    type="submit",
                    id=f"{prefix}-submit",
                    size="3",
                    width="100%",
                    loading=working,
                ),
                rx.link(T[switch_key], href=switch_href, size="2", id=f"{prefix}-switch"),
                spacing="4",
                width="100%",
            ),
            on_submit=form_state.submit,
            reset_on_submit=False,
        ),
        width="100%",
        max_width="440px",
        margin_x="auto",
    )
