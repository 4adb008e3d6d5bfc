"""The admin pages' events, with real tokens against the test database: a learner gets the 403 page and
changes nothing, an admin gets the data, and an admin revoked mid-session is refused on the next event."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import reflex as rx

from worldspeak.adapters.local_admin import LocalAdminGateway
from worldspeak.pages.admin import AdminState
from worldspeak.pages.admin_health import AdminHealthState
from worldspeak.pages.admin_scripts import AdminScriptsState
from worldspeak.services import admin as admin_service
from worldspeak.session import SessionState

PASSWORD = "correct-horse-battery-staple"
ADMIN_PAGES = ("worldspeak.pages.admin", "worldspeak.pages.admin_scripts", "worldspeak.pages.admin_health")


@pytest.fixture
def wired(monkeypatch, local_auth, local_gateway, local_postgres):
    """The app's providers, pointed at the test database."""
    gateway = LocalAdminGateway(local_postgres)
    monkeypatch.setattr("worldspeak.session.auth_provider", lambda: local_auth)
    monkeypatch.setattr("worldspeak.session.data_gateway", lambda: local_gateway)
    for module in ADMIN_PAGES:
        monkeypatch.setattr(f"{module}.admin_gateway", lambda: gateway)
    return gateway


def account(local_auth, local_gateway, gateway, admin: bool):
    from worldspeak.domain.onboarding import build_answers

    email = f"pages-{uuid.uuid4().hex[:10]}@example.com"
    session = local_auth.sign_up(email, PASSWORD, "Page Tester")
    local_gateway.for_learner(session.access_token).complete_onboarding(
        build_answers("Page Tester", "ja", {"en": "beginner"}, "Asia/Tokyo", "auditory", 15)
    )
    if admin:
        gateway.accounts().set_admin(session.user_id, True)
        session = local_auth.sign_in(email, PASSWORD)
    return session


def page(state_class: type[rx.State], session) -> rx.State:
    root = rx.State()
    signed_in = root.get_substate(SessionState.get_full_name().split(".")[1:])
    signed_in.access_token, signed_in.refresh_token = session.access_token, session.refresh_token
    return root.get_substate(state_class.get_full_name().split(".")[1:])


def scripts_count(db) -> int:
    return db.execute("select count(*) as n from public.conversation_scripts where retired_at is null").fetchone()["n"]


def test_a_learner_sees_the_403_page_on_every_admin_page_and_event(wired, local_auth, local_gateway, db):
    learner = account(local_auth, local_gateway, wired, admin=False)
    some_script = str(db.execute("select id from public.conversation_scripts limit 1").fetchone()["id"])
    before_scripts = scripts_count(db)

    async def every_event() -> list[rx.State]:
        dashboard = page(AdminState, learner)
        await dashboard.open()
        await dashboard.search_learners({"search": "a"})
        await dashboard.sort_learners("email")
        await dashboard.learners_page(1)
        await dashboard.filter_audit({"table": "any", "action": "any"})
        await dashboard.audit_step(1)
        exported = await dashboard.export_learners()
        assert exported is None, "no download script for a learner"
        scripts = page(AdminScriptsState, learner)
        await scripts.open()
        await scripts.new_script()
        await scripts.edit_script(some_script)
        scripts.draft = {"title": "Learner's forgery", "scenario": "x", "difficulty_level": "1",
                         "target_language": "en", "translation_language": "ja", "category": "travel"}  # fmt: skip
        scripts.segments = [{"speaker": "learner", "text": "a", "alternatives": "", "translation": ""}] * 2
        await scripts.save()
        await scripts.retire(some_script)
        health = page(AdminHealthState, learner)
        await health.open()
        return [dashboard, scripts, health]

    dashboard, scripts, health = asyncio.run(every_event())

    assert dashboard.forbidden and dashboard.kpis == {} and dashboard.learners == [] and dashboard.audit == []
    assert scripts.forbidden and scripts.scripts == [] and scripts.draft == {}
    assert health.forbidden and health.tables == [] and health.jobs == []
    assert scripts_count(db) == before_scripts
    assert db.execute("select count(*) as n from public.conversation_scripts where title = %s",
                      ("Learner's forgery",)).fetchone()["n"] == 0  # fmt: skip


