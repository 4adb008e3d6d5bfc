"""`/`: what WorldSpeak is, and the way in."""

from __future__ import annotations

import reflex as rx

from worldspeak.components.layout import app_page
from worldspeak.session import SessionState

T = SessionState.t


@rx.page(route="/", title="WorldSpeak", on_load=SessionState.open_public_page)
@app_page()
def landing() -> rx.Component:
    return rx.vstack(
        rx.heading(T["tagline"], size="8", id="tagline"),
        rx.text(T["landing_body"], size="4", color_scheme="gray"),
        rx.cond(
            SessionState.signed_in,
            rx.link(rx.button(T["nav_home"], size="3"), href="/home"),
            rx.flex(
                rx.link(rx.button(T["get_started"], size="3", id="cta-sign-up"), href="/signup"),
                rx.link(rx.button(T["have_account"], size="3", variant="soft"), href="/signin"),
                gap="3",
                wrap="wrap",
            ),
        ),
        spacing="5",
        padding_top="2em",
    )
