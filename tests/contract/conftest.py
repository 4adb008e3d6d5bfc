"""The data-interface contract runs against every adapter pair: local always, Supabase when configured.

Each backend also comes with a `Planter`: the service path's way to put conversations and
messages in place (the learner port has no "start a conversation" yet), so the contract can
check who reads what.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest
from psycopg.types.json import Jsonb

from worldspeak.adapters.local_auth import LocalAuth
from worldspeak.adapters.local_data import LocalDataGateway, LocalPostgres

CONTRACT_JWT_SECRET = "contract-test-secret-" + "y" * 32
SUPABASE_VARIABLES = ("SUPABASE_TEST_URL", "SUPABASE_TEST_ANON_KEY", "SUPABASE_TEST_SERVICE_ROLE_KEY")


class LocalPlanter:
    def __init__(self, superuser_url: str) -> None:
        self._url = superuser_url

    def finished_conversation(self, user_id: str, language: str, scenario: str) -> str:
        with psycopg.connect(self._url, autocommit=True) as conn:
            (conversation_id,) = conn.execute(
                "insert into public.conversations (user_id, language_pair, scenario, title)"
                " values (%s, %s, %s, %s) returning id",
                (user_id, Jsonb({"native": "ja", "target": language}), scenario, f"{scenario} talk"),
            ).fetchone()
            conn.execute(
                "insert into public.messages (conversation_id, user_id, content, language, is_ai, message_type)"
                " values (%s, %s, %s, %s, false, 'user_speech')",
                (conversation_id, user_id, f"my {scenario} line", language),
            )
            conn.execute("update public.conversations set ended_at = now() where id = %s", (conversation_id,))
        return str(conversation_id)


class SupabasePlanter:
    def __init__(self, project: Any) -> None:
        self._rest = project.rest(project.service_role_key, api_key=project.service_role_key)

    def finished_conversation(self, user_id: str, language: str, scenario: str) -> str:
        row = {
            "user_id": user_id,
            "language_pair": {"native": "ja", "target": language},
            "scenario": scenario,
            "title": f"{scenario} talk",
        }
        conversation_id = self._rest.table("conversations").insert(row).execute().data[0]["id"]
        message = {
            "conversation_id": conversation_id,
            "user_id": user_id,
            "content": f"my {scenario} line",
            "language": language,
            "is_ai": False,
            "message_type": "user_speech",
        }
        self._rest.table("messages").insert(message).execute()
        self._rest.table("conversations").update({"ended_at": datetime.now(UTC).isoformat()}).eq(
            "id", conversation_id
        ).execute()
        return str(conversation_id)


@dataclass
class Backend:
    auth: Any
    gateway: Any
    planter: Any

    def __iter__(self):  # `auth, gateway = backend`
        return iter((self.auth, self.gateway))


@pytest.fixture(scope="session", params=["local", "supabase"])
def backend(request, cluster, test_db):
    """(auth provider, data gateway) for one mode, with its planter."""
    if request.param == "local":
        pool = LocalPostgres(cluster.url(dbname=test_db, user="authenticator"), CONTRACT_JWT_SECRET)
        yield Backend(
            LocalAuth(pool, CONTRACT_JWT_SECRET, 3600, 30),
            LocalDataGateway(pool),
            LocalPlanter(cluster.url(dbname=test_db)),
        )
        pool.close()
        return
    missing = [name for name in SUPABASE_VARIABLES if not os.environ.get(name)]
    if missing:
        pytest.skip(
            f"Supabase leg needs a test project: set {', '.join(missing)} (migrations pushed, email confirmations off)"
        )
    from worldspeak.adapters.supabase_auth import SupabaseAuth
    from worldspeak.adapters.supabase_data import SupabaseDataGateway
    from worldspeak.adapters.supabase_project import SupabaseProject

    project = SupabaseProject(*(os.environ[name] for name in SUPABASE_VARIABLES))
    yield Backend(SupabaseAuth(project), SupabaseDataGateway(project), SupabasePlanter(project))