def test_user_metadata_admin_sees_the_403_page(wired, local_auth, local_gateway, db):
    learner = account(local_auth, local_gateway, wired, admin=False)
    db.execute(
        'update auth.users set raw_user_meta_data = raw_user_meta_data || \'{"role": "admin"}\' where id = %s',
        (learner.user_id,),
    )
    session = local_auth.sign_in(learner.email, PASSWORD)
    assert session.user_metadata.get("role") == "admin"
    dashboard = page(AdminState, session)
    asyncio.run(dashboard.open())
    assert dashboard.forbidden and dashboard.kpis == {}


def test_an_admin_gets_every_page(wired, local_auth, local_gateway):
    admin = account(local_auth, local_gateway, wired, admin=True)

    async def visit():
        dashboard, scripts, health = (
            page(AdminState, admin),
            page(AdminScriptsState, admin),
            page(AdminHealthState, admin),
        )
        await dashboard.open()
        await dashboard.sort_learners("email")
        export = await dashboard.export_learners()
        await scripts.open()
        await health.open()
        return dashboard, scripts, health, export

    dashboard, scripts, health, export = asyncio.run(visit())
    assert dashboard.loaded and not dashboard.forbidden and "learners" in dashboard.kpis
    assert dashboard.sort_by == "email" and not dashboard.descending
    assert export is not None
    assert scripts.loaded and len(scripts.scripts) >= 1
    assert health.loaded and health.months_ahead >= 3


def test_an_admin_revoked_mid_session_is_refused_on_the_next_event(wired, local_auth, local_gateway, db):
    admin = account(local_auth, local_gateway, wired, admin=True)
    dashboard = page(AdminState, admin)
    asyncio.run(dashboard.open())
    assert dashboard.loaded and dashboard.kpis

    admin_service.set_admin_role(wired.accounts(), admin.email, admin=False)
    asyncio.run(dashboard.sort_learners("email"))  # same browser tab, same (still "admin") token

    assert dashboard.forbidden and dashboard.learners == [] and dashboard.kpis == {}
    scripts = page(AdminScriptsState, admin)
    before = scripts_count(db)
    script_id = str(db.execute("select id from public.conversation_scripts where retired_at is null limit 1")
                    .fetchone()["id"])  # fmt: skip
    asyncio.run(scripts.retire(script_id))
    assert scripts.forbidden and scripts_count(db) == before


@pytest.fixture
def csv_client(wired, monkeypatch, local_auth):
    from starlette.applications import Starlette
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from worldspeak.admin_api import learners_csv

    monkeypatch.setattr("worldspeak.providers.auth_provider", lambda: local_auth)
    monkeypatch.setattr("worldspeak.providers.admin_gateway", lambda: wired)
    with TestClient(Starlette(routes=[Route("/api/admin/learners.csv", learners_csv)])) as client:
        yield client


def test_the_csv_export_route_streams_for_admins_only(csv_client, wired, local_auth, local_gateway, db):
    learner = account(local_auth, local_gateway, wired, admin=False)
    admin = account(local_auth, local_gateway, wired, admin=True)
    db.execute("select private.refresh_admin_statistics()")

    def get(token: str | None, **params):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return csv_client.get("/api/admin/learners.csv", params=params, headers=headers)

    assert get(None).status_code == 401
    assert get("forged.token.value").status_code == 401
    refused = get(learner.access_token)
    assert refused.status_code == 403 and "email" not in refused.text
    allowed = get(admin.access_token, search=learner.email, sort="email", desc="0")
    assert allowed.status_code == 200 and allowed.headers["content-type"].startswith("text/csv")
    lines = allowed.text.splitlines()
    assert lines[0].startswith("user_id,email") and len(lines) == 2 and learner.email in lines[1]
    assert get(admin.access_token, sort="encrypted_password").status_code == 400

    admin_service.set_admin_role(wired.accounts(), admin.email, admin=False)
    assert get(admin.access_token).status_code == 403, "revoked: the database refuses the still-valid token"
