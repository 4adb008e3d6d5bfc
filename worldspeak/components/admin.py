"""Shared pieces of the admin console: the admin check every admin event starts with, the 403 page,
the console's own tabs and KPI cards."""

from __future__ import annotations

from typing import Any

import reflex as rx

from worldspeak.services.session import VerifiedSession
from worldspeak.session import SessionState

T = SessionState.t


async def admin_session(state: rx.State) -> tuple[Any, VerifiedSession | None]:
    """(redirect, session) for an admin event: the token verified on the server in this event.

    A signed-out visitor gets the sign-in redirect; a learner gets (None, None): the 403 page. The
    database checks again on every call (a revoked admin's token is refused there).
    """
    redirect, admission = await (await state.get_state(SessionState))._admit()
    if redirect is not None or admission.session is None:
        return redirect, None
    if not admission.session.is_admin:
        return None, None
    return None, admission.session


async def lose_admin_display(state: rx.State) -> None:
    """The database refused: stop showing admin links until the next sign-in says otherwise."""
    (await state.get_state(SessionState)).is_admin = False


def forbidden() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(T["admin_forbidden_title"], size="6", id="admin-forbidden"),
            rx.text(T["admin_forbidden_body"], color_scheme="gray"),
            rx.link(rx.button(T["admin_forbidden_home"], variant="soft"), href="/home"),
            spacing="3",
        ),
        width="100%",
    )


def admin_tabs(active: str) -> rx.Component:
    def tab(key: str, href: str) -> rx.Component:
        return rx.link(
            rx.button(T[f"admin_nav_{key}"], variant="solid" if key == active else "soft", size="2"),
            href=href,
            id=f"admin-tab-{key}",
        )

    return rx.hstack(
        tab("dashboard", "/admin"), tab("scripts", "/admin/scripts"), tab("health", "/admin/health"), wrap="wrap"
    )


def kpi_card(label: rx.Var, value: rx.Var, kpi_id: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(label, size="2", color_scheme="gray"),
            rx.heading(value, size="6", id=f"kpi-{kpi_id}"),
            spacing="1",
        ),
        width="100%",
    )


def console(forbidden_var: rx.Var, loaded_var: rx.Var, *content: rx.Component, active: str) -> rx.Component:
    """The admin frame: the 403 card for non-admins, a loading line until the first data arrives."""
    return rx.cond(
        forbidden_var,
        forbidden(),
        rx.cond(
            loaded_var,
            rx.vstack(admin_tabs(active), *content, spacing="5", width="100%"),
            rx.text(T["admin_loading"], color_scheme="gray"),
        ),
    )
