"""Acting as a PostgREST request would: one transaction, a role, and JWT claims."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.types.json import Jsonb


def create_user(
    db: psycopg.Connection, email: str | None = None, app_metadata: dict | None = None, full_name: str = ""
) -> uuid.UUID:
    """Insert an auth.users row as the auth server would; the sign-up trigger does the rest."""
    user_id = uuid.uuid4()
    db.execute(
        "insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at,"
        " raw_app_meta_data, raw_user_meta_data, created_at, updated_at)"
        " values (%s, 'authenticated', 'authenticated', %s, 'x', now(), %s, %s, now(), now())",
        (
            user_id,
            email or f"{user_id}@example.com",
            Jsonb(app_metadata or {}),
            Jsonb({"full_name": full_name} if full_name else {}),
        ),
    )
    return user_id


def claims_for(user_id: uuid.UUID | None, admin: bool = False, role: str = "authenticated") -> dict[str, Any]:
    if user_id is None:
        return {"role": role}
    return {
        "sub": str(user_id),
        "role": role,
        "aud": "authenticated",
        "email": f"{user_id}@example.com",
        "app_metadata": {"role": "admin"} if admin else {},
        "user_metadata": {},
    }


@contextmanager
def acting_as(
    conn: psycopg.Connection, role: str, claims: dict[str, Any], commit: bool = False
) -> Iterator[psycopg.Connection]:
    """Run the block as PostgREST would run one request: rolled back, or committed when `commit`."""
    with conn.transaction(force_rollback=not commit):
        conn.execute(
            "select set_config('role', %s, true), set_config('request.jwt.claims', %s, true)",
            (role, json.dumps(claims)),
        )
        yield conn


def as_learner(conn, user_id, admin: bool = False, commit: bool = False):
    return acting_as(conn, "authenticated", claims_for(user_id, admin=admin), commit=commit)


def as_anon(conn):
    return acting_as(conn, "anon", {"role": "anon"})
