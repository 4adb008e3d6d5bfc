"""Small pieces for messages and form fields."""

from __future__ import annotations

import reflex as rx

from worldspeak.session import SessionState

T = SessionState.t


def error_callout(message_key: rx.Var, callout_id: str) -> rx.Component:
    """A red message for a non-empty key of the translation table."""
    return rx.cond(
        message_key != "",
        rx.callout(
            T[message_key], icon="triangle-alert", color_scheme="red", role="alert", id=callout_id, width="100%"
        ),
    )


def notice_callout(message_key: rx.Var, callout_id: str) -> rx.Component:
    return rx.cond(
        message_key != "",
        rx.callout(T[message_key], icon="info", color_scheme="blue", role="status", id=callout_id, width="100%"),
    )


def labelled(label: rx.Var, control: rx.Component, hint: rx.Var | None = None) -> rx.Component:
    return rx.vstack(
        rx.text(label, as_="label", weight="medium", size="2"),
        control,
        rx.text(hint, size="1", color_scheme="gray") if hint is not None else rx.fragment(),
        spacing="1",
        width="100%",
    )
