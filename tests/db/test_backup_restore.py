"""Backup and restore: a round trip with real activity is identical, verified, and still secured by RLS."""

from __future__ import annotations

import os
import tarfile
import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from psycopg import sql
from psycopg.rows import dict_row

from tests.support.actors import acting_as, claims_for
from worldspeak.adapters.local_operations import LocalDatabaseArchive
from worldspeak.domain.errors import DataError
from worldspeak.ops_cli import ops_command
from worldspeak.services import operations

RESTORED_DB = "worldspeak_test_admin_restored"
PASSWORD = "correct-horse-battery-staple"


def first_of_last_month(now: datetime) -> datetime:
    return (now.replace(day=1) - timedelta(days=1)).replace(day=10, hour=12, minute=0, second=0, microsecond=0)


@pytest.fixture
def activity(db, local_auth, tmp_path) -> dict:
    """Two learners who practised this month and last month, with their recordings on disk."""
    storage = tmp_path / "storage"
    now = datetime.now(UTC)
    people = {}
    for name in ("Hana", "Omar"):
        session = local_auth.sign_up(f"backup-{name.lower()}-{uuid.uuid4().hex[:8]}@example.com", PASSWORD, name)
        people[name] = session.user_id
    audio = {}
    for name, user_id in people.items():
        for when in (first_of_last_month(now), now - timedelta(minutes=5)):
            conversation = db.execute(
                "insert into public.conversations (user_id, language_pair, scenario, started_at, created_at)"
                " values (%s, '{\"target\": \"en\"}', 'cafe', %s, %s) returning id",
                (user_id, when, when),
            ).fetchone()["id"]
            path = f"{user_id}/{conversation}/turn-1.webm"
            content = os.urandom(4096) + name.encode()
            file = storage / "audio" / path
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(content)
            audio[f"audio/{path}"] = content
            db.execute(
                "insert into storage.objects (bucket_id, name, owner_id, metadata) values ('audio', %s, %s, '{}')",
                (path, str(user_id)),
            )
            for offset, (is_ai, kind, text) in enumerate(
                [(True, "ai_response", "What would you like?"), (False, "user_speech", "A latte, please.")]
            ):
                db.execute(
                    "insert into public.messages (conversation_id, user_id, content, language, is_ai, message_type,"
                    " audio_url, created_at) values (%s, %s, %s, 'en', %s, %s, %s, %s)",
                    (
                        conversation,
                        user_id,
                        text,
                        is_ai,
                        kind,
                        None if is_ai else path,
                        when + timedelta(seconds=offset),
                    ),
                )
    months = db.execute(
        "select count(distinct date_trunc('month', created_at)) as n from public.messages where user_id = any(%s)",
        (list(people.values()),),
    ).fetchone()["n"]
    assert months == 2
    return {"people": people, "storage": storage, "audio": audio}


@pytest.fixture
def restored_archive(cluster):
    archive = LocalDatabaseArchive(cluster, RESTORED_DB)
    yield archive
    with psycopg.connect(cluster.url(dbname="postgres"), autocommit=True) as conn:
        conn.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = %s", (RESTORED_DB,))
        conn.execute(sql.SQL("drop database if exists {}").format(sql.Identifier(RESTORED_DB)))


def connect(cluster, dbname: str) -> psycopg.Connection:
    return psycopg.connect(cluster.url(dbname=dbname), autocommit=True, row_factory=dict_row)


def catalog_security(conn) -> dict:
    """RLS switches, policies and table grants of every table the API exposes."""
    return {
        "rls": conn.execute(
            "select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            " where n.nspname in ('public', 'private', 'storage') and c.relkind in ('r', 'p') order by 1"
        ).fetchall(),
        "policies": conn.execute(
            "select schemaname, tablename, policyname, cmd, roles::text, qual, with_check from pg_policies order by 1, 2, 3"
        ).fetchall(),
        "grants": conn.execute(
            "select table_schema, table_name, grantee, privilege_type from information_schema.role_table_grants"
            " where grantee in ('anon', 'authenticated', 'service_role') order by 1, 2, 3, 4"
        ).fetchall(),
        "functions": conn.execute(
            "select p.oid::regprocedure::text as signature, has_function_privilege('authenticated', p.oid, 'execute') as auth,"
            " has_function_privilege('anon', p.oid, 'execute') as anon"
            " from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname in ('public', 'private')"
            " order by 1"
        ).fetchall(),
    }


def test_a_backup_restores_identically_and_rls_still_holds(cluster, test_db, db, activity, restored_archive, tmp_path):
    source = LocalDatabaseArchive(cluster, test_db)
    archive_path = tmp_path / "worldspeak.backup"

    report = operations.backup(source, activity["storage"], archive_path, source=test_db)

    assert report.files == 4 and report.rows > 0
    manifest = operations.read_manifest(archive_path)
    assert manifest["tables"]["auth.users"]["rows"] >= 2
    partitions_with_rows = [
        t for t, f in manifest["tables"].items() if t.startswith("private.messages_p") and f["rows"]
    ]
    assert len(partitions_with_rows) >= 2, "messages across two months"
    with tarfile.open(archive_path) as tar:
        names = set(tar.getnames())
    assert {"manifest.json", "database.dump"} <= names and f"storage/{next(iter(activity['audio']))}" in names

    restored_storage = tmp_path / "restored-storage"
    restored = operations.restore(restored_archive, restored_storage, archive_path)

    assert restored.mismatches == () and restored.tables == len(manifest["tables"])
    assert restored_archive.table_fingerprints() == manifest["tables"]
    for name, content in activity["audio"].items():
        assert (restored_storage / name).read_bytes() == content, name

    with connect(cluster, test_db) as original, connect(cluster, RESTORED_DB) as copy:
        assert catalog_security(copy) == catalog_security(original)
        assert_rls_holds(copy, activity["people"])


