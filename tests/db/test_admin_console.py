"""Who may use the admin console, and what it shows: every admin function, page data and script change.

Authorization is proved with real requests (SET LOCAL role + claims, as PostgREST runs them) and with
real tokens through the app's adapter; the superuser `db` connection only arranges and inspects.
"""

from __future__ import annotations

import uuid

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.support.actors import acting_as, claims_for, create_user
from worldspeak.adapters.local_admin import LocalAdminGateway
from worldspeak.domain.errors import DataError
from worldspeak.services import admin as admin_service
from worldspeak.services.admin import AuditFilter, ScriptDraft, Segment

NOT_ALLOWED = "42501"

# Every admin entry point, as a learner's request would call it.
ADMIN_CALLS = {
    "dashboard": "select public.admin_dashboard() as result",
    "refresh": "select public.admin_refresh_statistics() as result",
    "learners": "select * from public.admin_learners('a', 'email', false, 10, 0)",
    "learners_count": "select public.admin_user_statistics_count() as result",
    "audit_log": "select * from public.admin_audit_log()",
    "health": "select public.admin_health() as result",
}


def request(db, claims: dict, statement: str, params: tuple = ()) -> tuple[str, list[dict]]:
    """Run one committed request; ("ok", rows) or (SQLSTATE, [])."""
    with acting_as(db, claims.get("role", "authenticated"), claims, commit=True) as conn:
        try:
            with conn.transaction():
                cursor = conn.execute(statement, params)
                return "ok", cursor.fetchall() if cursor.description else []
        except psycopg.Error as error:
            return error.sqlstate or "error", []


@pytest.fixture
def cast(db) -> dict[str, uuid.UUID]:
    return {
        "learner": create_user(db, full_name="Lena Learner"),
        "admin": create_user(db, app_metadata={"role": "admin"}, full_name="Ada Admin"),
        "metadata_admin": create_user(db, full_name="Mallory Metadata"),
    }


def metadata_admin_claims(user_id: uuid.UUID) -> dict:
    return claims_for(user_id) | {"user_metadata": {"role": "admin"}}


@pytest.mark.parametrize("call", sorted(ADMIN_CALLS))
def test_a_learner_is_refused_by_every_admin_function(db, cast, call):
    outcome, rows = request(db, claims_for(cast["learner"]), ADMIN_CALLS[call])
    assert (outcome, rows) == (NOT_ALLOWED, [])


@pytest.mark.parametrize("call", sorted(ADMIN_CALLS))
def test_user_metadata_admin_grants_nothing(db, cast, call):
    db.execute(
        'update auth.users set raw_user_meta_data = raw_user_meta_data || \'{"role": "admin"}\' where id = %s',
        (cast["metadata_admin"],),
    )
    outcome, _ = request(db, metadata_admin_claims(cast["metadata_admin"]), ADMIN_CALLS[call])
    assert outcome == NOT_ALLOWED


@pytest.mark.parametrize("call", sorted(ADMIN_CALLS))
def test_an_admin_gets_through_every_admin_function(db, cast, call):
    outcome, _ = request(db, claims_for(cast["admin"], admin=True), ADMIN_CALLS[call])
    assert outcome == "ok"


@pytest.mark.parametrize("call", sorted(ADMIN_CALLS))
def test_a_revoked_admin_is_refused_while_their_token_still_says_admin(db, cast, call):
    db.execute("update auth.users set raw_app_meta_data = raw_app_meta_data - 'role' where id = %s", (cast["admin"],))
    outcome, _ = request(db, claims_for(cast["admin"], admin=True), ADMIN_CALLS[call])
    assert outcome == NOT_ALLOWED


def test_forged_admin_claims_for_a_learner_grant_nothing(db, cast):
    """A token claiming admin for an account that is not one (e.g. signed with a leaked secret) is refused."""
    outcome, _ = request(db, claims_for(cast["learner"], admin=True), ADMIN_CALLS["dashboard"])
    assert outcome == NOT_ALLOWED


