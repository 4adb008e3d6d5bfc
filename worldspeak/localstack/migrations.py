"""Apply the local bootstrap, `supabase/migrations` and `supabase/seed.sql`.

Each migration file runs in one transaction and is recorded in
`supabase_migrations.schema_migrations`, as the Supabase CLI does, so
`migrate` applies only files it has not applied before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from worldspeak.localstack.cluster import ClusterError, LocalCluster
from worldspeak.settings import PROJECT_ROOT

SUPABASE_DIR = PROJECT_ROOT / "supabase"
BOOTSTRAP_FILE = SUPABASE_DIR / "local" / "bootstrap.sql"
MIGRATIONS_DIR = SUPABASE_DIR / "migrations"
SEED_FILE = SUPABASE_DIR / "seed.sql"
MIGRATION_NAME = re.compile(r"^(?P<version>\d+)_(?P<name>[a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: str
    name: str
    path: Path


def migration_files(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = MIGRATION_NAME.match(path.name)
        if not match:
            raise ClusterError(f"{path.name} is not named <digits>_<name>.sql, so it would never be applied")
        found.append(Migration(match["version"], match["name"], path))
    return found


def _run_script(conn: psycopg.Connection, path: Path) -> None:
    try:
        with conn.transaction():
            conn.execute(path.read_text(encoding="utf-8"))
    except psycopg.Error as error:
        position = f" ({error.diag.context.splitlines()[0]})" if error.diag.context else ""
        raise ClusterError(
            f"{path.relative_to(PROJECT_ROOT)} failed: {error.diag.message_primary}{position}"
        ) from error


def ensure_database(cluster: LocalCluster, dbname: str) -> bool:
    """Create the database if it is missing. Returns True when it was created."""
    with psycopg.connect(cluster.url(dbname="postgres"), autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", (dbname,)).fetchone()
        if exists:
            return False
        conn.execute(sql.SQL("create database {} template template0").format(sql.Identifier(dbname)))
        return True


def apply_bootstrap(cluster: LocalCluster, dbname: str) -> None:
    with psycopg.connect(cluster.url(dbname=dbname), autocommit=True) as conn:
        _run_script(conn, BOOTSTRAP_FILE)
        conn.execute(
            sql.SQL("alter role authenticator password {}").format(sql.Literal(cluster.authenticator_password()))
        )


def applied_versions(conn: psycopg.Connection) -> set[str]:
    rows = conn.execute("select version from supabase_migrations.schema_migrations").fetchall()
    return {row[0] for row in rows}


def apply_migrations(cluster: LocalCluster, dbname: str) -> list[str]:
    """Apply the migration files not yet recorded. Returns the names applied."""
    applied_now = []
    with psycopg.connect(cluster.url(dbname=dbname), autocommit=True) as conn:
        done = applied_versions(conn)
        for migration in migration_files():
            if migration.version in done:
                continue
            try:
                with conn.transaction():
                    conn.execute(migration.path.read_text(encoding="utf-8"))
                    conn.execute(
                        "insert into supabase_migrations.schema_migrations (version, name) values (%s, %s)",
                        (migration.version, migration.name),
                    )
            except psycopg.Error as error:
                raise ClusterError(
                    f"migration {migration.path.name} failed: {error.diag.message_primary}"
                    + (f" ({error.diag.context.splitlines()[0]})" if error.diag.context else "")
                ) from error
            applied_now.append(migration.path.name)
    return applied_now


def apply_seed(cluster: LocalCluster, dbname: str) -> None:
    if SEED_FILE.is_file():
        with psycopg.connect(cluster.url(dbname=dbname), autocommit=True) as conn:
            _run_script(conn, SEED_FILE)


def migrate(cluster: LocalCluster, dbname: str) -> list[str]:
    ensure_database(cluster, dbname)
    apply_bootstrap(cluster, dbname)
    return apply_migrations(cluster, dbname)


def reset(cluster: LocalCluster, dbname: str) -> list[str]:
    """Drop and rebuild the database from bootstrap, migrations and seed."""
    if dbname in ("template0", "template1"):
        raise ClusterError(f"refusing to reset {dbname}")
    # Work from another database, and copy template0: a session on template1 would block CREATE DATABASE.
    maintenance_db = "template1" if dbname == "postgres" else "postgres"
    with psycopg.connect(cluster.url(dbname=maintenance_db), autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(dbname)))
        conn.execute(sql.SQL("create database {} template template0").format(sql.Identifier(dbname)))
    applied = migrate(cluster, dbname)
    apply_seed(cluster, dbname)
    return applied
