"""Shared state: the signed-in learner and the UI locale.

Tokens live on the client (localStorage), so a reload or a new tab keeps the session. The rules
(verify, refresh, sign out) live in `services.session`; this state only holds what the pages
show and calls that service off the event loop. `user_id` and `is_admin` are display copies:
nothing is authorized from them. An event that needs authorization calls `_admit()` (or
`_verified()`), which verifies the token on the server in that event.
"""

from __future__ import annotations

import asyncio

import reflex as rx
from reflex.event import EventSpec

from worldspeak.i18n import CATALOG, resolve_locale
from worldspeak.providers import auth_provider, data_gateway, rate_limiter
from worldspeak.services import session as sessions
from worldspeak.services.session import Admission

SIGNED_OUT_ROUTE = "/signin"
HOME_ROUTE = "/home"
ONBOARDING_ROUTE = "/onboarding"


class SessionState(rx.State):
    access_token: str = rx.LocalStorage("", name="ws_access_token")
    refresh_token: str = rx.LocalStorage("", name="ws_refresh_token")
    locale: str = rx.LocalStorage("", name="ws_locale")

    user_id: str = ""
    email: str = ""
    full_name: str = ""
    is_admin: bool = False
    onboarded: bool = False
    # A message key for the sign-in page ("why you are here"), e.g. err_session_expired.
    notice: str = ""

    @rx.var
    def t(self) -> dict[str, str]:
        return CATALOG[self.locale if self.locale in CATALOG else "en"]

    @rx.var
    def signed_in(self) -> bool:
        return bool(self.user_id)

    # -- locale ------------------------------------------------------------------
    @rx.event
    def choose_locale(self, locale: str):
        self.locale = resolve_locale(locale)

    def _settle_locale(self) -> None:
        if self.locale not in CATALOG:
            self.locale = resolve_locale(None, self.router.headers.accept_language)

    # -- applying a service's verdict ---------------------------------------------
    def _apply(self, admission: Admission) -> None:
        session = admission.session
        if session is None:
            # A tab with no token left was signed out by an earlier event (two of a page's events
            # can race): keep the reason that event gave rather than "expired".
            kept = self.notice if not self.access_token and self.notice else admission.notice
            self._forget(kept)
            return
        self.access_token = session.access_token
        self.refresh_token = session.refresh_token
        self.user_id = session.user_id
        self.email = session.email
        self.is_admin = session.is_admin
        if admission.profile is not None:
            self.full_name = admission.profile.full_name
            self.onboarded = admission.profile.onboarded

    def _forget(self, notice: str = "") -> None:
        self.access_token = ""
        self.refresh_token = ""
        self.user_id = ""
        self.email = ""
        self.full_name = ""
        self.is_admin = False
        self.onboarded = False
        self.notice = notice

    async def _verified(self) -> Admission:
        """The session verified on the server now (refreshed if expired), without the profile."""
        admission = await asyncio.to_thread(
            sessions.verify_session, auth_provider(), self.access_token, self.refresh_token, rate_limiter()
        )
        self._apply(admission)
        return admission

    async def _admit(self) -> tuple[EventSpec | None, Admission]:
        """For pages that need a signed-in, onboarded learner: (redirect or None, the admission).

        The token is verified once here; the page uses `admission.session` for its data calls.
        """
        self._settle_locale()
        admission = await asyncio.to_thread(
            sessions.admit, auth_provider(), data_gateway(), self.access_token, self.refresh_token, rate_limiter()
        )
        self._apply(admission)
        if admission.session is None:
            return rx.redirect(SIGNED_OUT_ROUTE), admission
        if not admission.onboarded and self.router.url.path != ONBOARDING_ROUTE:
            return rx.redirect(ONBOARDING_ROUTE), admission
        return None, admission

    def _start(self, admission: Admission) -> EventSpec:
        """After sign-in or sign-up: keep the tokens and go where the learner belongs."""
        self.notice = ""
        self._apply(admission)
        if admission.session is None:
            return rx.redirect(SIGNED_OUT_ROUTE)
        return rx.redirect(HOME_ROUTE if self.onboarded else ONBOARDING_ROUTE)

    def _take_notice(self) -> str:
        """The reason for the last sign-out, handed to the sign-in page once."""
        notice, self.notice = self.notice, ""
        return notice

    # -- page guards (on_load) ---------------------------------------------------
    @rx.event
    def open_public_page(self):
        self._settle_locale()
        self.notice = ""

    async def _open_guest_page(self) -> EventSpec | None:
        """Sign-in and sign-up pages: a signed-in learner goes straight home."""
        self._settle_locale()
        if not self.access_token:
            return None
        notice = self.notice
        admission = await self._verified()
        if admission.session is not None:
            return rx.redirect(HOME_ROUTE)
        # A stale token on a guest page is no news to announce; keep any earlier reason.
        self.notice = notice
        return None

    @rx.event
    async def sign_out(self):
        await asyncio.to_thread(sessions.sign_out, auth_provider(), self.access_token)
        self._forget("signed_out_notice")
        return rx.redirect(SIGNED_OUT_ROUTE)
