"""The shared session state: silent refresh, and sign-out with a reason for unusable tokens."""

import time
import uuid

import jwt
import pytest

from worldspeak.providers import auth_provider
from worldspeak.session import SessionState
from worldspeak.settings import get_settings


@pytest.fixture
def signed_in(test_db):
    session = auth_provider().sign_up(f"state-{uuid.uuid4().hex[:10]}@example.com", "state-password")
    state = SessionState()
    state._remember(session)
    return state, session


def re_signed(token: str, **changes) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})
    return jwt.encode({**claims, **changes}, get_settings().jwt_secret, algorithm="HS256")


def test_a_live_token_is_used_as_it_is(signed_in):
    state, session = signed_in
    assert state._verified_token() == session.access_token
    assert state.signed_in and state.notice == ""


def test_an_expired_access_token_is_refreshed_silently(signed_in):
    state, session = signed_in
    expired = re_signed(session.access_token, exp=int(time.time()) - 1)
    state.access_token = expired
    token = state._verified_token()
    assert token and token != expired
    assert (
        jwt.decode(token, get_settings().jwt_secret, algorithms=["HS256"], audience="authenticated")["exp"]
        > time.time()
    )
    assert state.refresh_token != session.refresh_token
    assert state.user_id == session.user_id and state.notice == ""


def test_expired_and_unrefreshable_signs_out_with_a_reason(signed_in):
    state, session = signed_in
    auth_provider().sign_out(session.access_token)
    state.access_token = re_signed(session.access_token, exp=int(time.time()) - 1)
    assert state._verified_token() is None
    assert (state.user_id, state.access_token, state.refresh_token) == ("", "", "")
    assert state.notice == "err_session_revoked"


def test_a_forged_token_signs_out(signed_in):
    state, session = signed_in
    claims = jwt.decode(session.access_token, options={"verify_signature": False})
    state.access_token = jwt.encode({**claims, "app_metadata": {"role": "admin"}}, "forged" * 8, algorithm="HS256")
    assert state.learner_data() is None
    assert state.notice == "err_invalid_token" and not state.signed_in and not state.is_admin


def test_a_revoked_session_signs_out(signed_in):
    state, session = signed_in
    auth_provider().sign_out(session.access_token)
    assert state._verified_token() is None
    assert state.notice == "err_session_revoked"


def test_locale_choice_is_limited_to_supported_languages():
    state = SessionState()
    state.choose_locale("ja")
    assert state.locale == "ja" and state.t["sign_in"] == "ログイン"
    state.choose_locale("<script>")
    assert state.locale == "en"
