"""Auth adapter for local mode: the part of GoTrue WorldSpeak uses, against the local auth schema.

Passwords are bcrypt (cost 10, `$2a$` as GoTrue writes them) in
`auth.users.encrypted_password`. Access tokens are HS256 JWTs with
Supabase's claim shape; refresh tokens rotate, and reusing a rotated one
revokes the whole session, as GoTrue does.
"""

from __future__ import annotations

import secrets
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import bcrypt
import jwt
import psycopg
from psycopg.types.json import Jsonb

from worldspeak.adapters.local_data import DictConnection, LocalPostgres, as_data_error
from worldspeak.domain.credentials import normalise_email, password_problem
from worldspeak.ports import AuthError, AuthSession, DataError

BCRYPT_COST = 10
# Compared against when the email is unknown, so a miss costs the same time as a hit.
_DUMMY_HASH = bcrypt.hashpw(b"not-a-real-password", bcrypt.gensalt(BCRYPT_COST))


def hash_password(password: str) -> str:
    hashed = bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(BCRYPT_COST, prefix=b"2a"))
    return hashed.decode("ascii")


def password_matches(password: str, encrypted_password: str | None) -> bool:
    candidate = password.encode("utf-8")
    if len(candidate) > 72 or not encrypted_password:
        bcrypt.checkpw(b"x", _DUMMY_HASH)
        return False
    return bcrypt.checkpw(candidate, encrypted_password.encode("ascii"))