SCRIPT = {
    "title": "Admin probe: at the station",
    "language_pair": {"target": "en", "native": "ja"},
    "scenario": "station",
    "difficulty_level": 2,
    "script_segments": [
        {"order": 1, "speaker": "partner", "text": "Where to?"},
        {"order": 2, "speaker": "learner", "text": "One ticket to Leeds, please."},
    ],
    "category": "travel",
}


@pytest.fixture(autouse=True)
def no_probe_scripts_left(db):
    yield
    db.execute("delete from public.conversation_scripts where title like 'Admin probe:%'")


def insert_script(db) -> uuid.UUID:
    return db.execute(
        "insert into public.conversation_scripts (title, language_pair, scenario, difficulty_level, script_segments,"
        " category) values (%s, %s, %s, %s, %s, %s) returning id",
        (SCRIPT["title"], Jsonb(SCRIPT["language_pair"]), SCRIPT["scenario"], 2, Jsonb(SCRIPT["script_segments"]),
         "travel"),
    ).fetchone()["id"]  # fmt: skip


def test_a_learner_cannot_create_edit_or_retire_a_script(db, cast):
    script = insert_script(db)
    learner = claims_for(cast["learner"])
    inserted = request(
        db,
        learner,
        "insert into public.conversation_scripts (title, language_pair, scenario, difficulty_level, script_segments,"
        " category) values ('Admin probe: forged', '{\"target\": \"en\"}', 's', 1,"
        ' \'[{"speaker": "learner", "text": "a"}, {"speaker": "partner", "text": "b"}]\', \'travel\')',
    )
    edited = request(db, learner, "update public.conversation_scripts set title = 'Admin probe: hacked' where id = %s",
                     (script,))  # fmt: skip
    retired = request(db, learner, "update public.conversation_scripts set retired_at = now() where id = %s", (script,))
    assert inserted[0] == NOT_ALLOWED
    assert edited == ("ok", []) and retired == ("ok", [])  # RLS shows the learner no row to change
    row = db.execute("select title, retired_at from public.conversation_scripts where id = %s", (script,)).fetchone()
    assert row == {"title": SCRIPT["title"], "retired_at": None}
    assert db.execute("select count(*) as n from public.conversation_scripts where title = 'Admin probe: forged'"
                      ).fetchone()["n"] == 0  # fmt: skip


def test_a_retired_script_leaves_the_library_but_keeps_its_history(db, cast):
    script = insert_script(db)
    conversation = db.execute(
        "insert into public.conversations (user_id, language_pair, scenario, script_id) values (%s,"
        " '{\"target\": \"en\"}', 'station', %s) returning id",
        (cast["learner"], script),
    ).fetchone()["id"]
    outcome, _ = request(db, claims_for(cast["admin"], admin=True),
                         "update public.conversation_scripts set retired_at = now() where id = %s", (script,))  # fmt: skip
    assert outcome == "ok"

    learner = claims_for(cast["learner"])
    assert request(db, learner, "select id from public.conversation_scripts where id = %s", (script,)) == ("ok", [])
    _, library = request(db, learner, "select id from public.script_library()")
    assert script not in {row["id"] for row in library}
    _, admin_view = request(db, claims_for(cast["admin"], admin=True),
                            "select id from public.conversation_scripts where id = %s", (script,))  # fmt: skip
    assert admin_view == [{"id": script}]
    kept = db.execute("select script_id from public.conversations where id = %s", (conversation,)).fetchone()
    assert kept == {"script_id": script}
    audit = db.execute(
        "select action, old_values ->> 'retired_at' as before, new_values ->> 'retired_at' as after, user_id"
        " from public.audit_logs where table_name = 'public.conversation_scripts' and record_id = %s"
        " order by created_at",
        (script,),
    ).fetchall()
    assert [row["action"] for row in audit] == ["INSERT", "UPDATE"]
    assert audit[1]["before"] is None and audit[1]["after"] is not None and audit[1]["user_id"] == cast["admin"]


# -- through the app's adapter and services, with real tokens ---------------------------------------
@pytest.fixture
def admin_gateway(local_postgres) -> LocalAdminGateway:
    return LocalAdminGateway(local_postgres)


