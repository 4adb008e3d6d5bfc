"""The data-interface contract runs against every adapter pair: local always, Supabase when configured."""

import os

import pytest

from worldspeak.adapters.local_auth import LocalAuth
from worldspeak.adapters.local_data import LocalDataGateway, LocalPostgres

CONTRACT_JWT_SECRET = "contract-test-secret-" + "y" * 32
SUPABASE_VARIABLES = ("SUPABASE_TEST_URL", "SUPABASE_TEST_ANON_KEY", "SUPABASE_TEST_SERVICE_ROLE_KEY")


@pytest.fixture(scope="session", params=["local", "supabase"])
def backend(request, cluster, test_db):
    """(auth provider, data gateway) for one mode."""
    if request.param == "local":
        pool = LocalPostgres(cluster.url(dbname=test_db, user="authenticator"), CONTRACT_JWT_SECRET)
        yield LocalAuth(pool, CONTRACT_JWT_SECRET, 3600, 30), LocalDataGateway(pool)
        pool.close()
        return
    missing = [name for name in SUPABASE_VARIABLES if not os.environ.get(name)]
    if missing:
        pytest.skip(
            f"Supabase leg needs a test project: set {', '.join(missing)} (migrations pushed, email confirmations off)"
        )
    from worldspeak.adapters.supabase_auth import SupabaseAuth
    from worldspeak.adapters.supabase_data import SupabaseDataGateway, SupabaseProject

    project = SupabaseProject(*(os.environ[name] for name in SUPABASE_VARIABLES))
    yield SupabaseAuth(project), SupabaseDataGateway(project)