class LocalAuth:
    def __init__(
        self,
        db: LocalPostgres,
        jwt_secret: str,
        access_token_seconds: int,
        refresh_token_days: int,
        issuer: str = "http://localhost/auth/v1",
    ) -> None:
        self._db = db
        self._secret = jwt_secret
        self._access_seconds = access_token_seconds
        self._refresh_days = refresh_token_days
        self._issuer = issuer

    # -- public API -------------------------------------------------------------
    def sign_up(self, email: str, password: str, full_name: str = "") -> AuthSession:
        address = normalise_email(email)
        problem = password_problem(password)
        if problem:
            raise AuthError(problem)
        user_id = uuid.uuid4()
        try:
            with self._service("sign_up") as conn:
                conn.execute(
                    """
                    insert into auth.users (
                      instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                      raw_app_meta_data, raw_user_meta_data, created_at, updated_at, last_sign_in_at
                    ) values (
                      '00000000-0000-0000-0000-000000000000', %s, 'authenticated', 'authenticated', %s, %s, now(),
                      %s, %s, now(), now(), now()
                    )
                    """,
                    (
                        user_id,
                        address,
                        hash_password(password),
                        Jsonb({"provider": "email", "providers": ["email"]}),
                        Jsonb({"full_name": full_name.strip()} if full_name.strip() else {}),
                    ),
                )
                return self._open_session(conn, user_id)
        except DataError as error:
            if error.code == "already_exists":  # auth.users is unique on email
                raise AuthError("email_taken") from error
            raise

    def sign_in(self, email: str, password: str) -> AuthSession:
        address = normalise_email(email)
        with self._service("sign_in") as conn:
            row = conn.execute(
                "select id, encrypted_password, banned_until, deleted_at from auth.users where email = %s",
                (address,),
            ).fetchone()
            # An unknown email still pays for one bcrypt check, so timing does not reveal accounts.
            if not password_matches(password, row["encrypted_password"] if row else None) or row is None:
                raise AuthError("invalid_credentials")
            if row["deleted_at"] is not None or (row["banned_until"] and row["banned_until"].timestamp() > time.time()):
                raise AuthError("account_disabled")
            conn.execute("update auth.users set last_sign_in_at = now() where id = %s", (row["id"],))
            return self._open_session(conn, row["id"])

    def refresh(self, refresh_token: str) -> AuthSession:
        if not refresh_token:
            raise AuthError("session_expired")
        with self._service("refresh") as conn:
            row = conn.execute(
                """
                select rt.id, rt.revoked, rt.session_id, s.user_id, s.not_after
                from auth.refresh_tokens rt join auth.sessions s on s.id = rt.session_id
                where rt.token = %s
                for update of rt
                """,
                (refresh_token,),
            ).fetchone()
            if row is None:
                raise AuthError("session_revoked")
            if row["not_after"] is not None and row["not_after"].timestamp() < time.time():
                raise AuthError("session_expired")
            if row["revoked"]:
                # A rotated token came back: someone else may hold it. End the session. The
                # refusal is raised after the block, or the delete would be rolled back.
                conn.execute("delete from auth.sessions where id = %s", (row["session_id"],))
                renewed = None
            else:
                conn.execute(
                    "update auth.refresh_tokens set revoked = true, updated_at = now() where id = %s", (row["id"],)
                )
                conn.execute(
                    "update auth.sessions set refreshed_at = now(), updated_at = now() where id = %s",
                    (row["session_id"],),
                )
                renewed = self._issue(conn, row["user_id"], row["session_id"], parent=refresh_token)
        if renewed is None:
            raise AuthError("session_revoked")
        return renewed

    def sign_out(self, access_token: str) -> None:
        try:
            claims = self._db.claims_from_token(access_token)
        except AuthError:
            return  # an unusable token has no session left to end
        with self._service("sign_out") as conn:
            conn.execute("delete from auth.sessions where id = %s", (claims.get("session_id"),))

    def verify(self, access_token: str) -> dict[str, Any]:
        claims = self._db.claims_from_token(access_token)
        with self._service("verify") as conn:
            alive = conn.execute(
                "select 1 from auth.sessions s join auth.users u on u.id = s.user_id"
                " where s.id = %s and u.id = %s and u.deleted_at is null",
                (claims.get("session_id"), claims.get("sub")),
            ).fetchone()
        if not alive:
            raise AuthError("session_revoked")
        return claims

    # -- internals --------------------------------------------------------------
    @contextmanager
    def _service(self, context: str) -> Iterator[DictConnection]:
        """The service path, with database refusals as the port's errors (logged with `context`)."""
        try:
            with self._db.as_service() as conn:
                yield conn
        except psycopg.Error as error:
            raise as_data_error(error, f"auth.{context}") from error

    def _open_session(self, conn: DictConnection, user_id: uuid.UUID) -> AuthSession:
        session_id = uuid.uuid4()
        conn.execute(
            "insert into auth.sessions (id, user_id, created_at, updated_at, not_after)"
            " values (%s, %s, now(), now(), now() + make_interval(days => %s))",
            (session_id, user_id, self._refresh_days),
        )
        return self._issue(conn, user_id, session_id, parent=None)

    def _issue(
        self, conn: DictConnection, user_id: uuid.UUID, session_id: uuid.UUID, parent: str | None
    ) -> AuthSession:
        user = conn.execute(
            "select id, email, raw_app_meta_data, raw_user_meta_data from auth.users where id = %s", (user_id,)
        ).fetchone()
        if user is None:  # deleted between the check and now
            raise AuthError("session_revoked")
        refresh_token = secrets.token_urlsafe(32)
        conn.execute(
            "insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)"
            " values ('00000000-0000-0000-0000-000000000000', %s, %s, false, now(), now(), %s, %s)",
            (refresh_token, str(user_id), parent, session_id),
        )
        now = int(time.time())
        expires_at = now + self._access_seconds
        app_metadata = user["raw_app_meta_data"] or {}
        user_metadata = user["raw_user_meta_data"] or {}
        claims = {
            "iss": self._issuer,
            "sub": str(user["id"]),
            "aud": "authenticated",
            "exp": expires_at,
            "iat": now,
            "email": user["email"],
            "phone": "",
            "app_metadata": app_metadata,
            "user_metadata": user_metadata,
            "role": "authenticated",
            "aal": "aal1",
            "session_id": str(session_id),
            "is_anonymous": False,
        }
        return AuthSession(
            access_token=jwt.encode(claims, self._secret, algorithm="HS256"),
            refresh_token=refresh_token,
            expires_at=expires_at,
            user_id=str(user["id"]),
            email=user["email"],
            app_metadata=app_metadata,
            user_metadata=user_metadata,
        )
