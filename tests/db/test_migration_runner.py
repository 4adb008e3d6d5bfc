"""The migration runner: versions are recorded, only new files apply, reset is repeatable."""

import psycopg

from worldspeak.localstack import migrations


def test_every_migration_file_is_recorded(db):
    recorded = [
        r["version"]
        for r in db.execute("select version from supabase_migrations.schema_migrations order by version").fetchall()
    ]
    assert recorded == [m.version for m in migrations.migration_files()]


def test_migrate_applies_nothing_twice(cluster, test_db):
    assert migrations.migrate(cluster, test_db) == []


def test_reset_is_repeatable_and_applies_on_top_of_existing_auth_and_storage(cluster):
    name = "worldspeak_reset_check"
    for _ in range(2):
        applied = migrations.reset(cluster, name)
        assert len(applied) == len(migrations.migration_files())
    with psycopg.connect(cluster.url(dbname=name)) as conn:
        scripts = conn.execute("select count(*) from public.conversation_scripts").fetchone()[0]
        plans = conn.execute("select count(*) from public.plans").fetchone()[0]
    assert scripts >= 24 and plans == 4
    with psycopg.connect(cluster.url(dbname="postgres"), autocommit=True) as conn:
        conn.execute(f"drop database {name} with (force)")


def test_no_migration_creates_supabase_owned_objects():
    # A hosted project already has these: a migration creating them would fail `supabase db push`.
    forbidden = (
        "create schema auth",
        "create schema storage",
        "create table auth.",
        "create table storage.",
        "create role",
        "alter system",
        "vacuum",
        "concurrently",
    )
    for migration in migrations.migration_files():
        text = migration.path.read_text().lower()
        for phrase in forbidden:
            assert phrase not in text, f"{migration.path.name} contains {phrase!r}"