def sign_up(local_auth, gateway_db, admin: bool = False, name: str = ""):
    email = f"admin-test-{uuid.uuid4().hex[:10]}@example.com"
    session = local_auth.sign_up(email, "correct-horse-battery-staple", name)
    if admin:
        gateway_db.set_admin(session.user_id, True)
        session = local_auth.sign_in(email, "correct-horse-battery-staple")
    return session


def test_tokens_the_auth_server_issued_decide_admin_access(local_auth, admin_gateway):
    accounts = admin_gateway.accounts()
    learner = sign_up(local_auth, accounts)
    admin = sign_up(local_auth, accounts, admin=True)
    assert admin.is_admin and not learner.is_admin

    assert "kpis" in admin_gateway.for_admin(admin.access_token).dashboard()
    with pytest.raises(DataError) as refused:
        admin_gateway.for_admin(learner.access_token).dashboard()
    assert refused.value.code == "not_allowed"


def test_an_admin_revoked_mid_session_loses_access_on_the_next_call(local_auth, admin_gateway, db):
    accounts = admin_gateway.accounts()
    admin = sign_up(local_auth, accounts, admin=True)
    data = admin_gateway.for_admin(admin.access_token)
    assert data.health()["months_ahead"] >= 3

    change = admin_service.set_admin_role(accounts, admin.email, admin=False)

    assert change.changed and not change.admin
    with pytest.raises(DataError) as refused:
        data.health()  # the very same token, which still says "admin"
    assert refused.value.code == "not_allowed"
    with pytest.raises(DataError):
        admin_service.save_script(data, valid_draft("Admin probe: after revoke"))
    audit = db.execute(
        "select actor_role, old_values, new_values from public.audit_logs where table_name = 'auth.users'"
        " and record_id = %s order by created_at",
        (admin.user_id,),
    ).fetchall()
    assert audit[-1]["old_values"]["app_metadata"]["role"] == "admin"
    assert "role" not in audit[-1]["new_values"]["app_metadata"]
    assert audit[-1]["actor_role"] == "service_role"


def test_granting_twice_changes_nothing_the_second_time(local_auth, admin_gateway):
    accounts = admin_gateway.accounts()
    learner = sign_up(local_auth, accounts)
    assert admin_service.set_admin_role(accounts, learner.email, admin=True).changed
    assert not admin_service.set_admin_role(accounts, learner.email, admin=True).changed
    with pytest.raises(DataError) as unknown:
        admin_service.set_admin_role(accounts, "nobody-here@example.com", admin=True)
    assert unknown.value.code == "not_found"


def test_the_service_refuses_a_session_that_is_not_an_admin():
    from worldspeak.services.session import VerifiedSession

    with pytest.raises(DataError):
        admin_service.require_admin(VerifiedSession("t", "r", "u", "e@example.com", is_admin=False))
    with pytest.raises(DataError):
        admin_service.require_admin(None)


def valid_draft(title: str) -> ScriptDraft:
    return ScriptDraft(
        title=title,
        scenario="Hotel check-in",
        target_language="en",
        difficulty_level="3",
        category="travel",
        tags="hotel, travel",
        cultural_notes="Tipping the porter is common.",
        vocabulary="check in = チェックインする",
        segments=(
            Segment("partner", "Good evening. Do you have a reservation?", translation="こんばんは。"),
            Segment("learner", "Yes, under Tanaka.", alternatives=("Yes, it's under Tanaka.",)),
        ),
    )


def test_scripts_are_created_edited_and_retired_through_the_service_and_audited(local_auth, admin_gateway, db):
    admin = sign_up(local_auth, admin_gateway.accounts(), admin=True)
    data = admin_gateway.for_admin(admin.access_token)

    created = admin_service.save_script(data, valid_draft("Admin probe: hotel"))
    assert created.problems == () and created.script_id
    draft = admin_service.load_script(data, created.script_id)
    assert draft.segments[1].alternatives == ("Yes, it's under Tanaka.",)
    assert draft.vocabulary == "check in = チェックインする"
    edited = admin_service.save_script(data, draft.__class__(**{**draft.__dict__, "difficulty_level": "4"}),
                                       created.script_id)  # fmt: skip
    assert edited.problems == ()
    admin_service.retire_script(data, created.script_id)

    listed = {str(row["id"]): row for row in admin_service.scripts(data)}
    assert listed[created.script_id]["retired_at"] is not None
    page = admin_service.audit_page(data, AuditFilter(table="public.conversation_scripts", actor=admin.email))
    actions = [entry["action"] for entry in page.entries if entry["record"] == created.script_id]
    assert actions == ["UPDATE", "UPDATE", "INSERT"]
    difficulty = next(
        change for entry in page.entries if entry["record"] == created.script_id
        for change in entry["changes"] if change["field"] == "difficulty_level"
    )  # fmt: skip
    assert (difficulty["old"], difficulty["new"]) == ("3", "4")


