"""auth.uid(), auth.role(), auth.email() and auth.jwt() behave as on hosted Supabase."""

import uuid

from tests.support.actors import acting_as, as_anon, claims_for


def test_uid_role_email_and_jwt_come_from_the_request_claims(db):
    user_id = uuid.uuid4()
    with acting_as(db, "authenticated", claims_for(user_id)) as conn:
        row = conn.execute(
            "select auth.uid() as uid, auth.role() as role, auth.email() as email, auth.jwt() ->> 'aud' as aud,"
            " current_user as current_role"
        ).fetchone()
    assert row == {
        "uid": user_id,
        "role": "authenticated",
        "email": f"{user_id}@example.com",
        "aud": "authenticated",
        "current_role": "authenticated",
    }


def test_anon_has_no_uid(db):
    with as_anon(db) as conn:
        row = conn.execute("select auth.uid() as uid, auth.role() as role, current_user as who").fetchone()
    assert row == {"uid": None, "role": "anon", "who": "anon"}


def test_settings_read_empty_after_the_transaction_and_uid_is_null(db):
    with acting_as(db, "authenticated", claims_for(uuid.uuid4())):
        pass
    row = db.execute("select current_setting('request.jwt.claims', true) as claims, auth.uid() as uid").fetchone()
    assert row == {"claims": "", "uid": None}


def test_legacy_single_claim_setting_is_honoured(db):
    user_id = uuid.uuid4()
    with db.transaction(force_rollback=True):
        db.execute("select set_config('request.jwt.claim.sub', %s, true)", (str(user_id),))
        assert db.execute("select auth.uid() as uid").fetchone()["uid"] == user_id


def test_roles_have_supabase_attributes(db):
    rows = {
        r["rolname"]: r
        for r in db.execute(
            "select rolname, rolcanlogin, rolinherit, rolbypassrls from pg_roles"
            " where rolname in ('anon', 'authenticated', 'service_role', 'authenticator')"
        ).fetchall()
    }
    assert rows["anon"]["rolcanlogin"] is False and rows["anon"]["rolinherit"] is False
    assert rows["authenticated"]["rolcanlogin"] is False and rows["authenticated"]["rolbypassrls"] is False
    assert rows["service_role"]["rolbypassrls"] is True
    assert rows["authenticator"]["rolcanlogin"] is True and rows["authenticator"]["rolinherit"] is False
    members = {
        r["role"]
        for r in db.execute(
            "select r.rolname as role from pg_auth_members m join pg_roles r on r.oid = m.roleid"
            " join pg_roles u on u.oid = m.member where u.rolname = 'authenticator'"
        ).fetchall()
    }
    assert {"anon", "authenticated", "service_role"} <= members


def test_statement_timeouts_match_supabase(db):
    settings = {
        r["rolname"]: r["config"]
        for r in db.execute(
            "select r.rolname, s.setconfig as config from pg_db_role_setting s join pg_roles r on r.oid = s.setrole"
            " where r.rolname in ('anon', 'authenticated')"
        ).fetchall()
    }
    assert "statement_timeout=3s" in settings["anon"]
    assert "statement_timeout=8s" in settings["authenticated"]


def test_storage_foldername_returns_all_but_the_last_segment(db):
    row = db.execute(
        "select storage.foldername('u/c/1.webm') as folders, storage.filename('u/c/1.webm') as file,"
        " storage.extension('u/c/1.webm') as ext"
    ).fetchone()
    assert row == {"folders": ["u", "c"], "file": "1.webm", "ext": "webm"}


def test_learners_cannot_read_auth_users(db):
    import psycopg
    import pytest

    with (
        acting_as(db, "authenticated", claims_for(uuid.uuid4())) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("select * from auth.users")
