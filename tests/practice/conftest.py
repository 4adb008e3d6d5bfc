"""Fixtures for the practice tests against the real local cluster (their own test database)."""

from __future__ import annotations

import time

import jwt
import pytest

from tests.support.actors import claims_for, create_user
from worldspeak.adapters.local_data import LocalPostgres
from worldspeak.adapters.local_practice_data import LocalPracticeGateway
from worldspeak.adapters.local_storage import LocalAudioStorage

PRACTICE_JWT_SECRET = "practice-test-secret-" + "y" * 32


@pytest.fixture(scope="session")
def practice_postgres(cluster, test_db):
    pool = LocalPostgres(cluster.url(dbname=test_db, user="authenticator"), PRACTICE_JWT_SECRET)
    yield pool
    pool.close()


@pytest.fixture
def learner_token(db):
    """A new learner (sign-up trigger: profile, free subscription) and an access token for them."""

    def make(native: str = "ja", admin: bool = False) -> tuple[str, str]:
        user_id = create_user(db)
        db.execute("update profiles set native_language = %s where id = %s", (native, user_id))
        claims = {**claims_for(user_id, admin=admin), "exp": int(time.time()) + 3600, "iat": int(time.time())}
        return str(user_id), jwt.encode(claims, PRACTICE_JWT_SECRET, algorithm="HS256")

    return make


@pytest.fixture
def practice_gateway(practice_postgres):
    return LocalPracticeGateway(practice_postgres)


@pytest.fixture
def audio_storage(practice_postgres, tmp_path):
    return LocalAudioStorage(practice_postgres, tmp_path / "storage", "storage-test-key")
