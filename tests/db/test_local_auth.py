"""The local auth adapter behaves like GoTrue for everything the app relies on."""

import time
import uuid

import jwt
import pytest

from tests.db.conftest import TEST_JWT_SECRET
from worldspeak.ports import AuthError


def new_email() -> str:
    return f"learner-{uuid.uuid4().hex[:10]}@example.com"


def test_sign_up_stores_bcrypt_cost_10_and_returns_supabase_shaped_tokens(local_auth, db):
    email = new_email()
    session = local_auth.sign_up(email, "correct horse", full_name="Ana")
    stored = db.execute(
        "select encrypted_password, email_confirmed_at from auth.users where id = %s", (session.user_id,)
    ).fetchone()
    assert stored["encrypted_password"].startswith("$2a$10$")
    assert stored["email_confirmed_at"] is not None
    claims = jwt.decode(session.access_token, TEST_JWT_SECRET, algorithms=["HS256"], audience="authenticated")
    assert claims["sub"] == session.user_id
    assert claims["role"] == "authenticated"
    assert claims["email"] == email
    assert claims["app_metadata"]["provider"] == "email"
    assert claims["user_metadata"] == {"full_name": "Ana"}
    assert {"exp", "iat", "session_id", "is_anonymous"} <= set(claims)
    assert jwt.get_unverified_header(session.access_token)["alg"] == "HS256"
    assert claims["exp"] - claims["iat"] == 3600


def test_sign_in_with_the_right_password(local_auth):
    email = new_email()
    local_auth.sign_up(email, "password123")
    session = local_auth.sign_in(email.upper(), "password123")
    assert session.email == email


@pytest.mark.parametrize("password", ["password124", "", "PASSWORD123", "password123 "])
def test_a_wrong_password_is_refused(local_auth, password):
    email = new_email()
    local_auth.sign_up(email, "password123")
    with pytest.raises(AuthError) as caught:
        local_auth.sign_in(email, password)
    assert caught.value.code == "invalid_credentials"


def test_an_unknown_email_gives_the_same_answer_as_a_wrong_password(local_auth):
    with pytest.raises(AuthError) as caught:
        local_auth.sign_in(new_email(), "password123")
    assert caught.value.code == "invalid_credentials"


def test_duplicate_email_is_refused_whatever_its_case(local_auth):
    email = new_email()
    local_auth.sign_up(email, "password123")
    with pytest.raises(AuthError) as caught:
        local_auth.sign_up(email.upper(), "another-password")
    assert caught.value.code == "email_taken"


@pytest.mark.parametrize(
    ("email", "password", "code"),
    [
        ("not-an-email", "password123", "invalid_email"),
        ("ok@example.com", "short", "password_too_short"),
        ("ok@example.com", "あ" * 30, "password_too_long"),
    ],
)
def test_bad_sign_up_input_is_refused_before_anything_is_stored(local_auth, db, email, password, code):
    before = db.execute("select count(*) as n from auth.users").fetchone()["n"]
    with pytest.raises(AuthError) as caught:
        local_auth.sign_up(email, password)
    assert caught.value.code == code
    assert db.execute("select count(*) as n from auth.users").fetchone()["n"] == before


def test_verify_accepts_a_live_token(local_auth):
    session = local_auth.sign_up(new_email(), "password123")
    assert local_auth.verify(session.access_token)["sub"] == session.user_id


def test_a_forged_token_is_refused(local_auth):
    session = local_auth.sign_up(new_email(), "password123")
    claims = jwt.decode(session.access_token, options={"verify_signature": False})
    forged = jwt.encode(
        {**claims, "app_metadata": {"role": "admin"}}, "someone-elses-secret-" + "q" * 32, algorithm="HS256"
    )
    with pytest.raises(AuthError) as caught:
        local_auth.verify(forged)
    assert caught.value.code == "invalid_token"
    unsigned = jwt.encode(claims, None, algorithm="none")
    with pytest.raises(AuthError):
        local_auth.verify(unsigned)


def test_an_expired_token_is_reported_as_expired_and_refresh_renews_it(local_auth):
    session = local_auth.sign_up(new_email(), "password123")
    claims = jwt.decode(session.access_token, options={"verify_signature": False})
    expired = jwt.encode({**claims, "exp": int(time.time()) - 5}, TEST_JWT_SECRET, algorithm="HS256")
    with pytest.raises(AuthError) as caught:
        local_auth.verify(expired)
    assert caught.value.code == "session_expired"
    renewed = local_auth.refresh(session.refresh_token)
    assert renewed.refresh_token != session.refresh_token
    assert local_auth.verify(renewed.access_token)["session_id"] == claims["session_id"]


def test_reusing_a_rotated_refresh_token_revokes_the_session(local_auth):
    session = local_auth.sign_up(new_email(), "password123")
    renewed = local_auth.refresh(session.refresh_token)
    with pytest.raises(AuthError) as caught:
        local_auth.refresh(session.refresh_token)
    assert caught.value.code == "session_revoked"
    for token_use in (
        lambda: local_auth.verify(renewed.access_token),
        lambda: local_auth.refresh(renewed.refresh_token),
    ):
        with pytest.raises(AuthError) as caught:
            token_use()
        assert caught.value.code == "session_revoked"


def test_sign_out_revokes_the_access_and_refresh_tokens(local_auth):
    session = local_auth.sign_up(new_email(), "password123")
    local_auth.sign_out(session.access_token)
    with pytest.raises(AuthError) as caught:
        local_auth.verify(session.access_token)
    assert caught.value.code == "session_revoked"
    with pytest.raises(AuthError):
        local_auth.refresh(session.refresh_token)


def test_sign_out_only_ends_its_own_session(local_auth):
    email = new_email()
    phone = local_auth.sign_up(email, "password123")
    laptop = local_auth.sign_in(email, "password123")
    local_auth.sign_out(phone.access_token)
    assert local_auth.verify(laptop.access_token)["sub"] == laptop.user_id


def test_a_deleted_user_is_signed_out(local_auth, db):
    session = local_auth.sign_up(new_email(), "password123")
    db.execute("delete from auth.users where id = %s", (session.user_id,))
    with pytest.raises(AuthError) as caught:
        local_auth.verify(session.access_token)
    assert caught.value.code == "session_revoked"


def test_admin_role_comes_from_app_metadata_only(local_auth, local_gateway):
    email = new_email()
    session = local_auth.sign_up(email, "password123", full_name="Mallory")
    assert not session.is_admin
    local_gateway.service().set_app_metadata(session.user_id, {"role": "admin"})
    assert local_auth.sign_in(email, "password123").is_admin
