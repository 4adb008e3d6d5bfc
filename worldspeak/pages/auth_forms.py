"""The email-and-password form shared by sign-in and sign-up."""

from __future__ import annotations

import reflex as rx

from worldspeak.components.feedback import error_callout, labelled, notice_callout
from worldspeak.session import SessionState

T = SessionState.t


def credentials_form(
    prefix: str,
    title_key: str,
    submit_key: str,
    on_submit,
    error: rx.Var,
    working: rx.Var,
    switch_key: str,
    switch_href: str,
    password_autocomplete: str,
) -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(T[title_key], size="6"),
                notice_callout(SessionState.notice, f"{prefix}-notice"),
                error_callout(error, f"{prefix}-error"),
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
            on_submit=on_submit,
            reset_on_submit=False,
        ),
        width="100%",
        max_width="440px",
        margin_x="auto",
    )
