import pytest

from worldspeak.adapters.local_auth import LocalAuth
from worldspeak.adapters.local_data import LocalDataGateway, LocalPostgres

TEST_JWT_SECRET = "test-only-secret-" + "x" * 32


@pytest.fixture(scope="session")
def local_postgres(cluster, test_db):
    pool = LocalPostgres(cluster.url(dbname=test_db, user="authenticator"), TEST_JWT_SECRET)
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def local_auth(local_postgres):
    return LocalAuth(local_postgres, TEST_JWT_SECRET, access_token_seconds=3600, refresh_token_days=30)


@pytest.fixture(scope="session")
def local_gateway(local_postgres):
    return LocalDataGateway(local_postgres)
