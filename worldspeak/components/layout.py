"""The shell every page shares: top navigation and a responsive frame (375 px phone to desktop)."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from worldspeak.components.plan_status import past_due_banner
from worldspeak.session import SessionState

T = SessionState.t


def locale_switch() -> rx.Component:
    def choice(locale: str, label: str) -> rx.Component:
        return rx.button(
            label,
            id=f"locale-{locale}",
            size="1",
            variant=rx.cond(SessionState.locale == locale, "solid", "soft"),
            on_click=SessionState.choose_locale(locale),
            aria_label=label,
        )

    return rx.hstack(choice("en", "EN"), choice("ja", "日本語"), spacing="1", aria_label=T["ui_language"])


def nav_link(label: rx.Var, href: str, link_id: str) -> rx.Component:
    return rx.link(label, href=href, id=link_id, weight="medium", underline="hover")


def navbar() -> rx.Component:
    return rx.flex(
        rx.link(
            rx.hstack(
                rx.icon("messages-square", size=22), rx.heading(T["app_name"], size="5"), spacing="2", align="center"
            ),
            href="/",
            underline="none",
            color_scheme="gray",
            high_contrast=True,
        ),
        rx.cond(
            SessionState.signed_in,
            rx.hstack(
                nav_link(T["nav_home"], "/home", "nav-home"),
                nav_link(T["nav_practice"], "/practice", "nav-practice"),
                nav_link(T["nav_pricing"], "/pricing", "nav-pricing"),
                rx.cond(SessionState.is_admin, nav_link(T["nav_admin"], "/admin", "nav-admin")),
                rx.cond(SessionState.is_admin, rx.badge(T["admin_badge"], color_scheme="amber", id="admin-badge")),
                spacing="4",
                align="center",
            ),
        ),
        rx.spacer(),
        rx.hstack(
            locale_switch(),
            rx.cond(
                SessionState.signed_in,
                rx.button(T["sign_out"], id="sign-out", size="2", variant="outline", on_click=SessionState.sign_out),
                rx.link(rx.button(T["sign_in"], size="2", variant="outline"), href="/signin", id="nav-sign-in"),
            ),
            spacing="3",
            align="center",
        ),
        wrap="wrap",
        gap="3",
        align="center",
        padding_x="1em",
        padding_y="0.75em",
        border_bottom="1px solid var(--gray-a5)",
        width="100%",
    )


def page_frame(*children: rx.Component, max_width: str = "720px") -> rx.Component:
    return rx.box(
        navbar(),
        rx.box(
            past_due_banner(),
            *children,
            width="100%",
            max_width=max_width,
            margin_x="auto",
            padding_x="1em",
            padding_y="1.5em",
        ),
        min_height="100vh",
        width="100%",
        overflow_x="hidden",
    )


def app_page(max_width: str = "720px") -> Callable[[Callable[[], rx.Component]], Callable[[], rx.Component]]:
    """Decorator: wrap a page's content in the shared shell."""

    def wrap(content: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        def page() -> rx.Component:
            return page_frame(content(), max_width=max_width)

        page.__name__ = content.__name__
        return page

    return wrap
