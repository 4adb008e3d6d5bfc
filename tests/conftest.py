"""Shared fixtures. Tests run against the real local cluster, in their own database."""

from __future__ import annotations

import os

# Before anything reads settings: the suite never touches the app's own database.
os.environ.setdefault("WORLDSPEAK_DB_NAME", "worldspeak_test")

import psycopg  # noqa: E402
import pytest  # noqa: E402
from psycopg.rows import dict_row  # noqa: E402

from worldspeak.localstack import migrations  # noqa: E402
from worldspeak.localstack.cluster import local_cluster  # noqa: E402
from worldspeak.settings import get_settings  # noqa: E402


@pytest.fixture(scope="session")
def cluster():
    running = local_cluster()
    running.start()
    return running


@pytest.fixture(scope="session")
def test_db(cluster) -> str:
    """A freshly rebuilt test database (bootstrap, migrations, seed), once per run."""
    name = get_settings().db_name
    migrations.reset(cluster, name)
    return name


@pytest.fixture
def db(cluster, test_db):
    """A superuser connection for arranging data. Never use it to prove a rule: act as a role."""
    with psycopg.connect(cluster.url(dbname=test_db), autocommit=True, row_factory=dict_row) as conn:
        yield conn


def pytest_collection_modifyitems(items):
    """Browser tests last: sync Playwright keeps an event loop running in the test thread, and a
    test that calls asyncio.run() after it would fail."""
    items.sort(key=lambda item: "tests/e2e/" in item.nodeid.replace("\\", "/"))
