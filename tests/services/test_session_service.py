"""services.session with fakes of the auth and data ports: every outcome of a page guard."""

from tests.services.fakes import FakeAuth, FakeGateway, profile_for
from worldspeak.services import session as sessions


def test_a_live_session_is_admitted_with_its_profile():
    auth, gateway = FakeAuth(), FakeGateway()
    gateway.store.profiles["aiko"] = profile_for("aiko")
    admission = sessions.admit(auth, gateway, "live:aiko", "refresh:aiko:0")
    assert admission.session.user_id == "aiko" and admission.onboarded
    assert admission.session.access_token == "live:aiko" and auth.refreshed == []


def test_an_expired_token_is_refreshed_once_and_the_new_tokens_are_handed_back():
    auth, gateway = FakeAuth(), FakeGateway()
    admission = sessions.admit(auth, gateway, "expired:aiko", "refresh:aiko:0")
    assert auth.refreshed == ["refresh:aiko:0"]
    assert admission.session.access_token == "live:aiko"
    assert admission.session.refresh_token == "refresh:aiko:1"


def test_an_unrefreshable_session_ends_with_the_refresh_reason():
    auth, gateway = FakeAuth(revoked_refresh={"refresh:aiko:0"}), FakeGateway()
    admission = sessions.admit(auth, gateway, "expired:aiko", "refresh:aiko:0")
    assert admission.session is None and admission.notice == "err_session_revoked"


def test_no_token_and_a_bad_token_end_the_session():
    auth, gateway = FakeAuth(), FakeGateway()
    assert sessions.admit(auth, gateway, "", "").notice == "err_session_expired"
    assert sessions.admit(auth, gateway, "forged", "refresh:x:0").notice == "err_invalid_token"


def test_admin_comes_from_the_verified_claims_only():
    auth, gateway = FakeAuth(admins={"boss"}), FakeGateway()
    assert sessions.admit(auth, gateway, "live:boss", "").session.is_admin
    assert not sessions.admit(auth, gateway, "live:aiko", "").session.is_admin


def test_a_database_outage_signs_nobody_in_and_says_why():
    auth, gateway = FakeAuth(unavailable=True), FakeGateway()
    assert sessions.admit(auth, gateway, "live:aiko", "").notice == "err_database_unavailable"
    auth, gateway = FakeAuth(), FakeGateway()
    gateway.store.failing = True
    admission = sessions.admit(auth, gateway, "live:aiko", "")
    assert admission.session is None and admission.notice == "err_database_unavailable"


def test_sign_in_hands_back_the_profile_and_sign_out_survives_an_outage():
    auth, gateway = FakeAuth(), FakeGateway()
    gateway.store.profiles["aiko"] = profile_for("aiko", onboarded=False)
    admission = sessions.sign_in(auth, gateway, "aiko@example.com", "right")
    assert admission.session.user_id == "aiko" and not admission.onboarded
    sessions.sign_out(auth, "live:aiko")
    assert auth.signed_out == ["live:aiko"]
    sessions.sign_out(FakeAuth(unavailable=True), "live:aiko")  # logs, never raises
    sessions.sign_out(auth, "")
    assert auth.signed_out == ["live:aiko"]