def test_an_invalid_script_is_not_written(local_auth, admin_gateway, db):
    admin = sign_up(local_auth, admin_gateway.accounts(), admin=True)
    data = admin_gateway.for_admin(admin.access_token)
    draft = ScriptDraft(title="Admin probe: bad", scenario="x", difficulty_level="11",
                        segments=(Segment("partner", "Hello"), Segment("partner", "  ")))  # fmt: skip
    outcome = admin_service.save_script(data, draft)
    keys = {problem.key for problem in outcome.problems}
    assert keys == {"admin_problem_difficulty", "admin_problem_empty_line", "admin_problem_no_learner_line"}
    assert db.execute("select count(*) as n from public.conversation_scripts where title = 'Admin probe: bad'"
                      ).fetchone()["n"] == 0  # fmt: skip


def test_the_dashboard_counts_the_activity_it_sees(local_auth, admin_gateway, db):
    admin = sign_up(local_auth, admin_gateway.accounts(), admin=True)
    data = admin_gateway.for_admin(admin.access_token)
    before = admin_service.refresh_statistics(data)

    learner = create_user(db, full_name="Kai Counted")
    db.execute("update public.profiles set last_active_at = now() where id = %s", (learner,))
    db.execute(
        "insert into public.conversations (user_id, language_pair, scenario, overall_score)"
        " values (%s, '{\"target\": \"es\"}', 'market', 85)",
        (learner,),
    )
    db.execute(
        "insert into public.usage_tracking (user_id, bucket_start, microphone_seconds, language_breakdown)"
        " values (%s, date_trunc('hour', now(), 'UTC'), 600, '{\"es\": 600}')"
        " on conflict (user_id, bucket_start) do update"
        " set microphone_seconds = excluded.microphone_seconds, language_breakdown = excluded.language_breakdown",
        (learner,),
    )
    db.execute("update public.subscriptions set plan_type = 'standard', monthly_seconds_limit = 54000,"
               " monthly_price_cents = 980 where user_id = %s", (learner,))  # fmt: skip
    after = admin_service.refresh_statistics(data)

    assert after.kpis["learners"] == before.kpis["learners"] + 1
    assert after.kpis["daily_active"] >= before.kpis["daily_active"] + 1
    assert after.kpis["conversations_today"] == before.kpis["conversations_today"] + 1
    assert after.kpis["microphone_minutes_month"] == pytest.approx(before.kpis["microphone_minutes_month"] + 10)
    assert after.kpis["paid_by_plan"].get("standard", 0) == before.kpis["paid_by_plan"].get("standard", 0) + 1
    assert after.kpis["mrr_cents"] == before.kpis["mrr_cents"] + 980
    assert "es" in after.languages
    assert sum(b["conversations"] for b in after.score_distribution if b["bucket"] == "80-89") >= 1
    assert after.refreshed_at is not None and after.refreshed_at >= before.refreshed_at


