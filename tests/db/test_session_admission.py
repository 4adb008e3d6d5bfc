"""Session admission against the real local auth server: silent refresh, sign-out with a reason."""

import asyncio
import time
import uuid

import jwt
import pytest

from worldspeak.providers import auth_provider, data_gateway
from worldspeak.services import session as sessions
from worldspeak.session import SessionState
from worldspeak.settings import get_settings


@pytest.fixture
def session(test_db):
    return auth_provider().sign_up(f"state-{uuid.uuid4().hex[:10]}@example.com", "state-password")


def re_signed(token: str, **changes) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})
    return jwt.encode({**claims, **changes}, get_settings().jwt_secret, algorithm="HS256")


def test_a_live_token_is_used_as_it_is(session):
    admission = sessions.admit(auth_provider(), data_gateway(), session.access_token, session.refresh_token)
    assert admission.session.access_token == session.access_token
    assert admission.session.user_id == session.user_id and not admission.session.is_admin
    assert admission.notice == "" and admission.profile.user_id == session.user_id
    assert not admission.onboarded


def test_an_expired_access_token_is_refreshed_silently(session):
    expired = re_signed(session.access_token, exp=int(time.time()) - 1)
    admission = sessions.verify_session(auth_provider(), expired, session.refresh_token)
    token = admission.session.access_token
    assert token != expired
    assert (
        jwt.decode(token, get_settings().jwt_secret, algorithms=["HS256"], audience="authenticated")["exp"]
        > time.time()
    )
    assert admission.session.refresh_token != session.refresh_token
    assert admission.session.user_id == session.user_id and admission.notice == ""


def test_expired_and_unrefreshable_signs_out_with_a_reason(session):
    auth_provider().sign_out(session.access_token)
    expired = re_signed(session.access_token, exp=int(time.time()) - 1)
    admission = sessions.verify_session(auth_provider(), expired, session.refresh_token)
    assert admission.session is None and admission.notice == "err_session_revoked"


def test_a_forged_admin_claim_signs_out(session):
    claims = jwt.decode(session.access_token, options={"verify_signature": False})
    forged = jwt.encode({**claims, "app_metadata": {"role": "admin"}}, "forged" * 8, algorithm="HS256")
    admission = sessions.admit(auth_provider(), data_gateway(), forged, session.refresh_token)
    assert admission.session is None and admission.notice == "err_invalid_token"


def test_a_revoked_session_signs_out(session):
    auth_provider().sign_out(session.access_token)
    admission = sessions.verify_session(auth_provider(), session.access_token, session.refresh_token)
    assert admission.session is None and admission.notice == "err_session_revoked"


def test_the_state_keeps_the_verdict_and_authorizes_nothing_from_its_vars(session):
    state = SessionState()
    state.access_token, state.refresh_token = session.access_token, session.refresh_token
    # A browser cannot make itself an admin by setting a var: the verdict comes from the token.
    state.is_admin = True
    admission = asyncio.run(state._verified())
    assert admission.session.user_id == session.user_id
    assert state.user_id == session.user_id and state.is_admin is False and state.signed_in

    state.access_token = "not-a-token"
    asyncio.run(state._verified())
    assert (state.user_id, state.access_token, state.refresh_token) == ("", "", "")
    assert state.notice == "err_invalid_token" and not state.signed_in


def test_locale_choice_is_limited_to_supported_languages():
    state = SessionState()
    state.choose_locale("ja")
    assert state.locale == "ja" and state.t["sign_in"] == "ログイン"
    state.choose_locale("<script>")
    assert state.locale == "en"


def test_a_second_check_after_a_sign_out_keeps_the_first_reason(session):
    # Two events of one page can race: the first finds a forged token and signs out; the second
    # then finds no token at all. The learner must read why they were signed out, not "expired".
    state = SessionState()
    state.access_token, state.refresh_token = "not-a-token", session.refresh_token
    asyncio.run(state._verified())
    assert state.notice == "err_invalid_token"
    asyncio.run(state._verified())
    assert state.notice == "err_invalid_token" and not state.signed_in