def assert_rls_holds(conn, people: dict[str, str]) -> None:
    """A representative part of the RLS matrix, run against the restored database."""
    hana, omar = uuid.UUID(people["Hana"]), uuid.UUID(people["Omar"])

    def as_user(user_id, statement, params=(), admin=False):
        with acting_as(conn, "authenticated", claims_for(user_id, admin=admin)) as c:
            return c.execute(statement, params).fetchall()

    own = as_user(hana, "select distinct user_id from public.messages")
    assert own == [{"user_id": hana}], "a learner reads only their own messages"
    assert as_user(hana, "select id from public.conversations where user_id = %s", (omar,)) == []
    assert as_user(hana, "select id from public.profiles where id = %s", (omar,)) == []
    assert as_user(hana, "select name from storage.objects where owner_id = %s", (str(omar),)) == []
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_user(hana, "select public.admin_dashboard()")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_user(hana, "select public.admin_dashboard()", admin=True)  # forged admin claim: not an admin account
    with acting_as(conn, "anon", {"role": "anon"}) as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute("select id from public.messages").fetchall()
    with acting_as(conn, "authenticated", claims_for(hana)) as c:
        updated = c.execute("update public.messages set metadata = '{\"x\": 1}' where user_id = %s", (omar,))
        assert updated.rowcount == 0


def test_restore_refuses_a_database_holding_data_unless_forced(cluster, test_db, restored_archive, tmp_path, db):
    archive_path = tmp_path / "small.backup"
    storage = tmp_path / "storage"
    (storage / "audio").mkdir(parents=True)
    (storage / "audio" / "a.webm").write_bytes(b"audio")
    operations.backup(LocalDatabaseArchive(cluster, test_db), storage, archive_path)
    target_storage = tmp_path / "target-storage"
    operations.restore(restored_archive, target_storage, archive_path)

    with pytest.raises(DataError) as refused:
        operations.restore(restored_archive, target_storage, archive_path)
    assert refused.value.code == "database_not_empty"

    with connect(cluster, RESTORED_DB) as copy:
        copy.execute("delete from public.plans where plan_type = 'enterprise'")  # a change the backup will undo
    (target_storage / "audio" / "stray.webm").write_bytes(b"not in the backup")
    forced = operations.restore(restored_archive, target_storage, archive_path, force=True)
    assert forced.mismatches == ()
    with connect(cluster, RESTORED_DB) as copy:
        assert (
            copy.execute("select count(*) as n from public.plans where plan_type = 'enterprise'").fetchone()["n"] == 1
        )
    assert sorted(p.name for p in (target_storage / "audio").iterdir()) == ["a.webm"]


def test_a_tampered_archive_is_refused_before_anything_changes(cluster, test_db, restored_archive, tmp_path):
    archive_path = tmp_path / "tampered.backup"
    storage = tmp_path / "storage"
    (storage / "audio").mkdir(parents=True)
    (storage / "audio" / "a.webm").write_bytes(b"original audio")
    operations.backup(LocalDatabaseArchive(cluster, test_db), storage, archive_path)
    (storage / "audio" / "a.webm").write_bytes(b"tampered audio")
    tampered = tmp_path / "rebuilt.backup"
    with tarfile.open(archive_path) as original, tarfile.open(tampered, "w") as rebuilt:
        for member in original.getmembers():
            if member.name == "storage/audio/a.webm":
                rebuilt.add(storage / "audio" / "a.webm", arcname=member.name)
            else:
                rebuilt.addfile(member, original.extractfile(member))

    with pytest.raises(DataError) as refused:
        operations.restore(restored_archive, tmp_path / "target", tampered)
    assert refused.value.code == "backup_invalid"
    assert restored_archive.is_empty(), "nothing was restored"

    not_a_backup = tmp_path / "random.bin"
    not_a_backup.write_bytes(os.urandom(100))
    with pytest.raises(DataError) as invalid:
        operations.read_manifest(not_a_backup)
    assert invalid.value.code == "backup_invalid"


def test_the_cli_backs_up_and_restores(cluster, test_db, restored_archive, tmp_path, monkeypatch, capsys):
    import argparse

    monkeypatch.setattr("worldspeak.ops_cli.storage_dir", lambda: tmp_path / "storage")
    path = tmp_path / "cli.backup"
    assert ops_command(argparse.Namespace(command="backup", path=path, dbname=test_db)) == 0
    assert "tables" in capsys.readouterr().out
    assert ops_command(argparse.Namespace(command="restore", path=path, dbname=RESTORED_DB, force=False)) == 0
    assert "verified" in capsys.readouterr().out
    with pytest.raises(DataError):
        ops_command(argparse.Namespace(command="restore", path=path, dbname=RESTORED_DB, force=False))
