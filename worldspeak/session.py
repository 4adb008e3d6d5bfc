"""Shared state: the signed-in learner and the UI locale.

Tokens live on the client (localStorage), so a reload or a new tab keeps the
session. Every protected page load re-verifies the access token with the auth
provider; an expired one is refreshed silently, and a forged, revoked or
unrefreshable one signs the learner out with a message.
"""

from __future__ import annotations

import logging
from typing import Any

import reflex as rx

from worldspeak.i18n import CATALOG, resolve_locale
from worldspeak.ports import AuthError, AuthSession, DataError, LearnerData
from worldspeak.providers import auth_provider, data_gateway

log = logging.getLogger(__name__)

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

    # -- session -----------------------------------------------------------------
    def _remember(self, session: AuthSession) -> None:
        self.access_token = session.access_token
        self.refresh_token = session.refresh_token
        self.user_id = session.user_id
        self.email = session.email
        self.is_admin = session.is_admin
        self.notice = ""

    def _forget(self, notice: str = "") -> None:
        self.access_token = ""
        self.refresh_token = ""
        self.user_id = ""
        self.email = ""
        self.full_name = ""
        self.is_admin = False
        self.onboarded = False
        self.notice = notice

    def _verified_token(self) -> str | None:
        """A usable access token, refreshing it when it has expired; None (and signed out) otherwise."""
        if not self.access_token:
            if self.user_id:
                self._forget("err_session_expired")
            return None
        auth = auth_provider()
        try:
            claims = auth.verify(self.access_token)
        except AuthError as error:
            if error.code != "session_expired":
                self._forget(f"err_{error.code}")
                return None
            try:
                self._remember(auth.refresh(self.refresh_token))
            except AuthError as refresh_error:
                self._forget(f"err_{refresh_error.code}")
                return None
            return self.access_token
        except DataError:
            log.exception("could not verify the session")
            self.notice = "err_database_unavailable"
            return None
        self.user_id = claims["sub"]
        self.email = claims.get("email", "")
        self.is_admin = (claims.get("app_metadata") or {}).get("role") == "admin"
        return self.access_token

    def learner_data(self) -> LearnerData | None:
        """The data gateway for the signed-in learner, or None when the session is gone."""
        token = self._verified_token()
        return data_gateway().for_learner(token) if token else None

    def _load_profile(self, data: LearnerData) -> None:
        profile = data.profile() or {}
        self.full_name = profile.get("full_name") or ""
        self.onboarded = profile.get("onboarding_completed_at") is not None

    # -- page guards (on_load) ---------------------------------------------------
    @rx.event
    def open_public_page(self):
        self._settle_locale()
        self.notice = ""

    def take_notice(self) -> str:
        """The reason for the last sign-out, handed to the sign-in page once."""
        notice, self.notice = self.notice, ""
        return notice

    @rx.event
    def open_guest_page(self):
        """Sign-in and sign-up pages: a signed-in learner goes straight home."""
        self._settle_locale()
        if self.access_token and self._verified_token():
            return rx.redirect(HOME_ROUTE)
        return None

    def admit_learner(self) -> tuple[Any, LearnerData | None]:
        """For pages that need a signed-in, onboarded learner: (redirect or None, their data gateway).

        The token is verified once here and the gateway handed back, so a page's on_load
        does not verify it again.
        """
        self._settle_locale()
        data = self.learner_data()
        if data is None:
            return rx.redirect(SIGNED_OUT_ROUTE), None
        try:
            self._load_profile(data)
        except (DataError, AuthError):
            log.exception("could not load the profile")
            self._forget("err_database_unavailable")
            return rx.redirect(SIGNED_OUT_ROUTE), None
        if not self.onboarded and self.router.url.path != ONBOARDING_ROUTE:
            return rx.redirect(ONBOARDING_ROUTE), None
        return None, data

    def start_session(self, session: AuthSession) -> Any:
        """After sign-in or sign-up: keep the tokens and go where the learner belongs."""
        self._remember(session)
        data = self.learner_data()
        if data is not None:
            self._load_profile(data)
        return rx.redirect(HOME_ROUTE if self.onboarded else ONBOARDING_ROUTE)

    @rx.event
    def sign_out(self):
        try:
            if self.access_token:
                auth_provider().sign_out(self.access_token)
        except (AuthError, DataError):
            log.warning("sign-out could not reach the auth server; tokens dropped locally")
        self._forget("signed_out_notice")
        return rx.redirect(SIGNED_OUT_ROUTE)