def test_the_learners_table_searches_sorts_and_pages(local_auth, admin_gateway, db):
    admin = sign_up(local_auth, admin_gateway.accounts(), admin=True)
    data = admin_gateway.for_admin(admin.access_token)
    tag = uuid.uuid4().hex[:8]
    for i, name in enumerate(["Carla", "Amir", "Bea"]):
        create_user(db, email=f"{tag}-{i}@example.com", full_name=f"{name} {tag}")
    admin_service.refresh_statistics(data)

    by_name = admin_service.learners_page(data, tag, "full_name", descending=False, page=0, page_size=2)
    second = admin_service.learners_page(data, tag, "full_name", descending=False, page=1, page_size=2)
    reversed_names = admin_service.learners_page(data, tag, "full_name", descending=True, page=0, page_size=3)

    assert by_name.total == 3 and by_name.pages == 2
    assert [row["full_name"].split()[0] for row in by_name.rows] == ["Amir", "Bea"]
    assert [row["full_name"].split()[0] for row in second.rows] == ["Carla"]
    assert [row["full_name"].split()[0] for row in reversed_names.rows] == ["Carla", "Bea", "Amir"]
    with pytest.raises(DataError):
        admin_service.learners_page(data, tag, "encrypted_password")

    exported = "".join(admin_service.learners_csv(data, tag, "email", descending=False)).splitlines()
    assert exported[0].startswith("user_id,email,full_name")
    assert [line.split(",")[1] for line in exported[1:]] == [f"{tag}-{i}@example.com" for i in range(3)]


def test_a_learner_gets_no_csv_rows(local_auth, admin_gateway):
    learner = sign_up(local_auth, admin_gateway.accounts())
    with pytest.raises(DataError) as refused:
        "".join(admin_service.learners_csv(admin_gateway.for_admin(learner.access_token)))
    assert refused.value.code == "not_allowed"


def test_the_health_page_shows_partitions_sizes_and_job_runs(local_auth, admin_gateway, db):
    admin = sign_up(local_auth, admin_gateway.accounts(), admin=True)
    db.execute(
        "insert into private.scheduled_job_runs (job, started_at, finished_at, outcome, error)"
        " values ('probe_job', now(), now(), 'failed', 'boom')"
    )
    health = admin_service.health(admin_gateway.for_admin(admin.access_token))
    assert health["months_ahead"] >= 3
    assert any(table["name"] == "public.messages" or table["name"].startswith("private.messages_p")
               for table in health["tables"])  # fmt: skip
    assert {"job": "probe_job", "outcome": "failed", "error": "boom"}.items() <= next(
        job for job in health["jobs"] if job["job"] == "probe_job"
    ).items()
    assert isinstance(health["slow_statements"], list)
    db.execute("delete from private.scheduled_job_runs where job = 'probe_job'")


def test_the_cli_grants_and_revokes_through_the_service_path(local_auth, admin_gateway, db, monkeypatch, capsys):
    import argparse

    from worldspeak.ops_cli import ops_command

    monkeypatch.setattr("worldspeak.providers.admin_gateway", lambda: admin_gateway)
    learner = sign_up(local_auth, admin_gateway.accounts())

    assert ops_command(argparse.Namespace(command="admin", action="grant", email=learner.email.upper())) == 0
    assert "is now an admin" in capsys.readouterr().out
    assert admin_gateway.accounts().find_account(learner.email)["role"] == "admin"
    assert ops_command(argparse.Namespace(command="admin", action="revoke", email=learner.email)) == 0
    assert "is no longer an admin" in capsys.readouterr().out
    assert admin_gateway.accounts().find_account(learner.email)["role"] is None
    changes = db.execute(
        "select actor_role, new_values -> 'app_metadata' ->> 'role' as role from public.audit_logs"
        " where table_name = 'auth.users' and record_id = %s order by created_at",
        (learner.user_id,),
    ).fetchall()
    assert changes == [{"actor_role": "service_role", "role": "admin"}, {"actor_role": "service_role", "role": None}]
    with pytest.raises(DataError):
        ops_command(argparse.Namespace(command="admin", action="grant", email="nobody@example.com"))


def test_python_m_worldspeak_admin_is_wired(test_db, db):
    import os
    import subprocess
    import sys

    email = f"cli-{uuid.uuid4().hex[:8]}@example.com"
    create_user(db, email=email)
    env = {**os.environ, "WORLDSPEAK_DB_NAME": test_db, "SUPABASE_URL": ""}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "worldspeak", *args], capture_output=True, text=True, env=env,
                              timeout=60)  # fmt: skip

    granted = run("admin", "grant", email)
    assert granted.returncode == 0 and "is now an admin" in granted.stdout, granted.stderr
    missing = run("admin", "revoke", "nobody-at-all@example.com")
    assert missing.returncode == 1 and "not_found" in missing.stderr and "Traceback" not in missing.stderr
